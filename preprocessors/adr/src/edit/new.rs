//! `adr new "Title"`: the next free number (the folder's and every git
//! ref's), a file name and heading shaped like the folder's newest ADR, the
//! folder's own template when it has one (else one in its dominant family),
//! today's date in the folder's style, and an entry in SUMMARY.md.

use super::format::{DateStyle, Family, cased_like, front_matter, page, readable};
use super::relate::{add_relation, mark_superseded};
use super::{AdrRef, EditError, EditResult, Workspace, eol, line_at, offset_in};
use crate::discover::is_template_file;
use crate::scan::page::list_marker_len;
use crate::scan::relations::RelationKind;
use crate::scan::{Decision, Field, date_id, field_kind, field_line};
use handbook_core::Splice;
use handbook_core::meta::normalize_key;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// What `adr new` was asked for.
#[derive(Debug, Clone, Default)]
pub struct NewDecision {
    pub title: String,
    /// The status word (`proposed` unless asked otherwise).
    pub status: String,
    pub supersedes: Vec<AdrRef>,
    pub amends: Vec<AdrRef>,
    pub relates: Vec<AdrRef>,
    /// Numbers other branches already use (from [`super::refs`]).
    pub taken: BTreeSet<u32>,
    /// A family to write in, instead of the folder's.
    pub family: Option<Family>,
}

/// What `adr new` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub path: PathBuf,
    pub number: Option<u32>,
    pub heading: String,
    /// False when SUMMARY.md lists no ADR of the folder to add it after.
    pub in_summary: bool,
}

pub fn new_decision(ws: &mut Workspace, ask: &NewDecision) -> EditResult<Created> {
    let title = ask.title.trim();
    if title.is_empty() || title.contains(['\n', '\r']) {
        return Err(EditError::new("the title must be one non-empty line"));
    }
    let decisions = ws.decisions();
    let exemplar = newest(&decisions);
    let dated_ids = exemplar.is_some_and(|d| date_id(&d.slug).is_some() && d.file_number.is_none());
    let number = if dated_ids {
        None
    } else {
        let highest = decisions
            .iter()
            .filter_map(|d| d.number)
            .chain(ask.taken.iter().copied())
            .max();
        Some(highest.map_or(1, |h| h + 1))
    };
    let family = ask
        .family
        .or_else(|| Family::dominant(&decisions))
        .unwrap_or(Family::Nygard);
    // The heading, status case and date follow the newest ADR of the family
    // written in (a mixed folder's newest file may be of another family).
    let of_family: Vec<Decision> = decisions.iter().filter(|d| Family::of(d) == family).cloned().collect();
    let shape = newest(&of_family).or(exemplar);
    let heading = match (shape, number) {
        (Some(e), Some(n)) => heading_like(ws, e, n, title),
        _ => None,
    }
    .unwrap_or_else(|| match (family, number) {
        (Family::Nygard, Some(n)) => format!("{n}. {title}"),
        (Family::Tendermint, Some(n)) => format!("ADR {n:03}: {title}"),
        _ => title.to_owned(),
    });
    let status_example = shape.and_then(|e| e.status.as_ref()).map(|s| s.value.word.clone());
    let status = match status_example {
        Some(example) => cased_like(&example, &ask.status),
        None if family.lower_case_status() => ask.status.to_lowercase(),
        None => cased_like("Accepted", &ask.status),
    };
    let date_style = shape
        .and_then(|e| e.date.as_ref())
        .map_or(DateStyle::Iso, |w| DateStyle::of(&w.value.written));
    let date = date_style.write(ws.today);
    let name = file_name(exemplar, number, title, ws.today);
    let path = ws.folder.join(&name);
    // In the folder (MADR's `adr-template.md`) or its `templates/` (adr-tools').
    let templates = ws.folder.join("templates");
    let template = ws
        .paths()
        .filter(|p| {
            let dir = p.parent().unwrap_or(std::path::Path::new(""));
            dir == ws.folder || dir == templates
        })
        .find(|p| p.file_name().is_some_and(|n| is_template_file(&n.to_string_lossy())))
        .cloned();
    let mut text = match (&template, ask.family) {
        (Some(t), None) => fill_template(ws, ws.text(t).unwrap_or_default(), &heading, &status, &date),
        _ => builtin(family)
            .replace("{{heading}}", &heading)
            .replace("{{status}}", &status)
            .replace("{{date}}", &date),
    };
    let crlf = exemplar
        .and_then(|e| ws.text(&e.source_path))
        .is_some_and(|t| eol(t) == "\r\n");
    if crlf && eol(&text) == "\n" {
        text = text.replace('\n', "\r\n");
    }
    ws.create(path.clone(), text)?;
    for old in &ask.supersedes {
        let old = ws.locate(old)?;
        mark_superseded(ws, &old, &path)?;
        add_relation(ws, &path, RelationKind::Supersedes, &old)?;
    }
    for (numbers, kind) in [
        (&ask.amends, RelationKind::Amends),
        (&ask.relates, RelationKind::Relates),
    ] {
        for other in numbers {
            let other = ws.locate(other)?;
            add_relation(ws, &path, kind, &other)?;
            add_relation(ws, &other, kind.inverse(), &path)?;
        }
    }
    let in_summary = super::summary::add_entry(ws, &path, exemplar.map(|e| &e.source_path), &heading, number)?;
    Ok(Created {
        path,
        number,
        heading,
        in_summary,
    })
}

/// The folder's newest ADR: highest number, else latest date id.
fn newest(decisions: &[Decision]) -> Option<&Decision> {
    decisions
        .iter()
        .max_by_key(|d| (d.number, date_id(&d.slug), d.slug.clone()))
}

/// `# 7. Title` → `8. New title`: the exemplar's heading with number and title swapped.
fn heading_like(ws: &Workspace, e: &Decision, number: u32, title: &str) -> Option<String> {
    let t = e.title.as_ref()?;
    let text = ws.text(&e.source_path)?;
    let (line, _) = line_at(text, t.line)?;
    let h1 = text[line].trim_start_matches('#').trim();
    let prefix = h1.strip_suffix(t.value.as_str())?;
    if e.title_number.is_none() {
        return Some(format!("{prefix}{title}"));
    }
    Some(format!("{}{title}", renumbered(number_prefix(prefix), number)))
}

/// The heading's number and its separator, no more: the scan may leave a
/// title's own leading punctuation before it (`2. .NET 8 everywhere` reads
/// as title `NET 8 everywhere`), which belongs to that title, not the next.
fn number_prefix(prefix: &str) -> &str {
    let Some(start) = prefix.find(|c: char| c.is_ascii_digit()) else {
        return prefix;
    };
    let digits_end = prefix[start..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(prefix.len(), |i| start + i);
    let rest = prefix[digits_end..].trim_start();
    let after_mark = rest
        .strip_prefix(['.', ':', ')', '-', '\u{2013}', '\u{2014}'])
        .unwrap_or(rest);
    let spaces = after_mark.len() - after_mark.trim_start().len();
    &prefix[..prefix.len() - after_mark.len() + spaces]
}

/// The first run of digits in `text` replaced by `number`, zero-padded to the run's width.
pub(crate) fn renumbered(text: &str, number: u32) -> String {
    let Some(start) = text.find(|c: char| c.is_ascii_digit()) else {
        return text.to_owned();
    };
    let len = text[start..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len() - start);
    let padded = if text[start..].starts_with('0') {
        format!("{number:0len$}")
    } else {
        number.to_string()
    };
    format!("{}{}{}", &text[..start], padded, &text[start + len..])
}

/// `0007-kebab-title.md`, `ADR007-...`, `adr-007-...`, `20261129-...`, like the exemplar.
fn file_name(
    exemplar: Option<&Decision>,
    number: Option<u32>,
    title: &str,
    today: handbook_core::date::HandbookDate,
) -> String {
    let stem = exemplar.map(|e| e.slug.as_str());
    let separator = match stem {
        Some(s) if s.contains('_') && !s.contains('-') => '_',
        _ => '-',
    };
    let slug = kebab(title, separator);
    let Some(n) = number else {
        let d = today.date;
        // `2023-06-26-recording-decisions.md` or log4brains' `20230626-...`, as the folder names them.
        if stem.is_some_and(|s| s.as_bytes().get(4) == Some(&b'-')) {
            return format!("{:04}-{:02}-{:02}{separator}{slug}.md", d.year(), d.month(), d.day());
        }
        return format!("{:04}{:02}{:02}{separator}{slug}.md", d.year(), d.month(), d.day());
    };
    match stem.filter(|_| exemplar.is_some_and(|e| e.file_number.is_some())) {
        Some(s) => {
            let start = s.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
            let len = s[start..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(s.len() - start);
            let after = s[start + len..]
                .chars()
                .next()
                .filter(|c| matches!(c, '-' | '_'))
                .unwrap_or(separator);
            format!("{}{n:0len$}{after}{slug}.md", &s[..start])
        }
        None => format!("{n:04}{separator}{slug}.md"),
    }
}

/// `Use PostgreSQL for events` → `use-postgresql-for-events`.
fn kebab(title: &str, separator: char) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(separator) {
            out.push(separator);
        }
    }
    let out = out.trim_end_matches(separator);
    if out.is_empty() {
        "decision".to_owned()
    } else {
        out.to_owned()
    }
}

fn builtin(family: Family) -> &'static str {
    match family {
        Family::Nygard => include_str!("templates/nygard.md"),
        Family::Madr2 => include_str!("templates/madr2.md"),
        Family::Madr3 => include_str!("templates/madr3.md"),
        Family::Log4brains => include_str!("templates/log4brains.md"),
        Family::BoldHeader => include_str!("templates/bold.md"),
        Family::Tendermint => include_str!("templates/tendermint.md"),
    }
}

/// The folder's own template with its title, status and date filled in,
/// by splices: adr-tools' `NUMBER. TITLE` / `DATE` / `STATUS`, MADR's
/// `{short title}` / `status: {proposed | ...}` / `date: {YYYY-MM-DD ...}`.
fn fill_template(ws: &Workspace, template: &str, heading: &str, status: &str, date: &str) -> String {
    let mut splices = Vec::new();
    let fm = front_matter(template);
    let readable = readable(template);
    let outline = page(&readable, &ws.options);
    if let Some(h1) = &outline.h1
        && let Some((line, _)) = line_at(template, h1.line)
    {
        let l = &template[line.clone()];
        let hashes = l.len() - l.trim_start_matches('#').len();
        if hashes == 1 {
            splices.push(Splice::new(line.start + 1..line.end, format!(" {heading}")));
        }
    }
    let status_sections = outline.sections(&["status"]);
    let mut status_done = false;
    let mut start = 0;
    for (i, piece) in template.split_inclusive('\n').enumerate() {
        let line = start..start + piece.trim_end_matches(['\n', '\r']).len();
        start += piece.len();
        let l = &template[line.clone()];
        if let Some(fm) = &fm
            && fm.span.contains(&line.start)
        {
            let Some((key, value)) = l.split_once([':', '=']) else {
                continue;
            };
            let new = match field_kind(&normalize_key(key.trim())) {
                Some(Field::Status) => status,
                Some(Field::Date) => date,
                _ => continue,
            };
            let v = value.trim();
            if let Some(at) = offset_in(l, v) {
                let quoted = v.len() >= 2 && v.starts_with('"') && v.ends_with('"');
                let replacement = if quoted { format!("\"{new}\"") } else { new.to_owned() };
                splices.push(Splice::new(line.start + at..line.start + at + v.len(), replacement));
            }
            continue;
        }
        if outline.h1.as_ref().is_some_and(|h| h.line == i + 1) {
            continue;
        }
        if let Some((key, value, _, _)) = field_line(l) {
            let new = match field_kind(&key) {
                Some(Field::Status) => Some(status),
                Some(Field::Date) => Some(date),
                _ => None,
            };
            if let Some(new) = new
                && let Some(at) = offset_in(l, value)
                && !value.is_empty()
            {
                splices.push(Splice::new(line.start + at..line.start + at + value.len(), new));
                status_done |= field_kind(&key) == Some(Field::Status);
                continue;
            }
        }
        if !status_done
            && !l.trim().is_empty()
            && !l.starts_with('#')
            && status_sections.iter().any(|(_, r)| r.contains(&line.start))
        {
            let marker = list_marker_len(l).unwrap_or(0);
            splices.push(Splice::new(line.start + marker..line.end, status.to_owned()));
            status_done = true;
        }
    }
    handbook_core::apply_splices(template, &splices).unwrap_or_else(|_| template.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_heading_takes_the_number_and_separator_not_the_titles_punctuation() {
        assert_eq!(number_prefix("2. ."), "2. ");
        assert_eq!(number_prefix("ADR 007: "), "ADR 007: ");
        assert_eq!(number_prefix("ADR-0009 "), "ADR-0009 ");
        assert_eq!(number_prefix("ADR 007 - "), "ADR 007 - ");
        assert_eq!(renumbered(number_prefix("2. ."), 3), "3. ");
    }
}

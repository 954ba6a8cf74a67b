//! `adr supersede OLD NEW` and `adr link N --amends M | --relates M`: both
//! sides are written, each in its own file's form. A relation goes where the
//! file already states one of its kind, else where its format keeps
//! relations (front matter key, `## Links` bullet, a line of the `## Status`
//! section, a header line next to the status).

use super::format::{
    Family, StatusSpot, cased_like, front_matter, page, readable, status_is_relation, status_spot, status_word,
    yaml_plain,
};
use super::wording::{markdown_link, plain_reference, relation_phrase, spelled};
use super::{AdrRef, EditError, EditResult, Workspace, after_break, eol, line_at};
use crate::scan::page::list_marker_len;
use crate::scan::relations::{RelationKind, Target, relation_line};
use crate::scan::{Decision, field_line};
use handbook_core::Splice;
use handbook_core::meta::FrontMatterFormat;
use std::path::Path;

/// `adr supersede OLD NEW`: OLD's status becomes "Superseded by NEW", NEW gains "Supersedes OLD".
pub fn supersede(ws: &mut Workspace, old: &AdrRef, new: &AdrRef) -> EditResult<()> {
    let (old_path, new_path) = (ws.locate(old)?, ws.locate(new)?);
    if old_path == new_path {
        return Err(EditError::new("an ADR cannot supersede itself"));
    }
    mark_superseded(ws, &old_path, &new_path)?;
    add_relation(ws, &new_path, RelationKind::Supersedes, &old_path)
}

/// `adr link N --amends M` (or any kind): the relation on N, its inverse on M.
pub fn link(ws: &mut Workspace, n: &AdrRef, kind: RelationKind, m: &AdrRef) -> EditResult<()> {
    let (from, to) = (ws.locate(n)?, ws.locate(m)?);
    if from == to {
        return Err(EditError::new("an ADR cannot be linked to itself"));
    }
    if matches!(kind, RelationKind::Supersedes | RelationKind::SupersededBy) {
        let (old, new) = if kind == RelationKind::Supersedes {
            (&to, &from)
        } else {
            (&from, &to)
        };
        mark_superseded(ws, old, new)?;
        return add_relation(ws, new, RelationKind::Supersedes, old);
    }
    add_relation(ws, &from, kind, &to)?;
    add_relation(ws, &to, kind.inverse(), &from)
}

/// The old side of a supersession: the status itself says it, with the link.
pub(crate) fn mark_superseded(ws: &mut Workspace, old: &Path, new: &Path) -> EditResult<()> {
    let text = ws.text(old).unwrap_or_default().to_owned();
    let d = ws
        .scan(old)
        .ok_or_else(|| EditError::in_file(old, "not readable as an ADR"))?;
    if already_states(ws, old, &d, RelationKind::SupersededBy, new) {
        return Ok(());
    }
    let Some(spot) = status_spot(old, &text, &d, &ws.options)? else {
        if d.status.is_some() {
            return Err(EditError::in_file(
                old,
                "cannot tell which bytes hold its status; edit it by hand",
            ));
        }
        // No status yet: one goes where the format keeps it, then it says superseded.
        let word = if Family::of(&d).lower_case_status() {
            "accepted"
        } else {
            "Accepted"
        };
        super::place::add_status(ws, old, word)?;
        return mark_superseded(ws, old, new);
    };
    if status_is_relation(&text, &spot) {
        // `Superseded by [3](...)` already: one more target on the line.
        return add_relation(ws, old, RelationKind::SupersededBy, new);
    }
    let example = status_word(&d).unwrap_or("Accepted");
    // `**Superseded by:** —` under the status: the link fills that field and
    // the status word alone says superseded.
    if let Some(empty) = empty_relation_value(&text, RelationKind::SupersededBy, &ws.options) {
        let in_front = front_matter(&text).is_some_and(|f| f.span.contains(&empty.start));
        let target = ws.scan(new);
        let value = if in_front {
            format!("[{}]", plain_reference(new, target.as_ref()))
        } else {
            markdown_link(Family::of(&d), old, new, target.as_ref())
        };
        let word = super::status::word_splice(&text, spot.value(), example, "superseded", None);
        return ws.splice(old, &[word, Splice::new(empty, value)]);
    }
    let phrase = cased_like(example, spelled(ws, "superseded by"));
    let target = ws.scan(new);
    let value = match &spot {
        StatusSpot::FrontMatter { .. } => {
            let v = format!("{phrase} {}", plain_reference(new, target.as_ref()));
            if !yaml_plain(&v) {
                return Err(EditError::in_file(
                    old,
                    "cannot write the status as a plain front matter value",
                ));
            }
            v
        }
        _ => format!("{phrase} {}", markdown_link(Family::of(&d), old, new, target.as_ref())),
    };
    ws.splice(old, &[Splice::new(spot.value(), value)])
}

/// Adds `kind → target` to the file at `path`, in its own form. A relation
/// it states already is left alone.
pub fn add_relation(ws: &mut Workspace, path: &Path, kind: RelationKind, target: &Path) -> EditResult<()> {
    let text = ws.text(path).unwrap_or_default().to_owned();
    let d = ws
        .scan(path)
        .ok_or_else(|| EditError::in_file(path, "not readable as an ADR"))?;
    if already_states(ws, path, &d, kind, target) {
        return Ok(());
    }
    let target_decision = ws.scan(target);
    let link = markdown_link(Family::of(&d), path, target, target_decision.as_ref());
    let reference = plain_reference(target, target_decision.as_ref());
    let e = eol(&text);
    let fm = front_matter(&text);
    // `**Supersedes:** none`, `| Supersedes | — |`: the empty value is filled.
    if let Some(empty) = empty_relation_value(&text, kind, &ws.options) {
        let in_front = fm.as_ref().is_some_and(|f| f.span.contains(&empty.start));
        let value = if in_front {
            format!("[{reference}]")
        } else {
            link.clone()
        };
        return ws.splice(path, &[Splice::new(empty, value)]);
    }
    // A line stating this kind already: one more target at its end.
    if let Some(stated) = d.relations.iter().find(|r| r.kind == kind)
        && let Some((line, _)) = line_at(&text, stated.line)
    {
        let in_front = fm.as_ref().is_some_and(|f| f.span.contains(&line.start));
        let splice = if in_front {
            front_matter_append(&text, line.clone(), &reference, fm.as_ref().map(|f| f.format))
        } else {
            let l = &text[line.clone()];
            let end = l.trim_end().trim_end_matches('\\').trim_end().len();
            Some(Splice::insert(line.start + end, format!(", {link}")))
        };
        if let Some(splice) = splice {
            return ws.splice(path, &[splice]);
        }
        return Err(EditError::in_file(
            path,
            format!(
                "line {}: cannot add to how it lists `{}`; edit it by hand",
                stated.line,
                kind.label()
            ),
        ));
    }
    let spot = status_spot(path, &text, &d, &ws.options)?;
    let phrase = spelled(ws, relation_phrase(kind));
    // Front matter files keep relations as keys.
    if let Some(fm) = &fm
        && (matches!(spot, Some(StatusSpot::FrontMatter { .. })) || spot.is_none() && Family::of(&d) == Family::Madr3)
    {
        let key = kind.key();
        let line = match fm.format {
            FrontMatterFormat::Yaml => format!("{key}: [{reference}]{e}"),
            FrontMatterFormat::Toml => format!("{key} = [\"{reference}\"]{e}"),
        };
        let closing = text[..fm.span.end]
            .trim_end_matches(['\n', '\r'])
            .rfind('\n')
            .map_or(0, |i| i + 1);
        return ws.splice(path, &[Splice::insert(closing, line)]);
    }
    // A `## Links` section: one more bullet.
    let readable = readable(&text);
    let outline = page(&readable, &ws.options);
    if let Some((_, range)) = outline
        .sections(&[
            "links",
            "related",
            "related decisions",
            "related adrs",
            "related records",
        ])
        .first()
    {
        let lines = outline.lines_in(range.clone());
        let marker = lines
            .iter()
            .find_map(|l| list_marker_len(l.text).map(|n| l.text[..n].to_owned()))
            .unwrap_or_else(|| "- ".to_owned());
        let at = lines
            .iter()
            .rev()
            .find(|l| !l.text.trim().is_empty())
            .map_or(range.start, |l| l.span.1);
        let mut insert = String::new();
        if !text[..at].ends_with('\n') {
            insert.push_str(e);
        }
        if lines.iter().all(|l| l.text.trim().is_empty()) && !text[..at].ends_with(&format!("{e}{e}")) {
            insert.push_str(e);
        }
        insert.push_str(&format!("{marker}{phrase} {link}{e}"));
        return ws.splice(path, &[Splice::insert(at, insert)]);
    }
    match spot {
        Some(StatusSpot::Section { line, .. }) => {
            // adr-tools: a paragraph of its own under the status.
            let end = after_break(&text, line.end);
            let mut insert = String::new();
            if !text[..end].ends_with('\n') {
                insert.push_str(e);
            }
            insert.push_str(&format!("{e}{phrase} {link}{e}"));
            ws.splice(path, &[Splice::insert(end, insert)])
        }
        Some(StatusSpot::Field { line, value }) => {
            let l = &text[line.clone()];
            let marker = list_marker_len(l);
            let bold = l[marker.unwrap_or(0)..].trim_start().starts_with("**");
            if marker.is_some() && !bold {
                // MADR 2 and log4brains keep relations in `## Links` at the end.
                let m = &l[..marker.unwrap_or(0)];
                let mut insert = String::new();
                if !text.ends_with('\n') {
                    insert.push_str(e);
                }
                if !text.ends_with(&format!("{e}{e}")) {
                    insert.push_str(e);
                }
                insert.push_str(&format!("## Links{e}{e}{m}{phrase} {link}{e}"));
                return ws.splice(path, &[Splice::insert(text.len(), insert)]);
            }
            // A header line like the status one, right under it.
            let label_start = l.find(|c: char| c.is_alphabetic()).unwrap_or(0);
            let label_end = l[label_start..]
                .find(|c: char| !(c.is_alphanumeric() || c == ' ' || c == '-'))
                .map_or(l.len(), |i| label_start + i);
            let value_start = value.start - line.start;
            let value_end = value.end - line.start;
            if value_start < label_end {
                return Err(EditError::in_file(
                    path,
                    "cannot tell the status line's label from its value",
                ));
            }
            let label = kind.label();
            let new_line = format!(
                "{}{}{}{}{}",
                &l[..label_start],
                label,
                &l[label_end..value_start],
                link,
                &l[value_end..]
            );
            let end = after_break(&text, line.end);
            let mut insert = String::new();
            if !text[..end].ends_with('\n') {
                insert.push_str(e);
            }
            insert.push_str(&new_line);
            insert.push_str(e);
            ws.splice(path, &[Splice::insert(end, insert)])
        }
        Some(StatusSpot::Cell {
            line, key_value: true, ..
        }) => {
            // `| Status | Accepted |`: a row of its own under the status row.
            let l = &text[line.clone()];
            let indent = &l[..l.len() - l.trim_start().len()];
            let end = after_break(&text, line.end);
            let lead = if text[..end].ends_with('\n') { "" } else { e };
            let row = format!("{lead}{indent}| {} | {link} |{e}", kind.label());
            ws.splice(path, &[Splice::insert(end, row)])
        }
        // Anything else (no status, a row of values under a header): a
        // `## Links` section at the end, which every format's reader reads.
        _ => {
            let mut insert = String::new();
            if !text.is_empty() && !text.ends_with('\n') {
                insert.push_str(e);
            }
            if !text.is_empty() && !text.ends_with(&format!("{e}{e}")) {
                insert.push_str(e);
            }
            insert.push_str(&format!("## Links{e}{e}- {phrase} {link}{e}"));
            ws.splice(path, &[Splice::insert(text.len(), insert)])
        }
    }
}

/// Whether `d` (the file at `path`) already states `kind` towards `target`.
fn already_states(ws: &Workspace, path: &Path, d: &Decision, kind: RelationKind, target: &Path) -> bool {
    let target_number = ws.scan(target).and_then(|t| t.number);
    d.relations.iter().filter(|r| r.kind == kind).any(|r| match &r.target {
        Target::Link { url, .. } => {
            let folder = path.parent().unwrap_or(Path::new(""));
            crate::log::relation_file(folder, url).as_deref() == Some(target)
        }
        Target::Number { number, .. } => Some(*number) == target_number,
        Target::Slug(s) => target
            .file_stem()
            .is_some_and(|t| t.to_string_lossy().eq_ignore_ascii_case(s)),
        _ => false,
    })
}

/// One more item for a front matter line: `[a]` → `[a, b]`, `a` → `[a, b]`.
fn front_matter_append(
    text: &str,
    line: std::ops::Range<usize>,
    reference: &str,
    format: Option<FrontMatterFormat>,
) -> Option<Splice> {
    let l = &text[line.clone()];
    let sep = if format == Some(FrontMatterFormat::Toml) {
        '='
    } else {
        ':'
    };
    let at = l.find(sep)? + 1;
    let value = l[at..].trim();
    // `ADR-0020` written like the items already there (`[ADR-003, ADR-005]`).
    let reference = &match (reference.strip_prefix("ADR-"), value.find("ADR-")) {
        (Some(digits), Some(at)) => {
            let width = value[at + 4..].chars().take_while(char::is_ascii_digit).count();
            match digits.parse::<u32>() {
                Ok(n) if width > 0 => format!("ADR-{n:0width$}"),
                _ => reference.to_owned(),
            }
        }
        _ => reference.to_owned(),
    };
    let item = if format == Some(FrontMatterFormat::Toml) {
        format!("\"{reference}\"")
    } else {
        reference.to_owned()
    };
    if value.starts_with('[') && value.ends_with(']') {
        let close = line.start + l.rfind(']')?;
        let empty = value[1..value.len() - 1].trim().is_empty();
        return Some(Splice::insert(close, if empty { item } else { format!(", {item}") }));
    }
    if format != Some(FrontMatterFormat::Toml)
        && !value.is_empty()
        && !value.contains([',', '[', ']', '{', '}', '#', '"', '\''])
        && relation_line(value).is_none()
    {
        let start = line.start + at + (l[at..].len() - l[at..].trim_start().len());
        return Some(Splice::new(start..start + value.len(), format!("[{value}, {item}]")));
    }
    None
}

/// Values that say "no relation", as the scan reads them (`none`, `—`, `TBD`, nothing).
fn says_none(value: &str) -> bool {
    crate::scan::relations::says_no_relation(&crate::scan::plain(value))
}

/// The span of an empty value of a `kind` field (a header line, a table row
/// or a front matter key), outside code.
fn empty_relation_value(
    text: &str,
    kind: RelationKind,
    options: &handbook_core::markdown::MarkdownOptions,
) -> Option<std::ops::Range<usize>> {
    use crate::scan::relations::kind_of_key;
    use handbook_core::meta::normalize_key;
    let fm = front_matter(text);
    // A front matter key saying "nothing": its value's span.
    if let Some(fm) = &fm
        && let Some(k) = fm
            .key_lines()
            .find(|k| kind_of_key(&k.key) == Some(kind) && !k.value.is_empty() && says_none(&text[k.value.clone()]))
    {
        return Some(k.value);
    }
    let fm_end = fm.as_ref().map_or(0, |f| f.span.end);
    let readable = readable(text);
    let outline = page(&readable, options);
    let lines = outline
        .lines_in(fm_end..text.len())
        .into_iter()
        .map(|l| (l.span.0..l.span.0 + l.text.len(), l.text));
    for (range, l) in lines {
        if l.trim_start().starts_with('|') {
            let cells = super::format::cell_spans(l);
            if let [key, value] = cells.as_slice()
                && kind_of_key(&normalize_key(&crate::scan::plain(&l[key.clone()]))) == Some(kind)
                && says_none(&l[value.clone()])
                && !l[value.clone()].is_empty()
            {
                return Some(range.start + value.start..range.start + value.end);
            }
            continue;
        }
        let Some((key, value, _, _)) = field_line(l) else {
            continue;
        };
        if kind_of_key(&key) != Some(kind) || !says_none(value) || value.is_empty() {
            continue;
        }
        let at = super::offset_in(l, value)?;
        return Some(range.start + at..range.start + at + value.len());
    }
    None
}

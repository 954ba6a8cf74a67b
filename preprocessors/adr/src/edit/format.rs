//! What an edit needs to know of a file's format: where its status is
//! written (exact byte spans), how it spells words and dates, and which of the
//! six families it belongs to, all read from the same scan as the preprocessor.

use super::{EditError, EditResult, line_at, offset_in};
use crate::scan::page::{Page, list_marker_len};
use crate::scan::relations::relation_line;
use crate::scan::{Decision, Field, Format, field_kind, field_line};
use handbook_core::date::HandbookDate;
use handbook_core::markdown::MarkdownOptions;
use handbook_core::meta::{FrontMatter, FrontMatterFormat};
use std::ops::Range;
use std::path::Path;

/// The six ADR families `adr new` writes, and edits follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// adr-tools / Nygard: `# 1. Title`, `Date:`, `## Status`.
    Nygard,
    /// MADR 2: `* Status:` lines under the title, `## Links`.
    Madr2,
    /// MADR 3 and 4: YAML front matter.
    Madr3,
    /// log4brains: `- Status:` lines, `## Links`, `YYYYMMDD-slug.md` names.
    Log4brains,
    /// `**Status**: Accepted` lines.
    BoldHeader,
    /// Tendermint / CometBFT: `# ADR 071: Title`, `## Changelog`, `## Status`.
    Tendermint,
}

impl Family {
    pub const ALL: [Family; 6] = [
        Family::Nygard,
        Family::Madr2,
        Family::Madr3,
        Family::Log4brains,
        Family::BoldHeader,
        Family::Tendermint,
    ];

    /// The family a scanned file was mostly written in.
    pub fn of(d: &Decision) -> Family {
        let has = |f: Format| d.formats.contains(&f);
        if has(Format::Tendermint) {
            Family::Tendermint
        } else if has(Format::FrontMatter) {
            Family::Madr3
        } else if has(Format::Madr2) {
            Family::Madr2
        } else if has(Format::Log4brains) {
            Family::Log4brains
        } else if has(Format::BoldHeader) {
            Family::BoldHeader
        } else {
            Family::Nygard
        }
    }

    /// The folder's dominant family (most files; ties to the newest file's).
    pub fn dominant(decisions: &[Decision]) -> Option<Family> {
        let mut counts: Vec<(Family, usize, Option<u32>)> = Vec::new();
        for d in decisions {
            let f = Family::of(d);
            match counts.iter_mut().find(|(g, _, _)| *g == f) {
                Some((_, n, newest)) => {
                    *n += 1;
                    *newest = (*newest).max(d.number);
                }
                None => counts.push((f, 1, d.number)),
            }
        }
        counts
            .into_iter()
            .max_by_key(|(_, n, newest)| (*n, *newest))
            .map(|(f, _, _)| f)
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::Nygard => "nygard",
            Family::Madr2 => "madr2",
            Family::Madr3 => "madr3",
            Family::Log4brains => "log4brains",
            Family::BoldHeader => "bold",
            Family::Tendermint => "tendermint",
        }
    }

    pub fn from_name(name: &str) -> Option<Family> {
        Family::ALL
            .into_iter()
            .find(|f| f.name() == name || (name == "madr4" && *f == Family::Madr3))
    }

    /// Whether the family writes status words in lower case (`status: accepted`).
    pub fn lower_case_status(self) -> bool {
        matches!(self, Family::Madr2 | Family::Madr3 | Family::Log4brains)
    }
}

/// Where a file writes its status, as byte spans of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusSpot {
    /// A front matter key; `value` is the scalar's text, inside any quotes.
    FrontMatter { value: Range<usize> },
    /// A `Status: x` line (`* Status:`, `- Status:`, `**Status**:`); `line` is the whole line.
    Field { line: Range<usize>, value: Range<usize> },
    /// The status line of a `## Status` section.
    Section { line: Range<usize>, value: Range<usize> },
    /// A cell of the metadata table that opens the page; `key_value` for a
    /// `| Status | Accepted |` row (rather than a row of values under a header).
    Cell {
        line: Range<usize>,
        value: Range<usize>,
        key_value: bool,
    },
}

impl StatusSpot {
    pub fn value(&self) -> Range<usize> {
        match self {
            StatusSpot::FrontMatter { value }
            | StatusSpot::Field { value, .. }
            | StatusSpot::Section { value, .. }
            | StatusSpot::Cell { value, .. } => value.clone(),
        }
    }
}

/// The front matter of a file as the core reads it.
pub fn front_matter(text: &str) -> Option<FrontMatter> {
    match handbook_core::meta::front_matter::scan(text) {
        handbook_core::meta::FrontMatterScan::Found(fm) => Some(fm),
        _ => None,
    }
}

/// A file's text as the scan reads it: its front matter blanked in place
/// (offsets and lines stay the file's). The [`page`] of an edit reads this.
pub fn readable(text: &str) -> std::borrow::Cow<'_, str> {
    match front_matter(text) {
        Some(fm) => std::borrow::Cow::Owned(handbook_core::meta::front_matter::blanked(text, &fm)),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// The page outline the scan uses, of a file's [`readable`] text.
pub fn page<'a>(readable: &'a str, options: &MarkdownOptions) -> Page<'a> {
    Page::read(readable, 1, options)
}

/// The exact span of the status `d` was read with, or a refusal when it is
/// not certain which bytes hold it. `None`: the file states no status.
pub fn status_spot(path: &Path, text: &str, d: &Decision, options: &MarkdownOptions) -> EditResult<Option<StatusSpot>> {
    let refuse = |why: String| Err(EditError::in_file(path, why));
    if let Some(front) = &d.status_conflict {
        return refuse(format!(
            "its front matter says `{}` and its page `{}`; make them agree before editing the status",
            front.value.written,
            d.status.as_ref().map_or("", |s| s.value.written.as_str())
        ));
    }
    let readable = readable(text);
    let page = page(&readable, options);
    let sections = page.sections(&["status", "decision status"]);
    if sections.len() > 1 {
        return refuse(format!(
            "it has {} status sections (lines {}); keep one before editing the status",
            sections.len(),
            sections
                .iter()
                .map(|(h, _)| h.line.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let Some(status) = &d.status else { return Ok(None) };
    let Some((line, _)) = line_at(text, status.line) else {
        return refuse(format!("line {} is past the end of the file", status.line));
    };
    let line_text = &text[line.clone()];
    if let Some(fm) = front_matter(text)
        && fm.span.contains(&line.start)
    {
        // The scan places a key by its first line starting with the key's
        // name; the edit wants the line whose key *is* a status key.
        let keys: Vec<std::ops::Range<usize>> = status_key_lines(&fm);
        let line = match keys.as_slice() {
            [one] => one.clone(),
            [] => return refuse(format!("line {}: cannot find the front matter status key", status.line)),
            _ => return refuse("its front matter has two status keys; keep one before editing the status".into()),
        };
        return front_matter_value(text, line, fm.format)
            .map(|value| {
                // `"accepted; supersedes ADR-0045"`: the status is the first segment.
                let first = text[value.clone()].split(';').next().unwrap_or("").trim_end().len();
                Some(StatusSpot::FrontMatter {
                    value: value.start..value.start + first,
                })
            })
            .map_err(|why| EditError::in_file(path, format!("line {}: {why}", status.line)));
    }
    if line_text.trim_start().starts_with('|') {
        let cells = cell_spans(line_text);
        let written = status.value.written.trim();
        let matching: Vec<&Range<usize>> = cells
            .iter()
            .filter(|c| crate::scan::plain(&line_text[(*c).clone()]).trim() == written)
            .collect();
        let [cell] = matching.as_slice() else {
            return refuse(format!(
                "line {}: cannot tell which table cell holds the status; edit it by hand",
                status.line
            ));
        };
        let key_value = cells.len() == 2
            && cells.first().is_some_and(|k| {
                field_kind(&handbook_core::meta::normalize_key(&crate::scan::plain(
                    &line_text[k.clone()],
                ))) == Some(Field::Status)
            });
        return Ok(Some(StatusSpot::Cell {
            line: line.clone(),
            value: line.start + cell.start..line.start + cell.end,
            key_value,
        }));
    }
    let next_continues = line_at(text, status.line + 1).is_some_and(|(next, _)| {
        let t = &text[next];
        !t.trim().is_empty() && list_marker_len(t).is_none() && field_line(t).is_none() && !t.starts_with('#')
    });
    if let Some((key, value, _, _)) = field_line(line_text)
        && field_kind(&key) == Some(Field::Status)
    {
        if next_continues {
            return refuse(format!("line {}: the status goes on over the next line", status.line));
        }
        let Some(at) = offset_in(line_text, value) else {
            return refuse(format!("line {}: cannot place the status", status.line));
        };
        // `accepted; supersedes ADR-45`: the status is the first segment.
        let first = value.split(';').next().unwrap_or(value).trim_end();
        let start = line.start + at;
        return Ok(Some(StatusSpot::Field {
            line,
            value: start..start + first.len(),
        }));
    }
    if !sections.iter().any(|(_, r)| r.contains(&line.start)) {
        return refuse(format!("line {}: cannot tell how the status is written", status.line));
    }
    if next_continues {
        return refuse(format!("line {}: the status goes on over the next line", status.line));
    }
    let marker = list_marker_len(line_text).unwrap_or(0);
    let value = line_text[marker..].trim();
    let value = value.trim_end_matches('\\').trim_end();
    let Some(at) = offset_in(line_text, value) else {
        return refuse(format!("line {}: cannot place the status", status.line));
    };
    Ok(Some(StatusSpot::Section {
        line: line.clone(),
        value: line.start + at..line.start + at + value.len(),
    }))
}

/// The value of a `key: value` (YAML) or `key = "value"` (TOML) line, inside quotes.
fn front_matter_value(text: &str, line: Range<usize>, format: FrontMatterFormat) -> Result<Range<usize>, String> {
    let l = &text[line.clone()];
    let sep = match format {
        FrontMatterFormat::Yaml => ':',
        FrontMatterFormat::Toml => '=',
    };
    let Some(i) = l.find(sep) else {
        return Err("cannot find the front matter value".into());
    };
    let raw = &l[i + 1..];
    // A YAML comment after the value stays where it is.
    let raw = match raw.find(" #") {
        Some(c) if !raw.trim_start().starts_with(['"', '\'']) => &raw[..c],
        _ => raw,
    };
    let value = raw.trim();
    if value.is_empty() || value.starts_with(['[', '{', '|', '>', '&', '*', '!']) {
        return Err("the front matter status is not a plain value; edit it by hand".into());
    }
    let Some(at) = offset_in(l, value) else {
        return Err("cannot place the front matter value".into());
    };
    let quoted = value.len() >= 2
        && (value.starts_with('"') && value.ends_with('"') || value.starts_with('\'') && value.ends_with('\''));
    let (start, len) = if quoted {
        (at + 1, value.len() - 2)
    } else {
        (at, value.len())
    };
    Ok(line.start + start..line.start + start + len)
}

/// Whether a YAML plain scalar can hold `value` as written.
pub fn yaml_plain(value: &str) -> bool {
    !value.contains(": ")
        && !value.contains(" #")
        && !value.starts_with([
            '[', '{', '"', '\'', '&', '*', '!', '|', '>', '%', '@', '`', '-', '?', '#',
        ])
}

/// `value` in the case of `example`: lower, UPPER or Title.
pub fn cased_like(example: &str, value: &str) -> String {
    let letters: Vec<char> = example.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return title_case(value);
    }
    if letters.iter().all(|c| c.is_lowercase()) {
        value.to_lowercase()
    } else if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        value.to_uppercase()
    } else {
        title_case(value)
    }
}

fn title_case(value: &str) -> String {
    let lower = value.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How a folder writes dates, so a new date looks like its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// `2024-01-15`
    #[default]
    Iso,
    /// `2024/01/15`
    YearSlash,
    /// `15.01.2024`
    DayDots,
    /// `January 15, 2024`
    MonthDayYear,
    /// `15 January 2024`
    DayMonthYear,
}

impl DateStyle {
    /// The style of a date as written; ISO when it is none of the others.
    pub fn of(written: &str) -> DateStyle {
        let w = written.trim();
        let digits_at = |i: usize| w.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
        if w.len() >= 10 && w.as_bytes().get(4) == Some(&b'/') && digits_at(0) {
            DateStyle::YearSlash
        } else if w.len() >= 10 && w.as_bytes().get(2) == Some(&b'.') && w.as_bytes().get(5) == Some(&b'.') {
            DateStyle::DayDots
        } else if w.chars().next().is_some_and(char::is_alphabetic) && w.contains(',') {
            DateStyle::MonthDayYear
        } else if digits_at(0) && w.chars().any(char::is_alphabetic) {
            DateStyle::DayMonthYear
        } else {
            DateStyle::Iso
        }
    }

    pub fn write(self, date: HandbookDate) -> String {
        let d = date.date;
        let month = handbook_core::date::month_name(d);
        match self {
            DateStyle::Iso => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            DateStyle::YearSlash => format!("{:04}/{:02}/{:02}", d.year(), d.month(), d.day()),
            DateStyle::DayDots => format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year()),
            DateStyle::MonthDayYear => format!("{month} {}, {:04}", d.day(), d.year()),
            DateStyle::DayMonthYear => format!("{} {month} {:04}", d.day(), d.year()),
        }
    }
}

/// The status text of a file, for a relation phrase cased like it.
pub fn status_word(d: &Decision) -> Option<&str> {
    d.status.as_ref().map(|s| s.value.word.as_str())
}

/// True when the status is a relation phrase (`Superseded by [x](y)`).
pub fn status_is_relation(text: &str, spot: &StatusSpot) -> bool {
    text.get(spot.value()).and_then(relation_line).is_some()
}

/// The cells of a table row as spans of `row`, trimmed; `\|` and `|` inside
/// code spans stay in their cell (as the scan splits rows).
pub fn cell_spans(row: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let start = row.len() - row.trim_start().len();
    let body = row.trim_end();
    let mut cell_start = if body[start..].starts_with('|') {
        start + 1
    } else {
        start
    };
    let mut in_code = false;
    let mut escaped = false;
    let first = cell_start;
    for (i, c) in body.char_indices().skip_while(|(i, _)| *i < first) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => in_code = !in_code,
            '|' if !in_code => {
                out.push(trimmed(body, cell_start..i));
                cell_start = i + 1;
            }
            _ => {}
        }
    }
    if cell_start < body.len() && !body[cell_start..].trim().is_empty() {
        out.push(trimmed(body, cell_start..body.len()));
    }
    out
}

fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let cell = &text[r.clone()];
    let lead = cell.len() - cell.trim_start().len();
    r.start + lead..r.start + lead + cell.trim().len()
}

/// The lines of front matter whose key is a status key (`status:`, `State =`).
fn status_key_lines(fm: &FrontMatter) -> Vec<Range<usize>> {
    // Top-level keys only: an indented line belongs to a nested table.
    fm.key_lines()
        .filter(|k| k.top_level && field_kind(&k.key) == Some(Field::Status))
        .map(|k| k.line)
        .collect()
}

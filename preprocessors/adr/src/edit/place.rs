//! A status for an ADR that states none, written where its format keeps one:
//! MADR 3/4's front matter `status:` key, the `Status:` line beside the
//! page's other metadata lines (MADR 2 `* Status:`, log4brains `- Status:`,
//! `**Status:**`, a blockquote's `> Status:`), else a `## Status` section
//! before the first section (adr-tools, Tendermint). Then `adr status` and
//! `adr new --supersedes` edit it like any other status.

use super::format::{Family, front_matter, page, readable};
use super::{EditError, EditResult, Workspace, eol};
use crate::scan::{Field, field_kind, field_line};
use handbook_core::Splice;
use handbook_core::meta::FrontMatterFormat;
use std::path::Path;

/// Adds `word` as the status of the ADR at `path`, which states none.
pub fn add_status(ws: &mut Workspace, path: &Path, word: &str) -> EditResult<()> {
    let text = ws.text(path).unwrap_or_default().to_owned();
    let d = ws
        .scan(path)
        .ok_or_else(|| EditError::in_file(path, "not readable as an ADR"))?;
    let e = eol(&text);
    let splice = match (Family::of(&d), front_matter(&text)) {
        (Family::Madr3, Some(fm)) => {
            let (close, line) = match fm.format {
                FrontMatterFormat::Toml => ("+++", format!("status = \"{word}\"{e}")),
                _ => ("---", format!("status: {word}{e}")),
            };
            // Before the closing delimiter, the block's last line.
            let block = &text[fm.span.clone()];
            let at = block
                .trim_end_matches(['\n', '\r'])
                .rfind(close)
                .filter(|&i| i > 0)
                .ok_or_else(|| EditError::in_file(path, "cannot find where its front matter ends"))?;
            Splice::insert(fm.span.start + at, line)
        }
        (Family::Madr2 | Family::Log4brains | Family::BoldHeader, _) => match metadata_line(&text, &d.hidden) {
            Some((start, line)) => Splice::insert(start, format!("{}{e}", status_like(&line, word))),
            None => section(&text, ws, path, word)?,
        },
        _ => section(&text, ws, path, word)?,
    };
    ws.splice(path, &[splice])
}

/// The first metadata line the scan read (a `Date:`, `Deciders:` line), as
/// the model for a `Status:` line: its offset and text.
fn metadata_line(text: &str, hidden: &[std::ops::Range<usize>]) -> Option<(usize, String)> {
    let mut spans: Vec<&std::ops::Range<usize>> = hidden.iter().collect();
    spans.sort_by_key(|r| r.start);
    spans.into_iter().find_map(|r| {
        let line = text.get(r.start..)?.lines().next()?;
        let (key, _, _, _) = field_line(line)?;
        (field_kind(&key) != Some(Field::Status) && !line.trim_start().starts_with('|'))
            .then(|| (r.start, line.to_owned()))
    })
}

/// `* Date: 2024-01-05` → `* Status: accepted`; `- **Date:** x` → `- **Status:** accepted`.
fn status_like(line: &str, word: &str) -> String {
    // The value is a slice of `line`: what stands before it is the key and its marks.
    let head = field_line(line).map_or("", |(_, value, _, _)| {
        let at = (value.as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
        line.get(..at).unwrap_or("")
    });
    let Some(key_start) = head.find(char::is_alphabetic) else {
        return format!("Status: {word}");
    };
    let key_end = head[key_start..]
        .find([':', '：', '*', '_'])
        .map_or(head.len(), |i| key_start + i);
    format!("{}Status{}{word}", &head[..key_start], &head[key_end..])
}

/// A `## Status` section before the page's first section (below the H1 and
/// its preamble), as adr-tools and Tendermint write it.
fn section(text: &str, ws: &Workspace, path: &Path, word: &str) -> EditResult<Splice> {
    let e = eol(text);
    let readable = readable(text);
    let page = page(&readable, &ws.options);
    let h1_end = page.h1.as_ref().map(|h| h.range.end);
    let first = page
        .headings
        .iter()
        .find(|h| h.level >= 2 && h1_end.is_none_or(|end| h.range.start >= end));
    let level = first.map_or(2, |h| h.level);
    let hashes = "#".repeat(usize::from(level));
    match first {
        Some(h) => Ok(Splice::insert(
            h.range.start,
            format!("{hashes} Status{e}{e}{word}{e}{e}"),
        )),
        None => {
            let at = h1_end.ok_or_else(|| EditError::in_file(path, "has no title or section to put a status by"))?;
            Ok(Splice::insert(at, format!("{e}{hashes} Status{e}{e}{word}{e}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::status_like;

    #[test]
    fn a_status_line_in_the_form_of_its_neighbour() {
        assert_eq!(status_like("* Date: 2024-01-05", "accepted"), "* Status: accepted");
        assert_eq!(
            status_like("- **Date:** 2024-01-05", "Accepted"),
            "- **Status:** Accepted"
        );
        assert_eq!(status_like("**Deciders**: Ana", "Accepted"), "**Status**: Accepted");
        assert_eq!(
            status_like("> Start Date: 2024-01-05", "Accepted"),
            "> Status: Accepted"
        );
        assert_eq!(status_like("Date: 2024-01-05", "Accepted"), "Status: Accepted");
    }
}

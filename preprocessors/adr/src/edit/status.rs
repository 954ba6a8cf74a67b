//! `adr status N WORD`: the status word changes where the file writes it,
//! and the date where the format dates status changes (MADR's and
//! log4brains' "last updated" `Date`, a date on the status line itself,
//! Tendermint's change log). Nothing else in the file moves.

use super::format::{
    DateStyle, Family, StatusSpot, cased_like, front_matter, page, readable, status_is_relation, status_spot,
};
use super::{AdrRef, EditError, EditResult, Workspace, eol, line_at};
use crate::scan::page::list_marker_len;
use crate::scan::{Decision, Field, Located, WrittenDate, field_kind, field_line};
use handbook_core::Splice;
use handbook_core::date::HandbookDate;
use handbook_core::markdown::MarkdownOptions;
use std::ops::Range;
use std::path::Path;

/// Sets ADR `n`'s status to `word` (and its status date where the format has one).
pub fn set_status(ws: &mut Workspace, n: &AdrRef, word: &str) -> EditResult<()> {
    let word = word.trim();
    if word.is_empty() || word.contains(['\n', '\r', '|', '[', ']']) {
        return Err(EditError::new(format!("`{word}` is not a status word")));
    }
    let path = ws.locate(n)?;
    let text = ws.text(&path).unwrap_or_default().to_owned();
    let d = ws
        .scan(&path)
        .ok_or_else(|| EditError::in_file(&path, "not readable as an ADR"))?;
    let Some(spot) = status_spot(&path, &text, &d, &ws.options)? else {
        // No status yet: one goes where the format keeps it.
        if d.status.is_some() {
            return Err(EditError::in_file(
                &path,
                "cannot tell which bytes hold its status; edit it by hand",
            ));
        }
        let cased = super::format::cased_like(if Family::of(&d).lower_case_status() { "x" } else { "X" }, word);
        return super::place::add_status(ws, &path, &cased);
    };
    if status_is_relation(&text, &spot) {
        return Err(EditError::in_file(
            &path,
            format!(
                "its status `{}` carries a link; change it by hand so the link is not lost",
                &text[spot.value()]
            ),
        ));
    }
    let old_word = d.status.as_ref().map_or("", |s| s.value.word.as_str());
    // A date in a table row is the table's own column, not a status date.
    let in_table = matches!(spot, StatusSpot::Cell { .. });
    // `**Accepted** - 2025-07-28`: a date written with the status word.
    let attached = d
        .status_date
        .as_ref()
        .or(d.date.as_ref())
        .filter(|_| !in_table)
        .filter(|w| d.status.as_ref().is_some_and(|s| s.line == w.line));
    let date_on_line = attached.map(|w| w.value.written.clone());
    let splice = word_splice(&text, spot.value(), old_word, word, date_on_line.as_deref());
    let shown = splice.replacement.trim_matches(['*', '_']).to_owned();
    let mut splices = vec![splice];
    if !in_table && let Some(s) = date_splice(&path, &text, &d, attached, &shown, ws.today, &ws.options)? {
        splices.push(s);
    }
    ws.splice(&path, &splices)
}

/// Replaces the status word inside its value, keeping bold marks and an
/// attached date; anything else written there (an emoji, a remark) goes with
/// the old word.
pub(crate) fn word_splice(
    text: &str,
    value: Range<usize>,
    old_word: &str,
    new_word: &str,
    date: Option<&str>,
) -> Splice {
    let written = &text[value.clone()];
    let cased = cased_like(if old_word.is_empty() { written } else { old_word }, new_word);
    if !old_word.is_empty()
        && let Some(p) = written.find(old_word)
    {
        let markers = |s: &str| s.chars().all(|c| matches!(c, '*' | '_' | ' '));
        let after = &written[p + old_word.len()..];
        let rest = after.trim_start_matches(['*', '_']);
        let keeps = rest.trim().is_empty() || date.is_some_and(|d| rest.contains(d));
        if markers(&written[..p]) && keeps {
            let start = value.start + p;
            return Splice::new(start..start + old_word.len(), cased);
        }
    }
    Splice::new(value, cased)
}

/// The status date's new value, where the format dates status changes.
fn date_splice(
    path: &Path,
    text: &str,
    d: &Decision,
    attached: Option<&Located<WrittenDate>>,
    new_word: &str,
    today: HandbookDate,
    options: &MarkdownOptions,
) -> EditResult<Option<Splice>> {
    if let Some(date) = attached
        && let Some((line, _)) = line_at(text, date.line)
        && let Some(p) = text[line.clone()].find(&date.value.written)
    {
        let start = line.start + p;
        let new = DateStyle::of(&date.value.written).write(today);
        return Ok(Some(Splice::new(start..start + date.value.written.len(), new)));
    }
    if let Some(date) = &d.date
        && let Some((line, _)) = line_at(text, date.line)
    {
        let line_text = &text[line.clone()];
        let new = DateStyle::of(&date.value.written).write(today);
        let in_front = front_matter(text).is_some_and(|f| f.span.contains(&line.start));
        let listed_field = list_marker_len(line_text).is_some()
            && field_line(line_text).is_some_and(|(k, _, bold, _)| !bold && field_kind(&k) == Some(Field::Date));
        if (in_front || listed_field)
            && let Some(p) = line_text.find(&date.value.written)
        {
            let start = line.start + p;
            return Ok(Some(Splice::new(start..start + date.value.written.len(), new)));
        }
    }
    if Family::of(d) == Family::Tendermint {
        return changelog_entry(path, text, options, today, &format!("{new_word}."));
    }
    Ok(None)
}

/// A new last entry in Tendermint's `## Changelog`: `- 2026-11-29: {what}`.
pub(crate) fn changelog_entry(
    path: &Path,
    text: &str,
    options: &MarkdownOptions,
    today: HandbookDate,
    what: &str,
) -> EditResult<Option<Splice>> {
    let readable = readable(text);
    let page = page(&readable, options);
    let sections = page.sections(&["changelog", "change log"]);
    let Some((_, range)) = sections.first() else {
        return Ok(None);
    };
    let lines = page.lines_in(range.clone());
    let Some(last) = lines.iter().rev().find(|l| list_marker_len(l.text).is_some()) else {
        return Err(EditError::in_file(path, "its change log has no entries to follow"));
    };
    let marker_len = list_marker_len(last.text).unwrap_or(2);
    let entry = &last.text[marker_len..];
    let head = entry
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['*', '_', '{', '}']);
    let date = DateStyle::of(head).write(today);
    let e = eol(text);
    let line_end = last.span.1;
    let needs_break = !text[..line_end].ends_with('\n');
    let mut insert = String::new();
    if needs_break {
        insert.push_str(e);
    }
    insert.push_str(&last.text[..marker_len]);
    insert.push_str(&date);
    insert.push_str(": ");
    insert.push_str(what);
    if !needs_break {
        insert.push_str(e);
    }
    Ok(Some(Splice::insert(line_end, insert)))
}

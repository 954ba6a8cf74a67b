//! Nygard / adr-tools (`# 12. Title`, `Date:`, a `## Status` section with
//! `Superseded by [...]` / `Supercedes [...]` lines) and Tendermint/Cosmos
//! (`# ADR 071: Title`, a `## Changelog` of dated entries, `## Status`).

use super::page::{DATE_SECTIONS, Line, Page, STATUS_SECTIONS, list_marker_len, units};
use super::relations::{reference_number, relation_line, targets};
use super::{Decision, Format, Located, StatedRelation, WrittenDate, field_line, plain};
use handbook_core::date::{HandbookDate, parse_date, read_date_text};
use handbook_core::status::StatusWords;

/// `12. Title`, `ADR 071: Title`, `ADR-004: Title` → (number, title).
pub(super) fn split_title(text: &str) -> (Option<u32>, &str) {
    let t = text.trim();
    let Some(number) = reference_number(t) else {
        return (None, t);
    };
    let mut rest = t;
    if rest.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("adr")) {
        rest = &rest[3..];
    }
    let rest = rest
        .trim_start_matches(['-', '_', ' ', '#'])
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['.', ':', '-', '–', '—', ' ']);
    (Some(number), rest.trim())
}

/// The `## Status` section: the first short line is the status, relation
/// lines are relations. Recognized lines are hidden; if nothing else is in
/// the section, its heading goes too. Prose stays.
pub(super) fn status_sections(d: &mut Decision, page: &Page<'_>, words: &StatusWords) {
    for (heading, range) in page.sections(STATUS_SECTIONS) {
        // The status is above any sub-heading: `### Positive` is not a status.
        let end = page
            .headings
            .iter()
            .map(|h| h.range.start)
            .find(|&s| s >= range.start)
            .map_or(range.end, |s| s.min(range.end));
        // A sub-heading below keeps the section's heading over it.
        let has_subsections = end < range.end;
        let range = range.start..end;
        let lines = page.lines_in(range.clone());
        let mut spans = history(d, &lines, words);
        let lines: Vec<Line<'_>> = lines
            .into_iter()
            .filter(|l| !spans.iter().any(|s: &std::ops::Range<usize>| s.start == l.span.0))
            .collect();
        let groups = units(&lines);
        let mut all = true;
        for unit in &groups {
            let strip = |t: &str| t[list_marker_len(t).unwrap_or(0)..].trim().to_owned();
            let first = strip(unit[0].text);
            let span = unit[0].span.0..unit[unit.len() - 1].span.1;
            if relation_line(&first).is_some() {
                let mut kind = None;
                for line in unit {
                    let text = strip(line.text);
                    let rest = match relation_line(&text) {
                        Some(rel) => {
                            kind = Some(rel.kind);
                            if d.status.is_none() && rel.kind.implied_status().is_some() {
                                d.status_text(rel.written_status, line.number, words);
                            }
                            rel.rest.to_owned()
                        }
                        None => text,
                    };
                    if let Some(kind) = kind {
                        for target in targets(&rest) {
                            d.relations.push(StatedRelation {
                                kind,
                                target,
                                line: line.number,
                            });
                        }
                    }
                }
                spans.push(span);
            } else if let Some((key, value, _, _)) = field_line(&first)
                && unit.len() == 1
                && d.field(&key, value, unit[0].number, words)
            {
                spans.push(span);
            } else if super::is_placeholder(&plain(&first)) {
                // `{Deprecated|Proposed|Accepted}` left from the template: not a status.
                d.status_text(&first, unit[0].number, words);
                all = false;
            } else if unit.len() == 1
                && first.len() <= 100
                && (d.status.is_none() || words.status(&plain(&first)).normalized.is_some())
            {
                d.status_text(&first, unit[0].number, words);
                spans.push(span);
            } else if let Some(joined) = short_paragraph(unit)
                && d.status.is_none()
                && words.status(&plain(&joined)).normalized.is_some()
            {
                // `Accepted (tracked in` / `[#9256](...))`: one status over two lines.
                d.status_text(&joined, unit[0].number, words);
                spans.push(span);
            } else {
                all = false;
            }
        }
        if spans.is_empty() && !groups.is_empty() {
            continue;
        }
        d.format(Format::Nygard);
        if all && !has_subsections {
            d.hidden.push(heading.range.start..range.end);
        } else {
            d.hidden.extend(spans);
        }
    }
}

/// A status history (`2017-11-22 提议`, then `2017-11-26 完成`; `- 2024-01-05:
/// Accepted`): the last dated entry is the status, its date the status date.
/// The spans of the entries read, for hiding.
fn history(d: &mut Decision, lines: &[Line<'_>], words: &StatusWords) -> Vec<std::ops::Range<usize>> {
    let entries: Vec<(&Line<'_>, HandbookDate, String, String)> = lines
        .iter()
        .filter_map(|l| {
            let text = plain(&l.text[list_marker_len(l.text).unwrap_or(0)..]);
            let (date, written, rest) = dated_entry(&text)?;
            Some((l, date, written.to_owned(), rest.to_owned()))
        })
        .collect();
    // One dated line is a status with a date only when it reads as a status.
    let Some((last, date, written, rest)) = entries.iter().max_by_key(|(l, date, _, _)| (*date, l.span.0)) else {
        return Vec::new();
    };
    if d.status.is_some() || entries.len() == 1 && words.status(rest).normalized.is_none() {
        return Vec::new();
    }
    d.status_text(rest, last.number, words);
    d.status_date = Some(Located {
        value: WrittenDate::known(written.clone(), *date),
        line: last.number,
    });
    entries.iter().map(|(l, ..)| l.range()).collect()
}

/// `2017-11-22 提议`, `2024-01-05: Accepted`, `12/03/2024 - Proposed` →
/// (date, the date as written, the status words after it).
fn dated_entry(text: &str) -> Option<(HandbookDate, &str, &str)> {
    let end = text
        .find(|c: char| c.is_whitespace() || c == '：' || c == '|')
        .unwrap_or(text.len());
    let written = text[..end].trim_end_matches([':', ',']);
    let date = read_date_text(written).date()?;
    let rest = text[end..].trim_start_matches(|c: char| c.is_whitespace() || " :：-–—|,".contains(c));
    let short = !rest.is_empty() && rest.chars().count() <= 60;
    short.then_some((date, written, rest))
}

/// `## Fecha` / `## 日期` / `## Date` holding one date line: the date, when
/// nothing above gave one. A section that holds only it is hidden.
pub(super) fn date_sections(d: &mut Decision, page: &Page<'_>) {
    for (heading, range) in page.sections(DATE_SECTIONS) {
        let lines = page.lines_in(range.clone());
        let filled: Vec<&Line<'_>> = lines.iter().filter(|l| !l.text.trim().is_empty()).collect();
        let Some(first) = filled.first() else { continue };
        let value = WrittenDate::read(plain(&first.text[list_marker_len(first.text).unwrap_or(0)..]));
        if d.date.is_some() || value.date.is_none() && value.ambiguous.is_none() {
            continue;
        }
        d.date = Some(Located {
            value,
            line: first.number,
        });
        d.format(Format::Nygard);
        let next_heading = page
            .headings
            .iter()
            .any(|h| h.range.start >= range.start && h.range.start < range.end);
        if filled.len() == 1 && !next_heading {
            d.hidden.push(heading.range.start..range.end);
        } else {
            d.hidden.push(first.range());
        }
    }
}

/// A paragraph of two or three short lines, joined.
fn short_paragraph(unit: &[super::page::Line<'_>]) -> Option<String> {
    let joined = unit.iter().map(|l| l.text.trim()).collect::<Vec<_>>().join(" ");
    (unit.len() <= 3 && joined.len() <= 200 && list_marker_len(unit[0].text).is_none()).then_some(joined)
}

/// Tendermint's `## Changelog`: the earliest dated entry is the decision's
/// date when the page gives none. The change log itself stays on the page.
pub(super) fn changelog(d: &mut Decision, page: &Page<'_>) {
    for (_, range) in page.sections(&["changelog", "change log"]) {
        d.format(Format::Tendermint);
        if d.date.is_some() {
            continue;
        }
        let mut earliest: Option<Located<WrittenDate>> = None;
        for line in page.lines_in(range) {
            let Some(marker) = list_marker_len(line.text) else {
                continue;
            };
            let entry = &line.text[marker..];
            let head = entry.split(':').next().unwrap_or("");
            let head = head.trim().trim_matches(['*', '_', '{', '}']);
            let Some(date) = parse_date(head) else { continue };
            if earliest.as_ref().is_none_or(|e| e.value.date.is_some_and(|x| date < x)) {
                earliest = Some(Located {
                    value: WrittenDate::known(head.to_owned(), date),
                    line: line.number,
                });
            }
        }
        d.date = earliest;
    }
}

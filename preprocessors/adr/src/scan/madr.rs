//! MADR 2 (`* Status:` lines), MADR 3 and 4 (front matter) and log4brains
//! (`- Status:` lines, a `## Links` section of relation lines).

use super::page::{Page, list_marker_len, units};
use super::relations::{relation_line, targets};
use super::{Decision, Format, Located, continuation_end, field_line, joined_value, plain};
use handbook_core::meta::{FrontMatter, normalize_key, value_text};
use handbook_core::status::StatusWords;

/// MADR 3/4 front matter. The core has taken the block off the text, so
/// nothing is left to hide here; its lines are the file's, as the page's are.
pub(super) fn front_matter(d: &mut Decision, fm: &FrontMatter, page: &Page<'_>, words: &StatusWords) {
    let body_line = |key: &str| {
        fm.body
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(1, |i| 2 + i)
    };
    for (key, value) in &fm.fields {
        let Some(text) = value_text(value) else { continue };
        let normalized = normalize_key(key);
        let line = body_line(key);
        if normalized == "title" {
            if d.title.is_none() && !text.trim().is_empty() {
                d.title = Some(Located {
                    value: plain(&text),
                    line,
                });
            }
            continue;
        }
        if d.field(&normalized, &text, line, words) {
            d.format(Format::FrontMatter);
        }
    }
    let _ = page;
}

/// The run of field lines right after the H1: MADR 2's `* Status:`,
/// log4brains' `- Status:`, Nygard's `Date:`, and the bold header block.
/// The first line of prose ends it, so a `Status:` in the text is never read.
pub(super) fn preamble(d: &mut Decision, page: &Page<'_>, words: &StatusWords) {
    // RFC templates put their list above the first heading (`- Start Date:`, then `# Summary`).
    if let Some(h1) = page.h1.as_ref().filter(|h| h.range.start > 0) {
        fields(d, &page.lines_in(0..h1.range.start), words);
    }
    fields(d, &page.lines_in(page.preamble()), words);
}

fn fields(d: &mut Decision, lines: &[super::page::Line<'_>], words: &StatusWords) {
    let lines = lines.to_vec();
    let mut i = 0;
    let mut read_any = false;
    let mut skipped_lead = false;
    while i < lines.len() {
        let Some((key, value, bold, marker)) = field_line(lines[i].text) else {
            if super::unquoted(lines[i].text).trim().is_empty() {
                i += 1;
                continue;
            }
            // One summary paragraph may stand between the title and the
            // block (`# ADR-A01: Title`, a one-line lead, then `**Status:**`);
            // after it, only a line with a known key goes on.
            let lead_end = (i..lines.len()).find(|&k| lines[k].text.trim().is_empty());
            let next = lead_end.and_then(|e| (e..lines.len()).find(|&k| !lines[k].text.trim().is_empty()));
            let block_follows = next.is_some_and(|k| {
                field_line(lines[k].text).is_some_and(|(key, _, _, _)| {
                    matches!(super::field_kind(&key), Some(super::Field::Status | super::Field::Date))
                })
            });
            match next {
                Some(k) if !read_any && !skipped_lead && block_follows => {
                    skipped_lead = true;
                    i = k;
                    continue;
                }
                _ => break,
            }
        };
        let end = continuation_end(&lines, i);
        let value = joined_value(value, &lines, i, end);
        if d.field(&key, &value, lines[i].number, words) {
            read_any = true;
            d.hidden.push(lines[i].span.0..lines[end].span.1);
            d.format(match (bold, marker) {
                (true, _) => Format::BoldHeader,
                (false, Some('*')) => Format::Madr2,
                (false, Some(_)) => Format::Log4brains,
                (false, None) => Format::Nygard,
            });
        }
        i = end + 1;
    }
}

/// `## Links` with `- Supersedes [slug](slug.md)` lines; other links stay.
pub(super) fn links_sections(d: &mut Decision, page: &Page<'_>, words: &StatusWords) {
    let _ = words;
    for (heading, range) in page.sections(&[
        "links",
        "related",
        "related decisions",
        "related adrs",
        "related records",
    ]) {
        let lines = page.lines_in(range.clone());
        let groups = units(&lines);
        let mut all = !groups.is_empty();
        let mut spans = Vec::new();
        for unit in &groups {
            let first = unit[0].text;
            let text = &first[list_marker_len(first).unwrap_or(0)..];
            match relation_line(text) {
                Some(rel) => {
                    let mut rest = rel.rest.to_owned();
                    for l in &unit[1..] {
                        rest.push(' ');
                        rest.push_str(l.text.trim());
                    }
                    for target in targets(&rest) {
                        d.relations.push(super::StatedRelation {
                            kind: rel.kind,
                            target,
                            line: unit[0].number,
                        });
                    }
                    spans.push(unit[0].span.0..unit[unit.len() - 1].span.1);
                }
                None => all = false,
            }
        }
        if spans.is_empty() {
            continue;
        }
        d.format(Format::Log4brains);
        if all {
            d.hidden.push(heading.range.start..range.end);
        } else {
            d.hidden.extend(spans);
        }
    }
}

//! Links to ADR files, found with mdBook's own parser: SUMMARY.md gains an
//! entry after the folder's last ADR, and a renumbered file's links are
//! rewritten in every chapter (inline links and reference definitions alike),
//! each by the byte span of its destination.

use super::new::renumbered;
use super::{EditResult, Workspace, eol, resolve_link};
use crate::discover::is_decision_file;
use handbook_core::Splice;
use handbook_core::markdown;
use handbook_core::pulldown_cmark::{Event, Tag};
use std::ops::Range;
use std::path::{Path, PathBuf};

const SUMMARY: &str = "SUMMARY.md";

/// A link found in a file: the whole link's span, its destination as parsed.
struct FoundLink {
    span: Range<usize>,
    dest: String,
    /// A reference definition (`[x]: url`) rather than an inline link.
    definition: bool,
}

fn links(text: &str, options: &markdown::MarkdownOptions) -> Vec<FoundLink> {
    let mut out = Vec::new();
    let mut parser = markdown::parse(text, options);
    for (event, span) in parser.by_ref() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            out.push(FoundLink {
                span,
                dest: dest_url.to_string(),
                definition: false,
            });
        }
    }
    for (_, def) in parser.reference_definitions().iter() {
        out.push(FoundLink {
            span: def.span.clone(),
            dest: def.dest.to_string(),
            definition: true,
        });
    }
    out
}

/// Adds `- [heading](folder/file.md)` after the folder's last ADR in
/// SUMMARY.md, at that entry's indentation and with its marker; the entry
/// text follows the last entry's shape (`8. Title` after `7. Title`).
/// False when SUMMARY.md lists no ADR of the folder.
pub fn add_entry(
    ws: &mut Workspace,
    new: &Path,
    exemplar: Option<&PathBuf>,
    heading: &str,
    number: Option<u32>,
) -> EditResult<bool> {
    let summary = PathBuf::from(SUMMARY);
    let Some(text) = ws.text(&summary).map(str::to_owned) else {
        return Ok(false);
    };
    let last = links(&text, &ws.options)
        .into_iter()
        .filter(|l| !l.definition)
        .filter(|l| {
            resolve_link(&summary, &l.dest).is_some_and(|p| {
                p.parent() == Some(ws.folder.as_path())
                    && p.file_name().is_some_and(|n| is_decision_file(&n.to_string_lossy()))
            })
        })
        .max_by_key(|l| l.span.start);
    let Some(last) = last else { return Ok(false) };
    let line_start = text[..last.span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[last.span.start..]
        .find('\n')
        .map_or(text.len(), |i| last.span.start + i + 1);
    let prefix = &text[line_start..last.span.start];
    let entry_text = text
        .get(last.span.start + 1..last.span.end)
        .and_then(|t| t.rfind("](").map(|i| &t[..i]));
    let entry = match (entry_text, exemplar.and_then(|e| ws.scan(e)), number) {
        (Some(t), Some(e), Some(n)) if e.title.as_ref().is_some_and(|x| t.ends_with(&x.value)) => {
            let title_len = e.title.as_ref().map_or(0, |x| x.value.len());
            let before = &t[..t.len() - title_len];
            let title = heading_title(heading);
            if e.number.is_some_and(|en| before.contains(&en.to_string())) {
                format!("{}{title}", renumbered(before, n))
            } else {
                format!("{before}{title}")
            }
        }
        _ => heading.to_owned(),
    };
    let href = handbook_core::links::url_path(new);
    let e = eol(&text);
    let mut insert = String::new();
    if !text[..line_end].ends_with('\n') {
        insert.push_str(e);
    }
    insert.push_str(&format!(
        "{prefix}[{}]({href})",
        super::wording::escape_link_text(&entry)
    ));
    if text[..line_end].ends_with('\n') {
        insert.push_str(e);
    }
    ws.splice(&summary, &[Splice::insert(line_end, insert)])?;
    Ok(true)
}

/// The title part of a heading: `8. Use X` → `Use X`.
fn heading_title(heading: &str) -> &str {
    crate::scan::split_title(heading).1
}

/// Every link to `old` in every markdown file (SUMMARY.md included) now
/// points at `new`; a link text that starts with the old number gets the new one.
pub fn rewrite_links(
    ws: &mut Workspace,
    old: &Path,
    new: &Path,
    old_number: Option<u32>,
    new_number: u32,
) -> EditResult<()> {
    let (Some(old_name), Some(new_name)) = (old.file_name(), new.file_name()) else {
        return Ok(());
    };
    let (old_name, new_name) = (
        old_name.to_string_lossy().into_owned(),
        new_name.to_string_lossy().into_owned(),
    );
    let paths: Vec<PathBuf> = ws
        .paths()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .cloned()
        .collect();
    let encoded = handbook_core::links::encode_segment(&old_name);
    let encoded_new = handbook_core::links::encode_segment(&new_name);
    for path in paths {
        // A link is rewritten only where its text names the old file: a
        // page that never does is neither copied nor parsed.
        let Some(text) = ws
            .text(&path)
            .filter(|t| t.contains(&old_name) || t.contains(&encoded))
            .map(str::to_owned)
        else {
            continue;
        };
        // Links are written relative to the file as it was before any rename.
        let from = if path == new { old.to_path_buf() } else { path.clone() };
        let mut splices = Vec::new();
        for link in links(&text, &ws.options) {
            if resolve_link(&from, &link.dest).as_deref() != Some(old) {
                continue;
            }
            let raw = &text[link.span.clone()];
            let dest_from = if link.definition {
                raw.find("]:").map_or(0, |i| i + 2)
            } else {
                raw.rfind("](").map_or(0, |i| i + 2)
            };
            let (found, old_len, replacement) = match raw[dest_from..].rfind(&old_name) {
                Some(i) => (Some(i), old_name.len(), new_name.clone()),
                None => (raw[dest_from..].rfind(&encoded), encoded.len(), encoded_new.clone()),
            };
            let Some(i) = found else { continue };
            let at = link.span.start + dest_from + i;
            splices.push(Splice::new(at..at + old_len, replacement));
            if !link.definition
                && let Some(n) = old_number
                && let Some(label) = raw.get(1..raw.rfind("](").unwrap_or(1))
                && let Some(start) = label.find(|c: char| c.is_ascii_digit())
            {
                let len = label[start..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(label.len() - start);
                if label[start..start + len].parse::<u32>().ok() == Some(n) {
                    let digits = renumbered(&label[start..start + len], new_number);
                    let at = link.span.start + 1 + start;
                    splices.push(Splice::new(at..at + len, digits));
                }
            }
        }
        if !splices.is_empty() {
            ws.splice(&path, &splices)?;
        }
    }
    Ok(())
}

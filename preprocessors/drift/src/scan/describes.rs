//! What a page declares: `describes` and `reviewed`, in front matter or in
//! the bold header block at its top (the core's `meta` reads both).

use super::paths::normalize;
use super::{Described, Reviewed};
use handbook_core::Chapter;
use handbook_core::date::ReviewPoint;
use handbook_core::meta::{header_block, value_text};
use serde_json::Value;

/// Lines count the page's front matter, as the file does
/// ([`Diagnostic::counting_front_matter`](handbook_core::diagnostics::Diagnostic::counting_front_matter)).
pub(super) struct Declared {
    pub describes: Vec<Described>,
    pub line: usize,
    pub reviewed: Option<(Reviewed, usize)>,
}

const DESCRIBES: &str = "describes";
/// Lines an entry is looked for ahead of the last one found, once an entry
/// was not found as written.
const MISSED_WINDOW: usize = 8;
/// `reviewed`, else status's `last-reviewed`: both say when a person checked the page.
const REVIEWED: &[&str] = &["reviewed", "last-reviewed"];

pub(super) fn declared(chapter: &Chapter) -> Declared {
    let text = &chapter.content;
    let mut out = Declared {
        describes: Vec::new(),
        line: 1,
        reviewed: None,
    };
    let front_matter = chapter.front_matter();
    if let Some(fm) = front_matter {
        let find = |key: &str| {
            fm.fields
                .iter()
                .find(|(k, _)| handbook_core::meta::normalize_key(k) == key)
                .map(|(_, v)| v)
        };
        if let Some(value) = find(DESCRIBES) {
            out.line = fm.key_line(DESCRIBES);
            let span = fm.block.as_str();
            // A YAML list written one entry a line: name that line. Entries
            // come in the order they are written, so one cursor (a line and a
            // byte in it) moves forward through the text for all of them:
            // linear in the entries, one line of a thousand included (issue
            // 33). After an entry YAML spelt differently (escapes), later
            // ones look only a few lines ahead, so misses cannot add up.
            let lines: Vec<&str> = span.lines().collect();
            let mut cursor = (out.line.saturating_sub(1), 0);
            let mut missed = false;
            for entry in entries(value) {
                let window = if missed { MISSED_WINDOW } else { usize::MAX };
                let found = (cursor.0..lines.len()).take(window).find_map(|i| {
                    let from = if i == cursor.0 { cursor.1 } else { 0 };
                    let rest = lines.get(i)?.get(from..)?;
                    rest.find(entry.as_str()).map(|at| (i, from + at + entry.len()))
                });
                let line = match found {
                    Some((i, end)) => {
                        cursor = (i, end);
                        i + 1
                    }
                    None => {
                        missed = true;
                        out.line
                    }
                };
                out.describes.push(described(&entry, line));
            }
        }
        for key in REVIEWED {
            if out.reviewed.is_none()
                && let Some(written) = find(key).and_then(value_text)
            {
                out.reviewed = Some((reviewed(&written), fm.key_line(key)));
            }
        }
    }
    if let Some(block) = header_block::scan_top(text) {
        for field in &block.fields {
            let line = field.line + chapter.first_line() - 1;
            if field.key == DESCRIBES && out.describes.is_empty() {
                out.line = line;
                for entry in field.value.split(',') {
                    let entry = entry.trim().trim_matches('`').trim();
                    if !entry.is_empty() {
                        out.describes.push(described(entry, line));
                    }
                }
            } else if REVIEWED.contains(&field.key.as_str()) && out.reviewed.is_none() {
                out.reviewed = Some((reviewed(field.value.trim_matches('`')), line));
            }
        }
    }
    out
}

/// A list of strings, or one string of comma-separated entries.
fn entries(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(value_text).collect::<Vec<_>>(),
        other => value_text(other)
            .map(|t| t.split(',').map(|e| e.trim().to_owned()).collect())
            .unwrap_or_default(),
    }
    .into_iter()
    .filter(|e| !e.is_empty())
    .collect()
}

fn described(entry: &str, line: usize) -> Described {
    let (path, symbol) = match entry.split_once('#') {
        Some((p, s)) if !s.is_empty() => (p, Some(s.to_owned())),
        Some((p, _)) => (p, None),
        None => (entry, None),
    };
    Described {
        written: entry.to_owned(),
        path: normalize(path.trim()),
        symbol,
        line,
    }
}

/// `reviewed:` by the suite's one reading of it (status reads it the same way).
fn reviewed(written: &str) -> Reviewed {
    match handbook_core::date::review_point(written) {
        ReviewPoint::Date(date) => Reviewed::Date(date.date.to_string()),
        ReviewPoint::Commit(hash) => Reviewed::Commit(hash),
        ReviewPoint::Unreadable => Reviewed::Unreadable(written.trim().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Declared {
        declared(&Chapter::synthetic("P", "p.md", text))
    }

    #[test]
    fn front_matter_lists_and_header_blocks() {
        let d = page("---\nreviewed: 3f2a1c9\ndescribes:\n  - core/a.rs\n  - core/b.rs#run\n---\n# P\n");
        let shown: Vec<_> = d
            .describes
            .iter()
            .map(|d| (d.path.clone().unwrap_or_default(), d.symbol.clone(), d.line))
            .collect();
        assert_eq!(
            shown,
            [
                ("core/a.rs".to_owned(), None, 4),
                ("core/b.rs".to_owned(), Some("run".to_owned()), 5)
            ]
        );
        assert_eq!(d.reviewed, Some((Reviewed::Commit("3f2a1c9".to_owned()), 2)));
        let d = page("# P\n\n**Describes**: `core/a.rs`, ../x.rs\n**Reviewed**: 2026-11-02\n");
        assert_eq!(d.describes.len(), 2);
        assert_eq!(d.describes[1].path, None, "leaves the repository");
        assert_eq!(d.reviewed, Some((Reviewed::Date("2026-11-02".to_owned()), 4)));
        assert!(matches!(
            page("---\nreviewed: soon\n---\n").reviewed,
            Some((Reviewed::Unreadable(_), 2))
        ));
        // A header block below front matter: its lines count the front matter, as the file does.
        let d = page("---\ntitle: T\n---\n# P\n\n**Reviewed**: 2026-11-02\n");
        assert_eq!(d.reviewed, Some((Reviewed::Date("2026-11-02".to_owned()), 6)));
    }
}

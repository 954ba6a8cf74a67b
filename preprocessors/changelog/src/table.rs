//! Change-log tables authors keep in their pages: a table under a heading
//! such as "Change Log", "Revision history" or "History", recognised by its
//! header (Version / Date / Changes / Author in common wordings, in any
//! order, Version or Date with Changes at least). Read, never rewritten.

use crate::entry::Row;
use aho_corasick::AhoCorasick;
use handbook_core::markdown::{self, MarkdownOptions};
use handbook_core::pulldown_cmark::{Event, Tag, TagEnd};
use handbook_core::splice::LazyLineIndex;
use std::sync::LazyLock;

/// Section headings a change-log table sits under (compared without case,
/// leading numbering or a trailing colon).
const HEADINGS: &[&str] = &[
    "change log",
    "changelog",
    "changes",
    "change history",
    "revision history",
    "revisions",
    "history",
    "document history",
    "version history",
    "versions",
    "änderungshistorie",
    "änderungsverlauf",
    "versionshistorie",
    "historique des modifications",
    "historial de cambios",
];

/// A part of every word in [`HEADINGS`], in any case: a page without one
/// has no change-log heading, and is not parsed (most pages of a book).
const STEMS: &[&str] = &["chang", "histor", "revision", "version", "nderung"];

fn may_have_change_log(text: &str) -> bool {
    static STEM: LazyLock<Option<AhoCorasick>> =
        LazyLock::new(|| AhoCorasick::builder().ascii_case_insensitive(true).build(STEMS).ok());
    text.contains('|') && STEM.as_ref().is_none_or(|stems| stems.is_match(text))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Version,
    Date,
    Changes,
    Author,
}

/// Header words of each column.
const COLUMNS: &[(Column, &[&str])] = &[
    (
        Column::Version,
        &["version", "ver", "rev", "revision", "release", "versión", "v"],
    ),
    (
        Column::Date,
        &["date", "datum", "when", "fecha", "date of change", "day"],
    ),
    (
        Column::Changes,
        &[
            "changes",
            "change",
            "description",
            "summary",
            "notes",
            "comment",
            "comments",
            "what changed",
            "change description",
            "details",
            "änderung",
            "änderungen",
            "beschreibung",
            "modifications",
            "cambios",
        ],
    ),
    (
        Column::Author,
        &[
            "author",
            "authors",
            "by",
            "changed by",
            "editor",
            "autor",
            "name",
            "owner",
            "auteur",
            "who",
        ],
    ),
];

/// Heading or header text as compared: lowercase, without a leading number or a trailing colon.
fn key(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let numbering = |w: &str| w.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ')');
    let rest = match words.first() {
        Some(w) if words.len() > 1 && numbering(w) => &words[1..],
        _ => &words[..],
    };
    rest.join(" ")
        .trim_end_matches([':', '.'])
        .trim_matches(|c: char| c == '*' || c == '_')
        .to_lowercase()
}

fn column(header: &str) -> Option<Column> {
    let k = key(header);
    COLUMNS
        .iter()
        .find(|(_, words)| words.contains(&k.as_str()))
        .map(|(c, _)| *c)
}

/// The rows of every change-log table of a page (under a change-log heading).
/// `None` when the page has none.
pub fn rows(text: &str, options: &MarkdownOptions) -> Option<Vec<Row>> {
    if !may_have_change_log(text) {
        return None;
    }
    let lines = LazyLineIndex::new(text);
    let mut under: Option<usize> = None;
    let mut heading: Option<(usize, String)> = None;
    let mut table: Option<(Vec<Option<Column>>, Vec<Row>, bool)> = None;
    let mut cell: Option<String> = None;
    let mut row: Vec<String> = Vec::new();
    let mut row_start = 0;
    let mut found: Option<Vec<Row>> = None;
    for (event, range) in markdown::parse(text, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = level as usize;
                if under.is_some_and(|u| level <= u) {
                    under = None;
                }
                heading = Some((level, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, words)) = heading.take()
                    && HEADINGS.contains(&key(&words).as_str())
                {
                    under = Some(level);
                }
            }
            Event::Start(Tag::Table(_)) if under.is_some() => table = Some((Vec::new(), Vec::new(), true)),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                row.clear();
                row_start = range.start;
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap_or_default()),
            Event::End(TagEnd::TableHead) => {
                if let Some((columns, _, _)) = table.as_mut() {
                    *columns = row.iter().map(|h| column(h)).collect();
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some((columns, rows, _)) = table.as_mut() {
                    let get = |c: Column| {
                        columns
                            .iter()
                            .position(|k| *k == Some(c))
                            .and_then(|i| row.get(i))
                            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                    };
                    rows.push(Row {
                        line: lines.line(row_start),
                        version: get(Column::Version),
                        date: get(Column::Date),
                        changes: get(Column::Changes),
                        author: get(Column::Author),
                    });
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((columns, rows, _)) = table.take() {
                    let has = |c: Column| columns.contains(&Some(c));
                    if has(Column::Changes) && (has(Column::Version) || has(Column::Date)) {
                        found.get_or_insert_with(Vec::new).extend(rows);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                } else if let Some((_, words)) = heading.as_mut() {
                    words.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_heading_passes_the_filter_and_a_page_without_one_does_not() {
        for heading in HEADINGS {
            let page = format!(
                "## {}\n\n| Version | Changes |\n|---|---|\n| 1 | x |\n",
                heading.to_uppercase()
            );
            assert!(may_have_change_log(&page), "{heading}");
        }
        assert!(!may_have_change_log(
            "## Notes\n\n| Name | Value |\n|---|---|\n| a | 1 |\n"
        ));
        assert!(!may_have_change_log("## Change log\n\nno table here\n"));
    }

    #[test]
    fn a_table_under_a_change_log_heading_in_any_column_order() {
        let text = "# Page\n\n## 5. Revision History\n\n| Date | Author | Ver. | What changed |\n|---|---|---|---|\n\
                    | 2024-02-01 | Ana | 1.1 | Added *limits* |\n| 2024-01-01 | Bo | 1.0 | First |\n\n\
                    ## Other\n\n| Version | Changes |\n|---|---|\n| 9 | not a change log |\n";
        let rows = rows(text, &MarkdownOptions::default()).unwrap_or_default();
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].changes.as_deref(), Some("Added limits"));
        assert_eq!(rows[0].author.as_deref(), Some("Ana"));
        assert_eq!(rows[0].line, 7);
        assert_eq!(rows[1].date.as_deref(), Some("2024-01-01"));
    }

    #[test]
    fn other_tables_and_pages_without_are_none() {
        assert!(
            rows(
                "# P\n\n| Version | Changes |\n|--|--|\n| 1 | x |\n",
                &MarkdownOptions::default()
            )
            .is_none()
        );
        assert!(
            rows(
                "## History\n\n| Name | Owner |\n|--|--|\n| a | b |\n",
                &MarkdownOptions::default()
            )
            .is_none()
        );
    }
}

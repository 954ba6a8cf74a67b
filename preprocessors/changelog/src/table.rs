//! Change-log tables authors keep in their pages: a table under a heading
//! such as "Change Log", "Revision history" or "History", recognised by its
//! header (Version / Date / Changes / Author in common wordings, in any
//! order, Version or Date with Changes at least). Read, never rewritten.

use crate::entry::Row;
use aho_corasick::AhoCorasick;
use handbook_core::outline::Outline;
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
/// has no change-log heading, and its outline is not asked for.
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
/// `None` when the page has none. The page's outline is asked for only
/// when its bytes can hold a change log (most pages of a book cannot).
pub fn rows<'o>(text: &str, outline: impl FnOnce() -> &'o Outline) -> Option<Vec<Row>> {
    if !may_have_change_log(text) {
        return None;
    }
    let outline = outline();
    let mut headings = outline.headings.iter().peekable();
    // The level of the change-log heading the text is under, if any.
    let mut under: Option<u8> = None;
    let mut found: Option<Vec<Row>> = None;
    for table in &outline.tables {
        while let Some(h) = headings.next_if(|h| h.range.start < table.range.start) {
            if under.is_some_and(|u| h.level <= u) {
                under = None;
            }
            if HEADINGS.contains(&key(&h.text).as_str()) {
                under = Some(h.level);
            }
        }
        if under.is_none() {
            continue;
        }
        let Some(header) = table.rows.first().filter(|r| r.head) else {
            continue;
        };
        let columns: Vec<Option<Column>> = header.cells.iter().map(|c| column(&c.text)).collect();
        let has = |c: Column| columns.contains(&Some(c));
        if !(has(Column::Changes) && (has(Column::Version) || has(Column::Date))) {
            continue;
        }
        let rows = table.rows.iter().filter(|r| !r.head).map(|row| {
            let get = |c: Column| {
                let i = columns.iter().position(|k| *k == Some(c))?;
                row.cells.get(i).map(|cell| cell.text.clone())
            };
            Row {
                line: outline.line(row.range.start),
                version: get(Column::Version),
                date: get(Column::Date),
                changes: get(Column::Changes),
                author: get(Column::Author),
            }
        });
        found.get_or_insert_with(Vec::new).extend(rows);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use handbook_core::markdown::MarkdownOptions;

    fn rows_of(text: &str) -> Option<Vec<Row>> {
        let outline = Outline::read(text, &MarkdownOptions::default());
        rows(text, || &outline)
    }

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
        let rows = rows_of(text).unwrap_or_default();
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].changes.as_deref(), Some("Added limits"));
        assert_eq!(rows[0].author.as_deref(), Some("Ana"));
        assert_eq!(rows[0].line, 7);
        assert_eq!(rows[1].date.as_deref(), Some("2024-01-01"));
    }

    #[test]
    fn other_tables_and_pages_without_are_none() {
        assert!(rows_of("# P\n\n| Version | Changes |\n|--|--|\n| 1 | x |\n").is_none());
        assert!(rows_of("## History\n\n| Name | Owner |\n|--|--|\n| a | b |\n").is_none());
    }
}

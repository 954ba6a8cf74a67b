//! Change-log entries as authors write them (front matter or a data file),
//! checked and sorted: Unreleased first, then releases newest first by
//! semantic version (a pre-release right after its release), then entries
//! without a version by date, then entries whose version cannot be read, as
//! written. Nothing an author wrote is dropped: a bad field is a diagnostic
//! and the text is still shown.

use handbook_core::date::{HandbookDate, parse_date};
use handbook_core::meta::{normalize_key, value_text};
use serde_json::Value;
use std::cmp::Ordering;

pub use crate::written::SourceLines;

/// Keep a Changelog's categories, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Added,
    Changed,
    Deprecated,
    Removed,
    Fixed,
    Security,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Added,
        Category::Changed,
        Category::Deprecated,
        Category::Removed,
        Category::Fixed,
        Category::Security,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::Added => "Added",
            Category::Changed => "Changed",
            Category::Deprecated => "Deprecated",
            Category::Removed => "Removed",
            Category::Fixed => "Fixed",
            Category::Security => "Security",
        }
    }

    fn from_key(key: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.label().eq_ignore_ascii_case(key))
    }
}

/// One change line; `category` is `None` for plain `changes:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub category: Option<Category>,
    pub text: String,
}

/// What the version field says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    Unreleased,
    Release(semver::Version),
    /// Written but not a version; shown as written, sorted last.
    Unreadable,
    Absent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The version as written (`v1.2`, `Unreleased`), for display.
    pub version_text: Option<String>,
    pub version: Version,
    pub date_text: Option<String>,
    pub date: Option<HandbookDate>,
    pub changes: Vec<Change>,
    pub author: Option<String>,
    /// 1-based line of the entry in the file it came from.
    pub line: usize,
}

/// A problem with one entry, at a line of its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryProblem {
    pub code: &'static str,
    pub line: usize,
    pub message: String,
}

const CHANGE_KEYS: &[&str] = &["changes", "change", "description", "summary", "notes"];
const AUTHOR_KEYS: &[&str] = &["author", "authors", "by"];

/// Reads semver, plus the short forms handbooks use for document versions:
/// `v1.2.3`, `1.2` and `1` (read as 1.2.0 and 1.0.0).
pub fn parse_version(text: &str) -> Version {
    let t = text.trim();
    if t.eq_ignore_ascii_case("unreleased") {
        return Version::Unreleased;
    }
    let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
    if let Ok(v) = semver::Version::parse(t) {
        return Version::Release(v);
    }
    let parts: Vec<&str> = t.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit());
    if (1..=2).contains(&parts.len()) && parts.iter().all(numeric) {
        let n = |i: usize| parts.get(i).and_then(|p| p.parse().ok()).unwrap_or(0);
        return Version::Release(semver::Version::new(n(0), n(1), 0));
    }
    Version::Unreadable
}

/// Reads a list of entries. `lines` tells where each one was written.
pub fn read_entries(items: &[Value], lines: &SourceLines) -> (Vec<Entry>, Vec<EntryProblem>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let with_version = items
        .iter()
        .filter(|v| {
            v.as_object()
                .is_some_and(|o| o.keys().any(|k| normalize_key(k) == "version"))
        })
        .count();
    let aligned = with_version == lines.versions.len();
    let mut next_version_line = lines.versions.iter();
    let mut last_line = lines.anchor_line;
    for item in items {
        let Some(fields) = item.as_object() else {
            let text = value_text(item).unwrap_or_else(|| item.to_string());
            if let Some((line, _)) = lines
                .region
                .iter()
                .find(|(l, t)| *l > last_line && t.contains(text.as_str()))
            {
                last_line = *line;
            }
            problems.push(EntryProblem {
                code: "changelog-malformed-entry",
                line: last_line,
                message: format!(
                    "a change-log entry must be a table with `version`, `date`, `changes` and `author`; \
                     `{text}` is shown as written"
                ),
            });
            entries.push(Entry {
                version_text: None,
                version: Version::Absent,
                date_text: None,
                date: None,
                changes: vec![Change { category: None, text }],
                author: None,
                line: last_line,
            });
            continue;
        };
        let written = if fields.keys().any(|k| normalize_key(k) == "version") {
            next_version_line.next().filter(|_| aligned)
        } else {
            None
        };
        if let Some((line, _)) = written {
            last_line = *line;
        }
        let mut entry = Entry {
            version_text: None,
            version: Version::Absent,
            date_text: None,
            date: None,
            changes: Vec::new(),
            author: None,
            line: last_line,
        };
        for (key, value) in fields {
            let key = normalize_key(key);
            match key.as_str() {
                "version" => {
                    let text = match (written, value) {
                        (Some((_, w)), Value::Number(_)) if !w.is_empty() => w.clone(),
                        _ => value_text(value).unwrap_or_default(),
                    };
                    entry.version = parse_version(&text);
                    entry.version_text = Some(text);
                }
                "date" => {
                    let text = value_text(value).unwrap_or_default();
                    entry.date = parse_date(&text);
                    entry.date_text = Some(text);
                }
                k if CHANGE_KEYS.contains(&k) => entry.changes.extend(changes(None, value)),
                k if AUTHOR_KEYS.contains(&k) => entry.author = value_text(value),
                k => match Category::from_key(k) {
                    Some(c) => entry.changes.extend(changes(Some(c), value)),
                    None => problems.push(EntryProblem {
                        code: "changelog-unknown-field",
                        line: entry.line,
                        message: format!(
                            "unknown change-log field `{k}`; the fields are `version`, `date`, `changes`, \
                             `author` and Keep a Changelog's `added`, `changed`, `deprecated`, `removed`, \
                             `fixed`, `security`"
                        ),
                    }),
                },
            }
        }
        check(&entry, &mut problems);
        entries.push(entry);
    }
    duplicates(&entries, &mut problems);
    sort(&mut entries);
    (entries, problems)
}

/// One row of a change-log table written in a page, cells as plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub version: Option<String>,
    pub date: Option<String>,
    pub changes: Option<String>,
    pub author: Option<String>,
}

/// Entries of a hand-written table, checked as front matter entries are
/// (dates, versions, duplicates), plus the order: a table lists its versions
/// one way, newest or oldest first, and a row against that order is reported.
pub fn read_rows(rows: &[Row]) -> (Vec<Entry>, Vec<EntryProblem>) {
    let mut problems = Vec::new();
    let nonempty = |t: &Option<String>| t.as_ref().filter(|t| !t.trim().is_empty()).cloned();
    let mut entries: Vec<Entry> = rows
        .iter()
        .map(|row| {
            let version_text = nonempty(&row.version);
            let date_text = nonempty(&row.date);
            let entry = Entry {
                version: version_text.as_deref().map_or(Version::Absent, parse_version),
                version_text,
                date: date_text.as_deref().and_then(parse_date),
                date_text,
                changes: nonempty(&row.changes)
                    .map(|text| Change { category: None, text })
                    .into_iter()
                    .collect(),
                author: nonempty(&row.author),
                line: row.line,
            };
            check(&entry, &mut problems);
            entry
        })
        .collect();
    out_of_order(&entries, &mut problems);
    duplicates(&entries, &mut problems);
    sort(&mut entries);
    (entries, problems)
}

/// Versions in a table run one way; the first pair that differs sets it.
fn out_of_order(entries: &[Entry], problems: &mut Vec<EntryProblem>) {
    let releases: Vec<(&semver::Version, &Entry)> = entries
        .iter()
        .filter_map(|e| match &e.version {
            Version::Release(v) => Some((v, e)),
            _ => None,
        })
        .collect();
    let mut direction = None;
    for pair in releases.windows(2) {
        let ((a, _), (b, later)) = (pair[0], pair[1]);
        let step = b.cmp(a);
        if step == Ordering::Equal {
            continue;
        }
        match direction {
            None => direction = Some(step),
            Some(d) if d != step => problems.push(EntryProblem {
                code: "changelog-version-order",
                line: later.line,
                message: format!(
                    "version {b} breaks the table's order ({} first): it comes after {a}; \
                     the table is shown as written",
                    if d == Ordering::Less { "newest" } else { "oldest" }
                ),
            }),
            Some(_) => {}
        }
    }
}

fn changes(category: Option<Category>, value: &Value) -> Vec<Change> {
    let texts = match value {
        Value::Array(items) => items.iter().filter_map(value_text).collect(),
        other => value_text(other).into_iter().collect::<Vec<_>>(),
    };
    texts
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .map(|text| Change { category, text })
        .collect()
}

fn check(entry: &Entry, problems: &mut Vec<EntryProblem>) {
    let mut problem = |code, message: String| {
        problems.push(EntryProblem {
            code,
            line: entry.line,
            message,
        })
    };
    if entry.version == Version::Unreadable {
        let written = entry.version_text.as_deref().unwrap_or_default();
        problem(
            "changelog-invalid-version",
            format!(
                "version `{written}` is not a semantic version (like 1.4.0 or 2.0.0-rc.1); \
                 the entry is shown as written, after the others"
            ),
        );
    }
    if let (Some(text), None) = (&entry.date_text, entry.date) {
        problem(
            "changelog-invalid-date",
            format!("date `{text}` is not a date (write 2024-01-31); it is shown as written"),
        );
    }
    if entry.changes.is_empty() {
        let what = entry.version_text.as_deref().unwrap_or("an entry");
        problem(
            "changelog-empty-entry",
            format!("change-log entry `{what}` lists no changes (`changes:` or `added:`, `fixed:` ...)"),
        );
    }
}

fn duplicates(entries: &[Entry], problems: &mut Vec<EntryProblem>) {
    for (i, e) in entries.iter().enumerate() {
        let Version::Release(v) = &e.version else {
            continue;
        };
        if let Some(first) = entries[..i]
            .iter()
            .find(|o| matches!(&o.version, Version::Release(w) if w == v))
        {
            problems.push(EntryProblem {
                code: "changelog-duplicate-version",
                line: e.line,
                message: format!("version {v} is listed twice (first at line {})", first.line),
            });
        }
    }
}

fn rank(e: &Entry) -> u8 {
    match e.version {
        Version::Unreleased => 0,
        Version::Release(_) => 1,
        Version::Absent => 2,
        Version::Unreadable => 3,
    }
}

/// Newest first; a stable sort keeps the written order among equals.
pub fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        rank(a).cmp(&rank(b)).then_with(|| match (&a.version, &b.version) {
            (Version::Release(x), Version::Release(y)) => y.cmp(x).then_with(|| b.date.cmp(&a.date)),
            (Version::Absent, Version::Absent) => b.date.cmp(&a.date),
            _ => Ordering::Equal,
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn versions(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| e.version_text.clone().unwrap_or_default())
            .collect()
    }

    #[test]
    fn semver_and_handbook_short_forms() {
        assert_eq!(
            parse_version("1.2.3-rc.1"),
            Version::Release(semver::Version::parse("1.2.3-rc.1").unwrap())
        );
        assert_eq!(parse_version("v2"), Version::Release(semver::Version::new(2, 0, 0)));
        assert_eq!(parse_version("1.10"), Version::Release(semver::Version::new(1, 10, 0)));
        assert_eq!(parse_version(" UNRELEASED "), Version::Unreleased);
        for bad in ["1.x", "", "1.2.3.4", "one", "1.0-rc1"] {
            assert_eq!(parse_version(bad), Version::Unreadable, "{bad}");
        }
    }

    #[test]
    fn sorted_newest_first_with_prereleases_after_their_release() {
        let items = json!([
            {"version": "1.0.0-rc.1", "changes": "a"},
            {"version": "0.9.0", "changes": "b"},
            {"version": "soon", "changes": "c"},
            {"version": "1.0.0", "changes": "d"},
            {"version": "Unreleased", "changes": "e"},
            {"version": "1.0.0-rc.2", "changes": "f"},
            {"date": "2020-01-01", "changes": "g"},
        ]);
        let (entries, problems) = read_entries(items.as_array().map_or(&[][..], |v| v), &SourceLines::default());
        assert_eq!(
            versions(&entries),
            ["Unreleased", "1.0.0", "1.0.0-rc.2", "1.0.0-rc.1", "0.9.0", "", "soon"]
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "changelog-invalid-version");
    }

    #[test]
    fn lines_and_written_numbers_come_from_the_source() {
        let text = "---\ntitle: x\nversion: 9\nchangelog:\n  - version: 1.10\n    date: 2024-13-01\n    changes: [a]\n  - {version: 1.9, changes: b, chnages: c}\nowner: me\nversion: 7\n---\n";
        let lines = SourceLines::find(text, 1, 11, true);
        assert_eq!(lines.versions, [(5, "1.10".to_owned()), (8, "1.9".to_owned())]);
        let items = json!([{"version": 1.1, "date": "2024-13-01", "changes": ["a"]},
            {"version": 1.9, "changes": "b", "chnages": "c"}]);
        let (entries, problems) = read_entries(items.as_array().map_or(&[][..], |v| v), &lines);
        assert_eq!(versions(&entries), ["1.10", "1.9"]);
        let got: Vec<_> = problems.iter().map(|p| (p.code, p.line)).collect();
        assert_eq!(got, [("changelog-invalid-date", 5), ("changelog-unknown-field", 8)]);
    }

    #[test]
    fn categories_duplicates_and_malformed_entries_stay_visible() {
        let items = json!([{"version": "1.0.0", "added": ["x", "y"], "security": "z", "author": ["Ana", "Bo"]},
            {"version": "1.0.0"}, "just text"]);
        let (entries, problems) = read_entries(items.as_array().map_or(&[][..], |v| v), &SourceLines::default());
        assert_eq!(entries[0].changes.len(), 3);
        assert_eq!(entries[0].changes[2].category, Some(Category::Security));
        assert_eq!(entries[0].author.as_deref(), Some("Ana, Bo"));
        assert_eq!(entries[2].changes[0].text, "just text");
        let codes: Vec<_> = problems.iter().map(|p| p.code).collect();
        assert_eq!(
            codes,
            [
                "changelog-empty-entry",
                "changelog-malformed-entry",
                "changelog-duplicate-version"
            ]
        );
    }
}

//! Entries and commits to text: an HTML table (every value escaped, no blank
//! line inside, so it stays one HTML block) for the HTML renderer, a
//! markdown table with escaped text for every other renderer.

use crate::config::ChangelogConfig;
use crate::entry::{Category, Entry, Version};
use crate::git::Commit;
use crate::recent::RecentPage;
use handbook_core::html::escape;
use handbook_core::markdown::escape_text as md_escape;
use std::fmt::Write as _;

fn version_cell(e: &Entry) -> String {
    match (&e.version, &e.version_text) {
        (Version::Unreleased, _) => "Unreleased".to_owned(),
        (_, Some(t)) => t.clone(),
        (_, None) => String::new(),
    }
}

fn date_cell(e: &Entry) -> (String, Option<String>) {
    match (e.date, &e.date_text) {
        (Some(d), _) => (d.to_string(), Some(d.to_string())),
        (None, Some(t)) => (t.clone(), None),
        (None, None) => (String::new(), None),
    }
}

/// `{{#changelog}}` and `{{#changelog file=...}}`: Version | Date | Changes | Author.
pub fn entries_table(entries: &[Entry], html: bool) -> String {
    let authors = entries.iter().any(|e| e.author.is_some());
    let mut head = vec!["Version", "Date", "Changes"];
    if authors {
        head.push("Author");
    }
    let rows: Vec<Vec<Cell>> = entries
        .iter()
        .map(|e| {
            let (date, datetime) = date_cell(e);
            let mut row = vec![
                Cell::Text(version_cell(e)),
                Cell::Date { shown: date, datetime },
                Cell::Changes(e.changes.iter().map(|c| (c.category, c.text.clone())).collect()),
            ];
            if authors {
                row.push(Cell::Text(e.author.clone().unwrap_or_default()));
            }
            row
        })
        .collect();
    let classes: Vec<&str> = entries
        .iter()
        .map(|e| {
            if e.version == Version::Unreleased {
                "hb-unreleased"
            } else {
                ""
            }
        })
        .collect();
    table(&head, &rows, &classes, html)
}

/// `{{#changelog git}}`: Date | Change | Author | Commit, newest first.
pub fn commits_table(commits: &[&Commit], config: &ChangelogConfig, html: bool) -> String {
    if commits.is_empty() {
        return empty_note("No commit has touched this page yet.", html);
    }
    let rows: Vec<Vec<Cell>> = commits
        .iter()
        .map(|c| {
            vec![
                Cell::Date {
                    shown: c.day().to_owned(),
                    datetime: Some(c.date.clone()),
                },
                Cell::Text(c.subject.clone()),
                Cell::Text(c.author.clone()),
                Cell::Commit {
                    short: c.short_hash().to_owned(),
                    url: config.commit_link(&c.hash),
                },
            ]
        })
        .collect();
    table(&["Date", "Change", "Author", "Commit"], &rows, &[], html)
}

/// Shown where git data was asked for but the build has none.
pub fn empty_note(text: &str, html: bool) -> String {
    if html {
        format!("<p class=\"hb-changelog-empty\">{}</p>\n", escape(text))
    } else {
        format!("*{}*\n", md_escape(text))
    }
}

enum Cell {
    Text(String),
    Date { shown: String, datetime: Option<String> },
    Changes(Vec<(Option<Category>, String)>),
    Commit { short: String, url: Option<String> },
}

impl Cell {
    fn html(&self) -> String {
        match self {
            Cell::Text(t) => escape(t).into_owned(),
            Cell::Date {
                shown,
                datetime: Some(dt),
            } => {
                format!("<time datetime=\"{}\">{}</time>", escape(dt), escape(shown))
            }
            Cell::Date { shown, datetime: None } => escape(shown).into_owned(),
            Cell::Changes(changes) => match changes.as_slice() {
                [] => String::new(),
                [(None, text)] => escape(text).into_owned(),
                _ => {
                    let mut out = String::from("<ul>");
                    for (category, text) in changes {
                        out.push_str("<li>");
                        if let Some(c) = category {
                            let _ = write!(
                                out,
                                "<span class=\"hb-change\" data-category=\"{}\">{}</span> ",
                                c.label().to_ascii_lowercase(),
                                c.label()
                            );
                        }
                        let _ = write!(out, "{}</li>", escape(text));
                    }
                    out.push_str("</ul>");
                    out
                }
            },
            Cell::Commit { short, url } => commit_html(short, url.as_deref()),
        }
    }

    fn markdown(&self) -> String {
        match self {
            Cell::Text(t) | Cell::Date { shown: t, .. } => md_escape(t),
            Cell::Changes(changes) => changes
                .iter()
                .map(|(category, text)| match category {
                    Some(c) => format!("**{}:** {}", c.label(), md_escape(text)),
                    None => md_escape(text),
                })
                .collect::<Vec<_>>()
                .join("; "),
            Cell::Commit { short, url } => commit_markdown(short, url.as_deref()),
        }
    }
}

fn commit_html(short: &str, url: Option<&str>) -> String {
    match url.and_then(handbook_core::html::href) {
        Some(href) => format!("<a href=\"{href}\"><code>{}</code></a>", escape(short)),
        None => format!("<code>{}</code>", escape(short)),
    }
}

fn commit_markdown(short: &str, url: Option<&str>) -> String {
    match url {
        Some(u) => format!("[`{short}`](<{}>)", u.replace(['<', '>', ' '], "")),
        None => format!("`{short}`"),
    }
}

fn table(head: &[&str], rows: &[Vec<Cell>], row_classes: &[&str], html: bool) -> String {
    let mut out = String::new();
    if html {
        out.push_str("<div class=\"table-wrapper hb-changelog\">\n<table>\n<thead>\n<tr>");
        for h in head {
            let _ = write!(out, "<th>{h}</th>");
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        for (i, row) in rows.iter().enumerate() {
            match row_classes.get(i).filter(|c| !c.is_empty()) {
                Some(class) => {
                    let _ = write!(out, "<tr class=\"{class}\">");
                }
                None => out.push_str("<tr>"),
            }
            for cell in row {
                let _ = write!(out, "<td>{}</td>", cell.html());
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    } else {
        let _ = writeln!(out, "| {} |", head.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
        for row in rows {
            let cells: Vec<String> = row.iter().map(Cell::markdown).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
    out
}

/// "Last updated 2024-05-01 by Ana (abc1234)", inline.
pub fn last_updated(commit: &Commit, config: &ChangelogConfig, html: bool) -> String {
    let url = config.commit_link(&commit.hash);
    if html {
        format!(
            "<span class=\"hb-last-updated\">Last updated <time datetime=\"{}\">{}</time> by {} ({})</span>",
            escape(&commit.date),
            escape(commit.day()),
            escape(&commit.author),
            commit_html(commit.short_hash(), url.as_deref())
        )
    } else {
        format!(
            "Last updated {} by {} ({})",
            md_escape(commit.day()),
            md_escape(&commit.author),
            commit_markdown(commit.short_hash(), url.as_deref())
        )
    }
}

/// "Last updated" from a change-log entry the author wrote (no commit to link).
pub fn last_updated_entry(entry: &crate::entry::Entry, html: bool) -> String {
    let day = entry.date.map(|d| d.to_string()).unwrap_or_default();
    let by = entry.author.as_deref().filter(|a| !a.is_empty());
    if html {
        let by = by.map(|a| format!(" by {}", escape(a))).unwrap_or_default();
        format!(
            "<span class=\"hb-last-updated\">Last updated <time datetime=\"{0}\">{0}</time>{by}</span>",
            escape(&day)
        )
    } else {
        let by = by.map(|a| format!(" by {}", md_escape(a))).unwrap_or_default();
        format!("Last updated {}{by}", md_escape(&day))
    }
}

/// `{{#changelog recent ...}}`: pages newest first, each with its changes.
pub fn recent_list(pages: &[RecentPage<'_>], config: &ChangelogConfig, html: bool) -> String {
    if pages.is_empty() {
        return empty_note("Nothing has changed in this period.", html);
    }
    let mut out = String::new();
    if html {
        out.push_str("<div class=\"hb-changelog-recent\">\n<ul>\n");
    }
    for page in pages {
        if html {
            let _ = writeln!(out, "<li>{}\n<ul>", handbook_core::html::link(&page.href, page.title));
        } else {
            let _ = writeln!(
                out,
                "- [{}](<{}>)",
                md_escape(page.title),
                page.href.replace(['<', '>'], "")
            );
        }
        for change in &page.changes {
            let by = change.author.as_deref().filter(|a| !a.is_empty());
            let commit = change.commit.map(|c| (c.short_hash(), config.commit_link(&c.hash)));
            if html {
                let _ = write!(
                    out,
                    "<li><time datetime=\"{}\">{}</time> {}",
                    escape(&change.datetime),
                    escape(&change.day),
                    escape(&change.text)
                );
                let mut tail: Vec<String> = by.map(|a| escape(a).into_owned()).into_iter().collect();
                tail.extend(commit.as_ref().map(|(s, u)| commit_html(s, u.as_deref())));
                if !tail.is_empty() {
                    let _ = write!(out, " ({})", tail.join(", "));
                }
                out.push_str("</li>\n");
            } else {
                let _ = write!(out, "  - {} {}", md_escape(&change.day), md_escape(&change.text));
                let mut tail: Vec<String> = by.map(md_escape).into_iter().collect();
                tail.extend(commit.as_ref().map(|(s, u)| commit_markdown(s, u.as_deref())));
                if !tail.is_empty() {
                    let _ = write!(out, " ({})", tail.join(", "));
                }
                out.push('\n');
            }
        }
        if html {
            out.push_str("</ul>\n</li>\n");
        }
    }
    if html {
        out.push_str("</ul>\n</div>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(subject: &str) -> Commit {
        Commit {
            hash: "0123456789abcdef0123456789abcdef01234567".into(),
            date: "2024-05-01T10:00:00+02:00".into(),
            author: "Ana <ana@x>".into(),
            subject: subject.into(),
        }
    }

    #[test]
    fn hostile_subjects_are_escaped_in_both_forms() {
        let c = commit("<script>alert(1)</script> | *x*");
        let config = ChangelogConfig {
            commit_url: Some("https://g.example/c/{hash}?a=1&b=\"".into()),
            ..ChangelogConfig::default()
        };
        let html = commits_table(&[&c], &config, true);
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"), "{html}");
        assert!(
            html.contains("href=\"https://g.example/c/0123456789abcdef0123456789abcdef01234567?a=1&amp;b=&quot;\"")
        );
        assert!(!html.trim_end().contains("\n\n"));
        let md = commits_table(&[&c], &config, false);
        assert!(md.contains("\\<script\\>alert(1)\\</script\\> \\| \\*x\\*"), "{md}");
        assert_eq!(md.lines().count(), 3);
    }

    #[test]
    fn last_updated_line() {
        let c = commit("s");
        let text = last_updated(&c, &ChangelogConfig::default(), false);
        assert_eq!(text, "Last updated 2024-05-01 by Ana \\<ana@x\\> (`0123456`)");
    }
}

//! `{{#changelog recent N}}`: what changed across the whole handbook lately,
//! from every page's dated change-log entries and its git commits, grouped
//! by page (the page with the newest change first).

use crate::entry::{Entry, Version};
use crate::git::{Commit, Pages};
use crate::scan::Recent;
use handbook_core::Chapter;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use std::path::Path;

pub struct RecentChange<'a> {
    /// For `<time datetime>`: the full git date, or the entry's ISO date.
    pub datetime: String,
    pub day: String,
    pub text: String,
    pub author: Option<String>,
    pub commit: Option<&'a Commit>,
    when: DateTime,
}

pub struct RecentPage<'a> {
    pub title: &'a str,
    /// Relative link from the page that holds the list.
    pub href: String,
    pub changes: Vec<RecentChange<'a>>,
}

/// `entries[i]` are chapter i's front-matter entries.
pub fn collect<'a>(
    chapters: &'a [Chapter],
    entries: &'a [Option<Vec<Entry>>],
    history: Option<Pages<'a>>,
    from: usize,
    which: &Recent,
    today: Date,
    html: bool,
) -> Vec<RecentPage<'a>> {
    let mut all: Vec<(usize, RecentChange<'a>)> = Vec::new();
    for (i, chapter) in chapters.iter().enumerate().filter(|(_, c)| !c.is_draft()) {
        for e in entries.get(i).and_then(Option::as_ref).into_iter().flatten() {
            let Some(date) = e.date else { continue };
            let changes: Vec<&str> = e.changes.iter().map(|c| c.text.as_str()).collect();
            let text = match (&e.version, &e.version_text) {
                (Version::Release(_) | Version::Unreadable, Some(v)) => format!("{v}: {}", changes.join("; ")),
                _ => changes.join("; "),
            };
            all.push((
                i,
                RecentChange {
                    datetime: date.to_string(),
                    day: date.to_string(),
                    text,
                    author: e.author.clone(),
                    commit: None,
                    when: date.date.to_datetime(jiff::civil::Time::midnight()),
                },
            ));
        }
        let (Some(history), Some(source)) = (history, chapter.source_path.as_deref()) else {
            continue;
        };
        for c in history.for_source(source) {
            let Some(ts) = c.timestamp() else { continue };
            all.push((
                i,
                RecentChange {
                    datetime: c.date.clone(),
                    day: c.day().to_owned(),
                    text: c.subject.clone(),
                    author: Some(c.author.clone()),
                    commit: Some(c),
                    when: TimeZone::UTC.to_datetime(ts),
                },
            ));
        }
    }
    all.sort_by_key(|c| std::cmp::Reverse(c.1.when));
    match which {
        Recent::Count(n) => all.truncate(*n),
        Recent::Within(_) => {
            let since = which.period().and_then(|p| today.checked_sub(p).ok()).unwrap_or(today);
            all.retain(|(_, c)| c.when.date() >= since);
        }
    }
    let mut pages: Vec<(usize, RecentPage<'a>)> = Vec::new();
    let from_path = chapters
        .get(from)
        .and_then(|c| c.path.as_deref())
        .unwrap_or(Path::new(""));
    for (i, change) in all {
        match pages.iter_mut().find(|(j, _)| *j == i) {
            Some((_, page)) => page.changes.push(change),
            None => {
                let target = chapters[i].path.as_deref().unwrap_or(Path::new(""));
                pages.push((
                    i,
                    RecentPage {
                        title: &chapters[i].name,
                        href: handbook_core::links::relative_href(from_path, target, html),
                        changes: vec![change],
                    },
                ));
            }
        }
    }
    pages.into_iter().map(|(_, p)| p).collect()
}

//! Chapters → what each page says about its status, plus diagnostics.
//! Scanning never fails: an unreadable value keeps its text and warns.

mod facts;
mod place;

pub use facts::{Fact, Role, known_keys};

use crate::config::Settings;
use crate::links;
use facts::{ROLES, alias_value, field_text, link_target, role_of, unwrap_badge};
use handbook_core::date::{self, HandbookDate};
use handbook_core::directive::{self, Directive};
use handbook_core::markdown::{self, inline_text};
use handbook_core::meta::{PageMeta, header_block, normalize_key};
use handbook_core::protocol::Context;
use handbook_core::status::{Status, StatusWords};
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level, parallel};
use jiff::civil::Date;
use place::{header_region_end, last_day};
use serde_json::Value;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where the card and banners go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// The bold header block: its lines are replaced, so nothing shows twice.
    Replace(Range<usize>),
    /// After the H1 (or at the top when the page has no H1 first).
    Insert(usize),
}

/// When the page is due for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDate {
    pub due: HandbookDate,
    pub overdue: bool,
}

/// The page that replaces this one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replacement {
    Page {
        name: String,
        path: PathBuf,
        anchor: String,
    },
    /// A page on the web (`https://` or `http://`), linked as given.
    External(String),
    /// Not a chapter of this book: shown as written.
    Unresolved(String),
}

/// One `{{#status WORDS}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    pub range: Range<usize>,
    pub status: Status,
}

/// Everything this preprocessor knows about one page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Index into the chapter slice.
    pub index: usize,
    pub name: String,
    pub path: PathBuf,
    /// Under a `skip` glob (ADR folders): no card, banner or review check.
    pub skipped: bool,
    pub facts: Vec<Fact>,
    pub status: Option<Status>,
    pub owner: Option<String>,
    pub last_updated: Option<String>,
    pub review: Option<ReviewDate>,
    pub replacement: Option<Replacement>,
    pub placement: Option<Placement>,
    pub badges: Vec<Badge>,
    pub reports: Vec<Directive>,
}

impl Page {
    pub fn lifecycle(&self) -> Option<&str> {
        self.status.as_ref().and_then(|s| s.normalized.as_deref())
    }

    pub fn fact(&self, role: Role) -> Option<&Fact> {
        self.facts.iter().find(|f| f.role == role)
    }
}

/// Lifecycle words of pages nobody maintains any more: no review is expected.
const NOT_REVIEWED: &[&str] = &["archived", "superseded", "rejected"];

/// Shared state of one scan.
pub struct Scanner<'a> {
    pub ctx: &'a Context,
    pub settings: &'a Settings,
    pub words: StatusWords,
    pub today: Option<Date>,
    /// Chapter source paths (normalized, `/`-separated) → index, for replacement links.
    sources: Vec<(String, usize)>,
}

impl<'a> Scanner<'a> {
    pub fn new(ctx: &'a Context, settings: &'a Settings, today: Option<Date>, chapters: &[Chapter]) -> Self {
        let sources = chapters
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_draft())
            .filter_map(|(i, c)| Some((links::slash(c.source_path.as_deref()?), i)))
            .collect();
        Scanner {
            ctx,
            words: StatusWords::new(&settings.statuses),
            settings,
            today,
            sources,
        }
    }

    /// Every page of the book (drafts have none), in book order.
    pub fn scan(&self, chapters: &[Chapter], diagnostics: &mut Diagnostics) -> Vec<Page> {
        parallel::read_chapters(self.ctx, chapters, "status", diagnostics, |i, c, found| {
            (!c.is_draft()).then(|| self.page(i, c, chapters, found))
        })
        .into_iter()
        .flatten()
        .flatten()
        .collect()
    }

    fn page(&self, index: usize, chapter: &Chapter, chapters: &[Chapter], diagnostics: &mut Diagnostics) -> Page {
        let text = &chapter.content;
        let skipped = chapter
            .source_path
            .as_deref()
            .is_some_and(|source| self.settings.skip.matches(source));
        let mut page = Page {
            index,
            name: chapter.name.clone(),
            path: chapter.path.clone().unwrap_or_default(),
            skipped,
            facts: Vec::new(),
            status: None,
            owner: None,
            last_updated: None,
            review: None,
            replacement: None,
            placement: None,
            badges: Vec::new(),
            reports: Vec::new(),
        };
        // Lines count the front matter, as the file does: facts come from it
        // or from the page (its lines moved by `first_line`).
        let first_line = chapter.first_line();
        let mut warn = |code: &'static str, line: usize, message: String| {
            diagnostics.push(
                Diagnostic::new(Level::Warning, code, message)
                    .at(self.ctx.display_path(chapter), line)
                    .counting_front_matter(),
            );
        };
        if !skipped {
            let front_matter = chapter.front_matter().cloned();
            let header = header_block::scan_top(&text[..header_region_end(text)]);
            let meta = PageMeta { front_matter, header };
            page.placement = self.read_facts(&meta, chapter, &mut page.facts);
            for fact in &page.facts {
                for (_, refused) in markdown::refused_links(&fact.value, &self.ctx.markdown) {
                    warn(
                        "unsafe-url",
                        fact.line,
                        format!("{}: {refused}; its text is shown", fact.label),
                    );
                }
            }
            self.understand(&mut page, chapter, chapters, &mut warn);
        }
        let replaced = match &page.placement {
            Some(Placement::Replace(r)) => r.clone(),
            _ => 0..0,
        };
        for d in directive::find(chapter, &["status", "status-report"], &self.ctx.markdown) {
            if replaced.contains(&d.range.start) {
                continue;
            }
            if d.name == "status-report" {
                if d.is_alone_on_its_line(text) {
                    page.reports.push(d);
                } else {
                    warn(
                        "status-report-inline",
                        d.line + first_line - 1,
                        "`{{#status-report}}` must be alone on its line (it becomes a table); left as written"
                            .to_owned(),
                    );
                }
            } else if d.args.is_empty() {
                warn(
                    "status-empty",
                    d.line + first_line - 1,
                    "`{{#status}}` needs the status words, e.g. `{{#status draft}}`; left as written".to_owned(),
                );
            } else {
                let status = self.words.status(&d.args);
                if status.normalized.is_none() {
                    warn(
                        "status-unknown-word",
                        d.line + first_line - 1,
                        unknown_word(&status.written),
                    );
                }
                page.badges.push(Badge { range: d.range, status });
            }
        }
        page
    }

    /// Collects the card's facts; returns where the card goes, if the page has one.
    fn read_facts(&self, meta: &PageMeta, chapter: &Chapter, facts: &mut Vec<Fact>) -> Option<Placement> {
        let first_line = chapter.first_line();
        let header = meta
            .header
            .as_ref()
            .filter(|h| h.fields.iter().any(|f| role_of(&f.key) != Role::Other));
        if let Some(h) = header {
            facts.extend(h.fields.iter().map(|f| Fact {
                role: role_of(&f.key),
                label: f.label.clone(),
                value: f.value.clone(),
                line: f.line + first_line - 1,
            }));
        }
        if let Some(fm) = &meta.front_matter {
            for (role, label, keys) in ROLES {
                if facts.iter().any(|f| f.role == *role) {
                    continue;
                }
                let field = fm.fields.iter().find_map(|(k, v)| {
                    let key = self.settings.suite_key(&normalize_key(k));
                    keys.contains(&key.as_str())
                        .then(|| alias_value(&key, v))
                        .flatten()
                        .map(|value| (k, value))
                });
                let Some((key, value)) = field else {
                    continue;
                };
                facts.push(Fact {
                    role: *role,
                    label: (*label).to_owned(),
                    value,
                    line: fm.key_line(key),
                });
            }
            // Docusaurus's `last_update: {date, author}`: the author is shown as written.
            if let Some((key, Value::Object(update))) = fm
                .fields
                .iter()
                .find(|(k, _)| self.settings.suite_key(&normalize_key(k)) == "last-update")
                && let Some(author) = update.get("author").and_then(field_text)
            {
                facts.push(Fact {
                    role: Role::Other,
                    label: "Updated by".to_owned(),
                    value: author,
                    line: fm.key_line(key),
                });
            }
        }
        if facts.is_empty() {
            return None;
        }
        if let Some(h) = header {
            return Some(Placement::Replace(h.span.clone()));
        }
        Some(Placement::Insert(chapter.outline(&self.ctx.markdown).under_title))
    }

    /// Status, owner, dates and replacement from the facts, with their warnings.
    fn understand(
        &self,
        page: &mut Page,
        chapter: &Chapter,
        chapters: &[Chapter],
        warn: &mut impl FnMut(&'static str, usize, String),
    ) {
        if let Some(f) = page.fact(Role::Status).filter(|f| !unwrap_badge(&f.value).is_empty()) {
            // As the reader sees it: `Draft &lt;beta&gt;` is the word `Draft <beta>`.
            let status = self.words.status(&inline_text(unwrap_badge(&f.value)));
            if status.normalized.is_none() && !status.written.is_empty() {
                warn("status-unknown-word", f.line, unknown_word(&status.written));
            }
            page.status = Some(status);
        }
        page.owner = page.fact(Role::Owner).map(|f| f.value.clone());
        page.last_updated = page.fact(Role::LastUpdated).map(|f| f.value.clone());
        let mut read_date = |f: Option<&Fact>| {
            let f = f.filter(|f| !f.value.is_empty())?;
            let d = date::parse_date(&f.value);
            if d.is_none() {
                warn(
                    "status-unreadable-date",
                    f.line,
                    format!(
                        "`{}` is not a date this preprocessor can read (try 2026-01-31); it is shown as written",
                        f.value
                    ),
                );
            }
            d.map(|d| (d, f.line))
        };
        let _ = read_date(page.fact(Role::LastUpdated));
        let next = read_date(page.fact(Role::NextReview));
        // `reviewed:` is a date or the commit a page was checked against, for
        // status as for drift (the core's one reading): a commit is shown as
        // written and gives no review due date, and is no unreadable date.
        let last = match page.fact(Role::LastReviewed).filter(|f| !f.value.is_empty()) {
            Some(f) => match date::review_point(&inline_text(&f.value)) {
                date::ReviewPoint::Date(d) => Some((d, f.line)),
                date::ReviewPoint::Commit(_) => None,
                date::ReviewPoint::Unreadable => {
                    warn(
                        "status-unreadable-date",
                        f.line,
                        format!(
                            "`{}` is not a date this preprocessor can read (try 2026-01-31) nor a commit \
                             (`3f2a1c9`); it is shown as written",
                            f.value
                        ),
                    );
                    None
                }
            },
            None => None,
        };
        let due = match (next, last) {
            (Some(next), _) => Some(next),
            (None, Some((last, line))) if page.fact(Role::NextReview).is_none() => {
                let every = page.fact(Role::ReviewEvery).map(|f| (f.value.clone(), f.line));
                let every = every.or_else(|| self.settings.review_every.clone().map(|v| (v, line)));
                every.and_then(|(text, every_line)| match date::parse_period(&text) {
                    Some(span) => last.date.checked_add(span).ok().map(|date| (HandbookDate { date, precision: last.precision }, line)),
                    None => {
                        warn("status-unreadable-period", every_line, format!("`{text}` is not a review period this preprocessor can read (try `6 months`, `1 year`, `90 days`)"));
                        None
                    }
                })
            }
            _ => None,
        };
        if let Some((due, line)) = due {
            let maintained = !page.lifecycle().is_some_and(|l| NOT_REVIEWED.contains(&l));
            let overdue = maintained && self.today.is_some_and(|today| last_day(due) < today);
            if overdue {
                warn(
                    "status-review-overdue",
                    line,
                    format!("`{}` was due for review on {due}", chapter.name),
                );
            }
            page.review = Some(ReviewDate { due, overdue });
        }
        if let Some(f) = page.fact(Role::SupersededBy).filter(|f| !f.value.is_empty()) {
            let replacement = self.replacement(chapter, chapters, &f.value);
            if let Replacement::Unresolved(text) = &replacement {
                warn(
                    "status-broken-link",
                    f.line,
                    format!("superseded by `{text}`, which is not a chapter of this book; shown without a link"),
                );
            }
            page.replacement = Some(replacement);
        }
    }

    fn replacement(&self, chapter: &Chapter, chapters: &[Chapter], value: &str) -> Replacement {
        let target = link_target(value);
        let (file, anchor) = links::split_anchor(target);
        let dir = chapter
            .source_path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""));
        let found = (!file.is_empty() && !file.contains("://"))
            .then(|| handbook_core::paths::lexical(&dir.join(file)))
            .flatten()
            .and_then(|p| {
                let p = links::slash(&p);
                self.sources.iter().find(|(s, _)| *s == p).map(|(_, i)| *i)
            })
            .and_then(|i| chapters.get(i));
        match found.and_then(|c| Some((c, c.path.clone()?))) {
            Some((c, path)) => Replacement::Page {
                name: c.name.clone(),
                path,
                anchor: anchor.to_owned(),
            },
            None if target.starts_with("https://") || target.starts_with("http://") => {
                Replacement::External(target.to_owned())
            }
            None => Replacement::Unresolved(value.to_owned()),
        }
    }
}

fn unknown_word(written: &str) -> String {
    format!(
        "`{written}` is not a status word this book knows; it gets the neutral badge; {}",
        handbook_core::status::unknown_status_hint(
            written,
            "handbook.status",
            &["current", "draft", "stable", "deprecated", "archived"]
        )
    )
}

#[cfg(test)]
mod tests;

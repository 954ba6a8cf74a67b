//! mdbook-handbook-status: where each page stands, at a glance.
//!
//! - `{{#status WORDS}}` anywhere in prose or tables becomes a status badge;
//! - a page's status, owner and dates (front matter or the bold header block
//!   at its top) become one compact card, with banners for draft, deprecated,
//!   superseded and archived pages and for pages overdue for review;
//! - `{{#status-report}}` becomes a dashboard of every page, overdue first.
//!
//! Pages under the `skip` globs (by default the ADR folders) get no card:
//! decision records get theirs from handbook-adr, with the same badges.
//!
//! ```toml
//! [preprocessor.handbook.status]
//! after = ["links"]
//! today = "2026-01-31"          # MDBOOK_HANDBOOK_TODAY wins; default: the UTC date
//! review-every = "12 months"    # for pages with `last-reviewed` and no `review-every`
//! skip = ["**/decisions/**"]    # default: decisions, adr, adrs, decision-records, architecture-decisions
//! deny-warnings = false         # true: overdue pages and unreadable dates fail the build
//!
//! [preprocessor.handbook.status.statuses]   # the team's words → lifecycle words
//! "on hold" = "proposed"
//! sunset = "sunset"
//!
//! [preprocessor.handbook.status.palette]    # hex colours, checked for 4.5:1 contrast: CSS rules
//!                                           # on [data-status], so every badge of the book takes them
//! sunset = { text = "#ffffff", background = "#6e4000" }
//!
//! [preprocessor.handbook.status.banners]    # by lifecycle word or `overdue`; "" turns one off
//! draft = "Work in progress: ask #docs before relying on this page."
//! overdue = "Due for review since {date}."
//! ```
//!
//! Diagnostics: `status-unknown-word`, `status-empty`, `status-unreadable-date`,
//! `status-unreadable-period`, `status-review-overdue`, `status-broken-link`,
//! `status-report-inline` (warnings); `status-palette-contrast` (an error);
//! `status-today` (an error: `MDBOOK_HANDBOOK_TODAY` is not a date). Bad
//! values in the table are `config` errors (`StatusConfig::validate`).

pub mod codes;
pub mod config;
pub mod links;
pub mod palette;
pub mod render;
pub mod scan;

use config::StatusConfig;
use handbook_core::date;
use handbook_core::facts::Facts;
use handbook_core::protocol::{Context, Edits, HandbookPreprocessor};
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};

/// The `handbook-status` preprocessor.
#[derive(Debug, Default, Clone, Copy)]
pub struct StatusPreprocessor;

impl HandbookPreprocessor for StatusPreprocessor {
    const NAME: &'static str = "status";
    type Config = StatusConfig;
    const CODES: &'static [handbook_core::Code] = codes::CODES;

    /// The palette as rules on `[data-status]`: every badge of the book,
    /// the decision log's included, takes them, and no markup is edited.
    fn stylesheet(&self, config: &StatusConfig) -> String {
        palette::css(config)
    }

    fn run(
        &self,
        ctx: &Context,
        config: &StatusConfig,
        chapters: &[Chapter],
        facts: &mut Facts,
        diagnostics: &mut Diagnostics,
    ) -> Edits {
        let settings = config.settings(diagnostics);
        let today = date::today(settings.today.as_deref())
            .map_err(|e| {
                diagnostics.push(
                    Diagnostic::new(
                        Level::Error,
                        "status-today",
                        // Only the environment can be wrong here: a bad `today` key is refused by `validate`.
                        format!("{e}; review dates are not checked"),
                    )
                    .in_file("book.toml"),
                );
            })
            .ok();
        let scanner = scan::Scanner::new(ctx, &settings, today, chapters);
        let pages = scanner.scan(chapters, diagnostics);
        publish_facts(chapters, &pages, facts);
        render::Renderer::new(ctx, &settings).edits(chapters, &pages)
    }
}

/// Each page's lifecycle as later capabilities read it (`Facts::pages`),
/// keyed by the chapter's source path like every capability's facts.
fn publish_facts(chapters: &[Chapter], pages: &[scan::Page], facts: &mut Facts) {
    for page in pages {
        let Some(source) = chapters.get(page.index).and_then(|c| c.source_path.clone()) else {
            continue;
        };
        let fact = |role| page.fact(role).map(|f| f.value.clone());
        let entry = facts.page_mut(source);
        entry.status = page.status.as_ref().map(|s| s.written.clone());
        entry.lifecycle = page.lifecycle().map(str::to_owned);
        entry.owner = page.owner.clone();
        entry.last_reviewed = fact(scan::Role::LastReviewed);
        entry.review_due = page.review.as_ref().map(|r| r.due.to_string());
        entry.overdue = page.review.as_ref().is_some_and(|r| r.overdue);
    }
}

/// Whether a page's front matter key (normalized) is one this preprocessor
/// reads under the book's config (`keys` included), for `mdbook-handbook check`.
pub fn reads_key(book_config: &serde_json::Value, key: &str) -> bool {
    if scan::known_keys().any(|k| k == key) {
        return true;
    }
    book_config
        .pointer("/preprocessor/handbook/status/keys")
        .and_then(serde_json::Value::as_object)
        .is_some_and(|keys| {
            keys.values()
                .filter_map(serde_json::Value::as_str)
                .any(|page_key| handbook_core::meta::normalize_key(page_key) == key)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use handbook_core::ProtocolBook;
    use handbook_core::protocol;
    use serde_json::json;

    /// Facts are keyed by source path: a `README.md`, which mdBook serves as
    /// `index.md`, is `README.md` here as in every other capability's facts.
    #[test]
    fn page_facts_are_keyed_by_the_source_path() {
        let page =
            handbook_core::testing::Page::new("guide/README.md", "---\nstatus: draft\nowner: Ana\n---\n# Guide\n");
        let ctx = handbook_core::testing::context("/nonexistent", "html", json!({"book": {"src": "src"}}));
        let outcome = protocol::process(&StatusPreprocessor, &ctx, handbook_core::testing::book(&[page])).unwrap();
        let facts = outcome.facts.pages.get(std::path::Path::new("guide/README.md"));
        assert_eq!(
            facts.and_then(|f| f.lifecycle.as_deref()),
            Some("draft"),
            "{:?}",
            outcome.facts
        );
        assert_eq!(facts.and_then(|f| f.owner.as_deref()), Some("Ana"));
        assert_eq!(outcome.facts.pages.len(), 1);
    }

    #[test]
    fn unreadable_values_are_config_errors_naming_the_key() {
        for (key, value, want) in [
            (
                "review-every",
                "fortnightly-ish",
                "key `review-every`: `fortnightly-ish` is not a period",
            ),
            (
                "today",
                "soon",
                "key `today`: is `soon`, expected a date like 2026-01-31",
            ),
        ] {
            let config = json!({"preprocessor": {"handbook": {"status": {key: value}}}});
            let ctx = Context::new("/b".into(), "html", protocol::BUILT_FOR_MDBOOK, config);
            let book = ProtocolBook::from_value(json!({"items": []})).unwrap();
            let err = protocol::process(&StatusPreprocessor, &ctx, book)
                .err()
                .unwrap()
                .to_string();
            assert!(
                err.starts_with(&format!(
                    "book.toml: error[config]: [preprocessor.handbook.status] {want}"
                )),
                "{err}"
            );
        }
    }
}

//! mdbook-handbook-changelog: change-log tables from a page's front matter
//! or its own hand-written change-log table, from TOML or YAML data files,
//! and from git (one `git log` per build).
//!
//! ```text
//! {{#changelog}}                    the page's `changelog:` front matter
//! {{#changelog file=log.toml}}      a data file, relative to the page's file
//! {{#changelog git limit=10}}       the commits that touched this page
//! {{#changelog recent 10}}          the latest changes of the whole book, by page
//! {{#changelog last-updated}}       "Last updated <date> by <author>", inline
//! ```

pub mod codes;
pub mod config;
pub mod data_file;
pub mod entry;
/// The one `git log` pass, shared with handbook-adr, lives in the core.
pub use handbook_core::git;
mod pages;
pub mod recent;
pub mod render;
pub mod scan;
pub mod table;
mod written;

use config::ChangelogConfig;
use handbook_core::facts::Facts;
use handbook_core::protocol::{Context, Edits, HandbookPreprocessor};
use handbook_core::{Chapter, Diagnostics, parallel};

/// The change-log preprocessor; see the crate docs for its directives.
#[derive(Debug, Default, Clone, Copy)]
pub struct ChangelogPreprocessor;

impl HandbookPreprocessor for ChangelogPreprocessor {
    const NAME: &'static str = "changelog";
    type Config = ChangelogConfig;
    const CODES: &'static [handbook_core::Code] = codes::CODES;

    fn run(
        &self,
        ctx: &Context,
        config: &ChangelogConfig,
        chapters: &[Chapter],
        _facts: &mut Facts,
        diagnostics: &mut Diagnostics,
    ) -> Edits {
        let requests = scan::requests(ctx, chapters, diagnostics);
        let entries: Vec<_> = parallel::read_chapters(ctx, chapters, Self::NAME, diagnostics, |_, c, found| {
            (!c.is_draft()).then(|| scan::page_entries(ctx, c, found)).flatten()
        })
        .into_iter()
        .map(Option::flatten)
        .collect();
        let history = pages::history(ctx, config, chapters, &requests, diagnostics);
        let book = pages::Book {
            ctx,
            config,
            chapters,
            entries: &entries,
            history,
        };
        book.edits(&requests, diagnostics)
    }
}

/// Whether a page's front matter key (normalized) is one this preprocessor
/// reads, for `mdbook-handbook check`: the page's `changelog` list.
pub fn reads_key(key: &str) -> bool {
    key == "changelog"
}

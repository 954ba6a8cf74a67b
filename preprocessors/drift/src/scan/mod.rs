//! Chapters into the drift model: what each page says it describes, when it
//! was last reviewed, which ADRs its prose cites, and where a report goes.
//! Nothing here reads git or the file system: checks are `check.rs`'s job.

pub mod cites;
mod describes;
pub mod paths;

use handbook_core::directive::{self, Directive};
use handbook_core::protocol::Context;
use handbook_core::{Chapter, Diagnostics, parallel};
use paths::Layout;
use std::collections::HashMap;
use std::path::PathBuf;

/// One thing a page says it describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// As the author wrote it (for messages).
    pub written: String,
    /// Repository-relative, `/`-separated, without `#symbol`; `None` when it
    /// leaves the repository.
    pub path: Option<String>,
    /// `path#name`: a word that must stay in the file(s).
    pub symbol: Option<String>,
    /// 1-based line in the chapter.
    pub line: usize,
}

/// `reviewed:` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reviewed {
    Date(String),
    Commit(String),
    Unreadable(String),
}

/// A citation of an ADR in the prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cite {
    pub number: u32,
    pub line: usize,
    /// Citations in one paragraph, list item, heading or table cell share it.
    pub block: usize,
}

/// One page of the book as drift sees it.
#[derive(Debug, Clone)]
pub struct Page {
    pub index: usize,
    pub title: String,
    /// Relative to the book's `src`.
    pub source_path: PathBuf,
    /// The path diagnostics show.
    pub display: PathBuf,
    /// What the page declares (`describes:`, the bold header line); a plain
    /// link to a repository file is no declaration (issue 25).
    pub describes: Vec<Described>,
    /// Where `describes` is written.
    pub describes_line: usize,
    pub reviewed: Option<(Reviewed, usize)>,
    pub cites: Vec<Cite>,
    /// `{{#drift-report}}` directives on this page.
    pub reports: Vec<Directive>,
    /// A decision record, by number, when the decision log knows the page.
    pub decision: Option<u32>,
}

/// Scans every chapter with a file. `decision_pages` maps the ADR pages'
/// source paths to their numbers (from the decision log's facts); `layout`
/// only places links between pages, so any layout with the book's `src`
/// serves, the repository unknown.
/// Chapters are read on every core; one whose scan panicked is left out,
/// with an `internal-panic` error.
pub fn scan(
    ctx: &Context,
    layout: &Layout,
    chapters: &[Chapter],
    decision_pages: &HashMap<PathBuf, u32>,
    diagnostics: &mut Diagnostics,
) -> Vec<Page> {
    parallel::read_chapters(ctx, chapters, "drift", diagnostics, |index, chapter, _| {
        scan_page(ctx, layout, index, chapter, decision_pages)
    })
    .into_iter()
    .flatten()
    .flatten()
    .collect()
}

/// One chapter as drift sees it; `None` for a draft.
fn scan_page(
    ctx: &Context,
    layout: &Layout,
    index: usize,
    chapter: &Chapter,
    decision_pages: &HashMap<PathBuf, u32>,
) -> Option<Page> {
    let source_path = chapter.source_path.clone().filter(|_| !chapter.is_draft())?;
    let display = ctx.display_path(chapter);
    let declared = describes::declared(chapter);
    let decision = decision_pages.get(&source_path).copied();
    // One pass for every directive drift looks at. The decision log lists
    // every ADR with its status: not prose that cites them.
    let (reports, log): (Vec<_>, Vec<_>) = directive::find(chapter, DIRECTIVES, &ctx.markdown)
        .into_iter()
        .partition(|d| d.name == "drift-report");
    let prose = cites::prose(ctx, chapter, &source_path, layout, decision_pages);
    // The decision log lists every ADR with its status: not prose that cites them.
    let cites = if log.is_empty() {
        prose.cites(layout, decision_pages)
    } else {
        Vec::new()
    };
    Some(Page {
        index,
        title: chapter.name.clone(),
        reports,
        source_path,
        display,
        describes: declared.describes,
        describes_line: declared.line,
        reviewed: declared.reviewed,
        cites,
        decision,
    })
}

/// Directives that make a page the decision log (handbook-adr's).
/// The decision log's directives, then drift's own.
const DIRECTIVES: &[&str] = &["adr-index", "adr-graph", "drift-report"];

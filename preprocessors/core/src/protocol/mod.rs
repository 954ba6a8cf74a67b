//! The suite's one preprocessor: the capabilities ([`HandbookPreprocessor`]),
//! the [`pipeline`] that runs them in one pass over the book, and mdBook's
//! stdin/stdout protocol ([`run_protocol`]) or its in-process trait ([`InProcess`]).
//!
//! **Invariant:** nothing but the JSON book reaches stdout, and only from
//! [`write_book`]. Every message goes to stderr.

use crate::book::{Chapter, ProtocolBook};
use crate::codes::Code;
use crate::config::{ConfigError, PreprocessorConfig};
use crate::diagnostics::Diagnostics;
use crate::facts::Facts;
use crate::markdown::{self, MarkdownOptions};
use crate::splice::Splice;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

mod passes;
pub mod pipeline;
mod stdio;
pub mod suite_config;

pub use pipeline::Stage;
pub use stdio::{
    InProcess, MDBOOK_READS_DEPTH, from_mdbook, parse_input, report, run_protocol, too_deep_for_mdbook,
    version_mismatch, write_book,
};

/// The mdBook version the suite is built against.
pub const BUILT_FOR_MDBOOK: &str = mdbook_preprocessor::MDBOOK_VERSION;

/// What a preprocessor knows about the build besides the chapters.
pub struct Context {
    /// The book root (where book.toml is).
    pub root: PathBuf,
    pub renderer: String,
    pub mdbook_version: String,
    /// The whole book.toml, as JSON; unknown keys are simply there.
    pub config: Value,
    /// Parser options matching the book's `output.html` settings.
    pub markdown: MarkdownOptions,
    /// The one `git log` pass of the build, run on first use ([`Context::git_history`]).
    git: std::sync::OnceLock<Result<crate::git::History, crate::git::GitProblem>>,
}

impl Context {
    pub fn new(root: PathBuf, renderer: &str, mdbook_version: &str, config: Value) -> Self {
        Context {
            root,
            renderer: renderer.to_owned(),
            mdbook_version: mdbook_version.to_owned(),
            markdown: markdown::options_from_config(&config),
            config,
            git: std::sync::OnceLock::new(),
        }
    }

    /// The whole repository's history, renames detected, from one `git log`
    /// pass run at most once per build, whichever capability asks first
    /// (its `timeout` applies); every later caller shares the result.
    pub fn git_history(&self, timeout: std::time::Duration) -> &Result<crate::git::History, crate::git::GitProblem> {
        self.git
            .get_or_init(|| crate::git::load_repository(&self.root, &self.src_dir(), timeout))
    }

    /// The book's source directory (`book.src`, default `src`), relative to the root.
    pub fn src_dir(&self) -> PathBuf {
        PathBuf::from(
            self.config
                .pointer("/book/src")
                .and_then(Value::as_str)
                .unwrap_or("src"),
        )
    }

    /// The path diagnostics show for a chapter: its real file, relative to the book root.
    pub fn display_path(&self, chapter: &Chapter) -> PathBuf {
        match &chapter.source_path {
            Some(p) => crate::paths::tidy(&self.src_dir().join(p)),
            None => PathBuf::from(&chapter.name),
        }
    }

    /// True when the output is HTML; other renderers get plain text.
    pub fn renders_html(&self) -> bool {
        self.renderer == "html"
    }
}

/// One capability of the suite. Implementors keep the same shape: a typed
/// config, a scan of chapters into a model, a render of the model into splices.
pub trait HandbookPreprocessor {
    /// Its sub-table, `[preprocessor.handbook.<NAME>]`: `adr`, `glossary`, ...
    const NAME: &'static str;
    type Config: PreprocessorConfig;
    /// Every diagnostic code this preprocessor reports, declared in its
    /// crate's `codes.rs` (the core's own are [`crate::codes::CORE`]).
    const CODES: &'static [Code];
    /// Its run only reports and never edits the book (links): a build's
    /// later renderer passes leave it out, since one pass per build reports
    /// ([`Context::reports_for_build`]).
    const ONLY_REPORTS: bool = false;

    /// Scans `chapters` and returns the splices to make. Never fails on book
    /// data: problems become diagnostics and the author's text stays.
    /// CSS rules this capability adds to the suite's one stylesheet, from
    /// its config (the status palette): a capability styles its markup through
    /// `data-*` attributes and these rules, and never edits another's markup.
    fn stylesheet(&self, config: &Self::Config) -> String {
        let _ = config;
        String::new()
    }

    /// `facts` holds what earlier capabilities learnt (the decision log, page
    /// lifecycle); a capability adds what it knows for later ones.
    fn run(
        &self,
        ctx: &Context,
        config: &Self::Config,
        chapters: &[Chapter],
        facts: &mut Facts,
        diagnostics: &mut Diagnostics,
    ) -> Edits;
}

/// Adds nothing of its own: only what the core does for every suite
/// preprocessor (front matter). `mdbook-handbook check` runs it on books with
/// no suite table, and tests use it as the baseline.
#[derive(Debug, Clone, Copy, Default)]
pub struct CoreOnly;

impl HandbookPreprocessor for CoreOnly {
    const NAME: &'static str = "core";
    type Config = crate::config::NoConfig;
    const CODES: &'static [Code] = &[];
    fn run(&self, _: &Context, _: &Self::Config, _: &[Chapter], _: &mut Facts, _: &mut Diagnostics) -> Edits {
        Edits::default()
    }
}

/// The splices a preprocessor wants, by index into the chapter slice it was
/// given, and any chapters it adds to the book.
#[derive(Debug, Default)]
pub struct Edits {
    by_chapter: BTreeMap<usize, ChapterEdits>,
    added: Vec<NewChapter>,
}

/// A chapter the book gains (a file on disk that SUMMARY.md does not list),
/// appended under the chapter at index `parent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChapter {
    pub parent: usize,
    pub name: String,
    /// Relative to the book's `src`; both `path` and `source_path`.
    pub path: PathBuf,
    /// Final content: the core applies no splices to it.
    pub content: String,
    pub needs_stylesheet: bool,
}

#[derive(Debug, Default)]
struct ChapterEdits {
    splices: Vec<Splice>,
    needs_stylesheet: bool,
}

impl Edits {
    pub fn splice(&mut self, chapter: usize, splice: Splice) {
        self.by_chapter.entry(chapter).or_default().splices.push(splice);
    }

    /// The chapter carries suite markup and needs the suite's CSS (HTML only).
    pub fn needs_stylesheet(&mut self, chapter: usize) {
        self.by_chapter.entry(chapter).or_default().needs_stylesheet = true;
    }

    /// Adds a chapter to the book, after the parent's sub-chapters.
    pub fn add_chapter(&mut self, chapter: NewChapter) {
        self.added.push(chapter);
    }

    pub fn is_empty(&self) -> bool {
        self.by_chapter.is_empty() && self.added.is_empty()
    }
}

/// The result of one run: the book to hand back, what to tell the user,
/// and whether warnings fail the build.
pub struct Outcome {
    pub book: ProtocolBook,
    pub diagnostics: Diagnostics,
    /// What the capabilities learnt about the book (`check`'s JSON report reads it).
    pub facts: Facts,
    pub deny_warnings: bool,
    /// Wall time of each step of the pass, printed with `MDBOOK_HANDBOOK_TIMINGS=1`.
    pub timings: Timings,
}

impl Outcome {
    pub fn fails(&self) -> bool {
        self.diagnostics.fails(self.deny_warnings)
    }
}

/// Where a run's time went: the core's preparation, each capability (its
/// run and the application of its edits), the write-back. `mdbook serve`
/// reruns the suite on every save, so a user can see which capability a
/// slow save comes from.
#[derive(Debug, Default, Clone)]
pub struct Timings(
    pub Vec<(&'static str, std::time::Duration)>,
    /// Markdown parses each capability made (its outlines and its own passes).
    pub Vec<(&'static str, usize)>,
);

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: std::time::Duration = self.0.iter().map(|(_, d)| *d).sum();
        write!(f, "timings: {:.1} ms in the pass (", total.as_secs_f64() * 1000.0)?;
        for (i, (step, took)) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}{step} {:.1}", took.as_secs_f64() * 1000.0)?;
        }
        write!(f, "); parses:")?;
        for (step, parses) in &self.1 {
            write!(f, " {step} {parses}")?;
        }
        Ok(())
    }
}

/// One capability alone over a parsed book, through the same pipeline as the
/// whole suite (tests and benchmarks use it). The other capabilities'
/// sub-tables and `only` are set aside: this capability runs whatever they say.
pub fn process<P: HandbookPreprocessor>(
    preprocessor: &P,
    ctx: &Context,
    book: ProtocolBook,
) -> Result<Outcome, ConfigError> {
    let mut config = ctx.config.clone();
    if let Some(Value::Object(suite)) = config.pointer_mut(&format!("/preprocessor/{}", crate::config::SUITE_TABLE)) {
        suite.retain(|key, value| key != "only" && (key == P::NAME || key == "levels" || !value.is_object()));
    }
    let alone = Context::new(ctx.root.clone(), &ctx.renderer, &ctx.mdbook_version, config);
    pipeline::run(&[preprocessor as &dyn Stage], &[P::NAME], &alone, book)
}

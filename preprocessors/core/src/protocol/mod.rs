//! Running a [`HandbookPreprocessor`]: as a binary over mdBook's
//! stdin/stdout protocol ([`run_cli`]) or in process ([`InProcess`]).
//!
//! **Invariant:** nothing but the JSON book reaches stdout, and only from
//! [`write_book`]. Every message goes to stderr.

use crate::book::{Chapter, ProtocolBook};
use crate::codes::{self, Code, Levels};
use crate::config::{self, ConfigError, PreprocessorConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, Level, deny_warnings_from_env};
use crate::facts::Facts;
use crate::html;
use crate::markdown::{self, MarkdownOptions};
use crate::meta::front_matter::{self, FrontMatter, FrontMatterScan, REPORTED_MARKER};
use crate::source_lines::SourceLines;
use crate::splice::{Splice, apply_splices};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

mod stdio;
pub use stdio::{InProcess, parse_input, report, run_cli, run_protocol, version_mismatch, write_book};

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
            Some(p) => self.src_dir().join(p),
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
    /// The `[preprocessor.<NAME>]` table; the binary is `mdbook-<NAME>`.
    const NAME: &'static str;
    type Config: PreprocessorConfig;
    /// Every diagnostic code this preprocessor reports, declared in its
    /// crate's `codes.rs` (the core's own are [`crate::codes::CORE`]).
    const CODES: &'static [Code];

    /// Answer to `mdbook-<NAME> supports <renderer>`.
    fn supports_renderer(renderer: &str) -> bool {
        let _ = renderer;
        true
    }

    /// Scans `chapters` and returns the splices to make. Never fails on book
    /// data: problems become diagnostics and the author's text stays.
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
    const NAME: &'static str = "handbook";
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
}

impl Outcome {
    pub fn fails(&self) -> bool {
        self.diagnostics.fails(self.deny_warnings)
    }
}

/// The whole pipeline on a parsed book: config, front matter, the
/// preprocessor's splices, the stylesheet. Only chapters with edits change.
pub fn process<P: HandbookPreprocessor>(
    preprocessor: &P,
    ctx: &Context,
    mut book: ProtocolBook,
) -> Result<Outcome, ConfigError> {
    let (common, config) = config::load::<P::Config>(&ctx.config, P::NAME)?;
    common
        .levels
        .check(&[codes::CORE, P::CODES])
        .map_err(|(code, message)| ConfigError {
            table: format!("preprocessor.{}", P::NAME),
            key: Some(format!("levels.{code}")),
            message,
        })?;
    let core_levels = core_levels(&ctx.config);
    let mut diagnostics = Diagnostics::new();
    let mut chapters = book.chapters();
    let originals: Vec<String> = chapters.iter().map(|c| c.content.clone()).collect();
    // Earlier suite preprocessors' line maps, taken off before this one reads the text.
    let mut line_maps: Vec<SourceLines> = chapters
        .iter_mut()
        .map(|c| {
            let mut text = std::mem::take(&mut c.content);
            let map = SourceLines::take(&mut text);
            c.replace_content(text, None);
            map
        })
        .collect();
    for chapter in chapters.iter_mut().filter(|c| !c.is_draft()) {
        prepare_front_matter(ctx, chapter, &mut diagnostics);
    }
    let inline_css = ctx.renders_html() && inline_stylesheet(ctx, &mut diagnostics);
    let mut facts = Facts::default();
    let Edits { by_chapter, added } = preprocessor.run(ctx, &config, &chapters, &mut facts, &mut diagnostics);
    report_source_lines(ctx, &chapters, &line_maps, &mut diagnostics);
    let mut edited = vec![false; chapters.len()];
    for (index, edit) in by_chapter {
        let (Some(chapter), Some(map)) = (chapters.get_mut(index), line_maps.get_mut(index)) else {
            continue;
        };
        let mut splices = edit.splices;
        if edit.needs_stylesheet
            && inline_css
            && let Some(style) = html::stylesheet_block(&chapter.content)
        {
            splices.push(Splice::insert(chapter.content.len(), style));
        }
        match apply_splices(&chapter.content, &splices) {
            Ok(text) => {
                *map = map.after_splices(&chapter.content, &splices);
                chapter.replace_content(text, None);
                if let Some(e) = edited.get_mut(index) {
                    *e = true;
                }
            }
            Err(e) => diagnostics.push(
                Diagnostic::new(
                    Level::Error,
                    "internal-splice",
                    format!("{} left this chapter as written: {e}", P::NAME),
                )
                .in_file(ctx.display_path(chapter)),
            ),
        }
    }
    for ((chapter, map), edited) in chapters.iter_mut().zip(&line_maps).zip(edited) {
        if !map.is_identity() {
            let mut text = std::mem::take(&mut chapter.content);
            if edited {
                map.put(&mut text, &ctx.markdown);
            } else {
                map.put_unchecked(&mut text);
            }
            chapter.replace_content(text, None);
        }
    }
    for (chapter, original) in chapters.iter().zip(&originals) {
        if chapter.content != *original
            && let Err(e) = book.set_content(chapter, chapter.content.clone())
        {
            diagnostics.error("internal-book", e.to_string());
        }
    }
    for new in added {
        let Some(parent) = chapters.get(new.parent) else {
            continue;
        };
        // Prepared like every chapter mdBook sent: front matter hidden, or
        // reported once if malformed.
        let path = new.path.to_string_lossy().replace('\\', "/");
        let mut added_chapter = Chapter::synthetic(&new.name, &path, &new.content);
        prepare_front_matter(ctx, &mut added_chapter, &mut diagnostics);
        let mut content = added_chapter.content;
        if new.needs_stylesheet
            && inline_css
            && let Some(style) = html::stylesheet_block(&content)
        {
            content.push_str(&style);
        }
        if let Err(e) = book.push_sub_chapter(parent, &new.name, &new.path, content) {
            diagnostics.error("internal-book", e.to_string());
        }
    }
    diagnostics.apply_levels(|code| {
        common
            .levels
            .get(code)
            .or_else(|| codes::find(&[codes::CORE], code).and_then(|_| core_levels.get(code)))
    });
    Ok(Outcome {
        book,
        diagnostics,
        facts,
        deny_warnings: common.deny_warnings || deny_warnings_from_env(),
    })
}

/// The core's codes (front matter, say) are reported by whichever suite
/// preprocessor meets them first, so a level set for one of them in any
/// suite table holds in every run; the first table by name wins, and a run's
/// own table wins over all.
fn core_levels(config: &Value) -> Levels {
    let mut out = Levels::default();
    let tables = config.get("preprocessor").and_then(Value::as_object);
    for (name, table) in tables.into_iter().flatten() {
        if !name.starts_with("handbook") {
            continue;
        }
        let Ok(Levels(levels)) = config::levels_of(table) else {
            continue;
        };
        for (code, setting) in levels {
            if codes::find(&[codes::CORE], &code).is_some() {
                out.0.entry(code).or_insert(setting);
            }
        }
    }
    out
}

/// Diagnostics name the author's line: this run saw text whose lines earlier
/// suite preprocessors may have moved.
fn report_source_lines(ctx: &Context, chapters: &[Chapter], maps: &[SourceLines], diagnostics: &mut Diagnostics) {
    let moved: BTreeMap<PathBuf, &SourceLines> = chapters
        .iter()
        .zip(maps)
        .filter(|(c, m)| !m.is_identity() && !c.is_draft())
        .map(|(c, m)| (ctx.display_path(c), m))
        .collect();
    if !moved.is_empty() {
        diagnostics.remap_lines(|path, line| moved.get(path).map(|m| m.source_line(line)));
    }
}

/// Whether pages carry the stylesheet inline: not when `mdbook-handbook
/// install` put the current one in `additional-css` (ADR 13).
fn inline_stylesheet(ctx: &Context, diagnostics: &mut Diagnostics) -> bool {
    match html::stylesheet_delivery(&ctx.root, &ctx.config) {
        html::StylesheetDelivery::Installed => false,
        html::StylesheetDelivery::Inline => true,
        html::StylesheetDelivery::Outdated { path } => {
            diagnostics.push(
                Diagnostic::new(
                    Level::Info,
                    "stylesheet-outdated",
                    format!("{path} was written by another mdbook-handbook version: run `mdbook-handbook install` to update it; pages carry the current stylesheet inline until then"),
                )
                .in_file("book.toml"),
            );
            true
        }
    }
}

/// Hides valid front matter; reports malformed front matter once per build.
fn prepare_front_matter(ctx: &Context, chapter: &mut Chapter, diagnostics: &mut Diagnostics) {
    // Hidden by an earlier suite preprocessor: nothing to do, and no YAML to
    // parse unless this preprocessor asks for the fields.
    if chapter
        .content
        .trim_start_matches('\u{feff}')
        .starts_with(front_matter::HIDDEN_OPEN)
    {
        return;
    }
    match front_matter::scan(&chapter.content) {
        FrontMatterScan::Found(fm) => match fm.hide() {
            // The parse is kept on the chapter: preprocessors read it, not the YAML again.
            Some(hide) => {
                if let Ok(text) = apply_splices(&chapter.content, std::slice::from_ref(&hide)) {
                    let hidden = FrontMatter {
                        span: 0..hide.replacement.len(),
                        hidden: true,
                        ..fm
                    };
                    chapter.replace_content(text, Some(Some(hidden)));
                }
            }
            None => {
                let text = std::mem::take(&mut chapter.content);
                chapter.replace_content(text, Some(Some(fm)));
            }
        },
        FrontMatterScan::Malformed {
            line,
            message,
            already_reported: false,
        } => {
            diagnostics.push(
                Diagnostic::new(
                    Level::Warning,
                    "front-matter",
                    format!("{message}; the block is left as written"),
                )
                .at(ctx.display_path(chapter), line),
            );
            let mut text = std::mem::take(&mut chapter.content);
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push('\n');
            text.push_str(REPORTED_MARKER);
            text.push('\n');
            chapter.replace_content(text, Some(None));
        }
        FrontMatterScan::Malformed { .. } | FrontMatterScan::None => {}
    }
}

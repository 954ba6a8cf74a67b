//! The suite as one preprocessor: every capability, in a fixed order, over
//! one book held in memory.
//!
//! - Front matter is parsed once per page, taken off the text when the book is
//!   read and kept on the chapter as a value; its line count starts the page's
//!   line map, so capabilities never see or skip it and diagnostics name the
//!   author's lines.
//! - Each page's line map is a value, updated after every capability's
//!   splices, so a diagnostic below an inserted card still names the author's line.
//! - Capabilities share what they learn through [`Facts`], never through markup.
//!
//! Nothing the suite uses to keep state reaches the output: no comments, no
//! front matter, no markers. A page no capability touched, and that has no
//! front matter, comes back byte-identical.

use super::suite_config::SuiteConfig;
use super::{Context, Edits, HandbookPreprocessor, Outcome, Timings};
use crate::book::{Chapter, ProtocolBook};
use crate::codes::{self, Code, Levels, Setting};
use crate::config::{self, CommonConfig, ConfigError};
use crate::diagnostics::{Diagnostic, Diagnostics, Level, deny_warnings_from_env};
use crate::facts::Facts;
use crate::html;
use crate::meta::front_matter::{self, FrontMatterScan};
use crate::origin::{self, Origins};
use crate::parallel;
use crate::source_lines::SourceLines;
use crate::splice::apply_splices;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A capability as the pipeline runs it, whatever its config type.
pub trait Stage {
    /// Its sub-table: `[preprocessor.handbook.<name>]`.
    fn name(&self) -> &'static str;
    fn codes(&self) -> &'static [Code];
    /// See [`HandbookPreprocessor::ONLY_REPORTS`].
    fn only_reports(&self) -> bool;
    /// Reads and checks the sub-table (`None`: absent, all defaults).
    fn configure(&self, table: Option<&Value>) -> Result<Configured<'_>, ConfigError>;
}

/// A capability with its config read: ready to run.
pub struct Configured<'a> {
    pub name: &'static str,
    pub common: CommonConfig,
    /// Rules for the suite's stylesheet ([`HandbookPreprocessor::stylesheet`]).
    pub css: String,
    run: RunFn<'a>,
}

type RunFn<'a> = Box<dyn Fn(&Context, &[Chapter], &mut Facts, &mut Diagnostics) -> Edits + 'a>;

impl<P: HandbookPreprocessor> Stage for P {
    fn name(&self) -> &'static str {
        P::NAME
    }

    fn codes(&self) -> &'static [Code] {
        P::CODES
    }

    fn only_reports(&self) -> bool {
        P::ONLY_REPORTS
    }

    fn configure(&self, table: Option<&Value>) -> Result<Configured<'_>, ConfigError> {
        let table_name = config::sub_table_name(P::NAME);
        let (common, typed) = config::load_table::<P::Config>(table, &table_name)?;
        let level_error = |code: &str, message: String| ConfigError {
            table: table_name.clone(),
            key: Some(format!("levels.{code}")),
            message,
        };
        // A capability's sub-table sets its own codes; the core's belong to
        // the top table (fixed ones to no table), and say so.
        for code in common.levels.0.keys() {
            if let Some(core) = codes::find(&[codes::CORE], code) {
                let message = if core.fixed {
                    format!("`{code}` is an error no `levels` table can change")
                } else {
                    format!(
                        "`{code}` is reported by the core for every capability: set it in [preprocessor.{}.levels]",
                        config::SUITE_TABLE
                    )
                };
                return Err(level_error(code, message));
            }
        }
        common
            .levels
            .check(&[P::CODES])
            .map_err(|(code, message)| level_error(&code, message))?;
        Ok(Configured {
            name: P::NAME,
            common,
            css: self.stylesheet(&typed),
            run: Box::new(move |ctx, chapters, facts, diagnostics| self.run(ctx, &typed, chapters, facts, diagnostics)),
        })
    }
}

/// Runs `stages`, in the order given, over `book`. `known` names every
/// capability of the suite (built or not), for config messages.
pub fn run(stages: &[&dyn Stage], known: &[&str], ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    run_skipping(stages, known, &[], ctx, book)
}

/// [`run`], leaving out the capabilities named in `skip` after their config
/// is checked (`mdbook-handbook check --skip diagrams`).
pub fn run_skipping(
    stages: &[&dyn Stage],
    known: &[&str],
    skip: &[&str],
    ctx: &Context,
    mut book: ProtocolBook,
) -> Result<Outcome, ConfigError> {
    let (suite, chosen) = configure(stages, known, skip, &ctx.config)?;

    let mut diagnostics = Diagnostics::new();
    let mut timings = Timings::default();
    let started = Instant::now();
    let mut pages = Pages::new(ctx, book.chapters(), &mut diagnostics);
    timings.0.push(("prepare", started.elapsed()));
    let mut facts = Facts::default();
    for stage in &chosen {
        let started = Instant::now();
        let parses_before = crate::markdown::parses();
        let mut found = Diagnostics::new();
        let edits = (stage.run)(ctx, &pages.chapters, &mut facts, &mut found);
        pages.remap_lines(&mut found);
        found.apply_levels(|code| level_for(code, &stage.common.levels, &suite.levels));
        if stage.common.deny_warnings {
            found.warnings_to_errors();
        }
        diagnostics.extend(found);
        pages.apply(ctx, stage.name, edits, &mut diagnostics);
        timings.0.push((stage.name, started.elapsed()));
        timings.1.push((stage.name, crate::markdown::parses() - parses_before));
    }
    let started = Instant::now();
    pages.trace_to_authors(ctx, &book, &mut diagnostics);
    timings.0.push(("author-lines", started.elapsed()));
    let started = Instant::now();
    let extra_css: String = chosen.iter().map(|c| c.css.as_str()).collect();
    let inline_css = (ctx.renders_html() && inline_assets(ctx, &extra_css, &mut diagnostics))
        .then(|| html::inline_assets(&extra_css));
    pages.finish(&mut book, inline_css.as_deref(), &mut diagnostics);
    timings.0.push(("write-back", started.elapsed()));
    diagnostics.apply_levels(|code| suite.levels.get(code));
    Ok(Outcome {
        book,
        diagnostics,
        facts,
        deny_warnings: suite.deny_warnings || deny_warnings_from_env(),
        timings,
    })
}

/// Reads and checks the whole config (every capability's sub-table, even
/// those that will not run); returns the capabilities that run, configured.
fn configure<'a>(
    stages: &[&'a dyn Stage],
    known: &[&str],
    skip: &[&str],
    config: &Value,
) -> Result<(SuiteConfig, Vec<Configured<'a>>), ConfigError> {
    let built: Vec<&str> = stages.iter().map(|s| s.name()).collect();
    let suite = SuiteConfig::load(config, &built, known)?;
    let mut all_codes: Vec<&[Code]> = vec![codes::CORE];
    all_codes.extend(stages.iter().map(|s| s.codes()));
    suite.check_levels(&all_codes)?;
    let mut chosen = Vec::new();
    for stage in stages {
        let configured = stage.configure(suite.tables.get(stage.name()))?;
        if suite.selects(stage.name(), configured.common.enable) && !skip.contains(&stage.name()) {
            chosen.push(configured);
        }
    }
    Ok((suite, chosen))
}

/// The rules the book's config adds to the suite's stylesheet (the status
/// palette): what `mdbook-handbook install` writes after the suite's own.
pub fn stylesheet_rules(stages: &[&dyn Stage], known: &[&str], config: &Value) -> Result<String, ConfigError> {
    let (_, chosen) = configure(stages, known, &[], config)?;
    Ok(chosen.iter().map(|c| c.css.as_str()).collect())
}

/// The capabilities a run over this config runs, in order: chosen by `only`
/// and `enable`, not in `skip` (what `check` says it read with).
pub fn chosen(
    stages: &[&dyn Stage],
    known: &[&str],
    skip: &[&str],
    config: &Value,
) -> Result<Vec<&'static str>, ConfigError> {
    let (_, chosen) = configure(stages, known, skip, config)?;
    Ok(chosen.iter().map(|c| c.name).collect())
}

/// A capability's sub-table wins over the top table.
fn level_for(code: &str, own: &Levels, suite: &Levels) -> Option<Setting> {
    own.get(code).or_else(|| suite.get(code))
}

/// The book's chapters while capabilities run, and what the core keeps about each.
struct Pages {
    /// Chapters mdBook sent, then chapters capabilities added.
    chapters: Vec<Chapter>,
    state: Vec<PageState>,
}

#[derive(Default)]
struct PageState {
    /// The text differs from what mdBook sent (a splice, front matter taken
    /// off), so the book must get it back; untouched pages cost nothing.
    edited: bool,
    /// A chapter the suite added (written as a new sub-chapter).
    added: bool,
    /// Current line → the author's line.
    lines: SourceLines,
    needs_stylesheet: bool,
    /// For an added chapter: the index of the chapter it goes under.
    parent: Option<usize>,
    /// For an added chapter: its path under `src`.
    added_path: Option<PathBuf>,
    /// The file diagnostics name (`src/a.md`); `None` for a draft, which has none.
    display: Option<PathBuf>,
}

impl Pages {
    fn new(ctx: &Context, mut chapters: Vec<Chapter>, diagnostics: &mut Diagnostics) -> Pages {
        // YAML is the costly part: every page's block is read on every core.
        let scans = parallel::map(&chapters, scan_front_matter);
        let state = chapters
            .iter_mut()
            .zip(scans)
            .map(|(chapter, scan)| {
                let scan = scan.unwrap_or_else(|why| {
                    diagnostics.push(parallel::crashed(
                        &ctx.display_path(chapter),
                        "the front matter reader",
                        &why,
                    ));
                    FrontMatterScan::None
                });
                let taken_off = prepare_front_matter(ctx, chapter, scan, diagnostics);
                PageState {
                    edited: taken_off,
                    lines: SourceLines::starting_at(chapter.first_line()),
                    display: (!chapter.is_draft()).then(|| ctx.display_path(chapter)),
                    ..PageState::default()
                }
            })
            .collect();
        Pages { chapters, state }
    }

    /// Moves diagnostics from the lines a capability saw to the author's.
    fn remap_lines(&self, diagnostics: &mut Diagnostics) {
        if diagnostics.is_empty() {
            return;
        }
        let moved: BTreeMap<&Path, (&SourceLines, usize)> = self
            .state
            .iter()
            .zip(&self.chapters)
            .filter(|(s, _)| !s.lines.is_identity())
            .filter_map(|(s, c)| Some((s.display.as_deref()?, (&s.lines, c.first_line()))))
            .collect();
        if !moved.is_empty() {
            diagnostics.remap_lines(|path, line, counts_front_matter| {
                let &(lines, first_line) = moved.get(path)?;
                Some(match counts_front_matter {
                    // A line of the front matter is the author's already.
                    true if line < first_line => line,
                    true => lines.source_line(line - (first_line - 1)),
                    false => lines.source_line(line),
                })
            });
        }
    }

    /// Moves diagnostics from the text mdBook handed over to the files the
    /// author wrote: through `{{#include}}` and whatever earlier preprocessors
    /// changed ([`origin`]). Only pages with a diagnostic are traced.
    fn trace_to_authors(&self, ctx: &Context, book: &ProtocolBook, diagnostics: &mut Diagnostics) {
        let wanted: BTreeSet<PathBuf> = diagnostics
            .iter()
            .filter(|d| d.line.is_some())
            .filter_map(|d| d.path.clone())
            .collect();
        if wanted.is_empty() {
            return;
        }
        let src_dir = ctx.src_dir();
        let pages: Vec<(&Chapter, &PathBuf)> = self
            .chapters
            .iter()
            .zip(&self.state)
            .filter(|(_, state)| !state.added)
            .filter_map(|(chapter, state)| Some((chapter, state.display.as_ref()?)))
            .filter(|(_, display)| wanted.contains(*display))
            .collect();
        let traced = parallel::map(&pages, |(chapter, _)| {
            origin::trace(
                &ctx.root,
                &src_dir,
                chapter.source_path.as_ref()?,
                book.content_of(chapter)?,
            )
        });
        let traced: BTreeMap<&Path, Origins> = pages
            .iter()
            .zip(traced)
            .filter_map(|((_, display), origins)| Some((display.as_path(), origins.ok()??)))
            .collect();
        if !traced.is_empty() {
            diagnostics.remap_places(|path, line| {
                let (file, line) = traced.get(path)?.place(line)?;
                Some((file.to_path_buf(), line))
            });
        }
    }

    /// Applies one capability's edits; added chapters join the book at once,
    /// so later capabilities see them.
    fn apply(&mut self, ctx: &Context, stage: &str, edits: Edits, diagnostics: &mut Diagnostics) {
        let Edits { by_chapter, added } = edits;
        let by_chapter: Vec<_> = by_chapter.into_iter().collect();
        // New texts and line maps on every core; a page whose edit panicked keeps its text.
        let spliced = parallel::map(&by_chapter, |(index, edit)| {
            let (chapter, state) = (self.chapters.get(*index)?, self.state.get(*index)?);
            (!edit.splices.is_empty()).then(|| {
                apply_splices(&chapter.content, &edit.splices)
                    .map(|text| (text, state.lines.after_splices(&chapter.content, &edit.splices)))
            })
        });
        for ((index, edit), spliced) in by_chapter.into_iter().zip(spliced) {
            let (Some(chapter), Some(state)) = (self.chapters.get_mut(index), self.state.get_mut(index)) else {
                continue;
            };
            state.needs_stylesheet |= edit.needs_stylesheet;
            let spliced = match spliced {
                Ok(Some(spliced)) => spliced,
                Ok(None) => continue,
                Err(why) => {
                    diagnostics.push(parallel::crashed(&ctx.display_path(chapter), stage, &why));
                    continue;
                }
            };
            match spliced {
                Ok((text, lines)) => {
                    state.lines = lines;
                    state.edited = true;
                    chapter.replace_content(text);
                }
                Err(e) => diagnostics.push(
                    Diagnostic::new(
                        Level::Error,
                        "internal-splice",
                        format!("a capability's edit was refused and the chapter left as written: {e}"),
                    )
                    .in_file(ctx.display_path(chapter)),
                ),
            }
        }
        for new in added {
            let path = crate::platform::slashed(&new.path);
            let mut chapter = Chapter::synthetic(&new.name, &path, &new.content);
            let scan = scan_front_matter(&chapter);
            prepare_front_matter(ctx, &mut chapter, scan, diagnostics);
            let display = Some(ctx.display_path(&chapter));
            let lines = SourceLines::starting_at(chapter.first_line());
            self.chapters.push(chapter);
            self.state.push(PageState {
                added: true,
                display,
                lines,
                needs_stylesheet: new.needs_stylesheet,
                parent: Some(new.parent),
                added_path: Some(new.path),
                ..PageState::default()
            });
        }
    }

    /// Adds the stylesheet where needed and writes changed chapters back
    /// into the book (front matter left with the text it was taken off).
    fn finish(mut self, book: &mut ProtocolBook, inline_css: Option<&str>, diagnostics: &mut Diagnostics) {
        for index in 0..self.chapters.len() {
            let (Some(chapter), Some(state)) = (self.chapters.get_mut(index), self.state.get(index)) else {
                continue;
            };
            let styled = state.needs_stylesheet && inline_css.is_some();
            if !state.edited && !state.added && !styled {
                continue;
            }
            let mut text = std::mem::take(&mut chapter.content);
            if state.needs_stylesheet
                && let Some(block) = inline_css
            {
                html::append_assets(&mut text, block);
            }
            let result = match (
                state.added,
                state.parent.and_then(|p| self.chapters.get(p)),
                &state.added_path,
            ) {
                (false, _, _) => self.chapters.get(index).map_or(Ok(()), |c| book.set_content(c, text)),
                (true, Some(parent), Some(path)) => {
                    let name = self.chapters.get(index).map(|c| c.name.clone()).unwrap_or_default();
                    book.push_sub_chapter(parent, &name, path, text)
                }
                (true, _, _) => Ok(()),
            };
            if let Err(e) = result {
                diagnostics.error("internal-book", e.to_string());
            }
        }
        parallel::drop_behind(std::mem::take(&mut self.chapters));
    }
}

/// Whether pages carry the stylesheet and viewer inline: not when
/// `mdbook-handbook install` put the current files in `additional-css` and
/// `additional-js` (ADR 13).
fn inline_assets(ctx: &Context, extra_css: &str, diagnostics: &mut Diagnostics) -> bool {
    match html::asset_delivery(&ctx.root, &ctx.config, extra_css) {
        html::AssetDelivery::Installed => false,
        html::AssetDelivery::Inline => true,
        html::AssetDelivery::Outdated { path } => {
            diagnostics.push(
                Diagnostic::new(
                    Level::Info,
                    "stylesheet-outdated",
                    format!("{path} is not the file this mdbook-handbook writes (another version, another palette, or not installed yet): run `mdbook-handbook install` to update it; pages carry the current stylesheet and viewer inline until then"),
                )
                .in_file("book.toml"),
            );
            true
        }
    }
}

/// A page's front matter block, read (drafts have no page, so none).
fn scan_front_matter(chapter: &Chapter) -> FrontMatterScan {
    if chapter.is_draft() {
        FrontMatterScan::None
    } else {
        front_matter::scan(&chapter.content)
    }
}

/// Takes a valid front matter block off the page's text (kept on the chapter
/// as a value; `true`); reports a malformed one and leaves it as written.
fn prepare_front_matter(
    ctx: &Context,
    chapter: &mut Chapter,
    scan: FrontMatterScan,
    diagnostics: &mut Diagnostics,
) -> bool {
    match scan {
        FrontMatterScan::Found(fm) => {
            chapter.take_off_front_matter(fm);
            chapter.front_matter().is_some()
        }
        FrontMatterScan::Malformed { line, message, .. } => {
            diagnostics.push(
                Diagnostic::new(
                    Level::Warning,
                    "front-matter",
                    format!("{message}; the block is left as written"),
                )
                .at(ctx.display_path(chapter), line),
            );
            false
        }
        FrontMatterScan::None => false,
    }
}

//! `mdbook-handbook check`: every validation of the suite over a book,
//! without rendering it. Made for CI: diagnostics on stderr, a non-zero exit
//! on errors (or on warnings with `--deny-warnings`).
//!
//! The book is read as a build hands it to the suite (mdBook's `links`
//! expands `{{#include}}`, and installed preprocessors ordered before the
//! suite run), and the build's own pipeline runs on it: the same diagnostics,
//! traced to the same author's files and lines.

use crate::suite;
use anyhow::{Context as _, Result, anyhow};
use handbook_core::config::SUITE_TABLE;
use handbook_core::protocol::{Context, Stage, pipeline};
use handbook_core::{Diagnostic, Diagnostics, Facts, Level, ProtocolBook};
use mdbook_summary::SummaryItem;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What `check` found: every diagnostic, and what the capabilities learnt.
pub struct Checked {
    pub diagnostics: Diagnostics,
    pub facts: Facts,
    /// The book's source folder, relative to the book (`book.src`).
    pub src_dir: PathBuf,
}

/// Runs the checks: every diagnostic, and the Facts (for `--format json`).
/// `skip` names capabilities (`diagrams`, `glossary`) not to run, e.g. to
/// leave diagram drawing to the build in a quick pre-commit check.
pub fn check(root: &Path, skip: &[&str]) -> Result<Checked> {
    load(root, skip).map(|loaded| loaded.checked)
}

/// What a build would hand the renderer, as `check` reads it: the checks'
/// findings, and the book the suite produced with the context it ran in
/// (`None` when book.toml or the suite's config stopped the run). `export`
/// and `mcp` read the book through this one path, so they see what a build
/// sees, with the same diagnostics.
pub struct Loaded {
    pub checked: Checked,
    pub book: Option<(Context, ProtocolBook)>,
}

/// [`check`], keeping the book the suite produced for the HTML renderer.
pub fn load(root: &Path, skip: &[&str]) -> Result<Loaded> {
    load_for(root, skip, "html")
}

/// [`load`] for a named renderer: `markdown` has every capability write
/// markdown where it writes HTML for `html` (the text agents read).
pub fn load_for(root: &Path, skip: &[&str], renderer: &'static str) -> Result<Loaded> {
    let mut diagnostics = Diagnostics::new();
    let toml_path = root.join("book.toml");
    let toml_text = std::fs::read_to_string(&toml_path).with_context(|| format!("reading {}", toml_path.display()))?;
    let config = match toml::from_str::<toml::Table>(&toml_text) {
        Ok(table) => serde_json::to_value(table)?,
        Err(e) => {
            diagnostics.push(Diagnostic::new(Level::Error, "config", e.message().to_owned()).in_file("book.toml"));
            return Ok(Loaded {
                checked: Checked {
                    diagnostics,
                    facts: Facts::default(),
                    src_dir: PathBuf::from("src"),
                },
                book: None,
            });
        }
    };
    check_suite_table(&config, &mut diagnostics);
    let (ctx, book) = load_book(root, renderer, &mut diagnostics)?;
    let configured = ctx.config.pointer(&format!("/preprocessor/{SUITE_TABLE}")).is_some();
    // A book without the suite's table gets the core's checks (front matter) only.
    let stages: Vec<&dyn Stage> = suite::stages().into_iter().filter(|_| configured).collect();
    // A config error is reported by the run below; nothing was read then.
    let running = pipeline::chosen(&stages, suite::ORDER, skip, &ctx.config).unwrap_or_default();
    for d in crate::reading::report(&ctx, &book.chapters_as_read(), &running) {
        diagnostics.push(d);
    }
    let (facts, produced) = match pipeline::run_skipping(&stages, suite::ORDER, skip, &ctx, book) {
        Ok(outcome) => {
            diagnostics.extend(outcome.diagnostics);
            // What `mdbook build` would stop at, with this suite or any preprocessor.
            if let Some(too_deep) = handbook_core::protocol::too_deep_for_mdbook(&outcome.book, &ctx) {
                diagnostics.push(too_deep);
            }
            (outcome.facts, Some(outcome.book))
        }
        Err(e) => {
            diagnostics.push(
                Diagnostic::new(
                    Level::Error,
                    "config",
                    format!("{e}")
                        .trim_start_matches("book.toml: error[config]: ")
                        .to_owned(),
                )
                .in_file("book.toml"),
            );
            (Facts::default(), None)
        }
    };
    let src_dir = ctx.src_dir();
    Ok(Loaded {
        checked: Checked {
            diagnostics,
            facts,
            src_dir,
        },
        book: produced.map(|book| (ctx, book)),
    })
}

/// The suite's table should run after mdBook's `links`, so that it sees the
/// text of `{{#include}}`d files.
fn check_suite_table(config: &Value, diagnostics: &mut Diagnostics) {
    let Some(table) = config.pointer(&format!("/preprocessor/{SUITE_TABLE}")) else {
        return;
    };
    let after_links = table
        .get("after")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|v| v == "links"));
    if !after_links {
        diagnostics.push(
            Diagnostic::new(
                Level::Warning,
                "order",
                format!(
                    "[preprocessor.{SUITE_TABLE}] should have `after = [\"links\"]` so it sees the text of {{{{#include}}}}d files"
                ),
            )
            .in_file("book.toml"),
        );
    }
}

/// The book exactly as a build hands it to the suite: mdBook loads it and runs
/// every preprocessor ordered before `[preprocessor.handbook]` (its own
/// `index` and `links` among them), and the suite's place in that order is
/// taken by [`Capture`], which keeps what it is handed and stops the run.
/// A chapter file SUMMARY.md lists but that is missing is reported and left
/// out (a build would create it empty); a preprocessor whose program is not
/// installed is reported and skipped.
///
/// mdBook's own readers recurse once per level of SUMMARY.md, so all of it
/// runs on a thread whose stack fits the deepest nesting the file could hold.
fn load_book(root: &Path, renderer: &'static str, diagnostics: &mut Diagnostics) -> Result<(Context, ProtocolBook)> {
    let mut config = mdbook_driver::config::Config::from_disk(root.join("book.toml"))?;
    config.update_from_env()?;
    let src = root.join(&config.book.src);
    let summary_path = src.join("SUMMARY.md");
    let text = std::fs::read_to_string(&summary_path).with_context(|| format!("reading {}", summary_path.display()))?;
    /// Well above what one level takes in mdBook's readers and the pipeline's drop.
    const PER_LEVEL: usize = 16 << 10;
    let deepest = text.lines().map(nesting_columns).max().unwrap_or(0) / 2 + 1;
    let stack = (8 << 20) + deepest.saturating_mul(PER_LEVEL);
    let root = root.to_path_buf();
    let (loaded, found) = std::thread::Builder::new()
        .name("check-load".to_owned())
        .stack_size(stack)
        .spawn(move || {
            let mut found = Diagnostics::new();
            let loaded = load_on_this_stack(&root, config, &text, renderer, &mut found);
            (loaded, found)
        })
        .context("starting the book reader")?
        .join()
        .map_err(|panic| {
            anyhow!(
                "mdBook's book reader crashed: {}",
                handbook_core::diagnostics::panic_message(&*panic)
            )
        })?;
    diagnostics.extend(found);
    loaded
}

/// How far a SUMMARY.md line is indented, counting list markers as indent.
fn nesting_columns(line: &str) -> usize {
    line.bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'>' | b'-' | b'*' | b'+' | b'.' | b')' | b'0'..=b'9'))
        .map(|b| if b == b'\t' { 4 } else { 1 })
        .sum()
}

fn load_on_this_stack(
    root: &Path,
    mut config: mdbook_driver::config::Config,
    text: &str,
    renderer: &'static str,
    diagnostics: &mut Diagnostics,
) -> Result<(Context, ProtocolBook)> {
    let src = root.join(&config.book.src);
    let mut summary = match mdbook_summary::parse_summary(text) {
        Ok(s) => s,
        Err(e) => {
            let path = config.book.src.join("SUMMARY.md");
            diagnostics.push(Diagnostic::new(Level::Error, "summary", format!("{e:#}")).in_file(path));
            mdbook_summary::Summary::default()
        }
    };
    for item in summary
        .prefix_chapters
        .iter_mut()
        .chain(&mut summary.numbered_chapters)
        .chain(&mut summary.suffix_chapters)
    {
        drop_missing_chapters(&src, &config.book.src, item, diagnostics);
    }
    skip_missing_preprocessors(&mut config, root, diagnostics)?;
    let mut book = mdbook_driver::MDBook::load_with_config_and_summary(root, config, summary)?;
    let captured = Arc::new(Mutex::new(None));
    book.with_preprocessor(Capture(Arc::clone(&captured)));
    let ran = book.preprocess_book(&NamedRenderer(renderer));
    let taken = captured
        .lock()
        .map_err(|_| anyhow!("the captured book was poisoned"))?
        .take();
    match (taken, ran) {
        (Some(input), _) => Ok(input),
        (None, Err(e)) => Err(e.context("running the preprocessors a build runs before the suite")),
        (None, Ok(_)) => Err(anyhow!("the suite's place among the preprocessors was never reached")),
    }
}

/// Reports a listed chapter whose file cannot be read, and turns it into a
/// draft, so the rest of the book is still checked.
fn drop_missing_chapters(src: &Path, src_dir: &Path, item: &mut SummaryItem, diagnostics: &mut Diagnostics) {
    let SummaryItem::Link(link) = item else {
        return;
    };
    if let Some(location) = &link.location
        && let Err(e) = std::fs::metadata(src.join(location))
    {
        diagnostics.push(
            Diagnostic::new(Level::Error, "missing-chapter", format!("cannot read: {e}"))
                .in_file(src_dir.join(location)),
        );
        link.location = None;
    }
    for nested in &mut link.nested_items {
        drop_missing_chapters(src, src_dir, nested, diagnostics);
    }
}

/// A preprocessor table whose program is not installed would fail the run:
/// `check` says so and reads the book without it (marking it `optional`,
/// mdBook's own way to skip one).
fn skip_missing_preprocessors(
    config: &mut mdbook_driver::config::Config,
    root: &Path,
    diagnostics: &mut Diagnostics,
) -> Result<()> {
    let tables: Vec<(String, Option<String>)> = config
        .preprocessors::<toml::Value>()?
        .into_iter()
        .filter(|(name, _)| name != SUITE_TABLE && name != "links" && name != "index")
        .map(|(name, table)| {
            let command = table.get("command").and_then(toml::Value::as_str).map(str::to_owned);
            (name, command)
        })
        .collect();
    for (name, command) in tables {
        let command = command.unwrap_or_else(|| format!("mdbook-{name}"));
        let program = handbook_core::platform::command_word(&command).unwrap_or_default();
        if handbook_core::platform::command_program(&command, root).is_none() {
            diagnostics.push(
                Diagnostic::new(
                    Level::Info,
                    "preprocessor-missing",
                    format!(
                        "[preprocessor.{name}] runs `{program}`, which is not installed here: check reads the book without its changes"
                    ),
                )
                .in_file("book.toml"),
            );
            config.set(format!("preprocessor.{name}.optional"), true)?;
        }
    }
    Ok(())
}

/// Stands in for the suite in mdBook's preprocessor order: keeps the
/// `[context, book]` it is handed, then stops the run with an error, so no
/// preprocessor after the suite runs for nothing.
struct Capture(Arc<Mutex<Option<(Context, ProtocolBook)>>>);

impl mdbook_preprocessor::Preprocessor for Capture {
    fn name(&self) -> &str {
        SUITE_TABLE
    }

    fn run(
        &self,
        ctx: &mdbook_preprocessor::PreprocessorContext,
        book: mdbook_preprocessor::book::Book,
    ) -> mdbook_preprocessor::errors::Result<mdbook_preprocessor::book::Book> {
        let input = handbook_core::protocol::from_mdbook(ctx, &book)?;
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(input);
        }
        Err(anyhow!("stopped where the suite runs"))
    }

    fn supports_renderer(&self, _renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(true)
    }
}

/// The renderer the book is read for: `html` for `check`, as `mdbook build`
/// does by default; `markdown` for the text `export` and `mcp` give agents.
struct NamedRenderer(&'static str);

impl mdbook_renderer::Renderer for NamedRenderer {
    fn name(&self) -> &str {
        self.0
    }

    fn render(&self, _ctx: &mdbook_renderer::RenderContext) -> mdbook_renderer::errors::Result<()> {
        Ok(())
    }
}

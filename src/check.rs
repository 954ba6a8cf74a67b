//! `mdbook-handbook check`: every validation of the suite over a book,
//! without rendering it. Made for CI: diagnostics on stderr, a non-zero exit
//! on errors (or on warnings with `--deny-warnings`).
//!
//! Chapters are read from disk as SUMMARY.md lists them; `{{#include}}` is
//! not expanded, so line numbers are those of the files themselves.

use crate::suite;
use anyhow::{Context as _, Result};
use handbook_core::config::SUITE_TABLE;
use handbook_core::protocol::{Context, Stage, pipeline};
use handbook_core::{Diagnostic, Diagnostics, Facts, Level, ProtocolBook};
use mdbook_summary::{Link, SummaryItem};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

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
    let mut diagnostics = Diagnostics::new();
    let toml_path = root.join("book.toml");
    let toml_text = std::fs::read_to_string(&toml_path).with_context(|| format!("reading {}", toml_path.display()))?;
    let config = match toml::from_str::<toml::Table>(&toml_text) {
        Ok(table) => serde_json::to_value(table)?,
        Err(e) => {
            diagnostics.push(Diagnostic::new(Level::Error, "config", e.message().to_owned()).in_file("book.toml"));
            return Ok(Checked {
                diagnostics,
                facts: Facts::default(),
                src_dir: PathBuf::from("src"),
            });
        }
    };
    check_suite_table(&config, &mut diagnostics);
    let ctx = Context::new(
        root.to_path_buf(),
        "html",
        handbook_core::protocol::BUILT_FOR_MDBOOK,
        config,
    );
    let book = load_book(root, &ctx.src_dir(), &mut diagnostics)?;
    let configured = ctx.config.pointer(&format!("/preprocessor/{SUITE_TABLE}")).is_some();
    // A book without the suite's table gets the core's checks (front matter) only.
    let stages: Vec<&dyn Stage> = suite::stages().into_iter().filter(|_| configured).collect();
    // A config error is reported by the run below; nothing was read then.
    let running = pipeline::chosen(&stages, suite::ORDER, skip, &ctx.config).unwrap_or_default();
    for d in crate::reading::report(&ctx, &book.chapters(), &running) {
        diagnostics.push(d);
    }
    let facts = match pipeline::run_skipping(&stages, suite::ORDER, skip, &ctx, book) {
        Ok(outcome) => {
            diagnostics.extend(outcome.diagnostics);
            outcome.facts
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
            Facts::default()
        }
    };
    Ok(Checked {
        diagnostics,
        facts,
        src_dir: ctx.src_dir(),
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

/// Reads the chapters SUMMARY.md lists into the JSON shape mdBook 0.5 sends.
fn load_book(root: &Path, src: &Path, diagnostics: &mut Diagnostics) -> Result<ProtocolBook> {
    let summary_path = root.join(src).join("SUMMARY.md");
    let text = std::fs::read_to_string(&summary_path).with_context(|| format!("reading {}", summary_path.display()))?;
    let summary = match mdbook_summary::parse_summary(&text) {
        Ok(s) => s,
        Err(e) => {
            diagnostics
                .push(Diagnostic::new(Level::Error, "summary", format!("{e:#}")).in_file(src.join("SUMMARY.md")));
            return ProtocolBook::from_value(json!({"items": []}));
        }
    };
    let mut items = Vec::new();
    for item in summary
        .prefix_chapters
        .iter()
        .chain(&summary.numbered_chapters)
        .chain(&summary.suffix_chapters)
    {
        if let Some(value) = item_json(root, src, item, diagnostics) {
            items.push(value);
        }
    }
    ProtocolBook::from_value(json!({ "items": items }))
}

fn item_json(root: &Path, src: &Path, item: &SummaryItem, diagnostics: &mut Diagnostics) -> Option<Value> {
    let SummaryItem::Link(link) = item else {
        return None;
    };
    Some(json!({"Chapter": chapter_json(root, src, link, diagnostics)}))
}

fn chapter_json(root: &Path, src: &Path, link: &Link, diagnostics: &mut Diagnostics) -> Value {
    let content = link.location.as_ref().map_or_else(String::new, |location| {
        let path: PathBuf = root.join(src).join(location);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            diagnostics.push(
                Diagnostic::new(Level::Error, "missing-chapter", format!("cannot read: {e}"))
                    .in_file(src.join(location)),
            );
            String::new()
        })
    });
    let sub: Vec<Value> = link
        .nested_items
        .iter()
        .filter_map(|i| item_json(root, src, i, diagnostics))
        .collect();
    json!({
        "name": link.name, "content": content, "number": null, "sub_items": sub,
        "path": link.location.as_deref().map(served_path), "source_path": link.location, "parent_names": [],
    })
}

/// mdBook's `index` preprocessor: a `README.md` chapter is served as
/// `index.md`, so links the suite writes to it (and the links check) see the
/// page mdBook writes, `index.html`.
fn served_path(location: &Path) -> PathBuf {
    let readme = location
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"));
    if readme {
        location.with_file_name("index.md")
    } else {
        location.to_path_buf()
    }
}

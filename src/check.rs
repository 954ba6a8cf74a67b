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
            // What `mdbook build` would stop at, with this suite or any preprocessor.
            if let Some(too_deep) = handbook_core::protocol::too_deep_for_mdbook(&outcome.book, &ctx) {
                diagnostics.push(too_deep);
            }
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
    let summary = match parse_summary(text) {
        Ok(s) => s,
        Err(e) => {
            diagnostics.push(Diagnostic::new(Level::Error, "summary", e).in_file(src.join("SUMMARY.md")));
            return ProtocolBook::from_value(json!({"items": []}));
        }
    };
    let items: Vec<SummaryItem> = [
        summary.prefix_chapters,
        summary.numbered_chapters,
        summary.suffix_chapters,
    ]
    .into_iter()
    .flatten()
    .collect();
    // Built by hand: `json!` would copy the tree through a recursive serialisation.
    let mut top = serde_json::Map::new();
    top.insert(
        "items".to_owned(),
        Value::Array(items_json(root, src, &items, diagnostics)),
    );
    let book = ProtocolBook::from_value(Value::Object(top));
    dispose(items);
    book
}

/// mdBook's own SUMMARY.md parser, which recurses once per level of nesting:
/// on a thread whose stack fits the deepest nesting the text can hold (a
/// level takes at least two columns of indentation or list markers), so a
/// deep book is read as mdBook reads it and never overflows `check`'s stack.
fn parse_summary(text: String) -> Result<mdbook_summary::Summary, String> {
    /// Well above what one level takes (under 1.6 KiB in a debug build).
    const PER_LEVEL: usize = 8 << 10;
    let deepest = text.lines().map(nesting_columns).max().unwrap_or(0) / 2 + 1;
    let stack = (8 << 20) + deepest.saturating_mul(PER_LEVEL);
    std::thread::Builder::new()
        .name("summary".to_owned())
        .stack_size(stack)
        .spawn(move || mdbook_summary::parse_summary(&text).map_err(|e| format!("{e:#}")))
        .map_err(|e| format!("cannot start the SUMMARY.md reader: {e}"))?
        .join()
        .unwrap_or_else(|panic| {
            Err(format!(
                "mdBook's SUMMARY.md parser crashed: {}",
                handbook_core::diagnostics::panic_message(&*panic)
            ))
        })
}

/// The columns at the start of a line that can open a list or a quote:
/// indentation (a tab as four), markers (`- - - [a](a.md)` nests three lists
/// on one line), `>` and item numbers.
fn nesting_columns(line: &str) -> usize {
    line.bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'>' | b'-' | b'*' | b'+' | b'.' | b')' | b'0'..=b'9'))
        .map(|b| if b == b'\t' { 4 } else { 1 })
        .sum()
}

/// The chapters of `items` as mdBook sends them, sub-chapters nested: built
/// with loops (a flat list in book order, then each chapter handed to its
/// parent from the last up), so a SUMMARY.md nested 10,000 deep needs no deep stack.
fn items_json(root: &Path, src: &Path, items: &[SummaryItem], diagnostics: &mut Diagnostics) -> Vec<Value> {
    // Book order: each chapter's object (no `sub_items` yet) and its parent's index.
    let mut flat: Vec<(Option<usize>, serde_json::Map<String, Value>)> = Vec::new();
    let mut lists = vec![(items.iter(), None)];
    while let Some((list, parent)) = lists.last_mut() {
        let Some(item) = list.next() else {
            lists.pop();
            continue;
        };
        let SummaryItem::Link(link) = item else {
            continue;
        };
        let parent = *parent;
        flat.push((parent, chapter_json(root, src, link, diagnostics)));
        lists.push((link.nested_items.iter(), Some(flat.len() - 1)));
    }
    let mut children: Vec<Vec<Value>> = vec![Vec::new(); flat.len()];
    let mut top = Vec::new();
    for (i, (parent, mut chapter)) in flat.into_iter().enumerate().rev() {
        let mut sub = std::mem::take(&mut children[i]);
        sub.reverse();
        chapter.insert("sub_items".to_owned(), Value::Array(sub));
        let item = Value::Object(serde_json::Map::from_iter([(
            "Chapter".to_owned(),
            Value::Object(chapter),
        )]));
        match parent {
            Some(p) => children[p].push(item),
            None => top.push(item),
        }
    }
    top.reverse();
    top
}

fn chapter_json(root: &Path, src: &Path, link: &Link, diagnostics: &mut Diagnostics) -> serde_json::Map<String, Value> {
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
    let mut chapter = serde_json::Map::new();
    chapter.insert("name".to_owned(), json!(link.name));
    chapter.insert("content".to_owned(), json!(content));
    chapter.insert("number".to_owned(), Value::Null);
    chapter.insert("path".to_owned(), json!(link.location.as_deref().map(served_path)));
    chapter.insert("source_path".to_owned(), json!(link.location));
    chapter.insert("parent_names".to_owned(), json!([]));
    chapter
}

/// Drops SUMMARY.md's tree in a loop: its own drop recurses once per level.
fn dispose(items: Vec<SummaryItem>) {
    let mut pending = items;
    while let Some(item) = pending.pop() {
        if let SummaryItem::Link(mut link) = item {
            pending.append(&mut link.nested_items);
        }
    }
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

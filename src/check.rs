//! `mdbook-handbook check`: every validation of the suite over a book,
//! without rendering it. Made for CI: diagnostics on stderr, a non-zero exit
//! on errors (or on warnings with `--deny-warnings`).
//!
//! Chapters are read from disk as SUMMARY.md lists them; `{{#include}}` is
//! not expanded, so line numbers are those of the files themselves.

use crate::suite;
use anyhow::{Context as _, Result};
use handbook_core::protocol::Context;
use handbook_core::{Diagnostic, Diagnostics, Level, ProtocolBook};
use mdbook_summary::{Link, SummaryItem};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Runs the checks; returns all diagnostics found. `skip` names suite
/// preprocessors (`diagrams`, `handbook-glossary`) not to run, e.g. to leave
/// diagram drawing to the build in a quick pre-commit check.
pub fn check_book(root: &Path, skip: &[&str]) -> Result<Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let toml_path = root.join("book.toml");
    let toml_text = std::fs::read_to_string(&toml_path).with_context(|| format!("reading {}", toml_path.display()))?;
    let config = match toml::from_str::<toml::Table>(&toml_text) {
        Ok(table) => serde_json::to_value(table)?,
        Err(e) => {
            diagnostics.push(Diagnostic::new(Level::Error, "config", e.message().to_owned()).in_file("book.toml"));
            return Ok(diagnostics);
        }
    };
    check_suite_tables(&config, &mut diagnostics);
    let ctx = Context::new(
        root.to_path_buf(),
        "html",
        handbook_core::protocol::BUILT_FOR_MDBOOK,
        config,
    );
    let book = load_book(root, &ctx.src_dir(), &mut diagnostics)?;
    let chosen: Vec<&(&str, suite::RunInProcess)> = build_order(&ctx.config)
        .iter()
        .filter(|name| {
            !skip
                .iter()
                .any(|s| name.trim_start_matches("handbook-") == s.trim_start_matches("handbook-"))
        })
        .filter_map(|name| suite::PREPROCESSORS.iter().find(|(n, _)| n == name))
        .collect();
    let running: Vec<&str> = chosen.iter().map(|(name, _)| *name).collect();
    let runs: Vec<suite::RunInProcess> = if configured(&ctx.config).is_empty() {
        vec![suite::run_core_pass]
    } else {
        chosen.iter().map(|(_, run)| *run).collect()
    };
    for d in crate::reading::report(&ctx, &book.chapters(), &running) {
        diagnostics.push(d);
    }
    let mut book = book;
    for run in runs {
        match run(&ctx, book.clone()) {
            Ok(outcome) => {
                diagnostics.extend(outcome.diagnostics);
                book = outcome.book;
            }
            Err(e) => diagnostics.push(
                Diagnostic::new(
                    Level::Error,
                    "config",
                    format!("{}", e)
                        .trim_start_matches("book.toml: error[config]: ")
                        .to_owned(),
                )
                .in_file("book.toml"),
            ),
        }
    }
    Ok(diagnostics)
}

/// `[preprocessor.*]` tables whose name starts with `handbook`.
fn configured(config: &Value) -> Vec<String> {
    config
        .get("preprocessor")
        .and_then(Value::as_object)
        .map(|t| t.keys().filter(|k| k.starts_with("handbook")).cloned().collect())
        .unwrap_or_default()
}

/// Every `[preprocessor.*]` name in the order `mdbook build` runs them: by
/// `before`/`after`, ties by name (mdbook-driver 0.5's `determine_preprocessors`),
/// so each one sees the text, and the moved lines, it sees in a real build.
/// A cycle, which mdBook refuses, leaves the rest in name order.
fn build_order(config: &Value) -> Vec<String> {
    let tables = config.get("preprocessor").and_then(Value::as_object);
    let defaults = config
        .pointer("/build/use-default-preprocessors")
        .and_then(Value::as_bool)
        != Some(false);
    let mut names: BTreeSet<String> = BTreeSet::new();
    if defaults {
        names.extend(["links", "index"].map(str::to_owned));
    }
    names.extend(tables.into_iter().flat_map(|t| t.keys().cloned()));
    // (earlier, later) pairs.
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    for (name, table) in tables.into_iter().flatten() {
        let list = |key: &str| -> Vec<String> {
            let items = table.get(key).and_then(Value::as_array).into_iter().flatten();
            items
                .filter_map(Value::as_str)
                .filter(|n| names.contains(*n))
                .map(str::to_owned)
                .collect()
        };
        edges.extend(list("after").into_iter().map(|a| (a, name.clone())));
        edges.extend(list("before").into_iter().map(|b| (name.clone(), b)));
    }
    let mut order = Vec::new();
    while !names.is_empty() {
        let ready: Vec<String> = names
            .iter()
            .filter(|n| {
                !edges
                    .iter()
                    .any(|(earlier, later)| later == *n && names.contains(earlier))
            })
            .cloned()
            .collect();
        let ready = if ready.is_empty() {
            names.iter().cloned().collect()
        } else {
            ready
        };
        for name in &ready {
            names.remove(name);
        }
        order.extend(ready);
    }
    order
}

/// Suite tables must name a preprocessor of the suite and run after `links`.
fn check_suite_tables(config: &Value, diagnostics: &mut Diagnostics) {
    let known = suite::names();
    for name in configured(config) {
        if !known.contains(&name.as_str()) {
            let list = if known.is_empty() {
                "none yet".to_owned()
            } else {
                known.join(", ")
            };
            diagnostics.push(
                Diagnostic::new(
                    Level::Error,
                    "config",
                    format!("[preprocessor.{name}] is not a preprocessor of this suite (it has: {list})"),
                )
                .in_file("book.toml"),
            );
            continue;
        }
        let after = config.pointer(&format!("/preprocessor/{name}/after"));
        let after_links = after
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|v| v == "links"));
        if !after_links {
            diagnostics.push(
                Diagnostic::new(Level::Warning, "order", format!(
                    "[preprocessor.{name}] should have `after = [\"links\"]` so it sees the text of {{{{#include}}}}d files"
                ))
                .in_file("book.toml"),
            );
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_mdbooks_after_before_then_name() {
        let config = json!({"preprocessor": {
            "handbook-status": {"after": ["links", "handbook-adr"]},
            "handbook-adr": {"after": ["links"]},
            "handbook-changelog": {"after": ["links", "handbook-status"], "before": ["handbook-diagrams"]},
            "handbook-diagrams": {},
            "handbook-glossary": {"after": ["no-such-preprocessor"]},
        }});
        let suite: Vec<String> = build_order(&config)
            .into_iter()
            .filter(|n| n.starts_with("handbook"))
            .collect();
        assert_eq!(
            suite,
            [
                "handbook-glossary",
                "handbook-adr",
                "handbook-status",
                "handbook-changelog",
                "handbook-diagrams"
            ]
        );
        let cycle = json!({"preprocessor": {"a": {"after": ["b"]}, "b": {"after": ["a"]}}});
        assert_eq!(build_order(&cycle), ["index", "links", "a", "b"]);
    }
}

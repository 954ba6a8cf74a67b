//! Golden-test support for the preprocessors' `tests/golden.rs`, behind the
//! `testing` feature so it never ships in a binary.
//!
//! Every crate pins its output the mdbook-toc way: input files, expected
//! files, `BLESS=1` to write the expected files (then read each by eye).
//! The cases keep their crate's own layout; the mechanics live here once:
//! listing cases, building the protocol book, running the real protocol
//! path, and comparing or blessing.

use crate::protocol::{self, Context, HandbookPreprocessor};
use crate::{Diagnostics, ProtocolBook};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// One chapter as mdBook sends it: where it lives and what it says.
#[derive(Debug, Clone)]
pub struct Page {
    /// Source path relative to `src/`, `/`-separated.
    pub source: String,
    pub content: String,
    /// The chapter's name in SUMMARY.md.
    pub name: String,
}

impl Page {
    /// A page named after its first `# ` heading (as authors write SUMMARY.md), else its path.
    pub fn new(source: impl Into<String>, content: impl Into<String>) -> Page {
        let (source, content) = (source.into(), content.into());
        let name = content
            .lines()
            .find_map(|l| l.trim_end_matches('\r').strip_prefix("# "))
            .map_or_else(|| source.clone(), |t| t.trim().to_owned());
        Page { source, content, name }
    }

    pub fn named(mut self, name: impl Into<String>) -> Page {
        self.name = name.into();
        self
    }
}

/// What one run gave: each chapter's content (the suite's stylesheet block
/// collapsed to a marker, since every preprocessor extends it) and the
/// diagnostics, one per line.
#[derive(Debug)]
pub struct Run {
    pub contents: Vec<String>,
    pub diagnostics: Diagnostics,
}

impl Run {
    pub fn diagnostics_text(&self) -> String {
        self.diagnostics.iter().map(|d| format!("{d}\n")).collect()
    }
}

/// A context for `root` with `config` as the whole book.toml (as JSON).
pub fn context(root: impl Into<PathBuf>, renderer: &str, config: Value) -> Context {
    Context::new(root.into(), renderer, protocol::BUILT_FOR_MDBOOK, config)
}

/// The protocol book mdBook would send for `pages`, numbered in order;
/// a `README.md` is served as `index.md`, as mdBook does.
pub fn book(pages: &[Page]) -> ProtocolBook {
    let items: Vec<Value> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            json!({"Chapter": {"name": page.name, "content": page.content, "number": [i + 1], "sub_items": [],
                "path": page.source.replace("README.md", "index.md"), "source_path": page.source,
                "parent_names": []}})
        })
        .collect();
    ProtocolBook::from_value(json!({"items": items})).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs `preprocessor` over `pages` through the same path `mdbook build` takes.
pub fn run<P: HandbookPreprocessor>(preprocessor: &P, ctx: &Context, pages: &[Page]) -> Run {
    let outcome = protocol::process(preprocessor, ctx, book(pages)).unwrap_or_else(|e| panic!("{e}"));
    let contents = outcome
        .book
        .chapters()
        .into_iter()
        .map(|c| crate::html::collapse_assets(&c.content))
        .collect();
    Run {
        contents,
        diagnostics: outcome.diagnostics,
    }
}

/// Compares with expected files, or writes them when `BLESS` is set.
#[derive(Debug, Clone, Copy)]
pub struct Expect {
    bless: bool,
}

impl Expect {
    pub fn from_env() -> Expect {
        Expect {
            bless: std::env::var_os("BLESS").is_some(),
        }
    }

    /// `got` must equal the file, which must exist.
    pub fn file(self, path: &Path, got: &str) {
        if self.bless {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            }
            std::fs::write(path, got).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        let expected = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(got, expected, "{}", path.display());
    }

    /// Like [`Expect::file`], for files that are absent when empty (diagnostics of a clean case).
    pub fn optional(self, path: &Path, got: &str) {
        if self.bless && got.is_empty() {
            let _ = std::fs::remove_file(path);
        } else if self.bless {
            self.file(path, got);
        }
        let expected = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(got, expected, "{}", path.display());
    }
}

/// The entries of `dir`, sorted, so cases run (and fail) in a stable order.
pub fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries
}

/// Files of `dir` whose name ends with `suffix`, with the name before it.
pub fn cases(dir: &Path, suffix: &str) -> Vec<(String, PathBuf)> {
    entries(dir)
        .into_iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.strip_suffix(suffix)?.to_owned();
            Some((name, p))
        })
        .collect()
}

/// Every `.md` file under `dir` as a page, by path, a folder's `README.md` first.
pub fn pages_under(dir: &Path) -> Vec<Page> {
    let mut out = Vec::new();
    collect_pages(dir, dir, &mut out);
    out
}

fn collect_pages(base: &Path, dir: &Path, out: &mut Vec<Page>) {
    let mut paths = entries(dir);
    paths.sort_by_key(|p| (!p.ends_with("README.md"), p.is_dir(), p.clone()));
    for path in paths {
        if path.is_dir() {
            collect_pages(base, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let rel = path
                .strip_prefix(base)
                .map_or_else(|_| crate::platform::slashed(&path), crate::platform::slashed);
            let content = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push(Page::new(rel, content));
        }
    }
}

/// Reads a case's text file (`book.toml`, a config), `None` when absent.
pub fn read_optional(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

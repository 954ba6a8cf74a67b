//! Running the preprocessor over chapters in a temporary book, as mdBook would.
#![allow(dead_code)]

use handbook_core::Diagnostics;
use handbook_core::protocol;
use handbook_core::testing::{self, Page};
use handbook_diagrams::DiagramsPreprocessor;
use serde_json::{Value, json};
use std::path::Path;

pub(crate) struct Run {
    pub chapters: Vec<String>,
    pub diagnostics: Diagnostics,
}

impl Run {
    pub(crate) fn messages(&self) -> Vec<String> {
        self.diagnostics.iter().map(ToString::to_string).collect()
    }

    pub(crate) fn diagnostics_text(&self) -> String {
        self.diagnostics.iter().map(|d| format!("{d}\n")).collect()
    }

    /// Every `<svg>...</svg>` of chapter `i`.
    pub(crate) fn svgs(&self, i: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = self.chapters[i].as_str();
        while let Some(start) = rest.find("<svg") {
            let end = rest[start..].find("</svg>\n").map_or(rest.len(), |e| start + e + 6);
            out.push(rest[start..end].to_owned());
            rest = &rest[end..];
        }
        out
    }
}

/// Runs with `[preprocessor.handbook.diagrams]` = `table`, chapters as (source path, content).
pub(crate) fn run(root: &Path, table: Value, chapters: &[(&str, &str)]) -> Run {
    run_for(root, table, chapters, "html")
}

pub(crate) fn run_for(root: &Path, table: Value, chapters: &[(&str, &str)], renderer: &str) -> Run {
    let config = json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"diagrams": table}}});
    run_with_config(root, config, chapters, renderer)
}

/// Runs with a whole book.toml (as JSON), for keys outside the diagrams table.
pub(crate) fn run_with_config(root: &Path, config: Value, chapters: &[(&str, &str)], renderer: &str) -> Run {
    let pages: Vec<Page> = chapters
        .iter()
        .map(|(path, content)| Page::new(*path, *content))
        .collect();
    let ctx = testing::context(root, renderer, config);
    let book = testing::book(&pages);
    let outcome = protocol::process(&DiagramsPreprocessor, &ctx, book).unwrap();
    let chapters = outcome.book.chapters().into_iter().map(|c| c.content).collect();
    Run {
        chapters,
        diagnostics: outcome.diagnostics,
    }
}

pub(crate) fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

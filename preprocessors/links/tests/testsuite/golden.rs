//! Golden cases: each folder under `tests/cases/` is a whole book (`book.toml`,
//! `src/SUMMARY.md`, the chapters, static files and files outside `src/`).
//! The chapters SUMMARY.md lists, in its order, go through the real pipeline;
//! the diagnostics must equal `diagnostics.txt`, and every chapter must come
//! back as the core alone leaves it (the check edits nothing).
//! Set `BLESS=1` to write `diagnostics.txt`, then read it by eye.

use handbook_core::CoreOnly;
use handbook_core::markdown::MarkdownOptions;
use handbook_core::testing::{self, Expect, Page};
use handbook_links::LinksPreprocessor;
use handbook_links::scan::page;
use serde_json::{Value, json};
use std::path::Path;

/// The chapters SUMMARY.md links, in its order, that exist on disk.
fn chapters(src: &Path) -> Vec<Page> {
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap_or_default();
    page::scan(&summary, &MarkdownOptions::default(), None)
        .links()
        .filter_map(|link| {
            let content = std::fs::read_to_string(src.join(&link.dest)).ok()?;
            Some(Page::new(link.dest.clone(), content))
        })
        .collect()
}

fn run_case(dir: &Path, expect: Expect) {
    let config: Value = testing::read_optional(&dir.join("book.toml"))
        .map(|t| toml::from_str::<toml::Value>(&t).unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .map(|v| serde_json::to_value(v).unwrap_or_default())
        .unwrap_or_else(|| json!({}));
    let pages = chapters(&dir.join("src"));
    assert!(!pages.is_empty(), "{}: no chapters", dir.display());
    let ctx = testing::context(dir, "html", config);
    let run = testing::run(&LinksPreprocessor, &ctx, &pages);
    // Only the core's own pass (front matter taken off) may change a chapter.
    let core = testing::run(&CoreOnly, &ctx, &pages);
    for ((page, got), core) in pages.iter().zip(&run.contents).zip(&core.contents) {
        assert_eq!(core, got, "{}: {} was edited", dir.display(), page.source);
    }
    let diagnostics = run.diagnostics_text().replace(&dir.display().to_string(), "CASE");
    expect.file(&dir.join("diagnostics.txt"), &diagnostics);
}

#[test]
fn golden_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let expect = Expect::from_env();
    let cases: Vec<_> = testing::entries(&root).into_iter().filter(|p| p.is_dir()).collect();
    for case in &cases {
        run_case(case, expect);
    }
    assert!(!cases.is_empty(), "no golden cases found");
}

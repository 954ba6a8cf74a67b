//! Golden cases, one folder per case under `tests/cases/`: every `NAME.in.md`
//! is a chapter (`--` in NAME stands for `/`, chapters in name order, named
//! by their first heading), run through the real pipeline (front matter,
//! splices, stylesheet) and compared with `NAME.out.md`; the diagnostics with
//! `diagnostics.txt`. An optional `book.toml` is the book config
//! (`[golden] renderer = "markdown"` picks another renderer). One input of
//! each case carries a comment saying what the case pins down (at its end
//! where the top of the page is what the case is about).
//! Set `BLESS=1` to write the outputs, then read every one of them by eye.

use handbook_core::testing::{self, Expect, Page};
use handbook_glossary::GlossaryPreprocessor;
use serde_json::{Value, json};
use std::path::Path;

fn run_case(dir: &Path, expect: Expect) {
    let config: Value = testing::read_optional(&dir.join("book.toml"))
        .map(|t| toml::from_str::<toml::Value>(&t).unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .map(|v| serde_json::to_value(v).unwrap_or_default())
        .unwrap_or_else(|| json!({}));
    let renderer = config
        .pointer("/golden/renderer")
        .and_then(Value::as_str)
        .unwrap_or("html");
    let cases = testing::cases(dir, ".in.md");
    let pages: Vec<Page> = cases
        .iter()
        .map(|(stem, input)| {
            let content = std::fs::read_to_string(input).unwrap_or_default();
            let page = Page::new(format!("{}.md", stem.replace("--", "/")), content);
            // Without a heading the chapter is named after its file, as the case names it.
            if page.name == page.source {
                page.named(stem)
            } else {
                page
            }
        })
        .collect();
    let ctx = testing::context(dir, renderer, config.clone());
    let run = testing::run(&GlossaryPreprocessor, &ctx, &pages);
    for ((stem, _), got) in cases.iter().zip(&run.contents) {
        expect.file(&dir.join(format!("{stem}.out.md")), got);
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
    assert!(cases.len() >= 10, "only {} golden cases found", cases.len());
}

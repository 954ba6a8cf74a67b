//! Golden cases, in mdbook-toc's style.
//!
//! - `cases/<name>.in.md`: one chapter at `guide/page.md`; output `<name>.out.md`,
//!   diagnostics `<name>.diag.txt`. A name ending in `-text` renders for the
//!   markdown renderer. The first line of each input says what it pins down.
//! - The book root is a temporary folder outside git holding a copy of
//!   `cases/tree/` (so described paths count from the book root), and the
//!   decision log's facts are `common::decisions()` (ADR 4 superseded by 13,
//!   ADR 7 rejected). Git cases are in `repository.rs`.
//!
//! `BLESS=1` writes outputs; read each by eye.

use crate::common;

use handbook_core::testing::{self, Expect, Page};
use serde_json::json;
use std::path::Path;

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let tmp = tempfile::tempdir().unwrap();
    common::copy_pages(&dir.join("tree"), tmp.path());
    let expect = Expect::from_env();
    let mut cases = 0;
    for (name, path) in testing::cases(&dir, ".in.md") {
        let content = std::fs::read_to_string(&path).unwrap_or_default();
        let renderer = if name.ends_with("-text") { "markdown" } else { "html" };
        let config = json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"drift": {}}}});
        let ctx = testing::context(tmp.path(), renderer, config);
        let run = testing::run(
            &common::WithFacts(common::decisions()),
            &ctx,
            &[Page::new("guide/page.md", content)],
        );
        expect.file(&dir.join(format!("{name}.out.md")), &run.contents.concat());
        expect.file(&dir.join(format!("{name}.diag.txt")), &run.diagnostics_text());
        cases += 1;
    }
    assert!(cases >= 5, "only {cases} golden cases found");
}

#[test]
fn an_unknown_key_is_an_error_naming_the_valid_ones() {
    let config = json!({"preprocessor": {"handbook": {"drift": {"ignore-rev": ".x"}}}});
    let ctx = testing::context("/book", "html", config);
    let err = handbook_core::protocol::process(&handbook_drift::DriftPreprocessor, &ctx, testing::book(&[]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.starts_with("book.toml: error[config]: [preprocessor.handbook.drift] key `ignore-rev`")
            && err.contains("ignore-revs"),
        "{err}"
    );
}

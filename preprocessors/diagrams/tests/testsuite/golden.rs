//! Golden cases: `cases/<name>.in.md` through the preprocessor (HTML
//! renderer, a fresh cache) must equal `<name>.out.md`, and its diagnostics
//! `<name>.diagnostics.txt` (absent when there are none). Only in-process
//! renderers (svgbob, pikchr, merman) appear here: Cargo.lock pins them, so
//! their SVG is stable. The first line of each input says what it pins down.
//! Set `BLESS=1` to write the outputs after checking them by eye.

use crate::common;

use handbook_core::testing::{self, Expect};
use serde_json::json;
use std::path::Path;

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let expect = Expect::from_env();
    let cases = testing::cases(&dir, ".in.md");
    for (name, input_path) in &cases {
        let input = std::fs::read_to_string(input_path).unwrap_or_default();
        let root = common::temp();
        let run = common::run(root.path(), json!({}), &[(&format!("{name}.md"), &input)]);
        // The suite's stylesheet belongs to every preprocessor: not pinned here.
        let got = handbook_core::html::collapse_assets(&run.chapters[0]);
        expect.file(&dir.join(format!("{name}.out.md")), &got);
        expect.optional(&dir.join(format!("{name}.diagnostics.txt")), &run.diagnostics_text());
    }
    assert!(cases.len() >= 8, "only {} golden cases", cases.len());
}

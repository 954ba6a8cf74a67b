//! Golden cases: each `cases/<name>.in.md` is one chapter (source path
//! `<name>.md`, book root = `cases/`, so `file=` paths resolve next to it)
//! run through the real pipeline; the chapter must equal `<name>.out.md` and
//! the diagnostics `<name>.diag.txt`. Cases named `md-*` use the markdown
//! renderer, the others HTML. The first line of each input says what it pins.
//! Set `BLESS=1` to write the outputs after checking them by eye.

use handbook_changelog::ChangelogPreprocessor;
use handbook_core::testing::{self, Expect, Page};
use serde_json::json;
use std::path::Path;

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let expect = Expect::from_env();
    let config = json!({"book": {"src": "."}, "preprocessor": {"handbook": {"changelog": {
        "commit-url": "https://git.example.com/handbook/commit/{hash}"}}}});
    let cases = testing::cases(&dir, ".in.md");
    for (name, input_path) in &cases {
        let renderer = if name.starts_with("md-") { "markdown" } else { "html" };
        let input = std::fs::read_to_string(input_path).unwrap_or_default();
        let page = Page::new(format!("{name}.md"), input).named(name);
        let run = testing::run(
            &ChangelogPreprocessor,
            &testing::context(&dir, renderer, config.clone()),
            &[page],
        );
        expect.file(&dir.join(format!("{name}.out.md")), &run.contents[0]);
        expect.file(&dir.join(format!("{name}.diag.txt")), &run.diagnostics_text());
    }
    assert!(cases.len() >= 10, "only {} golden cases found", cases.len());
}

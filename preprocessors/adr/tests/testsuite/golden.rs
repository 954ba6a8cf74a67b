//! Golden cases, in mdbook-toc's style, through the real protocol path.
//!
//! - `cases/<name>.in.md` is one ADR chapter at `decisions/<name>.md`; its
//!   output must equal `<name>.out.md`.
//! - `cases/<name>/src/**.md` is a small book (chapters in path order, a
//!   folder's README.md first); each output must equal `cases/<name>/out/`.
//! - Diagnostics must equal `<name>.diagnostics.txt` / `<name>/diagnostics.txt`
//!   (absent means none). A book case may hold `config.json` (the
//!   `[preprocessor.handbook.adr]` table) and `renderer` (default `html`).
//!
//! The first line of each input (or the case's `README` text) says what it pins down.
//! Set `BLESS=1` to write the expected files after checking them by eye.

use handbook_adr::AdrPreprocessor;
use handbook_core::testing::{self, Expect, Page};
use serde_json::{Value, json};
use std::path::Path;

fn run(pages: &[Page], config: Value, renderer: &str) -> testing::Run {
    // Names like "Chapter 1": the ADR's own heading, not SUMMARY.md, must title it.
    let pages: Vec<Page> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| p.clone().named(format!("Chapter {i}")))
        .collect();
    let config = json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"adr": config}}});
    testing::run(&AdrPreprocessor, &testing::context("/book", renderer, config), &pages)
}

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let expect = Expect::from_env();
    let mut cases = 0;
    for (stem, path) in testing::cases(&dir, ".in.md") {
        let input = std::fs::read_to_string(&path).unwrap_or_default();
        let run = run(&[Page::new(format!("decisions/{stem}.md"), input)], json!({}), "html");
        expect.file(&dir.join(format!("{stem}.out.md")), &run.contents[0]);
        expect.optional(&dir.join(format!("{stem}.diagnostics.txt")), &run.diagnostics_text());
        cases += 1;
    }
    for path in testing::entries(&dir).into_iter().filter(|p| p.is_dir()) {
        let name = path.display();
        let pages = testing::pages_under(&path.join("src"));
        let config = testing::read_optional(&path.join("config.json")).map_or(json!({}), |t| {
            serde_json::from_str(&t).unwrap_or_else(|e| panic!("{name}/config.json: {e}"))
        });
        let renderer = testing::read_optional(&path.join("renderer")).unwrap_or_else(|| "html".into());
        let run = run(&pages, config, renderer.trim());
        for (page, got) in pages.iter().zip(&run.contents) {
            expect.file(&path.join("out").join(&page.source), got);
        }
        expect.optional(&path.join("diagnostics.txt"), &run.diagnostics_text());
        cases += 1;
    }
    assert!(cases >= 10, "only {cases} golden cases found");
}

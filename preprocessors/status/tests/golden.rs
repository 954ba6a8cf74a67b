//! Golden cases, in mdbook-toc's style.
//!
//! - `cases/<name>.in.md`: one chapter at `guide/page.md`; output `<name>.out.md`.
//! - `cases/<name>.book/`: every `.md` file under it is a chapter (by path, a
//!   folder's `README.md` first and served as `index.md`, as mdBook does);
//!   output `<name>.book.out.md`, the chapters one after the other.
//!
//! A name ending in `-text` renders for the markdown renderer, others for html.
//! Diagnostics go to `<name>.diag.txt` (empty when there are none), so bad
//! input is asserted with its path and line. Every case runs with the config
//! below, `today` fixed at 2026-01-31. The first line of each input says what
//! the case pins down. Set `BLESS=1` to write outputs after checking them by eye.

#![allow(clippy::unwrap_used)]

use handbook_core::testing::{self, Expect, Page};
use handbook_status::StatusPreprocessor;
use serde_json::{Value, json};
use std::path::Path;

fn config() -> Value {
    json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"status": {
        "today": "2026-01-31",
        "statuses": {"on hold": "proposed", "sunset": "sunset"},
        "palette": {"sunset": {"text": "#fff", "background": "#6e4000"}},
        "keys": {"reviewed": "last_checked"},
    }}}})
}

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let expect = Expect::from_env();
    let mut cases = 0;
    for path in testing::entries(&dir) {
        let file = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let (name, pages, single) = if let Some(name) = file.strip_suffix(".in.md") {
            let content = std::fs::read_to_string(&path).unwrap_or_default();
            (name.to_owned(), vec![Page::new("guide/page.md", content)], true)
        } else if let Some(name) = file.strip_suffix(".book").filter(|_| path.is_dir()) {
            (name.to_owned(), testing::pages_under(&path), false)
        } else {
            continue;
        };
        let renderer = if name.ends_with("-text") { "markdown" } else { "html" };
        let run = testing::run(
            &StatusPreprocessor,
            &testing::context("/book", renderer, config()),
            &pages,
        );
        let got = if single {
            run.contents.concat()
        } else {
            pages
                .iter()
                .zip(&run.contents)
                .map(|(page, content)| format!("==> {} <==\n{content}", page.source))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let out_name = if single {
            format!("{name}.out.md")
        } else {
            format!("{name}.book.out.md")
        };
        expect.file(&dir.join(out_name), &got);
        expect.file(&dir.join(format!("{name}.diag.txt")), &run.diagnostics_text());
        cases += 1;
    }
    assert!(cases >= 10, "only {cases} golden cases found");
}

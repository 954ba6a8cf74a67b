//! Golden cases: each `cases/<name>.in.md` is one chapter (source path
//! `<name>.md`, book root = `cases/`, so `file=` paths resolve next to it)
//! run through the real pipeline; the chapter must equal `<name>.out.md` and
//! the diagnostics `<name>.diag.txt`. Cases named `md-*` use the markdown
//! renderer, the others HTML. The first line of each input says what it pins.
//! Set `BLESS=1` to write the outputs after checking them by eye.

use handbook_changelog::ChangelogPreprocessor;
use handbook_core::ProtocolBook;
use handbook_core::protocol::{self, Context};
use serde_json::json;
use std::path::Path;

fn run(dir: &Path, name: &str, content: &str) -> (String, String) {
    let renderer = if name.starts_with("md-") { "markdown" } else { "html" };
    let config = json!({"book": {"src": "."}, "preprocessor": {"handbook-changelog": {
        "commit-url": "https://git.example.com/handbook/commit/{hash}"}}});
    let ctx = Context::new(dir.to_path_buf(), renderer, protocol::BUILT_FOR_MDBOOK, config);
    let book = json!({"items": [{"Chapter": {"name": name, "content": content, "number": [1], "sub_items": [],
        "path": format!("{name}.md"), "source_path": format!("{name}.md"), "parent_names": []}}]});
    let book = ProtocolBook::from_value(book).unwrap_or_else(|e| panic!("{e}"));
    let outcome = protocol::process(&ChangelogPreprocessor, &ctx, book).unwrap_or_else(|e| panic!("{e}"));
    // The suite's stylesheet changes as preprocessors land; only its place is pinned here.
    let out = handbook_core::html::collapse_stylesheet(&outcome.book.chapters()[0].content);
    let diags: String = outcome.diagnostics.iter().map(|d| format!("{d}\n")).collect();
    (out, diags)
}

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let bless = std::env::var_os("BLESS").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".in.md"))
        .collect();
    entries.sort();
    for input_path in &entries {
        let file = input_path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let name = file.trim_end_matches(".in.md");
        let input = std::fs::read_to_string(input_path).unwrap_or_default();
        let (got, diags) = run(&dir, name, &input);
        let out_path = dir.join(format!("{name}.out.md"));
        let diag_path = dir.join(format!("{name}.diag.txt"));
        if bless {
            std::fs::write(&out_path, &got).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&diag_path, &diags).unwrap_or_else(|e| panic!("{e}"));
        }
        let expected = std::fs::read_to_string(&out_path).unwrap_or_else(|e| panic!("{}: {e}", out_path.display()));
        let expected_diags = std::fs::read_to_string(&diag_path).unwrap_or_default();
        assert_eq!(got, expected, "{}", input_path.display());
        assert_eq!(diags, expected_diags, "{} diagnostics", input_path.display());
    }
    assert!(entries.len() >= 10, "only {} golden cases found", entries.len());
}

//! Golden cases, one folder per case under `tests/cases/`: every `NAME.in.md`
//! is a chapter (`--` in NAME stands for `/`, chapters in name order, named
//! by their first heading), run through the real pipeline (front matter,
//! splices, stylesheet) and compared with `NAME.out.md`; the diagnostics with
//! `diagnostics.txt`. An optional `book.toml` is the book config
//! (`[golden] renderer = "markdown"` picks another renderer). One input of
//! each case carries a comment saying what the case pins down (at its end
//! where the top of the page is what the case is about).
//! Set `BLESS=1` to write the outputs, then read every one of them by eye.

use handbook_core::protocol::{self, Context};
use handbook_core::{Chapter, ProtocolBook};
use handbook_glossary::GlossaryPreprocessor;
use serde_json::{Value, json};
use std::path::Path;

fn run_case(dir: &Path, bless: bool) {
    let mut inputs: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".in.md"))
        .collect();
    inputs.sort();
    let config: Value = std::fs::read_to_string(dir.join("book.toml"))
        .ok()
        .map(|t| toml::from_str::<toml::Value>(&t).unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .map(|v| serde_json::to_value(v).unwrap_or_default())
        .unwrap_or_else(|| json!({}));
    let renderer = config
        .pointer("/golden/renderer")
        .and_then(Value::as_str)
        .unwrap_or("html")
        .to_owned();
    let mut items = Vec::new();
    let mut names = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let stem = input
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .replace(".in.md", "");
        let path = format!("{}.md", stem.replace("--", "/"));
        let content = std::fs::read_to_string(input).unwrap_or_default();
        let name = content
            .lines()
            .find_map(|l| l.trim_end_matches('\r').strip_prefix("# "))
            .unwrap_or(&stem)
            .to_owned();
        items.push(
            json!({"Chapter": {"name": name, "content": content, "number": [i + 1], "sub_items": [],
            "path": path, "source_path": path, "parent_names": []}}),
        );
        names.push(stem);
    }
    let ctx = Context::new(dir.to_path_buf(), &renderer, protocol::BUILT_FOR_MDBOOK, config);
    let book = ProtocolBook::from_value(json!({"items": items})).unwrap_or_else(|e| panic!("{e}"));
    let outcome = protocol::process(&GlossaryPreprocessor, &ctx, book).unwrap_or_else(|e| panic!("{e}"));
    let chapters: Vec<Chapter> = outcome.book.chapters();
    for (stem, chapter) in names.iter().zip(&chapters) {
        let expected_path = dir.join(format!("{stem}.out.md"));
        let got = without_stylesheet(&chapter.content);
        if bless {
            std::fs::write(&expected_path, &got).unwrap_or_else(|e| panic!("{e}"));
        }
        let expected =
            std::fs::read_to_string(&expected_path).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        assert_eq!(got, expected, "{}", expected_path.display());
    }
    let diagnostics: String = outcome.diagnostics.iter().map(|d| format!("{d}\n")).collect();
    let diagnostics = diagnostics.replace(&dir.display().to_string(), "CASE");
    let expected_path = dir.join("diagnostics.txt");
    if bless {
        std::fs::write(&expected_path, &diagnostics).unwrap_or_else(|e| panic!("{e}"));
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(diagnostics, expected, "{}", expected_path.display());
}

/// The suite's stylesheet block (whose CSS other preprocessors extend) as one marker line.
fn without_stylesheet(content: &str) -> String {
    let Some(start) = content.find("<style data-mdbook-handbook-style") else {
        return content.to_owned();
    };
    let end = content[start..]
        .find("</style>")
        .map_or(content.len(), |e| start + e + "</style>".len());
    format!(
        "{}<style data-mdbook-handbook-style>(the suite's CSS)</style>{}",
        &content[..start],
        &content[end..]
    )
}

#[test]
fn golden_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let bless = std::env::var_os("BLESS").is_some();
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    for case in &cases {
        run_case(case, bless);
    }
    assert!(cases.len() >= 10, "only {} golden cases found", cases.len());
}

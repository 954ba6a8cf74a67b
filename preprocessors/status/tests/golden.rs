//! Golden cases, in mdbook-toc's style.
//!
//! - `cases/<name>.in.md`: one chapter at `guide/page.md`; output `<name>.out.md`.
//! - `cases/<name>.book/`: every `.md` file under it is a chapter (sorted by
//!   path, `README.md` served as `index.md` as mdBook does); output
//!   `<name>.book.out.md`, the chapters one after the other.
//!
//! A name ending in `-text` renders for the markdown renderer, others for html.
//! Diagnostics go to `<name>.diag.txt` (empty when there are none), so bad
//! input is asserted with its path and line. Every case runs with the config
//! below, `today` fixed at 2026-01-31. The first line of each input says what
//! the case pins down. Set `BLESS=1` to write outputs after checking them by eye.

use handbook_core::protocol::{self, Context};
use handbook_core::{BookShape, ProtocolBook};
use handbook_status::StatusPreprocessor;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn config() -> Value {
    json!({"book": {"src": "src"}, "preprocessor": {"handbook-status": {
        "today": "2026-01-31",
        "statuses": {"on hold": "proposed", "sunset": "sunset"},
        "palette": {"sunset": {"text": "#fff", "background": "#6e4000"}},
    }}})
}

/// Runs the preprocessor over `(source path, content)` chapters; returns contents and diagnostics.
fn run(chapters: &[(String, String)], renderer: &str) -> (Vec<String>, String) {
    let items: Vec<Value> = chapters
        .iter()
        .map(|(source, content)| {
            let path = source.replace("README.md", "index.md");
            json!({"Chapter": {"name": title_of(content, source), "content": content, "number": null,
                "sub_items": [], "path": path, "source_path": source, "parent_names": []}})
        })
        .collect();
    let ctx = Context::new(PathBuf::from("/book"), renderer, protocol::BUILT_FOR_MDBOOK, config());
    let book = ProtocolBook::from_value(json!({"items": items})).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(book.shape(), BookShape::Items);
    let outcome = protocol::process(&StatusPreprocessor, &ctx, book).unwrap_or_else(|e| panic!("{e}"));
    let diagnostics: String = outcome.diagnostics.iter().map(|d| format!("{d}\n")).collect();
    let contents = outcome
        .book
        .chapters()
        .into_iter()
        .map(|c| without_stylesheet(&c.content))
        .collect();
    (contents, diagnostics)
}

/// The suite's stylesheet block, shared and changed by every preprocessor,
/// shows as one marker line so these cases pin only this preprocessor's output.
fn without_stylesheet(content: &str) -> String {
    handbook_core::html::collapse_stylesheet(content)
}

/// The chapter's name in SUMMARY.md: its first H1, else its file name.
fn title_of(content: &str, source: &str) -> String {
    content
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_owned())
        .unwrap_or_else(|| source.to_owned())
}

fn md_files(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            md_files(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let rel = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).unwrap_or_default()));
        }
    }
}

fn check(expected_path: &Path, got: &str, bless: bool) {
    if bless {
        std::fs::write(expected_path, got).unwrap_or_else(|e| panic!("{e}"));
    }
    let expected =
        std::fs::read_to_string(expected_path).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
    assert_eq!(got, expected, "{}", expected_path.display());
}

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let bless = std::env::var_os("BLESS").is_some();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut cases = 0;
    for path in entries {
        let file = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let (name, chapters, out_name) = if let Some(name) = file.strip_suffix(".in.md") {
            let content = std::fs::read_to_string(&path).unwrap_or_default();
            (
                name.to_owned(),
                vec![("guide/page.md".to_owned(), content)],
                format!("{name}.out.md"),
            )
        } else if let Some(name) = file.strip_suffix(".book").filter(|_| path.is_dir()) {
            let mut chapters = Vec::new();
            md_files(&path, &path, &mut chapters);
            (name.to_owned(), chapters, format!("{name}.book.out.md"))
        } else {
            continue;
        };
        let renderer = if name.ends_with("-text") { "markdown" } else { "html" };
        let (contents, diagnostics) = run(&chapters, renderer);
        let got = if chapters.len() == 1 && file.ends_with(".in.md") {
            contents.concat()
        } else {
            chapters
                .iter()
                .zip(&contents)
                .map(|((source, _), content)| format!("==> {source} <==\n{content}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        check(&dir.join(out_name), &got, bless);
        check(&dir.join(format!("{name}.diag.txt")), &diagnostics, bless);
        cases += 1;
    }
    assert!(cases >= 10, "only {cases} golden cases found");
}

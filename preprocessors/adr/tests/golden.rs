//! Golden cases, in mdbook-toc's style, through the real protocol path.
//!
//! - `cases/<name>.in.md` is one ADR chapter at `decisions/<name>.md`; its
//!   output must equal `<name>.out.md`.
//! - `cases/<name>/src/**.md` is a small book (chapters in path order, a
//!   folder's README.md first); each output must equal `cases/<name>/out/`.
//! - Diagnostics must equal `<name>.diagnostics.txt` / `<name>/diagnostics.txt`
//!   (absent means none). A book case may hold `config.json` (the
//!   `[preprocessor.handbook-adr]` table) and `renderer` (default `html`).
//!
//! The first line of each input (or the case's `README` text) says what it pins down.
//! Set `BLESS=1` to write the expected files after checking them by eye.

use handbook_adr::AdrPreprocessor;
use handbook_core::protocol::{self, Context};
use handbook_core::{Diagnostics, ProtocolBook};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn run(files: &[(String, String)], config: Value, renderer: &str) -> (Vec<String>, String) {
    let items: Vec<Value> = files
        .iter()
        .enumerate()
        .map(|(i, (path, content))| {
            json!({"Chapter": {"name": format!("Chapter {i}"), "content": content, "number": [i + 1],
                "sub_items": [], "path": path.replace("README.md", "index.md"), "source_path": path, "parent_names": []}})
        })
        .collect();
    let config = json!({"book": {"src": "src"}, "preprocessor": {"handbook-adr": config}});
    let ctx = Context::new(PathBuf::from("/book"), renderer, protocol::BUILT_FOR_MDBOOK, config);
    let book = ProtocolBook::from_value(json!({"items": items})).unwrap_or_else(|e| panic!("{e}"));
    let outcome = protocol::process(&AdrPreprocessor, &ctx, book).unwrap_or_else(|e| panic!("{e}"));
    let out = outcome
        .book
        .chapters()
        .into_iter()
        .map(|c| without_stylesheet(&c.content))
        .collect();
    (out, diagnostics_text(&outcome.diagnostics))
}

/// The suite's stylesheet block changes whenever any preprocessor adds CSS;
/// the cases only pin where it is.
fn without_stylesheet(content: &str) -> String {
    handbook_core::html::collapse_stylesheet(content)
}

fn diagnostics_text(d: &Diagnostics) -> String {
    d.iter().map(|d| format!("{d}\n")).collect()
}

fn check(expected_path: &Path, got: &str, bless: bool) {
    if bless {
        if got.is_empty() && expected_path.extension().is_some_and(|e| e == "txt") {
            let _ = std::fs::remove_file(expected_path);
        } else {
            if let Some(dir) = expected_path.parent() {
                std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
            }
            std::fs::write(expected_path, got).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let expected = if expected_path.extension().is_some_and(|e| e == "txt") {
        std::fs::read_to_string(expected_path).unwrap_or_default()
    } else {
        std::fs::read_to_string(expected_path).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()))
    };
    assert_eq!(got, expected, "{}", expected_path.display());
}

fn sorted_files(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort_by_key(|p| (!p.ends_with("README.md"), p.is_dir(), p.clone()));
    for p in entries {
        if p.is_dir() {
            sorted_files(root, &p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
        }
    }
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
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".in.md") {
            let input = std::fs::read_to_string(&path).unwrap_or_default();
            let (out, diagnostics) = run(&[(format!("decisions/{stem}.md"), input)], json!({}), "html");
            check(&dir.join(format!("{stem}.out.md")), &out[0], bless);
            check(&dir.join(format!("{stem}.diagnostics.txt")), &diagnostics, bless);
            cases += 1;
        } else if path.is_dir() {
            let src = path.join("src");
            let mut files = Vec::new();
            sorted_files(&src, &src, &mut files);
            let config = std::fs::read_to_string(path.join("config.json"))
                .ok()
                .map_or(json!({}), |t| {
                    serde_json::from_str(&t).unwrap_or_else(|e| panic!("{name}/config.json: {e}"))
                });
            let renderer = std::fs::read_to_string(path.join("renderer")).unwrap_or_else(|_| "html".into());
            let (out, diagnostics) = run(&files, config, renderer.trim());
            for ((rel, _), got) in files.iter().zip(&out) {
                check(&path.join("out").join(rel), got, bless);
            }
            check(&path.join("diagnostics.txt"), &diagnostics, bless);
            cases += 1;
        }
    }
    assert!(cases >= 10, "only {cases} golden cases found");
}

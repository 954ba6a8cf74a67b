//! Golden cases: `cases/<name>.in.md` through the preprocessor (HTML
//! renderer, a fresh cache) must equal `<name>.out.md`, and its diagnostics
//! `<name>.diagnostics.txt` (absent when there are none). Only in-process
//! renderers (svgbob, pikchr, merman) appear here: Cargo.lock pins them, so
//! their SVG is stable. The first line of each input says what it pins down.
//! Set `BLESS=1` to write the outputs after checking them by eye.

mod common;

use serde_json::json;
use std::path::Path;

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let bless = std::env::var_os("BLESS").is_some();
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".in.md"))
        .collect();
    inputs.sort();
    for input_path in &inputs {
        let name = input_path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .replace(".in.md", "");
        let input = std::fs::read_to_string(input_path).unwrap_or_default();
        let root = common::temp();
        let run = common::run(root.path(), json!({}), &[(&format!("{name}.md"), &input)]);
        // The suite's stylesheet belongs to every preprocessor: not pinned here.
        let got = handbook_core::html::collapse_stylesheet(&run.chapters[0]);
        let messages = run.messages().join("\n");
        let out_path = dir.join(format!("{name}.out.md"));
        let diag_path = dir.join(format!("{name}.diagnostics.txt"));
        if bless {
            std::fs::write(&out_path, &got).unwrap_or_else(|e| panic!("{e}"));
            if messages.is_empty() {
                let _ = std::fs::remove_file(&diag_path);
            } else {
                std::fs::write(&diag_path, format!("{messages}\n")).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        let expected = std::fs::read_to_string(&out_path).unwrap_or_else(|e| panic!("{}: {e}", out_path.display()));
        assert_eq!(got, expected, "{name}");
        let expected_diag = std::fs::read_to_string(&diag_path).unwrap_or_default();
        assert_eq!(messages, expected_diag.trim_end(), "{name}: diagnostics");
    }
    assert!(inputs.len() >= 8, "only {} golden cases", inputs.len());
}

//! Any markdown through each suite preprocessor with an empty config, as
//! chapters of a small book laid out the way each one looks for input (an
//! ADR folder, a glossary page, ordinary pages). No panic, deterministic
//! output, and never an internal splice error.
//!
//! PATH is emptied once, so no diagram program or git is ever started:
//! their absence is one of the paths under test, and fuzzing stays fast.
#![no_main]

use handbook_core::protocol::{self, Context, HandbookPreprocessor, Outcome};
use handbook_core::{ConfigError, ProtocolBook};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use std::sync::OnceLock;

const PATHS: [&str; 4] = ["decisions/0001-first.md", "decisions/0002-second.md", "glossary.md", "guide/page.md"];

fn root() -> &'static std::path::Path {
    static ROOT: OnceLock<std::path::PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        // SAFETY: set once, before any other thread of this process reads the environment.
        unsafe { std::env::set_var("PATH", "") };
        let dir = std::env::temp_dir().join(format!("handbook-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("src"));
        dir
    })
}

fn run<P: HandbookPreprocessor>(p: &P, table: Value, chapters: &[&str]) -> Result<Outcome, ConfigError> {
    let items: Vec<Value> = chapters
        .iter()
        .zip(PATHS)
        .map(|(content, path)| {
            json!({"Chapter": {"name": path, "content": content, "number": null, "sub_items": [],
                "path": path, "source_path": path, "parent_names": []}})
        })
        .collect();
    let name = P::NAME;
    let config = json!({"book": {"src": "src"}, "preprocessor": {name: table}});
    let ctx = Context::new(root().to_path_buf(), "html", protocol::BUILT_FOR_MDBOOK, config);
    let book = ProtocolBook::from_value(json!({ "items": items })).map_err(|e| ConfigError {
        table: name.into(),
        key: None,
        message: e.to_string(),
    })?;
    protocol::process(p, &ctx, book)
}

fn check<P: HandbookPreprocessor>(p: &P, table: Value, chapters: &[&str]) {
    let (Ok(a), Ok(b)) = (run(p, table.clone(), chapters), run(p, table, chapters)) else { return };
    assert_eq!(a.book.as_value(), b.book.as_value(), "{}: not deterministic", P::NAME);
    for d in a.diagnostics.iter() {
        assert!(!d.code.starts_with("internal"), "{}: {d}", P::NAME);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(first) = text.chars().next() else { return };
    let selector = first as u32;
    let chapters: Vec<&str> = text[first.len_utf8()..].splitn(4, '\u{0}').collect();
    let cache = root().join("cache").display().to_string();
    match selector % 6 {
        0 => check(&handbook_adr::AdrPreprocessor, json!({}), &chapters),
        1 => check(&handbook_status::StatusPreprocessor, json!({"today": "2026-01-31"}), &chapters),
        2 => check(&handbook_changelog::ChangelogPreprocessor, json!({}), &chapters),
        3 => check(&handbook_glossary::GlossaryPreprocessor, json!({}), &chapters),
        4 => check(
            &handbook_diagrams::DiagramsPreprocessor,
            json!({"on-missing": "keep", "cache-dir": cache, "timeout": 2}),
            &chapters,
        ),
        _ => check(&handbook_drift::DriftPreprocessor, json!({"code": ["**/*.md"]}), &chapters),
    }
});

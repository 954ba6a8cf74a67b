//! Any markdown through the core's whole pipeline (what every suite
//! preprocessor does first): no panic, idempotent, and byte-identical unless
//! the chapter starts with front matter.
#![no_main]

use handbook_core::protocol::{self, Context};
use handbook_core::{CoreOnly, ProtocolBook};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fn run(content: &str) -> String {
    let book = json!({"items": [{"Chapter": {"name": "c", "content": content, "number": null, "sub_items": [],
        "path": "c.md", "source_path": "c.md", "parent_names": []}}]});
    let Ok(book) = ProtocolBook::from_value(book) else { return String::new() };
    let ctx = Context::new("/b".into(), "html", protocol::BUILT_FOR_MDBOOK, json!({}));
    match protocol::process(&CoreOnly, &ctx, book) {
        Ok(outcome) => outcome.book.chapters().first().map(|c| c.content.clone()).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let once = run(text);
    assert_eq!(run(&once), once, "not idempotent");
    let t = text.trim_start_matches('\u{feff}');
    if !(t.starts_with("---") || t.starts_with("+++") || t.starts_with("<!--")) {
        assert_eq!(once, text, "a chapter without front matter changed");
    }
});

//! Every CommonMark and extension example, as the body of an ADR file (and
//! with an ADR header on top), goes through without a panic or a splice the
//! core must refuse, and chapters outside ADR folders come back unchanged.

use handbook_adr::AdrPreprocessor;
use handbook_core::protocol::{self, Context};
use handbook_core::{Level, ProtocolBook};
use serde_json::{Value, json};
use std::path::PathBuf;

fn examples() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/commonmark/examples.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let all: Vec<Value> = serde_json::from_str(&text).unwrap();
    all.iter()
        .filter_map(|e| e["markdown"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn every_example_in_an_adr_file_goes_through() {
    let examples = examples();
    assert!(examples.len() >= 652);
    for (variant, header) in [
        ("bare", ""),
        ("nygard", "# 1. T\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n"),
        ("bold", "# ADR-1: T\n\n**Status**: Accepted\n"),
    ] {
        let mut items = Vec::new();
        for (i, md) in examples.iter().enumerate() {
            for (folder, crlf) in [("adr", false), ("adr", true), ("guide", false)] {
                let index = if i % 100 == 0 {
                    "\n{{#adr-index}}\n\n{{#adr-graph}}\n"
                } else {
                    ""
                };
                let mut content = format!("{header}{md}{index}");
                if crlf {
                    content = content.replace('\n', "\r\n");
                }
                let path = format!("{folder}/{:04}-e{}.md", i + 1, u8::from(crlf));
                items.push(
                    json!({"Chapter": {"name": path, "content": content, "number": null, "sub_items": [],
                    "path": path, "source_path": path, "parent_names": []}}),
                );
            }
        }
        let ctx = Context::new(PathBuf::from("/b"), "html", protocol::BUILT_FOR_MDBOOK, json!({}));
        let book = ProtocolBook::from_value(json!({"items": items})).unwrap();
        let outcome = protocol::process(&AdrPreprocessor, &ctx, book).unwrap();
        let errors: Vec<String> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "{variant}: {errors:?}");
        let out = outcome.book.chapters();
        for (i, md) in examples.iter().enumerate().filter(|(i, _)| i % 100 != 0) {
            assert_eq!(
                out[3 * i + 2].content,
                format!("{header}{md}"),
                "a chapter outside ADR folders changed"
            );
        }
    }
}

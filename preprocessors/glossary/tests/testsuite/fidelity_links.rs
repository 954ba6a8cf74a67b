//! Fidelity with links: every CommonMark 0.31.2 spec example and extension
//! example, in a book whose glossary defines words the examples use (`foo`,
//! `bar`, `baz`, `Foo bar`) and with `link = "every"`, changes only by the
//! inserted link tags: removing them gives back the input byte for byte
//! (LF and CRLF). The root `tests/fidelity.rs` covers the no-glossary case.

use handbook_core::protocol::{self, Context};
use handbook_core::{Chapter, ProtocolBook};
use handbook_glossary::GlossaryPreprocessor;
use serde_json::{Value, json};

const GLOSSARY: &str =
    "# Glossary\n\nfoo\n: A first word.\n\nbar\n: A second word.\n\nbaz\n: A third word.\n\nFoo bar\n: Both.\n";

#[test]
fn only_link_tags_are_added() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/commonmark/examples.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let examples: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(examples.len() >= 652);
    let mut linked = 0;
    for variant in ["lf", "crlf"] {
        let sources: Vec<String> = examples
            .iter()
            .map(|e| e["markdown"].as_str().unwrap_or_default().to_owned())
            .map(|m| if variant == "crlf" { m.replace('\n', "\r\n") } else { m })
            .collect();
        let mut items: Vec<Value> = sources
            .iter()
            .enumerate()
            .map(|(i, m)| {
                json!({"Chapter": {"name": format!("Example {i}"), "content": m, "number": [i + 1], "sub_items": [],
                    "path": format!("ex{i}.md"), "source_path": format!("ex{i}.md"), "parent_names": []}})
            })
            .collect();
        items.push(
            json!({"Chapter": {"name": "Glossary", "content": GLOSSARY, "number": null, "sub_items": [],
            "path": "glossary.md", "source_path": "glossary.md", "parent_names": []}}),
        );
        let config = json!({"preprocessor": {"handbook": {"glossary": {"link": "every", "unused": "off"}}}});
        let ctx = Context::new("/book".into(), "html", protocol::BUILT_FOR_MDBOOK, config);
        let book = ProtocolBook::from_value(json!({ "items": items })).unwrap();
        let outcome = protocol::process(&GlossaryPreprocessor, &ctx, book).unwrap();
        let chapters: Vec<Chapter> = outcome.book.chapters();
        for ((example, sent), chapter) in examples.iter().zip(&sources).zip(&chapters) {
            let got = &chapter.content;
            if got != sent {
                linked += 1;
            }
            let (got, sent) = strip(got, sent);
            assert_eq!(got, sent, "{} `{}` ({variant})", example["source"], example["section"]);
        }
    }
    assert!(linked > 100, "only {linked} examples got links");
}

/// The output without our link tags. The core appends the suite's
/// stylesheet block to a chapter with links, after a separator that depends on
/// how the chapter ends; the block goes, and the comparison ignores trailing
/// line breaks of such chapters only.
fn strip(text: &str, sent: &str) -> (String, String) {
    let mut out = text.to_owned();
    let mut sent = sent.to_owned();
    if let Some(start) = out.find(handbook_core::html::inline_assets("").as_str()) {
        out.truncate(start);
        for s in [&mut out, &mut sent] {
            let kept = s.trim_end_matches(['\r', '\n']).len();
            s.truncate(kept);
        }
    }
    while let Some(open) = out.find("<a class=\"hb-term\"") {
        let Some(close) = out[open..].find("\">").and_then(|a| {
            let after_a = open + a + 2;
            out[after_a..].find("\">").map(|b| after_a + b + 2)
        }) else {
            break;
        };
        out.replace_range(open..close, "");
    }
    (out.replace("</abbr></a>", ""), sent)
}

//! Fidelity: every CommonMark 0.31.2 spec example and every example of the
//! extensions mdBook enables, as a chapter with nothing to change, comes back
//! byte-identical through each suite preprocessor's real protocol path.
//! Each preprocessor joins by adding one line to `suite()`.

use handbook_adr::AdrPreprocessor;
use handbook_c4::C4Preprocessor;
use handbook_changelog::ChangelogPreprocessor;
use handbook_core::CoreOnly;
use handbook_core::protocol::{self, HandbookPreprocessor};
use handbook_diagrams::DiagramsPreprocessor;
use handbook_drift::DriftPreprocessor;
use handbook_glossary::GlossaryPreprocessor;
use handbook_links::LinksPreprocessor;
use handbook_status::StatusPreprocessor;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
struct Example {
    source: String,
    section: String,
    markdown: String,
}

type Run = fn(&str) -> Vec<u8>;

fn through<P: HandbookPreprocessor + Default>(input: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let p = P::default();
    let ok = protocol::run_protocol(&[&p], &[P::NAME], input.as_bytes(), &mut out).unwrap_or_else(|e| panic!("{e:#}"));
    assert!(ok, "{} failed the build", P::NAME);
    out
}

/// The whole suite in one pass, as `[preprocessor.handbook]` runs it.
fn whole_suite(input: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let stages = mdbook_handbook::suite::stages();
    let ok = protocol::run_protocol(&stages, mdbook_handbook::suite::ORDER, input.as_bytes(), &mut out)
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert!(ok, "the suite failed the build");
    out
}

/// Every preprocessor of the suite, by name.
fn suite() -> Vec<(&'static str, Run)> {
    vec![
        (CoreOnly::NAME, through::<CoreOnly>),
        ("the whole suite", whole_suite),
        (AdrPreprocessor::NAME, through::<AdrPreprocessor>),
        (ChangelogPreprocessor::NAME, through::<ChangelogPreprocessor>),
        (StatusPreprocessor::NAME, through::<StatusPreprocessor>),
        (DiagramsPreprocessor::NAME, through::<DiagramsPreprocessor>),
        (GlossaryPreprocessor::NAME, through::<GlossaryPreprocessor>),
        (DriftPreprocessor::NAME, through::<DriftPreprocessor>),
        (LinksPreprocessor::NAME, through::<LinksPreprocessor>),
        (C4Preprocessor::NAME, through::<C4Preprocessor>),
    ]
}

fn examples() -> Vec<Example> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/commonmark/examples.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn book_of(chapters: &[String]) -> String {
    let items: Vec<Value> = chapters
        .iter()
        .enumerate()
        .map(|(i, content)| {
            json!({"Chapter": {"name": format!("Example {i}"), "content": content, "number": [i + 1],
                "sub_items": [], "path": format!("ex{i}.md"), "source_path": format!("ex{i}.md"), "parent_names": []}})
        })
        .collect();
    let ctx = json!({"root": "/book", "config": {"book": {"src": "src"}}, "renderer": "html",
        "mdbook_version": protocol::BUILT_FOR_MDBOOK});
    json!([ctx, {"items": items}]).to_string()
}

fn contents(output: &[u8]) -> Vec<String> {
    let book: Value = serde_json::from_slice(output).unwrap_or_else(|e| panic!("output is not JSON: {e}"));
    book["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| i["Chapter"]["content"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn every_spec_and_extension_example_comes_back_byte_identical() {
    let examples = examples();
    assert!(
        examples.iter().filter(|e| e.source.starts_with("commonmark")).count() >= 652,
        "spec examples missing"
    );
    for variant in ["lf", "crlf"] {
        let chapters: Vec<String> = examples
            .iter()
            .map(|e| {
                if variant == "crlf" {
                    e.markdown.replace('\n', "\r\n")
                } else {
                    e.markdown.clone()
                }
            })
            .collect();
        let input = book_of(&chapters);
        for (name, run) in suite() {
            let out = contents(&run(&input));
            assert_eq!(out.len(), chapters.len(), "{name}: chapters lost");
            for ((example, sent), got) in examples.iter().zip(&chapters).zip(&out) {
                assert_eq!(
                    got, sent,
                    "{name} changed {} `{}` ({variant})",
                    example.source, example.section
                );
            }
        }
    }
}

/// The splicer on real parser spans: replacing every leaf event's span with
/// its own text, as a preprocessor would, changes nothing (CRLF included).
#[test]
fn splicing_every_leaf_span_with_itself_is_identity() {
    use handbook_core::pulldown_cmark::Event;
    use handbook_core::{Splice, apply_splices, markdown};
    let options = markdown::MarkdownOptions::default();
    for example in examples() {
        for text in [example.markdown.clone(), example.markdown.replace('\n', "\r\n")] {
            let splices: Vec<Splice> = markdown::parse(&text, &options)
                .filter(|(e, _)| {
                    matches!(
                        e,
                        Event::Text(_) | Event::Code(_) | Event::Html(_) | Event::InlineHtml(_)
                    )
                })
                .map(|(_, r)| Splice::new(r.clone(), &text[r]))
                .collect();
            let mut seen = std::collections::BTreeSet::new();
            let unique: Vec<Splice> = splices
                .into_iter()
                .filter(|s| seen.insert((s.range.start, s.range.end)))
                .collect();
            assert_eq!(
                apply_splices(&text, &unique).as_deref(),
                Ok(text.as_str()),
                "{}",
                example.section
            );
        }
    }
}

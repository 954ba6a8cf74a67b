//! Golden cases for source-preserving edits, in mdbook-toc's style: each
//! `cases/<name>.in.md` goes through a demo preprocessor that replaces every
//! ```` ```demo ```` fence with an HTML block, and must equal `<name>.out.md`.
//! A comment in each input (its first line, or its last where the case is
//! about the top of the page) says what the case pins down.
//! Set `BLESS=1` to write the outputs after checking them by eye.

use handbook_core::Facts;
use handbook_core::protocol::{self, Context, Edits, HandbookPreprocessor};
use handbook_core::pulldown_cmark::{CodeBlockKind, Event, Tag};
use handbook_core::{Chapter, Diagnostics, NoConfig, Splice, markdown};
use serde_json::json;
use std::path::Path;

struct DemoFences;

impl HandbookPreprocessor for DemoFences {
    const NAME: &'static str = "handbook-demo";
    type Config = NoConfig;
    const CODES: &'static [handbook_core::Code] = &[];
    fn run(&self, ctx: &Context, _: &NoConfig, chapters: &[Chapter], _: &mut Facts, _: &mut Diagnostics) -> Edits {
        let mut edits = Edits::default();
        for (i, chapter) in chapters.iter().enumerate() {
            let text = &chapter.content;
            let mut open: Option<(usize, String)> = None;
            for (event, range) in markdown::parse(text, &ctx.markdown) {
                match event {
                    Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.as_ref() == "demo" => {
                        open = Some((range.start, String::new()));
                    }
                    Event::Text(t) if open.is_some() => {
                        if let Some((_, body)) = open.as_mut() {
                            body.push_str(&t);
                        }
                    }
                    Event::End(_) if open.is_some() => {
                        if let Some((start, body)) = open.take() {
                            let lines: Vec<String> = body
                                .lines()
                                .map(|l| format!("<p>{}</p>", handbook_core::html::escape(l)))
                                .collect();
                            let html = format!("<div class=\"demo\">\n{}\n</div>\n", lines.join("\n"));
                            edits.splice(i, Splice::block(text, start..range.end, &html));
                        }
                    }
                    _ => {}
                }
            }
        }
        edits
    }
}

fn run(content: &str) -> String {
    let input = json!([{"root": "/b", "config": {}, "renderer": "markdown", "mdbook_version": protocol::BUILT_FOR_MDBOOK},
        {"items": [{"Chapter": {"name": "c", "content": content, "number": null, "sub_items": [], "path": "c.md",
        "source_path": "c.md", "parent_names": []}}]}]);
    let mut out = Vec::new();
    let ok = protocol::run_protocol(&[&DemoFences], &["demo"], input.to_string().as_bytes(), &mut out)
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert!(ok);
    let book: serde_json::Value = serde_json::from_slice(&out).unwrap_or_default();
    book["items"][0]["Chapter"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let bless = std::env::var_os("BLESS").is_some();
    let mut cases = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for input_path in entries.iter().filter(|p| p.to_string_lossy().ends_with(".in.md")) {
        let input = std::fs::read_to_string(input_path).unwrap_or_default();
        let expected_path = input_path.with_file_name(
            input_path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .replace(".in.md", ".out.md"),
        );
        let got = run(&input);
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
        }
        let expected =
            std::fs::read_to_string(&expected_path).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        assert_eq!(got, expected, "{}", input_path.display());
        cases += 1;
    }
    assert!(cases >= 8, "only {cases} golden cases found");
}

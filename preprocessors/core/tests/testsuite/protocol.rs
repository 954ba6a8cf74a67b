//! The protocol against JSON recorded from real mdBook 0.4.52 and 0.5.4 runs
//! (tests/fixtures/protocol; `record.sh` there re-records them).

use handbook_core::Facts;
use handbook_core::diagnostics::{Diagnostic, Level};
use handbook_core::protocol::{self, Context, Edits, HandbookPreprocessor};
use handbook_core::{BookShape, Chapter, Diagnostics, NoConfig, Splice};
use serde_json::Value;

/// Does nothing but what the core does for every suite preprocessor.
use handbook_core::CoreOnly as Passthrough;

/// Appends a marker to the chapter named "Components".
struct MarkComponents;

impl HandbookPreprocessor for MarkComponents {
    const NAME: &'static str = "handbook-mark";
    type Config = NoConfig;
    const CODES: &'static [handbook_core::Code] = &[];
    fn run(&self, _: &Context, _: &NoConfig, chapters: &[Chapter], _: &mut Facts, _: &mut Diagnostics) -> Edits {
        let mut edits = Edits::default();
        for (i, c) in chapters.iter().enumerate().filter(|(_, c)| c.name == "Components") {
            edits.splice(i, Splice::insert(c.content.len(), "\nmarked\n"));
            edits.needs_stylesheet(i);
        }
        edits
    }
}

fn fixture(version: &str) -> String {
    let path = format!(
        "{}/../../tests/fixtures/protocol/mdbook-{version}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn run<P: HandbookPreprocessor>(p: &P, input: &str) -> (bool, Value) {
    let mut out = Vec::new();
    let ok = protocol::run_protocol(&[p], &["mark"], input.as_bytes(), &mut out).unwrap_or_else(|e| panic!("{e:#}"));
    let value = if ok {
        serde_json::from_slice(&out).unwrap()
    } else {
        Value::Null
    };
    (ok, value)
}

fn chapter_contents(book: &Value) -> Vec<(String, String)> {
    let key = if book.get("items").is_some() {
        "items"
    } else {
        "sections"
    };
    let mut out = Vec::new();
    fn walk(items: &Value, out: &mut Vec<(String, String)>) {
        for item in items.as_array().into_iter().flatten() {
            if let Some(ch) = item.get("Chapter") {
                out.push((
                    ch["name"].as_str().unwrap_or("").into(),
                    ch["content"].as_str().unwrap_or("").into(),
                ));
                walk(&ch["sub_items"], out);
            }
        }
    }
    walk(&book[key], &mut out);
    out
}

#[test]
fn both_recorded_versions_answer_in_the_shape_received() {
    for (version, key, shape) in [
        ("0.5.4", "items", BookShape::Items),
        ("0.4.52", "sections", BookShape::Sections),
    ] {
        let input = fixture(version);
        let (_, book) = protocol::parse_input(&input).unwrap_or_else(|e| panic!("{version}: {e:#}"));
        assert_eq!(book.shape(), shape);
        let names: Vec<_> = book.chapters().into_iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            [
                "Introduction",
                "Overview",
                "Components",
                "Decisions",
                "ADR 1",
                "Not written yet",
                "Glossary"
            ]
        );

        let (ok, out) = run(&Passthrough, &input);
        assert!(ok, "{version}");
        let sent: Value = serde_json::from_str(&input).unwrap_or_default();
        assert!(out.get(key).is_some(), "{version}: answered without `{key}`");
        // Only the chapter with front matter changed; everything else, unknown fields included, is as sent.
        let (before, after) = (chapter_contents(&sent[1]), chapter_contents(&out));
        for ((name, a), (_, b)) in before.iter().zip(&after) {
            if name == "Introduction" {
                // Front matter leaves the page: mdBook would show it as a rule and text.
                let body = a.split_once("\n---\n").map(|(_, body)| body).unwrap_or_default();
                assert!(a.starts_with("---\n") && b == body, "{b}");
            } else {
                assert_eq!(a, b, "{version}: {name} changed");
            }
        }
        let mut expected = sent[1].clone();
        expected[key][0]["Chapter"]["content"] = Value::String(after[0].1.clone());
        assert_eq!(out, expected, "{version}: more than the front matter changed");
    }
}

#[test]
fn mdbooks_own_parser_rejects_04_input_that_the_core_accepts() {
    let input = fixture("0.4.52");
    assert!(mdbook_preprocessor::parse_input(input.as_bytes()).is_err());
    assert!(mdbook_preprocessor::parse_input(fixture("0.5.4").as_bytes()).is_ok());
}

#[test]
fn keys_and_fields_a_future_mdbook_adds_are_kept() {
    let mut input: Value = serde_json::from_str(&fixture("0.5.4")).unwrap_or_default();
    input[0]["config"]["build"] = serde_json::json!({"future-switch": true});
    input[0]["config"]["output"]["future-renderer"] = serde_json::json!({"x": 1});
    input[0]["future_context_field"] = serde_json::json!([1]);
    input[1]["items"][2]["Chapter"]["future_chapter_field"] = serde_json::json!({"a": "b"});
    let (ok, out) = run(&MarkComponents, &input.to_string());
    assert!(ok);
    assert_eq!(out["items"][2]["Chapter"]["future_chapter_field"]["a"], "b");
    let components = out["items"][2]["Chapter"]["sub_items"][0]["Chapter"]["content"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    // Nothing follows the stylesheet and viewer: line maps stay in memory.
    assert!(components.trim_end().ends_with("</script>"), "{components}");
    assert!(!components.contains("mdbook-handbook:"), "{components}");
    let components = components.as_str();
    // The edit lands where it was asked; stylesheet and viewer are appended after everything.
    assert!(components.starts_with("# Components\n"), "{components}");
    let (text, style) = components.split_once("\n<style>\n").unwrap_or_default();
    assert!(text.ends_with("- item\n  > quote\n\nmarked\n"), "{components}");
    let (_, script) = style.split_once("\n</style>\n<script>\n").unwrap_or_default();
    assert!(script.trim_end().ends_with("})();\n</script>"), "{components}");
}

#[test]
fn an_unknown_key_in_the_suites_table_fails_with_its_name() {
    let mut input: Value = serde_json::from_str(&fixture("0.5.4")).unwrap_or_default();
    input[0]["config"]["preprocessor"]["handbook"] = serde_json::json!({"colour": "red", "after": ["links"]});
    let err = protocol::run_protocol(&[&Passthrough], &["core"], input.to_string().as_bytes(), Vec::new()).err();
    let err = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.contains("[preprocessor.handbook] key `colour`: unknown key `colour`; the valid keys are"),
        "{err}"
    );
}

#[test]
fn deny_warnings_fails_the_run_and_writes_nothing() {
    let mut input: Value = serde_json::from_str(&fixture("0.5.4")).unwrap_or_default();
    input[0]["config"]["preprocessor"]["handbook"] = serde_json::json!({"deny-warnings": true});
    input[1]["items"][2]["Chapter"]["content"] = Value::String("---\ntitle: [oops\n---\n# Overview\n".into());
    let mut out = Vec::new();
    let ok = protocol::run_protocol(&[&Passthrough], &["core"], input.to_string().as_bytes(), &mut out).unwrap_or(true);
    assert!(!ok);
    assert!(out.is_empty(), "stdout must stay empty when the build fails");
}

#[test]
fn version_check_warns_on_another_minor_only() {
    assert_eq!(protocol::version_mismatch(protocol::BUILT_FOR_MDBOOK), None);
    assert_eq!(protocol::version_mismatch("0.5.99"), None);
    let w = protocol::version_mismatch("0.4.52").unwrap_or_default();
    assert!(
        w.starts_with("warning[mdbook-version]: mdbook-handbook is built for mdBook 0.5."),
        "{w}"
    );
    assert!(protocol::version_mismatch("not-a-version").is_some());
}

#[test]
fn malformed_front_matter_is_kept_and_reported_once() {
    let mut input: Value = serde_json::from_str(&fixture("0.5.4")).unwrap_or_default();
    let bad = "---\ntitle: [oops\n---\n# Overview\n";
    input[1]["items"][2]["Chapter"]["content"] = Value::String(bad.into());
    let (ctx, book) = protocol::parse_input(&input.to_string()).unwrap();
    let first = protocol::process(&Passthrough, &ctx, book).unwrap();
    let messages: Vec<String> = first.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("src/overview.md:2: warning[front-matter]: front matter is not valid YAML"),
        "{}",
        messages[0]
    );
    let text = first.book.chapters()[1].content.clone();
    assert_eq!(text, bad, "the author's text must stay, with nothing added");
}

/// `[preprocessor.handbook.levels]`: allow drops, deny raises; a core code
/// belongs to the top table, not a capability's; an unknown code is a config error.
#[test]
fn levels_tables_set_and_check_codes() {
    let mut input: Value = serde_json::from_str(&fixture("0.5.4")).unwrap_or_default();
    input[1]["items"][2]["Chapter"]["content"] = Value::String("---\ntitle: [oops\n---\n# Overview\n".into());
    let run = |levels: Value, table: &str| {
        let mut input = input.clone();
        input[0]["config"]["preprocessor"]["handbook"] = match table {
            "handbook" => serde_json::json!({ "levels": levels }),
            sub => serde_json::json!({ sub: { "levels": levels } }),
        };
        let (ctx, book) = protocol::parse_input(&input.to_string()).unwrap();
        protocol::process(&Passthrough, &ctx, book).map(|o| {
            (
                o.fails(),
                o.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>(),
            )
        })
    };
    let (fails, messages) = run(serde_json::json!({"front-matter": "allow"}), "handbook").unwrap();
    assert!(!fails && messages.is_empty(), "{messages:?}");
    let (fails, messages) = run(serde_json::json!({"front-matter": "deny"}), "handbook").unwrap();
    assert!(fails && messages[0].contains("error[front-matter]"), "{messages:?}");
    // In a capability's sub-table, a core code is refused with where it goes.
    let err = run(serde_json::json!({"front-matter": "allow"}), "core")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("[preprocessor.handbook.core] key `levels.front-matter`")
            && err.contains("set it in [preprocessor.handbook.levels]"),
        "{err}"
    );
    let err = run(serde_json::json!({"front-mater": "allow"}), "handbook")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("key `levels.front-mater`: unknown diagnostic code `front-mater`, expected one of")
            && err.contains("`front-matter`"),
        "{err}"
    );
}

/// Reports one diagnostic at the body's first line and one at a front
/// matter key, and inserts a line above the body, as a card would.
struct LineReporter;

impl HandbookPreprocessor for LineReporter {
    const NAME: &'static str = "core";
    type Config = NoConfig;
    const CODES: &'static [handbook_core::Code] = &[];
    fn run(
        &self,
        ctx: &Context,
        _: &NoConfig,
        chapters: &[Chapter],
        _: &mut Facts,
        diagnostics: &mut Diagnostics,
    ) -> Edits {
        let mut edits = Edits::default();
        for (i, chapter) in chapters.iter().enumerate() {
            let Some(fm) = chapter.front_matter() else { continue };
            assert!(
                !chapter.content.contains("status:"),
                "front matter left in the text: {}",
                chapter.content
            );
            let path = ctx.display_path(chapter);
            diagnostics.push(Diagnostic::new(Level::Warning, "x", "body").at(&path, 1));
            diagnostics.push(
                Diagnostic::new(Level::Warning, "x", "key")
                    .at(&path, fm.key_line("status"))
                    .counting_front_matter(),
            );
            diagnostics.push(
                Diagnostic::new(Level::Warning, "x", "counted")
                    .at(&path, chapter.first_line() + 1)
                    .counting_front_matter(),
            );
            edits.splice(i, Splice::insert(0, "<div>card</div>\n\n"));
        }
        edits
    }
}

#[test]
fn front_matter_leaves_the_text_and_lines_stay_the_authors() {
    let mut input: Value = serde_json::from_str(&fixture("0.5.4")).unwrap_or_default();
    let page = "---\ntitle: T\nstatus: draft\n---\n# Overview\ntext\n";
    input[1]["items"][2]["Chapter"]["content"] = Value::String(page.into());
    let (ctx, book) = protocol::parse_input(&input.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let out = protocol::process(&LineReporter, &ctx, book).unwrap_or_else(|e| panic!("{e}"));
    let messages: Vec<String> = out
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .filter(|m| m.starts_with("src/overview.md"))
        .collect();
    assert_eq!(
        messages,
        [
            "src/overview.md:5: warning[x]: body",
            "src/overview.md:3: warning[x]: key",
            "src/overview.md:6: warning[x]: counted"
        ]
    );
    let text = out.book.chapters()[1].content.clone();
    assert_eq!(text, "<div>card</div>\n\n# Overview\ntext\n");
}

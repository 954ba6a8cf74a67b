//! Properties of every suite preprocessor over generated books, bounded so
//! the normal test run stays fast (`CASES` each).
//!
//! One file for all of them, run through `suite::PREPROCESSORS` as `check` and
//! the binaries run them: the grammar and the properties are the same for
//! each, and a copy per crate would drift. The grammar mixes what handbook
//! pages hold (tables, nested lists and quotes, admonitions, code fences of
//! non-diagram languages, raw HTML, definition lists, unicode with zero-width
//! and right-to-left characters) in LF, CRLF or mixed line endings.
//!
//! - A chapter with nothing for a preprocessor comes back byte-identical,
//!   in a book where the other chapters keep it busy.
//! - Determinism: the same book twice gives the same bytes and diagnostics
//!   (for diagrams, the second run is served from the cache the first wrote).
//! - Idempotence where it is the contract (see `idempotent`).
//! - No splice cuts a UTF-8 character: the core refuses such a splice with
//!   an `internal-splice` error, so none may appear, with multi-byte
//!   characters right against every feature.

use handbook_core::ProtocolBook;
use handbook_core::protocol::{BUILT_FOR_MDBOOK, Context, Outcome};
use handbook_core::testing::Page;
use mdbook_handbook::suite;
use proptest::prelude::*;
use serde_json::json;
use std::path::Path;

const CASES: u32 = 128;

const WORDS: &[&str] = &[
    "service",
    "ledger",
    "é",
    "日本語",
    "🦀",
    "a\u{200b}b",
    "\u{202e}rtl\u{202c}",
    "naïve",
    "x",
    "the",
    "&amp;",
    "\\*",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(WORDS).prop_map(str::to_owned),
        prop::sample::select(vec![
            "*em*",
            "**strong**",
            "`code`",
            "`{{#status Draft}}`",
            "[link](other.md#x)",
            "<https://example.com>",
            "<span>inline</span>",
            "{{#not-ours x}}",
            "~~gone~~",
            "[^note]",
        ])
        .prop_map(str::to_owned),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..8).prop_map(|w| w.join(" "))
}

/// One block of a page with nothing for any suite preprocessor.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        line().prop_map(|l| format!("{l}\n")),
        (1..4usize, line()).prop_map(|(n, l)| format!("{} {l}\n", "#".repeat(n + 1))),
        prop::collection::vec(line(), 1..4).prop_map(|rows| {
            let mut t = String::from("| A | B |\n|---|:-:|\n");
            for r in rows {
                t.push_str(&format!("| {r} | a \\| b |\n"));
            }
            t
        }),
        (prop::collection::vec((0..3usize, line()), 1..5), prop::bool::ANY).prop_map(|(items, ordered)| {
            items
                .into_iter()
                .enumerate()
                .map(|(i, (depth, l))| {
                    let marker = if ordered { format!("{}.", i + 1) } else { "-".to_owned() };
                    format!("{}{marker} {l}\n", "   ".repeat(depth.min(i)))
                })
                .collect()
        }),
        (1..5usize, line()).prop_map(|(depth, l)| format!("{}{l}\n", "> ".repeat(depth))),
        line().prop_map(|l| format!("> [!NOTE]\n> {l}\n")),
        (
            prop::sample::select(vec!["rust", "text", "json", "", "console", "toml"]),
            line()
        )
            .prop_map(|(lang, l)| format!("```{lang}\n{l}\n{{{{#status x}}}}\n```\n")),
        line().prop_map(|l| format!("~~~\n{l}\n~~~\n")),
        line().prop_map(|l| format!("    indented {l}\n")),
        line().prop_map(|l| format!("<div class=\"x\">\n{l}\n</div>\n")),
        line().prop_map(|l| format!("<!-- {l} -->\n")),
        line().prop_map(|l| format!("Apple\n: {l}\n")),
        Just("***\n".to_owned()),
        line().prop_map(|l| format!("[^note]: {l}\n")),
        // The core's own line-map comment, as an author may show or paste it:
        // it is the suite's only when it ends the page as the suite writes it.
        Just("```text\n\n<!-- mdbook-handbook:source-lines 1=1 4=3!\n```\n".to_owned()),
        Just("<!-- mdbook-handbook:source-lines 1=1 2=9 -->\n".to_owned()),
        Just("\n<!-- mdbook-handbook:source-lines 1=1 -->\n".to_owned()),
    ]
}

/// A page: a heading (so nothing reads as front matter), blocks, and a line ending.
fn page() -> impl Strategy<Value = String> {
    (prop::collection::vec(block(), 1..12), 0..3u8).prop_map(|(blocks, ending)| {
        let text = format!("# Page\n\n{}", blocks.join("\n"));
        match ending {
            0 => text,
            1 => text.replace('\n', "\r\n"),
            _ => text
                .split_inclusive('\n')
                .enumerate()
                .map(|(i, l)| {
                    if i % 2 == 0 {
                        l.replace('\n', "\r\n")
                    } else {
                        l.to_owned()
                    }
                })
                .collect(),
        }
    })
}

/// The same page with something for every preprocessor, multi-byte
/// characters right against each feature.
fn featured(page: &str) -> String {
    let text = format!(
        "---\nchangelog:\n  - version: \"1.0\"\n    date: 2024-01-02\n    changes: \"Added é <b>x</b>\"\n---\n\
         {page}\n\n🦀{{{{#status Accepted}}}}日本 and éGLOSSTERM🦀 GLOSSTERM.\n\n\
         - > ```svgbob\n  > +--+\n  > |é |\n  > +--+\n  > ```\n\n{{{{#term GLOSSTERM}}}}é\n\n{{{{#adr-index}}}}\n\n\
         {{{{#changelog}}}}\n\n{{{{#drift-report}}}}\n\n[a planted break](gone-é.md)\n"
    );
    same_endings(page, text)
}

/// The page after its `---` front matter block (the suite takes it out).
fn without_front_matter(page: &str) -> &str {
    page.strip_prefix("---")
        .and_then(|rest| rest.find("\n---").map(|end| &rest[end + 4..]))
        .map_or(page, |rest| rest.trim_start_matches(['\r', '\n']))
}

/// A page whose front matter gives it a status card and banner.
fn with_front_matter(page: &str) -> String {
    same_endings(
        page,
        format!("---\nstatus: draft\nowner: é-team\nnext-review: 2020-01-01\n---\n{page}"),
    )
}

fn same_endings(page: &str, text: String) -> String {
    if page.contains("\r\n") {
        text.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        text
    }
}

const PLAIN: &str = "guide/plain.md";
const FEATURED: &str = "guide/featured.md";
const STATUS_PAGE: &str = "guide/status.md";
const GLOSSARY: &str = "glossary.md";
const DECISIONS: &str = "decisions/";

fn book(plain: &str, page: &str) -> Vec<(&'static str, String)> {
    vec![
        (PLAIN, plain.to_owned()),
        (FEATURED, featured(page)),
        (STATUS_PAGE, with_front_matter(page)),
        (
            GLOSSARY,
            "# Glossary\n\nGLOSSTERM\n: A <b>term</b> & \"more\".\n".to_owned(),
        ),
        (
            "decisions/0001-first.md",
            "# 1. First\n\nDate: 2024-01-02\n\n## Status\n\nSuperseded by [ADR-2](0002-second.md)\n".to_owned(),
        ),
        (
            "decisions/0002-second.md",
            "# ADR-2: Second é\n\n**Status**: Accepted\n**Date**: 2024-02-03\n**Supersedes**: ADR-1\n\nText.\n"
                .to_owned(),
        ),
        (
            "decisions/0003-third.md",
            "---\nstatus: proposed\ndate: 2024-03-04\n---\n# Third\n\n## Context\n\nText.\n".to_owned(),
        ),
    ]
}

/// Which chapters a second run must leave as the first left them.
///
/// mdBook runs each preprocessor once per build, on the source text; a
/// second run over the output is not a use anyone has. Where the contract
/// still promises it, it holds: directive expansion (a directive becomes HTML and is gone), diagram
/// fences (they become figures) and term links (a term inside a link is
/// never linked again). What is by design drawn from page metadata on every
/// run is left out: handbook-status's page cards and banners (from front
/// matter, which the first run takes off the page),
/// handbook-adr's cards (likewise) and handbook-glossary's anchors on the
/// glossary page (ARCHITECTURE.md, "Idempotence").
fn idempotent(name: &str, path: &str) -> bool {
    match name {
        "status" => path != STATUS_PAGE,
        "adr" => !path.starts_with(DECISIONS),
        "glossary" => path != GLOSSARY,
        _ => true,
    }
}

fn protocol_book(chapters: &[(&str, String)]) -> ProtocolBook {
    let pages: Vec<Page> = chapters
        .iter()
        .map(|(path, content)| Page::new(*path, content.clone()))
        .collect();
    handbook_core::testing::book(&pages)
}

fn run(name: &str, root: &Path, chapters: &[(&str, String)]) -> (Vec<String>, Vec<String>) {
    let config = json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"only": [name]}}});
    let ctx = Context::new(root.to_path_buf(), "html", BUILT_FOR_MDBOOK, config);
    let outcome: Outcome = suite::run(&ctx, protocol_book(chapters)).unwrap_or_else(|e| panic!("{name}: {e}"));
    (
        outcome.book.chapters().into_iter().map(|c| c.content).collect(),
        outcome.diagnostics.iter().map(ToString::to_string).collect(),
    )
}

/// The chapters after the core's own pass (front matter taken out), and nothing else.
fn core_only(root: &Path, chapters: &[(&str, String)]) -> Vec<String> {
    let config = json!({"book": {"src": "src"}});
    let ctx = Context::new(root.to_path_buf(), "html", BUILT_FOR_MDBOOK, config);
    let outcome = handbook_core::protocol::process(&handbook_core::CoreOnly, &ctx, protocol_book(chapters))
        .unwrap_or_else(|e| panic!("core: {e}"));
    outcome.book.chapters().into_iter().map(|c| c.content).collect()
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// (a) a chapter with nothing for a preprocessor is byte-identical, and
    /// (d) no splice cuts a character: the core would refuse it with an
    /// `internal-splice` error.
    #[test]
    fn nothing_to_do_is_byte_identical_and_no_splice_cuts_a_character(plain in page(), other in page()) {
        let root = temp();
        let chapters = book(&plain, &other);
        for name in suite::names() {
            let (out, diagnostics) = run(name, root.path(), &chapters);
            if name == "links" {
                // The links check reads and reports, and never edits: every chapter
                // comes back as the core alone leaves it (front matter taken out), and
                // the featured page's planted break is named.
                prop_assert!(out[0] == plain, "handbook-links changed {}", PLAIN);
                prop_assert!(out == core_only(root.path(), &chapters), "handbook-links edited a chapter");
                let named = diagnostics.iter().any(|d| d.contains(FEATURED) && d.contains("[links-broken]"));
                prop_assert!(named, "handbook-links missed the planted break: {:?}", diagnostics);
                continue;
            }
            prop_assert!(out[0] == plain, "{} changed a chapter with nothing for it:\n{:?}\n->\n{:?}", name, plain, out[0]);
            let cut: Vec<&String> = diagnostics.iter().filter(|d| d.contains("internal-")).collect();
            prop_assert!(cut.is_empty(), "{}: {:?}", name, cut);
            prop_assert!(!diagnostics.iter().any(|d| d.contains(PLAIN)), "{}: {:?}", name, diagnostics);
            // The property is not vacuous: the same preprocessor did act on the featured page,
            // and kept every character that stood against what it replaced.
            prop_assert!(out[1] != chapters[1].1, "{} did nothing on {}: {:?}", name, FEATURED, diagnostics);
            // Front matter leaves every page; the characters of the rest must stay.
            let body = without_front_matter(&chapters[1].1);
            for c in ['🦀', '日', 'é'] {
                prop_assert!(out[1].matches(c).count() >= body.matches(c).count(), "{} lost a {}", name, c);
            }
        }
    }

    /// (b) the same book twice gives the same bytes and diagnostics, and
    /// (c) a second run over the output changes nothing the contract covers.
    #[test]
    fn deterministic_and_idempotent_where_promised(plain in page(), other in page()) {
        let root = temp();
        let chapters = book(&plain, &other);
        for name in suite::names() {
            let first = run(name, root.path(), &chapters);
            let second = run(name, root.path(), &chapters);
            prop_assert!(first == second, "{} is not deterministic", name);
            let output: Vec<(&str, String)> = chapters.iter().map(|(p, _)| *p).zip(first.0.clone()).collect();
            let (again, _) = run(name, root.path(), &output);
            for ((path, once), twice) in output.iter().zip(&again) {
                if idempotent(name, path) {
                    prop_assert!(once == twice, "{} changed {} on a second run:\n{}\n->\n{}", name, path, once, twice);
                }
            }
        }
    }
}

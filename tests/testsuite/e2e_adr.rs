//! mdbook-handbook-adr inside real mdBook 0.5 builds (mdbook-driver),
//! configured by the path of the built binary as a user's book.toml would.

use crate::harness;

use harness::TestBook;

const BINARY: &str = env!("CARGO_BIN_EXE_mdbook-handbook");

const INDEX: &str = "# Decisions\n\n{{#adr-index}}\n\n{{#adr-graph}}\n";
const NYGARD: &str =
    "# 1. Use MySQL\n\nDate: 2019-01-10\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a database.\n";
const BOLD: &str = "# ADR-002: Use Postgres <script>alert(1)</script>\n\n**Status**: Accepted\n**Date**: January 15, 2020\n\
                    **Decision Makers**: Ana & Bo\n**Supersedes**: ADR-001 (Use MySQL)\n\n## Context\n\nMySQL did not scale.\n";
const MADR: &str =
    "---\nstatus: proposed\ndate: 2021-06\ndeciders: [Carl]\n---\n# Structured logs\n\nLogs should be JSON.\n";

fn book() -> TestBook {
    let mut book = TestBook::new();
    book.chapter(
        0,
        "Home",
        "README.md",
        "# Home\n\n{{#adr-index columns=title,status}}\n",
    )
    .chapter(0, "Decisions", "decisions/README.md", INDEX)
    .chapter(1, "Use MySQL", "decisions/0001-use-mysql.md", NYGARD)
    .chapter(1, "Use Postgres", "decisions/0002-use-postgres.md", BOLD)
    .chapter(1, "Structured logs", "decisions/0003-structured-logs.md", MADR);
    book.preprocessor_binary("handbook-adr", BINARY);
    book
}

#[test]
fn cards_banners_index_and_graph_in_a_real_build() {
    let built = book().build();

    let old = built.main("decisions/0001-use-mysql.html");
    assert!(old.contains("hb-adr-banner"), "no banner on a superseded ADR: {old}");
    let text = built.visible_text("decisions/0001-use-mysql.html");
    assert!(
        text.contains("Superseded by") && text.contains("ADR-2: Use Postgres"),
        "{text}"
    );
    assert_eq!(text.matches("2019-01-10").count(), 1, "the date shows twice: {text}");
    assert!(!text.contains("Date:"), "{text}");
    harness::assert_links_resolve(&built.out, "decisions/0001-use-mysql.html", &old);

    assert!(old.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{old}");
    assert!(
        !old.contains("<script>alert"),
        "a title reached a card unescaped: {old}"
    );
    let text = built.visible_text("decisions/0002-use-postgres.html");
    assert_eq!(text.matches("Ana &amp; Bo").count(), 1, "{text}");
    assert!(!text.contains("**") && !text.contains("Decision Makers"), "{text}");
    assert!(
        text.contains("Supersedes") && text.contains("ADR-1: Use MySQL"),
        "{text}"
    );

    let madr = built.visible_text("decisions/0003-structured-logs.html");
    assert!(
        madr.contains("Proposed") && madr.contains("Carl") && !madr.contains("deciders:"),
        "{madr}"
    );

    let index = built.main("decisions/index.html");
    assert!(
        !index.contains("<script>alert") && index.contains("&lt;script&gt;"),
        "a title reached the log unescaped"
    );
    assert!(index.contains("<table>") && index.contains("hb-badge"), "{index}");
    assert!(
        index.contains("language-mermaid") && index.contains("supersedes"),
        "{index}"
    );
    assert!(!index.contains("{{#"), "{index}");
    harness::assert_links_resolve(&built.out, "decisions/index.html", &index);

    let home = built.main("index.html");
    assert!(home.contains("href=\"decisions/0002-use-postgres.html\""), "{home}");
    harness::assert_links_resolve(&built.out, "index.html", &home);
}

#[test]
fn add_missing_puts_unlisted_adr_files_in_the_book() {
    let mut book = book();
    book.file(
        "src/decisions/0004-unlisted.md",
        "---\nstatus: accepted\ndate: 2024-05-01\n---\n# 4. Not in SUMMARY.md\n\nSupersedes ADR-3.\n",
    )
    .file("src/decisions/notes.txt", "not markdown")
    .toml("add-missing = true\n");
    let built = book.build();
    let page = built.main("decisions/0004-unlisted.html");
    assert!(
        page.contains("hb-adr-card") && page.contains("Not in SUMMARY.md"),
        "{page}"
    );
    assert!(
        !built
            .visible_text("decisions/0004-unlisted.html")
            .contains("status: accepted")
    );
    let index = built.main("decisions/index.html");
    assert!(index.contains("href=\"0004-unlisted.html\""), "{index}");
    let toc: String = ["toc.js", "toc.html"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(built.out.join(f)).ok())
        .collect();
    assert!(toc.contains("decisions/0004-unlisted.html"), "not in the sidebar");
    assert!(!built.out.join("decisions/notes.html").exists());
}

#[test]
fn deny_warnings_fails_the_build_on_a_broken_reference() {
    let mut book = book();
    book.chapter(
        1,
        "Broken",
        "decisions/0004-broken.md",
        "# 4. Broken\n\nDate: 2024-01-01\n\n## Status\n\nSuperseded by ADR-99\n",
    )
    .toml("deny-warnings = true\n");
    let err = book.try_build().err().unwrap_or_default();
    assert!(err.contains("\"handbook\" preprocessor exited unsuccessfully"), "{err}");
}

#[test]
fn book_example_decisions_get_cards_and_a_log() {
    let mut book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    book.with_suite_binaries();
    let built = book.build();
    let index = built.main("decisions/index.html");
    assert!(index.contains("hb-adr-index"), "no decision log: {index}");
    harness::assert_links_resolve(&built.out, "decisions/index.html", &index);
    let summary = std::fs::read_to_string(harness::repo_root().join("book-example/src/SUMMARY.md")).unwrap_or_default();
    let adrs: Vec<&str> = summary
        .split("](")
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .filter(|t| t.starts_with("decisions/0"))
        .collect();
    assert!(adrs.len() >= 8, "{adrs:?}");
    for adr in adrs {
        let page = adr.replace(".md", ".html");
        let main = built.main(&page);
        assert!(main.contains("hb-adr-card"), "{page} has no card");
        assert!(
            index.contains(&page.trim_start_matches("decisions/").to_owned()),
            "{page} is not in the log"
        );
        let html = main.to_lowercase();
        for metadata in [
            "<li>status:",
            "<p>date:",
            "<strong>status</strong>",
            "<strong>date</strong>",
            "<li>deciders:",
            "<p>accepted</p>",
        ] {
            assert!(
                !html.contains(metadata),
                "{page} shows its metadata twice: `{metadata}`"
            );
        }
        assert!(!main.contains("id=\"status\""), "{page} still has its Status section");
    }
}

/// book-example's ADR 15 states no date and takes the day of the commit
/// that added it. Built from a full clone, the card shows that day; from a
/// shallow clone or a copy outside git (CI may build either), no date and,
/// by book-example's `levels`, no warning.
#[test]
fn book_example_adr_15_takes_its_date_from_git() {
    use handbook_core::protocol::{self, Context};
    let root = harness::repo_root().join("book-example");
    let path = "decisions/0015-declare-diagnostic-codes-in-a-registry.md";
    let content = std::fs::read_to_string(root.join("src").join(path)).unwrap();
    assert!(!content.contains("Date"), "ADR 15 must state no date: {content}");
    let toml_text = std::fs::read_to_string(root.join("book.toml")).unwrap_or_default();
    let config = serde_json::to_value(toml::from_str::<toml::Table>(&toml_text).unwrap()).unwrap_or_default();
    let ctx = Context::new(root.clone(), "html", protocol::BUILT_FOR_MDBOOK, config);
    let book = handbook_core::ProtocolBook::from_value(serde_json::json!({"items": [{"Chapter": {
        "name": "ADR 15", "content": content, "number": null, "sub_items": [],
        "path": path, "source_path": path, "parent_names": []}}]}))
    .unwrap();
    let out = protocol::process(&handbook_adr::AdrPreprocessor, &ctx, book).unwrap();
    let card = out.book.chapters()[0].content.clone();
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(&root)
            .env("LC_ALL", "C")
            .output()
            .unwrap_or_else(|e| panic!("this test needs the `git` program: {e}"))
    };
    let shallow = git(&["rev-parse", "--is-shallow-repository"]);
    let added = git(&[
        "log",
        "--follow",
        "--diff-filter=A",
        "--format=%as",
        "--",
        &format!("src/{path}"),
    ]);
    let added = String::from_utf8_lossy(&added.stdout)
        .trim()
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned();
    // Only ADR 15 is in this book, so its relations are broken here; its date is what counts.
    let messages: Vec<String> = out
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .filter(|m| {
            ["[adr-missing-date]", "[adr-no-git]", "[adr-shallow-clone]"]
                .iter()
                .any(|c| m.contains(c))
        })
        .collect();
    assert!(
        messages.is_empty(),
        "book-example's levels keep this quiet: {messages:?}"
    );
    if shallow.status.success() && shallow.stdout.starts_with(b"false") && !added.is_empty() {
        assert!(
            card.contains(&format!("datetime=\"{added}\"")),
            "no git date {added} on the card: {card}"
        );
    } else {
        assert!(
            !card.contains("datetime="),
            "a date from a shallow or missing history: {card}"
        );
    }
}

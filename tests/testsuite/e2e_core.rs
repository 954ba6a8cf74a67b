//! The core inside real mdBook 0.5 builds (mdbook-driver): as a process
//! configured by path, and in process.

use crate::harness;

use handbook_core::{CoreOnly, InProcess};
use harness::TestBook;

const FRONT: &str = "---\ntitle: Payments\nowner: team-payments\n---\n# Payments\n\nBody text.\n";
const TABLE_CRLF: &str = "# Table\r\n\r\n| a | b |\r\n|---|---|\r\n| x \\| y | `z` |\r\n";

fn sample_book() -> TestBook {
    let mut book = TestBook::new();
    book.chapter(0, "Payments", "payments.md", FRONT)
        .chapter(1, "Table", "table.md", TABLE_CRLF)
        .chapter(
            0,
            "Included",
            "included.md",
            "# Included\n\n{{#include table.md:3:5}}\n",
        );
    book
}

#[test]
fn without_the_suite_front_matter_shows_as_mdbook_renders_it() {
    let built = sample_book().build();
    // This is the problem the core solves: a rule and a heading of YAML.
    assert!(built.main("payments.html").contains("owner: team-payments"));
}

#[test]
fn in_process_the_core_hides_front_matter_and_leaves_the_rest() {
    let plain = sample_book().build();
    let out = sample_book().build_with(|md| {
        md.with_preprocessor(InProcess(CoreOnly));
    });
    let page = out.visible_text("payments.html");
    assert!(
        !page.contains("team-payments") && !page.contains("title:"),
        "front matter visible: {page}"
    );
    let search = harness::search_index(&out.out);
    assert!(
        search.contains("body") && !search.contains("owner") && !search.contains("team"),
        "front matter in the search index"
    );
    assert!(page.contains("Body text."));
    assert_eq!(
        out.main("table.html"),
        plain.main("table.html"),
        "a chapter without front matter changed"
    );
    assert_eq!(out.main("included.html"), plain.main("included.html"));
}

#[test]
fn the_protocol_floor_as_a_process_changes_nothing() {
    let bench = harness::example_binary("bench");
    let plain = sample_book().build();
    let mut book = sample_book();
    book.preprocessor_binary("floor", &format!("{} floor", bench.display()));
    let built = book.build();
    for page in ["payments.html", "table.html", "included.html"] {
        assert_eq!(built.main(page), plain.main(page), "{page}");
    }
}

#[test]
fn book_example_builds_with_real_mdbook() {
    let mut book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    book.with_suite_binaries();
    let built = book.build();
    let index = built.page("index.html");
    assert!(index.contains("mdbook-handbook"), "index.html has no title");
    let summary = std::fs::read_to_string(harness::repo_root().join("book-example/src/SUMMARY.md")).unwrap_or_default();
    let mut pages = 0;
    for target in summary
        .split("](")
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .filter(|t| t.ends_with(".md"))
    {
        let html = target.trim_end_matches(".md").replace("README", "index") + ".html";
        // A directive left unexpanded shows as text; inside code it is an example and stays.
        let main = built.main(&html);
        let outside_code: String = main
            .split("<code")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once("</code>").map_or("", |(_, rest)| rest)
                }
            })
            .collect();
        assert!(!outside_code.contains("{{#"), "{html}: an unexpanded directive shows");
        // No bookkeeping of the suite and no front matter reaches the page (ADR 21).
        let page = built.page(&html);
        assert!(
            !page.contains("<!-- mdbook-handbook:") && !page.contains("<style data-mdbook-handbook"),
            "{html}: the suite's bookkeeping shows"
        );
        let source =
            std::fs::read_to_string(harness::repo_root().join("book-example/src").join(target)).unwrap_or_default();
        if let Some(front) = source.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---\n")) {
            for line in front.0.lines().filter(|l| !l.trim().is_empty()) {
                assert!(
                    !built.visible_text(&html).contains(line.trim()),
                    "{html}: its front matter shows: {line}"
                );
            }
        }
        pages += 1;
    }
    assert!(pages >= 10, "book-example has only {pages} pages");
}

#[test]
fn book_example_carries_the_current_stylesheet_once() {
    let installed =
        std::fs::read_to_string(harness::repo_root().join("book-example/mdbook-handbook.css")).unwrap_or_default();
    assert!(
        installed == handbook_core::html::stylesheet_file(""),
        "book-example/mdbook-handbook.css is stale: run `cargo run -- install book-example`"
    );
    let viewer =
        std::fs::read_to_string(harness::repo_root().join("book-example/mdbook-handbook.js")).unwrap_or_default();
    assert!(
        viewer == handbook_core::html::viewer_file(),
        "book-example/mdbook-handbook.js is stale: run `cargo run -- install book-example`"
    );
    let mut book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    book.with_suite_binaries();
    let built = book.build();
    let page = built.page("decisions/0004-deliver-the-suites-css-inline.html");
    assert!(page.contains("hb-adr-card"), "the ADR card is missing");
    // mdBook hashes asset names: mdbook-handbook-<hash>.css.
    let linked = page
        .split("href=\"")
        .skip(1)
        .filter_map(|h| h.split('"').next())
        .any(|href| {
            let file = href.rsplit('/').next().unwrap_or(href);
            file.starts_with("mdbook-handbook") && file.ends_with(".css")
        });
    assert!(linked, "the installed stylesheet is not linked");
    let scripted = page
        .split("src=\"")
        .skip(1)
        .filter_map(|h| h.split('"').next())
        .any(|src| {
            let file = src.rsplit('/').next().unwrap_or(src);
            file.starts_with("mdbook-handbook") && file.ends_with(".js")
        });
    assert!(scripted, "the installed viewer is not linked");
    assert!(
        !page.contains(".hb-badge {"),
        "a page carries the stylesheet inline as well"
    );
    assert!(
        !page.contains("window.hbViewer"),
        "a page carries the viewer inline as well"
    );
}

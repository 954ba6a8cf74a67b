//! A book with several renderers, in real `mdbook build`s: mdBook runs the
//! suite once per renderer, each pass edits its own copy of the book, and the
//! build's report is printed once (issue 25: rustc-dev-guide, with
//! `[output.html]` and `[output.linkcheck]`, listed every broken link twice).

use crate::harness;

use harness::TestBook;
use std::path::Path;

const PAGE: &str = "# Intro\n\nThe {{#term API}} is small. See [the missing page](missing.md).\n";
const GLOSSARY: &str = "# Glossary\n\nAPI\n: Interface.\n\nUnused\n: Nobody says it.\n";

fn book(outputs: &str, suite_keys: &str) -> TestBook {
    let mut book = TestBook::new();
    book.chapter(0, "Intro", "intro.md", PAGE)
        .chapter(0, "Glossary", "glossary.md", GLOSSARY)
        .toml(&format!(
            "{outputs}\n[preprocessor.handbook]\ncommand = {:?}\nonly = [\"glossary\", \"links\"]\n{suite_keys}",
            env!("CARGO_BIN_EXE_mdbook-handbook")
        ));
    book.load();
    book
}

fn mdbook_build(root: &Path) -> (bool, String) {
    harness::mdbook_build(root, |_| {})
}

fn count(stderr: &str, code: &str) -> usize {
    stderr.lines().filter(|l| l.contains(&format!("[{code}]"))).count()
}

#[test]
fn two_renderers_edit_both_books_and_report_once() {
    let book = book("[output.markdown]\n", "");
    let (ok, stderr) = mdbook_build(book.root());
    assert!(ok, "{stderr}");
    assert_eq!(count(&stderr, "links-broken"), 1, "one report per build: {stderr}");
    assert_eq!(count(&stderr, "links-summary"), 1, "{stderr}");
    assert_eq!(count(&stderr, "glossary-unused-term"), 1, "{stderr}");
    let html = std::fs::read_to_string(book.root().join("book/html/intro.html")).unwrap_or_default();
    assert!(
        html.contains("glossary.html#term-api"),
        "the html pass linked the term: {html}"
    );
    let markdown = std::fs::read_to_string(book.root().join("book/markdown/intro.md")).unwrap_or_default();
    assert!(
        markdown.contains("The API is small") && !markdown.contains("{{#term"),
        "the quiet markdown pass still edits its book: {markdown}"
    );
}

#[test]
fn a_quiet_pass_that_fails_the_build_says_why() {
    // `alpha` sorts before `html`, so mdBook runs its pass first, and it is
    // not the reporting one; deny-warnings turns the unused term into a failure there.
    let book = book("[output.alpha]\ncommand = \"true\"\n", "deny-warnings = true\n");
    let (ok, stderr) = mdbook_build(book.root());
    assert!(!ok, "the unused term fails the build: {stderr}");
    assert_eq!(count(&stderr, "glossary-unused-term"), 1, "{stderr}");
    assert!(stderr.contains("mdbook-handbook failed the build"), "{stderr}");
    assert!(
        !book.root().join("book/html/intro.html").exists(),
        "mdBook stopped before html"
    );
}

#[test]
fn the_suite_tables_renderers_list_decides_which_pass_reports() {
    let book = book("[output.markdown]\n", "renderers = [\"markdown\"]\n");
    let (ok, stderr) = mdbook_build(book.root());
    assert!(ok, "{stderr}");
    assert_eq!(
        count(&stderr, "links-broken"),
        1,
        "markdown's pass is the suite's only one: {stderr}"
    );
    let html = std::fs::read_to_string(book.root().join("book/html/intro.html")).unwrap_or_default();
    assert!(!html.contains("term-api"), "the suite does not run for html");
}

#[test]
fn a_quiet_pass_that_leaves_prose_unread_calls_no_term_unused() {
    // Every term is used in prose only; the `alpha` pass (first, quiet, not
    // HTML) does not read prose, and must not take the terms for unused.
    let mut book = TestBook::new();
    book.chapter(
        0,
        "Intro",
        "intro.md",
        "# Intro\n\nThe API is small, and Unused is said.\n",
    )
    .chapter(0, "Glossary", "glossary.md", GLOSSARY)
    .toml(&format!(
        "[output.alpha]\ncommand = \"true\"\n\n[preprocessor.handbook]\ncommand = {:?}\nonly = [\"glossary\"]\n\
             deny-warnings = true\n[preprocessor.handbook.glossary.levels]\nglossary-unused-term = \"warn\"\n",
        env!("CARGO_BIN_EXE_mdbook-handbook")
    ));
    book.load();
    let (ok, stderr) = mdbook_build(book.root());
    assert!(ok, "{stderr}");
    assert_eq!(count(&stderr, "glossary-unused-term"), 0, "{stderr}");
    let html = std::fs::read_to_string(book.root().join("book/html/intro.html")).unwrap_or_default();
    assert!(
        html.contains("glossary.html#term-api"),
        "html's pass read the prose: {html}"
    );
}

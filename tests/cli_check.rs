//! `mdbook-handbook check` on books with known problems.

mod harness;

use harness::TestBook;
use std::process::Command;

fn check(book: &TestBook, extra: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .arg("check")
        .arg(book.root())
        .args(extra)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.stdout.is_empty(), "check wrote to stdout");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn book_with(toml: &str, chapter: &str) -> TestBook {
    let mut book = TestBook::new();
    book.toml(toml)
        .chapter(0, "Page", "page.md", chapter)
        .chapter(0, "Other", "other.md", "# Other\n");
    book.load();
    book
}

#[test]
fn a_clean_book_passes() {
    let (code, err) = check(
        &book_with("", "---\nstatus: current\n---\n# Page\n"),
        &["--deny-warnings"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 error(s), 0 warning(s)"), "{err}");
}

#[test]
fn malformed_front_matter_warns_with_path_and_line_and_fails_only_when_denied() {
    let book = book_with("", "---\ntitle: ok\nowner: [unclosed\n---\n# Page\n");
    let (code, err) = check(&book, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("src/page.md:3: warning[front-matter]: front matter is not valid YAML"),
        "{err}"
    );
    let (code, _) = check(&book, &["--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn an_unknown_suite_table_is_an_error() {
    let (code, err) = check(&book_with("[preprocessor.handbook-adrs]\n", "# Page\n"), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("book.toml: error[config]: [preprocessor.handbook-adrs] is not a preprocessor of this suite"),
        "{err}"
    );
}

#[test]
fn a_missing_chapter_file_is_an_error_and_usage_errors_exit_2() {
    let mut book = book_with("", "# Page\n");
    book.file("src/SUMMARY.md", "# Summary\n\n- [Page](page.md)\n- [Gone](gone.md)\n");
    let (code, err) = check(&book, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("src/gone.md: error[missing-chapter]"), "{err}");
    assert_eq!(check(&book, &["--frobnicate"]).0, 2);
}

#[test]
fn book_example_is_clean() {
    let book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    let (code, err) = check(&book, &["--deny-warnings"]);
    assert_eq!(code, 0, "{err}");
}

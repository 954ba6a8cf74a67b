//! handbook-links with the rest of the suite: the links the other
//! capabilities write (ADR cards and index, glossary term links and back-links)
//! pass the check in a real mdBook 0.5 build, and a planted break below an ADR
//! card is reported at the author's line by the build's check and by
//! `mdbook-handbook check`.

use crate::harness;

use harness::TestBook;
use std::process::Command;

const ADR_1: &str = "# 1. Use X\n\nDate: 2024-01-01\n\n## Status\n\nSuperseded by [2. Use Y](0002-use-y.md)\n\n\
                     ## Context\n\nSee [the decision](#decision).\n\n## Decision\n\nX.\n";

/// Line 13 holds the planted break (when `broken`), below the card handbook-adr inserts.
fn adr_2(broken: bool) -> String {
    let link = if broken {
        "[context](#contxt)"
    } else {
        "[context](#context)"
    };
    format!(
        "# 2. Use Y\n\nDate: 2024-02-01\n\n## Status\n\nAccepted\n\nSupersedes [1. Use X](0001-use-x.md)\n\n\
         ## Context\n\nThe API is used; see {link}.\n"
    )
}

fn book(broken: bool, tables: &str) -> TestBook {
    let mut book = TestBook::new();
    book.chapter(0, "Decisions", "decisions/README.md", "# Decisions\n\n{{#adr-index}}\n")
        .chapter(1, "1. Use X", "decisions/0001-use-x.md", ADR_1)
        .chapter(1, "2. Use Y", "decisions/0002-use-y.md", &adr_2(broken))
        .chapter(0, "Glossary", "glossary.md", "# Glossary\n\nAPI\n: Interface.\n")
        .toml(tables);
    book
}

fn binary_tables() -> String {
    format!(
        "[preprocessor.handbook]\ncommand = {suite:?}\nafter = [\"links\"]\nonly = [\"adr\", \"glossary\", \"links\"]\n\
         [preprocessor.handbook.links]\ndeny-warnings = true\n\
         [preprocessor.handbook.adr.levels]\nadr-missing-date = \"allow\"\n",
        suite = env!("CARGO_BIN_EXE_mdbook-handbook"),
    )
}

#[test]
fn the_suites_own_links_pass_and_a_planted_break_fails_the_build() {
    let built = book(false, &binary_tables()).build();
    let adr = built.main("decisions/0002-use-y.html");
    assert!(
        adr.contains("glossary.html#term-api"),
        "a glossary link was written: {adr}"
    );
    assert!(
        built.main("decisions/index.html").contains("0001-use-x.html"),
        "the index was written"
    );

    let error = book(true, &binary_tables()).try_build().err().unwrap_or_default();
    assert!(
        error.contains("\"handbook\" preprocessor exited unsuccessfully"),
        "the planted break must fail the build: {error}"
    );
}

#[test]
fn check_names_the_authors_line_below_the_card() {
    let tables = "[preprocessor.handbook]\nafter = [\"links\"]\nonly = [\"adr\", \"glossary\", \"links\"]\n";
    let mut book = book(true, tables);
    book.load();
    let output = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .arg("check")
        .arg(book.root())
        .output()
        .unwrap_or_else(|e| panic!("running mdbook-handbook check: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let links: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("[links-") && !l.contains("[links-summary]"))
        .collect();
    assert_eq!(
        links,
        [
            "src/decisions/0002-use-y.md:13: warning[links-anchor]: no heading `#contxt` in decisions/0002-use-y.md; did you mean `#context`?"
        ],
        "{stderr}"
    );
}

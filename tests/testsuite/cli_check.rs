//! `mdbook-handbook check` on books with known problems.

use crate::harness;

use harness::TestBook;
use std::process::Command;

fn check(book: &TestBook, extra: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .arg("check")
        .arg(book.root())
        .args(extra)
        .output()
        .unwrap();
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
    let (code, err) = check(&book_with("[preprocessor.handbook.adrs]\n", "# Page\n"), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "book.toml: error[config]: [preprocessor.handbook] key `adrs`: unknown key `adrs`; the valid keys are"
        ) && err.contains("`adr` (a table)"),
        "{err}"
    );
    let (code, err) = check(&book_with("[preprocessor.handbook-adr]\n", "# Page\n"), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("[preprocessor.handbook-adr]: the suite is one preprocessor now")
            && err.contains("mdbook-handbook install"),
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

/// book-example where it lives, in this repository: drift reads the code its
/// pages describe from there (a copy elsewhere would describe nothing), and
/// `check` writes nothing.
#[test]
fn book_example_is_clean() {
    let out = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .arg("check")
        .arg(harness::repo_root().join("book-example"))
        .arg("--deny-warnings")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("info[links-summary]"), "the links check ran: {err}");
}

/// The one binary answers `--help` and `--version` on stderr with success,
/// `supports RENDERER` with success, and anything else it does not know with
/// usage and exit 2; stdout stays empty, since it belongs to the protocol.
#[test]
fn the_binary_answers_help_version_supports_and_usage_errors() {
    let cli = std::path::PathBuf::from(env!("CARGO_BIN_EXE_mdbook-handbook"));
    for (args, code, said) in [
        (&["--help"][..], 0, "Usage:"),
        (&["-h"][..], 0, "Usage:"),
        (&["help"][..], 0, "Usage:"),
        (&["help", "check"][..], 0, "--deny-warnings"),
        (&["adr", "--help"][..], 0, "renumber"),
        (&["--version"][..], 0, env!("CARGO_PKG_VERSION")),
        (&["-V"][..], 0, "for mdBook 0.5"),
        (&["--bogus"][..], 2, "Usage:"),
        (&["adr"][..], 2, "Usage:"),
        (&["supports"][..], 2, "<RENDERER>"),
        (&["supports", "html"][..], 0, ""),
        (&["supports", "markdown"][..], 0, ""),
    ] {
        let out = Command::new(&cli).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
    }
}

/// `--skip diagrams` leaves drawing to the build: a broken diagram is then not
/// reported, while the other preprocessors still check the book.
#[test]
fn skip_leaves_preprocessors_out_and_refuses_unknown_names() {
    let book = book_with(
        "[preprocessor.handbook]\nafter = [\"links\"]\nonly = [\"status\", \"diagrams\"]\n",
        "# Page\n\n{{#status nonsense-word}}\n\n```pikchr\narrow bogus bogus\n```\n",
    );
    let (code, all) = check(&book, &[]);
    assert_eq!(code, 0, "{all}");
    assert!(
        all.contains("warning[diagram-render]") && all.contains("warning[status-unknown-word]"),
        "{all}"
    );
    let (code, skipped) = check(&book, &["--skip", "diagrams"]);
    assert_eq!(code, 0, "{skipped}");
    assert!(
        !skipped.contains("diagram-render") && skipped.contains("warning[status-unknown-word]"),
        "{skipped}"
    );
    let (code, err) = check(&book, &["--skip", "diagram"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a capability of the suite"), "{err}");
    assert_eq!(check(&book, &["--skip"]).0, 2);
}

/// Five ADRs with no status: one line with three places at first, every
/// place with `--verbose`, none with a `levels` table; a typo in the table
/// is an error naming the valid codes; `--explain` says what a code means.
#[test]
fn one_line_per_cause_verbose_levels_and_explain() {
    let mut book = TestBook::new();
    book.toml("[preprocessor.handbook]\nafter = [\"links\"]\nonly = [\"adr\"]\n");
    book.chapter(0, "Decisions", "adr/README.md", "# Decisions\n");
    for n in 1..=5 {
        book.chapter(
            1,
            &format!("D{n}"),
            &format!("adr/000{n}-d.md"),
            &format!("# {n}. D{n}\n\nDate: 2024-01-0{n}\n\nText.\n"),
        );
    }
    book.load();
    let (code, err) = check(&book, &[]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("[adr-missing-status]")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains(
            "(5 places: src/adr/0001-d.md:1, src/adr/0002-d.md:1, src/adr/0003-d.md:1 and 2 more; \
             `mdbook-handbook check --verbose` lists all)"
        ),
        "{err}"
    );
    let (_, err) = check(&book, &["--verbose"]);
    assert_eq!(
        err.lines().filter(|l| l.contains("[adr-missing-status]")).count(),
        5,
        "{err}"
    );

    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap_or_default();
    let with_levels = format!("{toml}\n[preprocessor.handbook.adr.levels]\nadr-missing-status = \"allow\"\n");
    std::fs::write(book.root().join("book.toml"), &with_levels).unwrap();
    let (code, err) = check(&book, &["--deny-warnings"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("adr-missing-status"), "{err}");

    let typo = with_levels.replace("adr-missing-status = ", "adr-missing-state = ");
    std::fs::write(book.root().join("book.toml"), typo).unwrap();
    let (code, err) = check(&book, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("[preprocessor.handbook.adr] key `levels.adr-missing-state`: unknown diagnostic code")
            && err.contains("`adr-missing-status`"),
        "{err}"
    );

    let (code, err) = check(&book, &["--explain", "adr-missing-date"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.starts_with("warning[adr-missing-date]: ")
            && err.contains("[preprocessor.handbook.adr.levels] adr-missing-date")
            && err.contains("guide/reference/diagnostics.html#adr-missing-date"),
        "{err}"
    );
    let (code, err) = check(&book, &["--explain", "no-such-code"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("adr-missing-date"), "{err}");
}

/// The capabilities' crash codes are old names of `internal-panic`: a
/// `levels` table naming one is read as naming it (an error no table can
/// change, in the top table and a sub-table alike), and `--explain` says so.
#[test]
fn an_old_crash_code_in_levels_or_explain_names_internal_panic() {
    for (table, old) in [
        ("[preprocessor.handbook.glossary.levels]", "glossary-internal"),
        ("[preprocessor.handbook.levels]", "links-internal"),
        ("[preprocessor.handbook.diagrams.levels]", "diagram-internal"),
    ] {
        let book = book_with(&format!("{table}\n{old} = \"allow\"\n"), "# Page\n");
        let (code, err) = check(&book, &[]);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(&format!(
                "key `levels.{old}`: `{old}` was renamed `internal-panic`, an error no `levels` table can change"
            )),
            "{err}"
        );
        let (code, err) = check(&book, &["--explain", old]);
        assert_eq!(code, 0, "{err}");
        assert!(
            err.starts_with(&format!(
                "`{old}` was renamed `internal-panic`\n\nerror[internal-panic]: "
            )),
            "{err}"
        );
    }
}

#[test]
fn check_says_how_many_terms_it_read_and_which_front_matter_keys_nothing_reads() {
    let mut book = TestBook::new();
    book.toml("[preprocessor.handbook]\nafter = [\"links\"]\nonly = [\"status\", \"glossary\"]\n")
        .chapter(0, "Page", "page.md", "---\nstatus: current\nweight: 3\nowner_slack: \"#a\"\n---\n# Page\n\nThe RPS.\n")
        .chapter(0, "Other", "other.md", "---\nweight: 4\nsidebar_label: Other\n---\n# Other\n")
        .chapter(
            0,
            "Architecture",
            "architecture.md",
            "# Architecture\n\n## 12. Glossary\n\n| Term | Meaning |\n|---|---|\n| RPS | Requests per second |\n| TTL | Time to live |\n\n- **SLA**: Service level agreement.\n",
        );
    book.load();
    let (code, err) = check(&book, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("src/architecture.md:3: info[glossary-terms]: read 3 terms (2 from table, 1 from bullets)"),
        "{err}"
    );
    assert!(
        err.contains("src/page.md: info[front-matter-unread]: front matter key `weight` on 2 pages is read by none of status, glossary"),
        "{err}"
    );
    assert!(err.contains("`sidebar_label` on 1 page"), "{err}");
    assert!(
        !err.contains("`status`") && !err.contains("`owner_slack`"),
        "read keys listed: {err}"
    );
}

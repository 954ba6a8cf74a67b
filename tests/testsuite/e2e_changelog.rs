//! mdbook-handbook-changelog inside real mdBook 0.5 builds: a book in a
//! throwaway git repository, and book-example built where it lives, so its
//! git tables show this repository's real history.

use crate::harness;

use harness::TestBook;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    harness::git_as(dir, "Ana Lima", "ana@example.com", args);
}

const PAGE: &str = "---\nchangelog:\n  - version: 1.0.0-rc.1\n    date: 2025-01-02\n    changes: Candidate\n  \
                    - version: 1.0.0\n    date: 2025-02-03\n    added: [\"<script>alert(1)</script>\"]\n    author: Bo\n---\n\
                    # Payments\n\n{{#changelog}}\n\nHistory:\n\n{{#changelog git}}\n";

#[test]
fn a_book_in_a_git_repository() {
    let mut book = TestBook::new();
    book.chapter(0, "Intro", "README.md", "# Intro\n\n{{#changelog git}}\n\nUpdated {{#changelog last-updated}}.\n")
        .chapter(0, "Payments", "payments.md", PAGE)
        .chapter(0, "Log", "log.md", "# Log\n\n{{#changelog file=data/log.yaml}}\n\n{{#changelog recent 5}}\n")
        .file("src/data/log.yaml", "changelog:\n  - version: 0.2.0\n    date: 2025-03-01\n    fixed: [Sorting]\n  - version: 0.10.0\n    date: 2025-04-01\n    changes: Newer\n")
        .preprocessor_binary("handbook-changelog", env!("CARGO_BIN_EXE_mdbook-handbook"))
        .toml("commit-url = \"https://git.example.com/book/commit/{hash}\"\ndeny-warnings = true\n");
    git(book.root(), &["init", "-q"]);
    git(book.root(), &["add", "src"]);
    git(book.root(), &["commit", "-q", "-m", "Write <the> book"]);
    let built = book.build();

    let intro = built.main("index.html");
    assert!(
        intro.contains("<td>Write &lt;the&gt; book</td><td>Ana Lima</td>"),
        "README keeps its history: {intro}"
    );
    assert!(intro.contains("href=\"https://git.example.com/book/commit/"), "{intro}");
    assert!(
        built
            .visible_text("index.html")
            .contains("Updated Last updated 2025-03-04 by Ana Lima (")
    );

    let payments = built.visible_text("payments.html");
    let (v1, rc) = (
        payments.find("1.0.02025-02-03").unwrap_or(usize::MAX),
        payments.find("1.0.0-rc.1").unwrap_or(0),
    );
    assert!(v1 < rc, "release before its pre-release: {payments}");
    assert!(
        payments.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown as text"
    );
    assert!(
        !built.main("payments.html").contains("<script>alert"),
        "never as markup"
    );
    assert!(
        !payments.contains("changelog:") && !payments.contains("{{#"),
        "{payments}"
    );

    let log = built.visible_text("log.html");
    let (newer, older) = (log.find("0.10.0").unwrap_or(usize::MAX), log.find("0.2.0").unwrap_or(0));
    assert!(newer < older, "semver order, not text order: {log}");
    assert!(
        log.contains("Payments") && log.contains("Write &lt;the&gt; book"),
        "recent changes by page: {log}"
    );
}

#[test]
fn outside_git_the_book_still_builds_with_the_other_sources() {
    let mut book = TestBook::new();
    book.chapter(0, "Payments", "payments.md", PAGE)
        .preprocessor_binary("handbook-changelog", env!("CARGO_BIN_EXE_mdbook-handbook"));
    let built = book.build();
    let text = built.visible_text("payments.html");
    assert!(
        text.contains("Candidate") && text.contains("No git history is available for this build."),
        "{text}"
    );
}

/// Without the git program the build goes on, with a message naming git.
#[test]
fn without_the_git_program_the_message_names_git() {
    let empty = tempfile::tempdir().unwrap();
    let page = serde_json::json!({"Chapter": {"name": "P", "content": "# P\n\n{{#changelog git}}\n", "number": [1],
        "sub_items": [], "path": "p.md", "source_path": "p.md", "parent_names": []}});
    let input = serde_json::json!([{"root": empty.path(), "config": {"book": {"src": "src"}}, "renderer": "html",
        "mdbook_version": handbook_core::protocol::BUILT_FOR_MDBOOK}, {"items": [page]}]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .env("PATH", empty.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write as _;
        stdin.write_all(input.to_string().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("src/p.md:3: warning[changelog-no-git]") && err.contains("the `git` program was not found"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("No git history is available for this build."));
}

/// book-example built in place (output in a temporary directory), so its
/// git tables read this repository; changelog warnings fail the build.
#[test]
fn book_example_change_log_pages() {
    let root = harness::repo_root().join("book-example");
    let text = std::fs::read_to_string(root.join("book.toml")).unwrap();
    let mut table: toml::Table = toml::from_str(&text).unwrap();
    let out = tempfile::tempdir().unwrap();
    if let Some(toml::Value::Table(suite)) = table.get_mut("preprocessor").and_then(|p| p.get_mut("handbook")) {
        suite.insert("command".into(), harness::suite_binary().display().to_string().into());
        if let Some(toml::Value::Table(changelog)) = suite.get_mut("changelog") {
            changelog.insert("deny-warnings".into(), true.into());
        }
    }
    let mut build = toml::Table::new();
    build.insert("build-dir".into(), out.path().display().to_string().into());
    table.insert("build".into(), build.into());
    let config = toml::to_string(&table).unwrap_or_default().parse().unwrap();
    let md = mdbook_driver::MDBook::load_with_config(&root, config).unwrap_or_else(|e| panic!("{e:#}"));
    md.build().unwrap_or_else(|e| panic!("book-example: {e:#}"));
    let page = |p: &str| {
        let html = std::fs::read_to_string(out.path().join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
        harness::visible_text(&html)
    };
    let log = page("changelog.html");
    let (unreleased, first) = (
        log.find("Unreleased").unwrap_or(usize::MAX),
        log.find("0.1.0").unwrap_or(0),
    );
    assert!(unreleased < first, "{log}");
    assert!(log.contains("Fidelity test over every CommonMark example"), "{log}");
    // The page's own directives are expanded; a commit subject may still name one (`{{#term}}`) as text.
    assert!(!log.contains("{{#changelog"), "{log}");
    let deployment = page("deployment.html");
    assert!(
        deployment.contains("Date") && deployment.contains("Commit") || deployment.contains("No commit has touched"),
        "git table on the deployment page: {deployment}"
    );
    let adr = page("decisions/0011-change-logs-from-one-git-log-pass.html");
    assert!(adr.contains("First version") && !adr.contains("{{#"), "{adr}");
    assert!(!page("components/preprocessors.html").contains("{{#"));
}

/// A page's own change-log table (the architecture-document template's) feeds
/// `recent` on another page and its own "Last updated", outside git, and
/// the table is rendered as the author wrote it.
#[test]
fn a_hand_written_change_log_table_feeds_recent_and_last_updated() {
    let mut book = TestBook::new();
    book.chapter(
        0,
        "Architecture",
        "architecture.md",
        "# Architecture\n\n{{#changelog last-updated}}\n\n## Change Log\n\n| Version | Date | Changes | Author |\n\
         |---|---|---|---|\n| 1.1 | 2024-03-02 | Added the limits section | Ana |\n| 1.0 | 2024-01-05 | First version | Bo |\n",
    )
    .chapter(0, "News", "news.md", "# News\n\n{{#changelog recent 5}}\n");
    book.preprocessor_binary("handbook-changelog", env!("CARGO_BIN_EXE_mdbook-handbook"))
        .toml("outside-git = \"ignore\"\n");
    let built = book.build();
    let news = built.visible_text("news.html");
    assert!(
        news.contains("1.1: Added the limits section") && news.contains("1.0: First version"),
        "{news}"
    );
    harness::assert_links_resolve(&built.out, "news.html", &built.main("news.html"));
    let page = built.main("architecture.html");
    assert!(page.contains("Last updated <time datetime=\"2024-03-02\">"), "{page}");
    assert!(page.contains("<td>Added the limits section</td>"), "table kept: {page}");
}

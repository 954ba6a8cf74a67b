//! A repository built with real git and every kind of drift planted (see
//! `common::planted`): each is found, the clean pages get nothing, and the
//! whole book's output and diagnostics are pinned in
//! `cases/repository.book.out.md` and `cases/repository.diag.txt`
//! (`BLESS=1` rewrites them). Outside git and in a shallow clone, drift says
//! what it could not check and never calls a page fresh.

use crate::common;

use common::{WithFacts, decisions, planted};
use handbook_core::protocol::{self, Outcome};
use handbook_core::testing::{self, Expect, Page};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

fn cases() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn build(book: &Path, renderer: &str) -> (Vec<Page>, Outcome) {
    let config = json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"drift": {"code": ["src/**/*.rs"]}}}});
    let ctx = testing::context(book, renderer, config);
    let pages = testing::pages_under(&book.join("src"));
    let outcome = protocol::process(&WithFacts(decisions()), &ctx, testing::book(&pages)).unwrap();
    (pages, outcome)
}

fn states(outcome: &Outcome) -> BTreeMap<String, String> {
    outcome
        .facts
        .pages
        .iter()
        .filter_map(|(path, f)| Some((path.to_string_lossy().into_owned(), f.drift.clone()?)))
        .collect()
}

fn codes_by_page(outcome: &Outcome) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let shown = d.to_string();
            let path = shown.split(':').next().unwrap_or_default().to_owned();
            (path, d.code.to_owned())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_planted_drift_is_found_and_the_clean_pages_stay_as_written() {
    let tmp = planted(&cases().join("repository"));
    let (pages, outcome) = build(&tmp.path().join("book"), "html");
    let pairs = |list: &[(&str, &str)]| {
        list.iter()
            .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes_by_page(&outcome),
        pairs(&[
            ("../src/main.rs", "drift-code-cites"),
            ("../src/main.rs", "drift-code-cites"),
            ("../src/main.rs", "drift-code-cites"),
            ("src/cites.md", "drift-cites-superseded"),
            ("src/cites.md", "drift-cites-superseded"),
            ("src/commit-review.md", "drift-stale"),
            ("src/deleted.md", "drift-missing"),
            ("src/folder.md", "drift-stale"),
            ("src/glob.md", "drift-missing"),
            ("src/glob.md", "drift-missing"),
            ("src/renamed.md", "drift-missing"),
            ("src/stale.md", "drift-stale"),
            ("src/symbol.md", "drift-missing"),
            ("src/unknown-review.md", "drift-unchecked"),
        ])
    );
    let text: Vec<String> = outcome.diagnostics.iter().map(ToString::to_string).collect();
    let text = text.join("\n");
    assert!(
        text.contains("moved to `core/new.rs` in ") && text.contains(" 'Split the splicer'"),
        "{text}"
    );
    assert!(
        text.contains("deleted in ") && text.contains("'Drop gone.rs'"),
        "{text}"
    );
    assert!(
        text.contains("src/stale.md:2: warning[drift-stale]") && text.contains("1 commit since"),
        "{text}"
    );
    assert!(
        text.contains("src/commit-review.md:2: warning[drift-stale]") && text.contains("2 commits since"),
        "{text}"
    );
    assert!(
        !text.contains("cargo fmt"),
        "the ignored reformat commit counts nowhere: {text}"
    );
    assert!(
        text.contains("../src/main.rs:1: warning[drift-code-cites]: cites ADR 4"),
        "{text}"
    );
    assert!(
        text.contains("../src/main.rs:2: warning[drift-code-cites]: cites ADR 99"),
        "{text}"
    );
    assert!(text.contains("src/folder.md:2: warning[drift-stale]"), "{text}");
    assert!(
        text.contains("src/unknown-review.md:3: warning[drift-unchecked]") && text.contains("`1234abcd`"),
        "{text}"
    );
    // A page whose only tie to the code is a link declares nothing: no
    // warning, no banner, no drift state (issue 25).
    assert!(!text.contains("src/linked.md"), "{text}");
    let states = states(&outcome);
    assert_eq!(states.get("linked.md"), None, "{states:?}");
    for (page, state) in [
        ("clean.md", "fresh"),
        ("reformat.md", "fresh"),
        ("stale.md", "stale"),
        ("commit-review.md", "stale"),
        ("renamed.md", "missing"),
        ("deleted.md", "missing"),
        ("symbol.md", "missing"),
        ("glob.md", "missing"),
        ("folder.md", "stale"),
        ("unknown-review.md", "unknown"),
    ] {
        assert_eq!(states.get(page).map(String::as_str), Some(state), "{page}: {states:?}");
    }
    let chapters = outcome.book.chapters();
    for (page, chapter) in pages.iter().zip(&chapters) {
        let untouched = [
            "clean.md",
            "reformat.md",
            "decisions/0004.md",
            "decisions/0013.md",
            "log.md",
            "cites.md",
        ];
        if untouched.contains(&page.source.as_str()) {
            // Front matter leaves the page (the core's job); the body stays byte for byte.
            let body = match page.content.strip_prefix("---\n") {
                Some(rest) => rest.split_once("---\n").map_or(rest, |(_, b)| b),
                None => &page.content,
            };
            assert!(chapter.content == body, "{}: {}", page.source, chapter.content);
        }
    }
    let got = pages
        .iter()
        .zip(&chapters)
        .map(|(page, c)| {
            format!(
                "==> {} <==\n{}",
                page.source,
                handbook_core::html::collapse_assets(&c.content)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let expect = Expect::from_env();
    expect.file(&cases().join("repository.book.out.md"), &got);
    expect.file(&cases().join("repository.diag.txt"), &format!("{text}\n"));
}

#[test]
fn the_markdown_renderer_gets_a_quoted_banner_and_a_markdown_table() {
    let tmp = planted(&cases().join("repository"));
    let (pages, outcome) = build(&tmp.path().join("book"), "markdown");
    let chapters = outcome.book.chapters();
    let at = |name: &str| {
        pages
            .iter()
            .position(|p| p.source == name)
            .and_then(|i| chapters.get(i))
            .map(|c| c.content.clone())
            .unwrap_or_default()
    };
    assert!(at("stale.md").contains("> **Out of date:** "), "{}", at("stale.md"));
    let report = at("report.md");
    assert!(
        report.contains("| Page | Drift | Details |") && report.contains("| [Engine](<stale.md>) | stale |"),
        "{report}"
    );
    assert!(
        !report.contains('<') || report.contains("(<"),
        "no HTML for the markdown renderer: {report}"
    );
}

#[test]
fn outside_git_paths_are_checked_and_no_page_is_called_fresh() {
    let planted_repo = planted(&cases().join("repository"));
    let tmp = tempfile::tempdir().unwrap();
    // The book alone, its described files beside it, no .git anywhere above.
    let book = tmp.path().join("book");
    common::copy_pages(&planted_repo.path().join("book/src"), &book.join("src"));
    common::copy_pages(&planted_repo.path().join("core"), &book.join("core"));
    let (_, outcome) = build(&book, "html");
    let text: Vec<String> = outcome.diagnostics.iter().map(ToString::to_string).collect();
    let unchecked: Vec<_> = text.iter().filter(|d| d.contains("drift-unchecked")).collect();
    assert_eq!(unchecked.len(), 1, "{text:#?}");
    assert!(unchecked[0].contains("not inside a git repository"), "{text:#?}");
    assert!(!text.iter().any(|d| d.contains("drift-stale")), "{text:#?}");
    // Paths now count from the book root: core/ is there, the links leave it.
    assert!(
        text.iter()
            .any(|d| d.contains("src/renamed.md") && d.contains("`core/old.rs`, which does not exist")),
        "{text:#?}"
    );
    let states = states(&outcome);
    assert!(!states.values().any(|s| s == "fresh"), "{states:?}");
    assert_eq!(states.get("stale.md").map(String::as_str), Some("unknown"));
}

#[test]
fn a_shallow_clone_says_so_and_claims_no_freshness() {
    let planted_repo = planted(&cases().join("repository"));
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("file://{}", planted_repo.path().display());
    common::git(
        tmp.path(),
        &["clone", "-q", "--depth", "1", &url, "c"],
        "2024-04-01T00:00:00Z",
    );
    let (_, outcome) = build(&tmp.path().join("c/book"), "html");
    let text: Vec<String> = outcome.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|d| d.contains("drift-unchecked") && d.contains("shallow clone")),
        "{text:#?}"
    );
    assert!(!text.iter().any(|d| d.contains("drift-stale")), "{text:#?}");
    let states = states(&outcome);
    assert!(!states.values().any(|s| s == "fresh"), "{states:?}");
}

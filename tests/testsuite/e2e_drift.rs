//! book-example tells the truth about the code: drift over the handbook of
//! this project, in process, after the decision log (handbook-adr) filled the
//! shared Facts, as the one pipeline runs them. No page may describe a path
//! or symbol that is gone, cite a retired ADR, or be stale; source files of
//! the root package may not cite a retired or unknown ADR.
//!
//! A commit that changes code a page describes makes that page stale, and
//! this test fails until someone checks the page and moves its `reviewed:`
//! on: that is the point. Outside git or in a shallow clone staleness cannot
//! be told; `drift-unchecked` says so and is the one code allowed.

#![cfg(all(feature = "drift", feature = "adr"))]

use crate::harness;

use handbook_adr::AdrPreprocessor;
use handbook_core::facts::Facts;
use handbook_core::protocol::{self, Context, Edits, HandbookPreprocessor};
use handbook_core::testing;
use handbook_core::{Chapter, Diagnostics};
use handbook_drift::DriftPreprocessor;
use handbook_drift::config::DriftConfig;
use serde_json::json;
use std::path::Path;

/// The decision log, then drift, over one Facts.
struct AdrThenDrift;

impl HandbookPreprocessor for AdrThenDrift {
    const NAME: &'static str = DriftPreprocessor::NAME;
    type Config = DriftConfig;
    const CODES: &'static [handbook_core::Code] = DriftPreprocessor::CODES;
    fn run(
        &self,
        ctx: &Context,
        config: &DriftConfig,
        chapters: &[Chapter],
        facts: &mut Facts,
        d: &mut Diagnostics,
    ) -> Edits {
        let mut adr_diagnostics = Diagnostics::new();
        AdrPreprocessor.run(ctx, &Default::default(), chapters, facts, &mut adr_diagnostics);
        DriftPreprocessor.run(ctx, config, chapters, facts, d)
    }
}

#[test]
fn book_example_builds_with_no_drift_warning() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("book-example");
    let pages: Vec<_> = testing::pages_under(&root.join("src"))
        .into_iter()
        .filter(|p| p.source != "SUMMARY.md")
        .collect();
    let config = json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"drift": {"code": ["src/**/*.rs"]}}}});
    let ctx = testing::context(&root, "html", config);
    let outcome = protocol::process(&AdrThenDrift, &ctx, testing::book(&pages)).unwrap();
    let shown: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code != "drift-unchecked")
        .map(ToString::to_string)
        .collect();
    assert!(
        shown.is_empty(),
        "book-example drifted from the code:\n{}",
        shown.join("\n")
    );
    assert!(
        outcome.facts.decisions.as_ref().is_some_and(|d| d.len() >= 19),
        "the decision log was not read, so citations went unchecked"
    );
    let described: Vec<_> = outcome
        .facts
        .pages
        .iter()
        .filter(|(_, f)| f.drift.is_some())
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    for page in [
        "overview.md",
        "data-flow.md",
        "components/core.md",
        "components/drift.md",
    ] {
        assert!(
            described.iter().any(|p| p == page),
            "{page} declares nothing: {described:?}"
        );
    }
    let unchecked = outcome.diagnostics.iter().any(|d| d.code == "drift-unchecked");
    if !unchecked {
        assert!(
            outcome
                .facts
                .pages
                .values()
                .filter_map(|f| f.drift.as_deref())
                .all(|s| s == "fresh"),
            "{:?}",
            outcome.facts.pages
        );
    }
}

/// A repository whose book lives in `docs/` (so the book root is not the
/// repository root), with code, a licence and a disclaimer beside it, and
/// two commits: the second changes the code after every page was written.
fn repository_with_a_book(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let at = root.join(path);
        std::fs::create_dir_all(at.parent().unwrap_or(root)).unwrap();
        std::fs::write(at, text).unwrap();
    };
    write(
        "docs/book.toml",
        &format!(
            "[book]\ntitle = \"Field\"\n\n[preprocessor.handbook]\ncommand = {:?}\nafter = [\"links\"]\n\n\
             [preprocessor.handbook.drift]\ngit-timeout = 2\n",
            harness::suite_binary().display().to_string()
        ),
    );
    let mut summary = "# Summary\n\n".to_owned();
    for (path, text) in pages {
        summary.push_str(&format!("- [{path}]({path})\n"));
        write(&format!("docs/src/{path}"), text);
    }
    write("docs/src/SUMMARY.md", &summary);
    write("LICENSE", "MIT\n");
    write("DISCLAIMER.md", "# Disclaimer\n");
    write("src/engine.rs", "pub fn run() {}\n");
    let git = |args: &[&str]| harness::git_as(root, "Dev", "dev@example.com", args);
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "Start"]);
    write("src/engine.rs", "pub fn run() {}\npub fn retry() {}\n");
    git(&["add", "-A"]);
    git(&["commit", "-qm", "Engine learns retries"]);
    dir
}

/// `mdbook build` of the book in `docs/` with the real mdBook 0.5 binary,
/// `PATH` as given (the binary found on the test's own PATH first).
fn build(repo: &Path, path: Option<&std::ffi::OsStr>) -> (bool, Vec<String>) {
    let program = std::env::var("MDBOOK").unwrap_or_else(|_| "mdbook".to_owned());
    let program = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join(&program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| std::path::PathBuf::from(&program));
    let mut command = std::process::Command::new(&program);
    command
        .arg("build")
        .current_dir(repo.join("docs"))
        .env("MDBOOK_HANDBOOK_TODAY", "2026-01-31")
        .env_remove("MDBOOK_HANDBOOK_DENY_WARNINGS");
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let out = command.output().unwrap_or_else(|e| {
        panic!(
            "these tests need the real mdBook 0.5 binary (`{}`): {e}",
            program.display()
        )
    });
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let diagnostics = stderr
        .lines()
        .filter(|l| l.contains("warning[") || l.contains("error["))
        .map(str::to_owned)
        .collect();
    (out.status.success(), diagnostics)
}

fn page(repo: &Path, html: &str) -> String {
    std::fs::read_to_string(repo.join("docs/book").join(html)).unwrap_or_else(|e| panic!("{html}: {e}"))
}

/// Issue 25: a glossary page whose only links out of the book go to the
/// licence, a disclaimer and a source file that changed since declares
/// nothing: no banner, no warning, no drift state.
#[test]
fn a_page_that_declares_nothing_gets_no_banner_and_no_warning() {
    let repo = repository_with_a_book(&[(
        "glossary.md",
        "# Glossary\n\nDrift\n: what a page that declares code notices.\n\nSee the [licence](../../LICENSE), the [disclaimer](../../DISCLAIMER.md) \
         and [the engine](../../src/engine.rs).\n\n{{#drift-report}}\n",
    )]);
    let (ok, diagnostics) = build(repo.path(), None);
    assert!(ok, "{diagnostics:?}");
    assert_eq!(diagnostics, Vec::<String>::new());
    let html = page(repo.path(), "glossary.html");
    assert!(
        !html.contains("data-drift=\"stale\"") && !html.contains("Out of date"),
        "{html}"
    );
}

/// Issue 25: a broken link outside `src/` is links' to report, once; drift
/// does not report it again as `drift-missing`.
#[test]
fn a_broken_link_outside_src_is_reported_once() {
    let repo = repository_with_a_book(&[(
        "guide.md",
        "# Guide\n\nSee [the old engine](../../src/old-engine.rs).\n",
    )]);
    let (_, diagnostics) = build(repo.path(), None);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(
        diagnostics[0].contains("src/guide.md:3: warning[links-broken]"),
        "{diagnostics:?}"
    );
}

/// Issue 33: with no `git` program, or a git that never answers, described
/// paths are still read from the repository (the folder with `.git`), not
/// from the book root: one `drift-unchecked` warning says why staleness is
/// unknown, and nothing is reported missing.
#[test]
fn without_a_working_git_described_paths_are_read_from_the_repository() {
    let repo = repository_with_a_book(&[(
        "engine.md",
        "---\ndescribes: [src/engine.rs#run]\nreviewed: 2020-01-01\n---\n# Engine\n",
    )]);
    let bin = tempfile::tempdir().unwrap();
    // A `git` that hangs past drift's `git-timeout` of 2 s.
    let hanging = bin.path().join("hanging");
    std::fs::create_dir_all(&hanging).unwrap();
    let fake = hanging.join("git");
    std::fs::write(&fake, "#!/bin/sh\nexec /bin/sleep 30\n").unwrap();
    handbook_core::platform::make_executable(&fake).unwrap();
    for (what, path, says) in [
        (
            "no git on PATH",
            bin.path().join("empty"),
            "`git` program was not found on PATH",
        ),
        ("a git that hangs", hanging.clone(), "did not finish within 2 s"),
    ] {
        std::fs::create_dir_all(&path).unwrap();
        let (ok, diagnostics) = build(repo.path(), Some(path.as_os_str()));
        assert!(ok, "{what}: {diagnostics:?}");
        assert_eq!(diagnostics.len(), 1, "{what}: {diagnostics:?}");
        assert!(
            diagnostics[0].contains("src/engine.md:2: warning[drift-unchecked]") && diagnostics[0].contains(says),
            "{what}: {diagnostics:?}"
        );
        let html = page(repo.path(), "engine.html");
        assert!(
            !html.contains("data-drift=\"stale\""),
            "{what}: not stale, not fresh: unknown"
        );
    }
}

//! A repository built with real git, every kind of drift planted, and the
//! decision log's facts as handbook-adr would publish them.

#![allow(dead_code)]

use handbook_core::facts::{DecisionFact, Facts};
use handbook_core::protocol::{Context, Edits, HandbookPreprocessor};
use handbook_core::{Chapter, Diagnostics};
use handbook_drift::DriftPreprocessor;
use handbook_drift::config::DriftConfig;
use std::path::Path;
use std::process::Command;

/// Drift with the Facts an earlier capability (the decision log) left.
pub(crate) struct WithFacts(pub Facts);

impl HandbookPreprocessor for WithFacts {
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
        *facts = self.0.clone();
        DriftPreprocessor.run(ctx, config, chapters, facts, d)
    }
}

fn decision(number: u32, title: &str, lifecycle: &str, superseded_by: &[u32], supersedes: &[u32]) -> DecisionFact {
    DecisionFact {
        number: Some(number),
        title: title.to_owned(),
        status: Some(lifecycle.to_owned()),
        lifecycle: Some(lifecycle.to_owned()),
        path: format!("decisions/{number:04}.md").into(),
        superseded_by: superseded_by.to_vec(),
        supersedes: supersedes.to_vec(),
        ..DecisionFact::default()
    }
}

/// ADR 4 (superseded by 13), ADR 7 (rejected), ADR 13 (accepted).
pub(crate) fn decisions() -> Facts {
    Facts {
        decisions: Some(vec![
            decision(4, "CSS comes inline", "superseded", &[13], &[]),
            decision(7, "One binary per capability", "rejected", &[], &[]),
            decision(13, "CSS installed once", "accepted", &[], &[4]),
        ]),
        ..Facts::default()
    }
}

/// Runs git with a fixed identity and date, so hashes are the same every run.
pub(crate) fn git(dir: &Path, args: &[&str], date: &str) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ana Lima")
        .env("GIT_AUTHOR_EMAIL", "ana@example.com")
        .env("GIT_COMMITTER_NAME", "Ana Lima")
        .env("GIT_COMMITTER_EMAIL", "ana@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .unwrap_or_else(|e| panic!("the drift tests need the `git` program: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

pub(crate) fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

pub(crate) fn commit(repo: &Path, date: &str, message: &str) -> String {
    git(repo, &["add", "-A"], date);
    git(repo, &["commit", "-q", "--allow-empty", "-m", message], date);
    git(repo, &["rev-parse", "HEAD"], date)
}

/// Copies the book's pages from `tests/cases/repository/src` into `repo/book/src`.
pub(crate) fn copy_pages(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_pages(&path, &target);
        } else {
            let text = std::fs::read_to_string(&path).unwrap();
            write(&target, &text);
        }
    }
}

/// The planted repository: `core/` code, `src/main.rs`, and the book in `book/`.
///
/// 1. 2024-01-01 "Start": every file, every page.
/// 2. 2024-02-01 "Describe the engine": engine.rs changed (before the reviews).
/// 3. 2024-03-01 "Split the splicer": core/old.rs renamed to core/parts/new.rs.
/// 4. 2024-03-02 "Drop gone.rs": core/gone.rs deleted.
/// 5. 2024-03-03 "Rename remove_me": the symbol leaves core/splice.rs.
/// 6. 2024-03-04 "Engine learns retries": engine.rs changed after the reviews.
/// 7. 2024-03-05 "cargo fmt": fmt.rs reformatted, listed in .git-blame-ignore-revs.
pub(crate) fn planted(cases: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    git(repo, &["init", "-q", "-b", "main"], "2024-01-01T09:00:00Z");
    write(
        &repo.join("core/splice.rs"),
        "pub fn apply_splices() {}\npub fn remove_me() {}\n",
    );
    write(&repo.join("core/engine.rs"), "pub struct Engine;\n");
    write(&repo.join("core/old.rs"), "pub fn split() {}\n");
    write(&repo.join("core/gone.rs"), "pub fn gone() {}\n");
    write(&repo.join("core/fmt.rs"), "pub fn fmt( ) {}\n");
    write(
        &repo.join("src/main.rs"),
        "// see ADR-0004\n// and ADR 13, and ADR-0099, and @adr 7\nfn main() {}\n",
    );
    copy_pages(&cases.join("src"), &repo.join("book/src"));
    let start = commit(repo, "2024-01-01T09:00:00Z", "Start");
    let review = format!(
        "---\ndescribes: [\"core/engine.rs#Engine\"]\nreviewed: {}\n---\n# Commit review\n\nReviewed at the first commit: two engine commits since.\n",
        &start[..7]
    );
    write(&repo.join("book/src/commit-review.md"), &review);
    write(&repo.join("core/engine.rs"), "pub struct Engine { runs: u32 }\n");
    commit(repo, "2024-02-01T09:00:00Z", "Describe the engine");
    git(repo, &["mv", "core/old.rs", "core/new.rs"], "2024-03-01T09:00:00Z");
    commit(repo, "2024-03-01T09:00:00Z", "Split the splicer");
    std::fs::remove_file(repo.join("core/gone.rs")).unwrap();
    commit(repo, "2024-03-02T09:00:00Z", "Drop gone.rs");
    write(
        &repo.join("core/splice.rs"),
        "pub fn apply_splices() {}\npub fn removed() {}\n",
    );
    commit(repo, "2024-03-03T09:00:00Z", "Rename remove_me");
    write(
        &repo.join("core/engine.rs"),
        "pub struct Engine { runs: u32, retries: u8 }\n",
    );
    commit(repo, "2024-03-04T09:00:00Z", "Engine learns retries");
    write(&repo.join("core/fmt.rs"), "pub fn fmt() {}\n");
    let reformat = commit(repo, "2024-03-05T09:00:00Z", "cargo fmt");
    write(
        &repo.join(".git-blame-ignore-revs"),
        &format!("# formatting only\n{reformat}\n"),
    );
    commit(repo, "2024-03-06T09:00:00Z", "Ignore the reformat in blame");
    tmp
}

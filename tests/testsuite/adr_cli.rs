//! `mdbook-handbook adr ...` and `check --against` in real git repositories:
//! two branches that each add ADR 7, the numbering that avoids it, and the
//! gate that catches it. Real `git`; a missing git fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;

const CLI: &str = env!("CARGO_BIN_EXE_mdbook-handbook");

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .output()
        .unwrap_or_else(|e| panic!("git is required for this test: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the CLI in `dir`: (exit code, stdout, stderr).
fn cli(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(CLI)
        .args(args)
        .current_dir(dir)
        .env("MDBOOK_HANDBOOK_TODAY", "2026-11-29")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap_or(root)).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn adr(n: u32, title: &str) -> String {
    format!(
        "# {n}. {title}\n\nDate: 2025-01-0{}\n\n## Status\n\nAccepted\n\n## Context\n\nText.\n",
        n % 9 + 1
    )
}

/// A repository on `main` with ADRs 1 to 6 (adr-tools style) and a SUMMARY.md listing them.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["config", "user.email", "dev@example.invalid"]);
    git(&root, &["config", "user.name", "Dev"]);
    git(&root, &["config", "commit.gpgsign", "false"]);
    write(&root, "book.toml", "[book]\ntitle = \"Handbook\"\n");
    let mut summary = String::from("# Summary\n\n- [Decisions](decisions/README.md)\n");
    write(&root, "src/decisions/README.md", "# Decisions\n");
    for n in 1..=6 {
        let name = format!("{n:04}-decision-{n}.md");
        write(
            &root,
            &format!("src/decisions/{name}"),
            &adr(n, &format!("Decision {n}")),
        );
        summary.push_str(&format!("  - [{n}. Decision {n}](decisions/{name})\n"));
    }
    write(&root, "src/SUMMARY.md", &summary);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "ADRs 1 to 6"]);
    (dir, root)
}

#[test]
fn a_new_adr_skips_the_number_another_branch_took() {
    let (_dir, root) = repository();
    git(&root, &["checkout", "-qb", "feature-a"]);
    let (code, _, err) = cli(&root, &["adr", "new", "Cache with Redis"]);
    assert_eq!(code, 0, "{err}");
    assert!(root.join("src/decisions/0007-cache-with-redis.md").exists(), "{err}");
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "ADR 7 on a"]);
    git(&root, &["checkout", "-q", "main"]);
    git(&root, &["checkout", "-qb", "feature-b"]);
    // Branch A's ADR 7 is not in this folder, but its ref is: B gets 8.
    let (code, _, err) = cli(&root, &["adr", "new", "Queue with NATS"]);
    assert_eq!(code, 0, "{err}");
    let made = read(&root, "src/decisions/0008-queue-with-nats.md");
    assert!(
        made.starts_with("# 8. Queue with NATS\n\nDate: 2026-11-29\n\n## Status\n\nProposed\n"),
        "{made}"
    );
    assert!(!root.join("src/decisions/0007-queue-with-nats.md").exists());
    let summary = read(&root, "src/SUMMARY.md");
    assert!(
        summary.ends_with(
            "  - [6. Decision 6](decisions/0006-decision-6.md)\n  - [8. Queue with NATS](decisions/0008-queue-with-nats.md)\n"
        ),
        "{summary}"
    );
}

#[test]
fn a_fetched_remote_branch_counts_too() {
    let (_dir, upstream) = repository();
    let clone_dir = tempfile::tempdir().unwrap();
    let clone = clone_dir.path().join("clone");
    git(clone_dir.path(), &["clone", "-q", &upstream.to_string_lossy(), "clone"]);
    git(&clone, &["config", "user.email", "dev@example.invalid"]);
    git(&clone, &["config", "user.name", "Dev"]);
    // Someone else's branch upstream adds ADR 7 (its number only in the title).
    git(&upstream, &["checkout", "-qb", "theirs"]);
    write(&upstream, "src/decisions/use-grpc.md", &adr(7, "Use gRPC"));
    git(&upstream, &["add", "-A"]);
    git(&upstream, &["commit", "-qm", "ADR 7 upstream"]);
    git(&clone, &["fetch", "-q", "origin"]);
    let (code, _, err) = cli(&clone, &["adr", "new", "Use REST"]);
    assert_eq!(code, 0, "{err}");
    assert!(clone.join("src/decisions/0008-use-rest.md").exists(), "{err}");
}

#[test]
fn the_gate_fails_on_a_number_main_already_gave_and_passes_after_renumber() {
    let (_dir, root) = repository();
    git(&root, &["checkout", "-qb", "feature"]);
    write(&root, "src/decisions/0007-feature-flags.md", &adr(7, "Feature flags"));
    write(
        &root,
        "src/decisions/0006-decision-6.md",
        &adr(6, "Decision 6").replace("Text.", "See [flags](0007-feature-flags.md)."),
    );
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "ADR 7 on the feature branch"]);
    git(&root, &["checkout", "-q", "main"]);
    write(&root, "src/decisions/0007-tracing.md", &adr(7, "Tracing"));
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "ADR 7 on main"]);
    git(&root, &["checkout", "-q", "feature"]);

    let (code, out, err) = cli(&root, &["check", ".", "--against", "main"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains(
            "src/decisions/0007-feature-flags.md:1: error[adr-number-taken]: ADR 7 was added on this branch, but main already gives 7 to src/decisions/0007-tracing.md; renumber this one: `mdbook-handbook adr renumber 7 8`"
        ),
        "{err}"
    );

    // The fix the gate names: a dry run first writes nothing and shows the diff.
    let (code, out, err) = cli(&root, &["adr", "renumber", "7", "8", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(root.join("src/decisions/0007-feature-flags.md").exists());
    assert!(
        out.contains("--- a/src/decisions/0007-feature-flags.md\n+++ b/src/decisions/0008-feature-flags.md\n"),
        "{out}"
    );
    assert!(out.contains("-# 7. Feature flags\n+# 8. Feature flags\n"), "{out}");
    assert!(
        out.contains("-See [flags](0007-feature-flags.md).\n+See [flags](0008-feature-flags.md).\n"),
        "{out}"
    );

    let (code, _, err) = cli(&root, &["adr", "renumber", "7", "8"]);
    assert_eq!(code, 0, "{err}");
    assert!(read(&root, "src/decisions/0008-feature-flags.md").starts_with("# 8. Feature flags\n"));
    assert!(read(&root, "src/decisions/0006-decision-6.md").contains("See [flags](0008-feature-flags.md)."));
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "renumber"]);
    let (code, _, err) = cli(&root, &["check", ".", "--against", "main"]);
    assert!(!err.contains("adr-number-taken"), "{err}");
    assert_eq!(code, 0, "{err}");
}

#[test]
fn the_gate_refuses_refs_git_would_read_as_options() {
    let (_dir, root) = repository();
    // `--against=VALUE` hands an option-like value through clap, so the gate's own check is what refuses it.
    for reference in ["--output=written-by-git", "-p", ""] {
        let (code, out, err) = cli(&root, &["check", ".", &format!("--against={reference}")]);
        assert_ne!(code, 0, "{reference}: {err}");
        assert!(out.is_empty(), "{reference}: {out}");
        assert!(err.contains("not a git ref"), "{reference}: {err}");
    }
    let (code, _, err) = cli(&root, &["check", ".", "--against", "-p"]);
    assert_eq!(code, 2, "clap refuses an option-like value after a space: {err}");
    assert!(
        !root.join("written-by-git").exists(),
        "git ran with the ref as an option"
    );
    let (code, _, err) = cli(&root, &["check", ".", "--against", "no-such-branch"]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("git knows no commit `no-such-branch`"), "{err}");
}

#[test]
fn list_json_follows_the_documented_schema() {
    let (_dir, root) = repository();
    let (code, _, err) = cli(&root, &["adr", "supersede", "1", "2"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = cli(&root, &["adr", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["schema"], 1);
    assert_eq!(v["folder"], "decisions");
    let first = &v["decisions"][0];
    assert_eq!(first["number"], 1);
    assert_eq!(first["title"], "Decision 1");
    assert_eq!(first["status"], "Superseded");
    assert_eq!(first["lifecycle"], "superseded");
    assert_eq!(first["date"], "2025-01-02");
    assert_eq!(first["path"], "decisions/0001-decision-1.md");
    assert_eq!(
        first["relations"],
        serde_json::json!([{"kind": "superseded-by", "number": 2, "path": "decisions/0002-decision-2.md"}])
    );
    assert_eq!(v["decisions"][1]["relations"][0]["kind"], "supersedes");
    for d in v["decisions"].as_array().unwrap_or(&Vec::new()) {
        for key in [
            "number",
            "title",
            "status",
            "lifecycle",
            "date",
            "path",
            "relations",
            "deciders",
            "tags",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
    let (_, out, _) = cli(&root, &["adr", "list", "--status", "superseded"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("Decision 1"), "{out}");
}

#[test]
fn list_shows_the_dates_the_index_shows() {
    let (_dir, root) = repository();
    // No `Date:` line: the build dates it by the commit that added it, and so must the list.
    let undated = "# 7. Undated\n\n## Status\n\nAccepted\n";
    write(&root, "src/decisions/0007-undated.md", undated);
    let summary = read(&root, "src/SUMMARY.md") + "  - [7. Undated](decisions/0007-undated.md)\n";
    write(&root, "src/SUMMARY.md", &summary);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "ADR 7"]);
    let (code, out, err) = cli(&root, &["adr", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["decisions"][6]["number"], 7, "{out}");
    assert_eq!(v["decisions"][6]["date"], "2026-01-01", "{out}");
    let (_, lines, _) = cli(&root, &["adr", "list"]);
    assert!(
        lines.lines().any(|l| l.contains("2026-01-01") && l.contains("Undated")),
        "{lines}"
    );
}

#[test]
fn a_refused_edit_names_the_file_and_writes_nothing() {
    let (_dir, root) = repository();
    let twice = adr(3, "Decision 3") + "\n## Status\n\nDeprecated\n";
    write(&root, "src/decisions/0003-decision-3.md", &twice);
    let (code, out, err) = cli(&root, &["adr", "status", "3", "rejected"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("mdbook-handbook adr: src/decisions/0003-decision-3.md: it has 2 status sections (lines 5, 13)"),
        "{err}"
    );
    assert_eq!(read(&root, "src/decisions/0003-decision-3.md"), twice);
}

#[test]
fn the_first_adr_of_a_branch_counts_a_folder_only_another_branch_has() {
    let (_dir, root) = repository();
    git(&root, &["checkout", "-qb", "platform"]);
    let (code, _, err) = cli(&root, &["adr", "new", "Pick a mesh", "--folder", "platform/adr"]);
    assert_eq!(code, 0, "{err}");
    assert!(root.join("src/platform/adr/0001-pick-a-mesh.md").exists(), "{err}");
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "first platform ADR"]);
    git(&root, &["checkout", "-q", "main"]);
    assert!(!root.join("src/platform").exists());
    let (code, _, err) = cli(
        &root,
        &[
            "adr",
            "new",
            "Pick a gateway",
            "--folder",
            "platform/adr",
            "--format",
            "madr3",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let made = read(&root, "src/platform/adr/0002-pick-a-gateway.md");
    assert!(
        made.starts_with("---\nstatus: proposed\ndate: 2026-11-29\n---\n# Pick a gateway\n"),
        "{made}"
    );
}

#[test]
fn a_folder_outside_the_book_and_option_like_numbers_are_refused() {
    let (_dir, root) = repository();
    let (code, _, err) = cli(&root, &["adr", "new", "Escape", "--folder", "../../x"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--folder ../../x is not inside"), "{err}");
    assert!(
        !root.join("../../x").exists() && !root.join("../x").exists(),
        "a folder was made outside the book"
    );
    // `-5` is an option, not the number 5; 0 is no ADR number.
    // Usage errors exit 2, as every subcommand's do.
    let (code, _, err) = cli(&root, &["adr", "renumber", "2", "-5"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unexpected argument '-5'"), "{err}");
    let (code, _, err) = cli(&root, &["adr", "renumber", "2", "--", "-5"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`-5` is not a positive ADR number"), "{err}");
    let (code, _, err) = cli(&root, &["adr", "renumber", "2", "0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`0` is not a positive ADR number"), "{err}");
    let (code, _, err) = cli(&root, &["adr", "new", "Title", "--folder", "--dry-run"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("a value is required for '--folder <DIR>' but none was supplied"),
        "{err}"
    );
    let (code, _, err) = cli(&root, &["adr", "link", "2"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--amends <M>|--relates <M>|--supersedes <M>"), "{err}");
    assert!(root.join("src/decisions/0002-decision-2.md").exists());
    assert!(!root.join("src/decisions/0005-decision-2.md").exists());
    // A number written `ADR-8` still works.
    let (code, _, err) = cli(&root, &["adr", "renumber", "2", "ADR-8"]);
    assert_eq!(code, 0, "{err}");
    assert!(root.join("src/decisions/0008-decision-2.md").exists(), "{err}");
}

//! `mdbook-handbook check --format json|github`, `--baseline` and
//! `--write-baseline`, run as a user runs them: the built binary on a small
//! book of real files, with exact outputs.

mod agents;
use crate::harness;
mod schema;

use harness::TestBook;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `check` as a CI step does: from the folder above the book, naming
/// the book's folder relatively (GitHub's `file=` paths start with it).
fn check(root: &Path, extra: &[&str]) -> Run {
    let (Some(parent), Some(name)) = (root.parent(), root.file_name()) else {
        panic!("{} has no parent", root.display());
    };
    let out = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .current_dir(parent)
        .arg("check")
        .arg(name)
        .args(extra)
        .env_remove("MDBOOK_HANDBOOK_DENY_WARNINGS")
        .env_remove("MDBOOK_HANDBOOK_VERBOSE")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const GUIDE: &str = "guide,v1:draft.md";

/// Two ADRs (one without a date) and a page overdue for review, under a
/// file name with the characters GitHub's properties must escape.
fn small_book() -> TestBook {
    let mut book = TestBook::new();
    book.toml("[preprocessor.handbook]\nafter = [\"links\"]\nonly = [\"adr\", \"status\"]\n");
    book.chapter(
        0,
        "Guide, 100% done",
        GUIDE,
        "---\nstatus: current\nowner: Team A\nreviewed: 2020-01-01\nreview-every: 6 months\n---\n# Guide\n\nText.\n",
    );
    book.chapter(0, "Decisions", "adr/README.md", "# Decisions\n");
    book.chapter(
        1,
        "One",
        "adr/0001-one.md",
        "# 1. One\n\nStatus: Superseded by ADR 2\nDate: 2024-01-01\n\nText.\n",
    );
    book.chapter(
        1,
        "Two",
        "adr/0002-two.md",
        "# 2. Two\n\nStatus: Accepted\n\nSupersedes ADR 1.\n",
    );
    book.load();
    book
}

/// The book's folder name, as `file=` paths start with it.
fn dir(root: &Path) -> String {
    root.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn schema() -> Value {
    let path = harness::repo_root().join("schema/check-report.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout))
}

fn assert_conforms(report: &Value) {
    let problems = schema::violations(&schema(), report);
    assert!(problems.is_empty(), "{problems:#?}\n{report:#}");
}

#[test]
fn json_has_every_diagnostic_the_page_facts_and_the_decisions_and_fits_the_schema() {
    let book = small_book();
    let run = check(book.root(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "mdbook-handbook check: 0 error(s), 2 warning(s)\n");
    let report = parse(&run);
    assert_conforms(&report);
    assert_eq!(report["schema"], 1);
    assert_eq!(
        report["summary"],
        json!({"errors": 0, "warnings": 2, "infos": 1, "baselined": 0, "failed": false})
    );
    assert_eq!(
        report["diagnostics"][0],
        json!({
            "level": "warning", "code": "adr-missing-date", "capability": "adr",
            "message": "this ADR has no date (`Date: 2024-01-15`)",
            "path": "src/adr/0002-two.md", "line": 1,
            "places": [{"path": "src/adr/0002-two.md", "line": 1}], "baselined": false,
        })
    );
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["adr-missing-date", "adr-one-way-link", "status-review-overdue"]);
    let guide = report["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["path"] == format!("src/{GUIDE}"))
        .unwrap_or_else(|| panic!("no page facts for the guide: {report:#}"));
    assert_eq!(
        guide,
        &json!({
            "path": format!("src/{GUIDE}"), "status": "current", "lifecycle": "current", "owner": "Team A",
            "last_reviewed": "2020-01-01", "review_due": "2020-07-01", "overdue": true, "drift": null,
        })
    );
    assert_eq!(
        report["decisions"],
        json!([
            {"number": 1, "title": "One", "status": "Superseded", "lifecycle": "superseded", "date": "2024-01-01",
             "path": "src/adr/0001-one.md", "superseded_by": [2], "supersedes": [], "deciders": [], "tags": []},
            {"number": 2, "title": "Two", "status": "Accepted", "lifecycle": "accepted", "date": null,
             "path": "src/adr/0002-two.md", "superseded_by": [], "supersedes": [1], "deciders": [], "tags": []},
        ])
    );
}

/// One cause at many places is one entry with every place, as text groups them.
#[test]
fn json_groups_one_cause_with_all_its_places_and_a_book_without_a_log_has_null_decisions() {
    let mut book = TestBook::new();
    book.toml("[preprocessor.handbook]\nafter = [\"links\"]\nonly = [\"adr\"]\n");
    book.chapter(0, "Decisions", "adr/README.md", "# Decisions\n");
    for n in 1..=5 {
        book.chapter(
            1,
            &format!("D{n}"),
            &format!("adr/000{n}-d.md"),
            &format!("# {n}. D{n}\n\nDate: 2024-01-0{n}\n"),
        );
    }
    book.load();
    let report = parse(&check(book.root(), &["--format", "json"]));
    assert_conforms(&report);
    let missing: Vec<&Value> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "adr-missing-status")
        .collect();
    assert_eq!(missing.len(), 1, "{report:#}");
    let places: Vec<String> = missing[0]["places"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| format!("{}:{}", p["path"].as_str().unwrap_or("?"), p["line"]))
        .collect();
    assert_eq!(
        places,
        (1..=5).map(|n| format!("src/adr/000{n}-d.md:1")).collect::<Vec<_>>()
    );

    let mut plain = TestBook::new();
    plain.chapter(0, "Page", "page.md", "# Page\n");
    plain.load();
    let report = parse(&check(plain.root(), &["--format", "json"]));
    assert_conforms(&report);
    assert_eq!(report["decisions"], Value::Null);
    assert_eq!(report["diagnostics"], json!([]));
}

#[test]
fn the_book_examples_report_fits_the_schema() {
    let book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    let run = check(book.root(), &["--format", "json", "--skip", "diagrams"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = parse(&run);
    assert_conforms(&report);
    assert!(
        report["decisions"].as_array().is_some_and(|d| d.len() > 10),
        "{report:#}"
    );
    assert!(
        report["pages"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["owner"].is_string()),
        "{report:#}"
    );
}

/// The checker itself can fail: each kind of break is caught.
#[test]
fn the_schema_checker_rejects_what_the_schema_forbids() {
    let book = small_book();
    let good = parse(&check(book.root(), &["--format", "json"]));
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut report = good.clone();
        edit(&mut report);
        schema::violations(&schema(), &report)
    };
    assert!(!broken(&|r| r["schema"] = json!(2)).is_empty());
    assert!(!broken(&|r| r["summary"]["errors"] = json!(-1)).is_empty());
    assert!(!broken(&|r| r["diagnostics"][0]["level"] = json!("fatal")).is_empty());
    assert!(!broken(&|r| r["diagnostics"][0]["line"] = json!("1")).is_empty());
    assert!(!broken(&|r| r["diagnostics"][0]["surprise"] = json!(1)).is_empty());
    assert!(!broken(&|r| r["decisions"] = json!({})).is_empty());
    assert!(!broken(&|r| r["pages"][0]["overdue"] = Value::Null).is_empty());
    assert!(
        !broken(&|r| {
            if let Some(o) = r.as_object_mut() {
                o.remove("pages");
            }
        })
        .is_empty()
    );
}

#[test]
fn github_writes_one_escaped_workflow_command_per_diagnostic_on_stdout() {
    let book = small_book();
    let run = check(book.root(), &["--format", "github"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = dir(book.root());
    assert_eq!(
        run.stdout,
        format!(
            "::warning file={d}/src/adr/0002-two.md,line=1,title=adr-missing-date::this ADR has no date (`Date: \
             2024-01-15`)\n\
             ::notice file={d}/src/adr/0001-one.md,line=3,title=adr-one-way-link::ADR-1 says `Superseded by ADR-2`, \
             but adr/0002-two.md does not say `Supersedes ADR-1`; both cards show it\n\
             ::warning file={d}/src/guide%2Cv1%3Adraft.md,line=4,title=status-review-overdue::`Guide, 100%25 done` \
             was due for review on 2020-07-01\n"
        )
    );
    assert_eq!(run.stderr, "mdbook-handbook check: 0 error(s), 2 warning(s)\n");
}

#[test]
fn text_stays_on_stderr_and_bad_flags_are_usage_errors() {
    let book = small_book();
    let run = check(book.root(), &["--format", "text"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("src/adr/0002-two.md:1: warning[adr-missing-date]"),
        "{}",
        run.stderr
    );
    let run = check(book.root(), &["--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("invalid value 'xml' for '--format <FORMAT>': the formats are text, json, github"),
        "{}",
        run.stderr
    );
    assert_eq!(check(book.root(), &["--baseline"]).code, 2);
    let run = check(book.root(), &["--baseline", "no-such-baseline.json"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("reading baseline no-such-baseline.json"),
        "{}",
        run.stderr
    );
}

/// Write a baseline, add a problem (only it fails), move the old ones down
/// (still accepted), fix one (reported as stale, as information).
#[test]
fn a_baseline_round_trip() {
    let book = small_book();
    let baseline = book.root().join("baseline.json");
    let baseline_arg = baseline.to_string_lossy().into_owned();
    let run = check(book.root(), &["--deny-warnings", "--write-baseline", &baseline_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "mdbook-handbook check: wrote 2 diagnostic(s) to the baseline {baseline_arg}\n\
             src/adr/0001-one.md:3: info[adr-one-way-link]: ADR-1 says `Superseded by ADR-2`, but adr/0002-two.md \
             does not say `Supersedes ADR-1`; both cards show it\n\
             mdbook-handbook check: 0 error(s), 0 warning(s) (2 in the baseline)\n"
        )
    );
    let written = std::fs::read_to_string(&baseline).unwrap_or_default();
    assert_eq!(
        written,
        format!(
            r#"{{
  "schema": 1,
  "generator": "mdbook-handbook check --write-baseline",
  "diagnostics": [
    {{
      "code": "adr-missing-date",
      "path": "src/adr/0002-two.md",
      "message": "this ADR has no date (`Date: 2024-01-15`)",
      "count": 1
    }},
    {{
      "code": "status-review-overdue",
      "path": "src/{GUIDE}",
      "message": "`Guide, 100% done` was due for review on 2020-07-01",
      "count": 1
    }}
  ]
}}
"#
        )
    );

    // A new problem, and lines inserted above the baselined ones.
    let adr_dir = book.root().join("src/adr");
    std::fs::write(
        adr_dir.join("0002-two.md"),
        "\n\n# 2. Two\n\nStatus: Accepted\n\nSupersedes ADR 1.\n",
    )
    .unwrap();
    std::fs::write(
        adr_dir.join("0001-one.md"),
        "# 1. One\n\nStatus: Superseded by ADR 2\n\nText.\n",
    )
    .unwrap();
    let run = check(book.root(), &["--deny-warnings", "--baseline", &baseline_arg]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "src/adr/0001-one.md:1: warning[adr-missing-date]: this ADR has no date (`Date: 2024-01-15`)\n\
         src/adr/0001-one.md:3: info[adr-one-way-link]: ADR-1 says `Superseded by ADR-2`, but adr/0002-two.md does \
         not say `Supersedes ADR-1`; both cards show it\n\
         mdbook-handbook check: 0 error(s), 1 warning(s) (2 in the baseline)\n"
    );
    let report = parse(&check(book.root(), &["--baseline", &baseline_arg, "--format", "json"]));
    assert_conforms(&report);
    let flags: Vec<(String, bool)> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                format!("{}:{}", d["path"].as_str().unwrap_or("?"), d["line"]),
                d["baselined"] == true,
            )
        })
        .collect();
    assert!(flags.contains(&("src/adr/0002-two.md:3".to_owned(), true)), "{flags:?}");
    assert!(
        flags.contains(&("src/adr/0001-one.md:1".to_owned(), false)),
        "{flags:?}"
    );
    let run = check(
        book.root(),
        &["--deny-warnings", "--baseline", &baseline_arg, "--format", "github"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with(&format!(
            "::warning file={}/src/adr/0001-one.md,line=1,title=adr-missing-date::",
            dir(book.root())
        )) && !run.stdout.contains("0002-two.md,line"),
        "{}",
        run.stdout
    );

    // Fix the new problem and one baselined one: the baseline's entry is stale.
    std::fs::write(
        adr_dir.join("0001-one.md"),
        "# 1. One\n\nStatus: Superseded by ADR 2\nDate: 2024-01-01\n",
    )
    .unwrap();
    std::fs::write(
        adr_dir.join("0002-two.md"),
        "# 2. Two\n\nStatus: Accepted\nDate: 2024-02-01\n\nSupersedes ADR 1.\n",
    )
    .unwrap();
    let run = check(book.root(), &["--deny-warnings", "--baseline", &baseline_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "src/adr/0001-one.md:3: info[adr-one-way-link]: ADR-1 says `Superseded by ADR-2`, but adr/0002-two.md \
             does not say `Supersedes ADR-1`; both cards show it\n\
             src/adr/0002-two.md: info[baseline-stale]: baseline entry no longer found: [adr-missing-date] this ADR \
             has no date (`Date: 2024-01-15`); remove it from {baseline_arg} or rewrite it with --write-baseline\n\
             mdbook-handbook check: 0 error(s), 0 warning(s) (1 in the baseline)\n"
        )
    );
}

/// A diagnostic that comes from real git (a shallow clone, made with the
/// `git` program) is reported by its capability in every format, and a
/// baseline accepts it like any other.
#[test]
fn a_git_diagnostic_of_the_changelog_is_reported_and_baselined_like_the_rest() {
    let mut book = TestBook::new();
    book.toml("[preprocessor.handbook]\nafter = [\"links\"]\nonly = [\"changelog\"]\n");
    book.chapter(0, "Page", "page.md", "# Page\n\n{{#changelog git}}\n");
    book.load();
    let origin = book.root().to_path_buf();
    let origin = origin.as_path();
    harness::git_as(origin, "A", "a@example.com", &["init", "-q"]);
    harness::git_as(origin, "A", "a@example.com", &["add", "."]);
    harness::git_as(origin, "A", "a@example.com", &["commit", "-q", "-m", "one"]);
    book.file("src/page.md", "# Page\n\n{{#changelog git}}\n\nMore.\n");
    harness::git_as(origin, "A", "a@example.com", &["commit", "-q", "-a", "-m", "two"]);
    let parent = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.display());
    harness::git_as(
        parent.path(),
        "A",
        "a@example.com",
        &["clone", "-q", "--depth", "1", &url, "clone"],
    );
    let clone = parent.path().join("clone");

    let message = "the repository is a shallow clone, so page histories stop at the clone's depth and pages look \
                   recently changed; fetch the full history before building: `fetch-depth: 0` for actions/checkout \
                   in GitHub Actions, `GIT_DEPTH: 0` in GitLab CI, or `git fetch --unshallow` (`shallow-clone = \
                   \"info\"` in book.toml quiets this)";
    let run = check(&clone, &["--format", "github"]);
    assert_eq!(
        run.stdout,
        format!("::warning file=clone/src/page.md,line=3,title=changelog-shallow-clone::{message}\n")
    );
    let report = parse(&check(&clone, &["--format", "json"]));
    assert_conforms(&report);
    assert_eq!(report["diagnostics"][0]["capability"], "changelog", "{report:#}");
    assert_eq!(report["diagnostics"][0]["message"], message, "{report:#}");

    let baseline = parent.path().join("baseline.json").to_string_lossy().into_owned();
    assert_eq!(
        check(&clone, &["--deny-warnings", "--write-baseline", &baseline]).code,
        0
    );
    let run = check(&clone, &["--deny-warnings", "--baseline", &baseline]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "mdbook-handbook check: 0 error(s), 0 warning(s) (1 in the baseline)\n"
    );
    // The full history has no such warning: the entry is stale there.
    let run = check(origin, &["--deny-warnings", "--baseline", &baseline]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "src/page.md: info[baseline-stale]: baseline entry no longer found: [changelog-shallow-clone]"
        ),
        "{}",
        run.stderr
    );
}

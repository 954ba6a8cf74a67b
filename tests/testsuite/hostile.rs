//! The hostile and broken input corpus (issue #9): every folder under
//! `tests/hostile/` is a small book built by the real `mdbook` 0.5 binary with
//! the suite's built preprocessors. Each case must produce exactly the
//! diagnostics in its `expected.txt`, and no built page may hold an element or
//! attribute the suite did not mean to write: every page is read by html5ever's
//! tokenizer, not by string search. How to add a case: `tests/hostile/README.md`.
//!
//! `BLESS=1 cargo test --test testsuite hostile` rewrites each `expected.txt` from the
//! run; read every rewritten file before keeping it.

mod every_field;

use crate::harness;
use crate::page_scan;

use harness::TestBook;
use page_scan::check_pages;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One `#[test]` per case folder, so cases run in parallel and fail by name.
macro_rules! cases {
    ($($test:ident => $folder:literal,)*) => {
        $(#[test] fn $test() { run_case($folder); })*
        const CASES: &[&str] = &[$($folder),*];
    };
}

cases! {
    inject_adr => "inject-adr",
    inject_status => "inject-status",
    inject_glossary => "inject-glossary",
    inject_changelog => "inject-changelog",
    inject_diagrams => "inject-diagrams",
    path_changelog => "path-changelog",
    path_glossary => "path-glossary",
    path_adr => "path-adr",
    diagram_timeout => "diagram-timeout",
    diagram_plantuml_timeout => "diagram-plantuml-timeout",
    diagram_plantuml_loop => "diagram-plantuml-loop",
    diagram_files_and_network => "diagram-files-and-network",
    diagram_secrets => "diagram-secrets",
    diagram_built_includes => "diagram-built-includes",
    encodings => "encodings",
    config_adr => "config-adr",
    config_status => "config-status",
    config_changelog => "config-changelog",
    config_glossary => "config-glossary",
    config_diagrams => "config-diagrams",
    config_links => "config-links",
    lines_below_a_card => "lines-below-a-card",
    git_corrupt_head => "git-corrupt-head",
    path_drift_links => "path-drift-links",
    glossary_urls => "glossary-urls",
    deep_summary => "deep-summary",
    deep_summary_past_mdbook => "deep-summary-past-mdbook",
    blank_line_values => "blank-line-values",
    script_url_spellings => "script-url-spellings",
    diagram_cache_poisoned => "diagram-cache-poisoned",
    diagram_cache_unwritable => "diagram-cache-unwritable",
    diagram_runaway_output => "diagram-runaway-output",
    inject_c4 => "inject-c4",
}

/// A folder under tests/hostile/ that no test runs would pass vacuously: refuse it.
#[test]
fn every_case_folder_is_listed() {
    let mut folders: Vec<String> = std::fs::read_dir(corpus())
        .unwrap_or_else(|e| panic!("{}: {e}", corpus().display()))
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| (*c).to_owned()).collect();
    listed.sort();
    assert_eq!(folders, listed, "add each case folder to `cases!` in tests/hostile.rs");
}

/// `case.toml`: what a case needs besides its files. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Case {
    /// `"fails"` when mdBook must exit non-zero (errors), else the build must succeed.
    build: Option<String>,
    /// Upper bound on the build's wall time (cases about timeouts).
    max_seconds: Option<u64>,
    /// Commits made, in order, in a fresh git repository in the copy.
    git: Vec<Commit>,
    /// Symbolic links made in the copy (a repository should not carry links out of itself).
    symlink: Vec<Symlink>,
    /// After the commits, the object HEAD names is deleted: a damaged repository.
    corrupt_head: bool,
    /// Text each page must show (decoded text, or a `title`/`alt`/`aria-label`
    /// value): the hostile string is displayed, not dropped.
    shows: Vec<Shows>,
    /// Builds of the same book with book.toml changed; each has its own diagnostics.
    variant: Vec<Variant>,
    /// Folders of the copy put first on PATH for the build and `check`
    /// (stand-in programs the case ships, such as a `dot` that writes without end).
    path: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Commit {
    author: String,
    #[serde(default = "default_email")]
    email: String,
    message: String,
}

fn default_email() -> String {
    "author@example.com".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Symlink {
    path: String,
    target: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Shows {
    pub(crate) page: String,
    pub(crate) text: Vec<String>,
    /// Text that must stand in one text node: no element the suite inserted splits it.
    #[serde(default)]
    pub(crate) whole: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Variant {
    /// What the variant breaks, for the failure message.
    what: String,
    /// Merged into book.toml (tables merge, values replace).
    set: toml::Table,
    expected: Vec<String>,
}

fn corpus() -> PathBuf {
    harness::repo_root().join("tests/hostile")
}

fn bless() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v != "0")
}

fn run_case(name: &str) {
    let folder = corpus().join(name);
    let case: Case = match std::fs::read_to_string(folder.join("case.toml")) {
        Ok(text) => toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/case.toml: {e}")),
        Err(_) => Case::default(),
    };
    if case.variant.is_empty() {
        let expected_path = folder.join("expected.txt");
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|e| {
            if bless() {
                String::new()
            } else {
                panic!("{name}: every case needs an expected.txt (empty when no diagnostic is expected): {e}")
            }
        });
        let run = build(&folder, &case, None);
        if bless() {
            let mut text = run.diagnostics.join("\n");
            if !text.is_empty() {
                text.push('\n');
            }
            std::fs::write(&expected_path, text).unwrap();
        } else {
            compare(name, &run, &expected.lines().collect::<Vec<_>>());
        }
        check_outcome(name, &case, &run);
        check_pages(name, &run.out, &case.shows);
        if !bless() {
            let check = check_command(&run);
            compare(
                &format!("{name} (mdbook-handbook check)"),
                &check,
                &expected.lines().collect::<Vec<_>>(),
            );
        }
    } else {
        for variant in &case.variant {
            let label = format!("{name} ({})", variant.what);
            let run = build(&folder, &case, Some(&variant.set));
            let expected: Vec<&str> = variant.expected.iter().map(String::as_str).collect();
            if bless() {
                eprintln!("{label}: {:#?}", run.diagnostics);
            }
            compare(&label, &run, &expected);
            let fails = expected.iter().any(|e| e.contains(": error["));
            assert_eq!(run.succeeded, !fails, "{label}: exit status\n{}", run.stderr);
            let check = check_command(&run);
            compare(&format!("{label} (mdbook-handbook check)"), &check, &expected);
            assert_eq!(
                check.succeeded, !fails,
                "{label}: exit status of check\n{}",
                check.stderr
            );
        }
    }
}

/// What one `mdbook build` left: diagnostics (book paths shown as `$BOOK`) and the HTML folder.
struct Run {
    diagnostics: Vec<String>,
    stderr: String,
    succeeded: bool,
    elapsed: Duration,
    out: PathBuf,
    /// The PATH the build ran with (`check` runs with the same).
    path: std::ffi::OsString,
    _book: TestBook,
}

fn build(folder: &Path, case: &Case, set: Option<&toml::Table>) -> Run {
    let mut book = TestBook::copy_of(folder);
    for file in ["case.toml", "expected.txt"] {
        let _ = std::fs::remove_file(book.root().join(file));
    }
    if let Some(set) = set {
        let path = book.root().join("book.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("book.toml: {e}"));
        merge(&mut table, set);
        std::fs::write(&path, toml::to_string(&table).unwrap()).unwrap();
    }
    book.with_suite_binaries();
    for link in &case.symlink {
        let at = book.root().join(&link.path);
        if let Some(parent) = at.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        handbook_core::platform::symlink_file(&link.target, &at)
            .unwrap_or_else(|e| panic!("symlink {}: {e}", at.display()));
    }
    for (i, commit) in case.git.iter().enumerate() {
        if i == 0 {
            git(book.root(), commit, &["init", "-q"]);
        }
        git(book.root(), commit, &["add", "-A"]);
        git(
            book.root(),
            commit,
            &["commit", "-q", "--allow-empty", "-m", &commit.message],
        );
    }
    if case.corrupt_head {
        let out = Command::new("git")
            .args(["rev-parse", "HEAD"])
            .current_dir(book.root())
            .output()
            .unwrap_or_else(|e| panic!("git: {e}"));
        let head = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        assert_eq!(head.len(), 40, "corrupt_head needs a [[git]] commit");
        let object = book.root().join(".git/objects").join(&head[..2]).join(&head[2..]);
        std::fs::remove_file(&object).unwrap_or_else(|e| panic!("{}: {e}", object.display()));
    }
    let started = Instant::now();
    let output = Command::new(mdbook())
        .arg("build")
        .current_dir(book.root())
        .env("PATH", search_path(book.root(), &case.path))
        .env("MDBOOK_HANDBOOK_TODAY", "2026-01-31")
        .env("HB_SECRET_MARKER", SECRET_MARKER)
        .env_remove("MDBOOK_HANDBOOK_DENY_WARNINGS")
        .output()
        .unwrap_or_else(|e| panic!("running mdbook: {e}"));
    let elapsed = started.elapsed();
    assert_no_secret(folder, book.root());
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    harness::assert_link_reports_hold(book.root(), &stderr);
    let left = processes_left_in(book.root());
    assert!(
        left.is_empty(),
        "{}: programs still running in the book after the build (a timeout must kill them all): {left:?}",
        folder.display()
    );
    let root = book.root().display().to_string();
    let real_root = book
        .root()
        .canonicalize()
        .map_or_else(|_| root.clone(), |p| p.display().to_string());
    let diagnostics = stderr
        .lines()
        .filter(|l| is_diagnostic(l))
        .map(|l| {
            without_program_prefix(l)
                .replace(&real_root, "$BOOK")
                .replace(&root, "$BOOK")
        })
        .collect();
    eprintln!(
        "{}: mdbook build took {:.2} s",
        folder.file_name().unwrap_or_default().to_string_lossy(),
        elapsed.as_secs_f64()
    );
    Run {
        diagnostics,
        succeeded: output.status.success(),
        stderr,
        elapsed,
        out: book.root().join("book"),
        path: search_path(book.root(), &case.path),
        _book: book,
    }
}

/// PATH with the case's folders of the copy in front.
fn search_path(root: &Path, folders: &[String]) -> std::ffi::OsString {
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let front = folders.iter().map(|f| root.join(f));
    std::env::join_paths(front.chain(std::env::split_paths(&inherited))).unwrap_or_else(|e| panic!("PATH: {e}"))
}

/// Processes whose working directory is inside `root` (diagram programs run in
/// the chapter's folder), given a moment to exit after a kill. Linux `/proc`.
fn processes_left_in(root: &Path) -> Vec<String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut left = Vec::new();
    for _ in 0..20 {
        left = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit()))
            .filter(|e| std::fs::read_link(e.path().join("cwd")).is_ok_and(|cwd| cwd.starts_with(&root)))
            .map(|e| {
                let cmdline = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
                format!(
                    "{}: {}",
                    e.file_name().to_string_lossy(),
                    String::from_utf8_lossy(&cmdline).replace('\0', " ")
                )
            })
            .collect();
        if left.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    left
}

/// The value of a build secret every case's build has in its environment
/// (`HB_SECRET_MARKER`), and that the `diagram-secrets` case also keeps in
/// files the book does not share (`.env`, a dot-folder, the cache folder).
const SECRET_MARKER: &str = "hb-secret-value-7f3a91";

/// No page and no cache entry holds the secret: not through an environment
/// function of a diagram program, not through an include of a private file.
fn assert_no_secret(case: &Path, root: &Path) {
    let mut stack = vec![root.join("book"), root.join(".handbook-cache")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            // mdBook itself copies every file of `src/` (dot-folders too) beside the pages: only pages count.
            let page_or_cache = !path.starts_with(root.join("book")) || path.extension().is_some_and(|e| e == "html");
            if path.is_dir() {
                stack.push(path);
            } else if page_or_cache
                && std::fs::read(&path).is_ok_and(|b| String::from_utf8_lossy(&b).contains(SECRET_MARKER))
            {
                panic!("{}: the build secret reached {}", case.display(), path.display());
            }
        }
    }
}

/// Info codes only `mdbook-handbook check` prints.
const CHECK_ONLY: &[&str] = &["info[glossary-terms]", "info[front-matter-unread]"];

/// `mdbook-handbook check` over the same copy: CI's validation must report
/// exactly what the build reported.
fn check_command(run: &Run) -> Run {
    let root = run._book.root();
    let output = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .arg("check")
        .arg(root)
        .env("PATH", &run.path)
        .env("MDBOOK_HANDBOOK_TODAY", "2026-01-31")
        .env_remove("MDBOOK_HANDBOOK_DENY_WARNINGS")
        .output()
        .unwrap_or_else(|e| panic!("running mdbook-handbook check: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let shown = root.display().to_string();
    let real = root
        .canonicalize()
        .map_or_else(|_| shown.clone(), |p| p.display().to_string());
    Run {
        // `check` also says what it read (terms per glossary, front matter keys
        // nothing reads); a build has no such summary.
        diagnostics: stderr
            .lines()
            .filter(|l| is_diagnostic(l) && !CHECK_ONLY.iter().any(|code| l.contains(code)))
            .map(|l| l.replace(&real, "$BOOK").replace(&shown, "$BOOK"))
            .collect(),
        succeeded: output.status.success(),
        stderr,
        elapsed: Duration::ZERO,
        out: PathBuf::new(),
        path: run.path.clone(),
        _book: TestBook::new(),
    }
}

fn merge(into: &mut toml::Table, from: &toml::Table) {
    for (key, value) in from {
        match (into.get_mut(key), value) {
            (Some(toml::Value::Table(a)), toml::Value::Table(b)) => merge(a, b),
            _ => {
                into.insert(key.clone(), value.clone());
            }
        }
    }
}

/// A config error leaves the binary as `error: mdbook-handbook: book.toml: error[config]: ...`;
/// the diagnostic is what follows the program's name.
fn without_program_prefix(line: &str) -> &str {
    line.strip_prefix("error: mdbook-handbook: ").unwrap_or(line)
}

/// `path:line: level[code]: message`, `path: level[...]` or `level[...]` (mdBook's own lines are `ERROR ...`).
fn is_diagnostic(line: &str) -> bool {
    ["info[", "warning[", "error["].iter().any(|level| {
        line.match_indices(level)
            .any(|(i, _)| i == 0 || line[..i].ends_with(": "))
    })
}

/// The real mdBook 0.5 binary.
fn mdbook() -> String {
    harness::mdbook_binary()
}

fn git(dir: &Path, commit: &Commit, args: &[&str]) {
    harness::git_as(dir, &commit.author, &commit.email, args);
}

/// Exactly the expected diagnostics, in any order. An expected line is the
/// start of a diagnostic up to its `]`, optionally followed by `: text` that
/// the message must contain.
fn compare(label: &str, run: &Run, expected: &[&str]) {
    let mut unmatched: Vec<&String> = run.diagnostics.iter().collect();
    let mut missing = Vec::new();
    for want in expected.iter().map(|l| l.trim_end()).filter(|l| !l.is_empty()) {
        let (head, text) = match want.find(']') {
            Some(i) => (&want[..=i], want[i + 1..].strip_prefix(": ").unwrap_or(&want[i + 1..])),
            None => (want, ""),
        };
        let found = unmatched.iter().position(|got| {
            got.strip_prefix(head)
                .is_some_and(|rest| rest.is_empty() || (rest.starts_with(": ") && rest.contains(text)))
        });
        match found {
            Some(i) => {
                unmatched.remove(i);
            }
            None => missing.push(want),
        }
    }
    assert!(
        missing.is_empty() && unmatched.is_empty(),
        "{label}: diagnostics differ\n  expected, not produced:\n    {}\n  produced, not expected:\n    {}\n\
         (BLESS=1 rewrites expected.txt)\nstderr:\n{}",
        missing.join("\n    "),
        unmatched.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n    "),
        run.stderr
    );
}

fn check_outcome(label: &str, case: &Case, run: &Run) {
    let must_fail = case.build.as_deref() == Some("fails");
    assert_eq!(
        run.succeeded,
        !must_fail,
        "{label}: mdbook build {} but should have {}\n{}",
        if run.succeeded { "succeeded" } else { "failed" },
        if must_fail { "failed" } else { "succeeded" },
        run.stderr
    );
    if let Some(max) = case.max_seconds {
        assert!(
            run.elapsed <= Duration::from_secs(max),
            "{label}: the build took {:.1} s, more than {max} s",
            run.elapsed.as_secs_f64()
        );
    }
}

/// The leftover-process check sees a program still running in the book.
#[test]
fn the_process_check_finds_a_program_left_running() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new("sleep").arg("30").current_dir(dir.path()).spawn().unwrap();
    let left = processes_left_in(dir.path());
    let _ = child.kill();
    let _ = child.wait();
    assert!(left.iter().any(|p| p.contains("sleep 30")), "{left:?}");
    assert!(processes_left_in(dir.path()).is_empty());
}

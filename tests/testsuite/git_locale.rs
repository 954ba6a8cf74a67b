//! Git in another language: every git-dependent path of the suite (the
//! change log's history, ADR dates from git, a repository with no commit, a
//! book outside any repository) under German and Chinese locales (Debian's
//! git has no Japanese messages), with a git that really translates them. The suite runs git in the C
//! locale and reads exit codes and porcelain output, so the results are
//! those of an English machine.
//!
//! Fails, never skips, when a locale is not installed (`.ci/run` generates
//! them with Debian's `locales`) or no git on PATH translates (one built
//! without gettext would prove nothing).

use crate::harness;

use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;

const LOCALES: &[(&str, &str)] = &[("de_DE.UTF-8", "de"), ("zh_CN.UTF-8", "zh_CN")];

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn commit_at(repo: &Path, date: &str, message: &str) {
    let out = Command::new("git")
        .args(["-c", "user.name=Ana", "-c", "user.email=ana@example.com"])
        .args(["-c", "commit.gpgSign=false", "commit", "-q", "-m", message])
        .current_dir(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .unwrap_or_else(|e| panic!("these tests need the `git` program: {e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The folder of a `git` on PATH whose messages come out in `locale`.
fn translating_git(locale: &str, language: &str) -> PathBuf {
    let listed = Command::new("locale")
        .arg("-a")
        .output()
        .unwrap_or_else(|e| panic!("`locale -a`: {e}"));
    let listed = String::from_utf8_lossy(&listed.stdout).to_lowercase();
    let wanted = locale.to_lowercase().replace("utf-8", "utf8");
    assert!(
        listed.lines().any(|l| l.trim() == wanted),
        "locale {locale} is not installed (`localedef -i {} -f UTF-8 {locale}`, see .ci/run); installed: {listed}",
        locale.split('.').next().unwrap_or_default()
    );
    let empty = tempfile::tempdir().unwrap();
    let message = |git: &Path, lc: &str| {
        let out = Command::new(git)
            .args(["log", "-1"])
            .current_dir(empty.path())
            .env(
                "GIT_CEILING_DIRECTORIES",
                empty.path().parent().unwrap_or(Path::new("/")),
            )
            .env("LC_ALL", lc)
            .env("LANGUAGE", if lc == "C" { "" } else { language })
            .output()
            .unwrap_or_else(|e| panic!("{}: {e}", git.display()));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("git"))
        .filter(|git| git.is_file())
        .find(|git| {
            let english = message(git, "C");
            !english.is_empty() && message(git, locale) != english
        })
        .and_then(|git| git.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| panic!("no git on PATH translates its messages into {locale}: install Debian's git"))
}

/// Runs `program args` in `dir` with the machine speaking `locale`, and
/// the translating git first on PATH.
fn in_locale(
    program: &Path,
    args: &[&str],
    dir: &Path,
    locale: (&str, &str),
    stdin: Option<&str>,
) -> (bool, String, String) {
    let git_dir = translating_git(locale.0, locale.1);
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(git_dir).chain(std::env::split_paths(&path))).unwrap();
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("LANG", locale.0)
        .env("LC_ALL", locale.0)
        .env("LANGUAGE", locale.1)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    if let (Some(text), Some(mut input)) = (stdin, child.stdin.take()) {
        use std::io::Write as _;
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const BOOK_TOML: &str =
    "[book]\ntitle = \"T\"\n\n[preprocessor.handbook]\nafter = [\"links\"]\nonly = [\"adr\", \"changelog\"]\n";
const SUMMARY: &str = "# Summary\n\n- [Page](page.md)\n- [Decisions](adr/README.md)\n    - [One](adr/0001-one.md)\n";

/// repo/book: a page with a git change log, an ADR with no date committed
/// on 2025-03-04 and changed on 2025-06-07.
fn repository() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    harness::git_as(repo, "Ana", "ana@example.com", &["init", "-q"]);
    let book = repo.join("book");
    write(&book.join("book.toml"), BOOK_TOML);
    write(&book.join("src/SUMMARY.md"), SUMMARY);
    write(&book.join("src/page.md"), "# Page\n\n{{#changelog git}}\n");
    write(&book.join("src/adr/README.md"), "# Decisions\n\n{{#adr-index}}\n");
    write(&book.join("src/adr/0001-one.md"), "# 1. One\n\n## Status\n\nAccepted\n");
    harness::git_as(repo, "Ana", "ana@example.com", &["add", "."]);
    commit_at(repo, "2025-03-04T10:00:00+00:00", "Add ADR 1");
    write(
        &book.join("src/adr/0001-one.md"),
        "# 1. One\n\n## Status\n\nAccepted\n\nMore context.\n",
    );
    harness::git_as(repo, "Ana", "ana@example.com", &["add", "."]);
    commit_at(repo, "2025-06-07T10:00:00+00:00", "Explain ADR 1");
    tmp
}

fn check(book: &Path, locale: (&str, &str)) -> String {
    let cli = Path::new(env!("CARGO_BIN_EXE_mdbook-handbook"));
    let (ok, _, err) = in_locale(cli, &["check", "--verbose"], book, locale, None);
    assert!(ok, "check failed under {}: {err}", locale.0);
    err
}

/// The ADR's card as mdbook-handbook-adr writes it, run over the protocol.
fn adr_card(book: &Path, locale: (&str, &str), date_source: &str) -> String {
    let read = |p: &str| std::fs::read_to_string(book.join("src").join(p)).unwrap_or_default();
    let chapter = |name: &str, path: &str| {
        json!({"Chapter": {"name": name, "content": read(path), "number": null, "sub_items": [],
               "path": path, "source_path": path, "parent_names": []}})
    };
    let input = json!([
        {"root": book, "renderer": "html", "mdbook_version": "0.5.4",
         "config": {"book": {"src": "src"}, "preprocessor": {"handbook": {"adr": {"date-source": date_source}}}}},
        {"items": [chapter("Decisions", "adr/README.md"), chapter("One", "adr/0001-one.md")]}
    ]);
    let adr = harness::suite_binary();
    let (ok, out, err) = in_locale(&adr, &[], book, locale, Some(&input.to_string()));
    assert!(ok, "{err}");
    let book: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    format!("{}\n{err}", book["items"][1]["Chapter"]["content"])
}

#[test]
fn git_paths_read_the_same_in_german_and_chinese() {
    let repo = repository();
    let book = repo.path().join("book");
    for &locale in LOCALES {
        let err = check(&book, locale);
        for code in [
            "adr-missing-date",
            "adr-no-git",
            "changelog-git-failed",
            "changelog-no-git",
        ] {
            assert!(!err.contains(code), "{}: {err}", locale.0);
        }
        assert!(err.contains("0 error(s), 0 warning(s)"), "{}: {err}", locale.0);

        let card = adr_card(&book, locale, "file-or-git-added");
        assert!(card.contains("datetime=\\\"2025-03-04\\\""), "{}: {card}", locale.0);
        let card = adr_card(&book, locale, "git-modified");
        assert!(card.contains("datetime=\\\"2025-06-07\\\""), "{}: {card}", locale.0);
        let card = adr_card(&book, locale, "file");
        assert!(!card.contains("datetime="), "{}: {card}", locale.0);
    }
}

#[test]
fn no_commit_yet_and_no_repository_are_told_apart_in_german() {
    let locale = LOCALES[0];
    // A repository with no commit: nothing to show, nothing failed.
    let tmp = tempfile::tempdir().unwrap();
    harness::git_as(tmp.path(), "Ana", "ana@example.com", &["init", "-q"]);
    let book = tmp.path().join("book");
    write(&book.join("book.toml"), BOOK_TOML);
    write(&book.join("src/SUMMARY.md"), SUMMARY);
    write(&book.join("src/page.md"), "# Page\n\n{{#changelog git}}\n");
    write(&book.join("src/adr/README.md"), "# Decisions\n");
    write(
        &book.join("src/adr/0001-one.md"),
        "# 1. One\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n",
    );
    let err = check(&book, locale);
    assert!(
        !err.contains("changelog-git-failed") && !err.contains("changelog-no-git"),
        "{err}"
    );

    // Outside any repository: the change log says so, in its own words.
    let outside = tempfile::tempdir().unwrap();
    let book = outside.path().join("book");
    write(&book.join("book.toml"), BOOK_TOML);
    write(&book.join("src/SUMMARY.md"), SUMMARY);
    write(&book.join("src/page.md"), "# Page\n\n{{#changelog git}}\n");
    write(&book.join("src/adr/README.md"), "# Decisions\n");
    write(&book.join("src/adr/0001-one.md"), "# 1. One\n\n## Status\n\nAccepted\n");
    let cli = Path::new(env!("CARGO_BIN_EXE_mdbook-handbook"));
    let (_, _, err) = in_locale(cli, &["check", "--verbose"], &book, locale, None);
    assert!(
        err.contains("warning[changelog-no-git]") && err.contains("not inside a git repository"),
        "{err}"
    );
    assert!(
        !err.contains("changelog-git-failed") && !err.contains("adr-no-git"),
        "{err}"
    );
    assert!(err.contains("warning[adr-missing-date]"), "{err}");
}

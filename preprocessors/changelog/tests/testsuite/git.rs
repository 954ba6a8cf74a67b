//! Git history from throwaway repositories with known histories: fixed
//! dates and identities, the machine's git config shut out, a rename, a
//! .mailmap, a shallow clone, and a book outside any repository.
//! These tests need the real `git` and fail (never skip) without it.

use handbook_changelog::ChangelogPreprocessor;
use handbook_changelog::git::{self, GitOptions, GitProblem, History};
use handbook_core::protocol::{self, Context, Outcome};
use handbook_core::{Level, ProtocolBook};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn git(dir: &Path, args: &[&str], who: (&str, &str), date: &str) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Committer", "-c", "user.email=committer@example.com"])
        .args(["-c", "init.defaultBranch=main", "-c", "commit.gpgSign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .unwrap_or_else(|e| panic!("the change-log tests need the `git` program: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const ANA_OLD: (&str, &str) = ("ana", "ana.old@example.com");
const ANA: (&str, &str) = ("Ana Lima", "ana@example.com");
const BO: (&str, &str) = ("Bo \"Chen\" & Co", "bo@example.com");

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// repo/.mailmap, repo/notes.txt, repo/book/src/{README,old-name→new-name,other}.md
fn known_repository() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    let src = repo.join("book/src");
    git(repo, &["init", "-q"], ANA, "2024-01-01T09:00:00+00:00");
    write(
        &repo.join(".mailmap"),
        "Ana Lima <ana@example.com> <ana.old@example.com>\n",
    );
    write(&repo.join("notes.txt"), "outside the book\n");
    write(&src.join("README.md"), "# Intro\n\n{{#changelog git}}\n");
    write(&src.join("old-name.md"), "# Payments\n");
    write(&src.join("other.md"), "# Other\n");
    let commit = |who, date: &str, message: &str| {
        git(repo, &["add", "-A"], who, date);
        git(repo, &["commit", "-q", "-m", message], who, date);
    };
    commit(ANA_OLD, "2024-01-01T09:00:00+00:00", "Start the handbook");
    write(&src.join("old-name.md"), "# Payments\n\nThe ledger.\n");
    commit(BO, "2024-02-01T10:00:00+01:00", "Describe payments");
    git(
        repo,
        &["mv", "book/src/old-name.md", "book/src/new-name.md"],
        ANA,
        "2024-03-01T00:00:00Z",
    );
    commit(ANA, "2024-03-01T11:00:00+00:00", "Rename payments page");
    write(&src.join("README.md"), "# Intro\n\nFixed.\n\n{{#changelog git}}\n");
    commit(
        BO,
        "2024-04-01T12:00:00-05:00",
        "Fix <b>typo</b> & \"quotes\" in README",
    );
    write(&repo.join("notes.txt"), "still outside\n");
    commit(ANA, "2024-05-01T12:00:00+00:00", "Touch notes outside the book");
    tmp
}

fn options(follow_renames: bool) -> GitOptions {
    GitOptions {
        follow_renames,
        timeout: Duration::from_secs(30),
    }
}

fn subjects(h: &History, page: &str) -> Vec<String> {
    h.for_source(Path::new(page)).map(|c| c.subject.clone()).collect()
}

#[test]
fn one_pass_maps_pages_follows_renames_and_honours_the_mailmap() {
    let tmp = known_repository();
    let book = tmp.path().join("book");
    let h = git::load(&book, Path::new("src"), options(true)).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!h.shallow);
    assert_eq!(h.commits.len(), 4, "the commit outside the book's sources is not read");
    assert_eq!(
        subjects(&h, "README.md"),
        ["Fix <b>typo</b> & \"quotes\" in README", "Start the handbook"]
    );
    assert_eq!(
        subjects(&h, "new-name.md"),
        ["Rename payments page", "Describe payments", "Start the handbook"]
    );
    let first = h
        .for_source(Path::new("README.md"))
        .last()
        .cloned()
        .unwrap_or_else(|| panic!("no commit"));
    assert_eq!(
        (first.author.as_str(), first.date.as_str()),
        ("Ana Lima", "2024-01-01T09:00:00Z")
    );
    let h = git::load(&book, Path::new("src"), options(false)).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(subjects(&h, "new-name.md"), ["Rename payments page"]);
    assert_eq!(
        subjects(&h, "old-name.md"),
        ["Rename payments page", "Describe payments", "Start the handbook"]
    );
}

#[test]
fn a_shallow_clone_is_detected() {
    let tmp = known_repository();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", tmp.path().display());
    let target = clone.path().join("c");
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "c"],
        ANA,
        "2024-06-01T00:00:00Z",
    );
    let h = git::load(&target.join("book"), Path::new("src"), options(true)).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(h.shallow);
    assert_eq!(h.commits.len(), 1);
    let out = process(&target.join("book"), json!({}), &[readme()]);
    let shallow: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.code == "changelog-shallow-clone")
        .collect();
    assert_eq!(shallow.len(), 1);
    assert_eq!(shallow[0].level, Level::Warning);
    assert!(shallow[0].message.contains("fetch-depth: 0") && shallow[0].message.contains("git fetch --unshallow"));
    let out = process(&target.join("book"), json!({"shallow-clone": "info"}), &[readme()]);
    assert_eq!(out.diagnostics.count(Level::Warning), 0);
    assert_eq!(out.diagnostics.count(Level::Info), 1);
}

#[test]
fn outside_a_repository_one_warning_and_the_other_sources_still_work() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(
        git::load(tmp.path(), Path::new("."), options(true)).err(),
        Some(GitProblem::NotARepository)
    );
    let page = "---\nchangelog:\n  - version: 1.0.0\n    date: 2024-01-01\n    changes: First\n---\n# P\n\n{{#changelog}}\n\n{{#changelog git}}\n";
    let out = process(
        tmp.path(),
        json!({}),
        &[
            chapter("P", "p.md", "p.md", page),
            readme(),
            chapter("R", "r.md", "r.md", "{{#changelog recent 5}}\n"),
        ],
    );
    let diags: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].starts_with("src/p.md:11: warning[changelog-no-git]"),
        "{diags:?}"
    );
    let p = content(&out, 0);
    assert!(
        p.contains("<td>First</td>") && p.contains("No git history is available for this build."),
        "{p}"
    );
    assert!(content(&out, 2).contains("p.html"), "recent still lists page entries");
    let out = process(tmp.path(), json!({"outside-git": "info"}), &[readme()]);
    assert_eq!(
        (
            out.diagnostics.count(Level::Warning),
            out.diagnostics.count(Level::Info)
        ),
        (0, 1)
    );
}

#[test]
fn a_book_built_from_the_history() {
    let tmp = known_repository();
    let book = tmp.path().join("book");
    let config = json!({"commit-url": "https://git.example.com/h/commit/{hash}", "last-updated": true});
    let chapters = [
        readme(),
        chapter(
            "Payments",
            "new-name.md",
            "new-name.md",
            "# Payments\n\n{{#changelog git limit=2}}\n\nBy {{#changelog last-updated}}.\n",
        ),
        chapter("Recent", "other.md", "other.md", "# Other\n\n{{#changelog recent 3}}\n"),
    ];
    let out = process(&book, config, &chapters);
    assert!(
        out.diagnostics.is_empty(),
        "{:?}",
        out.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    let readme = content(&out, 0);
    assert!(readme.contains("<td>Fix &lt;b&gt;typo&lt;/b&gt; &amp; &quot;quotes&quot; in README</td><td>Bo &quot;Chen&quot; &amp; Co</td>"), "{readme}");
    assert!(
        readme.contains("<time datetime=\"2024-04-01T12:00:00-05:00\">2024-04-01</time>"),
        "{readme}"
    );
    assert!(
        readme.contains("<p class=\"hb-last-updated-line\"><span class=\"hb-last-updated\">Last updated"),
        "{readme}"
    );
    let payments = content(&out, 1);
    assert_eq!(payments.matches("<tr><td><time").count(), 2, "limit=2: {payments}");
    assert!(payments.contains("By <span class=\"hb-last-updated\">Last updated <time datetime=\"2024-03-01T11:00:00Z\">2024-03-01</time> by Ana Lima (<a href=\"https://git.example.com/h/commit/"), "{payments}");
    assert!(
        !payments.contains("<p class=\"hb-last-updated-line\""),
        "the page places its own line"
    );
    let recent = content(&out, 2);
    let order: Vec<usize> = [
        "index.html",
        "new-name.html",
        "<li><time datetime=\"2024-03-01",
        "<li><time datetime=\"2024-02-01",
    ]
    .iter()
    .map(|s| recent.find(s).unwrap_or_else(|| panic!("{s} missing: {recent}")))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "grouped by page, newest first: {recent}"
    );
    assert!(
        !recent.contains("Start the handbook"),
        "only the 3 newest changes: {recent}"
    );
}

#[test]
fn data_file_symlinked_out_of_the_book_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("secret.toml"),
        "[[changelog]]\nversion = \"1.0.0\"\nchanges = \"secret\"\n",
    );
    let book = tmp.path().join("book");
    std::fs::create_dir_all(book.join("src")).unwrap();
    #[cfg(unix)]
    handbook_core::platform::symlink_file(tmp.path().join("secret.toml"), book.join("src/log.toml")).unwrap();
    let out = process(
        &book,
        json!({}),
        &[chapter("P", "p.md", "p.md", "{{#changelog file=log.toml}}\n")],
    );
    let d: Vec<_> = out.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(d, ["changelog-path-outside-book"]);
    assert_eq!(content(&out, 0), "{{#changelog file=log.toml}}\n");
}

fn chapter(name: &str, path: &str, source: &str, content: &str) -> Value {
    json!({"Chapter": {"name": name, "content": content, "number": [1], "sub_items": [],
        "path": path, "source_path": source, "parent_names": []}})
}

/// mdBook rewrites README.md's `path` to index.md; the history follows `source_path`.
fn readme() -> Value {
    chapter("Intro", "index.md", "README.md", "# Intro\n\n{{#changelog git}}\n")
}

fn process(root: &Path, table: Value, chapters: &[Value]) -> Outcome {
    let config = json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"changelog": table}}});
    let ctx = Context::new(PathBuf::from(root), "html", protocol::BUILT_FOR_MDBOOK, config);
    let book = ProtocolBook::from_value(json!({"items": chapters})).unwrap();
    protocol::process(&ChangelogPreprocessor, &ctx, book).unwrap()
}

fn content(out: &Outcome, i: usize) -> String {
    out.book.chapters()[i].content.clone()
}

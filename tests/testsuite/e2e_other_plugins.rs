//! Other diagram plugins next to the suite, in real `mdbook build`s: a book with
//! mdbook-mermaid configured is told once who draws its Mermaid fences, whichever
//! runs first, and `mdbook-handbook install --take-over-diagrams` hands them to the
//! suite. mdbook-mermaid itself is a stand-in on PATH (`python3`), which rewrites
//! fences as mdbook-mermaid 0.17 does: mdBook fails when a configured
//! preprocessor's program is missing.

use crate::harness;

use harness::TestBook;
use std::path::{Path, PathBuf};
use std::process::Command;

const PAGE: &str = "# Flow\n\n```mermaid\nflowchart LR\n  A[Scan] --> B[Draw]\n```\n";

/// A folder holding an `mdbook-mermaid` that turns ```mermaid fences into
/// `<pre class="mermaid">`, as the real one does.
fn stand_in_mermaid(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = bin.join("mdbook-mermaid");
    std::fs::write(
        &script,
        r#"#!/usr/bin/env python3
import html, json, re, sys
if len(sys.argv) > 1:
    sys.exit(0)  # `supports <renderer>`: every renderer
context, book = json.load(sys.stdin)
fence = re.compile(r"^```mermaid[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
def walk(items):
    for item in items:
        chapter = item.get("Chapter") if isinstance(item, dict) else None
        if chapter:
            chapter["content"] = fence.sub(lambda m: '<pre class="mermaid">' + html.escape(m.group(1)) + "</pre>", chapter["content"])
            walk(chapter.get("sub_items", []))
walk(book.get("items", book.get("sections", [])))
json.dump(book, sys.stdout)
"#,
    )
    .unwrap();
    handbook_core::platform::make_executable(&script).unwrap();
    let python = Command::new("python3").arg("--version").output();
    assert!(
        python.is_ok_and(|o| o.status.success()),
        "these tests need python3 for the mdbook-mermaid stand-in"
    );
    bin
}

/// PATH with `bin` (the stand-in's folder) first.
fn path_with(bin: &Path) -> std::ffi::OsString {
    std::env::join_paths(
        std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap()
}

/// A folder with no plugin in it, for a PATH where mdbook-mermaid is not installed.
fn empty_bin(dir: &Path) -> PathBuf {
    let empty = dir.join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    empty
}

/// `mdbook build` (the real binary) with the stand-in first on PATH: (success, stderr).
fn mdbook_build(root: &Path, bin: &Path) -> (bool, String) {
    harness::mdbook_build(root, |c| {
        c.env("PATH", path_with(bin));
    })
}

fn notes(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("[diagram-other-plugin]"))
        .collect()
}

fn book(mermaid_table: &str) -> TestBook {
    let mut book = TestBook::new();
    book.chapter(0, "Flow", "flow.md", PAGE)
        .chapter(0, "More", "more.md", PAGE)
        .toml(mermaid_table)
        .preprocessor_binary("handbook-diagrams", env!("CARGO_BIN_EXE_mdbook-handbook"));
    book
}

#[test]
fn mdbook_mermaid_before_the_suite_is_named_once() {
    let mut book = book("[preprocessor.mermaid]\ncommand = \"mdbook-mermaid\"\n");
    book.load();
    let bin = stand_in_mermaid(book.root());
    let (ok, stderr) = mdbook_build(book.root(), &bin);
    assert!(ok, "{stderr}");
    let said = notes(&stderr);
    assert_eq!(said.len(), 1, "once for the book, not per page: {stderr}");
    assert!(
        said[0].starts_with(
            "book.toml:7: info[diagram-other-plugin]: mdbook-mermaid ([preprocessor.mermaid]) runs before the suite"
        ) && said[0].contains("--take-over-diagrams"),
        "{}",
        said[0]
    );
    let page = std::fs::read_to_string(book.root().join("book/flow.html")).unwrap_or_default();
    assert!(page.contains("<pre class=\"mermaid\">"), "the plugin drew it");
    assert!(!page.contains("data-kind=\"mermaid\""), "the suite drew nothing");
}

#[test]
fn mdbook_mermaid_after_the_suite_is_named_too() {
    let mut book = book("[preprocessor.mermaid]\ncommand = \"mdbook-mermaid\"\nafter = [\"handbook\"]\n");
    book.load();
    let bin = stand_in_mermaid(book.root());
    let (ok, stderr) = mdbook_build(book.root(), &bin);
    assert!(ok, "{stderr}");
    let said = notes(&stderr);
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(
        said[0].contains("runs after the suite, which has already drawn"),
        "{}",
        said[0]
    );
    let page = std::fs::read_to_string(book.root().join("book/flow.html")).unwrap_or_default();
    assert!(page.contains("data-kind=\"mermaid\"") && !page.contains("<pre class=\"mermaid\">"));
}

/// A field book: `[preprocessor.mermaid]` is `optional`, and mdbook-mermaid is not
/// installed. mdBook skips it, so the suite draws the fences, and the note says
/// that, not that the plugin draws them. `install` says the same.
#[test]
fn an_optional_mermaid_that_is_not_installed_is_not_said_to_draw() {
    let mut book = book("[preprocessor.mermaid]\ncommand = \"missing/mdbook-mermaid\"\noptional = true\n");
    book.load();
    let (ok, stderr) = mdbook_build(book.root(), &empty_bin(book.root()));
    assert!(ok, "{stderr}");
    let said = notes(&stderr);
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(
        said[0].contains(
            "is not installed here and is `optional`, so mdBook skips it: the suite draws the book's `mermaid` fences"
        ) && !said[0].contains("runs before the suite"),
        "{}",
        said[0]
    );
    let page = std::fs::read_to_string(book.root().join("book/flow.html")).unwrap_or_default();
    assert!(page.contains("data-kind=\"mermaid\""), "the suite drew it");

    let out = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .arg("install")
        .arg(book.root())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("is not installed here and is `optional`") && !said.contains("runs before the suite"),
        "{said}"
    );
}

/// A plugin whose command is a path is found relative to the book, as mdBook finds it.
#[test]
fn a_plugin_command_with_a_folder_is_found_in_the_book() {
    let mut book = book("[preprocessor.mermaid]\ncommand = \"tools/mdbook-mermaid\"\n");
    book.load();
    let bin = stand_in_mermaid(book.root());
    std::fs::create_dir_all(book.root().join("tools")).unwrap();
    std::fs::copy(bin.join("mdbook-mermaid"), book.root().join("tools/mdbook-mermaid")).unwrap();
    let (ok, stderr) = mdbook_build(book.root(), &empty_bin(book.root()));
    assert!(ok, "{stderr}");
    let said = notes(&stderr);
    assert!(said.len() == 1 && said[0].contains("runs before the suite"), "{stderr}");
}

/// `install` says who draws the fences; `--take-over-diagrams` gives book.toml the
/// golden's text (comments kept, the plugin's table, its scripts and orderings naming it
/// gone), a second run changes nothing, and the next build draws with the suite, quietly.
#[test]
fn install_takes_mermaid_over_on_request_and_once() {
    let before = include_str!("../install/take-over-diagrams.before.toml");
    let after = include_str!("../install/take-over-diagrams.after.toml");
    let mut book = TestBook::new();
    book.chapter(0, "Flow", "flow.md", PAGE).file("theme/own.js", "").load();
    let root = book.root().to_path_buf();
    std::fs::write(root.join("book.toml"), before).unwrap();
    let bin = stand_in_mermaid(&root);
    let install = |flag: Option<&str>| {
        let out = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
            .arg("install")
            .arg(&root)
            .args(flag)
            .env("PATH", path_with(&bin))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let said = String::from_utf8_lossy(&out.stderr).into_owned();
        (
            std::fs::read_to_string(root.join("book.toml")).unwrap_or_default(),
            said,
        )
    };
    let (text, said) = install(None);
    assert_eq!(text, before, "without the flag, install only says it");
    assert!(
        said.contains("mdbook-mermaid ([preprocessor.mermaid]) runs before the suite")
            && said.contains("--take-over-diagrams"),
        "{said}"
    );
    let (text, said) = install(Some("--take-over-diagrams"));
    assert_eq!(text, after, "{said}");
    assert!(said.contains("took over mdbook-mermaid's diagrams"), "{said}");
    let (again, said) = install(Some("--take-over-diagrams"));
    assert_eq!(again, after);
    assert!(said.contains("nothing to do"), "{said}");

    let toml = after.replace(
        "[preprocessor.handbook]\n",
        &format!(
            "[preprocessor.handbook]\ncommand = {:?}\n",
            env!("CARGO_BIN_EXE_mdbook-handbook")
        ),
    );
    std::fs::write(root.join("book.toml"), toml).unwrap();
    let (ok, stderr) = mdbook_build(&root, &bin);
    assert!(ok, "{stderr}");
    assert!(notes(&stderr).is_empty(), "{stderr}");
    let page = std::fs::read_to_string(root.join("book/flow.html")).unwrap_or_default();
    assert!(page.contains("data-kind=\"mermaid\""), "the suite draws it now");
}

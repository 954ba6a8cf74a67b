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

/// `mdbook build` (the real binary) with the stand-in first on PATH: (success, stderr).
fn mdbook_build(root: &Path, bin: &Path) -> (bool, String) {
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let out = Command::new(harness::mdbook_binary())
        .arg("build")
        .arg(root)
        .env("PATH", path)
        .output()
        .unwrap_or_else(|e| panic!("running mdbook: {e}"));
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
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
    let install = |flag: Option<&str>| {
        let out = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
            .arg("install")
            .arg(&root)
            .args(flag)
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
    let (ok, stderr) = mdbook_build(&root, &stand_in_mermaid(&root));
    assert!(ok, "{stderr}");
    assert!(notes(&stderr).is_empty(), "{stderr}");
    let page = std::fs::read_to_string(root.join("book/flow.html")).unwrap_or_default();
    assert!(page.contains("data-kind=\"mermaid\""), "the suite draws it now");
}

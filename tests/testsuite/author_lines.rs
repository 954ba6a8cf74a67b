//! Every diagnostic at the author's file and line, through `{{#include}}` and
//! another preprocessor that runs before the suite, in the build and in
//! `check` alike (issue 26). The oracle: each link report names a line of a
//! file that holds the link.

use crate::harness;

use harness::{TestBook, assert_link_reports_hold, mdbook_binary, suite_binary};
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::Command;

/// A stand-in for mdbook-mermaid, run before the suite: it puts a line above
/// every page and turns each mermaid fence into a `<pre>` block two lines
/// longer, as mdbook-mermaid does.
const ADD_LINES: &str = r#"import json, sys
if len(sys.argv) > 1 and sys.argv[1] == "supports":
    sys.exit(0)
context, book = json.load(sys.stdin)
def walk(items):
    for item in items:
        chapter = item.get("Chapter") if isinstance(item, dict) else None
        if not chapter:
            continue
        text = chapter["content"]
        out = ["<div class=\"added\">a line no file holds</div>", ""]
        inside = False
        for line in text.split("\n"):
            if line == "```mermaid":
                out += ["<pre class=\"mermaid\">", ""]
                inside = True
            elif line == "```" and inside:
                out += ["", "</pre>"]
                inside = False
            else:
                out.append(line)
        chapter["content"] = "\n".join(out)
        walk(chapter["sub_items"])
walk(book["items"])
json.dump(book, sys.stdout)
"#;

fn book() -> TestBook {
    let mut book = TestBook::new();
    book.file("add_lines.py", ADD_LINES)
        .file(
            "shared/part.md",
            "# Shared part\n\nIt says more.\n\nSee [the plan](gone-in-part.md).\n",
        )
        .file(
            "src/code.md",
            "skip me\nKept [one](gone-in-range.md) line.\nkept too\nskipped\n",
        )
        // SUMMARY.md names the pages `./intro.md` and `./nested/../inc.md`.
        .chapter(
            0,
            "Intro",
            "./intro.md",
            "# Intro\n\n```mermaid\ngraph TD\n  A-->B\n```\n\nBelow the fence: [a](gone-below-fence.md).\n\n[b](#no-such-heading)\n",
        )
        .chapter(
            0,
            "Includes",
            "./nested/../inc.md",
            "# Includes\n\n{{#include ../shared/part.md}}\n\n{{#include code.md:2:3}}\n\nAfter both: [c](gone-after.md).\n",
        )
        .toml(&format!(
            "[preprocessor.addlines]\ncommand = \"python3 add_lines.py\"\n\n\
             [preprocessor.handbook]\ncommand = {:?}\nafter = [\"links\"]\nonly = [\"links\"]\n",
            suite_binary().display().to_string()
        ));
    book.load();
    book
}

/// `path:line` of every diagnostic with a line in a text report.
fn places(stderr: &str, code: &str) -> BTreeSet<String> {
    stderr
        .lines()
        .filter(|l| l.contains(&format!("[{code}]")))
        .filter_map(|l| l.split(": ").next().map(str::to_owned))
        .collect()
}

#[test]
fn build_and_check_name_the_authors_lines_through_includes_and_another_preprocessor() {
    let book = book();
    let build = Command::new(mdbook_binary())
        .arg("build")
        .current_dir(book.root())
        .output()
        .unwrap_or_else(|e| panic!("running mdbook: {e}"));
    let build_err = String::from_utf8_lossy(&build.stderr).into_owned();
    assert!(build.status.success(), "{build_err}");
    assert_eq!(assert_link_reports_hold(book.root(), &build_err), 5, "{build_err}");
    let expected: BTreeSet<String> = [
        "shared/part.md:5",
        "src/code.md:2",
        "src/inc.md:7",
        "src/intro.md:8",
        "src/intro.md:10",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let mut found = places(&build_err, "links-broken");
    found.extend(places(&build_err, "links-anchor"));
    assert_eq!(found, expected, "{build_err}");

    let check = Command::new(suite_binary())
        .arg("check")
        .arg(book.root())
        .output()
        .unwrap_or_else(|e| panic!("running check: {e}"));
    let check_err = String::from_utf8_lossy(&check.stderr).into_owned();
    assert_eq!(assert_link_reports_hold(book.root(), &check_err), 5, "{check_err}");
    let mut from_check = places(&check_err, "links-broken");
    from_check.extend(places(&check_err, "links-anchor"));
    assert_eq!(
        from_check, expected,
        "check reports what the build reports:\n{check_err}"
    );
    assert!(
        !check_err.contains("/./") && !build_err.contains("/./"),
        "{check_err}\n{build_err}"
    );
}

#[test]
fn check_json_and_github_name_tidy_paths() {
    let book = book();
    for format in ["json", "github"] {
        let out = Command::new(suite_binary())
            .args(["check", "--format", format])
            .arg(book.root())
            .output()
            .unwrap_or_else(|e| panic!("running check: {e}"));
        let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        assert!(text.contains("shared/part.md"), "{format}: {text}");
        assert!(!text.contains("/./") && !text.contains("nested/.."), "{format}: {text}");
        if format == "json" {
            let report: Value =
                serde_json::from_str(&String::from_utf8_lossy(&out.stdout)).unwrap_or_else(|e| panic!("{e}: {text}"));
            let lines: BTreeSet<String> = report["diagnostics"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|d| d["code"] == "links-broken")
                .map(|d| format!("{}:{}", d["path"].as_str().unwrap_or_default(), d["line"]))
                .collect();
            assert!(lines.contains("src/code.md:2"), "{lines:?}");
        }
    }
}

#[test]
fn check_says_when_a_preprocessor_before_the_suite_is_not_installed() {
    let mut book = TestBook::new();
    book.chapter(0, "Page", "page.md", "# Page\n\n[x](gone.md)\n")
        .toml(&format!(
            "[preprocessor.not-here]\ncommand = \"hb-no-such-preprocessor-anywhere\"\n\n\
         [preprocessor.handbook]\ncommand = {:?}\nafter = [\"links\"]\nonly = [\"links\"]\n",
            suite_binary().display().to_string()
        ));
    book.load();
    let out = Command::new(suite_binary())
        .arg("check")
        .arg(book.root())
        .output()
        .unwrap_or_else(|e| panic!("running check: {e}"));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.contains(
            "book.toml: info[preprocessor-missing]: [preprocessor.not-here] runs `hb-no-such-preprocessor-anywhere`"
        ),
        "{err}"
    );
    assert!(err.contains("src/page.md:3: warning[links-broken]"), "{err}");
}

//! Books nested far deeper than any JSON reader's recursion limit, through
//! the built binary on a process's own stack: mdBook's protocol on stdin
//! (every capability runs) and `check` reading SUMMARY.md from disk.

use crate::harness;

use handbook_core::deep_json;
use harness::TestBook;
use std::io::Write;
use std::process::{Command, Stdio};

const DEEPEST: &str = "---\nstatus: draft\n---\n# Deepest\n\nBack to the [top](index.md).\n";

/// `[context, book]` as mdBook sends it: a top page, drafts below it, and a
/// page at `levels`, each chapter the only sub-chapter of the one above.
fn protocol_input(levels: usize, mdbook_version: &str) -> String {
    let chapter = |name: &str, path: &str, content: &str| {
        let path = if path.is_empty() {
            "null".to_owned()
        } else {
            format!("{path:?}")
        };
        (
            format!(
                r#"{{"Chapter":{{"name":{name:?},"content":{},"number":null,"sub_items":["#,
                serde_json::Value::String(content.to_owned())
            ),
            format!(r#"],"path":{path},"source_path":{path},"parent_names":[]}}}}"#),
        )
    };
    let mut open = String::new();
    let mut close = Vec::new();
    for level in 1..=levels {
        let (head, tail) = match level {
            1 => chapter("Top", "index.md", "# Top\n"),
            l if l == levels => chapter("Deepest", "deep.md", DEEPEST),
            l => chapter(&format!("Level {l}"), "", ""),
        };
        open.push_str(&head);
        close.push(tail);
    }
    close.reverse();
    let config = r#"{"book":{"src":"src"},"preprocessor":{"handbook":{"after":["links"],"only":["adr","status","glossary","links"]}}}"#;
    format!(
        r#"[{{"root":".","config":{config},"renderer":"html","mdbook_version":"{mdbook_version}"}},{{"items":[{open}{}]}}]"#,
        close.concat()
    )
}

/// The binary as mdBook runs it: (exit code, stdout, stderr).
fn preprocess(input: &str) -> (Option<i32>, Vec<u8>, String) {
    let dir = TestBook::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .current_dir(dir.root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap_or_else(|_| panic!("the writer panicked")).unwrap();
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn ten_thousand_levels_are_read_run_and_written_back_by_every_capability() {
    // A later mdBook may read deeper answers: the suite hands the book back.
    let (code, stdout, stderr) = preprocess(&protocol_input(10_000, "0.6.0"));
    assert_eq!(code, Some(0), "{stderr}");
    let text = String::from_utf8(stdout).unwrap();
    let value = deep_json::from_str(&text).unwrap_or_else(|e| panic!("the answer is not JSON: {e}"));
    let book = handbook_core::ProtocolBook::from_value(value).unwrap();
    let chapters = book.chapters();
    assert_eq!(chapters.len(), 10_000);
    let deepest = chapters.last().unwrap_or_else(|| panic!("no chapters"));
    assert_eq!(deepest.level(), 10_000);
    assert!(
        deepest.content.contains("This page is a draft.") && !deepest.content.contains("status: draft"),
        "the deepest page got no banner, or kept its front matter: {}",
        deepest.content
    );
    assert_eq!(chapters[0].content, "# Top\n", "a page with nothing to do changed");
}

#[test]
fn under_mdbook_0_5_a_book_it_cannot_read_back_is_one_error_not_a_crash() {
    let (code, stdout, stderr) = preprocess(&protocol_input(10_000, "0.5.4"));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.is_empty(), "a failed run wrote to stdout");
    assert!(
        stderr.contains("src/SUMMARY.md: error[summary-too-deep]: SUMMARY.md nests chapters deeper than mdBook 0.5.4")
            && stderr.contains("(`Deepest`, src/deep.md, is 10000 levels deep)"),
        "{stderr}"
    );
    // The edge: 41 levels go back to mdBook.
    let (code, stdout, stderr) = preprocess(&protocol_input(41, "0.5.4"));
    assert_eq!(code, Some(0), "{stderr}");
    let value: serde_json::Value = serde_json::from_slice(&stdout).unwrap_or_else(|e| panic!("mdBook's reader: {e}"));
    assert!(value.get("items").is_some());
}

#[test]
fn check_reads_a_summary_five_thousand_deep() {
    let levels = 5_000;
    let mut summary = String::from("# Summary\n\n- [Top](index.md)\n");
    for level in 2..levels {
        summary.push_str(&"  ".repeat(level - 1));
        summary.push_str(&format!("- [Level {level}]()\n"));
    }
    summary.push_str(&"  ".repeat(levels - 1));
    summary.push_str("- [Deepest](deep.md)\n");
    let mut book = TestBook::new();
    book.file(
        "book.toml",
        "[book]\ntitle = \"Deep\"\n\n[preprocessor.handbook]\nafter = [\"links\"]\nonly = [\"adr\", \"status\", \"glossary\", \"links\"]\n",
    )
    .file("src/SUMMARY.md", &summary)
        .file("src/index.md", "# Top\n")
        .file("src/deep.md", DEEPEST);
    let out = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .arg("check")
        .arg(book.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("(`Deepest`, src/deep.md, is 5000 levels deep)")
            && stderr.contains("5001 links checked, 0 broken")
            && stderr.contains("1 error(s), 0 warning(s)"),
        "{stderr}"
    );
}

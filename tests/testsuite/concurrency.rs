//! Builds sharing one diagram cache at the same time, as separate
//! processes: `mdbook serve` and a CI build of one book, or several books
//! pointing `cache-dir` at one folder.
//!
//! Three books with different diagrams (so each build prunes what the others
//! wrote while they write it), some diagrams common to all (so builds write
//! one entry at once), `dot` and PlantUML with an `!include` (each book root
//! gets its own security policy, which a shared policy file would swap under
//! a running JVM). Each round starts one `mdbook-handbook-diagrams` per book
//! at once, with warnings denied. Every run must succeed without a word on
//! stderr and write the same book a serial run writes, and every entry left
//! in the cache must pass its checksum. Then truncated and emptied entries
//! are drawn again, never served.
//!
//! `dot` and `plantuml` must be installed (`.ci/run` does): the test fails without them.

use handbook_core::protocol::BUILT_FOR_MDBOOK;
use handbook_diagrams::cache::{Cache, Lookup};
use serde_json::{Value, json};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BOOKS: usize = 3;
const ROUNDS: usize = 4;

fn svgbob(label: &str) -> String {
    format!(
        "```svgbob\n+{bar}+\n| {label} |\n+{bar}+\n```\n\n",
        bar = "-".repeat(label.len() + 2)
    )
}

/// Book `b`'s chapters: 30 diagrams of its own, 10 every book has, one
/// `dot` of its own, one shared, and a PlantUML diagram including a file of
/// its own root.
fn chapters(b: usize, pages: usize, programs: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for page in 0..pages {
        let mut text = format!("# Book {b}, page {page}\n\n");
        for d in 0..10 {
            let label = if page == 0 {
                format!("shared {d}")
            } else {
                format!("book {b} page {page} diagram {d}")
            };
            if programs {
                text.push_str(&svgbob(&label));
            } else {
                text.push_str(&format!("```pikchr\nbox \"{label}\"\n```\n\n"));
            }
        }
        out.push((format!("page-{page}.md"), text));
    }
    if !programs {
        return out;
    }
    let programs = format!(
        "# Programs\n\n```dot\ndigraph {{ book{b} -> cache }}\n```\n\n```dot\ndigraph {{ shared -> cache }}\n```\n\n\
         ```plantuml\n@startuml\n!include parts.puml\nA{b} --> B{b}\n@enduml\n```\n"
    );
    out.push(("programs.md".to_owned(), programs));
    out
}

struct Book {
    root: tempfile::TempDir,
    input: String,
}

fn book(b: usize, cache: &Path, pages: usize, programs: bool) -> Book {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("src")).unwrap();
    std::fs::write(root.path().join("src/parts.puml"), format!("class Part{b}\n")).unwrap();
    let items: Vec<Value> = chapters(b, pages, programs)
        .into_iter()
        .enumerate()
        .map(|(i, (path, content))| {
            json!({"Chapter": {"name": path, "content": content, "number": [i + 1], "sub_items": [],
                "path": path, "source_path": path, "parent_names": []}})
        })
        .collect();
    let config = json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"after": ["links"],
        "only": ["diagrams"], "diagrams": {"cache-dir": cache.display().to_string()}}}});
    let ctx = json!({"root": root.path(), "config": config, "renderer": "html", "mdbook_version": BUILT_FOR_MDBOOK});
    let input = json!([ctx, {"items": items}]).to_string();
    Book { root, input }
}

fn start(input: &str) -> std::process::Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .env("MDBOOK_HANDBOOK_DENY_WARNINGS", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("mdbook-handbook: {e}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    stdin
        .write_all(input.as_bytes())
        .unwrap_or_else(|e| panic!("writing the book: {e}"));
    child
}

fn finish(child: std::process::Child, what: &str) -> Vec<u8> {
    let Output { status, stdout, stderr } = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&stderr);
    assert!(
        status.success() && stderr.trim().is_empty(),
        "{what}: {status}, stderr:\n{stderr}"
    );
    assert!(!stdout.is_empty(), "{what}: no book on stdout");
    stdout
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(cache)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// Every `.svg` entry passes its checksum; no temporary file is left.
fn assert_cache_sound(cache: &Path, when: &str) {
    let store = Cache::new(cache.to_path_buf());
    for path in entries(cache) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(!name.ends_with(".tmp"), "{when}: a temporary file is left: {name}");
        if let Some(key) = name.strip_suffix(".svg") {
            assert!(
                matches!(store.get(key), Lookup::Hit(_)),
                "{when}: entry {name} fails its checksum"
            );
        }
    }
}

#[test]
fn parallel_builds_of_different_books_share_one_cache() {
    let shared = tempfile::tempdir().unwrap();
    let cache = shared.path().join("diagrams");
    let books: Vec<Book> = (0..BOOKS).map(|b| book(b, &cache, 4, true)).collect();

    // The reference: each book alone, on a cold cache of its own.
    let serial: Vec<Vec<u8>> = books
        .iter()
        .enumerate()
        .map(|(b, book)| {
            let own = book.root.path().join("own-cache");
            let input = book
                .input
                .replace(&cache.display().to_string(), &own.display().to_string());
            finish(start(&input), &format!("book {b} alone"))
        })
        .collect();
    for (b, out) in serial.iter().enumerate() {
        let text = String::from_utf8_lossy(out);
        assert!(
            text.matches("<figure").count() >= 43 && text.contains(&format!("Part{b}")),
            "book {b} is not fully drawn"
        );
    }

    for round in 0..ROUNDS {
        let children: Vec<_> = books.iter().map(|book| start(&book.input)).collect();
        for (b, child) in children.into_iter().enumerate() {
            let out = finish(child, &format!("round {round}, book {b}"));
            assert!(
                out == serial[b],
                "round {round}: book {b} differs from its serial build"
            );
        }
        assert_cache_sound(&cache, &format!("after round {round}"));
    }

    // Truncated, emptied and edited entries are drawn again, never served.
    // A build of one book first leaves exactly its entries in the cache.
    let last = books.len() - 1;
    let out = finish(start(&books[last].input), "a build alone");
    assert!(out == serial[last], "the last book alone differs from its serial build");
    let svgs: Vec<PathBuf> = entries(&cache)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    assert!(svgs.len() >= 10, "the last round left {} entries", svgs.len());
    for (i, path) in svgs.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let damaged = match i % 3 {
            0 => text[..text.len() / 2].to_owned(),
            1 => String::new(),
            _ => text.replacen("<svg", "<svg data-x=\"1\"", 1),
        };
        std::fs::write(path, damaged).unwrap();
    }
    let out = finish(start(&books[last].input), "the build after damage");
    assert!(out == serial[last], "a damaged entry was served");
    assert_cache_sound(&cache, "after the damage was repaired");
}

/// Many small writes and prunes at once, no slow program: what makes one
/// build's prune meet another's write in progress. With the prune that
/// removed every temporary file of a key it did not use, this failed within
/// four rounds ("could not write the diagram cache: No such file or
/// directory"); the unit test `pruning_keeps_young_temporary_files_and_removes_old_ones`
/// in `cache.rs` pins the same rule without timing.
#[test]
fn pruning_never_breaks_another_builds_write() {
    let shared = tempfile::tempdir().unwrap();
    let cache = shared.path().join("diagrams");
    let books: Vec<Book> = (0..4).map(|b| book(b, &cache, 30, false)).collect();
    for round in 0..12 {
        let children: Vec<_> = books.iter().map(|book| start(&book.input)).collect();
        for (b, child) in children.into_iter().enumerate() {
            finish(child, &format!("round {round}, book {b}"));
        }
        assert_cache_sound(&cache, &format!("after round {round}"));
    }
}

//! `mdbook serve` on book-example, with every suite preprocessor active:
//! editing a chapter triggers exactly one rebuild, caused by that chapter.
//! Anything the suite wrote where the watcher looks (src/, theme/, book.toml)
//! would start another build, and another: the loop other plugins are known for.
//!
//! The test waits on events, never for a fixed time: a page on disk holding
//! the edit, and mdBook's own `Files changed: [...]` line for each rebuild.
//! mdBook 0.5.4's watcher (`src/cmd/watch/native.rs`) queues the paths in
//! order, so a write of the suite during one rebuild would be named by the
//! next rebuild's line, at the latest the one a later edit causes.
//!
//! Needs the real `mdbook` 0.5 binary (`harness::mdbook_binary`). Missing, the test fails.

use crate::harness;

use harness::TestBook;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Serve {
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl Serve {
    fn count(&self, needle: &str) -> usize {
        self.log
            .lock()
            .map(|l| l.iter().filter(|line| line.contains(needle)).count())
            .unwrap_or(0)
    }

    fn wait_for(&self, needle: &str, count: usize, limit: Duration) {
        let start = Instant::now();
        while self.count(needle) < count {
            assert!(
                start.elapsed() < limit,
                "waited {limit:?} for {count}x `{needle}`; log:\n{}",
                self.dump()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn dump(&self) -> String {
        self.log.lock().map(|l| l.join("\n")).unwrap_or_default()
    }

    /// The paths of each rebuild, as mdBook names them (`Files changed: ["/b/src/a.md"]`).
    fn changed(&self) -> Vec<Vec<String>> {
        let lines = self.log.lock().map(|l| l.clone()).unwrap_or_default();
        lines
            .iter()
            .filter_map(|line| line.split_once("Files changed: [").map(|(_, rest)| rest))
            .map(|rest| {
                rest.trim_end_matches(']')
                    .split(", ")
                    .map(|p| p.trim_matches('"').to_owned())
                    .collect()
            })
            .collect()
    }
}

/// Polls until `page` holds `text`, or fails at the deadline with the log.
fn wait_for_page(serve: &Serve, page: &Path, text: &str, limit: Duration) {
    let start = Instant::now();
    while !std::fs::read_to_string(page).is_ok_and(|p| p.contains(text)) {
        assert!(
            start.elapsed() < limit,
            "waited {limit:?} for {} to show `{text}`; log:\n{}",
            page.display(),
            serve.dump()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn append(file: &Path, text: &str) {
    let mut content = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    content.push_str(text);
    std::fs::write(file, content).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn editing_one_chapter_rebuilds_exactly_once() {
    let mdbook = harness::mdbook_binary();
    let mut book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    book.with_suite_binaries();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"));
    let mut child = Command::new(&mdbook)
        .args(["serve", "-n", "127.0.0.1", "-p", &port.to_string()])
        .arg(book.root())
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{mdbook}: {e}"));
    let log = Arc::new(Mutex::new(Vec::new()));
    if let Some(stderr) = child.stderr.take() {
        let log = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(mut l) = log.lock() {
                    l.push(line);
                }
            }
        });
    }
    let serve = Serve { child, log };
    const STARTED: &str = "Book building has started";
    const WRITTEN: &str = "HTML book written";
    serve.wait_for(WRITTEN, 1, Duration::from_secs(180));

    // Two edits, one after the other's page is written: the second one's
    // rebuild comes after any rebuild the first one's writes would cause.
    let edits = [
        (
            "src/overview.md",
            "book/overview.html",
            "One more sentence, written while serving.",
        ),
        (
            "src/components/cli.md",
            "book/components/cli.html",
            "A second sentence, written while serving.",
        ),
    ];
    for (n, (chapter, page, sentence)) in edits.iter().enumerate() {
        append(&book.root().join(chapter), &format!("\n{sentence}\n"));
        wait_for_page(&serve, &book.root().join(page), sentence, Duration::from_secs(120));
        serve.wait_for(WRITTEN, n + 2, Duration::from_secs(60));
    }
    let edited: Vec<&str> = edits.iter().map(|(chapter, _, _)| *chapter).collect();
    let changed = serve.changed();
    let foreign: Vec<&String> = changed
        .iter()
        .flatten()
        .filter(|p| !edited.iter().any(|e| Path::new(p.as_str()).ends_with(e)))
        .collect();
    assert!(
        foreign.is_empty(),
        "a rebuild was started by a file no edit touched: {foreign:?}\n{}",
        serve.dump()
    );
    assert_eq!(
        (changed.len(), serve.count(STARTED)),
        (edits.len(), edits.len() + 1),
        "each edit must give exactly one rebuild:\n{}",
        serve.dump()
    );
}

/// What the suite writes during a real `mdbook build` of book-example, every
/// preprocessor active: only files under `.handbook-cache/` at the book
/// root. mdBook 0.5.4's `serve` watches `src/`, `theme/`, `book.toml`,
/// `build.extra-watch-dirs` and (poll watcher) the `additional-css` and
/// `additional-js` files, not the whole root (mdbook-0.5.4
/// `src/cmd/watch/poller.rs::set_roots`, `native.rs::rebuild_on_change`), so
/// nothing written lands where it looks. Deterministic, unlike the serve
/// test above: every file is compared before and after, not just rebuilds counted.
#[test]
fn a_build_writes_only_under_the_cache_outside_every_watched_path() {
    let mdbook = harness::mdbook_binary();
    let mut book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    book.with_suite_binaries();
    let root = book.root().to_path_buf();
    // A cold cache, so the build has diagrams to write.
    let _ = std::fs::remove_dir_all(root.join(".handbook-cache"));
    let before = snapshot(&root);
    let out = Command::new(&mdbook)
        .arg("build")
        .arg(&root)
        .output()
        .unwrap_or_else(|e| panic!("{mdbook}: {e}"));
    assert!(
        out.status.success(),
        "mdbook build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = snapshot(&root);
    let written: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, state)| before.get(*path) != Some(*state))
        .map(|(path, _)| path)
        .chain(before.keys().filter(|p| !after.contains_key(*p)))
        .collect();
    assert!(
        written.iter().any(|p| p.starts_with(".handbook-cache")),
        "the diagram cache was not written: is the test looking at the right book?"
    );
    let elsewhere: Vec<&&PathBuf> = written.iter().filter(|p| !p.starts_with(".handbook-cache")).collect();
    assert!(
        elsewhere.is_empty(),
        "the build wrote outside .handbook-cache/: {elsewhere:?}"
    );

    let toml: toml::Table = toml::from_str(&std::fs::read_to_string(root.join("book.toml")).unwrap_or_default())
        .unwrap_or_else(|e| panic!("book.toml: {e}"));
    let list = |keys: &[&str]| -> Vec<PathBuf> {
        let mut value = toml.get(keys[0]);
        for key in &keys[1..] {
            value = value.and_then(|v| v.get(*key));
        }
        value
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_str)
            .map(PathBuf::from)
            .collect()
    };
    let mut watched: Vec<PathBuf> = ["src", "theme", "book.toml"].iter().map(PathBuf::from).collect();
    watched.extend(list(&["build", "extra-watch-dirs"]));
    watched.extend(list(&["output", "html", "additional-css"]));
    watched.extend(list(&["output", "html", "additional-js"]));
    for w in &watched {
        assert!(
            !Path::new(".handbook-cache").starts_with(w),
            "the cache is inside the watched {}",
            w.display()
        );
    }
}

/// Every file under `root` except mdBook's own output, with its length, modification time and content.
fn snapshot(root: &Path) -> std::collections::BTreeMap<PathBuf, (u64, Option<std::time::SystemTime>, Vec<u8>)> {
    let mut out = std::collections::BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            if rel == Path::new("book") {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                dirs.push(path);
            } else {
                let content = std::fs::read(&path).unwrap_or_default();
                out.insert(rel, (meta.len(), meta.modified().ok(), content));
            }
        }
    }
    out
}

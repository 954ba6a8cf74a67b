//! `mdbook serve` on book-example, with every suite preprocessor active:
//! editing one chapter triggers exactly one rebuild. Anything the suite
//! wrote where the watcher looks (src/, theme/, book.toml) would start
//! another build, and another: the loop other plugins are known for.
//!
//! Needs the real `mdbook` 0.5 binary (`.ci/run` installs it): found as
//! `$MDBOOK`, on `PATH`, or in `~/.cargo/bin`. Missing, the test fails.

mod harness;

use harness::TestBook;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn mdbook() -> PathBuf {
    let candidates = std::env::var_os("MDBOOK")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            std::env::var_os("PATH")
                .into_iter()
                .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                .map(|d| d.join("mdbook")),
        )
        .chain(std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/mdbook")));
    for candidate in candidates {
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!("the `mdbook` 0.5 binary is required: cargo install --locked mdbook --version 0.5.4 (.ci/run does)");
}

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
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn editing_one_chapter_rebuilds_exactly_once() {
    let mdbook = mdbook();
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
        .unwrap_or_else(|e| panic!("{}: {e}", mdbook.display()));
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
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        serve.count(STARTED),
        1,
        "the first build started another:\n{}",
        serve.dump()
    );

    let chapter = book.root().join("src/overview.md");
    let mut text = std::fs::read_to_string(&chapter).unwrap_or_else(|e| panic!("{e}"));
    text.push_str("\nOne more sentence, written while serving.\n");
    std::fs::write(&chapter, text).unwrap_or_else(|e| panic!("{e}"));

    serve.wait_for(WRITTEN, 2, Duration::from_secs(120));
    std::thread::sleep(Duration::from_secs(6));
    assert_eq!(
        serve.count(STARTED),
        2,
        "one edit must give exactly one rebuild:\n{}",
        serve.dump()
    );
    let page = std::fs::read_to_string(book.root().join("book/overview.html")).unwrap_or_default();
    assert!(
        page.contains("written while serving"),
        "the rebuild did not pick up the edit"
    );
}

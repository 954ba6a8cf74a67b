//! The one pass reads chapters on every core (`handbook_core::parallel`);
//! what it hands back must not depend on how many: the same book, run with
//! one thread and with several, gives the same bytes on stdout and the same
//! diagnostics in the same order on stderr.

use crate::harness;

use harness::{repo_root, suite_binary};
use mdbook_driver::builtin_preprocessors::{IndexPreprocessor, LinkPreprocessor};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What mdBook sends the suite for the book at `root`.
fn protocol_input(root: &Path) -> String {
    let root = root.to_path_buf();
    let md = mdbook_driver::MDBook::load(&root).unwrap_or_else(|e| panic!("loading the book: {e:#}"));
    let ctx = PreprocessorContext::new(root, md.config.clone(), "html".to_owned());
    // mdBook's own preprocessors run first (`after = ["links"]`).
    let book = IndexPreprocessor::new()
        .run(&ctx, md.book.clone())
        .and_then(|book| LinkPreprocessor::new().run(&ctx, book))
        .unwrap_or_else(|e| panic!("mdBook's preprocessors: {e:#}"));
    serde_json::to_string(&(ctx, &book)).unwrap()
}

/// The suite as mdBook runs it, on `threads` threads: (exit success, stdout, stderr).
fn run(input: &str, threads: &str) -> (bool, String, String) {
    let mut child = Command::new(suite_binary())
        .env("MDBOOK_HANDBOOK_THREADS", threads)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap_or_else(|_| panic!("writer panicked")).unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn one_thread_or_several_give_the_same_book_and_diagnostics() {
    // book-example in place (a copy leaves its repository, and its links to
    // the code break): every capability at work, with its git history, and
    // enough chapters (over 32) for the work to be split between threads.
    let input = protocol_input(&repo_root().join("book-example"));
    let chapters = input.matches("\"Chapter\"").count();
    assert!(chapters > 32, "only {chapters} chapters: the pass would not split them");
    // A first run fills the diagram cache, so the runs compared read it alike.
    let _ = run(&input, "4");
    let one = run(&input, "1");
    let several = run(&input, "4");
    assert!(one.0, "the run failed:\n{}", one.2);
    assert!(
        one.1.contains("hb-term") && one.1.contains("hb-badge") && one.1.contains("<svg"),
        "the suite did not work on the book"
    );
    assert!(one.1 == several.1, "the book differs between one thread and several");
    assert_eq!(
        one.2, several.2,
        "the diagnostics differ between one thread and several"
    );
}

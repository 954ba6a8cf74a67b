//! Per-chapter work on every core.
//!
//! `mdbook serve` reruns the suite on every save, and a capability's cost is
//! mostly one markdown parse per chapter; chapters are independent, so every
//! capability that reads each chapter reads them all at once through [`map`].
//! A panic on one chapter stays with that chapter, as an `Err` the capability
//! turns into a diagnostic ([`crashed`]): never a silent gap, never a lost book.

use crate::book::Chapter;
use crate::diagnostics::{Diagnostic, Diagnostics, Level, panic_message};
use crate::protocol::Context;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many items per thread, starting threads costs more than it saves.
const MIN_ITEMS_PER_THREAD: usize = 16;
/// Items a thread takes at a time: small, so one huge chapter (a glossary of
/// thousands of terms) does not leave the other threads idle at the end.
const BATCH: usize = 4;

/// The threads per-chapter work uses: the machine's cores, at most eight
/// (`MDBOOK_HANDBOOK_THREADS` sets it, e.g. `1` to profile one thread).
pub fn threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| {
        std::env::var("MDBOOK_HANDBOOK_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .min(8)
    })
}

/// Frees the book's chapters (their texts, parses and outlines: thousands
/// of small allocations in a large book) on another thread while the
/// pipeline writes the book back, instead of before. A small book, or a
/// machine with one thread, frees them here.
pub fn drop_behind(chapters: Vec<Chapter>) {
    if threads() < 2 || chapters.len() < MIN_ITEMS_PER_THREAD * 4 {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("mdbook-handbook-free".to_owned())
        .spawn(move || drop(chapters));
    // If no thread can start, `spawn` dropped the chapters already.
    drop(spawned);
}

/// `f` over every item, on every core; results in item order. An item whose
/// `f` panicked comes back as `Err` with the panic's message.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<Result<R, String>> {
    let one = |item: &T| catch_unwind(AssertUnwindSafe(|| f(item))).map_err(|p| panic_message(p.as_ref()));
    let threads = threads().min(items.len() / MIN_ITEMS_PER_THREAD);
    if threads < 2 {
        return items.iter().map(one).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(BATCH, Ordering::Relaxed);
            let Some(batch) = items
                .get(start..(start + BATCH).min(items.len()))
                .filter(|b| !b.is_empty())
            else {
                return done;
            };
            done.extend(batch.iter().enumerate().map(|(i, item)| (start + i, one(item))));
        }
    };
    let mut slots: Vec<Option<Result<R, String>>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    let mut place = |done: Vec<(usize, Result<R, String>)>| {
        for (i, result) in done {
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(result);
            }
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        place(work());
        for helper in helpers {
            // Each item's panic is caught above; a thread can only fail
            // outside one, and its items then read as crashed below.
            if let Ok(done) = helper.join() {
                place(done);
            }
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.unwrap_or_else(|| Err("a worker thread stopped before this item".to_owned())))
        .collect()
}

/// `read` over every chapter, on every core, each with its own diagnostics,
/// merged in book order so the output is the same on any machine. A chapter
/// whose `read` panicked comes back `None`, with an `internal-panic` error.
pub fn read_chapters<R: Send>(
    ctx: &Context,
    chapters: &[Chapter],
    capability: &str,
    diagnostics: &mut Diagnostics,
    read: impl Fn(usize, &Chapter, &mut Diagnostics) -> R + Sync,
) -> Vec<Option<R>> {
    let indexed: Vec<(usize, &Chapter)> = chapters.iter().enumerate().collect();
    let results = map(&indexed, |&(index, chapter)| {
        let mut found = Diagnostics::new();
        let value = read(index, chapter, &mut found);
        (value, found)
    });
    results
        .into_iter()
        .zip(chapters)
        .map(|(result, chapter)| match result {
            Ok((value, found)) => {
                diagnostics.extend(found);
                Some(value)
            }
            Err(why) => {
                diagnostics.push(crashed(&ctx.display_path(chapter), capability, &why));
                None
            }
        })
        .collect()
}

/// The error a chapter's crash becomes: the build fails, and says where.
pub fn crashed(file: &Path, capability: &str, why: &str) -> Diagnostic {
    Diagnostic::new(
        Level::Error,
        "internal-panic",
        format!(
            "{capability} crashed reading this page (a bug in mdbook-handbook, please report it with the page); \
             {capability} left it as written: {why}"
        ),
    )
    .in_file(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_with_each_panic_in_its_place() {
        let items: Vec<usize> = (0..1000).collect();
        let out = map(&items, |&i| {
            assert!(i % 97 != 13, "item {i} panics");
            i * 2
        });
        assert_eq!(out.len(), items.len());
        for (i, result) in out.iter().enumerate() {
            match result {
                Ok(v) => assert_eq!(*v, i * 2),
                Err(why) => {
                    assert_eq!(i % 97, 13);
                    assert!(why.contains(&format!("item {i} panics")), "{why}");
                }
            }
        }
        assert_eq!(out.iter().filter(|r| r.is_err()).count(), 11);
    }

    #[test]
    fn a_chapter_that_panics_is_an_error_naming_it_and_the_others_are_read() {
        let ctx = Context::new("/book".into(), "html", "0.5.4", serde_json::json!({}));
        let chapters: Vec<Chapter> = (0..100)
            .map(|i| {
                Chapter::synthetic(
                    &format!("C{i}"),
                    &format!("c{i}.md"),
                    if i == 42 { "boom" } else { "ok" },
                )
            })
            .collect();
        let mut diagnostics = Diagnostics::new();
        let read = read_chapters(&ctx, &chapters, "status", &mut diagnostics, |i, chapter, found| {
            assert!(chapter.content != "boom", "a bug");
            if i % 10 == 0 {
                found.push(Diagnostic::new(Level::Warning, "w", format!("chapter {i}")));
            }
            i
        });
        assert_eq!(read.len(), 100);
        assert_eq!(read[42], None);
        assert!(read.iter().enumerate().all(|(i, r)| i == 42 || *r == Some(i)));
        let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        // Each chapter's diagnostics in book order, the crash in its place.
        let expected: Vec<String> = (0..100)
            .filter(|i| i % 10 == 0 || *i == 42)
            .map(|i| match i {
                42 => "src/c42.md: error[internal-panic]: status crashed reading this page (a bug in mdbook-handbook, \
                       please report it with the page); status left it as written: a bug"
                    .to_owned(),
                i => format!("warning[w]: chapter {i}"),
            })
            .collect();
        assert_eq!(lines, expected);
    }

    #[test]
    fn few_items_run_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let out = map(&[1, 2, 3], |_| std::thread::current().id());
        assert!(out.iter().all(|r| r.as_ref().is_ok_and(|id| *id == caller)));
        assert!(map(&[] as &[u8], |_| 0).is_empty());
    }
}

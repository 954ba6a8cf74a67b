//! `bench real-books [--runs R] [--mdbook PATH] DIR...`: the suite's warm
//! `mdbook build` overhead on real books (issue 25's figure: at most 20%).
//!
//! Each DIR is a book as its authors keep it (a `book.toml` without the
//! suite). The bench installs the suite the way a user does
//! (`mdbook-handbook install DIR`, the binary built next to the bench, first
//! on PATH), then times `mdbook build` with the author's `book.toml` and with
//! the installed one, alternating, R runs each after one untimed warm-up of
//! each (the suite's cache and the page cache are warm, as on an
//! `mdbook serve` save). A third configuration, the author's `book.toml`
//! with a typed no-op plugin, is the floor every preprocessor pays: mdBook
//! writes the book as JSON to it and reads it back, once per renderer. The
//! author's `book.toml` is put back at the end; the files `install` wrote
//! next to it (the stylesheet) stay.
//!
//! `bench drift-history [--runs R] [--mdbook PATH] [--pages N] DIR`: a warm
//! rebuild of a book whose pages declare code, drift on against drift off
//! (issue 25: drift adds at most 30 ms in a 5,000-commit repository). The
//! first N chapters (default 5) each get a `describes` front matter naming
//! three tracked files outside `src/` (repository paths), in a copy of the book's
//! folder inside its own work tree (`DIR/.drift-bench`, removed at the end).

use super::{median, suite_binary};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Options {
    runs: usize,
    mdbook: PathBuf,
    pages: usize,
    books: Vec<PathBuf>,
}

fn parse(args: &[String], what: &str) -> Result<Options, String> {
    let mut o = Options {
        runs: 7,
        mdbook: PathBuf::from("mdbook"),
        pages: 5,
        books: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--runs" => o.runs = value()?.parse::<usize>().map_err(|e| format!("--runs: {e}"))?.max(1),
            "--pages" => o.pages = value()?.parse::<usize>().map_err(|e| format!("--pages: {e}"))?.max(1),
            "--mdbook" => o.mdbook = PathBuf::from(value()?),
            "--book" => o.books.push(PathBuf::from(value()?)),
            flag if flag.starts_with("--") => {
                return Err(format!(
                    "unknown option {flag} (bench {what}: --runs --mdbook --pages [--book] DIR...)"
                ));
            }
            dir => o.books.push(PathBuf::from(dir)),
        }
    }
    if o.books.is_empty() {
        return Err(format!("bench {what} needs at least one book folder"));
    }
    Ok(o)
}

/// PATH with the suite built next to the bench first, so the installed
/// `[preprocessor.handbook]` runs this build's binary.
fn path_with_suite() -> Result<std::ffi::OsString, String> {
    let suite = suite_binary("mdbook-handbook")?;
    let dir = suite.parent().ok_or("the suite binary has no folder")?.to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(&rest))).map_err(|e| e.to_string())
}

/// One `mdbook build` of `root` into a scratch folder, timed; fails on a
/// failed build (a figure of a broken build means nothing).
fn build(mdbook: &Path, root: &Path, out: &Path, path: &std::ffi::OsStr) -> Result<Duration, String> {
    let start = Instant::now();
    let run = Command::new(mdbook)
        .arg("build")
        .arg(root)
        .arg("-d")
        .arg(out)
        .env("PATH", path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("{}: {e}", mdbook.display()))?;
    let took = start.elapsed();
    if !run.status.success() {
        let err = String::from_utf8_lossy(&run.stderr);
        let tail: Vec<&str> = err.lines().rev().take(6).collect();
        return Err(format!(
            "mdbook build {} failed: {}",
            root.display(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    Ok(took)
}

/// Times several configurations of one book in turn (A, B, C, A, B, C …)
/// after a warm-up of each; `set(i)` writes configuration `i`. Each list
/// of times comes back sorted.
fn alternate(
    configs: usize,
    runs: usize,
    mut set: impl FnMut(usize) -> Result<(), String>,
    mut build_once: impl FnMut() -> Result<Duration, String>,
) -> Result<Vec<Vec<Duration>>, String> {
    let mut times = vec![Vec::with_capacity(runs); configs];
    for i in 0..configs {
        set(i)?;
        build_once()?;
    }
    for _ in 0..runs {
        for (i, list) in times.iter_mut().enumerate() {
            set(i)?;
            list.push(build_once()?);
        }
    }
    for list in &mut times {
        list.sort();
    }
    Ok(times)
}

/// The author's `book.toml` plus the typed no-op plugin (this bench's
/// `typed`, on mdBook's `mdbook-preprocessor`): what any preprocessor costs
/// the book, mdBook's own JSON round trip included, once per renderer.
fn with_typed_noop(book_toml: &str) -> Result<String, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let command = toml::Value::String(format!("'{}' typed", me.display()));
    Ok(format!(
        "{book_toml}\n[preprocessor.bench-typed-noop]\ncommand = {command}\n"
    ))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn commits(dir: &Path) -> String {
    Command::new("git")
        .args(["rev-list", "--count", "HEAD"])
        .current_dir(dir)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or_else(
            || "-".to_owned(),
            |o| String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        )
}

pub(crate) fn bench(args: &[String]) -> Result<(), String> {
    let o = parse(args, "real-books")?;
    let path = path_with_suite()?;
    let suite = suite_binary("mdbook-handbook")?;
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    println!(
        "warm `mdbook build`, {} alternating runs each, medians; floor: the same book with a typed no-op plugin\n",
        o.runs
    );
    println!(
        "{:<28} {:>8} {:>9} {:>9} {:>9} {:>9} {:>10} {:>10}",
        "book", "commits", "bare ms", "floor ms", "suite ms", "+ms", "overhead", "vs floor"
    );
    for root in &o.books {
        let toml_path = root.join("book.toml");
        let before = std::fs::read_to_string(&toml_path).map_err(|e| format!("{}: {e}", toml_path.display()))?;
        if before.contains("[preprocessor.handbook") {
            return Err(format!("{}: give the book before `install`", toml_path.display()));
        }
        let installed = Command::new(&suite)
            .arg("install")
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        let after = std::fs::read_to_string(&toml_path).map_err(|e| e.to_string())?;
        if !installed.success() || after == before {
            let _ = std::fs::write(&toml_path, &before);
            return Err(format!("{}: `mdbook-handbook install` failed", root.display()));
        }
        let out = scratch.path().join("out");
        let typed = with_typed_noop(&before)?;
        let configs = [&before, &typed, &after];
        let result = alternate(
            configs.len(),
            o.runs,
            |i| std::fs::write(&toml_path, configs[i]).map_err(|e| e.to_string()),
            || build(&o.mdbook, root, &out, &path),
        );
        std::fs::write(&toml_path, &before).map_err(|e| e.to_string())?;
        let times = result?;
        let [bare, floor, with] = [0, 1, 2].map(|i| ms(median(&times[i])));
        let name = root
            .file_name()
            .map_or_else(|| root.display().to_string(), |n| n.to_string_lossy().into_owned());
        println!(
            "{:<28} {:>8} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1}% {:>9.1}%",
            name,
            commits(root),
            bare,
            floor,
            with,
            with - bare,
            (with / bare.max(1e-9) - 1.0) * 100.0,
            (with / floor.max(1e-9) - 1.0) * 100.0
        );
    }
    Ok(())
}

/// Up to three tracked files outside the book's `src/`, for one page's
/// `describes` (repository-relative paths, `:/` form).
fn tracked_files(root: &Path, count: usize) -> Result<Vec<String>, String> {
    let out = Command::new("git")
        .args(["ls-files", "--full-name", ":(top)"])
        .current_dir(root)
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut files: Vec<String> = text
        .lines()
        .filter(|l| !l.contains("/src/") && !l.starts_with("src/") && !l.ends_with(".md"))
        .filter(|l| l.chars().all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c)))
        .map(str::to_owned)
        .collect();
    files.sort();
    let step = (files.len() / count.max(1)).max(1);
    Ok(files.into_iter().step_by(step).take(count).collect())
}

pub(crate) fn drift_history(args: &[String]) -> Result<(), String> {
    let o = parse(args, "drift-history")?;
    let path = path_with_suite()?;
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    for root in &o.books {
        let copy = root.join(".drift-bench");
        let _ = std::fs::remove_dir_all(&copy);
        copy_dir(root, &copy).map_err(|e| format!("copying {}: {e}", root.display()))?;
        let result = drift_history_one(&o, root, &copy, &path, scratch.path());
        let _ = std::fs::remove_dir_all(&copy);
        result?;
    }
    Ok(())
}

fn drift_history_one(
    o: &Options,
    root: &Path,
    copy: &Path,
    path: &std::ffi::OsStr,
    scratch: &Path,
) -> Result<(), String> {
    let files = tracked_files(root, o.pages * 3)?;
    if files.is_empty() {
        return Err(format!("{}: no tracked file outside src/ to declare", root.display()));
    }
    // The suite installed, drift on; the same book with drift off.
    let toml_path = copy.join("book.toml");
    let base = std::fs::read_to_string(&toml_path).map_err(|e| e.to_string())?;
    let suite = suite_binary("mdbook-handbook")?;
    Command::new(&suite)
        .arg("install")
        .arg(copy)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    let on = std::fs::read_to_string(&toml_path).map_err(|e| e.to_string())?;
    if on == base {
        return Err(format!("{}: `mdbook-handbook install` changed nothing", copy.display()));
    }
    let off = format!("{on}\n[preprocessor.handbook.drift]\nenable = false\n");
    let chapters = declare(copy, &files, o.pages)?;
    let out = scratch.join("drift-out");
    let configs = [&on, &off];
    let times = alternate(
        configs.len(),
        o.runs,
        |i| std::fs::write(&toml_path, configs[i]).map_err(|e| e.to_string()),
        || build(&o.mdbook, copy, &out, path),
    )?;
    let (on_times, off_times) = (&times[0], &times[1]);
    let (on_ms, off_ms) = (ms(median(on_times)), ms(median(off_times)));
    println!(
        "{}: {} commits, {chapters} pages declaring {} files; warm rebuild, {} alternating runs, medians",
        root.display(),
        commits(root),
        files.len(),
        o.runs
    );
    println!(
        "  drift off {off_ms:>8.1} ms\n  drift on  {on_ms:>8.1} ms\n  drift adds {:>7.1} ms",
        on_ms - off_ms
    );
    Ok(())
}

/// Gives the first `pages` chapter files of SUMMARY.md a `describes` front
/// matter naming three of `files` each (repository paths, as `describes` takes them).
fn declare(copy: &Path, files: &[String], pages: usize) -> Result<usize, String> {
    let src = copy.join("src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).map_err(|e| e.to_string())?;
    let mut done = 0;
    for target in summary
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|t| t.ends_with(".md") && !t.contains("://"))
    {
        if done == pages {
            break;
        }
        let page = src.join(target);
        let Ok(text) = std::fs::read_to_string(&page) else {
            continue;
        };
        if text.starts_with("---") {
            continue;
        }
        let describes: Vec<String> = files
            .iter()
            .skip(done * 3)
            .take(3)
            .map(|f| format!("  - {f}"))
            .collect();
        if describes.is_empty() {
            break;
        }
        let front = format!("---\ndescribes:\n{}\nreviewed: 2020-01-01\n---\n", describes.join("\n"));
        std::fs::write(&page, format!("{front}{text}")).map_err(|e| e.to_string())?;
        done += 1;
    }
    Ok(done)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if [
            ".git",
            ".handbook-cache",
            ".drift-bench",
            "book",
            "target",
            "node_modules",
        ]
        .iter()
        .any(|skip| name == *skip)
        {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_dir(&entry.path(), &to.join(&name))?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

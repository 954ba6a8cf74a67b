//! The benchmark command: `cargo run --release --example bench -- [options]`.
//!
//! Generates a seeded synthetic handbook, turns it into the exact JSON mdBook
//! sends a preprocessor, and times `mdbook-handbook` built next to this one
//! (the whole suite, then each capability alone) against the bare protocol
//! floor (parse the input, write it back, nothing else), over repeated runs:
//! min / median / max and the ratio to the floor.
//!
//! The suite is also measured against a **typed no-op plugin** (`bench typed`:
//! mdBook's own `mdbook-preprocessor` crate deserialises the context and the
//! book and serialises the book back, what every plugin pays), and the
//! markdown parses per chapter of one build are printed (the suite's own
//! count, `MDBOOK_HANDBOOK_TIMINGS=1`). `--input FILE` times a captured input
//! instead of the synthetic book (`bench capture --book DIR --out FILE`
//! writes one: the Rust Book as mdBook hands it to a preprocessor).
//!
//! `bench generate --out DIR` only writes the book; `bench floor` *is* the
//! floor preprocessor (usable from book.toml). `bench git` times the change-log
//! git history: one `git log` pass against one `git log -1` per page (git.rs).
//! `bench drift` times handbook-drift with its git pass (drift.rs).
//! `bench sizes` runs issue #9's size cases at full and half size (sizes.rs).
//! `bench mermaid` times one diagram of each Mermaid type, cold and warm (mermaid.rs).
//! `bench real-books DIR...` times warm `mdbook build` of real books with and
//! without the suite; `bench drift-history DIR` a warm rebuild with pages that
//! declare code, drift on against off (real_books.rs).

#![allow(clippy::print_stdout)] // the report on stdout is what the bench is for

mod diagrams;
mod drift;
mod git;
mod glossary;
mod history;
mod mermaid;
mod real_books;
mod size_cases;
mod sizes;
mod synthetic;

use handbook_core::protocol;
use mdbook_driver::builtin_preprocessors::{IndexPreprocessor, LinkPreprocessor};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("floor") => return floor(&args[1..]),
        Some("typed") => return typed(&args[1..]),
        Some("capture") => capture_input(&args[1..]),
        Some("generate") => generate_only(&args[1..]),
        Some("git") => git::bench(&args[1..]),
        Some("drift") => drift::bench(&args[1..]),
        Some("glossary") => glossary::bench(&args[1..]),
        Some("diagrams") => diagrams::bench(&args[1..]),
        Some("mermaid") => mermaid::bench(&args[1..]),
        Some("sizes") => sizes::bench(&args[1..]),
        Some("real-books") => real_books::bench(&args[1..]),
        Some("drift-history") => real_books::drift_history(&args[1..]),
        _ => bench(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The protocol floor as a preprocessor: what every suite binary pays at least.
fn floor(args: &[String]) -> ExitCode {
    if args.first().is_some_and(|a| a == "supports") {
        return ExitCode::SUCCESS;
    }
    let mut input = String::new();
    if std::io::stdin().read_to_string(&mut input).is_err() {
        return ExitCode::FAILURE;
    }
    match protocol::parse_input(&input).and_then(|(_, book)| protocol::write_book(std::io::stdout().lock(), &book)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A typed no-op plugin on mdBook's `mdbook-preprocessor` crate: the context
/// and the book deserialised into mdBook's types, the book written back.
fn typed(args: &[String]) -> ExitCode {
    if args.first().is_some_and(|a| a == "supports") {
        return ExitCode::SUCCESS;
    }
    let run = || -> Result<(), String> {
        let (_ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin().lock()).map_err(|e| format!("{e:#}"))?;
        serde_json::to_writer(std::io::stdout().lock(), &book).map_err(|e| e.to_string())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("typed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `bench capture --book DIR --out FILE`: the JSON mdBook hands a
/// preprocessor for the book at DIR, for `--input` (kept out of the repo).
fn capture_input(args: &[String]) -> Result<(), String> {
    let mut it = args.iter();
    let (mut book, mut out) = (None, None);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--book" => book = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            other => return Err(format!("unknown option {other}")),
        }
    }
    let (book, out) = (
        book.ok_or("capture needs --book DIR")?,
        out.ok_or("capture needs --out FILE")?,
    );
    let input = protocol_input(&book)?;
    std::fs::write(&out, &input).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("wrote {} ({:.1} MB)", out.display(), mb(input.len()));
    Ok(())
}

struct Options {
    sizes: synthetic::Sizes,
    runs: usize,
    out: Option<PathBuf>,
    /// Set the book up as `mdbook-handbook install` does: one stylesheet file.
    installed_css: bool,
    /// A captured protocol input to time instead of the synthetic book.
    input: Option<PathBuf>,
    /// Only the floors, the typed plugin and the whole suite (no capability alone).
    suite_only: bool,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        sizes: synthetic::Sizes {
            chapters: 2000,
            adrs: 200,
            terms: 300,
            diagrams: 60,
            seed: 42,
        },
        runs: 11,
        out: None,
        installed_css: false,
        input: None,
        suite_only: false,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |v: &String| v.parse::<usize>().map_err(|_| format!("{flag}: `{v}` is not a number"));
        match flag.as_str() {
            "--chapters" => o.sizes.chapters = number(value()?)?,
            "--adrs" => o.sizes.adrs = number(value()?)?,
            "--terms" => o.sizes.terms = number(value()?)?,
            "--diagrams" => o.sizes.diagrams = number(value()?)?,
            "--seed" => o.sizes.seed = number(value()?)? as u64,
            "--runs" => o.runs = number(value()?)?.max(1),
            "--out" => o.out = Some(PathBuf::from(value()?)),
            "--installed-css" => o.installed_css = true,
            "--input" => o.input = Some(PathBuf::from(value()?)),
            "--suite-only" => o.suite_only = true,
            "--help" | "-h" => {
                return Err("usage: bench [generate --out DIR] [--chapters N] [--adrs M] [--terms K] [--diagrams D] [--seed S] [--runs R] [--installed-css] [--input FILE] [--suite-only] | typed | capture --book DIR --out FILE".into())
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(o)
}

fn generate_only(args: &[String]) -> Result<(), String> {
    let o = parse_options(args)?;
    let out = o.out.ok_or("generate needs --out DIR")?;
    let bytes = synthetic::generate(&out, o.sizes).map_err(|e| e.to_string())?;
    eprintln!(
        "wrote {} ({} chapters, {bytes} bytes of markdown)",
        out.display(),
        o.sizes.chapters
    );
    Ok(())
}

/// The JSON mdBook 0.5 writes to a preprocessor's stdin for this book.
fn protocol_input(root: &Path) -> Result<String, String> {
    let md = mdbook_driver::MDBook::load(root).map_err(|e| format!("{e:#}"))?;
    let ctx = PreprocessorContext::new(root.to_path_buf(), md.config.clone(), "html".to_owned());
    // mdBook's own preprocessors run before the suite (`after = ["links"]`).
    let book = IndexPreprocessor::new()
        .run(&ctx, md.book.clone())
        .and_then(|book| LinkPreprocessor::new().run(&ctx, book))
        .map_err(|e| format!("{e:#}"))?;
    serde_json::to_string(&(ctx, &book)).map_err(|e| e.to_string())
}

fn bench(args: &[String]) -> Result<(), String> {
    let o = parse_options(args)?;
    if let Some(path) = &o.input {
        let input = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        println!(
            "captured input {}: {:.1} MB, {} runs each\n",
            path.display(),
            mb(input.len()),
            o.runs
        );
        return against_floors(&o, &input, false);
    }
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = o.out.clone().unwrap_or_else(|| temp.path().to_path_buf());
    let bytes = synthetic::generate(&root, o.sizes).map_err(|e| e.to_string())?;
    if o.installed_css {
        let css = handbook_core::html::STYLESHEET_FILE;
        let js = handbook_core::html::VIEWER_FILE;
        std::fs::write(root.join(css), handbook_core::html::stylesheet_file("")).map_err(|e| e.to_string())?;
        std::fs::write(root.join(js), handbook_core::html::viewer_file()).map_err(|e| e.to_string())?;
        let toml = std::fs::read_to_string(root.join("book.toml")).map_err(|e| e.to_string())?;
        let toml = format!("{toml}\n[output.html]\nadditional-css = [\"{css}\"]\nadditional-js = [\"{js}\"]\n");
        std::fs::write(root.join("book.toml"), toml).map_err(|e| e.to_string())?;
    }
    let input = protocol_input(&root)?;
    let s = o.sizes;
    println!(
        "synthetic handbook: {} chapters, {} ADRs, {} terms, {} diagrams, seed {}",
        s.chapters, s.adrs, s.terms, s.diagrams, s.seed
    );
    println!(
        "markdown {:.1} MB, protocol input {:.1} MB, {} runs each\n",
        mb(bytes),
        mb(input.len()),
        o.runs
    );
    against_floors(&o, &input, !o.suite_only)
}

/// The floors, the typed no-op plugin, the parse count and the suite, in one
/// run; with `each`, every capability alone and the links rows too.
fn against_floors(o: &Options, input: &str, each: bool) -> Result<(), String> {
    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>8}",
        "what", "min ms", "median", "max ms", "x floor"
    );

    let in_process = time(o.runs, || {
        let (_, book) = protocol::parse_input(input).map_err(|e| e.to_string())?;
        protocol::write_book(std::io::sink(), &book).map_err(|e| e.to_string())
    })?;
    row("floor, in process (parse + write)", &in_process, None);

    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let floor_stats = time(o.runs, || run_binary(&me, &["floor"], input))?;
    row("floor, as a preprocessor process", &floor_stats, None);
    let floor_median = median(&floor_stats);
    let typed_stats = time(o.runs, || run_binary(&me, &["typed"], input))?;
    row(
        "typed no-op plugin (mdbook-preprocessor)",
        &typed_stats,
        Some(floor_median),
    );
    let typed_median = median(&typed_stats);

    // The one preprocessor: the whole suite in one process, then each
    // capability alone (`only = [...]`), all against the same floor.
    let suite = suite_binary("mdbook-handbook")?;
    let stats = time(o.runs, || run_binary(&suite, &[], input))?;
    row("mdbook-handbook (every capability)", &stats, Some(floor_median));
    println!(
        "{:<34} {:>38.2}",
        "  x typed no-op plugin",
        median(&stats).as_secs_f64() / typed_median.as_secs_f64().max(1e-12)
    );
    println!("{}", parses_per_chapter(&suite, input)?);
    if !each {
        return Ok(());
    }
    for capability in mdbook_handbook::suite::names() {
        let alone = with_only(input, capability)?;
        let stats = time(o.runs, || run_binary(&suite, &[], &alone))?;
        row(&format!("  only {capability}"), &stats, Some(floor_median));
    }
    links_with_a_renamed_page(o.runs, &suite, input, floor_median)?;
    links_in_process(o.runs, input, floor_median)?;
    Ok(())
}

/// One build of the whole suite with `MDBOOK_HANDBOOK_TIMINGS=1`: the
/// markdown parses it counted, per chapter and per text version (a chapter as
/// read, and each text a capability's splices made of it: issue 28 asks for at
/// most one parse of each).
fn parses_per_chapter(suite: &Path, input: &str) -> Result<String, String> {
    let mut child = Command::new(suite)
        .env("MDBOOK_HANDBOOK_TIMINGS", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix("mdbook-handbook parses: "))
        .ok_or("the suite printed no parse count")?;
    let mut numbers = line.split_whitespace().filter_map(|w| w.parse::<f64>().ok());
    let (parses, chapters, versions) = (
        numbers.next().unwrap_or(0.0),
        numbers.next().unwrap_or(0.0),
        numbers.next().unwrap_or(0.0),
    );
    Ok(format!(
        "markdown parses per chapter, one build: {:.2} ({parses} over {chapters} chapters); per text version: {:.2} ({versions} versions)",
        parses / chapters.max(1.0),
        parses / versions.max(1.0)
    ))
}

/// The links check's own work (scan every chapter, resolve every link), as
/// it adds to the one process that runs the whole suite: the protocol and
/// the core's preparation are paid once there, not per capability.
fn links_in_process(runs: usize, input: &str, floor_median: Duration) -> Result<(), String> {
    use handbook_core::protocol::HandbookPreprocessor;
    let (ctx, book) = protocol::parse_input(input).map_err(|e| e.to_string())?;
    let chapters = book.chapters_as_read();
    let config = handbook_links::config::LinksConfig::default();
    let stats = time(runs, || {
        let mut diagnostics = handbook_core::Diagnostics::new();
        let mut facts = handbook_core::Facts::default();
        let edits = handbook_links::LinksPreprocessor.run(&ctx, &config, &chapters, &mut facts, &mut diagnostics);
        if edits.is_empty() && diagnostics.count(handbook_core::Level::Error) == 0 {
            Ok(())
        } else {
            Err("the links check edited the book or failed".to_owned())
        }
    })?;
    row("links, its own work in process", &stats, Some(floor_median));
    Ok(())
}

/// The links check when a page is renamed and every link to it breaks (each
/// chapter's `../index.md` becomes `../indx.md`: thousands of broken links to
/// one missing name), alone in the suite, against the same floor.
fn links_with_a_renamed_page(runs: usize, suite: &Path, input: &str, floor_median: Duration) -> Result<(), String> {
    let broken = with_only(&input.replace("(../index.md)", "(../indx.md)"), "links")?;
    let stats = time(runs, || run_binary(suite, &[], &broken))?;
    row("  only links, a page renamed", &stats, Some(floor_median));
    Ok(())
}

/// The protocol input with `[preprocessor.handbook] only = [capability]`.
fn with_only(input: &str, capability: &str) -> Result<String, String> {
    let mut value: serde_json::Value = serde_json::from_str(input).map_err(|e| e.to_string())?;
    let config = value
        .get_mut(0)
        .and_then(|ctx| ctx.get_mut("config"))
        .and_then(serde_json::Value::as_object_mut)
        .ok_or("the protocol input has no config")?;
    let preprocessor = config
        .entry("preprocessor")
        .or_insert_with(|| serde_json::json!({}))
        .as_object_mut()
        .ok_or("`preprocessor` is not a table")?;
    let suite = preprocessor
        .entry("handbook")
        .or_insert_with(|| serde_json::json!({}))
        .as_object_mut()
        .ok_or("`preprocessor.handbook` is not a table")?;
    suite.insert("only".to_owned(), serde_json::json!([capability]));
    Ok(value.to_string())
}

/// A binary of the package built next to the bench (`target/release/NAME`),
/// or the command that builds it.
fn suite_binary(name: &str) -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    me.parent()
        .and_then(Path::parent)
        .map(|d| d.join(name))
        .filter(|p| p.exists())
        .ok_or_else(|| format!("{name} is not built next to the bench: `cargo build --release --bins`"))
}

fn run_binary(binary: &Path, args: &[&str], input: &str) -> Result<(), String> {
    let out = capture(binary, args, input)?;
    if out.is_empty() {
        return Err(format!("{} wrote no book", binary.display()));
    }
    Ok(())
}

/// Runs a preprocessor on `input` as mdBook would; returns what it wrote to stdout.
fn capture(binary: &Path, args: &[&str], input: &str) -> Result<Vec<u8>, String> {
    let mut child = Command::new(binary)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let data = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(data.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(format!("{} failed ({})", binary.display(), output.status));
    }
    Ok(output.stdout)
}

fn time(runs: usize, mut f: impl FnMut() -> Result<(), String>) -> Result<Vec<Duration>, String> {
    f()?; // warm the page cache and the allocator
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        out.push(start.elapsed());
    }
    out.sort();
    Ok(out)
}

fn median(sorted: &[Duration]) -> Duration {
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

fn row(what: &str, sorted: &[Duration], floor: Option<Duration>) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (min, med, max) = (
        sorted.first().copied().unwrap_or_default(),
        median(sorted),
        sorted.last().copied().unwrap_or_default(),
    );
    let ratio = floor.map_or(String::from("-"), |f| format!("{:.2}", ms(med) / ms(f).max(1e-9)));
    println!(
        "{what:<34} {:>9.1} {:>9.1} {:>9.1} {:>8}",
        ms(min),
        ms(med),
        ms(max),
        ratio
    );
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

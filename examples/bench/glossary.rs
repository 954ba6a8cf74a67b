//! `bench glossary [--termlink PATH] [--termlink-runs N] [--save-input FILE] [bench options]`: mdbook-handbook-glossary
//! side by side with the published mdbook-termlink, on the same synthetic
//! book and the same glossary (defaults: 1,000 terms over about 20 MB of
//! markdown, 16,000 chapters).
//!
//! Both read `glossary.md`, a definition list of `T0000X` terms, and link
//! the first occurrence of each term per page (termlink: `glossary-path =
//! "glossary.md"`, its defaults otherwise; the terms are acronyms, which
//! the suite matches case-sensitively and termlink case-insensitively: on
//! this book the matches are the same). termlink is a comparison only,
//! never a dependency: install it with
//! `cargo install --locked mdbook-termlink --root /opt/termlink`.
//! It is very slow on this book (measured: about 250 s for 160 chapters and
//! 1,000 terms; the 20 MB book did not finish in 15 minutes), so it runs
//! `--termlink-runs` times (default 1) without a warm-up; use `--chapters`
//! to compare on a smaller book.

use std::path::{Path, PathBuf};

const DEFAULT_TERMLINK: &str = "/opt/termlink/bin/mdbook-termlink";

pub(crate) fn bench(args: &[String]) -> Result<(), String> {
    let mut termlink = PathBuf::from(DEFAULT_TERMLINK);
    let mut save_input = None;
    let mut termlink_runs = 1;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--termlink" {
            termlink = PathBuf::from(it.next().ok_or("--termlink needs a path")?);
        } else if a == "--termlink-runs" {
            let v = it.next().ok_or("--termlink-runs needs a number")?;
            termlink_runs = v
                .parse::<usize>()
                .map_err(|_| format!("--termlink-runs: `{v}` is not a number"))?
                .max(1);
        } else if a == "--save-input" {
            save_input = Some(PathBuf::from(it.next().ok_or("--save-input needs a path")?));
        } else {
            rest.push(a.clone());
        }
    }
    let mut o = super::parse_options(&rest)?;
    if !rest.iter().any(|a| a == "--terms") {
        o.sizes.terms = 1000;
    }
    if !rest.iter().any(|a| a == "--chapters") {
        o.sizes.chapters = 16_000;
    }
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let ours = super::suite_binary("mdbook-handbook")?;

    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = o.out.clone().unwrap_or_else(|| temp.path().to_path_buf());
    let bytes = super::synthetic::generate(&root, o.sizes).map_err(|e| e.to_string())?;
    let toml = root.join("book.toml");
    let mut config = std::fs::read_to_string(&toml).map_err(|e| e.to_string())?;
    config.push_str("\n[preprocessor.termlink]\nglossary-path = \"glossary.md\"\n");
    std::fs::write(&toml, config).map_err(|e| e.to_string())?;
    let input = super::protocol_input(&root)?;
    if let Some(path) = save_input {
        std::fs::write(&path, &input).map_err(|e| format!("{}: {e}", path.display()))?;
    }

    println!(
        "glossary side by side: {} chapters, {} terms, markdown {:.1} MB, protocol input {:.1} MB, {} runs each\n",
        o.sizes.chapters,
        o.sizes.terms,
        super::mb(bytes),
        super::mb(input.len()),
        o.runs
    );
    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>8}",
        "what", "min ms", "median", "max ms", "x floor"
    );
    let floor = super::time(o.runs, || super::run_binary(&me, &["floor"], &input))?;
    super::row("floor, as a preprocessor process", &floor, None);
    let floor_median = super::median(&floor);

    let ours_input = super::with_only(&input, "glossary")?;
    let ours_stats = super::time(o.runs, || super::run_binary(&ours, &[], &ours_input))?;
    super::row("mdbook-handbook-glossary", &ours_stats, Some(floor_median));
    let ours_links = count(&run_capture(&ours, &ours_input)?, "class=\\\"hb-term\\\"");

    if !termlink.exists() {
        println!(
            "\nmdbook-termlink: not found at {} (install: cargo install --locked mdbook-termlink --root /opt/termlink)",
            termlink.display()
        );
        println!("mdbook-handbook-glossary: {ours_links} links");
        return Ok(());
    }
    // termlink is slow on this book: no warm-up run (the page cache is warm by now), few runs.
    let mut theirs_stats = Vec::new();
    let mut theirs_links = 0;
    for _ in 0..termlink_runs {
        let start = std::time::Instant::now();
        let output = run_capture(&termlink, &input)?;
        theirs_stats.push(start.elapsed());
        theirs_links = count(&output, "class=\\\"glossary-term\\\"");
    }
    theirs_stats.sort();
    super::row("mdbook-termlink 0.1.2", &theirs_stats, Some(floor_median));

    let (a, b) = (super::median(&ours_stats), super::median(&theirs_stats));
    println!(
        "\nmedians: mdbook-handbook-glossary {:.1} ms, mdbook-termlink {:.1} ms: termlink takes {:.1}x as long",
        a.as_secs_f64() * 1e3,
        b.as_secs_f64() * 1e3,
        b.as_secs_f64() / a.as_secs_f64().max(1e-9)
    );
    println!("links made: mdbook-handbook-glossary {ours_links}, mdbook-termlink {theirs_links}");
    Ok(())
}

/// One run with its output kept, to count the links each tool made.
fn run_capture(binary: &Path, input: &str) -> Result<String, String> {
    super::capture(binary, &[], input).map(|out| String::from_utf8_lossy(&out).into_owned())
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

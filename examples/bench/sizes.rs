//! `bench sizes [--runs R] [--case NAME]`: the size cases of issue #9 at full
//! and half size (size_cases.rs): a 20 MB chapter, a 50,000-row table, lists
//! and quotes nested 1,000 deep, 10,000 glossary terms, 10,000 ADRs, a
//! supersede cycle of 1,000. Each book is written to disk and read by
//! mdBook, so the input is the JSON mdBook 0.5 sends; then the protocol
//! floor and each preprocessor the case is about run on it as processes,
//! median of R runs. The last table compares time ratios with size ratios:
//! linear work takes about twice as long at twice the size.

use super::size_cases::{CASES, Case, SizeBook};
use super::{mb, median, protocol_input, row, run_binary, suite_binary, time, with_only};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

pub(crate) fn bench(args: &[String]) -> Result<(), String> {
    let (mut runs, mut only) = (5, None);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--runs" => runs = value.parse::<usize>().map_err(|_| format!("--runs: `{value}`"))?.max(1),
            "--case" => only = Some(value.clone()),
            other => {
                return Err(format!(
                    "unknown option {other}; usage: bench sizes [--runs R] [--case NAME]"
                ));
            }
        }
    }
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let suite = suite_binary("mdbook-handbook")?;
    println!("size cases, median of {runs} runs, each preprocessor as a process on the JSON mdBook 0.5 sends\n");
    let mut summary = String::new();
    for case in CASES.iter().filter(|c| only.as_deref().is_none_or(|o| o == c.name)) {
        let mut medians: Vec<(String, Duration, Duration)> = Vec::new();
        let mut bytes = [0usize; 2];
        let mut floors = [Duration::ZERO; 2];
        for (s, size) in [case.full / 2, case.full].into_iter().enumerate() {
            let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
            let book = (case.make)(size);
            bytes[s] = book.bytes();
            write_book(temp.path(), &book).map_err(|e| e.to_string())?;
            let input = protocol_input(temp.path())?;
            println!(
                "{} at {size} {}: markdown {:.1} MB in {} chapters, protocol input {:.1} MB",
                case.name,
                case.unit,
                mb(bytes[s]),
                book.chapters.len(),
                mb(input.len())
            );
            println!(
                "{:<34} {:>9} {:>9} {:>9} {:>8}",
                "what", "min ms", "median", "max ms", "x floor"
            );
            let floor = time(runs, || run_binary(&me, &["floor"], &input))?;
            row("floor, as a preprocessor process", &floor, None);
            floors[s] = median(&floor);
            for capability in mdbook_handbook::suite::names()
                .into_iter()
                .filter(|c| is_about(case, c))
            {
                let name = format!("only {capability}");
                let alone = with_only(&input, capability)?;
                let stats = time(runs, || run_binary(&suite, &[], &alone))?;
                row(&name, &stats, Some(floors[s]));
                match medians.iter_mut().find(|(n, _, _)| *n == name) {
                    Some(m) => m.2 = median(&stats),
                    None => medians.push((name, median(&stats), Duration::ZERO)),
                }
            }
            println!();
        }
        let size_ratio = bytes[1] as f64 / bytes[0].max(1) as f64;
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let _ = writeln!(
            summary,
            "{:<16} {:<26} {:>9.1} {:>9.1} {:>7.2} {:>7.2}",
            case.name,
            "floor",
            ms(floors[0]),
            ms(floors[1]),
            size_ratio,
            ms(floors[1]) / ms(floors[0]).max(1e-9)
        );
        for (name, half, full) in medians {
            let _ = writeln!(
                summary,
                "{:<16} {:<26} {:>9.1} {:>9.1} {:>7.2} {:>7.2}",
                "",
                name,
                ms(half),
                ms(full),
                size_ratio,
                ms(full) / ms(half).max(1e-9)
            );
        }
    }
    println!("linearity: median at half and full size, and full/half ratios of markdown bytes and of time");
    println!(
        "{:<16} {:<26} {:>9} {:>9} {:>7} {:>7}",
        "case", "what", "half ms", "full ms", "bytes", "time"
    );
    print!("{summary}");
    Ok(())
}

/// The capabilities a case is about (all of them when it names none).
fn is_about(case: &Case, capability: &str) -> bool {
    case.about.is_none_or(|about| about.contains(&capability))
}

/// book.toml, SUMMARY.md listing every chapter, and the chapter files.
fn write_book(root: &Path, book: &SizeBook) -> std::io::Result<()> {
    let src = root.join("src");
    std::fs::create_dir_all(&src)?;
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Size case\"\nlanguage = \"en\"\n",
    )?;
    let mut summary = String::from("# Summary\n\n");
    for (i, (path, content)) in book.chapters.iter().enumerate() {
        let _ = writeln!(summary, "- [Chapter {i}]({path})");
        let full = src.join(path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(full, content)?;
    }
    std::fs::write(src.join("SUMMARY.md"), summary)
}

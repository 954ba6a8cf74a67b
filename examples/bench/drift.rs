//! `bench drift [--chapters N] [--commits M] [--files F] [--runs R] [--out DIR]`:
//! handbook-drift on a generated repository, in process: N chapters, each
//! describing 5 things (3 files, one `path#symbol`, one glob) among F source
//! files, and a history of M commits made with `git fast-import` (a source
//! file renamed every 500 commits). Every run starts from a fresh Context.
//! Cold runs remove the kept log (`.handbook-cache/git`) first, so they pay
//! the whole `git log` pass; warm runs are a rebuild at the same HEAD, what
//! `mdbook serve` does on a save. The floor is the core's own pass over the
//! same input (parse, front matter, write nothing): the build with drift off,
//! timed in the same run.

use super::history::{self, data};
use super::{median, protocol_input, row, time};
use handbook_core::protocol;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

struct Options {
    chapters: usize,
    commits: usize,
    files: usize,
    runs: usize,
    out: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        chapters: 2000,
        commits: 5000,
        files: 1000,
        runs: 11,
        out: None,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{flag}: `{value}` is not a number"))
        };
        match flag.as_str() {
            "--chapters" => o.chapters = number()?.max(1),
            "--commits" => o.commits = number()?.max(2),
            "--files" => o.files = number()?.max(10),
            "--runs" => o.runs = number()?.max(1),
            "--out" => o.out = Some(PathBuf::from(value)),
            other => {
                return Err(format!(
                    "unknown option {other} (bench drift: --chapters --commits --files --runs --out)"
                ));
            }
        }
    }
    Ok(o)
}

pub(crate) fn bench(args: &[String]) -> Result<(), String> {
    let o = parse(args)?;
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let repo = o.out.clone().unwrap_or_else(|| temp.path().to_path_buf());
    let made = std::time::Instant::now();
    generate(&repo, &o)?;
    let book = repo.join("book");
    println!(
        "drift: {} chapters x 5 described paths, {} source files, {} commits (generated in {:.1} s)\n",
        o.chapters,
        o.files,
        o.commits,
        made.elapsed().as_secs_f64()
    );
    let input = protocol_input(&book)?;
    let floor = time(o.runs, || {
        let (ctx, book) = protocol::parse_input(&input).map_err(|e| e.to_string())?;
        protocol::process(&handbook_core::CoreOnly, &ctx, book).map_err(|e| e.to_string())?;
        Ok(())
    })?;
    let kept = handbook_core::paths::cache_folder(&book).join("git");
    let forget = || {
        let _ = std::fs::remove_dir_all(&kept);
    };
    let drift_run = |cold: bool| {
        let mut report = String::new();
        let runs = time(o.runs, || {
            if cold {
                forget();
            }
            let (ctx, book) = protocol::parse_input(&input).map_err(|e| e.to_string())?;
            let outcome =
                protocol::process(&handbook_drift::DriftPreprocessor, &ctx, book).map_err(|e| e.to_string())?;
            report.clear();
            let count = |code: &str| outcome.diagnostics.iter().filter(|d| d.code == code).count();
            let _ = write!(
                report,
                "{} stale, {} missing, {} unchecked",
                count("drift-stale"),
                count("drift-missing"),
                count("drift-unchecked")
            );
            Ok(())
        });
        runs.map(|r| (r, report))
    };
    let (drift_cold, _) = drift_run(true)?;
    let (drift, report) = drift_run(false)?;
    let git_pass = |cold: bool| {
        time(o.runs, || {
            if cold {
                forget();
            }
            let timeout = std::time::Duration::from_secs(120);
            handbook_core::git::load_repository(&book, Path::new("src"), timeout)
                .map(|_| ())
                .map_err(|e| format!("{e:?}"))
        })
    };
    let git_cold = git_pass(true)?;
    let git_warm = git_pass(false)?;
    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>8}",
        "what", "min ms", "median", "max ms", "x floor"
    );
    row("floor, in process (core pass)", &floor, None);
    row("the git pass alone, cold", &git_cold, Some(median(&floor)));
    row("the git pass alone, warm (kept)", &git_warm, Some(median(&floor)));
    row("handbook-drift, cold", &drift_cold, Some(median(&floor)));
    row("handbook-drift, warm rebuild", &drift, Some(median(&floor)));
    let over = |d: &[std::time::Duration]| median(d).saturating_sub(median(&floor)).as_secs_f64() * 1e3;
    println!(
        "\ndrift over the floor (the build with drift off): cold {:.1} ms (target <= 1,500 ms), \
         warm rebuild {:.1} ms (target <= 30 ms); diagnostics: {report}",
        over(&drift_cold),
        over(&drift)
    );
    Ok(())
}

/// `code/m-XX/f-NNNN.rs` source files and `book/src/part-XX/page-NNNN.md`
/// pages, every page with `describes` (3 files, a symbol, a glob) and a
/// `reviewed` date in the middle of the history.
fn generate(repo: &Path, o: &Options) -> Result<(), String> {
    history::init(repo)?;
    let mut files: Vec<String> = (0..o.files)
        .map(|i| format!("code/m-{:02}/f-{i:04}.rs", i / 50))
        .collect();
    let mut next = history::seeded(7);
    let start = 1_700_000_000u64;
    let middle = civil_day((start + o.commits as u64 * 1800) / 86_400);
    let mut stream = Vec::with_capacity(o.chapters * 400 + o.commits * 300);
    for c in 0..o.commits {
        let when = start + c as u64 * 3600;
        let _ = write!(stream, "commit refs/heads/main\nmark :{}\n", c + 1);
        let _ = writeln!(
            stream,
            "author Ana <ana@example.com> {when} +0000\ncommitter Ana <ana@example.com> {when} +0000"
        );
        if c == 0 {
            data(&mut stream, "Start");
            let mut summary = String::from("# Summary\n\n");
            for (i, f) in files.iter().enumerate() {
                let _ = writeln!(stream, "M 100644 inline {f}");
                data(&mut stream, &format!("pub fn fn_{i}() {{}}\n"));
            }
            for p in 0..o.chapters {
                let path = format!("part-{:02}/page-{p:04}.md", p / 100);
                let _ = writeln!(summary, "- [Page {p}]({path})");
                let pick = |k: usize| (p * 7 + k * 131) % o.files;
                let page = format!(
                    "---\ndescribes: [\"code/m-{:02}/f-{:04}.rs\", \"code/m-{:02}/f-{:04}.rs\", \"code/m-{:02}/f-{:04}.rs\", \
                     \"code/m-{:02}/f-{:04}.rs#fn_{}\", \"code/m-{:02}/*.rs\"]\nreviewed: {middle}\n---\n# Page {p}\n\nText.\n",
                    pick(1) / 50,
                    pick(1),
                    pick(2) / 50,
                    pick(2),
                    pick(3) / 50,
                    pick(3),
                    pick(4) / 50,
                    pick(4),
                    pick(4),
                    p % (o.files / 50).max(1),
                );
                let _ = writeln!(stream, "M 100644 inline book/src/{path}");
                data(&mut stream, &page);
            }
            for (path, text) in [
                (
                    "book/book.toml",
                    "[book]\ntitle = \"Drift bench\"\n\n[preprocessor.handbook.drift]\n".to_owned(),
                ),
                ("book/src/SUMMARY.md", summary),
            ] {
                let _ = writeln!(stream, "M 100644 inline {path}");
                data(&mut stream, &text);
            }
            continue;
        }
        if c.is_multiple_of(500) {
            let i = next(files.len());
            let new = files[i].replace(".rs", "_moved.rs");
            data(&mut stream, &format!("Move {}", files[i]));
            let _ = writeln!(stream, "from :{c}");
            let _ = writeln!(stream, "R {} {new}", files[i]);
            files[i] = new;
            continue;
        }
        let touched = 1 + next(3);
        data(&mut stream, &format!("Change {touched} file(s) <#{c}>"));
        let _ = writeln!(stream, "from :{c}");
        for _ in 0..touched {
            let i = next(files.len());
            let _ = writeln!(stream, "M 100644 inline {}", files[i]);
            data(&mut stream, &format!("pub fn fn_{i}() {{ /* {c} */ }}\n"));
        }
    }
    history::import(repo, &stream)?;
    Ok(())
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (H. Hinnant's civil_from_days).
fn civil_day(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

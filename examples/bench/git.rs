//! `bench git [--chapters N] [--commits M] [--runs R] [--per-page-runs P] [--out DIR]`:
//! the change-log preprocessor's git history on a generated repository
//! (N chapter files, M commits, a rename every 500 commits, made with
//! `git fast-import`), side by side with the one-process-per-page approach
//! (`git log -1 -- <file>` for every page) on the same repository.

use super::history::{self, data};
use super::{median, protocol_input, row, run_binary, time};
use handbook_changelog::git::{self, GitOptions};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

struct Options {
    chapters: usize,
    commits: usize,
    runs: usize,
    per_page_runs: usize,
    out: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        chapters: 2000,
        commits: 5000,
        runs: 11,
        per_page_runs: 3,
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
            "--commits" => o.commits = number()?.max(1),
            "--runs" => o.runs = number()?.max(1),
            "--per-page-runs" => o.per_page_runs = number()?.max(1),
            "--out" => o.out = Some(PathBuf::from(value)),
            other => {
                return Err(format!(
                    "unknown option {other} (bench git: --chapters --commits --runs --per-page-runs --out)"
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
    let pages = generate(&repo, o.chapters, o.commits)?;
    let book = repo.join("book");
    println!(
        "git repository: {} chapters, {} commits (generated with git fast-import in {:.1} s)\n",
        o.chapters,
        o.commits,
        made.elapsed().as_secs_f64()
    );
    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>8}",
        "what", "min ms", "median", "max ms", "x floor"
    );
    let options = GitOptions {
        follow_renames: true,
        timeout: Duration::from_secs(120),
    };
    let history = git::load(&book, Path::new("src"), options).map_err(|e| format!("{e:?}"))?;
    let mapped = pages
        .iter()
        .filter(|p| history.for_source(Path::new(p)).next().is_some())
        .count();
    let one_pass = time(o.runs, || {
        git::load(&book, Path::new("src"), options)
            .map(|_| ())
            .map_err(|e| format!("{e:?}"))
    })?;
    row("git history, one pass (in process)", &one_pass, None);
    let per_page = time(o.per_page_runs, || {
        for page in &pages {
            let out = Command::new("git")
                .args(["log", "-1", "--format=%H%x00%aI%x00%aN%x00%s", "--"])
                .arg(Path::new("src").join(page))
                .current_dir(&book)
                .stdin(Stdio::null())
                .output()
                .map_err(|e| e.to_string())?;
            if !out.status.success() || out.stdout.is_empty() {
                return Err(format!("git log -1 -- {page} failed"));
            }
        }
        Ok(())
    })?;
    row("git log -1 per page (P runs)", &per_page, None);

    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let input = protocol_input(&book)?;
    let floor = time(o.runs, || run_binary(&me, &["floor"], &input))?;
    row("floor, as a preprocessor process", &floor, None);
    match super::suite_binary("mdbook-handbook") {
        Ok(b) => {
            let alone = super::with_only(&input, "changelog")?;
            let whole = time(o.runs, || run_binary(&b, &[], &alone))?;
            row("mdbook-handbook, only changelog", &whole, Some(median(&floor)));
        }
        Err(why) => println!("({why})"),
    }
    let (a, b) = (median(&one_pass).as_secs_f64(), median(&per_page).as_secs_f64());
    println!(
        "\none pass: {:.1} ms, per page: {:.1} ms, per page / one pass = {:.1}x; {mapped} of {} pages have history",
        a * 1e3,
        b * 1e3,
        b / a.max(1e-9),
        pages.len()
    );
    Ok(())
}

/// A repository with `book/` (book.toml, src/SUMMARY.md, src/part-XX/page-NNNN.md,
/// every page with `{{#changelog git limit=5}}`) and a history of `commits`
/// commits, each touching one to three pages. Returns the pages, relative to src.
fn generate(repo: &Path, chapters: usize, commits: usize) -> Result<Vec<String>, String> {
    history::init(repo)?;
    let mut pages: Vec<String> = (0..chapters)
        .map(|i| format!("part-{:02}/page-{i:04}.md", i / 100))
        .collect();
    let mut stream = Vec::with_capacity(chapters * 200 + commits * 400);
    let mut next = history::seeded(42);
    let authors = [
        "Ana Lima <ana@example.com>",
        "Bo Chen <bo@example.com>",
        "Cy Diaz <cy@example.com>",
    ];
    for c in 0..commits {
        let when = 1_700_000_000 + c as u64 * 3600;
        let who = authors[c % authors.len()];
        let _ = write!(stream, "commit refs/heads/main\nmark :{}\n", c + 1);
        let _ = writeln!(stream, "author {who} {when} +0000\ncommitter {who} {when} +0000");
        if c == 0 {
            data(&mut stream, "Start the handbook");
            let mut summary = String::from("# Summary\n\n");
            for (i, p) in pages.iter().enumerate() {
                let _ = writeln!(summary, "- [Page {i}]({p})");
            }
            for (path, text) in [
                (
                    "book/book.toml",
                    "[book]\ntitle = \"Git bench\"\n\n[preprocessor.handbook.changelog]\n".to_owned(),
                ),
                ("book/src/SUMMARY.md", summary),
            ] {
                let _ = writeln!(stream, "M 100644 inline {path}");
                data(&mut stream, &text);
            }
            for (i, p) in pages.iter().enumerate() {
                let _ = writeln!(stream, "M 100644 inline book/src/{p}");
                data(
                    &mut stream,
                    &format!("# Page {i}\n\n{{{{#changelog git limit=5}}}}\n\nVersion 0.\n"),
                );
            }
            continue;
        }
        if c.is_multiple_of(500) {
            // A rename, as a reorganisation would make; SUMMARY.md follows.
            let i = next(pages.len());
            let old = pages[i].clone();
            let new = old.replace(".md", "-moved.md");
            data(&mut stream, &format!("Move page {i}"));
            let _ = writeln!(stream, "from :{c}");
            let _ = writeln!(stream, "R book/src/{old} book/src/{new}");
            pages[i] = new;
            let mut summary = String::from("# Summary\n\n");
            for (i, p) in pages.iter().enumerate() {
                let _ = writeln!(summary, "- [Page {i}]({p})");
            }
            let _ = writeln!(stream, "M 100644 inline book/src/SUMMARY.md");
            data(&mut stream, &summary);
            continue;
        }
        let touched = 1 + next(3);
        data(&mut stream, &format!("Edit {touched} page(s) <#{c}>"));
        let _ = writeln!(stream, "from :{c}");
        for _ in 0..touched {
            let i = next(pages.len());
            let _ = writeln!(stream, "M 100644 inline book/src/{}", pages[i]);
            data(
                &mut stream,
                &format!("# Page {i}\n\n{{{{#changelog git limit=5}}}}\n\nVersion {c}.\n"),
            );
        }
    }
    history::import(repo, &stream)?;
    Ok(pages)
}

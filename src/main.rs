//! `mdbook-handbook`: the suite's one preprocessor (no subcommand: mdBook's
//! protocol) and its CLI (`install`, `check`).

use std::io::IsTerminal;

/// The suite allocates a string per splice and per parsed event, on every
/// core: mimalloc's per-thread heaps do that markedly faster than the system
/// allocator (ADR 26; `bench` measures both).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
mdbook-handbook: the architecture-handbook preprocessor for mdBook

As mdBook's preprocessor, configured once in book.toml:
  [preprocessor.handbook]
  after = [\"links\"]
mdBook runs `mdbook-handbook` with the book on stdin (and `mdbook-handbook
supports RENDERER` first); every capability runs in that one process.

usage:
  mdbook-handbook install [BOOK_DIR] [--only adr,status,changelog,glossary,diagrams]
      Add [preprocessor.handbook] to book.toml, keeping comments and
      formatting, and write mdbook-handbook.css once for the book (listed in
      additional-css). A book that has the five tables of earlier versions
      ([preprocessor.handbook-adr] ...) gets them merged into sub-tables of
      [preprocessor.handbook], comments kept. A second run changes nothing.
      With `mermaid = \"browser\"` or `\"auto\"` in [preprocessor.handbook.diagrams]
      it also writes Mermaid's script (listed in additional-js): run it again
      after switching. Another diagram plugin (mdbook-mermaid, mdbook-plantuml,
      mdbook-graphviz, mdbook-svgbob, mdbook-d2, mdbook-kroki) is named, with
      who draws its fences.
  mdbook-handbook install [BOOK_DIR] --take-over-diagrams
      Also remove those plugins whose fences the suite draws: their tables and
      their files in additional-js/-css (mermaid.min.js, mermaid-init.js),
      comments kept, so the suite draws the diagrams at build time.
  mdbook-handbook check [BOOK_DIR] [--deny-warnings] [--verbose] [--skip diagrams,...]
                       [--format text|json|github] [--baseline FILE] [--write-baseline FILE]
                       [--against REF]
      Run every validation of the suite over a book without rendering it;
      --skip leaves capabilities out (diagrams, say, for a quick check that
      draws nothing). One cause at more than three places is one line;
      --verbose lists every place. Exits 1 on errors (or on warnings with
      --deny-warnings).
      --format json writes a report (schema/check-report.schema.json) and
      github writes workflow annotations, both on stdout; text goes to stderr.
      --baseline fails only on diagnostics not in FILE and lists its entries
      fixed since; --write-baseline records today's diagnostics in FILE.
      --against REF (e.g. origin/main) also fails when an ADR added on this
      branch has a number REF already gives another file (adr-number-taken).
  mdbook-handbook check --explain CODE
      What a diagnostic code means, and how to fix or silence it.
  mdbook-handbook adr new|supersede|status|link|renumber|list ...   (see `mdbook-handbook adr --help`)
      Write decisions in the ADR folder's own format, numbered safely across branches.
  mdbook-handbook --version";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        // mdBook's protocol: the book on stdin, the book on stdout.
        None if !std::io::stdin().is_terminal() => preprocess(),
        // Every renderer: a capability with nothing to do for one stays quiet.
        Some("supports") if args.len() == 2 => ExitCode::SUCCESS,
        Some("check") => check(&args[1..]),
        Some("install") => install(&args[1..]),
        #[cfg(feature = "adr")]
        Some("adr") => mdbook_handbook::adr_cmd::run(&args[1..]),
        Some("--help" | "-h" | "help") => {
            eprintln!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("--version" | "-V") => {
            eprintln!(
                "mdbook-handbook {} (for mdBook {})",
                env!("CARGO_PKG_VERSION"),
                handbook_core::protocol::BUILT_FOR_MDBOOK
            );
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// One run as mdBook's preprocessor. Stdout carries the book and nothing else.
fn preprocess() -> ExitCode {
    let stages = mdbook_handbook::suite::stages();
    let known = mdbook_handbook::suite::ORDER;
    match handbook_core::protocol::run_protocol(&stages, known, std::io::stdin().lock(), std::io::stdout().lock()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            // A config error quotes book.toml's values: no control character reaches the log.
            eprintln!(
                "error: mdbook-handbook: {}",
                handbook_core::diagnostics::terminal_safe(&format!("{e:#}"))
            );
            ExitCode::FAILURE
        }
    }
}

fn check(args: &[String]) -> ExitCode {
    let mut deny_warnings = handbook_core::diagnostics::deny_warnings_from_env();
    let mut verbose = handbook_core::diagnostics::verbose_from_env();
    let mut root = None;
    let mut skip = Vec::new();
    let mut against: Option<String> = None;
    let mut report = mdbook_handbook::report::Options::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--format" | "--baseline" | "--write-baseline" => {
                if let Err(e) = report.take_flag(arg, it.next().map(String::as_str)) {
                    eprintln!("mdbook-handbook check: {e}\n\n{USAGE}");
                    return ExitCode::from(2);
                }
            }
            "--deny-warnings" => deny_warnings = true,
            "--verbose" | "-v" => verbose = true,
            "--explain" => return explain(it.next().map(String::as_str)),
            "--against" => match it.next() {
                Some(reference) => against = Some(reference.clone()),
                None => {
                    eprintln!("mdbook-handbook check: --against needs a git ref, e.g. --against origin/main");
                    return ExitCode::from(2);
                }
            },
            "--skip" => match mdbook_handbook::install::select(it.next().map(String::as_str).or(Some(""))) {
                Ok(names) if !names.is_empty() => skip = names,
                Ok(_) => {
                    eprintln!(
                        "mdbook-handbook check: --skip needs preprocessor names, e.g. --skip diagrams\n\n{USAGE}"
                    );
                    return ExitCode::from(2);
                }
                Err(e) => {
                    eprintln!("mdbook-handbook check: --skip: {e:#}");
                    return ExitCode::from(2);
                }
            },
            flag if flag.starts_with('-') => {
                eprintln!("mdbook-handbook check: unknown option {flag}\n\n{USAGE}");
                return ExitCode::from(2);
            }
            dir if root.is_none() => root = Some(PathBuf::from(dir)),
            extra => {
                eprintln!("mdbook-handbook check: unexpected argument {extra}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let root = root.unwrap_or_else(|| PathBuf::from("."));
    report.deny_warnings = deny_warnings;
    report.verbose = verbose;
    let output = mdbook_handbook::check::check(&root, &skip).and_then(|checked| {
        let (diagnostics, facts, src_dir) = (checked.diagnostics, checked.facts, checked.src_dir);
        // The duplicate-number gate (`--against origin/main`), see src/against.rs.
        #[cfg(feature = "adr")]
        let diagnostics = mdbook_handbook::against::with_gate(diagnostics, &root, against.as_deref())?;
        #[cfg(not(feature = "adr"))]
        let _ = &against;
        mdbook_handbook::report::render(diagnostics, &facts, &root, &src_dir, &report)
    });
    match output {
        Ok(output) => {
            // `check` is not a preprocessor: its json and github reports are
            // its stdout (the guide, "In CI"); text and the summary stay on stderr.
            let written = std::io::Write::write_all(&mut std::io::stdout().lock(), output.stdout.as_bytes());
            eprint!("{}", output.stderr);
            if let Err(e) = written {
                eprintln!("mdbook-handbook check: writing the report: {e}");
                return ExitCode::FAILURE;
            }
            if output.failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("mdbook-handbook check: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `check --explain CODE`: the registry's words for one code, on stderr
/// like everything the CLI says.
fn explain(code: Option<&str>) -> ExitCode {
    let codes = mdbook_handbook::suite::codes();
    let lists: Vec<&[handbook_core::Code]> = codes.iter().map(|(_, c)| *c).collect();
    let Some(name) = code else {
        eprintln!("mdbook-handbook check: --explain needs a code, e.g. --explain adr-missing-date");
        return ExitCode::from(2);
    };
    match handbook_core::codes::find(&lists, name) {
        Some(code) => {
            let text = mdbook_handbook::suite::explain(code);
            eprintln!("{text}\n\nmore: {}", code.guide_url());
            ExitCode::SUCCESS
        }
        None => {
            let all: Vec<&str> = lists.iter().flat_map(|c| c.iter()).map(|c| c.name).collect();
            eprintln!(
                "mdbook-handbook check: unknown code `{name}`; the codes are: {}",
                all.join(", ")
            );
            ExitCode::from(2)
        }
    }
}

fn install(args: &[String]) -> ExitCode {
    let mut root = None;
    let mut only = None;
    let mut options = mdbook_handbook::install::Options::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--only" => match it.next() {
                Some(list) => only = Some(list.clone()),
                None => {
                    eprintln!("mdbook-handbook install: --only needs a list such as adr,glossary");
                    return ExitCode::from(2);
                }
            },
            "--take-over-diagrams" => options.take_over_diagrams = true,
            flag if flag.starts_with('-') => {
                eprintln!("mdbook-handbook install: unknown option {flag}\n\n{USAGE}");
                return ExitCode::from(2);
            }
            dir if root.is_none() => root = Some(PathBuf::from(dir)),
            extra => {
                eprintln!("mdbook-handbook install: unexpected argument {extra}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let root = root.unwrap_or_else(|| PathBuf::from("."));
    let result = mdbook_handbook::install::select(only.as_deref())
        .and_then(|selected| mdbook_handbook::install::install_with(&root, &selected, options));
    match result {
        Ok(done) => {
            for line in &done.migrated {
                eprintln!("{line}");
            }
            if done.added {
                eprintln!("added [preprocessor.handbook]");
            }
            if done.stylesheet_written {
                eprintln!(
                    "wrote {} (listed in [output.html] additional-css)",
                    handbook_core::html::STYLESHEET_FILE
                );
            }
            if done.mermaid_script_written {
                eprintln!(
                    "wrote Mermaid {}'s script for `mermaid = \"browser\"`: {} (listed in [output.html] additional-js)",
                    mdbook_handbook::suite::mermaid_script::MERMAID_VERSION,
                    mdbook_handbook::suite::mermaid_script::SCRIPT_FILES.join(", ")
                );
            }
            if done.mermaid_script_removed {
                eprintln!(
                    "removed Mermaid's script ({}) and its additional-js entries: the book no longer uses `mermaid = \"browser\"` or `\"auto\"`",
                    mdbook_handbook::suite::mermaid_script::SCRIPT_FILES.join(", ")
                );
            }
            for line in &done.other_plugins {
                eprintln!("{line}");
            }
            if !done.added
                && done.migrated.is_empty()
                && done.other_plugins.is_empty()
                && !done.stylesheet_written
                && !done.mermaid_script_written
                && !done.mermaid_script_removed
            {
                eprintln!("nothing to do: the book is set up");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("mdbook-handbook install: {e:#}");
            ExitCode::FAILURE
        }
    }
}

//! `mdbook-handbook`: the suite's one preprocessor (no subcommand: mdBook's
//! protocol) and its CLI (`install`, `check`, `adr`; parsed in `src/cli.rs`).

use std::io::IsTerminal;

/// Opt-in (feature `mimalloc`): on a book of thousands of chapters its
/// per-thread heaps beat the system allocator by about 10%; on real books of
/// tens to hundreds of chapters the system allocator is faster (ADR 38).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use mdbook_handbook::cli::{self, CheckArgs, Command, InstallArgs};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::parse(std::env::args().skip(1)) {
        Ok(cli) => cli,
        // Help (exit 0) and usage errors (exit 2), on stderr: stdout is the protocol's.
        Err((text, code)) => {
            eprint!("{text}");
            return ExitCode::from(code);
        }
    };
    if cli.version {
        eprintln!(
            "mdbook-handbook {} (for mdBook {})",
            env!("CARGO_PKG_VERSION"),
            handbook_core::protocol::BUILT_FOR_MDBOOK
        );
        return ExitCode::SUCCESS;
    }
    match cli.command {
        // mdBook's protocol: the book on stdin, the book on stdout.
        None if !std::io::stdin().is_terminal() => preprocess(),
        None => {
            eprint!("{}", cli::help());
            ExitCode::from(2)
        }
        // Every renderer: a capability with nothing to do for one stays quiet.
        Some(Command::Supports { .. }) => ExitCode::SUCCESS,
        Some(Command::Check(args)) => check(args),
        Some(Command::Install(args)) => install(args),
        #[cfg(feature = "adr")]
        Some(Command::Adr(args)) => mdbook_handbook::adr_cmd::run(args),
        Some(Command::Export(args)) => export(&args),
        #[cfg(feature = "mcp")]
        Some(Command::Mcp(args)) => mcp(&args),
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

fn check(args: CheckArgs) -> ExitCode {
    if let Some(code) = &args.explain {
        return explain(code);
    }
    let root = args.root;
    let skip = args.skip.map(|s| s.0).unwrap_or_default();
    let against = args.against;
    let report = mdbook_handbook::report::Options {
        format: args.format,
        baseline: args.baseline,
        write_baseline: args.write_baseline,
        deny_warnings: args.deny_warnings || handbook_core::diagnostics::deny_warnings_from_env(),
        verbose: args.verbose || handbook_core::diagnostics::verbose_from_env(),
    };
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
fn explain(name: &str) -> ExitCode {
    let codes = mdbook_handbook::suite::codes();
    let lists: Vec<&[handbook_core::Code]> = codes.iter().map(|(_, c)| *c).collect();
    // An old name is explained as its new one, and says so (clippy's renamed lints).
    let renamed = handbook_core::codes::renamed_to(name);
    if let Some(to) = renamed {
        eprintln!("`{name}` was renamed `{to}`\n");
    }
    match handbook_core::codes::find(&lists, renamed.unwrap_or(name)) {
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

fn export(args: &mdbook_handbook::export::ExportArgs) -> ExitCode {
    match mdbook_handbook::export::export(args) {
        Ok(done) => {
            eprint!("{}", done.stderr);
            for path in &done.written {
                eprintln!("wrote {}", path.display());
            }
            if done.failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("mdbook-handbook export: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "mcp")]
fn mcp(args: &mdbook_handbook::mcp::McpArgs) -> ExitCode {
    match mdbook_handbook::mcp::serve(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mdbook-handbook mcp: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn install(args: InstallArgs) -> ExitCode {
    let options = mdbook_handbook::install::Options {
        take_over_diagrams: args.take_over_diagrams,
    };
    let selected = match args.only {
        Some(only) => only.0,
        None => mdbook_handbook::install::select(None).unwrap_or_default(),
    };
    let result = mdbook_handbook::install::install_with(&args.root, &selected, options);
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
            if done.viewer_written {
                eprintln!(
                    "wrote {} (zoom and pan on drawn figures; listed in [output.html] additional-js)",
                    handbook_core::html::VIEWER_FILE
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
                && !done.viewer_written
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

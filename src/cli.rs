//! The command line, as one clap definition: usage, help and every usage
//! error come from it, so they cannot drift apart. Help and errors go to
//! stderr (stdout is mdBook's protocol, or a report); a usage error exits 2.
//!
//! A new subcommand is a variant of [`Command`] with its `#[derive(clap::Args)]`
//! struct in its own module, dispatched in `src/main.rs`.

use crate::report::Format;
use crate::suite::ORDER;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// The architecture-handbook preprocessor for mdBook.
#[derive(Debug, Parser)]
#[command(
    name = "mdbook-handbook",
    disable_version_flag = true,
    after_help = "As mdBook's preprocessor, configured once in book.toml:\n  \
        [preprocessor.handbook]\n  \
        after = [\"links\"]\n\
        mdBook runs `mdbook-handbook` with the book on stdin (and `mdbook-handbook supports RENDERER`\n\
        first); every capability runs in that one process."
)]
pub struct Cli {
    /// The suite's version and the mdBook version it is built for.
    #[arg(short = 'V', long)]
    pub version: bool,
    /// None: mdBook's protocol (the book on stdin, the book on stdout).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// mdBook asks whether the suite supports a renderer: every one (a capability
    /// with nothing to do for one stays quiet).
    Supports {
        /// The renderer's name (html, markdown, ...).
        renderer: String,
    },
    Check(CheckArgs),
    Install(InstallArgs),
    #[cfg(feature = "adr")]
    Adr(crate::adr_cmd::AdrArgs),
    Export(crate::export::ExportArgs),
    #[cfg(feature = "mcp")]
    Mcp(crate::mcp::McpArgs),
}

/// Run every validation of the suite over a book without rendering it.
///
/// One cause at more than three places is one line; --verbose lists every
/// place. Exits 1 on errors (or on warnings with --deny-warnings).
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The book's folder (the one holding book.toml).
    #[arg(value_name = "BOOK_DIR", default_value = ".")]
    pub root: PathBuf,
    /// Fail on warnings too (also MDBOOK_HANDBOOK_DENY_WARNINGS=1).
    #[arg(long)]
    pub deny_warnings: bool,
    /// List every place of a cause (also MDBOOK_HANDBOOK_VERBOSE=1).
    #[arg(short, long)]
    pub verbose: bool,
    /// Leave capabilities out (diagrams, say, for a quick check that draws nothing).
    #[arg(long, value_name = "LIST", value_parser = capability_list, help = list_help("Leave these capabilities out"))]
    pub skip: Option<Capabilities>,
    /// text (on stderr); json (a report, schema/check-report.schema.json) and
    /// github (workflow annotations), both on stdout.
    #[arg(long, value_name = "FORMAT", value_parser = format, default_value = "text")]
    pub format: Format,
    /// Fail only on diagnostics not in FILE, and list its entries fixed since.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's diagnostics in FILE.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Also fail when an ADR added on this branch has a number REF (e.g.
    /// origin/main) already gives another file (adr-number-taken).
    #[arg(long, value_name = "REF")]
    pub against: Option<String>,
    /// What a diagnostic code means, and how to fix or silence it.
    #[arg(long, value_name = "CODE")]
    pub explain: Option<String>,
}

/// Add [preprocessor.handbook] to book.toml, keeping comments and formatting,
/// and write mdbook-handbook.css once for the book (listed in additional-css).
///
/// A book that has the five tables of earlier versions ([preprocessor.handbook-adr]
/// ...) gets them merged into sub-tables of [preprocessor.handbook], comments
/// kept. A second run changes nothing. With `mermaid = "browser"` or `"auto"`
/// in [preprocessor.handbook.diagrams] it also writes Mermaid's script (listed
/// in additional-js): run it again after switching. Another diagram plugin
/// (mdbook-mermaid, mdbook-plantuml, mdbook-graphviz, mdbook-svgbob, mdbook-d2,
/// mdbook-kroki) is named, with who draws its fences.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// The book's folder (the one holding book.toml).
    #[arg(value_name = "BOOK_DIR", default_value = ".")]
    pub root: PathBuf,
    #[arg(long, value_name = "LIST", value_parser = capability_list, help = list_help("Run only these capabilities"))]
    pub only: Option<Capabilities>,
    /// Also remove the other diagram plugins whose fences the suite draws: their
    /// tables and their files in additional-js/-css (mermaid.min.js,
    /// mermaid-init.js), comments kept.
    #[arg(long)]
    pub take_over_diagrams: bool,
}

/// Capability names given on the command line, checked and in pipeline order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities(pub Vec<&'static str>);

/// `adr,glossary`: capabilities of the suite that this binary has.
fn capability_list(text: &str) -> Result<Capabilities, String> {
    match crate::install::select(Some(text)) {
        Ok(names) if names.is_empty() => Err("needs capability names, e.g. diagrams".to_owned()),
        Ok(names) => Ok(Capabilities(names)),
        Err(e) => Err(format!("{e:#}")),
    }
}

/// The help of a capability list, naming every capability of [`ORDER`].
fn list_help(what: &str) -> String {
    format!("{what}, comma-separated: {}", ORDER.join(","))
}

fn format(text: &str) -> Result<Format, String> {
    Format::parse(text).ok_or_else(|| format!("the formats are {}", Format::NAMES))
}

/// What the command line asks, or the text and exit code clap's answer
/// ends with (help: 0; a usage error: 2).
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Cli, (String, u8)> {
    let args = std::iter::once("mdbook-handbook".to_owned()).chain(args);
    Cli::try_parse_from(args).map_err(|e| {
        let code = u8::try_from(e.exit_code()).unwrap_or(2);
        (e.render().to_string(), code)
    })
}

/// The usage text, for `mdbook-handbook` run on a terminal with no book on stdin.
pub fn help() -> String {
    <Cli as clap::CommandFactory>::command().render_help().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn the_definition_is_consistent() {
        <Cli as clap::CommandFactory>::command().debug_assert();
    }

    #[test]
    fn only_and_skip_list_every_capability() {
        let (help, code) = parse(args("install --help")).err().unwrap_or_default();
        assert_eq!(code, 0);
        assert!(help.contains(&ORDER.join(",")), "{help}");
        let (help, _) = parse(args("check --help")).err().unwrap_or_default();
        assert!(help.contains(&ORDER.join(",")), "{help}");
    }

    #[test]
    fn flags_keep_their_meaning() {
        let cli = parse(args("check book --skip diagrams,adr --format json --deny-warnings -v")).ok();
        let Some(Cli {
            command: Some(Command::Check(check)),
            ..
        }) = cli
        else {
            panic!("not a check: {cli:?}");
        };
        assert_eq!(check.root, PathBuf::from("book"));
        assert_eq!(check.skip, Some(Capabilities(vec!["adr", "diagrams"])));
        assert_eq!(check.format, Format::Json);
        assert!(check.deny_warnings && check.verbose);
        let (error, code) = parse(args("check --skip diagram")).err().unwrap_or_default();
        assert_eq!(code, 2);
        assert!(error.contains("not a capability of the suite"), "{error}");
        let (error, code) = parse(args("install --take-over")).err().unwrap_or_default();
        assert_eq!(code, 2);
        assert!(error.contains("--take-over-diagrams"), "a suggestion: {error}");
    }
}

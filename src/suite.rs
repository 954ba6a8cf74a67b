//! The suite's preprocessors, by name: the one list the CLI consults.

use handbook_core::protocol::{self, Context, Outcome};
use handbook_core::{ConfigError, CoreOnly, ProtocolBook};

/// Runs one suite preprocessor over a book in process, as `mdbook build` would.
pub type RunInProcess = fn(&Context, ProtocolBook) -> Result<Outcome, ConfigError>;

/// Every preprocessor of the suite: its book.toml name and how to run it.
/// Each preprocessor adds itself here when it lands.
pub const PREPROCESSORS: &[(&str, RunInProcess)] = &[
    ("handbook-adr", run_adr),
    ("handbook-changelog", run_changelog),
    ("handbook-status", run_status),
    ("handbook-diagrams", run_diagrams),
    ("handbook-glossary", run_glossary),
];

fn run_glossary(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&handbook_glossary::GlossaryPreprocessor, ctx, book)
}

fn run_diagrams(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&handbook_diagrams::DiagramsPreprocessor, ctx, book)
}

fn run_status(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&handbook_status::StatusPreprocessor, ctx, book)
}

fn run_changelog(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&handbook_changelog::ChangelogPreprocessor, ctx, book)
}

fn run_adr(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&handbook_adr::AdrPreprocessor, ctx, book)
}

/// What every suite preprocessor does before its own work (front matter),
/// run by `check` so a book with no suite table is still checked.
pub fn run_core_pass(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&CoreOnly, ctx, book)
}

/// The names users may write as `[preprocessor.<name>]`.
pub fn names() -> Vec<&'static str> {
    PREPROCESSORS.iter().map(|(name, _)| *name).collect()
}

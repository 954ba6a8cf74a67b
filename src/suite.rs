//! The suite's preprocessors, by name: the one list the CLI consults.

use handbook_core::protocol::{self, Context, Outcome};
use handbook_core::{ConfigError, CoreOnly, ProtocolBook};

/// Runs one suite preprocessor over a book in process, as `mdbook build` would.
pub type RunInProcess = fn(&Context, ProtocolBook) -> Result<Outcome, ConfigError>;

/// Every preprocessor of the suite: its book.toml name and how to run it.
/// Each preprocessor adds itself here when it lands.
pub const PREPROCESSORS: &[(&str, RunInProcess)] = &[];

/// What every suite preprocessor does before its own work (front matter),
/// run by `check` so a book with no suite table is still checked.
pub fn run_core_pass(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&CoreOnly, ctx, book)
}

/// The names users may write as `[preprocessor.<name>]`.
pub fn names() -> Vec<&'static str> {
    PREPROCESSORS.iter().map(|(name, _)| *name).collect()
}

//! The suite's preprocessors, by name: the one list the CLI consults.

use handbook_core::protocol::{self, Context, Edits, HandbookPreprocessor, Outcome};
use handbook_core::{Chapter, ConfigError, Diagnostics, ProtocolBook};
use serde::Deserialize;

/// Runs one suite preprocessor over a book in process, as `mdbook build` would.
pub type RunInProcess = fn(&Context, ProtocolBook) -> Result<Outcome, ConfigError>;

/// Every preprocessor of the suite: its book.toml name and how to run it.
/// Each preprocessor adds itself here when it lands.
pub const PREPROCESSORS: &[(&str, RunInProcess)] = &[];

/// What every suite preprocessor does before its own work (front matter),
/// run by `check` so a book with no suite table is still checked.
pub struct CorePass;

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NoConfig {}

impl HandbookPreprocessor for CorePass {
    const NAME: &'static str = "handbook";
    type Config = NoConfig;
    fn run(&self, _: &Context, _: &NoConfig, _: &[Chapter], _: &mut Diagnostics) -> Edits {
        Edits::default()
    }
}

pub fn run_core_pass(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&CorePass, ctx, book)
}

/// The names users may write as `[preprocessor.<name>]`.
pub fn names() -> Vec<&'static str> {
    PREPROCESSORS.iter().map(|(name, _)| *name).collect()
}

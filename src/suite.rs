//! The suite's preprocessors, by name: the one list the CLI consults.

use handbook_core::protocol::{self, Context, Outcome};
use handbook_core::{ConfigError, CoreOnly, ProtocolBook};

/// Runs one suite preprocessor over a book in process, as `mdbook build` would.
pub type RunInProcess = fn(&Context, ProtocolBook) -> Result<Outcome, ConfigError>;

/// Every preprocessor of the suite built into this binary (each is a cargo
/// feature, all on by default): its book.toml name and how to run it.
/// Each preprocessor adds itself here when it lands.
pub const PREPROCESSORS: &[(&str, RunInProcess)] = &[
    #[cfg(feature = "adr")]
    ("handbook-adr", run_adr),
    #[cfg(feature = "changelog")]
    ("handbook-changelog", run_changelog),
    #[cfg(feature = "status")]
    ("handbook-status", run_status),
    #[cfg(feature = "diagrams")]
    ("handbook-diagrams", run_diagrams),
    #[cfg(feature = "glossary")]
    ("handbook-glossary", run_glossary),
    #[cfg(feature = "links")]
    ("handbook-links", run_links),
];

/// Mermaid's browser script (`mermaid = "browser"`), which `install` ships;
/// nothing when the diagrams capability was left out of the build.
#[cfg(feature = "diagrams")]
pub use handbook_diagrams::browser as mermaid_script;

#[cfg(not(feature = "diagrams"))]
pub mod mermaid_script {
    pub const MERMAID_VERSION: &str = "";
    pub const SCRIPT_FILES: [&str; 0] = [];
    pub fn script_files() -> [(&'static str, String); 0] {
        []
    }
}

#[cfg(feature = "links")]
fn run_links(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&handbook_links::LinksPreprocessor, ctx, book)
}

#[cfg(feature = "glossary")]
fn run_glossary(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&handbook_glossary::GlossaryPreprocessor, ctx, book)
}

#[cfg(feature = "diagrams")]
fn run_diagrams(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&handbook_diagrams::DiagramsPreprocessor, ctx, book)
}

#[cfg(feature = "status")]
fn run_status(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&handbook_status::StatusPreprocessor, ctx, book)
}

#[cfg(feature = "changelog")]
fn run_changelog(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::process(&handbook_changelog::ChangelogPreprocessor, ctx, book)
}

#[cfg(feature = "adr")]
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

/// Every diagnostic code of the suite: the core's, then each preprocessor's,
/// with the table whose `levels` sets it (`None`: any suite table).
pub fn codes() -> Vec<(Option<&'static str>, &'static [handbook_core::Code])> {
    vec![
        (None, handbook_core::codes::CORE),
        #[cfg(feature = "adr")]
        (Some("handbook-adr"), handbook_adr::codes::CODES),
        #[cfg(feature = "status")]
        (Some("handbook-status"), handbook_status::codes::CODES),
        #[cfg(feature = "changelog")]
        (Some("handbook-changelog"), handbook_changelog::codes::CODES),
        #[cfg(feature = "glossary")]
        (Some("handbook-glossary"), handbook_glossary::codes::CODES),
        #[cfg(feature = "diagrams")]
        (Some("handbook-diagrams"), handbook_diagrams::codes::CODES),
        #[cfg(feature = "links")]
        (Some("handbook-links"), handbook_links::codes::CODES),
    ]
}

/// The README's table of codes, as the registry has it (`tests/codes.rs`
/// checks the README against it).
pub fn codes_table() -> String {
    let mut out = String::from("| Code | Level | Table | Meaning | Fix or silence |\n|---|---|---|---|---|\n");
    for (table, codes) in codes() {
        for code in codes {
            let table = match (table, code.fixed) {
                (_, true) => "cannot be changed".to_owned(),
                (None, false) => "any".to_owned(),
                (Some(t), false) => format!("`{t}`"),
            };
            let cell = |s: &str| s.replace('|', "\\|");
            out.push_str(&format!(
                "| `{}` | {} | {table} | {} | {} |\n",
                code.name,
                code.level.as_str(),
                cell(code.meaning),
                cell(code.fix)
            ));
        }
    }
    out
}

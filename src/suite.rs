//! The suite's capabilities, in the order the one preprocessor runs them:
//! the one list the binary and the CLI consult.

use handbook_core::protocol::{self, Context, Outcome, Stage};
use handbook_core::{ConfigError, ProtocolBook};

/// Every capability of the suite, built or not, in pipeline order:
/// - `adr` first: its `{{#adr-graph}}` emits a diagram fence, and later
///   capabilities read its decision log from the Facts;
/// - `drift` next: it reads the author's prose for citations of retired ADRs
///   before other capabilities add theirs;
/// - `status` and `changelog` add cards and tables;
/// - `glossary` after them, so it sees all prose they add;
/// - `c4` draws the workspace's views and element cards, reading the decision
///   log for ADRs that declare `c4-element`;
/// - `diagrams` draws every fence the others emitted;
/// - `links` last: it checks the final text, the links the suite wrote included.
pub const ORDER: &[&str] = &[
    "adr",
    "drift",
    "status",
    "changelog",
    "glossary",
    "c4",
    "diagrams",
    "links",
];

/// The capabilities built into this binary (each a cargo feature, all on by
/// default), in [`ORDER`].
pub fn stages() -> Vec<&'static dyn Stage> {
    vec![
        #[cfg(feature = "adr")]
        &handbook_adr::AdrPreprocessor,
        #[cfg(feature = "drift")]
        &handbook_drift::DriftPreprocessor,
        #[cfg(feature = "status")]
        &handbook_status::StatusPreprocessor,
        #[cfg(feature = "changelog")]
        &handbook_changelog::ChangelogPreprocessor,
        #[cfg(feature = "glossary")]
        &handbook_glossary::GlossaryPreprocessor,
        #[cfg(feature = "c4")]
        &handbook_c4::C4Preprocessor,
        #[cfg(feature = "diagrams")]
        &handbook_diagrams::DiagramsPreprocessor,
        #[cfg(feature = "links")]
        &handbook_links::LinksPreprocessor,
    ]
}

/// The whole suite over a book, as `mdbook build` runs it.
pub fn run(ctx: &Context, book: ProtocolBook) -> Result<Outcome, ConfigError> {
    protocol::pipeline::run(&stages(), ORDER, ctx, book)
}

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

/// The names of the capabilities built in.
pub fn names() -> Vec<&'static str> {
    stages().iter().map(|s| s.name()).collect()
}

/// Every diagnostic code of the suite: the core's, then each capability's,
/// with the sub-table whose `levels` may also set it (`None`: only the top table).
pub fn codes() -> Vec<(Option<&'static str>, &'static [handbook_core::Code])> {
    vec![
        (None, handbook_core::codes::CORE),
        #[cfg(feature = "adr")]
        (Some("adr"), handbook_adr::codes::CODES),
        #[cfg(feature = "status")]
        (Some("status"), handbook_status::codes::CODES),
        #[cfg(feature = "changelog")]
        (Some("changelog"), handbook_changelog::codes::CODES),
        #[cfg(feature = "glossary")]
        (Some("glossary"), handbook_glossary::codes::CODES),
        #[cfg(feature = "c4")]
        (Some("c4"), handbook_c4::codes::CODES),
        #[cfg(feature = "diagrams")]
        (Some("diagrams"), handbook_diagrams::codes::CODES),
        #[cfg(feature = "drift")]
        (Some("drift"), handbook_drift::codes::CODES),
        #[cfg(feature = "links")]
        (Some("links"), handbook_links::codes::CODES),
    ]
}

/// The sub-table whose `levels` may also set `code` (`None`: only the top table).
fn table_of(code: &handbook_core::Code) -> Option<&'static str> {
    codes()
        .iter()
        .find(|(_, c)| c.iter().any(|x| x.name == code.name))
        .and_then(|(t, _)| *t)
}

/// What `check --explain CODE` prints: the registry's words, with the tables
/// whose `levels` set the code. The guide's entry for the code says the same
/// (`diagnostics_reference`).
pub fn explain(code: &handbook_core::Code) -> String {
    let text = code.explain();
    // Every code can be set in the top table; a capability's also in its sub-table.
    match table_of(code) {
        Some(t) => format!(
            "{} (or in the top table, [preprocessor.handbook.levels])",
            text.replace("<table>", &format!("handbook.{t}"))
        ),
        None => text.replace("<table>", "handbook"),
    }
}

/// The guide's diagnostics reference (`guide/src/reference/diagnostics.md`,
/// between its markers; `tests/codes.rs` keeps it equal to this): one section
/// per code, its anchor the code's name, its text `explain`'s.
pub fn diagnostics_reference() -> String {
    let mut out = String::from("| Code | Level | Set in `levels` of |\n|---|---|---|\n");
    for (table, codes) in codes() {
        for code in codes {
            let tables = match (table, code.fixed) {
                (_, true) => "cannot be changed".to_owned(),
                (None, false) => "`handbook`".to_owned(),
                (Some(t), false) => format!("`handbook` or `handbook.{t}`"),
            };
            out.push_str(&format!(
                "| [`{0}`](#{0}) | {1} | {tables} |\n",
                code.name,
                code.level.as_str()
            ));
        }
    }
    for (table, codes) in codes() {
        out.push_str(&format!(
            "\n## {}\n",
            table.map_or("The core's codes".to_owned(), |t| format!("{t}'s codes"))
        ));
        for code in codes {
            out.push_str(&format!("\n### `{0}` {{#{0}}}\n\n{1}\n", code.name, explain(code)));
        }
    }
    out
}

//! `[preprocessor.handbook.adr]` in book.toml.

use handbook_core::config::{InvalidValue, PreprocessorConfig};
use handbook_core::status::StatusCase;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The folder names teams already keep their ADRs in.
pub const DEFAULT_FOLDERS: &[&str] = &[
    "adr",
    "adrs",
    "decisions",
    "architecture-decisions",
    "docs/adr",
    "doc/adr",
    "architecture/decisions",
];

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct AdrConfig {
    /// Where ADR chapters live: folder names matched against the end of a
    /// chapter's folder (`decisions` matches `docs/decisions`), or globs over
    /// the chapter's source path (`services/*/adr/*.md`, `**/decisions/*.md`).
    pub folders: Vec<String>,
    /// Extra status words and what they mean: `"on hold" = "proposed"`.
    pub statuses: BTreeMap<String, String>,
    /// A header card on each ADR page (on by default).
    pub card: bool,
    /// ADR files in a decision folder that SUMMARY.md does not list are added
    /// to the book under the folder's README.md / index.md chapter.
    pub add_missing: bool,
    /// How badges spell status words: `title` (`Accepted`, the default),
    /// `lower`, `upper`, or `as-written` (the author's whole status text).
    pub status_case: StatusCase,
    /// Where an ADR's date comes from (see [`DateSource`]).
    pub date_source: DateSource,
}

/// `date-source`: the file's own date, git's, or the file's with git's as
/// the fallback (the default). Git's date is the author date of the commit
/// that added the file (through renames) or last changed it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// Only what the file states.
    File,
    /// What the file states; for an ADR that states none, the commit that added it.
    #[default]
    FileOrGitAdded,
    /// The commit that added the file, for every ADR git knows.
    GitAdded,
    /// The newest commit that changed the file, for every ADR git knows.
    GitModified,
}

impl Default for AdrConfig {
    fn default() -> Self {
        AdrConfig {
            folders: DEFAULT_FOLDERS.iter().map(|f| (*f).to_owned()).collect(),
            statuses: BTreeMap::new(),
            card: true,
            add_missing: false,
            status_case: StatusCase::default(),
            date_source: DateSource::default(),
        }
    }
}

impl PreprocessorConfig for AdrConfig {
    /// `folders` entries with glob characters must be globs.
    fn validate(&self) -> Result<(), InvalidValue> {
        crate::discover::Folders::checked(&self.folders)
            .map(|_| ())
            .map_err(|e| InvalidValue::new("folders", e.to_string()))
    }
}

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

#[derive(Debug, Deserialize, serde::Serialize)]
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
    /// Where an ADR's date comes from: `file` (only what it states), `file-or-git-added` (what it
    /// states, else the day of the commit that added the file, through renames), `git-added` or
    /// `git-modified` (git's day for every ADR git knows). See [`DateSource`].
    pub date_source: DateSource,
}

/// `date-source`: the file's own date, git's, or the file's with git's as
/// the fallback (the default). Git's date is the author date of the commit
/// that added the file (through renames) or last changed it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
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
    /// `folders` entries inside the book's `src` (no empty entry, no absolute
    /// path, no `..`: they match chapters' paths, which never leave it), globs
    /// where they have glob characters; `statuses` words and meanings not empty.
    fn validate(&self) -> Result<(), InvalidValue> {
        for (i, folder) in self.folders.iter().enumerate() {
            let path = std::path::Path::new(folder.trim());
            let outside = path.is_absolute()
                || folder.starts_with(['/', '\\'])
                || path.components().any(|c| matches!(c, std::path::Component::ParentDir));
            if folder.trim().is_empty() {
                return Err(InvalidValue::new(
                    format!("folders[{i}]"),
                    "is empty; name a folder under `src`",
                ));
            }
            if outside {
                return Err(InvalidValue::new(
                    format!("folders[{i}]"),
                    format!("`{folder}` is outside the book's `src`; ADR folders are named relative to it"),
                ));
            }
        }
        for (word, meaning) in &self.statuses {
            if word.trim().is_empty() {
                return Err(InvalidValue::new("statuses", "a status word is empty"));
            }
            if meaning.trim().is_empty() {
                return Err(InvalidValue::new(
                    format!("statuses.{word}"),
                    "means nothing: write the lifecycle word it stands for",
                ));
            }
        }
        crate::discover::Folders::checked(&self.folders)
            .map(|_| ())
            .map_err(|e| InvalidValue::new("folders", e.to_string()))
    }
}

//! `[preprocessor.handbook.drift]`: which source files' ADR citations to check, which commits do
//! not count, and the banner's words.

use handbook_core::config::{InvalidValue, PreprocessorConfig};
use handbook_core::glob::GlobList;
use serde::Deserialize;

/// The config table as written in book.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DriftConfig {
    /// Globs of source files (relative to the repository root) whose ADR
    /// citations (`// see ADR-0007`) are checked: `["src/**/*.rs"]`.
    pub code: Vec<String>,
    /// Commits listed there (one hash per line, `#` comments) are not
    /// changes: reformatting, renames of identifiers. Relative to the
    /// repository root; a missing file lists nothing.
    pub ignore_revs: String,
    /// The banner on a stale page. `{count}`, `{files}`, `{since}`,
    /// `{latest}` and `{date}` are filled in; an empty text turns it off.
    pub banner: String,
    /// Seconds the one `git log` pass may take, when drift runs it first.
    pub git_timeout: u64,
}

pub const DEFAULT_BANNER: &str = "The code this page describes changed since the page was last reviewed \
     ({since}): {count} since then, the latest on {date} ({latest}), in {files}. \
     Read the page as a description of the code as it was; check it against the code before relying on it.";

impl Default for DriftConfig {
    fn default() -> Self {
        DriftConfig {
            code: Vec::new(),
            ignore_revs: ".git-blame-ignore-revs".to_owned(),
            banner: DEFAULT_BANNER.to_owned(),
            git_timeout: 60,
        }
    }
}

/// A glob over `/`-separated repository paths, by the suite's one set of
/// glob rules (`handbook_core::glob`).
pub fn glob_matcher(pattern: &str) -> Result<GlobList, String> {
    GlobList::new(&[pattern]).map_err(|e| e.to_string())
}

impl PreprocessorConfig for DriftConfig {
    /// `code` must be globs; a typo must not silently check nothing.
    fn validate(&self) -> Result<(), InvalidValue> {
        GlobList::new(&self.code)
            .map(|_| ())
            .map_err(|e| InvalidValue::new("code", e.to_string()))
    }
}

/// Whether a described path is a glob rather than one file or folder.
pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '{'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_keep_to_folders_and_report_their_errors() {
        let m = glob_matcher("preprocessors/*/src/*.rs").unwrap_or_else(|e| panic!("{e}"));
        assert!(m.matches_str("preprocessors/adr/src/lib.rs"));
        assert!(!m.matches_str("preprocessors/adr/src/scan/mod.rs"));
        let deep = glob_matcher("preprocessors/adr/src/**/*.rs").unwrap_or_else(|e| panic!("{e}"));
        assert!(deep.matches_str("preprocessors/adr/src/scan/mod.rs"));
        assert!(glob_matcher("src/[").is_err());
        assert!(is_glob("a/**/b") && !is_glob("a/b.rs"));
    }

    #[test]
    fn unknown_keys_are_refused() {
        let value = serde_json::json!({"ignore-revs": "x", "cod": []});
        let err = serde_json::from_value::<DriftConfig>(value)
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("cod") && e.contains("ignore-revs")));
    }
}

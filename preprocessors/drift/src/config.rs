//! `[preprocessor.handbook-drift]` (after the merge `[preprocessor.handbook.drift]`,
//! same keys): which source files' ADR citations to check, which commits do
//! not count, and the banner's words.

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

/// A glob over `/`-separated repository paths, on `globset`; the one place
/// drift compiles globs (the core's `handbook_core::glob` can replace it).
pub fn glob_matcher(pattern: &str) -> Result<globset::GlobMatcher, String> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
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
        assert!(m.is_match("preprocessors/adr/src/lib.rs"));
        assert!(!m.is_match("preprocessors/adr/src/scan/mod.rs"));
        let deep = glob_matcher("preprocessors/adr/src/**/*.rs").unwrap_or_else(|e| panic!("{e}"));
        assert!(deep.is_match("preprocessors/adr/src/scan/mod.rs"));
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

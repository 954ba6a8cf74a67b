//! `[preprocessor.handbook.drift]`: which source files' ADR citations to check, which commits do
//! not count, and the banner's words.

use handbook_core::config::{InvalidValue, PreprocessorConfig};
use handbook_core::glob::GlobList;
use serde::Deserialize;

/// The config table as written in book.toml.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
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

/// The longest `git-timeout` accepted: an hour. A larger number is a typo
/// (milliseconds), and a build must never wait days.
pub const MAX_GIT_TIMEOUT: u64 = 3600;

impl PreprocessorConfig for DriftConfig {
    /// `code` must be globs inside the repository (a typo must not silently
    /// check nothing); `git-timeout` from 1 s to an hour (0 would fail the
    /// build's one git pass, which changelog and adr share).
    fn validate(&self) -> Result<(), InvalidValue> {
        GlobList::new(&self.code).map_err(|e| InvalidValue::new("code", e.to_string()))?;
        if let Some(outside) = self.code.iter().find(|g| leaves_repository(g)) {
            return Err(InvalidValue::new(
                "code",
                format!(
                    "`{outside}` leaves the repository: globs are relative to the repository root, \
                     without `..` or a leading `/`"
                ),
            ));
        }
        if let Some(unknown) = unknown_placeholder(&self.banner) {
            return Err(InvalidValue::new(
                "banner",
                format!(
                    "`{{{unknown}}}` is no placeholder; the banner fills in {}",
                    PLACEHOLDERS.join(", ")
                ),
            ));
        }
        if !(1..=MAX_GIT_TIMEOUT).contains(&self.git_timeout) {
            return Err(InvalidValue::new(
                "git-timeout",
                format!("must be from 1 to {MAX_GIT_TIMEOUT} seconds"),
            ));
        }
        Ok(())
    }
}

/// What the banner fills in; any other `{name}` would reach the page as written.
pub const PLACEHOLDERS: &[&str] = &["{count}", "{files}", "{since}", "{latest}", "{date}"];

/// The first `{name}` of `banner` (letters, digits, `-`, `_`) that is not a placeholder.
fn unknown_placeholder(banner: &str) -> Option<&str> {
    banner.match_indices('{').find_map(|(at, _)| {
        let rest = &banner[at + 1..];
        let name = &rest[..rest.find('}')?];
        let looks_like_one = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'));
        (looks_like_one && !PLACEHOLDERS.contains(&format!("{{{name}}}").as_str())).then_some(name)
    })
}

/// True when a glob names files outside the repository root: absolute
/// (`/x`, `C:/x`, `\\server`), or climbing with `..`.
fn leaves_repository(glob: &str) -> bool {
    glob.starts_with(['/', '\\']) || glob.get(1..2) == Some(":") || glob.split(['/', '\\']).any(|part| part == "..")
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
        let m = glob_matcher("preprocessors/*/src/*.rs").unwrap();
        assert!(m.matches_str("preprocessors/adr/src/lib.rs"));
        assert!(!m.matches_str("preprocessors/adr/src/scan/mod.rs"));
        let deep = glob_matcher("preprocessors/adr/src/**/*.rs").unwrap();
        assert!(deep.matches_str("preprocessors/adr/src/scan/mod.rs"));
        assert!(glob_matcher("src/[").is_err());
        assert!(is_glob("a/**/b") && !is_glob("a/b.rs"));
    }

    #[test]
    fn values_are_checked_once_here() {
        let with = |f: &dyn Fn(&mut DriftConfig)| {
            let mut c = DriftConfig::default();
            f(&mut c);
            c.validate().err().map(|e| e.key)
        };
        assert_eq!(with(&|_| {}), None);
        assert_eq!(with(&|c| c.git_timeout = 0).as_deref(), Some("git-timeout"));
        assert_eq!(
            with(&|c| c.git_timeout = MAX_GIT_TIMEOUT + 1).as_deref(),
            Some("git-timeout")
        );
        assert_eq!(with(&|c| c.git_timeout = MAX_GIT_TIMEOUT), None);
        for outside in [
            "../other/**/*.rs",
            "/etc/*",
            "src/../../x/*.rs",
            "C:/src/*.rs",
            "\\\\host\\x",
        ] {
            assert_eq!(
                with(&|c| c.code = vec![outside.to_owned()]).as_deref(),
                Some("code"),
                "{outside}"
            );
        }
        assert_eq!(
            with(&|c| c.code = vec!["src/**/*.rs".to_owned(), "a..b/*.rs".to_owned()]),
            None
        );
        assert_eq!(with(&|c| c.code = vec!["src/[".to_owned()]).as_deref(), Some("code"));
        assert_eq!(
            with(&|c| c.banner = "Stale since {sinec}.".to_owned()).as_deref(),
            Some("banner")
        );
        assert_eq!(with(&|c| c.banner = "{count} in {files} {x y} {".to_owned()), None);
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

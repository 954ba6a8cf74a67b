//! `[preprocessor.handbook.changelog]` keys.

use handbook_core::config::{InvalidValue, PreprocessorConfig};
use serde::Deserialize;

/// How loudly to report git history that is incomplete (a shallow clone) or
/// absent (a book outside any repository): warn (the default) where the book
/// is published, or just mention it where history does not matter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HistoryNotice {
    #[default]
    Warn,
    Info,
    Ignore,
}

#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChangelogConfig {
    /// Link for a commit, e.g. `https://git.example.com/repo/commit/{hash}`;
    /// without it short hashes are shown as text.
    pub commit_url: Option<String>,
    /// Follow a page's history back through `git mv` (R records of `git log`).
    pub follow_renames: bool,
    /// Adds "Last updated `<date>` by `<author>`" from git at the end of every page.
    pub last_updated: bool,
    /// How loudly to report a shallow clone.
    pub shallow_clone: HistoryNotice,
    /// How loudly to report a book outside any git repository when git data is asked for.
    pub outside_git: HistoryNotice,
    /// Seconds the one `git log` may take before the build gives up on git data.
    pub git_timeout: u64,
    /// Fixes "today" for `{{#changelog recent 30 days}}` (`MDBOOK_HANDBOOK_TODAY` wins).
    pub today: Option<String>,
}

impl Default for ChangelogConfig {
    fn default() -> Self {
        ChangelogConfig {
            commit_url: None,
            follow_renames: true,
            last_updated: false,
            shallow_clone: HistoryNotice::Warn,
            outside_git: HistoryNotice::Warn,
            git_timeout: 60,
            today: None,
        }
    }
}

/// An hour: a `git log` that needs longer is stuck, and `mdbook serve` would wait for it.
pub const MAX_GIT_TIMEOUT: u64 = 3600;

impl PreprocessorConfig for ChangelogConfig {
    fn validate(&self) -> Result<(), InvalidValue> {
        if let Some(url) = &self.commit_url {
            if !url.contains("{hash}") {
                return Err(InvalidValue::new(
                    "commit-url",
                    format!("`{url}` has no `{{hash}}`; write e.g. `https://git.example.com/repo/commit/{{hash}}`"),
                ));
            }
            if let Err(refused) = handbook_core::html::safe_url(url) {
                return Err(InvalidValue::new("commit-url", format!("`{url}`: {refused}")));
            }
        }
        if self.git_timeout == 0 || self.git_timeout > MAX_GIT_TIMEOUT {
            return Err(InvalidValue::new(
                "git-timeout",
                format!(
                    "must be from 1 to {MAX_GIT_TIMEOUT} seconds, found {}",
                    self.git_timeout
                ),
            ));
        }
        if let Some(today) = &self.today {
            handbook_core::date::fixed_day(today).map_err(|e| InvalidValue::new("today", format!("is {e}")))?;
        }
        Ok(())
    }
}

impl HistoryNotice {
    /// The level to report at, or `None` to stay quiet.
    pub fn level(self) -> Option<handbook_core::Level> {
        match self {
            HistoryNotice::Warn => Some(handbook_core::Level::Warning),
            HistoryNotice::Info => Some(handbook_core::Level::Info),
            HistoryNotice::Ignore => None,
        }
    }
}

impl ChangelogConfig {
    /// The link to one commit, or `None` without a template.
    pub fn commit_link(&self, hash: &str) -> Option<String> {
        self.commit_url.as_ref().map(|t| t.replace("{hash}", hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_url_needs_hash_and_a_web_scheme() {
        let mut c = ChangelogConfig {
            commit_url: Some("https://git.example.com/r/commit/{hash}".into()),
            ..ChangelogConfig::default()
        };
        assert!(c.validate().is_ok());
        assert_eq!(
            c.commit_link("abc").as_deref(),
            Some("https://git.example.com/r/commit/abc")
        );
        c.commit_url = Some("https://git.example.com/r/commit/".into());
        assert!(c.validate().unwrap_err().message.contains("{hash}"));
        c.commit_url = Some("javascript:alert({hash})".into());
        assert!(c.validate().unwrap_err().message.contains("only http"));
        c.commit_url = Some("&#0000000106;avascript:alert({hash})".into());
        assert!(c.validate().unwrap_err().message.contains("`javascript:`"));
        c.commit_url = None;
        c.git_timeout = 0;
        assert_eq!(c.validate().unwrap_err().key, "git-timeout");
        c.git_timeout = MAX_GIT_TIMEOUT + 1;
        assert_eq!(c.validate().unwrap_err().key, "git-timeout");
        c.git_timeout = MAX_GIT_TIMEOUT;
        assert!(c.validate().is_ok());
        c.git_timeout = 1;
        c.today = Some("2026-01".into());
        assert_eq!(c.validate().unwrap_err().key, "today");
    }
}

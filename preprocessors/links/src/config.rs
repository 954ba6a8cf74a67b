//! `[preprocessor.handbook.links]`. Every key is optional; with none, every
//! link of the book is checked.

use handbook_core::config::PreprocessorConfig;
use handbook_core::glob::GlobList;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinksConfig {
    /// Links not to check: globs over the href as written (`https://internal.example/**`,
    /// `api/**`, `**/*.pdf`) or over the chapter's path inside `src` (`drafts/**`),
    /// which skips every link of that chapter.
    pub ignore: GlobList,
    /// Check relative links that leave `src/` (source files, the repository's README)
    /// against the files on disk. They must stay inside the repository.
    pub repository_files: bool,
}

impl Default for LinksConfig {
    fn default() -> Self {
        LinksConfig {
            ignore: GlobList::default(),
            repository_files: true,
        }
    }
}

impl LinksConfig {
    /// Whether a link, or every link of a chapter, is opted out (the suite's
    /// glob rules: `*` within a segment, `**` across them).
    pub fn ignores(&self, text: &str) -> bool {
        self.ignore.matches_str(text)
    }
}

/// `ignore` is checked as it is read: a bad glob is a config error naming it.
impl PreprocessorConfig for LinksConfig {}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(ignore: &[&str]) -> LinksConfig {
        LinksConfig {
            ignore: GlobList::new(ignore).unwrap(),
            ..LinksConfig::default()
        }
    }

    #[test]
    fn ignore_globs_match_urls_and_paths() {
        let c = config(&["https://internal.example/**", "drafts/*.md", "**/*.pdf"]);
        assert!(c.ignores("https://internal.example/a/b?c"));
        assert!(c.ignores("drafts/x.md"));
        assert!(!c.ignores("drafts/sub/x.md"));
        assert!(c.ignores("../spec/v1.pdf"));
        assert!(!c.ignores("https://other.example/"));
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_valid_ones() {
        let cfg = serde_json::json!({"preprocessor": {"handbook": {"links": {"ignor": ["x"]}}}});
        let err = handbook_core::config::load::<LinksConfig>(&cfg, "links")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("key `ignor`"), "{err}");
        assert!(err.contains("`ignore`") && err.contains("`repository-files`"), "{err}");
    }
}

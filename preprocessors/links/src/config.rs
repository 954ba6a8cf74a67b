//! `[preprocessor.handbook-links]` (after the suite's merge: `[preprocessor.handbook.links]`,
//! same keys). Every key is optional; with none, every link of the book is checked.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinksConfig {
    /// Links not to check: globs over the href as written (`https://internal.example/**`,
    /// `api/**`, `**/*.pdf`) or over the chapter's path inside `src` (`drafts/**`),
    /// which skips every link of that chapter.
    pub ignore: Vec<String>,
    /// Check relative links that leave `src/` (source files, the repository's README)
    /// against the files on disk. They must stay inside the repository.
    pub repository_files: bool,
}

impl Default for LinksConfig {
    fn default() -> Self {
        LinksConfig {
            ignore: Vec::new(),
            repository_files: true,
        }
    }
}

impl LinksConfig {
    /// Whether a link, or every link of a chapter, is opted out.
    pub fn ignores(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        self.ignore.iter().any(|g| glob(&g.chars().collect::<Vec<_>>(), &text))
    }
}

/// `*` within a path segment, `**` across segments, `?` one character.
fn glob(p: &[char], s: &[char]) -> bool {
    match p.split_first() {
        None => s.is_empty(),
        Some(('*', rest)) if rest.first() == Some(&'*') => {
            let rest = rest.get(1..).unwrap_or_default();
            (0..=s.len()).any(|i| glob(rest, s.get(i..).unwrap_or_default()))
        }
        Some(('*', rest)) => (0..=s.len())
            .take_while(|&i| i == 0 || s.get(i - 1) != Some(&'/'))
            .any(|i| glob(rest, s.get(i..).unwrap_or_default())),
        Some(('?', rest)) => s.first().is_some_and(|&c| c != '/') && glob(rest, s.get(1..).unwrap_or_default()),
        Some((c, rest)) => s.first() == Some(c) && glob(rest, s.get(1..).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(ignore: &[&str]) -> LinksConfig {
        LinksConfig {
            ignore: ignore.iter().map(|s| (*s).to_owned()).collect(),
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
        let cfg = serde_json::json!({"preprocessor": {"handbook-links": {"ignor": ["x"]}}});
        let err = handbook_core::config::load::<LinksConfig>(&cfg, "handbook-links")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("key `ignor`"), "{err}");
        assert!(err.contains("`ignore`") && err.contains("`repository-files`"), "{err}");
    }
}

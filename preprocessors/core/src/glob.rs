//! Globs over chapter paths (`skip`, ADR `folders`), on `globset`: one set
//! of rules for every capability.
//!
//! A pattern is matched against a chapter's source path relative to `src`,
//! `/`-separated whatever the platform, case-sensitive: `*` and `?` stay
//! inside one folder, `**` as a whole path segment spans any number of
//! folders (none included), `{a,b}` and `[ab]` as usual, `\` escapes. A
//! leading `/` or `./` is ignored (paths start at `src`); a trailing `/`
//! means everything below the folder. A pattern globset cannot read
//! (`docs**`, `[a`) is a config error naming the pattern.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::fmt;
use std::path::Path;

/// A list of globs, compiled once.
#[derive(Debug, Clone, Default)]
pub struct GlobList {
    patterns: Vec<String>,
    set: GlobSet,
}

/// A pattern that is not a glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadGlob {
    pub pattern: String,
    pub message: String,
}

impl fmt::Display for BadGlob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a glob: {}", self.pattern, self.message)
    }
}

impl std::error::Error for BadGlob {}

impl GlobList {
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<GlobList, BadGlob> {
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            let pattern = pattern.as_ref();
            // globset reads `docs**` as `docs*`; a reader may mean "across folders". Ask.
            if pattern
                .split('/')
                .any(|segment| segment.contains("**") && segment != "**")
            {
                return Err(BadGlob {
                    pattern: pattern.to_owned(),
                    message: "`**` must be a whole path segment (`docs/**`, `**/x.md`)".to_owned(),
                });
            }
            let glob = GlobBuilder::new(&normalized(pattern))
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| BadGlob {
                    pattern: pattern.to_owned(),
                    message: e.kind().to_string(),
                })?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|e| BadGlob {
            pattern: patterns.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", "),
            message: e.to_string(),
        })?;
        Ok(GlobList {
            patterns: patterns.iter().map(|p| p.as_ref().to_owned()).collect(),
            set,
        })
    }

    /// True when any pattern matches `path` (relative to `src`, any separators).
    pub fn matches(&self, path: &Path) -> bool {
        self.matches_str(&path.to_string_lossy())
    }

    /// [`GlobList::matches`] for a path as text.
    pub fn matches_str(&self, path: &str) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        // Text, not a path of this machine: `guide\a.md` from a Windows build
        // matches on any host (`platform::slashed` keeps a Unix `\`).
        let path = path.replace('\\', "/");
        self.set.is_match(path.trim_start_matches("./"))
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The patterns as written.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }
}

impl PartialEq for GlobList {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

impl Eq for GlobList {}

/// A list of strings in config; a bad pattern fails deserialisation, so the
/// config error names the key.
impl<'de> serde::Deserialize<'de> for GlobList {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let patterns = Vec::<String>::deserialize(deserializer)?;
        GlobList::new(&patterns).map_err(serde::de::Error::custom)
    }
}

/// Written back as the patterns it was given (the guide's generated
/// configuration reference shows defaults so).
impl serde::Serialize for GlobList {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.patterns.serialize(serializer)
    }
}

fn normalized(pattern: &str) -> String {
    let mut p = pattern.trim();
    while let Some(rest) = p.strip_prefix("./").or_else(|| p.strip_prefix('/')) {
        p = rest;
    }
    if p.ends_with('/') {
        format!("{p}**")
    } else {
        p.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(patterns: &[&str]) -> GlobList {
        GlobList::new(patterns).unwrap()
    }

    #[test]
    fn star_stays_in_a_folder_and_double_star_spans_folders() {
        for (glob, path, want) in [
            ("**/decisions/**", "decisions/0001-x.md", true),
            ("**/decisions/**", "docs/decisions/README.md", true),
            ("**/decisions/**", "decisions.md", false),
            ("**/adr/**", "adrs/0001.md", false),
            ("drafts/*.md", "drafts/a.md", true),
            ("drafts/*.md", "drafts/x/a.md", false),
            ("part-?/**", "part-1/a/b.md", true),
            ("part-?/**", "part-/a.md", false),
            ("services/*/adr/*.md", "services/pay/adr/0001-x.md", true),
            ("services/*/adr/*.md", "services/pay/other/0001-x.md", false),
            ("**/records/*.md", "records/x.md", true),
            ("**/records/*.md", "a/b/records/x.md", true),
            ("appendix/*", "appendix/a.md", true),
            ("appendix/*", "appendix/b/a.md", false),
            ("**/draft-*.md", "draft-x.md", true),
            ("/guide/", "guide/a/b.md", true),
            ("./guide/*.md", "guide/a.md", true),
            ("{a,b}/*.md", "b/x.md", true),
            ("Guide/*.md", "guide/x.md", false),
        ] {
            assert_eq!(list(&[glob]).matches_str(path), want, "{glob} {path}");
        }
        assert!(list(&["guide/*.md"]).matches(Path::new("./guide/a.md")));
        assert!(list(&["guide/*.md"]).matches_str("guide\\a.md"));
        assert!(!GlobList::default().matches_str("a.md"));
    }

    #[test]
    fn a_bad_pattern_is_named() {
        let err = GlobList::new(&["ok/*.md", "docs**"]).unwrap_err();
        assert_eq!(err.pattern, "docs**");
        assert!(err.to_string().starts_with("`docs**` is not a glob: "), "{err}");
        assert!(GlobList::new(&["[a"]).is_err());
    }

    #[test]
    fn deserialises_from_a_list_and_refuses_a_bad_one() {
        let list: GlobList = serde_json::from_value(serde_json::json!(["a/*.md"])).unwrap();
        assert!(list.matches_str("a/b.md"));
        assert!(serde_json::from_value::<GlobList>(serde_json::json!(["a**"])).is_err());
    }
}

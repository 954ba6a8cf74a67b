//! `[preprocessor.handbook.glossary]`: where the glossary lives and how
//! eagerly terms are linked. Every key is optional; with none, the chapter
//! whose file is `glossary.md` is the glossary and each term links once per page.

use handbook_core::glob::GlobList;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct GlossaryConfig {
    /// The glossary chapter, as a path inside `src` (default: the chapter whose file is `glossary.md`).
    pub chapter: Option<String>,
    /// The heading of a glossary section inside a page (default: "Glossary" and its translations).
    pub section: Option<String>,
    /// How abbreviations (terms in capitals: `RPS`, `p95`) are shown: a link
    /// with a tooltip like other terms, or only `<abbr title>`.
    pub abbreviations: AbbreviationStyle,
    /// A TOML or YAML file of terms, relative to the book root.
    pub file: Option<String>,
    /// Which occurrences of a term become links.
    pub link: LinkMode,
    /// Words and phrases that are never a term, whatever the glossary
    /// defines (`building blocks` is not *Block*); matched ignoring case.
    pub never: Vec<String>,
    /// Pages (globs over paths inside `src`) where nothing is linked automatically.
    pub skip: GlobList,
    /// Terms that are one ordinary English word (`point`, `tag`, `Block`):
    /// `skip` links them only through `{{#term}}` or their own `link`
    /// option, since prose uses them in their everyday sense too; `link`
    /// links them like every other term.
    pub ordinary_words: OrdinaryWords,
    /// Also match English plurals (`API`/`APIs`, `policy`/`policies`).
    pub plurals: bool,
    /// Put the glossary page's entries in alphabetical order.
    pub sort: bool,
    /// How a term no page uses is reported.
    pub unused: UnusedLevel,
    /// Per-term options for terms defined in the glossary chapter, by term name.
    pub terms: BTreeMap<String, TermOptions>,
}

impl Default for GlossaryConfig {
    fn default() -> Self {
        GlossaryConfig {
            chapter: None,
            section: None,
            abbreviations: AbbreviationStyle::Link,
            file: None,
            link: LinkMode::First,
            never: Vec::new(),
            skip: GlobList::default(),
            ordinary_words: OrdinaryWords::Skip,
            plurals: true,
            sort: true,
            unused: UnusedLevel::Info,
            terms: BTreeMap::new(),
        }
    }
}

/// Every value check is serde's (`skip` globs included); nothing more to validate.
impl handbook_core::config::PreprocessorConfig for GlossaryConfig {
    /// A term or alias of `terms` that is empty (or only blanks) would match
    /// nothing a reader can see, or everything: refused, naming the term.
    fn validate(&self) -> Result<(), handbook_core::config::InvalidValue> {
        for (term, options) in &self.terms {
            if term.trim().is_empty() {
                return Err(handbook_core::config::InvalidValue::new(
                    "terms",
                    "a term's name is empty",
                ));
            }
            if options.aliases.iter().any(|a| a.trim().is_empty()) {
                return Err(handbook_core::config::InvalidValue::new(
                    format!("terms.{term}.aliases"),
                    "an alias is empty",
                ));
            }
        }
        Ok(())
    }
}

impl GlossaryConfig {
    /// `skip` globs (`handbook_core::glob`): `*` within a folder, `**` across folders.
    pub fn skips(&self, source_path: &str) -> bool {
        self.skip.matches_str(source_path)
    }
}

/// Underlined walls of text annoy readers: by default only a term's first
/// mention on a page is a link (Wikipedia's convention). `never`: only
/// `{{#term}}` links (for a term, or for the whole book).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkMode {
    #[default]
    First,
    Every,
    FirstPerSection,
    Never,
}

/// Whether a term that is one ordinary English word links by itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrdinaryWords {
    #[default]
    Skip,
    Link,
}

/// `link`: `<a href><abbr title>` as for every term, so the reader can
/// open the entry; `abbr`: `<abbr title>` alone, which browsers and screen
/// readers show as an abbreviation's expansion, without a link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AbbreviationStyle {
    #[default]
    Link,
    Abbr,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnusedLevel {
    Off,
    #[default]
    Info,
    Warning,
}

/// Options one term may carry, in book.toml (`[preprocessor.handbook.glossary.terms.API]`)
/// or in a glossary file entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TermOptions {
    /// Other spellings that link to this term (irregular plurals too).
    pub aliases: Vec<String>,
    /// Default: true for abbreviations (`API`, `HTTP2`, `p95`, `gRPC`), false otherwise.
    pub case_sensitive: Option<bool>,
    /// Default: the `plurals` key of the table.
    pub plurals: Option<bool>,
    /// Default: the `link` key of the table; `never` keeps the term from
    /// linking by itself anywhere (`{{#term}}` still links it).
    pub link: Option<LinkMode>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use handbook_core::config::load;
    use serde_json::json;

    #[test]
    fn empty_terms_and_aliases_are_config_errors() {
        for (terms, key) in [
            (json!({" ": {}}), "terms"),
            (json!({"API": {"aliases": ["APIs", " "]}}), "terms.API.aliases"),
        ] {
            let cfg = json!({"preprocessor": {"handbook": {"glossary": {"terms": terms}}}});
            let err = load::<GlossaryConfig>(&cfg, "glossary")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(key), "{key}: {err}");
        }
    }

    #[test]
    fn defaults_and_kebab_case_values() {
        let (_, c) = load::<GlossaryConfig>(&json!({}), "glossary").unwrap();
        assert_eq!(
            (c.link, c.plurals, c.sort, c.unused, c.ordinary_words),
            (LinkMode::First, true, true, UnusedLevel::Info, OrdinaryWords::Skip)
        );
        let cfg = json!({"preprocessor": {"handbook": {"glossary": {"ordinary-words": "link"}}}});
        assert_eq!(
            load::<GlossaryConfig>(&cfg, "glossary").unwrap().1.ordinary_words,
            OrdinaryWords::Link
        );
        let cfg = json!({"preprocessor": {"handbook": {"glossary": {"link": "first-per-section", "unused": "warning",
            "terms": {"API": {"aliases": ["APIs"], "case-sensitive": false}}}}}});
        let (_, c) = load::<GlossaryConfig>(&cfg, "glossary").unwrap();
        assert_eq!(c.link, LinkMode::FirstPerSection);
        assert_eq!(c.terms["API"].case_sensitive, Some(false));
        let cfg = json!({"preprocessor": {"handbook": {"glossary": {"never": ["building blocks"],
            "terms": {"Block": {"link": "never"}}}}}});
        let (_, c) = load::<GlossaryConfig>(&cfg, "glossary").unwrap();
        assert_eq!(
            (c.never.as_slice(), c.terms["Block"].link),
            (&["building blocks".to_owned()][..], Some(LinkMode::Never))
        );
    }

    #[test]
    fn skip_globs() {
        let c = GlossaryConfig {
            skip: GlobList::new(&["changelog.md", "appendix/*", "**/draft-*.md"]).unwrap(),
            ..Default::default()
        };
        assert!(
            c.skips("changelog.md") && c.skips("appendix/a.md") && c.skips("x/y/draft-1.md") && c.skips("draft-2.md")
        );
        assert!(!c.skips("appendix/deep/a.md") && !c.skips("intro.md") && !c.skips("x/changelog.md"));
    }

    #[test]
    fn a_bad_skip_glob_is_a_config_error_naming_the_key() {
        let cfg = json!({"preprocessor": {"handbook": {"glossary": {"skip": ["ok.md", "docs**"]}}}});
        let err = load::<GlossaryConfig>(&cfg, "glossary").unwrap_err().to_string();
        assert!(
            err.contains("key `skip`") && err.contains("`docs**` is not a glob"),
            "{err}"
        );
    }

    #[test]
    fn a_typo_names_the_valid_keys() {
        let cfg = json!({"preprocessor": {"handbook": {"glossary": {"links": "every"}}}});
        let err = load::<GlossaryConfig>(&cfg, "glossary")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("`links`") && err.contains("`link`") && err.contains("`skip`"),
            "{err}"
        );
    }
}

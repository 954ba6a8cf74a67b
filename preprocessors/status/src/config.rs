//! `[preprocessor.handbook.status]`: status words, palette, banner texts,
//! a fixable today, and the folders whose pages get no card (ADRs).

use crate::palette::{self, Rgb};
use handbook_core::config::{InvalidValue, PreprocessorConfig};
use handbook_core::date;
use handbook_core::glob::GlobList;
use handbook_core::status::StatusCase;
use handbook_core::{Diagnostic, Diagnostics, Level};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The config table as written in book.toml.
#[derive(Debug, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct StatusConfig {
    /// The team's own status words: `"on hold" = "proposed"`, `"sunset" = "sunset"`.
    pub statuses: BTreeMap<String, String>,
    /// Badge colours by lifecycle word: `sunset = { text = "#ffffff", background = "#6e4000" }`.
    pub palette: BTreeMap<String, Colours>,
    /// Banner text by lifecycle word (or `overdue`); an empty text turns a banner off.
    pub banners: BTreeMap<String, String>,
    /// Fixes "today" (`2026-01-31`); `MDBOOK_HANDBOOK_TODAY` wins over it.
    pub today: Option<String>,
    /// Review period for pages that give `last-reviewed` but no `review-every`.
    pub review_every: Option<String>,
    /// Globs (relative to `src`) of pages that get no card, banner or review check.
    /// Default: the usual ADR folders, whose cards come from handbook-adr.
    pub skip: Option<GlobList>,
    /// How badges spell status words: `title` (`Stable`, the default),
    /// `lower`, `upper`, or `as-written`; the same key as handbook-adr's.
    pub status_case: StatusCase,
    /// Other front matter keys read as the suite's: `reviewed = "last_checked"`
    /// (the suite's key = the key the pages carry).
    pub keys: BTreeMap<String, String>,
}

/// One badge colour pair.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    /// The badge's text colour (`#ffffff`); it must reach a contrast of 4.5:1 with `background`.
    pub text: String,
    /// The badge's background colour (`#6e4000`).
    pub background: String,
}

/// Folders that hold decision records in the layouts handbooks use.
pub const DEFAULT_SKIP: &[&str] = &[
    "**/decisions/**",
    "**/adr/**",
    "**/adrs/**",
    "**/decision-records/**",
    "**/architecture-decisions/**",
];

/// Banner texts for the lifecycle words that get a banner by default.
/// `{date}` in the `overdue` text is replaced by the review date.
pub const DEFAULT_BANNERS: &[(&str, &str)] = &[
    (
        "draft",
        "This page is a draft. It may be incomplete and can change without notice.",
    ),
    (
        "deprecated",
        "This page is deprecated. What it describes is being phased out; do not build on it.",
    ),
    ("superseded", "This page is superseded and kept for the record."),
    (
        "archived",
        "This page is archived. It is kept for the record and no longer maintained.",
    ),
    (
        "overdue",
        "This page was due for review on {date}. Parts of it may be out of date.",
    ),
];

/// The config after checking: what the scan and render steps use.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub statuses: BTreeMap<String, String>,
    /// Valid colour pairs only, by lifecycle word, as CSS hex.
    pub palette: BTreeMap<String, (String, String)>,
    pub banners: BTreeMap<String, String>,
    pub today: Option<String>,
    pub review_every: Option<String>,
    pub skip: GlobList,
    pub status_case: StatusCase,
    /// Page key (normalized) -> the suite key it stands for.
    pub keys: BTreeMap<String, String>,
}

/// Status words of other tools' metadata, unless the book maps them itself:
/// Docusaurus's `unlisted: true` (built, but only for readers holding the
/// link) reads as a draft; MkDocs Material's built-in `status: new` as current.
const DEFAULT_STATUSES: &[(&str, &str)] = &[("unlisted", "draft"), ("new", "current")];

impl Settings {
    /// The suite key a page's key (normalized) stands for under `keys`.
    pub fn suite_key(&self, page_key: &str) -> String {
        self.keys.get(page_key).cloned().unwrap_or_else(|| page_key.to_owned())
    }
}

impl StatusConfig {
    /// Merges the defaults and checks the palette's contrast (at least 4.5:1):
    /// a pair that is hard to read is an error, as README documents (a
    /// `levels` table may lower it); the pair is used as given.
    pub fn settings(&self, diagnostics: &mut Diagnostics) -> Settings {
        let mut palette = BTreeMap::new();
        for (word, colours) in &self.palette {
            // Unreadable colours were refused by `validate`.
            let (Some(text), Some(background)) = (Rgb::parse(&colours.text), Rgb::parse(&colours.background)) else {
                continue;
            };
            let ratio = palette::contrast(text, background);
            if ratio < palette::MIN_CONTRAST {
                diagnostics.push(
                    Diagnostic::new(
                        Level::Error,
                        "status-palette-contrast",
                        format!(
                            "[preprocessor.handbook.status.palette] `{word}`: text {} on {} has a contrast of {ratio:.2}:1, \
                             below the 4.5:1 readers need",
                            colours.text, colours.background
                        ),
                    )
                    .in_file("book.toml"),
                );
            }
            palette.insert(clean_word(word), (text.to_css(), background.to_css()));
        }
        let mut banners: BTreeMap<String, String> = DEFAULT_BANNERS
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        for (word, text) in &self.banners {
            banners.insert(clean_word(word), text.trim().to_owned());
        }
        let mut keys = BTreeMap::new();
        for (suite, page) in &self.keys {
            let suite_key = handbook_core::meta::normalize_key(suite);
            // A suite key the suite does not read was refused by `validate`.
            if crate::scan::known_keys().any(|k| k == suite_key) {
                keys.insert(handbook_core::meta::normalize_key(page), suite_key);
            }
        }
        let mut statuses = self.statuses.clone();
        for (word, lifecycle) in DEFAULT_STATUSES {
            if !statuses.keys().any(|k| clean_word(k) == *word) {
                statuses.insert((*word).to_owned(), (*lifecycle).to_owned());
            }
        }
        Settings {
            keys,
            statuses,
            palette,
            banners,
            today: self.today.clone(),
            review_every: self.review_every.clone(),
            skip: self
                .skip
                .clone()
                .unwrap_or_else(|| GlobList::new(DEFAULT_SKIP).unwrap_or_default()),
            status_case: self.status_case,
        }
    }
}

impl PreprocessorConfig for StatusConfig {
    /// Colours that are colours, `keys` that name keys the suite reads, a
    /// `today` that is a day and a `review-every` that is a period.
    fn validate(&self) -> Result<(), InvalidValue> {
        for (table, map) in [
            ("statuses", &self.statuses),
            ("banners", &self.banners),
            ("keys", &self.keys),
        ] {
            if map.keys().any(|k| k.trim().is_empty()) {
                return Err(InvalidValue::new(table, "a key is empty"));
            }
        }
        for (table, map) in [("statuses", &self.statuses), ("keys", &self.keys)] {
            if let Some((key, _)) = map.iter().find(|(_, v)| v.trim().is_empty()) {
                return Err(InvalidValue::new(format!("{table}.{key}"), "is empty"));
            }
        }
        for (word, colours) in &self.palette {
            if Rgb::parse(&colours.text).is_none() || Rgb::parse(&colours.background).is_none() {
                return Err(InvalidValue::new(
                    format!("palette.{word}"),
                    format!(
                        "colours must be hex like `#1a7f37` or `#fff`, found text `{}` and background `{}`",
                        colours.text, colours.background
                    ),
                ));
            }
        }
        for (suite, page) in &self.keys {
            let suite_key = handbook_core::meta::normalize_key(suite);
            if !crate::scan::known_keys().any(|k| k == suite_key) {
                let valid: Vec<&str> = crate::scan::known_keys().collect();
                return Err(InvalidValue::new(
                    format!("keys.{suite}"),
                    format!(
                        "`{suite} = \"{page}\"`: `{suite}` is not a key the suite reads; write the suite's key first, one of: {}",
                        valid.join(", ")
                    ),
                ));
            }
        }
        if let Some(today) = &self.today {
            date::fixed_day(today).map_err(|e| InvalidValue::new("today", format!("is {e}")))?;
        }
        if let Some(every) = self.review_every.as_deref().filter(|p| date::parse_period(p).is_none()) {
            return Err(InvalidValue::new(
                "review-every",
                format!("`{every}` is not a period; write e.g. `6 months`, `1 year` or `90 days`"),
            ));
        }
        Ok(())
    }
}

pub(crate) fn clean_word(word: &str) -> String {
    word.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(toml_palette: &[(&str, &str, &str)]) -> StatusConfig {
        StatusConfig {
            palette: toml_palette
                .iter()
                .map(|(w, t, b)| {
                    (
                        (*w).to_owned(),
                        Colours {
                            text: (*t).to_owned(),
                            background: (*b).to_owned(),
                        },
                    )
                })
                .collect(),
            banners: BTreeMap::from([("Draft".to_owned(), String::new())]),
            ..StatusConfig::default()
        }
    }

    #[test]
    fn palette_is_checked_for_colours_and_contrast() {
        let mut ds = Diagnostics::new();
        let s = config(&[
            ("sunset", "#fff", "#6e4000"),
            ("pale", "#ffffff", "#ffff00"),
            ("bad", "white", "#000"),
        ])
        .settings(&mut ds);
        let codes: Vec<_> = ds.iter().map(|d| (d.level, d.code)).collect();
        assert_eq!(codes, [(Level::Error, "status-palette-contrast")]);
        assert_eq!(s.palette["sunset"], ("#ffffff".to_owned(), "#6e4000".to_owned()));
        assert!(s.palette.contains_key("pale") && !s.palette.contains_key("bad"));
        assert_eq!(s.banners["draft"], "", "an empty text turns the banner off");
        assert!(s.banners["deprecated"].contains("deprecated"));
        assert_eq!(s.skip.patterns().len(), DEFAULT_SKIP.len());
        let err = config(&[("bad", "white", "#000")]).validate().unwrap_err();
        assert_eq!(err.key, "palette.bad");
        assert!(err.message.contains("`white`"), "{}", err.message);
    }

    #[test]
    fn today_and_review_every_are_checked_by_validate() {
        let with = |today: Option<&str>, every: Option<&str>| StatusConfig {
            today: today.map(str::to_owned),
            review_every: every.map(str::to_owned),
            ..StatusConfig::default()
        };
        assert!(with(Some("2026-01-31"), Some("6 months")).validate().is_ok());
        assert_eq!(with(Some("soon"), None).validate().unwrap_err().key, "today");
        let err = with(None, Some("fortnightly-ish")).validate().unwrap_err();
        assert_eq!(err.key, "review-every");
        assert!(
            err.message.starts_with("`fortnightly-ish` is not a period"),
            "{}",
            err.message
        );
    }

    #[test]
    fn keys_map_page_keys_onto_the_suites_and_name_the_valid_ones() {
        let mut ds = Diagnostics::new();
        let mut config = StatusConfig {
            keys: BTreeMap::from([("reviewed".to_owned(), "Last_Checked".to_owned())]),
            ..StatusConfig::default()
        };
        assert!(config.validate().is_ok());
        let s = config.settings(&mut ds);
        assert!(ds.is_empty());
        assert_eq!(s.suite_key("last-checked"), "reviewed");
        assert_eq!(s.suite_key("owner"), "owner");
        config.keys.insert("nonsense".to_owned(), "x".to_owned());
        let err = config.validate().unwrap_err();
        assert_eq!(err.key, "keys.nonsense");
        assert!(
            err.message.contains("`nonsense`") && err.message.contains("last-reviewed-on"),
            "{}",
            err.message
        );
        assert_eq!(s.statuses.get("unlisted").map(String::as_str), Some("draft"));
    }
}

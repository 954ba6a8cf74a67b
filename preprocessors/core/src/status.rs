//! Status words and their badges, shared by every preprocessor that shows a
//! status (ADR cards and logs, page cards, inline badges, the dashboard).
//!
//! The author's words are what the page shows; the normalized lifecycle word
//! only picks the colour and drives rules (banners, filters).

use crate::html::escape;
use std::collections::BTreeMap;

/// The lifecycle words the suite knows, each with the spellings that mean it.
pub const LIFECYCLE: &[(&str, &[&str])] = &[
    ("draft", &["draft", "wip", "work in progress"]),
    (
        "proposed",
        &[
            "proposed",
            "proposal",
            "pending",
            "in review",
            "under review",
            "open",
            "rfc",
            "suggested",
        ],
    ),
    (
        "accepted",
        &[
            "accepted",
            "approved",
            "implemented",
            "adopted",
            "done",
            "agreed",
            "decided",
        ],
    ),
    ("current", &["current", "active", "live", "published", "valid"]),
    ("stable", &["stable"]),
    ("experimental", &["experimental", "beta", "alpha", "trial", "preview"]),
    ("deprecated", &["deprecated", "obsolete", "outdated"]),
    (
        "superseded",
        &[
            "superseded",
            "superceded",
            "replaced",
            "partly superseded",
            "partially superseded",
        ],
    ),
    ("amended", &["amended", "partly amended"]),
    (
        "rejected",
        &["rejected", "declined", "abandoned", "refused", "withdrawn"],
    ),
    ("archived", &["archived", "retired"]),
];

/// A status as written plus what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The author's words, trimmed (emoji kept), e.g. `⌛️ Superseded by ADR-12`.
    pub written: String,
    /// The lifecycle word, or `None` for a word nobody configured.
    pub normalized: Option<String>,
}

/// Maps status words to lifecycle words: the defaults plus `book.toml`'s
/// own words (`"on hold" = "proposed"`, or a new lifecycle word `"sunset" = "sunset"`).
#[derive(Debug, Clone, Default)]
pub struct StatusWords {
    custom: BTreeMap<String, String>,
}

impl StatusWords {
    pub fn new(custom: &BTreeMap<String, String>) -> Self {
        StatusWords {
            custom: custom.iter().map(|(k, v)| (clean(k), clean(v))).collect(),
        }
    }

    /// Reads `✅ Accepted`, `superseded by ADR-0123`, `accepted; supersedes ADR-45`,
    /// `Partly superseded.` Tolerant of case, emoji and trailing punctuation.
    pub fn status(&self, written: &str) -> Status {
        let written = written.trim();
        let cleaned = clean(written);
        let head = cleaned
            .split([';', ',', '(', '—', ':'])
            .next()
            .unwrap_or("")
            .split(" by ")
            .next()
            .unwrap_or("")
            .trim()
            .to_owned();
        let candidates = [
            cleaned.clone(),
            head.clone(),
            head.split(' ').next().unwrap_or("").to_owned(),
        ];
        let normalized = candidates.iter().find_map(|c| self.lookup(c));
        Status {
            written: written.to_owned(),
            normalized,
        }
    }

    fn lookup(&self, word: &str) -> Option<String> {
        if word.is_empty() {
            return None;
        }
        if let Some(v) = self.custom.get(word) {
            return Some(v.clone());
        }
        LIFECYCLE
            .iter()
            .find(|(_, spellings)| spellings.contains(&word))
            .map(|(name, _)| (*name).to_owned())
    }
}

/// Lowercase, emoji and symbols dropped, spaces folded, trailing punctuation gone.
fn clean(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -;,():—".contains(c) {
                c
            } else {
                ' '
            }
        })
        .flat_map(char::to_lowercase)
        .collect();
    kept.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

/// The badge for a status: the author's words always shown (colour is never
/// the only carrier), the colour from the lifecycle word, neutral if unknown.
pub fn badge_html(status: &Status) -> String {
    let data = status.normalized.as_deref().unwrap_or("unknown");
    format!(
        "<span class=\"hb-badge\" data-status=\"{}\">{}</span>",
        escape(data),
        escape(status.written.trim())
    )
}

/// The same badge for renderers that are not HTML.
pub fn badge_text(status: &Status) -> String {
    format!("[{}]", status.written.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(words: &StatusWords, text: &str) -> Option<String> {
        words.status(text).normalized
    }

    #[test]
    fn tolerant_of_emoji_case_punctuation_and_synonyms() {
        let w = StatusWords::default();
        for (text, want) in [
            ("✅ Accepted", "accepted"),
            ("⌛️ Superseded by [ADR-12](0012-x.md)", "superseded"),
            ("accepted; supersedes ADR-0045", "accepted"),
            ("Superceded by 15. Title", "superseded"),
            ("Partly superseded.", "superseded"),
            ("APPROVED", "accepted"),
            ("Declined", "rejected"),
            ("Pending", "proposed"),
            ("Implemented (2024-03)", "accepted"),
        ] {
            assert_eq!(norm(&w, text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(norm(&w, "Frobnicated"), None);
        assert_eq!(norm(&w, ""), None);
    }

    #[test]
    fn custom_words_extend_and_override() {
        let custom = BTreeMap::from([
            ("On Hold".to_owned(), "proposed".to_owned()),
            ("sunset".to_owned(), "sunset".to_owned()),
        ]);
        let w = StatusWords::new(&custom);
        assert_eq!(norm(&w, "on hold").as_deref(), Some("proposed"));
        assert_eq!(norm(&w, "Sunset!").as_deref(), Some("sunset"));
    }

    #[test]
    fn badges_show_the_words_escaped() {
        let w = StatusWords::default();
        assert_eq!(
            badge_html(&w.status("✅ Accepted")),
            "<span class=\"hb-badge\" data-status=\"accepted\">✅ Accepted</span>"
        );
        let evil = badge_html(&w.status("<img src=x onerror=alert(1)>"));
        assert!(
            !evil.contains("<img") && evil.contains("data-status=\"unknown\""),
            "{evil}"
        );
        assert_eq!(badge_text(&w.status("Draft")), "[Draft]");
    }
}

//! Badges an earlier suite preprocessor already drew (handbook-adr's cards
//! and decision log): found so the book's palette colours them too, and the
//! same status looks the same on every page.

use handbook_core::markdown::{self, MarkdownOptions};
use handbook_core::pulldown_cmark::Event;

/// The opening of the badge every suite preprocessor draws (`handbook_core::status::badge_html`).
const BADGE_OPEN: &str = "<span class=\"hb-badge\" data-status=\"";

/// A drawn badge: where a `style` attribute can go, and its lifecycle word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnBadge {
    /// Byte offset right after `<span class="hb-badge"`.
    pub style_at: usize,
    pub word: String,
}

/// Drawn badges in the page's HTML (never in code, where an author may show
/// the markup), whose word is one `wanted` accepts and which carry no style yet.
pub fn drawn_badges(text: &str, options: &MarkdownOptions, wanted: impl Fn(&str) -> bool) -> Vec<DrawnBadge> {
    if !text.contains(BADGE_OPEN) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (event, range) in markdown::parse(text, options) {
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            continue;
        }
        let html = &text[range.clone()];
        for (at, _) in html.match_indices(BADGE_OPEN) {
            let rest = &html[at + BADGE_OPEN.len()..];
            let Some(word) = rest.split_once('"').map(|(w, _)| w) else {
                continue;
            };
            if wanted(word) {
                out.push(DrawnBadge {
                    style_at: range.start + at + "<span class=\"hb-badge\"".len(),
                    word: word.to_owned(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_badges_in_html_but_not_in_code() {
        let text = "<div class=\"hb-card\"><span class=\"hb-badge\" data-status=\"sunset\">Sunset</span></div>\n\n\
            ```html\n<span class=\"hb-badge\" data-status=\"sunset\">shown, not drawn</span>\n```\n\n\
            Inline <span class=\"hb-badge\" data-status=\"accepted\">ok</span> and \
            `<span class=\"hb-badge\" data-status=\"sunset\">`.\n";
        let found = drawn_badges(text, &MarkdownOptions::default(), |w| w == "sunset" || w == "accepted");
        let words: Vec<_> = found.iter().map(|b| b.word.as_str()).collect();
        assert_eq!(words, ["sunset", "accepted"]);
        for badge in &found {
            assert!(text[..badge.style_at].ends_with("<span class=\"hb-badge\""));
        }
        assert!(drawn_badges(text, &MarkdownOptions::default(), |w| w == "draft").is_empty());
    }
}

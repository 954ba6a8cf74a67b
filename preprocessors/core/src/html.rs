//! Everything the suite injects into HTML goes through [`escape`].
//!
//! The suite's stylesheet is delivered inline, once per chapter that carries
//! suite markup (see the ADR "Deliver the suite's CSS inline"), so that no
//! user copies files and nothing is written where `mdbook serve` watches.

use std::borrow::Cow;

/// Escapes text for use in HTML element content *and* in quoted attribute values.
///
/// One helper for both contexts keeps call sites from choosing the wrong one.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    Cow::Owned(out)
}

/// The suite's stylesheet: badges, cards, banners, tooltips, figures.
pub const STYLESHEET: &str = include_str!("../assets/handbook.css");

/// Marker on the injected `<style>` element; also how a chapter is known to have it.
pub const STYLE_MARKER: &str = "data-mdbook-handbook-style";

/// Returns the `<style>` block to prepend to a chapter, or `None` when the
/// chapter already has it (another suite preprocessor ran first).
///
/// The block is one HTML block with no blank line inside, so mdBook passes it
/// through untouched; it ends with a blank line so following markdown starts fresh.
pub fn stylesheet_block(chapter_content: &str) -> Option<String> {
    if chapter_content.contains(STYLE_MARKER) {
        return None;
    }
    let css: String = STYLESHEET
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("/*"))
        .collect::<Vec<_>>()
        .join("\n");
    Some(format!(
        "<style {STYLE_MARKER}=\"{}\">\n{css}\n</style>\n\n",
        env!("CARGO_PKG_VERSION")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert!(matches!(escape("plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn stylesheet_is_one_html_block_added_once() {
        let block = stylesheet_block("# Title\n").unwrap_or_default();
        assert!(block.starts_with("<style "));
        let inner = block.trim_end();
        assert!(!inner.contains("\n\n"), "a blank line would end the HTML block");
        let again = format!("{block}# Title\n");
        assert_eq!(stylesheet_block(&again), None);
    }
}

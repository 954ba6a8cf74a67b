//! Parsing with exactly the options mdBook renders with.
//!
//! `Options::all()` enables extensions mdBook does not (math, wikilinks,
//! YAML metadata blocks...), which shifts spans and breaks splices; so the
//! only way the suite builds a parser is [`parse`], with options read from
//! the same `output.html` keys mdBook reads.

pub use mdbook_markdown::MarkdownOptions;
use mdbook_markdown::pulldown_cmark::{Event, OffsetIter, Tag, TagEnd};
use serde_json::Value;
use std::ops::Range;

/// Reads `output.html.smart-punctuation`, `definition-lists` and
/// `admonitions` from the book config (0.4's `curly-quotes` as a fallback).
pub fn options_from_config(config: &Value) -> MarkdownOptions {
    let html = config.pointer("/output/html");
    let flag = |key: &str| html.and_then(|h| h.get(key)).and_then(Value::as_bool);
    let mut options = MarkdownOptions::default();
    if let Some(v) = flag("smart-punctuation").or_else(|| flag("curly-quotes")) {
        options.smart_punctuation = v;
    }
    if let Some(v) = flag("definition-lists") {
        options.definition_lists = v;
    }
    if let Some(v) = flag("admonitions") {
        options.admonitions = v;
    }
    options
}

/// Events with their byte ranges in `text`, parsed as mdBook parses.
pub fn parse<'a>(text: &'a str, options: &MarkdownOptions) -> OffsetIter<'a> {
    mdbook_markdown::new_cmark_parser(text, options).into_offset_iter()
}

/// Collects `(event, range)` pairs; handy for scans that look back and forth.
pub fn events<'a>(text: &'a str, options: &MarkdownOptions) -> Vec<(Event<'a>, Range<usize>)> {
    parse(text, options).collect()
}

/// What a reader sees of a one-line markdown value (`**Owner**: Ana &amp; Bo`,
/// `Accepted &lt;draft&gt;`, `[Payments](payments.md)`): character references
/// and backslash escapes decoded; emphasis, code and link syntax gone; raw HTML
/// kept as written. A value that is not one paragraph (`1. x`, `# x`) comes back
/// as written. For badges, table cells and diagnostics that show a field as text.
pub fn inline_text(text: &str) -> String {
    let mut options = MarkdownOptions::default();
    options.smart_punctuation = false;
    let mut out = String::with_capacity(text.len());
    let mut paragraphs = 0;
    for (event, _) in parse(text, &options) {
        match event {
            Event::Start(Tag::Paragraph) => paragraphs += 1,
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph)
            | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image) => {}
            _ => return text.to_owned(),
        }
    }
    if paragraphs > 1 { text.to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inline_text_is_what_a_reader_sees() {
        assert_eq!(
            inline_text("Accepted &lt;draft&gt; &amp; \\*new\\*"),
            "Accepted <draft> & *new*"
        );
        assert_eq!(inline_text("**Ana** and [Bo](people/bo.md), `x<y`"), "Ana and Bo, x<y");
        assert_eq!(inline_text("<b>raw</b> stays"), "<b>raw</b> stays");
        assert_eq!(inline_text("1. Not a list here"), "1. Not a list here");
        assert_eq!(inline_text("# Heading-like"), "# Heading-like");
        assert_eq!(inline_text("it's \"plain\""), "it's \"plain\"");
        assert_eq!(inline_text(""), "");
    }

    #[test]
    fn reads_mdbook_html_options() {
        let cfg = json!({"output": {"html": {"smart-punctuation": false, "admonitions": false}}});
        let o = options_from_config(&cfg);
        assert!(!o.smart_punctuation && !o.admonitions && o.definition_lists);
        let o = options_from_config(&json!({"output": {"html": {"curly-quotes": false}}}));
        assert!(!o.smart_punctuation);
    }
}

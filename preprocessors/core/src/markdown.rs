//! Parsing with exactly the options mdBook renders with.
//!
//! `Options::all()` enables extensions mdBook does not (math, wikilinks,
//! YAML metadata blocks...), which shifts spans and breaks splices; so the
//! only way the suite builds a parser is [`parse`], with options read from
//! the same `output.html` keys mdBook reads.

pub use mdbook_markdown::MarkdownOptions;
use mdbook_markdown::pulldown_cmark::{Event, OffsetIter};
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_mdbook_html_options() {
        let cfg = json!({"output": {"html": {"smart-punctuation": false, "admonitions": false}}});
        let o = options_from_config(&cfg);
        assert!(!o.smart_punctuation && !o.admonitions && o.definition_lists);
        let o = options_from_config(&json!({"output": {"html": {"curly-quotes": false}}}));
        assert!(!o.smart_punctuation);
    }
}

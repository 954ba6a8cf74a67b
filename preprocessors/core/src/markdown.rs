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
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// Markdown parses of this process so far (every [`parse`] and the math
/// pass): one relaxed atomic add per parse, read by `MDBOOK_HANDBOOK_TIMINGS`
/// and the benchmark (parses per chapter per build).
static PARSES: AtomicUsize = AtomicUsize::new(0);

/// How many markdown parses this process has made.
pub fn parses() -> usize {
    PARSES.load(Ordering::Relaxed)
}

/// Chapter texts replaced by a capability's splices so far: with the
/// chapters read, the text versions a build had (each should be parsed once,
/// by its outline).
static REPLACED_TEXTS: AtomicUsize = AtomicUsize::new(0);

/// How many chapter texts splices have replaced in this process.
pub fn replaced_texts() -> usize {
    REPLACED_TEXTS.load(Ordering::Relaxed)
}

pub(crate) fn count_replaced_text() {
    REPLACED_TEXTS.fetch_add(1, Ordering::Relaxed);
}

/// Counts one parse (the math pass builds its own parser).
pub(crate) fn count_parse() {
    PARSES.fetch_add(1, Ordering::Relaxed);
}

/// Events with their byte ranges in `text`, parsed as mdBook parses.
pub fn parse<'a>(text: &'a str, options: &MarkdownOptions) -> OffsetIter<'a> {
    count_parse();
    mdbook_markdown::new_cmark_parser(text, options).into_offset_iter()
}

/// False when `text` cannot hold a fenced code block (no ```` ``` ```` or
/// `~~~`): a scan that looks only at fences skips the parse.
pub fn may_have_fence(text: &str) -> bool {
    text.contains("```") || text.contains("~~~")
}

/// Collects `(event, range)` pairs; handy for scans that look back and forth.
pub fn events<'a>(text: &'a str, options: &MarkdownOptions) -> Vec<(Event<'a>, Range<usize>)> {
    parse(text, options).collect()
}

/// The links and images in `text` whose target [`crate::html::safe_url`]
/// refuses, each with its byte range (the whole `[text](target)`): book data
/// (a front matter value, a glossary definition) rendered as markdown keeps
/// no script link, and the author is told which one went.
pub fn refused_links(text: &str, options: &MarkdownOptions) -> Vec<(Range<usize>, crate::html::RefusedUrl)> {
    if !text.contains(['[', '<']) {
        return Vec::new();
    }
    parse(text, options)
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                crate::html::safe_url(&dest_url).err().map(|refused| (range, refused))
            }
            _ => None,
        })
        .collect()
}

/// Plain text made safe to place anywhere in markdown (a table cell, link
/// text, the start of a line), and still readable as markdown: the
/// characters that mean something inside a line (`` \ ` * _ [ ] < > | & ! ~ $ { } ``,
/// and quotes, which smart punctuation would curl) are backslash-escaped
/// everywhere; at the start, any ASCII punctuation and an ordered-list
/// number's `.` or `)` too (so no heading, list, quote or definition
/// begins); line breaks become spaces. The one markdown escaping of the
/// suite. Smart punctuation of `--` and `...` still applies, as to the
/// author's own text.
pub fn escape_text(text: &str) -> String {
    const INLINE: &str = "\\`*_[]<>|&!~${}'\"";
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    // `1.` or `12)` followed by a space or the end would start an ordered list.
    let list_marker = digits > 0
        && matches!(chars.get(digits), Some('.' | ')'))
        && chars.get(digits + 1).is_none_or(|c| c.is_whitespace());
    for (i, &c) in chars.iter().enumerate() {
        let opens_block = (i == 0 && c.is_ascii_punctuation()) || (i == digits && list_marker);
        match c {
            '\n' | '\r' => out.push(' '),
            c if INLINE.contains(c) || opens_block => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
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
    fn escaped_text_reads_back_as_written() {
        for text in [
            "1. <script> | *x* [a](b) #h &amp; C++ `c` ~s~ {{#adr-log}} $m$ \\",
            "12) x",
            "# h",
            "- item",
            "> quote",
            ": definition",
            "=== x",
            "- x",
            "<https://x.invalid>",
            "![i](x.png) [^n] \"q\" it's",
        ] {
            let escaped = escape_text(text);
            let mut smart = MarkdownOptions::default();
            smart.smart_punctuation = true;
            let shown: String = parse(&escaped, &smart)
                .filter_map(|(e, _)| match e {
                    Event::Text(t) => Some(t.into_string()),
                    _ => None,
                })
                .collect();
            assert_eq!(shown, text, "{escaped}");
        }
        assert_eq!(escape_text("a\nb\r\nc"), "a b  c");
        assert_eq!(escape_text("2024-01-01 v1.2"), "2024-01-01 v1.2");
    }

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

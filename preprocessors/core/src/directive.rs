//! `{{#name args}}` directives in chapter text, found where mdBook's own
//! `{{#include}}` would be: anywhere in prose or tables, never inside code
//! spans, code blocks or raw HTML.

use crate::markdown::{self, MarkdownOptions};
use crate::pulldown_cmark::{Event, Tag, TagEnd};
use crate::splice::LineIndex;
use std::ops::Range;

/// One directive occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    /// Everything between the name and `}}`, trimmed.
    pub args: String,
    /// The whole `{{#...}}`, braces included.
    pub range: Range<usize>,
    /// 1-based line.
    pub line: usize,
}

impl Directive {
    /// Whitespace-separated arguments, with `"quoted words"` kept together.
    pub fn words(&self) -> Vec<String> {
        split_args(&self.args)
    }

    /// `key=value` arguments; bare words have an empty value.
    pub fn options(&self) -> Vec<(String, String)> {
        self.words()
            .into_iter()
            .map(|w| match w.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (w, String::new()),
            })
            .collect()
    }
}

/// Byte ranges where directives do not count: code and raw HTML.
fn excluded_ranges(text: &str, options: &MarkdownOptions) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut block_start = None;
    for (event, range) in markdown::parse(text, options) {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::HtmlBlock) => {
                if let Some(start) = block_start.take() {
                    out.push(start..range.end);
                }
            }
            Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) if block_start.is_none() => out.push(range),
            _ => {}
        }
    }
    out
}

/// Finds the directives named in `names` (e.g. `["adr-index", "adr-graph"]`).
pub fn find(text: &str, names: &[&str], options: &MarkdownOptions) -> Vec<Directive> {
    if !text.contains("{{#") {
        return Vec::new();
    }
    let excluded = excluded_ranges(text, options);
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("{{#") {
        let start = from + found;
        from = start + 3;
        let Some(len) = text[start..].find("}}") else {
            break;
        };
        let inner = &text[start + 3..start + len];
        if inner.contains('\n') && inner.trim_end().contains("\n\n") {
            continue;
        }
        let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
        let name = &inner[..name_end];
        if !names.contains(&name) || excluded.iter().any(|r| r.contains(&start)) {
            continue;
        }
        out.push(Directive {
            name: name.to_owned(),
            args: inner[name_end..].trim().to_owned(),
            range: start..start + len + 2,
            line: lines.line(start),
        });
        from = start + len + 2;
    }
    out
}

fn split_args(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in args.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_directives_in_prose_and_tables_not_in_code_or_html() {
        let text = "# T\n\n{{#adr-index status=accepted sort=\"date desc\"}}\n\n| a | {{#status Draft}} |\n|---|---|\n\n\
                    `{{#status code}}`\n\n```\n{{#status fenced}}\n```\n\n<div>{{#status html}}</div>\n\n{{#other x}}\n";
        let found = find(text, &["adr-index", "status"], &MarkdownOptions::default());
        let got: Vec<_> = found
            .iter()
            .map(|d| (d.name.as_str(), d.args.as_str(), d.line))
            .collect();
        assert_eq!(
            got,
            [
                ("adr-index", "status=accepted sort=\"date desc\"", 3),
                ("status", "Draft", 5)
            ]
        );
        assert_eq!(
            &text[found[0].range.clone()],
            "{{#adr-index status=accepted sort=\"date desc\"}}"
        );
        assert_eq!(
            found[0].options(),
            [
                ("status".to_owned(), "accepted".to_owned()),
                ("sort".to_owned(), "date desc".to_owned())
            ]
        );
    }

    #[test]
    fn unclosed_and_absent_directives() {
        let o = MarkdownOptions::default();
        assert!(find("{{#status never closed", &["status"], &o).is_empty());
        assert!(find("plain text", &["status"], &o).is_empty());
    }
}

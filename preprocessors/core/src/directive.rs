//! `{{#name args}}` directives in chapter text, found where mdBook's own
//! `{{#include}}` would be: anywhere in prose or tables, never inside code
//! spans, code blocks or raw HTML.

use crate::book::Chapter;
use crate::markdown::MarkdownOptions;
use crate::outline::Outline;
use crate::splice::LazyLineIndex;
use std::cell::OnceCell;
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

    /// True when the directive has its line to itself: only container
    /// markers (quote `>`, list bullets and numbers) and spaces before it,
    /// only spaces after it. A directive that becomes a block (a table, a
    /// list, a graph) must be alone, or the block would cut a paragraph.
    pub fn is_alone_on_its_line(&self, text: &str) -> bool {
        alone_on_its_line(text, &self.range)
    }
}

/// [`Directive::is_alone_on_its_line`] for a range of `text`.
pub fn alone_on_its_line(text: &str, range: &Range<usize>) -> bool {
    let (Some(head), Some(tail)) = (text.get(..range.start), text.get(range.end..)) else {
        return false;
    };
    let before = &head[head.rfind('\n').map_or(0, |i| i + 1)..];
    let after = tail.split('\n').next().unwrap_or("");
    before
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '>' | '-' | '*' | '+' | '.' | ')') || c.is_ascii_digit())
        && after.trim().is_empty()
}

/// The first occurrence of a needle at or after a position, remembered: the
/// scan below asks for positions that only grow, so each needle is searched
/// through the text once however many `{{#` there are (a chapter of a
/// million `{{#` and one `}}` at the end stays linear).
struct NextMatch<'t> {
    text: &'t str,
    needle: &'static str,
    /// The last search: where it started and what it found.
    last: Option<(usize, Option<usize>)>,
}

impl<'t> NextMatch<'t> {
    fn new(text: &'t str, needle: &'static str) -> Self {
        NextMatch {
            text,
            needle,
            last: None,
        }
    }

    fn at_or_after(&mut self, offset: usize) -> Option<usize> {
        if let Some((from, found)) = self.last
            && from <= offset
        {
            match found {
                Some(f) if f >= offset => return Some(f),
                None => return None,
                Some(_) => {}
            }
        }
        let found = crate::search::find_from(self.text, self.needle, offset);
        self.last = Some((offset, found));
        found
    }
}

/// Finds the directives named in `names` (e.g. `["adr-index", "adr-graph"]`).
pub fn find(chapter: &Chapter, names: &[&str], options: &MarkdownOptions) -> Vec<Directive> {
    find_with(&chapter.content, names, || chapter.outline(options))
}

/// [`find`] in a text that is no chapter of the book (a test's, a file's).
pub fn find_in_text(text: &str, names: &[&str], options: &MarkdownOptions) -> Vec<Directive> {
    let outline = OnceCell::new();
    find_with(text, names, || outline.get_or_init(|| Outline::read(text, options)))
}

/// The scan itself; `outline` (of `text`) is asked only when a name is spelled,
/// so a page without one is not parsed.
fn find_with<'o>(text: &str, names: &[&str], outline: impl Fn() -> &'o Outline) -> Vec<Directive> {
    // A directive's name follows `{{#` at once: a page that spells none of
    // these (most pages, and pages with only other capabilities' directives)
    // is not parsed for its code ranges.
    let spelled = |at: usize| {
        text.get(at + 3..)
            .is_some_and(|rest| names.iter().any(|n| rest.starts_with(n)))
    };
    if !crate::search::find_all(text, "{{#").any(spelled) {
        return Vec::new();
    }
    let lines = LazyLineIndex::new(text);
    let longest_name = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let (mut closing, mut blank_line) = (NextMatch::new(text, "}}"), NextMatch::new(text, "\n\n"));
    // The end of the closing's directive text without trailing whitespace, per closing.
    let mut trimmed_end: Option<(usize, usize)> = None;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = crate::search::find_from(text, "{{#", from) {
        from = start + 3;
        let Some(close) = closing.at_or_after(start) else {
            break;
        };
        let len = close - start;
        let inner_end = match trimmed_end {
            Some((c, end)) if c == close => end,
            _ => {
                let end = text[..close].trim_end().len();
                trimmed_end = Some((close, end));
                end
            }
        };
        // No blank line inside the directive (trailing whitespace aside).
        if blank_line.at_or_after(start + 3).is_some_and(|b| b + 2 <= inner_end) {
            continue;
        }
        let inner = &text[start + 3..close];
        // Only a name's length is looked at: no long scan per `{{#`.
        let name_end = inner
            .char_indices()
            .take(longest_name + 1)
            .find(|(_, c)| c.is_whitespace())
            .map_or(inner.len(), |(i, _)| i);
        let name = &inner[..name_end];
        if !names.contains(&name) || outline().in_code_or_html(start) {
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

/// Every `{{#...}}` span of `text`, whatever its name and wherever it is
/// (code and raw HTML included): text no capability may insert into, ours
/// or another preprocessor's directive. Linear, as [`find`] is.
pub fn spans(text: &str) -> Vec<Range<usize>> {
    let mut closing = NextMatch::new(text, "}}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = crate::search::find_from(text, "{{#", from) {
        let Some(close) = closing.at_or_after(start + 3) else {
            break;
        };
        out.push(start..close + 2);
        from = close + 2;
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
    fn spans_of_every_directive_whatever_its_name() {
        let text = "a {{#x}} `{{#y 1}}` {{#z\n\nmore}} {{#open";
        let got: Vec<&str> = spans(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["{{#x}}", "{{#y 1}}", "{{#z\n\nmore}}"]);
        assert!(spans("{{#}}").len() == 1 && spans("}} {{ #x}}").is_empty());
    }

    #[test]
    fn alone_on_its_line_allows_container_markers_only() {
        let alone = |text: &str| {
            let found = find_in_text(text, &["x"], &MarkdownOptions::default());
            assert_eq!(found.len(), 1, "{text}");
            found[0].is_alone_on_its_line(text)
        };
        assert!(alone("{{#x}}"));
        assert!(alone("a\n\n  {{#x a=b}}  \r\nb"));
        assert!(alone("> - {{#x}}\n"));
        assert!(alone("1. {{#x}}\n"));
        assert!(!alone("see {{#x}}\n"));
        assert!(!alone("{{#x}} and more\n"));
    }

    #[test]
    fn finds_directives_in_prose_and_tables_not_in_code_or_html() {
        let text = "# T\n\n{{#adr-index status=accepted sort=\"date desc\"}}\n\n| a | {{#status Draft}} |\n|---|---|\n\n\
                    `{{#status code}}`\n\n```\n{{#status fenced}}\n```\n\n<div>{{#status html}}</div>\n\n{{#other x}}\n";
        let found = find_in_text(text, &["adr-index", "status"], &MarkdownOptions::default());
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
    fn blank_lines_names_and_exclusions_as_before() {
        let o = MarkdownOptions::default();
        let names = |t: &str| {
            find_in_text(t, &["status", "term"], &o)
                .into_iter()
                .map(|d| d.args)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("{{#status a\n\nb}} {{#status c}}"),
            ["c"],
            "a blank line ends a directive"
        );
        assert_eq!(names("{{#status a\n\n}}"), ["a"], "trailing blank lines are whitespace");
        assert_eq!(names("{{#statusx a}} {{#status\u{2003}b}} {{#term}}"), ["b", ""]);
        assert_eq!(
            names("`{{#status a}}` {{#status b}} <b>{{#status c}}</b>\n\n```\n{{#term x}}\n```\n"),
            ["b", "c"]
        );
        assert_eq!(names("{{#{{#{{#status a}}"), ["a"]);
    }

    /// A million `{{#` and one `}}` at the end: one pass, not a pass per
    /// `{{#` (minutes of scanning before).
    #[test]
    fn hostile_openings_stay_linear() {
        let o = MarkdownOptions::default();
        let text = format!("{}}}}}", "{{#".repeat(1_000_000));
        assert!(find_in_text(&text, &["status"], &o).is_empty());
        let text = format!("{}{}}}}}", "{{#a".repeat(300_000), "b".repeat(1_000));
        assert!(find_in_text(&text, &["status"], &o).is_empty());
    }

    #[test]
    fn unclosed_and_absent_directives() {
        let o = MarkdownOptions::default();
        assert!(find_in_text("{{#status never closed", &["status"], &o).is_empty());
        assert!(find_in_text("plain text", &["status"], &o).is_empty());
    }
}

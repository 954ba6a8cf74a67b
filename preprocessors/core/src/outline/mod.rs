//! The outline of one text version of a chapter: what its markdown holds,
//! from one pulldown-cmark pass with mdBook's own options ([`crate::markdown`]).
//!
//! A chapter builds it the first time a capability asks
//! ([`Chapter::outline`](crate::book::Chapter::outline)) and keeps it until a
//! splice changes the text, so capabilities that read the same text share
//! one parse instead of walking the markdown each. Math needs the parser's
//! `ENABLE_MATH`, which changes what other events are (a `$` is no longer
//! text), so it cannot share this pass: [`crate::math`] makes its own, and
//! only for a text whose bytes can hold math.

mod build;
mod ids;

use crate::markdown::{self, MarkdownOptions};
use crate::pulldown_cmark::{Event, TagEnd};
use crate::spans::Spans;
use crate::splice::LineIndex;
use std::collections::HashSet;
use std::ops::Range;

/// A heading: its level, its lines, its text as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// The heading's lines, the final line break included.
    pub range: Range<usize>,
    /// Text and inline code, as shown (inline HTML left out).
    pub text: String,
    /// Its id in mdBook's HTML: `{#custom}`, or made from its text as
    /// mdBook 0.5 makes it, `-1`, `-2` after repeats.
    pub id: String,
    /// 1-based line of the text the outline was made of.
    pub line: usize,
}

/// A fenced or indented code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    pub range: Range<usize>,
    /// The info string of a fence (`mermaid title="A"`); `None` when indented.
    pub info: Option<String>,
    /// The code as the parser reads it ([`CodeBlock::body`]).
    body: Body,
}

/// Where a code block's code is: one run of the text's bytes (a fence at
/// the top level, nothing copied), or pieces joined (a fence in a quote or
/// a list, whose `> ` and indents are not code).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum Body {
    #[default]
    Empty,
    Span(Range<usize>),
    Joined(String),
}

impl CodeBlock {
    /// The code as the parser reads it: container prefixes (`> `, a list's
    /// indent) off, fences off. `text` is the text version the outline was
    /// read from.
    pub fn body<'a>(&'a self, text: &'a str) -> &'a str {
        match &self.body {
            Body::Empty => "",
            Body::Span(r) => text.get(r.clone()).unwrap_or_default(),
            Body::Joined(s) => s,
        }
    }
}

/// One table, rows in order, cells as the parser splits them (a `|` inside
/// backticks and `\|` split the way pulldown-cmark reads them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub range: Range<usize>,
    /// The header row first.
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub range: Range<usize>,
    pub head: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell's content as written, without its pipes, trimmed.
    pub range: Range<usize>,
    /// What a reader sees in it, as plain text ([`plain_text`]).
    pub text: String,
}

/// Where a link was written: markdown syntax or a raw HTML attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](href)`, `[text][ref]`, `<https://...>`.
    Markdown,
    /// `<someone@example.com>`.
    Email,
    /// `![alt](src)`.
    Image,
    /// `<a href>`, `<a xlink:href>` (inline SVG).
    HtmlHref,
    /// `<img src>`.
    HtmlSrc,
}

/// A link or an image, with its destination as the parser (or, in raw
/// HTML, a browser) reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSite {
    /// The markdown link, or the raw HTML (block or inline tag) holding the attribute.
    pub range: Range<usize>,
    /// Where a report points: the link's start, or the attribute's value.
    pub offset: usize,
    pub dest: String,
    pub kind: LinkKind,
}

/// What one text version of a chapter holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Where the text under the title starts: after the H1's line when the
    /// page's first block is an H1, else 0. The one "under the title" rule
    /// (status cards and drift banners go here).
    pub under_title: usize,
    pub headings: Vec<Heading>,
    pub code_blocks: Vec<CodeBlock>,
    pub tables: Vec<Table>,
    pub links: Vec<LinkSite>,
    /// Every id of the page's HTML, in document order, each once: headings
    /// and definition terms (as mdBook makes them), footnotes, and `id` and
    /// `<a name>` in raw HTML.
    pub anchors: Vec<String>,
    anchor_set: HashSet<String>,
    /// Code (blocks and spans) and raw HTML (blocks and inline tags), sorted
    /// and merged ([`Spans`]; an HTML block holds its lines' events), so one binary
    /// search answers "is this offset prose".
    not_prose: Spans,
    lines: LineIndex,
}

impl Outline {
    /// One pass over `text` with mdBook's options.
    pub fn read(text: &str, options: &MarkdownOptions) -> Outline {
        build::read(text, options)
    }

    /// Whether the page's HTML has this id.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.anchor_set.contains(id)
    }

    /// The 1-based line of a byte of the text.
    pub fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    /// The page's title: its first block, when that is an H1.
    pub fn title(&self) -> Option<&Heading> {
        self.headings
            .first()
            .filter(|h| h.level == 1 && self.under_title == h.range.end)
    }

    /// Whether `offset` is inside code or raw HTML (no prose there).
    pub fn in_code_or_html(&self, offset: usize) -> bool {
        self.not_prose.contains(offset)
    }
}

/// Pushes `piece` onto `out` with runs of whitespace folded to one space
/// (`pending`: a space is owed before the next word), no leading space: the
/// one whitespace fold of [`plain_text`] and of table cells.
fn push_folded(out: &mut String, piece: &str, pending: &mut bool) {
    for c in piece.chars() {
        if c.is_whitespace() {
            *pending = !out.is_empty();
        } else {
            if std::mem::take(pending) {
                out.push(' ');
            }
            out.push(c);
        }
    }
}

/// The markdown `text` as a reader sees it, on one line: text, code and line
/// breaks (as spaces) kept, markup and raw HTML dropped, blocks apart by a
/// space (two paragraphs never run into one word), whitespace runs folded.
pub fn plain_text(text: &str, options: &MarkdownOptions) -> String {
    let (mut out, mut pending) = (String::new(), false);
    for (event, _) in markdown::parse(text, options) {
        match event {
            Event::Text(t) | Event::Code(t) => push_folded(&mut out, &t, &mut pending),
            Event::SoftBreak | Event::HardBreak => push_folded(&mut out, " ", &mut pending),
            Event::End(tag) if !is_inline(&tag) => push_folded(&mut out, " ", &mut pending),
            _ => {}
        }
    }
    out
}

/// Inline markup: its end is no break in the text a reader sees.
pub fn is_inline(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(text: &str) -> Outline {
        Outline::read(text, &MarkdownOptions::default())
    }

    #[test]
    fn under_the_title_only_when_the_first_block_is_an_h1() {
        assert_eq!(outline("# Title\nText\n").under_title, 8);
        assert_eq!(outline("Title\n===\n\nText\n").under_title, 10);
        assert_eq!(outline("# T").under_title, 3);
        assert_eq!(outline("Intro.\n\n# Title\n").under_title, 0);
        assert_eq!(outline("```\ncode\n```\n# Title\n").under_title, 0);
        assert_eq!(outline("<!-- c -->\n\n# T\nx\n").under_title, 0);
        assert_eq!(outline("## Sub\n# T\n").under_title, 0);
        assert_eq!(outline("").under_title, 0);
        assert_eq!(
            outline("# Title\nText\n").title().map(|h| h.text.as_str()),
            Some("Title")
        );
        assert_eq!(outline("Intro.\n\n# Title\n").title(), None);
    }

    #[test]
    fn a_title_ending_the_page_in_a_wide_character() {
        for text in ["# Café ☕", "# Café ☕\n", "# 日本語\r\n\nBody"] {
            let at = outline(text).under_title;
            assert!(text.is_char_boundary(at), "{text:?}: {at}");
            assert_eq!(&text[..at], text.split_inclusive('\n').next().unwrap_or(""), "{text:?}");
        }
    }

    #[test]
    fn tables_are_split_as_the_parser_splits_them() {
        let t = outline("| a | `b|c` | d \\| e |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n");
        let table = &t.tables[0];
        let cells: Vec<Vec<&str>> = table
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        // pulldown-cmark splits a `|` inside backticks (GFM's rule), and reads `\|` as a pipe.
        assert_eq!(cells, [vec!["a", "`b", "c`", "d | e"], vec!["1", "2", "3", "4"]]);
        assert!(table.rows[0].head && !table.rows[1].head);
    }

    #[test]
    fn code_html_fences_links_and_lines() {
        let text =
            "# T\n\nSee [a](b.md) and `x`.\n\n```mermaid title=\"A\"\ngraph\n```\n\n<div>\nhi\n</div>\n\n![i](p.png)\n";
        let t = outline(text);
        assert_eq!(t.code_blocks.len(), 1);
        assert_eq!(t.code_blocks[0].info.as_deref(), Some("mermaid title=\"A\""));
        assert!(t.in_code_or_html(text.find("graph").unwrap_or(0)));
        assert!(t.in_code_or_html(text.find("hi").unwrap_or(0)));
        assert!(t.in_code_or_html(text.find("`x`").unwrap_or(0)));
        assert!(!t.in_code_or_html(text.find("See").unwrap_or(0)));
        let links: Vec<(&str, LinkKind)> = t.links.iter().map(|l| (l.dest.as_str(), l.kind)).collect();
        assert_eq!(links, [("b.md", LinkKind::Markdown), ("p.png", LinkKind::Image)]);
        assert_eq!(t.code_blocks[0].body(text), "graph\n");
        assert_eq!(t.line(text.find("graph").unwrap_or(0)), 6);
        assert_eq!(t.headings[0].line, 1);
    }

    #[test]
    fn ids_as_mdbook_wrote_them() {
        // Each expectation read from the HTML mdBook 0.5.4 wrote for this text.
        let text = "# Intro\n\n## Foo -- bar\n\n## Foo -- bar\n\n# A {#custom}\n\n# Custom\n\n# custom\n\n\
                    Term `x` Y\n: def\n\n## Ünïcode &amp; `Code` <span id=\"raw\">html</span> [link](x.md) ![alt](i.png)[^n]\n\n\
                    [^n]: note\n\nsetext\nline\n---\n";
        let t = outline(text);
        assert_eq!(
            t.anchors,
            [
                "intro",
                "foo--bar",
                "foo--bar-1",
                "custom",
                "custom-1",
                "term-x-y",
                "raw",
                "fr-n-1",
                "ünïcode--code-html-link-1",
                "footnote-n",
                "setext-line"
            ]
        );
        let heading_ids: Vec<&str> = t.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(heading_ids[..4], ["intro", "foo--bar", "foo--bar-1", "custom"]);
        assert!(t.has_anchor("raw") && t.has_anchor("footnote-n") && !t.has_anchor("nope"));
    }

    #[test]
    fn links_of_every_kind_with_offsets() {
        let text = "[a](a.md#x) ![i](i.png) <a href=\"b.md\">b</a> <me@example.com>\n\n<div>\n<img\n src=\"c.png\">\n</div>\n\n`[no](code.md)`\n";
        let got: Vec<_> = outline(text)
            .links
            .iter()
            .map(|l| (l.dest.clone(), l.kind, &text[l.offset..l.offset + 1]))
            .collect();
        assert_eq!(
            got,
            [
                ("a.md#x".to_owned(), LinkKind::Markdown, "["),
                ("i.png".to_owned(), LinkKind::Image, "!"),
                ("b.md".to_owned(), LinkKind::HtmlHref, "b"),
                ("me@example.com".to_owned(), LinkKind::Email, "<"),
                ("c.png".to_owned(), LinkKind::HtmlSrc, "c"),
            ]
        );
    }

    #[test]
    fn a_fence_body_without_its_container() {
        let text = "> ```dot\n> a -> b\n> c\n> ```\n\n- item\n\n  ```\n  x\n  ```\n\n```\none\ntwo\n```\n\n```\n```\n";
        let t = outline(text);
        let bodies: Vec<&str> = t.code_blocks.iter().map(|c| c.body(text)).collect();
        assert_eq!(bodies, ["a -> b\nc\n", "x\n", "one\ntwo\n", ""]);
    }

    #[test]
    fn whitespace_folds() {
        let (mut out, mut pending) = (String::new(), false);
        for piece in ["  a \t b", " ", "c", "\n d  "] {
            push_folded(&mut out, piece, &mut pending);
        }
        assert_eq!(out, "a b c d");
    }

    #[test]
    fn plain_text_drops_markup() {
        let o = MarkdownOptions::default();
        assert_eq!(
            plain_text("**Bold** [link](x) `code` <b>x</b>\nnext", &o),
            "Bold link code x next"
        );
        assert_eq!(plain_text("One.\n\n- two\n- three\n", &o), "One. two three");
    }
}

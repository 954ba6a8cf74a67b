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

use crate::markdown::{self, MarkdownOptions};
use crate::pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};
use crate::splice::LineIndex;
use std::ops::Range;

/// A heading: its level, its lines, its text as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// The heading's lines, the final line break included.
    pub range: Range<usize>,
    /// Text and inline code, as shown (inline HTML left out).
    pub text: String,
    /// 1-based line of the text the outline was made of.
    pub line: usize,
}

/// A fenced or indented code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    pub range: Range<usize>,
    /// The info string of a fence (`mermaid title="A"`); `None` when indented.
    pub info: Option<String>,
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

/// A link or an image, with its destination as the parser read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSite {
    pub range: Range<usize>,
    pub dest: String,
    pub image: bool,
}

/// What one text version of a chapter holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// Where the text under the title starts: after the H1's line when the
    /// page's first block is an H1, else 0. The one "under the title" rule
    /// (status cards and drift banners go here).
    pub under_title: usize,
    pub headings: Vec<Heading>,
    pub code_blocks: Vec<CodeBlock>,
    pub tables: Vec<Table>,
    pub links: Vec<LinkSite>,
    /// Code (blocks and spans) and raw HTML (blocks and inline tags), sorted
    /// and merged (an HTML block holds its lines' events), so one binary
    /// search answers "is this offset prose".
    not_prose: Vec<Range<usize>>,
    lines: LineIndex,
}

impl Outline {
    /// One pass over `text` with mdBook's options.
    pub fn read(text: &str, options: &MarkdownOptions) -> Outline {
        let mut b = Builder::default();
        for (event, range) in markdown::parse(text, options) {
            b.event(text, event, range);
        }
        let lines = LineIndex::new(text);
        for h in &mut b.headings {
            h.line = lines.line(h.range.start);
        }
        let not_prose = merged(b.code.into_iter().chain(b.html).collect());
        Outline {
            not_prose,
            under_title: b.under_title.unwrap_or(0),
            headings: b.headings,
            code_blocks: b.code_blocks,
            tables: b.tables,
            links: b.links,
            lines,
        }
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
        let i = self.not_prose.partition_point(|r| r.start <= offset);
        i > 0 && self.not_prose.get(i - 1).is_some_and(|r| offset < r.end)
    }
}

/// `ranges` sorted by start, overlapping and touching ones joined.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The markdown `text` as a reader sees it, on one line: text, code and line
/// breaks (as spaces) kept, markup and raw HTML dropped, blocks apart by a
/// space (two paragraphs never run into one word), whitespace runs folded.
pub fn plain_text(text: &str, options: &MarkdownOptions) -> String {
    let mut out = String::new();
    for (event, _) in markdown::parse(text, options) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(tag) if !is_inline(&tag) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
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

#[derive(Default)]
struct Builder {
    under_title: Option<usize>,
    /// Blocks started at the top level (depth 0) so far.
    first_block_seen: bool,
    depth: usize,
    headings: Vec<Heading>,
    heading: Option<(u8, usize, String)>,
    code: Vec<Range<usize>>,
    html: Vec<Range<usize>>,
    code_blocks: Vec<CodeBlock>,
    tables: Vec<Table>,
    cell: Option<(usize, String)>,
    links: Vec<LinkSite>,
}

impl Builder {
    fn event(&mut self, text: &str, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => {
                if self.depth == 0 && !self.first_block_seen {
                    self.first_block_seen = true;
                    if !matches!(
                        tag,
                        Tag::Heading {
                            level: HeadingLevel::H1,
                            ..
                        }
                    ) {
                        self.under_title = Some(0);
                    }
                }
                self.depth += 1;
                self.start(tag, range);
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                self.end(text, tag, range);
            }
            Event::Code(t) => {
                self.code.push(range);
                self.push_text(&t);
            }
            Event::Text(t) => self.push_text(&t),
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, s)) = self.cell.as_mut() {
                    s.push(' ');
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                if self.depth == 0 && !self.first_block_seen {
                    // An HTML block reported without a Start: still the first block.
                    self.first_block_seen = true;
                    self.under_title = Some(0);
                }
                self.html.push(range);
            }
            _ => {}
        }
    }

    /// Text inside a heading or a table cell, as a reader sees it.
    fn push_text(&mut self, t: &str) {
        if let Some((_, _, s)) = self.heading.as_mut() {
            s.push_str(t);
        }
        if let Some((_, s)) = self.cell.as_mut() {
            s.push_str(t);
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => self.heading = Some((level as u8, range.start, String::new())),
            Tag::CodeBlock(kind) => {
                self.code.push(range.clone());
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.to_string()),
                    CodeBlockKind::Indented => None,
                };
                self.code_blocks.push(CodeBlock { range, info });
            }
            Tag::HtmlBlock => self.html.push(range),
            Tag::Table(_) => self.tables.push(Table {
                range,
                rows: Vec::new(),
            }),
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = self.tables.last_mut() {
                    table.rows.push(Row {
                        range,
                        head: matches!(tag, Tag::TableHead),
                        cells: Vec::new(),
                    });
                }
            }
            Tag::TableCell => self.cell = Some((range.start, String::new())),
            Tag::Link { dest_url, .. } => self.links.push(LinkSite {
                range,
                dest: dest_url.to_string(),
                image: false,
            }),
            Tag::Image { dest_url, .. } => self.links.push(LinkSite {
                range,
                dest: dest_url.to_string(),
                image: true,
            }),
            _ => {}
        }
    }

    fn end(&mut self, text: &str, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, start, t)) = self.heading.take() {
                    let end = line_end(text, range.end);
                    if level == 1 && self.depth == 0 && self.under_title.is_none() {
                        self.under_title = Some(end);
                    }
                    self.headings.push(Heading {
                        level,
                        range: start..end,
                        text: t.trim().to_owned(),
                        line: 0,
                    });
                }
            }
            TagEnd::TableCell => {
                if let Some((_, t)) = self.cell.take()
                    && let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut())
                {
                    row.cells.push(Cell {
                        range: trimmed(text, range),
                        text: t.split_whitespace().collect::<Vec<_>>().join(" "),
                    });
                }
            }
            _ => {}
        }
    }
}

/// The end of the line holding `offset - 1`, line break included (bytes:
/// the heading's last byte may be inside a character).
fn line_end(text: &str, end: usize) -> usize {
    if end == 0 || text.as_bytes().get(end - 1) == Some(&b'\n') {
        return end;
    }
    text.as_bytes()
        .get(end..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(text.len(), |i| end + i + 1)
}

/// `range` without the spaces and pipes around a cell's content.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(cell) = text.get(range.clone()) else {
        return range;
    };
    let lead = cell.len() - cell.trim_start_matches([' ', '\t', '|']).len();
    let kept = cell
        .trim_start_matches([' ', '\t', '|'])
        .trim_end_matches([' ', '\t', '|', '\n', '\r']);
    range.start + lead..range.start + lead + kept.len()
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
        let links: Vec<(&str, bool)> = t.links.iter().map(|l| (l.dest.as_str(), l.image)).collect();
        assert_eq!(links, [("b.md", false), ("p.png", true)]);
        assert_eq!(t.line(text.find("graph").unwrap_or(0)), 6);
        assert_eq!(t.headings[0].line, 1);
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

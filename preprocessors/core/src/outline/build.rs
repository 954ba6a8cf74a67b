//! The one pass that makes an [`Outline`]: every event of the parse, once.

use super::ids::{UsedIds, id_from_content, unique_id};
use super::{Body, Cell, CodeBlock, Heading, LinkKind, LinkSite, Outline, Row, Table, push_folded};
use crate::html::{StartTag, start_tags};
use crate::markdown::{self, MarkdownOptions};
use crate::pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Tag, TagEnd};
use crate::spans::Spans;
use crate::splice::LineIndex;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

pub(super) fn read(text: &str, options: &MarkdownOptions) -> Outline {
    let mut b = Builder::default();
    for (event, range) in markdown::parse(text, options) {
        b.event(text, event, range);
    }
    let lines = LineIndex::new(text);
    for h in &mut b.headings {
        h.line = lines.line(h.range.start);
    }
    let mut not_prose = b.code;
    not_prose.extend(b.html);
    let not_prose = Spans::new(not_prose);
    Outline {
        not_prose,
        under_title: b.under_title.unwrap_or(0),
        headings: b.headings,
        code_blocks: b.code_blocks,
        tables: b.tables,
        links: b.links,
        anchors: b.anchors.order,
        anchor_set: b.anchors.seen,
        lines,
    }
}

#[derive(Default)]
struct Builder {
    under_title: Option<usize>,
    /// Blocks started at the top level (depth 0) so far.
    first_block_seen: bool,
    depth: usize,
    headings: Vec<Heading>,
    heading: Option<(u8, usize, String)>,
    /// The heading or definition term whose mdBook id is being read.
    id: Option<OpenId>,
    code: Vec<Range<usize>>,
    html: Vec<Range<usize>>,
    code_blocks: Vec<CodeBlock>,
    /// The fence whose body is being read: its index in `code_blocks`.
    open_block: Option<usize>,
    tables: Vec<Table>,
    cell: Option<OpenCell>,
    links: Vec<LinkSite>,
    anchors: Anchors,
}

/// A heading (or definition-list term) whose id is being built, as mdBook
/// 0.5 builds it (`add_header_links`, `text_in_node`): text and code, line
/// breaks as `\n`, footnote numbers, and nothing of an image.
struct OpenId {
    custom: Option<String>,
    text: String,
    image_depth: usize,
}

/// A table cell being read: its text with whitespace folded as it comes.
#[derive(Default)]
struct OpenCell {
    text: String,
    pending_space: bool,
}

/// The page's ids in document order, each once, and mdBook's counters.
#[derive(Default)]
struct Anchors {
    order: Vec<String>,
    seen: HashSet<String>,
    used: UsedIds,
    /// Footnote name → (its number, references so far).
    footnotes: HashMap<String, (usize, usize)>,
}

impl Anchors {
    fn add(&mut self, id: String) {
        if self.seen.insert(id.clone()) {
            self.order.push(id);
        }
    }
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
                self.start(text, tag, range);
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                self.end(text, tag, range);
            }
            Event::Code(t) => {
                self.code.push(range);
                self.push_text(&t);
            }
            Event::Text(t) => {
                if let Some(block) = self.open_block.and_then(|i| self.code_blocks.get_mut(i)) {
                    block.body.push(text, &t, range.clone());
                }
                self.push_text(&t);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.pending_space = !cell.text.is_empty();
                }
                if let (Event::SoftBreak, Some(id)) = (&event, self.id_text()) {
                    id.push('\n');
                }
            }
            Event::Html(_) => self.html_event(range),
            Event::InlineHtml(_) => {
                self.html_tags(text, range.clone());
                self.html_event(range);
            }
            Event::FootnoteReference(name) => {
                let next = self.anchors.footnotes.len() + 1;
                let entry = self.anchors.footnotes.entry(name.to_string()).or_insert((next, 0));
                entry.1 += 1;
                let (number, count) = *entry;
                self.anchors.add(format!("fr-{name}-{count}"));
                if let Some(id) = self.id_text() {
                    id.push_str(&number.to_string());
                }
            }
            _ => {}
        }
    }

    fn html_event(&mut self, range: Range<usize>) {
        if self.depth == 0 && !self.first_block_seen {
            // An HTML block reported without a Start: still the first block.
            self.first_block_seen = true;
            self.under_title = Some(0);
        }
        self.html.push(range);
    }

    /// The id being built, unless the text is inside an image.
    fn id_text(&mut self) -> Option<&mut String> {
        self.id.as_mut().filter(|h| h.image_depth == 0).map(|h| &mut h.text)
    }

    /// Text inside a heading or a table cell, as a reader sees it.
    fn push_text(&mut self, t: &str) {
        if let Some((_, _, s)) = self.heading.as_mut() {
            s.push_str(t);
        }
        if let Some(cell) = self.cell.as_mut() {
            push_folded(&mut cell.text, t, &mut cell.pending_space);
        }
        if let Some(id) = self.id_text() {
            id.push_str(t);
        }
    }

    fn start(&mut self, text: &str, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, id, attrs, .. } => {
                self.heading = Some((level as u8, range.start, String::new()));
                let attr_id = attrs
                    .iter()
                    .find(|(name, _)| name.as_ref() == "id")
                    .and_then(|(_, v)| v.as_ref().map(|v| v.to_string()));
                self.id = Some(OpenId {
                    custom: id.map(|i| i.to_string()).or(attr_id),
                    text: String::new(),
                    image_depth: 0,
                });
            }
            Tag::DefinitionListTitle => {
                self.id = Some(OpenId {
                    custom: None,
                    text: String::new(),
                    image_depth: 0,
                });
            }
            Tag::FootnoteDefinition(name) => self.anchors.add(format!("footnote-{name}")),
            Tag::CodeBlock(kind) => {
                self.code.push(range.clone());
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.to_string()),
                    CodeBlockKind::Indented => None,
                };
                self.open_block = Some(self.code_blocks.len());
                self.code_blocks.push(CodeBlock {
                    range,
                    info,
                    body: Body::Empty,
                });
            }
            // The block's whole source at once, so a tag spanning lines is read whole.
            Tag::HtmlBlock => {
                self.html_tags(text, range.clone());
                self.html.push(range);
            }
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
            Tag::TableCell => self.cell = Some(OpenCell::default()),
            Tag::Link {
                link_type, dest_url, ..
            } => self.links.push(LinkSite {
                offset: range.start,
                range,
                dest: dest_url.to_string(),
                kind: if link_type == LinkType::Email {
                    LinkKind::Email
                } else {
                    LinkKind::Markdown
                },
            }),
            Tag::Image { dest_url, .. } => {
                if let Some(id) = self.id.as_mut() {
                    id.image_depth += 1;
                }
                self.links.push(LinkSite {
                    offset: range.start,
                    range,
                    dest: dest_url.to_string(),
                    kind: LinkKind::Image,
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, text: &str, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) => {
                let id = self.finish_id();
                if let Some((level, start, t)) = self.heading.take() {
                    let end = line_end(text, range.end);
                    if level == 1 && self.depth == 0 && self.under_title.is_none() {
                        self.under_title = Some(end);
                    }
                    self.headings.push(Heading {
                        level,
                        range: start..end,
                        text: trimmed_in_place(t),
                        id: id.unwrap_or_default(),
                        line: 0,
                    });
                }
            }
            TagEnd::DefinitionListTitle => {
                self.finish_id();
            }
            TagEnd::Image => {
                if let Some(id) = self.id.as_mut() {
                    id.image_depth = id.image_depth.saturating_sub(1);
                }
            }
            TagEnd::CodeBlock => self.open_block = None,
            TagEnd::TableCell => {
                if let Some(cell) = self.cell.take()
                    && let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut())
                {
                    row.cells.push(Cell {
                        range: trimmed(text, range),
                        text: cell.text,
                    });
                }
            }
            _ => {}
        }
    }

    /// The id of the heading or term just closed, as mdBook gives it. An id
    /// the author gave is kept as is and, as in mdBook, not counted: a later
    /// heading of the same text gets it again.
    fn finish_id(&mut self) -> Option<String> {
        let open = self.id.take()?;
        let id = match open.custom {
            Some(custom) => custom,
            None => unique_id(&id_from_content(&open.text), &mut self.anchors.used),
        };
        self.anchors.add(id.clone());
        Some(id)
    }

    /// Ids, `<a name>` anchors and link destinations in raw HTML.
    fn html_tags(&mut self, text: &str, range: Range<usize>) {
        let Some(source) = text.get(range.clone()) else {
            return;
        };
        for tag in start_tags(source) {
            self.html_tag(&tag, range.clone());
        }
    }

    fn html_tag(&mut self, tag: &StartTag, within: Range<usize>) {
        if let Some(id) = tag.attribute("id") {
            self.anchors.add(id.value.clone());
        }
        let name = tag.name.rsplit(':').next().unwrap_or_default();
        if name == "a"
            && let Some(anchor) = tag.attribute("name")
        {
            self.anchors.add(anchor.value.clone());
        }
        let wanted: &[(&str, LinkKind)] = match name {
            "a" => &[("href", LinkKind::HtmlHref), ("xlink:href", LinkKind::HtmlHref)],
            "img" => &[("src", LinkKind::HtmlSrc)],
            _ => &[],
        };
        for (attribute, kind) in wanted {
            if let Some(a) = tag.attribute(attribute) {
                self.links.push(LinkSite {
                    range: within.clone(),
                    offset: within.start + a.offset,
                    dest: a.value.clone(),
                    kind: *kind,
                });
            }
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

/// `s` without its leading and trailing whitespace, in its own buffer.
fn trimmed_in_place(mut s: String) -> String {
    s.truncate(s.trim_end().len());
    let lead = s.len() - s.trim_start().len();
    s.drain(..lead);
    s
}

impl Body {
    /// One more text event of the block's code: the span grows while the
    /// parser lends consecutive bytes of the text; anything else joins.
    fn push(&mut self, text: &str, piece: &str, range: Range<usize>) {
        let lent = text.get(range.clone()) == Some(piece);
        *self = match std::mem::take(self) {
            Body::Empty if lent => Body::Span(range),
            Body::Span(r) if lent && r.end == range.start => Body::Span(r.start..range.end),
            Body::Joined(mut s) => {
                s.push_str(piece);
                Body::Joined(s)
            }
            before => {
                let mut s = match before {
                    Body::Span(r) => text.get(r).unwrap_or_default().to_owned(),
                    _ => String::new(),
                };
                s.push_str(piece);
                Body::Joined(s)
            }
        };
    }
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

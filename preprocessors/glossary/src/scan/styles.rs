//! Glossary styles other than definition lists, read from one region of a
//! page (the whole glossary page, or the section under its "Glossary"
//! heading): tables with a Term/Definition header, bullets that start with a
//! bold term or `Term:`, and term headings with their paragraphs below.
//!
//! Each block is classified on its own, so styles can be mixed: a table or
//! list holding entries is read as such, and a heading is a term only when
//! the text under it (up to the next heading) is paragraphs holding no
//! entry of another style. A heading over entries (`## A`) is a group, not a term.

use super::find::Region;
use super::page::{PageEntry, PageList, TitleLine, UsedOnAt, collapse};
use handbook_core::markdown::{self, MarkdownOptions};
use handbook_core::outline::is_inline;
use handbook_core::pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use handbook_core::splice::LineIndex;
use std::ops::Range;

/// The styles a glossary can be written in, as named in diagnostics.
pub const UNDERSTOOD: &str = "definition lists (`Term` then `: definition`), term headings (`## Term` over a paragraph), \
     tables with a Term/Definition header, `- **Term**: definition` bullets and `- Term: definition` bullets";

/// Header words of a table's term column, in the languages handbooks are written in.
const TERM_HEADERS: &[&str] = &[
    "term",
    "terms",
    "begriff",
    "begriffe",
    "fachbegriff",
    "abbreviation",
    "abbreviations",
    "abkürzung",
    "abkürzungen",
    "acronym",
    "acronyms",
    "akronym",
    "name",
    "word",
    "concept",
    "terme",
    "término",
    "termine",
    "termo",
    "sigle",
    "sigla",
    "siglas",
    "abréviation",
    "abreviatura",
];

/// Header words of a table's definition column.
const DEFINITION_HEADERS: &[&str] = &[
    "definition",
    "definitions",
    "meaning",
    "description",
    "explanation",
    "bedeutung",
    "erklärung",
    "erläuterung",
    "beschreibung",
    "definição",
    "definición",
    "définition",
    "signification",
    "significado",
    "significato",
    "descripción",
    "description courte",
    "stands for",
    "expansion",
    "full form",
    "long form",
    "langform",
];

#[derive(Default)]
struct Cell {
    text: String,
    /// First and last inline event of the cell.
    content: Option<Range<usize>>,
}

/// A top-level block of the region, as the heading rule needs it.
enum Block {
    Heading {
        level: usize,
        titles: TitleLine,
        start: usize,
    },
    Paragraph {
        text: String,
        range: Range<usize>,
    },
    /// Any other block; `entries` says whether it held glossary entries.
    Other {
        entries: bool,
        range: Range<usize>,
    },
}

/// Reads tables, bullets and headings in `region`; `taken` are the ranges
/// of definition-list entries already read, `first_list` the index the
/// lists found here start at.
pub fn read(
    text: &str,
    options: &MarkdownOptions,
    region: &Region,
    taken: &[Range<usize>],
    first_list: usize,
) -> (Vec<PageList>, Vec<PageEntry>) {
    let lines = LineIndex::new(text);
    let mut lists: Vec<PageList> = Vec::new();
    let mut entries: Vec<PageEntry> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let events: Vec<(Event, Range<usize>)> = markdown::parse(text, options)
        .filter(|(_, r)| region.range.start <= r.start && r.end <= region.range.end.max(r.start))
        .collect();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        let end = block_end(&events, i);
        let list = first_list + lists.len();
        match event {
            Event::Start(Tag::Table(_)) => {
                let found = table_entries(&events[i..end], &lines, list);
                if !found.is_empty() {
                    lists.push(PageList {
                        range: range.clone(),
                        top_level: false,
                        style: "table",
                    });
                }
                blocks.push(Block::Other {
                    entries: !found.is_empty(),
                    range: range.clone(),
                });
                entries.extend(found);
            }
            Event::Start(Tag::List(_)) => {
                let found = bullet_entries(text, &events[i..end], &lines, list);
                if !found.is_empty() {
                    lists.push(PageList {
                        range: range.clone(),
                        top_level: false,
                        style: "bullets",
                    });
                }
                blocks.push(Block::Other {
                    entries: !found.is_empty(),
                    range: range.clone(),
                });
                entries.extend(found);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let (title, at) = inline_text(&events[i + 1..end]);
                blocks.push(Block::Heading {
                    level: heading_level(*level),
                    titles: TitleLine {
                        text: collapse(&title),
                        at: at.unwrap_or(range.start),
                        after_soft_break: false,
                        line: lines.line(range.start),
                    },
                    start: range.start,
                });
            }
            Event::Start(Tag::Paragraph) => {
                let (words, _) = inline_text(&events[i + 1..end]);
                blocks.push(Block::Paragraph {
                    text: words,
                    range: range.clone(),
                });
            }
            // Comments and raw HTML neither define a term nor end one.
            Event::Start(Tag::HtmlBlock) => {}
            Event::Start(_) => blocks.push(Block::Other {
                entries: taken.iter().any(|t| range.start <= t.start && t.start < range.end),
                range: range.clone(),
            }),
            _ => {}
        }
        i = end.max(i + 1);
    }
    let headed = heading_entries(text, &blocks, region, first_list + lists.len());
    if !headed.is_empty() {
        lists.push(PageList {
            range: headed[0].range.start..headed[headed.len() - 1].range.end,
            top_level: false,
            style: "headings",
        });
    }
    entries.extend(headed);
    entries.sort_by_key(|e| e.range.start);
    (lists, entries)
}

/// The index after the block that starts at `i` (its matching end event).
fn block_end(events: &[(Event, Range<usize>)], i: usize) -> usize {
    if !matches!(events[i].0, Event::Start(_)) {
        return i + 1;
    }
    let mut depth = 0usize;
    for (j, (event, _)) in events.iter().enumerate().skip(i) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    events.len()
}

fn heading_level(level: HeadingLevel) -> usize {
    level as usize
}

/// Plain text of inline events, and where the first of them starts.
fn inline_text(events: &[(Event, Range<usize>)]) -> (String, Option<usize>) {
    let mut out = String::new();
    let mut first = None;
    for (event, range) in events {
        if !matches!(event, Event::End(_)) {
            first.get_or_insert(range.start);
        }
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(tag) if !is_inline(tag) => out.push(' '),
            _ => {}
        }
    }
    (out, first)
}

/// Header cell text as compared: lowercase, without markup, numbering or a trailing colon.
fn header_word(cell: &str) -> String {
    collapse(cell)
        .trim_end_matches(':')
        .trim_matches(|c: char| c == '*' || c == '_' || c == '<' || c == '>')
        .to_lowercase()
}

/// One entry per row of a table whose header names a term and a definition column.
fn table_entries(events: &[(Event, Range<usize>)], lines: &LineIndex, list: usize) -> Vec<PageEntry> {
    let mut rows: Vec<(Range<usize>, Vec<Cell>)> = Vec::new();
    let mut cell: Option<Cell> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push((range.clone(), Vec::new())),
            Event::Start(Tag::TableCell) => cell = Some(Cell::default()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(c), Some(row)) = (cell.take(), rows.last_mut()) {
                    row.1.push(c);
                }
            }
            other => {
                if let Some(c) = cell.as_mut() {
                    if !matches!(other, Event::End(_)) {
                        let content = c.content.get_or_insert(range.clone());
                        content.end = content.end.max(range.end);
                    } else if let Some(content) = c.content.as_mut() {
                        content.end = content.end.max(range.end);
                    }
                    match other {
                        Event::Text(t) | Event::Code(t) => c.text.push_str(t),
                        Event::SoftBreak | Event::HardBreak => c.text.push(' '),
                        _ => {}
                    }
                }
            }
        }
    }
    let Some((_, header)) = rows.first() else {
        return Vec::new();
    };
    let words: Vec<String> = header.iter().map(|c| header_word(&c.text)).collect();
    let term_col = words.iter().position(|w| TERM_HEADERS.contains(&w.as_str()));
    let definition_col = words
        .iter()
        .enumerate()
        .position(|(n, w)| Some(n) != term_col && DEFINITION_HEADERS.contains(&w.as_str()));
    let (Some(term_col), Some(definition_col)) = (term_col, definition_col) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (row_range, cells) in rows.iter().skip(1) {
        let Some(term) = cells.get(term_col) else { continue };
        let (Some(content), name) = (term.content.clone(), collapse(&term.text)) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        let definition = cells.get(definition_col);
        let used_on = definition
            .and_then(|d| d.content.as_ref())
            .map_or(UsedOnAt::Inline(content.end), |d| UsedOnAt::Inline(d.end));
        let titles = cell_names(&name)
            .into_iter()
            .map(|text| TitleLine {
                text,
                at: content.start,
                after_soft_break: false,
                line: lines.line(content.start),
            })
            .collect();
        out.push(PageEntry {
            titles,
            definition: definition.map(|d| collapse(&d.text)).unwrap_or_default(),
            range: row_range.clone(),
            used_on_at: Some(used_on),
            list,
        });
    }
    out
}

/// The names a table's term cell gives one entry (issue 25, rustc-dev-guide's
/// glossary): `arena, arena allocation` and `node-id or NodeId` are two
/// spellings of one term, each matched in prose; a trailing mark that is no
/// letter (`LTA 👎`, deprecated) is not part of the name. A cell that would
/// leave nothing is one name, as written.
fn cell_names(cell: &str) -> Vec<String> {
    let unmarked = |name: &str| {
        name.trim()
            .trim_end_matches(|c: char| c.is_whitespace() || !(c.is_alphanumeric() || c.is_ascii()))
            .to_owned()
    };
    let names: Vec<String> = cell
        .split(',')
        .flat_map(|part| part.split(" or "))
        .map(unmarked)
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() { vec![cell.to_owned()] } else { names }
}

/// A bullet's term and definition: `**Term**: def`, `**Term:** def`, `**Term** – def`,
/// or plain `Term: def` (a short term before the first colon of the item's first text).
fn bullet_entries(text: &str, events: &[(Event, Range<usize>)], lines: &LineIndex, list: usize) -> Vec<PageEntry> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut item_start = 0;
    for (n, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Item) if depth == 1 => item_start = n,
            Event::End(TagEnd::Item) if depth == 2 => {
                if let Some(entry) = bullet(text, &events[item_start + 1..n], range.clone(), lines, list) {
                    out.push(entry);
                }
            }
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

fn bullet(
    text: &str,
    inner: &[(Event, Range<usize>)],
    item: Range<usize>,
    lines: &LineIndex,
    list: usize,
) -> Option<PageEntry> {
    // The item's first paragraph (loose items) or its inline run (tight ones).
    let inner = match inner.first() {
        Some((Event::Start(Tag::Paragraph), _)) => {
            inner.get(1..block_end(inner, 0).saturating_sub(1)).unwrap_or_default()
        }
        _ => {
            let end = inner
                .iter()
                .position(|(e, _)| {
                    matches!(
                        e,
                        Event::Start(Tag::List(_) | Tag::Paragraph | Tag::CodeBlock(_) | Tag::BlockQuote(_))
                    )
                })
                .unwrap_or(inner.len());
            &inner[..end]
        }
    };
    let (first, first_range) = inner.first()?;
    let last_end = inner.iter().map(|(_, r)| r.end).max()?;
    let (name, definition) = if matches!(first, Event::Start(Tag::Strong)) {
        let close = block_end(inner, 0);
        let (bold, _) = inline_text(inner.get(1..close.saturating_sub(1)).unwrap_or_default());
        let (rest, _) = inline_text(inner.get(close..).unwrap_or_default());
        let bold = collapse(&bold);
        let rest = rest.trim_start();
        if let Some(name) = bold.strip_suffix(':') {
            (name.trim().to_owned(), rest.to_owned())
        } else {
            let after = rest
                .strip_prefix(':')
                .or_else(|| rest.strip_prefix('–'))
                .or_else(|| rest.strip_prefix('—'))
                .or_else(|| rest.strip_prefix("- "))
                .or_else(|| rest.strip_prefix("-- "))?;
            (bold, after.to_owned())
        }
    } else {
        let Event::Text(t) = first else { return None };
        // Verbatim only: the colon must be the author's own character.
        if text.get(first_range.clone()) != Some(t.as_ref()) {
            return None;
        }
        let (name, _) = t.split_once(':')?;
        let name = collapse(name);
        if name.is_empty() || name.chars().count() > 60 || name.split(' ').count() > 6 || name.contains("://") {
            return None;
        }
        let (all, _) = inline_text(inner);
        let definition = all.split_once(':').map(|(_, d)| d.to_owned()).unwrap_or_default();
        (name, definition)
    };
    let name = collapse(&name);
    let definition = collapse(&definition);
    if name.is_empty() || definition.is_empty() {
        return None;
    }
    Some(PageEntry {
        titles: vec![TitleLine {
            text: name,
            at: first_range.start,
            after_soft_break: false,
            line: lines.line(first_range.start),
        }],
        definition,
        range: item,
        used_on_at: Some(UsedOnAt::Inline(last_end)),
        list,
    })
}

/// Headings deeper than the region's own whose text below is paragraphs only.
fn heading_entries(text: &str, blocks: &[Block], region: &Region, list: usize) -> Vec<PageEntry> {
    let mut out = Vec::new();
    for (n, block) in blocks.iter().enumerate() {
        let Block::Heading { level, titles, start } = block else {
            continue;
        };
        if *level <= region.base_level || titles.text.is_empty() {
            continue;
        }
        let body: Vec<&Block> = blocks[n + 1..]
            .iter()
            .take_while(|b| !matches!(b, Block::Heading { .. }))
            .collect();
        let end = blocks[n + 1..]
            .iter()
            .find_map(|b| match b {
                Block::Heading { start, .. } => Some(*start),
                _ => None,
            })
            .unwrap_or(region.range.end);
        let holds_entries = body.iter().any(|b| matches!(b, Block::Other { entries: true, .. }));
        let paragraphs: Vec<(&String, &Range<usize>)> = body
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { text, range } => Some((text, range)),
                _ => None,
            })
            .collect();
        if holds_entries || paragraphs.is_empty() {
            continue;
        }
        let definition = collapse(&paragraphs.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(" "));
        let last_end = body
            .iter()
            .map(|b| match b {
                Block::Paragraph { range, .. } | Block::Other { range, .. } => range.end,
                Block::Heading { start, .. } => *start,
            })
            .max()
            .unwrap_or(*start);
        let at = if text.as_bytes().get(last_end.saturating_sub(1)) == Some(&b'\n') {
            last_end
        } else {
            text[last_end..].find('\n').map_or(text.len(), |i| last_end + i + 1)
        };
        out.push(PageEntry {
            titles: vec![titles.clone()],
            definition,
            range: *start..end,
            used_on_at: Some(UsedOnAt::Block(at.min(end.max(at)), String::new())),
            list,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Vec<(String, String)> {
        let region = Region {
            range: 0..text.len(),
            base_level: 1,
        };
        read(text, &MarkdownOptions::default(), &region, &[], 0)
            .1
            .into_iter()
            .map(|e| (e.titles[0].text.clone(), e.definition))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    #[test]
    fn tables_by_header_in_any_order_and_language() {
        let text = "# G\n\n| Bedeutung | Begriff |\n|---|---|\n| Anzahl pro Sekunde | *RPS* |\n| | |\n\n\
                    | Name | Owner |\n|--|--|\n| x | y |\n";
        assert_eq!(read_all(text), pairs(&[("RPS", "Anzahl pro Sekunde")]));
    }

    #[test]
    fn bullets_bold_and_plain() {
        let text = "# G\n\n- **API gateway**: The entry point.\n- **TTL:** Time to live.\n- **WAF** – A firewall.\n\
                    - **CDN** - Content delivery.\n- RPS: Requests per second\n- just a note without a term\n";
        assert_eq!(
            read_all(text),
            pairs(&[
                ("API gateway", "The entry point."),
                ("TTL", "Time to live."),
                ("WAF", "A firewall."),
                ("CDN", "Content delivery."),
                ("RPS", "Requests per second"),
            ])
        );
    }

    #[test]
    fn headings_over_paragraphs_are_terms_groups_are_not() {
        let text = "# Glossary\n\n## A\n\n- **ADR**: A decision record.\n\n## API gateway\n\nThe front door.\n\n\
                    More of it.\n\n## Empty\n\n### Deep term\n\nDefined.\n";
        assert_eq!(
            read_all(text),
            pairs(&[
                ("ADR", "A decision record."),
                ("API gateway", "The front door. More of it."),
                ("Deep term", "Defined."),
            ])
        );
    }

    #[test]
    fn odd_input_never_panics_and_anchors_sit_on_character_boundaries() {
        let pieces = [
            "## Ü\r\n\r\nDéfinition\r\n",
            "> ## Quoted\n> text\n",
            "- **Bold\n- **: x\n",
            "| Term | Definition |\n|---|\n| a |\n",
            "- ü: ä\n  - nested: x\n",
            "**Term**: outside a list\n",
            "### \n\n\n",
            "| Begriff | Bedeutung |\n|---|---|\n| `x` | <b>y</b> |\n",
            "- [link](x): def\n",
        ];
        for a in pieces {
            for b in pieces {
                let text = format!("# G\n\n{a}\n{b}");
                for base_level in [1, 2] {
                    let region = Region {
                        range: 0..text.len(),
                        base_level,
                    };
                    let (_, entries) = read(&text, &MarkdownOptions::default(), &region, &[], 0);
                    for e in &entries {
                        assert!(e.titles.iter().all(|t| text.is_char_boundary(t.at)), "{text:?}");
                        match &e.used_on_at {
                            Some(UsedOnAt::Inline(at) | UsedOnAt::Block(at, _)) => {
                                assert!(text.is_char_boundary(*at) && *at <= text.len(), "{text:?}")
                            }
                            None => {}
                        }
                    }
                }
            }
        }
    }
}

//! The glossary chapter's definition lists, read with mdBook's own parser:
//! each group of titles with its definitions is one entry, and each line of
//! a title is one term (`Term A` and `Term B` on consecutive lines share the
//! definition below them).

use handbook_core::markdown::{self, MarkdownOptions};
use handbook_core::pulldown_cmark::{Event, Tag, TagEnd};
use handbook_core::splice::LineIndex;
use std::ops::Range;

/// One title line of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleLine {
    pub text: String,
    /// Where the line's anchor goes (before any inline markup of the line).
    pub at: usize,
    /// The line followed a soft break: it needs a `<br>` to show on its own line.
    pub after_soft_break: bool,
    pub line: usize,
}

/// One entry of a definition list as written on the glossary page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEntry {
    pub titles: Vec<TitleLine>,
    /// The definitions as plain text, for tooltips.
    pub definition: String,
    /// From the first title to the next entry (or the end of the list).
    pub range: Range<usize>,
    /// Where "Used on" goes.
    pub used_on_at: Option<UsedOnAt>,
    pub list: usize,
}

/// Where an entry's "Used on" line goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsedOnAt {
    /// A block at the start of this line, with the prefix that keeps it
    /// inside the entry (a definition's indentation, a quote's `>`).
    Block(usize, String),
    /// Inline, right after this offset: table cells and list items, where a
    /// block would end the table or loosen the list.
    Inline(usize),
}

/// A run of glossary entries: a definition list, table, list or headings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageList {
    pub range: Range<usize>,
    /// A definition list not inside a quote or list item: its entries may be reordered.
    pub top_level: bool,
    /// How its entries are written, as `check` names it.
    pub style: &'static str,
}

#[derive(Default)]
struct Definition {
    depth: usize,
    text: String,
    first_child: Option<usize>,
    last_child_end: usize,
}

/// Reads every outermost definition list of the glossary chapter.
pub fn read(text: &str, options: &MarkdownOptions) -> (Vec<PageList>, Vec<PageEntry>) {
    let lines = LineIndex::new(text);
    let mut lists = Vec::new();
    let mut entries: Vec<PageEntry> = Vec::new();
    let mut containers = 0usize;
    let mut lists_open = 0usize;
    let mut title: Option<Vec<TitleLine>> = None;
    let mut line_break: Option<bool> = None;
    let mut definition: Option<Definition> = None;
    let mut defined = false;
    for (event, range) in markdown::parse(text, options) {
        if let Some(def) = definition.as_mut() {
            match &event {
                Event::End(TagEnd::DefinitionListDefinition) if def.depth == 0 => {
                    if let Some(entry) = entries.last_mut() {
                        push_words(&mut entry.definition, &def.text);
                        entry.used_on_at = def
                            .first_child
                            .and_then(|first| used_on_place(text, first, def.last_child_end));
                    }
                    definition = None;
                    defined = true;
                }
                Event::Start(_) => {
                    def.first_child.get_or_insert(range.start);
                    def.depth += 1;
                }
                Event::End(tag) => {
                    def.depth = def.depth.saturating_sub(1);
                    if def.depth == 0 {
                        def.last_child_end = range.end;
                    }
                    if !handbook_core::outline::is_inline(tag) {
                        def.text.push(' ');
                    }
                }
                other => {
                    if def.depth == 0 {
                        def.first_child.get_or_insert(range.start);
                        def.last_child_end = range.end;
                    }
                    match other {
                        Event::Text(t) | Event::Code(t) => def.text.push_str(t),
                        Event::SoftBreak | Event::HardBreak => def.text.push(' '),
                        _ => {}
                    }
                }
            }
            continue;
        }
        if let Some(lines_of_title) = title.as_mut() {
            if let Some(soft) = line_break.take() {
                lines_of_title.push(TitleLine {
                    text: String::new(),
                    at: range.start,
                    after_soft_break: soft,
                    line: lines.line(range.start),
                });
            }
            match &event {
                Event::End(TagEnd::DefinitionListTitle) => {
                    if let Some(entry) = entries.last_mut() {
                        for mut t in title.take().unwrap_or_default() {
                            t.text = collapse(&t.text);
                            if !t.text.is_empty() {
                                entry.titles.push(t);
                            }
                        }
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some(last) = lines_of_title.last_mut() {
                        last.text.push_str(t);
                    }
                }
                Event::SoftBreak => line_break = Some(true),
                Event::HardBreak => line_break = Some(false),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::DefinitionList) => {
                lists_open += 1;
                if lists_open == 1 {
                    lists.push(PageList {
                        range: range.clone(),
                        top_level: containers == 0,
                        style: "definition list",
                    });
                    defined = false;
                }
            }
            Event::End(TagEnd::DefinitionList) => {
                lists_open = lists_open.saturating_sub(1);
                if lists_open == 0 {
                    close_entries(&mut entries, lists.len().saturating_sub(1), range.end);
                }
            }
            Event::Start(Tag::DefinitionListTitle) if lists_open == 1 => {
                let starts_entry = defined || entries.last().is_none_or(|e| e.list + 1 != lists.len());
                if starts_entry {
                    close_entries(&mut entries, lists.len().saturating_sub(1), range.start);
                    entries.push(PageEntry {
                        titles: Vec::new(),
                        definition: String::new(),
                        range: range.start..range.start,
                        used_on_at: None,
                        list: lists.len().saturating_sub(1),
                    });
                    defined = false;
                }
                title = Some(vec![TitleLine {
                    text: String::new(),
                    at: range.start,
                    after_soft_break: false,
                    line: lines.line(range.start),
                }]);
            }
            Event::Start(Tag::DefinitionListDefinition) if lists_open == 1 && !entries.is_empty() => {
                definition = Some(Definition::default());
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)) => {
                containers += 1;
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition) => {
                containers = containers.saturating_sub(1);
            }
            _ => {}
        }
    }
    entries.retain(|e| !e.titles.is_empty());
    (lists, entries)
}

/// Ends the open entries of `list` at `end` (entries still at zero length).
fn close_entries(entries: &mut [PageEntry], list: usize, end: usize) {
    if let Some(last) = entries.last_mut()
        && last.list == list
        && last.range.end == last.range.start
    {
        last.range.end = end;
    }
}

/// The start of the line after `last_end`, and the prefix a block there
/// needs to stay inside the definition whose content starts at `first`.
fn used_on_place(text: &str, first: usize, last_end: usize) -> Option<UsedOnAt> {
    let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..first];
    let allowed =
        |c: char| c.is_whitespace() || matches!(c, '>' | ':' | '-' | '*' | '+' | '.' | ')') || c.is_ascii_digit();
    if !before.chars().all(allowed) {
        return None;
    }
    let prefix: String = before
        .chars()
        .map(|c| if matches!(c, '>' | '\t') { c } else { ' ' })
        .collect();
    let at = if last_end > 0 && text.as_bytes().get(last_end - 1) == Some(&b'\n') {
        last_end
    } else {
        text[last_end..].find('\n').map_or(text.len(), |i| last_end + i + 1)
    };
    Some(UsedOnAt::Block(at, prefix))
}

fn push_words(out: &mut String, text: &str) {
    let words = collapse(text);
    if !words.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&words);
    }
}

/// Whitespace runs to one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<PageEntry> {
        read(text, &MarkdownOptions::default()).1
    }

    #[test]
    fn titles_lines_share_one_definition() {
        let text =
            "# G\n\nRPS\nRequests per second\n: How *many* `requests` a service\n  serves.\n\nTTL\n: Time to live.\n";
        let e = entries(text);
        assert_eq!(e.len(), 2);
        let names: Vec<_> = e[0]
            .titles
            .iter()
            .map(|t| (t.text.as_str(), t.after_soft_break, t.line))
            .collect();
        assert_eq!(names, [("RPS", false, 3), ("Requests per second", true, 4)]);
        assert_eq!(&text[e[0].titles[1].at..e[0].titles[1].at + 8], "Requests");
        assert_eq!(e[0].definition, "How many requests a service serves.");
        assert_eq!(
            &text[e[0].range.clone()],
            "RPS\nRequests per second\n: How *many* `requests` a service\n  serves.\n\n"
        );
        assert_eq!(
            e[0].used_on_at,
            Some(UsedOnAt::Block(text.find("\n\nTTL").unwrap_or(0) + 1, "  ".to_owned()))
        );
        assert_eq!(&text[e[1].range.clone()], "TTL\n: Time to live.\n");
    }

    #[test]
    fn several_definitions_and_nested_lists_belong_to_one_entry() {
        let text = "A\n: one\n: two\n\n  - x\n\n    Inner\n    : nested\n\nB\n: b";
        let e = entries(text);
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].definition, "one two x Inner nested");
        assert_eq!(e[1].used_on_at, Some(UsedOnAt::Block(text.len(), "  ".to_owned())));
    }

    #[test]
    fn lists_in_quotes_are_not_top_level() {
        let (lists, e) = read("> A\n> : a\n", &MarkdownOptions::default());
        assert!(!lists[0].top_level);
        assert_eq!(e[0].used_on_at, Some(UsedOnAt::Block(10, ">   ".to_owned())));
    }
}

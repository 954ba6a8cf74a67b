//! The prose of a page: citations of ADRs (`ADR-4`, `ADR 0004`, `ADR 4`,
//! or a link to the ADR's page). Code, raw HTML and front matter are not
//! prose. Links to repository files are no citation of code: what a page
//! describes is what it declares (issue 25).

use super::Cite;
use super::paths::Layout;
use handbook_core::protocol::Context;
use handbook_core::pulldown_cmark::{Event, Tag, TagEnd};
use handbook_core::splice::LazyLineIndex;
use handbook_core::{Chapter, links, markdown};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a page's prose says, in page order: links to local files as written
/// (they cite an ADR when they reach its page), and `ADR-4` citations.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    /// The page's source path, `/`-separated.
    source: String,
    found: Vec<Found>,
}

#[derive(Debug, Clone)]
enum Found {
    /// A link to a relative, local target (decoded, no fragment).
    Link {
        target: String,
        line: usize,
        block: usize,
    },
    Cite(Cite),
}

impl Prose {
    /// Every citation (of an ADR by number, or by a link to its page), in page order.
    pub fn cites(&self, layout: &Layout, decision_pages: &HashMap<PathBuf, u32>) -> Vec<Cite> {
        let mut cites = Vec::new();
        for found in &self.found {
            match found {
                Found::Cite(cite) => cites.push(*cite),
                Found::Link { target, line, block } => {
                    let number = layout
                        .resolve_link(&self.source, target)
                        .filter(|path| layout.in_book(path))
                        .and_then(|path| {
                            layout
                                .source_path(&path)
                                .and_then(|p| decision_pages.get(Path::new(p)))
                                .copied()
                        });
                    if let Some(number) = number {
                        cites.push(Cite {
                            number,
                            line: *line,
                            block: *block,
                        });
                    }
                }
            }
        }
        cites
    }
}

/// Reads a page's prose. A page whose bytes cannot hold a citation is not
/// parsed (see [`may_cite`]).
pub fn prose(
    ctx: &Context,
    chapter: &Chapter,
    source_path: &Path,
    layout: &Layout,
    decision_pages: &HashMap<PathBuf, u32>,
) -> Prose {
    let text = &chapter.content;
    let mut out = Prose {
        source: handbook_core::platform::slashed(source_path),
        found: Vec::new(),
    };
    if !may_cite(text, &out.source, layout, decision_pages) {
        return out;
    }
    let lines = LazyLineIndex::new(text);
    let mut block = 0;
    let mut in_code = 0usize;
    for (event, range) in markdown::parse(text, &ctx.markdown) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell) => block += 1,
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(target) = local_target(&dest_url) {
                    out.found.push(Found::Link {
                        target,
                        line: lines.line(range.start),
                        block,
                    });
                }
            }
            Event::Text(words) if in_code == 0 => {
                for (offset, number) in adr_numbers(&words) {
                    // Text may hold entities; the line of its start is close enough for a whole line.
                    let at = (range.start + offset).min(range.end.saturating_sub(1));
                    out.found.push(Found::Cite(Cite {
                        number,
                        line: lines.line(at),
                        block,
                    }));
                }
            }
            _ => {}
        }
    }
    out
}

/// False when the page can hold no citation: no `ADR` in its text (one
/// spelt with a character reference is split across text events, and the
/// parse does not see it either) and no link destination that reaches a
/// decision record. Such a page (most of a book) is not parsed. It errs towards
/// parsing: every `](` and `]:` counts, in code or not, and a destination
/// that needs markdown's own reading (escapes, references, parentheses,
/// an unclosed `<`) counts as a maybe.
fn may_cite(text: &str, source: &str, layout: &Layout, decision_pages: &HashMap<PathBuf, u32>) -> bool {
    if text.contains("ADR") {
        return true;
    }
    let counts = |target: String| {
        layout.resolve_link(source, &target).is_some_and(|path| {
            layout.in_book(&path)
                && layout
                    .source_path(&path)
                    .is_some_and(|p| decision_pages.contains_key(Path::new(p)))
        })
    };
    ["](", "]:"].into_iter().any(|opener| {
        handbook_core::search::find_all(text, opener).any(|at| {
            let rest = text.get(at + opener.len()..).unwrap_or_default().trim_start();
            let written = match rest.strip_prefix('<') {
                Some(inner) => inner.split(['>', '\n']).next().filter(|_| inner.contains('>')),
                None => rest.split(|c: char| c.is_whitespace() || c == ')').next(),
            };
            match written {
                Some(dest) if !dest.contains(['\\', '&', '(', '<']) => local_target(dest).is_some_and(counts),
                _ => true,
            }
        })
    })
}

/// A link to a file of this repository: relative, no scheme, fragment and
/// query taken off, percent-decoded.
fn local_target(url: &str) -> Option<String> {
    if url.is_empty() || url.starts_with(['#', '/']) || url.contains("://") || has_scheme(url) {
        return None;
    }
    let path = url.split(['#', '?']).next().unwrap_or("");
    (!path.is_empty()).then(|| links::decode(path))
}

fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// Every `ADR-4`, `ADR 0004`, `ADR 4` (and `ADR4`) in a text, with the
/// byte offset of its `ADR`. Whole words only: `MADR 4`, `ADR 4a` and
/// `ADR 4.2` are not citations of `ADR 4`.
pub fn adr_numbers(text: &str) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find("ADR") {
        let start = from + found;
        from = start + 3;
        if start > 0
            && bytes
                .get(start - 1)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            continue;
        }
        let mut at = start + 3;
        if text[at..].starts_with(['-', ' ']) {
            at += 1;
        } else if text[at..].starts_with('\u{a0}') {
            at += '\u{a0}'.len_utf8();
        }
        let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
        let end = at + digits;
        let next = text[end..].chars().next();
        let decimal = next == Some('.') && text[end + 1..].starts_with(|c: char| c.is_ascii_digit());
        if digits == 0 || digits > 6 || decimal || next.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Ok(number) = text[at..end].parse() {
            out.push((start, number));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_in_every_written_form_and_nothing_else() {
        let found: Vec<u32> = adr_numbers("ADR-4, ADR 0004 and ADR 13; ADR4. Not MADR 5, ADR 6a, ADR 7.2 or ADRs.")
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(found, [4, 4, 13, 4]);
        assert_eq!(adr_numbers("see ADR-0007\n"), [(4, 7)]);
    }

    #[test]
    fn a_page_is_parsed_whenever_the_parse_could_find_something() {
        let layout = Layout {
            src: "docs/src".to_owned(),
        };
        let decisions: HashMap<PathBuf, u32> = [(PathBuf::from("adr/0004-x.md"), 4)].into();
        let ctx = Context::new("/book".into(), "html", "0.5.4", serde_json::json!({}));
        let found = |text: &str| {
            let chapter = Chapter::synthetic("P", "guide/p.md", text);
            !prose(&ctx, &chapter, Path::new("guide/p.md"), &layout, &decisions)
                .cites(&layout, &decisions)
                .is_empty()
        };
        let parsed = |text: &str| may_cite(text, "guide/p.md", &layout, &decisions);
        // Nothing to find: no parse. A link to code is no citation (issue 25).
        for text in [
            "# P\n\nSee [intro](../intro.md), [top](#top) and <https://x.org>.\n",
            "[a]: ./a.md \"title\"\n\n![pic](img.png)\n",
            "Plain prose, no links: adr in lower case is no citation.\n",
            "A citation spelt with a reference, &#65;DR-4, is text split in two.\n",
            "See [the code](../../main.rs) and [the licence](../../../LICENSE).\n",
        ] {
            assert!(!parsed(text), "{text}");
            assert!(!found(text), "{text}");
        }
        // Each finds something, and each is parsed.
        for text in [
            "See ADR-4.\n",
            "See [the record](../adr/0004-x.md#status).\n",
            "See [the record]( <../adr/0004-x.md> \"t\").\n",
            "See [the record][c].\n\n[c]:\n  ../adr/0004-x.md\n",
            "See [the record](..\\/adr/0004-x.md).\n",
            "See [the record](&#46;&#46;/adr/0004-x.md).\n",
        ] {
            assert!(found(text), "the parse finds nothing in {text}");
            assert!(parsed(text), "{text}");
        }
        // Destinations only markdown can read are parsed, found or not.
        for text in ["[x](a(b).md)\n", "[x](<a.md\n", "[x](a\\.md)\n"] {
            assert!(parsed(text), "{text}");
        }
    }

    #[test]
    fn only_relative_links_are_local() {
        assert_eq!(local_target("../src/a%20b.rs#L3").as_deref(), Some("../src/a b.rs"));
        for url in ["https://x.org/a.rs", "mailto:a@b", "#top", "/abs.rs", ""] {
            assert_eq!(local_target(url), None, "{url}");
        }
    }
}

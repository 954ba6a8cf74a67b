//! One chapter's text → the ids it will have in mdBook's HTML and the links it holds.

use super::html::{self, StartTag};
use crate::ids::{UsedIds, id_from_content, unique_id};
use handbook_core::markdown::{self, MarkdownOptions};
use handbook_core::pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// Where a link was written: markdown syntax or a raw HTML attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](href)`, `[text][ref]`, `<https://...>`.
    Markdown,
    /// `![alt](src)`.
    Image,
    /// `<a href>`, `<a xlink:href>` (inline SVG).
    HtmlHref,
    /// `<img src>`.
    HtmlSrc,
}

/// A link as written, with the byte offset of its start in the chapter's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub offset: usize,
    pub kind: LinkKind,
}

/// What one chapter offers and asks for.
#[derive(Debug, Clone, Default)]
pub struct PageScan {
    /// Every id of the page's HTML, in document order, deduplicated.
    pub anchors: Vec<String>,
    /// The same ids as a set, for fragments that name the page.
    pub ids: HashSet<String>,
    pub links: Vec<Link>,
}

/// A heading (or definition-list term) whose id is being built.
struct OpenHeading {
    custom: Option<String>,
    text: String,
    image_depth: usize,
}

/// Scans a chapter with mdBook's parser options: heading and `dt` ids
/// made as mdBook 0.5 makes them (`add_header_links`), ids found in raw
/// HTML, footnote ids, and every link. `math`: the book has its math drawn
/// (`Some(mathjax)`, [`handbook_core::math::renders_math`]), so a link the
/// parser finds inside math is the math renderer's text, not a link.
pub fn scan(text: &str, options: &MarkdownOptions, math: Option<bool>) -> PageScan {
    let math = math
        .map(|mathjax| handbook_core::math::ranges(text, options, mathjax))
        .unwrap_or_default();
    let in_math = |at: usize| math.iter().any(|r| r.contains(&at));
    let mut out = Collector::default();
    let mut heading: Option<OpenHeading> = None;
    let mut used = UsedIds::default();
    let mut footnote_numbers: HashMap<String, (usize, usize)> = HashMap::new();
    for (event, range) in markdown::parse(text, options) {
        match event {
            Event::Start(Tag::Heading { id, attrs, .. }) => {
                let attr_id = attrs
                    .iter()
                    .find(|(name, _)| name.as_ref() == "id")
                    .and_then(|(_, v)| v.as_ref().map(|v| v.to_string()));
                heading = Some(OpenHeading {
                    custom: id.map(|i| i.to_string()).or(attr_id),
                    text: String::new(),
                    image_depth: 0,
                });
            }
            Event::Start(Tag::DefinitionListTitle) => {
                heading = Some(OpenHeading {
                    custom: None,
                    text: String::new(),
                    image_depth: 0,
                });
            }
            Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) => {
                if let Some(open) = heading.take() {
                    // An id the author gave is kept as is and, as in mdBook, not
                    // counted: a later heading of the same text gets it again.
                    let id = match open.custom {
                        Some(custom) => custom,
                        None => unique_id(&id_from_content(&open.text), &mut used),
                    };
                    out.anchor(id);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut().filter(|h| h.image_depth == 0) {
                    h.text.push_str(&t);
                }
            }
            Event::SoftBreak => {
                if let Some(h) = heading.as_mut().filter(|h| h.image_depth == 0) {
                    h.text.push('\n');
                }
            }
            Event::FootnoteReference(name) => {
                let next = footnote_numbers.len() + 1;
                let entry = footnote_numbers.entry(name.to_string()).or_insert((next, 0));
                entry.1 += 1;
                let (number, count) = *entry;
                out.anchor(format!("fr-{name}-{count}"));
                if let Some(h) = heading.as_mut().filter(|h| h.image_depth == 0) {
                    h.text.push_str(&number.to_string());
                }
            }
            Event::Start(Tag::FootnoteDefinition(name)) => out.anchor(format!("footnote-{name}")),
            Event::Start(Tag::Link {
                link_type, dest_url, ..
            }) if link_type != LinkType::Email && !in_math(range.start) => {
                out.link(dest_url.to_string(), range.start, LinkKind::Markdown);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(h) = heading.as_mut() {
                    h.image_depth += 1;
                }
                if !in_math(range.start) {
                    out.link(dest_url.to_string(), range.start, LinkKind::Image);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(h) = heading.as_mut() {
                    h.image_depth = h.image_depth.saturating_sub(1);
                }
            }
            // A block's whole source at once, so a tag spanning lines is read whole.
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
                if let Some(source) = text.get(range.clone()) {
                    for tag in html::start_tags(source) {
                        out.html_tag(&tag, range.start);
                    }
                }
            }
            _ => {}
        }
    }
    out.finish()
}

#[derive(Default)]
struct Collector {
    anchors: Vec<String>,
    seen: HashSet<String>,
    links: Vec<Link>,
}

impl Collector {
    fn anchor(&mut self, id: String) {
        if self.seen.insert(id.clone()) {
            self.anchors.push(id);
        }
    }

    fn link(&mut self, href: String, offset: usize, kind: LinkKind) {
        self.links.push(Link { href, offset, kind });
    }

    fn html_tag(&mut self, tag: &StartTag, base: usize) {
        if let Some(id) = tag.attribute("id") {
            self.anchor(id.value.clone());
        }
        let name = tag.name.rsplit(':').next().unwrap_or_default();
        if name == "a"
            && let Some(anchor) = tag.attribute("name")
        {
            self.anchor(anchor.value.clone());
        }
        let wanted: &[(&str, LinkKind)] = match name {
            "a" => &[("href", LinkKind::HtmlHref), ("xlink:href", LinkKind::HtmlHref)],
            "img" => &[("src", LinkKind::HtmlSrc)],
            _ => &[],
        };
        for (attribute, kind) in wanted {
            if let Some(a) = tag.attribute(attribute) {
                self.link(a.value.clone(), base + a.offset, *kind);
            }
        }
    }

    fn finish(self) -> PageScan {
        PageScan {
            anchors: self.anchors,
            ids: self.seen,
            links: self.links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        scan(text, &MarkdownOptions::default(), None).anchors
    }

    #[test]
    fn ids_as_mdbook_wrote_them() {
        // Each expectation read from the HTML mdBook 0.5.4 wrote for this text.
        let text = "# Intro\n\n## Foo -- bar\n\n## Foo -- bar\n\n# A {#custom}\n\n# Custom\n\n# custom\n\n\
                    Term `x` Y\n: def\n\n## Ünïcode &amp; `Code` <span id=\"raw\">html</span> [link](x.md) ![alt](i.png)[^n]\n\n\
                    [^n]: note\n\nsetext\nline\n---\n";
        assert_eq!(
            ids(text),
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
    }

    #[test]
    fn links_of_every_kind_with_offsets() {
        let text = "[a](a.md#x) ![i](i.png) <a href=\"b.md\">b</a>\n\n<div>\n<img\n src=\"c.png\">\n</div>\n\n`[no](code.md)`\n";
        let scan = scan(text, &MarkdownOptions::default(), None);
        let got: Vec<_> = scan
            .links
            .iter()
            .map(|l| (l.href.as_str(), l.kind, &text[l.offset..l.offset + 1]))
            .collect();
        assert_eq!(
            got,
            [
                ("a.md#x", LinkKind::Markdown, "["),
                ("i.png", LinkKind::Image, "!"),
                ("b.md", LinkKind::HtmlHref, "b"),
                ("c.png", LinkKind::HtmlSrc, "c"),
            ]
        );
    }

    /// Issue 25 (zcash halo2's book, mdbook-katex): `$$\mathcal{L}_x[w](k)$$`
    /// is math to the reader, not a link to `k`; a link beside the math is.
    #[test]
    fn links_inside_math_are_math_when_the_book_draws_math() {
        let text = "Let $$\\mathcal{L}_x[w](k) = [a]([b]G)$$ and $[c](d)$ hold, see [e](e.md).\n\n\\\\([f](g)\\\\)\n";
        let hrefs = |math| -> Vec<String> {
            scan(text, &MarkdownOptions::default(), math)
                .links
                .into_iter()
                .map(|l| l.href)
                .collect()
        };
        assert_eq!(hrefs(Some(false)), ["e.md", "g"], "KaTeX: dollars only");
        assert_eq!(hrefs(Some(true)), ["e.md"], "MathJax also reads \\\\(…\\\\)");
        assert_eq!(
            hrefs(None),
            ["k", "[b]G", "d", "e.md", "g"],
            "no math renderer: every link is one"
        );
    }
}

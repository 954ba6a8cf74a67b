//! One chapter's outline → the links the check judges. The ids a page
//! offers come from the outline as they are ([`Outline::anchors`]).

use handbook_core::markdown::MarkdownOptions;
use handbook_core::outline::Outline;
pub use handbook_core::outline::{LinkKind, LinkSite};
use handbook_core::spans::Spans;
use std::borrow::Cow;

/// What one chapter offers and asks for.
#[derive(Debug, Clone, Default)]
pub struct PageScan<'a> {
    /// The chapter's outline: its ids (headings and definition terms as
    /// mdBook 0.5 makes them, raw HTML ids, footnotes) and its links.
    pub outline: Cow<'a, Outline>,
    /// Which of the outline's links the check judges ([`checked`]).
    pub(super) checked: Vec<usize>,
}

impl PageScan<'_> {
    /// The links the check judges, in the page's order.
    pub fn links(&self) -> impl Iterator<Item = &LinkSite> {
        self.checked.iter().filter_map(|&i| self.outline.links.get(i))
    }
}

/// A text outside the book's chapters (SUMMARY.md, a test's page) read on its own.
pub fn scan(text: &str, options: &MarkdownOptions, math: Option<bool>) -> PageScan<'static> {
    let outline = Outline::read(text, options);
    PageScan {
        checked: checked(&outline, text, options, math),
        outline: Cow::Owned(outline),
    }
}

/// The outline's links the check judges, by index: every link and image
/// but e-mail addresses. `math`: the book has its math drawn
/// (`Some(mathjax)`, [`handbook_core::math::renders_math`]), so a link the
/// parser finds inside math is the math renderer's text, not a link.
pub fn checked(outline: &Outline, text: &str, options: &MarkdownOptions, math: Option<bool>) -> Vec<usize> {
    let math = Spans::new(
        math.map(|mathjax| handbook_core::math::ranges(text, options, mathjax))
            .unwrap_or_default(),
    );
    outline
        .links
        .iter()
        .enumerate()
        .filter(|(_, l)| match l.kind {
            LinkKind::Email => false,
            LinkKind::Markdown | LinkKind::Image => !math.contains(l.offset),
            LinkKind::HtmlHref | LinkKind::HtmlSrc => true,
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_of_every_kind_with_offsets() {
        let text = "[a](a.md#x) ![i](i.png) <a href=\"b.md\">b</a>\n\n<div>\n<img\n src=\"c.png\">\n</div>\n\n`[no](code.md)`\n";
        let scan = scan(text, &MarkdownOptions::default(), None);
        let got: Vec<_> = scan
            .links()
            .map(|l| (l.dest.as_str(), l.kind, &text[l.offset..l.offset + 1]))
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
                .links()
                .map(|l| l.dest.clone())
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

//! Where terms may be linked on a page: prose only.
//!
//! The walk follows mdBook's own parse and skips code (spans and blocks),
//! links, images, headings, table headers, raw HTML (blocks, and the text
//! inside inline `<a>`, `<code>`...; front matter is off the text already),
//! `{{#...}}` directives, math and bare URLs (the caller's `excluded`), and
//! what an author fenced off with `<!-- glossary off -->` … `<!-- glossary on -->`.
//!
//! Matching runs over *verbatim* text: a Text event whose source bytes equal
//! its text. Events changed by escapes, entities or smart punctuation end a
//! run, so every match maps back to source bytes exactly and the link is two
//! insertions around the author's own text. Contiguous events and soft line
//! breaks (seen as one space, across a quote's `>` too) join one run, so a
//! multi-word term wrapped over two lines is still found.

use crate::matcher::TermMatcher;
use handbook_core::markdown::{self, MarkdownOptions};
use handbook_core::pulldown_cmark::{Event, Tag, TagEnd};
use handbook_core::spans::Spans;
use std::ops::Range;

/// A term found in prose, by source byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub range: Range<usize>,
    pub term: usize,
}

#[derive(Debug, Default)]
pub struct PageScan {
    pub found: Vec<Occurrence>,
    /// Terms in the text of the author's own links (or another plugin's): the
    /// page already links them there, so the first use is taken (issue 25: PyO3's
    /// own glossary linker links each term's first use, and the suite linked the
    /// second). Uses, never linked again.
    pub in_links: Vec<Occurrence>,
    /// Terms in inline code (`` `TyCtxt<'tcx>` ``): uses, for glossary-unused-term
    /// and "used on" (issue 25: rustc-dev-guide's glossary writes `TyCtxt`, `sess`
    /// and `'tcx` as code, and pages use them in code), never linked.
    pub in_code: Vec<Occurrence>,
    /// Where headings start: sections for `first-per-section`.
    pub headings: Vec<usize>,
    /// Headings and links: a `{{#term}}` there gets a tooltip, not a nested link.
    pub no_links: Spans,
    /// `<!-- glossary off -->` … `<!-- glossary on -->` (or the page's end):
    /// terms there are uses, but not linked automatically.
    pub quiet: Spans,
}

impl PageScan {
    /// The section of an offset: the number of headings before it.
    pub fn section(&self, offset: usize) -> usize {
        self.headings.partition_point(|&h| h <= offset)
    }

    pub fn in_no_link_zone(&self, offset: usize) -> bool {
        self.no_links.contains(offset)
    }

    pub fn is_quiet(&self, offset: usize) -> bool {
        self.quiet.contains(offset)
    }
}

/// Inline HTML elements whose text is not prose.
const RAW_ELEMENTS: &[&str] = &[
    "a", "abbr", "code", "kbd", "samp", "var", "pre", "script", "style", "button", "textarea", "dfn", "svg", "math",
];

#[derive(Default)]
struct Run {
    buffer: String,
    /// The last piece is a line break: the next line's text may follow indentation or `>`.
    after_break: bool,
    /// (buffer range, source range); equal lengths except for line breaks.
    pieces: Vec<(Range<usize>, Range<usize>)>,
}

impl Run {
    fn end(&self) -> Option<usize> {
        self.pieces.last().map(|(_, s)| s.end)
    }

    fn push(&mut self, text: &str, src: Range<usize>) {
        let start = self.buffer.len();
        self.buffer.push_str(text);
        self.pieces.push((start..self.buffer.len(), src));
        self.after_break = false;
    }

    fn to_source(&self, buf: Range<usize>) -> Option<Range<usize>> {
        let first = self.pieces.iter().find(|(b, _)| b.contains(&buf.start))?;
        let last = self
            .pieces
            .iter()
            .find(|(b, _)| b.start < buf.end && buf.end <= b.end)?;
        let verbatim = |(b, s): &(Range<usize>, Range<usize>)| b.len() == s.len();
        if !verbatim(first) || !verbatim(last) {
            return None;
        }
        Some(first.1.start + (buf.start - first.0.start)..last.1.start + (buf.end - last.0.start))
    }
}

/// Finds the terms in a page's prose. `excluded` are byte ranges (directives) where nothing is matched.
pub fn scan(text: &str, options: &MarkdownOptions, matcher: &TermMatcher, excluded: &Spans) -> PageScan {
    let mut page = PageScan::default();
    let mut skip = 0usize;
    let mut raw_inline = 0usize;
    let mut run = Run::default();
    // The rendered character just before the run, when plain text touches it.
    let mut before: Option<char> = None;
    // The last Text event: where it ends and its last rendered character.
    let mut last_text: Option<(usize, char)> = None;
    let flush = |run: &mut Run, page: &mut PageScan, before: Option<char>, after: Option<char>| {
        if run.buffer.is_empty() {
            return;
        }
        let in_prose = |buf: Range<usize>| run.to_source(buf).is_some_and(|range| !excluded.overlaps(&range));
        for (buf, term) in matcher.find(&run.buffer, before, after, in_prose) {
            if let Some(range) = run.to_source(buf) {
                page.found.push(Occurrence { range, term });
            }
        }
        *run = Run::default();
    };
    // Where `<!-- glossary off -->` opened a span not yet closed.
    let mut quiet_from: Option<usize> = None;
    let (mut quiet, mut no_links) = (Vec::new(), Vec::new());
    let mut link_depth = 0usize;
    for (event, range) in markdown::parse(text, options) {
        match &event {
            Event::Start(Tag::Link { .. }) => link_depth += 1,
            Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
            Event::Text(t) if link_depth > 0 => {
                for (buf, term) in matcher.find(t, None, None, |_| true) {
                    let start = range.start + buf.start.min(range.len());
                    page.in_links.push(Occurrence {
                        range: start..start,
                        term,
                    });
                }
            }
            Event::Code(t) => {
                for (_, term) in matcher.find(t, None, None, |_| true) {
                    page.in_code.push(Occurrence {
                        range: range.start..range.start,
                        term,
                    });
                }
            }
            _ => {}
        }
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            match (quiet_switch(html), quiet_from) {
                (Some(true), None) => quiet_from = Some(range.start),
                (Some(false), Some(from)) => {
                    quiet.push(from..range.end);
                    quiet_from = None;
                }
                _ => {}
            }
        }
        // The rendered character right after the run, when this event is text touching it.
        let touching = |t: &str| {
            if run.end() == Some(range.start) {
                t.chars().next()
            } else {
                None
            }
        };
        match event {
            Event::Text(t) if skip == 0 && raw_inline == 0 && verbatim(text, range.clone(), &t).is_some() => {
                let t = verbatim(text, range.clone(), &t).unwrap_or_default();
                let joins = run.end().is_some_and(|end| {
                    end == range.start
                        || (run.after_break && end < range.start && only_line_prefix(&text[end..range.start]))
                });
                if !joins {
                    let after = touching(t);
                    flush(&mut run, &mut page, before, after);
                    before = last_text.filter(|(end, _)| *end == range.start).map(|(_, c)| c);
                } else if let Some(last) = run.pieces.last_mut()
                    && run.after_break
                {
                    last.1.end = range.start;
                }
                run.push(t, range.clone());
                last_text = t.chars().next_back().map(|c| (range.end, c));
            }
            Event::SoftBreak
                if !run.buffer.is_empty()
                    && run
                        .end()
                        .is_some_and(|e| only_line_prefix(&text[e..range.start.max(e)])) =>
            {
                let from = run.end().unwrap_or(range.start);
                run.push(" ", from..range.end);
                run.after_break = true;
                last_text = None;
            }
            Event::Text(t) => {
                let after = touching(&t);
                flush(&mut run, &mut page, before, after);
                last_text = t.chars().next_back().map(|c| (range.end, c));
            }
            Event::Start(tag) => {
                flush(&mut run, &mut page, before, None);
                last_text = None;
                match tag {
                    Tag::Heading { .. } => {
                        page.headings.push(range.start);
                        no_links.push(range);
                        skip += 1;
                    }
                    Tag::Link { .. } => {
                        no_links.push(range);
                        skip += 1;
                    }
                    Tag::Image { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) | Tag::TableHead => {
                        skip += 1
                    }
                    _ => {}
                }
            }
            Event::End(tag) => {
                flush(&mut run, &mut page, before, None);
                last_text = None;
                match tag {
                    TagEnd::Heading(_)
                    | TagEnd::Link
                    | TagEnd::Image
                    | TagEnd::CodeBlock
                    | TagEnd::HtmlBlock
                    | TagEnd::MetadataBlock(_)
                    | TagEnd::TableHead => skip = skip.saturating_sub(1),
                    TagEnd::Paragraph
                    | TagEnd::TableCell
                    | TagEnd::Item
                    | TagEnd::DefinitionListTitle
                    | TagEnd::DefinitionListDefinition => raw_inline = 0,
                    _ => {}
                }
            }
            Event::InlineHtml(html) => {
                flush(&mut run, &mut page, before, None);
                last_text = None;
                raw_inline = track_inline_html(&html, raw_inline);
            }
            _ => {
                flush(&mut run, &mut page, before, None);
                last_text = None;
            }
        }
    }
    flush(&mut run, &mut page, before, None);
    quiet.extend(quiet_from.map(|from| from..text.len()));
    page.quiet = Spans::new(quiet);
    page.no_links = Spans::new(no_links);
    page
}

/// `<!-- glossary off -->` (`Some(true)`) and `<!-- glossary on -->`
/// (`Some(false)`), also with a colon and in any case; anything else `None`.
fn quiet_switch(html: &str) -> Option<bool> {
    let inner = html.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let (word, state) = inner.split_at_checked("glossary".len())?;
    if !word.eq_ignore_ascii_case("glossary") {
        return None;
    }
    match state.trim_start_matches(':').trim().to_ascii_lowercase().as_str() {
        "off" => Some(true),
        "on" => Some(false),
        _ => None,
    }
}

/// The source of a Text event when it renders as itself, or as the smart
/// punctuation of itself (`'` as `’`): the text matched is always the source.
fn verbatim<'t>(text: &'t str, range: Range<usize>, rendered: &str) -> Option<&'t str> {
    let source = text.get(range)?;
    let smart = matches!(
        (source, rendered),
        ("'", "’" | "‘") | ("\"", "“" | "”") | ("--", "–") | ("---", "—") | ("...", "…")
    );
    (source == rendered || smart).then_some(source)
}

/// What may stand between a line break and the next line's text: indentation and quote markers.
fn only_line_prefix(gap: &str) -> bool {
    gap.chars().all(|c| c.is_whitespace() || c == '>')
}

/// Counts open inline elements whose content is not prose.
fn track_inline_html(html: &str, open: usize) -> usize {
    let (closing, rest) = match html.strip_prefix("</") {
        Some(rest) => (true, rest),
        None => match html.strip_prefix('<') {
            Some(rest) if !rest.starts_with(['!', '?']) => (false, rest),
            _ => return open,
        },
    };
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if !RAW_ELEMENTS.contains(&name.as_str()) {
        open
    } else if closing {
        open.saturating_sub(1)
    } else if html.trim_end().ends_with("/>") {
        open
    } else {
        open + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::terms::Form;
    use crate::scan::{Glossary, GlossaryTerm, Place};

    fn matcher(terms: &[(&str, bool)]) -> TermMatcher {
        let mut g = Glossary::default();
        for (i, (t, cs)) in terms.iter().enumerate() {
            g.terms.push(GlossaryTerm {
                name: (*t).to_owned(),
                anchor: format!("t{i}"),
                entry: i,
                abbreviation: false,
                link: None,
                ordinary: false,
                forms: vec![Form {
                    text: (*t).to_owned(),
                    case_sensitive: *cs,
                    generated: false,
                }],
                place: Place {
                    path: "g.md".into(),
                    line: None,
                },
            });
        }
        TermMatcher::new(&g, &[])
    }

    fn found(text: &str) -> Vec<&str> {
        let m = matcher(&[("API", true), ("API gateway", false), ("cache", false)]);
        let page = scan(text, &MarkdownOptions::default(), &m, &Spans::default());
        page.found.iter().map(|o| &text[o.range.clone()]).collect()
    }

    #[test]
    fn only_prose_is_searched() {
        let text = "# API\n\nAn API and a `cache` and [cache](x.md) and ![cache](i.png).\n\n```\ncache\n```\n\n\
                    <div>\ncache\n</div>\n\n| cache |\n|---|\n| cache |\n\nText <a href=\"x\">cache</a> <b>cache</b>.\n";
        assert_eq!(found(text), ["API", "cache", "cache"]);
    }

    #[test]
    fn wrapped_multi_word_terms_and_quotes() {
        assert_eq!(found("An API\ngateway.\n"), ["API\ngateway"]);
        assert_eq!(found("> An API\n> gateway.\n"), ["API\n> gateway"]);
        assert_eq!(found("An API\r\ngateway.\r\n"), ["API\r\ngateway"]);
    }

    #[test]
    fn escapes_entities_and_smart_quotes_end_a_run() {
        assert_eq!(found("\\*API\\* &amp; cache"), ["API", "cache"]);
        assert_eq!(found("the \"API\" cache's"), ["API", "cache"]);
        let m = matcher(&[("don't", false), ("R&D", true)]);
        let page = scan("I don't -- R&amp;D", &MarkdownOptions::default(), &m, &Spans::default());
        assert_eq!(page.found, [Occurrence { range: 2..7, term: 0 }]);
        assert_eq!(found("ACDN \\_API\\_x"), Vec::<&str>::new());
        assert_eq!(found("_cache_ and **API**"), ["cache", "API"]);
    }

    #[test]
    fn directives_are_excluded() {
        let m = matcher(&[("API", true)]);
        let text = "{{#term API}} and API";
        let directive: Spans = std::iter::once(0..13).collect();
        let page = scan(text, &MarkdownOptions::default(), &m, &directive);
        assert_eq!(page.found, [Occurrence { range: 18..21, term: 0 }]);
    }

    #[test]
    fn an_off_comment_quiets_the_terms_up_to_its_on_comment() {
        let text = "API <!-- glossary off --> API\n\n<!-- Glossary: OFF -->\n\nAPI\n\n<!-- glossary on -->\n\nAPI <!-- glossary off -->\n\nAPI\n\n```\n<!-- glossary on -->\n```\n\nAPI\n";
        let m = matcher(&[("API", true)]);
        let page = scan(text, &MarkdownOptions::default(), &m, &Spans::default());
        let at: Vec<usize> = page
            .found
            .iter()
            .map(|o| o.range.start)
            .filter(|&s| !page.is_quiet(s))
            .collect();
        let after_on = text.find("on -->\n\nAPI").unwrap_or(0) + "on -->\n\n".len();
        assert_eq!(at, [0, after_on], "{text}");
        assert_eq!(quiet_switch("<!-- glossary offline -->"), None);
        assert_eq!(quiet_switch("<!--glossary:on-->\n"), Some(false));
    }

    #[test]
    fn sections_count_headings() {
        let m = matcher(&[("API", true)]);
        let page = scan(
            "API\n\n## A\n\nAPI\n",
            &MarkdownOptions::default(),
            &m,
            &Spans::default(),
        );
        assert_eq!((page.section(0), page.section(11)), (0, 1));
    }
}

//! Term links on pages, and anchors, "Used on" back-links and order on the
//! glossary page: all as splices around the author's own text.
//!
//! A link is raw inline HTML (`<a class="hb-term" href="../glossary.html#term-api"><abbr title="...">`
//! before the term, `</abbr></a>` after it), so its href is computed here
//! as a relative `.html` path. The tooltip is the definition as plain text,
//! escaped: nothing in a definition becomes markup.

use crate::config::{AbbreviationStyle, LinkMode, OrdinaryWords};
use crate::prose::PageScan;
use crate::scan::Glossary;
use handbook_core::Splice;
use handbook_core::directive::Directive;
use handbook_core::html::escape;
use std::collections::{BTreeSet, HashSet};

mod page;
pub use page::{UsedOn, glossary_page};

/// What linking one page produced.
#[derive(Debug, Default)]
pub struct PageLinks {
    pub splices: Vec<Splice>,
    /// Entries whose terms the page uses (linked or not).
    pub used: BTreeSet<usize>,
    /// `{{#term X}}` naming no term: (line, name).
    pub unknown: Vec<(usize, String)>,
    /// Names in the page's `glossary-skip` that are no term: (line, name).
    pub unknown_skips: Vec<(usize, String)>,
}

/// How to write links on one page.
pub struct LinkStyle<'a> {
    pub mode: LinkMode,
    /// Whether a term that is one ordinary word links by itself.
    pub ordinary: OrdinaryWords,
    /// The glossary page relative to this page (`../glossary.html`), escaped; `None`: tooltips only.
    pub glossary_href: Option<&'a str>,
    pub html: bool,
    pub abbreviations: AbbreviationStyle,
    /// Each term's tooltip, escaped once for the whole book.
    pub titles: &'a [String],
    /// Entries the page's `glossary-skip` names: used, never linked automatically.
    pub unlinked: &'a [usize],
}

impl LinkStyle<'_> {
    /// How `term` links by itself: its own `link` option, else `never` for an
    /// ordinary word under `ordinary-words = "skip"`, else the table's mode.
    fn mode_of(&self, glossary: &Glossary, term: usize) -> LinkMode {
        let t = &glossary.terms[term];
        if crate::ordinary::is_held(t, self.ordinary) {
            LinkMode::Never
        } else {
            t.link.unwrap_or(self.mode)
        }
    }
}

/// The escaped tooltip of every term: its entry's definition as plain text, or its name.
pub fn titles(glossary: &Glossary) -> Vec<String> {
    glossary
        .terms
        .iter()
        .map(|t| {
            let definition = &glossary.entries[t.entry].definition;
            escape(if definition.is_empty() { &t.name } else { definition }).into_owned()
        })
        .collect()
}

/// Links a page's terms: automatic ones by their term's `link` or `style.mode`
/// (never in a quiet span or for an entry the page unlinks), `{{#term}}` always.
pub fn link_page(glossary: &Glossary, page: &PageScan, refs: &[Directive], style: &LinkStyle) -> PageLinks {
    let mut out = PageLinks::default();
    out.used
        .extend(page.in_code.iter().map(|o| glossary.terms[o.term].entry));
    enum Item<'a> {
        Auto(&'a crate::prose::Occurrence),
        Reference(&'a Directive),
        /// Inside a link the page already has: a use, and its first link.
        AlreadyLinked(&'a crate::prose::Occurrence),
    }
    let mut items: Vec<(usize, Item)> = page.found.iter().map(|o| (o.range.start, Item::Auto(o))).collect();
    items.extend(refs.iter().map(|d| (d.range.start, Item::Reference(d))));
    items.extend(page.in_links.iter().map(|o| (o.range.start, Item::AlreadyLinked(o))));
    items.sort_by_key(|(start, _)| *start);
    // (entry, section) already linked: the first use of an entry, by any of its terms, is the link.
    let mut linked: HashSet<(usize, usize)> = HashSet::new();
    for (start, item) in items {
        let section_of = |mode: LinkMode| {
            if mode == LinkMode::FirstPerSection {
                page.section(start)
            } else {
                0
            }
        };
        match item {
            Item::Auto(occurrence) => {
                let term = occurrence.term;
                let entry = glossary.terms[term].entry;
                out.used.insert(entry);
                let mode = style.mode_of(glossary, term);
                let quiet = mode == LinkMode::Never || page.is_quiet(start) || style.unlinked.contains(&entry);
                if !quiet && (mode == LinkMode::Every || linked.insert((entry, section_of(mode)))) && style.html {
                    let (open, close) = link_tags(glossary, style, term, style.glossary_href);
                    out.splices.push(Splice::insert(occurrence.range.start, open));
                    out.splices.push(Splice::insert(occurrence.range.end, close));
                }
            }
            Item::AlreadyLinked(occurrence) => {
                let entry = glossary.terms[occurrence.term].entry;
                out.used.insert(entry);
                let mode = style.mode_of(glossary, occurrence.term);
                linked.insert((entry, section_of(mode)));
            }
            Item::Reference(d) => {
                let (name, shown) = d.args.split_once('|').unwrap_or((&d.args, &d.args));
                let (name, shown) = (name.trim(), shown.trim());
                let Some(term) = glossary.resolve(name) else {
                    out.unknown.push((d.line, name.to_owned()));
                    continue;
                };
                let entry = glossary.terms[term].entry;
                out.used.insert(entry);
                let shown = if shown.is_empty() { name } else { shown };
                let href = style.glossary_href.filter(|_| !page.in_no_link_zone(d.range.start));
                if href.is_some() {
                    linked.insert((entry, section_of(style.mode_of(glossary, term))));
                }
                let replacement = if style.html {
                    let (open, close) = link_tags(glossary, style, term, href);
                    format!("{open}{}{close}", escape(shown))
                } else {
                    shown.to_owned()
                };
                out.splices.push(Splice::new(d.range.clone(), replacement));
            }
        }
    }
    out
}

/// `<a ...><abbr title>` and `</abbr></a>`, or only the `abbr` without a page to link to
/// (or for an abbreviation under `abbreviations = "abbr"`).
/// Anchors are slugs of letters, digits and `-`: nothing to escape.
fn link_tags(glossary: &Glossary, style: &LinkStyle, term: usize, href: Option<&str>) -> (String, &'static str) {
    let title = style.titles.get(term).map_or("", String::as_str);
    let href = href.filter(|_| !(style.abbreviations == AbbreviationStyle::Abbr && glossary.terms[term].abbreviation));
    match href {
        Some(href) => (
            format!(
                "{}<abbr title=\"{title}\">",
                handbook_core::html::link_open(&format!("{href}#{}", glossary.terms[term].anchor), Some("hb-term"))
            ),
            "</abbr></a>",
        ),
        None => (format!("<abbr class=\"hb-term\" title=\"{title}\">"), "</abbr>"),
    }
}

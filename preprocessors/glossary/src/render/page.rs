//! The glossary page itself: an anchor per term, "Used on" back-links, the
//! entries in order, and the glossary file's entries added as markdown.

use crate::scan::page::UsedOnAt;
use crate::scan::{Glossary, Origin};
use handbook_core::html::escape;
use handbook_core::markdown::escape_text as markdown_text;
use handbook_core::{Splice, apply_splices};

/// A page that uses an entry: its name and its href from the glossary page.
pub type UsedOn = Vec<(String, String)>;

/// The glossary page's splices: an anchor per term, "Used on" per entry,
/// entries sorted, the glossary file's entries added. `extra` are the
/// page's other splices (its `{{#term}}` references), merged in here so
/// that a reordered list carries them along.
pub fn glossary_page(
    text: &str,
    glossary: &Glossary,
    used_on: &[UsedOn],
    sort: bool,
    html: bool,
    extra: Vec<Splice>,
) -> Vec<Splice> {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let Some(page) = &glossary.page else { return extra };
    let mut per_entry: Vec<Vec<Splice>> = vec![Vec::new(); glossary.entries.len()];
    let mut loose = Vec::new();
    for (i, entry) in glossary.entries.iter().enumerate() {
        let Origin::Page(found) = &entry.origin else { continue };
        if !html {
            continue;
        }
        for (title, term) in found.titles.iter().zip(&entry.terms) {
            let br = if title.after_soft_break { "<br>" } else { "" };
            let anchor = escape(&glossary.terms[*term].anchor);
            per_entry[i].push(Splice::insert(
                title.at,
                format!("{br}<span class=\"hb-term-anchor\" id=\"{anchor}\"></span>"),
            ));
        }
        if let (Some(UsedOnAt::Inline(at)), false) = (&found.used_on_at, used_on[i].is_empty()) {
            per_entry[i].push(Splice::insert(*at, used_on_inline(&used_on[i])));
        }
        if let (Some(UsedOnAt::Block(at, prefix)), false) = (&found.used_on_at, used_on[i].is_empty()) {
            let lead = if *at == text.len() && !text.ends_with('\n') {
                nl
            } else {
                ""
            };
            let rest = &text[*at..];
            let next_line = rest.split('\n').next().unwrap_or_default();
            let trail = if rest.is_empty()
                || next_line
                    .trim_matches(|c: char| c.is_whitespace() || c == '>')
                    .is_empty()
            {
                String::new()
            } else {
                format!("{}{nl}", prefix.trim_end())
            };
            let block = used_on_html(&used_on[i]);
            per_entry[i].push(Splice::insert(*at, format!("{lead}{prefix}{block}{nl}{trail}")));
        }
    }
    for splice in extra {
        let owner = glossary.entries.iter().position(|e| {
            matches!(&e.origin, Origin::Page(p) if p.range.start <= splice.range.start && splice.range.end <= p.range.end && splice.range.start < p.range.end)
        });
        match owner {
            Some(i) => per_entry[i].push(splice),
            None => loose.push(splice),
        }
    }
    let file_entries: Vec<usize> = (0..glossary.entries.len())
        .filter(|&i| matches!(glossary.entries[i].origin, Origin::File { .. }))
        .collect();
    let merge_into = (sort && page.lists.len() == 1 && page.lists[0].top_level).then_some(0);
    let mut out = loose;
    let mut merged = false;
    for (l, list) in page.lists.iter().enumerate() {
        let members: Vec<usize> = (0..glossary.entries.len())
            .filter(|&i| matches!(&glossary.entries[i].origin, Origin::Page(p) if p.list == l))
            .collect();
        let tiles = members
            .windows(2)
            .all(|w| range_of(glossary, w[0]).end == range_of(glossary, w[1]).start)
            && members
                .first()
                .is_some_and(|&f| range_of(glossary, f).start == list.range.start)
            && members
                .last()
                .is_some_and(|&f| range_of(glossary, f).end == list.range.end);
        let inside = members.iter().all(|&i| {
            let range = range_of(glossary, i);
            per_entry[i]
                .iter()
                .all(|s| range.start <= s.range.start && s.range.end <= range.end)
        });
        let adds = if merge_into == Some(l) {
            file_entries.clone()
        } else {
            Vec::new()
        };
        let keys: Vec<String> = members.iter().map(|&i| sort_key(glossary, i)).collect();
        let sorted = keys.windows(2).all(|w| w[0] <= w[1]);
        if !(sort && list.top_level && tiles && inside && (!sorted || !adds.is_empty())) {
            for &i in &members {
                out.append(&mut per_entry[i]);
            }
            continue;
        }
        let mut pieces: Vec<(String, String)> = Vec::new();
        for &i in &members {
            let range = range_of(glossary, i);
            let local: Vec<Splice> = per_entry[i]
                .iter()
                .map(|s| {
                    Splice::new(
                        s.range.start - range.start..s.range.end - range.start,
                        s.replacement.clone(),
                    )
                })
                .collect();
            let Ok(piece) = apply_splices(&text[range.clone()], &local) else {
                return Vec::new();
            };
            pieces.push((sort_key(glossary, i), piece));
        }
        for &i in &adds {
            pieces.push((sort_key(glossary, i), file_entry(glossary, i, &used_on[i], html, nl)));
        }
        merged |= !adds.is_empty();
        pieces.sort_by(|a, b| a.0.cmp(&b.0));
        let original = &text[list.range.clone()];
        let trailing = &original[original.trim_end().len()..];
        let trailing = trailing.find('\n').map_or("", |n| &trailing[n + 1..]);
        let body: Vec<String> = pieces
            .into_iter()
            .map(|(_, p)| format!("{}{nl}", p.trim_end()))
            .collect();
        out.push(Splice::new(list.range.clone(), format!("{}{trailing}", body.join(nl))));
    }
    if !merged && !file_entries.is_empty() {
        let mut adds: Vec<(String, String)> = file_entries
            .iter()
            .map(|&i| (sort_key(glossary, i), file_entry(glossary, i, &used_on[i], html, nl)))
            .collect();
        if sort {
            adds.sort_by(|a, b| a.0.cmp(&b.0));
        }
        let lead = if text.is_empty() || text.ends_with(&format!("{nl}{nl}")) {
            ""
        } else if text.ends_with('\n') {
            nl
        } else {
            "\n\n"
        };
        let lead = if lead == "\n\n" {
            format!("{nl}{nl}")
        } else {
            lead.to_owned()
        };
        let body: Vec<String> = adds.into_iter().map(|(_, p)| p).collect();
        out.push(Splice::insert(text.len(), format!("{lead}{}", body.join(nl))));
    }
    out
}

fn range_of(glossary: &Glossary, entry: usize) -> std::ops::Range<usize> {
    match &glossary.entries[entry].origin {
        Origin::Page(p) => p.range.clone(),
        Origin::File { .. } => 0..0,
    }
}

/// Case-insensitive order of an entry's first term.
fn sort_key(glossary: &Glossary, entry: usize) -> String {
    let e = &glossary.entries[entry];
    e.terms
        .first()
        .map(|&t| glossary.terms[t].name.to_lowercase())
        .unwrap_or_default()
}

fn used_on_html(pages: &UsedOn) -> String {
    let links: Vec<String> = pages
        .iter()
        .map(|(name, href)| handbook_core::html::link(href, name))
        .collect();
    format!("<div class=\"hb-used-on\">Used on: {}</div>", links.join(", "))
}

/// "Used on" inside a table cell or list item: one line of inline HTML
/// on a line of its own, `|` written as an entity so it
/// cannot end a table cell.
fn used_on_inline(pages: &UsedOn) -> String {
    let links: Vec<String> = pages
        .iter()
        .map(|(name, href)| handbook_core::html::link(href, name))
        .collect();
    let line = format!("<br><span class=\"hb-used-on\">Used on: {}</span>", links.join(", "));
    handbook_core::table_cell::escape(&line, handbook_core::table_cell::Content::Html)
}

/// An entry of the glossary file as definition-list markdown. Names are
/// escaped as markdown text; raw HTML in the definition is shown as text.
fn file_entry(glossary: &Glossary, entry: usize, used_on: &UsedOn, html: bool, nl: &str) -> String {
    let e = &glossary.entries[entry];
    // Raw HTML and script links were made text when the file was read (`scan::file`).
    let Origin::File { markdown: definition } = &e.origin else {
        return String::new();
    };
    let mut out = String::new();
    for (n, &term) in e.terms.iter().enumerate() {
        let t = &glossary.terms[term];
        if html {
            let br = if n > 0 { "<br>" } else { "" };
            out.push_str(&format!(
                "{br}<span class=\"hb-term-anchor\" id=\"{}\"></span>",
                escape(&t.anchor)
            ));
        }
        out.push_str(&markdown_text(&t.name));
        out.push_str(nl);
    }
    for (n, line) in definition.lines().enumerate() {
        let lead = if n == 0 {
            ": "
        } else if line.trim().is_empty() {
            ""
        } else {
            "  "
        };
        out.push_str(&format!("{lead}{}{nl}", line.trim_end()));
    }
    if definition.trim().is_empty() {
        out.push_str(&format!(":{nl}"));
    }
    if html && !used_on.is_empty() {
        out.push_str(&format!("  {}{nl}", used_on_html(used_on)));
    }
    out
}

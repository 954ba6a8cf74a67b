//! The decision log → splices: a card (and banner) on each ADR page in place
//! of its metadata lines, and the `{{#adr-index}}` / `{{#adr-graph}}` directives.

pub mod card;
pub mod graph;
pub mod index;

use crate::log::DecisionLog;
use crate::scan::Decision;
use crate::scan::listing::Listing;
use handbook_core::protocol::{Context, Edits, NewChapter};
use handbook_core::{Chapter, Splice, apply_splices};
use std::ops::Range;
use std::path::Path;

/// The card of decision `i` in place of its metadata lines.
pub fn decision_page(log: &DecisionLog, i: usize, chapter: &Chapter, html: bool) -> Vec<Splice> {
    let d = &log.decisions[i];
    let text = &chapter.content;
    let mut splices: Vec<Splice> = merged(d.hidden.clone())
        .into_iter()
        .map(|r| Splice::new(r, ""))
        .collect();
    let block = card::card(log, i, html);
    let at = d.card_at.min(text.len());
    let lead = if at == 0 { "" } else { "\n" };
    if !block.is_empty() {
        splices.push(Splice::new(at..at, format!("{lead}{block}\n")));
    }
    if text.contains("\r\n") {
        for s in &mut splices {
            s.replacement = s.replacement.replace('\n', "\r\n");
        }
    }
    splices
}

/// A file the book gains (`add-missing`): its card applied here, its front
/// matter put back on top, for the core to take off as it does for listed
/// chapters (later capabilities read it there).
pub fn new_chapter(parent: usize, d: &Decision, chapter: &Chapter, splices: Vec<Splice>, styled: bool) -> NewChapter {
    let text = &chapter.content;
    let body = apply_splices(text, &splices).unwrap_or_else(|_| text.clone());
    let content = match chapter.front_matter() {
        Some(fm) => format!("{}{body}", fm.block),
        None => body,
    };
    let name = match (&d.title_number, &d.title) {
        (Some(n), Some(t)) => format!("{}. {}", n.value, t.value),
        (None, Some(t)) => t.value.clone(),
        _ => d.slug.clone(),
    };
    NewChapter {
        parent,
        name,
        path: d.source_path.clone(),
        content,
        needs_stylesheet: styled,
    }
}

/// Hidden ranges sorted, with overlapping and touching ones joined.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Splices for the directives read at scan time (`scan::listing`); each
/// chapter that got one needs the stylesheet.
pub fn listings(ctx: &Context, log: &DecisionLog, chapters: &[Chapter], listings: &[Listing], edits: &mut Edits) {
    for listing in listings {
        let Some(chapter) = chapters.get(listing.chapter) else {
            continue;
        };
        let (Some(page), Some(source)) = (&chapter.path, &chapter.source_path) else {
            continue;
        };
        let source_dir = source.parent().unwrap_or(Path::new(""));
        let picked = listing.selection.pick(log, page, source_dir);
        let block = match listing.graph {
            Some(dot) => graph::render(log, &picked, dot, page),
            None => index::render(log, &picked, &listing.selection, page, ctx.renders_html()),
        };
        edits.splice(
            listing.chapter,
            Splice::block(&chapter.content, listing.range.clone(), &format!("{block}\n")),
        );
        edits.needs_stylesheet(listing.chapter);
    }
}

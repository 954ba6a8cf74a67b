//! The decision log → splices: a card (and banner) on each ADR page in place
//! of its metadata lines, and the `{{#adr-index}}` / `{{#adr-graph}}` directives.

pub mod card;
pub mod graph;
pub mod index;

use crate::log::DecisionLog;
use crate::scan::Decision;
use handbook_core::directive;
use handbook_core::protocol::{Context, Edits, NewChapter};
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level, Splice, apply_splices};
use std::ops::Range;
use std::path::Path;

pub const DIRECTIVES: &[&str] = &["adr-index", "adr-graph"];

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
/// matter hidden as the core hides it for listed chapters.
pub fn new_chapter(parent: usize, d: &Decision, chapter: &Chapter, splices: Vec<Splice>, styled: bool) -> NewChapter {
    let text = &chapter.content;
    let content = apply_splices(text, &splices).unwrap_or_else(|_| text.clone());
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

/// Splices for the directives of one chapter; false when it has none.
pub fn directives(
    ctx: &Context,
    log: &DecisionLog,
    index: usize,
    chapter: &Chapter,
    edits: &mut Edits,
    diagnostics: &mut Diagnostics,
) -> bool {
    let text = &chapter.content;
    if !text.contains("{{#adr-") {
        return false;
    }
    let (Some(page), Some(source)) = (&chapter.path, &chapter.source_path) else {
        return false;
    };
    let source_dir = source.parent().unwrap_or(Path::new(""));
    let mut any = false;
    for found in directive::find(text, DIRECTIVES, &ctx.markdown) {
        let warn = |message: String| {
            Diagnostic::new(Level::Warning, "adr-directive", message).at(ctx.display_path(chapter), found.line)
        };
        if !found.is_alone_on_its_line(text) {
            diagnostics.push(warn(format!(
                "`{{{{#{}}}}}` must stand on a line of its own; it is left as written",
                found.name
            )));
            continue;
        }
        let graph = found.name == "adr-graph";
        let (selection, problems) = index::Selection::read(&found.options(), graph);
        for p in problems {
            diagnostics.push(warn(format!("{{{{#{}}}}}: {p}", found.name)));
        }
        let picked = selection.pick(log, page, source_dir);
        let block = if graph {
            let dot = found
                .options()
                .iter()
                .any(|(k, v)| k == "format" && v.eq_ignore_ascii_case("dot"));
            if let Some((_, v)) = found
                .options()
                .iter()
                .find(|(k, v)| k == "format" && !matches!(v.to_ascii_lowercase().as_str(), "dot" | "mermaid"))
            {
                diagnostics.push(warn(format!(
                    "{{{{#adr-graph}}}}: `format={v}`: use `mermaid` or `dot`"
                )));
            }
            graph::render(log, &picked, dot, page)
        } else {
            index::render(log, &picked, &selection, page, ctx.renders_html())
        };
        edits.splice(index, Splice::block(text, found.range.clone(), &format!("{block}\n")));
        any = true;
    }
    any
}

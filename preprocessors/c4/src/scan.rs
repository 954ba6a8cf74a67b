//! What the book asks of the workspace: the `{{#c4-view}}`/`{{#c4-views}}`
//! directive sites and the pages (and ADRs) that declare `c4-element`.
//! Never imports render.

use crate::model::{ElementId, Workspace};
use handbook_core::directive::{self, Directive};
use handbook_core::facts::{DecisionFact, Facts};
use handbook_core::meta::value_text;
use handbook_core::protocol::Context;
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use std::collections::BTreeMap;

pub const DIRECTIVES: &[&str] = &["c4-view", "c4-views"];
/// The front matter key naming a page's element.
pub const ELEMENT_KEY: &str = "c4-element";

/// One directive to draw.
#[derive(Debug, Clone)]
pub struct Site {
    pub chapter: usize,
    pub directive: Directive,
}

/// A page that declares an element: its own page, or an ADR about it.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub chapter: usize,
    pub element: ElementId,
    pub decision: Option<DecisionFact>,
}

#[derive(Debug, Default)]
pub struct Scan {
    pub sites: Vec<Site>,
    /// Each element's own page (chapter index).
    pub pages: BTreeMap<ElementId, usize>,
    /// ADRs that declare an element.
    pub decisions: BTreeMap<ElementId, Vec<Declaration>>,
}

pub fn scan(
    ctx: &Context,
    chapters: &[Chapter],
    workspace: Option<&Workspace>,
    facts: &Facts,
    diagnostics: &mut Diagnostics,
) -> Scan {
    let mut out = Scan::default();
    for (index, chapter) in chapters.iter().enumerate() {
        for found in directive::find(chapter, DIRECTIVES, &ctx.markdown) {
            out.sites.push(Site {
                chapter: index,
                directive: found,
            });
        }
        let Some(fm) = chapter.front_matter() else { continue };
        let Some((key, value)) = fm
            .fields
            .iter()
            .find(|(k, _)| handbook_core::meta::normalize_key(k) == ELEMENT_KEY)
        else {
            continue;
        };
        let line = fm.key_line(key);
        let path = ctx.display_path(chapter);
        let Some(workspace) = workspace else {
            diagnostics.push(
                Diagnostic::new(
                    Level::Error,
                    "c4-workspace",
                    "the page declares `c4-element` and no workspace is configured (or it could not be read)",
                )
                .at(&path, line)
                .counting_front_matter(),
            );
            continue;
        };
        let identifier = value_text(value).unwrap_or_default();
        let Some(element) = workspace.find(identifier.trim()) else {
            diagnostics.push(
                Diagnostic::new(
                    Level::Error,
                    "c4-unknown-element",
                    format!("`c4-element: {identifier}` names no element of the workspace"),
                )
                .at(&path, line)
                .counting_front_matter(),
            );
            continue;
        };
        let decision = facts
            .decisions
            .as_deref()
            .and_then(|ds| ds.iter().find(|d| Some(&d.path) == chapter.source_path.as_ref()))
            .cloned();
        if decision.is_some() {
            out.decisions.entry(element).or_default().push(Declaration {
                chapter: index,
                element,
                decision,
            });
            continue;
        }
        if let Some(&first) = out.pages.get(&element) {
            let first_path = chapters.get(first).map(|c| ctx.display_path(c)).unwrap_or_default();
            diagnostics.push(
                Diagnostic::new(
                    Level::Error,
                    "c4-element-twice",
                    format!(
                        "`{identifier}` is already the element of {}; one page per element",
                        first_path.display()
                    ),
                )
                .at(&path, line)
                .counting_front_matter(),
            );
            continue;
        }
        out.pages.insert(element, index);
    }
    out
}

//! mdbook-handbook-c4: one Structurizr DSL workspace, every view drawn at
//! build time to inline SVG in C4 notation, with no program installed, and
//! each element linked to the page (and the decisions) about it.
//!
//! ```toml
//! [preprocessor.handbook.c4]
//! workspace = "architecture/workspace.dsl"   # relative to the book root, inside it
//! ```
//!
//! - `{{#c4-view KEY}}` draws the view with that key; `{{#c4-views}}` every view;
//! - a page with `c4-element: IDENTIFIER` in its front matter is that element's
//!   page: the element links there in every view and the page gets a card;
//!   ADRs may declare `c4-element` too and are listed on the element's card.
//!
//! The DSL subset read, and what is refused, is in [`dsl`]; the view rules in
//! [`views`]; the drawing in [`render`].

pub mod codes;
pub mod config;
pub mod dsl;
pub mod model;
pub mod render;
pub mod scan;
pub mod views;

use config::C4Config;
use handbook_core::facts::Facts;
use handbook_core::protocol::{Context, Edits, HandbookPreprocessor};
use handbook_core::{Chapter, Diagnostics};
use std::path::Path;

/// The `handbook-c4` preprocessor.
#[derive(Debug, Default, Clone, Copy)]
pub struct C4Preprocessor;

/// The drawing's colours by mdBook theme: dark themes get light lines and
/// text on dark boxes; print gets black on white.
const STYLESHEET: &str = ".hb-c4 { --hb-c4-box: #dddddd; --hb-c4-box-text: #000000; --hb-c4-line: #707070; --hb-c4-bg: #ffffff; --hb-c4-text: #000000; overflow-x: auto; }
.coal .hb-c4, .navy .hb-c4, .ayu .hb-c4 { --hb-c4-box: #3b4048; --hb-c4-box-text: #f0f0f0; --hb-c4-line: #a0a8b0; --hb-c4-bg: #1d1f21; --hb-c4-text: #e0e0e0; }
.hb-c4 .hb-c4-text, .hb-c4 .hb-c4-title { fill: var(--hb-c4-text); }
.hb-c4 a .hb-c4-element { cursor: pointer; }
.hb-c4 a:hover .hb-c4-element rect, .hb-c4 a:focus .hb-c4-element rect { stroke-width: 3; }
.hb-c4-card .hb-c4-meta { font-size: .85em; opacity: .8; }
.hb-c4-card ul { margin: .2em 0 .6em; }
.hb-c4-retired { font-style: italic; }
@media print { .hb-c4 { --hb-c4-box: #ffffff; --hb-c4-box-text: #000000; --hb-c4-line: #000000; --hb-c4-bg: #ffffff; --hb-c4-text: #000000; break-inside: avoid; } }
";

impl HandbookPreprocessor for C4Preprocessor {
    const NAME: &'static str = "c4";
    type Config = C4Config;
    const CODES: &'static [handbook_core::Code] = codes::CODES;

    fn stylesheet(&self, _config: &C4Config) -> String {
        STYLESHEET.to_owned()
    }

    fn run(
        &self,
        ctx: &Context,
        config: &C4Config,
        chapters: &[Chapter],
        facts: &mut Facts,
        diagnostics: &mut Diagnostics,
    ) -> Edits {
        let workspace = config.workspace.as_deref().and_then(|file| {
            let (workspace, problems) = dsl::read(&ctx.root, Path::new(file));
            for p in problems {
                diagnostics.push(p);
            }
            workspace
        });
        let scan = scan::scan(ctx, chapters, workspace.as_ref(), facts, diagnostics);
        render::page::Renderer {
            ctx,
            chapters,
            workspace: workspace.as_ref(),
            scan: &scan,
        }
        .edits(diagnostics)
    }
}

//! mdbook-handbook diagrams: fenced `svgbob`, `pikchr`, `mermaid`, `dot`,
//! `plantuml` and `d2` blocks become inline SVG figures at build time, with
//! no JavaScript and no network.
//!
//! Steps: [`scan`] finds the fences; [`build`] keys each on what changes its
//! picture, takes what the [`cache`] has and draws the rest in parallel
//! ([`draw`], [`plantuml`]); [`svg`] cleans tool output into one HTML block
//! and [`render`] turns it into splices.

pub mod build;
pub mod cache;
pub mod config;
pub mod draw;
pub mod kind;
pub mod plantuml;
pub mod program;
pub mod render;
pub mod scan;
pub mod svg;
pub mod theme;

pub use config::DiagramsConfig;
use handbook_core::protocol::{Context, Edits, HandbookPreprocessor};
use handbook_core::{Chapter, Diagnostics};

/// The `handbook-diagrams` preprocessor.
#[derive(Debug, Default)]
pub struct DiagramsPreprocessor;

impl HandbookPreprocessor for DiagramsPreprocessor {
    const NAME: &'static str = "handbook-diagrams";
    type Config = DiagramsConfig;

    fn run(
        &self,
        ctx: &Context,
        config: &DiagramsConfig,
        chapters: &[Chapter],
        diagnostics: &mut Diagnostics,
    ) -> Edits {
        let fences = scan::fences(ctx, chapters, diagnostics);
        if !ctx.renders_html() {
            // Other renderers keep the code blocks: the source is the best plain-text picture.
            return Edits::default();
        }
        build::Build::new(ctx, config).run(chapters, &fences, diagnostics)
    }
}

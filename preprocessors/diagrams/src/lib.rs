//! mdbook-handbook diagrams: fenced `svgbob`, `pikchr`, `mermaid`, `dot`,
//! `plantuml` and `d2` blocks become inline SVG figures at build time, with
//! no JavaScript and no network.
//!
//! Steps: [`scan`] finds the fences; [`build`] keys each on what changes its
//! picture, takes what the [`cache`] has and draws the rest in parallel
//! ([`draw`], [`plantuml`]); [`svg`] cleans tool output into one HTML block
//! and [`render`] turns it into splices. [`imports`] keeps what a diagram
//! reads inside the book and in its key; with `mermaid = "browser"` (or
//! `auto`, for what merman cannot draw), [`browser`] leaves Mermaid fences to
//! Mermaid's own script. [`labels`] makes tags in Mermaid labels text.
//! [`other_plugins`] notices mdbook-mermaid and its kind, which draw the fences instead.

pub mod browser;
pub mod build;
pub mod cache;
pub mod codes;
pub mod config;
pub mod draw;
pub mod imports;
pub mod kind;
pub mod labels;
/// Open Sans metrics live in the core (the c4 capability measures with them too).
pub use handbook_core::open_sans;
pub mod other_plugins;
pub mod plantuml;
pub mod program;
pub mod render;
pub mod scan;
pub mod shared;
pub mod svg;
pub mod theme;

pub use config::DiagramsConfig;
use handbook_core::facts::Facts;
use handbook_core::protocol::{Context, Edits, HandbookPreprocessor};
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};

/// The `handbook-diagrams` preprocessor.
#[derive(Debug, Default)]
pub struct DiagramsPreprocessor;

impl HandbookPreprocessor for DiagramsPreprocessor {
    const NAME: &'static str = "diagrams";
    type Config = DiagramsConfig;
    const CODES: &'static [handbook_core::Code] = codes::CODES;

    fn run(
        &self,
        ctx: &Context,
        config: &DiagramsConfig,
        chapters: &[Chapter],
        facts: &mut Facts,
        diagnostics: &mut Diagnostics,
    ) -> Edits {
        if let Some(watched) = config.cache_dir_watched_by_serve(&ctx.root, &ctx.config) {
            diagnostics.push(
                Diagnostic::new(
                    Level::Warning,
                    "diagram-cache-dir",
                    format!(
                        "[preprocessor.handbook.diagrams] key `cache-dir`: {} is inside {}, which `mdbook serve` watches, so every build's cache writes would start another build; use a folder outside it (the default is `.handbook-cache/diagrams`)",
                        config.cache_dir().display(),
                        watched.display()
                    ),
                )
                .in_file("book.toml"),
            );
        }
        other_plugins_said(ctx, diagnostics);
        let mut fences = scan::fences(ctx, chapters, diagnostics);
        facts.diagrams.extend(fences.iter().filter_map(|f| {
            let page = chapters.get(f.chapter)?.source_path.clone()?;
            Some(handbook_core::facts::DiagramFact {
                page,
                kind: f.kind.name().to_owned(),
                source: f.source.clone(),
            })
        }));
        if config.mermaid_security == config::MermaidSecurity::Strict {
            // Before keying and drawing: both renderers, and the cache key, see the strict source.
            for fence in fences.iter_mut().filter(|f| f.kind == kind::Kind::Mermaid) {
                fence.source = labels::tags_as_text(&fence.source);
            }
        }
        if !ctx.renders_html() {
            // Other renderers keep the code blocks: the source is the best plain-text picture.
            return Edits::default();
        }
        build::Build::new(ctx, config).run(chapters, &fences, diagnostics)
    }
}

/// Once per other diagram plugin the book configures: who draws its fences, and how
/// to let the suite. A note, not a warning: the book builds and its diagrams are
/// drawn (by the plugin), so a `deny-warnings` book must not start failing over it.
fn other_plugins_said(ctx: &Context, diagnostics: &mut Diagnostics) {
    let found = other_plugins::configured(&ctx.config, handbook_core::config::SUITE_TABLE);
    if found.is_empty() {
        return;
    }
    let book_toml = std::fs::read_to_string(ctx.root.join("book.toml")).unwrap_or_default();
    for plugin in found {
        let installed = handbook_core::platform::command_program(&plugin.command, &ctx.root).is_some();
        let note = Diagnostic::new(Level::Info, "diagram-other-plugin", plugin.explain(installed));
        diagnostics.push(match other_plugins::table_line(&book_toml, &plugin.table) {
            Some(line) => note.at("book.toml", line),
            None => note.in_file("book.toml"),
        });
    }
}

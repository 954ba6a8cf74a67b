//! mdbook-handbook-adr: decision logs, ADR header cards, relation graphs and
//! validation, over the ADR folders teams already have, in the formats they
//! already write (Nygard/adr-tools, MADR 2/3/4, log4brains, bold header
//! blocks, Tendermint), without editing them.
//!
//! Steps: [`discover`] which chapters are ADRs, [`scan`] each into a
//! [`scan::Decision`], give those that state no date git's ([`git_dates`]),
//! build the [`log::DecisionLog`] (relations resolved and
//! mirrored), [`validate`] it, and [`render`] cards and directives as splices.

pub mod codes;
pub mod config;
pub mod discover;
pub mod edit;
pub mod git_dates;
pub mod log;
pub mod missing;
pub mod render;
pub mod scan;
mod silent;
pub mod validate;

use config::AdrConfig;
use handbook_core::protocol::{Context, Edits, HandbookPreprocessor};
use handbook_core::status::StatusWords;
use handbook_core::{Chapter, Diagnostics, Facts, parallel};

#[derive(Debug, Default, Clone, Copy)]
pub struct AdrPreprocessor;

impl HandbookPreprocessor for AdrPreprocessor {
    const NAME: &'static str = "adr";
    type Config = AdrConfig;
    const CODES: &'static [handbook_core::Code] = codes::CODES;

    fn run(
        &self,
        ctx: &Context,
        config: &AdrConfig,
        chapters: &[Chapter],
        facts: &mut Facts,
        diagnostics: &mut Diagnostics,
    ) -> Edits {
        let words = StatusWords::new(&config.statuses);
        let folders = discover::Folders::new(&config.folders);
        let missing = if config.add_missing {
            missing::find(ctx, chapters, &folders, diagnostics)
        } else {
            Vec::new()
        };
        // Chapters of the book, then files the book gains; one index space for both.
        let chapter_at = |i: usize| {
            chapters
                .get(i)
                .or_else(|| missing.get(i - chapters.len()).map(|m| &m.chapter))
        };
        let records: Vec<(usize, &Chapter)> = chapters
            .iter()
            .chain(missing.iter().map(|m| &m.chapter))
            .enumerate()
            .filter(|(_, c)| c.source_path.as_deref().is_some_and(|p| folders.holds(p)))
            .collect();
        let scanned = parallel::map(&records, |&(i, c)| scan::scan_chapter(i, c, &ctx.markdown, &words));
        let mut decisions: Vec<scan::Decision> = Vec::with_capacity(records.len());
        for (decision, (_, chapter)) in scanned.into_iter().zip(&records) {
            match decision {
                Ok(decision) => decisions.extend(decision),
                Err(why) => diagnostics.push(parallel::crashed(&ctx.display_path(chapter), Self::NAME, &why)),
            }
        }
        silent::report(ctx, &config.folders, chapters, &decisions, diagnostics);
        scan::day_order::settle(&mut decisions);
        let listings = scan::listing::listings(ctx, chapters, diagnostics);
        git_dates::fill(ctx, config.date_source, &mut decisions, diagnostics);
        let mut findings = Vec::new();
        let mut log = log::DecisionLog::build(decisions, &mut findings);
        log.case = config.status_case;
        validate::validate(&log, &mut findings);
        facts.decisions = Some(log.facts());
        for f in findings {
            if let Some(chapter) = chapter_at(log.decisions[f.decision].chapter) {
                diagnostics.push(f.into_diagnostic(&ctx.display_path(chapter)));
            }
        }
        let mut edits = Edits::default();
        let html = ctx.renders_html();
        for (i, d) in log.decisions.iter().enumerate() {
            let Some(chapter) = chapter_at(d.chapter) else { continue };
            let splices = if config.card {
                render::decision_page(&log, i, chapter, html)
            } else {
                Vec::new()
            };
            let styled = splices.iter().any(|s| !s.replacement.is_empty());
            if d.chapter < chapters.len() {
                if styled {
                    edits.needs_stylesheet(d.chapter);
                }
                for splice in splices {
                    edits.splice(d.chapter, splice);
                }
            } else if let Some(m) = missing.get(d.chapter - chapters.len()) {
                edits.add_chapter(render::new_chapter(m.parent, d, &m.chapter, splices, styled));
            }
        }
        render::listings(ctx, &log, chapters, &listings, &mut edits);
        edits
    }
}

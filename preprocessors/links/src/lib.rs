//! handbook-links: every link and heading anchor of the book checked, with
//! mdBook 0.5's own rules, after every other capability has written its links.
//!
//! - links to chapters (`.md`, relative or `/`-rooted, percent-encoded), as
//!   mdBook rewrites them (`x.md#f` → `x.html#f`; `README.md` is written as
//!   `index.html` but a link to it becomes `README.html`);
//! - `#fragments` against the ids mdBook 0.5 gives headings and definition
//!   terms (its normalisation, `-1`/`-2` for repeats, `{#custom}`), footnotes
//!   and any `id` in raw HTML;
//! - images and other files under `src/`; raw HTML `<a href>`, `<img src>`,
//!   `xlink:href` in inline SVG; SUMMARY.md; relative links that leave `src/`
//!   (they must reach a file of the repository, never leave it);
//! - external `http(s)` links are counted, never fetched.
//!
//! ```toml
//! [preprocessor.handbook.links]
//! ignore = ["https://internal.example/**", "drafts/**"]  # hrefs or chapter paths
//! repository-files = true                                # check links leaving src/
//! ```
//!
//! It edits nothing: every chapter comes back byte-identical.

pub mod check;
pub mod codes;
pub mod config;
pub mod scan;

use check::{Counts, Finding, Problem};
use config::LinksConfig;
use handbook_core::facts::Facts;
use handbook_core::protocol::{Context, Edits, HandbookPreprocessor};
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level, parallel};
use scan::Site;

/// The `handbook-links` preprocessor.
#[derive(Debug, Default, Clone, Copy)]
pub struct LinksPreprocessor;

impl HandbookPreprocessor for LinksPreprocessor {
    const NAME: &'static str = "links";
    type Config = LinksConfig;
    const CODES: &'static [handbook_core::Code] = codes::CODES;
    const ONLY_REPORTS: bool = true;

    fn run(
        &self,
        ctx: &Context,
        config: &LinksConfig,
        chapters: &[Chapter],
        _facts: &mut Facts,
        diagnostics: &mut Diagnostics,
    ) -> Edits {
        let site = Site::scan(ctx, chapters);
        let (findings, counts, crashed) = check::check(&site, config);
        for (_, page) in site
            .pages
            .iter()
            .enumerate()
            .filter(|(i, p)| p.crashed || crashed.contains(i))
        {
            diagnostics.push(parallel::crashed(
                &page.display,
                Self::NAME,
                "its links are not checked",
            ));
        }
        for finding in &findings {
            diagnostics.push(diagnostic(&site, finding));
        }
        diagnostics.push(summary(counts, findings.len()));
        Edits::default()
    }
}

fn summary(counts: Counts, broken: usize) -> Diagnostic {
    Diagnostic::new(
        Level::Info,
        "links-summary",
        format!(
            "{} links checked, {broken} broken; not checked: {} external (no network), {} to pages beside the book, {} ignored",
            counts.checked, counts.external, counts.beside, counts.ignored
        ),
    )
}

fn diagnostic(site: &Site, finding: &Finding) -> Diagnostic {
    let href = &finding.href;
    let (code, message) = match &finding.problem {
        Problem::Missing {
            resolved,
            suggestion,
            rewritten,
        } => (
            "links-broken",
            format!(
                "`{href}`: no page or file `{resolved}` in the book{}{}",
                rewritten
                    .as_ref()
                    .map_or_else(String::new, |r| format!(" (mdBook rewrites this link to `{r}`)")),
                did_you_mean(suggestion.as_deref(), "")
            ),
        ),
        Problem::MissingInRepository { resolved } => (
            "links-broken",
            format!("`{href}`: no file `{resolved}` (outside `src/`, read from the repository)"),
        ),
        Problem::Anchor {
            fragment,
            page,
            suggestion,
        } => (
            "links-anchor",
            format!(
                "no heading `#{fragment}` in {page}{}",
                did_you_mean(suggestion.as_deref(), "#")
            ),
        ),
        Problem::NotInSummary { resolved } => (
            "links-not-in-summary",
            format!("`{href}`: `{resolved}` is not in SUMMARY.md, so mdBook writes no page for it"),
        ),
        Problem::Readme { resolved, instead } => (
            "links-readme",
            format!(
                "`{href}`: mdBook writes `{resolved}` as index.html but turns this link into README.html, which does not exist; link `{instead}`"
            ),
        ),
        Problem::OutsideRepository => ("links-outside-repository", format!("`{href}` leaves the repository")),
    };
    let place = site
        .pages
        .get(finding.page)
        .map(|p| p.display.clone())
        .unwrap_or_default();
    Diagnostic::new(Level::Warning, code, message).at(place, finding.line)
}

fn did_you_mean(suggestion: Option<&str>, prefix: &str) -> String {
    suggestion.map_or_else(String::new, |s| format!("; did you mean `{prefix}{s}`?"))
}

//! mdbook-handbook-glossary: a book's glossaries, every page linked to its own.
//!
//! Terms come from glossary pages and sections, in any of the styles
//! handbooks write them, and/or a TOML or YAML file ([`scan`]); each page
//! uses the nearest glossary up its folder tree; one automaton finds them in the prose of every page
//! ([`matcher`], [`prose`]); [`render`] links them with the definition as a
//! tooltip and gives the glossary page anchors, order and "Used on" back-links.

pub mod codes;
pub mod config;
pub mod matcher;
mod ordinary;
pub mod prose;
pub mod render;
pub mod scan;

use config::{GlossaryConfig, OrdinaryWords, UnusedLevel};
use handbook_core::facts::{Facts, TermFact};
use handbook_core::protocol::{Context, Edits, HandbookPreprocessor};
use handbook_core::spans::Spans;
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level, directive, parallel};
use matcher::TermMatcher;
use render::{LinkStyle, PageLinks, UsedOn};
use scan::Glossary;
use std::path::Path;

/// `[preprocessor.handbook.glossary]`.
#[derive(Debug, Default)]
pub struct GlossaryPreprocessor;

impl HandbookPreprocessor for GlossaryPreprocessor {
    const NAME: &'static str = "glossary";
    type Config = GlossaryConfig;
    const CODES: &'static [handbook_core::Code] = codes::CODES;

    fn run(
        &self,
        ctx: &Context,
        config: &GlossaryConfig,
        chapters: &[Chapter],
        facts: &mut Facts,
        diagnostics: &mut Diagnostics,
    ) -> Edits {
        let mut edits = Edits::default();
        let glossaries = scan::load(ctx, config, chapters, diagnostics);
        let owners: Vec<(usize, String)> = glossaries
            .iter()
            .map(|g| {
                g.page
                    .as_ref()
                    .map_or((usize::MAX, String::new()), |p| (p.chapter, p.folder.clone()))
            })
            .collect();
        let mut pages_of: Vec<Vec<usize>> = vec![Vec::new(); glossaries.len()];
        for (i, chapter) in chapters.iter().enumerate().filter(|(_, c)| !c.is_draft()) {
            let chosen = scan::find::chosen_in_front_matter(ctx, chapter, chapters, &owners, diagnostics);
            if let Some(g) = chosen.or_else(|| scan::find::glossary_for(i, &scan::find::folder(chapter), &owners)) {
                pages_of[g].push(i);
            }
        }
        for (glossary, pages) in glossaries.iter().zip(&pages_of) {
            if !glossary.terms.is_empty() {
                let used_on = link_glossary(ctx, config, chapters, glossary, pages, &mut edits, diagnostics);
                facts.glossary.extend(term_facts(chapters, glossary, &used_on));
            }
        }
        edits
    }
}

/// Whether a page's front matter key (normalized) is one this preprocessor
/// reads, for `mdbook-handbook check`: `glossary`, the page's chosen glossary,
/// and `glossary-skip`, terms (or `true`: all) not linked automatically on it.
pub fn reads_key(key: &str) -> bool {
    key == "glossary" || key == SKIP_KEY
}

/// The front matter key that keeps terms from linking on one page.
const SKIP_KEY: &str = "glossary-skip";

/// A page's `glossary-skip`: `true` (every term), or names of terms (a list, or one name).
enum PageSkip {
    Nothing,
    All,
    Terms(Vec<(String, usize)>),
}

fn page_skip(chapter: &Chapter) -> PageSkip {
    let Some(fm) = chapter.front_matter() else {
        return PageSkip::Nothing;
    };
    let Some((key, value)) = fm
        .fields
        .iter()
        .find(|(k, _)| handbook_core::meta::normalize_key(k) == SKIP_KEY)
    else {
        return PageSkip::Nothing;
    };
    let line = fm.key_line(key);
    let names: Vec<String> = match value {
        serde_json::Value::Bool(true) => return PageSkip::All,
        serde_json::Value::Array(items) => items.iter().filter_map(handbook_core::meta::value_text).collect(),
        other => handbook_core::meta::value_text(other)
            .filter(|v| v != "false")
            .into_iter()
            .collect(),
    };
    PageSkip::Terms(names.into_iter().map(|n| (n, line)).collect())
}

/// What `mdbook-handbook check` reports of the glossaries: per glossary, where
/// it is and how many terms it read in which styles.
pub fn describe(ctx: &Context, chapters: &[Chapter]) -> Vec<Diagnostic> {
    let Ok((_, config)) = handbook_core::config::load::<GlossaryConfig>(&ctx.config, GlossaryPreprocessor::NAME) else {
        return Vec::new();
    };
    let mut ignored = Diagnostics::new();
    let mut out = Vec::new();
    for glossary in scan::load(ctx, &config, chapters, &mut ignored) {
        let mut styles: Vec<(&str, usize)> = Vec::new();
        for entry in &glossary.entries {
            let style = match (&entry.origin, &glossary.page) {
                (scan::Origin::Page(p), Some(page)) => page.lists.get(p.list).map_or("page", |l| l.style),
                _ => "file",
            };
            match styles.iter_mut().find(|(s, _)| *s == style) {
                Some((_, n)) => *n += entry.terms.len(),
                None => styles.push((style, entry.terms.len())),
            }
        }
        let how: Vec<String> = styles.iter().map(|(s, n)| format!("{n} from {s}")).collect();
        let message = format!("read {} terms ({})", glossary.terms.len(), how.join(", "));
        let diagnostic = Diagnostic::new(Level::Info, "glossary-terms", message);
        out.push(match &glossary.page {
            Some(page) => diagnostic.at(ctx.display_path(&chapters[page.chapter]), page.line),
            None => diagnostic.in_file(config.file.as_deref().unwrap_or("book.toml")),
        });
    }
    out
}

/// What one glossary tells readers outside the build: per entry, its first
/// name, the others, the definition and the pages using it.
fn term_facts(chapters: &[Chapter], glossary: &Glossary, used_on: &[Vec<usize>]) -> Vec<TermFact> {
    let source = |i: usize| chapters.get(i).and_then(|c| c.source_path.clone());
    glossary
        .entries
        .iter()
        .enumerate()
        .filter_map(|(e, entry)| {
            let mut names = entry
                .terms
                .iter()
                .filter_map(|&t| glossary.terms.get(t))
                .map(|t| t.name.clone());
            let term = names.next()?;
            Some(TermFact {
                term,
                aliases: names.collect(),
                definition: entry.definition.clone(),
                glossary: glossary.page.as_ref().and_then(|p| source(p.chapter)),
                used_on: used_on
                    .get(e)
                    .into_iter()
                    .flatten()
                    .filter_map(|&i| source(i))
                    .collect(),
            })
        })
        .collect()
}

/// Links `pages` to one glossary and gives its page anchors and back-links.
/// Returns, per entry, the chapters that use it (in book order).
fn link_glossary(
    ctx: &Context,
    config: &GlossaryConfig,
    chapters: &[Chapter],
    glossary: &Glossary,
    pages: &[usize],
    edits: &mut Edits,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<usize>> {
    let matcher = TermMatcher::new(glossary, &config.never);
    let page_index = glossary.page.as_ref().map(|p| p.chapter);
    let mut linked = Vec::new();
    for (index, links) in link_all(ctx, config, chapters, pages, glossary, &matcher) {
        match links {
            Ok(links) => linked.push((index, links)),
            // The page keeps its text, and the build fails: never a silent gap.
            Err(why) => diagnostics.push(parallel::crashed(&ctx.display_path(&chapters[index]), "glossary", &why)),
        }
    }
    let mut used_on: Vec<UsedOn> = vec![Vec::new(); glossary.entries.len()];
    let mut used = vec![false; glossary.entries.len()];
    let mut used_in: Vec<Vec<usize>> = vec![Vec::new(); glossary.entries.len()];
    let mut glossary_refs = Vec::new();
    for (index, links) in linked {
        let chapter = &chapters[index];
        for (line, name) in &links.unknown_skips {
            diagnostics.push(
                Diagnostic::new(
                    Level::Warning,
                    "glossary-unknown-term",
                    format!("`{SKIP_KEY}` names `{name}`, which is no glossary term; nothing is skipped for it"),
                )
                .at(ctx.display_path(chapter), *line)
                .counting_front_matter(),
            );
        }
        for (line, name) in &links.unknown {
            diagnostics.push(
                Diagnostic::new(
                    Level::Warning,
                    "glossary-unknown-term",
                    format!("`{{{{#term {name}}}}}` names no glossary term; it is left as written"),
                )
                .at(ctx.display_path(chapter), *line),
            );
        }
        // A whole glossary page's own references are not uses; a section's page is also prose.
        let section_page = glossary
            .page
            .as_ref()
            .is_some_and(|p| p.region.start > 0 || p.region.end < chapter.content.len());
        if Some(index) != page_index || section_page {
            for &entry in &links.used {
                used[entry] = true;
                if let Some(pages) = used_in.get_mut(entry)
                    && pages.last() != Some(&index)
                {
                    pages.push(index);
                }
            }
        }
        if Some(index) == page_index {
            glossary_refs = links.splices;
            continue;
        }
        if let (Some(page), Some(path)) = (&glossary.page, &chapter.path) {
            let href = handbook_core::links::relative_href(Path::new(&chapters[page.chapter].path_str()), path, true);
            for &entry in &links.used {
                used_on[entry].push((chapter.name.clone(), href.clone()));
            }
        }
        if !links.splices.is_empty() {
            edits.needs_stylesheet(index);
            for s in links.splices {
                edits.splice(index, s);
            }
        }
    }
    if let Some(page) = &glossary.page {
        let text = &chapters[page.chapter].content;
        let splices = render::glossary_page(text, glossary, &used_on, config.sort, ctx.renders_html(), glossary_refs);
        if !splices.is_empty() {
            edits.needs_stylesheet(page.chapter);
        }
        for s in splices {
            edits.splice(page.chapter, s);
        }
    }
    if reads_prose(ctx) {
        report_ordinary(glossary, config.ordinary_words, &used, diagnostics);
        report_unused(config.unused, glossary, &used, diagnostics);
    }
    used_in
}

/// Terms found in prose become links (HTML only) and the unused and
/// ordinary-word reports (printed by the reporting pass only): a later pass
/// for another renderer (rustc-dev-guide's linkcheck, halo2's two PDF ones)
/// only rewrites `{{#term}}` and the glossary page, so it leaves prose unread.
fn reads_prose(ctx: &Context) -> bool {
    ctx.renders_html() || ctx.reports_for_build()
}

/// Scans and links every page but skipped ones, on all cores; results in book
/// order. A page whose linking panicked comes back as the panic's message.
fn link_all(
    ctx: &Context,
    config: &GlossaryConfig,
    chapters: &[Chapter],
    pages: &[usize],
    glossary: &Glossary,
    matcher: &TermMatcher,
) -> Vec<(usize, Result<PageLinks, String>)> {
    let page_index = glossary.page.as_ref().map(|p| p.chapter);
    let glossary_path = glossary.page.as_ref().map(|p| p.path.clone());
    let titles = render::titles(glossary);
    // On the glossary's own page, prose outside its region (a section) is linked too.
    let region = glossary.page.as_ref().map(|p| p.region.clone());
    let mathjax = handbook_core::math::mathjax_support(&ctx.config);
    let read_prose = reads_prose(ctx);
    let link = |i: usize| {
        let chapter = &chapters[i];
        let text = &chapter.content;
        #[cfg(test)]
        if text.contains(tests::PANIC_IN_WORKER) {
            panic!("a worker panics, as the test asked");
        }
        let refs = directive::find(chapter, &["term"], &ctx.markdown);
        let page_skip = page_skip(chapter);
        let skipped = matches!(page_skip, PageSkip::All)
            || chapter
                .source_path
                .as_deref()
                .is_some_and(|p| config.skips(&p.to_string_lossy()));
        // Nothing to link outside the glossary when only headings (never linked) lie there.
        let whole_page = region.as_ref().is_some_and(|r| {
            let outside = [text.get(..r.start), text.get(r.end..)];
            outside
                .into_iter()
                .flatten()
                .flat_map(str::lines)
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        });
        let page = if (Some(i) == page_index && whole_page) || skipped || !read_prose {
            prose::PageScan::default()
        } else {
            // Math and bare URLs read as words, but an insertion breaks them.
            // No term is matched inside any directive, ours or another preprocessor's.
            let mut excluded = directive::spans(text);
            excluded.extend(handbook_core::math::ranges(text, &ctx.markdown, mathjax));
            excluded.extend(handbook_core::bare_url::ranges(text));
            if Some(i) == page_index {
                excluded.extend(region.clone());
            }
            prose::scan(text, &ctx.markdown, matcher, &Spans::new(excluded))
        };
        let href = glossary_path.as_deref().and_then(|g| {
            handbook_core::html::href(&handbook_core::links::relative_href(
                Path::new(&chapter.path_str()),
                g,
                true,
            ))
        });
        let mut unlinked = Vec::new();
        let mut unknown_skips = Vec::new();
        if let PageSkip::Terms(names) = page_skip {
            for (name, line) in names {
                match glossary.resolve(&name) {
                    Some(t) => unlinked.push(glossary.terms[t].entry),
                    None => unknown_skips.push((line, name)),
                }
            }
        }
        let style = LinkStyle {
            mode: config.link,
            ordinary: config.ordinary_words,
            glossary_href: href.as_deref(),
            html: ctx.renders_html(),
            abbreviations: config.abbreviations,
            titles: &titles,
            unlinked: &unlinked,
        };
        let mut links = render::link_page(glossary, &page, &refs, &style);
        links.unknown_skips = unknown_skips;
        links
    };
    parallel::map(pages, |&i| link(i))
        .into_iter()
        .zip(pages.iter().copied())
        .map(|(linked, i)| (i, linked))
        .collect()
}

/// Says once, at the first such term, which used terms are ordinary words
/// that link only through `{{#term}}` (never silently off).
fn report_ordinary(glossary: &Glossary, policy: OrdinaryWords, used: &[bool], diagnostics: &mut Diagnostics) {
    let held: Vec<&scan::GlossaryTerm> = glossary
        .terms
        .iter()
        .filter(|t| ordinary::is_held(t, policy) && used.get(t.entry).copied().unwrap_or(false))
        .collect();
    let Some(first) = held.first() else { return };
    const SHOWN: usize = 12;
    let mut names: Vec<String> = held.iter().take(SHOWN).map(|t| format!("`{}`", t.name)).collect();
    if held.len() > SHOWN {
        names.push(format!("and {} more", held.len() - SHOWN));
    }
    let (subject, sense) = match held.len() {
        1 => (
            "1 term is an ordinary English word".to_owned(),
            "its everyday sense, so it links",
        ),
        n => (
            format!("{n} terms are ordinary English words"),
            "their everyday sense, so they link",
        ),
    };
    diagnostics.push(first.place.diagnostic(
        Level::Info,
        "glossary-ordinary-words",
        format!(
            "{subject} ({}) that prose also uses in {sense} only through `{{{{#term}}}}`; link one by itself \
             with its `link` option (`[preprocessor.handbook.glossary.terms.\"{}\"] link = \"first\"`), \
             or all with `ordinary-words = \"link\"`",
            names.join(", "),
            first.name,
        ),
    ));
}

fn report_unused(level: UnusedLevel, glossary: &Glossary, used: &[bool], diagnostics: &mut Diagnostics) {
    let level = match level {
        UnusedLevel::Off => return,
        UnusedLevel::Info => Level::Info,
        UnusedLevel::Warning => Level::Warning,
    };
    for (entry, used) in glossary.entries.iter().zip(used) {
        if !used {
            for &t in &entry.terms {
                let term = &glossary.terms[t];
                diagnostics.push(term.place.diagnostic(
                    level,
                    "glossary-unused-term",
                    format!("no page uses `{}`", term.name),
                ));
            }
        }
    }
}

/// Chapter paths with `/`, as links need them.
trait PathStr {
    fn path_str(&self) -> String;
}

impl PathStr for Chapter {
    fn path_str(&self) -> String {
        self.path
            .as_deref()
            .map(handbook_core::platform::slashed)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handbook_core::testing::{self, Page};

    /// A page holding this makes the worker linking it panic (test builds only).
    pub(crate) const PANIC_IN_WORKER: &str = "hb-test-panic-in-worker";

    #[test]
    fn a_worker_that_panics_is_an_error_naming_the_chapter() {
        let ctx = testing::context(std::env::temp_dir(), "html", serde_json::json!({}));
        let mut pages = vec![Page::new(
            "glossary.md",
            "# Glossary\n\nAPI\n: Application programming interface.\n",
        )];
        // More pages than one thread takes, so the linking runs on worker threads.
        for n in 0..80 {
            pages.push(Page::new(format!("p{n}.md"), format!("# P{n}\n\nThe API.\n")));
        }
        pages.push(Page::new(
            "broken.md",
            format!("# Broken\n\nThe API. {PANIC_IN_WORKER}\n"),
        ));
        let run = testing::run(&GlossaryPreprocessor, &ctx, &pages);
        let text = run.diagnostics_text();
        assert!(
            text.starts_with("src/broken.md: error[internal-panic]: glossary crashed reading this page")
                && text.contains("a worker panics, as the test asked"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(run.diagnostics.fails(false), "the build fails");
        assert!(
            run.contents[81].ends_with(&format!("The API. {PANIC_IN_WORKER}\n")),
            "left as written"
        );
        assert!(run.contents[1].contains("href=\"glossary.html#"), "{}", run.contents[1]);
    }
}

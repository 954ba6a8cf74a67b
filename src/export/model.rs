//! The book as agents read it: pages in book order with the suite's own
//! markdown, the decision log, glossary terms and diagrams, built once from
//! what a build produces (`check::load`). `export` writes it out and `mcp`
//! answers from it.

use crate::check::Loaded;
use handbook_core::facts::{DecisionFact, DiagramFact, Facts, PageFacts, TermFact};
use handbook_core::{Diagnostics, ProtocolBook};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One page of the book, as the suite produced it.
#[derive(Debug, Clone)]
pub struct Page {
    pub title: String,
    /// The source file, relative to the book's `src` (`decisions/0001-x.md`).
    pub source: PathBuf,
    /// Where mdBook writes it, relative to the site root (`decisions/0001-x.html`,
    /// `README.md` as `index.html`), percent-encoded.
    pub url: String,
    /// The SUMMARY part the page is listed under, if the book has parts.
    pub part: Option<String>,
    /// The page's markdown after the suite ran, front matter gone.
    pub markdown: String,
    pub facts: PageFacts,
}

/// Everything an agent is told about one book.
#[derive(Debug, Clone, Default)]
pub struct Handbook {
    pub title: String,
    /// `book.description`, else the introduction's first paragraph.
    pub summary: String,
    /// `output.html.site-url`, when set (ends with `/`).
    pub site_url: Option<String>,
    /// The book's source folder, relative to the book (`src`).
    pub src_dir: PathBuf,
    pub pages: Vec<Page>,
    pub decisions: Vec<DecisionFact>,
    pub glossary: Vec<TermFact>,
    pub diagrams: Vec<DiagramFact>,
    /// What the run reported: `export` prints them as `check` does.
    pub diagnostics: Diagnostics,
}

impl Handbook {
    /// Reads `root` as a build does, and keeps what agents need. `text` is
    /// the run whose markdown the pages carry (the `markdown` renderer's,
    /// where every capability writes markdown instead of HTML); `facts` the
    /// run whose diagnostics and facts count (the HTML build's).
    pub fn from_runs(facts: Loaded, text: Option<Loaded>) -> Handbook {
        let Loaded { checked, book } = facts;
        let text_book = match text {
            Some(t) => t.book,
            None => book,
        };
        let mut handbook = Handbook {
            src_dir: checked.src_dir.clone(),
            diagnostics: checked.diagnostics,
            ..Handbook::default()
        };
        let Facts {
            decisions,
            pages,
            glossary,
            diagrams,
        } = checked.facts;
        handbook.decisions = decisions.unwrap_or_default();
        handbook.glossary = glossary;
        handbook.diagrams = diagrams;
        if let Some((ctx, book)) = &text_book {
            handbook.title = config_text(&ctx.config, "/book/title").unwrap_or_else(|| "Handbook".to_owned());
            handbook.site_url = config_text(&ctx.config, "/output/html/site-url").map(|mut url| {
                if !url.ends_with('/') {
                    url.push('/');
                }
                url
            });
            handbook.pages = pages_of(book, &pages);
            handbook.summary = config_text(&ctx.config, "/book/description")
                .or_else(|| handbook.pages.first().and_then(|p| first_paragraph(&p.markdown)))
                .unwrap_or_default();
        }
        handbook
    }

    /// The page whose source path (relative to `src`, or to the book with
    /// `src/` in front) is `path`; never a file the book does not list.
    pub fn page(&self, path: &str) -> Option<&Page> {
        let path = handbook_core::platform::slashed(Path::new(path.trim_start_matches("./")));
        let src = handbook_core::platform::slashed(&self.src_dir);
        let inside = path
            .strip_prefix(&format!("{src}/"))
            .filter(|_| !src.is_empty())
            .unwrap_or(&path);
        self.pages
            .iter()
            .find(|p| handbook_core::platform::slashed(&p.source) == inside)
    }

    /// A path as the reports print it: relative to the book root, `/`-separated.
    pub fn book_path(&self, source: &Path) -> String {
        handbook_core::platform::slashed(&self.src_dir.join(source))
    }

    /// Where a page is published: under `site-url`, or relative to the book's root.
    pub fn href(&self, url: &str) -> String {
        match &self.site_url {
            Some(site) => format!("{site}{url}"),
            None => url.to_owned(),
        }
    }

    /// The decision a retired one leads to: its `superseded_by` chain followed
    /// to a record that is not retired. `None` for a current record, a chain
    /// that ends retired or a cycle. Iterative, so a chain of any length is safe.
    pub fn current_of(&self, decision: &DecisionFact) -> Option<u32> {
        if !decision.is_retired() {
            return None;
        }
        let by_number = |n: u32| self.decisions.iter().find(|d| d.number == Some(n));
        let mut seen = std::collections::HashSet::new();
        let mut at = decision;
        loop {
            let next = at.superseded_by.last().copied().and_then(by_number)?;
            let number = next.number?;
            if !seen.insert(number) {
                return None;
            }
            if !next.is_retired() {
                return Some(number);
            }
            at = next;
        }
    }

    /// The decision numbered `number`, when exactly one record has it.
    pub fn decision(&self, number: u32) -> Option<&DecisionFact> {
        let mut found = self.decisions.iter().filter(|d| d.number == Some(number));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }
}

fn config_text(config: &Value, pointer: &str) -> Option<String> {
    config
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Every chapter with a file, in book order, with the SUMMARY part it is under.
fn pages_of(book: &ProtocolBook, facts: &std::collections::BTreeMap<PathBuf, PageFacts>) -> Vec<Page> {
    // Top-level items in order: a part title names the chapters after it.
    let mut parts_of_top = Vec::new();
    let mut part: Option<String> = None;
    let key = match book.shape() {
        handbook_core::book::BookShape::Items => "items",
        handbook_core::book::BookShape::Sections => "sections",
    };
    for item in book.as_value().get(key).and_then(Value::as_array).into_iter().flatten() {
        if let Some(title) = item.get("PartTitle").and_then(Value::as_str) {
            part = Some(title.to_owned());
        } else if item.get("Chapter").is_some() {
            parts_of_top.push(part.clone());
        }
    }
    let mut top = parts_of_top.into_iter();
    let mut current_part = None;
    let mut pages = Vec::new();
    for chapter in book.chapters() {
        if chapter.parent_names.is_empty() {
            current_part = top.next().flatten();
        }
        let (Some(source), Some(path)) = (chapter.source_path.clone(), chapter.path.clone()) else {
            continue;
        };
        pages.push(Page {
            title: chapter.name.clone(),
            url: handbook_core::links::url_path(&path.with_extension("html")),
            part: current_part.clone(),
            markdown: chapter.content.clone(),
            facts: facts.get(&source).cloned().unwrap_or_default(),
            source,
        });
    }
    pages
}

/// The first paragraph of prose on a page, as one line: no heading, no
/// HTML block, no list, quote, table or fence.
pub fn first_paragraph(markdown: &str) -> Option<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    for line in markdown.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if t.is_empty() {
            if lines.is_empty() {
                continue;
            }
            break;
        }
        // A paragraph starts at prose; it ends at a blank line, a heading, a fence or HTML.
        let ends = t.starts_with(['#', '<']);
        let starts = !ends
            && !t.starts_with(['|', '>', '-', '*', '+', '{', '!', '[', '='])
            && !t.chars().next().is_some_and(|c| c.is_ascii_digit());
        if lines.is_empty() && !starts {
            continue;
        }
        if ends {
            break;
        }
        lines.push(t);
    }
    let text = one_line(&lines.join(" "));
    (!text.is_empty()).then_some(text)
}

/// A field as one line of data: every control character (line breaks, tabs,
/// escapes) a space, runs of spaces one.
pub fn one_line(text: &str) -> String {
    let spaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

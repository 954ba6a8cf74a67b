//! The [`DecisionLog`]: every decision of the book, indexed by number, slug
//! and file, with each stated relation resolved to the decision it names and
//! mirrored on that decision, so "Superseded by" shows on the old ADR even
//! when its own file says nothing. Building it is O(n log n) in decisions
//! plus relations.

use crate::scan::relations::{RelationKind, Target};
use crate::scan::{Decision, StatedRelation};
use handbook_core::paths::lexical;
use handbook_core::status::StatusCase;
use handbook_core::{Diagnostic, Level};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One relation as the log knows it, seen from one decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub kind: RelationKind,
    /// Index into [`DecisionLog::decisions`].
    pub other: usize,
}

/// A relation stated by `from` and resolved, with the line it was stated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub kind: RelationKind,
    pub to: usize,
    pub line: usize,
}

pub struct DecisionLog {
    pub decisions: Vec<Decision>,
    /// Per decision: its relations in both directions, sorted, without repeats.
    pub links: Vec<Vec<Link>>,
    /// Every stated relation that resolved.
    pub edges: Vec<Edge>,
    /// How badges spell status words (`status-case`), one case for the whole book.
    pub case: StatusCase,
    by_path: HashMap<PathBuf, usize>,
    by_number: BTreeMap<(PathBuf, u32), Vec<usize>>,
    by_slug: HashMap<(PathBuf, String), usize>,
    /// Decisions by folder and title folded to lowercase words, for relations
    /// that name their target by title only.
    by_title: HashMap<(PathBuf, String), Vec<usize>>,
}

/// Findings about a decision, reported against its file by the caller.
pub struct Finding {
    pub decision: usize,
    pub line: usize,
    pub level: Level,
    pub code: &'static str,
    pub message: String,
}

impl Finding {
    /// A decision's lines count its front matter (the scan's [`Page`](crate::scan::page::Page)).
    pub fn into_diagnostic(self, path: &Path) -> Diagnostic {
        Diagnostic::new(self.level, self.code, self.message)
            .at(path, self.line)
            .counting_front_matter()
    }
}

impl DecisionLog {
    pub fn build(decisions: Vec<Decision>, findings: &mut Vec<Finding>) -> DecisionLog {
        let mut log = DecisionLog {
            links: vec![Vec::new(); decisions.len()],
            edges: Vec::new(),
            case: StatusCase::default(),
            by_path: HashMap::with_capacity(decisions.len()),
            by_number: BTreeMap::new(),
            by_slug: HashMap::with_capacity(decisions.len() * 2),
            by_title: HashMap::with_capacity(decisions.len()),
            decisions,
        };
        for (i, d) in log.decisions.iter().enumerate() {
            if let Some(path) = lexical(&d.source_path) {
                log.by_path.insert(path, i);
            }
            if let Some(t) = &d.title {
                log.by_title
                    .entry((d.folder.clone(), fold_title(&t.value)))
                    .or_default()
                    .push(i);
                // `# ADR-A01: Adopt ...`: the id before the colon names it too.
                if let Some((id, _)) = t
                    .value
                    .split_once(':')
                    .filter(|(id, _)| id.len() <= 20 && !id.contains(' '))
                {
                    log.by_title
                        .entry((d.folder.clone(), fold_title(id)))
                        .or_default()
                        .push(i);
                }
            }
            if let Some(n) = d.number {
                log.by_number.entry((d.folder.clone(), n)).or_default().push(i);
            }
            log.by_slug
                .entry((d.folder.clone(), d.slug.to_lowercase()))
                .or_insert(i);
            let bare = d
                .slug
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
            if !bare.is_empty() && bare.len() < d.slug.len() {
                log.by_slug.entry((d.folder.clone(), bare.to_lowercase())).or_insert(i);
            }
        }
        let mut edges = Vec::new();
        for (i, d) in log.decisions.iter().enumerate() {
            for rel in &d.relations {
                if let Some(to) = log.resolve(i, rel, findings) {
                    edges.push(Edge {
                        from: i,
                        kind: rel.kind,
                        to,
                        line: rel.line,
                    });
                }
            }
        }
        for e in &edges {
            log.links[e.from].push(Link {
                kind: e.kind,
                other: e.to,
            });
            if e.from != e.to {
                log.links[e.to].push(Link {
                    kind: e.kind.inverse(),
                    other: e.from,
                });
            }
        }
        for links in &mut log.links {
            links.sort_unstable();
            links.dedup();
        }
        log.edges = edges;
        log
    }

    /// The decisions with this number in this folder (more than one is a duplicate).
    pub fn numbered(&self) -> impl Iterator<Item = (&(PathBuf, u32), &Vec<usize>)> {
        self.by_number.iter()
    }

    fn resolve(&self, from: usize, rel: &StatedRelation, findings: &mut Vec<Finding>) -> Option<usize> {
        let d = &self.decisions[from];
        let mut broken = |message: String| {
            findings.push(Finding {
                decision: from,
                line: rel.line,
                level: Level::Warning,
                code: "adr-broken-reference",
                message,
            });
        };
        let by_words = |text: &str| -> Option<usize> {
            if let Some(n) = crate::scan::relations::reference_number(text) {
                return self
                    .by_number
                    .get(&(d.folder.clone(), n))
                    .and_then(|v| v.first().copied());
            }
            self.by_slug
                .get(&(d.folder.clone(), text.trim().to_lowercase()))
                .copied()
        };
        match &rel.target {
            Target::Link { url, text } => {
                if let Some(&i) = relation_file(&d.folder, url).and_then(|p| self.by_path.get(&p)) {
                    return Some(i);
                }
                match by_words(text) {
                    Some(i) => {
                        broken(format!(
                            "`{} {url}` links to a file that is not an ADR of this book; its text names {} ({}), which the card links instead",
                            rel.kind.label(),
                            self.decisions[i].label(),
                            self.decisions[i].source_path.display()
                        ));
                        Some(i)
                    }
                    None => {
                        broken(format!(
                            "`{} [{text}]({url})` links to a file that is not an ADR of this book (renamed or removed?)",
                            rel.kind.label()
                        ));
                        None
                    }
                }
            }
            Target::Number { number, written } => {
                let found = self
                    .by_number
                    .get(&(d.folder.clone(), *number))
                    .and_then(|v| v.first().copied());
                if found.is_none() {
                    broken(format!(
                        "`{} {written}` names ADR {number}, and there is no ADR {number} in {}",
                        rel.kind.label(),
                        folder_name(&d.folder)
                    ));
                }
                found
            }
            Target::Slug(slug) => {
                let found = by_words(slug).or_else(|| match self.by_title.get(&(d.folder.clone(), fold_title(slug))) {
                    Some(v) if v.len() == 1 => Some(v[0]),
                    _ => None,
                });
                if found.is_none() {
                    broken(format!(
                        "`{} {slug}` names no ADR file in {}",
                        rel.kind.label(),
                        folder_name(&d.folder)
                    ));
                }
                found
            }
            Target::Unreadable(words) => {
                // `ADR-A02 – Pattern Catalog V1`: an id the titles carry, then words.
                let id = words.split_whitespace().next().unwrap_or("");
                if let Some([one]) = self
                    .by_title
                    .get(&(d.folder.clone(), fold_title(id)))
                    .map(Vec::as_slice)
                    && id.chars().any(|c| c.is_ascii_digit())
                {
                    return Some(*one);
                }
                match self
                    .by_title
                    .get(&(d.folder.clone(), fold_title(words)))
                    .map(Vec::as_slice)
                {
                    Some([one]) => return Some(*one),
                    Some(several) => broken(format!(
                        "`{} {words}` names an ADR by its title, and {} ADRs have that title ({}); write its number (ADR-12) or link its file",
                        rel.kind.label(),
                        several.len(),
                        several
                            .iter()
                            .map(|&i| self.decisions[i].source_path.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    None => broken(format!(
                        "cannot tell which ADR `{} {words}` means: no ADR in {} has that title; write its number (ADR-12) or link its file",
                        rel.kind.label(),
                        folder_name(&d.folder)
                    )),
                }
                None
            }
        }
    }

    /// The stated edges as a set, to ask whether the other side wrote a relation down.
    pub fn stated(&self) -> HashSet<(usize, RelationKind, usize)> {
        self.edges.iter().map(|e| (e.from, e.kind, e.to)).collect()
    }

    /// Decisions whose page is `page` (a chapter index), if any.
    pub fn of_chapter(&self) -> HashMap<usize, usize> {
        self.decisions.iter().enumerate().map(|(i, d)| (d.chapter, i)).collect()
    }
}

/// A title compared by its words: case, punctuation and spacing ignored.
fn fold_title(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn folder_name(folder: &Path) -> String {
    if folder.as_os_str().is_empty() {
        "the book's top folder".to_owned()
    } else {
        format!("{}/", handbook_core::platform::slashed(folder))
    }
}

/// The file a link written in an ADR names, as written (relative to the
/// ADR's folder, or site-absolute): none for an external link; `#` and `?`
/// parts dropped, percent-decoded, and `.html` read as the `.md` mdBook
/// built it from. Shared by the log and the `edit` commands.
pub fn linked_file(url: &str) -> Option<String> {
    if url.contains("://") || url.starts_with("mailto:") {
        return None;
    }
    let file = handbook_core::links::decode(url.split(['#', '?']).next().unwrap_or(""));
    Some(match file.strip_suffix(".html") {
        Some(stem) => format!("{stem}.md"),
        None => file,
    })
}

/// The file (relative to `src`) a relation link of an ADR in `folder` names:
/// where the link leads, or, for a site-absolute link
/// (`/architecture/x/adr/adr-oa01-y.md`), the file of that name in the folder.
/// None for an external link or one that climbs out of the book. The log and
/// the `edit` commands read relations with it alike.
pub fn relation_file(folder: &Path, url: &str) -> Option<PathBuf> {
    let file = linked_file(url)?;
    match lexical(&folder.join(&file)) {
        Some(path) => Some(path),
        None if file.starts_with('/') => Path::new(&file)
            .file_name()
            .and_then(|name| lexical(&folder.join(name))),
        None => None,
    }
}

impl DecisionLog {
    /// The log as later capabilities read it (`Facts::decisions`): numbers,
    /// statuses and supersession both ways, no markup.
    pub fn facts(&self) -> Vec<handbook_core::facts::DecisionFact> {
        let numbers_of = |i: usize, kind: RelationKind| -> Vec<u32> {
            let links = self.links.get(i).map(Vec::as_slice).unwrap_or_default();
            links
                .iter()
                .filter(|l| l.kind == kind)
                .filter_map(|l| self.decisions.get(l.other).and_then(|d| d.number))
                .collect()
        };
        self.decisions
            .iter()
            .enumerate()
            .map(|(i, d)| handbook_core::facts::DecisionFact {
                number: d.number,
                title: d.title.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
                status: d.status.as_ref().map(|s| s.value.written.clone()),
                lifecycle: d.status.as_ref().and_then(|s| s.value.normalized.clone()),
                date: d.date.as_ref().map(|w| w.value.written.clone()),
                day: d.date.as_ref().and_then(|w| w.value.date).map(|x| x.to_string()),
                path: d.source_path.clone(),
                superseded_by: numbers_of(i, RelationKind::SupersededBy),
                supersedes: numbers_of(i, RelationKind::Supersedes),
                relations: self
                    .links
                    .get(i)
                    .into_iter()
                    .flatten()
                    .filter_map(|l| {
                        let other = self.decisions.get(l.other).and_then(|d| d.number)?;
                        Some((crate::edit::list::kind_name(l.kind).to_owned(), other))
                    })
                    .collect(),
                deciders: d.deciders.clone(),
                tags: d.tags.clone(),
            })
            .collect()
    }
}

//! `{{#adr-index}}` and `{{#adr-graph}}` directives, read at scan time: where
//! each stands, what it asks for, and the problems with its options (an
//! unknown column, a bad `sort=`, a directive sharing its line). Render only
//! turns a `Listing` into a table, timeline or graph.

use handbook_core::directive::{self, Directive};
use handbook_core::protocol::Context;
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use std::ops::Range;

pub const DIRECTIVES: &[&str] = &["adr-index", "adr-graph"];

/// One directive to render.
#[derive(Debug)]
pub struct Listing {
    /// The chapter it stands in.
    pub chapter: usize,
    /// The whole `{{#...}}`.
    pub range: Range<usize>,
    pub selection: Selection,
    /// `Some` for `{{#adr-graph}}`: `true` for Graphviz (`format=dot`), else Mermaid.
    pub graph: Option<bool>,
}

/// The directives of every chapter, each read once; problems reported at the
/// directive's line, and a directive that does not stand alone left as written.
pub fn listings(ctx: &Context, chapters: &[Chapter], diagnostics: &mut Diagnostics) -> Vec<Listing> {
    let mut out = Vec::new();
    for (index, chapter) in chapters.iter().enumerate() {
        let text = &chapter.content;
        if !text.contains("{{#adr-") || chapter.path.is_none() || chapter.source_path.is_none() {
            continue;
        }
        for found in directive::find(chapter, DIRECTIVES, &ctx.markdown) {
            let mut warn = |message: String| {
                diagnostics.push(
                    Diagnostic::new(Level::Warning, "adr-directive", message).at(ctx.display_path(chapter), found.line),
                );
            };
            if !found.is_alone_on_its_line(text) {
                warn(format!(
                    "`{{{{#{}}}}}` must stand on a line of its own; it is left as written",
                    found.name
                ));
                continue;
            }
            let (listing, problems) = read(index, &found);
            for p in problems {
                warn(format!("{{{{#{}}}}}: {p}", found.name));
            }
            out.push(listing);
        }
    }
    out
}

fn read(chapter: usize, found: &Directive) -> (Listing, Vec<String>) {
    let graph = found.name == "adr-graph";
    let options = found.options();
    let (selection, mut problems) = Selection::read(&options, graph);
    let mut dot = false;
    if graph {
        for (_, v) in options.iter().filter(|(k, _)| k == "format") {
            match v.to_ascii_lowercase().as_str() {
                "dot" => dot = true,
                "mermaid" => {}
                _ => problems.push(format!("`format={v}`: use `mermaid` or `dot`")),
            }
        }
    }
    let listing = Listing {
        chapter,
        range: found.range.clone(),
        selection,
        graph: graph.then_some(dot),
    };
    (listing, problems)
}

pub const COLUMNS: &[&str] = &[
    "number",
    "title",
    "status",
    "date",
    "deciders",
    "consulted",
    "informed",
    "tags",
    "supersedes",
    "superseded-by",
    "relations",
];
const DEFAULT_COLUMNS: &[&str] = &["number", "title", "status", "date", "deciders", "relations"];

/// Which decisions a directive shows and how.
#[derive(Debug, Default)]
pub struct Selection {
    pub statuses: Vec<String>,
    pub tags: Vec<String>,
    pub folder: Option<String>,
    pub sort_by_date: bool,
    pub descending: bool,
    pub columns: Vec<String>,
    pub timeline: bool,
}

impl Selection {
    /// Reads `key=value` options; returns the problems with the ones it cannot use.
    pub fn read(options: &[(String, String)], graph: bool) -> (Selection, Vec<String>) {
        let mut s = Selection::default();
        let mut problems = Vec::new();
        let list = |v: &str| -> Vec<String> {
            v.split(',')
                .map(|x| x.trim().to_lowercase())
                .filter(|x| !x.is_empty())
                .collect()
        };
        for (key, value) in options {
            match (key.as_str(), value.as_str()) {
                ("status", v) => s.statuses = list(v),
                ("tag" | "tags", v) => s.tags = list(v),
                ("folder", v) => s.folder = Some(v.trim_matches('/').to_owned()),
                ("sort", v) if !graph => {
                    let (desc, by) = v.strip_prefix('-').map_or((false, v), |b| (true, b));
                    match by {
                        "number" => s.sort_by_date = false,
                        "date" => s.sort_by_date = true,
                        _ => problems.push(format!(
                            "`sort={v}`: sort by `number` or `date` (`-date` for newest first)"
                        )),
                    }
                    s.descending = desc;
                }
                ("columns", v) if !graph => {
                    for c in list(v) {
                        if COLUMNS.contains(&c.as_str()) {
                            s.columns.push(c);
                        } else {
                            problems.push(format!("unknown column `{c}`; columns are {}", COLUMNS.join(", ")));
                        }
                    }
                }
                ("form", "table") if !graph => s.timeline = false,
                ("form", "timeline") if !graph => {
                    s.timeline = true;
                    s.sort_by_date = true;
                }
                ("format", _) if graph => {}
                (k, v) => problems.push(format!("unknown option `{k}={v}`")),
            }
        }
        if s.columns.is_empty() {
            s.columns = DEFAULT_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
        }
        (s, problems)
    }
}

//! `handbook.json`: the book for CI jobs and other tools, format version 1
//! (`schema/handbook.schema.json`, ADR "handbook.json and llms.txt").
//!
//! Promise, as the check report's (ADR 25): within `"version": 1` no field
//! is removed, renamed or given another type; fields may be added, so
//! readers ignore fields they do not know. Anything else is version 2.
//! Pages and decisions carry the same fields, with the same names and
//! values, as `check --format json` (paths relative to the book root).

use super::model::Handbook;
use handbook_core::facts::DecisionFact;
use serde_json::{Value, json};

/// The format's version.
pub const HANDBOOK_VERSION: u64 = 1;

pub fn handbook_json(book: &Handbook) -> Value {
    json!({
        "format": "mdbook-handbook",
        "version": HANDBOOK_VERSION,
        "tool": {"name": "mdbook-handbook", "version": env!("CARGO_PKG_VERSION")},
        "book": {
            "title": book.title,
            "summary": book.summary,
            "site_url": book.site_url,
            "src": handbook_core::platform::slashed(&book.src_dir),
        },
        "pages": book.pages.iter().map(|p| {
            let f = &p.facts;
            json!({
                "path": book.book_path(&p.source),
                "url": p.url,
                "title": p.title,
                "part": p.part,
                "status": f.status,
                "lifecycle": f.lifecycle,
                "owner": f.owner,
                "last_reviewed": f.last_reviewed,
                "review_due": f.review_due,
                "overdue": f.overdue,
                "drift": f.drift,
                "describes": f.describes,
            })
        }).collect::<Vec<_>>(),
        "decisions": book.decisions.iter().map(|d| decision(book, d)).collect::<Vec<_>>(),
        "glossary": book.glossary.iter().map(|t| json!({
            "term": t.term,
            "aliases": t.aliases,
            "definition": t.definition,
            "glossary": t.glossary.as_deref().map(|g| book.book_path(g)),
            "used_on": t.used_on.iter().map(|p| book.book_path(p)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "diagrams": book.diagrams.iter().map(|d| json!({
            "page": book.book_path(&d.page),
            "kind": d.kind,
            "source": d.source,
        })).collect::<Vec<_>>(),
    })
}

/// One decision: `check --format json`'s fields, and `current`; `date` is
/// the day as `adr list --json` and the index give it (`YYYY-MM-DD` when it
/// reads as one), `date_written` the author's words.
pub fn decision(book: &Handbook, d: &DecisionFact) -> Value {
    json!({
        "number": d.number,
        "title": d.title,
        "status": d.status,
        "lifecycle": d.lifecycle,
        "date": d.day.as_ref().or(d.date.as_ref()),
        "date_written": d.date,
        "path": book.book_path(&d.path),
        "superseded_by": d.superseded_by,
        "supersedes": d.supersedes,
        "relations": d.relations.iter().map(|(kind, number)| json!({"kind": kind, "number": number})).collect::<Vec<_>>(),
        "deciders": d.deciders,
        "tags": d.tags,
        "current": book.current_of(d),
    })
}

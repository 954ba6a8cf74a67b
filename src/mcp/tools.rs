//! The six tools, their names fixed so agents' prompts can rely on them,
//! answered from one [`Handbook`]. Each answer is a JSON object; a refusal
//! is the suite's message as a `String`, which the server sends as an MCP
//! error. Nothing here writes anything.

use crate::export::json::decision;
use crate::export::model::{Handbook, one_line};
use serde_json::{Map, Value, json};

/// Name, description and the input schema's properties (all strings unless
/// named in `integers`), and which are required.
pub struct ToolSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub arguments: &'static [(&'static str, &'static str)],
    pub integers: &'static [&'static str],
    pub required: &'static [&'static str],
}

pub const TOOLS: &[ToolSpec] = &[
    ToolSpec {
        name: "search",
        description: "Pages and decisions ranked by relevance to the query: path, title, status and a snippet each.",
        arguments: &[("query", "Words to look for in titles and text")],
        integers: &[],
        required: &["query"],
    },
    ToolSpec {
        name: "get_page",
        description: "One page's markdown as the suite produced it, with its status, owner, review dates and drift. Paths outside the book are refused.",
        arguments: &[(
            "path",
            "The page's file, relative to the book's src (decisions/0001-x.md) or to the book (src/...)",
        )],
        integers: &[],
        required: &["path"],
    },
    ToolSpec {
        name: "list_decisions",
        description: "The decision log: number, title, status, date (and `current` for a superseded one). All filters optional.",
        arguments: &[
            (
                "status",
                "Status as written or lifecycle word (accepted, superseded, ...)",
            ),
            ("tag", "Only decisions with this tag"),
            ("since", "Only decisions dated on or after this day (YYYY-MM-DD)"),
        ],
        integers: &[],
        required: &[],
    },
    ToolSpec {
        name: "get_decision",
        description: "One whole decision: its fields, markdown, relations both ways and, when it is not current, the current decision its supersede chain leads to.",
        arguments: &[("number", "The decision's number")],
        integers: &["number"],
        required: &["number"],
    },
    ToolSpec {
        name: "glossary",
        description: "A glossary term's definition, its aliases and the pages that use it.",
        arguments: &[("term", "The term or one of its aliases (any case)")],
        integers: &[],
        required: &["term"],
    },
    ToolSpec {
        name: "stale_pages",
        description: "Pages overdue for review, or whose described code changed since they were (drift stale or missing).",
        arguments: &[],
        integers: &[],
        required: &[],
    },
];

/// The tool's input schema as a JSON object.
pub fn input_schema(spec: &ToolSpec) -> Map<String, Value> {
    let properties: Map<String, Value> = spec
        .arguments
        .iter()
        .map(|(name, description)| {
            let kind = if spec.integers.contains(name) {
                "integer"
            } else {
                "string"
            };
            ((*name).to_owned(), json!({"type": kind, "description": description}))
        })
        .collect();
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(properties));
    schema.insert("required".into(), json!(spec.required));
    schema.insert("additionalProperties".into(), json!(false));
    schema
}

/// Runs one tool. `Err` is the message an agent reads.
pub fn call(book: &Handbook, name: &str, arguments: &Map<String, Value>) -> Result<Value, String> {
    let text = |key: &str| {
        arguments
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    match name {
        "search" => {
            let query = text("query").ok_or("search needs a `query`")?;
            Ok(json!({"results": search(book, query)}))
        }
        "get_page" => {
            let path = text("path").ok_or("get_page needs a `path`")?;
            get_page(book, path)
        }
        "list_decisions" => Ok(json!({"decisions": list_decisions(book, text("status"), text("tag"), text("since"))})),
        "get_decision" => {
            let number = arguments
                .get("number")
                .and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())))
                .and_then(|n| u32::try_from(n).ok())
                .ok_or("get_decision needs a decision `number`")?;
            get_decision(book, number)
        }
        "glossary" => {
            let term = text("term").ok_or("glossary needs a `term`")?;
            glossary(book, term)
        }
        "stale_pages" => Ok(json!({"pages": stale_pages(book)})),
        other => Err(format!(
            "no tool `{}`; the tools are: {}",
            one_line(other),
            TOOLS.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// A path the book lists, or the reason it is refused: absolute paths,
/// `..` and anything SUMMARY.md does not list never reach the file system.
pub fn checked_page<'a>(book: &'a Handbook, path: &str) -> Result<&'a crate::export::model::Page, String> {
    let shown = one_line(path);
    let leaves =
        path.starts_with(['/', '\\']) || path.contains(':') || path.split(['/', '\\']).any(|segment| segment == "..");
    if leaves {
        return Err(format!(
            "`{shown}` is outside the book: give a page's path relative to the book's src"
        ));
    }
    book.page(path)
        .ok_or_else(|| format!("no page `{shown}` in the book (SUMMARY.md lists every page; see `search`)"))
}

fn page_fields(book: &Handbook, page: &crate::export::model::Page) -> Value {
    let f = &page.facts;
    let decision = book.decisions.iter().find(|d| d.path == page.source);
    json!({
        "path": book.book_path(&page.source),
        "title": page.title,
        "url": book.href(&page.url),
        "status": decision.and_then(|d| d.status.clone()).or_else(|| f.status.clone()),
        "lifecycle": decision.and_then(|d| d.lifecycle.clone()).or_else(|| f.lifecycle.clone()),
        "owner": f.owner,
        "last_reviewed": f.last_reviewed,
        "review_due": f.review_due,
        "overdue": f.overdue,
        "drift": f.drift,
        "describes": f.describes,
        "decision": decision.and_then(|d| d.number),
    })
}

fn get_page(book: &Handbook, path: &str) -> Result<Value, String> {
    let page = checked_page(book, path)?;
    let mut fields = page_fields(book, page);
    if let Some(object) = fields.as_object_mut() {
        object.insert("markdown".into(), json!(page.markdown));
    }
    Ok(fields)
}

/// Pages (decisions among them) scored by how often the query's words occur,
/// a title hit counting five; ties in book order.
fn search(book: &Handbook, query: &str) -> Vec<Value> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut scored: Vec<(usize, usize, Value)> = Vec::new();
    for (order, page) in book.pages.iter().enumerate() {
        let title = page.title.to_lowercase();
        let body = page.markdown.to_lowercase();
        let score: usize = words
            .iter()
            .map(|w| title.matches(w.as_str()).count() * 5 + body.matches(w.as_str()).count())
            .sum();
        if score == 0 {
            continue;
        }
        let mut hit = page_fields(book, page);
        if let Some(object) = hit.as_object_mut() {
            object.insert("score".into(), json!(score));
            object.insert("snippet".into(), json!(snippet(&page.markdown, &words)));
        }
        scored.push((score, order, hit));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(20).map(|(_, _, v)| v).collect()
}

/// About 200 characters of the text around the first word found, one line.
fn snippet(markdown: &str, words: &[String]) -> String {
    let lower = markdown.to_lowercase();
    let at = words.iter().filter_map(|w| lower.find(w.as_str())).min().unwrap_or(0);
    // `to_lowercase` can change byte lengths: map the position back by characters.
    let char_at = lower[..at.min(lower.len())].chars().count();
    let chars: Vec<char> = markdown.chars().collect();
    let start = char_at.saturating_sub(60);
    let end = (char_at + 140).min(chars.len());
    let text: String = chars.get(start..end).unwrap_or_default().iter().collect();
    one_line(&text)
}

fn list_decisions(book: &Handbook, status: Option<&str>, tag: Option<&str>, since: Option<&str>) -> Vec<Value> {
    let status = status.map(str::to_lowercase);
    book.decisions
        .iter()
        .filter(|d| {
            status.as_deref().is_none_or(|s| {
                d.status.as_deref().is_some_and(|w| w.to_lowercase() == s) || d.lifecycle.as_deref() == Some(s)
            })
        })
        .filter(|d| tag.is_none_or(|t| d.tags.iter().any(|x| x.eq_ignore_ascii_case(t))))
        .filter(|d| since.is_none_or(|s| d.day.as_deref().is_some_and(|day| day >= s)))
        .map(|d| {
            json!({
                "number": d.number,
                "title": d.title,
                "status": d.status,
                "lifecycle": d.lifecycle,
                "date": d.day.as_ref().or(d.date.as_ref()),
                "path": book.book_path(&d.path),
                "current": book.current_of(d),
            })
        })
        .collect()
}

fn get_decision(book: &Handbook, number: u32) -> Result<Value, String> {
    let d = book
        .decision(number)
        .ok_or_else(|| format!("no decision numbered {number} (or more than one: see list_decisions)"))?;
    let mut value = decision(book, d);
    let title_of = |n: &u32| book.decision(*n).map(|x| x.title.clone());
    if let Some(object) = value.as_object_mut() {
        let relate = |numbers: &[u32]| -> Value {
            numbers
                .iter()
                .map(|n| json!({"number": n, "title": title_of(n)}))
                .collect()
        };
        // Every kind both ways, by its key with `_` (`superseded_by`, `amended_by`,
        // `related`); the two supersede kinds always present.
        let mut relations = serde_json::Map::new();
        relations.insert("supersedes".into(), relate(&d.supersedes));
        relations.insert("superseded_by".into(), relate(&d.superseded_by));
        for (kind, _) in &d.relations {
            let numbers: Vec<u32> = d.relations.iter().filter(|(k, _)| k == kind).map(|(_, n)| *n).collect();
            relations.insert(kind.replace('-', "_"), relate(&numbers));
        }
        object.insert("relations".into(), Value::Object(relations));
        let current = book.current_of(d);
        object.insert(
            "current_decision".into(),
            current
                .and_then(|n| book.decision(n))
                .map_or(Value::Null, |c| decision(book, c)),
        );
        let markdown = book
            .pages
            .iter()
            .find(|p| p.source == d.path)
            .map(|p| p.markdown.clone());
        object.insert("markdown".into(), json!(markdown));
    }
    Ok(value)
}

fn glossary(book: &Handbook, term: &str) -> Result<Value, String> {
    let wanted = term.to_lowercase();
    let found = book
        .glossary
        .iter()
        .find(|t| t.term.to_lowercase() == wanted)
        .or_else(|| {
            book.glossary
                .iter()
                .find(|t| t.aliases.iter().any(|a| a.to_lowercase() == wanted))
        });
    let t = found.ok_or_else(|| format!("no glossary term `{}`", one_line(term)))?;
    Ok(json!({
        "term": t.term,
        "aliases": t.aliases,
        "definition": t.definition,
        "glossary": t.glossary.as_deref().map(|g| book.book_path(g)),
        "used_on": t.used_on.iter().map(|p| book.book_path(p)).collect::<Vec<_>>(),
    }))
}

fn stale_pages(book: &Handbook) -> Vec<Value> {
    book.pages
        .iter()
        .filter(|p| p.facts.overdue || matches!(p.facts.drift.as_deref(), Some("stale" | "missing")))
        .map(|p| page_fields(book, p))
        .collect()
}

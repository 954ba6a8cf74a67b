//! `adr list [--status S] [--json]`: the decision log as the preprocessor
//! builds it, for people (one line per ADR) and for tools (JSON whose schema
//! the guide documents; `schema` goes up when a field changes meaning).

use super::Workspace;
use crate::log::DecisionLog;
use crate::scan::relations::RelationKind;
use serde_json::{Value, json};

/// The version of the JSON layout below.
pub const SCHEMA: u32 = 1;

/// A relation kind as the JSON names it.
pub fn kind_name(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Relates => "relates",
        other => other.key(),
    }
}

/// Indexes of the log's decisions in number order, those with `status`
/// (lifecycle word or word as written, any case) when given.
pub fn selected(log: &DecisionLog, status: Option<&str>) -> Vec<usize> {
    let mut out: Vec<usize> = (0..log.decisions.len())
        .filter(|&i| {
            let Some(wanted) = status else { return true };
            log.decisions[i].status.as_ref().is_some_and(|s| {
                s.value.word.eq_ignore_ascii_case(wanted)
                    || s.value
                        .normalized
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(wanted))
            })
        })
        .collect();
    out.sort_by_key(|&i| {
        let d = &log.decisions[i];
        (d.number.is_none(), d.number, d.slug.clone())
    });
    out
}

/// The log as JSON (see README, "`adr list --json`").
pub fn json(ws: &Workspace, log: &DecisionLog, status: Option<&str>) -> Value {
    let decisions: Vec<Value> = selected(log, status)
        .into_iter()
        .map(|i| {
            let d = &log.decisions[i];
            let relations: Vec<Value> = log.links.get(i).map(Vec::as_slice).unwrap_or_default()
                .iter()
                .filter_map(|l| {
                    let other = log.decisions.get(l.other)?;
                    Some(json!({
                        "kind": kind_name(l.kind),
                        "number": other.number,
                        "path": handbook_core::platform::slashed(&other.source_path),
                    }))
                })
                .collect();
            json!({
                "number": d.number,
                "title": d.title.as_ref().map(|t| t.value.clone()),
                "status": d.status.as_ref().map(|s| s.value.word.clone()),
                "lifecycle": d.status.as_ref().and_then(|s| s.value.normalized.clone()),
                "date": d.date.as_ref().map(|w| w.value.date.map_or_else(|| w.value.written.clone(), |x| x.to_string())),
                "path": handbook_core::platform::slashed(&d.source_path),
                "relations": relations,
                "deciders": d.deciders,
                "tags": d.tags,
            })
        })
        .collect();
    json!({
        "schema": SCHEMA,
        "folder": handbook_core::platform::slashed(&ws.folder),
        "decisions": decisions,
    })
}

/// One line per decision: number, status, date, title, file.
pub fn lines(log: &DecisionLog, status: Option<&str>) -> Vec<String> {
    selected(log, status)
        .into_iter()
        .map(|i| {
            let d = &log.decisions[i];
            format!(
                "{:>5}  {:<12} {:<10}  {}  ({})",
                d.number.map_or_else(|| "-".to_owned(), |n| n.to_string()),
                d.status.as_ref().map_or("-", |s| s.value.word.as_str()),
                d.date.as_ref().map_or("-".to_owned(), |w| w
                    .value
                    .date
                    .map_or_else(|| w.value.written.clone(), |x| x.to_string())),
                d.title.as_ref().map_or(d.slug.as_str(), |t| t.value.as_str()),
                handbook_core::platform::slashed(&d.source_path),
            )
        })
        .collect()
}

/// The folder's log with the dates a build shows: each ADR's own, else
/// git's as `date-source` says, so that `adr list` and `{{#adr-index}}` agree.
pub fn dated_log(
    ws: &super::Workspace,
    ctx: &handbook_core::protocol::Context,
    source: crate::config::DateSource,
) -> DecisionLog {
    let mut decisions = ws.decisions();
    crate::git_dates::fill(ctx, source, &mut decisions, &mut handbook_core::Diagnostics::new());
    DecisionLog::build(decisions, &mut Vec::new())
}

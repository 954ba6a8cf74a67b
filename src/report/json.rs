//! `--format json`: the check's findings as one JSON document, schema 1
//! (`schema/check-report.schema.json`, described in the guide's Report formats chapter).
//!
//! Promise (ADR 25): within `"schema": 1` no field is removed, renamed or
//! given another type; fields may be added, so readers must ignore fields
//! they do not know. Anything else is `"schema": 2`.

use super::{Finding, Summary};
use handbook_core::facts::{DecisionFact, Facts, PageFacts};
use handbook_core::platform::slashed;
use handbook_core::{Diagnostic, Level};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;

/// The report's schema version.
pub const REPORT_SCHEMA: u64 = 1;

/// The whole report. Paths are relative to the book root, `/`-separated.
pub fn report(findings: &[Finding], facts: &Facts, src_dir: &Path, summary: &Summary) -> Value {
    json!({
        "schema": REPORT_SCHEMA,
        "tool": {"name": "mdbook-handbook", "version": env!("CARGO_PKG_VERSION")},
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "baselined": summary.baselined,
            "failed": summary.failed,
        },
        "diagnostics": diagnostics(findings),
        "pages": pages(facts, src_dir),
        "decisions": facts.decisions.as_ref().map(|list| {
            list.iter().map(|d| decision(d, src_dir)).collect::<Vec<_>>()
        }),
    })
}

/// One entry per cause, as the text output groups them: one level, code and
/// message (and baseline state) with every place it was found, in order.
/// A diagnostic about no file is an entry of its own with no places.
fn diagnostics(findings: &[Finding]) -> Vec<Value> {
    let mut entries: Vec<(&Finding, Vec<&Diagnostic>)> = Vec::new();
    let mut by_cause: HashMap<(Level, &str, &str, bool), usize> = HashMap::new();
    for finding in findings {
        let d = &finding.diagnostic;
        if d.path.is_none() {
            entries.push((finding, Vec::new()));
            continue;
        }
        let cause = (d.level, d.code, d.message.as_str(), finding.baselined);
        match by_cause.get(&cause) {
            Some(&i) => entries[i].1.push(d),
            None => {
                by_cause.insert(cause, entries.len());
                entries.push((finding, vec![d]));
            }
        }
    }
    let capabilities = capability_of_codes();
    entries
        .into_iter()
        .map(|(finding, places)| {
            let d = &finding.diagnostic;
            json!({
                "level": d.level.as_str(),
                "code": d.code,
                "capability": capabilities.get(d.code),
                "message": d.message,
                "path": d.path.as_deref().map(slashed),
                "line": d.line,
                "places": places.iter().map(|p| json!({
                    "path": p.path.as_deref().map(slashed),
                    "line": p.line,
                })).collect::<Vec<_>>(),
                "baselined": finding.baselined,
            })
        })
        .collect()
}

/// Each registered code's capability: `adr`, `status`, ..., or `core` for
/// the codes every capability (and `check` itself) reports.
fn capability_of_codes() -> HashMap<&'static str, &'static str> {
    crate::suite::codes()
        .into_iter()
        .flat_map(|(table, codes)| {
            let capability = table.unwrap_or("core");
            codes.iter().map(move |c| (c.name, capability))
        })
        .collect()
}

fn pages(facts: &Facts, src_dir: &Path) -> Vec<Value> {
    facts
        .pages
        .iter()
        .map(|(path, page)| {
            let PageFacts {
                status,
                lifecycle,
                owner,
                last_reviewed,
                review_due,
                overdue,
                drift,
                // Schema 1 of the report has no described paths; handbook.json has.
                describes: _,
            } = page;
            json!({
                "path": slashed(&src_dir.join(path)),
                "status": status,
                "lifecycle": lifecycle,
                "owner": owner,
                "last_reviewed": last_reviewed,
                "review_due": review_due,
                "overdue": overdue,
                "drift": drift,
            })
        })
        .collect()
}

fn decision(d: &DecisionFact, src_dir: &Path) -> Value {
    let DecisionFact {
        number,
        title,
        status,
        lifecycle,
        date,
        // Schema 1 of the report gives the date as written; handbook.json the day.
        day: _,
        path,
        superseded_by,
        supersedes,
        // Schema 1 of the report predates the other relations; handbook.json has them.
        relations: _,
        deciders,
        tags,
    } = d;
    json!({
        "number": number,
        "title": title,
        "status": status,
        "lifecycle": lifecycle,
        "date": date,
        "path": slashed(&src_dir.join(path)),
        "superseded_by": superseded_by,
        "supersedes": supersedes,
        "deciders": deciders,
        "tags": tags,
    })
}

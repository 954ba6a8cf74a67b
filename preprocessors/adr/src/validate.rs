//! The checks a decision log gets: numbering, references, the two sides of
//! each relation, supersede cycles, and each record's own metadata.

use crate::log::{DecisionLog, Finding, folder_name};
use crate::scan::relations::RelationKind;
use handbook_core::Level;
use handbook_core::status::unknown_status_hint;
use std::collections::BTreeMap;

pub fn validate(log: &DecisionLog, findings: &mut Vec<Finding>) {
    numbering(log, findings);
    unknown_statuses(log, findings);
    for (i, d) in log.decisions.iter().enumerate() {
        let title_line = d.title.as_ref().map_or(1, |t| t.line);
        let mut find = |line: usize, level: Level, code: &'static str, message: String| {
            findings.push(Finding {
                decision: i,
                line,
                level,
                code,
                message,
            });
        };
        if let (Some(file), Some(title)) = (d.file_number, &d.title_number)
            && file != title.value
        {
            find(
                title.line,
                Level::Warning,
                "adr-number-mismatch",
                format!(
                    "the title says ADR {} but the file name says {file}; the log uses the file name's",
                    title.value
                ),
            );
        }
        if d.title.is_none() {
            find(
                1,
                Level::Warning,
                "adr-missing-title",
                format!(
                    "this ADR has no title (no `# Title` line); the log calls it `{}`",
                    d.slug
                ),
            );
        }
        match (&d.status, &d.placeholder_status) {
            (None, Some(p)) => find(
                p.line,
                Level::Warning,
                "adr-missing-status",
                format!(
                    "the status is still the template's choice `{}`; keep the one that holds",
                    p.value
                ),
            ),
            (None, None) => find(
                title_line,
                Level::Warning,
                "adr-missing-status",
                "this ADR has no status (a `## Status` section, `Status:` line or `status:` key)".to_owned(),
            ),
            (Some(_), _) => {}
        }
        if let (Some(page), Some(front)) = (&d.status, &d.status_conflict) {
            find(
                front.line,
                Level::Info,
                "adr-status-conflict",
                format!(
                    "front matter says `status: {}` but the page says `{}` (line {}); the log shows the page's; make them agree or drop one",
                    front.value.written, page.value.written, page.line
                ),
            );
        }
        match &d.date {
            None => find(
                title_line,
                Level::Warning,
                "adr-missing-date",
                "this ADR has no date (`Date: 2024-01-15`)".to_owned(),
            ),
            Some(date) if date.value.ambiguous.is_some() => find(
                date.line,
                Level::Warning,
                "adr-ambiguous-date",
                format!(
                    "`{}` may be day first or month first, and no other date of {} settles which; it is shown as written (write it as 2024-01-15)",
                    date.value.written,
                    folder_name(&d.folder)
                ),
            ),
            Some(date) if date.value.date.is_none() => find(
                date.line,
                Level::Warning,
                "adr-unreadable-date",
                format!(
                    "cannot read the date `{}`; it is shown as written (write 2024-01-15, 2024-01, January 15, 2024 or 15/01/2024)",
                    date.value.written
                ),
            ),
            Some(_) => {}
        }
    }
    one_way_links(log, findings);
    supersede_cycles(log, findings);
}

/// One warning per unknown status word, on its first ADR, however many use
/// it: the fix is one line of book.toml, not an edit of every file.
fn unknown_statuses(log: &DecisionLog, findings: &mut Vec<Finding>) {
    let mut users: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in log.decisions.iter().enumerate() {
        if let Some(s) = d.status.as_ref().filter(|s| s.value.normalized.is_none()) {
            users.entry(s.value.word.to_lowercase()).or_default().push(i);
        }
    }
    for (word, list) in users {
        let first = list[0];
        let Some(status) = &log.decisions[first].status else {
            continue;
        };
        let others = match list.len() {
            1 => String::new(),
            n => format!(" ({n} ADRs use it)"),
        };
        findings.push(Finding {
            decision: first,
            line: status.line,
            level: Level::Warning,
            code: "adr-unknown-status",
            message: format!(
                "status `{}` is not a known status word{others}; it is shown as written with a neutral badge; {}",
                status.value.word,
                unknown_status_hint(
                    &word,
                    "handbook.adr",
                    &["accepted", "proposed", "rejected", "deprecated", "superseded"]
                )
            ),
        });
    }
}

fn numbering(log: &DecisionLog, findings: &mut Vec<Finding>) {
    let mut previous: Option<(&std::path::Path, u32, usize)> = None;
    for ((folder, number), users) in log.numbered() {
        if users.len() > 1 {
            let names: Vec<String> = users
                .iter()
                .map(|&u| log.decisions[u].source_path.display().to_string())
                .collect();
            for &u in users {
                findings.push(Finding {
                    decision: u,
                    line: log.decisions[u].title.as_ref().map_or(1, |t| t.line),
                    level: Level::Warning,
                    code: "adr-duplicate-number",
                    message: format!(
                        "ADR number {number} is used by {} files: {}",
                        users.len(),
                        names.join(", ")
                    ),
                });
            }
        }
        let first = users[0];
        if let Some((pf, pn, pu)) = previous
            && pf == folder.as_path()
            && *number > pn + 1
        {
            let missing = if *number == pn + 2 {
                format!("ADR {} is missing", pn + 1)
            } else {
                format!("ADRs {} to {} are missing", pn + 1, number - 1)
            };
            findings.push(Finding {
                decision: first,
                line: log.decisions[first].title.as_ref().map_or(1, |t| t.line),
                level: Level::Warning,
                code: "adr-gap",
                message: format!(
                    "{missing} in {}: the numbers jump from {pn} ({}) to {number}",
                    folder_name(folder),
                    log.decisions[pu].source_path.display()
                ),
            });
        }
        previous = Some((folder.as_path(), *number, first));
    }
}

/// A relation written on one side only. Info, not a warning: the cards show
/// it on both sides anyway, which is the point of the log, and teams often
/// update only the new ADR; the note says which file to edit to agree.
fn one_way_links(log: &DecisionLog, findings: &mut Vec<Finding>) {
    let stated = log.stated();
    for e in log.edges.iter().filter(|e| e.kind.is_directed() && e.from != e.to) {
        if stated.contains(&(e.to, e.kind.inverse(), e.from)) {
            continue;
        }
        let (from, to) = (&log.decisions[e.from], &log.decisions[e.to]);
        findings.push(Finding {
            decision: e.from,
            line: e.line,
            level: Level::Info,
            code: "adr-one-way-link",
            message: format!(
                "{} says `{} {}`, but {} does not say `{} {}`; both cards show it",
                from.label(),
                e.kind.label(),
                to.label(),
                to.source_path.display(),
                e.kind.inverse().label(),
                from.label()
            ),
        });
    }
}

/// Newer-supersedes-older must be acyclic. Iterative depth-first search, so
/// a cycle of thousands of decisions cannot overflow the stack.
fn supersede_cycles(log: &DecisionLog, findings: &mut Vec<Finding>) {
    let n = log.decisions.len();
    let mut next: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for e in &log.edges {
        match e.kind {
            RelationKind::Supersedes => next[e.from].push((e.to, e.line)),
            RelationKind::SupersededBy => next[e.to].push((e.from, e.line)),
            _ => {}
        }
    }
    for list in &mut next {
        list.sort_unstable();
        list.dedup_by_key(|(to, _)| *to);
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut depth_of = vec![0usize; n];
    for root in 0..n {
        if mark[root] != Mark::New {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::OnPath;
        depth_of[root] = 0;
        while let Some(top) = path.last_mut() {
            let node = top.0;
            let Some(&(to, line)) = next[node].get(top.1) else {
                mark[node] = Mark::Done;
                path.pop();
                continue;
            };
            top.1 += 1;
            match mark[to] {
                Mark::New => {
                    mark[to] = Mark::OnPath;
                    depth_of[to] = path.len();
                    path.push((to, 0));
                }
                Mark::OnPath => {
                    let cycle: Vec<usize> = path[depth_of[to]..].iter().map(|(d, _)| *d).collect();
                    report_cycle(log, &cycle, node, line, findings);
                }
                Mark::Done => {}
            }
        }
    }
}

fn report_cycle(log: &DecisionLog, cycle: &[usize], last: usize, line: usize, findings: &mut Vec<Finding>) {
    let mut names: Vec<String> = cycle.iter().take(8).map(|&d| log.decisions[d].label()).collect();
    if cycle.len() > 8 {
        names.push(format!("… ({} decisions in all)", cycle.len()));
    }
    names.push(log.decisions[cycle[0]].label());
    findings.push(Finding {
        decision: last,
        line,
        level: Level::Warning,
        code: "adr-supersede-cycle",
        message: format!(
            "decisions supersede each other in a cycle: {}; one of them must not supersede the next",
            names.join(" supersedes ")
        ),
    });
}

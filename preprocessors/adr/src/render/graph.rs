//! `{{#adr-graph}}`: the supersede / amend / clarify / relate relations as a
//! ```` ```mermaid ```` (default) or ```` ```dot ```` (`format=dot`) block for
//! mdbook-handbook-diagrams to draw. Without that preprocessor the block
//! stays a readable code block listing every relation.

use crate::log::DecisionLog;
use crate::scan::relations::RelationKind;
use handbook_core::links::relative_href;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// (from, verb, to, undirected)
type GraphEdge = (usize, &'static str, usize, bool);

fn edges(log: &DecisionLog, picked: &[usize]) -> Vec<GraphEdge> {
    let shown: BTreeSet<usize> = picked.iter().copied().collect();
    let mut out = Vec::new();
    for &a in picked {
        for l in &log.links[a] {
            if !shown.contains(&l.other) {
                continue;
            }
            let edge = match l.kind {
                RelationKind::Supersedes => (a, "supersedes", l.other, false),
                RelationKind::Amends => (a, "amends", l.other, false),
                RelationKind::Clarifies => (a, "clarifies", l.other, false),
                RelationKind::Relates if a < l.other => (a, "relates to", l.other, true),
                _ => continue,
            };
            out.push(edge);
        }
    }
    out
}

fn class_of(log: &DecisionLog, i: usize) -> Option<&'static str> {
    match log.decisions[i].status.as_ref()?.value.normalized.as_deref()? {
        "accepted" | "current" | "stable" => Some("accepted"),
        "proposed" | "draft" => Some("proposed"),
        "superseded" | "deprecated" | "amended" => Some("superseded"),
        "rejected" => Some("rejected"),
        _ => None,
    }
}

/// The fenced block (fence included) for `picked` decisions, from page `page`.
pub fn render(log: &DecisionLog, picked: &[usize], dot: bool, page: &Path) -> String {
    let edges = edges(log, picked);
    let mut nodes: Vec<usize> = edges.iter().flat_map(|(a, _, b, _)| [*a, *b]).collect();
    nodes.sort_unstable();
    nodes.dedup();
    if dot {
        return render_dot(log, &nodes, &edges, page);
    }
    let label = |i: usize| {
        let text = log.decisions[i]
            .long_label()
            .replace('"', "#quot;")
            .replace('<', "#lt;")
            .replace('>', "#gt;");
        wrapped(&text, 16)
    };
    let mut out = String::from("```mermaid\nflowchart BT\n");
    if nodes.is_empty() {
        out.push_str("  none[\"No relations between decisions yet\"]\n");
    }
    for &n in &nodes {
        let _ = writeln!(out, "  adr{n}[\"{}\"]", label(n));
    }
    for (a, verb, b, undirected) in &edges {
        let arrow = if *undirected { "-.-" } else { "-->" };
        let _ = writeln!(out, "  adr{a} {arrow}|{verb}| adr{b}");
    }
    for (class, style) in [
        ("accepted", "fill:#1a7f37,color:#fff"),
        ("proposed", "fill:#8a4600,color:#fff"),
        ("superseded", "fill:#f0b429,color:#000"),
        ("rejected", "fill:#b3261e,color:#fff"),
    ] {
        let members: Vec<String> = nodes
            .iter()
            .filter(|&&n| class_of(log, n) == Some(class))
            .map(|n| format!("adr{n}"))
            .collect();
        if !members.is_empty() {
            let _ = writeln!(out, "  classDef {class} {style}\n  class {} {class}", members.join(","));
        }
    }
    out.push_str("```\n");
    out
}

/// Words joined into lines of about `width` characters with Mermaid's `<br>`,
/// so a long title wraps inside its box instead of running out of it.
fn wrapped(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push_str("<br>");
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

fn render_dot(log: &DecisionLog, nodes: &[usize], edges: &[GraphEdge], page: &Path) -> String {
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = String::from(
        "```dot\ndigraph decisions {\n  rankdir=BT;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontcolor=\"#000000\"];\n",
    );
    if nodes.is_empty() {
        out.push_str("  none [label=\"No relations between decisions yet\"];\n");
    }
    for &n in nodes {
        let d = &log.decisions[n];
        let fill = match class_of(log, n) {
            Some("accepted") => ", fillcolor=\"#d7f5dd\"",
            Some("proposed") => ", fillcolor=\"#fde8cf\"",
            Some("superseded") => ", fillcolor=\"#fbe7a9\"",
            Some("rejected") => ", fillcolor=\"#f9d3d0\"",
            _ => "",
        };
        let _ = writeln!(
            out,
            "  adr{n} [label=\"{}\", URL=\"{}\"{fill}];",
            quote(&d.long_label()),
            quote(&relative_href(page, &d.page_path, true))
        );
    }
    for (a, verb, b, undirected) in edges {
        let style = if *undirected { ", dir=none, style=dashed" } else { "" };
        let _ = writeln!(out, "  adr{a} -> adr{b} [label=\"{verb}\"{style}];");
    }
    out.push_str("}\n```\n");
    out
}

//! The header card of an ADR page, and the banner of a decision that no
//! longer holds. Relations show in both directions, with links computed from
//! the pages' paths.

use crate::log::{DecisionLog, Link};
use crate::scan::Decision;
use crate::scan::relations::RelationKind;
use handbook_core::html::escape;
use handbook_core::links::relative_href;
use handbook_core::markdown::escape_text as markdown_text;
use handbook_core::status::{badge_html_in, badge_text_in};
use std::fmt::Write as _;

/// The lifecycle word a banner is shown for, if any.
fn banner_status(d: &Decision, links: &[Link]) -> Option<&'static str> {
    if links.iter().any(|l| l.kind == RelationKind::SupersededBy) {
        return Some("superseded");
    }
    match d.status.as_ref()?.value.normalized.as_deref()? {
        "superseded" => Some("superseded"),
        "deprecated" => Some("deprecated"),
        "rejected" => Some("rejected"),
        _ => None,
    }
}

/// The card (and banner) as one HTML block without blank lines, or as markdown.
pub fn card(log: &DecisionLog, index: usize, html: bool) -> String {
    let d = &log.decisions[index];
    let links = &log.links[index];
    // Links to other decisions, by their long label, joined with `separator`.
    let links_to = |others: &[usize], separator: &str| -> String {
        let parts: Vec<String> = others
            .iter()
            .map(|&other| {
                let o = &log.decisions[other];
                let href = relative_href(&d.page_path, &o.page_path, html);
                if html {
                    handbook_core::html::link(&href, &o.long_label())
                } else {
                    format!("[{}]({href})", markdown_text(&o.long_label()))
                }
            })
            .collect();
        parts.join(separator)
    };
    let successors: Vec<usize> = links
        .iter()
        .filter(|l| l.kind == RelationKind::SupersededBy)
        .map(|l| l.other)
        .collect();
    let mut out = String::new();
    if html {
        if let Some(status) = banner_status(d, links) {
            let _ = write!(
                out,
                "<div class=\"hb-banner hb-adr-banner\" data-status=\"{status}\" role=\"note\">"
            );
            out.push_str(match status {
                "superseded" => "This decision is superseded",
                "deprecated" => "This decision is deprecated",
                _ => "This decision was rejected",
            });
            if !successors.is_empty() {
                out.push_str(" by ");
                out.push_str(&links_to(&successors, " and "));
            }
            out.push_str(".</div>\n");
        }
        let _ = writeln!(out, "<div class=\"hb-card hb-adr-card\">\n<dl>");
        let mut row = |name: &str, value: String| {
            let _ = writeln!(out, "<dt>{name}</dt><dd>{value}</dd>");
        };
        if let Some(s) = &d.status {
            row("Status", badge_html_in(&s.value, log.case));
        }
        if let Some(date) = &d.date {
            let value = match date.value.date {
                Some(iso) => format!("<time datetime=\"{iso}\">{}</time>", escape(&date.value.written)),
                None => escape(&date.value.written).into_owned(),
            };
            row("Date", value);
        }
        for (name, list) in [
            ("Deciders", &d.deciders),
            ("Consulted", &d.consulted),
            ("Informed", &d.informed),
            ("Tags", &d.tags),
        ] {
            if !list.is_empty() {
                row(name, escape(&list.join(", ")).into_owned());
            }
        }
        for (kind, group) in grouped(links) {
            row(kind.label(), links_to(&group, ", "));
        }
        if out.ends_with("<dl>\n") {
            // Nothing to show: no card, the banner alone if any.
            out.truncate(out.len() - "<div class=\"hb-card hb-adr-card\">\n<dl>\n".len());
            return out;
        }
        out.push_str("</dl>\n</div>\n");
        return out;
    }
    if let Some(status) = banner_status(d, links) {
        let _ = write!(out, "> **{}**", capitalized(status));
        if !successors.is_empty() {
            let _ = write!(out, " by {}", links_to(&successors, " and "));
        }
        out.push_str(".\n>\n");
    }
    let mut fields: Vec<String> = Vec::new();
    if let Some(s) = &d.status {
        fields.push(format!("Status: {}", markdown_text(&badge_text_in(&s.value, log.case))));
    }
    if let Some(date) = &d.date {
        fields.push(format!("Date: {}", markdown_text(&date.value.written)));
    }
    for (name, list) in [
        ("Deciders", &d.deciders),
        ("Consulted", &d.consulted),
        ("Informed", &d.informed),
        ("Tags", &d.tags),
    ] {
        if !list.is_empty() {
            fields.push(format!("{name}: {}", markdown_text(&list.join(", "))));
        }
    }
    for (kind, group) in grouped(links) {
        fields.push(format!("{}: {}", kind.label(), links_to(&group, ", ")));
    }
    if !fields.is_empty() {
        let _ = writeln!(out, "> {}", fields.join(" · "));
    }
    out
}

/// Links grouped by kind, in the order the card shows them.
fn grouped(links: &[Link]) -> Vec<(RelationKind, Vec<usize>)> {
    let mut out: Vec<(RelationKind, Vec<usize>)> = Vec::new();
    for l in links {
        match out.last_mut() {
            Some((k, v)) if *k == l.kind => v.push(l.other),
            _ => out.push((l.kind, vec![l.other])),
        }
    }
    out
}

fn capitalized(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

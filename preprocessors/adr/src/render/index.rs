//! `{{#adr-index}}`: the decision log as a table or a timeline.
//!
//! Options: `status=accepted,proposed` and `tag=a,b` filter; `sort=number|date`
//! (`-date` for newest first); `columns=number,title,status,date,deciders,relations`;
//! `form=table|timeline`; `folder=docs/adr` picks one log when a book has several.

use crate::log::DecisionLog;
use crate::scan::Decision;
use crate::scan::listing::Selection;
use crate::scan::relations::RelationKind;
use handbook_core::html::escape;
use handbook_core::links::relative_href;
use handbook_core::markdown::escape_text as markdown_text;
use handbook_core::status::{badge_html_in, badge_text_in};
use std::fmt::Write as _;
use std::path::Path;

impl Selection {
    /// The decisions shown on page `page_path`, in order.
    pub fn pick(&self, log: &DecisionLog, page_path: &Path, source_dir: &Path) -> Vec<usize> {
        let in_folder = |d: &Decision, folder: &str| {
            d.folder.as_os_str().is_empty() && folder.is_empty() || d.folder.ends_with(folder)
        };
        let folder = self.folder.clone().or_else(|| {
            log.decisions
                .iter()
                .any(|d| d.folder == source_dir)
                .then(|| source_dir.to_string_lossy().into_owned())
        });
        let _ = page_path;
        let mut picked: Vec<usize> = (0..log.decisions.len())
            .filter(|&i| {
                let d = &log.decisions[i];
                folder.as_deref().is_none_or(|f| in_folder(d, f))
                    && (self.statuses.is_empty()
                        || d.status.as_ref().is_some_and(|s| {
                            let written = s.value.written.to_lowercase();
                            self.statuses
                                .iter()
                                .any(|w| s.value.normalized.as_deref() == Some(w.as_str()) || written == *w)
                        }))
                    && (self.tags.is_empty() || d.tags.iter().any(|t| self.tags.contains(&t.to_lowercase())))
            })
            .collect();
        let key = |i: &usize| {
            let d = &log.decisions[*i];
            let date = d.date.as_ref().and_then(|x| x.value.date);
            if self.sort_by_date {
                (date.is_none(), date, d.number, d.slug.clone())
            } else {
                (d.number.is_none(), None, d.number, d.slug.clone())
            }
        };
        picked.sort_by_cached_key(key);
        if self.descending {
            picked.reverse();
        }
        picked
    }
}

/// The index for a page, as HTML (hrefs to `.html`) or markdown.
pub fn render(log: &DecisionLog, picked: &[usize], s: &Selection, page: &Path, html: bool) -> String {
    if s.timeline {
        return timeline(log, picked, page, html);
    }
    let mut out = String::new();
    let header = |c: &str| match c {
        "number" => "No.",
        "title" => "Decision",
        "status" => "Status",
        "date" => "Date",
        "deciders" => "Deciders",
        "consulted" => "Consulted",
        "informed" => "Informed",
        "tags" => "Tags",
        "supersedes" => "Supersedes",
        "superseded-by" => "Superseded by",
        _ => "Relations",
    };
    if html {
        out.push_str("<div class=\"table-wrapper hb-adr-index\">\n<table>\n<thead><tr>");
        for c in &s.columns {
            let _ = write!(out, "<th>{}</th>", header(c));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for &i in picked {
            out.push_str("<tr>");
            for c in &s.columns {
                let _ = write!(out, "<td class=\"hb-col-{c}\">{}</td>", cell(log, i, c, page, true));
            }
            out.push_str("</tr>\n");
        }
        if picked.is_empty() {
            let _ = writeln!(
                out,
                "<tr><td colspan=\"{}\">No decisions match.</td></tr>",
                s.columns.len()
            );
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    } else {
        let _ = writeln!(
            out,
            "| {} |",
            s.columns.iter().map(|c| header(c)).collect::<Vec<_>>().join(" | ")
        );
        let _ = writeln!(out, "|{}", "---|".repeat(s.columns.len()));
        for &i in picked {
            let cells: Vec<String> = s.columns.iter().map(|c| cell(log, i, c, page, false)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
    out
}

fn link(log: &DecisionLog, page: &Path, other: usize, label: &str, html: bool) -> String {
    let href = relative_href(page, &log.decisions[other].page_path, html);
    if html {
        handbook_core::html::link(&href, label)
    } else {
        format!("[{}]({href})", markdown_text(label))
    }
}

fn cell(log: &DecisionLog, i: usize, column: &str, page: &Path, html: bool) -> String {
    let d = &log.decisions[i];
    let text = |t: &str| if html { escape(t).into_owned() } else { markdown_text(t) };
    let title = d.title.as_ref().map_or(d.slug.as_str(), |t| t.value.as_str());
    let related = |kinds: &[RelationKind], prefix: bool| -> String {
        log.links[i]
            .iter()
            .filter(|l| kinds.contains(&l.kind))
            .map(|l| {
                let name = link(log, page, l.other, &log.decisions[l.other].label(), html);
                if prefix {
                    format!("{} {name}", text(l.kind.label()))
                } else {
                    name
                }
            })
            .collect::<Vec<_>>()
            .join(if html { "<br>" } else { ", " })
    };
    match column {
        "number" => d.number.map(|n| n.to_string()).unwrap_or_default(),
        "title" => link(log, page, i, title, html),
        "status" => d.status.as_ref().map_or(String::new(), |s| {
            if html {
                badge_html_in(&s.value, log.case)
            } else {
                text(&badge_text_in(&s.value, log.case))
            }
        }),
        "date" => d.date.as_ref().map_or(String::new(), |x| {
            text(
                &x.value
                    .date
                    .map_or_else(|| x.value.written.clone(), |iso| iso.to_string()),
            )
        }),
        "deciders" => text(&d.deciders.join(", ")),
        "consulted" => text(&d.consulted.join(", ")),
        "informed" => text(&d.informed.join(", ")),
        "tags" => text(&d.tags.join(", ")),
        "supersedes" => related(&[RelationKind::Supersedes], false),
        "superseded-by" => related(&[RelationKind::SupersededBy], false),
        _ => related(
            &[
                RelationKind::SupersededBy,
                RelationKind::Supersedes,
                RelationKind::AmendedBy,
                RelationKind::Amends,
                RelationKind::ClarifiedBy,
                RelationKind::Clarifies,
            ],
            true,
        ),
    }
}

/// Decisions grouped by year and month; undated ones last.
fn timeline(log: &DecisionLog, picked: &[usize], page: &Path, html: bool) -> String {
    let mut out = String::new();
    let mut group: Option<String> = None;
    if html {
        out.push_str("<div class=\"hb-adr-timeline\">\n");
    }
    for &i in picked {
        let d = &log.decisions[i];
        let date = d.date.as_ref().and_then(|x| x.value.date);
        let heading = date.map_or_else(
            || "Undated".to_owned(),
            |x| format!("{} {}", handbook_core::date::month_name(x.date), x.date.year()),
        );
        let title = d.long_label();
        let status = d.status.as_ref();
        if html {
            if group.as_deref() != Some(&heading) {
                if group.is_some() {
                    out.push_str("</ul>\n");
                }
                let _ = writeln!(
                    out,
                    "<p class=\"hb-adr-month\"><strong>{}</strong></p>\n<ul>",
                    escape(&heading)
                );
                group = Some(heading);
            }
            let _ = writeln!(
                out,
                "<li>{}{} {}</li>",
                date.map_or(String::new(), |x| format!("<time datetime=\"{x}\">{x}</time> ")),
                link(log, page, i, &title, true),
                status.map_or(String::new(), |s| badge_html_in(&s.value, log.case))
            );
        } else {
            if group.as_deref() != Some(&heading) {
                let _ = writeln!(out, "{}**{}**\n", if group.is_some() { "\n" } else { "" }, heading);
                group = Some(heading);
            }
            let _ = writeln!(
                out,
                "- {}{} {}",
                date.map_or(String::new(), |x| format!("{x} ")),
                link(log, page, i, &title, false),
                status.map_or(String::new(), |s| markdown_text(&badge_text_in(&s.value, log.case)))
            );
        }
    }
    if html {
        if group.is_some() {
            out.push_str("</ul>\n");
        } else {
            out.push_str("<p>No decisions match.</p>\n");
        }
        out.push_str("</div>\n");
    }
    out
}

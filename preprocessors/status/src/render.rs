//! Pages → splices: inline badges, the page card, lifecycle banners and the
//! status dashboard; HTML for the html renderer, plain markdown otherwise.

use crate::config::Settings;
use crate::links;
use crate::scan::{Page, Placement, Replacement, Role};
use handbook_core::html::escape;
use handbook_core::markdown::{self, MarkdownOptions, escape_text as markdown_text, inline_text};
use handbook_core::protocol::{Context, Edits};
use handbook_core::pulldown_cmark::{Event, Tag, TagEnd};
use handbook_core::status::{self, Status};
use handbook_core::{Chapter, Splice};
use std::fmt::Write as _;
use std::path::Path;

/// How one build renders: HTML or text, with the book's palette and banners.
pub struct Renderer<'a> {
    pub html: bool,
    pub settings: &'a Settings,
    pub markdown: &'a MarkdownOptions,
}

impl Renderer<'_> {
    pub fn new<'a>(ctx: &'a Context, settings: &'a Settings) -> Renderer<'a> {
        Renderer {
            html: ctx.renders_html(),
            settings,
            markdown: &ctx.markdown,
        }
    }

    /// All splices of the book.
    pub fn edits(&self, chapters: &[Chapter], pages: &[Page]) -> Edits {
        let mut edits = Edits::default();
        for page in pages {
            let Some(text) = chapters.get(page.index).map(|c| c.content.as_str()) else {
                continue;
            };
            let mut touched = false;
            if let Some(splice) = page.placement.as_ref().and_then(|p| self.top_of_page(text, page, p)) {
                edits.splice(page.index, splice);
                touched = true;
            }
            for badge in &page.badges {
                edits.splice(page.index, Splice::new(badge.range.clone(), self.badge(&badge.status)));
                touched = true;
            }
            for report in &page.reports {
                let table = self.report(page, pages);
                edits.splice(page.index, Splice::block(text, report.range.clone(), &table));
                touched = true;
            }
            if touched && self.html {
                edits.needs_stylesheet(page.index);
            }
        }
        edits
    }

    /// A status badge: the words always; the colour comes from the
    /// stylesheet's rule for its `data-status` (the palette is CSS).
    pub fn badge(&self, status: &Status) -> String {
        let case = self.settings.status_case;
        if self.html {
            status::badge_html_in(status, case)
        } else {
            status::badge_text_in(status, case)
        }
    }

    /// Banners and the card, replacing the header block or inserted under the title.
    fn top_of_page(&self, text: &str, page: &Page, placement: &Placement) -> Option<Splice> {
        let banners = self.banners(page);
        match (placement, self.html) {
            (Placement::Replace(range), true) => Some(Splice::block(
                text,
                range.clone(),
                &format!("{banners}{}\n", self.card(page)),
            )),
            // Other renderers keep the header block: it already is the plain-text card.
            (Placement::Replace(range), false) => {
                (!banners.is_empty()).then(|| Splice::block(text, range.start..range.start, &banners))
            }
            (Placement::Insert(at), _) => {
                let lead = if *at > 0 && !text[..*at].ends_with('\n') {
                    "\n"
                } else {
                    ""
                };
                let block = format!("{lead}{banners}{}\n", self.card(page));
                Some(Splice::block(text, *at..*at, &block))
            }
        }
    }

    /// Lifecycle, replacement and overdue banners. HTML banners are consecutive
    /// lines of the card's block; markdown ones are quotes ending in a blank line.
    fn banners(&self, page: &Page) -> String {
        let banner_text = |word: &str| self.settings.banners.get(word).filter(|t| !t.is_empty());
        let mut out = String::new();
        let lifecycle = page.lifecycle().and_then(|w| banner_text(w).map(|t| (w, t)));
        let lifecycle = lifecycle.or_else(|| {
            page.replacement
                .as_ref()
                .and_then(|_| banner_text("superseded").map(|t| ("superseded", t)))
        });
        if let Some((word, text)) = lifecycle {
            let link = page.replacement.as_ref().map(|r| self.replacement(page, r));
            let extra = link.map(|l| format!(" Replaced by {l}.")).unwrap_or_default();
            self.banner(&mut out, word, &capitalize(word), text, &extra);
        }
        let overdue = page.review.as_ref().filter(|r| r.overdue);
        if let Some((review, text)) = overdue.and_then(|r| banner_text("overdue").map(|t| (r, t))) {
            let text = text.replace("{date}", &review.due.to_string());
            self.banner(&mut out, "overdue", "Overdue for review", &text, "");
        }
        out
    }

    /// `extra` is already rendered (a link).
    fn banner(&self, out: &mut String, word: &str, label: &str, text: &str, extra: &str) {
        if self.html {
            let _ = writeln!(
                out,
                "<div class=\"hb-banner\" role=\"note\" data-status=\"{}\"><strong>{}:</strong> {}{extra}</div>",
                escape(word),
                escape(label),
                escape(text)
            );
        } else {
            let _ = write!(out, "> **{label}:** {text}{extra}\n\n");
        }
    }

    fn replacement(&self, page: &Page, replacement: &Replacement) -> String {
        match replacement {
            Replacement::Page { name, path, anchor } => {
                let href = format!(
                    "{}{anchor}",
                    handbook_core::links::relative_href(&page.path, path, self.html)
                );
                if self.html {
                    handbook_core::html::link(&href, name)
                } else {
                    format!("[{}](<{href}>)", markdown_text(name))
                }
            }
            Replacement::External(url) if self.html => match handbook_core::html::href(url) {
                Some(href) => format!("<a href=\"{href}\">{}</a>", escape(url)),
                None => escape(url).into_owned(),
            },
            Replacement::External(url) => format!("<{url}>"),
            Replacement::Unresolved(text) if self.html => escape(text).into_owned(),
            Replacement::Unresolved(text) => text.clone(),
        }
    }

    /// The compact card: every fact, the status as a badge, review dates marked.
    fn card(&self, page: &Page) -> String {
        let mut rows: Vec<(String, String)> = Vec::new();
        for fact in &page.facts {
            let value = match fact.role {
                Role::Status => page.status.as_ref().map_or_else(String::new, |s| self.badge(s)),
                Role::SupersededBy => match &page.replacement {
                    Some(r) => self.replacement(page, r),
                    None => self.value(&fact.value),
                },
                Role::NextReview => self.review_value(page, self.value(&fact.value)),
                _ => self.value(&fact.value),
            };
            rows.push((fact.label.clone(), value));
        }
        if let (Some(review), None) = (&page.review, page.fact(Role::NextReview)) {
            rows.push((
                "Next review".to_owned(),
                self.review_value(page, review.due.to_string()),
            ));
        }
        if !self.html {
            let lines: Vec<String> = rows
                .iter()
                .map(|(k, v)| format!("**{}:** {v}", markdown_text(k)))
                .collect();
            return format!("{}\n", lines.join("\\\n"));
        }
        let mut out = format!(
            "<div class=\"hb-card hb-page-card\" data-status=\"{}\"><dl>\n",
            escape(page.lifecycle().unwrap_or("unknown"))
        );
        for (label, value) in rows {
            let _ = writeln!(out, "<dt>{}</dt><dd>{value}</dd>", escape(&label));
        }
        out.push_str("</dl></div>\n");
        out
    }

    fn review_value(&self, page: &Page, value: String) -> String {
        match (&page.review, self.html) {
            (Some(r), true) if r.overdue => format!("{value} <strong class=\"hb-overdue\">overdue</strong>"),
            (Some(r), false) if r.overdue => format!("{value} (overdue)"),
            _ => value,
        }
    }

    /// A metadata value: inline markdown (links, emphasis, code) rendered and escaped in HTML.
    fn value(&self, value: &str) -> String {
        if self.html {
            inline_html(value, self.markdown)
        } else {
            value.to_owned()
        }
    }

    /// The dashboard: every page but skipped ones and the dashboard itself,
    /// overdue pages first (longest overdue first), then in book order.
    fn report(&self, here: &Page, pages: &[Page]) -> String {
        let mut rows: Vec<&Page> = pages
            .iter()
            .filter(|p| !p.skipped && p.reports.is_empty() && p.index != here.index)
            .collect();
        rows.sort_by_key(|p| match &p.review {
            Some(r) if r.overdue => (0, Some(r.due)),
            _ => (1, None),
        });
        let overdue = rows
            .iter()
            .filter(|p| p.review.as_ref().is_some_and(|r| r.overdue))
            .count();
        let without = rows.iter().filter(|p| p.status.is_none()).count();
        let summary = format!(
            "{} pages · {overdue} overdue for review · {without} without a status",
            rows.len()
        );
        let cells = |p: &Page| -> [String; 5] {
            let link = handbook_core::links::relative_href(&here.path, &p.path, self.html);
            let page_cell = if self.html {
                handbook_core::html::link(&link, &p.name)
            } else {
                format!("[{}](<{link}>)", markdown_text(&p.name))
            };
            let next = p.review.as_ref().map(|r| r.due.to_string()).unwrap_or_default();
            let text = |t: &str| {
                if self.html {
                    escape(t).into_owned()
                } else {
                    markdown_text(t)
                }
            };
            [
                page_cell,
                p.status
                    .as_ref()
                    .map(|s| {
                        if self.html {
                            self.badge(s)
                        } else {
                            self.badge(s).replace('|', "\\|")
                        }
                    })
                    .unwrap_or_default(),
                // The card shows these as markdown; a report cell on another page shows their text.
                text(&inline_text(p.owner.as_deref().unwrap_or_default())),
                text(&inline_text(p.last_updated.as_deref().unwrap_or_default())),
                self.review_value(p, next),
            ]
        };
        let head = ["Page", "Status", "Owner", "Last updated", "Next review"];
        let mut out = String::new();
        if self.html {
            let _ = writeln!(out, "<div class=\"hb-status-report\"><p>{summary}</p><table>");
            let _ = writeln!(
                out,
                "<thead><tr><th>{}</th></tr></thead><tbody>",
                head.join("</th><th>")
            );
            for p in rows {
                let class = if p.review.as_ref().is_some_and(|r| r.overdue) {
                    " class=\"hb-overdue-row\""
                } else {
                    ""
                };
                let _ = writeln!(out, "<tr{class}><td>{}</td></tr>", cells(p).join("</td><td>"));
            }
            out.push_str("</tbody></table></div>\n\n");
        } else {
            let _ = write!(out, "{summary}\n\n| {} |\n|---|---|---|---|---|\n", head.join(" | "));
            for p in rows {
                let _ = writeln!(out, "| {} |", cells(p).join(" | "));
            }
            out.push('\n');
        }
        out
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Renders a one-line metadata value: links (`.md` targets pointed at their
/// `.html` page), emphasis and code; everything else is escaped text, raw
/// HTML included.
pub fn inline_html(value: &str, options: &MarkdownOptions) -> String {
    if !value.contains(['[', '*', '_', '`', '<', '&', '\\', '~', '!', '>']) {
        return escape(value.trim()).into_owned();
    }
    let mut out = String::with_capacity(value.len() + 16);
    // A front matter value is book data: a script link in it shows as text only
    // (scan reported it as `unsafe-url`).
    let mut script_link = false;
    for (event, _) in markdown::parse(value, options) {
        match event {
            Event::Text(t) => out.push_str(&escape(&t)),
            Event::Code(c) => {
                let _ = write!(out, "<code>{}</code>", escape(&c));
            }
            Event::Html(h) | Event::InlineHtml(h) => out.push_str(&escape(&h)),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Emphasis) => out.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => out.push_str("</em>"),
            Event::Start(Tag::Strong) => out.push_str("<strong>"),
            Event::End(TagEnd::Strong) => out.push_str("</strong>"),
            Event::Start(Tag::Strikethrough) => out.push_str("<del>"),
            Event::End(TagEnd::Strikethrough) => out.push_str("</del>"),
            Event::Start(Tag::Link { dest_url, .. }) if handbook_core::html::safe_url(&dest_url).is_err() => {
                script_link = true;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let _ = write!(out, "<a href=\"{}\">", escape(&html_target(&dest_url)));
            }
            Event::End(TagEnd::Link) if script_link => script_link = false,
            Event::End(TagEnd::Link) => out.push_str("</a>"),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// `page.md#x` → `page.html#x` for relative links, as mdBook does for markdown links.
fn html_target(dest: &str) -> String {
    let (file, anchor) = links::split_anchor(dest);
    let scheme = file.split_once(':').is_some_and(|(s, _)| !s.contains('/'));
    match file.strip_suffix(".md") {
        Some(stem) if !scheme && !Path::new(file).is_absolute() => format!("{stem}.html{anchor}"),
        _ => dest.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_values_keep_links_and_escape_the_rest() {
        let o = MarkdownOptions::default();
        assert_eq!(
            inline_html("[Ana](people/ana.md#top) & *Bo* `x<y`", &o),
            "<a href=\"people/ana.html#top\">Ana</a> &amp; <em>Bo</em> <code>x&lt;y</code>"
        );
        assert_eq!(
            inline_html("<script>alert(1)</script>", &o),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            inline_html("[Ana](javascript:alert(1)) and [Bo](bo.md)", &o),
            "Ana and <a href=\"bo.html\">Bo</a>"
        );
        assert_eq!(html_target("https://x.invalid/a.md"), "https://x.invalid/a.md");
        assert_eq!(markdown_text("a|b [c]"), "a\\|b \\[c\\]");
        assert_eq!(capitalize("deprecated"), "Deprecated");
    }
}

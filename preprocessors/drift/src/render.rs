//! The drift model into splices: a banner on each stale page, and the
//! `{{#drift-report}}` table of every page that says what it describes.

use crate::check::{PageDrift, State, commits_word};
use crate::code_cites::CodeCite;
use crate::scan::Page;
use handbook_core::html::{self, escape};
use handbook_core::protocol::{Context, Edits};
use handbook_core::{Chapter, Splice, links};
use std::fmt::Write as _;
use std::path::Path;

pub struct Renderer<'a> {
    pub ctx: &'a Context,
    pub chapters: &'a [Chapter],
    pub banner: &'a str,
}

impl Renderer<'_> {
    pub fn edits(&self, pages: &[Page], drift: &[Option<PageDrift>], code: &[CodeCite]) -> Edits {
        let mut edits = Edits::default();
        let html = self.ctx.renders_html();
        for (page, found) in pages.iter().zip(drift) {
            let Some(chapter) = self.chapters.get(page.index) else {
                continue;
            };
            if let Some(stale) = found
                .as_ref()
                .and_then(|d| d.stale.as_ref())
                .filter(|_| !self.banner.is_empty())
            {
                // Values from git are text, never markup, in the markdown
                // banner too (the HTML one is escaped whole).
                let value = |v: String| {
                    if html {
                        v
                    } else {
                        handbook_core::markdown::escape_text(&v)
                    }
                };
                let text = self
                    .banner
                    .replace("{count}", &commits_word(stale.count))
                    .replace("{files}", &value(stale.files.join(", ")))
                    .replace("{since}", &value(stale.since.clone()))
                    .replace(
                        "{latest}",
                        &value(format!("{} '{}'", stale.latest.short_hash(), stale.latest.subject)),
                    )
                    .replace("{date}", stale.latest.day());
                let at = chapter.outline(&self.ctx.markdown).under_title;
                edits.splice(page.index, banner_splice(&chapter.content, at, &text, html));
                edits.needs_stylesheet(page.index);
            }
            for directive in &page.reports {
                let from = chapter.path.as_deref().unwrap_or(&page.source_path);
                let body = self.report(from, pages, drift, code, html);
                edits.splice(
                    page.index,
                    Splice::block(&chapter.content, directive.range.clone(), &body),
                );
                edits.needs_stylesheet(page.index);
            }
        }
        edits
    }

    fn report(
        &self,
        from: &Path,
        pages: &[Page],
        drift: &[Option<PageDrift>],
        code: &[CodeCite],
        html: bool,
    ) -> String {
        let mut rows: Vec<(&Page, &PageDrift)> = pages
            .iter()
            .zip(drift)
            .filter_map(|(p, d)| d.as_ref().map(|d| (p, d)))
            .collect();
        let rank = |s: State| match s {
            State::Missing => 0,
            State::Stale => 1,
            State::Unknown => 2,
            State::Fresh => 3,
        };
        rows.sort_by_key(|(p, d)| (rank(d.state), p.index));
        let mut out = String::new();
        if rows.is_empty() {
            let note = "No page says what it describes yet.";
            return if html {
                format!("<p class=\"hb-drift-empty\">{note}</p>\n")
            } else {
                format!("{note}\n")
            };
        }
        let link = |page: &Page| {
            let to = self
                .chapters
                .get(page.index)
                .and_then(|c| c.path.as_deref())
                .unwrap_or(&page.source_path);
            (links::relative_href(from, to, html), page.title.clone())
        };
        if html {
            out.push_str("<table class=\"hb-drift-report\"><thead><tr><th>Page</th><th>Drift</th><th>Details</th></tr></thead><tbody>\n");
            for (page, d) in &rows {
                let (href, title) = link(page);
                let _ = writeln!(
                    out,
                    "<tr data-drift=\"{}\"><td>{}</td><td>{}</td><td>{}</td></tr>",
                    d.state.word(),
                    html::link(&href, &title),
                    d.state.word(),
                    code_spans(&details(d))
                );
            }
            for c in code {
                let _ = writeln!(
                    out,
                    "<tr data-drift=\"code\"><td><code>{}:{}</code></td><td>code</td><td>{}</td></tr>",
                    escape(&c.path),
                    c.line,
                    code_spans(&c.message)
                );
            }
            out.push_str("</tbody></table>\n");
        } else {
            out.push_str("| Page | Drift | Details |\n|---|---|---|\n");
            for (page, d) in &rows {
                let (href, title) = link(page);
                let _ = writeln!(
                    out,
                    "| [{}](<{href}>) | {} | {} |",
                    title_cell(&title),
                    d.state.word(),
                    cell(&details(d))
                );
            }
            for c in code {
                let _ = writeln!(out, "| `{}:{}` | code | {} |", cell(&c.path), c.line, cell(&c.message));
            }
        }
        out
    }
}

/// Escaped, with `backticked` words as `<code>`.
fn code_spans(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| match i % 2 {
            1 => format!("<code>{}</code>", escape(part)),
            _ => escape(part).into_owned(),
        })
        .collect()
}

/// A page title as markdown text in a table cell: its markup shown as
/// written (`escape_text` also escapes the `|` that would end the cell).
fn title_cell(title: &str) -> String {
    handbook_core::markdown::escape_text(title).replace(['\n', '\r'], " ")
}

fn cell(text: &str) -> String {
    handbook_core::table_cell::escape(text, handbook_core::table_cell::Content::Markdown)
}

fn details(d: &PageDrift) -> String {
    let mut parts: Vec<String> = d.missing.clone();
    if let Some(s) = &d.stale {
        parts.push(format!(
            "{} since {} (latest {} '{}', {}) in {}",
            commits_word(s.count),
            s.since,
            s.latest.short_hash(),
            s.latest.subject,
            s.latest.day(),
            s.files.join(", ")
        ));
    }
    if parts.is_empty() {
        parts.push(match d.state {
            State::Unknown => "not checked: no usable git history".to_owned(),
            _ => "matches the code".to_owned(),
        });
    }
    parts.join("; ")
}

/// The banner goes at `at`, under the title ([`Outline::under_title`](handbook_core::outline::Outline)),
/// as a block of its own.
fn banner_splice(text: &str, at: usize, banner: &str, html: bool) -> Splice {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let block = if html {
        format!(
            "<div class=\"hb-banner\" role=\"note\" data-drift=\"stale\"><strong>Out of date:</strong> {}</div>",
            escape(banner)
        )
    } else {
        format!("> **Out of date:** {banner}")
    };
    let lead = if at == 0 || text[..at].ends_with('\n') { "" } else { eol };
    // A blank line on each side, and no more: the page's own blank line counts.
    let blank_follows = text[at..].starts_with('\n') || text[at..].starts_with("\r\n");
    let tail = if blank_follows {
        eol.to_owned()
    } else {
        format!("{eol}{eol}")
    };
    Splice::insert(at, format!("{lead}{eol}{block}{tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_in_the_markdown_report_is_text() {
        assert_eq!(title_cell("*A* | b\nc"), "\\*A\\* \\| b c");
    }

    fn banner(text: &str) -> String {
        let at = handbook_core::outline::Outline::read(text, &Default::default()).under_title;
        let splice = banner_splice(text, at, "B", false);
        apply_splices_or_panic(text, splice)
    }

    fn apply_splices_or_panic(text: &str, splice: Splice) -> String {
        handbook_core::apply_splices(text, &[splice]).unwrap()
    }

    #[test]
    fn the_banner_goes_under_the_title_as_a_block_of_its_own() {
        assert_eq!(banner("# Café ☕"), "# Café ☕\n\n> **Out of date:** B\n\n");
        assert_eq!(
            banner("# T\r\n\r\nText.\r\n"),
            "# T\r\n\r\n> **Out of date:** B\r\n\r\nText.\r\n"
        );
        assert_eq!(banner("# T\nText.\n"), "# T\n\n> **Out of date:** B\n\nText.\n");
        assert_eq!(banner("Text first.\n"), "\n> **Out of date:** B\n\nText first.\n");
    }
}

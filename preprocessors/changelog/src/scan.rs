//! Chapters to requests: which `{{#changelog ...}}` directives a book has,
//! what each asks for, and the entries of every page's front matter.
//! Scanning never fails; problems become diagnostics and the directive stays.

use crate::entry::{self, Entry, SourceLines};
use handbook_core::date::parse_period;
use handbook_core::directive::{self, Directive};
use handbook_core::meta::normalize_key;
use handbook_core::protocol::Context;
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use jiff::Span;
use std::ops::Range;

/// What one directive asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// `{{#changelog}}`: the page's own `changelog:` front matter.
    Page,
    /// `{{#changelog file=path}}`: a TOML or YAML data file.
    File(String),
    /// `{{#changelog git}}`, optionally `limit=N`: the commits that touched the page.
    Git { limit: Option<usize> },
    /// `{{#changelog recent N}}` or `{{#changelog recent 30 days}}`: the whole book, grouped by page.
    Recent(Recent),
    /// `{{#changelog last-updated}}`: one inline line from git.
    LastUpdated,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Recent {
    Count(usize),
    /// A period as written (`30 days`); it parses (checked at scan time).
    Within(String),
}

impl Recent {
    pub fn period(&self) -> Option<Span> {
        match self {
            Recent::Count(_) => None,
            Recent::Within(text) => parse_period(text),
        }
    }
}

impl Source {
    pub fn needs_git(&self) -> bool {
        matches!(self, Source::Git { .. } | Source::Recent(_) | Source::LastUpdated)
    }

    /// Tables and lists replace their line; `last-updated` may sit in a sentence.
    fn is_block(&self) -> bool {
        !matches!(self, Source::LastUpdated)
    }
}

#[derive(Debug, Clone)]
pub struct Request {
    pub chapter: usize,
    pub source: Source,
    pub range: Range<usize>,
    pub line: usize,
}

const USAGE: &str = "write `{{#changelog}}`, `{{#changelog file=log.toml}}`, `{{#changelog git}}`, \
                     `{{#changelog recent 10}}`, `{{#changelog recent 30 days}}` or `{{#changelog last-updated}}`";

/// Every well-formed directive of the book, in book order.
pub fn requests(ctx: &Context, chapters: &[Chapter], diagnostics: &mut Diagnostics) -> Vec<Request> {
    let mut out = Vec::new();
    for (index, chapter) in chapters.iter().enumerate().filter(|(_, c)| !c.is_draft()) {
        for found in directive::find(chapter, &["changelog"], &ctx.markdown) {
            let warn = |message: String| {
                Diagnostic::new(Level::Warning, "changelog-directive", message)
                    .at(ctx.display_path(chapter), found.line)
            };
            match parse(&found) {
                Ok(source) if source.is_block() && !found.is_alone_on_its_line(&chapter.content) => {
                    diagnostics.push(warn(format!(
                        "`{}` renders a table, so it must stand alone on its line; it is left as written",
                        &chapter.content[found.range.clone()]
                    )));
                }
                Ok(source) => out.push(Request {
                    chapter: index,
                    source,
                    range: found.range.clone(),
                    line: found.line,
                }),
                Err(message) => diagnostics.push(warn(format!("{message}; {USAGE}"))),
            }
        }
    }
    out
}

fn parse(found: &Directive) -> Result<Source, String> {
    let words = found.words();
    let rest = |from: usize| words.get(from..).unwrap_or_default();
    match words.first().map(String::as_str) {
        None => Ok(Source::Page),
        Some("git") => {
            let mut limit = None;
            for w in rest(1) {
                match w.strip_prefix("limit=").map(str::parse::<usize>) {
                    Some(Ok(n)) if n > 0 => limit = Some(n),
                    _ => return Err(format!("`{w}` is not an option of `git` (try `limit=10`)")),
                }
            }
            Ok(Source::Git { limit })
        }
        Some("recent") => {
            let spec = rest(1).join(" ");
            if let Some(n) = spec.parse::<usize>().ok().filter(|n| *n > 0) {
                return Ok(Source::Recent(Recent::Count(n)));
            }
            parse_period(&spec)
                .map(|_| Source::Recent(Recent::Within(spec.clone())))
                .ok_or_else(|| {
                    format!("`recent {spec}` needs a count or a period, like `recent 10` or `recent 30 days`")
                })
        }
        Some("last-updated") if words.len() == 1 => Ok(Source::LastUpdated),
        Some(w) if w.starts_with("file=") && words.len() == 1 => {
            let path = &w["file=".len()..];
            if path.is_empty() {
                Err("`file=` needs a path".to_owned())
            } else {
                Ok(Source::File(path.to_owned()))
            }
        }
        Some(_) => Err(format!("`{{{{#changelog {}}}}}` is not understood", found.args)),
    }
}

/// A page's change-log entries, checked (diagnostics at the page's lines):
/// its `changelog:` front matter and the change-log tables it keeps under a
/// "Change Log" or "Revision history" heading. `None` when it has neither.
pub fn page_entries(ctx: &Context, chapter: &Chapter, diagnostics: &mut Diagnostics) -> Option<Vec<Entry>> {
    let mut in_front_matter = Vec::new();
    let written = front_matter_entries(chapter, &mut in_front_matter);
    let mut in_text = Vec::new();
    let table = crate::table::rows(&chapter.content, || chapter.outline(&ctx.markdown)).map(|rows| {
        let (entries, found) = entry::read_rows(&rows);
        in_text.extend(found);
        entries
    });
    for (p, counts_front_matter) in in_front_matter
        .into_iter()
        .map(|p| (p, true))
        .chain(in_text.into_iter().map(|p| (p, false)))
    {
        let d = Diagnostic::new(Level::Warning, p.code, p.message).at(ctx.display_path(chapter), p.line);
        diagnostics.push(if counts_front_matter {
            d.counting_front_matter()
        } else {
            d
        });
    }
    match (written, table) {
        (Some(mut a), Some(b)) => {
            a.extend(b);
            entry::sort(&mut a);
            Some(a)
        }
        (a, b) => a.or(b),
    }
}

/// Problems come at lines of the front matter block (the file's first lines).
fn front_matter_entries(chapter: &Chapter, problems: &mut Vec<entry::EntryProblem>) -> Option<Vec<Entry>> {
    let fm = chapter.front_matter()?;
    let value = fm
        .fields
        .iter()
        .find(|(k, _)| normalize_key(k) == "changelog")
        .map(|(_, v)| v)?;
    let lines = SourceLines::find(&fm.block, 1, fm.lines(), true);
    let items = match value {
        serde_json::Value::Array(items) => items.clone(),
        serde_json::Value::Object(_) => vec![value.clone()],
        other => vec![other.clone()],
    };
    let (entries, found) = entry::read_entries(&items, &lines);
    problems.extend(found);
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use handbook_core::Chapter;
    use serde_json::json;

    fn ctx() -> Context {
        Context::new("/b".into(), "html", "0.5.4", json!({}))
    }

    #[test]
    fn directives_become_requests_or_warnings() {
        let text = "# T\n\n{{#changelog}}\n\n> {{#changelog git limit=3}}\n\nSee {{#changelog git}} here.\n\n\
                    Updated {{#changelog last-updated}}.\n\n{{#changelog recent 2 weeks}}\n\n{{#changelog recent 0}}\n\n\
                    {{#changelog file=../log.toml}}\n\n{{#changelog frobnicate}}\n\n`{{#changelog}}`\n";
        let chapters = [Chapter::synthetic("T", "t.md", text)];
        let mut d = Diagnostics::new();
        let got: Vec<_> = requests(&ctx(), &chapters, &mut d)
            .into_iter()
            .map(|r| (r.source, r.line))
            .collect();
        assert_eq!(
            got,
            [
                (Source::Page, 3),
                (Source::Git { limit: Some(3) }, 5),
                (Source::LastUpdated, 9),
                (Source::Recent(Recent::Within("2 weeks".into())), 11),
                (Source::File("../log.toml".into()), 15),
            ]
        );
        let lines: Vec<_> = d.iter().map(|x| (x.code, x.line.unwrap_or(0))).collect();
        assert_eq!(
            lines,
            [
                ("changelog-directive", 7),
                ("changelog-directive", 13),
                ("changelog-directive", 17)
            ]
        );
    }
}

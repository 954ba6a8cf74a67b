//! From requests to splices: one git pass if anything asks for it, then
//! each directive replaced by its table, list or line.

use crate::config::ChangelogConfig;
use crate::data_file::{DataFiles, Place};
use crate::entry::Entry;
use crate::git::{self, GitProblem, Pages};
use crate::recent;
use crate::render;
use crate::scan::{Request, Source};
use handbook_core::protocol::{Context, Edits};
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level, Splice, markdown};
use std::path::PathBuf;
use std::time::Duration;

const SHALLOW: &str = "the repository is a shallow clone, so page histories stop at the clone's depth \
                       and pages look recently changed; fetch the full history before building: \
                       `fetch-depth: 0` for actions/checkout in GitHub Actions, `GIT_DEPTH: 0` in GitLab CI, \
                       or `git fetch --unshallow` (`shallow-clone = \"info\"` in book.toml quiets this)";

/// Reads the build's one git pass when a directive or `last-updated = true` needs it.
pub(crate) fn history<'a>(
    ctx: &'a Context,
    config: &ChangelogConfig,
    chapters: &[Chapter],
    requests: &[Request],
    diagnostics: &mut Diagnostics,
) -> Option<Pages<'a>> {
    let (where_, line, what) = match requests.iter().find(|r| r.source.needs_git()) {
        Some(r) => (
            ctx.display_path(&chapters[r.chapter]),
            Some(r.line),
            format!("`{}`", &chapters[r.chapter].content[r.range.clone()]),
        ),
        None if config.last_updated => (PathBuf::from("book.toml"), None, "`last-updated = true`".to_owned()),
        None => return None,
    };
    let at = |d: Diagnostic| match line {
        Some(l) => d.at(&where_, l),
        None => d.in_file(&where_),
    };
    let (code, message) = match ctx.git_history(Duration::from_secs(config.git_timeout)) {
        Ok(h) => {
            let h = h.pages(config.follow_renames);
            if let (true, Some(level)) = (h.shallow(), config.shallow_clone.level()) {
                diagnostics.push(at(Diagnostic::new(level, "changelog-shallow-clone", SHALLOW)));
            }
            return Some(h);
        }
        Err(GitProblem::NotARepository) => {
            if let Some(level) = config.outside_git.level() {
                let message = format!(
                    "{what} asks for git history, but the book is not inside a git repository; \
                     git tables show a note instead and the other change-log sources still work \
                     (`outside-git = \"info\"` in book.toml quiets this)"
                );
                diagnostics.push(at(Diagnostic::new(level, "changelog-no-git", message)));
            }
            return None;
        }
        Err(GitProblem::NotInstalled) => (
            "changelog-no-git",
            format!(
                "{what} asks for git history, but the `git` program was not found on PATH; \
                 install git (e.g. `apt-get install git`) to get page histories"
            ),
        ),
        Err(GitProblem::TimedOut(s)) => (
            "changelog-git-failed",
            format!("`git log` did not finish within {s} s (key `git-timeout`); git tables show a note"),
        ),
        Err(GitProblem::Failed(m)) => ("changelog-git-failed", format!("{m}; git tables show a note")),
    };
    diagnostics.push(at(Diagnostic::new(Level::Warning, code, message)));
    None
}

/// Everything a directive may draw on.
pub(crate) struct Book<'a> {
    pub ctx: &'a Context,
    pub config: &'a ChangelogConfig,
    pub chapters: &'a [Chapter],
    pub entries: &'a [Option<Vec<Entry>>],
    pub history: Option<Pages<'a>>,
}

const NO_GIT: &str = "No git history is available for this build.";

impl<'a> Book<'a> {
    pub(crate) fn edits(&self, requests: &[Request], diagnostics: &mut Diagnostics) -> Edits {
        let mut edits = Edits::default();
        let html = self.ctx.renders_html();
        let mut files = DataFiles::default();
        for r in requests {
            let chapter = &self.chapters[r.chapter];
            let body = match &r.source {
                Source::LastUpdated => {
                    let text = match self.last_updated(r.chapter, chapter, html) {
                        Some(text) => text,
                        None if self.history.is_some() => "Not yet committed".to_owned(),
                        None => "Last updated: unknown".to_owned(),
                    };
                    edits.splice(r.chapter, Splice::new(r.range.clone(), text));
                    edits.needs_stylesheet(r.chapter);
                    continue;
                }
                Source::Page => self.page_table(r, diagnostics),
                Source::File(path) => {
                    let place = Place {
                        book_root: &self.ctx.root,
                        src_dir: &self.ctx.src_dir(),
                        chapter,
                        shown_as: self.ctx.display_path(chapter),
                        line: r.line,
                    };
                    files
                        .entries(path, &place, diagnostics)
                        .map(|entries| render::entries_table(entries, html))
                }
                Source::Git { limit } => Some(match (self.history, chapter.source_path.as_deref()) {
                    (Some(h), Some(source)) => {
                        let commits: Vec<_> = h.for_source(source).take(limit.unwrap_or(usize::MAX)).collect();
                        render::commits_table(&commits, self.config, html)
                    }
                    _ => render::empty_note(NO_GIT, html),
                }),
                Source::Recent(which) => self.recent(r, which, diagnostics),
            };
            if let Some(body) = body {
                edits.splice(r.chapter, block_splice(&chapter.content, r, &body, html));
                edits.needs_stylesheet(r.chapter);
            }
        }
        if self.config.last_updated {
            self.last_updated_lines(requests, &mut edits);
        }
        edits
    }

    fn newest(&self, chapter: &Chapter) -> Option<&'a git::Commit> {
        self.history?.for_source(chapter.source_path.as_deref()?).next()
    }

    /// "Last updated ..." from the page's newest commit, else from the newest
    /// dated entry of its own change log (front matter or its table).
    fn last_updated(&self, index: usize, chapter: &Chapter, html: bool) -> Option<String> {
        if let Some(commit) = self.newest(chapter) {
            return Some(render::last_updated(commit, self.config, html));
        }
        let entries = self.entries.get(index).and_then(Option::as_ref)?;
        let newest = entries.iter().filter(|e| e.date.is_some()).max_by_key(|e| e.date)?;
        Some(render::last_updated_entry(newest, html))
    }

    fn page_table(&self, r: &Request, diagnostics: &mut Diagnostics) -> Option<String> {
        let chapter = &self.chapters[r.chapter];
        match self.entries.get(r.chapter).and_then(Option::as_ref) {
            Some(entries) if entries.is_empty() => {
                Some(render::empty_note("No changes recorded yet.", self.ctx.renders_html()))
            }
            Some(entries) => Some(render::entries_table(entries, self.ctx.renders_html())),
            None => {
                diagnostics.push(
                    Diagnostic::new(
                        Level::Warning,
                        "changelog-no-entries",
                        "`{{#changelog}}` shows the page's `changelog:` front matter or its change-log table \
                         (under a \"Change Log\" or \"Revision History\" heading), and this page has neither; \
                         add entries (version, date, changes, author) or use `{{#changelog file=...}}`; \
                         the directive is left as written",
                    )
                    .at(self.ctx.display_path(chapter), r.line),
                );
                None
            }
        }
    }

    fn recent(&self, r: &Request, which: &crate::scan::Recent, diagnostics: &mut Diagnostics) -> Option<String> {
        let today = match handbook_core::date::today(self.config.today.as_deref()) {
            Ok(d) => d,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::new(Level::Error, "changelog-today", e)
                        .at(self.ctx.display_path(&self.chapters[r.chapter]), r.line),
                );
                return None;
            }
        };
        let html = self.ctx.renders_html();
        let pages = recent::collect(self.chapters, self.entries, self.history, r.chapter, which, today, html);
        Some(render::recent_list(&pages, self.config, html))
    }

    /// `last-updated = true`: a line at the end of every page git knows,
    /// unless the page places its own with `{{#changelog last-updated}}`.
    fn last_updated_lines(&self, requests: &[Request], edits: &mut Edits) {
        let html = self.ctx.renders_html();
        for (i, chapter) in self.chapters.iter().enumerate().filter(|(_, c)| !c.is_draft()) {
            let placed = requests
                .iter()
                .any(|r| r.chapter == i && r.source == Source::LastUpdated);
            if placed {
                continue;
            }
            // The line first: the fence check parses the page, and most
            // pages have no line to add (no git, no dated entries).
            let Some(line) = self.last_updated(i, chapter, html) else {
                continue;
            };
            if ends_in_open_fence(chapter, self.ctx) {
                continue;
            }
            let text = &chapter.content;
            let gap = if text.ends_with("\n\n") || text.ends_with("\r\n\r\n") || text.is_empty() {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            let line = if html {
                format!("{gap}<p class=\"hb-last-updated-line\">{line}</p>\n")
            } else {
                format!("{gap}{line}\n")
            };
            let line = if text.contains("\r\n") {
                line.replace('\n', "\r\n")
            } else {
                line
            };
            edits.splice(i, Splice::insert(text.len(), line));
            edits.needs_stylesheet(i);
        }
    }
}

/// A fenced code block left open runs to the end of the page; a line added
/// there would show as code.
fn ends_in_open_fence(chapter: &Chapter, ctx: &Context) -> bool {
    let text = &chapter.content;
    if !markdown::may_have_fence(text) {
        return false;
    }
    let outline = chapter.outline(&ctx.markdown);
    let open = outline
        .code_blocks
        .iter()
        .rfind(|b| b.info.is_some())
        .map(|b| b.range.clone());
    open.is_some_and(|r| {
        r.end >= text.trim_end().len() && {
            let last = text[r.clone()].trim_end().lines().last().unwrap_or("").trim();
            let first = text[r.start..].trim_start().chars().next().unwrap_or('`');
            !(last.len() >= 3 && last.chars().all(|c| c == first))
        }
    })
}

fn blank(line: &str) -> bool {
    line.trim_matches(|c: char| c == '>' || c.is_whitespace()).is_empty()
}

/// The directive's line replaced by a block, with a blank line after it
/// when the container goes on (an HTML block runs until one) and, for a
/// markdown table, before it.
fn block_splice(text: &str, r: &Request, body: &str, html: bool) -> Splice {
    let line_start = text[..r.range.start].rfind('\n').map_or(0, |i| i + 1);
    let previous_blank = line_start == 0 || blank(text[..line_start - 1].rsplit('\n').next().unwrap_or(""));
    let next = text[r.range.end..].split_inclusive('\n').nth(1);
    // An HTML block runs on through every following line of its container.
    let prefix = handbook_core::splice::container_prefix(text, r.range.start);
    let prefix = if prefix.ends_with(['>', ' ']) && prefix.trim_end().ends_with('>') {
        prefix.trim_end()
    } else {
        prefix.as_str()
    };
    let next_continues = next.is_some_and(|l| !blank(l) && l.starts_with(prefix));
    let mut out = String::with_capacity(body.len() + 2);
    if !html && !previous_blank {
        out.push('\n');
    }
    out.push_str(body);
    if next_continues {
        out.push('\n');
    }
    Splice::block(text, r.range.clone(), &out)
}

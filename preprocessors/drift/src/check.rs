//! The drift model checked against the repository and its history: which
//! described things are missing, which pages are stale, which citations
//! point at retired decisions. Diagnostics here; splices in `render.rs`.

use crate::repo::{Repo, has_word};
use crate::scan::paths::Layout;
use crate::scan::{Page, Reviewed};
use handbook_core::facts::{DecisionFact, Facts};
use handbook_core::git::{Commit, History};
use handbook_core::{Diagnostic, Diagnostics, Level};
use std::collections::{BTreeSet, HashSet};

/// A page's drift, in a word (what `Facts::pages[..].drift` says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Fresh,
    Stale,
    Missing,
    /// The history was missing or unusable: never called fresh.
    Unknown,
}

impl State {
    pub fn word(self) -> &'static str {
        match self {
            State::Fresh => "fresh",
            State::Stale => "stale",
            State::Missing => "missing",
            State::Unknown => "unknown",
        }
    }
}

/// Described files that changed after the page's review.
#[derive(Debug, Clone)]
pub struct Stale<'h> {
    pub count: usize,
    pub latest: &'h Commit,
    pub files: Vec<String>,
    /// What the review point was, in words (`2026-01-02`, `commit 3f2a1c9`).
    pub since: String,
}

/// What drift found on one page that declares what it describes.
#[derive(Debug, Clone)]
pub struct PageDrift<'h> {
    pub state: State,
    pub missing: Vec<String>,
    pub stale: Option<Stale<'h>>,
}

/// The git history as far as drift can trust it.
pub enum Git<'h> {
    Full(&'h History),
    /// Why staleness cannot be checked (outside git, shallow clone, ...);
    /// a shallow history still names renames.
    Unusable {
        reason: String,
        history: Option<&'h History>,
    },
}

impl<'h> Git<'h> {
    /// The history, trusted for staleness or not: it still names renames.
    pub fn history(&self) -> Option<&'h History> {
        match self {
            Git::Full(h) => Some(h),
            Git::Unusable { history, .. } => *history,
        }
    }
}

pub struct Checker<'a, 'h> {
    pub repo: &'a Repo<'h>,
    pub layout: &'a Layout,
    pub git: &'a Git<'h>,
    /// Commits that do not count as changes (an ignore-revs file).
    pub ignored: &'a [String],
}

impl<'h> Checker<'_, 'h> {
    /// Checks one page's described paths and symbols, then its staleness.
    pub fn page(&self, page: &Page, diagnostics: &mut Diagnostics) -> PageDrift<'h> {
        let mut files: BTreeSet<String> = BTreeSet::new();
        let mut missing = Vec::new();
        for d in &page.describes {
            let problem = match (&d.path, d.symbol.as_deref()) {
                (None, _) => Some(format!(
                    "`{}`, which leaves the repository; drift reads only files inside it",
                    d.written
                )),
                (Some(path), symbol) => {
                    let matched = self.matches(path);
                    match matched {
                        Err(message) => Some(message),
                        Ok(found) if found.is_empty() => Some(self.no_match(path)),
                        Ok(found) => {
                            let lost = symbol
                                .filter(|s| !found.iter().any(|f| self.repo.text(f).is_some_and(|t| has_word(&t, s))));
                            files.extend(found);
                            lost.map(|s| format!("`{}`, but `{s}` is no longer a word in `{path}`", d.written))
                        }
                    }
                }
            };
            if let Some(message) = problem {
                let shown = format!("`{}` describes {message}", page.title);
                diagnostics.push(
                    Diagnostic::new(Level::Warning, "drift-missing", shown)
                        .at(&page.display, d.line)
                        .counting_front_matter(),
                );
                missing.push(format!("describes {message}"));
            }
        }
        let stale = self.stale(page, &files, diagnostics);
        let state = match (&stale, missing.is_empty(), self.git) {
            (_, false, _) => State::Missing,
            (Ok(Some(_)), true, _) => State::Stale,
            (Err(()), true, _) | (_, true, Git::Unusable { .. }) => State::Unknown,
            (Ok(None), true, Git::Full(_)) => State::Fresh,
        };
        PageDrift {
            state,
            missing,
            stale: stale.ok().flatten(),
        }
    }

    /// The files a described path stands for: a glob's matches, a folder's
    /// files, or the file itself.
    fn matches(&self, path: &str) -> Result<Vec<String>, String> {
        if crate::config::is_glob(path) {
            return self
                .repo
                .matching(path)
                .map_err(|e| format!("`{path}`, which is not a glob drift can read ({e})"));
        }
        if !self.repo.exists(path) {
            if self.repo.leads_out(path) {
                return Err(format!(
                    "`{path}`, which leads out of the repository (a symlink); drift reads only files inside it"
                ));
            }
            return Ok(Vec::new());
        }
        Ok(if self.repo.is_dir(path) {
            self.repo.under(path)
        } else {
            vec![path.to_owned()]
        })
    }

    fn no_match(&self, path: &str) -> String {
        if crate::config::is_glob(path) {
            return format!("`{path}`, which matches no file");
        }
        match self.git.history().and_then(|h| h.departure(path)) {
            Some((c, Some(to))) => format!(
                "`{path}`, which does not exist: moved to `{to}` in {} '{}'",
                c.short_hash(),
                c.subject
            ),
            Some((c, None)) => format!(
                "`{path}`, which does not exist: deleted in {} '{}'",
                c.short_hash(),
                c.subject
            ),
            None => format!("`{path}`, which does not exist"),
        }
    }

    /// `Ok(None)`: fresh; `Err(())`: could not be told (already reported).
    fn stale(
        &self,
        page: &Page,
        files: &BTreeSet<String>,
        diagnostics: &mut Diagnostics,
    ) -> Result<Option<Stale<'h>>, ()> {
        let Git::Full(history) = self.git else {
            return Err(());
        };
        let history: &'h History = history;
        if files.is_empty() {
            return Ok(None);
        }
        let unchecked = |diagnostics: &mut Diagnostics, line: usize, message: String| {
            diagnostics.push(
                Diagnostic::new(Level::Warning, "drift-unchecked", message)
                    .at(&page.display, line)
                    .counting_front_matter(),
            );
            Err(())
        };
        // Commits newer than the review point count: by date, or by place in the log.
        let (after, since): (After, String) = match &page.reviewed {
            Some((Reviewed::Date(day), _)) => (After::Day(day.clone()), day.clone()),
            Some((Reviewed::Commit(hash), line)) => match history.position(hash) {
                Some(p) => (After::Position(p), format!("commit {}", &hash[..hash.len().min(7)])),
                None => {
                    return unchecked(
                        diagnostics,
                        *line,
                        format!(
                            "`{}` says it was reviewed at commit `{hash}`, which the history does not have \
                             (a typo, a rebased commit, or a shallow clone); staleness is not checked",
                            page.title
                        ),
                    );
                }
            },
            Some((Reviewed::Unreadable(written), line)) => {
                return unchecked(
                    diagnostics,
                    *line,
                    format!(
                        "`{}`: `reviewed: {written}` is neither a date (2026-01-31) nor a commit hash; staleness is not checked",
                        page.title
                    ),
                );
            }
            None => {
                let own = format!(
                    "{}/{}",
                    self.layout.src,
                    handbook_core::platform::slashed(&page.source_path)
                );
                let own = own.trim_start_matches('/');
                // A page never committed is being written now: nothing is newer.
                let Some((p, c)) = history.for_repo_path(own).next() else {
                    return Ok(None);
                };
                (
                    After::Position(p),
                    format!("its last change, {} on {}", c.short_hash(), c.day()),
                )
            }
        };
        let mut commits: BTreeSet<usize> = BTreeSet::new();
        let mut changed: BTreeSet<&str> = BTreeSet::new();
        for file in files {
            for (i, c) in history.for_repo_path(file) {
                if after.holds(i, c) && !self.is_ignored(c) {
                    commits.insert(i);
                    changed.insert(file);
                }
            }
        }
        let Some(latest) = commits.first().and_then(|&i| history.commits.get(i)) else {
            return Ok(None);
        };
        let stale = Stale {
            count: commits.len(),
            latest,
            files: changed.iter().map(|f| (*f).to_owned()).collect(),
            since,
        };
        diagnostics.push(
            Diagnostic::new(
                Level::Warning,
                "drift-stale",
                format!(
                    "`{}` was last reviewed at {}, and {} since changed what it describes \
                     (latest {} '{}', {}): {}; check the page, then update `reviewed:`",
                    page.title,
                    stale.since,
                    commits_word(stale.count),
                    latest.short_hash(),
                    latest.subject,
                    latest.day(),
                    list(&stale.files)
                ),
            )
            .at(&page.display, page.describes_line)
            .counting_front_matter(),
        );
        Ok(Some(stale))
    }

    fn is_ignored(&self, commit: &Commit) -> bool {
        self.ignored.iter().any(|h| commit.hash.starts_with(h.as_str()))
    }
}

/// The review point: commits after it count as changes.
enum After {
    /// Author days after this one (`2026-01-31`).
    Day(String),
    /// Newer in the log than the commit at this position.
    Position(usize),
}

impl After {
    fn holds(&self, position: usize, commit: &Commit) -> bool {
        match self {
            After::Day(day) => commit.day() > day.as_str(),
            After::Position(p) => position < *p,
        }
    }
}

pub fn commits_word(count: usize) -> String {
    if count == 1 {
        "1 commit".to_owned()
    } else {
        format!("{count} commits")
    }
}

/// At most five files named, then how many more.
pub fn list(files: &[String]) -> String {
    let mut shown: Vec<String> = files.iter().take(5).map(|f| format!("`{f}`")).collect();
    if files.len() > 5 {
        shown.push(format!("and {} more", files.len() - 5));
    }
    shown.join(", ")
}

/// Hashes (or prefixes of at least 7) listed in an ignore-revs file.
pub fn ignore_revs(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| l.len() >= 7 && l.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Prose citations of retired decisions. ADR pages' own relations (the
/// records they supersede or are superseded by) and a paragraph that also
/// cites the successor (telling the history) do not count.
pub fn superseded_cites(pages: &[Page], facts: &Facts, diagnostics: &mut Diagnostics) {
    for page in pages {
        let own = page.decision.and_then(|n| facts.decision(n));
        let mut told: HashSet<(u32, usize)> = HashSet::new();
        for cite in &page.cites {
            let Some(cited) = facts.decision(cite.number).filter(|d| d.is_retired()) else {
                continue;
            };
            let relation = own.is_some_and(|o| {
                o.number == Some(cite.number)
                    || o.supersedes.contains(&cite.number)
                    || o.superseded_by.contains(&cite.number)
            });
            let history_told = page
                .cites
                .iter()
                .any(|c| c.block == cite.block && cited.superseded_by.contains(&c.number));
            if relation || history_told || !told.insert((cite.number, cite.line)) {
                continue;
            }
            let message = format!(
                "`{}` cites ADR {} ({}), which is {}",
                page.title,
                cite.number,
                cited.title,
                retired_words(cited, facts)
            );
            diagnostics
                .push(Diagnostic::new(Level::Warning, "drift-cites-superseded", message).at(&page.display, cite.line));
        }
    }
}

/// "superseded by ADR 13 (Title); cite that instead" and its kin.
pub fn retired_words(cited: &DecisionFact, facts: &Facts) -> String {
    let word = cited.lifecycle.as_deref().unwrap_or("retired");
    let successors: Vec<String> = cited
        .superseded_by
        .iter()
        .map(|n| match facts.decision(*n) {
            Some(d) => format!("ADR {n} ({})", d.title),
            None => format!("ADR {n}"),
        })
        .collect();
    if successors.is_empty() {
        format!("{word}; say why it still matters or drop the citation")
    } else {
        format!(
            "{word} by {}; cite the successor instead, or both in one paragraph to tell the history",
            successors.join(" and ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_revs_files_list_hashes_and_comments() {
        let text = "# reformat\n4e1b2c0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  # cargo fmt\n\nnot-a-hash\nABCDEF1\n";
        assert_eq!(
            ignore_revs(text),
            ["4e1b2c0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abcdef1"]
        );
    }

    #[test]
    fn long_file_lists_are_cut() {
        let files: Vec<String> = (0..7).map(|i| format!("f{i}")).collect();
        assert_eq!(list(&files[..2]), "`f0`, `f1`");
        assert!(list(&files).ends_with("`f4`, and 2 more"));
    }
}

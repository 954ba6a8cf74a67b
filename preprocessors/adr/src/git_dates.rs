//! Dates from git for ADRs that state none (`date-source`), a step of its
//! own after the scan: the scan reads what the author wrote, this fills in
//! what the history knows. It reads the build's one `git log` pass
//! (`Context::git_history`), run only when some ADR needs a date from it.
//!
//! It degrades as the change log does: outside git, without the `git`
//! program, or when git fails, one diagnostic and no git dates (outside git
//! and without git, none by default, where git is only the fallback and
//! `adr-missing-date` already names each ADR); in a shallow clone, one
//! warning, and no git dates either, since every file would seem added by
//! the clone's oldest commit.

use crate::config::DateSource;
use crate::scan::{Decision, Located, WrittenDate};
use handbook_core::date::parse_date;
use handbook_core::git::GitProblem;
use handbook_core::protocol::Context;
use handbook_core::{Diagnostic, Diagnostics, Level};
use std::time::Duration;

/// Seconds the one `git log` may take.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Gives each decision that needs it the date git has for its file.
pub fn fill(ctx: &Context, source: DateSource, decisions: &mut [Decision], diagnostics: &mut Diagnostics) {
    let wants = |d: &Decision| match source {
        DateSource::File => false,
        DateSource::FileOrGitAdded => d.date.is_none(),
        DateSource::GitAdded | DateSource::GitModified => true,
    };
    let Some(first) = decisions.iter().position(wants) else {
        return;
    };
    let asked = source != DateSource::FileOrGitAdded;
    let place = ctx.src_dir().join(&decisions[first].source_path);
    let (code, level, message) = match ctx.git_history(TIMEOUT) {
        Ok(history) if history.shallow => (
            "adr-shallow-clone",
            Level::Warning,
            "the repository is a shallow clone, so git cannot tell when an ADR was added; \
             ADRs without a date show none: fetch the full history (`fetch-depth: 0`, `GIT_DEPTH: 0` \
             or `git fetch --unshallow`)"
                .to_owned(),
        ),
        Ok(history) => {
            let history = history.pages(true);
            for d in decisions.iter_mut().filter(|d| wants(d)) {
                let commit = match source {
                    DateSource::GitModified => history.modified(&d.source_path),
                    _ => history.added(&d.source_path),
                };
                let Some(date) = commit.and_then(|c| parse_date(c.day())) else {
                    continue;
                };
                d.date = Some(Located {
                    value: WrittenDate::known(date.to_string(), date),
                    line: d.date.as_ref().map_or(1, |l| l.line),
                });
            }
            return;
        }
        // By default git is only a fallback: `adr-missing-date` already
        // names each ADR without a date, so a book outside git hears nothing more.
        Err(GitProblem::NotARepository | GitProblem::NotInstalled) if !asked => return,
        Err(GitProblem::NotARepository) => (
            "adr-no-git",
            Level::Warning,
            "`date-source` takes dates from git, but the book is not inside a git repository".to_owned(),
        ),
        Err(GitProblem::NotInstalled) => (
            "adr-no-git",
            Level::Warning,
            "`date-source` takes dates from git, but the `git` program was not found on PATH".to_owned(),
        ),
        Err(GitProblem::TimedOut(s)) => (
            "adr-no-git",
            Level::Warning,
            format!("`git log` did not finish within {s} s; ADRs without a date show none"),
        ),
        Err(GitProblem::Failed(m)) => (
            "adr-no-git",
            Level::Warning,
            format!("{m}; ADRs without a date show none"),
        ),
    };
    diagnostics.push(Diagnostic::new(level, code, message).in_file(place));
}

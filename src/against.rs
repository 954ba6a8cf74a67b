//! `mdbook-handbook check --against REF`: the duplicate-number gate. Each
//! branch's CI only sees its own folder, so two branches that each add ADR
//! 0115 are both green until they merge. This compares the ADRs this branch
//! added (since its merge base with REF) with the numbers REF already gives,
//! and names `adr renumber OLD NEW` with a number no branch uses as the fix.

use crate::adr_cmd::Book;
use anyhow::{Result, anyhow};
use handbook_adr::discover::{Folders, is_decision_file};
use handbook_adr::edit::refs;
use handbook_core::git::run_git;
use handbook_core::{Diagnostic, Diagnostics, Level};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(120);

/// `check`'s diagnostics plus the gate's, when `--against REF` was given.
pub fn with_gate(mut diagnostics: Diagnostics, root: &Path, reference: Option<&str>) -> Result<Diagnostics> {
    if let Some(reference) = reference {
        diagnostics.extend(check_against(root, reference)?);
    }
    Ok(diagnostics)
}

/// The commit `reference` names, resolved once: every later git command
/// gets the hash, never the user's text. A ref that git could read as an
/// option (`--output=...`, `-x`) is refused before git runs, and the one
/// command that reads the text has `--end-of-options` before it.
fn commit_of(root: &Path, reference: &str) -> Result<String> {
    if reference.is_empty() || reference.starts_with('-') {
        return Err(anyhow!(
            "check --against `{reference}`: not a git ref (a ref never starts with `-` or is empty); \
             name a branch, tag or commit"
        ));
    }
    let asked = format!("{reference}^{{commit}}");
    let out = run_git(
        root,
        &["rev-parse", "--verify", "--quiet", "--end-of-options", asked.as_str()],
        TIMEOUT,
    )
    .map_err(|_| anyhow!("check --against {reference}: git knows no commit `{reference}` (fetch it first?)"))?;
    let hash = String::from_utf8_lossy(&out).trim().to_owned();
    if hash.is_empty() || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(anyhow!(
            "check --against {reference}: git knows no commit `{reference}`"
        ));
    }
    Ok(hash)
}

/// The gate's findings for the book at `root` against `reference`.
pub fn check_against(root: &Path, reference: &str) -> Result<Diagnostics> {
    let commit = commit_of(root, reference)?;
    let book = Book::open(root)?;
    let holder = Folders::new(&book.folders);
    let files = book.files()?;
    let folders: BTreeSet<PathBuf> = files
        .iter()
        .filter(|(p, _)| holder.holds(p))
        .filter_map(|(p, _)| p.parent().map(Path::to_path_buf))
        .collect();
    let mut diagnostics = Diagnostics::new();
    for folder in folders {
        let dir = book.src.join(&folder);
        let git = |args: &[&str]| -> Result<String> {
            run_git(&dir, args, TIMEOUT)
                .map(|out| String::from_utf8_lossy(&out).into_owned())
                .map_err(|e| anyhow!("check --against {reference}: {e}"))
        };
        let base = git(&["merge-base", "HEAD", &commit])?;
        let base = base.trim();
        let added = git(&[
            "diff",
            "--name-only",
            "--no-renames",
            "--diff-filter=A",
            "--relative",
            "-z",
            base,
            "HEAD",
            "--",
            ".",
        ])?;
        let added: Vec<&str> = added
            .split('\0')
            .filter(|n| !n.is_empty() && !n.contains('/') && is_decision_file(n))
            .collect();
        if added.is_empty() {
            continue;
        }
        let on_ref = refs::on_ref(&dir, &commit).map_err(|e| anyhow!("check --against {reference}: {e}"))?;
        let ws = book.workspace(folder.clone())?;
        let decisions = ws.decisions();
        let on_branches = refs::on_all_branches(&dir).unwrap_or_default();
        let mut next = decisions
            .iter()
            .filter_map(|d| d.number)
            .chain(on_ref.iter().map(|f| f.number))
            .chain(on_branches.iter().map(|f| f.number))
            .max()
            .unwrap_or(0)
            + 1;
        for name in added {
            let path = folder.join(name);
            let Some(d) = decisions.iter().find(|d| d.source_path == path) else {
                continue;
            };
            let Some(n) = d.number else { continue };
            let Some(theirs) = on_ref.iter().find(|f| f.number == n && f.name != name) else {
                continue;
            };
            let line = d.title_number.as_ref().map_or(1, |t| t.line);
            diagnostics.push(
                Diagnostic::new(
                    Level::Error,
                    "adr-number-taken",
                    format!(
                        "ADR {n} was added on this branch, but {reference} already gives {n} to {}; renumber this one: `mdbook-handbook adr renumber {n} {next}`",
                        handbook_core::platform::slashed(&book.rel_src.join(&folder).join(&theirs.name)),
                    ),
                )
                .at(book.rel_src.join(&path), line),
            );
            next += 1;
        }
    }
    Ok(diagnostics)
}

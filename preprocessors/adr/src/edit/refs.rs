//! ADR numbers on other branches, so two branches cannot pick the same one:
//! one `git for-each-ref` over local and remote-tracking branches, one
//! `git ls-tree` per distinct commit (limited to the ADR folder), and one
//! `git cat-file --batch` for the few files whose number is only in their title.

use crate::discover::is_decision_file;
use crate::scan::{file_number, split_title};
use handbook_core::git::{command, run_git};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(120);

/// One ADR file a git ref holds in the folder, with its number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RefFile {
    pub number: u32,
    /// The file name inside the folder.
    pub name: String,
}

/// Numbers every branch (`refs/heads`, `refs/remotes`) gives in the folder
/// `dir` (a directory inside the work tree; it need not exist on every branch).
pub fn on_all_branches(dir: &Path) -> Result<Vec<RefFile>, String> {
    let (dir, pathspec) = &existing(dir);
    let out = run_git(
        dir,
        &[
            "for-each-ref",
            "--format=%(objectname) %(refname)",
            "refs/heads",
            "refs/remotes",
        ],
        TIMEOUT,
    )
    .map_err(|p| p.to_string())?;
    // Branches often share a commit: each distinct one is listed once.
    let commits: BTreeSet<String> = String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|line| line.split_once(' ').map(|(oid, _)| oid.to_owned()))
        .collect();
    in_commits(dir, pathspec.as_deref(), commits)
}

/// A folder that may not exist yet (the first ADR of a branch): the nearest
/// directory that does, and the folder as a pathspec under it.
fn existing(dir: &Path) -> (std::path::PathBuf, Option<String>) {
    if dir.is_dir() {
        return (dir.to_path_buf(), None);
    }
    let mut base = dir;
    while let Some(parent) = base.parent() {
        base = parent;
        if base.is_dir() || base.as_os_str().is_empty() {
            break;
        }
    }
    let rest = dir
        .strip_prefix(base)
        .map(handbook_core::platform::slashed)
        .unwrap_or_default();
    let base = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    (base.to_path_buf(), Some(format!("{rest}/")))
}

/// Numbers one ref (`origin/main`) gives in the folder `dir`.
pub fn on_ref(dir: &Path, reference: &str) -> Result<Vec<RefFile>, String> {
    let (dir, pathspec) = &existing(dir);
    in_commits(dir, pathspec.as_deref(), [format!("{reference}^{{commit}}")].into())
}

/// Commits → the numbered ADR files they hold in `dir`, each (number, file) once.
fn in_commits(dir: &Path, pathspec: Option<&str>, commits: BTreeSet<String>) -> Result<Vec<RefFile>, String> {
    let mut files = BTreeSet::new();
    let mut by_title: Vec<(String, String)> = Vec::new();
    let mut seen_trees = BTreeSet::new();
    for commit in commits {
        // Without --full-tree, ls-tree lists the folder the command runs in.
        let mut args = vec!["ls-tree", "-z", commit.as_str()];
        if let Some(p) = pathspec {
            args.extend(["--", p]);
        }
        let out = run_git(dir, &args, TIMEOUT).map_err(|p| p.to_string())?;
        for entry in out.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, name)) = entry.split_once('\t') else {
                continue;
            };
            let mut parts = meta.split(' ');
            let (_, kind, oid) = (parts.next(), parts.next(), parts.next());
            let name = Path::new(name)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if kind != Some("blob") || !is_decision_file(&name) {
                continue;
            }
            let stem = name.trim_end_matches(".md");
            match file_number(stem) {
                Some(number) => {
                    files.insert(RefFile {
                        number,
                        name: name.clone(),
                    });
                }
                None => {
                    if let Some(oid) = oid
                        && seen_trees.insert((oid.to_owned(), name.clone()))
                    {
                        by_title.push((oid.to_owned(), name.clone()));
                    }
                }
            }
        }
    }
    if !by_title.is_empty() {
        let oids: Vec<&str> = by_title.iter().map(|(o, _)| o.as_str()).collect();
        let blobs = cat_blobs(dir, &oids)?;
        for ((_, name), text) in by_title.iter().zip(blobs) {
            if let Some(number) = title_number(&text) {
                files.insert(RefFile {
                    number,
                    name: name.clone(),
                });
            }
        }
    }
    Ok(files.into_iter().collect())
}

/// The number in a file's first `# ` heading, as the scan reads titles.
fn title_number(text: &str) -> Option<u32> {
    let heading = text.lines().find(|l| l.starts_with("# "))?;
    split_title(heading.trim_start_matches('#')).0
}

/// The contents of blobs, in order, through one `git cat-file --batch` (under the timeout).
fn cat_blobs(dir: &Path, oids: &[&str]) -> Result<Vec<String>, String> {
    let input: String = oids.iter().map(|o| format!("{o}\n")).collect();
    let mut git = command();
    git.args(["cat-file", "--batch"]).current_dir(dir);
    let out = handbook_core::process::run(git, Some(input.into_bytes()), TIMEOUT)
        .map_err(|e| format!("git cat-file: {e}"))?
        .stdout;
    let mut blobs = Vec::with_capacity(oids.len());
    let mut rest = out.as_slice();
    while !rest.is_empty() {
        let Some(nl) = rest.iter().position(|b| *b == b'\n') else {
            break;
        };
        let header = String::from_utf8_lossy(&rest[..nl]).into_owned();
        rest = &rest[nl + 1..];
        let size: usize = match header.split(' ').nth(2).and_then(|s| s.parse().ok()) {
            Some(s) => s,
            None => {
                blobs.push(String::new());
                continue;
            }
        };
        let body = rest.get(..size).unwrap_or(rest);
        blobs.push(String::from_utf8_lossy(body).into_owned());
        rest = rest.get(size + 1..).unwrap_or(&[]);
    }
    Ok(blobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_come_back_in_order_through_one_cat_file() {
        let dir = std::env::temp_dir().join(format!("hb-adr-refs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let git = |args: &[&str], input: Option<&str>| {
            let mut git = command();
            git.args(args).current_dir(&dir);
            let ran = handbook_core::process::run(git, input.map(|i| i.as_bytes().to_vec()), TIMEOUT).unwrap();
            assert!(
                ran.status.success(),
                "git {args:?}: {}",
                String::from_utf8_lossy(&ran.stderr)
            );
            String::from_utf8(ran.stdout).unwrap().trim().to_owned()
        };
        git(&["init", "-q"], None);
        let a = git(&["hash-object", "-w", "--stdin"], Some("# 7. Seven\n"));
        let b = git(&["hash-object", "-w", "--stdin"], Some("# Untitled é\n"));
        let blobs = cat_blobs(&dir, &[&b, &a]).unwrap();
        assert_eq!(blobs, ["# Untitled é\n", "# 7. Seven\n"]);
        assert_eq!(title_number(&blobs[1]), Some(7));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! "This path stays inside the book root": the one check behind every file an
//! author names (a change-log data file, a glossary file, a diagram's
//! include, a decision file found on disk). A path may climb with `..` and
//! pass through symlinks, so the check is made on where the path really
//! leads, not on its text.

use std::path::{Component, Path, PathBuf};

/// A path that leads outside the book root, with where it leads (for the
/// diagnostic; never shown in a page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outside {
    pub resolved: PathBuf,
}

/// Where `path` (relative to `root`, or absolute) really leads, when that is
/// inside `root`: symlinks followed as far as the path exists, `..` applied
/// to what each step really is. The file need not exist; reading it is the
/// caller's business.
///
/// Nothing outside `root` is ever looked at: each symlink on the way is
/// read (`read_link`, the link itself is inside), and a target that leaves
/// is refused before it is stat'ed. So "outside" is the answer whether the
/// target exists or not, and the check tells nothing about files outside
/// (no existence oracle).
pub fn inside(root: &Path, path: &Path) -> Result<PathBuf, Outside> {
    let real = real_root(root);
    let joined = real.join(path);
    let relative = [real.as_path(), root]
        .into_iter()
        .chain(std::path::absolute(root).ok().as_deref())
        .find_map(|r| joined.strip_prefix(r).ok().map(Path::to_path_buf));
    let Some(relative) = relative else {
        return Err(Outside { resolved: joined });
    };
    resolve_within(&real, &relative)
}

/// A path as the checks compare against it (the book root, a program, a
/// folder PlantUML may read): symlinks resolved when it exists, else made
/// absolute. The one "real or as given" of the suite: call it rather than
/// `canonicalize(..).unwrap_or(..)`.
pub fn real_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root)
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_path_buf())
}

/// The repository a folder is in, from the file system alone: the nearest
/// folder at or above `dir` (symlinks resolved) holding `.git` (a folder,
/// or the file of a worktree or submodule). What links and drift read as
/// "the repository" when git itself cannot say (no `git` program, a failed
/// or timed-out `git log`); `None` outside any repository.
pub fn repository_root(dir: &Path) -> Option<PathBuf> {
    real_root(dir)
        .ancestors()
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The suite's cache folder, relative to the book root: outside `src/` and
/// everything `mdbook serve` watches. Each user keeps its own folder in it
/// (`git/` for the kept `git log`, `diagrams/` for drawings).
pub const CACHE_FOLDER: &str = ".handbook-cache";

/// The suite's cache folder of the book at `book_root` ([`CACHE_FOLDER`]).
pub fn cache_folder(book_root: &Path) -> PathBuf {
    book_root.join(CACHE_FOLDER)
}

/// What a cache folder's `.gitignore` says: ignore everything, this file included.
pub const CACHE_GITIGNORE: &str = "# Written by mdbook-handbook: its cache, never committed.\n*\n";

/// Makes the cache folder `dir` and keeps it out of `git status`, as pytest
/// and ruff keep theirs: a `.gitignore` of `*` in the topmost folder this
/// creates, or, for a cache made before the suite wrote one, in the suite's
/// own [`CACHE_FOLDER`]. A folder of the author's that already existed (an
/// absolute `cache-dir` shared by books) is never given one: it may hold files
/// they commit. Every user of the cache folder (diagrams, the kept git log) makes it here.
pub fn make_cache_dir(dir: &Path) -> std::io::Result<()> {
    let created = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .last();
    std::fs::create_dir_all(dir)?;
    let home = created.or_else(|| {
        dir.ancestors()
            .find(|a| a.file_name().is_some_and(|n| n == CACHE_FOLDER))
    });
    if let Some(home) = home.map(|h| h.join(".gitignore")).filter(|g| !g.exists()) {
        // Not fatal: the cache works without it (the author can ignore the folder themselves).
        let _ = std::fs::write(home, CACHE_GITIGNORE);
    }
    Ok(())
}

/// Symlinks followed through a chain this long are taken as a loop.
const MAX_LINKS: usize = 40;

/// `relative` walked from the canonical `root` one component at a time:
/// a symlink is replaced by its target, and every step that would leave
/// `root` (`..` at the top, a target elsewhere) ends the walk as outside.
fn resolve_within(root: &Path, relative: &Path) -> Result<PathBuf, Outside> {
    // Where the path leads once it has left, for the diagnostic: the rest
    // applied to the text (nothing outside is looked at).
    let outside = |at: &Path, rest: &[std::ffi::OsString]| Outside {
        resolved: rest.iter().rev().fold(at.to_path_buf(), |mut p, c| {
            if c == ".." {
                p.pop();
            } else {
                p.push(c);
            }
            p
        }),
    };
    let mut pending: Vec<std::ffi::OsString> = Vec::new();
    let push_parts = |pending: &mut Vec<std::ffi::OsString>, path: &Path| {
        let parts: Vec<_> = path
            .components()
            .filter_map(|c| match c {
                Component::Normal(p) => Some(p.to_os_string()),
                Component::ParentDir => Some("..".into()),
                _ => None,
            })
            .collect();
        pending.extend(parts.into_iter().rev());
    };
    push_parts(&mut pending, relative);
    let mut out = root.to_path_buf();
    let mut links = 0;
    while let Some(part) = pending.pop() {
        if part == ".." {
            if out == root {
                return Err(outside(root.parent().unwrap_or(root), &pending));
            }
            out.pop();
            continue;
        }
        out.push(&part);
        let is_link = std::fs::symlink_metadata(&out).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            continue;
        }
        let Ok(target) = std::fs::read_link(&out) else {
            continue;
        };
        links += 1;
        if links > MAX_LINKS {
            return Err(outside(&out, &pending));
        }
        out.pop();
        if target.has_root() || target.components().any(|c| matches!(c, Component::Prefix(_))) {
            match target.strip_prefix(root) {
                Ok(rest) => {
                    out = root.to_path_buf();
                    push_parts(&mut pending, rest);
                }
                Err(_) => return Err(outside(&target, &pending)),
            }
        } else {
            push_parts(&mut pending, &target);
        }
    }
    Ok(out)
}

/// `.` and `..` applied to the text of a relative path, without touching the
/// disk: `a/b/../c.md` is `a/c.md`. `None` when it climbs above its start or
/// is absolute (for links between chapters, which live inside the book).
pub fn lexical(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// The path as a diagnostic shows it: `.` dropped and `..` applied to the
/// text where it can be (`src/./a/../b.md` is `src/b.md`), leading `..` kept
/// (a file beside the book). Never touches the disk.
pub fn tidy(path: &Path) -> PathBuf {
    let mut parts: Vec<Component<'_>> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(part),
            },
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return PathBuf::from(".");
    }
    parts.iter().collect()
}

/// `path` relative to `base`, by text alone (both absolute, or both relative
/// to the same folder): `/b/src/x.md` from `/b` is `src/x.md`, `/README.md` from
/// `/b` is `../README.md`. Both are [`tidy`]ed first.
pub fn relative_to(base: &Path, path: &Path) -> PathBuf {
    let (base, path) = (tidy(base), tidy(path));
    let (b, p): (Vec<_>, Vec<_>) = (base.components().collect(), path.components().collect());
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for part in &b[common..] {
        if !matches!(part, Component::CurDir) {
            out.push("..");
        }
    }
    for part in &p[common..] {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_or_link_out_are_outside() {
        let dir = std::env::temp_dir().join(format!("hb-core-paths-{}", std::process::id()));
        let book = dir.join("book");
        std::fs::create_dir_all(book.join("src")).unwrap();
        std::fs::write(dir.join("secret.txt"), "x").unwrap();
        std::fs::write(book.join("src/data.toml"), "x").unwrap();
        let real_book = std::fs::canonicalize(&book).unwrap();
        assert_eq!(
            inside(&book, Path::new("src/../src/data.toml")),
            Ok(real_book.join("src/data.toml"))
        );
        assert_eq!(
            inside(&book, Path::new("src/not-yet.toml")),
            Ok(real_book.join("src/not-yet.toml"))
        );
        assert!(inside(&book, Path::new("../secret.txt")).is_err());
        assert_eq!(
            inside(&book, Path::new("src/../../secret.txt")).map_err(|o| o.resolved),
            Err(std::fs::canonicalize(&dir).unwrap().join("secret.txt")),
            "where it leads, without `..`"
        );
        assert!(inside(&book, Path::new("src/missing/../../../secret.txt")).is_err());
        assert!(inside(&book, &dir.join("secret.txt")).is_err());
        assert!(inside(&book, &book.join("src/data.toml")).is_ok());
        if crate::platform::symlink_file(dir.join("secret.txt"), book.join("src/link.txt")).is_ok() {
            assert!(inside(&book, Path::new("src/link.txt")).is_err());
        }
        // A link out is outside whether its target exists or not: the answer
        // must not tell which files exist outside the root.
        if crate::platform::symlink_file(dir.join("no-such-file"), book.join("src/dangling.txt")).is_ok() {
            assert!(inside(&book, Path::new("src/dangling.txt")).is_err());
            assert!(inside(&book, Path::new("src/dangling.txt/../data.toml")).is_err());
        }
        if crate::platform::symlink_file("../../secret.txt", book.join("src/relative-out.txt")).is_ok() {
            assert!(inside(&book, Path::new("src/relative-out.txt")).is_err());
        }
        if crate::platform::symlink_file("../../book/src/./data.toml", book.join("src/round-trip.toml")).is_ok() {
            assert!(
                inside(&book, Path::new("src/round-trip.toml")).is_err(),
                "climbs above the root on the way"
            );
        }
        if crate::platform::symlink_file("loop-b", book.join("src/loop-a")).is_ok()
            && crate::platform::symlink_file("loop-a", book.join("src/loop-b")).is_ok()
        {
            assert!(inside(&book, Path::new("src/loop-a")).is_err());
        }
        if crate::platform::symlink_file("data.toml", book.join("src/near.toml")).is_ok() {
            assert_eq!(
                inside(&book, Path::new("src/near.toml")),
                Ok(real_book.join("src/data.toml"))
            );
        }
        if crate::platform::symlink_file(book.join("src/data.toml"), book.join("src/alias.toml")).is_ok() {
            assert!(
                inside(&book, Path::new("src/alias.toml")).is_ok(),
                "a link inside the book is fine"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_repository_is_the_nearest_folder_with_git() {
        let dir = std::env::temp_dir().join(format!("hb-core-repo-root-{}", std::process::id()));
        let book = dir.join("docs/book");
        std::fs::create_dir_all(book.join("src")).unwrap();
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        let real = std::fs::canonicalize(&dir).unwrap();
        assert_eq!(repository_root(&book.join("src")), Some(real.clone()));
        assert_eq!(repository_root(&dir), Some(real));
        // A worktree's `.git` is a file.
        std::fs::write(book.join(".git"), "gitdir: elsewhere\n").unwrap();
        assert_eq!(repository_root(&book.join("src")), std::fs::canonicalize(&book).ok());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn lexical_paths_stay_below_their_start() {
        assert_eq!(lexical(Path::new("a/./b/../c.md")), Some(PathBuf::from("a/c.md")));
        assert_eq!(lexical(Path::new("../c.md")), None);
        assert_eq!(lexical(Path::new("a/../../c.md")), None);
        assert_eq!(lexical(Path::new("/etc/passwd")), None);
    }

    #[test]
    fn tidy_paths_lose_dots_but_keep_what_climbs_out() {
        assert_eq!(tidy(Path::new("src/./x.md")), PathBuf::from("src/x.md"));
        assert_eq!(tidy(Path::new("./src/a/../b.md")), PathBuf::from("src/b.md"));
        assert_eq!(tidy(Path::new("src/../../README.md")), PathBuf::from("../README.md"));
        assert_eq!(tidy(Path::new("/a/../../b")), PathBuf::from("/b"));
        assert_eq!(tidy(Path::new("./")), PathBuf::from("."));
    }

    #[test]
    fn relative_paths_climb_where_they_must() {
        assert_eq!(
            relative_to(Path::new("/b"), Path::new("/b/src/./x.md")),
            PathBuf::from("src/x.md")
        );
        assert_eq!(
            relative_to(Path::new("/r/b"), Path::new("/r/README.md")),
            PathBuf::from("../README.md")
        );
        assert_eq!(
            relative_to(Path::new("/r/b"), Path::new("/r/b/src/../l/x.rs")),
            PathBuf::from("l/x.rs")
        );
    }
}

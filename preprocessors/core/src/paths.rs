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
pub fn inside(root: &Path, path: &Path) -> Result<PathBuf, Outside> {
    let root = real_root(root);
    let resolved = resolve(&root.join(path));
    if resolved.starts_with(&root) {
        Ok(resolved)
    } else {
        Err(Outside { resolved })
    }
}

/// The book root as the checks compare against it: symlinks resolved when it
/// exists, else made absolute.
pub fn real_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root)
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_path_buf())
}

/// Where a path leads: symlinks followed as far as the path exists, `..`
/// applied to what each step really is, the rest taken as written.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                if let Ok(real) = std::fs::canonicalize(&out) {
                    out = real;
                }
            }
        }
    }
    out
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
        assert!(inside(&book, Path::new("src/../../secret.txt")).is_err());
        assert!(inside(&book, Path::new("src/missing/../../../secret.txt")).is_err());
        assert!(inside(&book, &dir.join("secret.txt")).is_err());
        assert!(inside(&book, &book.join("src/data.toml")).is_ok());
        if crate::platform::symlink_file(dir.join("secret.txt"), book.join("src/link.txt")).is_ok() {
            assert!(inside(&book, Path::new("src/link.txt")).is_err());
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

//! The files drift may read: those under the repository root (the book
//! root outside git), never a path that leaves it, symlinks included.
//! Globs match the files git knows that exist now (a file never committed
//! is found by its exact path, not by a glob), or, outside git, the files
//! under the book root.

use crate::config::glob_matcher;
use handbook_core::git::History;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub struct Repo<'a> {
    /// Canonical root.
    pub root: PathBuf,
    history: Option<&'a History>,
    files: RefCell<Option<Vec<String>>>,
    globs: RefCell<HashMap<String, Result<Vec<String>, String>>>,
    texts: RefCell<HashMap<String, Option<std::rc::Rc<str>>>>,
    places: RefCell<HashMap<String, Option<PathBuf>>>,
}

/// Folders a walk outside git does not enter: build output and tools' caches.
const NOT_WALKED: &[&str] = &["target", "node_modules", "book"];
static NO_FILES: Vec<String> = Vec::new();
/// A walk outside git stops after this many files.
const WALK_LIMIT: usize = 200_000;

impl<'a> Repo<'a> {
    pub fn new(root: &Path, history: Option<&'a History>) -> Self {
        Repo {
            root: handbook_core::paths::real_root(root),
            history,
            files: RefCell::new(None),
            globs: RefCell::new(HashMap::new()),
            texts: RefCell::new(HashMap::new()),
            places: RefCell::new(HashMap::new()),
        }
    }

    /// The real place of a repository path, if it exists and stays inside
    /// the root (asked once per path: pages share what they describe). A
    /// symlink that leaves is refused before its target is looked at (the
    /// core's one containment check), so drift says the same of it whether
    /// the target exists or not.
    fn inside(&self, path: &str) -> Option<PathBuf> {
        if let Some(known) = self.places.borrow().get(path) {
            return known.clone();
        }
        let real = handbook_core::paths::inside(&self.root, Path::new(path))
            .ok()
            .filter(|r| r.exists());
        self.places.borrow_mut().insert(path.to_owned(), real.clone());
        real
    }

    /// True when a path leads out of the root (`..` or a symlink), whether
    /// its target exists or not.
    pub fn leads_out(&self, path: &str) -> bool {
        handbook_core::paths::inside(&self.root, Path::new(path)).is_err()
    }

    pub fn exists(&self, path: &str) -> bool {
        self.inside(path).is_some()
    }

    pub fn is_dir(&self, path: &str) -> bool {
        self.inside(path).is_some_and(|p| p.is_dir())
    }

    /// A file's text, read once per build; `None` when unreadable or outside.
    pub fn text(&self, path: &str) -> Option<std::rc::Rc<str>> {
        if let Some(known) = self.texts.borrow().get(path) {
            return known.clone();
        }
        let text = self
            .inside(path)
            .and_then(|p| std::fs::read(p).ok())
            .map(|bytes| std::rc::Rc::from(String::from_utf8_lossy(&bytes).as_ref()));
        self.texts.borrow_mut().insert(path.to_owned(), text.clone());
        text
    }

    /// Every file drift knows, sorted.
    fn files(&self) -> std::cell::Ref<'_, Vec<String>> {
        if self.files.borrow().is_none() {
            let files = self.list_files();
            *self.files.borrow_mut() = Some(files);
        }
        std::cell::Ref::map(self.files.borrow(), |f| f.as_ref().map_or(&NO_FILES, |f| f))
    }

    fn list_files(&self) -> Vec<String> {
        let mut files: Vec<String> = match self.history {
            Some(h) => h
                .paths()
                .filter(|p| self.root.join(p).is_file())
                .map(str::to_owned)
                .collect(),
            None => {
                let mut out = Vec::new();
                walk(&self.root, "", &mut out);
                out
            }
        };
        files.sort();
        files
    }

    /// The files a glob matches (each glob compiled and matched once per build).
    pub fn matching(&self, pattern: &str) -> Result<Vec<String>, String> {
        if let Some(known) = self.globs.borrow().get(pattern) {
            return known.clone();
        }
        let found = glob_matcher(pattern).map(|m| self.files().iter().filter(|f| m.matches_str(f)).cloned().collect());
        self.globs.borrow_mut().insert(pattern.to_owned(), found.clone());
        found
    }

    /// The files under a folder.
    pub fn under(&self, folder: &str) -> Vec<String> {
        let prefix = format!("{}/", folder.trim_end_matches('/'));
        self.files()
            .iter()
            .filter(|f| f.starts_with(&prefix))
            .cloned()
            .collect()
    }
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if out.len() >= WALK_LIMIT {
            return;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else { continue };
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if kind.is_dir() && !name.starts_with('.') && !(prefix.is_empty() && NOT_WALKED.contains(&name.as_str())) {
            walk(&entry.path(), &path, out);
        } else if kind.is_file() {
            out.push(path);
        }
    }
}

/// True when `word` stands in `text` as a whole word: not inside a longer
/// identifier (letters, digits, `_`) on a side where the word itself ends
/// in one.
pub fn has_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let check_before = word.starts_with(ident);
    let check_after = word.ends_with(ident);
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !(check_before && before.is_some_and(ident) || check_after && after.is_some_and(ident))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_in_any_language() {
        let text = "pub fn apply_splices_all() {}\nfn apply_splices(x) {}\n--baseline FILE\nignore-revs = 1";
        assert!(has_word(text, "apply_splices"));
        assert!(!has_word("fn apply_splices_all()", "apply_splices"));
        assert!(!has_word("fn reapply_splices()", "apply_splices"));
        assert!(has_word(text, "--baseline"));
        assert!(has_word(text, "ignore-revs"));
        assert!(!has_word(text, "base"));
        assert!(!has_word(text, ""));
    }

    #[test]
    fn nothing_outside_the_root_is_read() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("repo");
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(root.join("src/a.rs"), "fn a() {}").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        let repo = Repo::new(&root, None);
        assert!(repo.exists("src/a.rs") && repo.is_dir("src"));
        assert!(repo.text("../secret.txt").is_none());
        assert_eq!(repo.matching("src/*.rs"), Ok(vec!["src/a.rs".to_owned()]));
        assert!(repo.matching("src/[").is_err());
    }
}

//! Where the book sits in the repository, and lexical path arithmetic that
//! never leaves it: a path is a `/`-separated string relative to the
//! repository root (or the book root outside git).

/// The book's place in the tree drift reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The book's `src` relative to the root drift reads, `/`-separated, no
    /// trailing `/` (`book-example/src`, or `src` outside git).
    pub src: String,
}

impl Layout {
    /// A link target written on the page at `source_path` (relative to
    /// `src`), as a repository path, if it stays in the repository.
    pub fn resolve_link(&self, source_path: &str, target: &str) -> Option<String> {
        let dir = source_path.rsplit_once('/').map_or("", |(d, _)| d);
        let base = if dir.is_empty() {
            self.src.clone()
        } else {
            format!("{}/{dir}", self.src)
        };
        normalize(&format!("{base}/{target}"))
    }

    /// True when a repository path is inside the book's sources.
    pub fn in_book(&self, path: &str) -> bool {
        self.src.is_empty() || path == self.src || path.starts_with(&format!("{}/", self.src))
    }

    /// The source path (relative to `src`) of a repository path in the book.
    pub fn source_path<'a>(&self, path: &'a str) -> Option<&'a str> {
        if self.src.is_empty() {
            return Some(path);
        }
        path.strip_prefix(self.src.as_str())?.strip_prefix('/')
    }
}

/// Folds `.` and `..` lexically; `None` for an absolute path or one that
/// climbs above the root.
pub fn normalize(path: &str) -> Option<String> {
    if path.starts_with('/') || path.starts_with('\\') || path.get(1..2) == Some(":") {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_inside_the_repository_only() {
        let layout = Layout {
            src: "book-example/src".to_owned(),
        };
        assert_eq!(
            layout.resolve_link("components/core.md", "../../../preprocessors/core/src/splice.rs"),
            Some("preprocessors/core/src/splice.rs".to_owned())
        );
        assert_eq!(layout.resolve_link("a.md", "../../../../etc/passwd"), None);
        assert!(layout.in_book("book-example/src/a.md") && !layout.in_book("book-example/srcx/a.md"));
        assert_eq!(layout.source_path("book-example/src/d/1.md"), Some("d/1.md"));
        assert_eq!(normalize("/etc/passwd"), None);
        assert_eq!(normalize("a/./b/../c"), Some("a/c".to_owned()));
    }
}

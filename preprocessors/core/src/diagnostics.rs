//! One diagnostic format for the whole suite: `path:line: level[code]: message`.
//!
//! Scanning never fails: it returns a model plus diagnostics. Whether a
//! warning fails the build is decided once, at the end of a run, from the
//! `deny-warnings` key or the `MDBOOK_HANDBOOK_DENY_WARNINGS` variable.

use std::fmt;
use std::path::{Path, PathBuf};

/// Environment variable that turns warnings into a failed build (for CI).
pub const DENY_WARNINGS_ENV: &str = "MDBOOK_HANDBOOK_DENY_WARNINGS";

/// How serious a diagnostic is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Worth knowing, never fails a build (an unused glossary term, say).
    Info,
    /// The book built, but something in it is likely wrong.
    Warning,
    /// The book cannot be built as the author meant it.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A message about one place in the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    /// Short, stable kebab-case identifier, e.g. `front-matter`.
    pub code: &'static str,
    /// Path shown to the user, relative to the book root when known.
    pub path: Option<PathBuf>,
    /// 1-based line, when the message is about a line.
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(level: Level, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            level,
            code,
            path: None,
            line: None,
            message: message.into(),
        }
    }

    pub fn at(mut self, path: impl AsRef<Path>, line: usize) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self.line = Some(line);
        self
    }

    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(path), Some(line)) => write!(f, "{}:{line}: ", path.display())?,
            (Some(path), None) => write!(f, "{}: ", path.display())?,
            _ => {}
        }
        write!(f, "{}[{}]: {}", self.level.as_str(), self.code, self.message)
    }
}

/// Collects diagnostics during a run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn info(&mut self, code: &'static str, message: impl Into<String>) -> &mut Diagnostic {
        self.push_level(Level::Info, code, message)
    }

    pub fn warning(&mut self, code: &'static str, message: impl Into<String>) -> &mut Diagnostic {
        self.push_level(Level::Warning, code, message)
    }

    pub fn error(&mut self, code: &'static str, message: impl Into<String>) -> &mut Diagnostic {
        self.push_level(Level::Error, code, message)
    }

    fn push_level(&mut self, level: Level, code: &'static str, message: impl Into<String>) -> &mut Diagnostic {
        self.items.push(Diagnostic::new(level, code, message));
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    /// Moves each line-bearing diagnostic to the line `map` gives for its path and line.
    pub(crate) fn remap_lines(&mut self, map: impl Fn(&Path, usize) -> Option<usize>) {
        for d in &mut self.items {
            if let (Some(path), Some(line)) = (&d.path, d.line)
                && let Some(mapped) = map(path, line)
            {
                d.line = Some(mapped);
            }
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn count(&self, level: Level) -> usize {
        self.items.iter().filter(|d| d.level == level).count()
    }

    /// True when the run must fail: any error, or any warning under `deny_warnings`.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.count(Level::Error) > 0 || (deny_warnings && self.count(Level::Warning) > 0)
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// Reads [`DENY_WARNINGS_ENV`]: set and not `0`/`false`/empty means deny.
pub fn deny_warnings_from_env() -> bool {
    std::env::var(DENY_WARNINGS_ENV)
        .map(|v| !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false" | "no"))
        .unwrap_or(false)
}

/// What a caught panic said (a `&str` or `String` payload), for the error
/// diagnostic a worker's panic becomes: never a silent gap in the book.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_path_line_level_code() {
        let d = Diagnostic::new(Level::Warning, "front-matter", "bad YAML").at("src/a.md", 3);
        assert_eq!(d.to_string(), "src/a.md:3: warning[front-matter]: bad YAML");
        let d = Diagnostic::new(Level::Error, "config", "no").in_file("book.toml");
        assert_eq!(d.to_string(), "book.toml: error[config]: no");
    }

    #[test]
    fn warnings_fail_only_when_denied() {
        let mut ds = Diagnostics::new();
        ds.info("unused", "x");
        assert!(!ds.fails(true));
        ds.warning("w", "y");
        assert!(!ds.fails(false));
        assert!(ds.fails(true));
        ds.error("e", "z");
        assert!(ds.fails(false));
    }
}

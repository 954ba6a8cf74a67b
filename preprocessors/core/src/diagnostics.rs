//! One diagnostic format for the whole suite: `path:line: level[code]: message`.
//!
//! Scanning never fails: it returns a model plus diagnostics. Whether a
//! warning fails the build is decided once, at the end of a run, from the
//! `deny-warnings` key or the `MDBOOK_HANDBOOK_DENY_WARNINGS` variable.

use crate::codes::Setting;
use std::fmt;
use std::path::{Path, PathBuf};

/// Places one cause may have before its lines are summed up in one (see
/// [`Diagnostics::lines`]).
pub const SUMMARY_AFTER: usize = 3;

/// Environment variable that lists every diagnostic, not one line per cause.
pub const VERBOSE_ENV: &str = "MDBOOK_HANDBOOK_VERBOSE";

/// Environment variable that prints where a run's time went, per capability.
pub const TIMINGS_ENV: &str = "MDBOOK_HANDBOOK_TIMINGS";

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
    /// `line` counts the chapter's front matter (a line of the file as the
    /// author wrote it), not a line of the text the capability read.
    counts_front_matter: bool,
}

impl Diagnostic {
    pub fn new(level: Level, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            level,
            code,
            path: None,
            line: None,
            message: message.into(),
            counts_front_matter: false,
        }
    }

    /// `path` is shown tidied (no `./`, no `a/../`), as GitHub and editors
    /// match it against files.
    pub fn at(mut self, path: impl AsRef<Path>, line: usize) -> Self {
        self.path = Some(crate::paths::tidy(path.as_ref()));
        self.line = Some(line);
        self
    }

    /// Says that the line counts the chapter's front matter, which is off the
    /// text capabilities read: a line of the front matter itself
    /// ([`FrontMatter::key_line`](crate::meta::FrontMatter::key_line)), or a
    /// line counted from [`Chapter::first_line`](crate::book::Chapter::first_line).
    pub fn counting_front_matter(mut self) -> Self {
        self.counts_front_matter = true;
        self
    }

    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(crate::paths::tidy(path.as_ref()));
        self
    }
}

impl Diagnostic {
    /// `path:line`, `path`, or nothing.
    fn place(&self) -> String {
        match (&self.path, self.line) {
            (Some(path), Some(line)) => format!("{}:{line}", terminal_safe(&path.display().to_string())),
            (Some(path), None) => terminal_safe(&path.display().to_string()).into_owned(),
            _ => String::new(),
        }
    }
}

/// The text form of a diagnostic, made safe for a terminal or a CI log:
/// control characters (C0, DEL, C1) and the bidi overrides (U+202A–202E,
/// U+2066–2069) become `\u{..}` escapes, so text from a book (an ESC
/// sequence in a front-matter date) cannot recolour, retitle or clear the log.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(path), Some(line)) => write!(f, "{}:{line}: ", terminal_safe(&path.display().to_string()))?,
            (Some(path), None) => write!(f, "{}: ", terminal_safe(&path.display().to_string()))?,
            _ => {}
        }
        write!(
            f,
            "{}[{}]: {}",
            self.level.as_str(),
            self.code,
            terminal_safe(&self.message)
        )
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

    /// Moves each line-bearing diagnostic to the line `map` gives for its
    /// path, line, and whether the line counts the front matter.
    pub(crate) fn remap_lines(&mut self, map: impl Fn(&Path, usize, bool) -> Option<usize>) {
        for d in &mut self.items {
            if let (Some(path), Some(line)) = (&d.path, d.line)
                && let Some(mapped) = map(path, line, d.counts_front_matter)
            {
                d.line = Some(mapped);
            }
            d.counts_front_matter = false;
        }
    }

    /// Moves each line-bearing diagnostic to the file and line `map` gives for
    /// its path and line (a line of included text names the included file).
    pub(crate) fn remap_places(&mut self, map: impl Fn(&Path, usize) -> Option<(PathBuf, usize)>) {
        for d in &mut self.items {
            if let (Some(path), Some(line)) = (&d.path, d.line)
                && let Some((path, line)) = map(path, line)
            {
                d.path = Some(path);
                d.line = Some(line);
            }
        }
    }

    /// Applies a book's `levels`: `allow` drops a diagnostic, `warn` and
    /// `deny` set its level. Runs at the end of a run, before `deny-warnings`
    /// is weighed, so `deny` fails the build and `allow` cannot.
    pub fn apply_levels(&mut self, setting_for: impl Fn(&str) -> Option<Setting>) {
        self.items.retain_mut(|d| match setting_for(d.code) {
            None => true,
            Some(setting) => match setting.level() {
                None => false,
                Some(level) => {
                    d.level = level;
                    true
                }
            },
        });
    }

    /// `deny-warnings` for one capability: its warnings become errors; its
    /// notes stay notes.
    pub fn warnings_to_errors(&mut self) {
        for d in self.items.iter_mut().filter(|d| d.level == Level::Warning) {
            d.level = Level::Error;
        }
    }

    /// The lines to print: one per diagnostic with `verbose`; otherwise one
    /// per cause, where a cause is one level, code and message at more than
    /// [`SUMMARY_AFTER`] places (63 ADRs with no status): the first places,
    /// the count of the others, and how to list them all. A line stands
    /// where the cause was first found.
    pub fn lines(&self, verbose: bool) -> Vec<String> {
        if verbose {
            return self.items.iter().map(ToString::to_string).collect();
        }
        let mut groups: Vec<(&Diagnostic, Vec<&Diagnostic>)> = Vec::new();
        let mut by_cause: std::collections::HashMap<(Level, &str, &str), usize> = Default::default();
        for d in &self.items {
            if d.path.is_none() {
                groups.push((d, vec![d]));
                continue;
            }
            let cause = (d.level, d.code, d.message.as_str());
            match by_cause.get(&cause) {
                Some(&i) => groups[i].1.push(d),
                None => {
                    by_cause.insert(cause, groups.len());
                    groups.push((d, vec![d]));
                }
            }
        }
        let mut out = Vec::new();
        for (first, places) in groups {
            if places.len() <= SUMMARY_AFTER {
                out.extend(places.iter().map(ToString::to_string));
                continue;
            }
            let shown: Vec<String> = places.iter().take(SUMMARY_AFTER).map(|d| d.place()).collect();
            out.push(format!(
                "{}[{}]: {} ({} places: {} and {} more; `mdbook-handbook check --verbose` lists all)",
                first.level.as_str(),
                first.code,
                terminal_safe(&first.message),
                places.len(),
                shown.join(", "),
                places.len() - SUMMARY_AFTER
            ));
        }
        out
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
    env_flag(DENY_WARNINGS_ENV)
}

/// Reads [`VERBOSE_ENV`], the same way.
pub fn verbose_from_env() -> bool {
    env_flag(VERBOSE_ENV)
}

/// Reads [`TIMINGS_ENV`], the same way.
pub fn timings_from_env() -> bool {
    env_flag(TIMINGS_ENV)
}

fn env_flag(name: &str) -> bool {
    std::env::var(name)
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
    fn text_output_escapes_control_and_bidi_characters() {
        let d = Diagnostic::new(
            Level::Warning,
            "status-unreadable-date",
            "`2026\u{1b}[2J\u{1b}]0;pwned\u{7}` tab\t nl\n del\u{7f} c1\u{9b} rlo\u{202e} lri\u{2066}",
        )
        .at("src/a\u{1b}[31m.md", 3);
        let text = d.to_string();
        assert_eq!(
            text,
            "src/a\\u{1b}[31m.md:3: warning[status-unreadable-date]: `2026\\u{1b}[2J\\u{1b}]0;pwned\\u{7}` \
             tab\\u{9} nl\\u{a} del\\u{7f} c1\\u{9b} rlo\\u{202e} lri\\u{2066}"
        );
        let mut ds = Diagnostics::new();
        for i in 1..=4 {
            ds.push(Diagnostic::new(Level::Warning, "x", "a\u{1b}b").at(format!("src/{i}\u{1b}.md"), i));
        }
        let lines = ds.lines(false);
        assert!(
            lines.len() == 1 && !lines[0].contains('\u{1b}') && lines[0].contains("a\\u{1b}b"),
            "{lines:?}"
        );
        assert_eq!(terminal_safe("plain, émoji ✓"), "plain, émoji ✓");
    }

    #[test]
    fn levels_drop_raise_and_lower() {
        let mut ds = Diagnostics::new();
        ds.warning("a", "x");
        ds.warning("b", "y");
        ds.error("c", "z");
        ds.apply_levels(|code| match code {
            "a" => Some(Setting::Allow),
            "b" => Some(Setting::Deny),
            "c" => Some(Setting::Warn),
            _ => None,
        });
        let got: Vec<String> = ds.iter().map(ToString::to_string).collect();
        assert_eq!(got, ["error[b]: y", "warning[c]: z"]);
    }

    #[test]
    fn one_line_per_cause_past_three_places() {
        let mut ds = Diagnostics::new();
        for i in 1..=5 {
            ds.push(Diagnostic::new(Level::Warning, "adr-missing-status", "no status").at(format!("src/{i}.md"), i));
        }
        ds.push(Diagnostic::new(Level::Warning, "other", "x").at("src/9.md", 1));
        for i in 1..=3 {
            ds.push(Diagnostic::new(Level::Warning, "three", "t").at(format!("src/{i}.md"), 2));
        }
        let lines = ds.lines(false);
        assert_eq!(
            lines[0],
            "warning[adr-missing-status]: no status (5 places: src/1.md:1, src/2.md:2, src/3.md:3 and 2 more; \
             `mdbook-handbook check --verbose` lists all)"
        );
        assert_eq!(lines[1], "src/9.md:1: warning[other]: x");
        assert_eq!(lines.len(), 5, "three places stay three lines: {lines:?}");
        assert_eq!(ds.lines(true).len(), 9);
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

//! The registry of diagnostic codes, and the `levels` a book sets for them.
//!
//! Each capability declares its codes in one list in its own crate
//! (`CODES` in `src/codes.rs`, handed to the core as
//! [`HandbookPreprocessor::CODES`](crate::HandbookPreprocessor::CODES)); the
//! codes the core itself reports are [`CORE`]. The list is what makes a
//! `levels` table checkable (an unknown code is an error naming the valid
//! ones), what `mdbook-handbook check --explain CODE` prints, and what the
//! guide's diagnostics reference is generated from. `tests/codes.rs` fails when a
//! code used in the source is missing from the lists (ADR 15).

use crate::diagnostics::Level;
use std::collections::BTreeMap;
use std::fmt;

/// One diagnostic code: what it means and how to fix or silence it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The stable kebab-case name shown as `level[name]`.
    pub name: &'static str,
    /// The level it is reported at unless a `levels` table says otherwise
    /// (some codes have a key of their own, such as the glossary's `unused`).
    pub level: Level,
    /// One line: what happened.
    pub meaning: &'static str,
    /// One line: how to fix it, or how to silence it when it is expected.
    pub fix: &'static str,
    /// A code whose level a book cannot change: the build cannot go on as
    /// the author meant it (a broken book.toml, an internal failure).
    pub fixed: bool,
}

impl Code {
    /// A code whose level a book may set.
    pub const fn new(name: &'static str, level: Level, meaning: &'static str, fix: &'static str) -> Self {
        Code {
            name,
            level,
            meaning,
            fix,
            fixed: false,
        }
    }

    /// A code no `levels` table may change.
    pub const fn fixed(name: &'static str, level: Level, meaning: &'static str, fix: &'static str) -> Self {
        Code {
            name,
            level,
            meaning,
            fix,
            fixed: true,
        }
    }

    /// The code's entry in the user guide's diagnostics reference: one
    /// anchor per code, the code's own name.
    pub fn guide_url(&self) -> String {
        format!("{GUIDE_URL}reference/diagnostics.html#{}", self.name)
    }

    /// What `mdbook-handbook check --explain` prints above the guide's
    /// address: the same words as the guide's entry (both come from this registry).
    pub fn explain(&self) -> String {
        let levels = if self.fixed {
            "its level cannot be changed".to_owned()
        } else {
            format!(
                "set its level with `[preprocessor.<table>.levels] {} = \"allow\" | \"warn\" | \"deny\"`",
                self.name
            )
        };
        format!(
            "{}[{}]: {}\n\nfix: {}\n\n{levels}",
            self.level.as_str(),
            self.name,
            self.meaning,
            self.fix
        )
    }
}

/// Where the user guide is published (`output.html.site-url` of
/// `guide/book.toml`, which tests/codes.rs keeps equal to this); a
/// placeholder until the guide has a home.
pub const GUIDE_URL: &str = "https://example.invalid/mdbook-handbook/guide/";

/// Codes the core (and the CLI's `check`) report, whatever the preprocessor.
pub const CORE: &[Code] = &[
    Code::fixed(
        "config",
        Level::Error,
        "book.toml has a key, type or value a suite table does not accept",
        "correct the key the message names; unknown keys list the valid ones",
    ),
    Code::new(
        "front-matter",
        Level::Warning,
        "a page's front matter is not valid YAML or TOML, so it stays visible as written",
        "correct the block at the line given (`key: value` lines between `---`)",
    ),
    Code::new(
        "front-matter-unread",
        Level::Info,
        "`mdbook-handbook check` found a front-matter key that no capability of the suite reads, on the pages it counts",
        "nothing to fix if the key is for another tool; map it with `[preprocessor.handbook.status.keys]` if it means a key the suite reads",
    ),
    Code::new(
        "unsafe-url",
        Level::Warning,
        "a link or picture from book data or a diagram program (front matter, a glossary file, dot `URL`, d2 `link`, PlantUML `[[...]]`) points at another scheme than http, https, mailto, a relative path or a raster `data:image/`, in any spelling a browser reads (`&#106;avascript:`, `java&Tab;script:`); the link is dropped and its text kept",
        "link to a web page or a page of the book",
    ),
    Code::new(
        "stylesheet-outdated",
        Level::Info,
        "the installed mdbook-handbook.css or mdbook-handbook.js was written by another suite version (or the viewer is not installed yet); pages carry the current ones inline",
        "run `mdbook-handbook install` again",
    ),
    Code::fixed(
        "internal-splice",
        Level::Error,
        "a preprocessor made overlapping edits; the chapter is left as written",
        "a bug in the suite: please report it with the page that triggers it",
    ),
    Code::fixed(
        "internal-panic",
        Level::Error,
        "a capability crashed on one page (the message names which; formerly also `glossary-internal`, `links-internal`, `diagram-internal`); that capability left the page as written",
        "a bug in the suite: please report it with the page that triggers it",
    ),
    Code::fixed(
        "internal-book",
        Level::Error,
        "the book's JSON could not take an edit back",
        "a bug in the suite: please report it with the book that triggers it",
    ),
    Code::fixed(
        "summary",
        Level::Error,
        "`mdbook-handbook check` cannot parse SUMMARY.md",
        "correct SUMMARY.md as the message says (mdBook's own parser)",
    ),
    Code::fixed(
        "summary-too-deep",
        Level::Error,
        "SUMMARY.md nests chapters more than 41 levels deep, past what mdBook 0.5 reads back from any preprocessor (serde_json's recursion limit)",
        "nest chapters at most 41 levels deep in SUMMARY.md",
    ),
    Code::fixed(
        "missing-chapter",
        Level::Error,
        "`mdbook-handbook check` cannot read a file SUMMARY.md lists",
        "create the file or correct its link in SUMMARY.md",
    ),
    Code::new(
        "preprocessor-missing",
        Level::Info,
        "`mdbook-handbook check` cannot find the program of a preprocessor that runs before the suite, so it reads the book without that preprocessor's changes",
        "install the program the message names (the build needs it too); the other checks are unaffected",
    ),
    Code::new(
        "order",
        Level::Warning,
        "a suite table runs before mdBook's `links`, so it misses the text of {{#include}}d files",
        "add `after = [\"links\"]` to the table (`mdbook-handbook install` writes it)",
    ),
    Code::fixed(
        "baseline-stale",
        Level::Info,
        "`mdbook-handbook check --baseline` found a baseline entry fewer times than recorded: it was fixed since",
        "delete the entry from the baseline file, or rewrite the file with `--write-baseline`",
    ),
];

/// A code that was renamed: a `levels` table, a baseline or `check --explain`
/// naming the old name still finds the new one (as clippy keeps renamed lints).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renamed {
    pub from: &'static str,
    pub to: &'static str,
}

/// Every renamed code. Each capability's own crash code became the core's
/// `internal-panic`, which names the capability in its message.
pub const RENAMED: &[Renamed] = &[
    Renamed {
        from: "glossary-internal",
        to: "internal-panic",
    },
    Renamed {
        from: "links-internal",
        to: "internal-panic",
    },
    Renamed {
        from: "diagram-internal",
        to: "internal-panic",
    },
];

/// The new name of a renamed code.
pub fn renamed_to(name: &str) -> Option<&'static str> {
    RENAMED.iter().find(|r| r.from == name).map(|r| r.to)
}

/// What a `levels` table may set a code to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Not reported.
    Allow,
    /// Reported as a warning (fails the build only under `deny-warnings`).
    Warn,
    /// Reported as an error: fails the build.
    Deny,
}

impl Setting {
    pub fn parse(text: &str) -> Option<Setting> {
        match text {
            "allow" => Some(Setting::Allow),
            "warn" => Some(Setting::Warn),
            "deny" => Some(Setting::Deny),
            _ => None,
        }
    }

    /// The level a diagnostic gets, or `None` when it is not reported.
    pub fn level(self) -> Option<Level> {
        match self {
            Setting::Allow => None,
            Setting::Warn => Some(Level::Warning),
            Setting::Deny => Some(Level::Error),
        }
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Setting::Allow => "allow",
            Setting::Warn => "warn",
            Setting::Deny => "deny",
        })
    }
}

/// A `levels` table: code name to setting, read from book.toml as written
/// and checked against the registry by [`Levels::check`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Levels(pub BTreeMap<String, Setting>);

impl Levels {
    /// The setting for `code`, also when the table names it by an old name.
    pub fn get(&self, code: &str) -> Option<Setting> {
        self.0.get(code).copied().or_else(|| {
            RENAMED
                .iter()
                .filter(|r| r.to == code)
                .find_map(|r| self.0.get(r.from).copied())
        })
    }

    /// An unknown or fixed code is an error message naming the valid codes;
    /// an old name is read as its new one (the core's codes among them).
    pub fn check(&self, valid: &[&[Code]]) -> Result<(), (String, String)> {
        for name in self.0.keys() {
            let renamed = renamed_to(name);
            let found = match renamed {
                Some(to) => find(valid, to).or_else(|| find(&[CORE], to)),
                None => find(valid, name),
            };
            match found {
                Some(code) if code.fixed => {
                    let message = match renamed {
                        Some(to) => format!("`{name}` was renamed `{to}`, an error no `levels` table can change"),
                        None => format!("`{name}` is an error no `levels` table can change"),
                    };
                    return Err((name.clone(), message));
                }
                Some(_) => {}
                None => {
                    let list: Vec<String> = valid
                        .iter()
                        .flat_map(|c| c.iter())
                        .filter(|c| !c.fixed)
                        .map(|c| format!("`{}`", c.name))
                        .collect();
                    return Err((
                        name.clone(),
                        format!(
                            "unknown diagnostic code `{name}`, expected one of {} (`mdbook-handbook check --explain CODE` tells what each means)",
                            list.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The code of that name among `lists`.
pub fn find<'a>(lists: &[&'a [Code]], name: &str) -> Option<&'a Code> {
    lists.iter().flat_map(|c| c.iter()).find(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &[Code] = &[Code::new("demo-thing", Level::Warning, "m", "f")];

    #[test]
    fn unknown_codes_list_the_valid_ones_and_fixed_codes_are_refused() {
        let levels = Levels([("demo-thnig".to_owned(), Setting::Allow)].into());
        let (key, message) = levels.check(&[CORE, DEMO]).err().unwrap_or_default();
        assert_eq!(key, "demo-thnig");
        assert!(
            message.contains("`demo-thing`") && message.contains("`front-matter`") && !message.contains("`config`"),
            "{message}"
        );
        let levels = Levels([("config".to_owned(), Setting::Allow)].into());
        assert!(levels.check(&[CORE]).is_err());
        let levels = Levels([("demo-thing".to_owned(), Setting::Deny)].into());
        assert_eq!(levels.check(&[CORE, DEMO]), Ok(()));
    }

    #[test]
    fn explain_says_meaning_fix_and_how_to_set_the_level() {
        let text = DEMO[0].explain();
        assert!(text.starts_with("warning[demo-thing]: m"), "{text}");
        assert!(
            text.contains("fix: f") && text.contains("demo-thing = \"allow\""),
            "{text}"
        );
        assert!(CORE[0].explain().contains("cannot be changed"));
        assert_eq!(
            DEMO[0].guide_url(),
            format!("{GUIDE_URL}reference/diagnostics.html#demo-thing")
        );
    }

    #[test]
    fn an_old_crash_code_is_read_as_internal_panic() {
        // The crash codes were fixed before the rename and stay so: the
        // table is refused as before, and the message gives the new name.
        for old in ["glossary-internal", "links-internal", "diagram-internal"] {
            let levels = Levels([(old.to_owned(), Setting::Allow)].into());
            let (key, message) = levels.check(&[DEMO]).err().unwrap_or_default();
            assert_eq!(key, old);
            assert_eq!(
                message,
                format!("`{old}` was renamed `internal-panic`, an error no `levels` table can change")
            );
        }
        // An old name of a code a book may set would set the new one.
        let levels = Levels([("glossary-internal".to_owned(), Setting::Warn)].into());
        assert_eq!(levels.get("internal-panic"), Some(Setting::Warn));
        assert_eq!(levels.get("demo-thing"), None);
    }
}

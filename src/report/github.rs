//! `--format github`: one GitHub Actions workflow command per diagnostic
//! (`::error file=docs/src/a.md,line=3,title=adr-missing-date::message`),
//! which GitHub shows as an annotation on that line of the pull request.
//!
//! GitHub reads `file=` from the repository's root, where CI steps run, so
//! paths are the book's folder as given on the command line joined with the
//! diagnostic's path (which is relative to the book).

use handbook_core::platform::slashed;
use handbook_core::{Diagnostic, Level};
use std::path::{Component, Path, PathBuf};

/// The book's folder as GitHub should see it: as given, without `./`; an
/// absolute one relative to the current directory when it lies below it.
pub fn book_prefix(book_dir: &Path, current_dir: Option<&Path>) -> PathBuf {
    let below_current = current_dir.and_then(|cwd| book_dir.strip_prefix(cwd).ok());
    below_current
        .unwrap_or(book_dir)
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect()
}

/// The workflow command for one diagnostic, its path under `prefix` (see
/// [`book_prefix`]). Information becomes a `notice`.
pub fn annotation(diagnostic: &Diagnostic, prefix: &Path) -> String {
    let command = match diagnostic.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "notice",
    };
    let mut properties = Vec::new();
    if let Some(path) = &diagnostic.path {
        properties.push(format!("file={}", escape_property(&slashed(&prefix.join(path)))));
    }
    if let Some(line) = diagnostic.line {
        properties.push(format!("line={line}"));
    }
    properties.push(format!("title={}", escape_property(diagnostic.code)));
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&diagnostic.message)
    )
}

/// A command's message, escaped as `@actions/core` does (`escapeData`):
/// `%`, carriage return and line feed.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value (`file=`, `title=`), escaped as `@actions/core` does
/// (`escapeProperty`): as data, and `:` and `,`, which end a value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        // The rules of `escapeData`/`escapeProperty` in actions/toolkit's
        // packages/core/src/command.ts: data keeps `:` and `,`, properties do not.
        assert_eq!(
            escape_data("percent % percent % cr \r cr \r lf \n lf \n"),
            "percent %25 percent %25 cr %0D cr %0D lf %0A lf %0A"
        );
        assert_eq!(escape_data("a:b,c"), "a:b,c");
        assert_eq!(escape_property("prop1: a, b %\r\n"), "prop1%3A a%2C b %25%0D%0A");
        // `%` first, so an escape in the text is not read as one.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn annotations_carry_file_line_title_and_the_level() {
        let d = Diagnostic::new(Level::Warning, "adr-missing-date", "no date: add one,\nplease 100%")
            .at("src/decisions/a, b:c.md", 7);
        assert_eq!(
            annotation(&d, Path::new("")),
            "::warning file=src/decisions/a%2C b%3Ac.md,line=7,title=adr-missing-date::no date: add one,%0Aplease 100%25"
        );
        let e = Diagnostic::new(Level::Error, "config", "bad").in_file("book.toml");
        assert_eq!(
            annotation(&e, Path::new("docs")),
            "::error file=docs/book.toml,title=config::bad"
        );
        let i = Diagnostic::new(Level::Info, "summary", "x");
        assert_eq!(annotation(&i, Path::new("docs")), "::notice title=summary::x");
    }

    #[test]
    fn the_book_folder_is_named_from_the_current_directory() {
        let cwd = Path::new("/work/repo");
        assert_eq!(book_prefix(Path::new("./docs/"), Some(cwd)), Path::new("docs"));
        assert_eq!(book_prefix(Path::new("."), Some(cwd)), Path::new(""));
        assert_eq!(book_prefix(Path::new("/work/repo/docs"), Some(cwd)), Path::new("docs"));
        assert_eq!(
            book_prefix(Path::new("/elsewhere/docs"), Some(cwd)),
            Path::new("/elsewhere/docs")
        );
    }
}

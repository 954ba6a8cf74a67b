//! `--format github`: one GitHub Actions workflow command per diagnostic
//! (`::error file=src/a.md,line=3,title=adr-missing-date::message`), which
//! GitHub shows as an annotation on that line of the pull request.

use super::baseline::slash_path;
use handbook_core::{Diagnostic, Level};

/// The workflow command for one diagnostic. Information becomes a `notice`.
pub fn annotation(diagnostic: &Diagnostic) -> String {
    let command = match diagnostic.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "notice",
    };
    let mut properties = Vec::new();
    if let Some(path) = &diagnostic.path {
        properties.push(format!("file={}", escape_property(&slash_path(path))));
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
            annotation(&d),
            "::warning file=src/decisions/a%2C b%3Ac.md,line=7,title=adr-missing-date::no date: add one,%0Aplease 100%25"
        );
        let e = Diagnostic::new(Level::Error, "config", "bad").in_file("book.toml");
        assert_eq!(annotation(&e), "::error file=book.toml,title=config::bad");
        let i = Diagnostic::new(Level::Info, "summary", "x");
        assert_eq!(annotation(&i), "::notice title=summary::x");
    }
}

//! ADR citations in source files (`// see ADR-0007`, `@adr 7`): the files the `code`
//! globs match, searched as text in any language, checked against the
//! decision log's facts. Only comments cite: a number in code or a string is
//! data (a parser's test of `ADR-45`), and one in backticks inside a comment
//! is an example, as in markdown prose.

use crate::check::retired_words;
use crate::repo::Repo;
use crate::scan::cites::adr_numbers;
use handbook_core::facts::Facts;
use handbook_core::{Diagnostic, Diagnostics, Level};

/// One citation found wanting, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCite {
    /// Repository-relative.
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// Whether the text at `offset` is in a comment, outside backticks: a
/// comment marker of any common language before it on its line, or a line
/// of a block comment (` * ...`). No language is parsed.
fn in_comment_prose(text: &str, offset: usize) -> bool {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[start..offset];
    let trimmed = before.trim_start();
    let indent = before.len() - trimmed.len();
    // `#` comments a line it starts, or follows code after a space (`x = 1  # ...`);
    // elsewhere it is a heading in a string or an issue number.
    let hash = if trimmed.starts_with('#') {
        Some(indent + 1)
    } else {
        before.find(" # ").map(|at| at + 3)
    };
    // The first marker outside a string (an even number of quotes before it).
    let outside_string = |at: usize| quotes(&before[..at]).is_multiple_of(2);
    let marker = ["//", "/*", "--", "<!--"]
        .iter()
        .filter_map(|m| {
            before
                .match_indices(m)
                .map(|(at, _)| at)
                .find(|&at| outside_string(at))
                .map(|at| at + m.len())
        })
        .chain(hash)
        .min()
        .or_else(|| trimmed.starts_with('*').then_some(indent));
    // After the marker: outside backticks (an example) and quotes (a string).
    marker.is_some_and(|at| {
        let comment = &before[at.min(before.len())..];
        comment.matches('`').count().is_multiple_of(2) && quotes(comment).is_multiple_of(2)
    })
}

/// Quotes that open or close a string: not those escaped with a backslash.
fn quotes(text: &str) -> usize {
    text.match_indices('"')
        .filter(|(at, _)| !text[..*at].ends_with('\\'))
        .count()
}

/// `shown` turns a repository path into the path diagnostics show.
pub fn check(
    repo: &Repo,
    globs: &[String],
    facts: &Facts,
    shown: &dyn Fn(&str) -> String,
    diagnostics: &mut Diagnostics,
) -> Vec<CodeCite> {
    let mut out = Vec::new();
    let mut files: Vec<String> = Vec::new();
    for glob in globs {
        match repo.matching(glob) {
            Ok(found) => files.extend(found),
            Err(e) => diagnostics.push(
                Diagnostic::new(
                    Level::Warning,
                    "drift-code-cites",
                    format!("`code` glob `{glob}` cannot be read ({e}); its files are not checked"),
                )
                .in_file("book.toml"),
            ),
        }
    }
    files.sort();
    files.dedup();
    for path in files {
        let Some(text) = repo.text(&path) else { continue };
        // `@adr 7` markers count as citations too (same length, so offsets hold);
        // most files have none and are not copied.
        let text = if text.contains("@adr") {
            std::borrow::Cow::Owned(text.replace("@adr", "@ADR"))
        } else {
            std::borrow::Cow::Borrowed(&*text)
        };
        // Line numbers are only needed for findings: counted on the first one.
        let lines = handbook_core::splice::LazyLineIndex::new(&text);
        for (offset, number) in adr_numbers(&text) {
            if !in_comment_prose(&text, offset) {
                continue;
            }
            let message = match facts.decision(number) {
                None => format!("cites ADR {number}, which the decision log does not have"),
                Some(d) if d.is_retired() => {
                    format!("cites ADR {number} ({}), which is {}", d.title, retired_words(d, facts))
                }
                Some(_) => continue,
            };
            let line = lines.line(offset);
            diagnostics
                .push(Diagnostic::new(Level::Warning, "drift-code-cites", message.clone()).at(shown(&path), line));
            out.push(CodeCite {
                path: path.clone(),
                line,
                message,
            });
        }
    }
    out
}

#[cfg(test)]
mod comment_tests {
    use super::in_comment_prose;

    #[test]
    fn only_comment_prose_cites() {
        let at = |text: &str| in_comment_prose(text, text.find("ADR").unwrap_or_default());
        assert!(at("let x = 1; // see ADR-7"));
        assert!(at("# ADR 7 chose this"));
        assert!(at("  * the ADR 7 way"));
        assert!(at("/* ADR 7 */"));
        assert!(!at("assert_eq!(parse(\"ADR-45\"), 45);"));
        assert!(!at("/// reads `ADR-45: Title`"));
        assert!(at("/// reads `x`, as ADR 45 says"));
        assert!(at("x = 1  # ADR 7"));
        assert!(!at("let text = \"# 12. Title\\n\\nSuperseded by ADR031\";"));
        assert!(!at("// parse(\"ADR-45\")"));
        assert!(!at("assert!(at(\"/// as ADR 45 says\"));"));
    }
}

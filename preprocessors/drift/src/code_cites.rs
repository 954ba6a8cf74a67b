//! ADR citations in source files (`// see ADR-0007`, `@adr 7`): the files the `code`
//! globs match, searched as text in any language, checked against the
//! decision log's facts.

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
        let lines = handbook_core::splice::LineIndex::new(&text);
        // `@adr 7` markers count as citations too (same length, so offsets hold).
        let text = text.replace("@adr", "@ADR");
        for (offset, number) in adr_numbers(&text) {
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

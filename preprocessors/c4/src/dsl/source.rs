//! The statements of a workspace file with `!include`s expanded in place,
//! each statement keeping its own file and line. An include must stay inside
//! the book and is read once per chain (no cycles, bounded depth).

use super::lexer::{self, Token};
use crate::model::Origin;
use handbook_core::{Diagnostic, Level};
use std::path::{Path, PathBuf};

/// Nested `!include`s followed at most this deep.
const MAX_DEPTH: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    pub tokens: Vec<Token>,
    pub origin: Origin,
}

impl SourceLine {
    /// The words without a trailing `{`, and whether the line opens a block.
    pub fn split_block(&self) -> (&[Token], bool) {
        match self.tokens.split_last() {
            Some((last, rest)) if last.is("{") => (rest, true),
            _ => (&self.tokens, false),
        }
    }

    /// The word at `index` (a trailing `{` is no argument), or "".
    pub fn arg(&self, index: usize) -> String {
        self.split_block()
            .0
            .get(index)
            .map(|t| t.text.clone())
            .unwrap_or_default()
    }
}

/// Reads `file` (relative to the book `root`) and its includes.
pub(super) fn load(root: &Path, file: &Path, problems: &mut Vec<Diagnostic>) -> Option<Vec<SourceLine>> {
    match std::fs::read_to_string(root.join(file)) {
        Ok(text) => Some(expand(root, file, &text, problems, 0, &mut vec![file.to_path_buf()])),
        Err(e) => {
            problems.push(
                Diagnostic::new(
                    Level::Error,
                    "c4-workspace",
                    format!("cannot read the workspace `{}`: {e}", file.display()),
                )
                .in_file("book.toml"),
            );
            None
        }
    }
}

/// The statements of `text`, read as `file`, includes expanded.
pub(super) fn expand(
    root: &Path,
    file: &Path,
    text: &str,
    problems: &mut Vec<Diagnostic>,
    depth: usize,
    chain: &mut Vec<PathBuf>,
) -> Vec<SourceLine> {
    let (lines, unclosed) = lexer::lex(text);
    for u in unclosed {
        problems.push(
            Diagnostic::new(
                Level::Error,
                "c4-syntax",
                "a string is not closed on its line: a `\"` is missing",
            )
            .at(file, u.line),
        );
    }
    let mut out = Vec::new();
    for line in lines {
        let origin = Origin {
            file: file.to_path_buf(),
            line: line.line,
        };
        if line.tokens.first().is_some_and(|t| t.is("!include")) {
            let target = line.tokens.get(1).map(|t| t.text.as_str()).unwrap_or("");
            match resolve(root, file, target) {
                Err(message) => problems.push(Diagnostic::new(Level::Error, "c4-include", message).at(file, line.line)),
                Ok(included) if chain.contains(&included) || depth >= MAX_DEPTH => problems.push(
                    Diagnostic::new(
                        Level::Error,
                        "c4-include",
                        format!("`!include {target}` includes itself (or nests too deep); it is not read again"),
                    )
                    .at(file, line.line),
                ),
                Ok(included) => match std::fs::read_to_string(root.join(&included)) {
                    Ok(text) => {
                        chain.push(included.clone());
                        out.extend(expand(root, &included, &text, problems, depth + 1, chain));
                        chain.pop();
                    }
                    Err(e) => problems.push(
                        Diagnostic::new(
                            Level::Error,
                            "c4-include",
                            format!("cannot read `!include {target}`: {e}"),
                        )
                        .at(file, line.line),
                    ),
                },
            }
            continue;
        }
        out.push(SourceLine {
            tokens: line.tokens,
            origin,
        });
    }
    out
}

/// The included file, relative to the book root: a relative path inside the
/// book (no URL, no absolute path, no `..` leaving it, no symlink out of it).
fn resolve(root: &Path, from: &Path, target: &str) -> Result<PathBuf, String> {
    if target.is_empty() {
        return Err("`!include` names no file".into());
    }
    if target.contains("://") {
        return Err(format!(
            "`!include {target}` is a URL: the suite reads no network; copy the file into the book"
        ));
    }
    let written = Path::new(target);
    if written.is_absolute() || target.starts_with('/') || target.starts_with('\\') {
        return Err(format!(
            "`!include {target}` is an absolute path: include files inside the book, by a relative path"
        ));
    }
    let joined = from.parent().unwrap_or(Path::new("")).join(written);
    let tidy = handbook_core::paths::tidy(&joined);
    if tidy.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
        return Err(format!(
            "`!include {target}` leaves the book; include files inside the book only"
        ));
    }
    if let (Ok(real_root), Ok(real)) = (root.canonicalize(), root.join(&tidy).canonicalize())
        && !real.starts_with(&real_root)
    {
        return Err(format!(
            "`!include {target}` leaves the book (through a link); include files inside the book only"
        ));
    }
    if root.join(&tidy).is_dir() {
        return Err(format!(
            "`!include {target}` is a folder; the suite includes files one by one"
        ));
    }
    Ok(tidy)
}

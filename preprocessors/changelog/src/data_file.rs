//! Change-log data files (`{{#changelog file=log.toml}}`), read once per build.
//!
//! The path is relative to the chapter's own file, as with mdBook's
//! `{{#include}}`, and after resolving symlinks it must stay inside the book
//! root: a book may not pull arbitrary files of the machine into its pages.

use crate::entry::{self, Entry, SourceLines};
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Data files already read, by canonical path (`None`: unreadable, reported once).
#[derive(Debug, Default)]
pub struct DataFiles {
    read: HashMap<PathBuf, Option<Vec<Entry>>>,
}

/// Where the directive stands, for diagnostics about the path itself.
pub struct Place<'a> {
    pub book_root: &'a Path,
    pub src_dir: &'a Path,
    pub chapter: &'a Chapter,
    pub shown_as: PathBuf,
    pub line: usize,
}

impl DataFiles {
    pub fn entries(&mut self, written: &str, at: &Place<'_>, diagnostics: &mut Diagnostics) -> Option<&[Entry]> {
        let here = |code, message: String| Diagnostic::new(Level::Warning, code, message).at(&at.shown_as, at.line);
        let path = match resolve(written, at) {
            Ok(p) => p,
            Err((code, message)) => {
                diagnostics.push(here(code, format!("{message}; the directive is left as written")));
                return None;
            }
        };
        if !self.read.contains_key(&path) {
            let root = handbook_core::paths::real_root(at.book_root);
            let shown = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
            let loaded = load(&path, &shown, diagnostics);
            self.read.insert(path.clone(), loaded);
        }
        let loaded = self.read.get(&path).and_then(Option::as_deref);
        if loaded.is_none() {
            diagnostics.push(here(
                "changelog-data-file",
                format!("`{written}` could not be read (see above); the directive is left as written"),
            ));
        }
        loaded
    }
}

fn resolve(written: &str, at: &Place<'_>) -> Result<PathBuf, (&'static str, String)> {
    let outside = |why: &str| {
        (
            "changelog-path-outside-book",
            format!("`{written}` {why}; data files must be inside the book root"),
        )
    };
    let given = Path::new(written);
    if given.is_absolute() || written.starts_with(['/', '\\']) || given.has_root() {
        return Err(outside("is an absolute path"));
    }
    let chapter_dir = at
        .chapter
        .source_path
        .as_deref()
        .and_then(Path::parent)
        .unwrap_or(Path::new(""));
    let joined = at.src_dir.join(chapter_dir).join(given);
    let canonical =
        handbook_core::paths::inside(at.book_root, &joined).map_err(|_| outside("leads outside the book root"))?;
    if let Err(e) = std::fs::metadata(&canonical) {
        return Err((
            "changelog-data-file",
            format!("`{written}` (relative to the chapter's file) cannot be opened: {e}"),
        ));
    }
    Ok(canonical)
}

/// Reads and checks one file; its diagnostics point into the file itself.
fn load(path: &Path, shown: &Path, diagnostics: &mut Diagnostics) -> Option<Vec<Entry>> {
    let fail = |line: usize, message: String| {
        Diagnostic::new(Level::Warning, "changelog-data-file", message).at(shown, line.max(1))
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diagnostics.push(fail(1, format!("cannot read the change-log file: {e}")));
            return None;
        }
    };
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let parsed: Result<Value, (usize, String)> = match extension.as_str() {
        "toml" => toml::from_str::<toml::Table>(&text)
            .map_err(|e| {
                let line = e
                    .span()
                    .map_or(1, |s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                (line, format!("not valid TOML: {}", e.message()))
            })
            .and_then(|t| serde_json::to_value(t).map_err(|e| (1, e.to_string()))),
        "yaml" | "yml" | "json" => serde_saphyr::from_str::<Value>(&text).map_err(|e| {
            let line = e.location().map_or(1, |l| usize::try_from(l.line()).unwrap_or(1));
            let message = e.to_string();
            (
                line,
                format!("not valid YAML: {}", message.lines().next().unwrap_or("")),
            )
        }),
        other => Err((
            1,
            format!("a change-log file must end in .toml, .yaml, .yml or .json, not `.{other}`"),
        )),
    };
    let value = match parsed {
        Ok(v) => v,
        Err((line, message)) => {
            diagnostics.push(fail(line, message));
            return None;
        }
    };
    let total = text.lines().count().max(1);
    let (items, anchored) = match value {
        Value::Array(items) => (items, false),
        Value::Object(mut map) => {
            let key = map.keys().find(|k| k.eq_ignore_ascii_case("changelog")).cloned();
            match key.and_then(|k| map.remove(&k)) {
                Some(Value::Array(items)) => (items, true),
                _ => {
                    diagnostics.push(fail(
                        1,
                        "a change-log file holds a `changelog` list (`[[changelog]]` tables in TOML, \
                         `changelog:` with `- version: ...` items in YAML)"
                            .to_owned(),
                    ));
                    return None;
                }
            }
        }
        _ => {
            diagnostics.push(fail(1, "a change-log file holds a list of entries".to_owned()));
            return None;
        }
    };
    let (entries, problems) = entry::read_entries(&items, &SourceLines::find(&text, 1, total, anchored));
    for p in problems {
        diagnostics.push(Diagnostic::new(Level::Warning, p.code, p.message).at(shown, p.line));
    }
    Some(entries)
}

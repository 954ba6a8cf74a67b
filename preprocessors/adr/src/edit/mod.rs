//! Writing decisions: `mdbook-handbook adr new | supersede | status | link |
//! renumber`. Every edit reads the file with the same [`scan`](crate::scan)
//! as the preprocessor, finds the exact bytes to change, and applies
//! [`Splice`]s: nothing else in the file moves, in LF and CRLF files alike.
//! Where the spans are not certain (two status sections, front matter that
//! disagrees with the page, a status in a table cell) the edit is refused
//! with the file and the reason, and nothing is written.
//!
//! Everything here works on an in-memory [`Workspace`]; the command line
//! reads the files, runs the edits, then prints a diff or writes the result.

pub mod diff;
pub mod format;
pub mod list;
pub mod new;
pub mod place;
pub mod refs;
pub mod relate;
pub mod renumber;
pub mod status;
pub mod summary;
pub mod wording;

use crate::discover::is_decision_file;
use crate::log::DecisionLog;
use crate::scan::{Decision, scan_chapter};
use handbook_core::date::HandbookDate;
use handbook_core::markdown::MarkdownOptions;
use handbook_core::status::StatusWords;
use handbook_core::{Chapter, Splice, apply_splices};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why an edit was refused: the file it concerns and the reason, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError {
    pub path: Option<PathBuf>,
    pub message: String,
}

impl EditError {
    pub fn new(message: impl Into<String>) -> EditError {
        EditError {
            path: None,
            message: message.into(),
        }
    }

    pub fn in_file(path: &Path, message: impl Into<String>) -> EditError {
        EditError {
            path: Some(path.to_path_buf()),
            message: message.into(),
        }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", handbook_core::platform::slashed(p), self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for EditError {}

pub type EditResult<T> = Result<T, EditError>;

/// An ADR as the command line names it: by number, or by file name (for
/// unnumbered log4brains folders, or two files that share a number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdrRef {
    Number(u32),
    File(String),
}

impl AdrRef {
    /// `7`, `ADR-7`, `0007` → a number; anything else is a file name.
    pub fn parse(arg: &str) -> AdrRef {
        let digits = arg.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '-' || c == '_');
        match digits.parse() {
            Ok(n) if !arg.ends_with(".md") => AdrRef::Number(n),
            _ => AdrRef::File(
                Path::new(arg)
                    .file_name()
                    .map_or_else(|| arg.to_owned(), |n| n.to_string_lossy().into_owned()),
            ),
        }
    }
}

/// One file as the workspace holds it.
#[derive(Debug, Clone)]
struct Entry {
    text: String,
    /// Where the file was read from; `None` for a file the edits created.
    origin: Option<PathBuf>,
    /// The text as read (empty for a new file).
    before: String,
}

/// One file the edits changed, created or renamed, for writing or diffing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where the file was (relative to `src`); `None` for a new file.
    pub from: Option<PathBuf>,
    pub to: PathBuf,
    pub before: String,
    pub after: String,
}

/// The book's markdown files in memory (paths relative to its `src`), the
/// ADR folder the commands work on, and what the edits need to know.
pub struct Workspace {
    files: BTreeMap<PathBuf, Entry>,
    /// The ADR folder, relative to `src` (empty for `src` itself).
    pub folder: PathBuf,
    pub options: MarkdownOptions,
    pub words: StatusWords,
    /// Today, at day precision.
    pub today: HandbookDate,
}

impl Workspace {
    /// `files`: every markdown file of the book (SUMMARY.md included), by path relative to `src`.
    pub fn new(
        files: impl IntoIterator<Item = (PathBuf, String)>,
        folder: PathBuf,
        options: MarkdownOptions,
        words: StatusWords,
        today: HandbookDate,
    ) -> Workspace {
        let files = files
            .into_iter()
            .map(|(path, text)| {
                let entry = Entry {
                    before: text.clone(),
                    text,
                    origin: Some(path.clone()),
                };
                (path, entry)
            })
            .collect();
        Workspace {
            files,
            folder,
            options,
            words,
            today,
        }
    }

    pub fn text(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(|e| e.text.as_str())
    }

    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.keys()
    }

    /// The folder's files (direct children), decisions and others alike.
    pub fn folder_files(&self) -> impl Iterator<Item = &PathBuf> {
        self.files
            .keys()
            .filter(move |p| p.parent().unwrap_or(Path::new("")) == self.folder)
    }

    /// Applies splices to one file; an overlap or bad span is a refusal.
    pub fn splice(&mut self, path: &Path, splices: &[Splice]) -> EditResult<()> {
        let entry = self
            .files
            .get_mut(path)
            .ok_or_else(|| EditError::in_file(path, "no such file in the book"))?;
        entry.text = apply_splices(&entry.text, splices)
            .map_err(|e| EditError::in_file(path, format!("internal error, nothing written: {e}")))?;
        Ok(())
    }

    /// Adds a file the edits create; refuses to overwrite one.
    pub fn create(&mut self, path: PathBuf, text: String) -> EditResult<()> {
        if self.files.contains_key(&path) {
            return Err(EditError::in_file(&path, "already exists"));
        }
        self.files.insert(
            path,
            Entry {
                text,
                origin: None,
                before: String::new(),
            },
        );
        Ok(())
    }

    /// Moves a file; refuses to overwrite one.
    pub fn rename(&mut self, from: &Path, to: PathBuf) -> EditResult<()> {
        if self.files.contains_key(&to) {
            return Err(EditError::in_file(&to, "already exists"));
        }
        let entry = self
            .files
            .remove(from)
            .ok_or_else(|| EditError::in_file(from, "no such file in the book"))?;
        self.files.insert(to, entry);
        Ok(())
    }

    /// Files whose text or place changed, in path order.
    pub fn changes(&self) -> Vec<Change> {
        self.files
            .iter()
            .filter(|(path, e)| e.origin.as_deref() != Some(path.as_path()) || e.text != e.before)
            .map(|(path, e)| Change {
                from: e.origin.clone(),
                to: path.clone(),
                before: e.before.clone(),
                after: e.text.clone(),
            })
            .collect()
    }

    /// Scans one file as the preprocessor does.
    pub fn scan(&self, path: &Path) -> Option<Decision> {
        let text = self.text(path)?;
        let chapter = Chapter::synthetic_as_file("", &handbook_core::platform::slashed(path), text);
        scan_chapter(0, &chapter, &self.options, &self.words)
    }

    /// The folder's decisions, as the preprocessor reads them.
    pub fn decisions(&self) -> Vec<Decision> {
        let mut out: Vec<Decision> = self
            .folder_files()
            .filter(|p| p.file_name().is_some_and(|n| is_decision_file(&n.to_string_lossy())))
            .filter_map(|p| self.scan(p))
            .collect();
        for (i, d) in out.iter_mut().enumerate() {
            d.chapter = i;
        }
        crate::scan::day_order::settle(&mut out);
        out
    }

    /// The folder's decision log, relations resolved and mirrored.
    pub fn log(&self) -> DecisionLog {
        DecisionLog::build(self.decisions(), &mut Vec::new())
    }

    /// The one file of the folder with number `n`: none, or two, is a refusal.
    pub fn find(&self, n: u32) -> EditResult<PathBuf> {
        let found: Vec<PathBuf> = self
            .decisions()
            .into_iter()
            .filter(|d| d.number == Some(n))
            .map(|d| d.source_path)
            .collect();
        match found.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(EditError::new(format!(
                "no ADR numbered {n} in {}",
                crate::log::folder_name(&self.folder)
            ))),
            many => Err(EditError::new(format!(
                "{} files are numbered {n} in {}: {}; renumber all but one first (`mdbook-handbook adr renumber`)",
                many.len(),
                crate::log::folder_name(&self.folder),
                many.iter()
                    .map(|p| handbook_core::platform::slashed(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// The file an [`AdrRef`] names in the folder.
    pub fn locate(&self, which: &AdrRef) -> EditResult<PathBuf> {
        match which {
            AdrRef::Number(n) => self.find(*n),
            AdrRef::File(name) => {
                let wanted = name.trim_end_matches(".md");
                self.folder_files()
                    .find(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == wanted))
                    .cloned()
                    .ok_or_else(|| {
                        EditError::new(format!("no file `{name}` in {}", crate::log::folder_name(&self.folder)))
                    })
            }
        }
    }
}

/// The line break a file uses: CRLF if its first line ends so.
pub fn eol(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// The 1-based line `number` of `text`: (its content without the line break, its end after the break).
pub fn line_at(text: &str, number: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let mut start = 0;
    for (i, piece) in text.split_inclusive('\n').enumerate() {
        if i + 1 == number {
            let content = piece.trim_end_matches(['\n', '\r']);
            return Some((start..start + content.len(), start + piece.len()));
        }
        start += piece.len();
    }
    None
}

/// Where `part` (a subslice of `whole`) starts in `whole`.
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then_some(start)
}

/// A path relative to the folder's file `from` resolved to a path relative to `src`.
fn resolve_link(from: &Path, url: &str) -> Option<PathBuf> {
    if url.starts_with('#') || url.is_empty() {
        return None;
    }
    let file = crate::log::linked_file(url)?;
    let dir = from.parent().unwrap_or(Path::new(""));
    // A link that climbs out of the book, or is site-absolute, names no file of it.
    handbook_core::paths::lexical(&dir.join(file))
}

/// The offset after the line break that ends the line whose content ends at `content_end`.
fn after_break(text: &str, content_end: usize) -> usize {
    let rest = &text[content_end..];
    if rest.starts_with("\r\n") {
        content_end + 2
    } else if rest.starts_with('\n') {
        content_end + 1
    } else {
        content_end
    }
}

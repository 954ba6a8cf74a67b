//! `add-missing = true`: ADR files present in a decision folder but not in
//! SUMMARY.md join the book under the folder's index chapter, so a new
//! decision shows up without editing SUMMARY.md.

use crate::discover::{Folders, is_decision_file};
use handbook_core::protocol::Context;
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A file the book does not list, and the chapter it goes under.
pub struct MissingFile {
    pub parent: usize,
    pub chapter: Chapter,
}

pub fn find(ctx: &Context, chapters: &[Chapter], folders: &Folders, diagnostics: &mut Diagnostics) -> Vec<MissingFile> {
    let listed: HashSet<&Path> = chapters.iter().filter_map(|c| c.source_path.as_deref()).collect();
    let src = ctx.root.join(ctx.src_dir());
    let mut out = Vec::new();
    let mut seen_folders = HashSet::new();
    for (parent, chapter) in chapters.iter().enumerate() {
        let Some(source) = chapter.source_path.as_deref() else {
            continue;
        };
        let is_index = source
            .file_name()
            .is_some_and(|f| f.eq_ignore_ascii_case("README.md") || f.eq_ignore_ascii_case("index.md"));
        let folder = source.parent().unwrap_or(Path::new("")).to_path_buf();
        if !is_index || !folders.holds(&folder.join("0000-adr.md")) || !seen_folders.insert(folder.clone()) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(src.join(&folder)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.file_name().is_some_and(|f| is_decision_file(&f.to_string_lossy())))
            .collect();
        files.sort();
        for file in files {
            let Some(name) = file.file_name() else { continue };
            let relative = folder.join(name);
            if listed.contains(relative.as_path()) {
                continue;
            }
            // A decision folder may hold a link to `/etc/passwd`: that must not become a page.
            if handbook_core::paths::inside(&ctx.root, &file).is_err() {
                diagnostics.push(
                    Diagnostic::new(
                        Level::Warning,
                        "adr-outside-book",
                        "not added to the book: it is a link to a file outside the book root",
                    )
                    .in_file(ctx.src_dir().join(&relative)),
                );
                continue;
            }
            match std::fs::read_to_string(&file) {
                Ok(content) => out.push(MissingFile {
                    parent,
                    chapter: Chapter::synthetic(&name.to_string_lossy(), &relative.to_string_lossy(), &content),
                }),
                Err(e) => diagnostics.push(
                    Diagnostic::new(
                        Level::Warning,
                        "adr-unreadable-file",
                        format!("not added to the book: {e}"),
                    )
                    .in_file(ctx.src_dir().join(&relative)),
                ),
            }
        }
    }
    out
}

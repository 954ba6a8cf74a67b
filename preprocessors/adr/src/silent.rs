//! A folder named in `folders` that gives no ADR says so, once: how many of
//! the book's files are in it, and why none was read. An RFC folder whose
//! files the log cannot read would otherwise give an empty index and no word.

use crate::config::DEFAULT_FOLDERS;
use crate::discover::{Folders, is_decision_file};
use crate::scan::Decision;
use handbook_core::protocol::Context;
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};

pub(crate) fn report(
    ctx: &Context,
    configured: &[String],
    chapters: &[Chapter],
    decisions: &[Decision],
    diagnostics: &mut Diagnostics,
) {
    let defaults = configured
        .iter()
        .map(String::as_str)
        .eq(DEFAULT_FOLDERS.iter().copied());
    for entry in configured {
        let folder = Folders::new(std::slice::from_ref(entry));
        let files: Vec<&Chapter> = chapters
            .iter()
            .filter(|c| c.source_path.as_deref().is_some_and(|p| folder.contains(p)))
            .collect();
        // The default folders are a guess; only a default folder with files in it is news.
        if decisions.iter().any(|d| folder.contains(&d.source_path)) || defaults && files.is_empty() {
            continue;
        }
        let message = if files.is_empty() {
            format!(
                "`folders` names `{entry}`, and no chapter of the book is in it (SUMMARY.md lists none of its files; `add-missing = true` adds them)"
            )
        } else {
            let skipped = files
                .iter()
                .filter_map(|c| c.source_path.as_deref())
                .filter(|p| !p.file_name().is_some_and(|n| is_decision_file(&n.to_string_lossy())))
                .count();
            format!(
                "`folders` names `{entry}`, and none of its {} files is an ADR: {skipped} {} an index or template page, and {} {} no number in the file name or title (0012-x.md, rfc0012_x.md, ADR 12: Title), no status the log reads and no date in the name (2023-06-26-x.md)",
                files.len(),
                if skipped == 1 { "is" } else { "are" },
                files.len() - skipped,
                if files.len() - skipped == 1 { "has" } else { "have" },
            )
        };
        let mut diagnostic = Diagnostic::new(Level::Warning, "adr-empty-folder", message);
        if let Some(first) = files.first() {
            diagnostic = diagnostic.at(ctx.display_path(first), 1);
        }
        diagnostics.push(diagnostic);
    }
}

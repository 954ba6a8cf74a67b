//! How relations are worded when an edit writes them: link text in the
//! writing file's family, `ADR-0005` references, the phrases and keys the
//! scan reads, and the folder's own spelling of them.

use super::Workspace;
use super::format::Family;
use crate::scan::Decision;
use crate::scan::relations::RelationKind;
use std::path::Path;

/// `[5. Title](0005-title.md)` in the families that title links so
/// (adr-tools, Tendermint), else `[ADR-0005](0005-title.md)`; an unnumbered
/// target by its title.
pub(crate) fn markdown_link(writer: Family, from: &Path, to: &Path, target: Option<&Decision>) -> String {
    let href = handbook_core::links::relative_href(from, to, false);
    let titled = matches!(writer, Family::Nygard | Family::Tendermint);
    let text = match target {
        Some(t) => match (t.number, &t.title) {
            (Some(n), Some(title)) if titled => format!("{n}. {}", title.value),
            (Some(_), _) => plain_reference(to, Some(t)),
            (None, Some(title)) => title.value.clone(),
            (None, None) => t.slug.clone(),
        },
        None => to
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    format!("[{}]({href})", escape_link_text(&text))
}

/// `ADR-0005` with the file name's digits, or the slug of an unnumbered ADR.
pub(crate) fn plain_reference(to: &Path, target: Option<&Decision>) -> String {
    let stem = to
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match target.and_then(|t| t.number) {
        Some(n) => {
            let width = stem
                .trim_start_matches(|c: char| !c.is_ascii_digit())
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            if target.is_some_and(|t| t.file_number == Some(n)) && width > 0 {
                format!("ADR-{n:0width$}")
            } else {
                format!("ADR-{n}")
            }
        }
        None => stem,
    }
}

pub(super) fn escape_link_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `Supersedes`, `Amended by`: the phrase the scan reads, as relation lines write it.
pub(super) fn relation_phrase(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Relates => "Relates to",
        other => other.label(),
    }
}

/// adr-tools writes `Supercedes` / `Superceded by`; a folder that does keeps
/// its spelling, so its lines stay alike (the scan reads both). Only a
/// relation line counts, not prose that mentions the spelling.
pub(super) fn spelled(ws: &Workspace, phrase: &'static str) -> &'static str {
    let misspelled = ws
        .folder_files()
        .any(|p| ws.text(p).is_some_and(|t| t.lines().any(writes_the_misspelling)));
    match phrase {
        "Supersedes" if misspelled => "Supercedes",
        "Superseded by" if misspelled => "Superceded by",
        "superseded by" if misspelled => "superceded by",
        other => other,
    }
}

/// A relation or status line in adr-tools' spelling: `Supercedes [1. ...]`,
/// `- Status: superceded by ...`, `**Superceded by**: ...`.
fn writes_the_misspelling(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\t', '-', '*', '>']).to_lowercase();
    let line = line.strip_prefix("status:").map_or(line.as_str(), str::trim_start);
    line.starts_with("supercedes") || line.starts_with("superceded by")
}

#[cfg(test)]
mod spelling_tests {
    #[test]
    fn only_relation_lines_tell_the_spelling() {
        for line in [
            "Supercedes [1. A](0001-a.md)",
            "- Status: superceded by ADR-2",
            "**Superceded by**: 3",
        ] {
            assert!(super::writes_the_misspelling(line), "{line}");
        }
        for line in [
            "adr-tools writes `Supercedes [...]` lines",
            "Supersedes [1. A](0001-a.md)",
        ] {
            assert!(!super::writes_the_misspelling(line), "{line}");
        }
    }
}

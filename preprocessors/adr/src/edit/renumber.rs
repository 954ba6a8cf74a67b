//! `adr renumber N M`: the file is renamed (`0007-x.md` → `0009-x.md`), its
//! title's number changes, every link to it in the book is rewritten
//! (SUMMARY.md included), relations that name it by number (`ADR-0007`)
//! follow, and a "Formerly ADR 7" note is left where the format has a place
//! for one (adr-tools' status section, Tendermint's change log).

use super::format::{Family, StatusSpot, status_spot};
use super::new::renumbered;
use super::status::changelog_entry;
use super::{AdrRef, EditError, EditResult, Workspace, after_break, eol, line_at};
use crate::scan::relations::Target;
use handbook_core::Splice;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Renumbers one ADR to `new`; `taken` are numbers other git refs use.
/// Returns the file's new path.
pub fn renumber(ws: &mut Workspace, which: &AdrRef, new: u32, taken: &BTreeSet<u32>) -> EditResult<PathBuf> {
    let path = ws.locate(which)?;
    let d = ws
        .scan(&path)
        .ok_or_else(|| EditError::in_file(&path, "not readable as an ADR"))?;
    let Some(old) = d.number else {
        return Err(EditError::in_file(&path, "it has no number to change"));
    };
    if old == new {
        return Err(EditError::in_file(&path, format!("it is numbered {new} already")));
    }
    let decisions = ws.decisions();
    if let Some(other) = decisions.iter().find(|o| o.number == Some(new)) {
        return Err(EditError::new(format!(
            "{new} is taken in this folder by {}",
            handbook_core::platform::slashed(&other.source_path)
        )));
    }
    if taken.contains(&new) {
        return Err(EditError::new(format!(
            "{new} is taken on another branch; pick a number no branch uses (`adr new` picks one)"
        )));
    }
    let unique = decisions.iter().filter(|o| o.number == Some(old)).count() == 1;
    let text = ws.text(&path).unwrap_or_default().to_owned();
    let mut splices = Vec::new();
    if let Some(t) = &d.title_number
        && let Some((line, _)) = line_at(&text, t.line)
    {
        let l = &text[line.clone()];
        let heading_start = l.len() - l.trim_start_matches(['#', ' ']).len();
        if let Some(at) = l[heading_start..].find(|c: char| c.is_ascii_digit()) {
            let start = heading_start + at;
            let len = l[start..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(l.len() - start);
            splices.push(Splice::new(
                line.start + start..line.start + start + len,
                renumbered(&l[start..start + len], new),
            ));
        }
    }
    let note = format!("Formerly ADR {old}.");
    match Family::of(&d) {
        Family::Tendermint => {
            if let Some(s) = changelog_entry(
                &path,
                &text,
                &ws.options,
                ws.today,
                &format!("Renumbered from ADR {old}"),
            )? {
                splices.push(s);
            }
        }
        Family::Nygard => {
            if let Some(StatusSpot::Section { line, .. }) = status_spot(&path, &text, &d, &ws.options)? {
                let e = eol(&text);
                let end = after_break(&text, line.end);
                let lead = if text[..end].ends_with('\n') { "" } else { e };
                splices.push(Splice::insert(end, format!("{lead}{e}{note}{e}")));
            }
        }
        _ => {}
    }
    ws.splice(&path, &splices)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let new_path = if d.file_number == Some(old) {
        path.with_file_name(renumbered(&name, new))
    } else {
        path.clone()
    };
    if new_path != path {
        ws.rename(&path, new_path.clone())?;
    }
    super::summary::rewrite_links(ws, &path, &new_path, Some(old), new)?;
    if unique {
        rewrite_number_references(ws, &new_path, old, new)?;
    }
    Ok(new_path)
}

/// Relations in the folder that name the old number (`Supersedes ADR-0007`,
/// `related: [ADR-7]`) now name the new one.
fn rewrite_number_references(ws: &mut Workspace, renamed: &Path, old: u32, new: u32) -> EditResult<()> {
    for d in ws.decisions() {
        if d.source_path == renamed {
            continue;
        }
        let Some(text) = ws.text(&d.source_path).map(str::to_owned) else {
            continue;
        };
        let mut splices: Vec<Splice> = Vec::new();
        for r in &d.relations {
            let Target::Number { number, written } = &r.target else {
                continue;
            };
            if *number != old {
                continue;
            }
            let Some((line, _)) = line_at(&text, r.line) else {
                continue;
            };
            let mut from = 0;
            while let Some(i) = text[line.clone()][from..].find(written.as_str()) {
                let start = line.start + from + i;
                if !splices.iter().any(|s| s.range.start == start) {
                    splices.push(Splice::new(start..start + written.len(), renumbered(written, new)));
                }
                from += i + written.len().max(1);
            }
        }
        if !splices.is_empty() {
            ws.splice(&d.source_path, &splices)?;
        }
    }
    Ok(())
}

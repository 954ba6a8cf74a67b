//! The metadata table that opens an ADR, as RFC-style templates write it:
//! horizontal (`| Status | Date | Author(s) |` and one row of values) or
//! vertical key/value (`| State | **ACCEPTED** |`, `| Start Date | ... |`).
//! Only the first table between the title and the first section is read, so
//! a schema table further down (`| STATUS | TEXT |`) is never a status.

use super::page::{Line, Page};
use super::{Decision, Format};
use handbook_core::meta::normalize_key;
use handbook_core::status::StatusWords;
use std::path::Path;

pub(super) fn opening_table(d: &mut Decision, page: &Page<'_>, words: &StatusWords) {
    if let Some(h1) = page.h1.as_ref().filter(|h| h.range.start > 0) {
        // An RFC's table above its `# Summary`.
        read_table(d, &page.lines_in(0..h1.range.start), words);
    }
    read_table(d, &page.lines_in(page.preamble()), words);
    // `## 1. Status` holding a `| Field | Value |` table as its first block.
    let names: Vec<&str> = super::page::STATUS_SECTIONS
        .iter()
        .copied()
        .chain(["metadata"])
        .collect();
    for (_, range) in page.sections(&names) {
        let lines = page.lines_in(range);
        if lines
            .iter()
            .find(|l| !l.text.trim().is_empty())
            .is_some_and(|l| l.text.trim_start().starts_with('|'))
        {
            read_table(d, &lines, words);
        }
    }
}

/// The first table of `lines`, read as metadata when its keys are.
fn read_table(d: &mut Decision, lines: &[Line<'_>], words: &StatusWords) {
    let Some(start) = lines.iter().position(|l| l.text.trim_start().starts_with('|')) else {
        return;
    };
    let rows: Vec<&Line<'_>> = lines[start..]
        .iter()
        .take_while(|l| l.text.trim_start().starts_with('|'))
        .collect();
    // `| | |` over `|---|---|`: an empty header row, so that a key/value table renders.
    let cells: Vec<(usize, Vec<String>)> = rows
        .iter()
        .filter(|l| !is_separator(l.text))
        .map(|l| (l.number, split_row(l.text)))
        .filter(|(_, row)| row.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let Some((header_line, header)) = cells.first() else {
        return;
    };
    let keys: Vec<String> = header.iter().map(|c| normalize_key(&super::plain(c))).collect();
    let known = |key: &str| Decision::new(0, Path::new(""), Path::new("")).field(key, "x", 0, words);
    let known_in_header = keys.iter().filter(|k| known(k)).count();
    let mut used = 0;
    let mut fields = 0;
    if known_in_header >= 2 || header.len() > 2 && known_in_header == 1 {
        // Horizontal: the header names the columns, the next row holds the values.
        let Some((line, values)) = cells.get(1) else { return };
        for (key, value) in keys.iter().zip(values) {
            fields += 1;
            if !value.trim().is_empty() && d.field(key, value, *line, words) {
                used += 1;
            }
        }
        fields += cells.len().saturating_sub(2);
    } else {
        // Vertical: each row is `| key | value |`; a `| Field | Value |` header is no row.
        let _ = header_line;
        for (line, row) in &cells {
            let key = normalize_key(&super::plain(row.first().map_or("", String::as_str)));
            let value = row.get(1).map_or("", String::as_str);
            if key.is_empty() && value.trim().is_empty() || !known(&key) && *line == cells[0].0 {
                continue;
            }
            fields += 1;
            if !value.trim().is_empty() && d.field(&key, value, *line, words) {
                used += 1;
            }
        }
    }
    if used == 0 {
        return;
    }
    d.format(Format::Table);
    if used == fields
        && let (Some(first), Some(last)) = (rows.first(), rows.last())
    {
        // Everything the table says is on the card: the table goes.
        d.hidden.push(first.span.0..last.span.1);
    }
}

/// `|---|:---:|`.
fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The cells of a table row; `\|` and `|` inside code spans stay in the cell.
fn split_row(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if t.ends_with('|') && !t.ends_with("\\|") {
        &t[..t.len() - 1]
    } else {
        t
    };
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut in_code = false;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '`' => {
                in_code = !in_code;
                cell.push(c);
            }
            '|' if !in_code => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            _ => cell.push(c),
        }
    }
    cells.push(cell.trim().to_owned());
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_split_outside_code() {
        assert_eq!(split_row("| a | `x|y` | b\\|c |"), ["a", "`x|y`", "b|c"]);
        assert!(is_separator("|---|:--:|"));
        assert!(!is_separator("| - | x |"));
    }
}

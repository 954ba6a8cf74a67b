//! The bold metadata block many handbooks open (or close) a page with:
//!
//! ```text
//! **Status**: Accepted
//! **Version:** 2.3
//! - **Owner**: Platform team
//! ```
//!
//! Found by lines, at the top of a page (after front matter and the H1) or at
//! its end. Each field keeps its line span so a preprocessor can replace the
//! block with a card and nothing shows twice.

use std::ops::Range;

/// Where on the page the block stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockPosition {
    Top,
    Bottom,
}

/// One `**Key**: value` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderField {
    /// Normalized: lowercase, words joined by `-` (`Decision Makers` → `decision-makers`).
    pub key: String,
    /// The key as written.
    pub label: String,
    /// The value as written, trimmed, without a trailing hard break.
    pub value: String,
    /// 1-based line in the chapter.
    pub line: usize,
    /// The whole line, line break included.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderBlock {
    pub position: BlockPosition,
    /// From the first field's line start to the last field's line end.
    pub span: Range<usize>,
    pub fields: Vec<HeaderField>,
}

/// Normalizes a key the way every suite lookup expects.
pub fn normalize_key(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for word in label
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Parses one line as a header field (line break not included in `line`).
fn parse_field(line: &str) -> Option<(String, String)> {
    let mut rest = line.trim();
    for marker in ["- ", "* ", "+ "] {
        if let Some(r) = rest.strip_prefix(marker) {
            rest = r.trim_start();
            break;
        }
    }
    let rest = rest.strip_prefix("**")?;
    let close = rest.find("**")?;
    let inside = &rest[..close];
    let after = &rest[close + 2..];
    let (label, value) = if let Some(label) = inside.strip_suffix(':') {
        (label, after)
    } else {
        (inside, after.strip_prefix(':')?)
    };
    let label = label.trim();
    if label.is_empty() || label.len() > 40 || label.contains(['*', '[', '`', '<']) {
        return None;
    }
    let mut value = value.trim();
    if let Some(v) = value.strip_suffix('\\') {
        value = v.trim_end();
    }
    Some((label.to_owned(), value.to_owned()))
}

struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    number: usize,
}

fn lines_from(content: &str, from: usize) -> Vec<Line<'_>> {
    let first_number = content[..from].matches('\n').count() + 1;
    let mut pos = from;
    content[from..]
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            let line = Line {
                text: l.trim_end_matches(['\n', '\r']),
                start: pos,
                end: pos + l.len(),
                number: first_number + i,
            };
            pos += l.len();
            line
        })
        .collect()
}

fn block_from(lines: &[&Line<'_>], position: BlockPosition) -> Option<HeaderBlock> {
    let fields: Vec<HeaderField> = lines
        .iter()
        .filter_map(|l| {
            parse_field(l.text).map(|(label, value)| HeaderField {
                key: normalize_key(&label),
                label,
                value,
                line: l.number,
                span: l.start..l.end,
            })
        })
        .collect();
    let first = fields.first()?;
    let last = fields.last()?;
    Some(HeaderBlock {
        position,
        span: first.span.start..last.span.end,
        fields,
    })
}

/// Finds the block at the top of the page (its front matter is off the
/// text already). An H1 line may come first.
pub fn scan_top(content: &str) -> Option<HeaderBlock> {
    let lines = lines_from(content, 0);
    let mut iter = lines.iter().peekable();
    while iter.peek().is_some_and(|l| l.text.trim().is_empty()) {
        iter.next();
    }
    if iter.peek().is_some_and(|l| l.text.starts_with("# ") || l.text == "#") {
        iter.next();
    }
    let mut taken = Vec::new();
    for line in iter {
        if line.text.trim().is_empty() || parse_field(line.text).is_some() {
            taken.push(line);
        } else {
            break;
        }
    }
    block_from(&taken, BlockPosition::Top)
}

/// Finds the block at the end of the page (ADR templates that close with metadata).
pub fn scan_bottom(content: &str) -> Option<HeaderBlock> {
    let lines = lines_from(content, 0);
    let mut taken = Vec::new();
    for line in lines.iter().rev() {
        if line.text.trim().is_empty() || parse_field(line.text).is_some() {
            taken.push(line);
        } else {
            break;
        }
    }
    taken.reverse();
    block_from(&taken, BlockPosition::Bottom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_spelling() {
        let src = "# Payments\n\n**Status**: Accepted\n**Date:** January 15, 2024\n- **Decision Makers**: Ana, Bo  \n\n* **Version**: 2.3\\\n\nBody text.\n";
        let block = scan_top(src).unwrap_or_else(|| panic!("no block"));
        let keys: Vec<_> = block
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.value.as_str(), f.line))
            .collect();
        assert_eq!(
            keys,
            [
                ("status", "Accepted", 3),
                ("date", "January 15, 2024", 4),
                ("decision-makers", "Ana, Bo", 5),
                ("version", "2.3", 7)
            ]
        );
        assert_eq!(
            &src[block.span.clone()],
            "**Status**: Accepted\n**Date:** January 15, 2024\n- **Decision Makers**: Ana, Bo  \n\n* **Version**: 2.3\\\n"
        );
    }

    #[test]
    fn prose_with_bold_is_not_a_block() {
        assert_eq!(scan_top("**Note** this is prose: really\n"), None);
        assert_eq!(scan_top("Intro.\n\n**Status**: x\n"), None);
    }

    #[test]
    fn block_at_the_end_of_a_page() {
        let src = "# T\n\nText.\n\n---\n\n**Status**: Superseded\r\n**Supersedes**: ADR-008 (Sessions)\r\n";
        let block = scan_bottom(src).unwrap_or_else(|| panic!("no block"));
        assert_eq!(block.fields.len(), 2);
        assert_eq!(block.fields[1].value, "ADR-008 (Sessions)");
        assert_eq!(block.span.end, src.len());
    }

    #[test]
    fn normalizes_keys() {
        assert_eq!(normalize_key(" Next  Review "), "next-review");
        assert_eq!(normalize_key("last_updated"), "last-updated");
    }
}

//! Source-preserving edits: replace byte ranges of the original text and
//! leave every other byte alone.
//!
//! **Invariant:** the core never writes a whole chapter back through a
//! markdown serializer. A chapter with no splices comes back byte-identical.

use std::fmt;
use std::ops::Range;

/// Replace `range` of the original text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Splice {
    pub fn new(range: Range<usize>, replacement: impl Into<String>) -> Self {
        Splice {
            range,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Splice::new(at..at, text)
    }

    /// A replacement for a block that starts mid-line inside containers
    /// (list items, block quotes): every line after the first gets the
    /// container prefix of the line the block starts on, so the block stays
    /// inside its list item or quote instead of becoming an indented code block.
    /// In a CRLF chapter the replacement's line breaks become CRLF too.
    ///
    /// The range is widened to the end of its last line (pulldown-cmark's
    /// span of a fenced block may stop before the closing fence's line
    /// break), so a replacement ending in a line break leaves no stray one.
    pub fn block(source: &str, range: Range<usize>, replacement: &str) -> Self {
        let range = range.start..through_line_end(source, range.end);
        let prefix = container_prefix(source, range.start);
        let crlf = source
            .get(range.start..)
            .and_then(|r| r.find('\n'))
            .is_some_and(|i| source[..range.start + i].ends_with('\r'));
        let mut out = String::with_capacity(replacement.len() + 16);
        for (i, line) in replacement.split_inclusive('\n').enumerate() {
            if i > 0 {
                out.push_str(&prefix);
            }
            match line.strip_suffix('\n') {
                Some(body) if crlf && !body.ends_with('\r') => {
                    out.push_str(body);
                    out.push_str("\r\n");
                }
                _ => out.push_str(line),
            }
        }
        Splice::new(range, out)
    }
}

/// Why a set of splices could not be applied. Always a bug in the caller,
/// reported instead of panicking so the chapter stays as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpliceError {
    OutOfBounds { range: Range<usize>, len: usize },
    NotCharBoundary { offset: usize },
    Overlap { first: Range<usize>, second: Range<usize> },
}

impl fmt::Display for SpliceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpliceError::OutOfBounds { range, len } => {
                write!(f, "splice {range:?} is outside a text of {len} bytes")
            }
            SpliceError::NotCharBoundary { offset } => {
                write!(f, "splice boundary {offset} falls inside a UTF-8 character")
            }
            SpliceError::Overlap { first, second } => {
                write!(f, "splices {first:?} and {second:?} overlap")
            }
        }
    }
}

impl std::error::Error for SpliceError {}

/// Applies splices to `source`. Order does not matter; overlapping ranges,
/// ranges out of bounds or inside a UTF-8 character are an error and nothing
/// is applied. Insertions at the same offset keep their given order.
pub fn apply_splices(source: &str, splices: &[Splice]) -> Result<String, SpliceError> {
    if splices.is_empty() {
        return Ok(source.to_owned());
    }
    let mut order: Vec<&Splice> = splices.iter().collect();
    order.sort_by_key(|s| (s.range.start, s.range.end));
    let mut previous: Option<&Range<usize>> = None;
    for s in &order {
        let r = &s.range;
        if r.start > r.end || r.end > source.len() {
            return Err(SpliceError::OutOfBounds {
                range: r.clone(),
                len: source.len(),
            });
        }
        for offset in [r.start, r.end] {
            if !source.is_char_boundary(offset) {
                return Err(SpliceError::NotCharBoundary { offset });
            }
        }
        if let Some(p) = previous
            && r.start < p.end
        {
            return Err(SpliceError::Overlap {
                first: p.clone(),
                second: r.clone(),
            });
        }
        previous = Some(r);
    }
    let added: usize = order.iter().map(|s| s.replacement.len()).sum();
    let mut out = String::with_capacity(source.len() + added);
    let mut cursor = 0;
    for s in order {
        out.push_str(&source[cursor..s.range.start]);
        out.push_str(&s.replacement);
        cursor = s.range.end;
    }
    out.push_str(&source[cursor..]);
    Ok(out)
}

/// If only spaces and a line break follow `offset` on its line, the offset
/// after that line break; otherwise `offset` itself.
fn through_line_end(source: &str, offset: usize) -> usize {
    let Some(rest) = source.get(offset..) else {
        return offset;
    };
    let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..line_end].trim().is_empty() {
        offset + line_end
    } else {
        offset
    }
}

/// The prefix that continuation lines of a block starting at `offset` need:
/// the text before `offset` on its line, with block-quote markers kept and
/// list markers turned into spaces (`- > x` gives `  > `).
pub fn container_prefix(source: &str, offset: usize) -> String {
    let offset = floor_char_boundary(source, offset);
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &source[line_start..offset];
    if !before
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '>' | '-' | '*' | '+' | '.' | ')') || c.is_ascii_digit())
    {
        return String::new();
    }
    before
        .chars()
        .map(|c| match c {
            '>' | '\t' => c,
            _ => ' ',
        })
        .collect()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Maps byte offsets to 1-based line numbers in one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl Default for LineIndex {
    /// The index of an empty text: one line.
    fn default() -> Self {
        LineIndex { line_starts: vec![0] }
    }
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// 1-based line of `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }
}

/// A [`LineIndex`] built at the first question: a scan that reports lines
/// only for what it finds costs nothing on a page where it finds nothing.
#[derive(Debug)]
pub struct LazyLineIndex<'t> {
    text: &'t str,
    index: std::cell::OnceCell<LineIndex>,
}

impl<'t> LazyLineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        LazyLineIndex {
            text,
            index: std::cell::OnceCell::new(),
        }
    }

    /// 1-based line of `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.index.get_or_init(|| LineIndex::new(self.text)).line(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_splices_is_identity() {
        let s = "a\r\nb\tc ✓\n";
        assert_eq!(apply_splices(s, &[]), Ok(s.to_owned()));
    }

    #[test]
    fn applies_in_offset_order_whatever_the_given_order() {
        let s = "0123456789";
        let out = apply_splices(
            s,
            &[Splice::new(6..8, "B"), Splice::new(1..3, "A"), Splice::insert(10, "!")],
        );
        assert_eq!(out, Ok("0A345B89!".to_owned()));
    }

    #[test]
    fn refuses_overlap_bounds_and_split_characters() {
        assert!(matches!(
            apply_splices("hello", &[Splice::new(0..3, ""), Splice::new(2..4, "")]),
            Err(SpliceError::Overlap { .. })
        ));
        let s = "héllo";
        assert!(matches!(
            apply_splices(s, &[Splice::new(0..99, "")]),
            Err(SpliceError::OutOfBounds { .. })
        ));
        assert_eq!(
            apply_splices(s, &[Splice::new(2..3, "")]),
            Err(SpliceError::NotCharBoundary { offset: 2 })
        );
    }

    #[test]
    fn two_insertions_at_one_offset_are_kept_in_order() {
        let out = apply_splices("ab", &[Splice::insert(1, "x"), Splice::insert(1, "y")]);
        assert_eq!(out, Ok("axyb".to_owned()));
    }

    #[test]
    fn block_replacement_keeps_list_and_quote_context() {
        let src = "- > ```dot\n  > a\n  > ```\n";
        let start = src.find("```").unwrap_or(0);
        let s = Splice::block(src, start..src.len(), "<div>\n<p>x</p>\n</div>\n");
        assert_eq!(s.replacement, "<div>\n  > <p>x</p>\n  > </div>\n");
        let crlf = "```dot\r\nx\r\n```\r\nafter";
        let s = Splice::block(crlf, 0..crlf.len() - 7, "<p>\n</p>\n");
        assert_eq!(
            (s.range, s.replacement.as_str()),
            (0..crlf.len() - 5, "<p>\r\n</p>\r\n")
        );
        assert_eq!(container_prefix("1. text", 3), "   ");
        assert_eq!(container_prefix("plain text", 6), "");
    }

    #[test]
    fn line_index_counts_from_one() {
        let idx = LineIndex::new("a\nb\r\nc");
        assert_eq!((idx.line(0), idx.line(2), idx.line(5), idx.line(6)), (1, 2, 3, 3));
    }
}

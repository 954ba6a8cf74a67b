//! Where a line of a chapter came from in the author's file.
//!
//! A capability that inserts a card or a banner moves every line below it,
//! and each later capability only sees the text it is handed. So that a
//! diagnostic names the line the author sees in the editor, the pipeline
//! keeps, per chapter, a map from the current lines to the file's lines, as
//! a value updated after each capability's splices; nothing of it is ever
//! written into a page.

use crate::splice::{LineIndex, Splice};

/// A run of lines starting at `start` (1-based, in the current text): each
/// maps to `target + (line - start)`, or, when `fixed`, all to `target`
/// (lines the suite inserted, shown at the line they were inserted at).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    start: usize,
    target: usize,
    fixed: bool,
}

/// Current line → the author's line, as runs. Always starts at line 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLines {
    segments: Vec<Segment>,
}

impl Default for SourceLines {
    fn default() -> Self {
        SourceLines {
            segments: vec![Segment {
                start: 1,
                target: 1,
                fixed: false,
            }],
        }
    }
}

impl SourceLines {
    /// The map of a chapter whose text starts on the author's line
    /// `first_line` (after front matter taken off the text).
    pub fn starting_at(first_line: usize) -> SourceLines {
        SourceLines {
            segments: vec![Segment {
                start: 1,
                target: first_line.max(1),
                fixed: false,
            }],
        }
    }

    pub fn is_identity(&self) -> bool {
        *self == SourceLines::default()
    }

    /// The author's line for `line` of the current text.
    pub fn source_line(&self, line: usize) -> usize {
        let i = self.segments.partition_point(|s| s.start <= line).saturating_sub(1);
        match self.segments.get(i) {
            Some(s) if s.fixed => s.target,
            Some(s) => s.target.saturating_add(line.saturating_sub(s.start)),
            None => line,
        }
    }

    /// The map of the text `splices` make of `before` (whose map is `self`).
    pub fn after_splices(&self, before: &str, splices: &[Splice]) -> SourceLines {
        let mut order: Vec<&Splice> = splices.iter().collect();
        order.sort_by_key(|s| (s.range.start, s.range.end));
        let lines = LineIndex::new(before);
        // New line → line of `before`, built splice by splice.
        let mut edits = SourceLines::default();
        let mut delta: isize = 0;
        for s in order {
            if s.range.is_empty() && s.range.start == before.len() {
                // Appended after the last line (the stylesheet): no line of the page moves.
                continue;
            }
            let (first, last) = (lines.line(s.range.start), lines.line(s.range.end));
            let old_lines = last - first;
            let new_lines = s.replacement.matches('\n').count();
            if old_lines == new_lines {
                continue;
            }
            let new_first = first.saturating_add_signed(delta);
            // Around the replacement: the old line `first` before it (its head)
            // and the old line `last` after it (its tail). Lines holding only
            // the replacement show at `first`; the tail line is `last`.
            let head_empty = s.range.start == 0 || before.as_bytes().get(s.range.start - 1) == Some(&b'\n');
            let rest = &before[s.range.end..];
            let tail_empty = rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n");
            let tail_line = new_first + new_lines;
            if new_lines >= 1 {
                edits.push(Segment {
                    start: new_first + 1,
                    target: first,
                    fixed: true,
                });
            }
            edits.push(if tail_empty {
                Segment {
                    start: tail_line + 1,
                    target: last + 1,
                    fixed: false,
                }
            } else if new_lines == 0 && !head_empty {
                // One line: the old `first` with the replacement and `last`'s tail.
                Segment {
                    start: tail_line + 1,
                    target: last + 1,
                    fixed: false,
                }
            } else {
                Segment {
                    start: tail_line,
                    target: last,
                    fixed: false,
                }
            });
            delta += new_lines as isize - old_lines as isize;
        }
        self.compose(&edits)
    }

    /// A later segment replaces those starting where it starts or after,
    /// so the runs stay sorted whatever the splices looked like.
    fn push(&mut self, segment: Segment) {
        while self.segments.len() > 1 && self.segments.last().is_some_and(|l| l.start >= segment.start) {
            self.segments.pop();
        }
        match self.segments.last_mut() {
            Some(last) if last.start >= segment.start => *last = segment,
            _ => self.segments.push(segment),
        }
    }

    /// `self` after `inner`: new line → (inner) → current line → (self) → source line.
    fn compose(&self, inner: &SourceLines) -> SourceLines {
        let mut out = SourceLines { segments: Vec::new() };
        for (i, s) in inner.segments.iter().enumerate() {
            let end = inner.segments.get(i + 1).map_or(usize::MAX, |n| n.start);
            if s.fixed {
                out.push_merged(Segment {
                    start: s.start,
                    target: self.source_line(s.target),
                    fixed: true,
                });
                continue;
            }
            // Lines s.start.. map to s.target..; cut where `self`'s runs change.
            let span = end.saturating_sub(s.start);
            let outer_end = s.target.saturating_add(span);
            let first = self.segments.partition_point(|o| o.start <= s.target).saturating_sub(1);
            for o in self.segments[first..].iter().take_while(|o| o.start < outer_end) {
                let from = o.start.max(s.target);
                out.push_merged(Segment {
                    start: s.start.saturating_add(from - s.target),
                    target: if o.fixed {
                        o.target
                    } else {
                        o.target.saturating_add(from - o.start)
                    },
                    fixed: o.fixed,
                });
            }
        }
        out
    }

    /// Pushes, folding a segment that merely continues the last one.
    fn push_merged(&mut self, s: Segment) {
        if let Some(last) = self.segments.last() {
            let continues = last.fixed == s.fixed
                && if s.fixed {
                    last.target == s.target
                } else {
                    s.start
                        .checked_sub(last.start)
                        .is_some_and(|d| last.target.saturating_add(d) == s.target)
                };
            if continues {
                return;
            }
        }
        self.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::splice::apply_splices;

    fn lines_of(map: &SourceLines, n: usize) -> Vec<usize> {
        (1..=n).map(|l| map.source_line(l)).collect()
    }

    #[test]
    fn an_inserted_card_maps_to_the_line_it_was_inserted_at() {
        let before = "# T\nbody\nmore\n";
        let at = before.find("body").unwrap_or_default();
        let splice = Splice::new(at..at, "<div>card</div>\n\n");
        let map = SourceLines::default().after_splices(before, std::slice::from_ref(&splice));
        assert_eq!(lines_of(&map, 5), [1, 2, 2, 2, 3]);
        let after = apply_splices(before, &[splice]).unwrap_or_default();
        assert_eq!(after.lines().nth(3), Some("body"));
    }

    #[test]
    fn removed_lines_and_same_count_edits() {
        let before = "a\n{{#x\ny\nz}}\nb\nc\n";
        let start = before.find("{{#").unwrap_or_default();
        let end = before.find("}}").unwrap_or_default() + 2;
        let map = SourceLines::default().after_splices(before, &[Splice::new(start..end, "X"), Splice::new(0..1, "A")]);
        assert_eq!(lines_of(&map, 4), [1, 2, 5, 6]);
    }

    #[test]
    fn the_appended_stylesheet_moves_no_line() {
        let before = "# T\n\ntext\n";
        let style = Splice::insert(before.len(), "\n<style>\na{}\n</style>\n");
        assert!(SourceLines::default().after_splices(before, &[style]).is_identity());
    }
}

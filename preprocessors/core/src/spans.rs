//! Byte ranges of one text, kept sorted and merged, so that "is this offset
//! (or this range) inside any of them" is one binary search. Code, raw HTML,
//! math, directives: every reader that keeps text out of a capability's reach
//! asks through this one type, whatever order its ranges were found in
//! (nested ones, a link inside a heading, included).

use std::ops::Range;

/// Sorted, non-overlapping byte ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans(Vec<Range<usize>>);

impl Spans {
    /// `ranges` in any order, overlapping or not.
    pub fn new(ranges: Vec<Range<usize>>) -> Spans {
        Spans(merged(ranges))
    }

    /// Whether `offset` is inside one of them.
    pub fn contains(&self, offset: usize) -> bool {
        let i = self.0.partition_point(|r| r.start <= offset);
        i > 0 && self.0.get(i - 1).is_some_and(|r| offset < r.end)
    }

    /// Whether `range` shares a byte with one of them.
    pub fn overlaps(&self, range: &Range<usize>) -> bool {
        let i = self.0.partition_point(|r| r.end <= range.start);
        self.0.get(i).is_some_and(|r| r.start < range.end)
    }
}

impl FromIterator<Range<usize>> for Spans {
    fn from_iter<I: IntoIterator<Item = Range<usize>>>(ranges: I) -> Spans {
        Spans::new(ranges.into_iter().collect())
    }
}

/// `ranges` sorted by start, overlapping ones joined, in place; empty ones
/// dropped (they hold no byte). Touching ones stay apart, so an empty range
/// where two meet overlaps neither, as a linear scan would say.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|r| r.start < r.end);
    ranges.sort_unstable_by_key(|r| r.start);
    // `later` goes when it starts inside the range kept before it, which grows.
    ranges.dedup_by(|later, kept| {
        let joins = later.start < kept.end;
        if joins {
            kept.end = kept.end.max(later.end);
        }
        joins
    });
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_unordered_ranges_answer_like_a_linear_scan() {
        let raw = vec![10..20, 2..4, 12..30, 4..6, 40..41, 50..50];
        let spans = Spans::new(raw.clone());
        assert_eq!(spans.0, [2..4, 4..6, 10..30, 40..41]);
        for at in 0..60 {
            assert_eq!(spans.contains(at), raw.iter().any(|r| r.contains(&at)), "{at}");
            for len in 0..5 {
                let range = at..at + len;
                let linear = raw
                    .iter()
                    .filter(|r| !r.is_empty())
                    .any(|r| r.start < range.end && range.start < r.end);
                assert_eq!(spans.overlaps(&range), linear, "{range:?}");
            }
        }
        assert!(!Spans::default().contains(0));
    }
}

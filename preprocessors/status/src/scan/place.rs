//! Where things go on a page, and when a review date falls due.

use handbook_core::date::{HandbookDate, Precision};
use jiff::civil::Date;

/// Where a header block at the top could end at the latest: blank lines, a
/// first-line H1 and lines with `**`. Reading the header block from this
/// prefix instead of the whole page keeps big pages cheap.
pub(super) fn header_region_end(text: &str) -> usize {
    let mut pos = 0;
    let mut first = true;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        let title = first && (line.starts_with("# ") || line.trim_end() == "#");
        if !(t.is_empty() || title || t.contains("**")) {
            break;
        }
        first &= t.is_empty();
        pos += line.len();
    }
    pos
}

/// The last day a partial date covers: `2026-03` is due by the end of March.
pub(super) fn last_day(d: HandbookDate) -> Date {
    match d.precision {
        Precision::Day => d.date,
        Precision::Month => d.date.last_of_month(),
        Precision::Year => Date::new(d.date.year(), 12, 31).unwrap_or(d.date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use handbook_core::date;

    #[test]
    fn the_header_region_stops_at_the_first_prose_line() {
        let text = "# T\n\n**Status**: x\n\n- **Owner**: y\nProse **bold**.\nMore prose.\n";
        assert_eq!(
            &text[..header_region_end(text)],
            "# T\n\n**Status**: x\n\n- **Owner**: y\nProse **bold**.\n"
        );
        assert_eq!(header_region_end("Intro.\n# T\n"), 0);
    }

    #[test]
    fn partial_review_dates_fall_due_at_their_end() {
        let d = date::parse_date("2026-02").unwrap();
        assert_eq!(last_day(d), Date::new(2026, 2, 28).unwrap_or_default());
    }
}

//! Where things go on a page, and when a review date falls due.

use handbook_core::date::{HandbookDate, Precision};
use handbook_core::markdown;
use handbook_core::pulldown_cmark::{Event, HeadingLevel, Tag};
use jiff::civil::Date;

/// After the H1 when the page's first block is one, else `body` itself.
/// Only the first two lines after `body` are parsed: they decide it.
pub(super) fn after_title(text: &str, body: usize, options: &markdown::MarkdownOptions) -> usize {
    let mut end = body;
    for line in text[body..]
        .split_inclusive('\n')
        .filter(|l| !l.trim().is_empty())
        .take(2)
    {
        end = line.as_ptr() as usize - text.as_ptr() as usize + line.len();
    }
    let first = markdown::parse(&text[..end], options).find(|(e, r)| r.start >= body && matches!(e, Event::Start(_)));
    match first {
        Some((
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }),
            r,
        )) => {
            // Bytes, not `str`: the heading's last byte may be inside a character.
            let last = r.end.saturating_sub(1).max(r.start);
            text.as_bytes()
                .get(last..)
                .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
                .map_or(text.len(), |i| last + i + 1)
        }
        _ => body,
    }
}

/// Where a header block at the top could end at the latest: blank lines, a
/// first-line H1 and lines with `**`. Reading the header block from this
/// prefix instead of the whole page keeps big pages cheap.
pub(super) fn header_region_end(text: &str, body: usize) -> usize {
    let mut pos = body;
    let mut first = true;
    for line in text[body..].split_inclusive('\n') {
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

    #[test]
    fn a_title_ending_the_page_in_a_wide_character() {
        let options = markdown::MarkdownOptions::default();
        for text in ["# Café ☕", "# Café ☕\n", "# 日本語\r\n\nBody"] {
            let at = after_title(text, 0, &options);
            assert!(text.is_char_boundary(at), "{text:?}: {at}");
            assert_eq!(&text[..at], text.split_inclusive('\n').next().unwrap_or(""), "{text:?}");
        }
    }
    use handbook_core::date;

    #[test]
    fn card_goes_after_a_leading_h1_only() {
        let o = markdown::MarkdownOptions::default();
        assert_eq!(after_title("# Title\nText\n", 0, &o), 8);
        assert_eq!(after_title("Title\n===\n\nText\n", 0, &o), 10);
        assert_eq!(after_title("Intro.\n\n# Title\n", 0, &o), 0);
        assert_eq!(after_title("# T", 0, &o), 3);
        assert_eq!(after_title("<!-- c -->\n\n# T\nx\n", 11, &o), 16);
    }

    #[test]
    fn the_header_region_stops_at_the_first_prose_line() {
        let text = "# T\n\n**Status**: x\n\n- **Owner**: y\nProse **bold**.\nMore prose.\n";
        assert_eq!(
            &text[..header_region_end(text, 0)],
            "# T\n\n**Status**: x\n\n- **Owner**: y\nProse **bold**.\n"
        );
        assert_eq!(header_region_end("Intro.\n# T\n", 0), 0);
    }

    #[test]
    fn partial_review_dates_fall_due_at_their_end() {
        let d = date::parse_date("2026-02").unwrap();
        assert_eq!(last_day(d), Date::new(2026, 2, 28).unwrap_or_default());
    }
}

//! Dates as handbooks write them, and a "today" that tests and CI can fix.
//!
//! ADR templates, review dates and change logs use many spellings; one
//! reader keeps them consistent across the suite. A date that cannot be read
//! is `None`: callers keep the author's text and warn.

use jiff::civil::Date;
use jiff::{Span, Timestamp, tz::TimeZone};
use std::fmt;

/// Environment variable that fixes "today" (`YYYY-MM-DD`) for deterministic builds.
pub const TODAY_ENV: &str = "MDBOOK_HANDBOOK_TODAY";

/// How much of the date the author gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A calendar date; partial dates (`2025-12`) sort as their first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HandbookDate {
    pub date: Date,
    pub precision: Precision,
}

impl fmt::Display for HandbookDate {
    /// ISO 8601 at the author's precision: `2024`, `2024-01`, `2024-01-15`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        match self.precision {
            Precision::Year => write!(f, "{:04}", d.year()),
            Precision::Month => write!(f, "{:04}-{:02}", d.year(), d.month()),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of `date`'s month (`January`), as handbooks write dates.
pub fn month_name(date: Date) -> &'static str {
    usize::try_from(date.month() - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or_default()
}

fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.to_lowercase().starts_with(&w) && (w.len() >= 3))
        .and_then(|i| i8::try_from(i + 1).ok())
}

fn day(y: i16, m: i8, d: i8) -> Option<HandbookDate> {
    Date::new(y, m, d).ok().map(|date| HandbookDate {
        date,
        precision: Precision::Day,
    })
}

fn number<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Reads ISO (`2024-01-15`, `2024-01-15T10:00Z`, `2025-12`, `2024`),
/// `2024/01/15`, `15/01/2024` and `15.01.2024` (day first), `January 15, 2024`,
/// `Jan 15 2024`, `15 January 2024` and `January 2024`.
pub fn parse_date(text: &str) -> Option<HandbookDate> {
    let text = text.trim();
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    let rest = &text[date_part.len()..];
    let time_follows = rest.len() > 1 && rest[1..].starts_with(|c: char| c.is_ascii_digit()) && rest.contains(':');
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    match parts.as_slice() {
        _ if !rest.is_empty() && !time_follows && parts.len() > 1 => {}
        [y] if y.len() == 4 && text.len() == 4 => {
            return Date::new(number(y)?, 1, 1).ok().map(|date| HandbookDate {
                date,
                precision: Precision::Year,
            });
        }
        [y, m] if y.len() == 4 && date_part.len() == text.len() => {
            return Date::new(number(y)?, number(m)?, 1).ok().map(|date| HandbookDate {
                date,
                precision: Precision::Month,
            });
        }
        [y, m, d] if y.len() == 4 => return day(number(y)?, number(m)?, number(d)?),
        [d, m, y] if y.len() == 4 && d.len() <= 2 => {
            return day(number(y)?, number(m)?, number(d)?);
        }
        _ => {}
    }
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let ordinal = |w: &str| number::<i8>(w.trim_end_matches(|c: char| c.is_ascii_alphabetic()));
    match words.as_slice() {
        [m, d, y] if month_number(m).is_some() => day(number(y)?, month_number(m)?, ordinal(d)?),
        [d, m, y] if month_number(m).is_some() => day(number(y)?, month_number(m)?, ordinal(d)?),
        [m, y] if month_number(m).is_some() && y.len() == 4 => {
            Date::new(number(y)?, month_number(m)?, 1)
                .ok()
                .map(|date| HandbookDate {
                    date,
                    precision: Precision::Month,
                })
        }
        _ => None,
    }
}

/// Reads a period such as `6 months`, `1 year`, `90 days`, `2 weeks`.
pub fn parse_period(text: &str) -> Option<Span> {
    let mut words = text.split_whitespace();
    let n: i64 = words.next()?.parse().ok().filter(|n| (1..=10_000).contains(n))?;
    let unit = words.next()?.to_lowercase();
    if words.next().is_some() {
        return None;
    }
    match unit.trim_end_matches('s') {
        "day" => Span::new().try_days(n).ok(),
        "week" => Span::new().try_weeks(n).ok(),
        "month" => Span::new().try_months(n).ok(),
        "year" => Span::new().try_years(n).ok(),
        _ => None,
    }
}

/// Today: [`TODAY_ENV`] first, then the configured value, then the UTC date.
/// An unreadable fixed value is an error so a CI build never silently drifts.
pub fn today(configured: Option<&str>) -> Result<Date, String> {
    let fixed = std::env::var(TODAY_ENV).ok().filter(|v| !v.trim().is_empty());
    let (source, value) = match (fixed, configured) {
        (Some(v), _) => (TODAY_ENV.to_owned(), v),
        (None, Some(v)) => ("the `today` key".to_owned(), v.to_owned()),
        (None, None) => return Ok(TimeZone::UTC.to_datetime(Timestamp::now()).date()),
    };
    fixed_day(&value).map_err(|e| format!("{source} is {e}"))
}

/// A fixed today as written in config or the environment: a whole day.
/// Configs check their `today` key with it (`validate`).
pub fn fixed_day(value: &str) -> Result<Date, String> {
    match parse_date(value) {
        Some(d) if d.precision == Precision::Day => Ok(d.date),
        _ => Err(format!("`{value}`, expected a date like 2026-01-31")),
    }
}

/// When a person last checked a page against what it describes: the one
/// meaning of `reviewed:` (and `last-reviewed:`) for status and drift alike.
/// A date, or the commit the page was checked against (`3f2a1c9`: 7 to 64
/// hex digits that are no date [`parse_date`] reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewPoint {
    Date(HandbookDate),
    /// Lower case.
    Commit(String),
    Unreadable,
}

/// Reads a `reviewed:` value (see [`ReviewPoint`]).
pub fn review_point(written: &str) -> ReviewPoint {
    let written = written.trim();
    let hex = (7..=64).contains(&written.len()) && written.bytes().all(|b| b.is_ascii_hexdigit());
    if hex && !written.bytes().all(|b| b.is_ascii_digit()) {
        return ReviewPoint::Commit(written.to_ascii_lowercase());
    }
    match parse_date(written) {
        Some(date) => ReviewPoint::Date(date),
        None if hex => ReviewPoint::Commit(written.to_owned()),
        None => ReviewPoint::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Option<String> {
        parse_date(text).map(|d| d.to_string())
    }

    #[test]
    fn reads_the_spellings_handbooks_use() {
        for (text, want) in [
            ("2024-01-15", "2024-01-15"),
            ("2024-01-15T10:30:00Z", "2024-01-15"),
            ("2025-12", "2025-12"),
            ("2024", "2024"),
            ("2024/01/15", "2024-01-15"),
            ("05/02/2018", "2018-02-05"),
            ("15.01.2024", "2024-01-15"),
            ("January 15, 2024", "2024-01-15"),
            ("Jan 15 2024", "2024-01-15"),
            ("15 January 2024", "2024-01-15"),
            ("1st March 2023", "2023-03-01"),
            ("September 2023", "2023-09"),
        ] {
            assert_eq!(iso(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for text in [
            "",
            "soon",
            "2024-13-01",
            "2024-02-30",
            "31/31/2024",
            "Q3 2024",
            "2024-01-15 and more",
            "Mayday 1 2024",
        ] {
            assert_eq!(iso(text), None, "{text}");
        }
    }

    #[test]
    fn periods_and_a_fixed_today() {
        let start = Date::new(2024, 8, 31).unwrap_or_default();
        let six = parse_period("6 months").unwrap_or_default();
        assert_eq!(start.checked_add(six).ok(), Date::new(2025, 2, 28).ok());
        assert!(parse_period("6 fortnights").is_none() && parse_period("-1 days").is_none());
        assert_eq!(
            today(Some("2026-01-31")),
            Ok(Date::new(2026, 1, 31).unwrap_or_default())
        );
        assert!(today(Some("2026-01")).is_err());
    }

    #[test]
    fn a_review_point_is_a_date_or_a_commit() {
        assert!(matches!(review_point("2026-01-31"), ReviewPoint::Date(_)));
        assert!(matches!(review_point(" 2026-01 "), ReviewPoint::Date(_)));
        assert_eq!(
            review_point("20260131"),
            ReviewPoint::Commit("20260131".to_owned()),
            "not a date format read"
        );
        assert_eq!(review_point("3F2A1C9"), ReviewPoint::Commit("3f2a1c9".to_owned()));
        assert_eq!(review_point(&"a".repeat(40)), ReviewPoint::Commit("a".repeat(40)));
        assert_eq!(
            review_point("3f2a1c"),
            ReviewPoint::Unreadable,
            "too short for a commit"
        );
        assert_eq!(review_point("soon"), ReviewPoint::Unreadable);
    }
}

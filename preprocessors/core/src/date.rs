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

#[rustfmt::skip]
/// Month names and their usual abbreviations in the languages handbooks are
/// written in (en, de, fr, es, pt, it, nl, pl, Polish genitive included).
const MONTH_NAMES: &[(&str, i8)] = &[
    ("january", 1), ("januar", 1), ("janvier", 1), ("enero", 1), ("janeiro", 1), ("gennaio", 1),
    ("januari", 1), ("styczeń", 1), ("stycznia", 1), ("jänner", 1),
    ("february", 2), ("februar", 2), ("février", 2), ("fevrier", 2), ("febrero", 2), ("fevereiro", 2),
    ("febbraio", 2), ("februari", 2), ("luty", 2), ("lutego", 2),
    ("march", 3), ("märz", 3), ("maerz", 3), ("mars", 3), ("marzo", 3), ("março", 3), ("marco", 3),
    ("maart", 3), ("marzec", 3), ("marca", 3),
    ("april", 4), ("avril", 4), ("abril", 4), ("aprile", 4), ("kwiecień", 4), ("kwietnia", 4),
    ("may", 5), ("mai", 5), ("mayo", 5), ("maio", 5), ("maggio", 5), ("mei", 5), ("maj", 5), ("maja", 5),
    ("june", 6), ("juni", 6), ("juin", 6), ("junio", 6), ("junho", 6), ("giugno", 6), ("czerwiec", 6),
    ("czerwca", 6),
    ("july", 7), ("juli", 7), ("juillet", 7), ("julio", 7), ("julho", 7), ("luglio", 7), ("lipiec", 7),
    ("lipca", 7),
    ("august", 8), ("août", 8), ("aout", 8), ("agosto", 8), ("augustus", 8), ("sierpień", 8), ("sierpnia", 8),
    ("september", 9), ("septembre", 9), ("septiembre", 9), ("setiembre", 9), ("setembro", 9),
    ("settembre", 9), ("wrzesień", 9), ("września", 9), ("sept", 9),
    ("october", 10), ("oktober", 10), ("octobre", 10), ("octubre", 10), ("outubro", 10), ("ottobre", 10),
    ("październik", 10), ("października", 10),
    ("november", 11), ("novembre", 11), ("noviembre", 11), ("novembro", 11), ("listopad", 11),
    ("listopada", 11),
    ("december", 12), ("dezember", 12), ("décembre", 12), ("decembre", 12), ("diciembre", 12),
    ("dezembro", 12), ("dicembre", 12), ("grudzień", 12), ("grudnia", 12),
];

/// A month's name or an abbreviation of at least three letters (`Nov`,
/// `févr.`, `Okt`), in any language of [`MONTH_NAMES`]; an abbreviation two
/// months share (`jui`: juin, juillet) is none.
fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.chars().count() < 3 {
        return None;
    }
    if let Some((_, m)) = MONTH_NAMES.iter().find(|(name, _)| *name == w) {
        return Some(*m);
    }
    let mut months = MONTH_NAMES
        .iter()
        .filter(|(name, _)| name.starts_with(&w))
        .map(|(_, m)| *m);
    let first = months.next()?;
    months.all(|m| m == first).then_some(first)
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

/// What a date text says: one date, two (`05/02/2018`: 5 February or May 2),
/// or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateReading {
    Read(HandbookDate),
    /// Day and month both 12 or under, with `/` or `-` between them: the
    /// day-first and the month-first (US) reading. Which one holds is for the
    /// caller to settle (other dates of the same folder) or to report.
    Ambiguous {
        day_first: HandbookDate,
        month_first: HandbookDate,
    },
    Unreadable,
}

impl DateReading {
    pub fn date(self) -> Option<HandbookDate> {
        match self {
            DateReading::Read(d) => Some(d),
            _ => None,
        }
    }
}

/// Reads ISO (`2024-01-15`, `2024-01-15T10:00Z`, `2025-12`, `2024`),
/// `2024/01/15`, `15/01/2024` and `15.01.2024` (day first), `11/14/2024`
/// (month first, the only reading), `January 15, 2024`, `Jan 15 2024`,
/// `Nov 25th 2021`, `15 January 2024`, `January 2024`, month names in the
/// languages of [`MONTH_NAMES`] (`8. April 2022`, `15 de enero de 2024`,
/// `1er mars 2024`), and `2024年1月15日` / `2024년 1월 15일`. An ambiguous
/// `05/02/2018` reads day first here; [`read_date_text`] tells it apart.
pub fn parse_date(text: &str) -> Option<HandbookDate> {
    match read_date_text(text) {
        DateReading::Read(d) => Some(d),
        DateReading::Ambiguous { day_first, .. } => Some(day_first),
        DateReading::Unreadable => None,
    }
}

/// [`parse_date`], with an ambiguous day/month order reported as such.
pub fn read_date_text(text: &str) -> DateReading {
    let text = text.trim();
    let cjk = cjk_date(text);
    let text = cjk.as_deref().unwrap_or(text);
    numeric(text)
        .or_else(|| named_month(text).map(DateReading::Read))
        .unwrap_or(DateReading::Unreadable)
}

/// `2024年1月15日`, `2024年01月`, `2024년 1월 15일` as `2024-1-15`.
fn cjk_date(text: &str) -> Option<String> {
    if !text.contains(['年', '년']) {
        return None;
    }
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '年' | '月' | '년' | '월' => out.push('-'),
            '日' | '일' | ' ' => {}
            c => out.push(c),
        }
    }
    Some(out.trim_end_matches('-').to_owned())
}

/// The numeric spellings: ISO and its partial forms, `y/m/d`, `d.m.y`, `d/m/y` and `m/d/y`.
fn numeric(text: &str) -> Option<DateReading> {
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    let rest = &text[date_part.len()..];
    let time_follows = rest.len() > 1 && rest[1..].starts_with(|c: char| c.is_ascii_digit()) && rest.contains(':');
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    let read = |d: Option<HandbookDate>| Some(d.map_or(DateReading::Unreadable, DateReading::Read));
    match parts.as_slice() {
        _ if !rest.is_empty() && !time_follows && parts.len() > 1 => None,
        [y] if y.len() == 4 && text.len() == 4 => read(Date::new(number(y)?, 1, 1).ok().map(|date| HandbookDate {
            date,
            precision: Precision::Year,
        })),
        [y, m] if y.len() == 4 && date_part.len() == text.len() => {
            read(Date::new(number(y)?, number(m)?, 1).ok().map(|date| HandbookDate {
                date,
                precision: Precision::Month,
            }))
        }
        [y, m, d] if y.len() == 4 => read(day(number(y)?, number(m)?, number(d)?)),
        [a, b, y] if y.len() == 4 && a.len() <= 2 && b.len() <= 2 => {
            let (a, b, y) = (number(a)?, number(b)?, number(y)?);
            let day_first = day(y, b, a);
            // Dots are day first everywhere (`15.01.2024`); `/` and `-` may be US.
            let month_first = if date_part.contains('.') { None } else { day(y, a, b) };
            Some(match (day_first, month_first) {
                (Some(d), Some(m)) if d != m => DateReading::Ambiguous {
                    day_first: d,
                    month_first: m,
                },
                (Some(d), _) | (None, Some(d)) => DateReading::Read(d),
                (None, None) => DateReading::Unreadable,
            })
        }
        _ => None,
    }
}

/// Dates with a month name: `January 15, 2024`, `15 janvier 2024`,
/// `8. April 2022`, `Nov 25th 2021`, `15 de enero de 2024`, `September 2023`.
fn named_month(text: &str) -> Option<HandbookDate> {
    let words: Vec<&str> = text
        .split([' ', ',', '\u{a0}'])
        .filter(|w| !w.is_empty() && !matches!(w.to_lowercase().as_str(), "de" | "del" | "of" | "the"))
        .collect();
    let ordinal = |w: &str| {
        number::<i8>(
            w.trim_end_matches('.')
                .trim_end_matches(|c: char| c.is_alphabetic() || c == 'º' || c == '°'),
        )
    };
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
            ("11/14/2024", "2024-11-14"),
            ("Nov 25th 2021", "2021-11-25"),
            ("Nov 25th, 2021", "2021-11-25"),
            ("November 26, 2024", "2024-11-26"),
            ("8. April 2022", "2022-04-08"),
            ("15 de enero de 2024", "2024-01-15"),
            ("1er mars 2024", "2024-03-01"),
            ("3 févr. 2023", "2023-02-03"),
            ("12 października 2023", "2023-10-12"),
            ("21 maart 2022", "2022-03-21"),
            ("4 giugno 2021", "2021-06-04"),
            ("10 de março de 2020", "2020-03-10"),
            ("2024年1月15日", "2024-01-15"),
            ("2024년 3월 5일", "2024-03-05"),
            ("2023年11月", "2023-11"),
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
            "jui 2024",
        ] {
            assert_eq!(iso(text), None, "{text}");
        }
    }

    #[test]
    fn an_order_only_the_folder_can_settle_is_told_apart() {
        let both = read_date_text("05/02/2018");
        assert!(
            matches!(both, DateReading::Ambiguous { day_first, month_first }
                if day_first.to_string() == "2018-02-05" && month_first.to_string() == "2018-05-02"),
            "{both:?}"
        );
        assert_eq!(
            read_date_text("14/11/2024").date().map(|d| d.to_string()).as_deref(),
            Some("2024-11-14")
        );
        assert_eq!(
            read_date_text("11/14/2024").date().map(|d| d.to_string()).as_deref(),
            Some("2024-11-14")
        );
        assert_eq!(
            read_date_text("05.02.2018").date().map(|d| d.to_string()).as_deref(),
            Some("2018-02-05")
        );
        assert_eq!(
            read_date_text("01/01/2020").date().map(|d| d.to_string()).as_deref(),
            Some("2020-01-01")
        );
        assert_eq!(read_date_text("soon"), DateReading::Unreadable);
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

//! Values as handbooks write them: plain words out of markdown, dates inside
//! longer text, template placeholders, lists of names, numbers in file names.

use handbook_core::date::{DateReading, HandbookDate, parse_date, read_date_text};

/// An unfilled template choice: `{Deprecated|Proposed|Accepted}`,
/// `[draft | proposed | accepted]`, `Proposed | Accepted | Superseded by ADR-YYYY`,
/// `{short title of solved problem}`.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    let braced = t.starts_with('{') && t.ends_with('}') || t.starts_with("{{") || t.contains("{{");
    let choices = t.split('|').count() >= 3 || t.split('|').count() == 2 && (t.starts_with(['{', '[']));
    braced || choices
}

/// A date as written, or the date a longer value starts with:
/// `2019-05-13, updated 2023-02-05 (...)` is 2019-05-13.
pub fn read_date(written: &str) -> Option<HandbookDate> {
    read_date_reading(written).date()
}

/// [`read_date`], with `05/02/2018` (day or month first) reported as ambiguous.
pub(super) fn read_date_reading(written: &str) -> DateReading {
    match read_date_text(written) {
        DateReading::Unreadable => {}
        known => return known,
    }
    // `November 26, 2024` has its own comma, so the whole text is tried first.
    let head = written.split([';', '(']).next().unwrap_or("");
    match read_date_text(head) {
        DateReading::Unreadable => {}
        known => return known,
    }
    let head = written.split([',', ';', '(']).next().unwrap_or("");
    match read_date_text(head) {
        DateReading::Unreadable => date_token(written).map_or(DateReading::Unreadable, |(_, d)| DateReading::Read(d)),
        known => known,
    }
}

/// The order a numeric `a/b/yyyy` date shows: day first when `a` cannot be
/// a month (`14/11/2024`), month first when `b` cannot (`11/14/2024`).
pub fn slash_order(written: &str) -> Option<DayOrder> {
    let parts: Vec<&str> = written.trim().split(['/', '-']).collect();
    let [a, b, y] = parts.as_slice() else { return None };
    if y.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (a, b): (u8, u8) = (a.parse().ok()?, b.parse().ok()?);
    match (a > 12 && b <= 12, b > 12 && a <= 12) {
        (true, _) => Some(DayOrder::DayFirst),
        (_, true) => Some(DayOrder::MonthFirst),
        _ => None,
    }
}

/// Which of day and month a folder's numeric dates write first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    DayFirst,
    MonthFirst,
}

/// A date right after the status word: `Accepted - 2025-07-28`,
/// `Accepted (2025-07-28)`, `✅ ACCEPTED — 2025-06-16`; not the date of a
/// later event (`Accepted (implemented 2026-02-08)`).
pub(super) fn attached_date(status: &str) -> Option<(&str, HandbookDate)> {
    let start = status.find(|c: char| c.is_alphabetic())?;
    let after_word = status[start..]
        .find(|c: char| !c.is_alphabetic())
        .map_or(status.len(), |i| start + i);
    let rest = status[after_word..].trim_start_matches(|c: char| " -–—(:,*_".contains(c));
    date_token(rest).filter(|(at, _)| rest.starts_with(at))
}

/// The first `YYYY-MM-DD` in a text, with the text it was read from.
fn date_token(text: &str) -> Option<(&str, HandbookDate)> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|i| {
        let candidate = text.get(i..i + 10)?;
        let b = candidate.as_bytes();
        let shape = b.iter().enumerate().all(|(k, c)| match k {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
        let alone = i == 0 || !bytes[i - 1].is_ascii_digit();
        (shape && alone)
            .then(|| parse_date(candidate).map(|d| (candidate, d)))
            .flatten()
    })
}

/// `0012-slug` → 12, `adr-012-slug` → 12, `rfc0012_slug` and `RFC-12-slug` → 12;
/// `20200101-slug` and `2023-06-26-slug` are dates, not numbers.
pub fn file_number(stem: &str) -> Option<u32> {
    if date_id(stem).is_some() {
        return None;
    }
    let rest = match stem.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("adr") || p.eq_ignore_ascii_case("rfc") => {
            stem[3..].trim_start_matches(['-', '_', ' '])
        }
        _ => stem,
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || !(rest.len() == digits || rest[digits..].starts_with(['-', '_', '.', ' '])) {
        return None;
    }
    if digits == 8 && date_id(stem).is_some() || digits > 6 {
        return None;
    }
    rest[..digits].parse().ok()
}

/// The date of a date-named file: a log4brains id (`20200101-use-postgres`)
/// or an ISO day first (`2023-06-26-recording-decisions`).
pub fn date_id(stem: &str) -> Option<HandbookDate> {
    let ends = |len: usize| stem.len() == len || stem[len..].starts_with(['-', '_', ' ', '.']);
    if let Some(iso) = stem.get(..10).filter(|d| {
        d.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
    }) && ends(10)
    {
        return parse_date(iso);
    }
    let digits = stem.get(..8).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
    if !ends(8) || stem.get(8..9).is_some_and(|c| c.starts_with('.')) {
        return None;
    }
    parse_date(&format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]))
}

/// Markdown text as plain words: links become their text, emphasis and code marks go.
pub fn plain(text: &str) -> String {
    let text = text.trim().trim_end_matches('\\').trim();
    // What a reader sees: `&lt;` is `<`, `\*` is `*`, links and emphasis are their text.
    let shown = handbook_core::markdown::inline_text(text);
    if shown == text {
        // Nothing the parser changed (or not one paragraph, `1. x`): take marks off by hand.
        return strip_marks(text);
    }
    shown.trim().trim_matches(|c| c == '*' || c == '_').trim().to_owned()
}

fn strip_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find("](").and_then(|c| after[c..].find(')').map(|e| (c, c + e))) {
            Some((close, end)) => {
                out.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out.replace("**", "").replace("__", "").replace('`', "");
    let out = out.trim().trim_end_matches('\\').trim();
    out.trim_matches(|c| c == '*' || c == '_').trim().to_owned()
}

/// Splits at any of `separators`, except a `;` that ends a character
/// reference (`&lt;`, `&#39;`): `Accepted &lt;x&gt;` is one status.
pub(super) fn split_fields<'a>(value: &'a str, separators: &[char]) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in value.char_indices() {
        if separators.contains(&c) && !(c == ';' && ends_reference(&value[start..i])) {
            parts.push(&value[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&value[start..]);
    parts
}

fn ends_reference(before: &str) -> bool {
    before.rfind('&').is_some_and(|amp| {
        let name = &before[amp + 1..];
        let numeric = name
            .strip_prefix('#')
            .map(|n| n.strip_prefix(['x', 'X']).map_or(n, |h| h));
        match numeric {
            Some(digits) => !digits.is_empty() && digits.chars().all(|c| c.is_ascii_hexdigit()),
            None => !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
        }
    })
}

/// `Ana, Bo and Carl` → three names.
pub(super) fn people(list: &mut Vec<String>, value: &str) {
    for part in split_fields(value, &[',', ';']) {
        for name in part.split(" and ") {
            let name = plain(name);
            if !name.is_empty() && !list.contains(&name) {
                list.push(name);
            }
        }
    }
}

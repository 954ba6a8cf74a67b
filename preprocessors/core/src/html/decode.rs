//! Attribute values decoded as a browser decodes them (the HTML standard's
//! tokenizer, "character reference state" in an attribute value): named
//! references from the standard's whole table, legacy ones without `;`,
//! numeric ones of any length with or without `;`, and the standard's
//! replacements (NUL, surrogates and numbers past U+10FFFF become U+FFFD,
//! `&#128;`..`&#159;` the windows-1252 characters). A reader that knew less
//! would judge a URL other than the one a browser follows.

use std::borrow::Cow;

/// The longest name in the standard's table (`CounterClockwiseContourIntegral;`).
const LONGEST_NAME: usize = 32;

/// `value` as written inside a quoted attribute, decoded, with line breaks
/// normalised (`\r\n` and `\r` read as `\n`, as a browser's input stream does).
pub fn decode_attribute(value: &str) -> Cow<'_, str> {
    if !value.contains(['&', '\r', '\0']) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find(['&', '\r', '\0']) {
        out.push_str(&rest[..at]);
        let from = &rest[at..];
        rest = match from.as_bytes()[0] {
            b'\r' => {
                out.push('\n');
                from[1..].strip_prefix('\n').unwrap_or(&from[1..])
            }
            b'\0' => {
                out.push('\u{FFFD}');
                &from[1..]
            }
            _ => match reference(&from[1..], &mut out) {
                Some(after) => after,
                None => {
                    out.push('&');
                    &from[1..]
                }
            },
        };
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Decodes the reference after an `&` into `out`; the text after it, or
/// `None` when the `&` starts no reference and stays as written.
fn reference<'a>(after_amp: &'a str, out: &mut String) -> Option<&'a str> {
    match after_amp.strip_prefix('#') {
        Some(numeric) => numeric_reference(numeric, out),
        None => named_reference(after_amp, out),
    }
}

/// `&#106;`, `&#x6A`, `&#0000000106;`: any number of digits, `;` optional.
fn numeric_reference<'a>(text: &'a str, out: &mut String) -> Option<&'a str> {
    let (digits_from, radix) = match text.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (text, 10),
    };
    let len = digits_from
        .bytes()
        .take_while(|b| char::from(*b).is_digit(radix))
        .count();
    if len == 0 {
        return None;
    }
    let number = digits_from[..len].bytes().fold(0u32, |n, b| {
        let digit = char::from(b).to_digit(radix).unwrap_or(0);
        n.saturating_mul(radix).saturating_add(digit)
    });
    out.push(numeric_char(number));
    let after = &digits_from[len..];
    Some(after.strip_prefix(';').unwrap_or(after))
}

/// The character a numeric reference stands for, with the standard's replacements.
fn numeric_char(number: u32) -> char {
    match number {
        0 => '\u{FFFD}',
        0x80..=0x9F => WINDOWS_1252
            .iter()
            .find(|(n, _)| *n == number)
            .map_or_else(|| char::from_u32(number).unwrap_or('\u{FFFD}'), |(_, c)| *c),
        n => char::from_u32(n).unwrap_or('\u{FFFD}'),
    }
}

/// The numeric references in 0x80..0x9F that the standard reads as windows-1252.
const WINDOWS_1252: [(u32, char); 27] = [
    (0x80, '\u{20AC}'),
    (0x82, '\u{201A}'),
    (0x83, '\u{0192}'),
    (0x84, '\u{201E}'),
    (0x85, '\u{2026}'),
    (0x86, '\u{2020}'),
    (0x87, '\u{2021}'),
    (0x88, '\u{02C6}'),
    (0x89, '\u{2030}'),
    (0x8A, '\u{0160}'),
    (0x8B, '\u{2039}'),
    (0x8C, '\u{0152}'),
    (0x8E, '\u{017D}'),
    (0x91, '\u{2018}'),
    (0x92, '\u{2019}'),
    (0x93, '\u{201C}'),
    (0x94, '\u{201D}'),
    (0x95, '\u{2022}'),
    (0x96, '\u{2013}'),
    (0x97, '\u{2014}'),
    (0x98, '\u{02DC}'),
    (0x99, '\u{2122}'),
    (0x9A, '\u{0161}'),
    (0x9B, '\u{203A}'),
    (0x9C, '\u{0153}'),
    (0x9E, '\u{017E}'),
    (0x9F, '\u{0178}'),
];

/// `&colon;`, `&NewLine;`, legacy `&amp` without `;`: the longest name of the
/// table that the text starts with. In an attribute a legacy name followed by
/// `=` or a letter or digit stays as written (`?a=1&copy=2`).
fn named_reference<'a>(text: &'a str, out: &mut String) -> Option<&'a str> {
    let run = text
        .bytes()
        .take(LONGEST_NAME + 1)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    if run == 0 {
        return None;
    }
    if text.as_bytes().get(run) == Some(&b';')
        && let Some(chars) = entity(&text[..=run])
    {
        push_entity(chars, out);
        return Some(&text[run + 1..]);
    }
    let (len, chars) = (1..=run.min(LONGEST_NAME))
        .rev()
        .find_map(|len| entity(&text[..len]).map(|chars| (len, chars)))?;
    let next = text.as_bytes().get(len).copied();
    if next.is_some_and(|b| b == b'=' || b.is_ascii_alphanumeric()) {
        return None;
    }
    push_entity(chars, out);
    Some(&text[len..])
}

/// The code points of the table's entry `name` (without `&`). The table also
/// holds every prefix of a name, as `(0, 0)`: those are no reference.
fn entity(name: &str) -> Option<(u32, u32)> {
    web_atoms::NAMED_ENTITIES
        .get(name)
        .copied()
        .filter(|(first, _)| *first != 0)
}

/// A table entry: one or two code points, the second 0 when there is one.
fn push_entity((first, second): (u32, u32), out: &mut String) {
    for c in [first, second].into_iter().filter(|c| *c != 0) {
        out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_reference_a_browser_reads() {
        for (written, read) in [
            ("&#106;", "j"),
            ("&#0000000106;avascript", "javascript"),
            ("&#106avascript", "javascript"),
            ("&#x6A;&#X6a", "jj"),
            ("&#x0000006A", "j"),
            ("&colon;&Tab;&NewLine;", ":\t\n"),
            ("&amp;&AMP;&lt", "&&<"),
            ("&notin; &not &noti", "∉ ¬ &noti"),
            ("&fjlig;", "fj"),
            (
                "&#0;&#xD800;&#99999999999999999999;&#x110000;",
                "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}",
            ),
            ("&#128;&#x9f;&#x81;", "€Ÿ\u{81}"),
            ("a\r\nb\rc\0", "a\nb\nc\u{FFFD}"),
            ("&CounterClockwiseContourIntegral;", "∳"),
        ] {
            assert_eq!(decode_attribute(written), read, "{written}");
        }
    }

    #[test]
    fn what_a_browser_leaves_as_written() {
        for kept in [
            "&",
            "&;",
            "&#;",
            "&#x;",
            "&#xg",
            "&bogus;",
            "& amp;",
            "?a=1&copy=2",
            "&ampx",
            "&amp=",
        ] {
            assert_eq!(decode_attribute(kept), kept, "{kept}");
        }
        assert!(matches!(decode_attribute("plain"), Cow::Borrowed(_)));
    }
}

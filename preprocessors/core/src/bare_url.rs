//! Bare URLs and e-mail addresses in a chapter's text: words a reader copies
//! whole, so nothing may be inserted into them.
//!
//! mdBook 0.5.4's parser does not make them links (pulldown-cmark has no GFM
//! autolink extension), but readers, renderers and later plugins treat them
//! as one piece. Found by the GFM autolink extension's rules, on the side
//! of taking too much: `scheme://…`, `www.…`, `mailto:`/`xmpp:`, and
//! `local@domain.tld`, each up to whitespace, `<` or `>`, less trailing
//! punctuation and an unbalanced `)`. `<https://…>` autolinks are links in
//! the parse already.

use std::ops::Range;

/// Byte ranges of every bare URL and e-mail address in `text`, in order, not overlapping.
///
/// Every one holds an anchor (`:`, `@` or `www.`), so only the words just
/// before an anchor are tried, each once: a page of prose is mostly skipped
/// by the byte search for anchors.
pub fn ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut anchors: Vec<usize> = text
        .match_indices([':', '@'])
        .map(|(i, _)| i)
        .chain(text.match_indices("www.").map(|(i, _)| i))
        .chain(text.match_indices("WWW.").map(|(i, _)| i))
        .collect();
    if anchors.is_empty() {
        return Vec::new();
    }
    anchors.sort_unstable();
    let mut found: Vec<Range<usize>> = Vec::new();
    // Starts below this were tried for an earlier anchor.
    let mut untried = 0;
    for anchor in anchors {
        let run = bytes[..anchor]
            .iter()
            .rev()
            .take(LONGEST_PART)
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_'))
            .count();
        for start in (anchor - run).max(untried)..=anchor {
            untried = start + 1;
            if start > 0 && is_word_byte(bytes[start - 1]) {
                continue;
            }
            if let Some(end) = url_at(text, start).or_else(|| email_at(text, start))
                && end > anchor
            {
                found.push(start..end);
                break;
            }
        }
    }
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Range<usize>> = Vec::new();
    for range in found {
        if out.last().is_none_or(|last| range.start >= last.end) {
            out.push(range);
        }
    }
    out
}

/// Schemes, local parts and domains are read at most this far, so a page of
/// dotted words costs linear time (e-mail local parts stop at 64 bytes, domains at 253).
const LONGEST_PART: usize = 256;

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The end of a URL starting at `at`: a scheme with `//`, `mailto:`/`xmpp:`, or `www.`.
fn url_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let scheme_len = rest
        .bytes()
        .take(LONGEST_PART)
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        .count();
    let scheme = &rest[..scheme_len];
    let after = &rest[scheme_len..];
    let after_scheme = if !scheme.is_empty() && scheme.as_bytes()[0].is_ascii_alphabetic() && after.starts_with("://") {
        scheme_len + 3
    } else if ["mailto", "xmpp"].iter().any(|s| scheme.eq_ignore_ascii_case(s)) && after.starts_with(':') {
        scheme_len + 1
    } else if rest.len() > 4 && rest.as_bytes()[..4].eq_ignore_ascii_case(b"www.") {
        4
    } else {
        return None;
    };
    let body = rest[after_scheme..]
        .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
        .unwrap_or(rest.len() - after_scheme);
    if body == 0 {
        return None;
    }
    // Something must remain after the scheme once trailing punctuation is off (`mailto:.` is none).
    let end = trim_trailing(&rest[..after_scheme + body]);
    (end > after_scheme).then_some(at + end)
}

/// The end of `local@domain.tld` starting at `at`.
fn email_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let local = rest
        .bytes()
        .take(LONGEST_PART)
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_'))
        .count();
    if local == 0 || rest.as_bytes().get(local) != Some(&b'@') {
        return None;
    }
    let domain = rest[local + 1..]
        .bytes()
        .take(LONGEST_PART)
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        .count();
    let domain_text = rest[local + 1..local + 1 + domain].trim_end_matches('.');
    let ends_well = domain_text.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric());
    (domain_text.contains('.') && ends_well).then_some(at + local + 1 + domain_text.len())
}

/// GFM's trailing rule: `?!.,:*_~'"` at the end are not part of the URL, nor a `)` without its `(`.
fn trim_trailing(url: &str) -> usize {
    let mut end = url.len();
    loop {
        let Some(last) = url[..end].chars().next_back() else {
            return end;
        };
        let unbalanced = last == ')' && url[..end].matches(')').count() > url[..end].matches('(').count();
        if "?!.,:*_~'\"".contains(last) || unbalanced {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text, wide characters where a URL could start included: ranges
        /// on character boundaries, in order, apart.
        #[test]
        fn ranges_are_slices_of_the_text(text in "([a-zä.:/@ w_()-]|https://|www\\.|WWW\\.|mailto:){0,40}") {
            let found = ranges(&text);
            for r in &found {
                prop_assert!(text.get(r.clone()).is_some(), "{:?} in {:?}", r, text);
            }
            prop_assert!(found.windows(2).all(|w| w[0].end <= w[1].start), "{:?}", found);
            prop_assert_eq!(found, every_word_start(&text));
        }
    }

    /// The plain reading the anchors only speed up: a URL or address tried at every word start.
    fn every_word_start(text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let starts_word = i == 0 || !is_word_byte(bytes[i - 1]);
            match starts_word
                .then(|| url_at(text, i).or_else(|| email_at(text, i)))
                .flatten()
            {
                Some(end) if end > i => {
                    out.push(i..end);
                    i = end;
                }
                _ => i += 1,
            }
        }
        out
    }

    fn urls(text: &str) -> Vec<&str> {
        ranges(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn urls_and_addresses_as_gfm_reads_them() {
        assert_eq!(
            urls("See https://example.com/API/Gateway, www.API.dev/x. and ftp://h/a_b."),
            ["https://example.com/API/Gateway", "www.API.dev/x", "ftp://h/a_b"]
        );
        assert_eq!(
            urls("(https://x.org/a_(b)) and https://x.org/q?a=API!"),
            ["https://x.org/a_(b)", "https://x.org/q?a=API"]
        );
        assert_eq!(
            urls("Mail api.team@API.example.com. or mailto:API@x.org"),
            ["api.team@API.example.com", "mailto:API@x.org"]
        );
        assert_eq!(urls("<https://x.org/API> then"), ["https://x.org/API"]);
    }

    #[test]
    fn words_that_only_look_like_urls_are_prose() {
        assert!(urls("an API: the gateway. user@host, a@b. and xwww.API").is_empty());
        assert!(urls("https:// alone, www. alone").is_empty());
        assert!(urls("No dots or colons here").is_empty());
        // Wide characters where `www.` or a scheme could start.
        assert!(urls("Händler für Zahlungen. wwä.x ä@b.c").is_empty());
        assert_eq!(urls("Straße: https://bücher.example/ä."), ["https://bücher.example/ä"]);
    }
}

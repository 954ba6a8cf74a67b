//! Links from one chapter to another, written once for the whole suite.
//!
//! mdBook 0.5 writes its sidebar link for a chapter as the raw path with
//! `.html` (`mdbook-html`'s `toc.rs`: `Path::with_extension("html").to_url_path()`,
//! which only turns `\` into `/`). A browser percent-encodes spaces and
//! non-ASCII of such an href itself, but reads `#` as the start of a
//! fragment, `?` as the start of a query, `%` as an escape and `:` in a first
//! segment as a scheme, so mdBook's own link to `0024-use-#-as-x.md` goes
//! nowhere. The suite writes the same path, percent-encoded as a URL path:
//! what a browser makes of mdBook's href where that href works, and a working
//! link where it does not. `tests/e2e_links.rs` builds a book with such names
//! and compares both with the files mdBook wrote.

use std::fmt::Write as _;
use std::path::{Component, Path};

/// The link from the page at `from` to the page at `to`, both chapter paths
/// relative to the book's `src`. With `html`, a `.md` target becomes `.html`
/// (links inside injected HTML are not rewritten under mdBook 0.4); without,
/// it keeps `.md` for mdBook to rewrite. Always `/`, percent-encoded.
pub fn relative_href(from: &Path, to: &Path, html: bool) -> String {
    let mut from_dir = segments(from);
    from_dir.pop();
    let mut target = segments(to);
    if html
        && let Some(last) = target.last_mut()
        && let Some(stem) = last.strip_suffix(".md")
    {
        *last = format!("{stem}.html");
    }
    let Some((_, target_dir)) = target.split_last() else {
        return String::new();
    };
    let common = from_dir.iter().zip(target_dir).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from_dir.len() - common];
    parts.extend(target[common..].iter().map(|s| encode_segment(s)));
    parts.join("/")
}

/// A path inside the book (any platform's separators) as a URL path:
/// `/`-separated, each segment percent-encoded.
pub fn url_path(path: &Path) -> String {
    segments(path)
        .iter()
        .map(|s| encode_segment(s))
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes one path segment. Kept as they are: ASCII letters and
/// digits and `-._~!$'*+,;=@`, which mean the same in a URL path, a markdown
/// link destination and a double-quoted HTML attribute. Everything else,
/// `#`, `?`, `%`, `:`, `/`, `\`, spaces, quotes, `&`, `<>()`, controls and
/// every byte of non-ASCII UTF-8, becomes `%XX`.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$'*+,;=@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Percent-encodes what a URL the author wrote (an absolute or relative
/// link) may not hold as it is: spaces, quotes, `<>`, `\\`, controls and
/// non-ASCII. Its structure (`:/?#&=%` and the rest of the URL grammar) is
/// kept, so an already encoded URL comes back unchanged.
pub fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#%[]".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The inverse of [`encode_segment`] on a whole href, for reading links the
/// author wrote (`%20` and the like) back as file names. Invalid escapes and
/// invalid UTF-8 are kept as written.
pub fn decode(href: &str) -> String {
    let bytes = href.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|c| char::from(*c).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| href.to_owned())
}

/// The normal components of a path, `.` and roots left out, `\` never kept.
fn segments(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .flat_map(|s| s.split(['/', '\\']).map(str::to_owned).collect::<Vec<_>>())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(from: &str, to: &str) -> String {
        relative_href(Path::new(from), Path::new(to), true)
    }

    #[test]
    fn relative_links_between_pages() {
        assert_eq!(l("decisions/index.md", "decisions/0001-a.md"), "0001-a.html");
        assert_eq!(l("index.md", "decisions/0001-a.md"), "decisions/0001-a.html");
        assert_eq!(l("a/b/x.md", "a/c/y.md"), "../c/y.html");
        assert_eq!(l("decisions/0002.md", "index.md"), "../index.html");
        assert_eq!(l("x/y/z.md", "x/y/z.md"), "z.html");
        assert_eq!(l("components/core.md", "glossary.html"), "../glossary.html");
        assert_eq!(relative_href(Path::new("x/y.md"), Path::new("z.md"), false), "../z.md");
        assert_eq!(l("a.md", ""), "");
    }

    #[test]
    fn names_are_percent_encoded_as_url_paths() {
        assert_eq!(
            l("decisions/index.md", "decisions/0024-use-#-as-x.md"),
            "0024-use-%23-as-x.html"
        );
        assert_eq!(l("a.md", "a b?.md"), "a%20b%3F.html");
        assert_eq!(l("a.md", "100%.md"), "100%25.html");
        assert_eq!(l("a.md", "größe.md"), "gr%C3%B6%C3%9Fe.html");
        assert_eq!(l("a.md", "\"q\"&<x>.md"), "%22q%22%26%3Cx%3E.html");
        assert_eq!(l("a.md", "c:d.md"), "c%3Ad.html");
        assert_eq!(l("a.md", "it's-(1).md"), "it's-%281%29.html");
    }

    #[test]
    fn links_use_slashes_whatever_the_separator() {
        assert_eq!(l("a\\b.md", "a\\c d.md"), "c%20d.html");
        assert_eq!(url_path(Path::new("a\\b c/d.md")), "a/b%20c/d.md");
    }

    #[test]
    fn decode_reverses_encode() {
        for s in ["0024-use-#-as-x.md", "a b?.md", "100%.md", "größe-日本.md", "\"q\"&<x>"] {
            assert_eq!(decode(&encode_segment(s)), s);
        }
        assert_eq!(decode("a%2"), "a%2");
        assert_eq!(decode("%FF"), "%FF");
    }
}

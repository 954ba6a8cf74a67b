//! The one judge of every URL the suite writes into a page or passes through
//! from a program's SVG: read as a browser reads it, then kept only if its
//! scheme is on an allow-list. A deny-list of script schemes loses to the next
//! spelling; an allow-list does not.

use super::decode::decode_attribute;
use std::fmt;

/// Raster image types a `data:` URL may carry (never `image/svg+xml`, which can hold script).
const RASTER_IMAGES: &[&str] = &["image/png", "image/gif", "image/jpeg", "image/webp"];

/// A URL [`safe_url`] refused: the scheme a browser would read, lowercase
/// (`javascript`, or `data:text/html` for a `data:` URL of another type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedUrl {
    pub scheme: String,
}

impl fmt::Display for RefusedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a `{}` link is not kept (only http, https, mailto, relative links and raster `data:image/` pictures are)",
            if self.scheme.contains(':') {
                self.scheme.escape_debug().to_string()
            } else {
                format!("{}:", self.scheme.escape_debug())
            }
        )
    }
}

/// `Ok(value)` when `value`, written as an HTML attribute value (or a URL the
/// suite escapes into one), is a link a browser follows to `http`, `https`,
/// `mailto`, a relative path or fragment, or a `data:image/` raster picture.
///
/// The value is read as a browser reads it: character references decoded by
/// the HTML standard's rules ([`decode_attribute`]), then as the URL standard
/// parses it: C0 controls and spaces at both ends dropped, tabs and line
/// breaks anywhere dropped, the scheme read up to the first `:`. A value that
/// is already decoded (a markdown link's destination) is judged the same way:
/// decoding it again can only refuse more, never less.
pub fn safe_url(value: &str) -> Result<&str, RefusedUrl> {
    let url = as_browser_reads(value);
    let Some(scheme) = scheme(&url) else {
        return Ok(value);
    };
    match scheme.as_str() {
        "http" | "https" | "mailto" => Ok(value),
        "data" => {
            let mime = data_mime_type(&url[5..]);
            if RASTER_IMAGES.contains(&mime.as_str()) {
                Ok(value)
            } else {
                Err(RefusedUrl {
                    scheme: format!("data:{mime}"),
                })
            }
        }
        _ => Err(RefusedUrl { scheme }),
    }
}

/// Whether a browser reads `value` as an absolute URL (one with a scheme), not a relative path.
pub fn has_scheme(value: &str) -> bool {
    scheme(&as_browser_reads(value)).is_some()
}

/// An attribute value as a browser's URL parser sees it: entities decoded,
/// C0 controls and spaces trimmed, tabs and newlines removed.
fn as_browser_reads(value: &str) -> String {
    decode_attribute(value)
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The URL standard's scheme: an ASCII letter, then letters, digits, `+`, `-`
/// and `.`, ended by `:`; lowercase. `None` for a relative URL.
fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let name = &url[..colon];
    let mut chars = name.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_is_letter && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then(|| name.to_ascii_lowercase())
}

/// A `data:` URL's media type as the fetch standard reads it: up to the first
/// `,`, parameters (`;base64`) left out, blanks trimmed, lowercase.
fn data_mime_type(after_scheme: &str) -> String {
    let header = after_scheme.split(',').next().unwrap_or_default();
    let mime = header.split(';').next().unwrap_or_default();
    mime.trim_matches(|c: char| c.is_ascii_whitespace())
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_schemes() {
        for url in [
            "https://example.com/",
            "HTTP://example.com/",
            "mailto:a@b",
            "page.html#javascript:",
            "../x/y.html?q=a:b",
            "#x",
            "",
            "//example.com/x",
            "data:image/png;base64,AA",
            "data: IMAGE/webp ;base64,AA",
            "data:image/jpeg,x",
            "a&amp;b",
            "&unknown;javascript:x",
            "&#0;javascript:x",
            "&notjavascript:x",
        ] {
            assert_eq!(safe_url(url), Ok(url), "{url}");
        }
    }

    #[test]
    fn refused_in_every_spelling() {
        for (url, scheme) in [
            ("javascript:alert(1)", "javascript"),
            (" JaVaScRiPt:x", "javascript"),
            ("\u{1}\u{1f} javascript:x", "javascript"),
            ("java\tscript:x", "javascript"),
            ("java\r\nscript:x", "javascript"),
            ("&#106;avascript:x", "javascript"),
            ("&#0000000106;avascript:x", "javascript"),
            ("&#106avascript:x", "javascript"),
            ("&#x6A;avascript&colon;x", "javascript"),
            ("&#X6a;avascript&colon;x", "javascript"),
            ("&#x000000006a;avascript:x", "javascript"),
            ("java&Tab;script:x", "javascript"),
            ("java&NewLine;script:x", "javascript"),
            ("&#9;javascript:x", "javascript"),
            ("&#32;&#1;javascript:x", "javascript"),
            ("jav&#x0A;ascript:x", "javascript"),
            ("JAVASCRIPT&colon;x", "javascript"),
            ("vbscript:x", "vbscript"),
            ("data:text/html,<script>x</script>", "data:text/html"),
            ("data:image/svg+xml;base64,PHN2Zz4=", "data:image/svg+xml"),
            ("data:,x", "data:"),
            ("file:///etc/passwd", "file"),
            ("ftp://x", "ftp"),
        ] {
            assert_eq!(safe_url(url).map_err(|e| e.scheme), Err(scheme.to_owned()), "{url}");
        }
    }
}

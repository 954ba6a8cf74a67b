//! Everything the suite injects into HTML goes through [`escape`], and every
//! URL it writes or passes through through [`safe_url`].
//!
//! The suite's stylesheet is delivered inline, once per chapter that carries
//! suite markup (see the ADR "Deliver the suite's CSS inline"), so that no
//! user copies files and nothing is written where `mdbook serve` watches.

use std::borrow::Cow;

mod decode;
mod start_tags;
mod url;

pub use decode::decode_attribute;
pub use start_tags::{Attribute, StartTag, start_tags};
pub use url::{RefusedUrl, has_scheme, safe_url};

/// A link to a page by its title, both escaped. `dir="auto"` isolates the
/// title's direction: a right-to-left title reads right, and a stray
/// right-to-left override in it cannot reverse the text around the link.
/// An `href` that [`safe_url`] refuses leaves the title as text, unlinked.
pub fn link(href: &str, title: &str) -> String {
    match self::href(href) {
        Some(href) => format!("<a href=\"{href}\" dir=\"auto\">{}</a>", escape(title)),
        None => format!("<span dir=\"auto\">{}</span>", escape(title)),
    }
}

/// The value of an `href` or `src` the suite writes, ready for a quoted
/// attribute: judged by [`safe_url`] (so one function judges every URL the
/// suite writes, even those it builds itself from page paths), then escaped.
/// `None` when a browser would read it as a scheme the suite does not write.
pub fn href(url: &str) -> Option<String> {
    safe_url(url).ok().map(|url| escape(url).into_owned())
}

/// The opening tag of a link whose content is HTML the caller writes (a
/// `<code>`, an `<abbr>`, a formatted title), closed by `</a>`: the href
/// judged by [`href`] here, so no caller writes `<a href` itself. A refused
/// URL gives an `<a>` with no href: inert, and still closed by the caller's `</a>`.
pub fn link_open(url: &str, class: Option<&str>) -> String {
    let href = href(url).map(|h| format!(" href=\"{h}\"")).unwrap_or_default();
    match class {
        Some(class) => format!("<a class=\"{}\"{href}>", escape(class)),
        None => format!("<a{href}>"),
    }
}

/// A link around HTML that is already safe ([`link_open`] and `</a>`); the
/// HTML alone when the URL is refused.
pub fn link_around(url: &str, inner_html: &str) -> String {
    match href(url) {
        Some(href) => format!("<a href=\"{href}\">{inner_html}</a>"),
        None => inner_html.to_owned(),
    }
}

/// Escapes text for use in HTML element content *and* in quoted attribute values.
///
/// One helper for both contexts keeps call sites from choosing the wrong one.
/// Line breaks (`\n`, `\r\n`, `\r`) become `&#10;`: the same character to a
/// browser, in text and in attributes, but never a line of the chapter, so a
/// value with a blank line in it cannot end the HTML block it is spliced
/// into and have the rest read as markdown.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'', '\n', '\r']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("&#10;");
            }
            _ => out.push(ch),
        }
    }
    Cow::Owned(out)
}

/// The suite's stylesheet: badges, cards, banners, tooltips, figures.
pub const STYLESHEET: &str = include_str!("../assets/handbook.css");

/// The file `mdbook-handbook install` writes next to book.toml and lists in
/// `output.html.additional-css`, so a book carries the stylesheet once.
pub const STYLESHEET_FILE: &str = "mdbook-handbook.css";

/// The viewer: zoom, pan and click-through on every figure the suite draws
/// (keyboard, mouse and touch; reset before printing). Delivered with the
/// stylesheet, so a page has both or neither.
pub const VIEWER_SCRIPT: &str = include_str!("../assets/handbook.js");

/// The viewer's file beside [`STYLESHEET_FILE`], listed in `output.html.additional-js`.
pub const VIEWER_FILE: &str = "mdbook-handbook.js";

/// First line of a file `install` writes (`what`: stylesheet, viewer); a
/// different one means another suite version wrote it.
fn stamp(what: &str) -> String {
    format!(
        "/* mdbook-handbook {} {what}, written by `mdbook-handbook install`: do not edit, run it again to update */",
        env!("CARGO_PKG_VERSION")
    )
}

/// The contents of [`STYLESHEET_FILE`]: the suite's stylesheet, then the
/// rules the book's config adds (`extra`, e.g. the status palette).
pub fn stylesheet_file(extra: &str) -> String {
    format!("{}\n{STYLESHEET}{extra}", stamp("stylesheet"))
}

/// The contents of [`VIEWER_FILE`], stamped like the stylesheet.
pub fn viewer_file() -> String {
    format!("{}\n{VIEWER_SCRIPT}", stamp("viewer"))
}

/// How the pages of this build get the suite's stylesheet and viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetDelivery {
    /// `mdbook-handbook install` put the current files in `additional-css`
    /// and `additional-js`.
    Installed,
    /// Inline, once per chapter with suite markup (no setup needed).
    Inline,
    /// Installed by another suite version, for another palette, or only in
    /// part: inline until `install` runs again. `path` names the first file
    /// that is not current.
    Outdated { path: String },
}

/// Looks for [`STYLESHEET_FILE`] in `output.html.additional-css` and
/// [`VIEWER_FILE`] in `additional-js`; installed when both are listed and
/// hold exactly [`stylesheet_file`]`(extra)` and [`viewer_file`].
pub fn asset_delivery(root: &std::path::Path, config: &serde_json::Value, extra: &str) -> AssetDelivery {
    let listed = |key: &str, file: &str| -> Option<String> {
        config
            .pointer(&format!("/output/html/{key}"))
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str)
            .find(|p| std::path::Path::new(p).file_name().is_some_and(|n| n == file))
            .map(str::to_owned)
    };
    let Some(css) = listed("additional-css", STYLESHEET_FILE) else {
        return AssetDelivery::Inline;
    };
    let current =
        |path: &str, want: String| std::fs::read_to_string(root.join(path)).ok().as_deref() == Some(want.as_str());
    if !current(&css, stylesheet_file(extra)) {
        return AssetDelivery::Outdated { path: css };
    }
    match listed("additional-js", VIEWER_FILE) {
        Some(js) if current(&js, viewer_file()) => AssetDelivery::Installed,
        Some(js) => AssetDelivery::Outdated { path: js },
        None => AssetDelivery::Outdated {
            path: VIEWER_FILE.to_owned(),
        },
    }
}

/// The chapter with the inline stylesheet and viewer shown as one marker
/// line: golden tests pin where they go, not the CSS (which every capability
/// edits) or the script.
pub fn collapse_assets(content: &str) -> String {
    let open = format!("<style>\n{}", first_rule());
    let start = if content.starts_with(&open) {
        Some(0)
    } else {
        content.find(&format!("\n{open}")).map(|i| i + 1)
    };
    let end = start.and_then(|s| content[s..].find("</style>\n").map(|e| (s, s + e + "</style>\n".len())));
    let Some((s, mut e)) = end else {
        return content.to_owned();
    };
    if content[e..].starts_with("<script>\n")
        && let Some(close) = content[e..].find("</script>\n")
    {
        e += close + "</script>\n".len();
    }
    format!("{}<style>[suite stylesheet]</style>\n{}", &content[..s], &content[e..])
}

/// The stylesheet's first rule, which opens the inline block.
fn first_rule() -> &'static str {
    STYLESHEET
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("/*"))
        .unwrap_or_default()
}

/// What a page carries when the files are not installed: a `<style>` with
/// the suite's rules and `extra`, then the viewer's `<script>`. Each is one
/// HTML block with no blank line inside, so mdBook passes it through
/// untouched. Built once per build.
pub fn inline_assets(extra: &str) -> String {
    let css: Vec<&str> = STYLESHEET
        .lines()
        .chain(extra.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("/*"))
        .collect();
    let script: Vec<&str> = VIEWER_SCRIPT
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("/*"))
        .collect();
    format!(
        "<style>\n{}\n</style>\n<script>\n{}\n</script>\n",
        css.join("\n"),
        script.join("\n")
    )
}

/// Appends the inline assets `block` at the end of a page: line numbers
/// and front matter at the top stay where they are.
pub fn append_assets(content: &mut String, block: &str) {
    let separator = if content.is_empty() || content.ends_with("\n\n") {
        ""
    } else if content.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    content.push_str(separator);
    content.push_str(block);
}

/// A CSS string's contents for `text`: quotes and backslashes escaped, and
/// `<` as `\3c ` so `</style>` can never close an inline block.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\3c "),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_escape_both_parts_and_isolate_the_title() {
        assert_eq!(
            link("a.html?x=\"1\"", "\u{202e}<b>evil</b>"),
            "<a href=\"a.html?x=&quot;1&quot;\" dir=\"auto\">\u{202e}&lt;b&gt;evil&lt;/b&gt;</a>"
        );
    }

    /// Every href the suite writes is judged by `safe_url`, even one it built
    /// itself: a script scheme in any spelling leaves the title as text.
    #[test]
    fn links_and_hrefs_refuse_script_urls() {
        for url in [
            "javascript:alert(1)",
            " JaVa&#x53;cript:x",
            "&#106avascript:x",
            "java\tscript:x",
            "data:text/html,x",
        ] {
            assert_eq!(href(url), None, "{url}");
            let written = link(url, "<T>");
            assert_eq!(written, "<span dir=\"auto\">&lt;T&gt;</span>", "{url}");
        }
        assert_eq!(href("../a%20b.html#x").as_deref(), Some("../a%20b.html#x"));
        assert_eq!(
            href("https://x/?a=1&b=\"").as_deref(),
            Some("https://x/?a=1&amp;b=&quot;")
        );
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert!(matches!(escape("plain text"), Cow::Borrowed(_)));
        // No value can put a line, let alone a blank one, into the chapter.
        assert_eq!(
            escape("a\n\nb\r\n\r\nc\r\rd\n \t\ne"),
            "a&#10;&#10;b&#10;&#10;c&#10;&#10;d&#10; \t&#10;e"
        );
    }

    #[test]
    fn the_inline_assets_are_two_html_blocks_with_the_extra_rules() {
        let block = inline_assets(".x { color: red; }\n");
        assert!(block.starts_with("<style>\n"), "{block}");
        assert!(
            block.contains(".x { color: red; }\n</style>\n<script>\n(function () {\n"),
            "{block}"
        );
        assert!(block.ends_with("})();\n</script>\n"), "{block}");
        assert!(!block.contains("\n\n"), "a blank line would end the HTML block");
        assert!(!block.contains("mdbook-handbook"), "no marker of the suite in a page");
        assert_eq!(
            block.matches("</script").count(),
            1,
            "the script cannot close its element early"
        );
        let mut page = "no newline".to_owned();
        append_assets(&mut page, &block);
        assert!(page.starts_with("no newline\n\n<style>\n"), "{page}");
        assert_eq!(
            collapse_assets(&page),
            "no newline\n\n<style>[suite stylesheet]</style>\n"
        );
    }

    /// Issue 32: a small script, shipped with the stylesheet, that asks the
    /// network for nothing.
    #[test]
    fn the_viewer_is_small_and_reads_nothing_from_the_network() {
        assert!(VIEWER_SCRIPT.len() < 10 * 1024, "{} bytes", VIEWER_SCRIPT.len());
        for call in [
            "fetch(",
            "XMLHttpRequest",
            "import(",
            "http:",
            "https:",
            "eval(",
            "innerHTML",
        ] {
            assert!(!VIEWER_SCRIPT.contains(call), "the viewer uses `{call}`");
        }
    }

    #[test]
    fn css_strings_cannot_close_the_string_or_the_style_element() {
        assert_eq!(css_string("on \"hold\\</style>"), "on \\\"hold\\\\\\3c /style>");
    }

    #[test]
    fn installed_assets_of_this_version_replace_the_inline_ones() {
        let dir = std::env::temp_dir().join(format!("hb-css-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let css_only = serde_json::json!({"output": {"html": {"additional-css": ["theme/x.css", STYLESHEET_FILE]}}});
        let both = serde_json::json!({"output": {"html": {
            "additional-css": ["theme/x.css", STYLESHEET_FILE],
            "additional-js": [VIEWER_FILE],
        }}});
        assert_eq!(asset_delivery(&dir, &serde_json::json!({}), ""), AssetDelivery::Inline);
        let _ = std::fs::write(dir.join(STYLESHEET_FILE), "/* mdbook-handbook 0.0.1 stylesheet */\n");
        assert!(matches!(
            asset_delivery(&dir, &both, ""),
            AssetDelivery::Outdated { .. }
        ));
        let _ = std::fs::write(dir.join(STYLESHEET_FILE), stylesheet_file(""));
        // An install from before the viewer: the stylesheet alone is not enough.
        assert_eq!(
            asset_delivery(&dir, &css_only, ""),
            AssetDelivery::Outdated {
                path: VIEWER_FILE.to_owned()
            }
        );
        let _ = std::fs::write(dir.join(VIEWER_FILE), "/* old */\n");
        assert!(matches!(
            asset_delivery(&dir, &both, ""),
            AssetDelivery::Outdated { .. }
        ));
        let _ = std::fs::write(dir.join(VIEWER_FILE), viewer_file());
        assert_eq!(asset_delivery(&dir, &both, ""), AssetDelivery::Installed);
        // Another palette is another stylesheet.
        assert!(matches!(
            asset_delivery(&dir, &both, ".x{}\n"),
            AssetDelivery::Outdated { .. }
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

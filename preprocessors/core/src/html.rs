//! Everything the suite injects into HTML goes through [`escape`].
//!
//! The suite's stylesheet is delivered inline, once per chapter that carries
//! suite markup (see the ADR "Deliver the suite's CSS inline"), so that no
//! user copies files and nothing is written where `mdbook serve` watches.

use std::borrow::Cow;

/// A link to a page by its title, both escaped. `dir="auto"` isolates the
/// title's direction: a right-to-left title reads right, and a stray
/// right-to-left override in it cannot reverse the text around the link.
pub fn link(href: &str, title: &str) -> String {
    format!("<a href=\"{}\" dir=\"auto\">{}</a>", escape(href), escape(title))
}

/// Escapes text for use in HTML element content *and* in quoted attribute values.
///
/// One helper for both contexts keeps call sites from choosing the wrong one.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    Cow::Owned(out)
}

/// True for a link target that runs script when followed: `javascript:`,
/// `vbscript:`, or `data:` other than an image, however it is spelled (mixed
/// case, blanks or control characters inside, `&#106;`/`&colon;` references as
/// an attribute value may hold them). Links the suite writes from book data
/// (front matter values, glossary files, diagram programs' SVG) never get one.
pub fn is_script_url(url: &str) -> bool {
    let mut seen = String::new();
    let mut rest = url;
    while let Some(c) = rest.chars().next() {
        let (c, after) = reference(rest).unwrap_or((c, &rest[c.len_utf8()..]));
        if !c.is_whitespace() && !c.is_control() {
            seen.push(c.to_ascii_lowercase());
        }
        rest = after;
        if seen.len() > 16 {
            break;
        }
    }
    seen.starts_with("javascript:")
        || seen.starts_with("vbscript:")
        || (seen.starts_with("data:") && !seen.starts_with("data:image/"))
}

/// A character reference at the start of `text` (`&#106;`, `&#x6A;`, `&colon;`), decoded.
fn reference(text: &str) -> Option<(char, &str)> {
    let (name, after) = text.strip_prefix('&')?.split_once(';')?;
    let c = match name.strip_prefix('#') {
        Some(n) => match n.strip_prefix(['x', 'X']) {
            Some(hex) => char::from_u32(u32::from_str_radix(hex, 16).ok()?)?,
            None => char::from_u32(n.parse().ok()?)?,
        },
        None => match name {
            "colon" => ':',
            "Tab" => '\t',
            "NewLine" => '\n',
            _ => return None,
        },
    };
    Some((c, after))
}

/// The suite's stylesheet: badges, cards, banners, tooltips, figures.
pub const STYLESHEET: &str = include_str!("../assets/handbook.css");

/// Marker on the injected `<style>` element; also how a chapter is known to have it.
pub const STYLE_MARKER: &str = "data-mdbook-handbook-style";

/// The file `mdbook-handbook install` writes next to book.toml and lists in
/// `output.html.additional-css`, so a book carries the stylesheet once.
pub const STYLESHEET_FILE: &str = "mdbook-handbook.css";

/// First line of that file; a different one means another suite version wrote it.
pub fn stylesheet_stamp() -> String {
    format!(
        "/* mdbook-handbook {} stylesheet, written by `mdbook-handbook install`: do not edit, run it again to update */",
        env!("CARGO_PKG_VERSION")
    )
}

/// The contents of [`STYLESHEET_FILE`].
pub fn stylesheet_file() -> String {
    format!("{}\n{STYLESHEET}", stylesheet_stamp())
}

/// How the pages of this build get the suite's CSS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StylesheetDelivery {
    /// `mdbook-handbook install` put the current stylesheet in `additional-css`.
    Installed,
    /// Inline, once per chapter with suite markup (no setup needed).
    Inline,
    /// Installed by another suite version: inline until `install` runs again.
    Outdated { path: String },
}

/// Looks for [`STYLESHEET_FILE`] in the book's `output.html.additional-css`.
pub fn stylesheet_delivery(root: &std::path::Path, config: &serde_json::Value) -> StylesheetDelivery {
    let listed = config
        .pointer("/output/html/additional-css")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .find(|p| {
            std::path::Path::new(p)
                .file_name()
                .is_some_and(|n| n == STYLESHEET_FILE)
        });
    let Some(path) = listed else {
        return StylesheetDelivery::Inline;
    };
    let first_line = std::fs::read_to_string(root.join(path))
        .ok()
        .and_then(|t| t.lines().next().map(str::to_owned));
    if first_line.as_deref() == Some(stylesheet_stamp().as_str()) {
        StylesheetDelivery::Installed
    } else {
        StylesheetDelivery::Outdated { path: path.to_owned() }
    }
}

/// The chapter with the inline stylesheet shown as one marker line: golden
/// tests pin where it goes, not the CSS (which every preprocessor edits).
pub fn collapse_stylesheet(content: &str) -> String {
    let open = style_open();
    let start = if content.starts_with(&open) {
        Some(0)
    } else {
        content.find(&format!("\n{open}")).map(|i| i + 1)
    };
    let end = start.and_then(|s| content[s..].find("</style>\n").map(|e| (s, s + e + "</style>\n".len())));
    match end {
        Some((s, e)) => format!("{}<style>[suite stylesheet]</style>\n{}", &content[..s], &content[e..]),
        None => content.to_owned(),
    }
}

/// Opening of the inline `<style>` element; how a chapter is known to have it.
fn style_open() -> String {
    format!("<style {STYLE_MARKER}=")
}

/// The `<style>` block to append to a chapter, or `None` when the chapter
/// already has it (another suite preprocessor ran first).
///
/// Appended, not prepended: line numbers and front matter at the top of the
/// page stay where later preprocessors look for them. One HTML block with no
/// blank line inside, so mdBook passes it through untouched.
pub fn stylesheet_block(chapter_content: &str) -> Option<String> {
    let open = style_open();
    if chapter_content.starts_with(&open) || chapter_content.contains(&format!("\n{open}")) {
        return None;
    }
    // Built once per process: a big book asks for it once per chapter.
    static BLOCK: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let block = BLOCK.get_or_init(|| {
        let css: String = STYLESHEET
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("/*"))
            .collect::<Vec<_>>()
            .join("\n");
        format!("{}\"{}\">\n{css}\n</style>\n", style_open(), env!("CARGO_PKG_VERSION"))
    });
    let separator = if chapter_content.is_empty() || chapter_content.ends_with("\n\n") {
        ""
    } else if chapter_content.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    Some(format!("{separator}{block}"))
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

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert!(matches!(escape("plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn script_urls_in_any_spelling() {
        for url in [
            "javascript:alert(1)",
            " JaVaScRiPt:x",
            "java\tscript:x",
            "&#106;avascript:x",
            "&#x6A;avascript&colon;x",
            "vbscript:x",
            "data:text/html,<script>x</script>",
        ] {
            assert!(is_script_url(url), "{url}");
        }
        for url in [
            "https://example.com/",
            "page.html#javascript:",
            "#x",
            "data:image/png;base64,AA",
            "mailto:a@b",
        ] {
            assert!(!is_script_url(url), "{url}");
        }
    }

    #[test]
    fn stylesheet_is_one_html_block_appended_once() {
        let block = stylesheet_block("# Title\n").unwrap_or_default();
        assert!(block.starts_with("\n<style "), "{block}");
        assert!(!block.trim().contains("\n\n"), "a blank line would end the HTML block");
        let again = format!("# Title\n{block}");
        assert_eq!(stylesheet_block(&again), None);
        assert!(stylesheet_block("# CSS\n\n`<style data-mdbook-handbook-style=` in prose\n").is_some());
        assert!(
            stylesheet_block("no newline")
                .unwrap_or_default()
                .starts_with("\n\n<style ")
        );
    }

    #[test]
    fn an_installed_stylesheet_of_this_version_replaces_the_inline_one() {
        let dir = std::env::temp_dir().join(format!("hb-css-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let config = serde_json::json!({"output": {"html": {"additional-css": ["theme/x.css", STYLESHEET_FILE]}}});
        assert_eq!(
            stylesheet_delivery(&dir, &serde_json::json!({})),
            StylesheetDelivery::Inline
        );
        let _ = std::fs::write(dir.join(STYLESHEET_FILE), "/* mdbook-handbook 0.0.1 stylesheet */\n");
        assert!(matches!(
            stylesheet_delivery(&dir, &config),
            StylesheetDelivery::Outdated { .. }
        ));
        let _ = std::fs::write(dir.join(STYLESHEET_FILE), stylesheet_file());
        assert_eq!(stylesheet_delivery(&dir, &config), StylesheetDelivery::Installed);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! Tool SVG -> one clean HTML block: no XML declaration, DOCTYPE, comments,
//! processing instructions or CDATA markers, no blank line, and every id
//! (and every reference to one) behind a per-diagram prefix.
//!
//! The cache stores the cleaned SVG with [`PREFIX_MARK`] where the prefix
//! goes; [`with_prefix`] puts the real one in when the page is written.
//! What the cache gives back is cleaned again ([`clean_cached`]): anyone who
//! can write the cache folder could have written anything into an entry.

use handbook_core::html::{RefusedUrl, safe_url};

/// Stands for the per-diagram id prefix in cached SVG.
pub const PREFIX_MARK: &str = "__hbid__";

/// Cleans `raw` and marks its ids. `None` when there is no `<svg>` element.
pub fn clean(raw: &str) -> Option<String> {
    clean_reporting(raw).map(|(svg, _)| svg)
}

/// [`clean`], with the links it dropped because `html::safe_url` refused
/// them (dot `URL`, d2 `link`, PlantUML `[[...]]`, Mermaid `click`), in order.
pub fn clean_reporting(raw: &str) -> Option<(String, Vec<RefusedUrl>)> {
    clean_with(raw, Ids::Mark)
}

/// A cache entry cleaned again, as [`clean`] cleans fresh output, its ids
/// (marked already) left as they are: the output of [`clean`] comes back
/// unchanged, and anything a forged entry adds is dropped as from a program.
pub fn clean_cached(cached: &str) -> Option<String> {
    clean_with(cached, Ids::Keep).map(|(svg, _)| svg)
}

/// Whether cleaning marks ids (fresh output) or keeps them (a cache entry, marked already).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ids {
    Mark,
    Keep,
}

fn clean_with(raw: &str, ids: Ids) -> Option<(String, Vec<RefusedUrl>)> {
    let start = raw.find("<svg")?;
    let end = raw.rfind("</svg>")? + "</svg>".len();
    if end <= start {
        return None;
    }
    let body = drop_active_elements(&strip_markup_noise(&raw[start..end]));
    let mut refused = Vec::new();
    let marked = match ids {
        Ids::Mark => rewrite(&body, &collect_ids(&body), Ids::Mark, &mut refused),
        Ids::Keep => rewrite(&body, &[], Ids::Keep, &mut refused),
    };
    let lines: Vec<&str> = marked
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    Some((lines.join("\n"), refused))
}

/// Replaces the mark with the page-unique prefix.
pub fn with_prefix(cached: &str, prefix: &str) -> String {
    cached.replace(PREFIX_MARK, prefix)
}

/// Removes comments and processing instructions; unwraps CDATA, escaping its text.
fn strip_markup_noise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let next = [
            rest.find("<!--"),
            rest.find("<?"),
            rest.find("<![CDATA["),
            rest.find("<!DOCTYPE"),
        ]
        .into_iter()
        .flatten()
        .min();
        let Some(at) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").unwrap_or(body.len());
            out.push_str(&body[..end].replace('&', "&amp;").replace('<', "&lt;"));
            rest = body.get(end + 3..).unwrap_or_default();
        } else {
            let close = if rest.starts_with("<!--") { "-->" } else { ">" };
            let close_at = if rest.starts_with("<?") {
                rest.find("?>").map(|e| e + 2)
            } else {
                None
            };
            let skip = close_at
                .or_else(|| rest.find(close).map(|e| e + close.len()))
                .unwrap_or(rest.len());
            rest = &rest[skip..];
        }
    }
}

/// Elements a picture never needs and a page must not get from one: script,
/// frames and plugins, and elements that would change the whole page (`base`,
/// `meta`, `link`) or swallow the rest of it as text (`textarea`, `xmp`, `plaintext`).
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "textarea",
    "xmp",
    "plaintext",
    "noscript",
    "noembed",
    "noframes",
];

/// Those of them that HTML never closes.
const VOID_ELEMENTS: &[&str] = &["base", "meta", "link", "embed", "frame"];

/// Removes every [`ACTIVE_ELEMENTS`] element with what it holds (the rest of
/// the SVG when it is never closed), whatever the case of its name.
fn drop_active_elements(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut skipping: Option<String> = None;
    for_each_piece(s, |is_tag, piece| {
        let name = is_tag.then(|| tag_name(piece).to_ascii_lowercase());
        let closing = piece.starts_with("</");
        if let Some(open) = &skipping {
            // An element never closed ends with the picture, whose `</svg>` stays.
            let svg_ends = closing && name.as_deref() == Some("svg");
            if closing && name.as_deref() == Some(open.as_str()) {
                skipping = None;
            } else if svg_ends {
                skipping = None;
                out.push_str(piece);
            }
            return;
        }
        match name {
            Some(name) if ACTIVE_ELEMENTS.contains(&name.as_str()) => {
                let empty = closing || piece.ends_with("/>") || VOID_ELEMENTS.contains(&name.as_str());
                if !empty {
                    skipping = Some(name);
                }
            }
            _ => out.push_str(piece),
        }
    });
    out
}

/// The element name of a tag (`<a ...>`, `</a>`, `<a/>`), as written.
fn tag_name(tag: &str) -> &str {
    tag.trim_start_matches('<')
        .trim_start_matches('/')
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or("")
}

/// A start tag's attributes as (name, value-range) pairs, within `tag` (`<name ...>`).
fn attributes(tag: &str) -> Vec<(&str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let bytes = tag.as_bytes();
    let mut i = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i] as char).is_whitespace() {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b'>' | b'/') && !(bytes[i] as char).is_whitespace() {
            i += 1;
        }
        let name = &tag[name_start..i];
        // Browsers allow white space around `=`: `onclick = "x()"` is a handler too.
        let mut eq = i;
        while eq < bytes.len() && (bytes[eq] as char).is_whitespace() {
            eq += 1;
        }
        if eq < bytes.len() && bytes[eq] == b'=' {
            i = eq + 1;
            while i < bytes.len() && (bytes[i] as char).is_whitespace() {
                i += 1;
            }
            let quote = bytes.get(i).copied();
            if let Some(q @ (b'"' | b'\'')) = quote {
                let value_start = i + 1;
                let value_end = tag[value_start..]
                    .find(q as char)
                    .map_or(tag.len(), |e| value_start + e);
                out.push((name, value_start..value_end));
                i = value_end + 1;
            } else {
                let value_start = i;
                while i < bytes.len() && !(bytes[i] as char).is_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                out.push((name, value_start..i));
            }
        } else if name.is_empty() {
            i += 1;
        }
    }
    out
}

/// Splits markup into tags and text; calls `f(is_tag, piece)` in order.
fn for_each_piece(s: &str, mut f: impl FnMut(bool, &str)) {
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        if lt > 0 {
            f(false, &rest[..lt]);
        }
        let tag = &rest[lt..];
        let mut quote = None;
        let mut end = tag.len();
        for (i, c) in tag.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        f(true, &tag[..end]);
        rest = &tag[end..];
    }
    if !rest.is_empty() {
        f(false, rest);
    }
}

fn collect_ids(s: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for_each_piece(s, |is_tag, piece| {
        if is_tag {
            for (name, value) in attributes(piece) {
                if name == "id" {
                    ids.push(piece[value].to_owned());
                }
            }
        }
    });
    ids.sort();
    ids.dedup();
    ids
}

/// Prefixes ids, `url(#id)`, `href="#id"`, aria id lists, and `#id` selectors in `<style>`.
fn rewrite(s: &str, ids: &[String], mark: Ids, refused: &mut Vec<RefusedUrl>) -> String {
    let known = |id: &str| ids.binary_search_by(|k| k.as_str().cmp(id)).is_ok();
    let mut out = String::with_capacity(s.len() + ids.len() * 16);
    let mut in_style = false;
    for_each_piece(s, |is_tag, piece| {
        if !is_tag {
            if in_style {
                out.push_str(&rewrite_css(piece, &known));
            } else {
                out.push_str(piece);
            }
            return;
        }
        in_style = tag_name(piece).eq_ignore_ascii_case("style") && !piece.starts_with("</");
        let mut cursor = 0;
        for (attr, range) in attributes(piece) {
            let value = &piece[range.clone()];
            if let Some(why) = script(attr, value) {
                refused.extend(why);
                // Dropped whole: a diagram never runs script (Mermaid's own `strict` level does the same).
                let name_start = attr.as_ptr() as usize - piece.as_ptr() as usize;
                let quoted = range.start > 0 && matches!(piece.as_bytes()[range.start - 1], b'"' | b'\'');
                out.push_str(piece[cursor..name_start].trim_end());
                cursor = if quoted { range.end + 1 } else { range.end }.min(piece.len());
                continue;
            }
            let new = match attr {
                "id" if mark == Ids::Mark => Some(format!("{PREFIX_MARK}{value}")),
                "href" | "xlink:href" => value
                    .strip_prefix('#')
                    .filter(|id| known(id))
                    .map(|id| format!("#{PREFIX_MARK}{id}")),
                "aria-labelledby" | "aria-describedby" => Some(
                    value
                        .split_whitespace()
                        .map(|id| {
                            if known(id) {
                                format!("{PREFIX_MARK}{id}")
                            } else {
                                id.to_owned()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                _ if value.contains("url(") || (attr == "style" && value.contains('#')) => {
                    Some(rewrite_css(value, &known))
                }
                _ => None,
            };
            if let Some(new) = new {
                out.push_str(&piece[cursor..range.start]);
                out.push_str(&new);
                cursor = range.end;
            }
        }
        out.push_str(&piece[cursor..]);
    });
    out
}

/// Attributes whose value a browser follows as a URL. `to`, `from`, `by` and
/// `values` are there for SVG animation (`<set attributeName="href" to=...>`
/// sets a link), each `;`-separated value judged on its own.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "xlink:href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "to",
    "from",
    "by",
    "values",
];

/// `Some` for an attribute dropped whole: an event handler (`onclick`,
/// `Some(None)`), or a URL `html::safe_url` refuses (`Some(Some(why))`).
/// Dot `URL`, d2 `link`, PlantUML `[[...]]` and Mermaid `click` copy links
/// from the diagram source into the SVG, in any spelling the author chose.
fn script(attr: &str, value: &str) -> Option<Option<RefusedUrl>> {
    let attr = attr.to_ascii_lowercase();
    if attr.starts_with("on") {
        return Some(None);
    }
    if !URL_ATTRIBUTES.contains(&attr.as_str()) {
        return None;
    }
    let refused = if matches!(attr.as_str(), "to" | "from" | "by" | "values") {
        value.split(';').find_map(|v| safe_url(v).err())
    } else {
        safe_url(value).err()
    };
    refused.map(Some)
}

/// In CSS text: `url(#id)`, `url('#id')` and `#id` selectors of known ids.
fn rewrite_css(css: &str, known: &impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(hash) = rest.find('#') {
        out.push_str(&rest[..hash + 1]);
        let after = &rest[hash + 1..];
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(after.len());
        let word = &after[..end];
        if !word.is_empty() && known(word) {
            out.push_str(PREFIX_MARK);
        }
        out.push_str(word);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_noise_and_blank_lines() {
        let raw = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<!-- c -->\n<svg>\n\n<?plantuml 1?><style><![CDATA[a>b{fill:red}]]></style>\n  \n<g/></svg>\ntrailing";
        assert_eq!(
            clean(raw).as_deref(),
            Some("<svg>\n<style>a>b{fill:red}</style>\n<g/></svg>")
        );
        assert_eq!(clean("no svg here"), None);
    }

    #[test]
    fn prefixes_ids_and_every_reference() {
        let raw = r##"<svg id="my-svg" aria-labelledby="t other"><title id="t">x</title><style>#my-svg .n{fill:url(#g)} #nothere{}</style><defs><linearGradient id="g"/><marker id="arrow"/></defs><path marker-end="url(#arrow)" style="fill:url('#g')"/><use href="#arrow" xlink:href="#arrow"/><a href="#elsewhere">id="not-a-tag"</a></svg>"##;
        let out = with_prefix(&clean(raw).unwrap_or_default(), "p1-");
        assert_eq!(
            out,
            r##"<svg id="p1-my-svg" aria-labelledby="p1-t other"><title id="p1-t">x</title><style>#p1-my-svg .n{fill:url(#p1-g)} #nothere{}</style><defs><linearGradient id="p1-g"/><marker id="p1-arrow"/></defs><path marker-end="url(#p1-arrow)" style="fill:url('#p1-g')"/><use href="#p1-arrow" xlink:href="#p1-arrow"/><a href="#elsewhere">id="not-a-tag"</a></svg>"##
        );
    }

    #[test]
    fn handlers_with_spaces_around_the_equals_sign_are_dropped() {
        let out =
            clean(r#"<svg><g onclick = "x()" class="n"/><g onmouseover= 'y()'/><a href =" javascript:z">a</a></svg>"#)
                .unwrap_or_default();
        assert_eq!(out, r#"<svg><g class="n"/><g/><a>a</a></svg>"#);
    }

    #[test]
    fn script_links_and_event_handlers_are_dropped() {
        let raw = r#"<svg><a xlink:href="javascript:alert(&#39;x&#39;)" xlink:title="t"><text>a</text></a><a href=" JaVa&#x53;cript:x" target="_top">b</a><g onclick='x()' class="n"/><a href="https://example.com/">c</a></svg>"#;
        let out = clean(raw).unwrap_or_default();
        assert_eq!(
            out,
            r#"<svg><a xlink:title="t"><text>a</text></a><a target="_top">b</a><g class="n"/><a href="https://example.com/">c</a></svg>"#
        );
    }

    #[test]
    fn quoted_gt_inside_attributes_does_not_end_a_tag() {
        let out = clean(r#"<svg><text data-x="a>b" id="q">a &gt; b</text></svg>"#).unwrap_or_default();
        assert_eq!(out, r#"<svg><text data-x="a>b" id="__hbid__q">a &gt; b</text></svg>"#);
    }

    #[test]
    fn links_in_any_spelling_a_browser_reads_are_dropped_and_reported() {
        let raw = r#"<svg><a xlink:href="&#0000000106;avascript:x"/><a href="&#106avascript:x"/><a href="java&Tab;script&colon;x"/><image href="data:image/svg+xml,x"/><set attributeName="href" to="0;vbscript:x"/><a href="https://example.com/"/></svg>"#;
        let (out, refused) = clean_reporting(raw).unwrap_or_default();
        assert_eq!(
            out,
            r#"<svg><a/><a/><a/><image/><set attributeName="href"/><a href="https://example.com/"/></svg>"#
        );
        let schemes: Vec<_> = refused.iter().map(|r| r.scheme.as_str()).collect();
        assert_eq!(
            schemes,
            [
                "javascript",
                "javascript",
                "javascript",
                "data:image/svg+xml",
                "vbscript"
            ]
        );
    }

    #[test]
    fn active_elements_are_dropped_with_what_they_hold() {
        let raw = r#"<svg><SCRIPT type="x">alert("<g>")</script><g/><iframe src="https://x"><p>in</p></iframe><embed src=x /><foreignObject><base href="https://x/"><meta http-equiv="refresh"></foreignObject><text>keep</text><script>never closed <g/></svg>"#;
        assert_eq!(
            clean(raw).as_deref(),
            Some("<svg><g/><foreignObject></foreignObject><text>keep</text></svg>")
        );
    }

    /// A cache entry is cleaned again on read: what `clean` wrote comes back
    /// byte for byte, and what a forged entry adds is dropped.
    #[test]
    fn cached_svg_is_cleaned_again_and_clean_output_is_kept() {
        let raw = r##"<?xml version="1.0"?><svg id="s" aria-labelledby="t"><title id="t">x</title><style>#s .n{fill:url(#g)}</style><defs><linearGradient id="g"/></defs><path style="fill:url('#g')"/><use href="#g"/><a href="https://example.com/">c</a></svg>"##;
        let once = clean(raw).unwrap_or_default();
        assert_eq!(clean_cached(&once).as_deref(), Some(once.as_str()));
        let forged = once.replace(
            "<title",
            r#"<script>alert(1)</script><g onload="alert(2)"/><iframe src="javascript:alert(3)"></iframe><a href="javascript:alert(4)">x</a><title"#,
        );
        let again = clean_cached(&forged).unwrap_or_default();
        for evil in ["script", "onload", "iframe", "javascript:", "alert"] {
            assert!(!again.contains(evil), "{evil} in {again}");
        }
        assert!(again.contains(r#"<a>x</a>"#) && again.contains("__hbid__t"), "{again}");
        assert_eq!(clean_cached("<g/>"), None, "an entry with no <svg> is not served");
    }
}

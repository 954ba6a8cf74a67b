//! Drawn diagrams -> splices: a `<figure>` in place of each fence (HTML), or
//! the fence kept with a visible note when it could not be drawn.

use crate::kind::Kind;
use crate::scan::Fence;
use crate::svg;
use handbook_core::Splice;
use handbook_core::html::escape;
use handbook_core::splice::container_prefix;

/// The figure for a drawn fence. `prefix` makes its ids unique on the page.
pub fn figure(text: &str, fence: &Fence, cached_svg: &str, prefix: &str) -> Splice {
    let colour = if fence.kind.is_single_colour() {
        "hb-mono"
    } else {
        "hb-colour"
    };
    wrap(text, fence, colour, &svg::with_prefix(cached_svg, prefix))
}

/// The figure for `mermaid = "browser"`: the source waits in an attribute for
/// Mermaid's script. Attribute text is not in mdBook's search index (element
/// text would be), and `&#10;` keeps a source with blank lines one HTML block.
/// Until the script draws (or without JavaScript) the CSS shows the source.
pub fn browser_figure(text: &str, fence: &Fence) -> Splice {
    let source = escape(fence.source.trim_end())
        .replace("\r\n", "&#10;")
        .replace(['\n', '\r'], "&#10;");
    let holder = format!("<div class=\"hb-mermaid\" data-hb-mermaid=\"{source}\"></div>");
    wrap(text, fence, "hb-browser", &holder)
}

/// `<figure>` with the accessible name and caption from the info string, as one HTML block.
fn wrap(text: &str, fence: &Fence, classes: &str, body: &str) -> Splice {
    let c = &fence.caption;
    let label = c
        .alt
        .as_deref()
        .or(c.title.as_deref())
        .or(c.caption.as_deref())
        .map_or_else(|| format!("{} diagram", fence.kind.name()), str::to_owned);
    let mut html = format!(
        "<figure class=\"hb-figure hb-diagram {classes}\" data-kind=\"{}\" role=\"img\" aria-label=\"{}\">\n",
        fence.kind.name(),
        escape(&label)
    );
    html.push_str(body);
    html.push('\n');
    if c.title.is_some() || c.caption.is_some() {
        html.push_str("<figcaption>");
        if let Some(title) = &c.title {
            html.push_str(&format!("<strong>{}</strong>", escape(title)));
            if c.caption.is_some() {
                html.push(' ');
            }
        }
        if let Some(caption) = &c.caption {
            html.push_str(&escape(caption));
        }
        html.push_str("</figcaption>\n");
    }
    html.push_str("</figure>\n");
    if !next_line_is_blank(text, fence.range.end) {
        html.push('\n');
    }
    Splice::block(text, fence.range.clone(), &html)
}

/// A visible note after a fence that stays as code.
pub fn not_rendered_note(text: &str, fence: &Fence, why: &str) -> Splice {
    let end = line_end(text, fence.range.end);
    let prefix = container_prefix(text, fence.range.start);
    let nl = if text[..end].ends_with("\r\n") { "\r\n" } else { "\n" };
    let mut note = String::new();
    if !text[..end].ends_with('\n') {
        note.push_str(nl);
    }
    note.push_str(&format!(
        "{prefix}{nl}{prefix}<p class=\"hb-diagram-note\"><strong>{} diagram not rendered:</strong> {}</p>{nl}",
        fence.kind.name(),
        escape(why)
    ));
    if !next_line_is_blank(text, end) {
        note.push_str(&prefix);
        note.push_str(nl);
    }
    Splice::insert(end, note)
}

/// The id prefix of the `occurrence`-th diagram of a page: stable across
/// builds, and unique on mdBook's print page too, where every chapter meets
/// (the chapter's path is part of the hash).
pub fn id_prefix(kind: Kind, source: &str, page: &str, occurrence: usize) -> String {
    let hash = crate::cache::key(&[kind.name().as_bytes(), source.as_bytes(), page.as_bytes()]);
    format!("d{}-{occurrence}-", &hash[..8])
}

fn line_end(text: &str, offset: usize) -> usize {
    match text.get(offset..) {
        Some(rest) if rest.starts_with('\n') => offset + 1,
        Some(rest) if rest.starts_with("\r\n") => offset + 2,
        Some(rest) => {
            let line = rest.find('\n').map_or(rest.len(), |i| i + 1);
            if rest[..line].trim().is_empty() {
                offset + line
            } else {
                offset
            }
        }
        None => text.len(),
    }
}

fn next_line_is_blank(text: &str, offset: usize) -> bool {
    let from = line_end(text, offset);
    let rest = &text[from.min(text.len())..];
    let line = rest.split('\n').next().unwrap_or("");
    rest.is_empty() || line.trim_matches(|c: char| c.is_whitespace() || c == '>').is_empty()
}

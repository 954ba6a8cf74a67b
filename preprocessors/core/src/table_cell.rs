//! Writing a cell of a GFM table: the one rule every table the suite writes
//! follows. A `|` would end the cell and a line break the row, so both are
//! rewritten; how depends on what the cell holds:
//!
//! - markdown (text, code spans): `\|`, which GFM reads as a `|` even
//!   inside a code span, where an entity would show as written;
//! - raw HTML (a span, a link with a title): `&#124;`, which a browser reads
//!   as a `|` in text and attributes alike, where `\|` would leave its
//!   backslash in an attribute (mdBook 0.5.4 keeps it).
//!
//! Reading cells back is the outline's business, not this module's.

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Markdown,
    Html,
}

/// `text` made safe to stand between two `|` of one table row.
pub fn escape(text: &str, content: Content) -> String {
    let pipe = match content {
        Content::Markdown => "\\|",
        Content::Html => "&#124;",
    };
    text.replace('|', pipe).replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{markdown, pulldown_cmark};

    /// The cells read back through mdBook's own parser: one row, two cells, each
    /// showing a `|` where the text had one.
    #[test]
    fn a_pipe_stays_in_its_cell_in_markdown_code_and_html() {
        let cells = [
            escape("a|b `c|d`", Content::Markdown),
            escape("<span title=\"e|f\">g|h</span>\nnext", Content::Html),
        ];
        let table = format!("| x | y |\n|---|---|\n| {} | {} |\n", cells[0], cells[1]);
        let options = markdown::options_from_config(&serde_json::json!({}));
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, markdown::parse(&table, &options).map(|(e, _)| e));
        assert!(
            html.contains("<td>a|b <code>c|d</code></td><td><span title=\"e&#124;f\">g|h</span> next</td></tr>"),
            "{html}"
        );
    }
}

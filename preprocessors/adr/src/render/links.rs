//! Text made safe for markdown output. Hrefs between chapters come from
//! `handbook_core::links`, relative to the page that shows them (from
//! `Chapter::path`, where README.md is index.md).

/// Backslash-escapes the characters that would make markdown of plain text.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if "\\`*_[]<>|#&~!{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes() {
        assert_eq!(markdown_text("<script> | *x*"), "\\<script\\> \\| \\*x\\*");
    }
}

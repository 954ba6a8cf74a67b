//! Hrefs between chapters and text made safe for each output.
//!
//! mdBook rewrites `.md` links in markdown to `.html`, but not links inside
//! raw HTML, so HTML gets `.html` hrefs computed here, relative to the page
//! that shows them (from `Chapter::path`, where README.md is index.md).

use std::path::{Component, Path};

/// The relative link from page `from` to page `to`; `.html` for HTML output.
pub fn relative(from: &Path, to: &Path, html: bool) -> String {
    let names = |p: &Path| -> Vec<String> {
        p.components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    let from_dir = names(from.parent().unwrap_or(Path::new("")));
    let target = names(to);
    let Some((file, to_dir)) = target.split_last() else {
        return String::new();
    };
    let common = from_dir.iter().zip(to_dir).take_while(|(a, b)| a == b).count();
    let mut out = String::new();
    for _ in common..from_dir.len() {
        out.push_str("../");
    }
    for dir in &to_dir[common..] {
        out.push_str(dir);
        out.push('/');
    }
    let file = match (html, file.strip_suffix(".md")) {
        (true, Some(stem)) => format!("{stem}.html"),
        _ => file.clone(),
    };
    out.push_str(&file);
    out.replace(' ', "%20")
}

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
    fn relative_links_between_pages() {
        let p = Path::new;
        assert_eq!(
            relative(p("decisions/index.md"), p("decisions/0001-a.md"), true),
            "0001-a.html"
        );
        assert_eq!(
            relative(p("index.md"), p("decisions/0001-a.md"), false),
            "decisions/0001-a.md"
        );
        assert_eq!(relative(p("a/b/x.md"), p("a/c/y z.md"), true), "../c/y%20z.html");
        assert_eq!(relative(p("decisions/0002.md"), p("index.md"), true), "../index.html");
    }

    #[test]
    fn markdown_escapes() {
        assert_eq!(markdown_text("<script> | *x*"), "\\<script\\> \\| \\*x\\*");
    }
}

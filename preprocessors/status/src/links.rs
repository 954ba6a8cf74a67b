//! Paths between pages: replacement pages, relative links.

use std::path::{Component, Path};

/// Forward slashes, whatever the platform.
pub fn slash(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Splits `path.md#anchor` into the path and the `#anchor` (empty if none).
pub fn split_anchor(link: &str) -> (&str, &str) {
    match link.find('#') {
        Some(i) => (&link[..i], &link[i..]),
        None => (link, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_split() {
        assert_eq!(split_anchor("a.md#top"), ("a.md", "#top"));
    }
}

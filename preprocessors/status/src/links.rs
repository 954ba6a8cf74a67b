//! Paths between pages: `skip` globs, replacement pages, relative links.

use std::path::{Component, Path};

/// Matches a `/`-separated path against a glob with `*`, `?` and `**`
/// (any number of whole folders, none included).
pub fn glob_matches(glob: &str, path: &str) -> bool {
    let glob: Vec<&str> = glob.trim_matches('/').split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    segments_match(&glob, &path)
}

fn segments_match(glob: &[&str], path: &[&str]) -> bool {
    match glob.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| segments_match(rest, &path[skip..])),
        Some((first, rest)) => path.split_first().is_some_and(|(p, path_rest)| {
            segment_matches(first.as_bytes(), p.as_bytes()) && segments_match(rest, path_rest)
        }),
    }
}

fn segment_matches(glob: &[u8], text: &[u8]) -> bool {
    match glob.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| segment_matches(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && segment_matches(rest, &text[1..]),
        Some((c, rest)) => text.first() == Some(c) && segment_matches(rest, &text[1..]),
    }
}

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
    fn globs_match_whole_folders() {
        for (glob, path, want) in [
            ("**/decisions/**", "decisions/0001-x.md", true),
            ("**/decisions/**", "docs/decisions/README.md", true),
            ("**/decisions/**", "decisions.md", false),
            ("**/adr/**", "adrs/0001.md", false),
            ("drafts/*.md", "drafts/a.md", true),
            ("drafts/*.md", "drafts/x/a.md", false),
            ("part-?/**", "part-1/a/b.md", true),
        ] {
            assert_eq!(glob_matches(glob, path), want, "{glob} {path}");
        }
    }

    #[test]
    fn anchors_split() {
        assert_eq!(split_anchor("a.md#top"), ("a.md", "#top"));
    }
}

//! Heading ids exactly as mdBook 0.5 writes them.
//!
//! mdbook-html keeps these functions `pub(crate)`, so they are ported here
//! line for line from `mdbook-html` 0.5.4, `src/utils.rs` (`id_from_content`,
//! `unique_id`) and `src/html/tree.rs` (`add_header_links`, `text_in_node`).
//! `tests/mdbook_ids.rs` compares the result with the ids real mdBook wrote.

use std::collections::HashSet;

/// mdBook's `id_from_content`: trimmed, Unicode-lowercased; letters, digits,
/// `_` and `-` kept, whitespace turned into `-`, everything else dropped.
pub fn id_from_content(content: &str) -> String {
    content
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|ch| {
            if ch.is_alphanumeric() || ch == '_' || ch == '-' {
                Some(ch)
            } else if ch.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// mdBook's `unique_id`: the first use of an id keeps it, later ones get
/// `-1`, `-2`, ... (the first suffix not taken yet).
pub fn unique_id(id: &str, used: &mut HashSet<String>) -> String {
    if used.insert(id.to_owned()) {
        return id.to_owned();
    }
    let mut counter: u32 = 1;
    loop {
        let candidate = format!("{id}-{counter}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        counter = counter.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_like_mdbook() {
        // mdBook's own unit-test table (mdbook-html 0.5.4 `utils.rs`).
        assert_eq!(
            id_from_content("`--passes`: add more rustdoc passes"),
            "--passes-add-more-rustdoc-passes"
        );
        assert_eq!(
            id_from_content("Method-call 🐙 expressions \u{1f47c}"),
            "method-call--expressions-"
        );
        assert_eq!(id_from_content("_-_12345"), "_-_12345");
        assert_eq!(id_from_content("中文標題 CJK title"), "中文標題-cjk-title");
        assert_eq!(id_from_content("Über"), "über");
        assert_eq!(id_from_content(""), "");
    }

    #[test]
    fn repeats_get_suffixes() {
        let mut used = HashSet::new();
        assert_eq!(unique_id("a", &mut used), "a");
        assert_eq!(unique_id("a", &mut used), "a-1");
        assert_eq!(unique_id("a-1", &mut used), "a-1-1");
        assert_eq!(unique_id("a", &mut used), "a-2");
    }
}

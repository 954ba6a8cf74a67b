//! Heading ids exactly as mdBook 0.5 writes them.
//!
//! mdbook-html keeps these functions `pub(crate)`, so they are ported here
//! line for line from `mdbook-html` 0.5.4, `src/utils.rs` (`id_from_content`,
//! `unique_id`) and `src/html/tree.rs` (`add_header_links`, `text_in_node`).
//! The links crate's `mdbook_ids` test compares the result with the ids real mdBook wrote.

use std::collections::{HashMap, HashSet};

/// mdBook's `id_from_content`: trimmed, Unicode-lowercased; letters, digits,
/// `_` and `-` kept, whitespace turned into `-`, everything else dropped.
pub(super) fn id_from_content(content: &str) -> String {
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

/// The ids a page has given so far, for [`unique_id`].
#[derive(Debug, Default)]
pub(super) struct UsedIds {
    taken: HashSet<String>,
    /// Per id, the suffix to try first: every smaller one is taken already,
    /// and ids are never given back, so the search resumes there.
    next: HashMap<String, u32>,
}

/// mdBook's `unique_id`: the first use of an id keeps it, later ones get
/// `-1`, `-2`, ... (the first suffix not taken yet). mdBook tries the
/// suffixes from 1 each time, which is quadratic in the repeats of one
/// heading (20,000 `Apple` terms); resuming where the last search stopped
/// gives the same ids in linear time.
pub(super) fn unique_id(id: &str, used: &mut UsedIds) -> String {
    if used.taken.insert(id.to_owned()) {
        return id.to_owned();
    }
    let counter = used.next.entry(id.to_owned()).or_insert(1);
    loop {
        let candidate = format!("{id}-{counter}");
        *counter = counter.saturating_add(1);
        if used.taken.insert(candidate.clone()) {
            return candidate;
        }
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
        let mut used = UsedIds::default();
        assert_eq!(unique_id("a", &mut used), "a");
        assert_eq!(unique_id("a", &mut used), "a-1");
        assert_eq!(unique_id("a-1", &mut used), "a-1-1");
        assert_eq!(unique_id("a", &mut used), "a-2");
    }

    /// mdBook 0.5.4's own `unique_id`, suffixes tried from 1 every time.
    fn mdbooks(id: &str, used: &mut HashSet<String>) -> String {
        if used.insert(id.to_owned()) {
            return id.to_owned();
        }
        let mut counter = 1;
        loop {
            let candidate = format!("{id}-{counter}");
            if used.insert(candidate.clone()) {
                return candidate;
            }
            counter += 1;
        }
    }

    #[test]
    fn the_same_ids_as_mdbook_whatever_the_order() {
        // Repeats interleaved with headings that are themselves suffixed ids.
        let headings = [
            "a", "a-2", "a", "a", "a-1", "a", "b", "a-3-1", "a", "a-4", "a", "a", "b-1", "b", "b", "a",
        ];
        let (mut ours, mut theirs) = (UsedIds::default(), HashSet::new());
        for round in 0..3 {
            for h in headings {
                assert_eq!(unique_id(h, &mut ours), mdbooks(h, &mut theirs), "{h}, round {round}");
            }
        }
    }
}

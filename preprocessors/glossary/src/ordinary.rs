//! Ordinary English words: terms a glossary defines in a narrow sense that
//! prose also uses in their everyday one (issue 25: rustc-dev-guide's
//! `point`, "a location in the MIR", linked in "one key point" and "entry
//! points"; `tag` linked for git tags). The word list is SCOWL's sizes 10
//! and 20 (English, American and British; about 11,000 lowercase forms, the
//! commonest words with their inflections), licensed as
//! `data/ordinary-words.COPYRIGHT` says.

use crate::config::OrdinaryWords;
use crate::scan::GlossaryTerm;
use std::sync::OnceLock;

const WORDS: &str = include_str!("../data/ordinary-words.txt");

/// The list as a sorted slice, split once per process and only when a
/// one-word term asks (a binary search; no hashing on every `mdbook serve` save).
fn words() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| WORDS.lines().collect())
}

/// One word of letters, not written as an abbreviation, whose lowercase is a
/// common English word: `point`, `Block`, `effects`; not `MIR`, `TyCtxt`,
/// `building block` (two words are specific enough) nor `monomorphization`.
pub(crate) fn is_ordinary_word(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphabetic())
        && !crate::scan::terms::is_acronym(name)
        && words().binary_search(&name.to_ascii_lowercase().as_str()).is_ok()
}

/// The one rule for a held term: an ordinary word with no `link` option of
/// its own, under `ordinary-words = "skip"`. Linking and the info line both ask it.
pub(crate) fn is_held(term: &GlossaryTerm, policy: OrdinaryWords) -> bool {
    term.ordinary && term.link.is_none() && policy == OrdinaryWords::Skip
}

#[cfg(test)]
mod tests {
    use super::is_ordinary_word;

    #[test]
    fn common_single_words_are_ordinary_and_names_of_art_are_not() {
        for word in ["point", "tag", "effects", "item", "Block", "commitment", "body"] {
            assert!(is_ordinary_word(word), "{word}");
        }
        for word in [
            "MIR",
            "TyCtxt",
            "monomorphization",
            "arena allocation",
            "building block",
            "de Bruijn index",
            "p95",
            "'tcx",
            "",
        ] {
            assert!(!is_ordinary_word(word), "{word}");
        }
    }

    #[test]
    fn the_list_is_sorted_lowercase_words_one_per_line() {
        let lines: Vec<&str> = super::WORDS.lines().collect();
        assert!(lines.len() > 10_000, "{}", lines.len());
        assert!(lines.windows(2).all(|w| w[0] < w[1]));
        assert!(
            lines
                .iter()
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        );
    }
}

//! One Aho-Corasick automaton for every spelling of every term.
//!
//! The automaton folds ASCII case; a match is then checked against the
//! spellings that share its lowercase text (case-sensitive ones first, which
//! must match exactly) and against word boundaries. Because a rejected
//! match must not hide a shorter valid one at the same place (`p95 latencyx`
//! still holds `p95`), the search is overlapping and leftmost-longest is
//! applied to the *valid* matches.
//!
//! The `never` phrases are in the same automaton, as spellings of no term:
//! where one is the leftmost-longest match, it hides every term inside it
//! (`building blocks` hides *Block*), and nothing is linked there.

use crate::scan::Glossary;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

#[derive(Debug)]
struct Candidate {
    /// `None`: a `never` phrase.
    term: Option<usize>,
    text: String,
    case_sensitive: bool,
}

pub struct TermMatcher {
    automaton: Option<AhoCorasick>,
    /// By pattern id: the spellings with that ASCII-lowercase text.
    candidates: Vec<Vec<Candidate>>,
}

impl TermMatcher {
    /// Every spelling of `glossary`'s terms, and the `never` phrases (any case).
    pub fn new(glossary: &Glossary, never: &[String]) -> Self {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut candidates: Vec<Vec<Candidate>> = Vec::new();
        let mut add = |candidate: Candidate| {
            let key = candidate.text.to_ascii_lowercase();
            let id = *by_key.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                candidates.push(Vec::new());
                patterns.len() - 1
            });
            candidates[id].push(candidate);
        };
        for (term, t) in glossary.terms.iter().enumerate() {
            for form in &t.forms {
                add(Candidate {
                    term: Some(term),
                    text: form.text.clone(),
                    case_sensitive: form.case_sensitive,
                });
            }
        }
        for phrase in never {
            let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
            if phrase.is_empty() {
                continue;
            }
            for text in crate::scan::terms::unicode_case_variants(&phrase)
                .into_iter()
                .chain([phrase])
            {
                add(Candidate {
                    term: None,
                    text,
                    case_sensitive: false,
                });
            }
        }
        // A `never` phrase wins over a term spelled the same; then exact spellings over folded ones.
        for list in &mut candidates {
            list.sort_by_key(|c| (c.term.is_some(), !c.case_sensitive));
        }
        // A DFA is the fastest to search; a glossary too big for one falls back to the default kind.
        let build = |kind| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .kind(kind)
                .build(&patterns)
                .ok()
        };
        let automaton = if patterns.is_empty() {
            None
        } else {
            build(Some(AhoCorasickKind::DFA)).or_else(|| build(None))
        };
        TermMatcher { automaton, candidates }
    }

    /// Terms in `text`, leftmost-longest, not overlapping, each on word
    /// boundaries. `before`/`after` are the characters around `text` in the
    /// page. `allowed` rejects a match before the longest is chosen, so a
    /// term reaching into a URL or math does not hide a shorter one beside it.
    pub fn find(
        &self,
        text: &str,
        before: Option<char>,
        after: Option<char>,
        allowed: impl Fn(Range<usize>) -> bool,
    ) -> Vec<(Range<usize>, usize)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut found: Vec<(Range<usize>, Option<usize>)> = Vec::new();
        for m in automaton.find_overlapping_iter(text) {
            let range = m.range();
            let written = &text[range.clone()];
            let Some(term) = self.candidates[m.pattern().as_usize()]
                .iter()
                .find(|c| !c.case_sensitive || c.text == written)
                .map(|c| c.term)
            else {
                continue;
            };
            if on_word_boundaries(text, range.clone(), before, after) && allowed(range.clone()) {
                found.push((range, term));
            }
        }
        found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut out: Vec<(Range<usize>, Option<usize>)> = Vec::new();
        for (range, term) in found {
            if out.last().is_none_or(|(last, _)| range.start >= last.end) {
                out.push((range, term));
            }
        }
        out.into_iter()
            .filter_map(|(range, term)| Some((range, term?)))
            .collect()
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A term starting (ending) with a letter or digit must not continue a word
/// before (after) it: `CDN` is not in `ACDN` nor in `CDNs` unless `CDNs` is a spelling.
fn on_word_boundaries(text: &str, range: Range<usize>, before: Option<char>, after: Option<char>) -> bool {
    let written = &text[range.clone()];
    let first = written.chars().next().is_some_and(is_word);
    let last = written.chars().next_back().is_some_and(is_word);
    let prev = text[..range.start].chars().next_back().or(before);
    let next = text[range.end..].chars().next().or(after);
    let joins_before = first && prev.is_some_and(is_word);
    let joins_after = last && next.is_some_and(is_word);
    !joins_before && !joins_after
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::terms::Form;
    use crate::scan::{GlossaryTerm, Place};

    fn glossary(forms: &[&[(&str, bool)]]) -> Glossary {
        let mut g = Glossary::default();
        for (i, fs) in forms.iter().enumerate() {
            g.terms.push(GlossaryTerm {
                name: fs[0].0.to_owned(),
                anchor: format!("t{i}"),
                entry: i,
                abbreviation: false,
                link: None,
                ordinary: false,
                forms: fs
                    .iter()
                    .map(|(t, cs)| Form {
                        text: (*t).to_owned(),
                        case_sensitive: *cs,
                        generated: false,
                    })
                    .collect(),
                place: Place {
                    path: "g.md".into(),
                    line: None,
                },
            });
        }
        g
    }

    fn words<'a>(m: &TermMatcher, text: &'a str) -> Vec<(&'a str, usize)> {
        m.find(text, None, None, |_| true)
            .into_iter()
            .map(|(r, t)| (&text[r], t))
            .collect()
    }

    #[test]
    fn leftmost_longest_on_word_boundaries_with_case_rules() {
        let m = TermMatcher::new(
            &glossary(&[
                &[("CDN", true), ("CDNs", true)],
                &[("API", true), ("APIs", true)],
                &[("API gateway", false)],
                &[("merchant", false)],
                &[("p95", false)],
            ]),
            &[],
        );
        assert_eq!(
            words(&m, "An API Gateway for ACDN, CDNs-like Merchant_x merchants, api, CDN."),
            [("API Gateway", 2), ("CDNs", 0), ("CDN", 0)]
        );
        assert_eq!(words(&m, "the APIs of a merchant"), [("APIs", 1), ("merchant", 3)]);
        assert_eq!(words(&m, "p95 latencyx P95"), [("p95", 4), ("P95", 4)]);
    }

    #[test]
    fn a_rejected_longer_match_does_not_hide_a_shorter_one() {
        let m = TermMatcher::new(&glossary(&[&[("p95", false)], &[("p95 latency", false)]]), &[]);
        assert_eq!(words(&m, "p95 latencyx"), [("p95", 0)]);
        let m = TermMatcher::new(&glossary(&[&[("IN", true)], &[("India", false)]]), &[]);
        assert_eq!(words(&m, "in India and IN"), [("India", 1), ("IN", 0)]);
    }

    #[test]
    fn never_phrases_hide_the_terms_inside_them() {
        let never = ["building  blocks".to_owned(), "api".to_owned()];
        let m = TermMatcher::new(
            &glossary(&[&[("Block", false), ("Blocks", false)], &[("API", true)]]),
            &never,
        );
        assert_eq!(
            words(&m, "Building Blocks and building blocks, but a block; API"),
            [("block", 0)]
        );
    }

    #[test]
    fn a_match_not_allowed_hides_nothing() {
        let m = TermMatcher::new(&glossary(&[&[("API gateway", false)], &[("gateway", false)]]), &[]);
        let found = m.find("x/API gateway", None, None, |r| r.start >= 6);
        assert_eq!(found, [(6..13, 1)]);
    }

    #[test]
    fn neighbours_outside_the_text_count() {
        let m = TermMatcher::new(&glossary(&[&[("CDN", true)]]), &[]);
        assert!(m.find("CDN", Some('A'), None, |_| true).is_empty());
        assert!(m.find("CDN", None, Some('x'), |_| true).is_empty());
        assert_eq!(m.find("CDN", Some(' '), Some('.'), |_| true).len(), 1);
    }

    #[test]
    fn no_terms_no_matches() {
        assert!(
            TermMatcher::new(&Glossary::default(), &[])
                .find("anything", None, None, |_| true)
                .is_empty()
        );
    }
}

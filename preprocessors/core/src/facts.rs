//! What one capability learns about the book and a later one needs, as Rust
//! values: never as markup another capability would have to recognise.
//!
//! The pipeline runs the capabilities in a fixed order over one [`Facts`].
//! A capability fills the part it knows (the decision log fills
//! [`Facts::decisions`], page lifecycle fills [`Facts::pages`]) and later ones
//! read it. A part nobody filled is `None` or empty: a capability that was
//! switched off tells nothing, and readers must cope.
//!
//! These are plain vocabulary types. The core still knows no capability: it
//! does not fill them and gives them no meaning beyond their doc comments.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Everything the capabilities share within one build.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    /// The book's decision records, by number; `None` when no capability
    /// read a decision log.
    pub decisions: Option<Vec<DecisionFact>>,
    /// Lifecycle facts per page, keyed by the chapter's source path
    /// (relative to the book's `src`).
    pub pages: BTreeMap<PathBuf, PageFacts>,
    /// Every glossary term the glossary capability read, in glossary order.
    pub glossary: Vec<TermFact>,
    /// Every diagram fence the diagrams capability found, in book order.
    pub diagrams: Vec<DiagramFact>,
}

impl Facts {
    /// The decision record numbered `number`, if the log has exactly one.
    pub fn decision(&self, number: u32) -> Option<&DecisionFact> {
        let decisions = self.decisions.as_deref()?;
        let mut found = decisions.iter().filter(|d| d.number == Some(number));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The facts of one page, created empty on first use.
    pub fn page_mut(&mut self, source_path: PathBuf) -> &mut PageFacts {
        self.pages.entry(source_path).or_default()
    }
}

/// One decision record as the log read it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DecisionFact {
    /// `None` for a record whose file name and title carry no number.
    pub number: Option<u32>,
    pub title: String,
    /// The status as the author wrote it.
    pub status: Option<String>,
    /// The lifecycle word (`accepted`, `superseded`, ...), when known.
    pub lifecycle: Option<String>,
    /// The date as the author wrote it.
    pub date: Option<String>,
    /// The same day as `YYYY-MM-DD`, when it reads as one (what `adr list`
    /// and the index show).
    pub day: Option<String>,
    /// Relative to the book's `src`.
    pub path: PathBuf,
    /// Numbers of the records that supersede this one.
    pub superseded_by: Vec<u32>,
    /// Numbers of the records this one supersedes.
    pub supersedes: Vec<u32>,
    /// Every relation, both ways, as (kind, other record's number); kinds
    /// as `adr list --json` names them: `supersedes`, `superseded-by`,
    /// `amends`, `amended-by`, `clarifies`, `clarified-by`, `relates`.
    pub relations: Vec<(String, u32)>,
    pub deciders: Vec<String>,
    pub tags: Vec<String>,
}

impl DecisionFact {
    /// A record readers should no longer follow: superseded, deprecated or rejected.
    pub fn is_retired(&self) -> bool {
        matches!(
            self.lifecycle.as_deref(),
            Some("superseded" | "deprecated" | "rejected")
        )
    }
}

/// What is known of one page's lifecycle.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PageFacts {
    /// The status as written, and its lifecycle word.
    pub status: Option<String>,
    pub lifecycle: Option<String>,
    pub owner: Option<String>,
    pub last_reviewed: Option<String>,
    /// The day the next review is due, when the page says how often.
    pub review_due: Option<String>,
    /// True when the review date has passed.
    pub overdue: bool,
    /// The drift state, in a word (`fresh`, `stale`, `missing`, or `unknown`
    /// when the history could not tell), when the page declares what it describes.
    pub drift: Option<String>,
    /// What the page declares it describes (`describes:`), as written.
    pub describes: Vec<String>,
}

/// One glossary entry: its term, the other names sharing its definition,
/// and where it is used, for readers outside the build (`export`, `mcp`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TermFact {
    /// The first name the glossary gives the entry.
    pub term: String,
    /// The entry's other names (`ADR` for "Architecture decision record").
    pub aliases: Vec<String>,
    /// The definition as plain text.
    pub definition: String,
    /// The glossary page's source path, when the glossary is a page.
    pub glossary: Option<PathBuf>,
    /// Source paths of the pages that use the term, in book order.
    pub used_on: Vec<PathBuf>,
}

/// One diagram as the author wrote it: a fence the build draws.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DiagramFact {
    /// The page's source path.
    pub page: PathBuf,
    /// `mermaid`, `dot`, `plantuml`, `d2`, `svgbob` or `pikchr`.
    pub kind: String,
    /// The fence's text, as written.
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(number: u32) -> DecisionFact {
        DecisionFact {
            number: Some(number),
            ..DecisionFact::default()
        }
    }

    #[test]
    fn a_number_two_records_share_finds_neither() {
        let facts = Facts {
            decisions: Some(vec![fact(1), fact(2), fact(2)]),
            ..Facts::default()
        };
        assert_eq!(facts.decision(1).and_then(|d| d.number), Some(1));
        assert!(facts.decision(2).is_none());
        assert!(facts.decision(3).is_none());
    }

    #[test]
    fn retired_means_superseded_deprecated_or_rejected() {
        let with = |word: &str| DecisionFact {
            lifecycle: Some(word.to_owned()),
            ..DecisionFact::default()
        };
        assert!(with("superseded").is_retired());
        assert!(with("rejected").is_retired());
        assert!(!with("accepted").is_retired());
        assert!(!DecisionFact::default().is_retired());
    }
}

//! Today `check` runs each capability as its own pass, each with its own
//! [`Facts`]; the report shows one set, so the runs' facts are merged here.

use handbook_core::facts::{Facts, PageFacts};

/// Adds `from` to `into`: the first run that read a decision log gives the
/// decisions; page facts are merged field by field, the first known value
/// winning (each field has one capability that fills it).
pub fn merge_facts(into: &mut Facts, from: Facts) {
    if into.decisions.is_none() {
        into.decisions = from.decisions;
    }
    for (path, page) in from.pages {
        merge_page(into.page_mut(path), page);
    }
}

fn merge_page(into: &mut PageFacts, from: PageFacts) {
    let fill = |slot: &mut Option<String>, value: Option<String>| {
        if slot.is_none() {
            *slot = value;
        }
    };
    fill(&mut into.status, from.status);
    fill(&mut into.lifecycle, from.lifecycle);
    fill(&mut into.owner, from.owner);
    fill(&mut into.last_reviewed, from.last_reviewed);
    fill(&mut into.review_due, from.review_due);
    fill(&mut into.drift, from.drift);
    into.overdue |= from.overdue;
}

#[cfg(test)]
mod tests {
    use super::*;
    use handbook_core::facts::DecisionFact;
    use std::path::PathBuf;

    #[test]
    fn decisions_come_from_the_run_that_read_them_and_pages_merge_by_field() {
        let mut merged = Facts::default();
        let status_run = Facts {
            pages: [(
                PathBuf::from("a.md"),
                PageFacts {
                    status: Some("Current".into()),
                    overdue: true,
                    ..PageFacts::default()
                },
            )]
            .into(),
            ..Facts::default()
        };
        let drift_run = Facts {
            pages: [(
                PathBuf::from("a.md"),
                PageFacts {
                    drift: Some("stale".into()),
                    ..PageFacts::default()
                },
            )]
            .into(),
            ..Facts::default()
        };
        let adr_run = Facts {
            decisions: Some(vec![DecisionFact {
                number: Some(1),
                ..DecisionFact::default()
            }]),
            ..Facts::default()
        };
        merge_facts(&mut merged, adr_run);
        merge_facts(&mut merged, status_run);
        merge_facts(&mut merged, drift_run);
        merge_facts(&mut merged, Facts::default());
        assert_eq!(merged.decisions.as_ref().map(Vec::len), Some(1));
        let page = &merged.pages[&PathBuf::from("a.md")];
        assert_eq!(page.status.as_deref(), Some("Current"));
        assert_eq!(page.drift.as_deref(), Some("stale"));
        assert!(page.overdue);
    }
}

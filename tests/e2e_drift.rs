//! book-example tells the truth about the code: drift over the handbook of
//! this project, in process, after the decision log (handbook-adr) filled the
//! shared Facts, as the one pipeline runs them. No page may describe a path
//! or symbol that is gone, cite a retired ADR, or be stale; source files of
//! the root package may not cite a retired or unknown ADR.
//!
//! A commit that changes code a page describes makes that page stale, and
//! this test fails until someone checks the page and moves its `reviewed:`
//! on: that is the point. Outside git or in a shallow clone staleness cannot
//! be told; `drift-unchecked` says so and is the one code allowed.

#![cfg(all(feature = "drift", feature = "adr"))]

use handbook_adr::AdrPreprocessor;
use handbook_core::facts::Facts;
use handbook_core::protocol::{self, Context, Edits, HandbookPreprocessor};
use handbook_core::testing;
use handbook_core::{Chapter, Diagnostics};
use handbook_drift::DriftPreprocessor;
use handbook_drift::config::DriftConfig;
use serde_json::json;
use std::path::Path;

/// The decision log, then drift, over one Facts.
struct AdrThenDrift;

impl HandbookPreprocessor for AdrThenDrift {
    const NAME: &'static str = DriftPreprocessor::NAME;
    type Config = DriftConfig;
    const CODES: &'static [handbook_core::Code] = DriftPreprocessor::CODES;
    fn run(
        &self,
        ctx: &Context,
        config: &DriftConfig,
        chapters: &[Chapter],
        facts: &mut Facts,
        d: &mut Diagnostics,
    ) -> Edits {
        let mut adr_diagnostics = Diagnostics::new();
        AdrPreprocessor.run(ctx, &Default::default(), chapters, facts, &mut adr_diagnostics);
        DriftPreprocessor.run(ctx, config, chapters, facts, d)
    }
}

#[test]
fn book_example_builds_with_no_drift_warning() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("book-example");
    let pages: Vec<_> = testing::pages_under(&root.join("src"))
        .into_iter()
        .filter(|p| p.source != "SUMMARY.md")
        .collect();
    let config = json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"drift": {"code": ["src/**/*.rs"]}}}});
    let ctx = testing::context(&root, "html", config);
    let outcome = protocol::process(&AdrThenDrift, &ctx, testing::book(&pages)).unwrap_or_else(|e| panic!("{e}"));
    let shown: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code != "drift-unchecked")
        .map(ToString::to_string)
        .collect();
    assert!(
        shown.is_empty(),
        "book-example drifted from the code:\n{}",
        shown.join("\n")
    );
    assert!(
        outcome.facts.decisions.as_ref().is_some_and(|d| d.len() >= 19),
        "the decision log was not read, so citations went unchecked"
    );
    let described: Vec<_> = outcome
        .facts
        .pages
        .iter()
        .filter(|(_, f)| f.drift.is_some())
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    for page in [
        "overview.md",
        "data-flow.md",
        "components/core.md",
        "components/drift.md",
    ] {
        assert!(
            described.iter().any(|p| p == page),
            "{page} declares nothing: {described:?}"
        );
    }
    let unchecked = outcome.diagnostics.iter().any(|d| d.code == "drift-unchecked");
    if !unchecked {
        assert!(
            outcome
                .facts
                .pages
                .values()
                .filter_map(|f| f.drift.as_deref())
                .all(|s| s == "fresh"),
            "{:?}",
            outcome.facts.pages
        );
    }
}

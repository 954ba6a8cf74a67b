//! The decision log on generated books: long supersede cycles and chains
//! are found without recursion, and relations show on both sides.

use handbook_adr::AdrPreprocessor;
use handbook_core::Diagnostics;
use handbook_core::testing::{self, Page};
use serde_json::json;

fn run(chapters: Vec<(String, String)>) -> (Vec<String>, Diagnostics) {
    let pages: Vec<Page> = chapters
        .into_iter()
        .map(|(path, content)| Page::new(path, content))
        .collect();
    let run = testing::run(&AdrPreprocessor, &testing::context("/b", "html", json!({})), &pages);
    (run.contents, run.diagnostics)
}

fn chain(n: usize, closed: bool) -> Vec<(String, String)> {
    (1..=n)
        .map(|i| {
            let next = if i == n { 1 } else { i + 1 };
            let supersedes = if i < n || closed {
                format!("\n\nSupersedes ADR-{next}")
            } else {
                String::new()
            };
            (
                format!("adr/{i:05}-d.md"),
                format!("# {i}. D{i}\n\nDate: 2024-01-01\n\n## Status\n\nAccepted{supersedes}\n"),
            )
        })
        .collect()
}

#[test]
fn a_cycle_of_a_thousand_is_one_warning_and_no_overflow() {
    let (_, diagnostics) = run(chain(1000, true));
    let cycles: Vec<_> = diagnostics.iter().filter(|d| d.code == "adr-supersede-cycle").collect();
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(
        cycles[0].message.contains("(1000 decisions in all)"),
        "{}",
        cycles[0].message
    );
}

#[test]
fn a_long_chain_has_no_cycle_and_both_sides_show() {
    let (out, diagnostics) = run(chain(20_000, false));
    assert!(
        diagnostics.iter().all(|d| d.code == "adr-one-way-link"),
        "{:?}",
        diagnostics.iter().next()
    );
    assert!(
        out[1].contains("<dt>Superseded by</dt><dd><a href=\"00001-d.html\" dir=\"auto\">ADR-1: D1</a></dd>"),
        "{}",
        out[1]
    );
    assert!(out[1].contains("<dt>Supersedes</dt><dd><a href=\"00003-d.html\" dir=\"auto\">ADR-3: D3</a></dd>"));
    assert!(out[1].contains("This decision is superseded by"));
}

#[test]
fn a_self_supersede_is_a_cycle() {
    let (_, diagnostics) = run(vec![(
        "adr/0001-x.md".into(),
        "# 1. X\n\nDate: 2024\n\n## Status\n\nAccepted\n\nSupersedes ADR-1\n".into(),
    )]);
    assert_eq!(
        diagnostics.iter().filter(|d| d.code == "adr-supersede-cycle").count(),
        1
    );
}

#[test]
fn chapters_outside_decision_folders_come_back_unchanged() {
    let text = "# 1. Not an ADR\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n";
    let (out, diagnostics) = run(vec![("guide/0001-x.md".into(), text.into())]);
    assert_eq!(out[0], text);
    assert!(diagnostics.is_empty());
}

#[test]
fn unknown_config_keys_name_the_valid_ones() {
    let ctx = testing::context(
        "/b",
        "html",
        json!({"preprocessor": {"handbook": {"adr": {"folder": "adr"}}}}),
    );
    let err = handbook_core::protocol::process(&AdrPreprocessor, &ctx, testing::book(&[]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("`folder`") && err.contains("`folders`") && err.contains("`statuses`"),
        "{err}"
    );
}

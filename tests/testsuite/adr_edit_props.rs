//! Properties of the `adr` edits over generated decision folders.
//!
//! - `adr supersede OLD NEW`, then the preprocessor's own scan: OLD states
//!   "Superseded by NEW" and NEW states "Supersedes OLD", in every format,
//!   whatever the titles, status words, case and line endings.
//! - `adr link N --amends M` likewise states both sides.
//! - No edit panics on pages built from the pieces real ADRs mix (tables,
//!   code fences, two status sections, front matter, emoji, CRLF); an edit
//!   either is refused (with a reason) or leaves a page that still scans as a decision.

use handbook_adr::edit::format::Family;
use handbook_adr::edit::{AdrRef, Workspace, relate, renumber, status};
use handbook_adr::scan::relations::RelationKind;
use handbook_core::date::parse_date;
use handbook_core::markdown::MarkdownOptions;
use handbook_core::status::StatusWords;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const CASES: u32 = 96;

const TITLE_WORDS: &[&str] = &[
    "Use",
    "Postgres",
    "for",
    "jobs",
    "naïve",
    "日本語",
    "🦀",
    "cache",
    "API",
    "v2",
    "(draft)",
    "x_y",
    "A&B",
];
const STATUSES: &[&str] = &["accepted", "Accepted", "ACCEPTED", "proposed", "Proposed", "deprecated"];

fn title() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(TITLE_WORDS), 1..5).prop_map(|w| w.join(" "))
}

/// One ADR page in `family`, numbered `n`.
fn page(family: Family, n: u32, title: &str, status: &str, prose: &str) -> (String, String) {
    let slug = format!("decision-{n}");
    match family {
        Family::Nygard => (
            format!("{n:04}-{slug}.md"),
            format!("# {n}. {title}\n\nDate: 2024-01-0{n}\n\n## Status\n\n{status}\n\n## Context\n\n{prose}\n"),
        ),
        Family::Madr2 => (
            format!("{n:04}-{slug}.md"),
            format!(
                "# {title}\n\n* Status: {status}\n* Date: 2024-01-0{n}\n\n## Context and Problem Statement\n\n{prose}\n"
            ),
        ),
        Family::Madr3 => (
            format!("{n:04}-{slug}.md"),
            format!(
                "---\nstatus: {status}\ndate: 2024-01-0{n}\n---\n# {title}\n\n## Context and Problem Statement\n\n{prose}\n"
            ),
        ),
        Family::Log4brains => (
            format!("2024010{n}-{slug}.md"),
            format!(
                "# {title}\n\n- Status: {status}\n- Date: 2024-01-0{n}\n\n## Context and Problem Statement\n\n{prose}\n"
            ),
        ),
        Family::BoldHeader => (
            format!("ADR-{n:03}-{slug}.md"),
            format!(
                "# ADR-{n:03}: {title}\n\n**Status**: {status}  \n**Date**: 2024-01-0{n}\n\n## Context\n\n{prose}\n"
            ),
        ),
        Family::Tendermint => (
            format!("adr-{n:03}-{slug}.md"),
            format!(
                "# ADR {n:03}: {title}\n\n## Changelog\n\n- 2024-01-0{n}: First draft\n\n## Status\n\n{status}\n\n## Context\n\n{prose}\n"
            ),
        ),
    }
}

fn workspace(files: Vec<(PathBuf, String)>) -> Workspace {
    Workspace::new(
        files,
        PathBuf::from("decisions"),
        MarkdownOptions::default(),
        StatusWords::new(&BTreeMap::new()),
        parse_date("2026-11-29").unwrap_or_else(|| panic!("date")),
    )
}

/// The relations each file states, as (from file, kind, to file).
fn stated(ws: &Workspace) -> BTreeSet<(String, RelationKind, String)> {
    let log = ws.log();
    let name = |i: usize| log.decisions[i].slug.clone();
    log.stated()
        .into_iter()
        .map(|(a, k, b)| (name(a), k, name(b)))
        .collect()
}

fn reference(family: Family, n: u32) -> AdrRef {
    match family {
        Family::Log4brains => AdrRef::File(format!("2024010{n}-decision-{n}")),
        _ => AdrRef::Number(n),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn supersede_then_scan_states_both_sides(
        family in proptest::sample::select(Family::ALL.to_vec()),
        titles in (title(), title()),
        statuses in (proptest::sample::select(STATUSES), proptest::sample::select(STATUSES)),
        crlf in any::<bool>(),
        link_instead in any::<bool>(),
    ) {
        let eol = |t: String| if crlf { t.replace('\n', "\r\n") } else { t };
        let (a_name, a) = page(family, 1, &titles.0, statuses.0, "Why we chose it.");
        let (b_name, b) = page(family, 2, &titles.1, statuses.1, "What changed.");
        let stem = |n: &str| n.trim_end_matches(".md").to_owned();
        let mut ws = workspace(vec![
            (PathBuf::from("decisions").join(&a_name), eol(a)),
            (PathBuf::from("decisions").join(&b_name), eol(b)),
        ]);
        let (one, two) = (reference(family, 1), reference(family, 2));
        let (kind, inverse) = if link_instead {
            relate::link(&mut ws, &two, RelationKind::Amends, &one)
                .unwrap_or_else(|e| panic!("{family:?}: {e}"));
            (RelationKind::AmendedBy, RelationKind::Amends)
        } else {
            relate::supersede(&mut ws, &one, &two).unwrap_or_else(|e| panic!("{family:?}: {e}"));
            (RelationKind::SupersededBy, RelationKind::Supersedes)
        };
        let got = stated(&ws);
        prop_assert!(got.contains(&(stem(&a_name), kind, stem(&b_name))), "{family:?}: {got:?}");
        prop_assert!(got.contains(&(stem(&b_name), inverse, stem(&a_name))), "{family:?}: {got:?}");
        if !link_instead {
            let old = ws.scan(&PathBuf::from("decisions").join(&a_name)).unwrap_or_else(|| panic!("scan"));
            prop_assert_eq!(old.status.map(|s| s.value.normalized), Some(Some("superseded".to_owned())));
        }
        // Line endings stay the file's own.
        for c in ws.changes() {
            prop_assert_eq!(c.after.contains("\r\n"), crlf, "{}", c.after);
            prop_assert_eq!(c.after.replace("\r\n", "").contains('\n'), !crlf && c.after.contains('\n'));
        }
        // A second supersede changes nothing: both sides are stated already.
        if !link_instead {
            let before = ws.changes();
            relate::supersede(&mut ws, &one, &two).unwrap_or_else(|e| panic!("{family:?}: {e}"));
            prop_assert_eq!(ws.changes(), before);
        }
    }

    #[test]
    fn edits_never_panic_and_leave_a_decision(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..8),
        word in proptest::sample::select(&["accepted", "rejected", "✅ done"][..]),
        crlf in any::<bool>(),
    ) {
        let mut text = String::from("# 1. Generated\n\n");
        for p in &pieces {
            text.push_str(p);
            text.push('\n');
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let other = "# 2. Other\n\n## Status\n\nAccepted\n".to_owned();
        let files = vec![
            (PathBuf::from("decisions/0001-generated.md"), text.clone()),
            (PathBuf::from("decisions/0002-other.md"), other),
            (PathBuf::from("SUMMARY.md"), "- [1](decisions/0001-generated.md)\n- [2](decisions/0002-other.md)\n".to_owned()),
        ];
        for edit in 0..5 {
            let mut ws = workspace(files.clone());
            let one = AdrRef::Number(1);
            let two = AdrRef::Number(2);
            let result = match edit {
                0 => status::set_status(&mut ws, &one, word),
                1 => relate::supersede(&mut ws, &one, &two),
                2 => relate::supersede(&mut ws, &two, &one),
                3 => relate::link(&mut ws, &one, RelationKind::Relates, &two),
                _ => renumber::renumber(&mut ws, &one, 9, &BTreeSet::new()).map(|_| ()),
            };
            match result {
                Ok(()) => {
                    let renamed = if edit == 4 { "decisions/0009-generated.md" } else { "decisions/0001-generated.md" };
                    prop_assert!(ws.scan(&PathBuf::from(renamed)).is_some(), "edit {edit} of {text:?}");
                }
                // A refusal: the command line writes nothing (tests/adr_cli.rs).
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }
}

const PIECES: &[&str] = &[
    "## Status\n\nAccepted\n",
    "## Status\n\nProposed\n",
    "## Status\n\n⌛️ Superseded by [2. Other](0002-other.md)\n",
    "Status: accepted\n",
    "* Status: proposed\n* Date: 2024-01-01\n",
    "- Status: accepted\n",
    "**Status**: Accepted - 2025-07-28\n",
    "| Status | Date |\n| --- | --- |\n| Accepted | 2024-01-01 |\n",
    "```\n## Status\n\nRejected\n```\n",
    "## Context\n\nSome text with `code` and [a link](x.md).\n",
    "## Links\n\n- Relates to [2. Other](0002-other.md)\n",
    "## Changelog\n\n- 2024-01-01: First draft\n",
    "> ## Status\n>\n> Accepted\n",
    "Accepted (tracked in\n[#12](https://example.invalid/12))\n",
    "Date: 05/02/2018\n",
    "<div>\n## Status\n</div>\n",
    "## Status\n",
    "🦀 naïve 日本語\n",
];

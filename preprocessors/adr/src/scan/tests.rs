use super::relations::{RelationKind, Target};
use super::*;
use handbook_core::apply_splices;
use handbook_core::splice::Splice;

fn scan(path: &str, text: &str) -> Decision {
    let chapter = Chapter::synthetic("t", path, text);
    scan_chapter(0, &chapter, &MarkdownOptions::default(), &StatusWords::default())
        .unwrap_or_else(|| panic!("{path} is not read as a decision"))
}

fn shown(text: &str, d: &Decision) -> String {
    let splices: Vec<Splice> = d.hidden.iter().map(|r| Splice::new(r.clone(), "")).collect();
    apply_splices(text, &splices).unwrap()
}

fn status(d: &Decision) -> (&str, Option<&str>) {
    let s = d.status.as_ref().map(|s| &s.value);
    (
        s.map_or("", |s| s.written.as_str()),
        s.and_then(|s| s.normalized.as_deref()),
    )
}

fn kinds(d: &Decision) -> Vec<(RelationKind, &str)> {
    d.relations.iter().map(|r| (r.kind, r.target.written())).collect()
}

#[test]
fn nygard_adr_tools_with_supercedes_and_two_targets() {
    let text = "# 12. Use Postgres\n\nDate: 05/02/2018\n\n## Status\n\nSuperseded by [ADR031](0031-a.md) and [ADR034](0034-b.md)\n\nSupercedes [3. Use MySQL](0003-use-mysql.md)\n\n## Context\n\nWe store.\n";
    let d = scan("adr/0012-use-postgres.md", text);
    assert_eq!(d.number, Some(12));
    assert_eq!(d.title.as_ref().map(|t| t.value.as_str()), Some("Use Postgres"));
    // `05/02/2018` alone: 5 February or May 2; the folder's dates settle it, or nothing does.
    let date = d.date.as_ref().map(|x| x.value.clone());
    assert_eq!(date.as_ref().and_then(|x| x.date), None);
    assert_eq!(
        date.and_then(|x| x.ambiguous)
            .map(|[a, b]| [a.to_string(), b.to_string()]),
        Some(["2018-02-05".to_owned(), "2018-05-02".to_owned()])
    );
    assert_eq!(status(&d), ("Superseded", Some("superseded")));
    assert_eq!(
        kinds(&d),
        [
            (RelationKind::SupersededBy, "0031-a.md"),
            (RelationKind::SupersededBy, "0034-b.md"),
            (RelationKind::Supersedes, "0003-use-mysql.md")
        ]
    );
    assert_eq!(d.formats, [Format::Nygard]);
    assert_eq!(shown(text, &d), "# 12. Use Postgres\n\n\n## Context\n\nWe store.\n");
    assert_eq!(d.card_at, "# 12. Use Postgres\n".len());
}

#[test]
fn status_prose_stays_and_its_heading_too() {
    let text = "# 2. X\n\n## Status\n\nAccepted\n\nWe agreed on this after a long review of all the options we had at the time, twice over.\n\n## Context\n";
    let d = scan("adr/0002-x.md", text);
    assert_eq!(status(&d), ("Accepted", Some("accepted")));
    assert!(
        shown(text, &d).contains("## Status\n\n\nWe agreed"),
        "{}",
        shown(text, &d)
    );
}

#[test]
fn madr2_list_lines() {
    let text = "# Use Markdown\n\n* Status: superseded by [ADR-0005](0005-example.md)\n* Deciders: Ana, Bo and Carl\n* Date: 2018-09-15\n\nTechnical Story: [ticket](http://x)\n\n## Context\n";
    let d = scan("docs/adr/0004-use-markdown.md", text);
    assert_eq!(status(&d), ("superseded", Some("superseded")));
    assert_eq!(d.deciders, ["Ana", "Bo", "Carl"]);
    assert_eq!(kinds(&d), [(RelationKind::SupersededBy, "0005-example.md")]);
    assert_eq!(d.formats, [Format::Madr2]);
    assert_eq!(
        shown(text, &d),
        "# Use Markdown\n\n\nTechnical Story: [ticket](http://x)\n\n## Context\n"
    );
}

#[test]
fn madr3_front_matter_taken_off_by_the_core() {
    let raw = "---\nstatus: \"accepted; supersedes ADR-0045\"\ndate: 2024-03\ndecision-makers: [Ana, Bo]\nconsulted: Carl\ninformed: everyone\n---\n# Use Rust\n\nBody.\n";
    let d = scan("decisions/0046-use-rust.md", raw);
    // Lines count the front matter, as the file does.
    assert_eq!(
        d.title.as_ref().map(|t| (t.value.as_str(), t.line)),
        Some(("Use Rust", 8))
    );
    assert_eq!(d.status.as_ref().map(|s| s.line), Some(2));
    assert_eq!(status(&d), ("accepted", Some("accepted")));
    assert_eq!(d.date.as_ref().map(|x| x.value.written.as_str()), Some("2024-03"));
    assert_eq!(
        (d.deciders.len(), d.consulted.as_slice(), d.informed.as_slice()),
        (2, &["Carl".to_owned()][..], &["everyone".to_owned()][..])
    );
    assert_eq!(
        d.relations.first().map(|r| (&r.target, r.line)),
        Some((
            &Target::Number {
                number: 45,
                written: "ADR-0045".into()
            },
            2
        ))
    );
    assert!(d.hidden.is_empty());
    assert_eq!(d.formats, [Format::FrontMatter]);
}

#[test]
fn log4brains_with_links_section_and_date_id() {
    let text = "# Use Postgres\n\n- Status: accepted\n- Deciders: Ana\n- Tags: storage, sql\n\n## Context\n\nX.\n\n## Links\n\n- Supersedes [20190101-use-mysql](20190101-use-mysql.md)\n- [A blog post](https://example.invalid)\n";
    let d = scan("adr/20200101-use-postgres.md", text);
    assert_eq!(d.number, None);
    assert_eq!(d.tags, ["storage", "sql"]);
    assert_eq!(d.date.as_ref().map(|x| x.value.written.as_str()), Some("2020-01-01"));
    assert_eq!(kinds(&d), [(RelationKind::Supersedes, "20190101-use-mysql.md")]);
    assert_eq!(d.formats, [Format::Log4brains]);
    assert!(shown(text, &d).ends_with("## Links\n\n- [A blog post](https://example.invalid)\n"));
}

#[test]
fn bold_header_at_the_top_with_variants() {
    let text = "# ADR-015: Token auth\n\n**Status**: ✅ Accepted\\\n**Date:** January 15, 2024\n- **Decision Makers**: Ana\n**Consulted**: Bo\n**Supersedes**: ADR-008 (Session-based Authentication)\n**Related**: ADR-012 (API Security), ADR-014 (Multi-region Deployment)\n**Version**: 2\n\n## Context\n";
    let d = scan("adr/0015-token-auth.md", text);
    assert_eq!(status(&d), ("✅ Accepted", Some("accepted")));
    assert_eq!(
        d.date.as_ref().map(|x| x.value.date.map(|d| d.to_string())),
        Some(Some("2024-01-15".into()))
    );
    assert_eq!(d.deciders, ["Ana"]);
    assert_eq!(
        kinds(&d),
        [
            (RelationKind::Supersedes, "ADR-008"),
            (RelationKind::Relates, "ADR-012"),
            (RelationKind::Relates, "ADR-014")
        ]
    );
    assert_eq!(d.title_number.as_ref().map(|n| n.value), Some(15));
    assert_eq!(
        shown(text, &d),
        "# ADR-015: Token auth\n\n**Version**: 2\n\n## Context\n"
    );
}

#[test]
fn bold_header_at_the_bottom_takes_its_rule_along() {
    let text = "# Caching\n\nWe cache.\n\n---\n\n**Status**: Deprecated\n**Date**: 2023-05-02\n";
    let d = scan("decisions/0003-caching.md", text);
    assert_eq!(status(&d), ("Deprecated", Some("deprecated")));
    assert_eq!(shown(text, &d), "# Caching\n\nWe cache.\n\n\n");
    assert_eq!(d.formats, [Format::BoldHeader]);
}

#[test]
fn tendermint_changelog_and_status() {
    let text = "# ADR 071: Proposer-based timestamps\n\n## Changelog\n\n- 2021-07-15: Second draft\n- 2021-06-01: Initial draft\n\n## Status\n\nImplemented\n\n## Context\n";
    let d = scan("docs/architecture/adr-071-proposer-based-timestamps.md", text);
    assert_eq!((d.number, d.file_number), (Some(71), Some(71)));
    assert_eq!(status(&d), ("Implemented", Some("accepted")));
    assert_eq!(
        d.date.as_ref().map(|x| (x.value.written.as_str(), x.line)),
        Some(("2021-06-01", 6))
    );
    assert!(d.formats.contains(&Format::Tendermint));
    assert!(shown(text, &d).contains("## Changelog\n\n- 2021-07-15"));
}

#[test]
fn emoji_status_with_relation_and_crlf() {
    let text = "# 3. Old\r\n\r\n## Status\r\n\r\n⌛️ Superseded by [ADR-12](0012-x.md)\r\n\r\n## Context\r\n";
    let d = scan("adr/0003-old.md", text);
    assert_eq!(status(&d), ("⌛️ Superseded", Some("superseded")));
    assert_eq!(shown(text, &d), "# 3. Old\r\n\r\n## Context\r\n");
}

#[test]
fn pages_that_say_nothing_are_not_decisions() {
    let chapter = Chapter::synthetic("t", "adr/notes.md", "# Notes\n\nHow we write ADRs.\n");
    assert!(scan_chapter(0, &chapter, &MarkdownOptions::default(), &StatusWords::default()).is_none());
    let d = scan("adr/0009-empty.md", "");
    assert!(d.title.is_none() && d.status.is_none() && d.number == Some(9));
}

#[test]
fn status_in_code_is_not_read() {
    let text = "# 4. X\n\n```\n## Status\n\nAccepted\n```\n";
    let d = scan("adr/0004-x.md", text);
    assert!(d.status.is_none() && d.hidden.is_empty());
}

#[test]
fn file_numbers_and_date_ids() {
    assert_eq!(file_number("0012-x"), Some(12));
    assert_eq!(file_number("adr-012-x"), Some(12));
    assert_eq!(file_number("ADR_7"), Some(7));
    assert_eq!(file_number("20200101-x"), None);
    assert_eq!(file_number("2020-roadmap"), Some(2020));
    assert_eq!(file_number("use-x"), None);
    assert!(date_id("20200101-x").is_some() && date_id("12345678-x").is_none());
}

/// A field is read as the reader sees it: `&lt;` is one `<`, not a `;`-separated
/// `&lt` plus `hb-evil&gt` (found by the hostile corpus, tests/hostile/inject-adr).
#[test]
fn character_references_in_fields_are_decoded_not_split() {
    let text =
        "# 3. Bold\n\n**Status**: Proposed &lt;beta&gt;\n**Deciders**: &lt;Ana&gt;, Bo &amp; Cy; Dee\n\n## Context\n";
    let d = scan("decisions/0003-bold.md", text);
    assert_eq!(status(&d).0, "Proposed <beta>");
    assert_eq!(d.deciders, ["<Ana>", "Bo & Cy", "Dee"]);
    let text = "# 2. Nygard\n\nDate: 2024-02-01\n\n## Status\n\nAccepted &#39;quoted&#39;; supersedes [1. x](0001-x.md)\n\n## Context\n";
    let d = scan("decisions/0002-nygard.md", text);
    assert_eq!(status(&d), ("Accepted 'quoted'", Some("accepted")));
    assert_eq!(kinds(&d), [(RelationKind::Supersedes, "0001-x.md")]);
}

#[test]
fn a_key_value_table_whose_header_row_is_the_status() {
    let text = "# RFC 001: Handler for flows\n\n| Status | Accepted |\n|--------|----------|\n| **Author** | Ana |\n| **Created** | 2026-02-17 |\n\n## Summary\n\nText.\n";
    let d = scan("adr/rfc-001-handler.md", text);
    assert_eq!(status(&d), ("Accepted", Some("accepted")));
    assert_eq!(d.deciders, ["Ana"]);
    assert_eq!(
        d.date.as_ref().and_then(|x| x.value.date.map(|d| d.to_string())),
        Some("2026-02-17".into())
    );
    assert!(d.formats.contains(&Format::Table));
    assert_eq!(
        shown(text, &d),
        "# RFC 001: Handler for flows\n\n\n## Summary\n\nText.\n"
    );
}

#[test]
fn a_table_under_a_later_heading_is_not_metadata() {
    let text = "# 3. Sessions\n\n* Status: proposed\n\n## Schema\n\n| Column | Type |\n|---|---|\n| STATUS | TEXT |\n| DATE | TEXT |\n";
    let d = scan("adr/0003-sessions.md", text);
    assert_eq!(status(&d), ("proposed", Some("proposed")));
    assert!(d.date.is_none());
    assert!(!d.formats.contains(&Format::Table));
}

#[test]
fn a_lead_paragraph_above_the_block_but_not_prose_status() {
    let text = "# ADR-A01: Object service\n\nModel calls go through one object.\n\n**Status:** Accepted\n**Date:** 2025-10-02\n\n## Context\n";
    let d = scan("adr/adr-a01-object-service.md", text);
    assert_eq!(status(&d), ("Accepted", Some("accepted")));
    let prose = "# 4. Caching\n\nWe discussed it.\n\nMore prose here.\n\n**Status:** Accepted\n\n## Context\n";
    let d = scan("adr/0004-caching.md", prose);
    assert!(
        d.status.is_none(),
        "a status after two paragraphs of prose is not the block"
    );
}

#[test]
fn a_template_choice_with_one_marked_in_bold_is_that_status() {
    let text = "# 5. Routen\n\n## Status\n\nVorgeschlagen | **Akzeptiert** | Abgelehnt\n\n## Kontext\n\nText.\n";
    let d = scan("adr/0005-routen.md", text);
    assert_eq!(status(&d), ("Akzeptiert", Some("accepted")));
    let unmarked = scan("adr/0005-routen.md", &text.replace("**", ""));
    assert_eq!(unmarked.status.map(|s| s.value.word), None);
}

use super::*;

fn scan_one(content: &str, settings: &Settings, today: &str) -> (Page, Vec<String>) {
    let ctx = Context::new("/b".into(), "html", "0.5.4", serde_json::json!({}));
    let chapters = [Chapter::synthetic("Page", "guide/page.md", content)];
    let today = date::parse_date(today).map(|d| d.date);
    let mut ds = Diagnostics::new();
    let pages = Scanner::new(&ctx, settings, today, &chapters).scan(&chapters, &mut ds);
    let messages = ds.iter().map(ToString::to_string).collect();
    (pages.into_iter().next().unwrap_or_else(|| panic!("no page")), messages)
}

#[test]
fn the_configured_review_period_applies_when_the_page_gives_none() {
    let settings = Settings {
        review_every: Some("1 year".to_owned()),
        ..Settings::default()
    };
    let (page, warnings) = scan_one("# T\n\n**Last reviewed**: 2025-01-15\n", &settings, "2026-01-31");
    let review = page.review.unwrap_or_else(|| panic!("no review date"));
    assert_eq!(
        (review.due.to_string(), review.overdue),
        ("2026-01-15".to_owned(), true)
    );
    assert_eq!(
        warnings,
        ["src/guide/page.md:3: warning[status-review-overdue]: `Page` was due for review on 2026-01-15"]
    );
}

/// `**Status**: Draft &lt;beta&gt;` is the word `Draft <beta>`, as the card shows it,
/// not `Draft &lt;beta&gt;` escaped once more in the badge (tests/hostile/inject-status).
#[test]
fn a_header_status_is_read_as_the_reader_sees_it() {
    let (page, _) = scan_one(
        "# T\n\n**Status**: Draft &lt;beta&gt;\n",
        &Settings::default(),
        "2026-01-31",
    );
    let status = page.status.unwrap_or_else(|| panic!("no status"));
    assert_eq!(
        (status.written.as_str(), status.normalized.as_deref()),
        ("Draft <beta>", Some("draft"))
    );
}

#[test]
fn header_block_first_then_front_matter_and_wrapped_badges() {
    let text = "---\nowner: Ana\nstatus: draft\n---\n# T\n\n**Status**: {{#status Accepted}}\n**Audience**: all\n\nBody {{#status draft}}\n";
    let (page, warnings) = scan_one(text, &Settings::default(), "2026-01-31");
    let facts: Vec<_> = page
        .facts
        .iter()
        .map(|f| (f.label.as_str(), f.value.as_str(), f.line))
        .collect();
    assert_eq!(
        facts,
        [
            ("Status", "{{#status Accepted}}", 7),
            ("Audience", "all", 8),
            ("Owner", "Ana", 2)
        ]
    );
    assert_eq!(page.lifecycle(), Some("accepted"));
    assert_eq!(
        page.badges.len(),
        1,
        "the badge in the header value is part of the card"
    );
    assert!(matches!(page.placement, Some(Placement::Replace(_))));
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn skipped_pages_get_no_card_but_keep_inline_badges() {
    let settings = Settings {
        skip: handbook_core::glob::GlobList::new(&["guide/**"]).unwrap(),
        ..Settings::default()
    };
    let (page, _) = scan_one(
        "# T\n\n**Status**: Draft\n\n{{#status draft}}\n",
        &settings,
        "2026-01-31",
    );
    assert!(page.skipped && page.placement.is_none() && page.facts.is_empty());
    assert_eq!(page.badges.len(), 1);
}

/// `reviewed:` means what drift reads: a date or the commit the page was
/// checked against. README's drift example (`reviewed: <commit>`) must not
/// warn here (issue 33); a value that is neither still does.
#[test]
fn a_reviewed_commit_is_no_unreadable_date() {
    let settings = Settings {
        review_every: Some("1 year".to_owned()),
        ..Settings::default()
    };
    for page in [
        "---\nreviewed: 3f2a1c9\n---\n# T\n",
        "---\nlast-reviewed: 3F2A1C9E0B\n---\n# T\n",
        "# T\n\n**Reviewed**: `3f2a1c9`\n",
    ] {
        let (scanned, warnings) = scan_one(page, &settings, "2026-01-31");
        assert_eq!(warnings, Vec::<String>::new(), "{page}");
        assert!(scanned.review.is_none(), "a commit gives no due date: {page}");
    }
    let (_, warnings) = scan_one("---\nreviewed: soon\n---\n# T\n", &settings, "2026-01-31");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("warning[status-unreadable-date]") && warnings[0].contains("nor a commit"),
        "{warnings:?}"
    );
}

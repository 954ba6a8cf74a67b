//! mdbook-handbook-status inside real mdBook 0.5 builds (mdbook-driver),
//! configured by the path of the built binary as a user's book.toml would.

use crate::harness;

use harness::TestBook;

const BINARY: &str = env!("CARGO_BIN_EXE_mdbook-handbook");

const HOME: &str =
    "# Handbook\n\n**Status**: Current\\\n**Owner**: Docs team\\\n**Next review**: 2026-06-01\n\nWelcome.\n";
const OLD_API: &str = "---\nstatus: deprecated\nsuperseded-by: ../api.md\nowner: API team\nnext-review: 2025-12-01\n---\n\
                       # Old API\n\nUse the new one.\n";
const API: &str = "# API\n\n- **Status**: Stable\n- **Owner**: API team\n- **Last updated**: 2026-01-10\n- **Next review**: 2026-09-01\n\n\
                   | Part | State |\n|---|---|\n| Reads | {{#status stable}} |\n| Writes | {{#status Experimental}} |\n\n\
                   `{{#status draft}}` stays code.\n";
const ADR: &str = "# 1. Use ADRs\n\n**Status**: Accepted\n**Date**: 2024-01-01\n\nDecided.\n";
const DASHBOARD: &str = "# Status\n\n{{#status-report}}\n";

/// A small book with `today` fixed at 2026-01-31: the old API page is overdue.
fn book(extra_config: &str, command: &str) -> TestBook {
    let mut book = TestBook::new();
    book.chapter(0, "Handbook", "README.md", HOME)
        .chapter(0, "API", "api.md", API)
        .chapter(1, "Old API", "guide/old-api.md", OLD_API)
        .chapter(0, "Use ADRs", "decisions/0001-use-adrs.md", ADR)
        .chapter(0, "Status", "status.md", DASHBOARD);
    book.preprocessor_binary("handbook-status", command)
        .toml(&format!("today = \"2026-01-31\"\n{extra_config}"));
    book
}

#[test]
fn html_pages_get_cards_banners_badges_and_a_dashboard() {
    let built = book("", BINARY).build();

    let home = built.main("index.html");
    assert!(
        home.contains("<div class=\"hb-card hb-page-card\" data-status=\"current\">"),
        "{home}"
    );
    let text = built.visible_text("index.html");
    assert_eq!(
        text.matches("Docs team").count(),
        1,
        "the header block shows twice: {text}"
    );
    assert!(!text.contains("**"), "{text}");

    let old = built.main("guide/old-api.html");
    assert!(
        old.contains("<strong>Deprecated:</strong>") && old.contains("<strong>Overdue for review:</strong>"),
        "{old}"
    );
    assert!(
        old.contains("Replaced by <a href=\"../api.html\" dir=\"auto\">API</a>"),
        "{old}"
    );
    assert!(
        !built.visible_text("guide/old-api.html").contains("superseded-by"),
        "front matter shows"
    );
    harness::assert_links_resolve(&built.out, "guide/old-api.html", &old);
    // The banner moved the page's lines; the map of them stays in memory, out of the page.
    assert!(!old.contains("mdbook-handbook:"), "{old}");
    assert!(!harness::search_index(&built.out).contains("mdbook-handbook:"));

    let api = built.main("api.html");
    assert!(
        api.contains("<td><span class=\"hb-badge\" data-status=\"stable\" title=\"stable\">Stable</span></td>"),
        "{api}"
    );
    assert!(
        api.contains("data-status=\"experimental\">Experimental</span>"),
        "{api}"
    );
    assert!(api.contains("<code>{{#status draft}}</code>"), "{api}");
    assert!(
        !api.contains("class=\"hb-banner\""),
        "a stable page got a banner: {api}"
    );
    assert!(
        built.page("api.html").contains(&handbook_core::html::inline_assets("")),
        "no stylesheet"
    );

    let adr = built.main("decisions/0001-use-adrs.html");
    assert!(
        !adr.contains("class=\"hb-card hb-page-card\"") && adr.contains("Accepted"),
        "ADR pages are handbook-adr's: {adr}"
    );

    let dashboard = built.main("status.html");
    let rows: Vec<&str> = dashboard.split("<tr").skip(2).collect();
    assert_eq!(rows.len(), 3, "{dashboard}");
    assert!(
        rows[0].contains("Old API") && rows[0].contains("overdue"),
        "overdue first: {dashboard}"
    );
    assert!(!dashboard.contains("Use ADRs"), "decision records are not listed");
    harness::assert_links_resolve(&built.out, "status.html", &dashboard);

    let print = built.page("print.html");
    assert!(
        print.contains("class=\"hb-card hb-page-card\"") && print.contains("<div class=\"hb-status-report\">"),
        "print page"
    );
}

#[test]
fn the_environment_fixes_today_over_the_config() {
    let built = book("", &format!("env MDBOOK_HANDBOOK_TODAY=2026-12-01 {BINARY}")).build();
    let api = built.main("api.html");
    assert!(
        api.contains("<strong>Overdue for review:</strong> This page was due for review on 2026-09-01."),
        "{api}"
    );
    let built = book("", BINARY).build();
    assert!(!built.main("api.html").contains("Overdue"));
}

#[test]
fn other_renderers_get_plain_text() {
    let mut b = book("", BINARY);
    b.toml("[output.markdown]\n");
    let built = b.build();
    let markdown = built.out.parent().unwrap_or(&built.out).join("markdown");
    let read = |p: &str| std::fs::read_to_string(markdown.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let old = read("guide/old-api.md");
    assert!(
        old.contains("> **Deprecated:**") && old.contains("Replaced by [API](<../api.md>)."),
        "{old}"
    );
    assert!(old.contains("**Status:** [Deprecated]"), "{old}");
    let api = read("api.md");
    assert!(api.contains("| Reads | [Stable] |") && !api.contains("<span"), "{api}");
    let dashboard = read("status.md");
    assert!(
        dashboard.contains("| [Old API](<guide/old-api.md>) | [Deprecated] |"),
        "{dashboard}"
    );
    assert!(
        built.main("api.html").contains("<span class=\"hb-badge\""),
        "html still gets HTML"
    );
}

#[test]
fn bad_input_warns_and_deny_warnings_fails_the_build() {
    let mut b = book("", BINARY);
    b.chapter(
        0,
        "Odd",
        "odd.md",
        "# Odd\n\n**Status**: Frobnicated\n**Next review**: soon\n",
    );
    let built = b.build();
    let odd = built.main("odd.html");
    assert!(
        odd.contains("data-status=\"unknown\">Frobnicated</span>") && odd.contains("<dd>soon</dd>"),
        "{odd}"
    );

    let mut strict = book("deny-warnings = true\n", BINARY);
    strict.chapter(0, "Odd", "odd.md", "# Odd\n\n**Status**: Frobnicated\n");
    assert!(
        strict.try_build().is_err(),
        "warnings must fail the build under deny-warnings"
    );

    let bad = book(
        "palette = { current = { text = \"white\", background = \"#000\" } }\n",
        BINARY,
    );
    assert!(
        bad.try_build().is_err(),
        "a palette colour that is not a colour is an error"
    );
}

/// The project's own handbook: built with the binary, it must show the
/// feature on its real pages and, with `deny-warnings` added, build with no warning.
#[test]
fn book_example_shows_page_status() {
    let example = |today_env: Option<&str>| {
        let mut book = TestBook::copy_of(&harness::repo_root().join("book-example"));
        book.with_suite_binaries();
        let path = book.root().join("book.toml");
        let mut table: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or_else(|e| panic!("book.toml: {e}"));
        let suite = table
            .get_mut("preprocessor")
            .and_then(|p| p.get_mut("handbook"))
            .and_then(toml::Value::as_table_mut)
            .unwrap_or_else(|| panic!("book-example has no [preprocessor.handbook]"));
        match today_env {
            None => {
                let status = suite
                    .get_mut("status")
                    .and_then(toml::Value::as_table_mut)
                    .unwrap_or_else(|| panic!("book-example has no [preprocessor.handbook.status]"));
                status.insert("deny-warnings".into(), toml::Value::Boolean(true));
            }
            Some(today) => {
                let command = format!("env MDBOOK_HANDBOOK_TODAY={today} {BINARY}");
                suite.insert("command".into(), toml::Value::String(command));
            }
        }
        book.file("book.toml", &toml::to_string(&table).unwrap_or_default());
        book.build()
    };

    let built = example(None);
    let overview = built.main("overview.html");
    assert!(
        overview.contains("class=\"hb-card hb-page-card\"") && overview.contains("data-status=\"current\""),
        "{overview}"
    );
    let deprecated = built.main("hand-kept-states.html");
    assert!(deprecated.contains("<strong>Deprecated:</strong>"), "{deprecated}");
    assert!(
        deprecated.contains("Replaced by <a href=\"status.html\" dir=\"auto\">Page status</a>"),
        "{deprecated}"
    );
    let draft = built.main("security.html");
    assert!(draft.contains("<strong>Draft:</strong>"), "{draft}");
    let components = built.main("components/index.html");
    assert!(
        components.contains("data-status=\"current\">Exists</span>"),
        "{components}"
    );
    let deployment = built.visible_text("deployment.html");
    assert_eq!(
        deployment.matches("mdbook-handbook developers").count(),
        1,
        "{deployment}"
    );
    let dashboard = built.main("status.html");
    for page in ["Overview", "Security notes", "Deployment", "Hand-kept page states"] {
        assert!(
            dashboard.contains(&format!(">{page}</a>")),
            "{page} missing from the dashboard"
        );
    }
    assert!(
        !dashboard.contains("overdue</strong>"),
        "nothing is overdue under book.toml's today"
    );
    assert!(
        !built
            .main("decisions/0004-deliver-the-suites-css-inline.html")
            .contains("class=\"hb-card hb-page-card\"")
    );
    harness::assert_links_resolve(&built.out, "status.html", &dashboard);

    // Under a later today, the security notes (reviewed every 3 months) are overdue.
    let later = example(Some("2027-03-10"));
    let security = later.main("security.html");
    assert!(
        security.contains("<strong>Overdue for review:</strong> This page was due for review on 2027-03-07."),
        "{security}"
    );
    let dashboard = later.main("status.html");
    let first_row = dashboard.split("<tr").nth(2).unwrap_or_default();
    assert!(
        first_row.contains("Security notes") && first_row.contains("overdue"),
        "{dashboard}"
    );
}

/// The palette is the book's: badges handbook-adr draws (its card and decision
/// log) take it as status's own do, when status runs after adr.
#[test]
fn the_palette_is_one_css_rule_for_every_badge_of_its_word() {
    let mut book = TestBook::new();
    book.chapter(0, "Decisions", "decisions/README.md", "# Decisions\n\n{{#adr-index}}\n")
        .chapter(1, "Use ADRs", "decisions/0001-use-adrs.md", ADR)
        .chapter(0, "API", "api.md", "# API\n\nReads are {{#status accepted}}.\n");
    book.toml(&format!(
        "[preprocessor.handbook]\ncommand = {BINARY:?}\nonly = [\"adr\", \"status\"]\n\
         [preprocessor.handbook.status]\ntoday = \"2026-01-31\"\n\
         [preprocessor.handbook.status.palette]\naccepted = {{ text = \"#ffffff\", background = \"#0b5d1e\" }}\n"
    ));
    let built = book.build();
    // One CSS rule colours every badge of the word, whoever drew it; no markup is edited.
    let rule = ".hb-badge[data-status=\"accepted\"] { color: #ffffff; background: #0b5d1e; }";
    for page in ["decisions/index.html", "decisions/0001-use-adrs.html", "api.html"] {
        let html = built.main(page);
        assert!(
            html.contains(rule),
            "{page}: the palette's rule is not in the page's stylesheet: {html}"
        );
        assert!(
            html.contains("<span class=\"hb-badge\" data-status=\"accepted\""),
            "{page}: no badge for the rule to colour: {html}"
        );
        assert!(!html.contains("style=\"color:"), "{page}: a badge was edited: {html}");
    }
}

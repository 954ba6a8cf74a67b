//! mdbook-handbook-glossary inside real mdBook 0.5 builds (mdbook-driver),
//! configured by the path of the built binary as a user's book.toml would.

use crate::harness;

use harness::TestBook;

const BINARY: &str = env!("CARGO_BIN_EXE_mdbook-handbook");

const GLOSSARY: &str = "# Glossary\n\nTTL\n: Time to live.\n\nAPI gateway\n: The front door.\n\nAPI\n: Application programming \
                        interface: x < y & \"more\".\n\nRPS\nRequests per second\n\
                        : Load.\n\nWAF\n: Never used.\n";

fn sample_book() -> TestBook {
    let mut book = TestBook::new();
    book.chapter(0, "Intro", "intro.md", "# Intro\n\nThe API gateway and the API, and the API again.\n")
        .chapter(
            0,
            "Core",
            "components/core.md",
            "# Core and the API\n\nRequests per second and `API` in code.\n\n- A TTL\n  in a list.\n\n{{#term api|the interface}}\n",
        )
        .chapter(0, "Glossary", "glossary.md", GLOSSARY);
    book
}

#[test]
fn terms_link_to_the_glossary_with_tooltips_and_back_links() {
    let mut book = sample_book();
    book.preprocessor_binary("handbook-glossary", BINARY);
    let built = book.build();

    let intro = built.main("intro.html");
    assert!(
        intro.contains("href=\"glossary.html#term-api-gateway\"") && intro.contains("href=\"glossary.html#term-api\""),
        "{intro}"
    );
    assert_eq!(
        intro.matches("class=\"hb-term\"").count(),
        2,
        "first occurrence only: {intro}"
    );
    assert!(
        intro.contains("title=\"Application programming interface: x &lt; y &amp; “more”.\""),
        "tooltip: {intro}"
    );
    assert!(
        built
            .visible_text("intro.html")
            .contains("The API gateway and the API, and the API again.")
    );

    let core = built.main("components/core.html");
    assert!(
        core.contains("href=\"../glossary.html#term-requests-per-second\""),
        "{core}"
    );
    assert!(
        core.contains("href=\"../glossary.html#term-ttl\""),
        "wrapped list item: {core}"
    );
    assert!(core.contains(">the interface</abbr>"), "explicit reference: {core}");
    assert!(core.contains("<code>API</code>"), "code changed: {core}");
    let heading = &core[core.find("<h1").unwrap_or(0)..core.find("</h1>").unwrap_or(0)];
    assert!(!heading.contains("hb-term"), "heading linked: {heading}");

    let glossary = built.main("glossary.html");
    for anchor in [
        "term-ttl",
        "term-api-gateway",
        "term-api",
        "term-rps",
        "term-requests-per-second",
        "term-waf",
    ] {
        assert!(
            glossary.contains(&format!("id=\"{anchor}\"")),
            "no anchor {anchor}: {glossary}"
        );
    }
    let order: Vec<usize> = ["term-api\"", "term-api-gateway", "term-rps", "term-ttl", "term-waf"]
        .iter()
        .map(|a| glossary.find(a).unwrap_or(usize::MAX))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "entries not sorted: {order:?}");
    assert!(
        glossary.contains("<dl>") && glossary.contains("<dd>"),
        "the definition list is mdBook's: {glossary}"
    );
    let text = built.visible_text("glossary.html");
    assert!(text.contains("Used on: Intro, Core"), "{text}");
    assert!(glossary.contains("href=\"components/core.html\""), "{glossary}");
    assert!(text.contains("interface: x &lt; y &amp; “more”."), "{text}");
}

#[test]
fn other_chapters_without_terms_are_unchanged() {
    let plain = {
        let mut book = TestBook::new();
        book.chapter(
            0,
            "Plain",
            "plain.md",
            "# Plain\n\nNo glossary words | here.\n\n```\nAPI\n```\n",
        )
        .chapter(0, "Glossary", "glossary.md", GLOSSARY);
        book.build()
    };
    let mut book = TestBook::new();
    book.chapter(
        0,
        "Plain",
        "plain.md",
        "# Plain\n\nNo glossary words | here.\n\n```\nAPI\n```\n",
    )
    .chapter(0, "Glossary", "glossary.md", GLOSSARY);
    book.preprocessor_binary("handbook-glossary", BINARY);
    let built = book.build();
    assert_eq!(built.main("plain.html"), plain.main("plain.html"));
}

#[test]
fn an_unknown_term_fails_the_build_under_deny_warnings() {
    let mut book = TestBook::new();
    book.chapter(0, "Page", "page.md", "# Page\n\n{{#term Nope}}\n")
        .chapter(0, "Glossary", "glossary.md", GLOSSARY);
    book.preprocessor_binary("handbook-glossary", BINARY)
        .toml("deny-warnings = true\n");
    let err = book.try_build().err().unwrap_or_default();
    assert!(!err.is_empty(), "the build should fail");
}

#[test]
fn book_example_links_its_own_glossary() {
    let mut book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    book.with_suite_binaries();
    let built = book.build();
    let glossary = built.main("glossary.html");
    assert!(
        glossary.matches("class=\"hb-term-anchor\"").count() >= 25,
        "fewer than 25 terms"
    );
    assert!(
        built.visible_text("glossary.html").contains("Used on:"),
        "no back-links"
    );
    let overview = built.main("overview.html");
    assert!(
        overview.contains("class=\"hb-term\" href=\"glossary.html#term-"),
        "overview links no term"
    );
    let core = built.main("components/core.html");
    assert!(
        core.contains("href=\"../glossary.html#term-"),
        "components/core links no term"
    );
}

/// A book whose glossary is written in one style, and a page using its term.
fn styled_book(glossary_path: &str, glossary: &str) -> harness::Built {
    let mut book = TestBook::new();
    book.chapter(
        0,
        "Checkout",
        "checkout.md",
        "# Checkout\n\nThe API gateway admits 500 RPS.\n",
    )
    .chapter(0, "Reference", glossary_path, glossary);
    book.preprocessor_binary("handbook-glossary", BINARY);
    book.build()
}

/// The term on another page links to its anchor with the definition as a
/// tooltip, the anchor exists on the glossary page, and "Used on" links back.
fn assert_linked(built: &harness::Built, glossary_html: &str, style: &str) {
    let page = built.main("checkout.html");
    let href = format!("href=\"{glossary_html}#term-api-gateway\"");
    assert!(page.contains(&href), "{style}: no link {href}: {page}");
    assert!(
        page.contains("title=\"The single entry point for clients.\""),
        "{style}: no tooltip: {page}"
    );
    harness::assert_links_resolve(&built.out, "checkout.html", &page);
    let glossary = built.main(glossary_html);
    assert!(
        glossary.contains("id=\"term-api-gateway\""),
        "{style}: no anchor: {glossary}"
    );
    assert!(
        glossary.contains("<a href=\"checkout.html\""),
        "{style}: no back-link: {glossary}"
    );
    assert!(
        built.visible_text(glossary_html).contains("Used on: Checkout"),
        "{style}: {}",
        built.visible_text(glossary_html)
    );
}

#[test]
fn every_glossary_style_links_with_tooltips_and_back_links() {
    let styles = [
        (
            "headings",
            "# Glossary\n\n## API gateway\n\nThe single entry point for *clients*.\n\n## RPS\n\nRequests per second.\n",
        ),
        (
            "table",
            "# Glossary\n\n| Term | Definition |\n|---|---|\n| API gateway | The single entry point for *clients*. |\n| RPS | Requests per second. |\n",
        ),
        (
            "bold bullets",
            "# Glossary\n\n- **API gateway**: The single entry point for *clients*.\n- **RPS** – Requests per second.\n",
        ),
        (
            "plain bullets",
            "# Glossary\n\n- API gateway: The single entry point for *clients*.\n- RPS: Requests per second.\n",
        ),
        (
            "definition list",
            "# Glossary\n\nAPI gateway\n: The single entry point for *clients*.\n\nRPS\n: Requests per second.\n",
        ),
    ];
    for (style, glossary) in styles {
        let built = styled_book("glossary.md", glossary);
        assert_linked(&built, "glossary.html", style);
        let table = built.main("glossary.html");
        if style == "table" {
            assert!(table.contains("<table>"), "the table stays a table: {table}");
        }
    }
}

/// The architecture document's appendix holds the glossary, as the template
/// this suite grew from writes it: found with no configuration.
#[test]
fn a_glossary_section_in_an_architecture_page_works_without_configuration() {
    let architecture = "# Architecture\n\nThe checkout runs behind the API gateway.\n\n## Appendix\n\n### Glossary\n\n\
                        - API gateway: The single entry point for *clients*.\n- RPS: Requests per second.\n\n\
                        ### Change Log\n\nNothing yet.\n";
    let built = styled_book("architecture.md", architecture);
    assert_linked(&built, "architecture.html", "section");
    let page = built.main("architecture.html");
    assert!(
        page.contains("href=\"architecture.html#term-api-gateway\""),
        "the page's own prose is linked: {page}"
    );
    let prose = &page[..page.find("id=\"appendix\"").unwrap_or(page.len())];
    assert_eq!(prose.matches("hb-term-anchor").count(), 0, "{prose}");
}

/// Math that MathJax reads in the built page keeps every byte: no link
/// inside `$$…$$`, `$…$` or `\(…\)`, and the first use of a term in prose
/// after the math is the page's link.
#[test]
fn no_link_inside_math_with_mathjax_on() {
    let mut book = TestBook::new();
    book.chapter(
        0,
        "Rates",
        "rates.md",
        "# Rates\n\n$$\n\\text{API rate} \\le 10\n$$\n\nInline \\\\( rate_{API} \\\\) and $API$ too.\n\nThe API has a rate.\n",
    )
    .chapter(
        0,
        "Glossary",
        "glossary.md",
        "# Glossary\n\nAPI\n: Application programming interface.\n\nrate\n: How often.\n",
    );
    // Lands in the harness's `[output.html]`, before the suite's tables.
    book.toml("mathjax-support = true\n")
        .preprocessor_binary("handbook-glossary", BINARY)
        // `rate` is an ordinary word (ADR 37); this test is about math.
        .toml("ordinary-words = \"link\"\n");
    let built = book.build();
    let page = built.main("rates.html");
    for math in [
        "<p>$$\n\\text{API rate} \\le 10\n$$</p>",
        "\\( rate_{API} \\) and $API$ too.",
    ] {
        assert!(page.contains(math), "math as MathJax reads it: {math}\n{page}");
    }
    assert_eq!(page.matches("class=\"hb-term\"").count(), 2, "{page}");
    let prose = &page[page.find("The ").unwrap_or(0)..];
    assert!(
        prose.contains("href=\"glossary.html#term-api\"") && prose.contains("href=\"glossary.html#term-rate\""),
        "the first prose use is the link: {page}"
    );
}

/// `Glossary.md` with a capital G is the book's glossary, before the
/// "## Glossary" sections of two other pages, which are no ambiguity: the
/// build passes under `deny-warnings`.
#[test]
fn a_capital_g_glossary_chapter_is_the_books_glossary() {
    let mut book = TestBook::new();
    book.chapter(
        0,
        "Intro",
        "intro.md",
        "# Intro\n\nA block.\n\n## Glossary\n\n- **Local**: Intro's own.\n",
    )
    .chapter(
        0,
        "More",
        "more.md",
        "# More\n\nA block.\n\n## Glossary\n\n- **Other**: More's own.\n",
    )
    .chapter(
        0,
        "Glossary",
        "Glossary.md",
        "# Glossary\n\nBlock\n: A batch of transactions.\n",
    );
    // `Block` is an ordinary word (ADR 37); this test is about which glossary.
    book.preprocessor_binary("handbook-glossary", BINARY)
        .toml("deny-warnings = true\nordinary-words = \"link\"\n");
    let built = book
        .try_build()
        .unwrap_or_else(|e| panic!("a warning failed the build: {e}"));
    for page in ["intro.html", "more.html"] {
        let html = built.main(page);
        assert!(html.contains("href=\"Glossary.html#term-block\""), "{page}: {html}");
        harness::assert_links_resolve(&built.out, page, &html);
    }
    assert!(built.main("Glossary.html").contains("id=\"term-block\""));
}

/// Terms link at their first use on a page (an entry's synonyms share it),
/// across sections; `link = "every"` links each use.
#[test]
fn first_use_per_page_by_default_every_use_on_request() {
    let page = "# Load\n\nRequests per second, or RPS, and the API.\n\n## Later\n\nRPS and the API again.\n";
    let glossary = "# Glossary\n\nRPS\nRequests per second\n: Load.\n\nAPI\n: Interface.\n";
    let build = |mode: Option<&str>| {
        let mut book = TestBook::new();
        book.chapter(0, "Load", "load.md", page)
            .chapter(0, "Glossary", "glossary.md", glossary);
        book.preprocessor_binary("handbook-glossary", BINARY);
        if let Some(mode) = mode {
            book.toml(&format!("link = {mode:?}\n"));
        }
        book.build().main("load.html")
    };
    let first = build(None);
    assert_eq!(first.matches("class=\"hb-term\"").count(), 2, "{first}");
    assert!(first.contains("term-requests-per-second\""), "{first}");
    let every = build(Some("every"));
    assert_eq!(every.matches("class=\"hb-term\"").count(), 5, "{every}");
}

//! handbook-diagrams inside real mdBook 0.5 builds, through the built binary:
//! every kind becomes an inline SVG figure, the source stays out of the page
//! and the search index, and the book-example draws its own structure.
//! `dot`, `plantuml` and `d2` must be installed (see .ci/run): these tests fail without them.

mod harness;

use harness::TestBook;

const PAGE: &str = r#"# Diagrams

Intro text.

```svgbob title="Context" alt="An author writes pages; mdBook builds them"
+--------+       +--------+
| author |------>| mdBook |
+--------+       +--------+
```

```pikchr
box "core"; arrow; box "diagrams"
```

```mermaid caption="The chapter pipeline"
sequenceDiagram
  participant M as mdBook
  participant P as preprocessor
  M->>P: context and book
  P-->>M: book
```

```dot
digraph deps { rankdir=LR; core -> diagrams; }
```

```plantuml
@startuml
[handbook-core] --> [handbook-diagrams]
@enduml
```

```d2
core -> cache: entries
```

Outro text.
"#;

fn book() -> TestBook {
    let mut book = TestBook::new();
    book.chapter(0, "Diagrams", "diagrams.md", PAGE)
        .chapter(0, "Plain", "plain.md", "# Plain\n\n```text\n+--+\n```\n")
        .preprocessor_binary("handbook-diagrams", env!("CARGO_BIN_EXE_mdbook-handbook-diagrams"));
    book
}

#[test]
fn every_kind_becomes_an_inline_svg_figure() {
    let built = book().build();
    let main = built.main("diagrams.html");
    assert_eq!(
        main.matches("<figure class=\"hb-figure hb-diagram").count(),
        6,
        "{main}"
    );
    assert_eq!(main.matches("<svg").count(), main.matches("</svg>").count());
    for kind in ["svgbob", "pikchr", "mermaid", "dot", "plantuml", "d2"] {
        assert!(main.contains(&format!("data-kind=\"{kind}\"")), "{kind} missing");
        assert!(
            !main.contains(&format!("language-{kind}")),
            "{kind} left as a code block"
        );
    }
    assert!(main.contains("aria-label=\"An author writes pages; mdBook builds them\""));
    assert!(main.contains("<figcaption><strong>Context</strong></figcaption>"));
    assert!(main.contains("<figcaption>The chapter pipeline</figcaption>"));
    let text = built.visible_text("diagrams.html");
    for label in [
        "author",
        "core",
        "diagrams",
        "context and book",
        "handbook-core",
        "entries",
        "Outro text.",
    ] {
        assert!(text.contains(label), "`{label}` not visible");
    }
    // mdBook 0.5 re-serialises raw HTML: the figure must survive as one block.
    assert!(
        !main.contains("<p><svg") && !main.contains("&lt;svg"),
        "the SVG was parsed as markdown"
    );
    assert_eq!(built.main("plain.html"), book_without_diagrams().main("plain.html"));
}

fn book_without_diagrams() -> harness::Built {
    let mut book = TestBook::new();
    book.chapter(0, "Diagrams", "diagrams.md", "# Diagrams\n").chapter(
        0,
        "Plain",
        "plain.md",
        "# Plain\n\n```text\n+--+\n```\n",
    );
    book.build()
}

/// mdBook 0.5 indexes the text of raw HTML (all but `<script>` and `<style>`):
/// a figure's labels are searchable like a caption, its source never is.
#[test]
fn the_diagram_source_stays_out_of_the_search_index() {
    let built = book().build();
    let index = harness::search_index(&built.out);
    for source_only in [
        "digraph",
        "rankdir",
        "sequencediagram",
        "@startuml",
        "->>",
        "---->",
        "box \\\"core",
    ] {
        assert!(!index.contains(source_only), "`{source_only}` is in the search index");
    }
    assert!(
        index.contains("author") && index.contains("handbook-core"),
        "labels are searchable"
    );
}

#[test]
fn book_example_draws_its_own_structure_with_every_kind() {
    let mut book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    book.with_suite_binaries();
    let built = book.build();
    let mut kinds = std::collections::BTreeSet::new();
    for page in [
        "overview.html",
        "components/index.html",
        "components/preprocessors.html",
        "data-flow.html",
        "deployment.html",
    ] {
        let main = built.main(page);
        for kind in ["svgbob", "pikchr", "mermaid", "dot", "plantuml", "d2"] {
            if main.contains(&format!("data-kind=\"{kind}\"")) {
                kinds.insert(kind);
            }
        }
        assert!(
            !main.contains("class=\"hb-diagram-note\""),
            "{page}: a diagram was not rendered"
        );
    }
    assert_eq!(kinds.len(), 6, "book-example draws with {kinds:?}");
    let overview = built.visible_text("overview.html");
    assert!(
        overview.contains("preprocessor") && !overview.contains("+----------+"),
        "the context box art is not drawn"
    );
}

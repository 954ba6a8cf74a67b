//! handbook-diagrams inside real mdBook 0.5 builds, through the built binary:
//! every kind becomes an inline SVG figure, the source stays out of the page
//! and the search index, and the book-example draws its own structure.
//! `dot`, `plantuml` and `d2` must be installed (see .ci/run): these tests fail without them.

use crate::browser;
use crate::harness;

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
        .preprocessor_binary("handbook-diagrams", env!("CARGO_BIN_EXE_mdbook-handbook"));
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

const BROWSER_PAGE: &str = "# Flows\n\nBefore.\n\n```mermaid title=\"Order lifecycle\"\nflowchart LR\n  placed[Placed order] --> paid\n\n  paid --> shipped\n```\n\nAfter the figure.\n\n```dot\ndigraph { core -> diagrams }\n```\n";

/// A book with `mermaid = "browser"`, set up by the real `mdbook-handbook install`.
fn browser_book() -> harness::Built {
    let mut draft = TestBook::new();
    draft
        .chapter(0, "Flows", "flows.md", BROWSER_PAGE)
        .preprocessor_binary("handbook-diagrams", env!("CARGO_BIN_EXE_mdbook-handbook"))
        .toml("mermaid = \"browser\"\n");
    draft.load();
    let install = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .arg("install")
        .arg(draft.root())
        .args(["--only", "diagrams"])
        .output()
        .unwrap_or_else(|e| panic!("mdbook-handbook install: {e}"));
    let said = String::from_utf8_lossy(&install.stderr);
    assert!(install.status.success() && said.contains("wrote Mermaid"), "{said}");
    // A copy keeps the book.toml install wrote (a fresh TestBook would rewrite it).
    TestBook::copy_of(draft.root()).build()
}

#[test]
fn browser_mode_ships_mermaids_script_and_keeps_the_source_out_of_the_index() {
    let built = browser_book();
    let main = built.main("flows.html");
    assert_eq!(main.matches("data-hb-mermaid=").count(), 1, "{main}");
    assert!(!main.contains("language-mermaid"), "left as a code block: {main}");
    assert!(
        main.contains("<figcaption><strong>Order lifecycle</strong></figcaption>"),
        "{main}"
    );
    assert!(
        main.contains("data-kind=\"dot\""),
        "other kinds are still drawn at build time"
    );
    let text = built.visible_text("flows.html");
    assert!(text.contains("Before.") && text.contains("After the figure."), "{text}");
    assert!(!text.contains("flowchart"), "the source is not page text: {text}");
    let page = built.page("flows.html");
    // mdBook 0.5 puts a content hash into the name: `mdbook-handbook-mermaid-5e23701c.min.js`.
    let scripts: Vec<&str> = page
        .split("<script src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|s| s.starts_with("mdbook-handbook-mermaid"))
        .collect();
    assert_eq!(scripts.len(), 2, "{scripts:?}");
    for (loaded, file) in scripts.iter().zip(handbook_diagrams::browser::SCRIPT_FILES) {
        let (stem, ext) = file.split_once('.').unwrap_or((file, ""));
        assert!(loaded.starts_with(stem) && loaded.ends_with(ext), "{loaded} for {file}");
        assert!(built.out.join(loaded).is_file(), "{loaded} is not in the output");
    }
    let index = harness::search_index(&built.out);
    for source_only in ["flowchart", "placed order", "shipped"] {
        assert!(!index.contains(source_only), "`{source_only}` is in the search index");
    }
    assert!(index.contains("order lifecycle") && index.contains("after the figure"));
}

/// Mermaid itself draws the figure in headless Chromium, from file:// with
/// nothing loaded from anywhere else.
#[test]
fn browser_mode_draws_with_mermaid_in_a_real_browser() {
    let built = browser_book();
    let page = built.out.join("flows.html");
    let check = r#"
const figure = document.querySelector('figure[data-kind="mermaid"]');
const svg = figure && figure.querySelector('pre.mermaid svg');
const remote = performance.getEntriesByType('resource').map(r => r.name).filter(n => !n.startsWith('file:'));
return { svg: !!svg, role: svg ? svg.getAttribute('aria-roledescription') : null,
  labels: svg ? svg.textContent : '', remote, theme: window.mermaid ? mermaid.mermaidAPI.getConfig().theme : null };
"#;
    for (theme, expected) in [("light", "default"), ("coal", "dark")] {
        let ready = "return !!document.querySelector('figure[data-kind=\"mermaid\"] pre.mermaid svg');";
        let facts = browser::evaluate_when(&page, theme, ready, check);
        assert_eq!(facts["svg"], true, "{theme}: Mermaid drew no SVG: {facts}");
        assert_eq!(facts["role"], "flowchart-v2", "{facts}");
        let labels = facts["labels"].as_str().unwrap_or_default();
        assert!(labels.contains("Placed order") && labels.contains("shipped"), "{facts}");
        assert_eq!(
            facts["remote"],
            serde_json::json!([]),
            "loaded from outside the book: {facts}"
        );
        assert_eq!(facts["theme"], expected, "{facts}");
    }
    // Switching mdBook from a light to a dark theme draws again in Mermaid's dark theme.
    let switch = r#"
const svg = () => document.querySelector('figure[data-kind="mermaid"] pre.mermaid svg');
if (!window.hbFirst) { if (!svg()) return false; window.hbFirst = svg().outerHTML;
  document.documentElement.classList.replace('light', 'navy'); return false; }
return !!svg() && svg().outerHTML !== window.hbFirst;"#;
    let facts = browser::evaluate_when(&page, "light", switch, check);
    assert_eq!(
        (&facts["svg"], &facts["theme"]),
        (&true.into(), &"dark".into()),
        "{facts}"
    );
}

/// The cache a first build makes never shows in `git status` (its own `.gitignore`),
/// with no step of the author's: a real repository, a real build.
#[test]
fn the_diagram_cache_stays_out_of_git_status() {
    let mut book = TestBook::new();
    book.chapter(
        0,
        "Flow",
        "flow.md",
        "# Flow\n\n```mermaid\nflowchart LR\n  A --> B\n```\n",
    )
    .preprocessor_binary("handbook-diagrams", env!("CARGO_BIN_EXE_mdbook-handbook"));
    book.load();
    let root = book.root().to_path_buf();
    harness::git_as(&root, "A", "a@example.com", &["init", "-q"]);
    harness::git_as(&root, "A", "a@example.com", &["add", "-A"]);
    harness::git_as(&root, "A", "a@example.com", &["commit", "-qm", "book"]);
    let built = book.build();
    let entries = std::fs::read_dir(root.join(".handbook-cache/diagrams"))
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".svg"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(entries, 1, "the build cached its diagram");
    let status = std::process::Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=all"])
        .current_dir(&root)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("book/"), "git sees untracked files at all: {status}");
    assert!(!status.contains(".handbook-cache"), "{status}");
    drop(built);
}

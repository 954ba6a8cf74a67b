//! `mermaid = "browser"`: figures that hold the source for Mermaid's script,
//! one HTML block each, and a clear warning when the book lacks the script.

use crate::common;

use handbook_diagrams::browser::{SCRIPT_FILES, script_files};
use serde_json::{Value, json};
use std::path::Path;

fn config(listed: bool) -> Value {
    config_with(listed, json!({"mermaid": "browser"}))
}

fn config_with(listed: bool, diagrams: Value) -> Value {
    let js: Vec<&str> = if listed { SCRIPT_FILES.to_vec() } else { Vec::new() };
    json!({
        "book": {"src": "src"},
        "preprocessor": {"handbook": {"diagrams": diagrams}},
        "output": {"html": {"additional-js": js}},
    })
}

fn install(root: &Path) {
    for (name, text) in script_files() {
        std::fs::write(root.join(name), text).unwrap();
    }
}

const PAGE: &str = "# Flow\n\n- In a list:\n\n  ```mermaid title=\"A <b> & 'q'\"\n  flowchart LR\n    a[\"<script>x</script>\"] --> b\n\n    b --> c\n  ```\n- next\n\n```svgbob\n-->\n```\n";

#[test]
fn the_source_waits_in_one_html_block_for_mermaids_script() {
    let root = common::temp();
    install(root.path());
    let run = common::run_with_config(root.path(), config(true), &[("a.md", PAGE)], "html");
    assert!(run.diagnostics.is_empty(), "{:?}", run.messages());
    let out = handbook_core::html::collapse_assets(&run.chapters[0]);
    let expected = "# Flow\n\n- In a list:\n\n  <figure class=\"hb-figure hb-diagram hb-browser\" data-kind=\"mermaid\" role=\"img\" aria-label=\"A &lt;b&gt; &amp; &#39;q&#39;\">\n  <div class=\"hb-mermaid\" data-hb-mermaid=\"flowchart LR&#10;  a[&quot;#lt;script#gt;x#lt;/script#gt;&quot;] --&gt; b&#10;&#10;  b --&gt; c\"></div>\n  <figcaption><strong>A &lt;b&gt; &amp; &#39;q&#39;</strong></figcaption>\n  </figure>\n  \n- next\n\n";
    assert!(out.starts_with(expected), "{out}");
    // Other kinds are still drawn at build time.
    assert!(out.contains("data-kind=\"svgbob\"") && out.contains("<svg"), "{out}");
}

#[test]
fn without_the_script_the_blocks_stay_as_code_with_one_warning() {
    let root = common::temp();
    let page = "```mermaid\nflowchart LR\n  a --> b\n```\n\n```mermaid\nsequenceDiagram\n  a->>b: hi\n```\n";
    let run = common::run_with_config(root.path(), config(false), &[("a.md", page)], "html");
    let messages = run.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with(
            "src/a.md:1: warning[diagram-mermaid-script]: drawing Mermaid in the browser (`mermaid = \"browser\"`"
        ) && messages[0].contains("run `mdbook-handbook install`"),
        "{}",
        messages[0]
    );
    let out = &run.chapters[0];
    assert!(out.contains("```mermaid\nflowchart LR\n  a --> b\n```\n"), "{out}");
    assert_eq!(out.matches("mermaid diagram not rendered:").count(), 2, "{out}");

    // Listed but not written: still missing. Written by another version: drawn, with a warning.
    let listed = common::run_with_config(root.path(), config(true), &[("a.md", page)], "html");
    assert!(listed.messages()[0].contains("diagram-mermaid-script"));
    install(root.path());
    std::fs::write(root.path().join(SCRIPT_FILES[0]), "/* mdbook-handbook 0.0.1 */\n").unwrap();
    let outdated = common::run_with_config(root.path(), config(true), &[("a.md", page)], "html");
    assert_eq!(outdated.chapters[0].matches("data-hb-mermaid=").count(), 2);
    assert!(
        outdated.messages()[0].contains("another mdbook-handbook version"),
        "{:?}",
        outdated.messages()
    );
}

#[test]
fn an_unknown_mode_names_the_valid_ones() {
    let root = common::temp();
    let config = json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"diagrams": {"mermaid": "client"}}}});
    let ctx = handbook_core::protocol::Context::new(
        root.path().to_path_buf(),
        "html",
        handbook_core::protocol::BUILT_FOR_MDBOOK,
        config,
    );
    let book = handbook_core::ProtocolBook::from_value(json!({"items": []})).unwrap();
    let err = handbook_core::protocol::process(&handbook_diagrams::DiagramsPreprocessor, &ctx, book)
        .err()
        .map(|e| format!("{e:#}"))
        .unwrap_or_default();
    assert!(err.contains("`build`") && err.contains("`browser`"), "{err}");
}

/// `mermaid = "auto"`: merman draws what it can; what it cannot (math here) and
/// fences marked `draw=browser` go to Mermaid's script, with a note saying why.
#[test]
fn auto_draws_at_build_time_and_hands_the_rest_to_the_browser() {
    let root = common::temp();
    install(root.path());
    let page = "```mermaid\nflowchart LR\n  a --> b\n```\n\n```mermaid\nflowchart LR\n  m[\"$$x^2$$\"] --> n\n```\n\n```mermaid draw=browser\npie\n  \"a\" : 1\n```\n";
    let run = common::run_with_config(
        root.path(),
        config_with(true, json!({"mermaid": "auto"})),
        &[("a.md", page)],
        "html",
    );
    let out = &run.chapters[0];
    assert_eq!(out.matches("data-kind=\"mermaid\"").count(), 3, "{out}");
    assert_eq!(out.matches("data-hb-mermaid=").count(), 2, "{out}");
    assert!(out.contains("data-hb-mermaid=\"pie&#10;"), "{out}");
    let messages = run.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with(
            "src/a.md:6: info[diagram-mermaid-browser]: this flowchart diagram is drawn in the reader's browser"
        ) && messages[0].contains("math"),
        "{messages:?}"
    );
}

/// `mermaid = "build"` (the default): what merman cannot draw stays as code, and the
/// warning names the type, says why, and gives the book's real options.
#[test]
fn build_mode_says_what_the_book_can_do_about_an_undrawable_diagram() {
    let root = common::temp();
    let page = "```mermaid\nflowchart LR\n  m[\"$$x^2$$\"] --> n\n```\n";
    let run = common::run_with_config(root.path(), config_with(false, json!({})), &[("a.md", page)], "html");
    let messages = run.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let m = &messages[0];
    for said in [
        "this flowchart diagram",
        "math",
        "ADR 17",
        "draw=browser",
        "mermaid = \"auto\"",
        "mermaid = \"browser\"",
        "mdbook-handbook install",
    ] {
        assert!(m.contains(said), "`{said}` missing: {m}");
    }
    assert!(!m.contains("feature"), "{m}");
}

/// Tags in labels: text by default (`strict`, as Mermaid documents it), HTML with `loose`.
#[test]
fn labels_are_text_unless_the_book_says_loose() {
    let root = common::temp();
    let page = "```mermaid\nflowchart LR\n  a[\"<img src=x.png> <b>bold</b>\"] --> b[one<br>two]\n```\n";
    let strict = common::run_with_config(root.path(), config_with(false, json!({})), &[("a.md", page)], "html");
    let svg = strict.svgs(0).concat();
    assert!(!svg.contains("<img") && !svg.contains("<b>"), "{svg}");
    assert!(
        svg.contains("&lt;img src=x.png&gt;") && svg.contains("&lt;b&gt;bold&lt;/b&gt;"),
        "{svg}"
    );
    assert!(
        svg.contains("one<br />two") || svg.contains("one<br/>two"),
        "line breaks stay: {svg}"
    );
    let loose = common::run_with_config(
        root.path(),
        config_with(false, json!({"mermaid-security": "loose"})),
        &[("a.md", page)],
        "html",
    );
    let svg = loose.svgs(0).concat();
    assert!(
        svg.contains("<img src=\"x.png\"") && svg.contains("<b>bold</b>"),
        "{svg}"
    );
}

/// An ELK layout request is drawn with the default layout, and an info note says why.
#[test]
fn an_elk_layout_request_is_drawn_with_the_default_layout_and_said_so() {
    let root = common::temp();
    let page = "```mermaid\n---\nconfig:\n  layout: elk\n---\nflowchart LR\n  a --> b\n```\n";
    let run = common::run_with_config(root.path(), config_with(false, json!({})), &[("a.md", page)], "html");
    assert_eq!(run.svgs(0).len(), 1, "{:?}", run.chapters);
    let messages = run.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("src/a.md:1: info[diagram-mermaid-layout]:") && messages[0].contains("EPL-2.0"),
        "{messages:?}"
    );
}

//! Structural checks on every kind, drawn by the real renderers and programs:
//! well-formed XML, the expected labels, every id behind the diagram's
//! prefix, every `url(#...)` and `href="#..."` resolving inside its own SVG.
//! `dot`, `plantuml` and `d2` must be installed: these tests fail without them.

use crate::common;

use serde_json::json;

const SAMPLES: &[(&str, &str, &[&str])] = &[
    (
        "svgbob",
        "+--------+     +--------+\n| author |---->| mdBook |\n+--------+     +--------+\n",
        &["author", "mdBook"],
    ),
    (
        "pikchr",
        "box \"core\"; arrow; box \"diagrams\"\n",
        &["core", "diagrams"],
    ),
    (
        "mermaid",
        "flowchart LR\n  scan[Scan chapters] --> draw[Draw misses] --> splice[Splice figures]\n",
        &["Scan chapters", "Draw misses", "Splice figures"],
    ),
    (
        "mermaid",
        "sequenceDiagram\n  participant M as mdBook\n  participant P as preprocessor\n  M->>P: context and book\n  P-->>M: book\n",
        &["mdBook", "preprocessor", "context and book"],
    ),
    (
        "mermaid",
        "stateDiagram-v2\n  [*] --> Proposed\n  Proposed --> Accepted\n  Accepted --> Superseded\n",
        &["Proposed", "Accepted", "Superseded"],
    ),
    (
        "mermaid",
        "classDiagram\n  class Cache {\n    +get(key)\n    +put(key, svg)\n  }\n  Build --> Cache\n",
        &["Cache", "Build"],
    ),
    (
        "mermaid",
        "erDiagram\n  CHAPTER ||--o{ FENCE : contains\n  FENCE ||--|| ENTRY : \"cached as\"\n",
        &["CHAPTER", "FENCE", "ENTRY", "contains"],
    ),
    (
        "mermaid",
        "C4Context\n  title Handbook build\n  Person(author, \"Author\")\n  System(mdbook, \"mdBook\")\n  Rel(author, mdbook, \"runs\")\n",
        &["Author", "mdBook", "runs"],
    ),
    (
        "dot",
        "digraph deps { core -> diagrams; diagrams -> svgbob; }\n",
        &["core", "diagrams", "svgbob"],
    ),
    (
        "plantuml",
        "@startuml\n[handbook-core] --> [handbook-diagrams]\nnote right: draws figures\n@enduml\n",
        &["handbook-core", "handbook-diagrams", "draws figures"],
    ),
    ("plantuml", "Alice -> Bob: build\n", &["Alice", "Bob", "build"]),
    ("d2", "core -> diagrams: splices\n", &["core", "diagrams", "splices"]),
];

#[test]
fn every_kind_draws_clean_prefixed_self_contained_svg() {
    let root = common::temp();
    let chapters: Vec<(String, String)> = SAMPLES
        .iter()
        .enumerate()
        .map(|(i, (kind, source, _))| {
            (
                format!("c{i}.md"),
                format!("# {kind}\n\n```{kind}\n{source}```\n\nText.\n"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = chapters.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    let run = common::run(root.path(), json!({}), &refs);
    assert!(run.diagnostics.is_empty(), "{:#?}", run.messages());
    for (i, (kind, _, labels)) in SAMPLES.iter().enumerate() {
        let page = &run.chapters[i];
        assert!(!page.contains(&format!("```{kind}")), "{kind} #{i} was not drawn");
        let figure_start = page.find("<figure").unwrap_or_else(|| panic!("{kind} #{i}: no figure"));
        let figure_end = page.find("</figure>\n").unwrap_or(page.len());
        assert!(
            !page[figure_start..figure_end].contains("\n\n"),
            "{kind} #{i}: a blank line ends the HTML block"
        );
        let svgs = run.svgs(i);
        assert_eq!(svgs.len(), 1, "{kind} #{i}");
        check_svg(&format!("{kind} #{i}"), &svgs[0], labels);
    }
}

fn check_svg(what: &str, svg: &str, labels: &[&str]) {
    for noise in ["<?xml", "<!DOCTYPE", "<!--", "<![CDATA["] {
        assert!(!svg.contains(noise), "{what}: {noise} left in");
    }
    let doc = roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{what}: not well-formed XML: {e}"));
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    for label in labels {
        assert!(
            text.contains(label),
            "{what}: label `{label}` missing from the SVG text"
        );
    }
    let ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
    let prefix = ids
        .first()
        .map(|id| id.split('-').take(2).collect::<Vec<_>>().join("-") + "-");
    for id in &ids {
        let prefix = prefix.as_deref().unwrap_or_default();
        assert!(
            id.starts_with('d') && id.starts_with(prefix),
            "{what}: id `{id}` is not behind the prefix `{prefix}`"
        );
    }
    for reference in references(svg) {
        assert!(
            ids.contains(&reference.as_str()),
            "{what}: `#{reference}` does not resolve inside this SVG"
        );
    }
}

/// Targets of `url(#x)`, `href="#x"` and `xlink:href="#x"`.
fn references(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    for pattern in ["url(#", "url('#", "url(\"#", "href=\"#"] {
        for (at, _) in svg.match_indices(pattern) {
            let rest = &svg[at + pattern.len()..];
            let end = rest.find([')', '"', '\'']).unwrap_or(rest.len());
            out.push(rest[..end].to_owned());
        }
    }
    out
}

#[test]
fn two_pages_of_the_same_diagram_never_share_ids_within_a_page() {
    let root = common::temp();
    let page = "```dot\ndigraph g { a -> b }\n```\n\n```dot\ndigraph g { a -> b }\n```\n";
    let run = common::run(root.path(), json!({}), &[("a.md", page)]);
    let svgs = run.svgs(0);
    assert_eq!(svgs.len(), 2);
    let ids = |s: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(s).unwrap();
        doc.descendants()
            .filter_map(|n| n.attribute("id").map(str::to_owned))
            .collect()
    };
    let (a, b) = (ids(&svgs[0]), ids(&svgs[1]));
    assert!(!a.is_empty() && a.iter().all(|id| !b.contains(id)), "{a:?} / {b:?}");
}

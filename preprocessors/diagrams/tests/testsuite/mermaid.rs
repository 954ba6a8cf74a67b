//! How close merman's drawing is to Mermaid's, checked structurally without a
//! browser (the root test `mermaid_fidelity` compares against Mermaid's own
//! script in headless Chromium, for every type): for each diagram type the
//! SVG must carry Mermaid's own DOM vocabulary (`aria-roledescription`, node
//! and edge classes) with exactly as many nodes and edges as the source
//! declares, and every label. The evaluation is recorded in ADR 12.

use handbook_diagrams::draw;
use handbook_diagrams::kind::Kind;

struct Sample {
    source: &'static str,
    /// Mermaid's `aria-roledescription` for the type.
    role: &'static str,
    labels: &'static [&'static str],
    /// (class marking one node, count), (class marking one edge, count).
    nodes: (&'static str, usize),
    edges: (&'static str, usize),
}

const SAMPLES: &[Sample] = &[
    Sample {
        source: "flowchart LR\n  A[Scan] --> B{Cached?}\n  B -->|yes| C[Figure]\n  B -->|no| D[Draw] --> C\n",
        role: "flowchart-v2",
        labels: &["Scan", "Cached?", "Figure", "Draw", "yes", "no"],
        nodes: ("data-et=\"node\"", 4),
        edges: ("data-et=\"edge\"", 4),
    },
    Sample {
        source: "sequenceDiagram\n  participant M as mdBook\n  participant P as preprocessor\n  M->>P: context and book\n  P-->>M: book\n  P-)M: diagnostics\n",
        role: "sequence",
        labels: &["mdBook", "preprocessor", "context and book", "book", "diagnostics"],
        nodes: ("data-et=\"participant\"", 2),
        edges: ("data-et=\"message\"", 3),
    },
    Sample {
        source: "stateDiagram-v2\n  [*] --> Proposed\n  Proposed --> Accepted\n  Proposed --> Rejected\n  Accepted --> Superseded\n",
        role: "stateDiagram",
        labels: &["Proposed", "Accepted", "Rejected", "Superseded"],
        nodes: ("class=\"node statediagram-state\"", 4),
        edges: ("data-et=\"edge\"", 4),
    },
    Sample {
        source: "classDiagram\n  class Cache {\n    +get(key) Lookup\n    +put(key, svg)\n  }\n  class Build\n  Build --> Cache : uses\n",
        role: "classDiagram",
        labels: &["Cache", "Build", "uses"],
        nodes: ("class=\"node default\"", 2),
        edges: ("data-et=\"edge\"", 1),
    },
    Sample {
        source: "erDiagram\n  CHAPTER ||--o{ FENCE : contains\n  FENCE ||--|| ENTRY : \"cached as\"\n",
        role: "er",
        labels: &["CHAPTER", "FENCE", "ENTRY", "contains", "cached as"],
        nodes: ("class=\"node default\"", 3),
        edges: ("data-et=\"edge\"", 2),
    },
    Sample {
        source: "C4Context\n  title Handbook build\n  Person(author, \"Author\")\n  System(mdbook, \"mdBook\")\n  System_Ext(tools, \"dot, plantuml\")\n  Rel(author, mdbook, \"runs\")\n  Rel(mdbook, tools, \"starts\")\n",
        role: "c4",
        labels: &[
            "Author",
            "mdBook",
            "dot,",
            "plantuml",
            "runs",
            "starts",
            "Handbook build",
        ],
        nodes: ("class=\"node c4-shape", 3),
        edges: ("url(#merman-arrowhead)", 2),
    },
];

#[test]
fn merman_draws_what_mermaid_draws_structurally() {
    let drawn: Vec<String> = SAMPLES
        .iter()
        .map(|s| draw::in_process(Kind::Mermaid, s.source).unwrap_or_else(|e| panic!("{}: {e:?}", s.role)))
        .collect();
    if let Some(dir) = std::env::var_os("HB_MERMAID_OUT") {
        for (s, svg) in SAMPLES.iter().zip(&drawn) {
            let _ = std::fs::write(std::path::Path::new(&dir).join(format!("{}.svg", s.role)), svg);
        }
    }
    for (s, svg) in SAMPLES.iter().zip(&drawn) {
        assert!(
            svg.contains(&format!("aria-roledescription=\"{}\"", s.role)),
            "{}: role",
            s.role
        );
        for label in s.labels {
            assert!(svg.contains(label), "{}: label `{label}` missing", s.role);
        }
        let count = |needle: &str| svg.matches(needle).count();
        assert_eq!(count(s.nodes.0), s.nodes.1, "{}: nodes ({})", s.role, s.nodes.0);
        assert_eq!(count(s.edges.0), s.edges.1, "{}: edges ({})", s.role, s.edges.0);
    }
}

#[test]
fn merman_is_deterministic() {
    for s in SAMPLES {
        let a = draw::in_process(Kind::Mermaid, s.source);
        assert_eq!(a, draw::in_process(Kind::Mermaid, s.source), "{}", s.role);
    }
}

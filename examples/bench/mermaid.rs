//! `bench mermaid [--runs R]`: one diagram of each Mermaid type the suite
//! draws at build time (ADR 17), each in a one-chapter book run through
//! `mdbook-handbook-diagrams` as mdBook would: cold (empty cache: merman
//! draws) and warm (cached), with the protocol floor on the same book in the
//! same run; and merman's own drawing time in this process.

use super::{median, protocol_input, run_binary, time};

/// Small but real diagrams: a handful of nodes, edges, bars or slices each.
const TYPES: &[(&str, &str)] = &[
    (
        "flowchart",
        "flowchart LR\n  A[Scan] --> B{Cached?}\n  B -->|yes| C[Figure]\n  B -->|no| D[Draw] --> C\n",
    ),
    (
        "sequence",
        "sequenceDiagram\n  participant M as mdBook\n  participant P as preprocessor\n  M->>P: context and book\n  P-->>M: book\n",
    ),
    (
        "class",
        "classDiagram\n  class Cache {\n    +get(key) Lookup\n  }\n  Build --> Cache : uses\n",
    ),
    (
        "state",
        "stateDiagram-v2\n  [*] --> Proposed\n  Proposed --> Accepted\n  Accepted --> Superseded\n",
    ),
    (
        "er",
        "erDiagram\n  CHAPTER ||--o{ FENCE : contains\n  FENCE ||--|| ENTRY : \"cached as\"\n",
    ),
    (
        "c4",
        "C4Context\n  Person(author, \"Author\")\n  System(mdbook, \"mdBook\")\n  Rel(author, mdbook, \"runs\")\n",
    ),
    (
        "gantt",
        "gantt\n  dateFormat YYYY-MM-DD\n  section Round\n  Features :a1, 2026-11-29, 1d\n  Tests :a2, after a1, 2d\n",
    ),
    (
        "pie",
        "pie title Fences\n  \"mermaid\" : 12\n  \"dot\" : 5\n  \"plantuml\" : 3\n",
    ),
    (
        "mindmap",
        "mindmap\n  root((handbook))\n    adr\n    diagrams\n      mermaid\n      dot\n",
    ),
    (
        "journey",
        "journey\n  section Draft\n    Write ADR: 5: Author\n    Review: 3: Author, Reviewer\n",
    ),
    (
        "gitGraph",
        "gitGraph\n  commit\n  branch mermaid\n  commit\n  checkout main\n  merge mermaid\n",
    ),
    (
        "timeline",
        "timeline\n  2026-11-25 : First build : ADRs 1 to 14\n  2026-11-29 : ADR 17\n",
    ),
    ("block", "block-beta\n  columns 3\n  core diagrams adr\n"),
    (
        "architecture",
        "architecture-beta\n  group suite(cloud)[Suite]\n  service core(disk)[Core] in suite\n  service diagrams(server)[Diagrams] in suite\n  diagrams:L -- R:core\n",
    ),
    (
        "quadrantChart",
        "quadrantChart\n  x-axis Low --> High\n  y-axis Low --> High\n  Cache: [0.3, 0.8]\n  Themes: [0.7, 0.4]\n",
    ),
    ("sankey", "sankey-beta\nFences,Drawn,10\nFences,Browser,2\n"),
    (
        "xychart",
        "xychart-beta\n  x-axis [cold, warm]\n  y-axis 0 --> 10\n  bar [8, 1]\n",
    ),
    (
        "requirement",
        "requirementDiagram\n  requirement offline {\n    id: 1\n    text: no network\n  }\n  element cache {\n    type: module\n  }\n  cache - satisfies -> offline\n",
    ),
    (
        "kanban",
        "kanban\n  todo[To do]\n    t1[Fidelity test]\n  done[Done]\n    t2[Features]\n",
    ),
    (
        "packet",
        "packet-beta\n  0-15: \"Source port\"\n  16-31: \"Destination port\"\n",
    ),
    (
        "radar",
        "radar-beta\n  axis a[\"Speed\"], b[\"Safety\"], c[\"Docs\"]\n  curve x[\"Suite\"]{4, 5, 3}\n",
    ),
    (
        "treemap",
        "treemap-beta\n\"Crates\"\n    \"core\": 10\n    \"diagrams\": 20\n",
    ),
];

pub(crate) fn bench(args: &[String]) -> Result<(), String> {
    let runs = match args {
        [] => 9,
        [flag, n] if flag == "--runs" => n.parse::<usize>().map_err(|e| format!("--runs: {e}"))?.max(1),
        _ => return Err("usage: bench mermaid [--runs R]".to_owned()),
    };
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let ours = super::suite_binary("mdbook-handbook")?;
    println!("one Mermaid diagram per type, one-chapter book, medians of {runs} runs (cold: 3), ms\n");
    println!(
        "{:<14} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10}",
        "type", "floor", "cold", "x floor", "warm", "x floor", "merman"
    );
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    for (name, source) in TYPES {
        let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
        let root = temp.path();
        std::fs::create_dir_all(root.join("src")).map_err(|e| e.to_string())?;
        let write = |path: &str, text: &str| std::fs::write(root.join(path), text).map_err(|e| e.to_string());
        write("book.toml", "[book]\ntitle = \"Mermaid type\"\nlanguage = \"en\"\n")?;
        write("src/SUMMARY.md", "# Summary\n\n- [Diagram](diagram.md)\n")?;
        write("src/diagram.md", &format!("# {name}\n\n```mermaid\n{source}```\n"))?;
        let input = super::with_only(&protocol_input(root)?, "diagrams")?;
        let floor = median(&time(runs, || run_binary(&me, &["floor"], &input))?);
        let cache = root.join(".handbook-cache");
        let cold = median(&time(runs.min(3), || {
            let _ = std::fs::remove_dir_all(&cache);
            run_binary(&ours, &[], &input)
        })?);
        let warm = median(&time(runs, || run_binary(&ours, &[], &input))?);
        let drawn = time(runs, || {
            handbook_diagrams::draw::in_process(handbook_diagrams::kind::Kind::Mermaid, source)
                .map(drop)
                .map_err(|e| format!("{name}: {e:?}"))
        })?;
        println!(
            "{name:<14} {:>8.1} {:>8.1} {:>8.2} {:>8.1} {:>8.2} {:>10.2}",
            ms(floor),
            ms(cold),
            ms(cold) / ms(floor).max(1e-9),
            ms(warm),
            ms(warm) / ms(floor).max(1e-9),
            ms(median(&drawn))
        );
    }
    println!("\nmerman: drawing only, in this process (no protocol, no cache)");
    Ok(())
}

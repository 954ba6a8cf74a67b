//! merman against Mermaid itself (ADR 17): one diagram of every Mermaid type
//! the suite draws at build time, drawn twice on one page: by merman (in
//! process, as a build does) and by the vendored Mermaid 11 script in
//! headless Chromium. Every label of the source must be in both pictures, and
//! both must have the same number of each counted element (nodes, edges, bars,
//! slices, ...), the number the source declares. Known differences in counts
//! go in [`Count::differs`] with the reason; none is known for these samples
//! with merman 0.10.0-alpha.1 and Mermaid 11.17.2.
//!
//! Not compared, and known to differ: positions and sizes (merman measures text
//! with its own font metrics, so gantt's `width-...` classes and every
//! coordinate differ by a few pixels), random ids (gitGraph's commit hashes),
//! and whitespace inside `class` attributes (Mermaid writes `node  statediagram-state`).

use crate::browser;
use crate::harness;

use handbook_diagrams::draw;
use handbook_diagrams::kind::Kind;
use serde_json::{Value, json};

struct Sample {
    name: &'static str,
    source: &'static str,
    labels: &'static [&'static str],
    counts: &'static [Count],
}

/// Elements matching `selector` (CSS, inside the diagram's `<svg>`): `expected` in both pictures.
struct Count {
    what: &'static str,
    selector: &'static str,
    expected: usize,
    /// `(merman, Mermaid, why)` where the two are known to differ.
    differs: Option<(usize, usize, &'static str)>,
}

const fn count(what: &'static str, selector: &'static str, expected: usize) -> Count {
    Count {
        what,
        selector,
        expected,
        differs: None,
    }
}

const SAMPLES: &[Sample] = &[
    Sample {
        name: "flowchart",
        source: "flowchart LR\n  A[Scan] --> B{Cached?}\n  B -->|yes| C[Figure]\n  B -->|no| D[Draw] --> C\n",
        labels: &["Scan", "Cached?", "Figure", "Draw", "yes", "no"],
        counts: &[count("nodes", "g.node", 4), count("edges", "path.flowchart-link", 4)],
    },
    Sample {
        name: "sequence",
        source: "sequenceDiagram\n  participant M as mdBook\n  participant P as preprocessor\n  M->>P: context and book\n  P-->>M: book\n  P-)M: diagnostics\n",
        labels: &["mdBook", "preprocessor", "context and book", "book", "diagnostics"],
        counts: &[
            count("participants", "rect.actor-top", 2),
            count("messages", "text.messageText", 3),
        ],
    },
    Sample {
        name: "class",
        source: "classDiagram\n  class Cache {\n    +get(key) Lookup\n    +put(key, svg)\n  }\n  class Build\n  Build --> Cache : uses\n",
        labels: &["Cache", "Build", "uses", "+get(key)", "Lookup", "+put(key, svg)"],
        counts: &[count("classes", "g.node", 2), count("relations", "path.relation", 1)],
    },
    Sample {
        name: "state",
        source: "stateDiagram-v2\n  [*] --> Proposed\n  Proposed --> Accepted\n  Proposed --> Rejected\n  Accepted --> Superseded\n",
        labels: &["Proposed", "Accepted", "Rejected", "Superseded"],
        counts: &[
            count("states", "g.node.statediagram-state", 4),
            count("transitions", "path.transition", 4),
        ],
    },
    Sample {
        name: "er",
        source: "erDiagram\n  CHAPTER ||--o{ FENCE : contains\n  FENCE ||--|| ENTRY : \"cached as\"\n",
        labels: &["CHAPTER", "FENCE", "ENTRY", "contains", "cached as"],
        counts: &[
            count("entities", "g.node", 3),
            count("relationships", "path.relationshipLine", 2),
        ],
    },
    Sample {
        name: "c4",
        source: "C4Context\n  title Handbook build\n  Person(author, \"Author\")\n  System(mdbook, \"mdBook\")\n  Rel(author, mdbook, \"runs\")\n",
        labels: &["Handbook build", "Author", "mdBook", "runs"],
        counts: &[count("elements", "g.c4-name", 2)],
    },
    Sample {
        name: "gantt",
        source: "gantt\n  title Round plan\n  dateFormat YYYY-MM-DD\n  section Mermaid\n  Features on :a1, 2026-11-29, 1d\n  Fidelity test :a2, after a1, 1d\n  section Docs\n  ADR :a3, after a1, 1d\n",
        labels: &["Round plan", "Mermaid", "Docs", "Features on", "Fidelity test", "ADR"],
        // One section band per task row, in both.
        counts: &[count("bars", "rect.task", 3), count("section bands", "rect.section", 3)],
    },
    Sample {
        name: "pie",
        source: "pie title Fences by kind\n  \"mermaid\" : 12\n  \"dot\" : 5\n  \"plantuml\" : 3\n",
        labels: &["Fences by kind", "mermaid", "dot", "plantuml"],
        counts: &[
            count("slices", "path.pieCircle", 3),
            count("legend entries", "g.legend", 3),
        ],
    },
    Sample {
        name: "mindmap",
        source: "mindmap\n  root((handbook))\n    adr\n    diagrams\n      mermaid\n      dot\n",
        labels: &["handbook", "adr", "diagrams", "mermaid", "dot"],
        counts: &[count("nodes", "g.mindmap-node", 5), count("edges", "path.edge", 4)],
    },
    Sample {
        name: "journey",
        source: "journey\n  title Write a decision\n  section Draft\n    Write ADR: 5: Author\n    Review: 3: Author, Reviewer\n",
        labels: &["Write a decision", "Draft", "Write ADR", "Review", "Author", "Reviewer"],
        counts: &[count("tasks", "rect.task", 2), count("faces", "circle.face", 2)],
    },
    Sample {
        name: "gitGraph",
        source: "gitGraph\n  commit id: \"init\"\n  branch mermaid\n  commit id: \"features\"\n  checkout main\n  merge mermaid\n",
        labels: &["init", "features", "main", "mermaid"],
        // Three commits; the merge commit is two circles (ring and dot), in both.
        counts: &[
            count("commit circles", "circle.commit", 4),
            count("branches", "g.branchLabel", 2),
        ],
    },
    Sample {
        name: "timeline",
        source: "timeline\n  title Handbook history\n  October : ADR log\n  November : Diagrams : Mermaid\n",
        labels: &[
            "Handbook history",
            "October",
            "ADR log",
            "November",
            "Diagrams",
            "Mermaid",
        ],
        counts: &[
            count("periods and events", "g.timeline-node", 5),
            count("events", "g.eventWrapper", 3),
        ],
    },
    Sample {
        name: "block",
        source: "block-beta\n  columns 3\n  core diagrams adr\n",
        labels: &["core", "diagrams", "adr"],
        counts: &[count("blocks", "g.node", 3)],
    },
    Sample {
        name: "architecture",
        source: "architecture-beta\n  group suite(cloud)[Suite]\n  service core(disk)[Core] in suite\n  service diagrams(server)[Diagrams] in suite\n  diagrams:L -- R:core\n",
        labels: &["Suite", "Core", "Diagrams"],
        counts: &[
            count("services", "g.architecture-service", 2),
            count("edges", "g.architecture-edges path.edge", 1),
        ],
    },
    Sample {
        name: "quadrantChart",
        source: "quadrantChart\n  title Effort and value\n  x-axis Low effort --> High effort\n  y-axis Low value --> High value\n  quadrant-1 Plan\n  quadrant-2 Do now\n  quadrant-3 Drop\n  quadrant-4 Maybe\n  Cache: [0.3, 0.8]\n  Themes: [0.7, 0.4]\n",
        labels: &[
            "Effort and value",
            "Plan",
            "Do now",
            "Drop",
            "Maybe",
            "Cache",
            "Themes",
            "Low effort",
            "High value",
        ],
        counts: &[count("points", "g.data-point", 2), count("quadrants", "g.quadrant", 4)],
    },
    Sample {
        name: "sankey",
        source: "sankey-beta\nFences,Drawn,10\nFences,Browser,2\n",
        labels: &["Fences", "Drawn", "Browser"],
        counts: &[count("nodes", "g.node", 3), count("links", "g.link", 2)],
    },
    Sample {
        name: "xychart",
        source: "xychart-beta\n  title \"Build seconds\"\n  x-axis [cold, warm]\n  y-axis \"seconds\" 0 --> 10\n  bar [8, 1]\n",
        labels: &["Build seconds", "cold", "warm", "seconds"],
        counts: &[count("bars", "g.bar-plot-0 rect", 2)],
    },
    Sample {
        name: "requirement",
        source: "requirementDiagram\n  requirement offline {\n    id: 1\n    text: no network\n    risk: high\n    verifymethod: test\n  }\n  element cache {\n    type: module\n  }\n  cache - satisfies -> offline\n",
        labels: &["offline", "no network", "cache", "module", "satisfies"],
        counts: &[
            count("boxes", "g.node", 2),
            count("relations", "path.relationshipLine", 1),
        ],
    },
    Sample {
        name: "kanban",
        source: "kanban\n  todo[To do]\n    t1[Fidelity test]\n  done[Done]\n    t2[Features]\n",
        labels: &["To do", "Fidelity test", "Done", "Features"],
        counts: &[count("cards", "g.node", 2), count("columns", "g.cluster-label", 2)],
    },
    Sample {
        name: "packet",
        source: "packet-beta\n  0-15: \"Source port\"\n  16-31: \"Destination port\"\n",
        labels: &["Source port", "Destination port"],
        counts: &[count("fields", "rect.packetBlock", 2)],
    },
    Sample {
        name: "radar",
        source: "radar-beta\n  axis a[\"Speed\"], b[\"Safety\"], c[\"Docs\"]\n  curve x[\"Suite\"]{4, 5, 3}\n",
        labels: &["Speed", "Safety", "Docs", "Suite"],
        counts: &[
            count("axes", "line.radarAxisLine", 3),
            count("curves", "path[class^=radarCurve]", 1),
        ],
    },
    Sample {
        name: "treemap",
        source: "treemap-beta\n\"Crates\"\n    \"core\": 10\n    \"diagrams\": 20\n",
        labels: &["Crates", "core", "diagrams"],
        counts: &[
            count("leaves", "rect.treemapLeaf", 2),
            count("sections", "g.treemapSection", 2),
        ],
    },
];

/// The page: for each sample, merman's SVG and a `<pre class="mermaid">` for the script,
/// drawn one after another; `window.hbDone` when Mermaid is through.
fn page(dir: &std::path::Path, diagrams: &[(&str, &str)]) -> std::path::PathBuf {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/preprocessors/diagrams/assets/mermaid.min.js"
    );
    std::fs::copy(script, dir.join("mermaid.min.js")).unwrap_or_else(|e| panic!("{script}: {e}"));
    let mut body = String::new();
    for (name, source) in diagrams {
        let svg = draw::in_process(Kind::Mermaid, source).unwrap_or_else(|e| panic!("{name}: merman: {e:?}"));
        body.push_str(&format!(
            "<div class=\"merman\" data-name=\"{name}\">{svg}</div>\n<pre class=\"mermaid\" data-name=\"{name}\">{}</pre>\n",
            handbook_core::html::escape(source)
        ));
    }
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><script src=\"mermaid.min.js\"></script></head><body>\n{body}\
         <script>mermaid.initialize({{startOnLoad:false,securityLevel:'strict'}});\
         (async()=>{{window.hbErrors=[];for(const pre of document.querySelectorAll('pre.mermaid')){{\
         try{{await mermaid.run({{nodes:[pre]}})}}catch(e){{hbErrors.push(pre.dataset.name+': '+e)}}}}window.hbDone=true}})();</script>\
         </body></html>"
    );
    let path = dir.join("fidelity.html");
    std::fs::write(&path, html).unwrap();
    path
}

/// JS: per sample, each picture's text (whitespace removed: renderers wrap
/// lines differently) and the count of each selector.
fn check() -> String {
    let selectors: Vec<Value> = SAMPLES
        .iter()
        .map(|s| json!([s.name, s.counts.iter().map(|c| c.selector).collect::<Vec<_>>()]))
        .collect();
    format!(
        r#"const out = {{ errors: window.hbErrors || ['Mermaid did not finish'], samples: {{}} }};
for (const [name, selectors] of {selectors}) {{
  const pictures = {{ merman: document.querySelector(`div.merman[data-name="${{name}}"] svg`),
                      mermaid: document.querySelector(`pre.mermaid[data-name="${{name}}"] svg`) }};
  out.samples[name] = {{}};
  for (const [who, svg] of Object.entries(pictures)) {{
    out.samples[name][who] = svg ? {{ text: svg.textContent.replace(/\s+/g, ''),
      counts: selectors.map(sel => svg.querySelectorAll(sel).length) }} : null;
  }}
}}
return out;"#,
        selectors = Value::Array(selectors)
    )
}

#[test]
fn merman_and_mermaids_own_script_draw_the_same_labels_and_elements() {
    let dir = tempfile::tempdir().unwrap();
    let all: Vec<(&str, &str)> = SAMPLES.iter().map(|s| (s.name, s.source)).collect();
    let page = page(dir.path(), &all);
    let facts = browser::evaluate_when(&page, "light", "return window.hbDone === true;", &check());
    assert_eq!(facts["errors"], json!([]), "Mermaid's script failed: {facts}");
    let mut problems = Vec::new();
    for s in SAMPLES {
        for who in ["merman", "mermaid"] {
            let picture = &facts["samples"][s.name][who];
            if picture.is_null() {
                problems.push(format!("{}: {who} drew no SVG", s.name));
                continue;
            }
            let text = picture["text"].as_str().unwrap_or_default();
            for label in s.labels {
                let label: String = label.split_whitespace().collect();
                if !text.contains(&label) {
                    problems.push(format!("{}: {who} lacks the label `{label}`", s.name));
                }
            }
        }
        for (i, c) in s.counts.iter().enumerate() {
            let got = |who: &str| facts["samples"][s.name][who]["counts"][i].as_u64().unwrap_or(u64::MAX) as usize;
            let (merman, mermaid) = (got("merman"), got("mermaid"));
            let expected = c.differs.map_or((c.expected, c.expected), |(a, b, _)| (a, b));
            if (merman, mermaid) != expected {
                problems.push(format!(
                    "{}: {} (`{}`): merman {merman}, Mermaid {mermaid}, expected {expected:?}",
                    s.name, c.what, c.selector
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `mermaid-security = "strict"`: the suite's rewrite of tags into Mermaid's entity
/// codes makes them text in both renderers, in an HTML label (flowchart) and an SVG
/// text (sequence); `<br>` still breaks the line.
#[test]
fn strict_labels_read_as_text_in_both_renderers() {
    let flowchart = handbook_diagrams::labels::tags_as_text(
        "flowchart LR\n  a[\"<img src=x.png> <b>bold</b>\"] --> b[one<br>two]\n",
    );
    let sequence = handbook_diagrams::labels::tags_as_text("sequenceDiagram\n  A->>B: <i>hi</i>\n");
    let dir = tempfile::tempdir().unwrap();
    let page = page(dir.path(), &[("flowchart", &flowchart), ("sequence", &sequence)]);
    let check = r#"const out = { errors: window.hbErrors || ['Mermaid did not finish'] };
for (const name of ['flowchart', 'sequence']) for (const [who, sel] of [['merman', 'div.merman'], ['mermaid', 'pre.mermaid']]) {
  const svg = document.querySelector(`${sel}[data-name="${name}"] svg`);
  out[`${name} ${who}`] = svg ? { text: svg.textContent, tags: svg.querySelectorAll('img, b, i').length,
    breaks: svg.querySelectorAll('br').length } : null;
}
return out;"#;
    let facts = browser::evaluate_when(&page, "light", "return window.hbDone === true;", check);
    assert_eq!(facts["errors"], json!([]), "{facts}");
    for who in ["merman", "mermaid"] {
        let f = &facts[format!("flowchart {who}")];
        let text = f["text"].as_str().unwrap_or_default();
        assert!(text.contains("<img src=x.png> <b>bold</b>"), "flowchart, {who}: {f}");
        assert_eq!(
            (&f["tags"], &f["breaks"]),
            (&json!(0), &json!(1)),
            "flowchart, {who}: {f}"
        );
        let s = &facts[format!("sequence {who}")];
        assert!(
            s["text"].as_str().unwrap_or_default().contains("<i>hi</i>"),
            "sequence, {who}: {s}"
        );
        assert_eq!(s["tags"], json!(0), "sequence, {who}: {s}");
    }
}

/// JS: every piece of text in each Mermaid figure, with its contrast against what is
/// painted under its centre: the topmost filled shape below it (a node's box, a bar),
/// or the figure's panel. `[figure label, text, ratio]` for each.
const DIAGRAM_TEXT_CONTRAST: &str = r#"
const parse = c => { const m = (c || '').match(/rgba?\(([^)]+)\)/); if (!m) return [0,0,0,0];
  const p = m[1].split(',').map(Number); return [p[0],p[1],p[2], p.length > 3 ? p[3] : 1]; };
const lum = ([r,g,b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v/12.92 : Math.pow((v+0.055)/1.055, 2.4); };
  return 0.2126*f(r) + 0.7152*f(g) + 0.0722*f(b); };
const painted = el => { const cs = getComputedStyle(el);
  if (el instanceof SVGGeometryElement && !(el instanceof SVGTextContentElement)) {
    const c = parse(cs.fill); c[3] *= Number(cs.fillOpacity || 1) * Number(cs.opacity || 1); return c; }
  return el instanceof SVGElement && !(el instanceof SVGSVGElement) ? [0,0,0,0] : parse(cs.backgroundColor); };
const out = [];
for (const fig of document.querySelectorAll('figure[data-kind="mermaid"]')) {
  const texts = Array.from(fig.querySelectorAll('svg text, svg tspan, svg foreignObject *')).filter(el =>
    Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()));
  for (const el of texts) {
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    el.scrollIntoView({block: 'center', inline: 'center'});
    const r = el.getBoundingClientRect(); if (r.width < 1 || r.height < 1) continue;
    const fg = el instanceof SVGElement ? parse(cs.fill) : parse(cs.color);
    if (fg[3] < 0.5) continue;
    let bg = [255,255,255,1];
    for (const under of document.elementsFromPoint(r.left + r.width/2, r.top + r.height/2)) {
      if (under === el || el.contains(under)) continue;
      const c = painted(under); if (c[3] > 0.5) { bg = c; break; }
    }
    const [a, b] = [lum(fg), lum(bg)];
    out.push([fig.getAttribute('aria-label'), el.textContent.trim().slice(0, 40),
      Math.round((Math.max(a,b) + 0.05) / (Math.min(a,b) + 0.05) * 100) / 100]);
  }
}
return out;
"#;

/// Every type reads in light and coal, on its chapter page and on the print page:
/// each text of each figure has at least 4.5:1 contrast (WCAG AA) with what it is painted on.
#[test]
fn every_type_is_legible_in_light_and_coal_and_in_print() {
    let mut page = String::from("# Every Mermaid type\n\n");
    for s in SAMPLES {
        page.push_str(&format!("```mermaid alt=\"{}\"\n{}```\n\n", s.name, s.source));
    }
    let mut book = harness::TestBook::new();
    book.chapter(0, "Types", "types.md", &page)
        .preprocessor_binary("handbook-diagrams", env!("CARGO_BIN_EXE_mdbook-handbook"));
    let built = book.build();
    let mut problems = Vec::new();
    for file in ["types.html", "print.html"] {
        for theme in ["light", "coal"] {
            let results = browser::evaluate(&built.out.join(file), theme, DIAGRAM_TEXT_CONTRAST);
            let rows = results
                .as_array()
                .unwrap_or_else(|| panic!("{file} ({theme}): {results}"));
            for s in SAMPLES {
                let mine: Vec<&Value> = rows.iter().filter(|r| r[0] == s.name).collect();
                if mine.is_empty() {
                    problems.push(format!("{file} ({theme}): {}: no text found", s.name));
                }
                for r in mine {
                    if r[2].as_f64().unwrap_or(0.0) < 4.5 {
                        problems.push(format!(
                            "{file} ({theme}): {}: `{}` has contrast {}",
                            s.name, r[1], r[2]
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Labels fit their shapes (issue 25): in a real browser, with the fonts mdBook ships, on
/// a chapter page and on the print page, in light and coal, every label of every Mermaid
/// type the suite draws stays inside the box it was given and the shape under it.
#[test]
fn every_label_fits_its_shape() {
    let mut page = String::from("# Every Mermaid type\n\n");
    for s in SAMPLES {
        page.push_str(&format!("```mermaid alt=\"{}\"\n{}```\n\n", s.name, s.source));
    }
    page.push_str(LONG_LABELS);
    let mut book = harness::TestBook::new();
    book.chapter(0, "Types", "types.md", &page)
        .preprocessor_binary("handbook-diagrams", env!("CARGO_BIN_EXE_mdbook-handbook"));
    let built = book.build();
    let mut problems = Vec::new();
    for (file, theme) in [("types.html", "light"), ("types.html", "coal"), ("print.html", "light")] {
        problems.extend(browser::label_overflows(&built.out.join(file), theme));
    }
    assert!(
        problems.is_empty(),
        "{} labels overflow:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Labels of the kind real pages have: words of every width, a state diagram and a
/// flowchart with edge labels (the issue's page had both).
const LONG_LABELS: &str = "```mermaid alt=\"long flowchart\"\nflowchart TD\n  A[Write the decision record] -->|supersedes| B{Is it still accepted?}\n  B -->|yes, keep it| C([Published with the handbook])\n  B -->|no: withdrawn| D[(Archived decisions)]\n  C -.->|amends| E>WWWWW MMMMM wide letters]\n  D ==>|clarifies| F((iiiii lllll))\n```\n\n```mermaid alt=\"long state\"\nstateDiagram-v2\n  [*] --> Proposed: an author writes it\n  Proposed --> Accepted: the team agrees\n  Accepted --> Superseded: a later decision replaces it\n  Superseded --> [*]\n  state \"Waiting for review by the architecture group\" as Waiting\n  Proposed --> Waiting\n```\n\n";

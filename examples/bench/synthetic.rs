//! A seeded synthetic architecture handbook: N chapters, M ADRs in mixed
//! formats, K glossary terms, D diagrams, with the markdown real handbooks
//! have (tables, nested lists and quotes, code, CRLF files, front matter).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    pub chapters: usize,
    pub adrs: usize,
    pub terms: usize,
    pub diagrams: usize,
    pub seed: u64,
}

const WORDS: &[&str] = &[
    "service", "request", "latency", "queue", "merchant", "ledger", "payment", "cache", "region", "replica", "tenant",
    "schema", "event", "stream", "gateway", "policy", "budget", "deploy", "rollback", "owner", "the", "a", "of", "to",
    "and", "in", "is", "for", "with", "on", "when", "each", "every", "must", "may",
];
const STATUSES: &[&str] = &[
    "Accepted",
    "Proposed",
    "Superseded",
    "Deprecated",
    "Rejected",
    "✅ Accepted",
    "Draft",
];

pub(crate) fn term_name(i: usize) -> String {
    format!("T{i:04}X")
}

/// Writes the book under `root` (book.toml, src/...). Returns the number of bytes of markdown.
pub(crate) fn generate(root: &Path, sizes: Sizes) -> std::io::Result<usize> {
    let mut rng = StdRng::seed_from_u64(sizes.seed);
    let src = root.join("src");
    std::fs::create_dir_all(src.join("decisions"))?;
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Synthetic handbook\"\nlanguage = \"en\"\n",
    )?;
    let mut summary = String::from("# Summary\n\n[Introduction](README.md)\n\n");
    let mut bytes = 0;
    let mut write = |path: &str, text: String| -> std::io::Result<()> {
        bytes += text.len();
        let full = src.join(path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(full, text)
    };
    write(
        "README.md",
        "# Synthetic handbook\n\nGenerated for benchmarks.\n".into(),
    )?;
    for c in 0..sizes.chapters {
        let path = format!("part-{:02}/chapter-{c:04}.md", c / 100);
        let _ = writeln!(summary, "- [Chapter {c}]({path})");
        let diagrams = sizes.diagrams / sizes.chapters.max(1) + usize::from(c < sizes.diagrams % sizes.chapters.max(1));
        let mut text = chapter(&mut rng, c, sizes, diagrams);
        if c % 17 == 5 {
            text = text.replace('\n', "\r\n");
        }
        write(&path, text)?;
    }
    let _ = writeln!(summary, "- [Decisions](decisions/README.md)");
    // The log and the graph of every decision, so the ADR preprocessor's row
    // includes indexing and cross-linking, not only the cards.
    write(
        "decisions/README.md",
        "# Decisions\n\nThe decision log.\n\n{{#adr-index}}\n\n{{#adr-graph}}\n".into(),
    )?;
    for a in 1..=sizes.adrs {
        let slug = format!("{a:04}-decision-{a}");
        let _ = writeln!(summary, "    - [ADR {a}](decisions/{slug}.md)");
        write(&format!("decisions/{slug}.md"), adr(&mut rng, a))?;
    }
    let _ = writeln!(summary, "- [Glossary](glossary.md)");
    let mut glossary = String::from("# Glossary\n\n");
    for t in 0..sizes.terms {
        let _ = writeln!(
            glossary,
            "{}\n: {} {} & <{}> \"quoted\".\n",
            term_name(t),
            word(&mut rng),
            word(&mut rng),
            word(&mut rng)
        );
    }
    write("glossary.md", glossary)?;
    std::fs::write(src.join("SUMMARY.md"), summary)?;
    Ok(bytes)
}

fn word(rng: &mut StdRng) -> &'static str {
    WORDS[rng.random_range(0..WORDS.len())]
}

fn sentence(rng: &mut StdRng, terms: usize) -> String {
    let n = rng.random_range(6..18);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        match rng.random_range(0..40) {
            0 if terms > 0 => s.push_str(&term_name(rng.random_range(0..terms))),
            1 => s.push_str("`code_span`"),
            2 => s.push_str("**bold**"),
            // mdBook serves README.md as index.html and turns a link to README.md into
            // README.html, which it never writes: a handbook links index.md.
            3 => s.push_str("[a link](../index.md)"),
            _ => s.push_str(word(rng)),
        }
    }
    s.push('.');
    s
}

fn chapter(rng: &mut StdRng, c: usize, sizes: Sizes, diagrams: usize) -> String {
    let mut t = String::new();
    if c.is_multiple_of(4) {
        let _ = write!(
            t,
            "---\ntitle: Chapter {c}\nstatus: current\nowner: team-{}\nnext-review: 2026-0{}-15\n---\n",
            c % 7,
            1 + c % 9
        );
    }
    let _ = write!(t, "# Chapter {c}\n\n");
    if c % 4 == 1 {
        let _ = write!(t, "**Status**: Draft\n**Owner**: team-{}\n\n", c % 5);
    }
    for section in 0..3 {
        let _ = write!(t, "## Section {section}\n\n");
        for _ in 0..rng.random_range(1..4) {
            let _ = write!(t, "{} {}\n\n", sentence(rng, sizes.terms), sentence(rng, sizes.terms));
        }
        match rng.random_range(0..4) {
            0 => {
                let _ = write!(t, "| Name | Value | Notes |\n|---|:-:|---|\n");
                for r in 0..rng.random_range(2..6) {
                    let _ = writeln!(t, "| row {r} | {} | a \\| pipe |", rng.random_range(0..1000));
                }
                t.push('\n');
            }
            1 => {
                let _ = write!(
                    t,
                    "- {}\n  - nested {}\n    > quoted {}\n1. first\n2. second\n\n",
                    word(rng),
                    word(rng),
                    word(rng)
                );
            }
            2 => t.push_str("```rust\nfn main() {\n    println!(\"{}\", 1 < 2);\n}\n```\n\n"),
            _ => t.push_str("> [!NOTE]\n> Keep this in mind.\n\n"),
        }
    }
    for d in 0..diagrams {
        if d % 2 == 0 {
            let _ = write!(t, "```dot\ndigraph G{c}_{d} {{ a -> b; b -> c; }}\n```\n\n");
        } else {
            t.push_str("```svgbob\n+-----+     +-----+\n| api |---->| db  |\n+-----+     +-----+\n```\n\n");
        }
    }
    t
}

fn adr(rng: &mut StdRng, n: usize) -> String {
    let status = STATUSES[rng.random_range(0..STATUSES.len())];
    let date = format!("2024-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
    // Every tenth decision supersedes the one before it (the newer side only,
    // as teams often write it), in the file's own format.
    let body = "## Context\n\nWe needed to decide.\n\n## Decision\n\nWe decided.\n\n## Consequences\n\nSome.\n";
    let old = n.saturating_sub(1);
    let supersedes = n.is_multiple_of(10);
    match n % 3 {
        0 => {
            let rel = if supersedes {
                format!("\n\nSupersedes [{old}. Decision {old}]({old:04}-decision-{old}.md)")
            } else {
                String::new()
            };
            format!("# {n}. Decision {n}\n\nDate: {date}\n\n## Status\n\n{status}{rel}\n\n{body}")
        }
        1 => {
            let rel = if supersedes {
                format!("supersedes: [ADR-{old}]\n")
            } else {
                String::new()
            };
            format!(
                "---\nstatus: {}\ndate: {date}\ndeciders: [ana, bo]\n{rel}---\n# Decision {n}\n\n{body}",
                status.to_lowercase()
            )
        }
        _ => {
            let rel = if supersedes {
                format!("**Supersedes**: ADR-{old:03}\n")
            } else {
                String::new()
            };
            format!(
                "# ADR-{n:03}: Decision {n}\n\n**Status**: {status}\n**Date**: {date}\n**Decision Makers**: Ana\n{rel}\n{body}"
            )
        }
    }
}

//! The size cases of issue #9, generated at any size: one chapter of N bytes,
//! one of N directives shown as code, a table of N rows, lists and block quotes nested N deep, N glossary terms,
//! N ADRs, a supersede cycle of N ADRs, one Mermaid label of N bytes.
//!
//! Shared by the benchmark (`bench sizes`: full and half size, in release)
//! and `tests/sizes.rs` (scaled down, debug, timed at N and 4N for
//! linearity), so both measure the same books.

use std::fmt::Write as _;

/// A book as chapters: (source path inside `src`, content).
pub(crate) struct SizeBook {
    pub chapters: Vec<(String, String)>,
}

impl SizeBook {
    pub(crate) fn bytes(&self) -> usize {
        self.chapters.iter().map(|(_, c)| c.len()).sum()
    }
}

/// One case: what N counts, the issue's full size, and the preprocessors it
/// is about (`None`: every one of the suite).
pub(crate) struct Case {
    pub name: &'static str,
    pub unit: &'static str,
    pub full: usize,
    pub about: Option<&'static [&'static str]>,
    pub make: fn(usize) -> SizeBook,
}

pub(crate) const CASES: &[Case] = &[
    Case {
        name: "chapter",
        unit: "bytes",
        full: 20_000_000,
        about: None,
        make: big_chapter,
    },
    Case {
        name: "code-spans",
        unit: "directives in code",
        full: 1_000_000,
        about: None,
        make: directives_in_code,
    },
    Case {
        name: "table",
        unit: "rows",
        full: 50_000,
        about: None,
        make: table,
    },
    Case {
        name: "nesting",
        unit: "levels",
        full: 1_000,
        about: None,
        make: nesting,
    },
    Case {
        name: "glossary",
        unit: "terms",
        full: 10_000,
        about: Some(&["glossary"]),
        make: glossary,
    },
    Case {
        name: "glossary-table",
        unit: "terms",
        full: 10_000,
        about: Some(&["glossary"]),
        make: glossary_table,
    },
    Case {
        name: "glossary-headings",
        unit: "terms",
        full: 10_000,
        about: Some(&["glossary"]),
        make: glossary_headings,
    },
    Case {
        name: "adrs",
        unit: "ADRs",
        full: 10_000,
        about: Some(&["adr", "status"]),
        make: adrs,
    },
    Case {
        name: "mermaid-label",
        unit: "bytes of one node label",
        full: 1_600_000,
        about: Some(&["diagrams"]),
        make: mermaid_label,
    },
    Case {
        name: "supersede-cycle",
        unit: "ADRs",
        full: 1_000,
        about: Some(&["adr"]),
        make: supersede_cycle,
    },
    Case {
        name: "describes",
        unit: "describes entries",
        full: 100_000,
        about: Some(&["drift"]),
        make: describes,
    },
    Case {
        name: "describes-inline",
        unit: "describes entries",
        full: 100_000,
        about: Some(&["drift"]),
        make: describes_inline,
    },
];

/// One Mermaid node whose label is `bytes` long (issue 33: 1.6 MB took a
/// cold build 56 s), words and unclosed `<` mixed: refused in linear time.
pub(crate) fn mermaid_label(bytes: usize) -> SizeBook {
    let words = "word a<b ".repeat(bytes / 9 + 1);
    one(
        "label.md",
        format!(
            "# A long label\n\n```mermaid\nflowchart LR\n  A[\"{}\"] --> B\n```\n",
            &words[..bytes]
        ),
    )
}

/// One chapter, and a glossary none of its words are in (without a
/// glossary chapter the glossary preprocessor only warns).
fn one(path: &str, content: String) -> SizeBook {
    SizeBook {
        chapters: vec![
            (path.to_owned(), content),
            (
                "glossary.md".to_owned(),
                "# Glossary\n\nZZUNUSED\n: A term no page uses.\n".to_owned(),
            ),
        ],
    }
}

/// About 1 KB of everything a handbook page has and nothing a suite
/// preprocessor acts on: directives only inside code or with unknown names.
fn block(i: usize) -> String {
    format!(
        "## Section {i}\n\n\
         Prose with *emphasis*, **strong**, `code {{{{#status Draft}}}}`, a [link](#section-{i}) to this section, \
         <https://example.com/{i}>, ünïcødé 日本語 🦀 \u{200b}and an unknown {{{{#not-ours {i}}}}} left as written.\n\n\
         | Column | Value | Note |\n|---|:-:|---|\n| a{i} | {i} | pipe \\| escaped |\n| b | `x` | <span>html</span> |\n\n\
         - item one\n  - nested two\n    > quoted three\n1. first\n2. second\n\n\
         > [!NOTE]\n> An admonition with `code`.\n\n\
         ```rust\nfn main() {{ println!(\"{{}}\", {i} < 2); }}\n```\n\n\
         <div class=\"raw\">raw <b>html</b> block</div>\n\n\
         Apple\n: a definition list entry, not a glossary.\n\n"
    )
}

/// One chapter of about `bytes` bytes (the issue's 20 MB chapter).
pub(crate) fn big_chapter(bytes: usize) -> SizeBook {
    let mut text = String::from("# A very long chapter\n\n");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&block(i));
        i += 1;
    }
    one("long.md", text)
}

/// A chapter dense with directives shown as code (`` `{{#status x}}` ``,
/// as a handbook's own documentation of the suite writes them): every one
/// is looked up among the chapter's code ranges, once per preprocessor.
/// `count` of them make 17 bytes each, about 17 MB for a million.
pub(crate) fn directives_in_code(count: usize) -> SizeBook {
    const SHOWN: [&str; 4] = ["status Draft", "adr-index", "changelog", "term API"];
    let mut text = String::from("# Directives, as code\n\n");
    for i in 0..count {
        let _ = write!(text, "`{{{{#{}}}}}` ", SHOWN[i % SHOWN.len()]);
        if i % 8 == 7 {
            text.push_str("\n\n");
        }
    }
    one("directives.md", text)
}

/// One table of `rows` rows.
pub(crate) fn table(rows: usize) -> SizeBook {
    let mut text = String::from("# A long table\n\n| Name | Value | Notes | Code |\n|---|--:|:-:|---|\n");
    for r in 0..rows {
        let _ = writeln!(text, "| row {r} | {} | a \\| pipe, *em* | `x{r}` |", r * 7 % 1000);
    }
    one("table.md", text)
}

/// Lists, block quotes and both mixed, nested `depth` deep: one line each
/// (`- - - x`, `> > > x`), lines indented level by level as people write
/// them, and (second chapter) a term and a diagram at the deepest level of a
/// quote, so splices into deep containers are exercised too. Only the first
/// chapter is untouched by every preprocessor.
pub(crate) fn nesting(depth: usize) -> SizeBook {
    let mut plain = String::from("# Deep\n\n");
    let _ = write!(plain, "{}deepest list item\n\n", "- ".repeat(depth));
    let _ = write!(plain, "{}deepest quote\n\n", "> ".repeat(depth));
    let _ = write!(plain, "{}deepest of both\n\n", "> - ".repeat(depth / 2));
    for i in 0..depth {
        let _ = writeln!(plain, "{}- level {i}", "  ".repeat(i));
    }
    plain.push('\n');
    let quote = "> ".repeat(depth);
    let deep = format!(
        "# Deep with content\n\n{quote}The DEEPTERM is deep.\n{quote}\n{quote}```svgbob\n{quote}+---+\n{quote}| a |\n{quote}+---+\n{quote}```\n"
    );
    SizeBook {
        chapters: vec![
            ("deep.md".to_owned(), plain),
            ("deep-content.md".to_owned(), deep),
            (
                "glossary.md".to_owned(),
                "# Glossary\n\nDEEPTERM\n: A term used at the deepest level.\n".to_owned(),
            ),
        ],
    }
}

pub(crate) fn term_name(i: usize) -> String {
    format!("T{i:05}X")
}

/// A glossary chapter of `terms` terms and pages that use each term once
/// (100 terms to a page).
pub(crate) fn glossary(terms: usize) -> SizeBook {
    let mut g = String::from("# Glossary\n\n");
    for t in 0..terms {
        let _ = writeln!(g, "{}\n: Definition {t} with <tags> & \"quotes\".\n", term_name(t));
    }
    glossary_book(terms, g)
}

/// The same terms as one `| Term | Definition |` table.
pub(crate) fn glossary_table(terms: usize) -> SizeBook {
    let mut g = String::from("# Glossary\n\n| Term | Definition |\n|------|------------|\n");
    for t in 0..terms {
        let _ = writeln!(g, "| {} | Definition {t} with <tags> & \"quotes\". |", term_name(t));
    }
    glossary_book(terms, g)
}

/// The same terms as `## Term` headings over a paragraph.
pub(crate) fn glossary_headings(terms: usize) -> SizeBook {
    let mut g = String::from("# Glossary\n\n");
    for t in 0..terms {
        let _ = writeln!(g, "## {}\n\nDefinition {t} with <tags> & \"quotes\".\n", term_name(t));
    }
    glossary_book(terms, g)
}

fn glossary_book(terms: usize, g: String) -> SizeBook {
    let mut chapters = vec![("glossary.md".to_owned(), g)];
    for page in 0..terms.div_ceil(100) {
        let mut text = format!("# Page {page}\n\n");
        for t in (page * 100..(page + 1) * 100).filter(|&t| t < terms) {
            let _ = write!(text, "The service uses {} for its ledger. ", term_name(t));
            if t % 10 == 9 {
                text.push_str("\n\n");
            }
        }
        chapters.push((format!("pages/page-{page:04}.md"), text));
    }
    SizeBook { chapters }
}

/// `count` ADRs in three formats (Nygard, MADR front matter, bold header);
/// every tenth supersedes the one before; an index and a graph of them all.
pub(crate) fn adrs(count: usize) -> SizeBook {
    let mut chapters = vec![(
        "decisions/README.md".to_owned(),
        "# Decisions\n\n{{#adr-index}}\n\n{{#adr-graph}}\n".to_owned(),
    )];
    let body = "## Context\n\nWe needed to decide.\n\n## Decision\n\nWe decided.\n";
    for n in 1..=count {
        let old = n - 1;
        let supersedes = n % 10 == 0;
        let date = format!("2024-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
        let text = match n % 3 {
            0 => {
                let rel = if supersedes {
                    format!("\n\nSupersedes [ADR-{old}]({old:05}-decision.md)")
                } else {
                    String::new()
                };
                format!("# {n}. Decision {n}\n\nDate: {date}\n\n## Status\n\nAccepted{rel}\n\n{body}")
            }
            1 => {
                let rel = if supersedes {
                    format!("supersedes: [ADR-{old}]\n")
                } else {
                    String::new()
                };
                format!("---\nstatus: accepted\ndate: {date}\ndeciders: [ana, bo]\n{rel}---\n# Decision {n}\n\n{body}")
            }
            _ => {
                let rel = if supersedes {
                    format!("**Supersedes**: ADR-{old}\n")
                } else {
                    String::new()
                };
                format!("# ADR-{n}: Decision {n}\n\n**Status**: Accepted\n**Date**: {date}\n{rel}\n{body}")
            }
        };
        chapters.push((format!("decisions/{n:05}-decision.md"), text));
    }
    SizeBook { chapters }
}

/// `count` ADRs, each superseded by the next and the last by the first.
pub(crate) fn supersede_cycle(count: usize) -> SizeBook {
    let chapters = (1..=count)
        .map(|i| {
            let next = if i == count { 1 } else { i + 1 };
            (
                format!("decisions/{i:05}-decision.md"),
                format!("# {i}. Decision {i}\n\nDate: 2024-01-01\n\n## Status\n\nSuperseded by [ADR-{next}]({next:05}-decision.md)\n"),
            )
        })
        .collect();
    SizeBook { chapters }
}

/// A path a `describes` entry names; none exists (the size book has no code).
fn described_path(i: usize) -> String {
    format!("code/m-{:02}/f-{i:06}.rs#fn_{i}", i % 97)
}

/// One page declaring `count` described paths, a YAML list one entry a line
/// (issue 33: 100,000 entries took 29.9 s, quadratic).
pub(crate) fn describes(count: usize) -> SizeBook {
    let mut text = String::from("---\ndescribes:\n");
    for i in 0..count {
        text.push_str(&format!("  - {}\n", described_path(i)));
    }
    text.push_str("reviewed: 2026-01-01\n---\n# Describes a lot\n\nProse.\n");
    SizeBook {
        chapters: vec![("describes.md".to_owned(), text)],
    }
}

/// The same entries as one comma-separated line.
pub(crate) fn describes_inline(count: usize) -> SizeBook {
    let entries: Vec<String> = (0..count).map(described_path).collect();
    let text = format!(
        "---\ndescribes: \"{}\"\nreviewed: 2026-01-01\n---\n# Describes a lot\n\nProse.\n",
        entries.join(", ")
    );
    SizeBook {
        chapters: vec![("describes.md".to_owned(), text)],
    }
}

//! The every-field property test (issue 33): every value the suite injects
//! into a page's HTML, fed with blank lines (LF, CRLF, CR, blanks between),
//! markdown links and images with script URLs, raw HTML, and strings that
//! close what they stand in. Each case is one real `mdbook build` of a book
//! that uses every capability, and every page is tokenized by html5ever
//! ([`super::page_scan`]): no element, attribute or link of a value may
//! appear, and no text of one may be lost (the words on both sides of the
//! hostile part are shown).
//!
//! The fields, from the `html::escape` call sites of the capabilities:
//! - status (front matter, on the page card and `{{#status-report}}`):
//!   `status`, `owner`, `authors`, `maintainer`, `last-reviewed`,
//!   `next-review`, `version`;
//! - adr (ADR card and `{{#adr-index}}`): the title (an entity-escaped
//!   heading), `status`, `deciders`, `consulted`, `informed`, `tags`;
//! - changelog (`{{#changelog}}` from front matter and from YAML, TOML and
//!   JSON data files): `version`, `date`, the change lists, `author`;
//! - glossary (`terms.yaml`, the glossary page and tooltips): term,
//!   definition, alias;
//! - drift: a `describes` path (`{{#drift-report}}`) and the banner text of
//!   book.toml (`drift.banner`, with a placeholder);
//! - diagrams: a fence's `title`, `alt` and `caption`.

use super::{Case, Commit, Shows, build};
use proptest::prelude::*;
use std::fmt::Write as _;
use std::path::Path;

/// What ends an HTML block or starts another line of markdown.
const BREAKS: &[&str] = &["\n\n", "\r\n\r\n", "\r\r", "\n \t\n", "\n", " "];

/// What would become markup if a value were read as markdown or HTML.
const PAYLOADS: &[&str] = &[
    "[hb-evil-link](javascript:alert(1))",
    "![hb-evil-img](javascript:alert(2))",
    "<hb-evil>",
    "<div hbevil=1>",
    "\"><hb-evil onmouseover=alert(3)>",
    "' onerror='x' hbevil='",
    "</textarea><hb-evil>",
    "--><hb-evil> ]]>",
    "<javascript:alert(4)>",
];

/// One field: where it goes and which page must show it (none: written nowhere).
struct Field {
    name: &'static str,
    page: &'static str,
    /// Values in this field are one line (a fence info string, a heading).
    one_line: bool,
}

const FIELDS: &[Field] = &[
    field("status", "page.html"),
    field("owner", "page.html"),
    field("authors", "authored.html"),
    field("maintainer", "maintained.html"),
    field("last-reviewed", "page.html"),
    field("next-review", "page.html"),
    field("version", "page.html"),
    field("report-owner", "index.html"),
    Field {
        name: "adr-title",
        page: "decisions/0001-one.html",
        one_line: true,
    },
    field("adr-status", "decisions/0001-one.html"),
    field("adr-deciders", "decisions/0001-one.html"),
    field("adr-consulted", "decisions/0001-one.html"),
    field("adr-informed", "decisions/0001-one.html"),
    field("adr-tags", "decisions/0001-one.html"),
    field("index-deciders", "decisions/index.html"),
    field("change-version", "changes.html"),
    field("change-added", "changes.html"),
    field("change-author", "changes.html"),
    field("yaml-changes", "data.html"),
    field("yaml-author", "data.html"),
    field("toml-fixed", "data.html"),
    field("json-removed", "data.html"),
    field("json-version", "data.html"),
    field("term-definition", "glossary.html"),
    // Aliases only match prose; the suite writes them nowhere, so nothing to show.
    field("alias", ""),
    Field {
        name: "term",
        page: "glossary.html",
        one_line: true,
    },
    field("describes", "index.html"),
    Field {
        name: "banner",
        page: "drifted.html",
        one_line: true,
    },
    Field {
        name: "diagram-title",
        page: "diagrams.html",
        one_line: true,
    },
    Field {
        name: "diagram-caption",
        page: "diagrams.html",
        one_line: true,
    },
];

const fn field(name: &'static str, page: &'static str) -> Field {
    Field {
        name,
        page,
        one_line: false,
    }
}

/// The hostile value of field `i`: a word before and after, so a lost part shows.
fn value(i: usize, brk: &str, payload: &str, one_line: bool) -> String {
    let brk = if one_line { " " } else { brk };
    format!("hbf{i}a{brk}{payload}{brk}hbf{i}z")
}

/// A value as a YAML, TOML or JSON double-quoted string (the three read the same escapes).
fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| panic!("{e}"))
}

/// A fence info string's value: written between `"` with no escapes, so it
/// cannot hold a `"` (the payload's become `'`).
fn info_value(value: &str) -> String {
    value.replace('"', "'")
}

/// A heading's text, entity-escaped so the heading is the author's plain text.
fn entities(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('[', "&#91;")
        .replace('!', "&#33;")
}

fn write_book(root: &Path, v: &dyn Fn(&str) -> String) {
    let q = |name: &str| quoted(&v(name));
    let files: Vec<(&str, String)> = vec![
        (
            "book.toml",
            format!(
                "[book]\ntitle = \"Every field\"\n\n[preprocessor.handbook]\nafter = [\"links\"]\n\n\
                 [preprocessor.handbook.glossary]\nfile = \"terms.yaml\"\n\n\
                 [preprocessor.handbook.drift]\nbanner = {}\n\n[preprocessor.handbook.diagrams]\n",
                quoted(&format!("{} ({{count}} files)", v("banner")))
            ),
        ),
        (
            "src/SUMMARY.md",
            "# Summary\n\n- [Report](README.md)\n- [Page](page.md)\n- [Authored](authored.md)\n- [Maintained](maintained.md)\n- [Change log](changes.md)\n- [Data](data.md)\n\
             - [Glossary](glossary.md)\n- [Drifted](drifted.md)\n- [Diagrams](diagrams.md)\n\
             - [Decisions](decisions/README.md)\n    - [One](decisions/0001-one.md)\n"
                .to_owned(),
        ),
        (
            "src/README.md",
            format!(
                "---\nowner: {}\n---\n# Report\n\n{{{{#status-report}}}}\n\n{{{{#drift-report}}}}\n",
                q("report-owner")
            ),
        ),
        (
            "src/page.md",
            format!(
                "---\nstatus: {}\nowner: {}\nlast-reviewed: {}\nnext-review: {}\nversion: {}\n---\n# Page\n\nBody.\n",
                q("status"),
                q("owner"),
                q("last-reviewed"),
                q("next-review"),
                q("version")
            ),
        ),
        (
            "src/authored.md",
            format!("---\nauthors: [{}]\n---\n# Authored\n", q("authors")),
        ),
        (
            "src/maintained.md",
            format!("---\nmaintainer: {}\n---\n# Maintained\n", q("maintainer")),
        ),
        (
            "src/changes.md",
            format!(
                "---\nchangelog:\n  - version: {}\n    date: 2024-01-01\n    added: [{}]\n    author: {}\n---\n# Change log\n\n{{{{#changelog}}}}\n",
                q("change-version"),
                q("change-added"),
                q("change-author")
            ),
        ),
        (
            "src/data.md",
            "# Data\n\n{{#changelog file=data/log.yaml}}\n\n{{#changelog file=data/log.toml}}\n\n{{#changelog file=data/log.json}}\n"
                .to_owned(),
        ),
        (
            "src/data/log.yaml",
            format!(
                "changelog:\n  - version: \"0.1\"\n    date: 2024-02-01\n    changes: {}\n    author: {}\n",
                q("yaml-changes"),
                q("yaml-author")
            ),
        ),
        (
            "src/data/log.toml",
            format!(
                "[[changelog]]\nversion = \"0.2\"\ndate = \"2024-03-01\"\nfixed = [{}]\n",
                q("toml-fixed")
            ),
        ),
        (
            "src/data/log.json",
            format!(
                "{{\"changelog\": [{{\"version\": {}, \"date\": \"2024-04-01\", \"removed\": [{}]}}]}}\n",
                q("json-version"),
                q("json-removed")
            ),
        ),
        (
            "terms.yaml",
            format!(
                "terms:\n  - name: {}\n    definition: {}\n    aliases: [{}]\n",
                q("term"),
                q("term-definition"),
                q("alias")
            ),
        ),
        ("src/glossary.md", "# Glossary\n\nLedger\n: Where money is written down.\n".to_owned()),
        (
            "src/drifted.md",
            format!(
                "---\ndescribes: [code/x.rs, {}]\nreviewed: 2000-01-01\n---\n# Drifted\n\nProse.\n",
                quoted(&format!("code/{}.rs", v("describes")))
            ),
        ),
        ("code/x.rs", "fn main() {}\n".to_owned()),
        (
            "src/diagrams.md",
            format!(
                "# Diagrams\n\n```dot title=\"{}\" caption=\"{}\"\ndigraph {{ a -> b }}\n```\n",
                info_value(&v("diagram-title")),
                info_value(&v("diagram-caption"))
            ),
        ),
        (
            "src/decisions/README.md",
            "# Decisions\n\n{{#adr-index}}\n".to_owned(),
        ),
        (
            "src/decisions/0001-one.md",
            format!(
                "---\nstatus: {}\ndate: 2024-01-15\ndeciders: [{}, {}]\nconsulted: [{}]\ninformed: [{}]\ntags: [{}]\n---\n# 1. Use {}\n\n## Context\n\nText.\n",
                q("adr-status"),
                q("adr-deciders"),
                q("index-deciders"),
                q("adr-consulted"),
                q("adr-informed"),
                q("adr-tags"),
                entities(&v("adr-title"))
            ),
        ),
    ];
    for (path, text) in files {
        let at = root.join(path);
        if let Some(parent) = at.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&at, text).unwrap_or_else(|e| panic!("{}: {e}", at.display()));
    }
}

fn one_build(brk: &str, payload: &str) {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let index = |name: &str| {
        FIELDS
            .iter()
            .position(|f| f.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let v = |name: &str| value(index(name), brk, payload, FIELDS[index(name)].one_line);
    write_book(folder.path(), &v);
    let case = Case {
        git: vec![Commit {
            author: "Dev".to_owned(),
            email: "dev@example.com".to_owned(),
            message: "Start".to_owned(),
        }],
        ..Case::default()
    };
    let run = build(folder.path(), &case, None);
    let label = format!("every field with break {brk:?} and {payload:?}");
    assert!(run.succeeded, "{label}: the build failed\n{}", run.stderr);
    let mut shows: Vec<Shows> = Vec::new();
    for (i, f) in FIELDS.iter().enumerate().filter(|(_, f)| !f.page.is_empty()) {
        let words = vec![format!("hbf{i}a"), format!("hbf{i}z")];
        match shows.iter_mut().find(|s| s.page == f.page) {
            Some(s) => s.text.extend(words),
            None => shows.push(Shows {
                page: f.page.to_owned(),
                text: words,
                whole: Vec::new(),
            }),
        }
    }
    let mut listed = String::new();
    for (i, f) in FIELDS.iter().enumerate() {
        let _ = write!(listed, "hbf{i}={} ", f.name);
    }
    eprintln!("{label}: fields {listed}");
    super::page_scan::check_pages(&label, &run.out, &shows);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_injected_field_stays_text(brk in prop::sample::select(BREAKS), payload in prop::sample::select(PAYLOADS)) {
        one_build(brk, payload);
    }
}

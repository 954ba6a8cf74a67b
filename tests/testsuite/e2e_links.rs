//! Hrefs the suite writes (decision log, glossary back links, status
//! report, recent changes) for chapters with `#`, `?`, `%`, spaces, quotes and
//! non-ASCII in their file names, checked against what real mdBook 0.5 wrote:
//! the files of the build and the sidebar's own link for each chapter.
//!
//! mdBook 0.5.4's sidebar (`toc.html`) writes the raw path with `.html`. A
//! browser percent-encodes what it must of such an href, but takes `#` for a
//! fragment, `?` for a query and `%XX` for an escape, so for those names the
//! sidebar's link is itself broken; the suite's must still reach the file.

use crate::harness;

use harness::TestBook;
use std::path::Path;

/// File names taken from real ADR folders, plus the characters a URL path must escape.
const NAMES: &[&str] = &[
    "0001-use-#-as-indicator.md",
    "0002-a b.md",
    "0003-what?.md",
    "0004-100%-sure.md",
    "0005-größe-日本.md",
    "0006-\"q\"-it's-&-co.md",
    "0007-c:d.md",
];

fn book() -> TestBook {
    let mut book = TestBook::new();
    let mut summary = String::from("# Summary\n\n- [Decisions](decisions/README.md)\n");
    book.file(
        "src/decisions/README.md",
        "# Decisions\n\n{{#adr-index}}\n\n{{#adr-graph}}\n",
    );
    for (i, name) in NAMES.iter().enumerate() {
        let n = i + 1;
        let body =
            format!("# {n}. Decision {n}\n\nDate: 2024-01-0{n}\n\n## Status\n\nAccepted\n\nThe API is used here.\n");
        book.file(&format!("src/decisions/{name}"), &body);
        summary.push_str(&format!("    - [Decision {n}](<decisions/{name}>)\n"));
    }
    // Pages outside the decision folder, with a status and a change log, so
    // the status report and the recent changes link them too.
    summary.push_str("- [Report](report.md)\n");
    book.file(
        "src/report.md",
        "# Report\n\n{{#status-report}}\n\n{{#changelog recent 20}}\n",
    );
    for (i, name) in NAMES.iter().enumerate() {
        let page = format!(
            "---\nstatus: draft\nchangelog:\n  - version: 1.0.{i}\n    date: 2024-02-0{}\n    changes: First\n---\n# Page {i}\n",
            i + 1
        );
        book.file(&format!("src/pages/{name}"), &page);
        summary.push_str(&format!("- [Page {i}](<pages/{name}>)\n"));
    }
    summary.push_str("- [Glossary](glossary.md)\n");
    book.file("src/glossary.md", "# Glossary\n\nAPI\n: Interface.\n");
    book.file("src/SUMMARY.md", &summary);
    book.file(
        "book.toml",
        &format!(
            "[book]\ntitle = \"T\"\n\n[preprocessor.handbook]\ncommand = {:?}\nafter = [\"links\"]\n\
             only = [\"adr\", \"glossary\", \"status\", \"changelog\"]\n\n\
             [preprocessor.handbook.status]\ntoday = \"2024-03-01\"\n\n\
             [preprocessor.handbook.changelog]\ntoday = \"2024-03-01\"\n",
            env!("CARGO_BIN_EXE_mdbook-handbook"),
        ),
    );
    book
}

fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|h| h.replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&"))
        .collect()
}

/// A URL path the suite may write: no fragment, query, space, quote,
/// non-ASCII or stray `%` left raw.
fn assert_encoded(href: &str) {
    let bytes = href.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        assert!(
            b.is_ascii_graphic() && !b"#?\"<>\\ `{}|^".contains(&b),
            "{href}: `{}` left raw",
            char::from(b)
        );
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            assert!(hex(i + 1) && hex(i + 2), "{href}: a `%` that is no escape");
        }
    }
}

#[test]
fn hrefs_to_odd_file_names_reach_the_files_mdbook_wrote() {
    let built = book().build();
    let sidebar = built.page("toc.html");
    // mdBook does not escape a `"` in its href either: read up to `.html"`.
    let sidebar_hrefs: Vec<String> = sidebar
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split(".html\"").next())
        .map(|h| format!("{h}.html"))
        .collect();
    let index = built.main("decisions/index.html");
    let ours = hrefs(&index);
    let glossary = built.main("glossary.html");
    let used_on = hrefs(&glossary);
    for name in NAMES {
        let html_name = name.replace(".md", ".html");
        assert!(
            built.out.join("decisions").join(&html_name).is_file(),
            "mdBook wrote no {html_name}"
        );
        // mdBook's sidebar: the raw path, relative to the book root.
        let mdbook_href = format!("decisions/{html_name}");
        assert!(
            sidebar_hrefs.contains(&mdbook_href),
            "the sidebar's link for {name} is no longer the raw path: read mdbook-html's toc.rs again"
        );
        // The index (decisions/index.html) and the glossary's "used on" list
        // (glossary.html) each link every decision; decoded and resolved from
        // their page, the link is the sidebar's path, i.e. the file.
        for (page_dir, links) in [("decisions/", &ours), ("", &used_on)] {
            let found: Vec<&String> = links
                .iter()
                .filter(|h| format!("{page_dir}{}", handbook_core::links::decode(h)) == mdbook_href)
                .collect();
            assert!(!found.is_empty(), "no link from {page_dir:?} to {name} among {links:?}");
            for href in found {
                assert_encoded(href);
            }
        }
    }
    // The graph's nodes link the decisions too (inside dot's source or SVG).
    for href in ours.iter().filter(|h| !h.contains(':') && !h.starts_with('#')) {
        assert_encoded(href);
        let file = handbook_core::links::decode(href);
        assert!(
            Path::new(&built.out).join("decisions").join(&file).is_file(),
            "decisions/index.html links {href}, which leads nowhere"
        );
    }
    // The status report and the recent changes (report.html) link each page.
    let report = hrefs(&built.main("report.html"));
    for name in NAMES {
        let target = format!("pages/{}", name.replace(".md", ".html"));
        assert!(
            sidebar_hrefs.contains(&target),
            "the sidebar's link for pages/{name} is no longer the raw path"
        );
        let found: Vec<&String> = report
            .iter()
            .filter(|h| handbook_core::links::decode(h) == target)
            .collect();
        assert!(
            found.len() >= 2,
            "the status report and the recent changes must both link {target}: {report:?}"
        );
        for href in found {
            assert_encoded(href);
        }
    }
    // Every link on the card page of the `#` decision resolves (glossary terms keep their `#term-` fragment).
    let hash = built.main("decisions/0001-use-#-as-indicator.html");
    for href in hrefs(&hash).iter().filter(|h| !h.contains(':') && !h.starts_with('#')) {
        let (path, _fragment) = href.split_once('#').unwrap_or((href, ""));
        assert_encoded(path);
        let file = handbook_core::links::decode(path);
        assert!(
            built.out.join("decisions").join(&file).is_file(),
            "a card links {href}, which leads nowhere"
        );
    }
}

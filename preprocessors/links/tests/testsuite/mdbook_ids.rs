//! The ids the outline ([`Outline::anchors`]) gives a page, compared with the ids real
//! mdBook 0.5 wrote into that page's HTML: headings with every kind of text
//! (smart punctuation, code, entities, emphasis, links, images, footnotes,
//! inline HTML, non-ASCII, emoji), repeats and collisions with suffixes,
//! `{#custom}` and `{.class}` attributes, definition terms, headings inside
//! quotes, lists and admonitions, raw HTML headings and ids.

use handbook_core::html::start_tags;
use handbook_core::markdown::{self, MarkdownOptions};
use handbook_core::outline::Outline;
use handbook_links::check::fix_link;
use handbook_links::scan::page;
use mdbook_driver::MDBook;
use std::collections::BTreeSet;
use std::path::Path;

const PAGE: &str = r#"# Ids as mdBook writes them

## Foo -- bar

## Don't stop "now"...

## C++ & Rust &amp; `Vec<T>`

## *Emphasis*, **strong** and ~~struck~~

## A [link](other.md) and an image ![alt text](pic.png) here

## Footnote here[^fn]

## Inline <span id="inline-span">html</span> text

## Ünïcode Straße ΣΊΣΥΦΟΣ

## 中文標題 CJK title

## Emoji 🐙 rocket 🚀

## Trailing hashes ##

## Repeat

## Repeat

## Repeat-1

## Repeat

## Custom one {#my-custom}

## Custom one

## Classes only {.wide}

## Both {#both-id .wide}

##

##

Setext heading
over two lines
--------------

> ## In a quote

- ## In a list item

> [!NOTE]
> ## In an admonition

Term *one*
: Definition.

`code term`
: Definition.

<h2>Raw heading</h2>

<h2 id="raw-with-id">Raw with id</h2>

<div id="block-div">

## Inside a div block

</div>

Tab	separated and  double  spaced

## Tab	in	heading

## 1.2.3 Version: numbers_and-dashes

[^fn]: The note.
"#;

/// Every `id` attribute inside `<main>` of a page mdBook wrote.
fn ids_in_html(html: &str) -> BTreeSet<String> {
    let main = html
        .split_once("<main>")
        .and_then(|(_, rest)| rest.split_once("</main>"))
        .map_or(html, |(main, _)| main);
    start_tags(main)
        .iter()
        .filter_map(|tag| tag.attribute("id").map(|a| a.value.clone()))
        .collect()
}

fn build(root: &Path) {
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"Ids\"\n").unwrap();
    std::fs::write(
        root.join("src/SUMMARY.md"),
        "# Summary\n\n- [Ids](ids.md)\n- [Other](other.md)\n- [Part](part/README.md)\n",
    )
    .unwrap();
    std::fs::write(root.join("src/ids.md"), PAGE).unwrap();
    std::fs::write(
        root.join("src/other.md"),
        "# Other\n\n[a](ids.md#x) [b](README.mdx) [c](ids.md?q=1#y) [d](pic.md.png) <a href=\"ids.mdz#k\">e</a> [f](/ids.md) [g](sub/)\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("src/part")).unwrap();
    std::fs::write(
        root.join("src/part/README.md"),
        "# Part\n\n[self](README.md) [index](index.md)\n",
    )
    .unwrap();
    let book = MDBook::load(root).unwrap_or_else(|e| panic!("loading the book: {e:#}"));
    book.build().unwrap_or_else(|e| panic!("mdbook build failed: {e:#}"));
}

#[test]
fn heading_ids_match_real_mdbook_output() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let html = std::fs::read_to_string(dir.path().join("book/ids.html")).unwrap();
    let written = ids_in_html(&html);
    let expected: BTreeSet<String> = Outline::read(PAGE, &MarkdownOptions::default())
        .anchors
        .into_iter()
        .collect();
    assert!(written.len() > 30, "too few ids read from mdBook's page: {written:?}");
    assert_eq!(expected, written, "ours (left) against mdBook's (right)");
}

#[test]
fn link_rewrites_match_real_mdbook_output() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let html = std::fs::read_to_string(dir.path().join("book/other.html")).unwrap();
    let main = html
        .split_once("<main>")
        .and_then(|(_, rest)| rest.split_once("</main>"))
        .map_or(html.as_str(), |(main, _)| main);
    let written: Vec<String> = start_tags(main)
        .iter()
        .filter(|t| t.name == "a" && t.attribute("class").is_none())
        .filter_map(|t| t.attribute("href").map(|a| a.value.clone()))
        .collect();
    let source = std::fs::read_to_string(dir.path().join("src/other.md")).unwrap();
    let ours: Vec<String> = page::scan(&source, &MarkdownOptions::default(), None)
        .links()
        .map(|l| fix_link(&l.dest))
        .collect();
    assert_eq!(ours, written);
    // The parser the check uses is the one mdBook renders with.
    assert!(markdown::events(PAGE, &MarkdownOptions::default()).len() > 50);
}

/// `links-readme` rests on this: mdBook writes a `README.md` chapter as
/// `index.html`, writes no `README.html`, and turns a link to `README.md`
/// into `README.html`, while a link to `index.md` reaches the page.
#[test]
fn a_readme_chapter_is_index_html_and_a_link_to_it_is_not() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let out = dir.path().join("book/part");
    assert!(out.join("index.html").is_file());
    assert!(!out.join("README.html").exists());
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let main = html
        .split_once("<main>")
        .and_then(|(_, rest)| rest.split_once("</main>"))
        .map_or(html.as_str(), |(main, _)| main);
    let hrefs: Vec<String> = start_tags(main)
        .iter()
        .filter(|t| t.name == "a" && t.attribute("class").is_none())
        .filter_map(|t| t.attribute("href").map(|a| a.value.clone()))
        .collect();
    assert_eq!(hrefs, ["README.html", "index.html"]);
}

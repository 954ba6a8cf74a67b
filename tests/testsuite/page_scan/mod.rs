//! The hostile corpus's page check: every built page through html5ever's
//! tokenizer, failing on anything a book's text made into markup the suite
//! did not intend, and on hostile text that vanished instead of showing.

use crate::hostile::Shows;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, EndTag, StartTag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// Tokenizes every built page; fails on any marker element or attribute, event
/// handler, script URL or swallowing element, and checks the `shows` text.
pub(crate) fn check_pages(label: &str, out: &Path, shows: &[Shows]) {
    let mut pages = Vec::new();
    html_files(out, &mut pages);
    if !out.exists() {
        assert!(shows.is_empty(), "{label}: no HTML was built");
        return;
    }
    assert!(!pages.is_empty(), "{label}: no HTML page in {}", out.display());
    let mut problems = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let shown = page.strip_prefix(out).unwrap_or(page).display().to_string();
        let scan = scan_html(&html);
        problems.extend(scan.problems.iter().map(|p| format!("{shown}:{p}")));
        // The suite keeps its state in memory: no comment or marker of it reaches a page.
        if html.contains("<!-- mdbook-handbook:") || html.contains("<style data-mdbook-handbook") {
            problems.push(format!("{shown}: carries the suite's bookkeeping (`mdbook-handbook:`)"));
        }
        for want in shows.iter().filter(|s| s.page == shown) {
            for text in &want.text {
                if !scan.readable.contains(text.as_str()) {
                    problems.push(format!("{shown}: does not show {text:?}; it shows:\n{}", scan.readable));
                }
            }
            for text in &want.whole {
                if !scan.text_nodes.split(TAG).any(|node| node.contains(text.as_str())) {
                    problems.push(format!(
                        "{shown}: {text:?} is not one piece of text (an element splits it or it is gone)"
                    ));
                }
            }
        }
    }
    for want in shows {
        if !pages
            .iter()
            .any(|p| p.strip_prefix(out).is_ok_and(|s| s == Path::new(&want.page)))
        {
            problems.push(format!("{}: no such page was built", want.page));
        }
    }
    assert!(problems.is_empty(), "{label}:\n{}", problems.join("\n"));
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    out.sort();
}

/// What the tokenizer saw of one page.
#[derive(Default)]
struct PageScan {
    /// `line: what` for each element or attribute that must not exist.
    problems: Vec<String>,
    /// Decoded text of `<main>`, and its `title`, `alt` and `aria-label` values, one per line.
    readable: String,
    /// Decoded text of `<main>` with [`TAG`] where any tag stands: `whole` strings must fit between two.
    text_nodes: String,
}

/// Stands for a tag in [`PageScan::text_nodes`].
const TAG: char = '\u{1}';

#[derive(Default)]
struct Sink {
    scan: RefCell<PageScan>,
    /// Inside `<svg>`/`<math>`: CDATA sections are real there, and `<style>`/`<title>` are not raw text.
    foreign_depth: RefCell<usize>,
    in_main: RefCell<bool>,
    /// Inside `<script>`/`<style>` of the HTML namespace.
    in_raw: RefCell<Option<String>>,
}

const MARKERS: &[&str] = &["hb-evil", "hbevil"];
/// Elements no page of mdBook or the suite has, which would swallow or replace what follows.
const SWALLOWING: &[&str] = &["textarea", "xmp", "plaintext", "object", "embed", "frameset", "applet"];
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "poster",
    "srcdoc",
];

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        match token {
            TagToken(tag) => {
                let name = tag.name.to_string();
                let mut problems = Vec::new();
                if MARKERS.iter().any(|m| name.contains(m)) {
                    problems.push(format!("{line}: a <{name}> element"));
                }
                if tag.kind == StartTag && name == "script" && *self.foreign_depth.borrow() > 0 {
                    problems.push(format!("{line}: a <script> inside <svg>"));
                }
                if tag.kind == StartTag && SWALLOWING.contains(&name.as_str()) {
                    problems.push(format!("{line}: a <{name}> element"));
                }
                for attr in &tag.attrs {
                    let key = attr.name.local.to_string();
                    let value = attr.value.to_string();
                    if MARKERS.iter().any(|m| key.contains(m)) {
                        problems.push(format!("{line}: attribute `{key}` on <{name}>"));
                    }
                    if key.starts_with("on") {
                        problems.push(format!("{line}: event handler `{key}={value}` on <{name}>"));
                    }
                    if URL_ATTRIBUTES.contains(&key.as_str()) && !allowed_url(&value) {
                        problems.push(format!("{line}: script URL `{key}={value}` on <{name}>"));
                    }
                    if *self.in_main.borrow() && matches!(key.as_str(), "title" | "alt" | "aria-label" | "xlink:title")
                    {
                        let mut scan = self.scan.borrow_mut();
                        scan.readable.push('\n');
                        scan.readable.push_str(&value);
                        scan.readable.push('\n');
                    }
                }
                self.scan.borrow_mut().problems.extend(problems);
                if *self.in_main.borrow() {
                    self.scan.borrow_mut().text_nodes.push(TAG);
                }
                let foreign = *self.foreign_depth.borrow() > 0;
                match (tag.kind, name.as_str()) {
                    (StartTag, "main") => *self.in_main.borrow_mut() = true,
                    (EndTag, "main") => *self.in_main.borrow_mut() = false,
                    (StartTag, "svg" | "math") if !tag.self_closing => *self.foreign_depth.borrow_mut() += 1,
                    (EndTag, "svg" | "math") => {
                        let mut depth = self.foreign_depth.borrow_mut();
                        *depth = depth.saturating_sub(1);
                    }
                    (EndTag, _) => *self.in_raw.borrow_mut() = None,
                    (StartTag, raw @ ("script" | "style")) if !foreign => {
                        *self.in_raw.borrow_mut() = Some(raw.to_owned());
                        return TokenSinkResult::RawData(if raw == "script" {
                            RawKind::ScriptData
                        } else {
                            RawKind::Rawtext
                        });
                    }
                    (StartTag, "noscript" | "iframe" | "noembed" | "noframes" | "xmp") if !foreign => {
                        return TokenSinkResult::RawData(RawKind::Rawtext);
                    }
                    (StartTag, "textarea" | "title") if !foreign => return TokenSinkResult::RawData(RawKind::Rcdata),
                    (StartTag, "plaintext") if !foreign => return TokenSinkResult::Plaintext,
                    _ => {}
                }
            }
            CharacterTokens(text) => {
                let raw = self.in_raw.borrow().clone();
                if let Some(raw) = raw {
                    if raw == "script" && MARKERS.iter().any(|m| text.contains(m)) {
                        self.scan
                            .borrow_mut()
                            .problems
                            .push(format!("{line}: a script holding a marker: {text}"));
                    }
                } else if *self.in_main.borrow() {
                    let mut scan = self.scan.borrow_mut();
                    scan.readable.push_str(&text);
                    scan.text_nodes.push_str(&text);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        *self.foreign_depth.borrow() > 0
    }
}

/// The tokenizer has decoded `value` as a browser does; this reads it as the
/// URL standard does (C0 controls and spaces at the ends and tabs and line
/// breaks anywhere dropped, the scheme up to `:`) and allows only http,
/// https, mailto, relative links and raster `data:image/`. Written apart from
/// the suite's `html::safe_url` on purpose: one must not vouch for the other.
fn allowed_url(value: &str) -> bool {
    let url: String = value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let Some((scheme, rest)) = url.split_once(':') else {
        return true;
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !is_scheme {
        return true;
    }
    match scheme {
        "http" | "https" | "mailto" => true,
        "data" => {
            let mime = rest.split([',', ';']).next().unwrap_or_default().trim();
            ["image/png", "image/gif", "image/jpeg", "image/webp"].contains(&mime)
        }
        _ => false,
    }
}

fn scan_html(html: &str) -> PageScan {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.scan.take()
}

/// `whole` text is split by any element, one the suite inserted included.
#[test]
fn a_url_split_by_a_link_is_not_whole() {
    let nodes = |html: &str| scan_html(html).text_nodes;
    let split =
        nodes("<main><p>at https://x.example/<a href=\"g.html\"><abbr title=\"t\">API</abbr></a>/y.</p></main>");
    assert!(
        !split.split(TAG).any(|n| n.contains("https://x.example/API/y")),
        "{split:?}"
    );
    let whole = nodes("<main><p>at https://x.example/API/y &amp; more</p></main>");
    assert!(
        whole.split(TAG).any(|n| n.contains("https://x.example/API/y & more")),
        "{whole:?}"
    );
}

/// The checker itself must see injections, or every case would pass vacuously.
#[test]
fn the_page_check_finds_injected_markup() {
    let bad = [
        "<p><hb-evil>x</hb-evil></p>",
        "<abbr title=\"x\" hbevil=\"1\">t</abbr>",
        "<img src=x onerror=alert(1)>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
        "<svg><a xlink:href=\"&#0000000106;avascript:alert(1)\">x</a></svg>",
        "<svg><a xlink:href=\"&#106avascript:alert(1)\">x</a></svg>",
        "<a href=\"java&Tab;script&colon;x\">x</a>",
        "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">",
        "<a href=\"&#1; vbscript:x\">x</a>",
        "<svg><![CDATA[x]]><hb-evil/></svg>",
        "<textarea>x</textarea>",
        "<script>alert('hbevil')</script>",
        "<svg><script>alert(1)</script></svg>",
        "<!-- x --><hb-evil>",
    ];
    for html in bad {
        assert!(!scan_html(html).problems.is_empty(), "not caught: {html}");
    }
    let fine = [
        "<main><p>&lt;hb-evil&gt; and hbevil= as text</p></main>",
        "<abbr title=\"&lt;hb-evil onmouseover=x&gt;\">t</abbr>",
        "<!-- <hb-evil> in a comment -->",
        "<svg><text>&lt;hb-evil&gt;</text><title>&lt;hb-evil&gt;</title></svg>",
        "<style>.x::after { content: \"<hb-evil>\" }</style>",
        "<title>&lt;hb-evil&gt;</title>",
    ];
    for html in fine {
        assert!(
            scan_html(html).problems.is_empty(),
            "false alarm: {html}: {:?}",
            scan_html(html).problems
        );
    }
    let scan = scan_html("<main><p>&lt;hb-evil&gt;</p><abbr title=\"a &quot;b&quot;\">t</abbr></main>");
    assert!(
        scan.readable.contains("<hb-evil>") && scan.readable.contains("a \"b\""),
        "{}",
        scan.readable
    );
}

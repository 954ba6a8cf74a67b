//! Where a chapter holds math: bytes that read as words but belong to a
//! math renderer (MathJax, KaTeX), so nothing may be inserted into them.
//!
//! mdBook 0.5.4 does not turn on pulldown-cmark's math extension, so its
//! own parse shows `$x$` as text. Math is found by a second parse with the
//! same options plus `ENABLE_MATH`: the parser's `InlineMath`/`DisplayMath`
//! events give `$…$` and `$$…$$` with pulldown-cmark's rules (no math in code,
//! `$5 and $10` is not math). With `output.html.mathjax-support` on,
//! MathJax 2 (what mdBook 0.5.4 loads) also reads `\(…\)` and `\[…\]` in the
//! rendered page, which authors write `\\(…\\)` and `\\[…\\]` in markdown.

use crate::markdown::MarkdownOptions;
use crate::spans::Spans;
use mdbook_markdown::pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::Value;
use std::ops::Range;

/// `output.html.mathjax-support` of the book config.
pub fn mathjax_support(config: &Value) -> bool {
    config
        .pointer("/output/html/mathjax-support")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// Whether the book's pages have their math drawn: MathJax
/// (`output.html.mathjax-support`) or a KaTeX preprocessor (`[preprocessor.katex]`,
/// or any table whose name or `command` names katex). Only then is a link
/// written inside `$…$`/`$$…$$` not a link to a reader (issue 25: mdbook-katex
/// turns `$$[w](k)$$` into math before mdBook's parser could make it a link).
pub fn renders_math(config: &Value) -> bool {
    let katex = |(name, table): (&String, &Value)| {
        let command = table.get("command").and_then(Value::as_str).unwrap_or_default();
        name.to_ascii_lowercase().contains("katex") || command.to_ascii_lowercase().contains("katex")
    };
    mathjax_support(config)
        || config
            .get("preprocessor")
            .and_then(Value::as_object)
            .is_some_and(|tables| tables.iter().any(katex))
}

/// The byte ranges of `text` that are math, delimiters included, in order.
/// `mathjax`: also MathJax's `\\(…\\)` and `\\[…\\]` outside code.
pub fn ranges(text: &str, options: &MarkdownOptions, mathjax: bool) -> Vec<Range<usize>> {
    let dollars = may_hold_dollar_math(text);
    let backslashes = mathjax && (text.contains("\\\\(") || text.contains("\\\\["));
    if !dollars && !backslashes {
        return Vec::new();
    }
    let mut math = Vec::new();
    let mut code = Vec::new();
    let mut options = mdbook_parser_options(options);
    options.insert(Options::ENABLE_MATH);
    crate::markdown::count_parse();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::InlineMath(_) | Event::DisplayMath(_) => math.push(range),
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::CodeBlock(_)) => {
                code.push(range)
            }
            _ => {}
        }
    }
    if backslashes {
        let code = Spans::new(code);
        for (open, close) in [("\\\\(", "\\\\)"), ("\\\\[", "\\\\]")] {
            let taken = Spans::new(math.clone());
            math.extend(delimited(text, open, close, &code, &taken));
        }
        math.sort_by_key(|r| r.start);
    }
    math
}

/// The parser's rule, as a byte test that skips the second parse: `$$`, or a
/// `$` before a non-space and a later `$` after one (`$5 and $10` is neither).
fn may_hold_dollar_math(text: &str) -> bool {
    if text.contains("$$") {
        return true;
    }
    let opens = text
        .match_indices('$')
        .find(|(i, _)| text[i + 1..].chars().next().is_some_and(|c| !c.is_whitespace()))
        .map(|(i, _)| i);
    let closes = text
        .rmatch_indices('$')
        .find(|(i, _)| text[..*i].chars().next_back().is_some_and(|c| !c.is_whitespace()))
        .map(|(i, _)| i);
    matches!((opens, closes), (Some(o), Some(c)) if c > o + 1)
}

/// `open…close` pairs outside `code` and not inside `taken`; a pair never spans a blank line.
fn delimited(text: &str, open: &str, close: &str, code: &Spans, taken: &Spans) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(open) {
        let start = from + i;
        from = start + open.len();
        if code.contains(start) || taken.contains(start) {
            continue;
        }
        let Some(len) = text[from..].find(close) else { break };
        let end = from + len + close.len();
        let body = &text[from..from + len];
        if body.contains("\n\n") || body.contains("\n\r\n") {
            continue;
        }
        out.push(start..end);
        from = end;
    }
    out
}

/// The parser options `mdbook_markdown::new_cmark_parser` builds, which it
/// does not expose; a test checks both parsers agree event for event.
fn mdbook_parser_options(options: &MarkdownOptions) -> Options {
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        opts.insert(Options::ENABLE_SMART_PUNCTUATION);
    }
    if options.definition_lists {
        opts.insert(Options::ENABLE_DEFINITION_LIST);
    }
    if options.admonitions {
        opts.insert(Options::ENABLE_GFM);
    }
    opts
}

#[cfg(test)]
mod tests {

    #[test]
    fn math_is_drawn_with_mathjax_or_a_katex_preprocessor_only() {
        let drawn = |config: serde_json::Value| renders_math(&config);
        assert!(drawn(
            serde_json::json!({"output": {"html": {"mathjax-support": true}}})
        ));
        assert!(drawn(
            serde_json::json!({"preprocessor": {"katex": {"macros": "m.txt"}}})
        ));
        assert!(drawn(
            serde_json::json!({"preprocessor": {"maths": {"command": "mdbook-katex"}}})
        ));
        assert!(!drawn(
            serde_json::json!({"preprocessor": {"handbook": {}, "mermaid": {"command": "mdbook-mermaid"}}})
        ));
        assert!(!drawn(serde_json::json!({})));
    }

    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    proptest! {
        /// The byte test lets through every text in which the parser finds math.
        #[test]
        fn the_byte_test_is_never_stricter_than_the_parser(text in "[$ a5\n`>*_\\\\]{0,24}") {
            let mut options = mdbook_parser_options(&MarkdownOptions::default());
            options.insert(Options::ENABLE_MATH);
            let parsed = Parser::new_ext(&text, options)
                .any(|e| matches!(e, Event::InlineMath(_) | Event::DisplayMath(_)));
            prop_assert!(!parsed || may_hold_dollar_math(&text), "{:?}", text);
        }
    }

    fn math(text: &str, mathjax: bool) -> Vec<&str> {
        ranges(text, &MarkdownOptions::default(), mathjax)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn dollar_math_by_the_parsers_rules() {
        assert_eq!(
            math("The $API_x$ and\n\n$$\nAPI + 1\n$$\n", false),
            ["$API_x$", "$$\nAPI + 1\n$$"]
        );
        assert_eq!(math("It costs $5 and $10 per API.", false), Vec::<&str>::new());
        assert_eq!(math("`$API$` and\n\n```\n$API$\n```\n", false), Vec::<&str>::new());
        assert_eq!(math("> quoted $$a\n> b$$ here", false), ["$$a\n> b$$"]);
    }

    #[test]
    fn mathjax_delimiters_only_when_mathjax_is_on() {
        let text = "Inline \\\\( API \\\\) and\n\\\\[\nx = API\n\\\\]\nand `\\\\(code\\\\)`.";
        assert_eq!(math(text, true), ["\\\\( API \\\\)", "\\\\[\nx = API\n\\\\]"]);
        assert_eq!(math(text, false), Vec::<&str>::new());
        assert_eq!(math("\\\\( open\n\nnever closed \\\\)", true), Vec::<&str>::new());
        assert_eq!(math("$a \\\\( b$ \\\\)", true), ["$a \\\\( b$"]);
    }

    #[test]
    fn the_byte_test_never_misses_what_the_parser_finds() {
        for text in [
            "$x$",
            "a$x$b",
            "$$ x $$",
            "$x$5",
            "$5 and $10",
            "$ x $",
            "costs $5",
            "$x\n$",
            "$a$ $",
        ] {
            let mut options = mdbook_parser_options(&MarkdownOptions::default());
            options.insert(Options::ENABLE_MATH);
            let parsed =
                Parser::new_ext(text, options).any(|e| matches!(e, Event::InlineMath(_) | Event::DisplayMath(_)));
            assert!(!parsed || may_hold_dollar_math(text), "{text:?}");
        }
        assert!(!may_hold_dollar_math("It costs $5 and $10.") && !may_hold_dollar_math("$ alone"));
    }

    #[test]
    fn reads_the_mathjax_key() {
        assert!(mathjax_support(&json!({"output": {"html": {"mathjax-support": true}}})));
        assert!(!mathjax_support(&json!({"output": {"html": {}}})));
    }

    /// If mdbook-markdown ever parses with other options, this fails and the copy is updated.
    #[test]
    fn the_options_are_mdbooks() {
        let samples = [
            "# H {#id .c}\n\n| a | b |\n|---|---|\n| `x` | ~~y~~ |\n\n- [x] done\n\nTerm\n: def[^1]\n\n[^1]: n\n",
            "> [!NOTE]\n> \"quoted\" -- text...\n\n<div>x</div>\n",
        ];
        for flags in 0..8u8 {
            let mut o = MarkdownOptions::default();
            o.smart_punctuation = flags & 1 != 0;
            o.definition_lists = flags & 2 != 0;
            o.admonitions = flags & 4 != 0;
            for text in samples {
                let ours: Vec<_> = Parser::new_ext(text, mdbook_parser_options(&o))
                    .into_offset_iter()
                    .collect();
                let theirs: Vec<_> = mdbook_markdown::new_cmark_parser(text, &o).into_offset_iter().collect();
                assert_eq!(ours, theirs, "{flags} {text}");
            }
        }
    }
}

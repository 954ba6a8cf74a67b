//! Properties of the core over generated input, bounded so the normal test
//! run stays fast (a few hundred cases each).

use handbook_core::meta::{PageMeta, front_matter, header_block};
use handbook_core::protocol::{self, Context};
use handbook_core::{CoreOnly, ProtocolBook, Splice, apply_splices, date, directive, markdown, status};
use proptest::prelude::*;
use serde_json::json;

/// Markdown-ish text: the characters that make markdown interesting, CRLF,
/// tabs, multi-byte characters and the suite's own markers.
fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "#",
        " ",
        "\n",
        "\r\n",
        "\t",
        "*",
        "_",
        "-",
        "---",
        "+++",
        ">",
        "|",
        "`",
        "```",
        "~~~",
        "[",
        "]",
        "(",
        ")",
        "!",
        "<",
        ">",
        "&",
        "\\",
        ":",
        "**Status**: ",
        "{{#",
        "}}",
        "<!--",
        "-->",
        "é",
        "日本",
        "🦀",
        "\u{200b}",
        "\u{202e}",
        "text",
        "key: value",
        "1. ",
        "- ",
        "    ",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn book_with(content: &str) -> ProtocolBook {
    let value = json!({"items": [{"Chapter": {"name": "c", "content": content, "number": null, "sub_items": [],
        "path": "c.md", "source_path": "c.md", "parent_names": []}}]});
    ProtocolBook::from_value(value).unwrap()
}

fn through_core(content: &str) -> String {
    let ctx = Context::new("/b".into(), "html", protocol::BUILT_FOR_MDBOOK, json!({}));
    let outcome = protocol::process(&CoreOnly, &ctx, book_with(content)).unwrap();
    outcome.book.chapters()[0].content.clone()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn a_chapter_without_front_matter_comes_back_byte_identical(text in markdownish()) {
        let starts_like_front_matter = {
            let t = text.trim_start_matches('\u{feff}');
            t.starts_with("---") || t.starts_with("+++") || t.starts_with("<!--")
        };
        prop_assume!(!starts_like_front_matter);
        prop_assert_eq!(through_core(&text), text);
    }

    #[test]
    fn the_core_is_idempotent_and_deterministic(text in markdownish()) {
        let once = through_core(&text);
        prop_assert_eq!(through_core(&text), once.clone());
        prop_assert_eq!(through_core(&once), once);
    }

    #[test]
    fn front_matter_taken_off_keeps_its_fields_lines_and_the_rest(body in "[a-z]{1,8}: [ -~]{0,20}", extra in markdownish()) {
        let text = format!("---\n{body}\n---\n{extra}");
        if let front_matter::FrontMatterScan::Found(fm) = front_matter::scan(&text) {
            let chapter = handbook_core::book::Chapter::synthetic("p", "p.md", &text);
            prop_assert_eq!(&chapter.content, &text[fm.span.end..]);
            prop_assert_eq!(chapter.first_line(), 1 + text[..fm.span.end].matches('\n').count());
            prop_assert_eq!(chapter.front_matter().map(|f| &f.fields), Some(&fm.fields));
            let blanked = front_matter::blanked(&text, &fm);
            prop_assert_eq!(blanked.len(), text.len());
            prop_assert_eq!(blanked.matches('\n').count(), text.matches('\n').count());
            prop_assert_eq!(&blanked[fm.span.end..], &text[fm.span.end..]);
            prop_assert_eq!(front_matter::scan(&blanked), front_matter::FrontMatterScan::None);
        }
    }

    #[test]
    fn splices_never_cut_a_character_or_panic(text in markdownish(), cuts in prop::collection::vec((0usize..200, 0usize..20), 0..6)) {
        let splices: Vec<Splice> = cuts.iter().map(|&(s, l)| Splice::new(s..s + l, "<x>")).collect();
        let splits_a_char = splices.iter().any(|s| {
            [s.range.start, s.range.end].iter().any(|&o| o <= text.len() && !text.is_char_boundary(o))
        });
        if let Ok(out) = apply_splices(&text, &splices) {
            prop_assert!(!splits_a_char, "a splice inside a character was applied");
            let removed: usize = splices.iter().map(|s| s.range.len()).sum();
            prop_assert_eq!(out.len(), text.len() - removed + 3 * splices.len());
        }
    }

    #[test]
    fn block_splices_at_any_event_keep_utf8(text in markdownish()) {
        let options = markdown::MarkdownOptions::default();
        for (_, range) in markdown::parse(&text, &options).take(20) {
            let splice = Splice::block(&text, range, "<div>\n</div>\n");
            if let Ok(out) = apply_splices(&text, &[splice]) {
                prop_assert!(out.contains("<div>"));
            }
        }
    }

    #[test]
    fn readers_never_panic_on_any_text(text in markdownish(), raw in ".{0,80}") {
        for t in [&text, &raw] {
            let _ = PageMeta::read(&handbook_core::book::Chapter::synthetic("p", "p.md", t));
            let _ = header_block::scan_bottom(t);
            let _ = date::parse_date(t);
            let _ = date::parse_period(t);
            let _ = status::StatusWords::default().status(t);
            let _ = directive::find_in_text(t, &["status", "adr-index"], &markdown::MarkdownOptions::default());
        }
    }
}

/// Splices at line starts and line ends, as preprocessors make them: each
/// `(line, at_end, lines_replaced, replacement_lines)`.
fn line_splices(text: &str, picks: &[(usize, bool, usize, usize)]) -> Vec<Splice> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut splices: Vec<Splice> = Vec::new();
    let mut taken = 0;
    for &(line, at_end, replaced, added) in picks {
        let Some(&start) = starts.get(line % starts.len()) else {
            continue;
        };
        let start = if at_end {
            text[start..].find('\n').map_or(text.len(), |e| start + e)
        } else {
            start
        };
        let end = starts
            .iter()
            .copied()
            .filter(|&s| s > start)
            .nth(replaced.saturating_sub(1))
            .unwrap_or(text.len());
        let end = if replaced == 0 { start } else { end };
        if start < taken || end < start {
            continue;
        }
        let replacement: String = (0..added).map(|i| format!("R{i}\n")).collect();
        let replacement = if at_end {
            format!("\n{replacement}").trim_end().to_owned()
        } else {
            replacement
        };
        splices.push(Splice::new(start..end, replacement));
        taken = end.max(start + 1);
    }
    splices
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// After any two rounds of splices, every line still exactly as the author
    /// wrote it maps back to its own line number.
    #[test]
    fn source_lines_name_the_authors_line(
        n in 1usize..30,
        first in prop::collection::vec((0usize..40, any::<bool>(), 0usize..4, 0usize..5), 0..5),
        second in prop::collection::vec((0usize..60, any::<bool>(), 0usize..4, 0usize..5), 0..5),
    ) {
        use handbook_core::source_lines::SourceLines;
        let source: String = (1..=n).map(|k| format!("L{k}\n")).collect();
        let mut map = SourceLines::default();
        let mut text = source.clone();
        for picks in [&first, &second] {
            let splices = line_splices(&text, picks);
            let Ok(next) = apply_splices(&text, &splices) else { continue };
            map = map.after_splices(&text, &splices);
            text = next;
        }
        for (i, line) in text.lines().enumerate() {
            if let Some(k) = line.strip_prefix('L').and_then(|k| k.parse::<usize>().ok()) {
                prop_assert_eq!(map.source_line(i + 1), k, "line {} of {:?}", i + 1, text);
            }
        }
    }
}

//! Chapters -> the diagram fences in them, with their captions. Never fails.

use crate::kind::Kind;
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level, protocol::Context};
use std::ops::Range;

/// One fenced diagram, where it is and what the author said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    pub chapter: usize,
    /// The whole fenced block, opening fence to closing fence.
    pub range: Range<usize>,
    /// 1-based line of the opening fence.
    pub line: usize,
    pub kind: Kind,
    pub source: String,
    pub caption: Captions,
}

/// `title="..." alt="..." caption="..." draw=...` from the info string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Captions {
    pub title: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    /// `draw=browser` or `draw=build` on a Mermaid fence: where this one diagram is drawn,
    /// whatever the book's `mermaid` mode says.
    pub draw: Option<DrawAt>,
}

/// Where one Mermaid diagram is drawn, when its fence says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawAt {
    Build,
    Browser,
}

const KEYS: &str = "the keys are title, alt, caption, draw";

/// Every diagram fence of every chapter with a page.
pub fn fences(ctx: &Context, chapters: &[Chapter], diagnostics: &mut Diagnostics) -> Vec<Fence> {
    let mut out = Vec::new();
    for (index, chapter) in chapters.iter().enumerate().filter(|(_, c)| !c.is_draft()) {
        let text = &chapter.content;
        if !may_have_diagram(text) {
            continue;
        }
        let outline = chapter.outline(&ctx.markdown);
        for block in &outline.code_blocks {
            let Some(info) = block.info.as_deref() else {
                continue;
            };
            let mut words = info.splitn(2, char::is_whitespace);
            let Some(kind) = Kind::from_info_word(words.next().unwrap_or_default()) else {
                continue;
            };
            let line = outline.line(block.range.start);
            let caption = parse_captions(words.next().unwrap_or_default()).unwrap_or_else(|message| {
                diagnostics
                    .push(Diagnostic::new(Level::Warning, "diagram-info", message).at(ctx.display_path(chapter), line));
                Captions::default()
            });
            if caption.draw.is_some() && kind != Kind::Mermaid {
                diagnostics.push(
                    Diagnostic::new(
                        Level::Warning,
                        "diagram-info",
                        format!(
                            "`draw=` is for Mermaid fences (Mermaid's script can draw in the browser); this {} diagram is drawn at build time",
                            kind.name()
                        ),
                    )
                    .at(ctx.display_path(chapter), line),
                );
            }
            out.push(Fence {
                chapter: index,
                range: block.range.clone(),
                line,
                kind,
                source: block.body(&chapter.content).to_owned(),
                caption,
            });
        }
    }
    out
}

/// False when no fence in `text` opens with a diagram's info word: such a
/// chapter (most of a book) has no outline built here. It errs towards parsing: any
/// run of three fence characters counts, in code or not, and an info word
/// with a character reference or escape (`mer&#109;aid`) counts as maybe.
fn may_have_diagram(text: &str) -> bool {
    ["```", "~~~"].into_iter().any(|fence| {
        handbook_core::search::find_all(text, fence).any(|i| {
            let after = text
                .get(i..)
                .unwrap_or_default()
                .trim_start_matches(|c| fence.starts_with(c));
            let word = after
                .trim_start_matches([' ', '\t'])
                .split(char::is_whitespace)
                .next()
                .unwrap_or_default();
            word.contains(['&', '\\']) || Kind::from_info_word(word).is_some()
        })
    })
}

/// Reads `key="value"` pairs (or `key=value` without spaces). Unknown keys and
/// unclosed quotes are errors that name what is accepted.
pub fn parse_captions(rest: &str) -> Result<Captions, String> {
    let mut captions = Captions::default();
    let mut s = rest.trim();
    while !s.is_empty() {
        // mdbook-graphviz's flag (```dot process): such a fence is the suite's once it takes over.
        if let Some(rest) = s
            .strip_prefix("process")
            .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        {
            s = rest.trim_start();
            continue;
        }
        let Some(eq) = s.find('=') else {
            return Err(format!(
                "`{s}` in the fence's info string is not `key=\"value\"`; the keys are title, alt, caption"
            ));
        };
        let key = s[..eq].trim();
        let after = &s[eq + 1..];
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let Some(end) = quoted.find('"') else {
                return Err(format!("the value of `{key}` has no closing quote"));
            };
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        if key == "draw" {
            captions.draw = Some(match value {
                "browser" => DrawAt::Browser,
                "build" => DrawAt::Build,
                other => {
                    return Err(format!(
                        "`draw={other}` in the fence's info string: the values are `browser` (Mermaid's script draws it in the reader's browser) and `build`"
                    ));
                }
            });
            s = next.trim_start();
            continue;
        }
        let slot = match key {
            "title" => &mut captions.title,
            "alt" => &mut captions.alt,
            "caption" => &mut captions.caption,
            other => {
                return Err(format!("unknown key `{other}` in the fence's info string; {KEYS}"));
            }
        };
        *slot = Some(value.to_owned());
        s = next.trim_start();
    }
    Ok(captions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_that_may_hold_a_diagram_are_parsed() {
        for yes in [
            "```mermaid\ngraph TD\n```",
            "text\n> ~~~~  dot title=\"x\"\n",
            "```rust\n```\n\n````d2\n",
            "```mer&#109;aid\n",
            "``` bob",
        ] {
            assert!(may_have_diagram(yes), "{yes}");
        }
        for no in [
            "",
            "```rust\nfn main() {}\n```",
            "mermaid ``",
            "~~~text mermaid\n~~~",
            "``mermaid``",
        ] {
            assert!(!may_have_diagram(no), "{no}");
        }
        // What the filter lets through, the parse still judges: indented code holds no fence.
        let ctx = Context::new(".".into(), "html", "0.5.0", serde_json::json!({}));
        let chapters = [Chapter::synthetic(
            "a",
            "a.md",
            "```rust\nx\n```\n\n    ```mermaid (indented code)\n",
        )];
        assert!(fences(&ctx, &chapters, &mut Diagnostics::new()).is_empty());
    }

    #[test]
    fn captions_quoted_and_bare() {
        let c = parse_captions(r#"title="Order lifecycle" alt=states caption="From <b> to c""#);
        assert_eq!(
            c,
            Ok(Captions {
                title: Some("Order lifecycle".into()),
                alt: Some("states".into()),
                caption: Some("From <b> to c".into()),
                draw: None,
            })
        );
        assert_eq!(parse_captions(""), Ok(Captions::default()));
        // mdbook-graphviz's ```dot process, once the suite draws it.
        assert_eq!(parse_captions("process title=x").map(|c| c.title), Ok(Some("x".into())));
        assert!(parse_captions("processed").is_err());
        assert_eq!(
            parse_captions("draw=browser title=x").map(|c| c.draw),
            Ok(Some(DrawAt::Browser))
        );
    }

    #[test]
    fn bad_captions_name_the_keys() {
        for bad in [r#"titel="x""#, r#"title="x"#, "width", "draw=later"] {
            let e = parse_captions(bad).err().unwrap_or_default();
            assert!(
                e.contains("title") || e.contains("closing quote") || e.contains("`browser`"),
                "{bad}: {e}"
            );
        }
    }
}

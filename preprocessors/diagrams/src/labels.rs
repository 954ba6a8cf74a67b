//! `mermaid-security = "strict"` (the default): an HTML tag an author writes
//! in a Mermaid label is shown as text, as Mermaid documents its own
//! `securityLevel: "strict"` ("HTML tags in the text are encoded"). Mermaid 11
//! itself, and merman after it, keep `<img>`, `<a>` and `<b>` through
//! DOMPurify; the suite does not let a label put an image or a link into a page.
//!
//! The source is rewritten before either renderer sees it: each tag's `<` and
//! `>` become Mermaid's entity codes `#lt;` and `#gt;`, which both renderers
//! turn back into the characters as text, in every diagram type. `<br>` stays:
//! it is Mermaid's documented line break. Arrows (`-->`, `<|--`, `<<->>`) and
//! annotations (`<<interface>>`) are not tags and are left alone.

/// The source with every tag in it (other than `<br>`) made text.
pub fn tags_as_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    let mut previous = '\n';
    while let Some(at) = rest.find('<') {
        let before = &rest[..at];
        out.push_str(before);
        let prev = before.chars().next_back().unwrap_or(previous);
        let candidate = &rest[at..];
        match tag_len(candidate).filter(|_| prev != '<') {
            Some(len) if !is_line_break(&candidate[..len]) => {
                let inner = &candidate[1..len - 1];
                out.push_str("#lt;");
                out.push_str(inner);
                out.push_str("#gt;");
                previous = '>';
                rest = &candidate[len..];
            }
            Some(len) => {
                out.push_str(&candidate[..len]);
                previous = '>';
                rest = &candidate[len..];
            }
            None => {
                out.push('<');
                previous = '<';
                rest = &candidate[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The length of the tag `text` starts with (`<name ...>` or `</name>`), if it is one:
/// a name of letters, digits and `-` that starts with a letter, then a space, `/` or `>`,
/// and a `>` before the line ends or another `<` starts.
fn tag_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('<')?;
    let name = body.strip_prefix('/').unwrap_or(body);
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after_name = name.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-');
    if !after_name.starts_with(['>', '/', ' ', '\t']) {
        return None;
    }
    // Only as far as the first `>`, `<` or line break: each `<` looks at the
    // text up to the next one, so a label of a million `a<b` stays linear.
    let end = text[1..].find(['>', '<', '\n'])? + 1;
    (text.as_bytes()[end] == b'>').then_some(end + 1)
}

fn is_line_break(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches('<')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    name.eq_ignore_ascii_case("br") && !tag.starts_with("</")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_text_and_syntax_stays() {
        assert_eq!(
            tags_as_text("flowchart LR\n  A[<img src=x.png> <b>bold</b>] --> B[line<br>two<br/>three]"),
            "flowchart LR\n  A[#lt;img src=x.png#gt; #lt;b#gt;bold#lt;/b#gt;] --> B[line<br>two<br/>three]"
        );
        for syntax in [
            "classDiagram\n  class Shape {\n    <<interface>>\n  }\n  Shape <|-- Circle",
            "sequenceDiagram\n  A<<->>B: both\n  A-)B: x < y",
            "flowchart LR\n  A[x<y] --> B[z>w]\n  C <--> D",
            "stateDiagram-v2\n  state fork <<fork>>",
            "block-beta\n  arrow<[\"next\"]>(right)",
        ] {
            assert_eq!(tags_as_text(syntax), syntax, "{syntax}");
        }
    }

    #[test]
    fn what_looks_like_a_tag_reads_as_written() {
        assert_eq!(tags_as_text("A->>B: x<y and y>z"), "A->>B: x#lt;y and y#gt;z");
    }

    /// Each `<` used to look to the end of the source for a `>` (quadratic: a
    /// 1.6 MB label of `a<b` took minutes); now only to the next `<` or line
    /// break. The time is pinned by tests/sizes.rs and `bench sizes`.
    #[test]
    fn an_angle_that_closes_after_another_is_no_tag() {
        assert_eq!(tags_as_text("a<b a<b c>"), "a<b a#lt;b c#gt;");
        assert_eq!(tags_as_text("a<b\nc>"), "a<b\nc>");
        assert_eq!(tags_as_text("a<b c"), "a<b c");
    }

    #[test]
    fn a_tag_never_spans_lines() {
        assert_eq!(tags_as_text("A[<b\n>]"), "A[<b\n>]");
        assert_eq!(tags_as_text("<"), "<");
        assert_eq!(tags_as_text("</>"), "</>");
    }
}

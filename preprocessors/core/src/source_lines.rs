//! Where a line of a chapter came from in the author's file.
//!
//! A preprocessor that inserts a card or a banner moves every line below it,
//! and each later preprocessor only sees the text it is handed. So that a
//! diagnostic names the line the author sees in the editor, the core keeps a
//! map from the chapter's current lines to the file's lines and carries it
//! from one preprocessor to the next in a trailing HTML comment (mdBook keeps
//! nothing else between preprocessors). Preprocessors never see the comment:
//! the core takes it off before they run and puts the new map back after.
//! A chapter whose line count no suite preprocessor changed has no comment.

use crate::markdown::{self, MarkdownOptions};
use crate::pulldown_cmark::Event;
use crate::splice::{LineIndex, Splice};

const OPEN: &str = "\n\n<!-- mdbook-handbook:source-lines ";
const CLOSE: &str = " -->\n";

/// A run of lines starting at `start` (1-based, in the current text): each
/// maps to `target + (line - start)`, or, when `fixed`, all to `target`
/// (lines the suite inserted, shown at the line they were inserted at).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    start: usize,
    target: usize,
    fixed: bool,
}

/// Current line → the author's line, as runs. Always starts at line 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLines {
    segments: Vec<Segment>,
}

impl Default for SourceLines {
    fn default() -> Self {
        SourceLines {
            segments: vec![Segment {
                start: 1,
                target: 1,
                fixed: false,
            }],
        }
    }
}

impl SourceLines {
    pub fn is_identity(&self) -> bool {
        *self == SourceLines::default()
    }

    /// Takes the map's comment off the end of `content`. Only a comment the
    /// suite could have written, as the very last thing on the page, is
    /// taken: anything else (the marker shown in a code block, a mangled
    /// one) stays as the author's text, and the map is the identity.
    pub fn take(content: &mut String) -> SourceLines {
        let Some(rest) = content.strip_suffix(CLOSE) else {
            return SourceLines::default();
        };
        let Some(at) = rest.rfind(OPEN) else {
            return SourceLines::default();
        };
        let Some((body, seal)) = rest[at + OPEN.len()..].rsplit_once(" #") else {
            return SourceLines::default();
        };
        // The seal ties the comment to the text above it: a copy of the
        // comment pasted or shown by an author never matches.
        if seal != seal_of(&rest[..at], body)
            || !body
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'=' | b'!' | b' '))
        {
            return SourceLines::default();
        }
        let lines = rest[..at].matches('\n').count() + 1;
        let Some(map) = SourceLines::parse(body).filter(|m| m.segments.iter().all(|s| s.start <= lines + 1)) else {
            return SourceLines::default();
        };
        content.truncate(at);
        map
    }

    fn parse(body: &str) -> Option<SourceLines> {
        let mut segments = Vec::new();
        for part in body.split_whitespace() {
            let (start, target) = part.split_once('=')?;
            let (target, fixed) = match target.strip_suffix('!') {
                Some(t) => (t, true),
                None => (target, false),
            };
            let segment = Segment {
                start: start.parse().ok().filter(|&n| n >= 1)?,
                target: target.parse().ok().filter(|&n| (1..=usize::MAX / 4).contains(&n))?,
                fixed,
            };
            if segments.last().is_some_and(|l: &Segment| l.start >= segment.start) {
                return None;
            }
            segments.push(segment);
        }
        (segments.first()?.start == 1).then_some(SourceLines { segments })
    }

    /// Appends the map's comment to `content`, unless the map is the
    /// identity or the comment would not be an HTML block of its own there
    /// (the page ends inside an unclosed code fence or `<pre>`): a shown
    /// comment would be text the author did not write.
    pub fn put(&self, content: &mut String, options: &MarkdownOptions) {
        let Some(at) = self.put_unchecked(content) else {
            return;
        };
        let comment = at + OPEN.len() - "<!-- mdbook-handbook:source-lines ".len();
        if might_swallow(&content[..at]) && !starts_html_block(content, comment, options) {
            content.truncate(at);
        }
    }

    /// Appends the comment without looking: for text that carried it when it
    /// was handed over, unchanged since. Returns where the comment starts.
    pub fn put_unchecked(&self, content: &mut String) -> Option<usize> {
        if self.is_identity() {
            return None;
        }
        let body: Vec<String> = self
            .segments
            .iter()
            .map(|s| format!("{}={}{}", s.start, s.target, if s.fixed { "!" } else { "" }))
            .collect();
        let body = body.join(" ");
        let seal = seal_of(content, &body);
        let at = content.len();
        content.push_str(OPEN);
        content.push_str(&body);
        content.push_str(" #");
        content.push_str(&seal);
        content.push_str(CLOSE);
        Some(at)
    }

    /// The author's line for `line` of the current text.
    pub fn source_line(&self, line: usize) -> usize {
        let i = self.segments.partition_point(|s| s.start <= line).saturating_sub(1);
        match self.segments.get(i) {
            Some(s) if s.fixed => s.target,
            Some(s) => s.target.saturating_add(line.saturating_sub(s.start)),
            None => line,
        }
    }

    /// The map of the text `splices` make of `before` (whose map is `self`).
    pub fn after_splices(&self, before: &str, splices: &[Splice]) -> SourceLines {
        let mut order: Vec<&Splice> = splices.iter().collect();
        order.sort_by_key(|s| (s.range.start, s.range.end));
        let lines = LineIndex::new(before);
        // New line → line of `before`, built splice by splice.
        let mut edits = SourceLines::default();
        let mut delta: isize = 0;
        for s in order {
            if s.range.is_empty() && s.range.start == before.len() {
                // Appended after the last line (the stylesheet): no line of the page moves.
                continue;
            }
            let (first, last) = (lines.line(s.range.start), lines.line(s.range.end));
            let old_lines = last - first;
            let new_lines = s.replacement.matches('\n').count();
            if old_lines == new_lines {
                continue;
            }
            let new_first = first.saturating_add_signed(delta);
            // Around the replacement: the old line `first` before it (its head)
            // and the old line `last` after it (its tail). Lines holding only
            // the replacement show at `first`; the tail line is `last`.
            let head_empty = s.range.start == 0 || before.as_bytes().get(s.range.start - 1) == Some(&b'\n');
            let rest = &before[s.range.end..];
            let tail_empty = rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n");
            let tail_line = new_first + new_lines;
            if new_lines >= 1 {
                edits.push(Segment {
                    start: new_first + 1,
                    target: first,
                    fixed: true,
                });
            }
            edits.push(if tail_empty {
                Segment {
                    start: tail_line + 1,
                    target: last + 1,
                    fixed: false,
                }
            } else if new_lines == 0 && !head_empty {
                // One line: the old `first` with the replacement and `last`'s tail.
                Segment {
                    start: tail_line + 1,
                    target: last + 1,
                    fixed: false,
                }
            } else {
                Segment {
                    start: tail_line,
                    target: last,
                    fixed: false,
                }
            });
            delta += new_lines as isize - old_lines as isize;
        }
        self.compose(&edits)
    }

    /// A later segment replaces those starting where it starts or after,
    /// so the runs stay sorted whatever the splices looked like.
    fn push(&mut self, segment: Segment) {
        while self.segments.len() > 1 && self.segments.last().is_some_and(|l| l.start >= segment.start) {
            self.segments.pop();
        }
        match self.segments.last_mut() {
            Some(last) if last.start >= segment.start => *last = segment,
            _ => self.segments.push(segment),
        }
    }

    /// `self` after `inner`: new line → (inner) → current line → (self) → source line.
    fn compose(&self, inner: &SourceLines) -> SourceLines {
        let mut out = SourceLines { segments: Vec::new() };
        for (i, s) in inner.segments.iter().enumerate() {
            let end = inner.segments.get(i + 1).map_or(usize::MAX, |n| n.start);
            if s.fixed {
                out.push_merged(Segment {
                    start: s.start,
                    target: self.source_line(s.target),
                    fixed: true,
                });
                continue;
            }
            // Lines s.start.. map to s.target..; cut where `self`'s runs change.
            let span = end.saturating_sub(s.start);
            let outer_end = s.target.saturating_add(span);
            let first = self.segments.partition_point(|o| o.start <= s.target).saturating_sub(1);
            for o in self.segments[first..].iter().take_while(|o| o.start < outer_end) {
                let from = o.start.max(s.target);
                out.push_merged(Segment {
                    start: s.start.saturating_add(from - s.target),
                    target: if o.fixed {
                        o.target
                    } else {
                        o.target.saturating_add(from - o.start)
                    },
                    fixed: o.fixed,
                });
            }
        }
        out
    }

    /// Pushes, folding a segment that merely continues the last one.
    fn push_merged(&mut self, s: Segment) {
        if let Some(last) = self.segments.last() {
            let continues = last.fixed == s.fixed
                && if s.fixed {
                    last.target == s.target
                } else {
                    s.start
                        .checked_sub(last.start)
                        .is_some_and(|d| last.target.saturating_add(d) == s.target)
                };
            if continues {
                return;
            }
        }
        self.push(s);
    }
}

/// Text that may leave a block open to the end of the page: a fence, or a
/// raw-HTML block that only its closing tag or marker ends (`<pre>`,
/// `<script>`, `<style>`, `<textarea>`, `<!--`, `<?`, `<![CDATA[`, `<!X`).
/// The suite's own stylesheet block is closed by construction and ignored.
/// Checked cheaply first; only then is the page parsed.
fn might_swallow(text: &str) -> bool {
    const RAW: [&[u8]; 6] = [b"pre", b"script", b"style", b"textarea", b"!", b"?"];
    const OWN_STYLE: &str = "<style data-mdbook-handbook-style";
    text.contains("```")
        || text.contains("~~~")
        || text.match_indices('<').any(|(i, _)| {
            let after = &text.as_bytes()[i + 1..];
            !text[i..].starts_with(OWN_STYLE)
                && RAW
                    .iter()
                    .any(|tag| after.get(..tag.len()).is_some_and(|a| a.eq_ignore_ascii_case(tag)))
        })
}

/// FNV-1a over the page and the map: stable across builds and toolchains
/// (unlike `DefaultHasher`), cheap, and not meant to resist anyone on purpose.
fn seal_of(page: &str, body: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in page.bytes().chain([0]).chain(body.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn starts_html_block(text: &str, at: usize, options: &MarkdownOptions) -> bool {
    markdown::parse(text, options).any(|(event, range)| range.start == at && matches!(event, Event::Html(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::splice::apply_splices;

    fn lines_of(map: &SourceLines, n: usize) -> Vec<usize> {
        (1..=n).map(|l| map.source_line(l)).collect()
    }

    #[test]
    fn an_inserted_card_maps_to_the_line_it_was_inserted_at() {
        let before = "# T\nbody\nmore\n";
        let at = before.find("body").unwrap_or_default();
        let splice = Splice::new(at..at, "<div>card</div>\n\n");
        let map = SourceLines::default().after_splices(before, std::slice::from_ref(&splice));
        assert_eq!(lines_of(&map, 5), [1, 2, 2, 2, 3]);
        let after = apply_splices(before, &[splice]).unwrap_or_default();
        assert_eq!(after.lines().nth(3), Some("body"));
    }

    #[test]
    fn removed_lines_and_same_count_edits() {
        let before = "a\n{{#x\ny\nz}}\nb\nc\n";
        let start = before.find("{{#").unwrap_or_default();
        let end = before.find("}}").unwrap_or_default() + 2;
        let map = SourceLines::default().after_splices(before, &[Splice::new(start..end, "X"), Splice::new(0..1, "A")]);
        assert_eq!(lines_of(&map, 4), [1, 2, 5, 6]);
    }

    #[test]
    fn maps_compose_across_preprocessors_and_survive_the_comment() {
        let source = "# T\none\ntwo\nthree\n";
        let at = source.find("one").unwrap_or_default();
        let first = [Splice::new(at..at, "card\n\n")];
        let map = SourceLines::default().after_splices(source, &first);
        let mut text = apply_splices(source, &first).unwrap_or_default();
        map.put(&mut text, &MarkdownOptions::default());
        assert!(text.ends_with("-->\n"), "{text}");
        let taken = SourceLines::take(&mut text);
        assert_eq!(taken, map);
        assert_eq!(text, apply_splices(source, &first).unwrap_or_default());
        // A second preprocessor replaces line 4 ("one") with two lines.
        let at = text.find("one").unwrap_or_default();
        let second = [Splice::new(at..at + 3, "1\n1b")];
        let map = taken.after_splices(&text, &second);
        let text = apply_splices(&text, &second).unwrap_or_default();
        let wanted: Vec<usize> = text
            .lines()
            .map(|l| match l {
                "two" => 3,
                "three" => 4,
                "1" | "1b" | "card" | "" => 2,
                _ => 1,
            })
            .collect();
        assert_eq!(lines_of(&map, wanted.len()), wanted, "{text}");
    }

    #[test]
    fn no_comment_for_identity_or_inside_an_unclosed_fence() {
        let mut text = "plain\n".to_owned();
        SourceLines::default().put(&mut text, &MarkdownOptions::default());
        assert_eq!(text, "plain\n");
        let map = SourceLines::default().after_splices("a\nb\n", &[Splice::new(0..0, "x\n")]);
        let mut fenced = "text\n\n```\nnever closed\n".to_owned();
        map.put(&mut fenced, &MarkdownOptions::default());
        assert_eq!(fenced, "text\n\n```\nnever closed\n");
        let mut closed = "```\ncode\n```\n".to_owned();
        map.put(&mut closed, &MarkdownOptions::default());
        assert!(closed.contains("source-lines"), "{closed}");
    }

    #[test]
    fn only_a_well_formed_comment_at_the_very_end_is_taken() {
        let shown = format!("```text{OPEN}1=1 4=3!\n```\n\nVisible.\n\n## Heading\n\nMore -->\nEnd.\n");
        for page in [
            shown,
            format!("page\n{OPEN}1=1 7=x{CLOSE}"),
            format!("page\n{OPEN}1=1 2=18446744073709551615{CLOSE}"),
            format!("page\n{OPEN}1=1 2=0{CLOSE}"),
            format!("page\n{OPEN}1=1 9=2{CLOSE}"),
            format!("page\n{OPEN}1=1 3=2{CLOSE}trailing text\n"),
        ] {
            let mut text = page.clone();
            assert!(SourceLines::take(&mut text).is_identity(), "{page:?}");
            assert_eq!(text, page, "the author's text must stay");
        }
        let sealed = |page: &str, body: &str| format!("{page}{OPEN}{body} #{}{CLOSE}", seal_of(page, body));
        let mut text = sealed("a\nb\nc\n", "1=1 3=2!");
        assert_eq!(SourceLines::take(&mut text).source_line(3), 2);
        assert_eq!(text, "a\nb\nc\n");
        for (page, body) in [
            ("page\n", "1=1 2=18446744073709551615"),
            ("page\n", "1=1 2=0"),
            ("page\n", "1=1 9=2"),
        ] {
            let mut text = sealed(page, body);
            let before = text.clone();
            assert!(SourceLines::take(&mut text).is_identity(), "{body}");
            assert_eq!(text, before);
        }
        let mut pasted = sealed("a\nb\nc\n", "1=1 3=2!").replacen('a', "A", 1);
        let before = pasted.clone();
        assert!(SourceLines::take(&mut pasted).is_identity(), "a seal from other text");
        assert_eq!(pasted, before);
    }

    #[test]
    fn the_appended_stylesheet_moves_no_line() {
        let before = "# T\n\ntext\n";
        let style = Splice::insert(
            before.len(),
            "\n<style data-mdbook-handbook-style=\"1\">\na{}\n</style>\n",
        );
        assert!(SourceLines::default().after_splices(before, &[style]).is_identity());
        assert!(!might_swallow(
            "text\n<style data-mdbook-handbook-style=\"1\">\n</style>\n"
        ));
        assert!(might_swallow("text\n<!-- never closed\n"));
    }
}

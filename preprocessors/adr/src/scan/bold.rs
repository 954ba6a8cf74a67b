//! The bold metadata block (`**Status**: Accepted`, `**Status:**`,
//! `- **Status**:`) at the end of a page; the same block at the top is read
//! with the other preamble lines.

use super::page::Page;
use super::{Decision, Format};
use handbook_core::meta::header_block;
use handbook_core::status::StatusWords;

pub(super) fn bottom(d: &mut Decision, page: &Page<'_>, words: &StatusWords) {
    let text = page.text;
    let Some(block) = header_block::scan_bottom(text) else {
        return;
    };
    if page.h1.as_ref().is_some_and(|h| block.span.start < h.range.end)
        || d.hidden.iter().any(|h| h.contains(&block.span.start))
    {
        return;
    }
    let mut all = true;
    for field in &block.fields {
        if d.field(&field.key, &field.value, field.line, words) {
            d.hidden.push(field.span.clone());
        } else {
            all = false;
        }
    }
    if block.fields.len() > usize::from(!all) {
        d.format(Format::BoldHeader);
    }
    if all && let Some(rule) = rule_before(text, block.span.start) {
        d.hidden.push(rule);
    }
}

/// A thematic break (`---`) that only separates the block from the page:
/// a blank line (or nothing) before it, so it is not a setext underline.
fn rule_before(text: &str, block_start: usize) -> Option<std::ops::Range<usize>> {
    let before = &text[..block_start];
    let mut lines = before.split_inclusive('\n').rev();
    let mut end = before.len();
    for line in lines.by_ref() {
        let start = end - line.len();
        end = start;
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let mut chars = t.chars().filter(|c| *c != ' ');
        let first = chars.next()?;
        let is_rule = matches!(first, '-' | '*' | '_')
            && t.chars().filter(|c| *c == first).count() >= 3
            && chars.all(|c| c == first);
        let after_blank =
            before[..start].is_empty() || before[..start].ends_with("\n\n") || before[..start].ends_with("\n\r\n");
        return (is_rule && after_blank).then_some(start..start + line.len());
    }
    None
}

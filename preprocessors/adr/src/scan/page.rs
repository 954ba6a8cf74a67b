//! The outline of one page: its H1, its headings and sections, and where
//! code is, so that format readers work on lines without mistaking a
//! `## Status` inside a code block for a section.

use handbook_core::markdown::{self, MarkdownOptions};
use handbook_core::pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use handbook_core::splice::LineIndex;
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The heading's lines, line break included.
    pub range: Range<usize>,
    /// Text of the heading, inline HTML kept as text (it is escaped where shown).
    pub text: String,
    pub line: usize,
}

/// One line of the page: `span` includes the line break, `text` does not.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub text: &'a str,
    pub span: (usize, usize),
    pub number: usize,
}

impl Line<'_> {
    pub fn range(&self) -> Range<usize> {
        self.span.0..self.span.1
    }
}

pub struct Page<'a> {
    pub text: &'a str,
    lines: LineIndex,
    /// The file's line of the text's first line: line numbers count the
    /// front matter the core took off, as the file does.
    first_line: usize,
    pub h1: Option<Heading>,
    pub headings: Vec<Heading>,
    code: Vec<Range<usize>>,
}

impl<'a> Page<'a> {
    /// `first_line`: [`Chapter::first_line`](handbook_core::book::Chapter::first_line).
    pub fn read(text: &'a str, first_line: usize, options: &MarkdownOptions) -> Page<'a> {
        let mut headings = Vec::new();
        let mut code = Vec::new();
        let mut open: Option<(u8, usize, String)> = None;
        let mut code_start = None;
        for (event, range) in markdown::parse(text, options) {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    open = Some((level_number(level), range.start, String::new()))
                }
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) if open.is_some() => {
                    if let Some((_, _, s)) = open.as_mut() {
                        s.push_str(&t);
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, start, t)) = open.take() {
                        headings.push(Heading {
                            level,
                            range: start..line_end(text, range.end),
                            text: t.trim().to_owned(),
                            line: 0,
                        });
                    }
                }
                Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => code_start = Some(range.start),
                Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::HtmlBlock) => {
                    if let Some(start) = code_start.take() {
                        code.push(start..range.end);
                    }
                }
                _ => {}
            }
        }
        let lines = LineIndex::new(text);
        for h in &mut headings {
            h.line = lines.line(h.range.start) + first_line.saturating_sub(1);
        }
        let h1 = headings.iter().find(|h| h.level == 1).cloned();
        Page {
            text,
            lines,
            first_line,
            h1,
            headings,
            code,
        }
    }

    /// Where the page's preamble starts: after the H1, or at the top.
    pub fn preamble_start(&self) -> usize {
        self.h1.as_ref().map_or(0, |h| h.range.end)
    }

    /// The preamble: from the H1 to the next heading.
    pub fn preamble(&self) -> Range<usize> {
        let start = self.preamble_start();
        let end = self
            .headings
            .iter()
            .find(|h| h.range.start >= start)
            .map_or(self.text.len(), |h| h.range.start);
        start..end
    }

    /// Sections whose heading (level 2 or deeper) says one of `names`,
    /// compared case-insensitively without a trailing colon.
    pub fn sections(&self, names: &[&str]) -> Vec<(&Heading, Range<usize>)> {
        let mut out = Vec::new();
        for (i, h) in self.headings.iter().enumerate() {
            if h.level < 2 || !section_name(&h.text).is_some_and(|n| names.contains(&n.as_str())) {
                continue;
            }
            let end = self.headings[i + 1..]
                .iter()
                .find(|n| n.level <= h.level)
                .map_or(self.text.len(), |n| n.range.start);
            out.push((h, h.range.end..end));
        }
        out
    }

    /// Lines of `range` outside code blocks and raw HTML.
    pub fn lines_in(&self, range: Range<usize>) -> Vec<Line<'a>> {
        let text = self.text;
        let mut out = Vec::new();
        let mut pos = range.start;
        let first = self.line_of(range.start);
        for (number, piece) in (first..).zip(text.get(range.clone()).unwrap_or("").split_inclusive('\n')) {
            let span = (pos, pos + piece.len());
            pos = span.1;
            let in_code = self.code.iter().any(|c| c.start <= span.0 && span.0 < c.end);
            if !in_code {
                out.push(Line {
                    text: piece.trim_end_matches(['\n', '\r']),
                    span,
                    number,
                });
            }
        }
        out
    }

    /// The file's line (front matter counted) of a byte of the text.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line(offset) + self.first_line.saturating_sub(1)
    }
}

/// The section names of ADR and RFC templates, in the languages of the
/// status words: an H1 that says one of them is a section, not a title.
const SECTION_NAMES: &[&str] = &[
    "summary",
    "context",
    "motivation",
    "abstract",
    "background",
    "overview",
    "introduction",
    "problem",
    "status",
    "context and problem statement",
    "problem statement",
    "decision",
    "proposal",
    "zusammenfassung",
    "kontext",
    "hintergrund",
    "résumé",
    "contexte",
    "resumen",
    "contexto",
    "resumo",
    "sommario",
    "contesto",
    "samenvatting",
    "streszczenie",
    "kontekst",
    "摘要",
    "概要",
    "背景",
    "上下文",
    "요약",
    "배경",
    "맥락",
];

/// Whether a title is only a section name (`Summary`, `1. Context`).
pub fn is_section_name(title: &str) -> bool {
    section_name(title).is_some_and(|n| SECTION_NAMES.contains(&n.as_str()))
}

/// The words that name a status section, in the languages of the status words.
pub const STATUS_SECTIONS: &[&str] = &[
    "status",
    "decision status",
    "state",
    "statut",
    "estado",
    "stato",
    "stan",
    "situação",
    "状态",
    "狀態",
    "状態",
    "ステータス",
    "상태",
    "决策状态",
    "decision state",
];

/// The words that name a date section (`## Fecha`, `## 日期`).
pub const DATE_SECTIONS: &[&str] = &[
    "date",
    "datum",
    "fecha",
    "data",
    "日期",
    "日付",
    "날짜",
    "decision date",
];

/// A heading as a section name: `Status:`, `2. Status`, `状态 (Status)` are `status`.
fn section_name(heading: &str) -> Option<String> {
    let name = heading.trim().trim_end_matches([':', '：']).trim().to_lowercase();
    let digits = name.len() - name.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let name = match name[digits..].strip_prefix(['.', ')']) {
        Some(rest) if digits > 0 => rest.trim().to_owned(),
        _ => name,
    };
    // A heading in another language with the English word in brackets, or
    // after a slash (`状态 (Status)`, `背景 / Context`).
    match name.strip_suffix([')', '）']).and_then(|n| n.rsplit_once(['(', '（'])) {
        Some((_, inner)) => Some(inner.trim().to_owned()),
        None => match name.rsplit_once(" / ") {
            Some((_, english)) if english.is_ascii() => Some(english.trim().to_owned()),
            _ => Some(name),
        },
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The end of the line holding `offset - 1` (after its line break).
fn line_end(text: &str, offset: usize) -> usize {
    if offset > 0 && text.as_bytes().get(offset - 1) == Some(&b'\n') {
        return offset;
    }
    text.get(offset..)
        .and_then(|r| r.find('\n'))
        .map_or(text.len(), |i| offset + i + 1)
}

/// Groups lines into units: a list item or a paragraph, each joined into one string.
pub fn units<'a>(lines: &[Line<'a>]) -> Vec<Vec<Line<'a>>> {
    let mut out: Vec<Vec<Line<'a>>> = Vec::new();
    let mut current: Vec<Line<'a>> = Vec::new();
    for line in lines {
        if line.text.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() && list_marker_len(line.text).is_some() {
            out.push(std::mem::take(&mut current));
        }
        current.push(*line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Length of a leading list marker (`- `, `* `, `+ `, `1. `), spaces included.
pub fn list_marker_len(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if indent > 3 {
        return None;
    }
    let marker = if trimmed.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = trimmed.len() - trimmed.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 9 || !trimmed[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let after = &trimmed[marker..];
    if after.starts_with([' ', '\t']) {
        Some(indent + marker + (after.len() - after.trim_start().len()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_skips_code() {
        let text = "# 1. Title\n\nDate: x\n\n```\n## Status\n```\n\n## Status\n\nAccepted\n\n## Context\n\nText.\n";
        let page = Page::read(text, 0, &MarkdownOptions::default());
        assert_eq!(page.h1.as_ref().map(|h| h.text.as_str()), Some("1. Title"));
        let sections = page.sections(&["status"]);
        assert_eq!(sections.len(), 1);
        assert_eq!(&text[sections[0].1.clone()], "\nAccepted\n\n");
        let pre: Vec<_> = page.lines_in(page.preamble()).iter().map(|l| l.text).collect();
        assert_eq!(pre, ["", "Date: x", "", ""]);
    }

    #[test]
    fn section_names_without_numbers_or_a_translation() {
        for heading in ["Status", "Status:", "2. Status", "3) Status", "状态 (Status)"] {
            assert_eq!(section_name(heading).as_deref(), Some("status"), "{heading}");
        }
        assert_eq!(
            section_name("Current Status Assessment").as_deref(),
            Some("current status assessment")
        );
    }

    #[test]
    fn list_markers() {
        assert_eq!(list_marker_len("* Status: x"), Some(2));
        assert_eq!(list_marker_len("12. x"), Some(4));
        assert_eq!(list_marker_len("**Status**"), None);
    }
}

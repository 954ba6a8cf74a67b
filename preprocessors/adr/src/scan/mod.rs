//! Chapters → [`Decision`]s. Every ADR format teams write is read into one
//! model, with the source span of each metadata line the card replaces and
//! the line of each field for diagnostics. Scanning never fails: a page that
//! says nothing we can read is simply not a decision, and stays as written.

mod bold;
mod madr;
mod nygard;
pub mod page;
pub mod relations;

use handbook_core::Chapter;
use handbook_core::date::{HandbookDate, parse_date};
use handbook_core::markdown::MarkdownOptions;

use handbook_core::status::{Status, StatusWords};
use page::{Line, Page, list_marker_len};
use relations::{RelationKind, Target, relation_line, targets};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The format families a page was read in (one page may mix them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// adr-tools: `# 12. Title`, `Date:`, a `## Status` section.
    Nygard,
    /// `* Status:` list lines.
    Madr2,
    /// YAML or TOML front matter (MADR 3 and 4).
    FrontMatter,
    /// `- Status:` list lines, `## Links`, `YYYYMMDD-slug.md` ids.
    Log4brains,
    /// `**Status**: Accepted`, at the top or the end of the page.
    BoldHeader,
    /// `# ADR 071: Title` with a `## Changelog` of dated entries.
    Tendermint,
}

/// A value with the 1-based line it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
}

/// A date as written, and what it means when it can be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenDate {
    pub written: String,
    pub date: Option<HandbookDate>,
}

/// A relation as the page states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedRelation {
    pub kind: RelationKind,
    pub target: Target,
    pub line: usize,
}

/// One architecture decision record, whatever format it was written in.
#[derive(Debug, Clone)]
pub struct Decision {
    /// Index of the chapter in the book's chapter list.
    pub chapter: usize,
    pub source_path: PathBuf,
    /// Where mdBook writes the page (README.md is index.md here).
    pub page_path: PathBuf,
    /// The folder of the file: numbers are unique per folder.
    pub folder: PathBuf,
    /// The file name without `.md`.
    pub slug: String,
    /// From the file name, else from the title.
    pub number: Option<u32>,
    pub file_number: Option<u32>,
    pub title_number: Option<Located<u32>>,
    pub title: Option<Located<String>>,
    pub status: Option<Located<Status>>,
    pub date: Option<Located<WrittenDate>>,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub tags: Vec<String>,
    pub relations: Vec<StatedRelation>,
    /// Metadata lines the card replaces (so nothing shows twice).
    pub hidden: Vec<Range<usize>>,
    /// Where the card goes: after the H1, or at the top of the body.
    pub card_at: usize,
    pub formats: Vec<Format>,
}

impl Decision {
    /// How the decision is named in cards, indexes and messages: `ADR-15`, else its title.
    pub fn label(&self) -> String {
        match (self.number, &self.title) {
            (Some(n), _) => format!("ADR-{n}"),
            (None, Some(t)) => t.value.clone(),
            (None, None) => self.slug.clone(),
        }
    }

    /// `ADR-15: Title`, or the title alone for unnumbered decisions.
    pub fn long_label(&self) -> String {
        match (self.number, &self.title) {
            (Some(n), Some(t)) => format!("ADR-{n}: {}", t.value),
            _ => self.label(),
        }
    }

    fn new(chapter: usize, source_path: &Path, page_path: &Path) -> Decision {
        let slug = source_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Decision {
            chapter,
            source_path: source_path.to_path_buf(),
            page_path: page_path.to_path_buf(),
            folder: source_path.parent().map(Path::to_path_buf).unwrap_or_default(),
            file_number: file_number(&slug),
            slug,
            number: None,
            title_number: None,
            title: None,
            status: None,
            date: None,
            deciders: Vec::new(),
            consulted: Vec::new(),
            informed: Vec::new(),
            tags: Vec::new(),
            relations: Vec::new(),
            hidden: Vec::new(),
            card_at: 0,
            formats: Vec::new(),
        }
    }

    fn format(&mut self, format: Format) {
        if !self.formats.contains(&format) {
            self.formats.push(format);
        }
    }

    /// Applies one metadata field; false when the key is not one the card shows.
    fn field(&mut self, key: &str, value: &str, line: usize, words: &StatusWords) -> bool {
        match key {
            "status" | "state" | "decision-status" => self.status_text(value, line, words),
            "date" | "decision-date" | "created" => {
                if self.date.is_none() {
                    let written = plain(value);
                    self.date = Some(Located {
                        value: WrittenDate {
                            date: parse_date(&written),
                            written,
                        },
                        line,
                    });
                }
            }
            "deciders" | "decision-makers" | "decision-maker" | "decided-by" => people(&mut self.deciders, value),
            "consulted" => people(&mut self.consulted, value),
            "informed" => people(&mut self.informed, value),
            "tags" | "tag" | "categories" | "category" => people(&mut self.tags, value),
            _ => match relations::kind_of_key(key) {
                Some(kind) => self.relate(kind, value, line),
                None => return false,
            },
        }
        true
    }

    fn relate(&mut self, kind: RelationKind, text: &str, line: usize) {
        for target in targets(text) {
            self.relations.push(StatedRelation { kind, target, line });
        }
    }

    /// `accepted`, `⌛️ Superseded by [ADR-12](...)`, `accepted; supersedes ADR-0045`.
    fn status_text(&mut self, value: &str, line: usize, words: &StatusWords) {
        let mut written: Option<String> = None;
        for segment in split_fields(value, &[';']) {
            if let Some(rel) = relation_line(segment) {
                self.relate(rel.kind, rel.rest, line);
                if written.is_none() && rel.kind.implied_status().is_some() {
                    written = Some(plain(rel.written_status));
                }
            } else if written.is_none() && !segment.trim().is_empty() {
                written = Some(plain(segment));
            }
        }
        if let (None, Some(w)) = (&self.status, written) {
            self.status = Some(Located {
                value: words.status(&w),
                line,
            });
        }
    }
}

/// Whether an ADR page's metadata key (normalized) is one this preprocessor
/// reads, for `mdbook-handbook check`'s list of keys nothing reads. Kept
/// beside [`Decision::field`], whose match it mirrors.
pub fn reads_key(key: &str) -> bool {
    matches!(
        key,
        "title"
            | "status"
            | "state"
            | "decision-status"
            | "date"
            | "decision-date"
            | "created"
            | "deciders"
            | "decision-makers"
            | "decision-maker"
            | "decided-by"
            | "consulted"
            | "informed"
            | "tags"
            | "tag"
            | "categories"
            | "category"
    ) || relations::kind_of_key(key).is_some()
}

/// `0012-slug` → 12, `adr-012-slug` → 12; `20200101-slug` is a log4brains id, not a number.
pub fn file_number(stem: &str) -> Option<u32> {
    let rest = match stem.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("adr") => stem[3..].trim_start_matches(['-', '_']),
        _ => stem,
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || !(rest.len() == digits || rest[digits..].starts_with(['-', '_', '.', ' '])) {
        return None;
    }
    if digits == 8 && date_id(stem).is_some() || digits > 6 {
        return None;
    }
    rest[..digits].parse().ok()
}

/// The date of a log4brains id (`20200101-use-postgres`).
pub fn date_id(stem: &str) -> Option<HandbookDate> {
    let digits = stem.get(..8).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
    if !stem[8..].is_empty() && !stem[8..].starts_with(['-', '_']) {
        return None;
    }
    parse_date(&format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]))
}

/// Markdown text as plain words: links become their text, emphasis and code marks go.
pub fn plain(text: &str) -> String {
    let text = text.trim().trim_end_matches('\\').trim();
    // What a reader sees: `&lt;` is `<`, `\*` is `*`, links and emphasis are their text.
    let shown = handbook_core::markdown::inline_text(text);
    if shown == text {
        // Nothing the parser changed (or not one paragraph, `1. x`): take marks off by hand.
        return strip_marks(text);
    }
    shown.trim().trim_matches(|c| c == '*' || c == '_').trim().to_owned()
}

fn strip_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find("](").and_then(|c| after[c..].find(')').map(|e| (c, c + e))) {
            Some((close, end)) => {
                out.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out.replace("**", "").replace("__", "").replace('`', "");
    let out = out.trim().trim_end_matches('\\').trim();
    out.trim_matches(|c| c == '*' || c == '_').trim().to_owned()
}

/// Splits at any of `separators`, except a `;` that ends a character
/// reference (`&lt;`, `&#39;`): `Accepted &lt;x&gt;` is one status.
fn split_fields<'a>(value: &'a str, separators: &[char]) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in value.char_indices() {
        if separators.contains(&c) && !(c == ';' && ends_reference(&value[start..i])) {
            parts.push(&value[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&value[start..]);
    parts
}

fn ends_reference(before: &str) -> bool {
    before.rfind('&').is_some_and(|amp| {
        let name = &before[amp + 1..];
        let numeric = name
            .strip_prefix('#')
            .map(|n| n.strip_prefix(['x', 'X']).map_or(n, |h| h));
        match numeric {
            Some(digits) => !digits.is_empty() && digits.chars().all(|c| c.is_ascii_hexdigit()),
            None => !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
        }
    })
}

/// `Ana, Bo and Carl` → three names.
fn people(list: &mut Vec<String>, value: &str) {
    for part in split_fields(value, &[',', ';']) {
        for name in part.split(" and ") {
            let name = plain(name);
            if !name.is_empty() && !list.contains(&name) {
                list.push(name);
            }
        }
    }
}

/// A `Key: value` or `**Key**: value` line, with or without a list marker:
/// (normalized key, value, bold, list marker).
pub(crate) fn field_line(text: &str) -> Option<(String, &str, bool, Option<char>)> {
    let marker = list_marker_len(text).map(|n| (n, text.trim_start().chars().next()));
    let rest = match marker {
        Some((n, _)) => &text[n..],
        None => text.trim_start(),
    };
    let marker = marker.and_then(|(_, c)| c);
    if let Some(inner) = rest.strip_prefix("**") {
        let close = inner.find("**")?;
        let label = &inner[..close];
        let after = &inner[close + 2..];
        let (label, value) = match label.strip_suffix(':') {
            Some(l) => (l, after),
            None => (label, after.strip_prefix(':')?),
        };
        if label.is_empty() || label.len() > 40 || label.contains(['*', '[', '`', '<']) {
            return None;
        }
        return Some((
            handbook_core::meta::normalize_key(label),
            trim_break(value),
            true,
            marker,
        ));
    }
    let (label, value) = rest.split_once(':')?;
    if label.is_empty() || label.len() > 30 || !label.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-') {
        return None;
    }
    Some((
        handbook_core::meta::normalize_key(label),
        trim_break(value),
        false,
        marker,
    ))
}

/// A value without a trailing hard line break (a backslash or two spaces).
fn trim_break(value: &str) -> &str {
    value.trim().trim_end_matches('\\').trim_end()
}

/// Which chapters are ADRs; see [`crate::discover`].
pub fn scan_chapter(
    index: usize,
    chapter: &Chapter,
    options: &MarkdownOptions,
    words: &StatusWords,
) -> Option<Decision> {
    let (source, page_path) = (chapter.source_path.as_ref()?, chapter.path.as_ref()?);
    let text = chapter.content.as_str();
    let mut d = Decision::new(index, source, page_path);
    let front = chapter.front_matter();
    let page = Page::read(text, front.map_or(0, |f| f.span.end), options);
    d.card_at = page.preamble_start();
    if let Some(h1) = &page.h1 {
        let (number, title) = nygard::split_title(&h1.text);
        d.title_number = number.map(|n| Located {
            value: n,
            line: h1.line,
        });
        if !title.is_empty() {
            d.title = Some(Located {
                value: title.to_owned(),
                line: h1.line,
            });
        }
    }
    if let Some(fm) = front {
        madr::front_matter(&mut d, fm, &page, words);
    }
    madr::preamble(&mut d, &page, words);
    nygard::status_sections(&mut d, &page, words);
    madr::links_sections(&mut d, &page, words);
    bold::bottom(&mut d, &page, words);
    nygard::changelog(&mut d, &page);
    if d.date.is_none()
        && let Some(date) = date_id(&d.slug)
    {
        d.date = Some(Located {
            value: WrittenDate {
                written: date.to_string(),
                date: Some(date),
            },
            line: 1,
        });
        d.format(Format::Log4brains);
    }
    d.number = d.file_number.or(d.title_number.as_ref().map(|n| n.value));
    let says_something =
        d.number.is_some() || d.status.is_some() || date_id(&d.slug).is_some() || !d.formats.is_empty();
    says_something.then_some(d)
}

/// The last line of a field that continues on indented lines.
fn continuation_end(lines: &[Line<'_>], at: usize) -> usize {
    let mut end = at;
    while lines
        .get(end + 1)
        .is_some_and(|l| l.text.starts_with([' ', '\t']) && !l.text.trim().is_empty() && field_line(l.text).is_none())
    {
        end += 1;
    }
    end
}

/// A field line's value with its continuation lines joined.
fn joined_value(first: &str, lines: &[Line<'_>], from: usize, to: usize) -> String {
    let mut value = first.to_owned();
    for l in lines.get(from + 1..=to).unwrap_or(&[]) {
        value.push(' ');
        value.push_str(l.text.trim());
    }
    value
}

#[cfg(test)]
mod tests;

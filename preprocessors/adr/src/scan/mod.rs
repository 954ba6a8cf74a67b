//! Chapters → [`Decision`]s. Every ADR format teams write is read into one
//! model, with the source span of each metadata line the card replaces and
//! the line of each field for diagnostics. Scanning never fails: a page that
//! says nothing we can read is simply not a decision, and stays as written.

mod bold;
pub mod day_order;
pub mod listing;
mod madr;
mod nygard;
pub mod page;
pub mod relations;
mod table;
mod values;

use handbook_core::Chapter;
use handbook_core::date::HandbookDate;
use handbook_core::markdown::MarkdownOptions;
pub use values::{DayOrder, date_id, file_number, is_placeholder, plain, read_date, slash_order};
use values::{attached_date, people, split_fields};

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
    /// A metadata table under the title (`| Status | Date |`, `| State | ACCEPTED |`).
    Table,
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
    /// `05/02/2018`: the day-first and the month-first reading, while the
    /// folder's other dates have not settled which holds (`date` is `None`).
    pub ambiguous: Option<[HandbookDate; 2]>,
}

impl WrittenDate {
    /// A date read from `written` (a date as the author wrote it).
    pub fn read(written: String) -> WrittenDate {
        match values::read_date_reading(&written) {
            handbook_core::date::DateReading::Ambiguous { day_first, month_first } => WrittenDate {
                written,
                date: None,
                ambiguous: Some([day_first, month_first]),
            },
            reading => WrittenDate {
                date: reading.date(),
                written,
                ambiguous: None,
            },
        }
    }

    /// A date known for certain (a file name's, git's).
    pub fn known(written: String, date: HandbookDate) -> WrittenDate {
        WrittenDate {
            written,
            date: Some(date),
            ambiguous: None,
        }
    }

    /// Settles an ambiguous date by the order the folder's other dates show.
    pub fn settle(&mut self, order: DayOrder) {
        if let Some([day_first, month_first]) = self.ambiguous.take() {
            self.date = Some(match order {
                DayOrder::DayFirst => day_first,
                DayOrder::MonthFirst => month_first,
            });
        }
    }
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
    /// A status left as the template's choice list (`{Proposed|Accepted}`).
    pub placeholder_status: Option<Located<String>>,
    /// How many of title, status and date are unfilled template placeholders;
    /// two or more and the page is a template, whatever its file is called.
    pub placeholders: u8,
    /// Front matter's status where the page shows another one (the page's wins).
    pub status_conflict: Option<Located<Status>>,
    /// A date written right after the status word (`Accepted - 2025-07-28`),
    /// or the date of the last entry of a status history.
    pub status_date: Option<Located<WrittenDate>>,
    /// `Last Modified:` / `Updated:`: the date when the page states no other.
    pub updated: Option<Located<WrittenDate>>,
    /// A `Feature Name:` / `Title:` line (RFC templates), the title when the H1 is a section name.
    pub meta_title: Option<Located<String>>,
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
            placeholder_status: None,
            placeholders: 0,
            status_conflict: None,
            status_date: None,
            updated: None,
            meta_title: None,
        }
    }

    fn format(&mut self, format: Format) {
        if !self.formats.contains(&format) {
            self.formats.push(format);
        }
    }

    /// Applies one metadata field; false when the key is not one the card shows.
    fn field(&mut self, key: &str, value: &str, line: usize, words: &StatusWords) -> bool {
        match field_kind(key) {
            Some(Field::Status) => self.status_text(value, line, words),
            Some(Field::Date) => {
                if self.date.is_none() {
                    let written = plain(value);
                    if is_placeholder(&written) || written.contains("YYYY") {
                        self.placeholders += 1;
                    }
                    self.date = Some(Located {
                        value: WrittenDate::read(written),
                        line,
                    });
                }
            }
            Some(Field::Updated) => {
                if self.updated.is_none() {
                    let value = WrittenDate::read(plain(value));
                    if value.date.is_some() || value.ambiguous.is_some() {
                        self.updated = Some(Located { value, line });
                    }
                }
            }
            Some(Field::Title) => {
                let title = plain(value);
                let none = matches!(title.to_lowercase().as_str(), "n/a" | "na" | "none" | "-" | "—" | "tbd");
                let unfilled = title.starts_with('(') && title.ends_with(')');
                if self.meta_title.is_none() && !title.is_empty() && !none && !unfilled && !is_placeholder(&title) {
                    self.meta_title = Some(Located { value: title, line });
                }
            }
            Some(Field::Deciders) => people(&mut self.deciders, value),
            Some(Field::Consulted) => people(&mut self.consulted, value),
            Some(Field::Informed) => people(&mut self.informed, value),
            Some(Field::Tags) => people(&mut self.tags, value),
            None => match relations::kind_of_key(key) {
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
        if let Some(chosen) = marked_choice(value) {
            // `Vorgeschlagen | **Akzeptiert** | Abgelehnt`: the team marked its choice.
            return self.status_text(chosen, line, words);
        }
        if is_placeholder(&plain(value)) {
            if self.placeholder_status.is_none() {
                self.placeholders += 1;
                self.placeholder_status = Some(Located {
                    value: plain(value),
                    line,
                });
            }
            return;
        }
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
            // `**Accepted** - 2025-07-28`: the line dates the decision, when
            // nothing else does (a `Date:` line anywhere wins).
            if self.status_date.is_none()
                && let Some((at, date)) = attached_date(&w)
            {
                self.status_date = Some(Located {
                    value: WrittenDate::known(at.to_owned(), date),
                    line,
                });
            }
            self.status = Some(Located {
                value: words.status(&w),
                line,
            });
        }
    }
}

/// The one choice of a template's choice list the author marked in bold
/// (`Proposed | **Accepted** | Rejected`), or struck all others through.
fn marked_choice(value: &str) -> Option<&str> {
    let choices: Vec<&str> = value.split('|').map(str::trim).collect();
    if choices.len() < 2 {
        return None;
    }
    let mut marked = choices.iter().filter_map(|c| {
        c.strip_prefix("**")
            .and_then(|c| c.strip_suffix("**"))
            .filter(|inner| !inner.is_empty() && !inner.contains('*'))
    });
    let first = marked.next()?;
    marked.next().is_none().then_some(first)
}

/// Whether an ADR page's metadata key (normalized) is one this preprocessor
/// reads, for `mdbook-handbook check`'s list of keys nothing reads.
pub fn reads_key(key: &str) -> bool {
    key == "title" || field_kind(key).is_some() || relations::kind_of_key(key).is_some()
}

/// The card fields an ADR's metadata can carry, whatever words name them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Status,
    Date,
    /// `Last Modified`, `Updated`: a date only when the page states no other.
    Updated,
    /// RFC templates' `Feature Name` / `Title` line.
    Title,
    Deciders,
    Consulted,
    Informed,
    Tags,
}

/// Which field a normalized metadata key names: the one list both
/// [`Decision::field`] and [`reads_key`] read.
pub(crate) fn field_kind(key: &str) -> Option<Field> {
    Some(match key {
        "status" | "state" | "decision-status" | "statut" | "estado" | "stato" | "stan" | "situação" | "状态"
        | "狀態" | "状態" | "ステータス" | "상태" | "rfc-status" | "stage" => Field::Status,
        "date" | "decision-date" | "created" | "start-date" | "datum" | "fecha" | "data" | "date-de-décision"
        | "fecha-de-decisión" | "data-da-decisão" | "data-decyzji" | "beslisdatum" | "entscheidungsdatum" | "日期"
        | "日付" | "날짜" | "일자" | "决策日期" | "決定日" | "작성일" => Field::Date,
        "last-modified" | "last-updated" | "updated" | "modified" | "lastmodified" | "last-update"
        | "zuletzt-geändert" | "aktualisiert" | "mis-à-jour" | "actualizado" | "atualizado" | "aggiornato"
        | "更新日期" | "更新日" | "수정일" => Field::Updated,
        "feature-name" | "feature" | "rfc-title" | "titel" | "titre" | "título" | "titolo" | "tytuł" | "标题"
        | "タイトル" | "제목" => Field::Title,
        "deciders" | "decision-makers" | "decision-maker" | "decided-by" | "author" | "authors" | "author(s)"
        | "décideurs" | "décisionnaires" => Field::Deciders,
        "consulted" | "consultés" => Field::Consulted,
        "informed" | "informés" => Field::Informed,
        "tags" | "tag" | "categories" | "category" => Field::Tags,
        _ => return None,
    })
}

/// A `Key: value` or `**Key**: value` line, with or without a list marker:
/// (normalized key, value, bold, list marker).
pub(crate) fn field_line(text: &str) -> Option<(String, &str, bool, Option<char>)> {
    // `> Status: Implemented`: a blockquote holds the same lines.
    let text = unquoted(text);
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
        let (label, value) = match label.strip_suffix([':', '：']) {
            Some(l) => (l, after),
            None => match after.trim_start().strip_prefix([':', '：']) {
                Some(v) => (label, v),
                // `**Status: SUPERSEDED**`: key and value in one bold run.
                None if after.trim().is_empty() => label.split_once([':', '：'])?,
                None => return None,
            },
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
    let (label, value) = rest.split_once([':', '：'])?;
    let label = label.trim_end();
    if label.is_empty()
        || label.chars().count() > 30
        || !label
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_')
    {
        return None;
    }
    Some((
        handbook_core::meta::normalize_key(label),
        trim_break(value),
        false,
        marker,
    ))
}

/// A line without its blockquote marks (`> `, `>> `).
pub(crate) fn unquoted(text: &str) -> &str {
    let mut rest = text;
    while let Some(r) = rest.trim_start().strip_prefix('>') {
        rest = r.strip_prefix(' ').unwrap_or(r);
    }
    rest
}

/// A value without a trailing hard line break (a backslash or two spaces).
fn trim_break(value: &str) -> &str {
    value.trim().trim_end_matches('\\').trim_end()
}

/// `12. Title`, `ADR 071: Title` → (number, title): a heading read as scan reads it.
pub fn split_title(text: &str) -> (Option<u32>, &str) {
    nygard::split_title(text)
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
    let page = Page::read(text, chapter.first_line(), options);
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
    madr::preamble(&mut d, &page, words);
    table::opening_table(&mut d, &page, words);
    nygard::status_sections(&mut d, &page, words);
    madr::links_sections(&mut d, &page, words);
    bold::bottom(&mut d, &page, words);
    // After the page's own lines: front matter is hidden from readers and
    // often belongs to another tool (`status: current` of a docs site), so
    // what the page shows wins, and front matter fills what it leaves out.
    if let Some(fm) = front {
        let shown = d.status.clone();
        d.status = None;
        madr::front_matter(&mut d, fm, &page, words);
        if let Some(page_status) = shown {
            if let Some(front_status) = d.status.take()
                && front_status.value.normalized != page_status.value.normalized
            {
                d.status_conflict = Some(front_status);
            }
            d.status = Some(page_status);
        }
    }
    nygard::date_sections(&mut d, &page);
    if d.date.is_none() {
        d.date = d.status_date.take();
    }
    nygard::changelog(&mut d, &page);
    if d.date.is_none() {
        d.date = d.updated.take();
    }
    if d.date.is_none()
        && let Some(date) = date_id(&d.slug)
    {
        d.date = Some(Located {
            value: WrittenDate::known(date.to_string(), date),
            line: 1,
        });
        d.format(Format::Log4brains);
    }
    title_of_rfc(&mut d, &page);
    if d.title.as_ref().is_some_and(|t| {
        let v = t.value.trim();
        is_placeholder(v) || v.starts_with('[') && v.ends_with(']') && v.contains(' ')
    }) {
        d.placeholders += 1;
    }
    if d.placeholders >= 2 && d.status.is_none() {
        // An unfilled form (`# {short title}`, `status: {proposed | accepted}`,
        // `date: YYYY-MM-DD`) with no real status: a template under another
        // name, not a decision. A real status keeps it in the log.
        return None;
    }
    d.number = d.file_number.or(d.title_number.as_ref().map(|n| n.value));
    let says_something =
        d.number.is_some() || d.status.is_some() || date_id(&d.slug).is_some() || !d.formats.is_empty();
    says_something.then_some(d)
}

/// RFC templates open with `# Summary` (or `# Context`) and name the
/// proposal in a `Feature Name:` / `Title:` line: that is the title, else
/// the file name (`0123-const-generics` → `const generics`).
fn title_of_rfc(d: &mut Decision, page: &Page<'_>) {
    let h1 = page.h1.as_ref();
    let h1_is_section = d
        .title
        .as_ref()
        .is_some_and(|t| d.title_number.is_none() && page::is_section_name(&t.value))
        // No H1, and the page opens with `## Summary`: RFC-shaped too.
        || h1.is_none() && page.headings.first().is_some_and(|h| page::is_section_name(&h.text));
    if d.title.is_some() && !h1_is_section {
        return;
    }
    if let Some(title) = d.meta_title.take() {
        d.title = Some(title);
        return;
    }
    if !h1_is_section {
        return;
    }
    let numbered = match d.slug.get(..3) {
        Some(p) if d.file_number.is_some() && (p.eq_ignore_ascii_case("rfc") || p.eq_ignore_ascii_case("adr")) => {
            &d.slug[3..]
        }
        _ => d.slug.as_str(),
    };
    let words = match date_id(&d.slug) {
        Some(_) => d.slug.get(10..).unwrap_or("").trim_start_matches(['-', '_']),
        None if d.file_number.is_some() => {
            numbered.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '_' | ' '))
        }
        None => numbered,
    };
    let words = words.replace(['-', '_'], " ");
    if !words.trim().is_empty() {
        d.title = Some(Located {
            value: words.trim().to_owned(),
            line: h1.map_or(1, |h| h.line),
        });
    }
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

//! Relation phrases (`Superseded by`, `Supercedes`, `Amends`, `Relates to`...)
//! and the ADR references that follow them, in every spelling found in real
//! ADR folders: file links, `ADR-008`, `ADR031`, `#12`, `0015`, `15. Title`, slugs.

use std::fmt;

/// How one decision stands to another. Each kind has an inverse, so a
/// relation stated on one side is shown on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RelationKind {
    SupersededBy,
    Supersedes,
    AmendedBy,
    Amends,
    ClarifiedBy,
    Clarifies,
    Relates,
}

impl RelationKind {
    /// The key a front matter or header field states it with (`superseded-by`,
    /// `related`): one [`kind_of_key`] reads back.
    pub fn key(self) -> &'static str {
        match self {
            RelationKind::SupersededBy => "superseded-by",
            RelationKind::Supersedes => "supersedes",
            RelationKind::AmendedBy => "amended-by",
            RelationKind::Amends => "amends",
            RelationKind::ClarifiedBy => "clarified-by",
            RelationKind::Clarifies => "clarifies",
            RelationKind::Relates => "related",
        }
    }

    pub fn inverse(self) -> RelationKind {
        match self {
            RelationKind::SupersededBy => RelationKind::Supersedes,
            RelationKind::Supersedes => RelationKind::SupersededBy,
            RelationKind::AmendedBy => RelationKind::Amends,
            RelationKind::Amends => RelationKind::AmendedBy,
            RelationKind::ClarifiedBy => RelationKind::Clarifies,
            RelationKind::Clarifies => RelationKind::ClarifiedBy,
            RelationKind::Relates => RelationKind::Relates,
        }
    }

    /// The label a card or index shows.
    pub fn label(self) -> &'static str {
        match self {
            RelationKind::SupersededBy => "Superseded by",
            RelationKind::Supersedes => "Supersedes",
            RelationKind::AmendedBy => "Amended by",
            RelationKind::Amends => "Amends",
            RelationKind::ClarifiedBy => "Clarified by",
            RelationKind::Clarifies => "Clarifies",
            RelationKind::Relates => "Related",
        }
    }

    /// The lifecycle word a status made only of this phrase means
    /// (`Superseded by [15](...)` is a superseded decision).
    pub fn implied_status(self) -> Option<&'static str> {
        match self {
            RelationKind::SupersededBy => Some("superseded"),
            RelationKind::AmendedBy => Some("amended"),
            _ => None,
        }
    }

    /// Relations whose two sides are both expected to be written down.
    pub fn is_directed(self) -> bool {
        self != RelationKind::Relates
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Longest first, so `superseded by` wins over `supersedes` and `related to` over `related`.
const PHRASES: &[(&str, RelationKind)] = &[
    ("partially superseded by", RelationKind::SupersededBy),
    ("partly superseded by", RelationKind::SupersededBy),
    ("superseded by", RelationKind::SupersededBy),
    ("superceded by", RelationKind::SupersededBy),
    ("replaced by", RelationKind::SupersededBy),
    ("supersedes", RelationKind::Supersedes),
    ("supercedes", RelationKind::Supersedes),
    ("replaces", RelationKind::Supersedes),
    ("partly amended by", RelationKind::AmendedBy),
    ("amended by", RelationKind::AmendedBy),
    ("amends", RelationKind::Amends),
    ("clarified by", RelationKind::ClarifiedBy),
    ("clarifies", RelationKind::Clarifies),
    ("relates to", RelationKind::Relates),
    ("related to", RelationKind::Relates),
    ("related", RelationKind::Relates),
    ("see also", RelationKind::Relates),
];

/// Relation keys of front matter and header blocks, normalized (`Superseded By` → `superseded-by`).
pub fn kind_of_key(key: &str) -> Option<RelationKind> {
    Some(match key {
        "supersedes" | "supercedes" | "replaces" => RelationKind::Supersedes,
        "superseded-by" | "superceded-by" | "replaced-by" => RelationKind::SupersededBy,
        "amends" => RelationKind::Amends,
        "amended-by" => RelationKind::AmendedBy,
        "clarifies" => RelationKind::Clarifies,
        "clarified-by" => RelationKind::ClarifiedBy,
        "related" | "relates-to" | "related-to" | "related-adrs" | "related-decisions" | "see-also" | "relates" => {
            RelationKind::Relates
        }
        _ => return None,
    })
}

/// A line that starts with a relation phrase, after any emoji or list marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationLine<'a> {
    pub kind: RelationKind,
    /// What the author wrote before the targets, without ` by`: `⌛️ Superseded`.
    pub written_status: &'a str,
    /// The targets, as written.
    pub rest: &'a str,
}

pub fn relation_line(text: &str) -> Option<RelationLine<'_>> {
    let start = text.find(|c: char| c.is_alphanumeric())?;
    let words = &text[start..];
    for (phrase, kind) in PHRASES {
        let Some(head) = words.get(..phrase.len()) else {
            continue;
        };
        let next = words[phrase.len()..].chars().next();
        if head.eq_ignore_ascii_case(phrase) && !next.is_some_and(char::is_alphanumeric) {
            let end = start + phrase.len();
            let written = text[..end].trim();
            let written = written
                .strip_suffix(" by")
                .or_else(|| written.strip_suffix(" By"))
                .or_else(|| written.strip_suffix(" BY"))
                .unwrap_or(written);
            let rest = text[end..].trim_start_matches([':', ' ', '\t']).trim();
            return Some(RelationLine {
                kind: *kind,
                written_status: written,
                rest,
            });
        }
    }
    None
}

/// One decision a relation points at, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A markdown link; `url` as written, `text` its link text.
    Link { url: String, text: String },
    /// `ADR-008`, `ADR031`, `#12`, `0015`, `15. Title`.
    Number { number: u32, written: String },
    /// A file stem without extension: `20200101-use-postgres`.
    Slug(String),
    /// Words that name no decision in a way we can tell.
    Unreadable(String),
}

impl Target {
    /// The target as the author wrote it, for messages.
    pub fn written(&self) -> &str {
        match self {
            Target::Link { url, .. } => url,
            Target::Number { written, .. } => written,
            Target::Slug(s) | Target::Unreadable(s) => s,
        }
    }
}

/// Splits `[ADR031](0031-x.md) and [ADR034](0034-y.md)` or
/// `ADR-012 (API Security), ADR-014 (Multi-region Deployment)` into targets.
/// Links are the parser's: `[x](<0012 use (new) api.md>)` and
/// `[x](0012-(draft).md)` keep their whole destination.
pub fn targets(rest: &str) -> Vec<Target> {
    let mut out = Vec::new();
    let mut plain = String::with_capacity(rest.len());
    let mut at = 0;
    for (range, url, text) in links(rest) {
        plain.push_str(rest.get(at..range.start).unwrap_or(""));
        plain.push(',');
        at = range.end.max(at);
        out.push(Target::Link { url, text });
    }
    plain.push_str(rest.get(at..).unwrap_or(""));
    for piece in split_pieces(&plain) {
        if let Some(target) = piece_target(piece) {
            out.push(target);
        }
    }
    out
}

/// The inline links of `text` as the markdown parser reads them: (byte
/// range, destination, link text).
fn links(text: &str) -> Vec<(std::ops::Range<usize>, String, String)> {
    use handbook_core::pulldown_cmark::{Event, Tag, TagEnd};
    let mut out = Vec::new();
    let mut open: Option<(std::ops::Range<usize>, String, String)> = None;
    // Parsed as one line of inline text: a leading `15.` or `#` starts no block.
    let escaped = match text.find(|c: char| !c.is_whitespace()) {
        Some(i) if text[i..].starts_with(|c: char| c.is_ascii_digit() || "#>-+*=".contains(c)) => i,
        _ => usize::MAX,
    };
    let source = if escaped == usize::MAX {
        text.to_owned()
    } else {
        format!("{}\\{}", &text[..escaped], &text[escaped..])
    };
    let shift = |r: std::ops::Range<usize>| {
        if escaped != usize::MAX && r.start > escaped {
            r.start - 1..r.end - 1
        } else {
            r
        }
    };
    for (event, range) in handbook_core::markdown::parse(&source, &handbook_core::markdown::MarkdownOptions::default())
    {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                open = Some((shift(range), dest_url.to_string(), String::new()))
            }
            Event::Text(t) | Event::Code(t) if open.is_some() => {
                if let Some((_, _, s)) = open.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

fn split_pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in text.split([',', ';', '&']) {
        let mut rest = part;
        loop {
            let lower = rest.to_ascii_lowercase();
            match [" and ", " or "]
                .iter()
                .filter_map(|w| lower.find(w).map(|i| (i, w.len())))
                .min()
            {
                Some((i, len)) => {
                    out.push(&rest[..i]);
                    rest = &rest[i + len..];
                }
                None => {
                    out.push(rest);
                    break;
                }
            }
        }
    }
    out
}

/// What a filled-in template writes for "no relation" (`**Supersedes:** none`,
/// `Amends: TBD`, `—`): read as no relation, and replaced when one is added.
const NO_RELATION: &[&str] = &[
    "none", "n/a", "na", "-", "—", "–", "null", "nothing", "tbd", "no", "~", "[]",
];

/// Whether a relation field's whole value says "no relation" (or is empty).
/// `value` is plain text (markup taken off).
pub fn says_no_relation(value: &str) -> bool {
    let v = value
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c == '"')
        .trim_end_matches('.')
        .trim()
        .to_lowercase();
    v.is_empty() || NO_RELATION.contains(&v.as_str())
}

fn piece_target(piece: &str) -> Option<Target> {
    let piece = piece.split('(').next().unwrap_or("");
    let piece = piece
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c == '"')
        .trim_end_matches('.')
        .trim();
    // `**Supersedes:** none`, `**Superseded by:** —`: a filled-in "nothing";
    // `and`, `or`, `by` join the pieces of a list.
    if says_no_relation(piece) || matches!(piece.to_lowercase().as_str(), "and" | "or" | "by") {
        return None;
    }
    if let Some(number) = reference_number(piece) {
        return Some(Target::Number {
            number,
            written: piece.to_owned(),
        });
    }
    if !piece.contains(char::is_whitespace) {
        let slug = piece.strip_suffix(".md").unwrap_or(piece);
        return Some(Target::Slug(slug.to_owned()));
    }
    Some(Target::Unreadable(piece.to_owned()))
}

/// `ADR-008`, `adr 8`, `ADR031`, `#12`, `0015`, `15. Title`, `ADR-12: Title`.
pub fn reference_number(text: &str) -> Option<u32> {
    let t = text.trim();
    let (rest, prefixed) = match t.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("adr") => (t[3..].trim_start_matches(['-', '_', ' ', '#']), true),
        _ => match t.strip_prefix('#') {
            Some(r) => (r, true),
            None => (t, false),
        },
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 6 {
        return None;
    }
    let after = &rest[digits..];
    let ok = after.is_empty()
        || after.starts_with(['.', ':'])
        || (prefixed && after.starts_with([' ', '-']))
        || after.starts_with(" -")
        || after.starts_with(" –");
    if !ok {
        return None;
    }
    rest[..digits].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(n: u32, w: &str) -> Target {
        Target::Number {
            number: n,
            written: w.to_owned(),
        }
    }

    #[test]
    fn phrases_in_every_spelling() {
        let l = relation_line("⌛️ Superseded by [ADR-12](0012-x.md)").unwrap_or_else(|| panic!("none"));
        assert_eq!(
            (l.kind, l.written_status, l.rest),
            (RelationKind::SupersededBy, "⌛️ Superseded", "[ADR-12](0012-x.md)")
        );
        let l = relation_line("Supercedes [1. Record](0001-record.md)").unwrap_or_else(|| panic!("none"));
        assert_eq!(l.kind, RelationKind::Supersedes);
        assert_eq!(
            relation_line("- Relates to [ADR 2](x.md)").map(|l| l.kind),
            Some(RelationKind::Relates)
        );
        assert_eq!(
            relation_line("Amended by: ADR-4").map(|l| (l.kind, l.rest)),
            Some((RelationKind::AmendedBy, "ADR-4"))
        );
        assert_eq!(
            relation_line("Partly superseded by ADR-3").map(|l| l.written_status),
            Some("Partly superseded")
        );
        assert_eq!(relation_line("Accepted"), None);
        assert_eq!(relation_line("Relatedness is fine"), None);
    }

    #[test]
    fn several_targets_in_one_line() {
        assert_eq!(
            targets("[ADR031](0031-a.md) and [ADR034](0034-b.md)"),
            [
                Target::Link {
                    url: "0031-a.md".into(),
                    text: "ADR031".into()
                },
                Target::Link {
                    url: "0034-b.md".into(),
                    text: "ADR034".into()
                }
            ]
        );
        assert_eq!(
            targets("ADR-012 (API Security), ADR-014 (Multi-region Deployment)"),
            [num(12, "ADR-012"), num(14, "ADR-014")]
        );
        assert_eq!(targets("ADR-008 (Session-based Authentication)"), [num(8, "ADR-008")]);
        assert_eq!(
            targets("0015, #7 and ADR031"),
            [num(15, "0015"), num(7, "#7"), num(31, "ADR031")]
        );
        assert_eq!(targets("15. Use Postgres"), [num(15, "15. Use Postgres")]);
        assert_eq!(
            targets("20200101-use-postgres.md"),
            [Target::Slug("20200101-use-postgres".into())]
        );
        assert_eq!(
            targets("the old approach"),
            [Target::Unreadable("the old approach".into())]
        );
    }

    #[test]
    fn link_destinations_with_brackets_are_whole() {
        let link = |url: &str, text: &str| Target::Link {
            url: url.into(),
            text: text.into(),
        };
        assert_eq!(
            targets("[ADR-12](<0012 use (new) api.md>) and [ADR-13](0013-(draft).md)"),
            [
                link("0012 use (new) api.md", "ADR-12"),
                link("0013-(draft).md", "ADR-13")
            ]
        );
        assert_eq!(targets("[`ADR-3`](<0003-x.md>)"), [link("0003-x.md", "ADR-3")]);
        // A leading `12.` starts no list, so the link is still read as one.
        assert_eq!(
            targets("12. [Old](0012-(old).md)").first(),
            Some(&link("0012-(old).md", "Old"))
        );
    }

    #[test]
    fn numbers_need_a_marker_or_a_separator() {
        assert_eq!(reference_number("ADR 071: Title"), Some(71));
        assert_eq!(reference_number("adr-4"), Some(4));
        assert_eq!(reference_number("12. Title"), Some(12));
        assert_eq!(reference_number("2024 plans"), None);
        assert_eq!(reference_number("ADR-1234567"), None);
    }
}

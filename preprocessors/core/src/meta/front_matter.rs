//! YAML (`---`) and TOML (`+++`) front matter at the top of a chapter.
//!
//! mdBook has no front matter: a `---` block renders as a rule and a
//! heading. When the book is read, the pipeline takes a valid block off the
//! chapter's text and keeps it on the chapter as a value
//! ([`Chapter::front_matter`](crate::book::Chapter::front_matter)); its line
//! count starts the chapter's line map, so capabilities never see it and
//! diagnostics still name the author's lines. Malformed front matter is left
//! exactly as written, with one warning.

use serde_json::{Map, Value};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
}

/// A front matter block that parsed into a table.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub format: FrontMatterFormat,
    /// The whole block, delimiters and final line break included.
    pub span: Range<usize>,
    /// The text between the delimiters, unescaped.
    pub body: String,
    pub fields: Map<String, Value>,
    /// The whole block as written (`span` of the text it was read from).
    pub block: String,
}

impl FrontMatter {
    /// The 1-based line of `key` (compared as [`normalize_key`](super::normalize_key)
    /// does) in the block, the page's first line being 1; 1 when no line names it.
    /// For diagnostics about one front matter value
    /// ([`Diagnostic::counting_front_matter`](crate::diagnostics::Diagnostic::counting_front_matter)).
    pub fn key_line(&self, key: &str) -> usize {
        let wanted = super::normalize_key(key);
        self.key_lines().find(|k| k.key == wanted).map_or(1, |k| k.number)
    }

    /// How many lines the block takes: the page's text starts on the next one.
    pub fn lines(&self) -> usize {
        self.block.matches('\n').count() + usize::from(!self.block.is_empty() && !self.block.ends_with('\n'))
    }

    /// Every `key: value` (YAML) or `key = value` (TOML) line of this block,
    /// as ranges of the text it was read from (its start is the block's): the
    /// one way the suite finds where a front matter key is written
    /// (diagnostics, `adr` edits).
    pub fn key_lines(&self) -> impl Iterator<Item = KeyLine> + '_ {
        self.block
            .split_inclusive('\n')
            .scan(self.span.start, |start, piece| {
                let line_start = *start;
                *start += piece.len();
                Some((line_start, piece.trim_end_matches(['\n', '\r'])))
            })
            .enumerate()
            .filter_map(|(i, (start, content))| {
                let (key, value) = content.split_once([':', '='])?;
                let value_start = start + key.len() + 1 + (value.len() - value.trim_start().len());
                Some(KeyLine {
                    line: start..start + content.len(),
                    number: i + 1,
                    key: super::normalize_key(key.trim().trim_matches(['"', '\''])),
                    value: value_start..value_start + value.trim().len(),
                    top_level: !content.starts_with([' ', '\t']),
                })
            })
    }
}

/// One `key: value` line of a front matter block ([`FrontMatter::key_lines`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyLine {
    /// The line, without its line break, as a range of the page.
    pub line: Range<usize>,
    /// 1-based, counted from the block's first line (the page's first).
    pub number: usize,
    /// As [`normalize_key`](super::normalize_key) makes it.
    pub key: String,
    /// The value as written, trimmed, as a range of the page.
    pub value: Range<usize>,
    /// Not indented: a key of the block itself, not of a nested table.
    pub top_level: bool,
}

/// What the top of a chapter holds.
#[derive(Debug, Clone, PartialEq)]
pub enum FrontMatterScan {
    None,
    Found(FrontMatter),
    /// Looks like front matter but does not parse; keep the text, warn once.
    Malformed {
        /// 1-based line of the problem, in the chapter.
        line: usize,
        message: String,
    },
}

/// Finds front matter at the very top of `content` (after an optional BOM,
/// which the span covers).
pub fn scan(content: &str) -> FrontMatterScan {
    let start = if content.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &content[start..];
    let (format, delimiter) = match first_line(text).trim_end() {
        "---" => (FrontMatterFormat::Yaml, &["---", "..."][..]),
        "+++" => (FrontMatterFormat::Toml, &["+++"][..]),
        _ => return FrontMatterScan::None,
    };
    let fields_start = start + first_line_len(text);
    let Some((body_end, block_end)) = find_closing(content, fields_start, delimiter) else {
        return FrontMatterScan::None;
    };
    let body = &content[fields_start..body_end];
    if !looks_like_fields(body, format) {
        return FrontMatterScan::None;
    }
    match parse_body(body, format) {
        Ok(fields) => FrontMatterScan::Found(FrontMatter {
            format,
            span: 0..block_end,
            body: body.to_owned(),
            fields,
            block: content[..block_end].to_owned(),
        }),
        Err((line, message)) => FrontMatterScan::Malformed {
            line: 1 + line,
            message,
        },
    }
}

/// `content` with `fm`'s block blanked: every byte of it a space, line breaks
/// kept, so offsets and line numbers of the rest stay those of `content` and
/// no reader mistakes the block for markdown.
pub fn blanked(content: &str, fm: &FrontMatter) -> String {
    let Some(block) = content.get(fm.span.clone()) else {
        return content.to_owned();
    };
    let blank: String = block
        .bytes()
        .map(|b| if b == b'\n' || b == b'\r' { char::from(b) } else { ' ' })
        .collect();
    let mut out = content.to_owned();
    out.replace_range(fm.span.clone(), &blank);
    out
}

fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or("")
}

fn first_line_len(text: &str) -> usize {
    text.find('\n').map_or(text.len(), |i| i + 1)
}

/// Returns (end of body, end of closing line including its line break).
fn find_closing(content: &str, from: usize, delimiters: &[&str]) -> Option<(usize, usize)> {
    let mut pos = from;
    for line in content[from..].split_inclusive('\n') {
        if delimiters.contains(&line.trim_end()) {
            return Some((pos, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

/// A `---` rule followed by a setext heading is markdown, not front matter:
/// the first meaningful line must look like `key:` (YAML) or `key =` / `[table]` (TOML).
fn looks_like_fields(body: &str, format: FrontMatterFormat) -> bool {
    let Some(line) = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return false;
    };
    match format {
        FrontMatterFormat::Yaml => line.split_once(':').is_some_and(|(key, rest)| {
            !key.is_empty()
                && !key.starts_with("- ")
                && !key.contains(['<', '>', '[', '`', '*', '|'])
                && key.len() <= 64
                && (rest.is_empty() || rest.starts_with([' ', '\t']))
        }),
        FrontMatterFormat::Toml => {
            line.starts_with('[')
                || line.split_once('=').is_some_and(|(key, _)| {
                    let key = key.trim();
                    !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || "_-.\"' ".contains(c))
                })
        }
    }
}

/// Parses a body into a table; on failure, the 1-based line within the body and a message.
fn parse_body(body: &str, format: FrontMatterFormat) -> Result<Map<String, Value>, (usize, String)> {
    let value = match format {
        FrontMatterFormat::Yaml => serde_saphyr::from_str::<Value>(body).map_err(|e| {
            let line = e
                .location()
                .map_or(1, |l| usize::try_from(l.line()).unwrap_or(1).max(1));
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("invalid YAML");
            // saphyr says "error: line L column C: msg" with lines of the body; the chapter line is ours to give.
            let first = first.trim_start_matches("error: ");
            let first = match first.split_once(": ") {
                Some((place, rest)) if place.starts_with("line ") => rest,
                _ => first,
            };
            (line, format!("front matter is not valid YAML: {first}"))
        })?,
        FrontMatterFormat::Toml => {
            let table = toml::from_str::<toml::Table>(body).map_err(|e| {
                let line = e
                    .span()
                    .map_or(1, |s| body[..s.start.min(body.len())].matches('\n').count() + 1);
                (line, format!("front matter is not valid TOML: {}", e.message()))
            })?;
            serde_json::to_value(table).map_err(|e| (1, e.to_string()))?
        }
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err((1, "front matter must be a table of `key: value` lines".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(content: &str) -> FrontMatter {
        match scan(content) {
            FrontMatterScan::Found(fm) => fm,
            other => panic!("expected front matter, got {other:?}"),
        }
    }

    #[test]
    fn yaml_is_read_with_its_block_and_line_count() {
        let src = "---\ntitle: \"A --> B\"\nstatus: accepted\n---\n# Heading\n";
        let fm = found(src);
        assert_eq!(fm.fields["title"], "A --> B");
        assert_eq!(fm.block, "---\ntitle: \"A --> B\"\nstatus: accepted\n---\n");
        assert_eq!(&src[fm.span.clone()], fm.block);
        assert_eq!(fm.lines(), 4);
        assert_eq!(found("---\na: b\n---").lines(), 3);
    }

    #[test]
    fn toml_and_crlf() {
        let fm = found("+++\r\nstatus = \"draft\"\r\n+++\r\ntext\r\n");
        assert_eq!(fm.fields["status"], "draft");
        assert_eq!(fm.span.end, "+++\r\nstatus = \"draft\"\r\n+++\r\n".len());
    }

    #[test]
    fn a_rule_and_setext_heading_is_not_front_matter() {
        assert_eq!(scan("---\nFoo\n---\nBar\n"), FrontMatterScan::None);
        assert_eq!(scan("---\n\n---\n"), FrontMatterScan::None);
        assert_eq!(scan("text\n---\na: b\n---\n"), FrontMatterScan::None);
    }

    #[test]
    fn key_lines_say_where_each_key_and_value_is_written() {
        let page =
            "---\r\nStatus: Accepted \r\n\"Last reviewed\": 2026-01-02\r\nowner:\r\n  name: Ana\r\n---\r\n# T\r\n";
        let fm = found(page);
        let lines: Vec<(usize, String, &str, &str, bool)> = fm
            .key_lines()
            .map(|k| (k.number, k.key, &page[k.line], &page[k.value], k.top_level))
            .collect();
        assert_eq!(
            lines,
            [
                (2, "status".to_owned(), "Status: Accepted ", "Accepted", true),
                (
                    3,
                    "last-reviewed".to_owned(),
                    "\"Last reviewed\": 2026-01-02",
                    "2026-01-02",
                    true
                ),
                (4, "owner".to_owned(), "owner:", "", true),
                (5, "name".to_owned(), "  name: Ana", "Ana", false),
            ]
        );
        assert_eq!(fm.key_line("last_reviewed"), 3);
        assert_eq!(fm.key_line("nowhere"), 1);
        let toml = "+++\nstatus = \"draft\"\n+++\n";
        let fm = found(toml);
        let value = fm.key_lines().next().map(|k| &toml[k.value]);
        assert_eq!(value, Some("\"draft\""));
    }

    #[test]
    fn malformed_yaml_reports_the_chapter_line() {
        match scan("---\ntitle: ok\nstatus: [unclosed\n---\n") {
            FrontMatterScan::Malformed { line, message } => {
                assert!((2..=5).contains(&line), "{line}");
                assert!(message.contains("YAML"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_scalar_is_not_a_table() {
        assert!(matches!(scan("---\nkey: value\n---\n"), FrontMatterScan::Found(_)));
        assert!(matches!(scan("---\n- a: 1\n---\n"), FrontMatterScan::None));
    }
}

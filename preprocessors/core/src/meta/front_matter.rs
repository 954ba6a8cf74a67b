//! YAML (`---`) and TOML (`+++`) front matter at the top of a chapter.
//!
//! mdBook has no front matter: a `---` block renders as a rule and a
//! heading. While capabilities run, the pipeline keeps a valid block as an
//! HTML comment with the same number of lines (so line numbers do not move)
//! and takes it out before the book goes back; every reader understands both
//! forms. Malformed front matter is left exactly as written, with one warning.

use crate::splice::Splice;
use serde_json::{Map, Value};
use std::ops::Range;

/// Opening line of the hidden form; the format name follows it.
pub const HIDDEN_OPEN: &str = "<!-- mdbook-handbook:front-matter ";
const HIDDEN_CLOSE: &str = "-->";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
}

impl FrontMatterFormat {
    fn name(self) -> &'static str {
        match self {
            FrontMatterFormat::Yaml => "yaml",
            FrontMatterFormat::Toml => "toml",
        }
    }
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
    /// Already in the hidden (HTML comment) form.
    pub hidden: bool,
}

impl FrontMatter {
    /// The 1-based line of `key` (compared as [`normalize_key`](super::normalize_key)
    /// does) in `page`, whose start this block is; 1 when no line names it. For
    /// diagnostics about one front matter value.
    pub fn key_line(&self, page: &str, key: &str) -> usize {
        let wanted = super::normalize_key(key);
        self.key_lines(page).find(|k| k.key == wanted).map_or(1, |k| k.number)
    }

    /// Every `key: value` (YAML) or `key = value` (TOML) line of this block
    /// in `page`, whose start the block is: the one way the suite finds where
    /// a front matter key is written (diagnostics, `adr` edits).
    pub fn key_lines<'p>(&self, page: &'p str) -> impl Iterator<Item = KeyLine> + 'p {
        let block = page.get(self.span.clone()).unwrap_or("");
        block
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

    /// The splice that hides this block, or `None` if it is hidden already.
    pub fn hide(&self) -> Option<Splice> {
        if self.hidden {
            return None;
        }
        // The delimiter lines get the page's own line ending.
        let eol = if self.body.ends_with("\r\n") { "\r\n" } else { "\n" };
        let mut text = format!("{HIDDEN_OPEN}{}{eol}", self.format.name());
        for line in self.body.split_inclusive('\n') {
            text.push_str(&escape_comment(line));
        }
        if !self.body.is_empty() && !self.body.ends_with('\n') {
            text.push_str(eol);
        }
        text.push_str(HIDDEN_CLOSE);
        text.push_str(eol);
        Some(Splice::new(self.span.clone(), text))
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
    if let Some(rest) = text.strip_prefix(HIDDEN_OPEN) {
        return scan_hidden(content, start, rest);
    }
    let (format, delimiter) = match first_line(text).trim_end() {
        "---" => (FrontMatterFormat::Yaml, &["---", "..."][..]),
        "+++" => (FrontMatterFormat::Toml, &["+++"][..]),
        _ => return FrontMatterScan::None,
    };
    let body_start = start + first_line_len(text);
    let Some((body_end, block_end)) = find_closing(content, body_start, delimiter) else {
        return FrontMatterScan::None;
    };
    let body = &content[body_start..body_end];
    if !looks_like_fields(body, format) {
        return FrontMatterScan::None;
    }
    match parse_body(body, format) {
        Ok(fields) => FrontMatterScan::Found(FrontMatter {
            format,
            span: 0..block_end,
            body: body.to_owned(),
            fields,
            hidden: false,
        }),
        Err((line, message)) => FrontMatterScan::Malformed {
            line: 1 + line,
            message,
        },
    }
}

fn scan_hidden(content: &str, start: usize, rest: &str) -> FrontMatterScan {
    let format = match first_line(rest).trim_end() {
        "yaml" => FrontMatterFormat::Yaml,
        "toml" => FrontMatterFormat::Toml,
        _ => return FrontMatterScan::None,
    };
    let body_start = start + HIDDEN_OPEN.len() + first_line_len(rest);
    let Some((body_end, block_end)) = find_closing(content, body_start, &[HIDDEN_CLOSE]) else {
        return FrontMatterScan::None;
    };
    let body = unescape_comment(&content[body_start..body_end]);
    // It parsed when it was hidden; a failure now means someone edited the
    // comment by hand, and the fields are simply absent.
    let fields = parse_body(&body, format).unwrap_or_default();
    FrontMatterScan::Found(FrontMatter {
        format,
        span: 0..block_end,
        body,
        fields,
        hidden: true,
    })
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

/// Keeps `-->` out of the comment, reversibly: `%` and `>` are percent-escaped.
fn escape_comment(text: &str) -> String {
    text.replace('%', "%25").replace('>', "%3E")
}

fn unescape_comment(text: &str) -> String {
    text.replace("%3E", ">").replace("%25", "%")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::splice::apply_splices;

    fn found(content: &str) -> FrontMatter {
        match scan(content) {
            FrontMatterScan::Found(fm) => fm,
            other => panic!("expected front matter, got {other:?}"),
        }
    }

    #[test]
    fn yaml_is_read_and_hidden_with_the_same_line_count() {
        let src = "---\ntitle: \"A --> B\"\nstatus: accepted\n---\n# Heading\n";
        let fm = found(src);
        assert_eq!(fm.fields["title"], "A --> B");
        let hidden = apply_splices(src, &[fm.hide().unwrap_or_else(|| Splice::insert(0, ""))]).unwrap_or_default();
        assert_eq!(hidden.lines().count(), src.lines().count());
        assert!(hidden.ends_with("-->\n# Heading\n"));
        assert_eq!(hidden.matches("-->").count(), 1, "{hidden}");
        let again = found(&hidden);
        assert!(again.hidden && again.hide().is_none());
        assert_eq!(again.fields, fm.fields);
        assert_eq!(again.body, fm.body);
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
            .key_lines(page)
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
        assert_eq!(fm.key_line(page, "last_reviewed"), 3);
        assert_eq!(fm.key_line(page, "nowhere"), 1);
        let toml = "+++\nstatus = \"draft\"\n+++\n";
        let fm = found(toml);
        let value = fm.key_lines(toml).next().map(|k| &toml[k.value]);
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

//! The Structurizr DSL's lexical layer: one statement per line, words split
//! on whitespace, `"quoted strings"` (with `\"`), `{`/`}`, and the three
//! comment forms (`//`, `#` as a line's first word, `/* ... */`). A line ending
//! in `\` continues on the next, as in Structurizr.

/// One word of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    /// Written in quotes: never a keyword, `{` or `}`.
    pub quoted: bool,
}

impl Token {
    /// The unquoted word `word`, compared without case as Structurizr does.
    pub fn is(&self, word: &str) -> bool {
        !self.quoted && self.text.eq_ignore_ascii_case(word)
    }
}

/// One statement: its words and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub tokens: Vec<Token>,
    pub line: usize,
}

/// A string left open at the end of its line (the DSL has no multi-line strings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclosed {
    pub line: usize,
}

/// Splits `text` into statements. Unclosed strings are reported and the
/// rest of their line is read as the string's text.
pub fn lex(text: &str) -> (Vec<Line>, Vec<Unclosed>) {
    let mut lines = Vec::new();
    let mut unclosed = Vec::new();
    let mut in_block_comment = false;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Physical lines joined where one ends in `\`, strings included, before splitting into words.
    let mut pending: Option<(usize, String)> = None;
    let mut logical: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let (start, mut joined) = match pending.take() {
            Some((start, head)) => (start, head + raw.trim_start()),
            None => (index + 1, raw.to_owned()),
        };
        if let Some(head) = joined.trim_end().strip_suffix('\\') {
            joined = head.to_owned();
            pending = Some((start, joined));
        } else {
            logical.push((start, joined));
        }
    }
    logical.extend(pending);
    for (number, body) in logical {
        let mut current = Line {
            tokens: Vec::new(),
            line: number,
        };
        if words(&body, &mut in_block_comment, &mut current.tokens) {
            unclosed.push(Unclosed { line: number });
        }
        if !current.tokens.is_empty() {
            lines.push(current);
        }
    }
    (lines, unclosed)
}

/// Appends the words of one physical line; true when a string was left open.
fn words(body: &str, in_block_comment: &mut bool, out: &mut Vec<Token>) -> bool {
    let mut chars = body.char_indices().peekable();
    let mut word = String::new();
    let start_len = out.len();
    let flush = |word: &mut String, out: &mut Vec<Token>| {
        if !word.is_empty() {
            out.push(Token {
                text: std::mem::take(word),
                quoted: false,
            });
        }
    };
    while let Some((at, c)) = chars.next() {
        if *in_block_comment {
            if c == '*' && chars.peek().is_some_and(|&(_, n)| n == '/') {
                chars.next();
                *in_block_comment = false;
            }
            continue;
        }
        match c {
            '"' => {
                flush(&mut word, out);
                let mut text = String::new();
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' if chars.peek().is_some_and(|&(_, n)| n == '"' || n == '\\') => {
                            if let Some((_, n)) = chars.next() {
                                text.push(n);
                            }
                        }
                        '"' => {
                            closed = true;
                            break;
                        }
                        c => text.push(c),
                    }
                }
                out.push(Token { text, quoted: true });
                if !closed {
                    return true;
                }
            }
            '/' if word.is_empty() && body[at..].starts_with("//") => return false,
            // `#` starts a comment only as a line's first word: `#08427b` is a colour.
            '#' if word.is_empty() && out.len() == start_len => return false,
            '/' if word.is_empty() && body[at..].starts_with("/*") => {
                chars.next();
                *in_block_comment = true;
            }
            c if c.is_whitespace() => flush(&mut word, out),
            '{' | '}' if word.is_empty() => out.push(Token {
                text: c.to_string(),
                quoted: false,
            }),
            c => word.push(c),
        }
    }
    flush(&mut word, out);
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<Vec<(String, bool)>> {
        lex(text)
            .0
            .into_iter()
            .map(|l| l.tokens.into_iter().map(|t| (t.text, t.quoted)).collect())
            .collect()
    }

    #[test]
    fn words_strings_braces_and_comments() {
        let got = texts("a = person \"Ann \\\"A\\\"\" {  // note\n# all comment\n/* x\n y */ }\n");
        assert_eq!(
            got,
            vec![
                vec![
                    ("a".into(), false),
                    ("=".into(), false),
                    ("person".into(), false),
                    ("Ann \"A\"".into(), true),
                    ("{".into(), false)
                ],
                vec![("}".into(), false)],
            ]
        );
    }

    #[test]
    fn continuation_joins_lines_and_keeps_the_first_line_number() {
        let (lines, _) = lex("\n\na -> b \\\n  \"uses\"\n");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].line, 3);
        assert_eq!(lines[0].tokens.len(), 4);
    }

    #[test]
    fn a_string_continues_over_lines_and_a_bom_is_skipped() {
        let got = texts("\u{feff}a = softwareSystem \\\n    \"Software \\\n    System\"\n");
        assert_eq!(got[0][3], ("Software System".to_owned(), true));
    }

    #[test]
    fn an_unclosed_string_is_reported_at_its_line() {
        let (lines, unclosed) = lex("x\nperson \"Ann\n");
        assert_eq!(unclosed, vec![Unclosed { line: 2 }]);
        assert_eq!(lines[1].tokens[1].text, "Ann");
    }

    #[test]
    fn urls_in_words_are_not_comments() {
        let got = texts("url https://example.com/a#b\nbackground #08427b\n");
        assert_eq!(got[0][1].0, "https://example.com/a#b");
        assert_eq!(got[1][1].0, "#08427b");
    }
}

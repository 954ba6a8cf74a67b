//! What a PlantUML source names as files, read the way PlantUML's
//! preprocessor reads its lines: a line ending in `\` joined to the next,
//! and a keyword found wherever it stands in the line (a `/'...'/` comment
//! before it is removed by PlantUML, not by this reader).
//!
//! A file target must be a literal the suite can judge before PlantUML runs.
//! PlantUML 1.2026.8's `ALLOWLIST` profile compares a path before resolving
//! `..`, so a target PlantUML builds itself (`!define X ../.git/config` then
//! `!include X`, `!include $x`, a function's result, a `%` builtin) would
//! climb out of the folders the suite opened: such a target is refused
//! ([`built_target`]), whatever it would have named.

use std::collections::BTreeSet;

/// Directives that read a file: every `!include` form (`!include_many`,
/// `!include_once`, `!includesub`, `!includedef`, `!include_sprites`,
/// `!includeurl`), `!import` and `!theme … from`.
const DIRECTIVES: [&str; 3] = ["!include", "!import", "!theme"];

/// Builtins and markup that read a file, with the character ending their argument.
const READERS: [(&str, char); 4] = [
    ("%load_json(", ')'),
    ("%fileexists(", ')'),
    ("%filedate(", ')'),
    ("<img:", '>'),
];

/// Directives that give a name PlantUML substitutes into later lines.
const DEFINERS: [&str; 7] = [
    "define",
    "definelong",
    "function",
    "procedure",
    "global",
    "local",
    "undef",
];

/// The source's logical lines, `(1-based first line, text)`: a line ending
/// in `\` continues on the next, as PlantUML merges them.
pub fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for (n, line) in text.lines().enumerate() {
        match out.last_mut() {
            Some((_, joined)) if open => joined.push_str(line.trim_start()),
            _ => out.push((n + 1, line.to_owned())),
        }
        open = line.trim_end().ends_with('\\');
        if open && let Some((_, joined)) = out.last_mut() {
            let trimmed = joined.trim_end().len().saturating_sub(1);
            joined.truncate(trimmed);
        }
    }
    out
}

/// `(line, target as written, file paths it may name)` of each literal file
/// target: standard-library (`<C4/C4>`) and URL targets are not files, and a
/// built one is [`built_target`]'s.
pub fn literal_targets(text: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut out = Vec::new();
    for (line_no, line) in logical_lines(text) {
        for (_, arg) in reader_arguments(&line) {
            let arg = unquote(arg.split(',').next().unwrap_or(""));
            if !arg.is_empty() && !arg.contains("://") && !arg.contains(['$', '%']) {
                out.push((line_no, arg.to_owned(), vec![arg.to_owned()]));
            }
        }
        for (directive, arg) in directive_arguments(&line) {
            let target = if directive == "!theme" {
                match arg.split_once(" from ") {
                    Some((_, folder)) => folder.trim(),
                    None => continue,
                }
            } else {
                unquote(arg.split('!').next().unwrap_or(arg))
            };
            if target.is_empty() || target.starts_with('<') || target.contains("://") || target.contains(['$', '%']) {
                continue;
            }
            out.push((line_no, target.to_owned(), vec![target.to_owned()]));
        }
    }
    out
}

/// The first file target of `texts` (the fence's source and every file it
/// includes, each with the fence line that led to it) that PlantUML would
/// build rather than read as written: it holds `$` (a variable or function),
/// `%` (a builtin) or a name some `!define`, `!definelong`, `!function`,
/// `!procedure`, `!global` or `!local` of any of the texts gives (or one of
/// their parameters), or, for a builtin's argument, an expression (`+`,
/// more than one string). `(line, target, why)`.
pub fn built_target<'a>(
    texts: impl IntoIterator<Item = (&'a str, Option<usize>)> + Clone,
) -> Option<(usize, String, String)> {
    let names = defined_names(texts.clone().into_iter().map(|(t, _)| t));
    for (text, top_line) in texts {
        for (line_no, line) in logical_lines(text) {
            let line_no = top_line.unwrap_or(line_no);
            let directives = directive_arguments(&line).into_iter().map(|(d, a)| (d, a, false));
            let readers = reader_arguments(&line).into_iter().map(|(r, a)| (r, a, true));
            for (what, arg, expression) in directives.chain(readers) {
                let why = why_built(arg, &names, expression).or_else(|| climbing_library(arg));
                if let Some(why) = why {
                    return Some((line_no, format!("{what} {}", arg.trim()), why));
                }
            }
        }
    }
    None
}

/// Why PlantUML would compute `arg` rather than read it as written.
fn why_built(arg: &str, names: &BTreeSet<String>, expression: bool) -> Option<String> {
    if let Some(c) = arg.chars().find(|c| matches!(c, '$' | '%')) {
        let what = if c == '$' {
            "a variable or function"
        } else {
            "a builtin function"
        };
        return Some(format!("`{c}` makes it {what} PlantUML evaluates"));
    }
    if let Some(name) = names.iter().find(|name| arg.contains(name.as_str())) {
        return Some(format!(
            "`{name}` is a name the diagram defines, which PlantUML substitutes"
        ));
    }
    let inner = unquote(arg.split(',').next().unwrap_or(""));
    (expression && inner.contains(['"', '\'', '+'])).then(|| "it is an expression PlantUML evaluates".to_owned())
}

/// A standard-library target (`<C4/C4>`) that climbs with `..` or is a path:
/// PlantUML 1.2026.8 looks such a name up as files (`stdlib/../x/info.spm`).
fn climbing_library(arg: &str) -> Option<String> {
    let name = arg.strip_prefix('<')?;
    let name = &name[..name.find('>').unwrap_or(name.len())];
    (name.split(['/', '\\']).any(|part| part == "..") || name.starts_with(['/', '\\']) || name.contains(':'))
        .then(|| "a standard-library name that climbs with `..` or names a path is looked up as files".to_owned())
}

/// Every name a definer gives, with the parameters in its parentheses.
fn defined_names<'a>(texts: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for text in texts {
        for (_, line) in logical_lines(text) {
            let Some(rest) = line.trim_start().strip_prefix('!') else {
                continue;
            };
            let mut words = rest
                .split_whitespace()
                .skip_while(|w| matches!(*w, "unquoted" | "final"));
            let Some(first) = words.next() else { continue };
            let (name_part, after) = if DEFINERS.contains(&first) {
                let after = rest[rest.find(first).unwrap_or(0) + first.len()..].trim_start();
                (after, after)
            } else if rest.trim_start().starts_with(|c: char| c.is_alphabetic() || c == '_') && rest.contains('=') {
                // `!name = value`, `!name ?= value`: an assignment.
                (rest, rest)
            } else {
                continue;
            };
            let name: String = name_part
                .trim_start_matches('$')
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.insert(name);
            }
            if let Some(params) = after
                .split_once('(')
                .and_then(|(_, p)| p.split_once(')'))
                .map(|(p, _)| p)
            {
                for param in params.split(',') {
                    let param: String = param
                        .trim()
                        .trim_start_matches('$')
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !param.is_empty() {
                        names.insert(param);
                    }
                }
            }
        }
    }
    names
}

/// `(directive, its argument)` for each file-reading directive in the line,
/// wherever it stands; the directive's suffix (`_many`, `sub`, `url`, ...) is
/// part of the directive.
fn directive_arguments(line: &str) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    for directive in DIRECTIVES {
        for (at, _) in line.match_indices(directive) {
            let rest = &line[at + directive.len()..];
            let arg = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '_');
            out.push((directive, arg.trim()));
        }
    }
    out
}

/// `(reader, its argument)` for each builtin or `<img:...>` in the line.
fn reader_arguments(line: &str) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    for (opener, closer) in READERS {
        for (at, _) in line.match_indices(opener) {
            let rest = &line[at + opener.len()..];
            out.push((opener, rest[..rest.find(closer).unwrap_or(rest.len())].trim()));
        }
    }
    out
}

/// One pair of surrounding quotes off.
fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner.trim();
        }
    }
    s.trim_matches(['"', '\'']).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(source: &str) -> Option<(usize, String)> {
        built_target([(source, None)]).map(|(line, target, _)| (line, target))
    }

    /// Every way issue 33 and its next variants build an include target.
    #[test]
    fn refuses_every_target_plantuml_would_build() {
        for (source, line) in [
            ("!define X ../.git/config\n!include X\n", 2),
            ("!$x = \"../.env\"\n!include $x\n", 2),
            ("!function $p()\n!return \"../.env\"\n!endfunction\n!include $p()\n", 4),
            ("!unquoted procedure P(f)\n!include f\n!endprocedure\nP(../.env)\n", 2),
            ("!include %dirpath()/../.env\n", 1),
            ("!definelong SECRET\n../.env\n!enddefinelong\n!include_many SECRET\n", 4),
            ("!global $dir = \"..\"\n!includesub $dir/.env!P\n", 2),
            ("!$j = %load_json($f)\n", 1),
            ("!$j = %load_json(\"../\" + \".env\")\n", 1),
            ("!define P ../.git\nA -> B : <img:P/x.png>\n", 2),
            ("!theme t from %dirpath()\n", 1),
            ("!import $zip\n", 1),
            ("!includedef $x\n", 1),
            ("!include_sprites $x\n", 1),
            ("!include <../../.env>\n", 1),
            ("!include </etc/x>\n", 1),
            ("!define X ../.env\n/' hidden '/ !include X\n", 2),
            ("!$a = \"..\"\n!include \\\n$a/.env\n", 2),
        ] {
            assert_eq!(built(source).map(|(l, _)| l), Some(line), "{source}");
        }
        assert_eq!(
            built_target([("!include X\n", None), ("!define X ../.env\n", Some(1))]).map(|(l, ..)| l),
            Some(1),
            "a name defined in an included file counts"
        );
    }

    #[test]
    fn keeps_literal_targets() {
        for source in [
            "!include parts.iuml\nA -> B\n",
            "!include <C4/C4_Context>\n!define COLOR red\nclass A #COLOR\n",
            "!$j = %load_json(\"data.json\")\nA -> B : <img:icon.png>\n",
            "!theme plain from themes\n",
        ] {
            assert_eq!(built(source), None, "{source}");
        }
    }

    #[test]
    fn joins_continued_lines_and_finds_keywords_anywhere() {
        assert_eq!(
            logical_lines("!include ../.gi\\\n  t/config\nA\n")[0],
            (1, "!include ../.git/config".into())
        );
        let found: Vec<String> = literal_targets("/' c '/ !include ../.env\n!include ../.gi\\\nt/x\n")
            .into_iter()
            .map(|(_, t, _)| t)
            .collect();
        assert_eq!(found, ["../.env", "../.git/x"]);
    }
}

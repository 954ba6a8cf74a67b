//! The files a diagram reads besides its source: PlantUML `!include`s, D2
//! imports (`x: @file`, `...@file`) and D2 icons. Each is resolved as its
//! program would resolve it, must stay inside the book root, and its content
//! goes into the cache key, so editing an included file draws again.
//!
//! A file outside the book (`../../x`, an absolute path, a symlink out) is
//! refused before the program runs, and never read here either. D2 has no
//! sandbox of its own (it inlines any local icon it can open), so this is
//! its only guard; PlantUML also runs under the Java policy.

use crate::cache;
use crate::kind::Kind;
use handbook_core::paths;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// How deep included files may include others before the rest is ignored.
const MAX_DEPTH: usize = 8;

/// A reference that leaves the book, or an included file that would go online.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outside {
    /// As the author wrote it.
    pub target: String,
    /// 1-based line in the fence's source (of the reference that led there, for nested ones).
    pub line: usize,
    /// Where it resolves to.
    pub resolved: PathBuf,
    /// Set when the file is inside the book but names a URL (`icon: https://...`,
    /// `!include https://...`): the program would fetch it. The line that does.
    pub network: Option<String>,
}

/// Each file the diagram reads, with a hash of its content, for the cache
/// key; or the first reference that leaves the book. `dir` is the folder the
/// program runs in (the chapter's); `root` the book root.
pub fn read(kind: Kind, source: &str, dir: &Path, root: &Path) -> Result<String, Outside> {
    if !matches!(kind, Kind::PlantUml | Kind::D2) {
        return Ok(String::new());
    }
    let mut out = String::new();
    let mut seen = BTreeSet::new();
    let mut queue = vec![(source.to_owned(), dir.to_path_buf(), 0, None::<usize>)];
    while let Some((text, dir, depth, top_line)) = queue.pop() {
        for (line, target, candidates) in references(kind, &text) {
            let line = top_line.unwrap_or(line);
            for candidate in candidates {
                let real = match paths::inside(root, &dir.join(&candidate)) {
                    Ok(real) => real,
                    Err(outside) => {
                        return Err(Outside {
                            target,
                            line,
                            resolved: outside.resolved,
                            network: None,
                        });
                    }
                };
                if !real.is_file() || !seen.insert(real.clone()) {
                    continue;
                }
                let content = std::fs::read(&real).unwrap_or_default();
                if let Some(online) = goes_online(kind, &String::from_utf8_lossy(&content)) {
                    return Err(Outside {
                        target,
                        line,
                        resolved: real,
                        network: Some(online),
                    });
                }
                out.push_str(&candidate);
                out.push('\0');
                out.push_str(&cache::key(&[&content]));
                out.push('\n');
                if depth < MAX_DEPTH {
                    let parent = real.parent().map_or_else(|| dir.clone(), Path::to_path_buf);
                    let text = String::from_utf8_lossy(&content).into_owned();
                    queue.push((text, parent, depth + 1, Some(line)));
                }
            }
        }
    }
    Ok(out)
}

/// The first line of an included file that would make its program fetch a
/// URL. The fence's own source is checked by the program's runner; included
/// files only here, since the program reads them itself.
fn goes_online(kind: Kind, text: &str) -> Option<String> {
    match kind {
        Kind::PlantUml => crate::plantuml::refuse_network(text).map(|_| {
            let line = text
                .lines()
                .map(str::trim)
                .find(|l| l.contains("://") || l.starts_with("!includeurl"));
            line.unwrap_or_default().to_owned()
        }),
        _ => text.lines().find(|l| l.contains("://")).map(|l| l.trim().to_owned()),
    }
}

/// `(line, target as written, file paths it may name)` of each reference.
fn references(kind: Kind, text: &str) -> Vec<(usize, String, Vec<String>)> {
    match kind {
        Kind::PlantUml => plantuml_includes(text),
        Kind::D2 => d2_references(text),
        _ => Vec::new(),
    }
}

/// `!include`, `!include_many`, `!include_once`, `!includesub` (minus a
/// `!PART` suffix) and `!import`. Standard-library (`<C4/C4>`) and URL
/// includes are not files; a target built from variables can't be resolved
/// here and is left to the Java policy.
fn plantuml_includes(text: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("!include").or_else(|| line.strip_prefix("!import")) else {
            continue;
        };
        let target = rest
            .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '_')
            .trim();
        let target = target.split('!').next().unwrap_or(target).trim().trim_matches('"');
        if target.is_empty() || target.starts_with('<') || target.contains("://") || target.contains(['$', '%']) {
            continue;
        }
        out.push((n + 1, target.to_owned(), vec![target.to_owned()]));
    }
    out
}

/// D2 imports (`x: @file`, `...@file`, `@"a b"`; `.d2` optional, and
/// `@file.key` imports one key of `file.d2`) and `icon:` paths. Quoted
/// strings, comments and block strings (`|md ... |`) are skipped.
fn d2_references(text: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut out = Vec::new();
    let mut block_end: Option<String> = None;
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        if let Some(end) = &block_end {
            match rest.find(end.as_str()) {
                Some(at) => {
                    rest = &rest[at + end.len()..];
                    block_end = None;
                }
                None => continue,
            }
        }
        let chars: Vec<(usize, char)> = rest.char_indices().collect();
        let mut i = 0;
        let mut quote = None;
        while i < chars.len() {
            let (at, c) = chars[i];
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), '\\') => i += 1,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, ':') => {
                    let value = rest[at + 1..].trim_start();
                    if value.starts_with('|') {
                        let open: String = value.chars().take_while(|&c| c == '|' || c == '`').collect();
                        let close: String = open.chars().rev().collect();
                        let body = &value[open.len()..];
                        match body.find(close.as_str()) {
                            Some(_) => {}
                            None => block_end = Some(close),
                        }
                        break;
                    }
                    let key = rest[..at].trim_end();
                    let key = key
                        .rsplit(|c: char| c.is_whitespace() || c == '{' || c == ';')
                        .next()
                        .unwrap_or(key);
                    if key == "icon" || key.ends_with(".icon") {
                        let path = word(value);
                        if !path.is_empty() && !path.contains("://") {
                            out.push((n + 1, path.clone(), vec![path]));
                        }
                    }
                }
                (None, '@') => {
                    let before = rest[..at].trim_end();
                    if before.is_empty() || before.ends_with([':', '[', ';']) || before.ends_with("...") {
                        let target = word(&rest[at + 1..]);
                        if !target.is_empty() {
                            out.push((n + 1, target.clone(), d2_files(&target)));
                        }
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// A quoted string, or everything up to white space or D2 punctuation.
fn word(s: &str) -> String {
    let s = s.trim_start();
    if let Some(q @ ('"' | '\'')) = s.chars().next() {
        let body = &s[1..];
        return body[..body.find(q).unwrap_or(body.len())].to_owned();
    }
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, ';' | ']' | '}' | '{' | ',' | '#'))
        .unwrap_or(s.len());
    s[..end].to_owned()
}

/// The files `@target` may name: D2 adds `.d2`, and `@file.key` means `file.d2`.
fn d2_files(target: &str) -> Vec<String> {
    let (folder, name) = match target.rfind('/') {
        Some(at) => target.split_at(at + 1),
        None => ("", target),
    };
    let mut files = Vec::new();
    if name.ends_with(".d2") {
        files.push(target.to_owned());
    }
    for (at, _) in name.match_indices('.') {
        files.push(format!("{folder}{}.d2", &name[..at]));
    }
    files.push(format!("{target}.d2"));
    files.dedup();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(kind: Kind, text: &str) -> Vec<(usize, String)> {
        references(kind, text).into_iter().map(|(l, t, _)| (l, t)).collect()
    }

    #[test]
    fn finds_plantuml_includes() {
        let text = "@startuml\n!include parts.iuml\n!includesub lib.puml!BASIC\n!include <C4/C4_Context>\n!include_many \"a b.iuml\"\n!include https://x/y\n!include $dir/x\n!import style.zip\nA -> B\n";
        assert_eq!(
            targets(Kind::PlantUml, text),
            [
                (2, "parts.iuml".into()),
                (3, "lib.puml".into()),
                (5, "a b.iuml".into()),
                (8, "style.zip".into())
            ]
        );
    }

    #[test]
    fn finds_d2_imports_and_icons_but_not_strings_comments_or_blocks() {
        let text = "x: @shared\n...@sub/y\nr: @\"sub/z w\"\nq: @x.a\nlabel: \"mail @home\"\n# a: @commented\nn: {icon: ../img/db.svg}\nm.icon: https://x/y.svg\nnote: |md\n  contact: @bob\n|\nafter: @tail.d2\n";
        assert_eq!(
            targets(Kind::D2, text),
            [
                (1, "shared".into()),
                (2, "sub/y".into()),
                (3, "sub/z w".into()),
                (4, "x.a".into()),
                (7, "../img/db.svg".into()),
                (12, "tail.d2".into())
            ]
        );
        assert_eq!(d2_files("x.a"), ["x.d2", "x.a.d2"]);
        assert_eq!(d2_files("sub/t.d2"), ["sub/t.d2", "sub/t.d2.d2"]);
        assert_eq!(d2_files("../up"), ["../up.d2"]);
    }

    #[test]
    fn reads_inside_the_book_and_refuses_the_rest() {
        let book = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let src = book.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.d2"), "x: @b\n").unwrap();
        std::fs::write(src.join("b.d2"), "y\n").unwrap();
        std::fs::write(outside.path().join("secret.d2"), "s\n").unwrap();
        let first = read(Kind::D2, "...@a\n", &src, book.path()).unwrap_or_default();
        assert!(
            first.contains("a.d2\0") && first.contains("b.d2\0"),
            "nested imports count: {first}"
        );
        std::fs::write(src.join("b.d2"), "z\n").unwrap();
        assert_ne!(read(Kind::D2, "...@a\n", &src, book.path()).unwrap_or_default(), first);

        handbook_core::platform::symlink_file(outside.path().join("secret.d2"), src.join("link.d2")).unwrap();
        let absolute = format!("{}", outside.path().join("secret").display());
        for (source, target) in [
            ("a\n...@../../../../../../etc/passwd\n", "../../../../../../etc/passwd"),
            (&format!("x: @{absolute}\n") as &str, absolute.as_str()),
            ("x: @link\n", "link"),
        ] {
            let refused = read(Kind::D2, source, &src, book.path());
            assert!(
                matches!(&refused, Err(o) if o.target == target && o.line == source.lines().count()),
                "{source}: {refused:?}"
            );
        }
        std::fs::write(src.join("c.d2"), "...@../../../../../../etc/hostname\n").unwrap();
        assert!(
            matches!(read(Kind::D2, "\n...@c\n", &src, book.path()), Err(o) if o.line == 2),
            "a nested escape is refused at the line that led there"
        );
        assert!(read(Kind::PlantUml, "!include /etc/passwd\n", &src, book.path()).is_err());
    }
}

//! The files a diagram reads besides its source: PlantUML `!include`s (and
//! `%load_json`, `<img:...>`), D2 imports (`x: @file`, `...@file`) and D2
//! icons. Each is resolved as its program would resolve it, must be a file
//! the book shares ([`crate::shared`]: `src/` and `include-dirs`, no
//! dot-file, no cache), and its content goes into the cache key, so editing
//! an included file draws again.
//!
//! A file the book does not share is refused before the program runs, and
//! never read here either. Below this, PlantUML's sandbox opens only the
//! shared folders, and [`check_output`] judges what Graphviz and D2 really
//! put into their pictures.

use crate::cache;
use crate::kind::Kind;
use crate::shared::{NotShared, Shared};
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
    /// Why the book does not share it (when `network` is `None`).
    pub why: NotShared,
    /// Set when the file is inside the book but names a URL (`icon: https://...`,
    /// `!include https://...`): the program would fetch it. The line that does.
    pub network: Option<String>,
    /// Set when PlantUML would build the target itself (a variable, a builtin,
    /// a defined name), so no one can judge it before PlantUML runs: why.
    pub built: Option<String>,
}

/// Each file the diagram reads, with a hash of its content, for the cache
/// key; or the first reference to a file the book does not share. `dir` is
/// the folder the program runs in (the chapter's).
pub fn read(kind: Kind, source: &str, dir: &Path, shared: &Shared) -> Result<String, Outside> {
    if !matches!(kind, Kind::PlantUml | Kind::D2) {
        return Ok(String::new());
    }
    let mut out = String::new();
    let mut seen = BTreeSet::new();
    let mut queue = vec![(source.to_owned(), dir.to_path_buf(), 0, None::<usize>)];
    // Every text read, with the fence line that led to it: names one defines count in all.
    let mut texts: Vec<(String, Option<usize>)> = Vec::new();
    while let Some((text, dir, depth, top_line)) = queue.pop() {
        for (line, target, candidates) in references(kind, &text) {
            let line = top_line.unwrap_or(line);
            for candidate in candidates {
                let real = match shared.check(&dir.join(&candidate)) {
                    Ok(real) => real,
                    Err((why, resolved)) => {
                        return Err(Outside {
                            target,
                            line,
                            resolved,
                            why,
                            network: None,
                            built: None,
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
                        why: NotShared::OutsideBook,
                        network: Some(online),
                        built: None,
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
        texts.push((text, top_line));
    }
    if kind == Kind::PlantUml
        && let Some((line, target, why)) =
            crate::plantuml::includes::built_target(texts.iter().map(|(t, l)| (t.as_str(), *l)))
    {
        return Err(Outside {
            target,
            line,
            resolved: dir.to_path_buf(),
            why: NotShared::OutsideShared,
            network: None,
            built: Some(why),
        });
    }
    Ok(out)
}

/// Judges what a program put into its picture by what it really read, not by
/// its source: the images Graphviz names (`<image xlink:href="x.png">`, from
/// `image=`, `shapefile=` or an HTML label's `<IMG>`, resolved from `dir`) must
/// be files the book shares, and every image D2 inlined (`<image
/// href="data:...">`: d2 embeds any local icon it can open, whatever path or
/// variable named it) must be a `data:` URL the author wrote (`sources`: the
/// fence and the files it includes) or the bytes of a file the book shares.
/// The refusal says why, in the author's terms.
pub fn check_output(kind: Kind, svg: &str, dir: &Path, sources: &[String], shared: &Shared) -> Result<(), String> {
    match kind {
        Kind::Dot => {
            for (at, _) in svg.match_indices("<image") {
                let tag = &svg[at..svg[at..].find('>').map_or(svg.len(), |end| at + end)];
                let Some(start) = tag.find("href=\"").map(|i| i + 6) else {
                    continue;
                };
                let href = &tag[start..tag[start..].find('"').map_or(tag.len(), |end| start + end)];
                let href = href
                    .replace("&amp;", "&")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'");
                if href.starts_with("data:") || href.contains("://") {
                    continue;
                }
                if let Err((why, resolved)) = shared.check(&dir.join(&href)) {
                    return Err(format!(
                        "Graphviz drew the image `{href}`, which leads to {}, {}",
                        resolved.display(),
                        not_shared(why)
                    ));
                }
            }
            Ok(())
        }
        Kind::D2 => {
            let opener = "<image href=\"data:";
            for (at, _) in svg.match_indices(opener) {
                let rest = &svg[at + opener.len()..];
                let url = &rest[..rest.find('"').unwrap_or(rest.len())];
                let Some((mime, payload)) = url.split_once(";base64,") else {
                    continue;
                };
                if sources.iter().any(|s| s.contains(payload)) {
                    continue;
                }
                let shared_file =
                    crate::shared::base64_decode(payload).is_some_and(|bytes| shared.holds_content(&bytes));
                if !shared_file {
                    return Err(format!(
                        "d2 embedded an image ({mime}, {} bytes of base64) that is no file under `src/` or `include-dirs`: an icon that leads out of what the book shares, or to a dot-file or the cache",
                        payload.len()
                    ));
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Why a file is refused, as the end of a sentence.
pub fn not_shared(why: NotShared) -> &'static str {
    match why {
        NotShared::OutsideBook => "outside the book; the suite reads only files inside the book",
        NotShared::OutsideShared => {
            "which is in neither `src/` nor a folder of `include-dirs`; diagrams read only the files the book shares"
        }
        NotShared::Private => "under a dot-folder or dot-file (`.git`, `.env`, ...), which diagrams never read",
        NotShared::Cache => "in the diagram cache, which diagrams never read",
    }
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
        Kind::PlantUml => crate::plantuml::includes::literal_targets(text),
        Kind::D2 => d2_references(text),
        _ => Vec::new(),
    }
}

/// D2 imports and icons, found without reading D2's syntax, so that no
/// quoting, block string, escape or comment can hide one from it.
///
/// Imports: d2 reads a file only for an `@` of its syntax, so every `@` in
/// the text, wherever it stands (a label, a string, a comment), is taken for
/// one: a superset. An `@` that is not an import names a file d2 never reads,
/// which costs nothing unless it leads out of what the book shares. Icons:
/// every `icon:` value, for the cache key and an early refusal with a line;
/// the guard for icons is [`check_output`], on what d2 really embedded
/// (icons can come from `vars`, which no reader of the source can follow).
fn d2_references(text: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for (at, _) in line.match_indices('@') {
            let rest = &line[at + 1..];
            let pre_len = rest.find(|c: char| c != '.' && c != '/').unwrap_or(rest.len());
            let (pre, key) = rest.split_at(pre_len);
            for word in words(key) {
                let target = format!("{pre}{word}");
                let mut files = d2_files(&target);
                // d2 joins the leading dots and slashes as a path: `@../.x` reads `../x.d2`.
                let joined = Path::new(pre).join(&word).display().to_string();
                files.extend(d2_files(&joined));
                files.dedup();
                out.push((n + 1, target, files));
            }
        }
        for (at, _) in line.match_indices("icon") {
            let rest = line[at + 4..].trim_start_matches(['"', '\'', ' ', '\t']);
            let Some(value) = rest.strip_prefix(':') else { continue };
            for path in words(value) {
                if !path.contains("://") && !path.contains("${") {
                    out.push((n + 1, path.clone(), vec![path]));
                }
            }
        }
    }
    out
}

/// The strings a D2 value may spell: a quoted string (as written and with its
/// backslash escapes applied), or an unquoted one up to white space and up to
/// D2's punctuation (a key may hold spaces).
fn words(s: &str) -> Vec<String> {
    let s = s.trim_start();
    let mut out = Vec::new();
    if let Some(q @ ('"' | '\'' | '`')) = s.chars().next() {
        let body = &s[1..];
        let mut end = body.len();
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                c if c == q => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        out.push(body[..end].to_owned());
    } else {
        let punctuation = |c: char| matches!(c, ';' | ']' | '}' | '{' | '[' | ',' | '#' | ':' | '|');
        let word_end = s.find(|c: char| c.is_whitespace() || punctuation(c)).unwrap_or(s.len());
        out.push(s[..word_end].to_owned());
        let key_end = s.find(punctuation).unwrap_or(s.len());
        out.push(s[..key_end].trim_end().to_owned());
    }
    let unescaped: Vec<String> = out
        .iter()
        .filter(|w| w.contains('\\'))
        .map(|w| {
            let mut plain = String::new();
            let mut chars = w.chars();
            while let Some(c) = chars.next() {
                plain.push(if c == '\\' { chars.next().unwrap_or(c) } else { c });
            }
            plain
        })
        .collect();
    out.extend(unescaped);
    out.retain(|w| !w.is_empty());
    out.dedup();
    out
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

    /// Every `@` and every `icon:` value is found, whatever D2 construct
    /// surrounds it: the four ways past the old line lexer (a block string
    /// closed on its line, an apostrophe in an unquoted label, a backslash
    /// escape in a quoted path; `vars` is [`check_output`]'s) and more.
    #[test]
    fn finds_every_d2_import_and_icon_whatever_surrounds_it() {
        let text = "x: @shared\n...@sub/y\nr: @\"sub/z w\"\nq: @x.a\nnote: |md hi| ; s: @../../up\nBob's box: {icon: ../../img.png}\nt: {icon: \"..\\/..\\/e.png\"}\n# a: @../commented\nlabel: \"mail @../../home\"\n";
        let found = targets(Kind::D2, text);
        for (line, target) in [
            (1, "shared"),
            (2, "sub/y"),
            (3, "sub/z w"),
            (4, "x.a"),
            (5, "../../up"),
            (6, "../../img.png"),
            (7, "../../e.png"),
            (8, "../commented"),
            (9, "../../home\""),
        ] {
            assert!(found.contains(&(line, target.to_owned())), "{target}: {found:?}");
        }
        assert_eq!(d2_files("x.a"), ["x.d2", "x.a.d2"]);
        assert_eq!(d2_files("sub/t.d2"), ["sub/t.d2", "sub/t.d2.d2"]);
        assert_eq!(d2_files("../up"), ["../up.d2"]);
        let dotted = references(Kind::D2, "x: @../.env\n");
        assert!(
            dotted[0].2.iter().any(|f| f.ends_with("./env.d2")),
            "d2 reads `../env.d2`: {dotted:?}"
        );
    }

    #[test]
    fn finds_plantuml_files_named_inside_lines() {
        let text = "!$j = %load_json(\"../.env\")\nA -> B : <img:../.git/x.png>\n!theme t from ../.themes\n";
        assert_eq!(
            targets(Kind::PlantUml, text),
            [
                (1, "../.env".into()),
                (2, "../.git/x.png".into()),
                (3, "../.themes".into())
            ]
        );
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
        let shared = Shared::new(
            book.path(),
            Path::new("src"),
            &[],
            Path::new(".handbook-cache/diagrams"),
        );
        let first = read(Kind::D2, "...@a\n", &src, &shared).unwrap_or_default();
        assert!(
            first.contains("a.d2\0") && first.contains("b.d2\0"),
            "nested imports count: {first}"
        );
        std::fs::write(src.join("b.d2"), "z\n").unwrap();
        assert_ne!(read(Kind::D2, "...@a\n", &src, &shared).unwrap_or_default(), first);

        handbook_core::platform::symlink_file(outside.path().join("secret.d2"), src.join("link.d2")).unwrap();
        let absolute = format!("{}", outside.path().join("secret").display());
        for (source, target) in [
            ("a\n...@../../../../../../etc/passwd\n", "../../../../../../etc/passwd"),
            (&format!("x: @{absolute}\n") as &str, absolute.as_str()),
            ("x: @link\n", "link"),
        ] {
            let refused = read(Kind::D2, source, &src, &shared);
            assert!(
                matches!(&refused, Err(o) if o.target == target && o.line == source.lines().count()),
                "{source}: {refused:?}"
            );
        }
        std::fs::write(src.join("c.d2"), "...@../../../../../../etc/hostname\n").unwrap();
        assert!(
            matches!(read(Kind::D2, "\n...@c\n", &src, &shared), Err(o) if o.line == 2),
            "a nested escape is refused at the line that led there"
        );
        assert!(read(Kind::PlantUml, "!include /etc/passwd\n", &src, &shared).is_err());
    }
}

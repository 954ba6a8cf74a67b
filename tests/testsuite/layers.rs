//! Scan never imports render: a capability's `scan` step reads chapters into a
//! model (and reports what it finds); `render` turns the model into splices.
//! A scan that borrowed from render would tie the model to one output and
//! invite render to report scan's problems. Checked on the source, like
//! `codes.rs` checks the diagnostic codes. What "scan" is comes from the code:
//! every module a capability's `scan` module reaches, however it is named.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module of a crate by its path (`["scan", "table"]`; `[]` is `lib.rs`).
type ModulePath = Vec<String>;

/// The file of a module, when the crate has it.
fn module_file(src: &Path, module: &[String]) -> Option<PathBuf> {
    if module.is_empty() {
        return Some(src.join("lib.rs"));
    }
    let base = module.iter().fold(src.to_path_buf(), |p, m| p.join(m));
    [base.with_extension("rs"), base.join("mod.rs")]
        .into_iter()
        .find(|f| f.is_file())
}

/// Tokens of Rust source, comments and string literals left out: identifiers,
/// `::` and single punctuation characters.
fn tokens(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = source.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push("::".to_owned());
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
            i += 1;
        }
    }
    out
}

/// The paths a `use` tree or a path expression names from `tokens[at]` on,
/// `{a, b::c}` groups expanded; stops at the first token that ends the path.
fn paths_from(tokens: &[String], mut at: usize, prefix: ModulePath, out: &mut Vec<ModulePath>) -> usize {
    let mut path = prefix;
    loop {
        match tokens.get(at).map(String::as_str) {
            Some("{") => {
                at += 1;
                while tokens.get(at).is_some_and(|t| t != "}") {
                    at = paths_from(tokens, at, path.clone(), out);
                    if tokens.get(at).is_some_and(|t| t == ",") {
                        at += 1;
                    }
                }
                return at + 1;
            }
            Some(t) if t.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                path.push(t.to_owned());
                at += 1;
                if tokens.get(at).is_some_and(|t| t == "::") {
                    at += 1;
                    continue;
                }
                out.push(path);
                return at;
            }
            _ => {
                out.push(path);
                return at;
            }
        }
    }
}

/// The modules of its own crate that a module's source reaches: by `crate::`,
/// `super::` and `self::` paths, and its child `mod`s.
fn modules_reached(source: &str, here: &[String]) -> Vec<ModulePath> {
    let tokens = tokens(source);
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).map(String::as_str);
        let before = i.checked_sub(1).and_then(|b| tokens.get(b)).map(String::as_str);
        if before == Some("::") {
            continue;
        }
        let base: Option<ModulePath> = match (token.as_str(), next) {
            ("crate", Some("::")) => Some(Vec::new()),
            ("self", Some("::")) => Some(here.to_vec()),
            ("super", Some("::")) => {
                let mut up = here.to_vec();
                let mut at = i;
                while tokens.get(at).is_some_and(|t| t == "super") && tokens.get(at + 1).is_some_and(|t| t == "::") {
                    up.pop();
                    at += 2;
                }
                paths_from(&tokens, at, up, &mut out);
                None
            }
            ("mod", Some(name)) if tokens.get(i + 2).is_some_and(|t| t == ";") => {
                let mut child = here.to_vec();
                child.push(name.to_owned());
                out.push(child);
                None
            }
            _ => None,
        };
        if let Some(base) = base {
            paths_from(&tokens, i + 2, base, &mut out);
        }
    }
    out
}

/// The longest prefix of `path` that is a module with a file, with that file.
fn as_module(src: &Path, path: &[String]) -> Option<(ModulePath, PathBuf)> {
    (1..=path.len())
        .rev()
        .find_map(|n| module_file(src, &path[..n]).map(|f| (path[..n].to_vec(), f)))
}

/// Every module of the crate at `src` that its `scan` module reaches, directly
/// or through other modules, each with the chain that reaches it: the code
/// that runs during scan, whatever its files are named.
fn scan_closure(src: &Path) -> BTreeMap<ModulePath, Vec<String>> {
    let start = vec!["scan".to_owned()];
    let mut seen: BTreeMap<ModulePath, Vec<String>> = BTreeMap::new();
    if module_file(src, &start).is_none() {
        return seen;
    }
    let mut queue = vec![(start.clone(), vec!["scan".to_owned()])];
    while let Some((module, chain)) = queue.pop() {
        if seen.contains_key(&module) {
            continue;
        }
        seen.insert(module.clone(), chain.clone());
        let Some(file) = module_file(src, &module) else {
            continue;
        };
        let source = std::fs::read_to_string(&file).unwrap();
        // Tests of a module run in no build.
        let source = source.split("#[cfg(test)]").next().unwrap_or_default();
        for path in modules_reached(source, &module) {
            // `lib.rs` itself wires every step: reaching it is not running render.
            if let Some((found, _)) = as_module(src, &path).filter(|(m, _)| !m.is_empty())
                && !seen.contains_key(&found)
            {
                let mut longer = chain.clone();
                longer.push(found.join("::"));
                queue.push((found, longer));
            }
        }
    }
    seen
}

/// Every capability crate's `src`.
fn capability_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("preprocessors");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|krate| krate.path().join("src"))
        .filter(|src| src.join("lib.rs").is_file())
        .collect();
    out.sort();
    out
}

/// Every `.rs` file of a capability's scan step: `src/scan.rs` and `src/scan/**`.
fn scan_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for src in capability_sources() {
        for module in scan_closure(&src).keys() {
            if let Some(file) = module_file(&src, module) {
                out.push(file);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The lines of `source` that reach into the crate's `render` module, by path
/// (`crate::render`, `super::render`) or in a `use crate::{...}` group.
fn render_imports(source: &str) -> Vec<String> {
    let code: Vec<&str> = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect();
    let mut found: Vec<String> = code
        .iter()
        .filter(|l| {
            let flat: String = l.split_whitespace().collect();
            flat.contains("crate::render") || flat.contains("super::render") || flat.contains("super::super::render")
        })
        .map(|l| l.trim().to_owned())
        .collect();
    let flat: String = code.concat().split_whitespace().collect();
    let mut rest = flat.as_str();
    while let Some(start) = rest.find("usecrate::{") {
        let group = &rest[start + "usecrate::{".len()..];
        let end = group.find("};").unwrap_or(group.len());
        let mut depth = 0;
        let mut item = String::new();
        for c in group[..end].chars().chain([',']) {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    if item == "render" || item.starts_with("render::") {
                        found.push(format!("use crate::{{{item}}}"));
                    }
                    item.clear();
                    continue;
                }
                _ => {}
            }
            if depth == 0 && c != '}' {
                item.push(c);
            }
        }
        rest = &group[end..];
    }
    found
}

/// No module that scan reaches is render or reaches it.
#[test]
fn nothing_scan_runs_reaches_render() {
    let mut offenders = Vec::new();
    let mut named_otherwise = BTreeSet::new();
    for src in capability_sources() {
        for (module, chain) in scan_closure(&src) {
            if module.first().is_some_and(|m| m == "render") {
                offenders.push(format!("{}: {}", src.display(), chain.join(" -> ")));
            }
            if !module.iter().any(|m| m.starts_with("scan")) {
                named_otherwise.insert(format!("{}::{}", src.display(), module.join("::")));
            }
        }
    }
    assert!(offenders.is_empty(), "scan reaches render:\n{}", offenders.join("\n"));
    // The check covers what scan runs, not a list of names: changelog's scan
    // reads its data file and tables through modules of other names.
    assert!(
        named_otherwise.len() >= 5,
        "scan reaches only modules named scan*: {named_otherwise:?}"
    );
}

/// The closure follows `crate::`, `super::`, `use crate::{...}` groups and
/// child `mod`s, and finds a render reached through a module of another name.
#[test]
fn the_closure_follows_every_kind_of_path() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let write = |name: &str, text: &str| {
        let path = src.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("lib.rs", "mod scan; mod render; mod table; mod words; mod far;\n");
    write(
        "scan/mod.rs",
        "mod rows;\nuse crate::{table::Row, words};\n// crate::render in a comment\n",
    );
    write("scan/rows.rs", "fn f() { super::super::far::g(\"crate::render\") }\n");
    write("table.rs", "");
    write("words.rs", "");
    write("far.rs", "use crate::render::page::Page;\n");
    write("render/mod.rs", "pub mod page;\n");
    write("render/page.rs", "");
    let closure = scan_closure(src);
    let names: Vec<String> = closure.keys().map(|m| m.join("::")).collect();
    assert_eq!(
        names,
        ["far", "render::page", "scan", "scan::rows", "table", "words"],
        "{closure:?}"
    );
    assert_eq!(
        closure[&vec!["render".to_owned(), "page".to_owned()]],
        ["scan", "scan::rows", "far", "render::page"]
    );
}

#[test]
fn no_scan_module_imports_render() {
    let files = scan_files();
    assert!(files.len() >= 5, "found only {files:?}");
    let offenders: Vec<String> = files
        .iter()
        .flat_map(|f| {
            let source = std::fs::read_to_string(f).unwrap();
            render_imports(&source)
                .into_iter()
                .map(move |line| format!("{}: {line}", f.display()))
        })
        .collect();
    assert!(offenders.is_empty(), "scan imports render:\n{}", offenders.join("\n"));
}

#[test]
fn the_check_finds_each_way_of_importing_render() {
    for source in [
        "use crate::render::without_raw_html;",
        "let x = crate::render::page::f(y);",
        "use super::render;",
        "use crate::{config::X, render};",
        "use crate::{\n    log::Log,\n    render::index::Selection,\n};",
    ] {
        assert!(!render_imports(source).is_empty(), "{source}");
    }
    for source in [
        "use crate::log::DecisionLog;",
        "// crate::render is not imported here",
        "use crate::{config::Render, renders};",
        "let rendered = render_later();",
    ] {
        assert_eq!(render_imports(source), Vec::<String>::new(), "{source}");
    }
}

/// Each helper of issue 28's list exists once: its hand-written forms appear
/// nowhere in library code but in the helper itself (tests may write them).
#[test]
fn helpers_are_written_once() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let forms: &[(&str, &[&str], &str)] = &[
        (
            "replace('\\\\', \"/\")",
            &["preprocessors/core/src/glob.rs"],
            "platform::slashed",
        ),
        (
            "\"<a href",
            &["preprocessors/core/src/html.rs"],
            "html::link or html::link_open",
        ),
        ("<a class=", &["preprocessors/core/src/html.rs"], "html::link_open"),
        (
            "replace('|'",
            &["preprocessors/core/src/table_cell.rs"],
            "table_cell::escape",
        ),
        (
            ".unwrap_or_else(|_| root.to_path_buf())",
            &["preprocessors/core/src/paths.rs"],
            "paths::real_root",
        ),
        (
            ".unwrap_or_else(|_| path.to_path_buf())",
            &["preprocessors/core/src/paths.rs"],
            "paths::real_root",
        ),
    ];
    let mut files = Vec::new();
    let mut dirs: Vec<PathBuf> = std::iter::once(root.join("src")).chain(capability_sources()).collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 100, "found only {} files", files.len());
    let mut copies = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect();
        for (form, home, helper) in forms {
            if code.contains(form) && !home.iter().any(|h| file.ends_with(h)) {
                copies.push(format!("{}: `{form}`: call {helper}", file.display()));
            }
        }
    }
    assert!(copies.is_empty(), "a helper written again:\n{}", copies.join("\n"));
}

//! Scan never imports render: a capability's `scan` step reads chapters into a
//! model (and reports what it finds); `render` turns the model into splices.
//! A scan that borrowed from render would tie the model to one output and
//! invite render to report scan's problems. Checked on the source, like
//! `codes.rs` checks the diagnostic codes.

use std::path::{Path, PathBuf};

/// Every `.rs` file of a capability's scan step: `src/scan.rs` and `src/scan/**`.
fn scan_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("preprocessors");
    let mut out = Vec::new();
    for krate in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        let src = krate.path().join("src");
        let single = src.join("scan.rs");
        if single.is_file() {
            out.push(single);
        }
        let mut dirs = vec![src.join("scan")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
    }
    out.sort();
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

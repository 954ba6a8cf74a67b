//! Golden round trips of the `adr` edits, in every format, LF and CRLF.
//!
//! - `edit_cases/<format>/before/` is a book's `src` (SUMMARY.md, `decisions/`, other chapters).
//! - `edit_cases/<format>/<name>.cmd` is one command line (`supersede 1 2`).
//! - `edit_cases/<format>/<name>/` holds the whole expected text of every
//!   file the command changed or created, at its new path, and
//!   `_removed.txt` the old paths of renamed files; every other file must
//!   come back byte-identical. `<name>.error.txt` instead: the refusal.
//!
//! Each case runs twice: as written (LF), and with every file in CRLF, whose
//! expected output is the same text in CRLF. `BLESS=1` writes the expected
//! files (check them by eye).

// A test that cannot read its own cases should stop at once, naming them.

use handbook_adr::edit::new::{NewDecision, new_decision};
use handbook_adr::edit::renumber::renumber;
use handbook_adr::edit::{AdrRef, EditResult, Workspace, relate, status};
use handbook_adr::scan::relations::RelationKind;
use handbook_core::date::{HandbookDate, parse_date};
use handbook_core::markdown::MarkdownOptions;
use handbook_core::status::StatusWords;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn today() -> HandbookDate {
    parse_date("2026-11-29").unwrap()
}

fn tree(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![PathBuf::new()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let rel = dir.join(e.file_name());
            if e.path().is_dir() {
                dirs.push(rel);
            } else {
                out.insert(rel, std::fs::read_to_string(e.path()).unwrap());
            }
        }
    }
    out
}

/// `new "A title" --supersedes 1` → words.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.trim().chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

pub(crate) fn run(ws: &mut Workspace, line: &str) -> EditResult<()> {
    let w = words(line);
    let arg = |i: usize| AdrRef::parse(w.get(i).map_or("", String::as_str));
    match w.first().map(String::as_str) {
        Some("new") => {
            let mut ask = NewDecision {
                title: w[1].clone(),
                status: "proposed".into(),
                ..NewDecision::default()
            };
            let mut i = 2;
            while i + 1 < w.len() {
                let target = AdrRef::parse(&w[i + 1]);
                match w[i].as_str() {
                    "--supersedes" => ask.supersedes.push(target),
                    "--amends" => ask.amends.push(target),
                    "--relates" => ask.relates.push(target),
                    "--status" => ask.status = w[i + 1].clone(),
                    other => panic!("unknown option {other}"),
                }
                i += 2;
            }
            new_decision(ws, &ask).map(|_| ())
        }
        Some("supersede") => relate::supersede(ws, &arg(1), &arg(2)),
        Some("status") => status::set_status(ws, &arg(1), &w[2]),
        Some("link") => {
            let kind = match w[2].as_str() {
                "--amends" => RelationKind::Amends,
                "--relates" => RelationKind::Relates,
                "--supersedes" => RelationKind::Supersedes,
                other => panic!("unknown option {other}"),
            };
            relate::link(ws, &arg(1), kind, &arg(3))
        }
        Some("renumber") => renumber(ws, &arg(1), w[2].parse().unwrap(), &BTreeSet::new()).map(|_| ()),
        other => panic!("unknown command {other:?}"),
    }
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[test]
fn round_trips_in_every_format_lf_and_crlf() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/edit_cases");
    let bless = std::env::var_os("BLESS").is_some();
    let mut checked = 0;
    let mut formats: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    formats.sort();
    for format in formats {
        let before = tree(&format.join("before"));
        let mut commands: Vec<PathBuf> = std::fs::read_dir(&format)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "cmd"))
            .collect();
        commands.sort();
        for cmd in commands {
            let line = std::fs::read_to_string(&cmd).unwrap();
            let name = cmd.file_stem().unwrap().to_string_lossy().into_owned();
            let expected_dir = format.join(&name);
            let error_file = format.join(format!("{name}.error.txt"));
            for windows in [false, true] {
                let label = format!("{}/{name} ({})", format.display(), if windows { "CRLF" } else { "LF" });
                let files: Vec<(PathBuf, String)> = before
                    .iter()
                    .map(|(p, t)| (p.clone(), if windows { crlf(t) } else { t.clone() }))
                    .collect();
                let mut ws = Workspace::new(
                    files,
                    PathBuf::from("decisions"),
                    MarkdownOptions::default(),
                    StatusWords::new(&BTreeMap::new()),
                    today(),
                );
                let result = run(&mut ws, &line);
                let changes = ws.changes();
                if bless && !windows {
                    let _ = std::fs::remove_dir_all(&expected_dir);
                    let _ = std::fs::remove_file(&error_file);
                    match &result {
                        Err(e) => std::fs::write(&error_file, format!("{e}\n")).unwrap(),
                        Ok(()) => {
                            for c in &changes {
                                let to = expected_dir.join(&c.to);
                                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                                std::fs::write(to, &c.after).unwrap();
                            }
                            let removed: Vec<String> = changes
                                .iter()
                                .filter_map(|c| c.from.as_ref().filter(|f| **f != c.to))
                                .map(|f| format!("{}\n", f.display()))
                                .collect();
                            if !removed.is_empty() {
                                std::fs::write(expected_dir.join("_removed.txt"), removed.concat()).unwrap();
                            }
                        }
                    }
                }
                match result {
                    Err(e) => {
                        let want = std::fs::read_to_string(&error_file)
                            .unwrap_or_else(|_| panic!("{label}: refused ({e}) but no {name}.error.txt"));
                        assert_eq!(format!("{e}\n"), want, "{label}");
                        assert!(changes.is_empty(), "{label}: a refusal changed files");
                    }
                    Ok(()) => {
                        assert!(!error_file.exists(), "{label}: expected a refusal");
                        let mut want = tree(&expected_dir);
                        let removed = want.remove(Path::new("_removed.txt")).unwrap_or_default();
                        let got: BTreeMap<PathBuf, String> =
                            changes.iter().map(|c| (c.to.clone(), c.after.clone())).collect();
                        assert_eq!(
                            got.keys().collect::<Vec<_>>(),
                            want.keys().collect::<Vec<_>>(),
                            "{label}: changed files"
                        );
                        for (path, text) in &want {
                            let text = if windows { crlf(text) } else { text.clone() };
                            assert_eq!(got[path], text, "{label}: {}", path.display());
                        }
                        let got_removed: Vec<String> = changes
                            .iter()
                            .filter_map(|c| c.from.as_ref().filter(|f| **f != c.to))
                            .map(|f| f.display().to_string())
                            .collect();
                        assert_eq!(got_removed, removed.lines().collect::<Vec<_>>(), "{label}: renames");
                        assert!(!changes.is_empty(), "{label}: nothing changed");
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 60, "only {checked} runs");
}

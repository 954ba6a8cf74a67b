//! The registry of diagnostic codes cannot fall behind the source, and the
//! README's table of codes cannot drift from the registry.
//!
//! `UPDATE_README_CODES=1 cargo test --test codes` rewrites the README's table.

use mdbook_handbook::suite;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const START: &str = "<!-- codes:start (generated from the registry by tests/codes.rs) -->\n";
const END: &str = "<!-- codes:end -->";

/// Names with a capability's prefix that are directives or front matter keys, not codes.
const NOT_CODES: &[&str] = &[
    "adr-index",
    "adr-graph",
    "status-report",
    "drift-report",
    "glossary-skip",
    "c4-view",
    "c4-views",
    "c4-element",
];
const PREFIXES: &[&str] = &[
    "adr-",
    "status-",
    "changelog-",
    "glossary-",
    "diagram-",
    "drift-",
    "c4-",
    "links-",
    "internal-",
];
/// What comes before a code literal where a diagnostic is made (whitespace removed).
const BEFORE: &[&str] = &[
    "Level::Info,",
    "Level::Warning,",
    "Level::Error,",
    ".warning(",
    ".error(",
    ".info(",
    "code:",
    "warn(",
    "problem(",
    "level,",
    "=>(",
];

fn registered() -> BTreeSet<&'static str> {
    suite::codes()
        .iter()
        .flat_map(|(_, c)| c.iter())
        .map(|c| c.name)
        .collect()
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "tests.rs") {
            out.push(path);
        }
    }
}

/// Every string literal of non-test code that is used as a diagnostic code:
/// right after the argument or field that takes one, or with a capability's
/// prefix (so a code built some other way is still seen).
fn code_literals() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    for dir in std::fs::read_dir(root.join("preprocessors"))
        .into_iter()
        .flatten()
        .flatten()
    {
        sources(&dir.path().join("src"), &mut files);
    }
    assert!(files.len() > 30, "found only {} source files", files.len());
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (literal, before) in string_literals(code) {
            let kebab = literal.starts_with(|c: char| c.is_ascii_lowercase())
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !kebab {
                continue;
            }
            let after_argument = BEFORE.iter().any(|b| before.ends_with(b));
            let prefixed = PREFIXES.iter().any(|p| literal.starts_with(p)) && !NOT_CODES.contains(&literal.as_str());
            if after_argument || prefixed {
                found.push((literal, file.display().to_string()));
            }
        }
    }
    found
}

/// The string literals of Rust source, each with the code before it
/// (whitespace removed, last 40 characters). Comments, raw strings and
/// `'"'` are skipped; escapes are kept as written (codes have none).
fn string_literals(code: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut before = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
        } else if c == '\'' && next == Some('\\') && chars.get(i + 3) == Some(&'\'') {
            i += 4;
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !before.ends_with(|p: char| p.is_alphanumeric() || p == '_')
        {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                before.push(c);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let rest: String = chars[i + 2 + hashes..].iter().collect();
            let len = rest.find(&close).map_or(rest.len(), |e| e + close.len());
            i += 2 + hashes + rest[..len].chars().count();
        } else if c == '"' {
            let mut literal = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    literal.push(chars[i]);
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    literal.push(ch);
                }
                i += 1;
            }
            i += 1;
            let tail: String = before
                .chars()
                .rev()
                .take(40)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            out.push((literal, tail));
            before.push_str("\"\"");
        } else {
            if !c.is_whitespace() {
                before.push(c);
            }
            i += 1;
        }
    }
    out
}

#[test]
fn the_literal_scanner_sees_codes_and_skips_the_rest() {
    let code = "// \"a-b\" in a comment\nlet q = '\"'; let r = r#\"x \"y\"\"#; Diagnostic::new(Level::Warning,\n \"adr-gap\", \"m\")";
    let found = string_literals(code);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "adr-gap");
    assert!(found[0].1.ends_with("Level::Warning,"), "{found:?}");
}

#[test]
fn every_code_in_the_source_is_registered() {
    let registered = registered();
    let found = code_literals();
    assert!(found.len() > 50, "the scan finds too few codes: {found:?}");
    let missing: Vec<&(String, String)> = found.iter().filter(|(c, _)| !registered.contains(c.as_str())).collect();
    assert!(
        missing.is_empty(),
        "codes used but not registered (add them to the crate's src/codes.rs): {missing:?}"
    );
    let used: BTreeSet<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    let unused: Vec<&&str> = registered.iter().filter(|c| !used.contains(**c)).collect();
    assert!(unused.is_empty(), "registered codes no source uses: {unused:?}");
}

/// The level a site names right before a code (`Level::Warning, "code"`,
/// `.warning("code"`), when it names one.
fn level_at_site(before: &str) -> Option<&'static str> {
    [
        ("Level::Info,", "info"),
        ("Level::Warning,", "warning"),
        ("Level::Error,", "error"),
        (".info(", "info"),
        (".warning(", "warning"),
        (".error(", "error"),
    ]
    .iter()
    .find(|(b, _)| before.ends_with(b))
    .map(|(_, level)| *level)
}

/// Sites that report a code below its documented level on purpose, each
/// with why. drift's "no decision log in this run" is a note, its other
/// `drift-unchecked` (git unusable) the documented warning.
const LOWER_ON_PURPOSE: &[(&str, &str, &str)] = &[("preprocessors/drift/src/lib.rs", "drift-unchecked", "info")];

/// A code reported at another level than the registry (and so README's table
/// and `check --explain`) says: `status-palette-contrast` was a warning
/// where README said error. A `levels` table changes a level; the source never does.
#[test]
fn every_code_is_reported_at_its_documented_level() {
    let documented: std::collections::BTreeMap<&str, &str> = suite::codes()
        .iter()
        .flat_map(|(_, c)| c.iter())
        .map(|c| (c.name, c.level.as_str()))
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    for dir in std::fs::read_dir(root.join("preprocessors"))
        .into_iter()
        .flatten()
        .flatten()
    {
        sources(&dir.path().join("src"), &mut files);
    }
    let mut wrong = Vec::new();
    let mut sites = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (literal, before) in string_literals(code) {
            let (Some(level), Some(want)) = (level_at_site(&before), documented.get(literal.as_str())) else {
                continue;
            };
            sites += 1;
            let excused = LOWER_ON_PURPOSE
                .iter()
                .any(|(f, c, l)| file.ends_with(f) && *c == literal && *l == level);
            if level != *want && !excused {
                wrong.push(format!(
                    "{}: `{literal}` reported as {level}, documented as {want}",
                    file.display()
                ));
            }
        }
    }
    assert!(sites > 50, "the scan finds too few sites: {sites}");
    assert!(
        wrong.is_empty(),
        "levels differ from the registry (README):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn code_names_are_unique_and_explained() {
    let mut seen = BTreeSet::new();
    for code in suite::codes().iter().flat_map(|(_, c)| c.iter()) {
        assert!(seen.insert(code.name), "{} is registered twice", code.name);
        assert!(!code.meaning.is_empty() && !code.fix.is_empty(), "{}", code.name);
    }
}

#[test]
fn the_readme_table_of_codes_is_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let (head, rest) = readme
        .split_once(START)
        .unwrap_or_else(|| panic!("README.md has no `{}` marker", START.trim()));
    let (_, tail) = rest
        .split_once(END)
        .unwrap_or_else(|| panic!("README.md has no `{END}` marker"));
    let want = format!("{head}{START}{}{END}{tail}", suite::codes_table());
    if readme != want && std::env::var_os("UPDATE_README_CODES").is_some() {
        std::fs::write(&path, &want).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    assert!(
        readme == want,
        "README.md's table of codes differs from the registry; run `UPDATE_README_CODES=1 cargo test --test codes`"
    );
}

//! The registry of diagnostic codes cannot fall behind the source, and the
//! guide's generated references cannot drift from the code: its diagnostics
//! reference is the registry, its configuration reference the typed configs.
//!
//! `UPDATE_GUIDE_REFERENCE=1 cargo test --test testsuite codes` rewrites both pages of
//! `guide/src/reference/` between their markers.

#[path = "reference/mod.rs"]
mod reference;

use mdbook_handbook::suite;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const START: &str = "<!-- generated:start (by tests/codes.rs; UPDATE_GUIDE_REFERENCE=1 rewrites it) -->\n";
const END: &str = "<!-- generated:end -->";

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

/// Every code name the registry knows: its codes and their old names.
fn registered() -> BTreeSet<&'static str> {
    suite::codes()
        .iter()
        .flat_map(|(_, c)| c.iter())
        .map(|c| c.name)
        .chain(handbook_core::codes::RENAMED.iter().map(|r| r.from))
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

/// A code reported at another level than the registry (and so the guide
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
        "levels differ from the registry (and the guide):\n{}",
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

/// `page` (relative to the guide's `src`) holds `want` between its markers;
/// `UPDATE_GUIDE_REFERENCE=1` writes it there.
fn generated_part_is(page: &str, want: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("guide/src").join(page);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (head, rest) = text
        .split_once(START)
        .unwrap_or_else(|| panic!("{page} has no `{}` marker", START.trim()));
    let (_, tail) = rest
        .split_once(END)
        .unwrap_or_else(|| panic!("{page} has no `{END}` marker"));
    let whole = format!("{head}{START}{want}{END}{tail}");
    if text != whole && std::env::var_os("UPDATE_GUIDE_REFERENCE").is_some() {
        std::fs::write(&path, &whole).unwrap();
        return;
    }
    assert!(
        text == whole,
        "guide/src/{page} differs from the code; run `UPDATE_GUIDE_REFERENCE=1 cargo test --test testsuite codes`"
    );
}

#[test]
fn the_guide_diagnostics_reference_is_the_registry() {
    generated_part_is("reference/diagnostics.md", &suite::diagnostics_reference());
    let page = suite::diagnostics_reference();
    for code in suite::codes().iter().flat_map(|(_, c)| c.iter()) {
        assert!(
            page.contains(&format!("{{#{}}}", code.name)),
            "{} has no anchor",
            code.name
        );
        assert!(
            page.contains(&suite::explain(code)),
            "{}: not explain's words",
            code.name
        );
    }
}

/// Every key the typed configs accept is in the guide, with its type, its
/// default and its doc comment, and the guide names no key the code lacks
/// (the page is the code's, whole).
#[test]
fn the_guide_configuration_reference_is_the_typed_configs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let names: Vec<&str> = reference::tables().iter().map(|t| t.name).collect();
    assert_eq!(names, suite::names(), "tests/reference/mod.rs lists every capability");
    let page = reference::configuration_page(root);
    assert!(
        page.undocumented.is_empty(),
        "keys without a doc comment on their field (write one: it is the guide's text): {:?}",
        page.undocumented
    );
    generated_part_is("reference/configuration.md", &page.text);
}

/// The introspection sees what serde accepts: fed every key it reports, each
/// config reads the table without an unknown-key error, and a key it does
/// not report is refused (so the list is neither short nor long).
#[test]
fn the_introspected_keys_are_the_keys_serde_accepts() {
    let sample = |kind: &str, variants: &[&str]| -> serde_json::Value {
        match kind {
            "boolean" => serde_json::json!(true),
            "integer" => serde_json::json!(5),
            "list" => serde_json::json!([]),
            "table" => serde_json::json!({}),
            "one of" => serde_json::json!(variants.first().copied().unwrap_or_default()),
            _ => serde_json::json!("x"),
        }
    };
    for table in reference::tables() {
        let mut own = serde_json::Map::new();
        for (path, key) in &table.keys {
            if !path.contains('.') {
                own.insert(path.clone(), sample(&key.kind, &key.variants));
            }
        }
        assert!(!own.is_empty(), "{}: no keys found: {own:?}", table.name);
        for name in own.keys() {
            let one: serde_json::Map<_, _> = own
                .iter()
                .filter(|(k, _)| *k == name)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let config = serde_json::json!({"preprocessor": {"handbook": {table.name: one}}});
            let err = check_table(table.name, &config);
            assert!(
                !err.contains("unknown field"),
                "[preprocessor.handbook.{}] `{name}`: the introspection reports it, serde refuses it: {err}",
                table.name
            );
        }
        let config = serde_json::json!({"preprocessor": {"handbook": {table.name: {"no-such-key": true}}}});
        assert!(
            check_table(table.name, &config).contains("unknown field"),
            "{}",
            table.name
        );
    }
}

/// The `config` error of one capability's sub-table, or "".
fn check_table(name: &str, config: &serde_json::Value) -> String {
    use handbook_core::config::load;
    let result = match name {
        "adr" => load::<handbook_adr::config::AdrConfig>(config, name).map(|_| ()),
        "drift" => load::<handbook_drift::config::DriftConfig>(config, name).map(|_| ()),
        "status" => load::<handbook_status::config::StatusConfig>(config, name).map(|_| ()),
        "changelog" => load::<handbook_changelog::config::ChangelogConfig>(config, name).map(|_| ()),
        "glossary" => load::<handbook_glossary::config::GlossaryConfig>(config, name).map(|_| ()),
        "diagrams" => load::<handbook_diagrams::config::DiagramsConfig>(config, name).map(|_| ()),
        "links" => load::<handbook_links::config::LinksConfig>(config, name).map(|_| ()),
        "c4" => load::<handbook_c4::config::C4Config>(config, name).map(|_| ()),
        other => panic!("no config for {other}"),
    };
    result.err().map(|e| e.to_string()).unwrap_or_default()
}

/// The top table's and every sub-table's shared keys are the keys the code
/// reads, each described once.
#[test]
fn the_shared_keys_are_described() {
    use handbook_core::config::{COMMON_KEY_DOCS, COMMON_KEYS, MDBOOK_KEY_DOCS, MDBOOK_KEYS};
    use handbook_core::protocol::suite_config::{OWN_KEY_DOCS, OWN_KEYS};
    let described = |docs: &[handbook_core::config::KeyDoc]| docs.iter().map(|d| d.key).collect::<Vec<_>>();
    assert_eq!(described(MDBOOK_KEY_DOCS), MDBOOK_KEYS);
    assert_eq!(described(COMMON_KEY_DOCS), COMMON_KEYS);
    assert_eq!(described(OWN_KEY_DOCS), OWN_KEYS);
}

/// `check --explain` links the guide where it is published.
#[test]
fn the_guide_url_is_the_guides_site_url() {
    let toml = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("guide/book.toml")).unwrap();
    let book: toml::Value = toml::from_str(&toml).unwrap();
    let site = book
        .get("output")
        .and_then(|o| o.get("html"))
        .and_then(|h| h.get("site-url"));
    assert_eq!(
        site.and_then(toml::Value::as_str),
        Some(handbook_core::codes::GUIDE_URL)
    );
}

/// The guide built as `.ci/run` builds it: real mdBook 0.5 with the suite's
/// binary and the guide's own `deny-warnings`, so any warning fails here. The
/// built pages then hold every code's anchor and every key of every table.
#[test]
fn the_built_guide_has_no_warning_and_every_key_and_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("guide");
    let text = std::fs::read_to_string(root.join("book.toml")).unwrap();
    let mut table: toml::Table = toml::from_str(&text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let suite = table
        .get_mut("preprocessor")
        .and_then(|p| p.get_mut("handbook"))
        .and_then(toml::Value::as_table_mut)
        .unwrap_or_else(|| panic!("guide/book.toml has no [preprocessor.handbook]"));
    assert_eq!(suite.get("deny-warnings"), Some(&toml::Value::Boolean(true)));
    suite.insert("command".into(), env!("CARGO_BIN_EXE_mdbook-handbook").into());
    if let Some(toml::Value::Table(build)) = table.get_mut("build") {
        build.insert("build-dir".into(), out.path().display().to_string().into());
    }
    let config = toml::to_string(&table).unwrap_or_default().parse().unwrap();
    let md = mdbook_driver::MDBook::load_with_config(&root, config).unwrap_or_else(|e| panic!("{e:#}"));
    md.build()
        .unwrap_or_else(|e| panic!("the guide has a warning or error: {e:#}"));
    let page = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let diagnostics = page("reference/diagnostics.html");
    for code in suite::codes().iter().flat_map(|(_, c)| c.iter()) {
        assert!(
            diagnostics.contains(&format!("id=\"{}\"", code.name)),
            "no anchor for {} in the built guide",
            code.name
        );
    }
    let configuration = page("reference/configuration.html");
    let mut keys = 0;
    for table in reference::tables() {
        let chapter = page(&format!(
            "capabilities/{}.html",
            if table.name == "glossary" {
                "glossary-links"
            } else {
                table.name
            }
        ));
        for (path, _) in &table.keys {
            let shown = format!("<code>{}</code>", path.replace('<', "&lt;").replace('>', "&gt;"));
            assert!(
                configuration.contains(&shown),
                "[preprocessor.handbook.{}] {path} is not in the built reference",
                table.name
            );
            assert!(
                chapter.contains(&shown),
                "[preprocessor.handbook.{}] {path} is not in its chapter",
                table.name
            );
            keys += 1;
        }
    }
    assert!(keys > 50, "only {keys} keys found");
}

/// Markdown files of a folder, recursively.
fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// What the guide shows of book-example stays true: it includes book-example's
/// files (`{{#include ../../book-example/...}}`, each of which exists) and never
/// copies them: no code block of three lines or more is text of a book-example file.
#[test]
fn the_guide_shows_book_example_by_include_never_by_copy() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut example_files = vec![
        repo.join("book-example/book.toml"),
        repo.join("book-example/changelog.toml"),
    ];
    markdown_files(&repo.join("book-example/src"), &mut example_files);
    let example: Vec<(String, String)> = example_files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.display().to_string(), text.replace("\r\n", "\n"))
        })
        .collect();
    let mut pages = Vec::new();
    markdown_files(&repo.join("guide/src"), &mut pages);
    let (mut includes, mut copies) = (0, Vec::new());
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for (at, _) in text.match_indices("{{#include ") {
            let target = text[at + 11..].split(['}', ':']).next().unwrap_or_default().trim();
            if target.contains("book-example/") {
                let file = page.parent().map(|d| d.join(target)).unwrap_or_default();
                assert!(
                    file.is_file(),
                    "{}: includes {target}, which does not exist",
                    page.display()
                );
                includes += 1;
            }
        }
        let mut block: Option<Vec<&str>> = None;
        for line in text.lines() {
            let fence = line.trim_start().starts_with("```");
            match (&mut block, fence) {
                (None, true) => block = Some(Vec::new()),
                (Some(lines), true) => {
                    let body: Vec<&str> = lines.iter().copied().filter(|l| !l.trim().is_empty()).collect();
                    let joined = lines.join("\n");
                    if body.len() >= 3
                        && !joined.contains("{{#include")
                        && let Some((file, _)) = example.iter().find(|(_, t)| t.contains(&joined))
                    {
                        copies.push(format!("{}: a block copied from {file}", page.display()));
                    }
                    block = None;
                }
                (Some(lines), false) => lines.push(line),
                (None, false) => {}
            }
        }
    }
    assert!(
        includes > 0,
        "the guide shows no book-example file: the check would hold for nothing"
    );
    assert!(
        copies.is_empty(),
        "include these instead of copying them:\n{}",
        copies.join("\n")
    );
}

/// The fenced `markdown` blocks of a guide page's section (from its heading
/// to the next heading of that level outside a block).
fn example_blocks(page: &str, heading: &str) -> Vec<String> {
    example_blocks_of(page, heading, "markdown")
}

/// The fenced blocks of one language in a guide page's section.
fn example_blocks_of(page: &str, heading: &str, language: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("guide/src").join(page);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let level = heading.split(' ').next().unwrap_or_default();
    let mut lines = text.lines().skip_while(|l| *l != heading);
    assert!(lines.next().is_some(), "{page} has no `{heading}`");
    let (mut blocks, mut block, mut fenced) = (Vec::new(), None::<String>, false);
    for line in lines {
        if line.starts_with("```") {
            if let Some(body) = block.take() {
                blocks.push(body);
            } else if line == format!("```{language}") {
                block = Some(String::new());
            }
            fenced = !fenced;
        } else if let Some(body) = &mut block {
            body.push_str(line);
            body.push('\n');
        } else if !fenced && line.split(' ').next() == Some(level) {
            break;
        }
    }
    blocks
}

/// `mdbook-handbook check --format json` on a book of `files` (paths inside
/// `src`, listed in SUMMARY.md in order) with `table` under
/// `[preprocessor.handbook]`: the report, after asserting it has no warning.
fn check_book_of(table: &str, files: &[(String, String)]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let write = |p: &Path, t: &str| {
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(p, t).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    };
    write(
        &dir.path().join("book.toml"),
        &format!("[book]\ntitle = \"Examples\"\n\n[preprocessor.handbook]\nafter = [\"links\"]\n{table}"),
    );
    let mut summary = String::from("# Summary\n\n");
    for (path, text) in files {
        write(&dir.path().join("src").join(path), text);
        let depth = if path.ends_with("README.md") {
            0
        } else {
            path.matches('/').count()
        };
        summary.push_str(&format!("{}- [{path}]({path})\n", "  ".repeat(depth)));
    }
    write(&dir.path().join("src/SUMMARY.md"), &summary);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-handbook"))
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let problems: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["level"] != "info")
        .collect();
    assert!(problems.is_empty(), "the examples give diagnostics: {problems:#?}");
    report
}

/// Every ADR format the Decision logs chapter shows is read as the chapter
/// says: a book made of exactly those blocks, checked by the real binary,
/// gives each one a title, the status `accepted` and a date, and no warning.
#[test]
fn the_guides_adr_examples_are_read_as_it_says() {
    let blocks = example_blocks("capabilities/adr.md", "## Formats, by example");
    assert!(blocks.len() >= 6, "found {} examples", blocks.len());
    let mut files = vec![(
        "decisions/README.md".to_owned(),
        "# Decisions\n\n{{#adr-index}}\n".to_owned(),
    )];
    for (i, block) in blocks.iter().enumerate() {
        files.push((format!("decisions/{:04}-example.md", i + 1), block.clone()));
    }
    let report = check_book_of("only = [\"adr\"]\n", &files);
    let decisions = report["decisions"].as_array().cloned().unwrap_or_default();
    assert_eq!(decisions.len(), blocks.len(), "{decisions:#?}");
    for (i, decision) in decisions.iter().enumerate() {
        assert_eq!(decision["number"], i + 1, "{decision}");
        assert_eq!(decision["lifecycle"], "accepted", "{decision}");
        assert!(
            decision["title"].is_string() && decision["date"].is_string(),
            "{decision}"
        );
    }
}

/// Every page-status format the Page status chapter shows gives its page a
/// status and an owner, with no warning, as the chapter says.
#[test]
fn the_guides_status_examples_are_read_as_it_says() {
    let blocks = example_blocks("capabilities/status.md", "## Formats, by example");
    assert!(blocks.len() >= 3, "found {} examples", blocks.len());
    let files: Vec<(String, String)> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| (format!("page-{i}.md"), b.clone()))
        .collect();
    let report = check_book_of(
        "only = [\"status\"]\n\n[preprocessor.handbook.status]\ntoday = \"2026-06-15\"\n",
        &files,
    );
    let pages = report["pages"].as_array().cloned().unwrap_or_default();
    assert_eq!(pages.len(), blocks.len(), "{pages:#?}");
    for page in &pages {
        assert!(page["status"].is_string() && page["owner"].is_string(), "{page}");
    }
}

/// The Change logs chapter's examples: its front-matter page and its YAML
/// and JSON data files are read with no warning, each giving its two entries.
#[test]
fn the_guides_changelog_examples_are_read_as_it_says() {
    let heading = "## Formats, by example";
    let page = "capabilities/changelog.md";
    let (pages, yaml, json) = (
        example_blocks(page, heading),
        example_blocks_of(page, heading, "yaml"),
        example_blocks_of(page, heading, "json"),
    );
    assert!(
        pages.len() == 1 && yaml.len() == 1 && json.len() == 1,
        "{pages:?} {yaml:?} {json:?}"
    );
    let files = vec![
        ("page.md".to_owned(), pages[0].clone()),
        (
            "yaml.md".to_owned(),
            "# From YAML\n\n{{#changelog file=changelog.yaml}}\n".to_owned(),
        ),
        (
            "json.md".to_owned(),
            "# From JSON\n\n{{#changelog file=changelog.json}}\n".to_owned(),
        ),
        ("changelog.yaml".to_owned(), yaml[0].clone()),
        ("changelog.json".to_owned(), json[0].clone()),
    ];
    let files: Vec<(String, String)> = files;
    let (listed, data): (Vec<_>, Vec<_>) = files.into_iter().partition(|(p, _)| p.ends_with(".md"));
    let dir = check_book_with_data("only = [\"changelog\"]\n", &listed, &data);
    for page in ["page.html", "yaml.html", "json.html"] {
        let html =
            std::fs::read_to_string(dir.path().join("book").join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(
            html.contains("1.1.0") && html.contains("1.0.0"),
            "{page} shows no entries"
        );
    }
}

/// `mdbook build` (real mdBook, the suite's binary) of a book of `listed`
/// chapters and `data` files with `deny-warnings`: any warning fails it.
fn check_book_with_data(table: &str, listed: &[(String, String)], data: &[(String, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |p: &Path, t: &str| std::fs::write(p, t).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    write(
        &dir.path().join("book.toml"),
        &format!(
            "[book]\ntitle = \"Examples\"\n\n[preprocessor.handbook]\nafter = [\"links\"]\ndeny-warnings = true\ncommand = {:?}\n{table}",
            env!("CARGO_BIN_EXE_mdbook-handbook")
        ),
    );
    let mut summary = String::from("# Summary\n\n");
    for (path, text) in listed {
        write(&dir.path().join("src").join(path), text);
        summary.push_str(&format!("- [{path}]({path})\n"));
    }
    for (path, text) in data {
        write(&dir.path().join("src").join(path), text);
    }
    write(&dir.path().join("src/SUMMARY.md"), &summary);
    let md = mdbook_driver::MDBook::load(dir.path()).unwrap_or_else(|e| panic!("{e:#}"));
    md.build()
        .unwrap_or_else(|e| panic!("the examples give a warning: {e:#}"));
    dir
}

/// README fits on a screen and starts with the two commands (issue 29): at
/// most 12,000 bytes; its first code blocks build book-example and run
/// `.ci/run`; the test command `.ci/run` runs is the one README gives; no
/// date (a dated figure belongs in the guide); every relative link reaches a file.
#[test]
fn the_readme_is_short_starts_with_the_two_commands_and_links_into_the_guide() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.len() <= 12_000, "README.md is {} bytes", readme.len());
    let blocks: Vec<&str> = readme
        .split("```sh\n")
        .skip(1)
        .filter_map(|b| b.split("\n```").next())
        .collect();
    assert!(
        blocks
            .first()
            .is_some_and(|b| b.contains("cargo install --locked --path .") && b.ends_with("mdbook build book-example")),
        "README's first command is not install and build book-example: {blocks:?}"
    );
    assert_eq!(
        blocks.get(1),
        Some(&".ci/run"),
        "README's second command is not .ci/run"
    );
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    // The test command is the one under `echo "== tests"` (earlier steps check feature subsets).
    let test_command = ci
        .lines()
        .skip_while(|l| *l != "echo \"== tests\"")
        .find(|l| l.starts_with("cargo test"))
        .unwrap_or_else(|| panic!(".ci/run has no `== tests` step with a cargo test"));
    assert!(
        blocks.contains(&test_command),
        "README does not give .ci/run's `{test_command}`"
    );
    let dated = readme.as_bytes().windows(10).any(|w| {
        w.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
    });
    assert!(!dated, "README carries a date");
    let mut links = 0;
    for (at, _) in readme.match_indices("](") {
        let target = readme[at + 2..].split(')').next().unwrap_or_default();
        if target.starts_with("http") {
            continue;
        }
        let file = target.split('#').next().unwrap_or_default();
        assert!(root.join(file).is_file(), "README links {target}, which is not a file");
        links += 1;
    }
    assert!(links > 10, "README has only {links} relative links");
}

/// The Glossary links chapter's block of styles is one glossary, read with no
/// warning: every style in it gives its terms (a definition list, a term
/// heading, a table, bold-term and plain bullets).
#[test]
fn the_guides_glossary_example_is_read_as_it_says() {
    let blocks = example_blocks("capabilities/glossary-links.md", "## Formats, by example");
    assert_eq!(blocks.len(), 1, "{blocks:?}");
    let files = vec![
        ("glossary.md".to_owned(), format!("# Glossary\n\n{}", blocks[0])),
        (
            "page.md".to_owned(),
            "# Page\n\nThe API gateway keeps an idempotency key, a circuit breaker, an SLO, RPS and a WAF.\n"
                .to_owned(),
        ),
    ];
    let report = check_book_of("only = [\"glossary\"]\n", &files);
    let read: Vec<String> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "glossary-terms")
        .filter_map(|d| d["message"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        read,
        ["read 6 terms (1 from definition list, 1 from table, 3 from bullets, 1 from headings)"],
        "the chapter says the block is six terms in every style"
    );
}

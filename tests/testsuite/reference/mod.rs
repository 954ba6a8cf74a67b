//! The guide's configuration reference, made from the typed configs: the keys
//! from the configs themselves (`keys`), each default from the config's
//! `Default` serialised, each meaning from the field's doc comment in the
//! crate's source. `tests/testsuite/codes.rs` keeps `guide/src/reference/configuration.md`
//! equal to [`configuration_page`].

pub(super) mod keys;

use handbook_core::HandbookPreprocessor;
use handbook_core::config::{COMMON_KEY_DOCS, KeyDoc, MDBOOK_KEY_DOCS};
use handbook_core::protocol::suite_config::OWN_KEY_DOCS;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// One capability's sub-table: its name, keys and defaults.
pub(super) struct Table {
    pub name: &'static str,
    pub keys: Vec<(String, keys::Key)>,
    pub defaults: Value,
}

fn table<P: HandbookPreprocessor>() -> Table
where
    P::Config: serde::Serialize,
{
    Table {
        name: P::NAME,
        keys: keys::of::<P::Config>(),
        defaults: serde_json::to_value(P::Config::default()).unwrap_or_else(|e| panic!("{}: {e}", P::NAME)),
    }
}

/// Every capability's sub-table, in pipeline order (the test compares the
/// names with `suite::names()`, so a new capability cannot be left out).
pub(super) fn tables() -> Vec<Table> {
    vec![
        table::<handbook_adr::AdrPreprocessor>(),
        table::<handbook_drift::DriftPreprocessor>(),
        table::<handbook_status::StatusPreprocessor>(),
        table::<handbook_changelog::ChangelogPreprocessor>(),
        table::<handbook_glossary::GlossaryPreprocessor>(),
        table::<handbook_c4::C4Preprocessor>(),
        table::<handbook_diagrams::DiagramsPreprocessor>(),
        table::<handbook_links::LinksPreprocessor>(),
    ]
}

/// The doc comments of every `pub struct` field under `preprocessors/*/src`.
fn all_doc_comments(root: &Path) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.join("preprocessors")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() && path.file_name().is_some_and(|n| n != "tests" && n != "target") {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.extend(keys::doc_comments(&text));
            }
        }
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// A default as book.toml would write it.
fn shown(value: &Value) -> String {
    match value {
        Value::Null => "none".to_owned(),
        Value::Array(items) if items.is_empty() => "`[]`".to_owned(),
        Value::Object(map) if map.is_empty() => "`{}`".to_owned(),
        Value::Array(items) => format!(
            "`[{}]`",
            items.iter().map(Value::to_string).collect::<Vec<_>>().join(", ")
        ),
        other => format!("`{other}`"),
    }
}

fn kind(key: &keys::Key) -> String {
    if key.variants.is_empty() {
        key.kind.clone()
    } else {
        let words: Vec<String> = key.variants.iter().map(|v| format!("`\"{v}\"`")).collect();
        format!("one of {}", words.join(", "))
    }
}

/// Problems found while making the page: a key with no doc comment.
pub(super) struct Page {
    pub text: String,
    pub undocumented: Vec<String>,
}

fn key_docs(out: &mut String, docs: &[KeyDoc], kind_of: impl Fn(&str) -> &'static str) {
    out.push_str("| Key | Type | Default | Meaning |\n|---|---|---|---|\n");
    for doc in docs {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            doc.key,
            kind_of(doc.key),
            doc.default,
            cell(doc.meaning)
        ));
    }
}

fn top_kind(key: &str) -> &'static str {
    match key {
        "command" => "string",
        "before" | "after" | "renderers" | "only" => "list",
        "levels" => "table",
        _ => "boolean",
    }
}

/// The whole generated part of `reference/configuration.md`.
pub(super) fn configuration_page(root: &Path) -> Page {
    let docs = all_doc_comments(root);
    let mut undocumented = Vec::new();
    let mut out = String::new();
    out.push_str("## `[preprocessor.handbook]`\n\n<!-- ANCHOR: handbook -->\n");
    let mut top: Vec<&KeyDoc> = MDBOOK_KEY_DOCS.iter().chain(OWN_KEY_DOCS).collect();
    top.sort_by_key(|d| d.key);
    let top: Vec<KeyDoc> = top
        .into_iter()
        .map(|d| KeyDoc {
            key: d.key,
            default: d.default,
            meaning: d.meaning,
        })
        .collect();
    key_docs(&mut out, &top, top_kind);
    let names: Vec<String> = tables()
        .iter()
        .map(|t| format!("[`{0}`](#preprocessorhandbook{0})", t.name))
        .collect();
    // The links stay outside the part other pages include: they are relative to this page.
    out.push_str(&format!(
        "\n`command`, `before`, `after`, `renderers` and `optional` are mdBook's own keys.\n<!-- ANCHOR_END: handbook -->\n\
         \nEach capability has a sub-table of the same name: {}.\n",
        names.join(", ")
    ));
    out.push_str("\n## Every sub-table\n\n<!-- ANCHOR: common -->\n");
    key_docs(&mut out, COMMON_KEY_DOCS, top_kind);
    out.push_str("<!-- ANCHOR_END: common -->\n");
    for table in tables() {
        out.push_str(&format!(
            "\n## `[preprocessor.handbook.{0}]`\n\n<!-- ANCHOR: {0} -->\n| Key | Type | Default | Meaning |\n|---|---|---|---|\n",
            table.name
        ));
        for (path, key) in &table.keys {
            let default = if path.contains('.') {
                "".to_owned()
            } else {
                shown(table.defaults.get(path.as_str()).unwrap_or(&Value::Null))
            };
            let meaning = key
                .owner
                .and_then(|(owner, field)| docs.get(&(owner.to_owned(), field.replace('-', "_"))))
                .cloned()
                .unwrap_or_default();
            if key.owner.is_some() && meaning.is_empty() {
                undocumented.push(format!("[preprocessor.handbook.{}] {path}", table.name));
            }
            let meaning = if meaning.is_empty() && path.ends_with("<name>") {
                "one entry per name the book chooses".to_owned()
            } else {
                meaning
            };
            out.push_str(&format!(
                "| `{path}` | {} | {default} | {} |\n",
                kind(key),
                cell(&tidy_rustdoc(&meaning))
            ));
        }
        out.push_str(&format!("<!-- ANCHOR_END: {} -->\n", table.name));
    }
    Page {
        text: out,
        undocumented,
    }
}

/// Rustdoc's intra-doc links read as code in the guide: [`X`] becomes `X`.
fn tidy_rustdoc(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        let Some(end) = rest[start..].find("`]") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&rest[start + 1..start + end + 1]);
        rest = &rest[start + end + 2..];
        if rest.starts_with('(') {
            rest = rest.find(')').map_or(rest, |e| &rest[e + 1..]);
        }
    }
    out.push_str(rest);
    out
}

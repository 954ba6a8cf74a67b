//! Other diagram plugins in book.toml (mdbook-mermaid and its kind, listed in
//! `handbook_diagrams::other_plugins`): `install` says who draws their fences,
//! as the build does, and with `--take-over-diagrams` removes each plugin whose
//! fences the suite draws: its table, its files in `[output.html]`
//! (`additional-js`/`-css`) and other tables' `before`/`after` naming it.
//! Comments and the rest of the file stay; a second run finds nothing to do.
//! The files themselves stay in the book: they are the author's to delete.

use anyhow::{Context as _, Result};
use handbook_core::config::SUITE_TABLE;
use handbook_core::platform;
use handbook_diagrams::other_plugins;
use std::path::Path;
use toml_edit::{DocumentMut, Item};

/// One line per plugin found: what it does, or what taking it over changed.
/// `root`: the book's folder, where its plugins' relative commands are found;
/// without it, each plugin is described as installed.
pub(super) fn take_over(doc: &mut DocumentMut, take_over: bool, root: Option<&Path>) -> Result<Vec<String>> {
    let config =
        serde_json::to_value(toml::from_str::<toml::Table>(&doc.to_string()).context("book.toml is not valid TOML")?)?;
    let mut said = Vec::new();
    for found in other_plugins::configured(&config, SUITE_TABLE) {
        if !take_over || !found.plugin.same_fences {
            let installed = root.is_none_or(|root| platform::command_program(&found.command, root).is_some());
            said.push(found.explain(installed));
            continue;
        }
        let (program, table) = (found.plugin.program, &found.table);
        if let Some(preprocessors) = doc.get_mut("preprocessor").and_then(Item::as_table_like_mut) {
            preprocessors.remove(table);
            for (_, other) in preprocessors.iter_mut() {
                let Some(other) = other.as_table_like_mut() else {
                    continue;
                };
                for key in ["before", "after"] {
                    let Some(list) = other.get_mut(key).and_then(Item::as_array_mut) else {
                        continue;
                    };
                    list.retain(|v| v.as_str() != Some(table.as_str()));
                    if list.is_empty() {
                        other.remove(key);
                    }
                }
            }
        }
        let mut unlisted = Vec::new();
        for file in found.plugin.files {
            for key in ["additional-js", "additional-css"] {
                if super::unlist_file(doc, key, file) {
                    unlisted.push(format!("{file} from {key}"));
                }
            }
        }
        let files = if unlisted.is_empty() {
            String::new()
        } else {
            format!(
                " and {} (the files stay in the book: delete them if nothing else uses them)",
                unlisted.join(", ")
            )
        };
        said.push(format!(
            "took over {program}'s diagrams: removed [preprocessor.{table}]{files}; the suite draws the {} fences at build time now",
            found.plugin.fences
        ));
    }
    Ok(said)
}

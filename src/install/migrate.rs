//! Merging the five tables of earlier versions (`[preprocessor.handbook-adr]`
//! and its siblings, one process each) into `[preprocessor.handbook]`'s
//! sub-tables (ADR 21). The tables move whole, with their comments and
//! nested tables; only what no longer has a place changes, and each change
//! is said:
//! - mdBook's keys (`command`, `after`, `before`, `renderers`, `optional`)
//!   belong to the one table: orderings against other preprocessors are
//!   kept there, orderings among the five are dropped (one process);
//! - levels for the core's codes move to `[preprocessor.handbook.levels]`,
//!   where they hold for every capability.

use super::ORDER;
use anyhow::{Result, bail};
use handbook_core::config::{MDBOOK_KEYS, SUITE_TABLE};
use toml_edit::{Array, Item, Table, Value, value};

/// Merges the old tables found in `[preprocessor]`; one line per change.
pub(super) fn merge_old_tables(preprocessors: &mut Table) -> Result<Vec<String>> {
    let old: Vec<&str> = ORDER
        .iter()
        .copied()
        .filter(|c| preprocessors.contains_key(&old_name(c)))
        .collect();
    if old.is_empty() {
        return Ok(Vec::new());
    }
    let mut said = Vec::new();
    let first_position = old
        .iter()
        .filter_map(|c| preprocessors.get(&old_name(c)).and_then(Item::as_table)?.position())
        .min();
    if !preprocessors.contains_key(SUITE_TABLE) {
        let mut suite = Table::new();
        suite.insert("after", value(Array::from_iter(["links"])));
        if let Some(position) = first_position {
            // Just before the first old table, so the one table heads its sub-tables.
            suite.set_position(Some(position - 1));
        }
        preprocessors.insert(SUITE_TABLE, Item::Table(suite));
        said.push(format!("added [preprocessor.{SUITE_TABLE}] with after = [\"links\"]"));
    }
    for capability in old {
        let name = old_name(capability);
        let Some(item) = preprocessors.remove(&name) else {
            continue;
        };
        let Item::Table(mut table) = item else {
            bail!(
                "book.toml: [preprocessor.{name}] is not a table; move its keys to [preprocessor.{SUITE_TABLE}.{capability}] by hand"
            );
        };
        let Some(suite) = preprocessors.get_mut(SUITE_TABLE).and_then(Item::as_table_mut) else {
            bail!("book.toml: [preprocessor.{SUITE_TABLE}] must be a table");
        };
        if suite.contains_key(capability) {
            bail!(
                "book.toml has both [preprocessor.{name}] and [preprocessor.{SUITE_TABLE}.{capability}]: merge them by hand, then run install again"
            );
        }
        move_mdbook_keys(&name, &mut table, suite, &mut said);
        move_core_levels(&name, &mut table, suite, &mut said);
        let comments = table
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .is_some_and(|p| p.contains('#'));
        let empty = table.is_empty() && !comments;
        if !empty {
            suite.insert(capability, Item::Table(table));
            said.push(format!(
                "merged [preprocessor.{name}] into [preprocessor.{SUITE_TABLE}.{capability}]"
            ));
        } else {
            said.push(format!("removed [preprocessor.{name}], which set nothing of its own"));
        }
    }
    Ok(said)
}

fn old_name(capability: &str) -> String {
    format!("{SUITE_TABLE}-{capability}")
}

/// mdBook's keys leave the sub-table: the one table carries what still matters.
fn move_mdbook_keys(name: &str, table: &mut Table, suite: &mut Table, said: &mut Vec<String>) {
    for key in MDBOOK_KEYS {
        let Some(item) = table.remove(key) else { continue };
        match *key {
            "after" | "before" => {
                let others: Vec<String> = item
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .filter(|p| !is_suite_name(p))
                    .map(str::to_owned)
                    .collect();
                let list = suite.entry(key).or_insert_with(|| value(Array::new()));
                let Some(list) = list.as_array_mut() else { continue };
                for other in others {
                    if !list.iter().any(|v| v.as_str() == Some(&other)) {
                        said.push(format!(
                            "kept `{key} = [\"{other}\"]` of [preprocessor.{name}] in [preprocessor.{SUITE_TABLE}]"
                        ));
                        list.push(other.as_str());
                    }
                }
            }
            "command" => said.push(format!(
                "dropped `command` of [preprocessor.{name}]: mdBook runs `mdbook-{SUITE_TABLE}` (set `command` in [preprocessor.{SUITE_TABLE}] to run another path)"
            )),
            _ => {
                if !suite.contains_key(key) {
                    suite.insert(key, item);
                    said.push(format!("moved `{key}` of [preprocessor.{name}] to [preprocessor.{SUITE_TABLE}]"));
                } else {
                    said.push(format!(
                        "dropped `{key}` of [preprocessor.{name}]: [preprocessor.{SUITE_TABLE}] sets it already"
                    ));
                }
            }
        }
    }
}

/// The names of the suite's preprocessors, old and new, and mdBook's own
/// `links`, which the one table runs after anyway.
fn is_suite_name(name: &str) -> bool {
    name == SUITE_TABLE || name == "links" || ORDER.iter().any(|c| old_name(c) == name)
}

/// Levels of the core's codes hold for every capability: they move up.
fn move_core_levels(name: &str, table: &mut Table, suite: &mut Table, said: &mut Vec<String>) {
    let Some(levels) = table.get_mut("levels").and_then(Item::as_table_like_mut) else {
        return;
    };
    let core: Vec<String> = levels
        .iter()
        .map(|(code, _)| code.to_owned())
        .filter(|code| handbook_core::codes::find(&[handbook_core::codes::CORE], code).is_some())
        .collect();
    let mut moved = Vec::new();
    for code in core {
        if let Some(setting) = levels.remove(&code) {
            moved.push((code, setting));
        }
    }
    if levels.is_empty() {
        table.remove("levels");
    }
    if moved.is_empty() {
        return;
    }
    let top = suite.entry("levels").or_insert_with(|| Item::Table(Table::new()));
    let Some(top) = top.as_table_like_mut() else { return };
    for (code, setting) in moved {
        if top.contains_key(&code) {
            said.push(format!(
                "dropped levels.{code} of [preprocessor.{name}]: [preprocessor.{SUITE_TABLE}.levels] sets it already"
            ));
        } else {
            top.insert(&code, setting);
            said.push(format!(
                "moved levels.{code} of [preprocessor.{name}] to [preprocessor.{SUITE_TABLE}.levels] (a code of every capability)"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::install::edit;

    const FIVE_TABLES: &str = r#"[book]
title = "H"

# Decision records live in decisions/.
[preprocessor.handbook-adr]
after = ["links"]
card = false   # the team's own cards

[preprocessor.handbook-adr.levels]
adr-missing-date = "allow"
front-matter = "deny"

[preprocessor.handbook-status]
command = "/opt/bin/mdbook-handbook-status"
after = ["links", "handbook-adr", "katex"]
today = "2026-01-31"

[preprocessor.handbook-status.statuses]
"on hold" = "proposed"

[preprocessor.handbook-diagrams]
after = ["links", "handbook-adr", "handbook-status"]

[preprocessor.katex]
after = ["links"]
"#;

    #[test]
    fn merges_the_five_tables_keeping_comments_and_saying_what_changed() {
        let (text, installed) = edit(FIVE_TABLES, super::ORDER).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(
            text,
            r#"[book]
title = "H"

[preprocessor.handbook]
after = ["links", "katex"]

[preprocessor.handbook.levels]
front-matter = "deny"

# Decision records live in decisions/.
[preprocessor.handbook.adr]
card = false   # the team's own cards

[preprocessor.handbook.adr.levels]
adr-missing-date = "allow"

[preprocessor.handbook.status]
today = "2026-01-31"

[preprocessor.handbook.status.statuses]
"on hold" = "proposed"

[output.html]
additional-css = ["mdbook-handbook.css"]
additional-js = ["mdbook-handbook.js"]

[preprocessor.katex]
after = ["links"]
"#
        );
        assert_eq!(
            installed.migrated,
            [
                "added [preprocessor.handbook] with after = [\"links\"]",
                "moved levels.front-matter of [preprocessor.handbook-adr] to [preprocessor.handbook.levels] (a code of every capability)",
                "merged [preprocessor.handbook-adr] into [preprocessor.handbook.adr]",
                "dropped `command` of [preprocessor.handbook-status]: mdBook runs `mdbook-handbook` (set `command` in [preprocessor.handbook] to run another path)",
                "kept `after = [\"katex\"]` of [preprocessor.handbook-status] in [preprocessor.handbook]",
                "merged [preprocessor.handbook-status] into [preprocessor.handbook.status]",
                "removed [preprocessor.handbook-diagrams], which set nothing of its own",
            ]
        );
        assert!(!installed.added, "the table came from the merge");
        let (again, second) = edit(&text, super::ORDER).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(again, text);
        assert!(second.migrated.is_empty() && !second.added);
    }

    #[test]
    fn refuses_to_guess_when_both_forms_are_there() {
        let book = "[preprocessor.handbook.adr]\ncard = false\n[preprocessor.handbook-adr]\ncard = true\n";
        let err = edit(book, super::ORDER)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("merge them by hand"), "{err}");
    }
}

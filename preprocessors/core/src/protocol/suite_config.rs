//! The top of `[preprocessor.handbook]`: which capabilities run, and the
//! settings that hold for all of them. Each capability's own sub-table is
//! read by that capability's typed config ([`crate::config::load_table`]).

use crate::codes::{Code, Levels};
use crate::config::{self, ConfigError, KeyDoc, MDBOOK_KEYS, SUITE_TABLE};
use serde_json::{Map, Value};

/// The suite table's own keys, besides mdBook's and the capabilities' sub-tables.
pub const OWN_KEYS: &[&str] = &["only", "deny-warnings", "levels"];

/// [`OWN_KEYS`] explained, for the guide's generated configuration reference.
pub const OWN_KEY_DOCS: &[KeyDoc] = &[
    KeyDoc {
        key: "only",
        default: "every capability",
        meaning: "`[\"adr\", \"glossary\"]`: run these capabilities and no other",
    },
    KeyDoc {
        key: "deny-warnings",
        default: "`false`",
        meaning: "any warning fails the build, after all are listed; `MDBOOK_HANDBOOK_DENY_WARNINGS=1` does the same",
    },
    KeyDoc {
        key: "levels",
        default: "`{}`",
        meaning: "`code = \"allow\" | \"warn\" | \"deny\"` for any code of the suite; `allow` drops the diagnostic, `warn` and `deny` set its level; an unknown code is an error listing the valid ones",
    },
];

/// What `[preprocessor.handbook]` says above the sub-tables.
#[derive(Debug, Clone, Default)]
pub struct SuiteConfig {
    /// `only = ["adr", "glossary"]`: these capabilities and no other.
    pub only: Option<Vec<String>>,
    /// Any warning fails the build (after all are listed).
    pub deny_warnings: bool,
    /// Levels for any code: the core's and every capability's.
    pub levels: Levels,
    /// Each capability's sub-table, by name, as written.
    pub tables: Map<String, Value>,
}

impl SuiteConfig {
    /// Reads the table. `built` names the capabilities this binary has;
    /// `known` every capability of the suite, so a sub-table for one left out
    /// of the build is named as such rather than as a typo.
    pub fn load(config: &Value, built: &[&str], known: &[&str]) -> Result<SuiteConfig, ConfigError> {
        let table_name = format!("preprocessor.{SUITE_TABLE}");
        let error = |key: Option<&str>, message: String| ConfigError {
            table: table_name.clone(),
            key: key.map(str::to_owned),
            message,
        };
        let preprocessors = config.get("preprocessor").and_then(Value::as_object);
        if let Some(legacy) = preprocessors
            .into_iter()
            .flat_map(|p| p.keys())
            .find(|name| known.iter().any(|k| name.as_str() == format!("{SUITE_TABLE}-{k}")))
        {
            return Err(ConfigError {
                table: format!("preprocessor.{legacy}"),
                key: None,
                message: format!(
                    "the suite is one preprocessor now, `[preprocessor.{SUITE_TABLE}]` with a sub-table per capability; \
                     run `mdbook-handbook install` to merge `[preprocessor.{legacy}]` and its siblings into it"
                ),
            });
        }
        let mut out = SuiteConfig::default();
        let Some(table) = preprocessors.and_then(|p| p.get(SUITE_TABLE)) else {
            return Ok(out);
        };
        let Value::Object(table) = table else {
            return Err(error(None, format!("must be a table, found {}", config::kind(table))));
        };
        for (key, value) in table {
            match key.as_str() {
                k if MDBOOK_KEYS.contains(&k) => {}
                "deny-warnings" => {
                    out.deny_warnings = value.as_bool().ok_or_else(|| {
                        error(
                            Some(key),
                            format!("expected true or false, found {}", config::kind(value)),
                        )
                    })?;
                }
                "levels" => out.levels = config::levels(value).map_err(|(k, m)| error(Some(&k), m))?,
                "only" => out.only = Some(only(value, built, known).map_err(|m| error(Some(key), m))?),
                name if built.contains(&name) => {
                    out.tables.insert(key.clone(), value.clone());
                }
                name if known.contains(&name) => return Err(error(Some(key), left_out(name))),
                _ => {
                    let mut valid: Vec<String> = MDBOOK_KEYS.iter().chain(OWN_KEYS).map(|k| format!("`{k}`")).collect();
                    valid.extend(built.iter().map(|k| format!("`{k}` (a table)")));
                    return Err(error(
                        Some(key),
                        format!("unknown key `{key}`; the valid keys are {}", valid.join(", ")),
                    ));
                }
            }
        }
        Ok(out)
    }

    /// Whether the capability `name` runs: listed in `only` (when given) and
    /// not switched off in its sub-table.
    pub fn selects(&self, name: &str, enabled_in_table: bool) -> bool {
        enabled_in_table && self.only.as_ref().is_none_or(|only| only.iter().any(|o| o == name))
    }

    /// Checks the top-level `levels` against every code the build has.
    pub fn check_levels(&self, codes: &[&[Code]]) -> Result<(), ConfigError> {
        self.levels.check(codes).map_err(|(code, message)| ConfigError {
            table: format!("preprocessor.{SUITE_TABLE}"),
            key: Some(format!("levels.{code}")),
            message,
        })
    }
}

fn left_out(name: &str) -> String {
    format!(
        "the `{name}` capability was left out of this mdbook-handbook (cargo feature `{name}`): \
         reinstall with it, e.g. `cargo install mdbook-handbook --features {name}`"
    )
}

fn only(value: &Value, built: &[&str], known: &[&str]) -> Result<Vec<String>, String> {
    let Value::Array(items) = value else {
        return Err(format!(
            "expected a list of capabilities such as [\"adr\", \"glossary\"], found {}",
            config::kind(value)
        ));
    };
    let mut out = Vec::new();
    for item in items {
        let name = item
            .as_str()
            .ok_or_else(|| format!("expected capability names, found {}", config::kind(item)))?;
        if built.contains(&name) {
            out.push(name.to_owned());
        } else if known.contains(&name) {
            return Err(left_out(name));
        } else {
            return Err(format!(
                "`{name}` is not a capability of the suite; the capabilities are {}",
                built.iter().map(|b| format!("`{b}`")).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BUILT: &[&str] = &["adr", "glossary"];
    const KNOWN: &[&str] = &["adr", "glossary", "diagrams"];

    fn load(table: Value) -> Result<SuiteConfig, String> {
        SuiteConfig::load(&json!({"preprocessor": {"handbook": table}}), BUILT, KNOWN).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_mdbook_keys_only_and_sub_tables() {
        let config = load(json!({"command": "x", "after": ["links"], "only": ["glossary"],
            "adr": {"card": false}, "deny-warnings": true}))
        .unwrap();
        assert!(config.deny_warnings);
        assert!(config.selects("glossary", true) && !config.selects("adr", true));
        assert!(!config.selects("glossary", false));
        assert_eq!(config.tables.get("adr"), Some(&json!({"card": false})));
    }

    #[test]
    fn an_unknown_key_names_the_valid_ones() {
        let err = load(json!({"glosary": {}})).err().unwrap_or_default();
        assert!(
            err.contains("key `glosary`: unknown key `glosary`")
                && err.contains("`glossary` (a table)")
                && err.contains("`only`"),
            "{err}"
        );
    }

    #[test]
    fn a_capability_left_out_of_the_build_says_so() {
        let err = load(json!({"diagrams": {}})).err().unwrap_or_default();
        assert!(err.contains("cargo feature `diagrams`"), "{err}");
        let err = load(json!({"only": ["diagrams"]})).err().unwrap_or_default();
        assert!(err.contains("cargo feature `diagrams`"), "{err}");
        let err = load(json!({"only": ["adr", "nope"]})).err().unwrap_or_default();
        assert!(err.contains("`nope` is not a capability"), "{err}");
    }

    #[test]
    fn the_five_old_tables_point_at_install() {
        let config = json!({"preprocessor": {"handbook-adr": {}, "handbook": {}}});
        let err = SuiteConfig::load(&config, BUILT, KNOWN)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("[preprocessor.handbook-adr]") && err.contains("`mdbook-handbook install`"),
            "{err}"
        );
    }

    #[test]
    fn no_table_runs_everything() {
        let config = SuiteConfig::load(&json!({}), BUILT, KNOWN).unwrap();
        assert!(config.selects("adr", true) && config.selects("glossary", true));
    }
}

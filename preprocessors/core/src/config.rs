//! Typed config: `[preprocessor.handbook]` and one sub-table per capability,
//! `[preprocessor.handbook.adr]`, `[preprocessor.handbook.status]`, ...
//!
//! A typo in book.toml must not be silently ignored: every capability's
//! config denies unknown fields, and the error names the key, its table and
//! the valid keys. The keys every sub-table accepts (`enable`,
//! `deny-warnings`, `levels`) are taken out first, so the typed structs only
//! list what is theirs. The top table's own keys are read by
//! [`crate::protocol::pipeline`].

use crate::codes::{Levels, Setting};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::fmt;

/// Keys mdBook itself reads from every preprocessor table.
pub const MDBOOK_KEYS: &[&str] = &["command", "before", "after", "renderers", "optional"];

/// The suite's one preprocessor table: `[preprocessor.handbook]`.
pub const SUITE_TABLE: &str = "handbook";

/// Keys every capability's sub-table accepts besides its own.
pub const COMMON_KEYS: &[&str] = &["enable", "deny-warnings", "levels"];

/// What a key the typed configs do not describe means: its name, default and
/// meaning, for the guide's generated configuration reference (tests/codes.rs
/// fails when a key of [`MDBOOK_KEYS`], [`COMMON_KEYS`] or the suite table's
/// own keys has no entry here, or an entry names no key).
pub struct KeyDoc {
    pub key: &'static str,
    pub default: &'static str,
    pub meaning: &'static str,
}

/// [`MDBOOK_KEYS`], read by mdBook itself.
pub const MDBOOK_KEY_DOCS: &[KeyDoc] = &[
    KeyDoc {
        key: "command",
        default: "`mdbook-handbook`",
        meaning: "the program mdBook runs; set it to run another path (`target/debug/mdbook-handbook`)",
    },
    KeyDoc {
        key: "before",
        default: "`[]`",
        meaning: "preprocessors the suite runs before",
    },
    KeyDoc {
        key: "after",
        default: "`[]`",
        meaning: "preprocessors the suite runs after; `install` writes `[\"links\"]`, so `{{#include}}` is expanded first",
    },
    KeyDoc {
        key: "renderers",
        default: "every renderer",
        meaning: "the renderers the suite runs for",
    },
    KeyDoc {
        key: "optional",
        default: "`false`",
        meaning: "`true`: a missing `mdbook-handbook` is a warning of mdBook's, not an error",
    },
];

/// [`COMMON_KEYS`], in every capability's sub-table.
pub const COMMON_KEY_DOCS: &[KeyDoc] = &[
    KeyDoc {
        key: "enable",
        default: "`true`",
        meaning: "`false` switches the capability off (`only` in the top table does too)",
    },
    KeyDoc {
        key: "deny-warnings",
        default: "`false`",
        meaning: "that capability's warnings are errors",
    },
    KeyDoc {
        key: "levels",
        default: "`{}`",
        meaning: "`code = \"allow\" | \"warn\" | \"deny\"` for the capability's own codes; wins over the top table's",
    },
];

/// Implemented by each capability's config struct, which should be
/// `#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]`.
pub trait PreprocessorConfig: DeserializeOwned + Default {
    /// The value checks serde cannot make (a period, a date, a colour, a
    /// number's range), in one place: [`load`] calls it once the table is
    /// read, so a bad value is a `config` error naming its key, before any
    /// chapter is read. The first problem found is reported, as serde does.
    /// Book-dependent checks (a term no entry defines) belong to the scan.
    fn validate(&self) -> Result<(), InvalidValue> {
        Ok(())
    }
}

impl PreprocessorConfig for NoConfig {}

/// A value that has the right type but cannot be used; `key` is its path in
/// the table (`timeout`, `palette.sunset`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValue {
    pub key: String,
    pub message: String,
}

impl InvalidValue {
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        InvalidValue {
            key: key.into(),
            message: message.into(),
        }
    }
}

/// The config of a preprocessor with no options of its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoConfig {}

/// Keys every capability's sub-table accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommonConfig {
    /// `enable = false` switches the capability off (`only` at the top does too).
    pub enable: bool,
    /// `deny-warnings = true`: any warning fails the build, after all are listed.
    pub deny_warnings: bool,
    /// `[preprocessor.<name>.levels]`: `code = "allow" | "warn" | "deny"`,
    /// checked against the registry by the pipeline, which knows the codes.
    pub levels: Levels,
}

impl Default for CommonConfig {
    fn default() -> Self {
        CommonConfig {
            enable: true,
            deny_warnings: false,
            levels: Levels::default(),
        }
    }
}

/// A config problem, reported as `book.toml: error[config]: ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub table: String,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "book.toml: error[config]: [{}]", self.table)?;
        if let Some(key) = &self.key {
            write!(f, " key `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Reads the capability `name`'s sub-table, `[preprocessor.handbook.<name>]`,
/// into `T` plus the common keys. A missing table gives the defaults.
pub fn load<T: PreprocessorConfig>(config: &Value, name: &str) -> Result<(CommonConfig, T), ConfigError> {
    let table = config
        .get("preprocessor")
        .and_then(|p| p.get(SUITE_TABLE))
        .and_then(|t| t.get(name));
    load_table(table, &sub_table_name(name))
}

/// `preprocessor.handbook.<name>`, as messages name it.
pub fn sub_table_name(name: &str) -> String {
    format!("preprocessor.{SUITE_TABLE}.{name}")
}

/// Reads one sub-table (`None`: absent) into `T` plus the common keys.
pub fn load_table<T: PreprocessorConfig>(
    table: Option<&Value>,
    table_name: &str,
) -> Result<(CommonConfig, T), ConfigError> {
    let error = |key: Option<String>, message: String| ConfigError {
        table: table_name.to_owned(),
        key,
        message,
    };
    let table = match table {
        None => return Ok((CommonConfig::default(), T::default())),
        Some(Value::Object(map)) => map,
        Some(other) => {
            return Err(error(None, format!("must be a table, found {}", kind(other))));
        }
    };
    let mut own = Map::new();
    let mut common = CommonConfig::default();
    let flag = |key: &String, value: &Value| {
        value.as_bool().ok_or_else(|| {
            error(
                Some(key.clone()),
                format!("expected true or false, found {}", kind(value)),
            )
        })
    };
    for (key, value) in table {
        match key.as_str() {
            "enable" => common.enable = flag(key, value)?,
            "deny-warnings" => common.deny_warnings = flag(key, value)?,
            "levels" => common.levels = levels(value).map_err(|(k, m)| error(Some(k), m))?,
            _ => {
                own.insert(key.clone(), value.clone());
            }
        }
    }
    let typed = serde_path_to_error::deserialize(Value::Object(own)).map_err(|e| {
        let path = e.path().to_string();
        let key = (path != ".").then_some(path);
        error(key, tidy_serde_message(&e.into_inner().to_string()))
    })?;
    T::validate(&typed).map_err(|v| error(Some(v.key), v.message))?;
    Ok((common, typed))
}

/// A `levels` table as written: every value one of the three settings.
pub(crate) fn levels(value: &Value) -> Result<Levels, (String, String)> {
    let Value::Object(table) = value else {
        return Err((
            "levels".to_owned(),
            format!(
                "expected a table of `code = \"allow\" | \"warn\" | \"deny\"`, found {}",
                kind(value)
            ),
        ));
    };
    let mut out = Levels::default();
    for (code, setting) in table {
        let parsed = setting.as_str().and_then(Setting::parse).ok_or_else(|| {
            (
                format!("levels.{code}"),
                format!("expected \"allow\", \"warn\" or \"deny\", found {}", shown(setting)),
            )
        })?;
        out.0.insert(code.clone(), parsed);
    }
    Ok(out)
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => kind(other).to_owned(),
    }
}

pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a table",
    }
}

/// serde says "unknown field `x`, expected one of `a`, `b`"; add the keys
/// every sub-table accepts so the list is complete.
fn tidy_serde_message(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    if message.starts_with("unknown field") {
        format!(
            "{message} (every capability's table also accepts {})",
            COMMON_KEYS
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        message.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
    struct Demo {
        folders: Vec<String>,
        fail_on_gap: bool,
    }

    impl PreprocessorConfig for Demo {
        fn validate(&self) -> Result<(), InvalidValue> {
            match self.folders.iter().position(String::is_empty) {
                Some(i) => Err(InvalidValue::new(format!("folders[{i}]"), "must not be empty")),
                None => Ok(()),
            }
        }
    }

    #[test]
    fn validate_runs_on_load_and_names_the_key() {
        let cfg = json!({"preprocessor": {"handbook": {"demo": {"folders": ["adr", ""]}}}});
        let err = load::<Demo>(&cfg, "demo").unwrap_err().to_string();
        assert_eq!(
            err,
            "book.toml: error[config]: [preprocessor.handbook.demo] key `folders[1]`: must not be empty"
        );
    }

    #[test]
    fn accepts_the_common_keys() {
        let cfg = json!({"preprocessor": {"handbook": {"demo": {"enable": false,
            "deny-warnings": true, "folders": ["adr"]}}}});
        let (common, demo) = load::<Demo>(&cfg, "demo").unwrap();
        assert!(common.deny_warnings && !common.enable);
        assert_eq!(demo.folders, ["adr"]);
    }

    #[test]
    fn unknown_key_names_the_key_and_the_valid_ones() {
        let cfg = json!({"preprocessor": {"handbook": {"demo": {"folder": "adr"}}}});
        let err = load::<Demo>(&cfg, "demo")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with(
                "book.toml: error[config]: [preprocessor.handbook.demo] key `folder`: unknown field `folder`"
            ),
            "{err}"
        );
        assert!(
            err.contains("`folders`") && err.contains("`fail-on-gap`") && err.contains("`enable`"),
            "{err}"
        );
    }

    #[test]
    fn wrong_type_names_the_key() {
        let cfg = json!({"preprocessor": {"handbook": {"demo": {"fail-on-gap": "yes"}}}});
        let err = load::<Demo>(&cfg, "demo")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("key `fail-on-gap`") && err.contains("expected a boolean"),
            "{err}"
        );
        let cfg = json!({"preprocessor": {"handbook": {"demo": {"deny-warnings": 1}}}});
        let err = load::<Demo>(&cfg, "demo")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("key `deny-warnings`"), "{err}");
    }

    #[test]
    fn levels_are_read_and_bad_settings_name_the_code() {
        let cfg = json!({"preprocessor": {"handbook": {"demo": {"levels": {"demo-gap": "allow", "x": "deny"}}}}});
        let (common, _) = load::<Demo>(&cfg, "demo").unwrap();
        assert_eq!(common.levels.get("demo-gap"), Some(Setting::Allow));
        assert_eq!(common.levels.get("x"), Some(Setting::Deny));
        let cfg = json!({"preprocessor": {"handbook": {"demo": {"levels": {"demo-gap": "off"}}}}});
        let err = load::<Demo>(&cfg, "demo")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("key `levels.demo-gap`") && err.contains("found `off`"),
            "{err}"
        );
        let cfg = json!({"preprocessor": {"handbook": {"demo": {"levels": true}}}});
        assert!(load::<Demo>(&cfg, "demo").is_err());
    }

    #[test]
    fn missing_table_is_all_defaults() {
        let (common, demo) = load::<Demo>(&json!({}), "demo").unwrap();
        assert_eq!((common, demo), (CommonConfig::default(), Demo::default()));
    }
}

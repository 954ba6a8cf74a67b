//! `--baseline FILE` and `--write-baseline FILE`: the diagnostics a team has
//! accepted for now, so CI fails only on new ones (ADR 25).
//!
//! A diagnostic is known by its code, its file and its message, never by its
//! line: an edit above it moves it without making it new. Numbers after
//! `line ` and after `.md:` in a message (a place elsewhere, named in the
//! message) are masked for the same reason. The level is not part of the key
//! either: raising a code to `deny` does not make old findings new. A key
//! carries a count, so a second finding of the same kind in the same file is
//! new; of several, the ones found last are the new ones.

use anyhow::{Context as _, Result, bail};
use handbook_core::platform::slashed;
use handbook_core::{Diagnostic, Level};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

/// The baseline file's format version.
pub const BASELINE_SCHEMA: u64 = 1;

/// What identifies a diagnostic in a baseline.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub code: String,
    /// `/`-separated, relative to the book root, as diagnostics show it.
    pub path: Option<String>,
    /// The message with places masked (see the module's doc).
    pub message: String,
}

impl Key {
    pub fn of(diagnostic: &Diagnostic) -> Key {
        Key {
            code: diagnostic.code.to_owned(),
            path: diagnostic.path.as_ref().map(|p| slashed(p)),
            message: mask_places(&diagnostic.message),
        }
    }
}

/// `line 12` becomes `line N`, `src/a.md:12` becomes `src/a.md:N`.
fn mask_places(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some((i, marker)) = ["line ", ".md:"]
        .iter()
        .filter_map(|m| rest.find(m).map(|i| (i, *m)))
        .min()
    {
        let after = i + marker.len();
        out.push_str(&rest[..after]);
        let digits = rest[after..].len() - rest[after..].trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push('N');
        }
        rest = &rest[after + digits..];
    }
    out.push_str(rest);
    out
}

/// The accepted diagnostics: each key, its count, and one message as found
/// (written to the file so a person reading it sees the real words).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Baseline {
    entries: BTreeMap<Key, (usize, String)>,
}

/// A baseline entry found fewer times than recorded: fixed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub key: Key,
    pub message: String,
    pub recorded: usize,
    pub found: usize,
}

impl Baseline {
    /// Today's warnings and errors (information never fails a check, so it is not recorded).
    pub fn record<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Baseline {
        let mut entries: BTreeMap<Key, (usize, String)> = BTreeMap::new();
        for d in diagnostics.into_iter().filter(|d| d.level > Level::Info) {
            entries.entry(Key::of(d)).or_insert((0, d.message.clone())).0 += 1;
        }
        Baseline { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.values().map(|(count, _)| count).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// For each diagnostic, whether the baseline accepts it (in order: the
    /// first `count` of a key are accepted), and the entries found fewer
    /// times than recorded.
    pub fn split(&self, diagnostics: &[Diagnostic]) -> (Vec<bool>, Vec<Stale>) {
        let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
        let accepted = diagnostics
            .iter()
            .map(|d| {
                if d.level == Level::Info {
                    return false;
                }
                let key = Key::of(d);
                let recorded = self.entries.get(&key).map_or(0, |(count, _)| *count);
                let n = seen.entry(key).or_insert(0);
                *n += 1;
                *n <= recorded
            })
            .collect();
        let stale = self
            .entries
            .iter()
            .filter_map(|(key, (recorded, message))| {
                let found = seen.get(key).copied().unwrap_or(0);
                (found < *recorded).then(|| Stale {
                    key: key.clone(),
                    message: message.clone(),
                    recorded: *recorded,
                    found,
                })
            })
            .collect();
        (accepted, stale)
    }

    /// The file's JSON: sorted by path, code and message, so a baseline
    /// under version control changes by the lines that changed.
    pub fn to_json(&self) -> String {
        let mut entries: Vec<(&Key, &(usize, String))> = self.entries.iter().collect();
        entries.sort_by(|a, b| (&a.0.path, &a.0.code, &a.0.message).cmp(&(&b.0.path, &b.0.code, &b.0.message)));
        let entries: Vec<Value> = entries
            .into_iter()
            .map(|(key, (count, message))| {
                json!({"code": key.code, "path": key.path, "message": message, "count": count})
            })
            .collect();
        let value = json!({
            "schema": BASELINE_SCHEMA,
            "generator": "mdbook-handbook check --write-baseline",
            "diagnostics": entries,
        });
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn from_json(text: &str) -> Result<Baseline> {
        let value: Value = serde_json::from_str(text).context("not JSON")?;
        match value.get("schema").and_then(Value::as_u64) {
            Some(BASELINE_SCHEMA) => {}
            Some(other) => bail!("baseline schema {other} is not one this version reads ({BASELINE_SCHEMA})"),
            None => bail!("no `\"schema\": {BASELINE_SCHEMA}`: not a baseline written by `check --write-baseline`"),
        }
        let Some(list) = value.get("diagnostics").and_then(Value::as_array) else {
            bail!("no `diagnostics` list");
        };
        let mut entries: BTreeMap<Key, (usize, String)> = BTreeMap::new();
        for (i, entry) in list.iter().enumerate() {
            let text = |field: &str| entry.get(field).and_then(Value::as_str).map(str::to_owned);
            let (Some(code), Some(message)) = (text("code"), text("message")) else {
                bail!("entry {} has no `code` or `message` string", i + 1);
            };
            let count = match entry.get("count") {
                None => 1,
                Some(n) => match n.as_u64().and_then(|n| usize::try_from(n).ok()) {
                    Some(n) => n,
                    None => bail!("entry {}: `count` must be a whole number", i + 1),
                },
            };
            let key = Key {
                code,
                path: text("path"),
                message: mask_places(&message),
            };
            entries.entry(key).or_insert((0, message)).0 += count;
        }
        Ok(Baseline { entries })
    }

    pub fn read(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading baseline {}", path.display()))?;
        Baseline::from_json(&text).with_context(|| format!("baseline {}", path.display()))
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_json()).with_context(|| format!("writing baseline {}", path.display()))
    }
}

/// The information diagnostic that tells a team a baseline entry can go.
pub fn stale_diagnostic(stale: &Stale, baseline_file: &Path) -> Diagnostic {
    let fixed = stale.recorded - stale.found;
    let times = if stale.recorded == 1 {
        String::new()
    } else {
        format!(" ({fixed} of {} fixed)", stale.recorded)
    };
    let message = format!(
        "baseline entry no longer found{times}: [{}] {}; remove it from {} or rewrite it with --write-baseline",
        stale.key.code,
        stale.message,
        baseline_file.display()
    );
    let diagnostic = Diagnostic::new(Level::Info, "baseline-stale", message);
    match &stale.key.path {
        Some(path) => diagnostic.in_file(path),
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(path: &str, line: usize, message: &str) -> Diagnostic {
        Diagnostic::new(Level::Warning, "adr-missing-date", message).at(path, line)
    }

    #[test]
    fn lines_do_not_identify_a_diagnostic_and_counts_do() {
        let today = [warning("src/a.md", 3, "no date"), warning("src/a.md", 9, "no date")];
        let baseline = Baseline::record(&today);
        let moved = [
            warning("src/a.md", 30, "no date"),
            warning("src/a.md", 40, "no date"),
            warning("src/a.md", 50, "no date"),
        ];
        let (accepted, stale) = baseline.split(&moved);
        assert_eq!(accepted, [true, true, false]);
        assert!(stale.is_empty());
        let (accepted, stale) = baseline.split(&moved[..1]);
        assert_eq!(accepted, [true]);
        assert_eq!((stale[0].recorded, stale[0].found), (2, 1));
    }

    #[test]
    fn places_named_in_a_message_are_masked_and_other_numbers_kept() {
        assert_eq!(
            mask_places("version 1.2 is listed twice (first at line 12)"),
            "version 1.2 is listed twice (first at line N)"
        );
        assert_eq!(
            mask_places("also in src/g.md:7 and ADR 4"),
            "also in src/g.md:N and ADR 4"
        );
        assert_eq!(mask_places("line x, line"), "line x, line");
        let before = Baseline::record(&[warning("src/a.md", 1, "duplicate (first at line 3)")]);
        let after = [warning("src/a.md", 2, "duplicate (first at line 4)")];
        assert_eq!(before.split(&after).0, [true]);
        assert_eq!(
            before.split(&[warning("src/b.md", 1, "duplicate (first at line 3)")]).0,
            [false]
        );
    }

    #[test]
    fn the_file_round_trips_and_bad_files_say_why() {
        let baseline = Baseline::record(&[
            warning("src/b.md", 1, "x"),
            warning("src/a.md", 1, "y"),
            Diagnostic::new(Level::Error, "config", "z").in_file("book.toml"),
            Diagnostic::new(Level::Info, "front-matter-unread", "ignored"),
        ]);
        assert_eq!(baseline.len(), 3);
        let text = baseline.to_json();
        assert!(text.find("src/a.md") < text.find("src/b.md"), "{text}");
        assert_eq!(Baseline::from_json(&text).ok(), Some(baseline));
        let err = |t: &str| {
            format!(
                "{:#}",
                Baseline::from_json(t).err().map(|e| e.to_string()).unwrap_or_default()
            )
        };
        assert!(err("[").contains("not JSON"));
        assert!(err(r#"{"schema": 2, "diagnostics": []}"#).contains("baseline schema 2"));
        assert!(err(r#"{"schema": 1, "diagnostics": [{"code": "x"}]}"#).contains("entry 1"));
    }
}

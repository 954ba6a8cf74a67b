//! `mdbook-handbook install`: sets a book up for the suite, keeping
//! book.toml's comments and formatting (toml_edit):
//! - adds `[preprocessor.handbook]`, or merges the five tables of earlier
//!   versions into its sub-tables ([`migrate`]);
//! - writes the suite's stylesheet and viewer script once for the whole book
//!   (ADR 13) instead of once per page, and Mermaid's script for browser mode;
//! - says which other diagram plugins draw fences the suite draws, and with
//!   `--take-over-diagrams` removes them ([`other_plugins`]).
//!
//! A second run changes nothing; settings already there are the user's.

use anyhow::{Context as _, Result, bail};
use handbook_core::config::SUITE_TABLE;
use std::path::Path;
use toml_edit::{Array, DocumentMut, Item, Table, value};

mod migrate;
#[cfg(feature = "diagrams")]
mod other_plugins;

pub use crate::suite::ORDER;

/// What `install` did, for the user.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Installed {
    /// `[preprocessor.handbook]` was added.
    pub added: bool,
    /// One line per change made to merge the old tables, in order.
    pub migrated: Vec<String>,
    /// The stylesheet file was written (new, or from another suite version).
    pub stylesheet_written: bool,
    /// The viewer script (zoom and pan on figures) was written.
    pub viewer_written: bool,
    /// Mermaid's script was written (`mermaid = "browser"`; new, or from another suite version).
    pub mermaid_script_written: bool,
    /// The book left browser mode: the script's files and `additional-js` entries were removed.
    pub mermaid_script_removed: bool,
    /// One line per other diagram plugin (mdbook-mermaid, ...): what it does, or that it was taken over.
    pub other_plugins: Vec<String>,
}

/// What `install` is asked to do beyond setting the suite up.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// `--take-over-diagrams`: remove other diagram plugins whose fences the suite draws.
    pub take_over_diagrams: bool,
}

/// Parses `--only adr,glossary`; `None` means the whole suite.
pub fn select(only: Option<&str>) -> Result<Vec<&'static str>> {
    let built = crate::suite::names();
    let Some(list) = only else {
        return Ok(ORDER.iter().copied().filter(|o| built.contains(o)).collect());
    };
    let wanted: Vec<&str> = list.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    for name in &wanted {
        let short = name.trim_start_matches("handbook-");
        if !ORDER.contains(&short) {
            bail!(
                "`{name}` is not a capability of the suite (it has: {})",
                ORDER.join(", ")
            );
        }
        if !built.contains(&short) {
            bail!(
                "`{name}` was left out of this mdbook-handbook (cargo feature `{short}`): reinstall with it, e.g. `cargo install mdbook-handbook --features {short}`"
            );
        }
    }
    Ok(ORDER
        .iter()
        .copied()
        .filter(|o| wanted.iter().any(|w| w.trim_start_matches("handbook-") == *o))
        .collect())
}

/// Edits the text of a book.toml; returns the new text and what changed.
/// `selected` are the capabilities to run; fewer than all become `only`.
pub fn edit(text: &str, selected: &[&str]) -> Result<(String, Installed)> {
    edit_with(text, selected, Options::default())
}

/// [`edit`], with [`Options`]. Other diagram plugins are described as book.toml
/// configures them, as if installed ([`install_with`] looks).
pub fn edit_with(text: &str, selected: &[&str], options: Options) -> Result<(String, Installed)> {
    edit_in(text, selected, options, None)
}

/// [`edit_with`] for the book at `root`, when known: whether another diagram
/// plugin draws anything depends on its program being there.
fn edit_in(text: &str, selected: &[&str], options: Options, root: Option<&Path>) -> Result<(String, Installed)> {
    if options.take_over_diagrams && !selected.contains(&"diagrams") {
        bail!("--take-over-diagrams needs the diagrams capability, which this install leaves out");
    }
    let mut doc: DocumentMut = text.parse().context("book.toml is not valid TOML")?;
    let mut installed = Installed::default();
    if !doc.contains_key("preprocessor") {
        let mut table = Table::new();
        table.set_implicit(true);
        doc.insert("preprocessor", Item::Table(table));
    }
    let Some(preprocessors) = doc.get_mut("preprocessor").and_then(Item::as_table_mut) else {
        bail!("book.toml: `preprocessor` must be a table");
    };
    installed.migrated = migrate::merge_old_tables(preprocessors)?;
    if !preprocessors.contains_key(SUITE_TABLE) {
        let mut table = Table::new();
        let mut after = Array::new();
        after.push("links");
        table.insert("after", value(after));
        let built = crate::suite::names();
        if selected.len() < built.len() {
            table.insert("only", value(selected.iter().copied().collect::<Array>()));
        }
        preprocessors.insert(SUITE_TABLE, Item::Table(table));
        installed.added = true;
    }
    list_file(&mut doc, "additional-css", handbook_core::html::STYLESHEET_FILE)?;
    list_file(&mut doc, "additional-js", handbook_core::html::VIEWER_FILE)?;
    for file in crate::suite::mermaid_script::SCRIPT_FILES {
        if wants_mermaid_script(&doc) {
            list_file(&mut doc, "additional-js", file)?;
        } else {
            installed.mermaid_script_removed |= unlist_file(&mut doc, "additional-js", file);
        }
    }
    #[cfg(feature = "diagrams")]
    if selected.contains(&"diagrams") {
        installed.other_plugins = other_plugins::take_over(&mut doc, options.take_over_diagrams, root)?;
    }
    Ok((doc.to_string(), installed))
}

/// `[preprocessor.handbook.diagrams] mermaid = "browser"` (or `"auto"`): only such
/// a book gets Mermaid's 3.5 MB script; `install` after switching back removes it.
fn wants_mermaid_script(doc: &DocumentMut) -> bool {
    matches!(
        doc.get("preprocessor")
            .and_then(|p| p.get(SUITE_TABLE))
            .and_then(|p| p.get("diagrams"))
            .and_then(|d| d.get("mermaid"))
            .and_then(Item::as_str),
        Some("browser" | "auto")
    )
}

/// Adds `file` to `[output.html] <key>` (a list of paths) if no entry names it.
fn list_file(doc: &mut DocumentMut, key: &str, file: &str) -> Result<()> {
    let output = doc.entry("output").or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(true);
        Item::Table(t)
    });
    let Some(html) = output
        .as_table_mut()
        .map(|t| t.entry("html").or_insert_with(|| Item::Table(Table::new())))
        .and_then(Item::as_table_like_mut)
    else {
        bail!("book.toml: `output.html` must be a table");
    };
    let entry = html.entry(key).or_insert(value(Array::new()));
    let Some(list) = entry.as_array_mut() else {
        bail!("book.toml: `output.html.{key}` must be a list of paths");
    };
    if !list.iter().any(|v| {
        v.as_str()
            .is_some_and(|p| Path::new(p).file_name().is_some_and(|n| n == file))
    }) {
        // A list written one entry per line gets the new entry on a line of its own, indented alike.
        let line_prefix = list
            .iter()
            .last()
            .and_then(|v| v.decor().prefix())
            .and_then(|p| p.as_str())
            .filter(|p| p.contains('\n'))
            .map(str::to_owned);
        list.push(file);
        if let (Some(prefix), Some(added)) = (line_prefix, list.iter_mut().last()) {
            added.decor_mut().set_prefix(prefix);
        }
    }
    Ok(())
}

/// Removes entries naming `file` from `[output.html] <key>`; whether any was there.
fn unlist_file(doc: &mut DocumentMut, key: &str, file: &str) -> bool {
    let Some(list) = doc
        .get_mut("output")
        .and_then(|o| o.get_mut("html"))
        .and_then(|h| h.get_mut(key))
        .and_then(Item::as_array_mut)
    else {
        return false;
    };
    let before = list.len();
    let names_file = |v: &toml_edit::Value| {
        v.as_str()
            .is_some_and(|p| Path::new(p).file_name().is_some_and(|n| n == file))
    };
    list.retain(|v| !names_file(v));
    if list.is_empty() {
        // What the removed lines left (a comma, a line break) goes too: `[]`, not `[\n]`.
        list.set_trailing("");
        list.set_trailing_comma(false);
    }
    list.len() != before
}

/// Runs `install` on a book directory.
pub fn install(root: &Path, selected: &[&str]) -> Result<Installed> {
    install_with(root, selected, Options::default())
}

/// [`install`], with [`Options`].
pub fn install_with(root: &Path, selected: &[&str], options: Options) -> Result<Installed> {
    let path = root.join("book.toml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let (new_text, mut installed) = edit_in(&text, selected, options, Some(root))?;
    let css_path = root.join(handbook_core::html::STYLESHEET_FILE);
    let config =
        serde_json::to_value(toml::from_str::<toml::Table>(&new_text).context("book.toml is not valid TOML")?)?;
    let rules = handbook_core::protocol::pipeline::stylesheet_rules(&crate::suite::stages(), ORDER, &config)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    installed.stylesheet_written = write_if_changed(&css_path, &handbook_core::html::stylesheet_file(&rules))?;
    installed.viewer_written = write_if_changed(
        &root.join(handbook_core::html::VIEWER_FILE),
        &handbook_core::html::viewer_file(),
    )?;
    let doc: DocumentMut = new_text.parse().context("book.toml is not valid TOML")?;
    for (name, contents) in crate::suite::mermaid_script::script_files() {
        let file = root.join(name);
        if wants_mermaid_script(&doc) {
            installed.mermaid_script_written |= write_if_changed(&file, &contents)?;
        } else if written_by_the_suite(&file) {
            std::fs::remove_file(&file).with_context(|| format!("removing {}", file.display()))?;
            installed.mermaid_script_removed = true;
        }
    }
    if new_text != text {
        write_atomically(&path, &new_text)?;
    }
    Ok(installed)
}

/// A file whose first line is the suite's stamp: safe to remove; anything else is the author's.
fn written_by_the_suite(file: &Path) -> bool {
    use std::io::{BufRead, Read};
    let Ok(opened) = std::fs::File::open(file) else {
        return false;
    };
    let mut first = String::new();
    let _ = std::io::BufReader::new(opened).take(4096).read_line(&mut first);
    first.starts_with("/* mdbook-handbook ")
}

/// Writes `text` to `path` unless the file already holds it; whether it wrote.
fn write_if_changed(path: &Path, text: &str) -> Result<bool> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(false);
    }
    write_atomically(path, text)?;
    Ok(true)
}

fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let temp = path.with_extension("handbook-tmp");
    std::fs::write(&temp, text).with_context(|| format!("writing {}", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| format!("replacing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list written one entry per line keeps that shape; one emptied by a
    /// take-over reads `[]` before the suite's entry goes in.
    #[test]
    fn lists_keep_their_layout_when_entries_come_and_go() {
        let mut doc: DocumentMut = "[output.html]\nadditional-js = [\n  \"own.js\",\n  \"mermaid.min.js\",\n]\n"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(unlist_file(&mut doc, "additional-js", "mermaid.min.js"));
        list_file(&mut doc, "additional-js", "mdbook-handbook.js").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            doc.to_string(),
            "[output.html]\nadditional-js = [\n  \"own.js\",\n  \"mdbook-handbook.js\",\n]\n"
        );
        let mut doc: DocumentMut =
            "[output.html]\nadditional-js = [\n  \"mermaid.min.js\",\n  \"mermaid-init.js\",\n]\n"
                .parse()
                .unwrap_or_else(|e| panic!("{e}"));
        assert!(unlist_file(&mut doc, "additional-js", "mermaid.min.js"));
        assert!(unlist_file(&mut doc, "additional-js", "mermaid-init.js"));
        list_file(&mut doc, "additional-js", "mdbook-handbook.js").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            doc.to_string(),
            "[output.html]\nadditional-js = [\"mdbook-handbook.js\"]\n"
        );
    }

    #[test]
    fn writes_the_stylesheet_once_and_then_changes_nothing() {
        let dir = std::env::temp_dir().join(format!("hb-install-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(
            dir.join("book.toml"),
            "[book]\ntitle = \"x\"\n[output.html]\nadditional-css = [\"theme/own.css\"]\n",
        );
        let first = install(&dir, ORDER).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(first.stylesheet_written && first.viewer_written && first.added);
        let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap_or_default();
        assert!(
            toml.contains("additional-css = [\"theme/own.css\", \"mdbook-handbook.css\"]"),
            "{toml}"
        );
        assert!(toml.contains("additional-js = [\"mdbook-handbook.js\"]"), "{toml}");
        let second = install(&dir, ORDER).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(!second.stylesheet_written && !second.viewer_written && !second.added);
        assert_eq!(std::fs::read_to_string(dir.join("book.toml")).unwrap_or_default(), toml);
        let config = serde_json::to_value(toml::from_str::<toml::Table>(&toml).unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            handbook_core::html::asset_delivery(&dir, &config, ""),
            handbook_core::html::AssetDelivery::Installed
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn adds_the_one_table_keeps_the_rest_and_is_idempotent() {
        let book = "# My handbook\n[book]\ntitle = \"H\"   # keep me\n\n[output.html]\n";
        let (once, installed) = edit(book, ORDER).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(installed.added && installed.migrated.is_empty());
        assert_eq!(
            once,
            "# My handbook\n[book]\ntitle = \"H\"   # keep me\n\n[output.html]\nadditional-css = [\"mdbook-handbook.css\"]\nadditional-js = [\"mdbook-handbook.js\"]\n\n[preprocessor.handbook]\nafter = [\"links\"]\n"
        );
        let (twice, again) = edit(&once, ORDER).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(twice, once);
        assert!(!again.added);
    }

    #[test]
    #[cfg(feature = "diagrams")]
    fn ships_mermaids_script_only_in_browser_mode_and_only_once() {
        let dir = tempfile::tempdir().unwrap();
        let book =
            "[book]\ntitle = \"x\"\n[preprocessor.handbook]\nafter = [\"links\"]\n\n[preprocessor.handbook.diagrams]\n";
        let _ = std::fs::write(dir.path().join("book.toml"), book);
        let built = install(dir.path(), &["diagrams"]).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(!built.mermaid_script_written, "build mode ships no script");
        let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap_or_default();
        let files = crate::suite::mermaid_script::SCRIPT_FILES;
        assert!(!toml.contains(files[0]), "{toml}");
        assert!(!dir.path().join(files[0]).exists());

        let browser = toml.replace(
            "[preprocessor.handbook.diagrams]\n",
            "[preprocessor.handbook.diagrams]\nmermaid = \"browser\"\n",
        );
        let _ = std::fs::write(dir.path().join("book.toml"), &browser);
        let first = install(dir.path(), &["diagrams"]).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(first.mermaid_script_written);
        let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap_or_default();
        assert!(
            toml.contains(&format!(
                "additional-js = [\"mdbook-handbook.js\", \"{}\", \"{}\"]",
                files[0], files[1]
            )),
            "{toml}"
        );
        let second = install(dir.path(), &["diagrams"]).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(!second.mermaid_script_written && !second.stylesheet_written);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("book.toml")).unwrap_or_default(),
            toml
        );
        let config = serde_json::to_value(toml::from_str::<toml::Table>(&toml).unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            handbook_diagrams::browser::script_delivery(dir.path(), &config),
            handbook_diagrams::browser::ScriptDelivery::Installed
        );
        // A copy from another suite version is replaced.
        let _ = std::fs::write(dir.path().join(files[1]), "/* mdbook-handbook 0.0.1 */\n");
        assert!(install(dir.path(), &["diagrams"]).is_ok_and(|i| i.mermaid_script_written));

        // Back to build mode: the script and its entries go; an author's own script stays.
        let _ = std::fs::write(
            dir.path().join("book.toml"),
            toml.replace("mermaid = \"browser\"\n", ""),
        );
        let _ = std::fs::write(dir.path().join("own.js"), "// the author's\n");
        let back = install(dir.path(), &["diagrams"]).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(back.mermaid_script_removed && !back.mermaid_script_written);
        let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap_or_default();
        assert!(!toml.contains("mermaid"), "{toml}");
        assert!(files.iter().all(|f| !dir.path().join(f).exists()));
        assert!(dir.path().join("own.js").exists());
        let again = install(dir.path(), &["diagrams"]).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(!again.mermaid_script_removed, "removing is idempotent too");
    }

    #[test]
    fn only_selects_and_rejects_unknown_names() {
        assert_eq!(
            select(Some("glossary, handbook-adr")).unwrap_or_default(),
            ["adr", "glossary"]
        );
        assert!(select(Some("adrs")).is_err());
        let (text, installed) = edit("[book]\n", &["diagrams"]).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(installed.added);
        assert_eq!(
            text,
            "[book]\n\n[preprocessor.handbook]\nafter = [\"links\"]\nonly = [\"diagrams\"]\n\n[output.html]\nadditional-css = [\"mdbook-handbook.css\"]\nadditional-js = [\"mdbook-handbook.js\"]\n"
        );
    }
}

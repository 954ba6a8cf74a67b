//! Diagram plugins for mdBook that draw fences the suite draws too
//! (mdbook-mermaid, mdbook-plantuml, ...). A book that has one configured draws
//! its diagrams with that plugin, silently: mdBook runs it before the suite
//! (it has no `after`, so it joins mdBook's first round, before a suite that
//! runs after `links`), and the suite then finds no fence. Or it runs after
//! the suite, which drew the fences first, and finds none itself. Either way
//! the build says so once per plugin, and `mdbook-handbook install
//! --take-over-diagrams` removes the plugin.

use handbook_core::platform;
use serde_json::Value;

/// A diagram plugin the suite knows.
#[derive(Debug, PartialEq, Eq)]
pub struct OtherPlugin {
    /// Its program (`mdbook-mermaid`); its table is named after it by default.
    pub program: &'static str,
    /// The fences it draws, as an author writes them.
    pub fences: &'static str,
    /// Files its own `install` lists in `[output.html]` (`additional-js`/`-css`):
    /// dead weight on every page once the suite draws its fences.
    pub files: &'static [&'static str],
    /// Its fences are the suite's: the suite draws them once the plugin is gone.
    /// `false` for a plugin with fences of its own naming (`kroki-mermaid`).
    pub same_fences: bool,
}

/// The plugins whose fences the suite draws, by program.
pub const OTHER_PLUGINS: &[OtherPlugin] = &[
    OtherPlugin {
        program: "mdbook-mermaid",
        fences: "`mermaid`",
        files: &["mermaid.min.js", "mermaid-init.js", "mermaid.css"],
        same_fences: true,
    },
    OtherPlugin {
        program: "mdbook-plantuml",
        fences: "`plantuml`",
        files: &[],
        same_fences: true,
    },
    OtherPlugin {
        program: "mdbook-graphviz",
        fences: "`dot process`",
        files: &[],
        same_fences: true,
    },
    OtherPlugin {
        program: "mdbook-svgbob",
        fences: "`bob`",
        files: &[],
        same_fences: true,
    },
    OtherPlugin {
        program: "mdbook-svgbob2",
        fences: "`svgbob`",
        files: &[],
        same_fences: true,
    },
    OtherPlugin {
        program: "mdbook-d2",
        fences: "`d2`",
        files: &[],
        same_fences: true,
    },
    OtherPlugin {
        program: "mdbook-kroki",
        fences: "`kroki-…`",
        files: &[],
        same_fences: false,
    },
    OtherPlugin {
        program: "mdbook-kroki-preprocessor",
        fences: "`kroki-…` and `<kroki>`",
        files: &[],
        same_fences: false,
    },
];

/// One such plugin configured in a book.
#[derive(Debug, PartialEq, Eq)]
pub struct Configured {
    pub plugin: &'static OtherPlugin,
    /// Its table: `[preprocessor.<table>]`.
    pub table: String,
    /// mdBook runs it before the suite's table (so it has drawn the fences).
    pub runs_first: bool,
    /// What the table runs: its `command`, else `mdbook-<table>`.
    pub command: String,
    /// `optional = true`: mdBook skips the table where its program is missing.
    pub optional: bool,
}

impl Configured {
    /// What the build and `install` say about it, once. `installed`: its program
    /// is there to run (see [`handbook_core::platform::command_program`]); a
    /// plugin that is not draws nothing, and saying it does would be false.
    pub fn explain(&self, installed: bool) -> String {
        let (program, table, fences) = (self.plugin.program, &self.table, self.plugin.fences);
        if !installed {
            let skipped = if self.optional {
                "is not installed here and is `optional`, so mdBook skips it"
            } else {
                "is not installed here, so mdBook stops the build when it comes to it"
            };
            let then = match (self.plugin.same_fences, self.optional) {
                (true, true) => format!(
                    "the suite draws the book's {fences} fences, and where {program} is installed it draws them instead; to have one drawer everywhere, run `mdbook-handbook install --take-over-diagrams`, which removes [preprocessor.{table}]"
                ),
                (true, false) => format!(
                    "install {program}, or run `mdbook-handbook install --take-over-diagrams`, which removes [preprocessor.{table}] and lets the suite draw the {fences} fences"
                ),
                (false, _) => format!(
                    "nothing draws its {fences} blocks; rename a block's language (`kroki-mermaid` to `mermaid`) to let the suite draw it"
                ),
            };
            return format!("{program} ([preprocessor.{table}]) {skipped}: {then}");
        }
        if !self.plugin.same_fences {
            return format!(
                "{program} ([preprocessor.{table}]) draws the {fences} blocks, through a Kroki server over the network; the suite draws `mermaid`, `plantuml`, `dot`, `d2`, `svgbob` and `pikchr` fences at build time, offline: rename a block's language (`kroki-mermaid` to `mermaid`) to let the suite draw it"
            );
        }
        let remedy = format!(
            "run `mdbook-handbook install --take-over-diagrams`, which removes [preprocessor.{table}]{}",
            if self.plugin.files.is_empty() {
                String::new()
            } else {
                format!(" and its files from [output.html] ({})", self.plugin.files.join(", "))
            }
        );
        if self.runs_first {
            format!(
                "{program} ([preprocessor.{table}]) runs before the suite, so it draws the book's {fences} fences and the suite draws none of them; to let the suite draw them at build time, {remedy}"
            )
        } else {
            format!(
                "{program} ([preprocessor.{table}]) runs after the suite, which has already drawn the book's {fences} fences, so the plugin finds none; to stop running it, {remedy}"
            )
        }
    }
}

/// The diagram plugins `book` (book.toml as JSON) configures besides `suite_table`,
/// in the order of their tables.
pub fn configured(book: &Value, suite_table: &str) -> Vec<Configured> {
    let Some(tables) = book.get("preprocessor").and_then(Value::as_object) else {
        return Vec::new();
    };
    let order = run_order(book);
    let position = |name: &str| order.iter().position(|n| n == name);
    tables
        .iter()
        .filter(|(name, _)| name.as_str() != suite_table)
        .filter_map(|(name, table)| {
            let program = program_of(name, table);
            let plugin = OTHER_PLUGINS.iter().find(|p| p.program == program)?;
            Some(Configured {
                plugin,
                table: name.clone(),
                runs_first: matches!((position(name), position(suite_table)), (Some(a), Some(b)) if a < b),
                command: command_of(name, table),
                optional: table.get("optional").and_then(Value::as_bool).unwrap_or(false),
            })
        })
        .collect()
}

/// The command a table runs: its `command`, else mdBook's default `mdbook-<table>`.
fn command_of(name: &str, table: &Value) -> String {
    match table.get("command").and_then(Value::as_str) {
        Some(command) => command.to_owned(),
        None => format!("mdbook-{name}"),
    }
}

/// The program a table runs: the file name of its command's program word
/// without an extension (`mdbook-mermaid.exe`).
fn program_of(name: &str, table: &Value) -> String {
    let first = platform::command_word(&command_of(name, table)).unwrap_or_default();
    let file = first.rsplit(['/', '\\']).next().unwrap_or(&first);
    file.strip_suffix(".exe").unwrap_or(file).to_owned()
}

/// The order mdBook 0.5.4 runs a book's preprocessors in (`determine_preprocessors`
/// of mdbook-driver): rounds of those nothing still waits for, each round sorted by
/// name; `before`/`after` naming an absent preprocessor are ignored, as mdBook does.
pub fn run_order(book: &Value) -> Vec<String> {
    let defaults = book
        .pointer("/build/use-default-preprocessors")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let mut names: Vec<String> = if defaults {
        vec!["index".to_owned(), "links".to_owned()]
    } else {
        Vec::new()
    };
    let tables = book.get("preprocessor").and_then(Value::as_object);
    for name in tables.into_iter().flat_map(|t| t.keys()) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    // `(first, then)`: `first` runs before `then`.
    let mut edges: Vec<(String, String)> = Vec::new();
    for (name, table) in tables.into_iter().flatten() {
        let list = |key: &str| -> Vec<String> {
            table
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter(|other| names.iter().any(|n| n == other))
                .map(str::to_owned)
                .collect()
        };
        edges.extend(list("before").into_iter().map(|later| (name.clone(), later)));
        edges.extend(list("after").into_iter().map(|earlier| (earlier, name.clone())));
    }
    let mut order = Vec::new();
    while !names.is_empty() {
        let mut round: Vec<String> = names
            .iter()
            .filter(|n| !edges.iter().any(|(first, then)| then == *n && names.contains(first)))
            .cloned()
            .collect();
        if round.is_empty() {
            break; // A cycle: mdBook refuses the book itself.
        }
        round.sort();
        names.retain(|n| !round.contains(n));
        order.extend(round);
    }
    order
}

/// The 1-based line of `[preprocessor.<table>]` in book.toml's text, if written as a header.
pub fn table_line(book_toml: &str, table: &str) -> Option<usize> {
    let headers = [format!("[preprocessor.{table}]"), format!("[preprocessor.\"{table}\"]")];
    book_toml
        .lines()
        .position(|l| {
            let l: String = l
                .split('#')
                .next()
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            headers.contains(&l)
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_plugin_without_after_runs_before_a_suite_after_links() {
        let book = json!({"preprocessor": {
            "handbook": {"after": ["links"]},
            "mermaid": {"command": "mdbook-mermaid"},
            "toc": {"command": "mdbook-toc"},
        }});
        assert_eq!(run_order(&book), ["index", "links", "mermaid", "toc", "handbook"]);
        let found = configured(&book, "handbook");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].runs_first && found[0].table == "mermaid");
        assert!(
            found[0].explain(true).contains("runs before the suite"),
            "{}",
            found[0].explain(true)
        );
    }

    #[test]
    fn order_keys_and_commands_are_read_as_mdbook_reads_them() {
        let book = json!({"preprocessor": {
            "handbook": {"after": ["links"]},
            "diagrams-old": {"command": "/opt/bin/mdbook-plantuml.exe --flag", "after": ["handbook", "nothing"]},
            "graphviz": {},
        }});
        let found = configured(&book, "handbook");
        let summary: Vec<(&str, &str, bool)> = found
            .iter()
            .map(|c| (c.plugin.program, c.table.as_str(), c.runs_first))
            .collect();
        assert_eq!(
            summary,
            [
                ("mdbook-plantuml", "diagrams-old", false),
                ("mdbook-graphviz", "graphviz", true)
            ]
        );
        assert!(found[0].explain(true).contains("runs after the suite"));
        let no_defaults =
            json!({"build": {"use-default-preprocessors": false}, "preprocessor": {"b": {}, "a": {"after": ["b"]}}});
        assert_eq!(run_order(&no_defaults), ["b", "a"]);
    }

    #[test]
    fn the_table_is_found_in_book_toml() {
        let text =
            "[book]\ntitle = \"x\"\n\n[ preprocessor.mermaid ] # drawn in the browser\ncommand = \"mdbook-mermaid\"\n";
        assert_eq!(table_line(text, "mermaid"), Some(4));
        assert_eq!(table_line(text, "plantuml"), None);
    }
}

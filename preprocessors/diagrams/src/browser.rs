//! `mermaid = "browser"`: Mermaid's own script draws the diagrams in the
//! reader's browser. The script ships with the book, never from a CDN:
//! `mdbook-handbook install` writes it (and a small starter) next to
//! book.toml and lists both in `output.html.additional-js`, once per book,
//! as it does the stylesheet (ADR 13). Each file's first line names the
//! suite and Mermaid versions, so a copy from another version is noticed.

use crate::render;
use crate::scan::Fence;
use handbook_core::protocol::{Context, Edits};
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use std::io::{BufRead, Read};
use std::path::Path;

/// The vendored Mermaid release (see `assets/README.md`).
pub const MERMAID_VERSION: &str = "11.17.2";

/// Mermaid's self-contained bundle: defines `window.mermaid`, loads nothing else.
const BUNDLE: &str = include_str!("../assets/mermaid.min.js");
const STARTER: &str = include_str!("../assets/mermaid-init.js");

/// The files `install` writes into the book root, in the order the page loads them.
pub const SCRIPT_FILES: [&str; 2] = ["mdbook-handbook-mermaid.min.js", "mdbook-handbook-mermaid-init.js"];

/// First line of both files; a different one means another version wrote them.
pub fn stamp() -> String {
    format!(
        "/* mdbook-handbook {}, Mermaid {MERMAID_VERSION} (MIT licence, (c) Knut Sveidqvist): written by `mdbook-handbook install`: do not edit, run it again to update */",
        env!("CARGO_PKG_VERSION")
    )
}

/// `(file name, contents)` of each file `install` writes.
pub fn script_files() -> [(&'static str, String); 2] {
    let stamp = stamp();
    [
        (SCRIPT_FILES[0], format!("{stamp}\n{BUNDLE}")),
        (SCRIPT_FILES[1], format!("{stamp}\n{STARTER}")),
    ]
}

/// `mermaid = "browser"`, `draw=browser`, and what `auto` could not draw at
/// build time: figures for Mermaid's script to draw, when the
/// book ships it; otherwise the blocks stay as code with a note, and one
/// warning says how to install the script.
pub fn hand_over(
    ctx: &Context,
    chapters: &[Chapter],
    fences: &[&Fence],
    edits: &mut Edits,
    diagnostics: &mut Diagnostics,
) {
    let mut mine = fences
        .iter()
        .filter_map(|f| Some((chapters.get(f.chapter)?, *f)))
        .peekable();
    let Some((first_chapter, first)) = mine.peek().copied() else {
        return;
    };
    let delivery = script_delivery(&ctx.root, &ctx.config);
    let problem = match &delivery {
        ScriptDelivery::Installed => None,
        ScriptDelivery::Missing => Some(format!(
            "drawing Mermaid in the browser (`mermaid = \"browser\"`, `mermaid = \"auto\"` or `draw=browser`) needs Mermaid's script in the book, and it is not there: set `mermaid = \"auto\"` or `\"browser\"` in [preprocessor.handbook.diagrams] and run `mdbook-handbook install` in the book folder (it writes {} and lists them in [output.html] additional-js); until then these blocks stay as code",
            SCRIPT_FILES.join(" and ")
        )),
        ScriptDelivery::Outdated { path } => Some(format!(
            "{path} was written by another mdbook-handbook version: run `mdbook-handbook install` again to ship Mermaid {MERMAID_VERSION}"
        )),
    };
    if let Some(message) = problem {
        diagnostics.push(
            Diagnostic::new(Level::Warning, "diagram-mermaid-script", message)
                .at(ctx.display_path(first_chapter), first.line),
        );
    }
    for (chapter, fence) in mine {
        let splice = match delivery {
            ScriptDelivery::Missing => render::not_rendered_note(
                &chapter.content,
                fence,
                "Mermaid's script is not installed in this book (run `mdbook-handbook install`)",
            ),
            ScriptDelivery::Installed | ScriptDelivery::Outdated { .. } => {
                render::browser_figure(&chapter.content, fence)
            }
        };
        edits.splice(fence.chapter, splice);
        edits.needs_stylesheet(fence.chapter);
    }
}

/// Whether this build's pages will load Mermaid's script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptDelivery {
    /// Both files are in `additional-js` and carry this version's stamp.
    Installed,
    /// Not listed, or listed but not in the book root.
    Missing,
    /// Written by another suite version: they still draw, but `install` should run again.
    Outdated { path: String },
}

/// Looks for [`SCRIPT_FILES`] in the book's `output.html.additional-js`.
pub fn script_delivery(root: &Path, config: &serde_json::Value) -> ScriptDelivery {
    let listed: Vec<&str> = config
        .pointer("/output/html/additional-js")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .collect();
    let stamp = stamp();
    let mut outdated = None;
    for file in SCRIPT_FILES {
        let Some(path) = listed
            .iter()
            .find(|p| Path::new(p).file_name().is_some_and(|n| n == file))
        else {
            return ScriptDelivery::Missing;
        };
        match first_line(&root.join(path)) {
            None => return ScriptDelivery::Missing,
            Some(line) if line == stamp => {}
            Some(_) => outdated = outdated.or(Some((*path).to_owned())),
        }
    }
    match outdated {
        Some(path) => ScriptDelivery::Outdated { path },
        None => ScriptDelivery::Installed,
    }
}

/// The first line only: the bundle is 3.5 MB and the build asks on every run.
fn first_line(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut line = String::new();
    std::io::BufReader::new(file).take(4096).read_line(&mut line).ok()?;
    Some(line.trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_is_self_contained_and_the_stamp_tells_versions_apart() {
        assert!(BUNDLE.contains("globalThis[\"mermaid\"]"), "not the IIFE bundle");
        assert!(!BUNDLE.contains("import("), "the bundle must not load chunks");
        let dir = tempfile::tempdir().unwrap();
        let config = serde_json::json!({"output": {"html": {"additional-js": ["theme/own.js", SCRIPT_FILES[0], SCRIPT_FILES[1]]}}});
        assert_eq!(script_delivery(dir.path(), &config), ScriptDelivery::Missing);
        for (name, text) in script_files() {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        assert_eq!(script_delivery(dir.path(), &config), ScriptDelivery::Installed);
        assert_eq!(
            script_delivery(dir.path(), &serde_json::json!({})),
            ScriptDelivery::Missing,
            "written but not listed"
        );
        std::fs::write(dir.path().join(SCRIPT_FILES[1]), "/* mdbook-handbook 0.0.1 */\n").unwrap();
        assert_eq!(
            script_delivery(dir.path(), &config),
            ScriptDelivery::Outdated {
                path: SCRIPT_FILES[1].to_owned()
            }
        );
    }
}

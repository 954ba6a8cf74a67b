//! `[preprocessor.handbook.diagrams]` keys.

use handbook_core::config::{InvalidValue, PreprocessorConfig};
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// What to do when a kind's program (dot, plantuml, d2) is not installed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnMissing {
    /// Fail the build with an error naming the program and how to install it.
    #[default]
    Error,
    /// Keep the code block, add a visible "not rendered" note, warn once.
    Keep,
}

/// Where Mermaid diagrams are drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MermaidMode {
    /// At build time, in process (merman): an SVG in the page, no JavaScript.
    #[default]
    Build,
    /// In the reader's browser by Mermaid's own script, which `mdbook-handbook install` ships with the book.
    Browser,
    /// At build time where merman can draw the diagram; in the browser (as `browser`) where it
    /// cannot, and for fences marked `draw=browser`. The book ships Mermaid's script.
    Auto,
}

impl MermaidMode {
    /// Whether the book ships Mermaid's script (`mdbook-handbook install` writes it).
    pub fn ships_script(self) -> bool {
        matches!(self, MermaidMode::Browser | MermaidMode::Auto)
    }
}

/// What HTML in a Mermaid label may do, after Mermaid's `securityLevel`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MermaidSecurity {
    /// Tags in labels are shown as text (`<img src=x>` reads as those characters);
    /// `<br>` still breaks a line.
    #[default]
    Strict,
    /// Tags in labels are HTML, cleaned as Mermaid cleans them (no scripts or handlers).
    Loose,
}

/// Whether PlantUML runs sandboxed (see [`crate::plantuml::launch`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlantumlSandbox {
    /// Always sandboxed; a PlantUML that cannot be sandboxed here is refused with an error.
    #[default]
    On,
    /// The author accepts the risk: PlantUML may read any file and go online.
    Off,
}

#[derive(Debug, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DiagramsConfig {
    /// Cache folder, relative to the book root (and inside it, not the root itself), or absolute (not `/`).
    /// Default `.handbook-cache/diagrams`: outside `src/`, so `mdbook serve` never
    /// rebuilds on the suite's own writes. A folder the build creates gets a `.gitignore` of `*`;
    /// builds running at once may share it; a folder `mdbook serve` watches is warned about
    /// (`diagram-cache-dir`), since its writes would rebuild forever.
    pub cache_dir: Option<PathBuf>,
    /// `error` (default): a missing program (dot, plantuml, d2) fails the build, naming it and how to
    /// install it. `keep`: the code block stays with a visible "needs Graphviz" note, and the build
    /// warns once per missing program.
    pub on_missing: OnMissing,
    /// `build` (default): every Mermaid 11 type drawn at build time, in process (flowchart, sequence,
    /// class, state, ER, C4, gantt, pie, mindmap, journey, gitGraph, timeline, block, architecture,
    /// quadrantChart, sankey, xychart, requirement, kanban, packet, radar, treemap and the newer betas). `browser`: drawn in
    /// the reader's browser by Mermaid's own script, which `install` writes into the book. `auto`:
    /// build time where possible, the browser for the rest.
    pub mermaid: MermaidMode,
    /// `strict` (default): a tag in a Mermaid label (`<img src=...>`, `<b>`) reads as text, as Mermaid's
    /// `securityLevel: "strict"` documents; `<br>` still breaks a line. `loose`: tags are HTML,
    /// cleaned as Mermaid cleans them (no scripts or event handlers).
    pub mermaid_security: MermaidSecurity,
    /// Seconds one program run (or one in-process drawing) may take before it is
    /// stopped (default 30, 1 to 600: [`MAX_TIMEOUT`]).
    pub timeout: Option<u64>,
    /// The Graphviz program (default `dot` on PATH).
    pub dot: Option<String>,
    /// The PlantUML program (default `plantuml` on PATH), or its jar (`path/to/plantuml.jar`).
    pub plantuml: Option<String>,
    /// The Java that runs a PlantUML jar (default `$JAVA_HOME/bin/java`, then `java` on PATH).
    pub java: Option<String>,
    /// `on` (default) or `off`: PlantUML without a sandbox, only where none is possible (a PlantUML
    /// older than 1.2023.9 on Java 24 or later), and only if you accept that its diagrams may read
    /// any file and go online.
    pub plantuml_sandbox: PlantumlSandbox,
    /// The D2 program (default `d2` on PATH).
    pub d2: Option<String>,
    /// Folders besides `src/` whose files diagrams may include, relative to
    /// the book root (`["diagrams/shared"]`): not the root, not a dot-folder, not one holding the
    /// cache. Nothing else is read (see [`crate::shared`]).
    pub include_dirs: Vec<PathBuf>,
}

impl DiagramsConfig {
    pub fn cache_dir(&self) -> PathBuf {
        self.cache_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(".handbook-cache/diagrams"))
    }

    /// The folder `mdbook serve` watches that would hold the cache, if any:
    /// the suite's own writes there would rebuild the book in an endless loop.
    /// Watched: `src`, the theme folder and `build.extra-watch-dirs` (mdBook 0.5).
    pub fn cache_dir_watched_by_serve(&self, root: &Path, book: &serde_json::Value) -> Option<PathBuf> {
        let cache = lexical(&root.join(self.cache_dir()));
        let text = |pointer: &str| book.pointer(pointer).and_then(serde_json::Value::as_str);
        let mut watched = vec![
            text("/book/src").unwrap_or("src").to_owned(),
            text("/output/html/theme").unwrap_or("theme").to_owned(),
        ];
        watched.extend(
            book.pointer("/build/extra-watch-dirs")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .map(str::to_owned),
        );
        watched
            .into_iter()
            .map(|dir| lexical(&root.join(dir)))
            .find(|dir| cache.starts_with(dir))
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout.unwrap_or(30).clamp(1, MAX_TIMEOUT))
    }
}

/// The longest `timeout`: ten minutes. A program slower than that on one
/// diagram is stuck, and `mdbook serve` would wait that long on every save.
pub const MAX_TIMEOUT: u64 = 600;

impl PreprocessorConfig for DiagramsConfig {
    fn validate(&self) -> Result<(), InvalidValue> {
        match self.timeout {
            // Not clamped quietly: with no time at all, every diagram would fail.
            Some(0) => return Err(InvalidValue::new("timeout", "must be at least 1 (seconds), found 0")),
            Some(t) if t > MAX_TIMEOUT => {
                return Err(InvalidValue::new(
                    "timeout",
                    format!("must be at most {MAX_TIMEOUT} (seconds, ten minutes), found {t}"),
                ));
            }
            _ => {}
        }
        if let Some(dir) = &self.cache_dir {
            cache_dir_problem(dir).map_or(Ok(()), |why| Err(InvalidValue::new("cache-dir", why)))?;
        }
        let cache = lexical(&self.cache_dir());
        for dir in &self.include_dirs {
            let shown = dir.display();
            let normal = lexical(dir);
            let why = if dir.is_absolute() || dir.has_root() {
                Some(format!("`{shown}` must be a folder relative to the book root"))
            } else if dir.components().any(|c| c == Component::ParentDir) {
                Some(format!(
                    "`{shown}` leaves the book (`..`): only folders inside it are shared"
                ))
            } else if normal.as_os_str().is_empty() {
                Some(format!(
                    "`{shown}` is the book root, which holds `.git`, `.env` and the cache: name the folders to share"
                ))
            } else if normal
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            {
                Some(format!("`{shown}` is a dot-folder, which diagrams never read"))
            } else if !cache.is_absolute() && cache.starts_with(&normal) {
                Some(format!(
                    "`{shown}` holds the diagram cache (`{}`), which diagrams never read",
                    cache.display()
                ))
            } else {
                None
            };
            if let Some(why) = why {
                return Err(InvalidValue::new("include-dirs", why));
            }
        }
        Ok(())
    }
}

/// Why `dir` cannot hold the cache: the cache writes and prunes files in its
/// folder, so it is a folder of its own inside the book, or an absolute
/// folder that is not the root of a file system.
fn cache_dir_problem(dir: &Path) -> Option<String> {
    const USE: &str = "use a folder of its own, such as `.handbook-cache/diagrams` (the default)";
    if dir.as_os_str().is_empty() {
        return Some(format!("must name a folder, found \"\": {USE}"));
    }
    let shown = dir.display();
    if dir.is_absolute() {
        return dir
            .parent()
            .is_none()
            .then(|| format!("`{shown}` is the root of the file system: {USE}"));
    }
    // Relative: inside the book, and not the book's own folder.
    let mut depth = 0usize;
    for part in dir.components() {
        match part {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir if depth > 0 => depth -= 1,
            // `..` out of the book, or a Windows drive prefix / root without the rest of an absolute path.
            _ => {
                return Some(format!(
                    "`{shown}` leads outside the book: use a folder inside the book, or an absolute path"
                ));
            }
        }
    }
    (depth == 0).then(|| format!("`{shown}` is the book's own folder: {USE}"))
}

/// `.` and `..` applied to the text of a path, without touching the disk.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeout_of_zero_is_a_config_error_naming_the_key() {
        let config = serde_json::json!({"preprocessor": {"handbook": {"diagrams": {"timeout": 0}}}});
        let err = handbook_core::config::load::<DiagramsConfig>(&config, "diagrams")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "book.toml: error[config]: [preprocessor.handbook.diagrams] key `timeout`: must be at least 1 (seconds), found 0"
        );
    }

    #[test]
    fn include_dirs_are_folders_inside_the_book_that_share_nothing_private() {
        let load = |dirs: serde_json::Value| {
            let config = serde_json::json!({"preprocessor": {"handbook": {"diagrams": {"include-dirs": dirs}}}});
            handbook_core::config::load::<DiagramsConfig>(&config, "diagrams").map_err(|e| e.to_string())
        };
        assert!(load(serde_json::json!(["shared", "docs/puml"])).is_ok());
        for (dir, says) in [
            ("/etc", "relative to the book root"),
            ("../up", "leaves the book"),
            (".", "is the book root"),
            ("a/..", "leaves the book"),
            ("shared/.git", "dot-folder"),
            (".handbook-cache", "dot-folder"),
            ("", "is the book root"),
        ] {
            let err = load(serde_json::json!([dir])).err().unwrap_or_default();
            assert!(err.contains("key `include-dirs`") && err.contains(says), "{dir}: {err}");
        }
        let config = serde_json::json!({"preprocessor": {"handbook": {"diagrams": {"include-dirs": ["build"], "cache-dir": "build/cache"}}}});
        let err = handbook_core::config::load::<DiagramsConfig>(&config, "diagrams").map_err(|e| e.to_string());
        assert!(
            err.as_ref().is_err_and(|e| e.contains("holds the diagram cache")),
            "{err:?}"
        );
    }

    #[test]
    fn timeouts_and_cache_folders_are_bounded() {
        let error = |set: serde_json::Value| {
            let config = serde_json::json!({"preprocessor": {"handbook": {"diagrams": set}}});
            handbook_core::config::load::<DiagramsConfig>(&config, "diagrams")
                .err()
                .map(|e| e.to_string())
        };
        assert_eq!(
            error(serde_json::json!({"timeout": 601})).as_deref(),
            Some(
                "book.toml: error[config]: [preprocessor.handbook.diagrams] key `timeout`: must be at most 600 (seconds, ten minutes), found 601"
            )
        );
        assert_eq!(error(serde_json::json!({"timeout": 600})), None);
        for (dir, why) in [
            ("", "must name a folder, found \"\""),
            ("/", "`/` is the root of the file system"),
            (".", "`.` is the book's own folder"),
            ("cache/..", "`cache/..` is the book's own folder"),
            ("../shared", "`../shared` leads outside the book"),
            ("a/../../b", "`a/../../b` leads outside the book"),
        ] {
            let said = error(serde_json::json!({"cache-dir": dir})).unwrap_or_default();
            assert!(
                said.starts_with("book.toml: error[config]: [preprocessor.handbook.diagrams] key `cache-dir`: ")
                    && said.contains(why),
                "{dir}: {said}"
            );
        }
        for fine in [".handbook-cache/diagrams", "./cache", "a/../b", "/var/cache/handbook"] {
            assert_eq!(error(serde_json::json!({"cache-dir": fine})), None, "{fine}");
        }
    }

    #[test]
    fn a_cache_dir_that_serve_watches_is_found() {
        let book = serde_json::json!({"book": {"src": "docs"}, "build": {"extra-watch-dirs": ["data"]}});
        let with = |dir: &str| DiagramsConfig {
            cache_dir: Some(PathBuf::from(dir)),
            ..DiagramsConfig::default()
        };
        let root = Path::new("/book");
        assert_eq!(DiagramsConfig::default().cache_dir_watched_by_serve(root, &book), None);
        assert_eq!(
            with("src/cache").cache_dir_watched_by_serve(root, &book),
            None,
            "src is not this book's"
        );
        for (dir, watched) in [
            ("docs/.cache", "/book/docs"),
            ("./theme/x", "/book/theme"),
            ("data", "/book/data"),
            ("x/../docs", "/book/docs"),
            ("/book/docs/c", "/book/docs"),
        ] {
            assert_eq!(
                with(dir).cache_dir_watched_by_serve(root, &book),
                Some(PathBuf::from(watched)),
                "{dir}"
            );
        }
    }
}

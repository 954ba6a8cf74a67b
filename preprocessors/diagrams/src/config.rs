//! `[preprocessor.handbook-diagrams]` keys.

use serde::Deserialize;
use std::path::PathBuf;
use std::time::Duration;

/// What to do when a kind's program (dot, plantuml, d2) is not installed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnMissing {
    /// Fail the build with an error naming the program and how to install it.
    #[default]
    Error,
    /// Keep the code block, add a visible "not rendered" note, warn once.
    Keep,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DiagramsConfig {
    /// Cache folder, relative to the book root. Default `.handbook-cache/diagrams`:
    /// outside `src/`, so `mdbook serve` never rebuilds on the suite's own writes.
    pub cache_dir: Option<PathBuf>,
    pub on_missing: OnMissing,
    /// Seconds one program run may take before it is killed (default 30).
    pub timeout: Option<u64>,
    /// The Graphviz program (default `dot` on PATH).
    pub dot: Option<String>,
    /// The PlantUML program (default `plantuml` on PATH).
    pub plantuml: Option<String>,
    /// The D2 program (default `d2` on PATH).
    pub d2: Option<String>,
}

impl DiagramsConfig {
    pub fn cache_dir(&self) -> PathBuf {
        self.cache_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(".handbook-cache/diagrams"))
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout.unwrap_or(30).max(1))
    }
}

//! `[preprocessor.handbook.c4]`: where the workspace is.

use handbook_core::config::{InvalidValue, PreprocessorConfig};
use serde::{Deserialize, Serialize};
use std::path::{Component, Path};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct C4Config {
    /// The Structurizr DSL file, relative to the book root and inside it.
    pub workspace: Option<String>,
}

impl PreprocessorConfig for C4Config {
    fn validate(&self) -> Result<(), InvalidValue> {
        let Some(path) = &self.workspace else {
            return Ok(());
        };
        let p = Path::new(path);
        if p.is_absolute() || path.starts_with('/') || p.components().any(|c| matches!(c, Component::ParentDir)) {
            return Err(InvalidValue::new(
                "workspace",
                format!("`{path}` is not inside the book: write a path relative to the book root, with no `..`"),
            ));
        }
        if !path.to_ascii_lowercase().ends_with(".dsl") {
            return Err(InvalidValue::new(
                "workspace",
                format!("`{path}` is not a Structurizr DSL file (`.dsl`)"),
            ));
        }
        Ok(())
    }
}

//! A glossary kept as data: `terms` entries in a TOML or YAML file next to
//! book.toml. The path must stay inside the book root.

use crate::config::{LinkMode, TermOptions};
use handbook_core::html::RefusedUrl;
use handbook_core::markdown::{self, escape_text as markdown_text};
use handbook_core::pulldown_cmark::Event;
use handbook_core::{Splice, apply_splices};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    terms: Vec<FileTerm>,
}

/// One entry of the file: one or several names sharing a definition.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileTerm {
    pub name: Names,
    /// Markdown; raw HTML in it is shown as text, never as markup.
    pub definition: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub case_sensitive: Option<bool>,
    #[serde(default)]
    pub plurals: Option<bool>,
    #[serde(default)]
    pub link: Option<LinkMode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Names {
    One(String),
    Many(Vec<String>),
}

impl FileTerm {
    pub fn names(&self) -> Vec<String> {
        match &self.name {
            Names::One(n) => vec![n.clone()],
            Names::Many(ns) => ns.clone(),
        }
    }

    pub fn options(&self) -> TermOptions {
        TermOptions {
            aliases: self.aliases.clone(),
            case_sensitive: self.case_sensitive,
            plurals: self.plurals,
            link: self.link,
        }
    }
}

/// Resolves `file` against the book root, refusing any path that leaves the
/// root (absolute, by `..` or through a symlink) and a file that cannot be read.
pub fn resolve(root: &Path, file: &str) -> Result<PathBuf, String> {
    let real = handbook_core::paths::inside(root, Path::new(file))
        .map_err(|_| format!("`{file}` leads outside the book root"))?;
    std::fs::metadata(&real).map_err(|e| format!("cannot read `{file}`: {e}"))?;
    Ok(real)
}

/// The definition's raw HTML (blocks and inline) with `<` escaped, so it shows as text,
/// and each link or image whose target `html::safe_url` refuses shown as
/// written text; the refused ones are returned for the diagnostic.
pub fn without_raw_html(definition: &str) -> (String, Vec<RefusedUrl>) {
    let events: Vec<_> = markdown::parse(definition, &Default::default()).collect();
    let (script_links, refused): (Vec<std::ops::Range<usize>>, Vec<RefusedUrl>) =
        markdown::refused_links(definition, &Default::default())
            .into_iter()
            .unzip();
    let inside_script_link =
        |r: &std::ops::Range<usize>| script_links.iter().any(|l| l.start <= r.start && r.end <= l.end);
    let splices: Vec<Splice> = events
        .iter()
        .filter(|(e, r)| matches!(e, Event::Html(_) | Event::InlineHtml(_)) && !inside_script_link(r))
        .map(|(_, r)| {
            Splice::new(
                r.clone(),
                definition[r.clone()].replace('&', "&amp;").replace('<', "&lt;"),
            )
        })
        .chain(
            script_links
                .iter()
                .map(|r| Splice::new(r.clone(), markdown_text(&definition[r.clone()]))),
        )
        .collect();
    let text = apply_splices(definition, &splices).unwrap_or_else(|_| markdown_text(definition));
    (text, refused)
}

/// Parses the file by its extension (`.toml`, `.yaml`, `.yml`).
pub fn parse(path: &Path, text: &str) -> Result<Vec<FileTerm>, String> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    let parsed: GlossaryFile = match extension.to_ascii_lowercase().as_str() {
        "toml" => toml::from_str(text).map_err(|e| one_line(&e.to_string()))?,
        "yaml" | "yml" => serde_saphyr::from_str(text).map_err(|e| one_line(&e.to_string()))?,
        other => {
            return Err(format!(
                "unknown glossary file type `.{other}`: use .toml, .yaml or .yml"
            ));
        }
    };
    Ok(parsed.terms)
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_yaml_give_the_same_terms() {
        let toml = "[[terms]]\nname = \"API\"\ndefinition = \"Application <b>programming</b> interface.\"\naliases = [\"APIs\"]\n\n\
                    [[terms]]\nname = [\"RPS\", \"Requests per second\"]\ndefinition = \"Load.\"\ncase-sensitive = false\n";
        let yaml = "terms:\n  - name: API\n    definition: Application <b>programming</b> interface.\n    aliases: [APIs]\n  \
                    - name: [RPS, Requests per second]\n    definition: Load.\n    case-sensitive: false\n";
        let a = parse(Path::new("g.toml"), toml).unwrap();
        let b = parse(Path::new("g.yml"), yaml).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[1].names(), ["RPS", "Requests per second"]);
        assert_eq!(a[1].options().case_sensitive, Some(false));
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        let err = parse(Path::new("g.toml"), "[[terms]]\nname = \"A\"\n")
            .err()
            .unwrap_or_default();
        assert!(err.contains("definition"), "{err}");
        let err = parse(Path::new("g.yaml"), "terms:\n  - name: A\n    definiton: x\n")
            .err()
            .unwrap_or_default();
        assert!(err.contains("definiton"), "{err}");
        assert!(parse(Path::new("g.json"), "{}").is_err());
    }

    #[test]
    fn file_definitions_cannot_inject_markup() {
        assert_eq!(
            without_raw_html("Use <script>alert(1)</script> & `<b>`").0,
            "Use &lt;script>alert(1)&lt;/script> & `<b>`"
        );
        assert_eq!(
            without_raw_html("A [link](javascript:alert(1)) and <javascript:x> and [ok](https://x.invalid/)").0,
            "A \\[link\\](javascript:alert(1)) and \\<javascript:x\\> and [ok](https://x.invalid/)"
        );
        // Spellings a browser reads as script are refused too.
        let (text, refused) =
            without_raw_html("[a](&#0000000106;avascript:x) [b](java&Tab;script:x) [c](data:image/svg+xml,x)");
        assert_eq!(refused.len(), 3, "{text}");
        assert!(
            text.contains("\\[a\\]") && text.contains("\\[b\\]") && text.contains("\\[c\\]"),
            "{text}"
        );
    }

    #[test]
    fn paths_must_stay_inside_the_root() {
        let root = std::env::temp_dir();
        assert!(resolve(&root, "../etc/passwd").is_err());
        assert!(resolve(&root, "/etc/passwd").is_err());
        assert!(resolve(&root, "no-such-glossary-file.toml").is_err());
    }
}

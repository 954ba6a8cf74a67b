//! Which chapters are ADRs: those in a decision folder (by name, matched
//! against the end of the chapter's folder, or by glob over its source path),
//! except the folder's index and templates.

use handbook_core::glob::{BadGlob, GlobList};
use std::path::Path;

pub struct Folders {
    /// Folder names as path components: `docs/adr` → `["docs", "adr"]`.
    names: Vec<Vec<String>>,
    /// The entries with glob characters, over the whole source path.
    globs: GlobList,
}

/// An entry of `folders` is a glob when it has one of these; else a folder name.
fn is_glob(entry: &str) -> bool {
    entry.contains(['*', '?', '[', '{'])
}

impl Folders {
    /// The folders of a config `validate` accepted (a bad glob matches nothing).
    pub fn new(configured: &[String]) -> Folders {
        Folders::checked(configured).unwrap_or_else(|_| Folders {
            names: Vec::new(),
            globs: GlobList::default(),
        })
    }

    /// The folders, or the first entry that is not a glob.
    pub fn checked(configured: &[String]) -> Result<Folders, BadGlob> {
        let split = |p: &str| -> Vec<String> {
            p.split('/')
                .filter(|s| !s.is_empty() && *s != ".")
                .map(str::to_owned)
                .collect()
        };
        let (globs, names): (Vec<&String>, Vec<&String>) = configured.iter().partition(|f| is_glob(f));
        // Folder names match without regard to ASCII case: on macOS and Windows
        // `Decisions/` and `decisions/` are one folder, and SUMMARY.md may spell it either way.
        let lower = |parts: Vec<String>| parts.into_iter().map(|p| p.to_ascii_lowercase()).collect::<Vec<_>>();
        Ok(Folders {
            names: names
                .iter()
                .map(|n| lower(split(n)))
                .filter(|n| !n.is_empty())
                .collect(),
            globs: GlobList::new(&globs)?,
        })
    }

    /// True for any file of one of the folders, decision or not (an index, a template).
    pub fn contains(&self, source_path: &Path) -> bool {
        let dir: Vec<String> = source_path
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .map(|c| c.as_os_str().to_string_lossy().to_ascii_lowercase())
            .collect();
        self.names.iter().any(|n| dir.ends_with(n)) || self.globs.matches(source_path)
    }

    /// True for a chapter file that may hold a decision.
    pub fn holds(&self, source_path: &Path) -> bool {
        let parts: Vec<String> = source_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let Some((file, dir)) = parts.split_last() else {
            return false;
        };
        if !is_decision_file(file) {
            return false;
        }
        let dir: Vec<String> = dir.iter().map(|p| p.to_ascii_lowercase()).collect();
        self.names.iter().any(|n| dir.ends_with(n)) || self.globs.matches(source_path)
    }
}

/// Index pages and templates live in ADR folders but are not decisions.
/// Both are told by the whole file name, never by a part of it: a decision may
/// well be `0039-use-apache-velocity-as-template-engine.md`.
pub fn is_decision_file(file: &str) -> bool {
    let lower = file.to_lowercase();
    let Some(stem) = lower.strip_suffix(".md") else {
        return false;
    };
    !matches!(stem, "readme" | "index" | "_index" | "summary" | "toc") && !is_template_name(stem)
}

/// A folder's own ADR template (`template.md`, `0000-template.md`), which
/// `adr new` fills in when the folder has one.
pub fn is_template_file(file: &str) -> bool {
    file.to_lowercase().strip_suffix(".md").is_some_and(is_template_name)
}

/// Template names seen in real ADR folders: `template`, `adr-template`,
/// `0000-template`, `template-madr`, `decision-record-template`, French
/// `0000-modele-adr`. A numbered name other than 0 is a decision.
fn is_template_name(stem: &str) -> bool {
    const WORDS: &[&str] = &["template", "modele", "modèle", "vorlage", "plantilla", "skeleton"];
    let rest = stem
        .strip_prefix("adr")
        .filter(|r| r.starts_with(['-', '_']) || r.is_empty())
        .map_or(stem, |r| r.trim_start_matches(['-', '_']));
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && rest[..digits].bytes().any(|b| b != b'0') {
        return false;
    }
    let words: Vec<&str> = rest[digits..]
        .split(['-', '_', '.', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [] => false,
        [only] => WORDS.contains(only),
        // `template-madr`, `adr-template`, `decision-record-template`, `modele-adr`.
        [first, .., last] => words.len() <= 3 && (WORDS.contains(first) || WORDS.contains(last)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_matches_whatever_its_case() {
        let folders = Folders::new(&["decisions".to_owned(), "docs/ADR".to_owned()]);
        assert!(folders.holds(Path::new("Decisions/0001-x.md")));
        assert!(folders.holds(Path::new("decisions/0001-x.md")));
        assert!(folders.holds(Path::new("Docs/adr/0002-y.md")));
        assert!(!folders.holds(Path::new("decision/0001-x.md")));
    }

    fn folders(list: &[&str]) -> Folders {
        Folders::new(&list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn names_match_the_end_of_the_folder() {
        let f = folders(&["adr", "docs/adr", "decisions"]);
        assert!(f.holds(Path::new("adr/0001-x.md")));
        assert!(f.holds(Path::new("team/docs/adr/0001-x.md")));
        assert!(f.holds(Path::new("decisions/20200101-x.md")));
        assert!(!f.holds(Path::new("decisions/README.md")));
        assert!(!f.holds(Path::new("adr/template.md")));
        assert!(f.holds(Path::new("adr/0039-use-apache-velocity-as-template-engine.md")));
        assert!(f.holds(Path::new("adr/adr-014-project-templates.md")));
        assert!(!f.holds(Path::new("adrx/0001-x.md")));
        assert!(!f.holds(Path::new("0001-x.md")));
    }

    #[test]
    fn templates_and_indexes_by_whole_name() {
        for name in [
            "template.md",
            "adr-template.md",
            "0000-template.md",
            "template-madr.md",
            "decision-record-template.md",
            "0000-modele-adr.md",
            "ADR-TEMPLATE.md",
            "ADR_TEMPLATE.md",
            "000-ADR-template.md",
            "adr000-template.md",
            "0000-template-record-decision.md",
            "README.md",
            "index.md",
        ] {
            assert!(!is_decision_file(name), "{name}");
        }
        for name in [
            "0039-use-apache-velocity-as-template-engine.md",
            "0012-remove-template.md",
            "adr-014-project-templates.md",
            "0001-index-pages.md",
            "templates-for-emails.md",
        ] {
            assert!(is_decision_file(name), "{name}");
        }
    }

    #[test]
    fn globs_over_the_source_path() {
        let f = folders(&["services/*/adr/*.md", "**/records/*.md"]);
        assert!(f.holds(Path::new("services/pay/adr/0001-x.md")));
        assert!(f.holds(Path::new("a/b/records/x.md")));
        assert!(f.holds(Path::new("records/x.md")));
        assert!(!f.holds(Path::new("services/pay/other/0001-x.md")));
        assert_eq!(
            Folders::checked(&["adr".to_owned(), "x/**y".to_owned()])
                .err()
                .unwrap()
                .pattern,
            "x/**y"
        );
    }
}

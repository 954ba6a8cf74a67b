//! Page metadata: front matter and the bold header block, read the same way
//! by every suite preprocessor.

pub mod front_matter;
pub mod header_block;

pub use front_matter::{FrontMatter, FrontMatterFormat, FrontMatterScan};
pub use header_block::{BlockPosition, HeaderBlock, HeaderField, normalize_key};

use serde_json::Value;

/// Everything a page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    pub front_matter: Option<FrontMatter>,
    pub header: Option<HeaderBlock>,
}

impl PageMeta {
    /// Reads a chapter's metadata: the front matter the core took off its
    /// text, and the header block at the top of the text. Malformed front
    /// matter is absent here; the core reports it once per build.
    pub fn read(chapter: &crate::book::Chapter) -> PageMeta {
        PageMeta {
            front_matter: chapter.front_matter().cloned(),
            header: header_block::scan_top(&chapter.content),
        }
    }

    /// A field as text, front matter first, then the header block. Keys are
    /// compared normalized (`Next Review`, `next_review`, `next-review`).
    pub fn text(&self, key: &str) -> Option<String> {
        let key = normalize_key(key);
        if let Some(fm) = &self.front_matter
            && let Some(value) = fm.fields.iter().find(|(k, _)| normalize_key(k) == key).map(|(_, v)| v)
        {
            return value_text(value);
        }
        self.header
            .as_ref()
            .and_then(|h| h.fields.iter().find(|f| f.key == key))
            .map(|f| f.value.clone())
    }
}

/// Scalars as written; lists joined with `, `; tables have no text form.
pub fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => Some(items.iter().filter_map(value_text).collect::<Vec<_>>().join(", ")),
        Value::Null | Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_wins_over_header_block() {
        let meta = PageMeta::read(&crate::book::Chapter::synthetic(
            "p",
            "p.md",
            "---\nstatus: draft\nowners: [a, b]\n---\n# T\n\n**Status**: Accepted\n**Next Review**: 2025-01-01\n",
        ));
        assert_eq!(meta.text("Status").as_deref(), Some("draft"));
        assert_eq!(meta.text("owners").as_deref(), Some("a, b"));
        assert_eq!(meta.text("next_review").as_deref(), Some("2025-01-01"));
        assert_eq!(meta.text("missing"), None);
    }
}

//! What `mdbook-handbook check` says the suite read: each glossary's terms,
//! and the front matter keys no configured capability reads, with the
//! number of pages carrying each, so a team sees at once what is ignored.

use handbook_core::meta::normalize_key;
use handbook_core::protocol::Context;
use handbook_core::{Chapter, Diagnostic, Level};
use serde_json::Value;
use std::collections::BTreeMap;

/// Whether the capability `name` reads a page's front matter key (normalized).
fn reads(name: &str, config: &Value, key: &str) -> bool {
    let _ = (config, key);
    match name {
        #[cfg(feature = "adr")]
        "adr" => handbook_adr::scan::reads_key(key),
        #[cfg(feature = "status")]
        "status" => handbook_status::reads_key(config, key),
        #[cfg(feature = "changelog")]
        "changelog" => handbook_changelog::reads_key(key),
        #[cfg(feature = "glossary")]
        "glossary" => handbook_glossary::reads_key(key),
        #[cfg(feature = "drift")]
        "drift" => handbook_drift::reads_key(key),
        #[cfg(feature = "c4")]
        "c4" => key == handbook_c4::scan::ELEMENT_KEY,
        _ => false,
    }
}

/// Info lines: each glossary's terms (when glossary runs), then one line per unread key.
pub fn report(ctx: &Context, chapters: &[Chapter], running: &[&str]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    #[cfg(feature = "glossary")]
    if running.contains(&"glossary") {
        out.extend(handbook_glossary::describe(ctx, chapters));
    }
    // Key -> (pages carrying it, the first page's path).
    let mut unread: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for chapter in chapters.iter().filter(|c| !c.is_draft()) {
        let Some(fm) = chapter.front_matter() else { continue };
        for key in fm.fields.keys() {
            let normalized = normalize_key(key);
            if running.iter().any(|name| reads(name, &ctx.config, &normalized)) {
                continue;
            }
            let path = ctx.display_path(chapter).display().to_string();
            unread.entry(key.clone()).or_insert((0, path)).0 += 1;
        }
    }
    let readers = if running.is_empty() {
        "no suite preprocessor is configured".to_owned()
    } else {
        format!("read by none of {}", running.join(", "))
    };
    let mut keys: Vec<_> = unread.into_iter().collect();
    keys.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    for (key, (pages, first)) in keys {
        let pages = if pages == 1 {
            "1 page".to_owned()
        } else {
            format!("{pages} pages")
        };
        out.push(
            Diagnostic::new(
                Level::Info,
                "front-matter-unread",
                format!("front matter key `{key}` on {pages} is {readers}"),
            )
            .in_file(first),
        );
    }
    out
}

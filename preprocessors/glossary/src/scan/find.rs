//! Where a book's glossaries are: the configured chapter, else every
//! chapter named glossary (its file, `glossary.md` in any case, or its
//! title in SUMMARY.md), and a section headed "Glossary" (or `section`) on
//! any other page. Without `section`, such a section is used only when the
//! book has exactly one and no glossary chapter, since a heading alone is
//! weak evidence; with `section` every page's is. A page uses the nearest
//! glossary up its folder tree.

use crate::config::GlossaryConfig;
use aho_corasick::AhoCorasick;
use handbook_core::outline::Outline;
use handbook_core::protocol::Context;
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use std::ops::Range;
use std::path::Path;

/// Section headings read as a glossary without configuration (compared
/// without case, numbering such as `12.` or `A.1`, or a trailing colon).
pub const SECTION_NAMES: &[&str] = &[
    "glossary",
    "glossar",
    "glossaire",
    "glosario",
    "glossario",
    "glossarium",
];

/// A glossary region: where entries are read, and the level of the heading
/// that opened it (1 for a whole page: its `#` title is never a term).
#[derive(Debug, Clone)]
pub struct Region {
    pub range: Range<usize>,
    pub base_level: usize,
}

/// One glossary found on a page.
#[derive(Debug)]
pub struct Found {
    pub chapter: usize,
    pub region: Region,
    /// The section's heading line, or 1 for a whole page.
    pub line: usize,
}

/// Every glossary of the book, in book order.
pub fn glossaries(
    ctx: &Context,
    config: &GlossaryConfig,
    chapters: &[Chapter],
    diagnostics: &mut Diagnostics,
) -> Vec<Found> {
    let names: Vec<String> = match &config.section {
        Some(name) => vec![heading_key(name)],
        None => SECTION_NAMES.iter().map(|s| (*s).to_owned()).collect(),
    };
    let source = |c: &Chapter| c.source_path.as_deref().map(handbook_core::platform::slashed);
    let whole_or_section = |i: usize| {
        let text = &chapters[i].content;
        section(chapters[i].outline(&ctx.markdown), text.len(), &names).unwrap_or(Found {
            chapter: i,
            region: Region {
                range: 0..text.len(),
                base_level: 1,
            },
            line: 1,
        })
    };
    let mut found: Vec<Found> = Vec::new();
    if let Some(wanted) = &config.chapter {
        let wanted = wanted.trim_start_matches("./").trim_start_matches("src/");
        match chapters
            .iter()
            .position(|c| !c.is_draft() && source(c).as_deref() == Some(wanted))
        {
            Some(i) => found.push(Found {
                chapter: i,
                ..whole_or_section(i)
            }),
            None => diagnostics.push(missing(ctx, config, &format!("no chapter `{wanted}` in SUMMARY.md"))),
        }
        return found;
    }
    let mut sections: Vec<Found> = Vec::new();
    let mentions = Mentions::new(&names);
    for (i, chapter) in chapters.iter().enumerate().filter(|(_, c)| !c.is_draft()) {
        if is_glossary_chapter(chapter) {
            found.push(Found {
                chapter: i,
                ..whole_or_section(i)
            });
        } else if mentions.in_text(&chapter.content)
            && let Some(s) = section(chapter.outline(&ctx.markdown), chapter.content.len(), &names)
        {
            sections.push(Found { chapter: i, ..s });
        }
    }
    // A chapter of its own is the book's glossary: a heading inside another page is weaker evidence.
    let has_chapter = !found.is_empty();
    if config.section.is_some() || (sections.len() == 1 && !has_chapter) {
        found.extend(sections);
    } else if sections.len() > 1 && !has_chapter {
        let pages: Vec<String> = sections
            .iter()
            .map(|s| format!("{}:{}", ctx.display_path(&chapters[s.chapter]).display(), s.line))
            .collect();
        diagnostics.push(
            Diagnostic::new(
                Level::Warning,
                "glossary-ambiguous",
                format!(
                    "{} pages have a section headed like a glossary ({}); none is used until `section` in \
                     [preprocessor.handbook.glossary] names the heading, which makes each a glossary",
                    sections.len(),
                    pages.join(", ")
                ),
            )
            .in_file(ctx.src_dir().join("SUMMARY.md")),
        );
    }
    found.sort_by_key(|f| f.chapter);
    if found.is_empty() && config.file.is_none() && explicit(ctx) {
        diagnostics.push(missing(
            ctx,
            config,
            "no chapter `glossary.md`, no section headed `Glossary` and no `file` configured",
        ));
    }
    found
}

/// A chapter that is a glossary by name: its file (`glossary.md`,
/// `Glossary.md`, `GLOSSAR.md`, in any case) or its title in SUMMARY.md
/// (`[Glossary](terms.md)`, `[12. Glossar](x.md)`).
fn is_glossary_chapter(chapter: &Chapter) -> bool {
    let named = |key: &str| SECTION_NAMES.contains(&key);
    let file = chapter
        .source_path
        .as_deref()
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")))
        .and_then(Path::file_stem)
        .is_some_and(|stem| named(&stem.to_string_lossy().to_lowercase()));
    file || named(&heading_key(&chapter.name))
}

fn missing(ctx: &Context, config: &GlossaryConfig, what: &str) -> Diagnostic {
    let consequence = if config.file.is_some() {
        "terms get tooltips but no links"
    } else {
        "there is no glossary to link to"
    };
    Diagnostic::new(Level::Warning, "glossary-missing", format!("{what}: {consequence}"))
        .in_file(ctx.src_dir().join("SUMMARY.md"))
}

/// The book's table names a glossary setting, not only how to run the preprocessor:
/// then a book with no glossary is a mistake worth a warning, else it is silence.
fn explicit(ctx: &Context) -> bool {
    const RUN_KEYS: &[&str] = &["command", "after", "before", "renderers", "optional"];
    ctx.config
        .pointer("/preprocessor/handbook/glossary")
        .and_then(|t| t.as_object())
        .is_some_and(|t| t.keys().any(|k| !RUN_KEYS.contains(&k.as_str())))
}

/// A cheap test before parsing a page for its headings.
/// Whether any of `names` (lowercase) occurs in `text`, in any case: the
/// cheap test before a page is parsed for a glossary heading.
struct Mentions {
    /// ASCII names (every default one) are found without lowercasing the page.
    ascii: Option<AhoCorasick>,
    names: Vec<String>,
}

impl Mentions {
    fn new(names: &[String]) -> Mentions {
        let ascii = names
            .iter()
            .all(|n| n.is_ascii())
            .then(|| AhoCorasick::builder().ascii_case_insensitive(true).build(names).ok())
            .flatten();
        Mentions {
            ascii,
            names: names.to_vec(),
        }
    }

    fn in_text(&self, text: &str) -> bool {
        match &self.ascii {
            Some(matcher) => matcher.is_match(text),
            None => {
                let lower = text.to_lowercase();
                self.names.iter().any(|n| lower.contains(n.as_str()))
            }
        }
    }
}

/// Heading text as compared with section names: lowercase, without a
/// leading number (`12.`, `A.1`, `3)`) or a trailing colon.
pub fn heading_key(heading: &str) -> String {
    let words: Vec<&str> = heading.split_whitespace().collect();
    let numbering = |w: &str| {
        w.chars().any(|c| c.is_ascii_digit() || c == '.' || c == ')')
            && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == ')')
            && w.chars().filter(|c| c.is_ascii_alphabetic()).count() <= 1
    };
    let rest = match words.first() {
        Some(w) if words.len() > 1 && numbering(w) => &words[1..],
        _ => &words[..],
    };
    rest.join(" ").trim_end_matches(':').trim().to_lowercase()
}

/// The first section headed by one of `names`: from its heading to the next
/// heading of the same or a higher level (read from the outline's headings).
fn section(outline: &Outline, text_len: usize, names: &[String]) -> Option<Found> {
    let at = outline
        .headings
        .iter()
        .position(|h| names.contains(&heading_key(&h.text)))?;
    let heading = outline.headings.get(at)?;
    let base = usize::from(heading.level);
    let end = outline
        .headings
        .get(at + 1..)
        .unwrap_or_default()
        .iter()
        .find(|h| usize::from(h.level) <= base)
        .map_or(text_len, |h| h.range.start);
    Some(region(heading.range.end..end, base, heading.line))
}

fn region(range: Range<usize>, base_level: usize, line: usize) -> Found {
    Found {
        chapter: 0,
        region: Region { range, base_level },
        line,
    }
}

/// A chapter's folder inside `src`, `/`-separated (empty at the top).
pub fn folder(chapter: &Chapter) -> String {
    chapter
        .source_path
        .as_deref()
        .and_then(Path::parent)
        .map(handbook_core::platform::slashed)
        .unwrap_or_default()
}

/// The glossary a page uses: its own, else the nearest up its folder
/// tree, else the book's first. `folders[g]` and `chapters[g]` describe glossary g.
pub fn glossary_for(page_chapter: usize, page_folder: &str, glossaries: &[(usize, String)]) -> Option<usize> {
    if let Some(own) = glossaries.iter().position(|(c, _)| *c == page_chapter) {
        return Some(own);
    }
    let contains = |folder: &str| {
        folder.is_empty()
            || page_folder == folder
            || page_folder
                .strip_prefix(folder)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    glossaries
        .iter()
        .enumerate()
        .filter(|(_, (_, folder))| contains(folder))
        .max_by_key(|(g, (_, folder))| (folder.len(), std::cmp::Reverse(*g)))
        .map(|(g, _)| g)
        .or((!glossaries.is_empty()).then_some(0))
}

/// A page's `glossary: part-2/glossary.md` front matter (a path inside `src`,
/// or relative to the page): that page's glossary, over the folder rule.
/// A path that names no glossary is a warning, and the folder rule applies.
pub fn chosen_in_front_matter(
    ctx: &Context,
    chapter: &Chapter,
    chapters: &[Chapter],
    glossaries: &[(usize, String)],
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let fm = chapter.front_matter()?;
    let (key, value) = fm
        .fields
        .iter()
        .find(|(k, _)| handbook_core::meta::normalize_key(k) == "glossary")?;
    let wanted = handbook_core::meta::value_text(value)?;
    let wanted = wanted.trim().trim_start_matches("./");
    let here = folder(chapter);
    // Relative to the page's folder; a path that climbs out of the book names no glossary.
    let relative = handbook_core::paths::lexical(&std::path::Path::new(&here).join(wanted))
        .map(|p| handbook_core::platform::slashed(&p));
    let source = |c: &Chapter| c.source_path.as_deref().map(handbook_core::platform::slashed);
    let found = glossaries.iter().position(|(c, _)| {
        chapters
            .get(*c)
            .and_then(source)
            .is_some_and(|s| s == wanted || relative.as_deref() == Some(s.as_str()))
    });
    if found.is_none() {
        let line = fm.key_line(key);
        diagnostics.push(
            Diagnostic::new(
                Level::Warning,
                "glossary-unknown-glossary",
                format!(
                    "`{key}: {wanted}` names no glossary of this book; the page uses the nearest one up its folders"
                ),
            )
            .at(ctx.display_path(chapter), line)
            .counting_front_matter(),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_keys_drop_numbering() {
        assert_eq!(heading_key("12. Glossary"), "glossary");
        assert_eq!(heading_key("A.1 Glossar:"), "glossar");
        assert_eq!(heading_key("Glossary"), "glossary");
        assert_eq!(heading_key("Glossary of terms"), "glossary of terms");
        assert_eq!(heading_key("API Glossary"), "api glossary");
    }

    #[test]
    fn a_page_mentions_a_section_name_in_any_case() {
        let names: Vec<String> = SECTION_NAMES.iter().map(|s| (*s).to_owned()).collect();
        let mentions = Mentions::new(&names);
        assert!(mentions.in_text("## 4. GLOSSAIRE\n"));
        assert!(mentions.in_text("see the Glossary"));
        assert!(!mentions.in_text("# Architecture\n\nNo such heading.\n"));
        let accented = Mentions::new(&["begriffsklärung".to_owned()]);
        assert!(accented.ascii.is_none());
        assert!(accented.in_text("## BEGRIFFSKLÄRUNG\n"));
        assert!(!accented.in_text("## Begriffe\n"));
    }

    #[test]
    fn sections_end_at_the_next_heading_of_their_level() {
        let names = vec!["glossary".to_owned()];
        let text = "# Arch\n\n## 12. Glossary\n\n### TTL\n\nTime.\n\n## Next\n\nMore.\n";
        let outline = Outline::read(text, &handbook_core::markdown::MarkdownOptions::default());
        let f = section(&outline, text.len(), &names).map(|f| (f.region.range, f.region.base_level, f.line));
        let start = text.find("\n\n### TTL").unwrap_or(0) + 1;
        assert_eq!(f, Some((start..text.find("## Next").unwrap_or(0), 2, 3)));
    }

    #[test]
    fn nearest_glossary_up_the_folder_tree() {
        let g = vec![
            (0, String::new()),
            (5, "part-2".to_owned()),
            (9, "part-2/deep".to_owned()),
        ];
        assert_eq!(glossary_for(1, "", &g), Some(0));
        assert_eq!(glossary_for(6, "part-2", &g), Some(1));
        assert_eq!(glossary_for(7, "part-2/deep/x", &g), Some(2));
        assert_eq!(glossary_for(8, "part-20", &g), Some(0));
        assert_eq!(glossary_for(9, "elsewhere", &g), Some(2));
        assert_eq!(glossary_for(3, "x", &[(4, "part-1".to_owned())]), Some(0));
        assert_eq!(glossary_for(3, "x", &[]), None);
    }
}

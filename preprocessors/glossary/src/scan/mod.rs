//! The glossary model: entries from the glossary chapter and/or a file, the
//! terms they define and every spelling those terms are found by. Building
//! it never fails: problems become diagnostics and the entry stays on the page.

pub mod file;
pub mod page;
pub mod terms;

use crate::config::{GlossaryConfig, TermOptions};
use handbook_core::markdown;
use handbook_core::protocol::Context;
use handbook_core::pulldown_cmark::Event;
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use page::{PageEntry, PageList};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use terms::Form;

#[derive(Debug, Default)]
pub struct Glossary {
    pub terms: Vec<GlossaryTerm>,
    pub entries: Vec<GlossaryEntry>,
    pub page: Option<GlossaryPage>,
}

impl Glossary {
    /// The term a `{{#term NAME}}` means: a spelling as written, else ignoring case.
    pub fn resolve(&self, name: &str) -> Option<usize> {
        let name = page::collapse(name);
        let spells =
            |t: &GlossaryTerm, same: &dyn Fn(&str) -> bool| same(&t.name) || t.forms.iter().any(|f| same(&f.text));
        self.terms.iter().position(|t| spells(t, &|s| s == name)).or_else(|| {
            let lower = name.to_lowercase();
            self.terms
                .iter()
                .position(|t| spells(t, &|s| s.to_lowercase() == lower))
        })
    }
}

/// The chapter that shows the glossary; links point at its anchors.
#[derive(Debug)]
pub struct GlossaryPage {
    pub chapter: usize,
    /// The page's HTML path inside the book (`reference/glossary.html`).
    pub html: String,
    pub lists: Vec<PageList>,
}

/// One definition and the terms sharing it.
#[derive(Debug)]
pub struct GlossaryEntry {
    pub terms: Vec<usize>,
    /// Plain text, for tooltips.
    pub definition: String,
    pub origin: Origin,
}

#[derive(Debug)]
pub enum Origin {
    Page(PageEntry),
    /// From the glossary file: shown on the page by appending it.
    File {
        markdown: String,
    },
}

#[derive(Debug)]
pub struct GlossaryTerm {
    /// As written in the glossary.
    pub name: String,
    pub anchor: String,
    pub entry: usize,
    pub forms: Vec<Form>,
    /// Where the term is defined, for diagnostics.
    pub place: Place,
}

#[derive(Debug, Clone)]
pub struct Place {
    pub path: PathBuf,
    pub line: Option<usize>,
}

impl Place {
    pub fn diagnostic(&self, level: Level, code: &'static str, message: String) -> Diagnostic {
        let d = Diagnostic::new(level, code, message);
        match self.line {
            Some(line) => d.at(&self.path, line),
            None => d.in_file(&self.path),
        }
    }
}

/// Reads the glossary the config names (or `glossary.md`) and the glossary file.
pub fn load(ctx: &Context, config: &GlossaryConfig, chapters: &[Chapter], diagnostics: &mut Diagnostics) -> Glossary {
    let mut builder = Builder {
        glossary: Glossary::default(),
        config,
        seen: HashMap::new(),
        anchors: HashSet::new(),
        used_options: HashSet::new(),
    };
    if let Some(index) = find_page(ctx, config, chapters, diagnostics) {
        let chapter = &chapters[index];
        let (lists, entries) = page::read(&chapter.content, &ctx.markdown);
        let path = ctx.display_path(chapter);
        for entry in entries {
            let names = entry
                .titles
                .iter()
                .map(|t| {
                    (
                        t.text.clone(),
                        Place {
                            path: path.clone(),
                            line: Some(t.line),
                        },
                        None,
                    )
                })
                .collect();
            builder.add(names, entry.definition.clone(), Origin::Page(entry), diagnostics);
        }
        let html = chapter.path.as_deref().map(html_path).unwrap_or_default();
        builder.glossary.page = Some(GlossaryPage {
            chapter: index,
            html,
            lists,
        });
    }
    if let Some(file) = &config.file {
        let place = Place {
            path: PathBuf::from(file),
            line: None,
        };
        let read = file::resolve(&ctx.root, file).and_then(|full| {
            let text = std::fs::read_to_string(&full).map_err(|e| format!("cannot read `{file}`: {e}"))?;
            file::parse(&full, &text)
        });
        match read {
            Ok(terms) => {
                for term in terms {
                    let names = term
                        .names()
                        .into_iter()
                        .map(|n| (n, place.clone(), Some(term.options())))
                        .collect();
                    let definition = plain_text(&crate::render::without_raw_html(&term.definition), ctx);
                    let markdown = term.definition.clone();
                    builder.add(names, definition, Origin::File { markdown }, diagnostics);
                }
            }
            Err(message) => diagnostics.push(place.diagnostic(
                Level::Warning,
                "glossary-file",
                format!("{message}; its terms are not linked"),
            )),
        }
    }
    for name in config.terms.keys().filter(|k| !builder.used_options.contains(*k)) {
        diagnostics.push(
            Diagnostic::new(
                Level::Warning,
                "glossary-config",
                format!("[preprocessor.handbook-glossary.terms] names `{name}`, which no glossary entry defines"),
            )
            .in_file("book.toml"),
        );
    }
    builder.glossary
}

/// The configured chapter, else the first chapter whose file is `glossary.md`.
fn find_page(
    ctx: &Context,
    config: &GlossaryConfig,
    chapters: &[Chapter],
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let source = |c: &Chapter| c.source_path.as_deref().map(|p| p.to_string_lossy().replace('\\', "/"));
    let found = match &config.chapter {
        Some(wanted) => {
            let wanted = wanted.trim_start_matches("./").trim_start_matches("src/");
            chapters
                .iter()
                .position(|c| !c.is_draft() && source(c).as_deref() == Some(wanted))
        }
        None => chapters.iter().position(|c| {
            !c.is_draft()
                && c.source_path
                    .as_deref()
                    .and_then(Path::file_name)
                    .is_some_and(|n| n == "glossary.md")
        }),
    };
    if found.is_none() && (config.file.is_none() || config.chapter.is_some()) {
        let what = config.chapter.as_deref().unwrap_or("glossary.md");
        diagnostics.push(
            Diagnostic::new(
                Level::Warning,
                "glossary-missing",
                match &config.file {
                    None => {
                        format!("no chapter `{what}` in SUMMARY.md and no `file` configured: there is no glossary to link to")
                    }
                    Some(_) => format!("no chapter `{what}` in SUMMARY.md: terms get tooltips but no links"),
                },
            )
            .in_file(ctx.src_dir().join("SUMMARY.md")),
        );
    }
    found
}

/// `dir/glossary.md` -> `dir/glossary.html`, always with `/`.
pub fn html_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    match s.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html"),
        None => s,
    }
}

/// Markdown to the text a reader sees, on one line.
pub fn plain_text(markdown_text: &str, ctx: &Context) -> String {
    let mut out = String::new();
    for (event, _) in markdown::parse(markdown_text, &ctx.markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(tag) if page::is_block_end(&tag) => out.push(' '),
            _ => {}
        }
    }
    page::collapse(&out)
}

type Name = (String, Place, Option<TermOptions>);

struct Builder<'a> {
    glossary: Glossary,
    config: &'a GlossaryConfig,
    /// ASCII-lowercased spelling -> (term, spelling, case-sensitive) already taken.
    seen: HashMap<String, Vec<(usize, String, bool)>>,
    anchors: HashSet<String>,
    used_options: HashSet<String>,
}

impl Builder<'_> {
    fn add(&mut self, names: Vec<Name>, definition: String, origin: Origin, diagnostics: &mut Diagnostics) {
        let entry = self.glossary.entries.len();
        let mut term_ids = Vec::new();
        for (name, place, file_options) in names {
            let name = page::collapse(&name);
            if name.is_empty() {
                continue;
            }
            let (short, long) = terms::split_short_form(&name);
            let options = file_options.unwrap_or_else(|| {
                let key = [&name, &short].into_iter().find(|k| self.config.terms.contains_key(*k));
                key.map(|k| {
                    self.used_options.insert(k.clone());
                    self.config.terms.get(k).cloned().unwrap_or_default()
                })
                .unwrap_or_default()
            });
            let id = self.glossary.terms.len();
            let mut anchor = terms::slug(&short);
            let mut n = 1;
            while !self.anchors.insert(anchor.clone()) {
                n += 1;
                anchor = format!("{}-{n}", terms::slug(&short));
            }
            let plurals = options.plurals.unwrap_or(self.config.plurals);
            let mut written: Vec<String> = vec![short.clone()];
            written.extend(long);
            if name != short {
                written.push(name.clone());
            }
            let unsmart: Vec<String> = written
                .iter()
                .map(|w| terms::unsmart(w))
                .filter(|u| !written.contains(u))
                .collect();
            written.extend(unsmart);
            written.extend(
                options
                    .aliases
                    .iter()
                    .map(|a| page::collapse(a))
                    .filter(|a| !a.is_empty()),
            );
            let mut forms = Vec::new();
            for text in &written {
                let case_sensitive = options.case_sensitive.unwrap_or_else(|| terms::is_acronym(text));
                forms.push(Form {
                    text: text.clone(),
                    case_sensitive,
                    generated: false,
                });
                if plurals && let Some(p) = terms::plural(text) {
                    forms.push(Form {
                        text: p,
                        case_sensitive,
                        generated: true,
                    });
                }
                if !case_sensitive {
                    for v in terms::unicode_case_variants(text) {
                        forms.push(Form {
                            text: v,
                            case_sensitive: false,
                            generated: true,
                        });
                    }
                }
            }
            let forms = self.claim(id, forms, &place, diagnostics);
            self.glossary.terms.push(GlossaryTerm {
                name: name.clone(),
                anchor,
                entry,
                forms,
                place,
            });
            term_ids.push(id);
        }
        self.glossary.entries.push(GlossaryEntry {
            terms: term_ids,
            definition,
            origin,
        });
    }

    /// Keeps the spellings no earlier term took; a name or alias taken
    /// twice is a diagnostic, a plural quietly loses.
    fn claim(&mut self, id: usize, forms: Vec<Form>, place: &Place, diagnostics: &mut Diagnostics) -> Vec<Form> {
        let mut kept = Vec::new();
        for form in forms {
            let key = form.text.to_ascii_lowercase();
            let taken = self.seen.get(&key).and_then(|list| {
                list.iter()
                    .find(|(_, text, cs)| !(*cs && form.case_sensitive) || *text == form.text)
                    .map(|(owner, _, _)| *owner)
            });
            match taken {
                Some(owner) if owner == id => {}
                Some(owner) => {
                    if !form.generated {
                        let other = &self.glossary.terms[owner];
                        let at = other.place.line.map(|l| format!(" (line {l})")).unwrap_or_default();
                        diagnostics.push(place.diagnostic(
                            Level::Warning,
                            "glossary-duplicate-term",
                            format!(
                                "`{}` is already a spelling of `{}`{at}; here it links to that entry",
                                form.text, other.name
                            ),
                        ));
                    }
                }
                None => {
                    self.seen
                        .entry(key)
                        .or_default()
                        .push((id, form.text.clone(), form.case_sensitive));
                    kept.push(form);
                }
            }
        }
        kept
    }
}

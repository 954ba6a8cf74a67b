//! The glossary model: entries from the glossary chapter and/or a file, the
//! terms they define and every spelling those terms are found by. Building
//! it never fails: problems become diagnostics and the entry stays on the page.

pub mod file;
pub mod find;
pub mod page;
pub mod styles;
pub mod terms;

use crate::config::{GlossaryConfig, LinkMode, TermOptions};
use find::Region;
use handbook_core::markdown::MarkdownOptions;
use handbook_core::protocol::Context;
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use page::{PageEntry, PageList};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
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
    /// The page's chapter path inside the book (`reference/glossary.md`); links
    /// to it come from `handbook_core::links::relative_href`.
    pub path: PathBuf,
    pub lists: Vec<PageList>,
    /// The glossary's bytes on the page: the whole page, or its "Glossary" section.
    pub region: std::ops::Range<usize>,
    /// The line of its section heading, or 1 for a whole page.
    pub line: usize,
    /// The page's folder inside `src` (`part-2`, or empty): pages below it use this glossary.
    pub folder: String,
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
    /// Written in capitals (`RPS`, `p95`): may be shown as `<abbr>` alone.
    pub abbreviation: bool,
    /// The term's own `link` option, over the table's.
    pub link: Option<LinkMode>,
    /// One ordinary English word (`point`): linked only as `ordinary-words` says.
    pub ordinary: bool,
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

/// Reads every glossary of the book (see [`find::glossaries`]) and the
/// glossary file, whose terms join the first glossary. Terms two glossaries
/// define differently are reported.
pub fn load(
    ctx: &Context,
    config: &GlossaryConfig,
    chapters: &[Chapter],
    diagnostics: &mut Diagnostics,
) -> Vec<Glossary> {
    let mut builders: Vec<Builder> = Vec::new();
    let mut found_at: Vec<Place> = Vec::new();
    for found in find::glossaries(ctx, config, chapters, diagnostics) {
        let mut builder = Builder::new(config);
        let chapter = &chapters[found.chapter];
        let (lists, entries) = read_region(&chapter.content, &ctx.markdown, &found.region);
        let path = ctx.display_path(chapter);
        found_at.push(Place {
            path: path.clone(),
            line: Some(found.line),
        });
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
        let path = chapter.path.clone().unwrap_or_default();
        builder.glossary.page = Some(GlossaryPage {
            chapter: found.chapter,
            path,
            lists,
            region: found.region.range.clone(),
            line: found.line,
            folder: find::folder(chapter),
        });
        builders.push(builder);
    }
    if let Some(file) = &config.file {
        if builders.is_empty() {
            builders.push(Builder::new(config));
        }
        let builder = &mut builders[0];
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
                    let (markdown, refused) = file::without_raw_html(&term.definition);
                    for refused in refused {
                        diagnostics.push(place.diagnostic(
                            Level::Warning,
                            "unsafe-url",
                            format!(
                                "the definition of `{}`: {refused}; its text is shown",
                                term.names().join("`, `")
                            ),
                        ));
                    }
                    let definition = handbook_core::outline::plain_text(&markdown, &ctx.markdown);
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
    let used_options: HashSet<&String> = builders.iter().flat_map(|b| &b.used_options).collect();
    for name in config.terms.keys().filter(|k| !used_options.contains(k)) {
        diagnostics.push(
            Diagnostic::new(
                Level::Warning,
                "glossary-config",
                format!("[preprocessor.handbook.glossary.terms] names `{name}`, which no glossary entry defines"),
            )
            .in_file("book.toml"),
        );
    }
    let glossaries: Vec<Glossary> = builders.into_iter().map(|b| b.glossary).collect();
    for (glossary, place) in glossaries.iter().zip(&found_at) {
        if glossary.terms.is_empty() {
            diagnostics.push(place.diagnostic(
                Level::Warning,
                "glossary-empty",
                format!(
                    "this glossary has no terms in a style the suite reads; it reads {}",
                    styles::UNDERSTOOD
                ),
            ));
        }
    }
    report_conflicts(&glossaries, diagnostics);
    glossaries
}

/// Definition lists, then the other styles, of one region; entries in page order.
pub fn read_region(text: &str, options: &MarkdownOptions, region: &Region) -> (Vec<PageList>, Vec<PageEntry>) {
    let (all_lists, all_entries) = page::read(text, options);
    let inside = |r: &std::ops::Range<usize>| region.range.start <= r.start && r.start < region.range.end;
    let mut renumber = HashMap::new();
    let mut lists = Vec::new();
    for (n, list) in all_lists.into_iter().enumerate() {
        if inside(&list.range) {
            renumber.insert(n, lists.len());
            lists.push(list);
        }
    }
    let mut entries: Vec<PageEntry> = all_entries
        .into_iter()
        .filter_map(|mut e| {
            e.list = *renumber.get(&e.list)?;
            Some(e)
        })
        .collect();
    let taken: Vec<_> = entries.iter().map(|e| e.range.clone()).collect();
    let (more_lists, more) = styles::read(text, options, region, &taken, lists.len());
    lists.extend(more_lists);
    entries.extend(more);
    entries.sort_by_key(|e| e.range.start);
    (lists, entries)
}

/// A term two glossaries define with different words: a warning at the later one.
fn report_conflicts(glossaries: &[Glossary], diagnostics: &mut Diagnostics) {
    let mut first: HashMap<String, (usize, &GlossaryTerm, &str)> = HashMap::new();
    for (g, glossary) in glossaries.iter().enumerate() {
        for term in &glossary.terms {
            let definition = glossary.entries[term.entry].definition.as_str();
            match first.get(&term.name.to_lowercase()) {
                None => {
                    first.insert(term.name.to_lowercase(), (g, term, definition));
                }
                Some((other_g, other, said)) if *other_g != g && *said != definition => {
                    let at = match other.place.line {
                        Some(line) => format!("{}:{line}", other.place.path.display()),
                        None => other.place.path.display().to_string(),
                    };
                    diagnostics.push(term.place.diagnostic(
                        Level::Warning,
                        "glossary-conflict",
                        format!(
                            "`{}` is defined differently in {at}; each glossary's pages link to their own",
                            term.name
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
}

type Name = (String, Place, Option<TermOptions>);

struct Builder<'a> {
    glossary: Glossary,
    config: &'a GlossaryConfig,
    /// ASCII-lowercased spelling -> (term, spelling, case-sensitive) already taken.
    /// Lowercased spelling → (term, spelling, case-sensitive, a generated plural).
    seen: HashMap<String, Vec<(usize, String, bool, bool)>>,
    anchors: HashSet<String>,
    used_options: HashSet<String>,
}

impl<'a> Builder<'a> {
    fn new(config: &'a GlossaryConfig) -> Self {
        Builder {
            glossary: Glossary::default(),
            config,
            seen: HashMap::new(),
            anchors: HashSet::new(),
            used_options: HashSet::new(),
        }
    }

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
                abbreviation: terms::is_acronym(&short),
                link: options.link,
                ordinary: crate::ordinary::is_ordinary_word(&short),
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
                    .position(|(_, text, cs, _)| !(*cs && form.case_sensitive) || *text == form.text)
                    .map(|at| (at, list[at].0, list[at].3))
            });
            match taken {
                // One entry's own spellings (`IRLO, irlo`: an acronym and its lowercase) share it.
                Some((_, owner, _)) if owner == id => {}
                Some((_, owner, _))
                    if self
                        .glossary
                        .terms
                        .get(owner)
                        .is_some_and(|t| t.entry == self.glossary.entries.len()) =>
                {
                    kept.push(form);
                }
                // A spelling the author wrote takes over an earlier term's rule-made
                // plural (issue 25: rustc-dev-guide's `subst`, then `substs`).
                Some((at, owner, true)) if !form.generated => {
                    let text = form.text.clone();
                    self.glossary.terms[owner]
                        .forms
                        .retain(|f| !(f.generated && f.text == text));
                    if let Some(list) = self.seen.get_mut(&key) {
                        list[at] = (id, form.text.clone(), form.case_sensitive, false);
                    }
                    kept.push(form);
                }
                Some((_, owner, _)) => {
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
                    self.seen.entry(key).or_default().push((
                        id,
                        form.text.clone(),
                        form.case_sensitive,
                        form.generated,
                    ));
                    kept.push(form);
                }
            }
        }
        kept
    }
}

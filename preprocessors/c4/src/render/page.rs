//! The splices: each directive becomes its figure(s), each element page gets
//! its card. Links to pages are relative and encoded; `url` properties go
//! through `safe_url` and are encoded.

use super::svg;
use crate::model::{ElementId, View, ViewKind, Workspace};
use crate::scan::Scan;
use crate::views;
use handbook_core::html::{escape, has_scheme, safe_url};
use handbook_core::links::{encode_url, relative_href};
use handbook_core::protocol::{Context, Edits};
use handbook_core::splice::Splice;
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use std::path::Path;

/// Where an image view's picture is read from by the reader's browser.
enum Picture {
    /// An http(s) or raster `data:` URL, encoded.
    Url(String),
    /// A file under the book's `src`, relative to it.
    File(std::path::PathBuf),
}

pub struct Renderer<'a> {
    pub ctx: &'a Context,
    pub chapters: &'a [Chapter],
    pub workspace: Option<&'a crate::model::Workspace>,
    pub scan: &'a Scan,
}

impl Renderer<'_> {
    /// An element's link from the page at `from`: its page, else its `url`.
    fn href(&self, workspace: &Workspace, from: &Path, id: ElementId) -> Option<String> {
        let target = workspace.element(id).and_then(|e| e.instance_of).unwrap_or(id);
        if let Some(page) = self.scan.pages.get(&target).and_then(|&c| self.chapters.get(c))
            && let Some(to) = &page.path
        {
            return Some(relative_href(from, to, true));
        }
        let url = workspace.element(target)?.url.as_deref()?;
        safe_url(url).ok().map(encode_url)
    }

    pub fn edits(&self, diagnostics: &mut Diagnostics) -> Edits {
        let mut edits = Edits::default();
        let mut figures_on_page: std::collections::BTreeMap<usize, usize> = Default::default();
        // Each image view's picture is resolved once, so its problem is one warning at the DSL line.
        let pictures: std::collections::BTreeMap<&str, Option<Picture>> = self
            .workspace
            .iter()
            .flat_map(|w| &w.views)
            .filter(|v| v.kind == ViewKind::Image)
            .map(|v| (v.key.as_str(), self.picture(v, diagnostics)))
            .collect();
        for site in &self.scan.sites {
            let Some(chapter) = self.chapters.get(site.chapter) else {
                continue;
            };
            let path = self.ctx.display_path(chapter);
            let Some(workspace) = self.workspace else {
                diagnostics.push(
                    Diagnostic::new(
                        Level::Error,
                        "c4-workspace",
                        format!(
                            "`{{{{#{}}}}}` needs `workspace = \"….dsl\"` in `[preprocessor.handbook.c4]`",
                            site.directive.name
                        ),
                    )
                    .at(&path, site.directive.line),
                );
                continue;
            };
            if !site.directive.is_alone_on_its_line(&chapter.content) {
                diagnostics.push(
                    Diagnostic::new(
                        Level::Warning,
                        "c4-view-inline",
                        format!(
                            "`{{{{#{}}}}}` shares its line with other text; put it on a line of its own",
                            site.directive.name
                        ),
                    )
                    .at(&path, site.directive.line),
                );
                continue;
            }
            let keys: Vec<&str> = if site.directive.name == "c4-views" {
                workspace.views.iter().map(|v| v.key.as_str()).collect()
            } else {
                let key = site.directive.args.trim();
                if workspace.view(key).is_none() {
                    let known: Vec<_> = workspace.views.iter().map(|v| format!("`{}`", v.key)).collect();
                    diagnostics.push(
                        Diagnostic::new(
                            Level::Error,
                            "c4-unknown-view",
                            format!(
                                "`{key}` is no view of the workspace; its views are {}",
                                if known.is_empty() {
                                    "none".to_owned()
                                } else {
                                    known.join(", ")
                                }
                            ),
                        )
                        .at(&path, site.directive.line),
                    );
                    // The directive stays as written, shown as text: its key is the author's, not markup.
                    let written = chapter.content.get(site.directive.range.clone()).unwrap_or("");
                    edits.splice(site.chapter, Splice::new(site.directive.range.clone(), escape(written)));
                    continue;
                }
                vec![key]
            };
            let mut html = Vec::new();
            for key in keys {
                let Some(view) = workspace.view(key) else { continue };
                if view.kind == ViewKind::Image {
                    let picture = pictures.get(key).and_then(Option::as_ref);
                    html.push(self.picture_figure(workspace, chapter, view, picture));
                    continue;
                }
                let count = figures_on_page.entry(site.chapter).or_default();
                *count += 1;
                html.push(self.figure(workspace, chapter, view, *count));
            }
            edits.splice(
                site.chapter,
                Splice::block(&chapter.content, site.directive.range.clone(), &html.join("\n")),
            );
            edits.needs_stylesheet(site.chapter);
        }
        if let Some(workspace) = self.workspace {
            for (&element, &chapter_index) in &self.scan.pages {
                let Some(chapter) = self.chapters.get(chapter_index) else {
                    continue;
                };
                let card = self.card(workspace, chapter, element);
                let at = chapter.content.len();
                let lead = if chapter.content.ends_with('\n') { "\n" } else { "\n\n" };
                edits.splice(chapter_index, Splice::insert(at, format!("{lead}{card}\n")));
                edits.needs_stylesheet(chapter_index);
            }
        }
        edits
    }

    fn figure(&self, workspace: &Workspace, chapter: &Chapter, view: &crate::model::View, number: usize) -> String {
        let title = view
            .title
            .clone()
            .unwrap_or_else(|| svg::default_title(workspace, view));
        if !self.ctx.renders_html() {
            let mut text = handbook_core::markdown::escape_text(&title);
            if !view.description.is_empty() {
                text.push_str(": ");
                text.push_str(&handbook_core::markdown::escape_text(&view.description));
            }
            return format!("*{text}*\n");
        }
        let from = chapter.path.clone().unwrap_or_default();
        let href = |id| self.href(workspace, &from, id);
        let uid = format!("hb-c4-{number}");
        let drawing = svg::draw(workspace, view, &href, &uid);
        let caption = if view.description.is_empty() {
            String::new()
        } else {
            format!("<figcaption>{}</figcaption>", escape(&view.description))
        };
        format!(
            "<figure class=\"hb-figure hb-c4\" data-hb-c4-view=\"{}\">{drawing}{caption}</figure>\n",
            escape(&view.key)
        )
    }

    /// Where an image view's picture is published, or a `c4-image` warning at the view's line.
    fn picture(&self, view: &View, diagnostics: &mut Diagnostics) -> Option<Picture> {
        let problem = |message: String| {
            Diagnostic::new(Level::Warning, "c4-image", message).at(&view.origin.file, view.origin.line)
        };
        let Some(written) = view.image.as_deref().filter(|w| !w.trim().is_empty()) else {
            diagnostics.push(problem(format!(
                "image view `{}` names no picture: write `image FILE` (under the book's src) or `image https://…`",
                view.key
            )));
            return None;
        };
        if has_scheme(written) {
            return match safe_url(written) {
                Ok(url) => Some(Picture::Url(encode_url(url))),
                Err(refused) => {
                    diagnostics.push(problem(format!(
                        "image view `{}`: {refused}; the picture is not shown",
                        view.key
                    )));
                    None
                }
            };
        }
        let joined = view.origin.file.parent().unwrap_or(Path::new("")).join(written);
        let tidy = handbook_core::paths::tidy(&joined);
        let src = self.ctx.src_dir();
        // The one containment check (symlinks followed), against the folder mdBook publishes.
        let real = (!Path::new(written).is_absolute())
            .then(|| handbook_core::paths::inside(&self.ctx.root.join(&src), &self.ctx.root.join(&tidy)).ok())
            .flatten();
        match (real, tidy.strip_prefix(&src)) {
            (Some(real), Ok(in_src)) if real.is_file() => Some(Picture::File(in_src.to_path_buf())),
            (Some(_), Ok(_)) => {
                diagnostics.push(problem(format!(
                    "image view `{}`: `{written}` is no file (looked for `{}`)",
                    view.key,
                    tidy.display()
                )));
                None
            }
            _ => {
                diagnostics.push(problem(format!(
                    "image view `{}`: `{written}` is outside the book's `{}` folder, so mdBook does not publish it; move the picture there",
                    view.key,
                    src.display()
                )));
                None
            }
        }
    }

    /// An image view: the author's picture with the view's title and description.
    fn picture_figure(
        &self,
        workspace: &Workspace,
        chapter: &Chapter,
        view: &View,
        picture: Option<&Picture>,
    ) -> String {
        let title = view
            .title
            .clone()
            .unwrap_or_else(|| svg::default_title(workspace, view));
        if !self.ctx.renders_html() {
            return self.figure(workspace, chapter, view, 0);
        }
        let from = chapter.path.clone().unwrap_or_default();
        // The picture links to itself: a code-level picture is often read at full size.
        let src = match picture {
            Some(Picture::Url(url)) => Some(url.clone()),
            Some(Picture::File(file)) => Some(relative_href(&from, file, true)),
            None => None,
        };
        let img = src
            .and_then(|src| Some((handbook_core::html::href(&src)?, src)))
            .map_or_else(String::new, |(attribute, src)| {
                format!(
                    "{}<img src=\"{attribute}\" alt=\"{}\"></a>",
                    handbook_core::html::link_open(&src, None),
                    escape(&title)
                )
            });
        let mut caption = format!("<strong>{}</strong>", escape(&title));
        if !view.description.is_empty() {
            caption.push_str(": ");
            caption.push_str(&escape(&view.description));
        }
        format!(
            "<figure class=\"hb-figure hb-c4 hb-c4-image\" data-hb-c4-view=\"{}\">{img}<figcaption>{caption}</figcaption></figure>\n",
            escape(&view.key)
        )
    }

    /// The card on an element's page: type, technology, description,
    /// relationships, the views it appears in, and the decisions about it.
    fn card(&self, workspace: &Workspace, chapter: &Chapter, id: ElementId) -> String {
        let Some(element) = workspace.element(id) else {
            return String::new();
        };
        let from = chapter.path.clone().unwrap_or_default();
        let name_of = |other: ElementId| {
            let name = workspace.element(other).map(|e| e.name.clone()).unwrap_or_default();
            match self.href(workspace, &from, other) {
                Some(h) => handbook_core::html::link(&h, &name),
                None => escape(&name).into_owned(),
            }
        };
        let mut out = format!(
            "<div class=\"hb-card hb-c4-card\" data-hb-c4-element=\"{}\"><p><strong>{}</strong> <span class=\"hb-c4-meta\">[{}{}]</span></p>",
            escape(element.identifier.as_deref().unwrap_or("")),
            escape(&element.name),
            escape(element.kind().label()),
            if element.technology.is_empty() {
                String::new()
            } else {
                format!(": {}", escape(&element.technology))
            }
        );
        if !element.description.is_empty() {
            out.push_str(&format!("<p>{}</p>", escape(&element.description)));
        }
        let relationships: Vec<String> = workspace
            .relationships
            .iter()
            .filter(|r| !r.implied && (r.source == id || r.destination == id))
            .map(|r| {
                let (arrow, other) = if r.source == id {
                    ("→", r.destination)
                } else {
                    ("←", r.source)
                };
                let tech = if r.technology.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", escape(&r.technology))
                };
                format!("<li>{arrow} {}: {}{tech}</li>", name_of(other), escape(&r.description))
            })
            .collect();
        if !relationships.is_empty() {
            out.push_str(&format!("<p>Relationships</p><ul>{}</ul>", relationships.concat()));
        }
        let in_views: Vec<String> = workspace
            .views
            .iter()
            .filter(|v| {
                views::shown(workspace, v)
                    .elements
                    .iter()
                    .any(|&e| e == id || workspace.element(e).and_then(|x| x.instance_of) == Some(id))
            })
            .map(|v| {
                let title = v.title.clone().unwrap_or_else(|| svg::default_title(workspace, v));
                let page = self
                    .scan
                    .sites
                    .iter()
                    .find(|s| s.directive.name == "c4-views" || s.directive.args.trim() == v.key);
                match page
                    .and_then(|s| self.chapters.get(s.chapter))
                    .and_then(|c| c.path.as_ref())
                {
                    Some(to) => format!(
                        "<li><a href=\"{}\">{}</a></li>",
                        escape(&relative_href(&from, to, true)),
                        escape(&title)
                    ),
                    None => format!("<li>{}</li>", escape(&title)),
                }
            })
            .collect();
        if !in_views.is_empty() {
            out.push_str(&format!("<p>Views</p><ul>{}</ul>", in_views.concat()));
        }
        if let Some(decisions) = self.scan.decisions.get(&id) {
            let items: Vec<String> = decisions
                .iter()
                .filter_map(|d| {
                    let decision = d.decision.as_ref()?;
                    let to = self.chapters.get(d.chapter)?.path.as_ref()?;
                    let marker = if decision.is_retired() {
                        format!(
                            " <span class=\"hb-c4-retired\">({})</span>",
                            escape(decision.lifecycle.as_deref().unwrap_or("retired"))
                        )
                    } else {
                        String::new()
                    };
                    let title = match decision.number {
                        Some(n) => format!("ADR {n}: {}", decision.title),
                        None => decision.title.clone(),
                    };
                    Some(format!(
                        "<li><a href=\"{}\">{}</a>{marker}</li>",
                        escape(&relative_href(&from, to, true)),
                        escape(&title)
                    ))
                })
                .collect();
            if !items.is_empty() {
                out.push_str(&format!("<p>Decisions</p><ul>{}</ul>", items.concat()));
            }
        }
        out.push_str("</div>");
        out
    }
}

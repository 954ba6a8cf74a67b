//! Chapters and the files under `src/` → a model of every target a link can
//! reach (pages, their ids, static files) and every link written.
//! Scanning reads; it never judges a link (that is `check`).

pub mod page;

use handbook_core::markdown::MarkdownOptions;
use handbook_core::{Chapter, Context};
use page::PageScan;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Component, Path, PathBuf};

/// One chapter of the book as a link target and as a source of links.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// The chapter's file inside `src`, `/`-separated (`SUMMARY.md` for the summary).
    pub source: String,
    /// What diagnostics show: the file relative to the book root.
    pub display: PathBuf,
    /// The HTML file mdBook writes (README.md → index.html), `/`-separated.
    pub html: Option<String>,
    pub scan: PageScan<'a>,
    /// The text the links' offsets point into.
    pub text: Cow<'a, str>,
    /// Reading the chapter panicked (a bug): its links are not checked, and
    /// the check says so instead of passing it silently.
    pub crashed: bool,
}

impl Page<'_> {
    /// Whether the page's HTML has this id.
    pub fn has_id(&self, id: &str) -> bool {
        self.scan.outline.has_anchor(id)
    }

    /// The folder links are relative to, inside `src` (`""` at the top).
    pub fn folder(&self) -> &str {
        self.source.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
}

/// Everything a link may point at, and every link.
#[derive(Debug, Default)]
pub struct Site<'a> {
    /// The book root.
    pub root: PathBuf,
    /// `<root>/<src>`.
    pub src: PathBuf,
    /// The repository the book lives in (the nearest folder up with `.git`), or the book root.
    pub repository: PathBuf,
    /// Chapters in book order, then SUMMARY.md (which has no `html`).
    pub pages: Vec<Page<'a>>,
    /// Output HTML path → index into `pages`.
    pub by_html: HashMap<String, usize>,
    /// Every file under `src`, `/`-separated.
    pub files: BTreeSet<String>,
    /// Every folder under `src`, `/`-separated (`""` for `src` itself).
    pub folders: HashSet<String>,
}

impl<'a> Site<'a> {
    /// Scans every chapter (drafts have no file and are left out) and `src/` on disk.
    pub fn scan(ctx: &Context, chapters: &'a [Chapter]) -> Site<'a> {
        let src = ctx.root.join(ctx.src_dir());
        let mut site = Site {
            repository: repository_of(&ctx.root),
            ..Site::default()
        };
        site.folders.insert(String::new());
        walk(&src, "", &mut site.files, &mut site.folders);
        let with_files: Vec<(&'a Chapter, &Path)> = chapters
            .iter()
            .filter_map(|c| Some((c, c.path.as_deref().or(c.source_path.as_deref())?)))
            .collect();
        let math =
            handbook_core::math::renders_math(&ctx.config).then(|| handbook_core::math::mathjax_support(&ctx.config));
        let scans = scan_all(&with_files, &ctx.markdown, math);
        for ((chapter, path), scan) in with_files.into_iter().zip(scans) {
            let source = url_path(chapter.source_path.as_deref().unwrap_or(path));
            let html = url_path(&index_for_readme(path).with_extension("html"));
            site.by_html.insert(html.clone(), site.pages.len());
            let crashed = scan.is_none();
            let scan = scan.unwrap_or_default();
            site.pages.push(Page {
                display: ctx.display_path(chapter),
                source,
                html: Some(html),
                scan,
                text: Cow::Borrowed(chapter.content.as_str()),
                crashed,
            });
        }
        if let Ok(summary) = std::fs::read_to_string(src.join("SUMMARY.md")) {
            let scan = scan_one(&summary, &ctx.markdown, math);
            site.pages.push(Page {
                display: ctx.src_dir().join("SUMMARY.md"),
                source: "SUMMARY.md".to_owned(),
                html: None,
                crashed: scan.is_none(),
                scan: scan.unwrap_or_default(),
                text: Cow::Owned(summary),
            });
        }
        site.src = src;
        site.root = handbook_core::paths::real_root(&ctx.root);
        site
    }
}

/// Every chapter's outline (parsed on every core where no capability
/// before has asked for it: parsing is the check's main cost) and its
/// links. `None` where a chapter's scan panicked (a bug, never expected):
/// its outline is not asked for again.
fn scan_all<'a>(
    chapters: &[(&'a Chapter, &Path)],
    options: &MarkdownOptions,
    math: Option<bool>,
) -> Vec<Option<PageScan<'a>>> {
    let checked = handbook_core::parallel::map(chapters, |(c, _)| {
        page::checked(c.outline(options), &c.content, options, math)
    });
    chapters
        .iter()
        .zip(checked)
        .map(|((chapter, _), checked)| {
            // A chapter whose reading panicked is not asked for its outline again.
            let checked = checked.ok()?;
            Some(PageScan {
                outline: Cow::Borrowed(chapter.outline(options)),
                checked,
            })
        })
        .collect()
}

/// One chapter's scan; a panic (a bug, never expected) becomes `None`.
fn scan_one(text: &str, options: &MarkdownOptions, math: Option<bool>) -> Option<PageScan<'static>> {
    catch_unwind(AssertUnwindSafe(|| page::scan(text, options, math))).ok()
}

/// mdBook's `index` preprocessor: a chapter file whose stem is `readme` (any
/// case) is served as `index.md`. `check` hands chapters over as SUMMARY.md
/// names them, so this is applied here again (it changes nothing twice).
fn index_for_readme(path: &Path) -> std::path::PathBuf {
    let is_readme = path
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"));
    if is_readme {
        path.with_file_name("index.md")
    } else {
        path.to_path_buf()
    }
}

/// `/`-separated, whatever the platform.
fn url_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Files and folders under `dir`; symlinked folders are not followed (no loops).
fn walk(dir: &Path, prefix: &str, files: &mut BTreeSet<String>, folders: &mut HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => {
                folders.insert(rel.clone());
                walk(&entry.path(), &rel, files, folders);
            }
            Ok(_) => {
                files.insert(rel);
            }
            Err(_) => {}
        }
    }
}

/// The nearest folder at or above the book root holding `.git` (the core's
/// one walk), else the book root itself.
fn repository_of(root: &Path) -> PathBuf {
    handbook_core::paths::repository_root(root).unwrap_or_else(|| handbook_core::paths::real_root(root))
}

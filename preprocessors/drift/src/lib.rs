//! handbook-drift: pages that know the code they describe, and say when it
//! moved on (ADR 22).
//!
//! A page declares what it describes (`describes:` in front matter or a
//! `**Describes**:` header line: paths, globs and `path#symbol`, relative to
//! the repository root) and when a person last checked it (`reviewed:` a
//! date or a commit; without it, the page's own last change). Links from a
//! page to repository files outside the book count as described paths too.
//!
//! ```toml
//! [preprocessor.handbook.drift]
//! code = ["src/**/*.rs"]                 # source files whose ADR citations are checked
//! ignore-revs = ".git-blame-ignore-revs" # commits that only reformat (the default)
//! banner = "..."                         # {count} {files} {since} {latest} {date}; "" for none
//! git-timeout = 60
//! ```
//!
//! Diagnostics: `drift-missing`, `drift-stale`, `drift-cites-superseded`,
//! `drift-code-cites`, `drift-unchecked` (all warnings). `{{#drift-report}}`
//! becomes a table of every page's drift state. All git facts come from the
//! build's one `git log` pass (`Context::git_history`).

pub mod check;
pub mod code_cites;
pub mod codes;
pub mod config;
pub mod render;
pub mod repo;
pub mod scan;

use check::{Checker, Git, PageDrift};
use config::DriftConfig;
use handbook_core::facts::Facts;
use handbook_core::git::GitProblem;
use handbook_core::protocol::{Context, Edits, HandbookPreprocessor};
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use scan::paths::{Layout, normalize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The `handbook-drift` capability.
#[derive(Debug, Default, Clone, Copy)]
pub struct DriftPreprocessor;

impl HandbookPreprocessor for DriftPreprocessor {
    const NAME: &'static str = "drift";
    type Config = DriftConfig;
    const CODES: &'static [handbook_core::Code] = codes::CODES;

    fn run(
        &self,
        ctx: &Context,
        config: &DriftConfig,
        chapters: &[Chapter],
        facts: &mut Facts,
        diagnostics: &mut Diagnostics,
    ) -> Edits {
        let decision_pages: HashMap<PathBuf, u32> = facts
            .decisions
            .iter()
            .flatten()
            .filter_map(|d| Some((d.path.clone(), d.number?)))
            .collect();
        // The git pass only when a page declares what it describes or
        // source files are checked: a book that does neither pays nothing.
        // Links between pages (ADR citations) need only the book's `src`.
        let provisional = Layout {
            src: format!("{}{}", "_/".repeat(64), slashed(&ctx.src_dir())),
        };
        let pages = scan::scan(ctx, &provisional, chapters, &decision_pages, diagnostics);
        let needs_repository = !config.code.is_empty() || pages.iter().any(|p| !p.describes.is_empty());
        let place = if needs_repository {
            Place::of(ctx, config)
        } else {
            Place::without_git(ctx, String::new())
        };
        let repo = repo::Repo::new(&place.root, place.git.history());
        let ignored = repo
            .text(&config.ignore_revs)
            .map(|t| check::ignore_revs(&t))
            .unwrap_or_default();
        let checker = Checker {
            repo: &repo,
            layout: &place.layout,
            git: &place.git,
            ignored: &ignored,
        };
        if let (Git::Unusable { reason, .. }, Some(first)) =
            (&place.git, pages.iter().find(|p| !p.describes.is_empty()))
        {
            diagnostics.push(
                Diagnostic::new(Level::Warning, "drift-unchecked", reason.clone())
                    .at(&first.display, first.describes_line)
                    .counting_front_matter(),
            );
        }
        let drift: Vec<Option<PageDrift>> = pages
            .iter()
            .map(|p| (!p.describes.is_empty()).then(|| checker.page(p, diagnostics)))
            .collect();
        for (page, d) in pages.iter().zip(&drift) {
            if let Some(d) = d {
                let entry = facts.page_mut(page.source_path.clone());
                entry.drift = Some(d.state.word().to_owned());
                entry.describes = page.describes.iter().map(|x| x.written.clone()).collect();
            }
        }
        let decisions_known = facts.decisions.is_some();
        let any_cites = pages.iter().any(|p| !p.cites.is_empty());
        if decisions_known {
            check::superseded_cites(&pages, facts, diagnostics);
        }
        let code = if decisions_known {
            let shown = |path: &str| place.shown(path);
            code_cites::check(&repo, &config.code, facts, &shown, diagnostics)
        } else {
            Vec::new()
        };
        if !decisions_known && (any_cites || !config.code.is_empty()) {
            diagnostics.push(
                Diagnostic::new(
                    Level::Info,
                    "drift-unchecked",
                    "no decision log was read in this run, so ADR citations are not checked \
                     (they are when handbook-adr runs before drift)",
                )
                .in_file("book.toml"),
            );
        }
        let renderer = render::Renderer {
            ctx,
            chapters,
            banner: &config.banner,
        };
        renderer.edits(&pages, &drift, &code)
    }
}

/// Whether a page's front matter key (normalized) is one drift reads, for
/// `mdbook-handbook check`.
pub fn reads_key(key: &str) -> bool {
    matches!(key, "describes" | "reviewed" | "last-reviewed")
}

/// Where drift reads: the repository (or the book root outside git), the
/// book's place in it, and what the history can tell.
struct Place<'h> {
    root: PathBuf,
    layout: Layout,
    /// The book root relative to `root`, `/`-separated (empty at the top).
    book: String,
    git: Git<'h>,
}

impl<'h> Place<'h> {
    fn of(ctx: &'h Context, config: &DriftConfig) -> Place<'h> {
        let outside = |reason: String| Place::without_git(ctx, reason);
        let history = match ctx.git_history(Duration::from_secs(config.git_timeout)) {
            Ok(h) => h,
            Err(problem) => return outside(unusable(problem)),
        };
        let relative = |path: &Path| {
            path.canonicalize()
                .ok()
                .and_then(|p| p.strip_prefix(&history.top).ok().map(slashed))
        };
        let (Some(book), Some(src)) = (relative(&ctx.root), relative(&ctx.root.join(ctx.src_dir()))) else {
            return outside(
                "the book's sources are outside the git repository, so staleness and renames cannot be checked"
                    .to_owned(),
            );
        };
        let git = if history.shallow {
            Git::Unusable {
                reason: "the repository is a shallow clone, so drift cannot tell what changed since a page was \
                         reviewed; pages are not called fresh: fetch the full history (`fetch-depth: 0`, \
                         `GIT_DEPTH: 0` or `git fetch --unshallow`)"
                    .to_owned(),
                history: Some(history),
            }
        } else {
            Git::Full(history)
        };
        Place {
            root: history.top.clone(),
            layout: Layout { src },
            book,
            git,
        }
    }

    /// The tree drift reads when git cannot tell it anything: the
    /// repository found on disk (the nearest folder up with `.git`, the
    /// core's one walk, as links finds it), else the book root. Described
    /// paths stay relative to the repository either way.
    fn without_git(ctx: &Context, reason: String) -> Place<'h> {
        let book_root = handbook_core::paths::real_root(&ctx.root);
        let root = handbook_core::paths::repository_root(&book_root).unwrap_or_else(|| book_root.clone());
        let book = book_root.strip_prefix(&root).map(slashed).unwrap_or_default();
        let src = [book.as_str(), &slashed(&ctx.src_dir())]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("/");
        Place {
            root,
            layout: Layout {
                src: normalize(&src).unwrap_or_default(),
            },
            book,
            git: Git::Unusable { reason, history: None },
        }
    }

    /// A repository path as diagnostics show it: relative to the book root.
    fn shown(&self, path: &str) -> String {
        let mut book = self.book.as_str();
        let mut up = String::new();
        loop {
            if book.is_empty() {
                return format!("{up}{path}");
            }
            if let Some(rest) = path.strip_prefix(book).and_then(|r| r.strip_prefix('/')) {
                return format!("{up}{rest}");
            }
            up.push_str("../");
            book = book.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }
}

fn unusable(problem: &GitProblem) -> String {
    let what = match problem {
        GitProblem::NotARepository => "the book is not inside a git repository".to_owned(),
        GitProblem::NotInstalled => "the `git` program was not found on PATH".to_owned(),
        GitProblem::TimedOut(s) => format!("`git log` did not finish within {s} s (key `git-timeout`)"),
        GitProblem::Failed(m) => m.clone(),
    };
    format!(
        "{what}, so drift cannot tell what changed since a page was reviewed or where a file moved; \
         described paths are checked against the files on disk and no page is called fresh"
    )
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .filter(|c| c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

//! One build: key every fence, take cache hits, draw the misses in parallel,
//! store them, splice figures in, prune what no fence used.

use crate::browser;
use crate::cache::{self, Cache, Lookup};
use crate::config::{DiagramsConfig, MermaidMode, OnMissing};
use crate::draw::DrawError;
use crate::imports::{self, Outside};
use crate::kind::{Kind, Program};
use crate::plantuml::launch::Launcher;
use crate::program::{self, Found};
use crate::scan::{DrawAt, Fence};
use crate::shared::Shared;
use crate::{draw, render, svg, theme};
use handbook_core::html::RefusedUrl;
use handbook_core::protocol::{Context, Edits};
use handbook_core::{Chapter, Diagnostic, Diagnostics, Level};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

mod plantuml;
mod workers;

/// What a book can do about a Mermaid diagram merman cannot draw.
const MERMAID_OPTIONS: &str = "Mermaid's own script can draw it in the reader's browser: add `draw=browser` to this fence, or set `mermaid = \"auto\"` (build time where possible, the browser for the rest) or `mermaid = \"browser\"` in [preprocessor.handbook.diagrams], then run `mdbook-handbook install` to ship the script";

/// Bumped when cleaning or theming changes, so old entries are not reused.
const OUTPUT_VERSION: &str = "handbook-diagrams svg 3";

pub struct Build<'a> {
    ctx: &'a Context,
    config: &'a DiagramsConfig,
    cache: Cache,
    /// The files diagrams may read (`src/`, `include-dirs`).
    shared: Shared,
    timeout: Duration,
}

/// A fence that needs drawing, with what its program run needs.
struct Job<'f> {
    fence: &'f Fence,
    key: String,
    dir: PathBuf,
}

impl<'a> Build<'a> {
    pub fn new(ctx: &'a Context, config: &'a DiagramsConfig) -> Self {
        let dir = config.cache_dir();
        let dir = if dir.is_absolute() { dir } else { ctx.root.join(dir) };
        // Absolute: programs run in the chapter's folder, and PlantUML finds its policy file by this path
        // (`mdbook-handbook check book` hands a relative root).
        let dir = std::path::absolute(&dir).unwrap_or(dir);
        let shared = Shared::new(&ctx.root, &ctx.src_dir(), &config.include_dirs, &dir);
        Build {
            ctx,
            config,
            shared,
            cache: Cache::new(dir),
            timeout: config.timeout(),
        }
    }

    pub fn run(&self, chapters: &[Chapter], fences: &[Fence], diagnostics: &mut Diagnostics) -> Edits {
        let mut edits = Edits::default();
        let programs = self.find_programs(fences);
        let mut used = BTreeSet::new();
        let mut drawn: BTreeMap<usize, String> = BTreeMap::new();
        let mut jobs = Vec::new();
        let mut copies: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut reported_missing = BTreeSet::new();
        let mut in_browser: Vec<&Fence> = fences.iter().filter(|f| self.in_browser(f)).collect();
        let mut results = Vec::new();
        // Keys of failures remembered in the cache, kept by the prune.
        let mut remembered = BTreeSet::new();
        // The first cache write that failed: one warning for the build, whatever the number of diagrams.
        let mut cache_problem: Option<String> = None;
        for (i, fence) in fences.iter().enumerate() {
            let Some(chapter) = chapters.get(fence.chapter) else {
                continue;
            };
            if self.in_browser(fence) {
                continue;
            }
            if fence.kind == Kind::Mermaid
                && let Some(note) = draw::elk_request_note(&fence.source)
            {
                diagnostics.push(
                    Diagnostic::new(Level::Info, "diagram-mermaid-layout", note)
                        .at(self.ctx.display_path(chapter), fence.line),
                );
            }
            let version = match fence.kind.program() {
                None => fence.kind.in_process_version().to_owned(),
                Some(p) => match programs.get(&p) {
                    Some(Some(found)) => found.fingerprint.clone(),
                    _ => {
                        self.missing(p, chapter, fence, &mut reported_missing, &mut edits, diagnostics);
                        continue;
                    }
                },
            };
            let dir = self.chapter_dir(chapter);
            // Before any program runs, and before the key reads a file: nothing outside the book.
            let includes = match imports::read(fence.kind, &fence.source, &dir, &self.shared) {
                Ok(includes) => includes,
                Err(outside) => {
                    self.refuse(chapter, fence, &outside, &mut edits, diagnostics);
                    continue;
                }
            };
            let key = cache::key(&[
                OUTPUT_VERSION.as_bytes(),
                fence.kind.name().as_bytes(),
                version.as_bytes(),
                fence.source.as_bytes(),
                includes.as_bytes(),
            ]);
            used.insert(key.clone());
            // Cleaned again: the entry is whatever the cache folder holds, not what this suite wrote.
            let found = match self.cache.get(&key) {
                Lookup::Hit(svg) => svg::clean_cached(&svg).map_or(Lookup::Corrupt, Lookup::Hit),
                other => other,
            };
            match found {
                Lookup::Hit(svg) => {
                    drawn.insert(i, svg);
                }
                // Failed before with the same input, programs and no shorter timeout: said again, not run again.
                Lookup::Failed(failure) if failure.timeout >= self.timeout.as_secs() => {
                    remembered.insert(key.clone());
                    results.push((i, key, Err(DrawError::Failed(failure.message))));
                }
                // The same diagram twice in a build is drawn once.
                _ => match copies.get_mut(&key) {
                    Some(same) => same.push(i),
                    None => {
                        copies.insert(key.clone(), vec![i]);
                        jobs.push((i, Job { fence, key, dir }));
                    }
                },
            }
        }
        let (plantuml, not_run) = self.plantuml_for(&mut jobs, &programs, chapters, diagnostics);
        if let Some(problem) = plantuml.as_ref().and_then(|s| s.cache_problem.as_deref()) {
            cache_problem.get_or_insert_with(|| problem.to_owned());
        }
        let mut drawn_now = self.draw(&jobs, &programs, plantuml.as_ref());
        jobs.extend(not_run.iter().map(|(i, job, _)| {
            (
                *i,
                Job {
                    fence: job.fence,
                    key: job.key.clone(),
                    dir: job.dir.clone(),
                },
            )
        }));
        drawn_now.extend(not_run.into_iter().map(|(i, _, why)| (i, Err(DrawError::NotRun(why)))));
        // Links a cleaned drawing lost (`unsafe-url`), by cache key: told at each fence drawn from it.
        let mut refused_links: BTreeMap<String, Vec<RefusedUrl>> = BTreeMap::new();
        for (i, result) in drawn_now {
            let Some((_, job)) = jobs.iter().find(|(j, _)| *j == i) else {
                continue;
            };
            // Programs write paths into their pictures ("File not found: /home/me/book/x.png"):
            // the page shows them relative to the book.
            let result = result
                .and_then(|raw| {
                    imports::check_output(
                        job.fence.kind,
                        &raw,
                        &job.dir,
                        std::slice::from_ref(&job.fence.source),
                        &self.shared,
                    )
                    .map_err(DrawError::Include)?;
                    let (clean, refused) =
                        svg::clean_reporting(&theme::adapt(job.fence.kind, &self.book_relative(&raw)))
                            .ok_or_else(|| DrawError::Failed("the output has no <svg> element".to_owned()))?;
                    if !refused.is_empty() {
                        refused_links.insert(job.key.clone(), refused);
                    }
                    Ok(clean)
                })
                .map_err(|e| match e {
                    DrawError::Failed(why) => DrawError::Failed(self.book_relative(&why)),
                    other => other,
                });
            let stored = match &result {
                // A drawing that lost a link is not cached: every build draws it and says so again.
                Ok(_) if refused_links.contains_key(&job.key) => None,
                Ok(clean) => Some(self.cache.put(&job.key, clean)),
                // What the program itself said (an error, a timeout, too much output): the same input
                // fails the same way, so the next build says it again without running it.
                Err(DrawError::Failed(why)) => {
                    let failure = cache::Failure {
                        timeout: self.timeout.as_secs(),
                        message: why.clone(),
                    };
                    let stored = self.cache.put_failure(&job.key, &failure);
                    if stored.is_ok() {
                        remembered.insert(job.key.clone());
                    }
                    Some(stored)
                }
                Err(_) => None,
            };
            if let Some(Err(e)) = stored {
                cache_problem.get_or_insert_with(|| format!("{e}"));
            }
            for &same in copies.get(&job.key).into_iter().flatten() {
                results.push((same, job.key.clone(), result.clone()));
            }
        }
        results.sort_by_key(|(i, _, _)| *i);
        for (i, key, result) in results {
            let Some(fence) = fences.get(i) else { continue };
            let chapter = &chapters[fence.chapter];
            match result {
                Ok(clean) => {
                    for refused in refused_links.get(&key).into_iter().flatten() {
                        diagnostics.push(
                            Diagnostic::new(
                                Level::Warning,
                                "unsafe-url",
                                format!("{} drew {refused}; the picture is shown without it", fence.kind.name()),
                            )
                            .at(self.ctx.display_path(chapter), fence.line),
                        );
                    }
                    drawn.insert(i, clean);
                }
                Err(e) => {
                    let program = fence.kind.name();
                    let (level, code, why) = match &e {
                        DrawError::Refused(_) | DrawError::Failed(_) | DrawError::BatchLost(_) => {
                            (Level::Warning, "diagram-render", e.said().unwrap_or_default())
                        }
                        DrawError::Include(m) => (Level::Warning, "diagram-include", m.clone()),
                        DrawError::Missing => (
                            Level::Warning,
                            "diagram-render",
                            "the program could not be started".to_owned(),
                        ),
                        DrawError::NotRun(m) => (Level::Warning, "", m.clone()),
                        DrawError::Panicked(m) => (
                            Level::Error,
                            "internal-panic",
                            format!(
                                "diagrams crashed drawing it (a bug in mdbook-handbook, please report it with the page): {m}"
                            ),
                        ),
                    };
                    let why = self.book_relative(&one_line(&why));
                    if !remembered.contains(&key) {
                        used.remove(&key);
                    }
                    let mermaid_failed = fence.kind == Kind::Mermaid && code == "diagram-render";
                    if mermaid_failed && self.config.mermaid == MermaidMode::Auto {
                        // `auto`: what merman cannot draw, Mermaid's own script draws in the browser.
                        diagnostics.push(
                            Diagnostic::new(
                                Level::Info,
                                "diagram-mermaid-browser",
                                format!(
                                    "this {} diagram is drawn in the reader's browser by Mermaid's script: the build-time renderer could not draw it: {why}",
                                    draw::mermaid_type(&fence.source)
                                ),
                            )
                            .at(self.ctx.display_path(chapter), fence.line),
                        );
                        in_browser.push(fence);
                        continue;
                    }
                    // A reason already said once for the whole build is not repeated per diagram.
                    if !code.is_empty() {
                        let message = if mermaid_failed {
                            format!(
                                "this {} diagram could not be drawn at build time; the block stays as code: {why}. {}",
                                draw::mermaid_type(&fence.source),
                                MERMAID_OPTIONS
                            )
                        } else {
                            format!("{program} could not draw this diagram; the block stays as code: {why}")
                        };
                        diagnostics
                            .push(Diagnostic::new(level, code, message).at(self.ctx.display_path(chapter), fence.line));
                    }
                    let shown = hide_machine_paths(&why);
                    edits.splice(
                        fence.chapter,
                        render::not_rendered_note(&chapter.content, fence, &shown),
                    );
                    edits.needs_stylesheet(fence.chapter);
                }
            }
        }
        in_browser.sort_by_key(|f| (f.chapter, f.range.start));
        browser::hand_over(self.ctx, chapters, &in_browser, &mut edits, diagnostics);
        let mut occurrence: BTreeMap<usize, usize> = BTreeMap::new();
        for (i, fence) in fences.iter().enumerate() {
            let n = occurrence.entry(fence.chapter).or_default();
            *n += 1;
            if let (Some(svg), Some(chapter)) = (drawn.get(&i), chapters.get(fence.chapter)) {
                // With `/` on every platform: ids are the same whoever builds the book.
                let page = chapter
                    .source_path
                    .as_deref()
                    .map(handbook_core::platform::slashed)
                    .unwrap_or_default();
                let prefix = render::id_prefix(fence.kind, &fence.source, &page, *n);
                edits.splice(fence.chapter, render::figure(&chapter.content, fence, svg, &prefix));
                edits.needs_stylesheet(fence.chapter);
            }
        }
        if let Some(problem) = cache_problem {
            diagnostics.push(Diagnostic::new(
                Level::Warning,
                "diagram-cache",
                format!(
                    "could not write the diagram cache in {}: {problem}; the diagrams are drawn, and drawn again next build",
                    self.cache.dir().display()
                ),
            ));
        }
        self.cache.prune(&used);
        edits
    }

    fn refuse(
        &self,
        chapter: &Chapter,
        fence: &Fence,
        outside: &Outside,
        edits: &mut Edits,
        diagnostics: &mut Diagnostics,
    ) {
        let why = match (&outside.network, &outside.built) {
            (_, Some(built)) => format!(
                "`{}` (line {} of the diagram) is a target PlantUML would compute or look up itself ({built}), so the suite cannot judge what it reads; write the file's path as a literal",
                outside.target, outside.line
            ),
            (None, None) => format!(
                "`{}` (line {} of the diagram) leads to {}, {}",
                outside.target,
                outside.line,
                outside.resolved.display(),
                imports::not_shared(outside.why)
            ),
            (Some(online), None) => format!(
                "`{}` (line {} of the diagram) includes {}, which would fetch `{online}` from the network; the suite never goes online",
                outside.target,
                outside.line,
                outside.resolved.display()
            ),
        };
        diagnostics.push(
            Diagnostic::new(
                Level::Warning,
                "diagram-include",
                format!("{} diagram not drawn: {why}", fence.kind.name()),
            )
            .at(self.ctx.display_path(chapter), fence.line),
        );
        let note = match (outside.network.as_ref(), outside.why) {
            _ if outside.built.is_some() => format!("`{}` is a path PlantUML would compute", outside.target),
            (None, crate::shared::NotShared::OutsideBook) => format!("`{}` leads outside the book", outside.target),
            (None, _) => format!("`{}` is not a file the book shares", outside.target),
            (Some(_), _) => format!("`{}` would go online", outside.target),
        };
        edits.splice(fence.chapter, render::not_rendered_note(&chapter.content, fence, &note));
        edits.needs_stylesheet(fence.chapter);
    }

    /// Mermaid's script draws this fence: the book says `browser`, or the fence says `draw=browser`.
    fn in_browser(&self, fence: &Fence) -> bool {
        fence.kind == Kind::Mermaid
            && match fence.caption.draw {
                Some(DrawAt::Browser) => true,
                Some(DrawAt::Build) => false,
                None => self.config.mermaid == MermaidMode::Browser,
            }
    }

    fn command(&self, p: Program) -> String {
        let configured = match p {
            Program::Dot => &self.config.dot,
            Program::PlantUml => &self.config.plantuml,
            Program::D2 => &self.config.d2,
        };
        configured.clone().unwrap_or_else(|| p.default_command().to_owned())
    }

    fn find_programs(&self, fences: &[Fence]) -> BTreeMap<Program, Option<Found>> {
        let needed: BTreeSet<Program> = fences.iter().filter_map(|f| f.kind.program()).collect();
        needed
            .into_iter()
            .map(|p| {
                let mut found = program::find(&self.command(p));
                // A jar's pictures change with the Java that runs it too.
                if let (Program::PlantUml, Some(found)) = (p, found.as_mut())
                    && let Ok(launcher) = Launcher::for_program(&found.path, self.config.java.as_deref())
                {
                    found.fingerprint = launcher.fingerprint();
                }
                (p, found)
            })
            .collect()
    }

    /// PlantUML's settings when the build has PlantUML jobs. When it cannot
    /// run, that is one error for the build, and its jobs come back as not run.
    #[allow(clippy::type_complexity)]
    fn plantuml_for<'f>(
        &self,
        jobs: &mut Vec<(usize, Job<'f>)>,
        programs: &BTreeMap<Program, Option<Found>>,
        chapters: &[Chapter],
        diagnostics: &mut Diagnostics,
    ) -> (Option<crate::plantuml::Settings>, Vec<(usize, Job<'f>, String)>) {
        let Some(Some(found)) = programs.get(&Program::PlantUml) else {
            return (None, Vec::new());
        };
        let Some(first) = jobs.iter().find(|(_, j)| j.fence.kind == Kind::PlantUml) else {
            return (None, Vec::new());
        };
        match self.plantuml_settings(found) {
            Ok(settings) => (Some(settings), Vec::new()),
            Err(unusable) => {
                let fence = first.1.fence;
                // A PlantUML that cannot start is like a missing one; one that cannot be sandboxed is always an error.
                let level = match (&unusable, self.config.on_missing) {
                    (crate::plantuml::Unusable::CannotStart(_), OnMissing::Keep) => Level::Warning,
                    _ => Level::Error,
                };
                let mut diagnostic = Diagnostic::new(level, "diagram-plantuml", self.book_relative(unusable.message()));
                if let Some(chapter) = chapters.get(fence.chapter) {
                    diagnostic = diagnostic.at(self.ctx.display_path(chapter), fence.line);
                }
                diagnostics.push(diagnostic);
                let (puml, rest): (Vec<_>, Vec<_>) = std::mem::take(jobs)
                    .into_iter()
                    .partition(|(_, j)| j.fence.kind == Kind::PlantUml);
                *jobs = rest;
                let short = "PlantUML cannot run here (see the build's error)".to_owned();
                (None, puml.into_iter().map(|(i, j)| (i, j, short.clone())).collect())
            }
        }
    }

    /// Paths inside the book written relative to it, as the author knows them.
    fn book_relative(&self, text: &str) -> String {
        let mut out = text.to_owned();
        let roots = [
            std::fs::canonicalize(&self.ctx.root).ok(),
            std::path::absolute(&self.ctx.root).ok(),
        ];
        for root in roots.into_iter().flatten() {
            let root = root.display().to_string();
            if root.len() > 1 {
                out = out.replace(&format!("{root}{}", std::path::MAIN_SEPARATOR), "");
                out = out.replace(&root, ".");
            }
        }
        out
    }

    /// HOME for dot and d2: an empty folder of the suite's in the cache folder,
    /// so no program reads the user's dotfiles or writes among them.
    fn home(&self) -> PathBuf {
        self.cache.dir().join("program-home")
    }

    fn chapter_dir(&self, chapter: &Chapter) -> PathBuf {
        let src = self.ctx.root.join(self.ctx.src_dir());
        let dir = chapter
            .source_path
            .as_deref()
            .and_then(Path::parent)
            .map_or(src.clone(), |p| src.join(p));
        // Programs run in the chapter's folder, so relative includes resolve as the author sees them.
        [dir, src, self.ctx.root.clone()]
            .into_iter()
            .find(|d| d.is_dir())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    fn missing(
        &self,
        p: Program,
        chapter: &Chapter,
        fence: &Fence,
        reported: &mut BTreeSet<Program>,
        edits: &mut Edits,
        diagnostics: &mut Diagnostics,
    ) {
        let command = self.command(p);
        if reported.insert(p) {
            let level = match self.config.on_missing {
                OnMissing::Error => Level::Error,
                OnMissing::Keep => Level::Warning,
            };
            diagnostics.push(
                Diagnostic::new(
                    level,
                    "diagram-program-missing",
                    program::missing_message(p, &command, self.config.on_missing == OnMissing::Keep),
                )
                .at(self.ctx.display_path(chapter), fence.line),
            );
        }
        if self.config.on_missing == OnMissing::Keep {
            let why = hide_machine_paths(&format!(
                "needs {} (`{command}` is not installed here): {}",
                p.display_name(),
                p.install_hint()
            ));
            edits.splice(fence.chapter, render::not_rendered_note(&chapter.content, fence, &why));
            edits.needs_stylesheet(fence.chapter);
        }
    }
}

/// What a page may show of a message: no absolute path of the build machine
/// (a home folder, a user name, a Java install), only the file's name.
fn hide_machine_paths(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(['/', '\\']) {
        let before_ok = rest[..start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "\"'`([<=".contains(c));
        // `C:\...`: a drive letter alone before the colon (not a URL's scheme).
        let bytes = rest.as_bytes();
        let drive = start >= 2
            && bytes[start] == b'\\'
            && bytes[start - 1] == b':'
            && bytes[start - 2].is_ascii_alphabetic()
            && (start == 2 || !bytes[start - 3].is_ascii_alphanumeric());
        let len = rest[start..]
            .find(|c: char| c.is_whitespace() || "\"'`)]>,;".contains(c))
            .unwrap_or(rest.len() - start);
        let token = &rest[start..start + len];
        let separators = token.matches(['/', '\\']).count();
        if (before_ok || drive) && separators >= 2 && !token.contains("://") {
            let head = if drive { &rest[..start - 2] } else { &rest[..start] };
            out.push_str(head);
            let name = token.rsplit(['/', '\\']).next().unwrap_or_default();
            out.push_str(name);
        } else {
            out.push_str(&rest[..start + len.max(1)]);
        }
        rest = &rest[start + len.max(1)..];
    }
    out.push_str(rest);
    out
}

/// Programs answer in several lines (pikchr points at the token with carets):
/// one line for the diagnostic, `line N: `code`` for pikchr's numbered source lines.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.chars().all(|c| c == '^' || c.is_whitespace()))
        .map(|l| match l.strip_prefix("/*").and_then(|r| r.split_once("*/")) {
            Some((n, code)) => format!("line {}: `{}`", n.trim(), code.trim()),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::hide_machine_paths;

    #[test]
    fn pages_show_file_names_not_the_machines_paths() {
        assert_eq!(
            hide_machine_paths("File not found: /home/ann/book/src/x.png"),
            "File not found: x.png"
        );
        assert_eq!(
            hide_machine_paths("needs D2 (`/opt/d2/bin/d2` is not installed)"),
            "needs D2 (`d2` is not installed)"
        );
        assert_eq!(
            hide_machine_paths(r"cannot read C:\Users\ann\book\a.iuml"),
            "cannot read a.iuml"
        );
        for kept in ["src/parts/a.iuml", "a -> b", "see https://example.invalid/x/y", "1/2"] {
            assert_eq!(hide_machine_paths(kept), kept);
        }
    }
}

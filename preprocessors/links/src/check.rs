//! The model → findings: each link resolved the way mdBook 0.5's HTML renderer
//! rewrites it (`fix_link` in mdbook-html 0.5.4 `src/html/tree.rs`: a local
//! `x.md#f` becomes `x.html#f`) and the way a browser then follows it.

use crate::config::LinksConfig;
use crate::scan::page::{LinkKind, LinkSite};
use crate::scan::{Page, Site};
use handbook_core::links::decode;
use handbook_core::splice::LazyLineIndex;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Files mdBook's HTML renderer writes besides the chapters.
const GENERATED: &[&str] = &["index.html", "print.html", "toc.html", "404.html"];

/// Why a link does not reach what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No file or page (`resolved` is the path inside `src`, or in the repository).
    Missing {
        resolved: String,
        suggestion: Option<String>,
        /// What mdBook made of the href, when it is not what the author wrote.
        rewritten: Option<String>,
    },
    /// The page exists but has no such id.
    Anchor {
        fragment: String,
        page: String,
        suggestion: Option<String>,
    },
    /// A markdown file under `src` that SUMMARY.md does not list: mdBook writes no page for it.
    NotInSummary { resolved: String },
    /// `README.md`: mdBook writes it as `index.html` but rewrites the link to `README.html`.
    Readme { resolved: String, instead: String },
    /// A relative link leaving `src/` to a file the repository does not have.
    MissingInRepository { resolved: String },
    /// A relative link that climbs out of the repository.
    OutsideRepository,
}

/// One broken link, where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index into `Site::pages`.
    pub page: usize,
    pub line: usize,
    pub href: String,
    pub problem: Problem,
}

/// What the check saw besides the broken links.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub checked: usize,
    pub external: usize,
    /// Relative links to pages beyond the built book (`../std/index.html`).
    pub beside: usize,
    pub ignored: usize,
}

/// Every link of every page, judged, on every core. A page whose check
/// panicked (a bug) is marked crashed in `crashed` instead.
pub fn check(site: &Site, config: &LinksConfig) -> (Vec<Finding>, Counts, Vec<usize>) {
    let indexes: Vec<usize> = (0..site.pages.len()).collect();
    let near = NearNames::default();
    let judged = handbook_core::parallel::map(&indexes, |&index| check_page(site, config, &near, index));
    let mut findings = Vec::new();
    let mut counts = Counts::default();
    let mut crashed = Vec::new();
    for (index, result) in indexes.into_iter().zip(judged) {
        match result {
            Ok((found, page_counts)) => {
                findings.extend(found);
                counts.add(page_counts);
            }
            Err(_) => crashed.push(index),
        }
    }
    (findings, counts, crashed)
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.checked += other.checked;
        self.external += other.external;
        self.beside += other.beside;
        self.ignored += other.ignored;
    }
}

/// One page's links, judged.
fn check_page(site: &Site, config: &LinksConfig, near: &NearNames, index: usize) -> (Vec<Finding>, Counts) {
    let mut findings = Vec::new();
    let mut counts = Counts::default();
    let Some(page) = site.pages.get(index) else {
        return (findings, counts);
    };
    if config.ignores(&page.source) {
        counts.ignored += page.scan.links().count();
        return (findings, counts);
    }
    // Line numbers are only needed for findings: counted on the first one.
    let lines = LazyLineIndex::new(&page.text);
    for link in page.scan.links() {
        match judge(site, config, near, page, link) {
            Verdict::Ok => counts.checked += 1,
            Verdict::External => counts.external += 1,
            Verdict::BesideTheBook => counts.beside += 1,
            Verdict::Ignored => counts.ignored += 1,
            Verdict::Broken(problem) => {
                counts.checked += 1;
                findings.push(Finding {
                    page: index,
                    line: lines.line(link.offset),
                    href: link.dest.clone(),
                    problem,
                });
            }
        }
    }
    (findings, counts)
}

enum Verdict {
    Ok,
    External,
    /// A page of a site published beside the book (`../std/index.html`).
    BesideTheBook,
    Ignored,
    Broken(Problem),
}

fn judge(site: &Site, config: &LinksConfig, near: &NearNames, page: &Page, link: &LinkSite) -> Verdict {
    let href = link.dest.trim();
    if config.ignores(href) {
        return Verdict::Ignored;
    }
    if let Some(fragment) = href.strip_prefix('#') {
        return match anchor_problem(page, fragment) {
            Some(problem) => Verdict::Broken(problem),
            None => Verdict::Ok,
        };
    }
    if let Some(scheme) = scheme(href) {
        return if matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
            Verdict::External
        } else {
            Verdict::Ok
        };
    }
    if href.starts_with("//") {
        return Verdict::External;
    }
    // What the page will link to: mdBook rewrites markdown links and `<a>` hrefs
    // (not `<img src>`); SUMMARY.md names source files as they are.
    let rewritten = match link.kind {
        LinkKind::Markdown | LinkKind::Image | LinkKind::HtmlHref if page.html.is_some() => fix_link(href),
        _ => href.to_owned(),
    };
    let (path, fragment) = match rewritten.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (rewritten.as_str(), None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if path.is_empty() {
        return match fragment.and_then(|f| anchor_problem(page, f)) {
            Some(problem) => Verdict::Broken(problem),
            None => Verdict::Ok,
        };
    }
    let decoded = decode(path);
    let base = if decoded.starts_with('/') { "" } else { page.folder() };
    let (climbs, inside) = normalize(base, &decoded);
    if climbs > 0 {
        // Outside the book the author's file is meant, as written (as a forge shows it).
        let written = decode(href.split(['#', '?']).next().unwrap_or_default());
        let (above, inside) = normalize(base, &written);
        return outside_src(site, config, above, &inside);
    }
    if page.html.is_none() {
        // SUMMARY.md names source files, which mdBook reads from disk.
        return if site.files.contains(&inside) {
            Verdict::Ok
        } else {
            Verdict::Broken(missing(site, near, page, &inside, true))
        };
    }
    let folder_link = decoded.ends_with('/') || inside.is_empty() || site.folders.contains(&inside);
    let target = if folder_link {
        let index = join(&inside, "index.html");
        site.by_html
            .get(&index)
            .copied()
            .map(Target::Page)
            .or_else(|| site.files.contains(&index).then_some(Target::File))
    } else {
        site.by_html.get(&inside).copied().map(Target::Page).or_else(|| {
            // mdBook copies every file under src except markdown.
            let copied = site.files.contains(&inside) && !inside.ends_with(".md");
            (copied || GENERATED.contains(&inside.as_str())).then_some(Target::File)
        })
    };
    match target {
        Some(Target::Page(target)) => match (fragment, site.pages.get(target)) {
            (Some(f), Some(target)) => anchor_problem(target, f).map_or(Verdict::Ok, Verdict::Broken),
            _ => Verdict::Ok,
        },
        Some(Target::File) => Verdict::Ok,
        None => {
            let mut problem = missing(site, near, page, &inside, names_markdown(href));
            if let Problem::Missing { rewritten: r, .. } = &mut problem
                && rewritten != expected_rewrite(href)
            {
                *r = Some(rewritten.clone());
            }
            Verdict::Broken(problem)
        }
    }
}

/// mdBook 0.5.4's `fix_link` (mdbook-html `src/html/tree.rs`): a local href
/// matching `(?P<link>.*)\.md(?P<anchor>#.*)?` anywhere becomes
/// `link.html` plus the anchor, and whatever followed the match is dropped:
/// `a.mdx` → `a.html`, `a.md?x#y` → `a.html`, `pic.md.png` → `pic.html`.
pub fn fix_link(href: &str) -> String {
    // mdBook's scheme pattern is `^[a-z][a-z0-9+.-]*:`, lowercase only.
    if href.starts_with('#') || scheme(href).is_some_and(|s| !s.chars().any(|c| c.is_ascii_uppercase())) {
        return href.to_owned();
    }
    // `.*` is greedy: the last `.md` wins.
    let Some(at) = href.rfind(".md") else {
        return href.to_owned();
    };
    let (link, rest) = (
        href.get(..at).unwrap_or_default(),
        href.get(at + 3..).unwrap_or_default(),
    );
    let anchor = if rest.starts_with('#') { rest } else { "" };
    format!("{link}.html{anchor}")
}

enum Target {
    Page(usize),
    File,
}

/// The problem with a path under `src` that names no page or file.
fn missing(site: &Site, near: &NearNames, page: &Page, inside: &str, written_as_markdown: bool) -> Problem {
    let markdown = inside
        .strip_suffix(".html")
        .map_or_else(|| inside.to_owned(), |stem| format!("{stem}.md"));
    if markdown.ends_with(".md") && site.files.contains(&markdown) {
        let (folder, name) = markdown.rsplit_once('/').unwrap_or(("", &markdown));
        let index = join(folder, "index.html");
        if name.eq_ignore_ascii_case("readme.md") && site.by_html.contains_key(&index) {
            return Problem::Readme {
                resolved: markdown.clone(),
                instead: relative(page.folder(), &join(folder, "index.md")),
            };
        }
        return Problem::NotInSummary { resolved: markdown };
    }
    let shown = if written_as_markdown {
        markdown
    } else {
        inside.to_owned()
    };
    let suggestion = near.nearest(site, &shown).map(|best| relative(page.folder(), &best));
    Problem::Missing {
        resolved: shown,
        suggestion,
        rewritten: None,
    }
}

/// The names a broken link may have meant, listed at the first miss, and
/// each distinct miss's nearest name remembered: a renamed page linked from
/// thousands of places costs one search, not thousands.
#[derive(Default)]
struct NearNames {
    names: OnceLock<Vec<String>>,
    found: Mutex<HashMap<String, Option<String>>>,
}

impl NearNames {
    /// The name nearest to `wanted` (a path inside `src`), if one is near.
    fn nearest(&self, site: &Site, wanted: &str) -> Option<String> {
        if let Some(known) = self.found.lock().ok().and_then(|found| found.get(wanted).cloned()) {
            return known;
        }
        // As a link would write them: a chapter by its HTML name as `.md`
        // (README.md's page is `index.md`), or a file that is not markdown.
        let names = self.names.get_or_init(|| {
            site.by_html
                .keys()
                .map(|html| {
                    html.strip_suffix(".html")
                        .map_or_else(|| html.clone(), |s| format!("{s}.md"))
                })
                .chain(site.files.iter().filter(|f| !f.ends_with(".md")).cloned())
                .collect()
        });
        let best = nearest(wanted, names.iter().map(String::as_str)).map(str::to_owned);
        if let Ok(mut found) = self.found.lock() {
            found.insert(wanted.to_owned(), best.clone());
        }
        best
    }
}

/// The author's path part ends in `.md` (what mdBook is expected to rewrite).
fn names_markdown(href: &str) -> bool {
    href.split(['#', '?']).next().is_some_and(|p| p.ends_with(".md"))
}

/// The rewrite an author expects: the path's `.md` becomes `.html`, the rest stays.
fn expected_rewrite(href: &str) -> String {
    let end = href.find(['#', '?']).unwrap_or(href.len());
    let (path, rest) = href.split_at(end);
    match path.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html{rest}"),
        None => href.to_owned(),
    }
}

/// A relative link leaving `src/`: checked against the repository's files.
fn outside_src(site: &Site, config: &LinksConfig, above: usize, inside: &str) -> Verdict {
    if !config.repository_files {
        return Verdict::Ignored;
    }
    // `../std/index.html` from a book published beside other sites (the Rust
    // book beside the standard library's docs) names a page of that site, not
    // a file of the repository: it cannot be checked offline, so it is counted.
    let beside_the_book = inside.ends_with(".html") || inside.ends_with(".htm") || inside.is_empty();
    let mut target = site.src.clone();
    for _ in 0..above {
        if !target.pop() {
            return outside_repository(beside_the_book);
        }
    }
    // Where the link really leads, symlinks included, decided before
    // anything outside the repository is looked at (the core's one
    // containment check): a link out is "outside", whether its target
    // exists or not.
    // (`site.src` is as the book names it: the folder the link climbs to
    // is made canonical, as the repository is.)
    let climbed_to = handbook_core::paths::real_root(&target);
    let Ok(target) = handbook_core::paths::inside(&site.repository, &climbed_to.join(inside)) else {
        return outside_repository(beside_the_book);
    };
    if target.exists() {
        Verdict::Ok
    } else if beside_the_book {
        Verdict::BesideTheBook
    } else {
        let base = if target.starts_with(&site.root) {
            &site.root
        } else {
            &site.repository
        };
        let shown = shown_from_root(base, &target);
        Verdict::Broken(Problem::MissingInRepository { resolved: shown })
    }
}

fn outside_repository(beside_the_book: bool) -> Verdict {
    if beside_the_book {
        Verdict::BesideTheBook
    } else {
        Verdict::Broken(Problem::OutsideRepository)
    }
}

fn shown_from_root(base: &Path, target: &Path) -> String {
    let rel: PathBuf = target.strip_prefix(base).unwrap_or(target).to_path_buf();
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `None` when the page has the id (as written or percent-decoded).
fn anchor_problem(target: &Page, fragment: &str) -> Option<Problem> {
    let decoded = decode(fragment);
    if fragment.is_empty() || fragment == "top" || target.has_id(fragment) || target.has_id(&decoded) {
        return None;
    }
    // Only pages have ids; SUMMARY.md links to pages, never to its own ids.
    target.html.as_ref()?;
    Some(Problem::Anchor {
        fragment: decoded.clone(),
        page: target.source.clone(),
        suggestion: nearest(&decoded, target.scan.outline.anchors.iter().map(String::as_str)).map(str::to_owned),
    })
}

/// The scheme of an absolute URL (`https`, `mailto`), as mdBook's `^[a-z][a-z0-9+.-]*:`
/// (any case here, as browsers read it).
fn scheme(href: &str) -> Option<&str> {
    let (scheme, _) = href.split_once(':')?;
    let mut chars = scheme.chars();
    (chars.next()?.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
        .then_some(scheme)
}

/// `base` joined with `path`, `.` and `..` applied: how many levels it climbs
/// above `src`, and the path inside it.
fn normalize(base: &str, path: &str) -> (usize, String) {
    let mut parts: Vec<&str> = Vec::new();
    let mut above = 0;
    for segment in base.split('/').chain(path.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    above += 1;
                }
            }
            s => parts.push(s),
        }
    }
    (above, parts.join("/"))
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_owned()
    } else {
        format!("{folder}/{name}")
    }
}

/// `to` (inside `src`) as a link written from `folder`.
fn relative(folder: &str, to: &str) -> String {
    let from: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(to_parts.iter().skip(common));
    out.join("/")
}

/// The candidate nearest to `wanted` by edit distance, if it is near:
/// at most a third of the word's length, and never more than 3 edits.
fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let length = wanted.chars().count();
    let limit = (length / 3).clamp(1, 3);
    candidates
        .filter(|c| *c != wanted)
        // Lengths further apart than the limit are further apart in distance too.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = (diagonal + usize::from(ca != *cb)).min(above + 1).min(left + 1);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_relative_and_rooted_paths() {
        assert_eq!(normalize("a/b", "../c.md"), (0, "a/c.md".to_owned()));
        assert_eq!(normalize("a", "../../x/y.rs"), (1, "x/y.rs".to_owned()));
        assert_eq!(normalize("", "./"), (0, String::new()));
    }

    #[test]
    fn suggestions_are_near_only() {
        let ids = ["installation", "usage", "install-from-source"];
        assert_eq!(nearest("instalation", ids.iter().copied()), Some("installation"));
        assert_eq!(nearest("configuration", ids.iter().copied()), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn relative_paths_from_a_folder() {
        assert_eq!(relative("guide", "guide/install.md"), "install.md");
        assert_eq!(relative("guide/deep", "ref/x.md"), "../../ref/x.md");
        assert_eq!(relative("", "a/index.md"), "a/index.md");
    }

    #[test]
    fn rewrites_links_as_mdbook_does() {
        // Each pair read from the HTML mdBook 0.5.4 wrote.
        for (written, html) in [
            ("README.md", "README.html"),
            ("README.mdx", "README.html"),
            ("other.md?a=1#b", "other.html"),
            ("sub/index.md#sub", "sub/index.html#sub"),
            ("pic.md.png", "pic.html"),
            ("img/a.png", "img/a.png"),
            ("#x.md", "#x.md"),
            ("https://x.example/a.md", "https://x.example/a.md"),
        ] {
            assert_eq!(fix_link(written), html, "{written}");
        }
    }

    #[test]
    fn schemes_and_lines() {
        assert_eq!(scheme("https://x"), Some("https"));
        assert_eq!(scheme("mailto:a@b"), Some("mailto"));
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("x.md#a:b"), None);
        let lines = LazyLineIndex::new("a\nb\n\nc");
        assert_eq!((lines.line(0), lines.line(2), lines.line(5)), (1, 2, 4));
    }
}

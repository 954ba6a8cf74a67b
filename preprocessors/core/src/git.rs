//! All git data a preprocessor needs from ONE `git log` pass, parsed into a
//! map from repository path to commits. [`load_repository`] reads the whole
//! repository with renames, once per build through
//! [`Context::git_history`](crate::protocol::Context::git_history):
//! handbook-changelog (page histories, "last updated"), handbook-adr (the
//! date an ADR was added, when it states none) and handbook-drift (what
//! changed in the files a page describes, where a file moved) all read it.
//! [`load`] reads only the book's sources, for callers outside a build.
//!
//! One process per page is the known bottleneck of other tools (thousands
//! of processes for a large handbook); one streamed log is a fraction of a
//! second. Every setting that could change the output is pinned on the
//! command line, so a user's git config cannot change the book, and git
//! runs in the C locale without a pager: what it prints is read from
//! porcelain formats and exit codes, never from the words of a message,
//! which a German or Japanese git would translate.

mod log_cache;

use crate::process::RunError;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// One commit that touched at least one file under the book's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// Author date, strict ISO 8601 with the author's offset (`%aI`).
    pub date: String,
    /// Author name after `.mailmap` (`%aN`).
    pub author: String,
    pub subject: String,
}

impl Commit {
    pub fn short_hash(&self) -> &str {
        self.hash.get(..7).unwrap_or(&self.hash)
    }

    /// The calendar day of the author date, as the author's clock showed it.
    pub fn day(&self) -> &str {
        self.date.get(..10).unwrap_or(&self.date)
    }

    /// For ordering across pages: the instant, whatever the offset.
    pub fn timestamp(&self) -> Option<jiff::Timestamp> {
        self.date.parse().ok()
    }
}

/// The history of the whole source directory.
#[derive(Debug, Default)]
pub struct History {
    /// Newest first, as `git log` lists them.
    pub commits: Vec<Commit>,
    /// Repository-relative path (`/`-separated) to indexes into `commits`, newest first.
    by_path: HashMap<String, Vec<usize>>,
    /// Like `by_path` with renames not followed: a rename counts for the old
    /// path and the new one, as `--no-renames` would show it (filled only
    /// when the pass detects renames).
    literal: HashMap<String, Vec<usize>>,
    /// Paths that left the tree: the newest commit that renamed (to the
    /// path that holds the file now) or deleted each.
    departures: HashMap<String, Departure>,
    /// The repository's top folder (empty when unknown).
    pub top: PathBuf,
    /// The book's source directory relative to the repository top, with a trailing `/` (or empty).
    src_prefix: String,
    pub shallow: bool,
}

impl History {
    /// The commits that touched a chapter's file, by its `source_path` (the
    /// real file: a README stays README.md, unlike the rewritten `path`).
    pub fn for_source(&self, source_path: &Path) -> impl Iterator<Item = &Commit> {
        let key = format!("{}{}", self.src_prefix, slashed(source_path));
        self.by_path
            .get(&key)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.commits.get(i))
    }

    /// The commit that added a chapter's file (through renames, when the
    /// pass follows them): the oldest of its history.
    pub fn added(&self, source_path: &Path) -> Option<&Commit> {
        self.for_source(source_path).last()
    }

    /// The newest commit that touched a chapter's file.
    pub fn modified(&self, source_path: &Path) -> Option<&Commit> {
        self.for_source(source_path).next()
    }

    /// Chapter histories, following renames or not (a capability's setting).
    pub fn pages(&self, follow_renames: bool) -> Pages<'_> {
        Pages {
            history: self,
            follow_renames,
        }
    }

    /// The commits that touched a repository path (`/`-separated, from the
    /// top), newest first, through renames when the pass followed them.
    pub fn for_repo_path(&self, path: &str) -> impl Iterator<Item = (usize, &Commit)> {
        self.by_path
            .get(path)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.commits.get(i).map(|c| (i, c)))
    }

    /// Every repository path the history knows as it is named now (a
    /// path renamed away is known under its new name only).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.by_path.keys().map(String::as_str)
    }

    /// Where a path that no longer exists went: the newest rename or deletion.
    pub fn departure(&self, path: &str) -> Option<(&Commit, Option<&str>)> {
        let d = self.departures.get(path)?;
        Some((self.commits.get(d.commit)?, d.renamed_to.as_deref()))
    }

    /// The position in `commits` (0 is newest) of the commit a hash or an
    /// unambiguous prefix of at least 4 digits names.
    pub fn position(&self, hash: &str) -> Option<usize> {
        let hash = hash.to_ascii_lowercase();
        if hash.len() < 4 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut found = self
            .commits
            .iter()
            .enumerate()
            .filter(|(_, c)| c.hash.starts_with(&hash))
            .map(|(i, _)| i);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }
}

/// A path's last move out of the tree.
#[derive(Debug, Clone)]
struct Departure {
    commit: usize,
    /// The path that holds the file now; `None` for a deletion.
    renamed_to: Option<String>,
}

/// Chapter histories from a [`History`], renames followed or not.
#[derive(Debug, Clone, Copy)]
pub struct Pages<'a> {
    history: &'a History,
    follow_renames: bool,
}

impl<'a> Pages<'a> {
    /// The commits that touched a chapter's file, by its `source_path`.
    pub fn for_source(&self, source_path: &Path) -> impl Iterator<Item = &'a Commit> + use<'a> {
        let history = self.history;
        let map = if self.follow_renames || history.literal.is_empty() {
            &history.by_path
        } else {
            &history.literal
        };
        let key = format!("{}{}", history.src_prefix, slashed(source_path));
        map.get(&key)
            .into_iter()
            .flatten()
            .filter_map(|&i| history.commits.get(i))
    }

    /// The commit that added a chapter's file: the oldest of its history.
    pub fn added(&self, source_path: &Path) -> Option<&'a Commit> {
        self.for_source(source_path).last()
    }

    /// The newest commit that touched a chapter's file.
    pub fn modified(&self, source_path: &Path) -> Option<&'a Commit> {
        self.for_source(source_path).next()
    }

    /// True when the history stops at a shallow clone's depth.
    pub fn shallow(&self) -> bool {
        self.history.shallow
    }
}

/// Why there is no git data. Each becomes one clear diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitProblem {
    NotInstalled,
    NotARepository,
    TimedOut(u64),
    Failed(String),
}

/// What went wrong, in words for a diagnostic or an error line.
impl std::fmt::Display for GitProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitProblem::NotInstalled => write!(f, "the `git` program was not found on PATH"),
            GitProblem::NotARepository => write!(f, "not inside a git repository"),
            GitProblem::TimedOut(s) => write!(f, "git did not finish within {s} s"),
            GitProblem::Failed(m) => write!(f, "{m}"),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct GitOptions {
    pub follow_renames: bool,
    pub timeout: Duration,
}

/// The `git log` arguments, every output-changing setting pinned.
pub fn log_args(follow_renames: bool, pathspec: &str) -> Vec<String> {
    let renames = if follow_renames { "true" } else { "false" };
    let mut args: Vec<String> = [
        "-c",
        "log.showSignature=false",
        "-c",
        "log.follow=false",
        "-c",
        "log.showRoot=true",
        "-c",
        "log.mailmap=true",
        "-c",
        "core.quotepath=off",
        "-c",
        "color.ui=never",
        "-c",
        "diff.relative=false",
        "-c",
        "diff.renameLimit=1000",
        "-c",
        "i18n.logOutputEncoding=UTF-8",
        "-c",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    args.push(format!("diff.renames={renames}"));
    args.extend(
        [
            "log",
            "--no-color",
            "--use-mailmap",
            "--no-merges",
            "--no-ext-diff",
            "--format=%H%x00%aI%x00%aN%x00%s",
            "--name-status",
            "-z",
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    args.push(if follow_renames { "-M" } else { "--no-renames" }.to_owned());
    args.push("--".to_owned());
    args.push(pathspec.to_owned());
    args
}

/// The whole repository's history, renames detected: the one pass of a
/// build. Histories of the book's pages come from it through
/// [`History::pages`], with or without following renames.
pub fn load_repository(book_root: &Path, src_dir: &Path, timeout: Duration) -> Result<History, GitProblem> {
    let options = GitOptions {
        follow_renames: true,
        timeout,
    };
    load_with(book_root, src_dir, options, false)
}

/// Runs git once for the repository facts and once for the log of the
/// book's sources only.
pub fn load(book_root: &Path, src_dir: &Path, options: GitOptions) -> Result<History, GitProblem> {
    load_with(book_root, src_dir, options, true)
}

fn load_with(book_root: &Path, src_dir: &Path, options: GitOptions, only_sources: bool) -> Result<History, GitProblem> {
    let src = book_root.join(src_dir);
    if !book_root.is_dir() {
        return Err(GitProblem::NotARepository);
    }
    // One process for the repository's facts and HEAD's commit, in the
    // common case; anything unusual (no repository, no commit yet, a damaged
    // HEAD) is told apart by the slower path below.
    let quick = run_git(
        book_root,
        &[
            "rev-parse",
            "--show-toplevel",
            "--is-shallow-repository",
            "--git-common-dir",
            "HEAD^{commit}",
            "--",
        ],
        options.timeout,
    );
    let (facts, head) = match quick {
        Ok(out) => {
            let head = String::from_utf8_lossy(&out)
                .lines()
                .nth(3)
                .map(str::trim)
                .filter(|h| is_hash(h))
                .map(str::to_owned);
            (out, head)
        }
        Err(GitProblem::NotInstalled) => return Err(GitProblem::NotInstalled),
        Err(GitProblem::TimedOut(s)) => return Err(GitProblem::TimedOut(s)),
        Err(_) => {
            let facts = match run_git(
                book_root,
                &[
                    "rev-parse",
                    "--show-toplevel",
                    "--is-shallow-repository",
                    "--git-common-dir",
                ],
                options.timeout,
            ) {
                Err(GitProblem::Failed(_)) if !inside_repository(book_root) => return Err(GitProblem::NotARepository),
                other => other?,
            };
            (facts, None)
        }
    };
    let text = String::from_utf8_lossy(&facts);
    let mut lines = text.lines();
    let top = PathBuf::from(lines.next().unwrap_or_default().trim());
    let shallow = lines.next().is_some_and(|l| l.trim() == "true");
    // Relative to the folder git ran in (the book root), as git prints it.
    let common_dir = book_root.join(lines.next().unwrap_or_default().trim());
    let (top, src) = match (top.canonicalize(), src.canonicalize()) {
        (Ok(t), Ok(s)) => (t, s),
        _ => return Err(GitProblem::Failed(format!("cannot resolve {}", src.display()))),
    };
    let relative = src.strip_prefix(&top).map_err(|_| {
        GitProblem::Failed(format!(
            "the book's sources {} are outside the repository {}",
            src.display(),
            top.display()
        ))
    })?;
    let mut src_prefix = slashed(relative);
    if !src_prefix.is_empty() {
        src_prefix.push('/');
    }
    let pathspec = match src_prefix.as_str() {
        // `:(top,literal).` would name a file called `.`: the top is `:(top)`.
        "" => ":(top)".to_owned(),
        _ if !only_sources => ":(top)".to_owned(),
        prefix => format!(":(top,literal){prefix}"),
    };
    // A repository with no commit yet has no HEAD: nothing to log. Told by
    // the exit code of `rev-parse --verify --quiet`, not by `git log`'s words.
    let head = match head {
        Some(head) => Some(head),
        None => head_commit(book_root, options.timeout)?,
    };
    let output = match head {
        Some(head) => {
            // The log of this HEAD, kept between builds (`log_cache`).
            let args = log_args(options.follow_renames, &pathspec);
            let entry = log_cache::Entry::new(
                &crate::paths::cache_folder(book_root).join("git"),
                &top,
                &head,
                shallow,
                &log_cache::rewritten_history(&common_dir),
                &args,
            );
            match entry.read() {
                Some(kept) => kept,
                None => {
                    let out = run_git(book_root, &args, options.timeout)?;
                    entry.write(&out);
                    out
                }
            }
        }
        None => Vec::new(),
    };
    let mut history = parse_log(&output, options.follow_renames).map_err(GitProblem::Failed)?;
    history.src_prefix = src_prefix;
    history.shallow = shallow;
    history.top = top;
    Ok(history)
}

/// Parses `git log --format=%H%x00%aI%x00%aN%x00%s --name-status -z`.
///
/// The stream is NUL-separated tokens: a commit's four fields, then status
/// records (`M path`, `R100 old new`), the first one after a `\n`. Walking
/// from newest to oldest, a rename maps the old path to the page's current
/// path, so older commits land on the page that exists now.
pub fn parse_log(bytes: &[u8], follow_renames: bool) -> Result<History, String> {
    let mut history = History::default();
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut tokens = bytes.split(|&b| b == 0).map(String::from_utf8_lossy);
    let mut current: Option<usize> = None;
    while let Some(token) = tokens.next() {
        let token = token.strip_prefix('\n').unwrap_or(&token).to_owned();
        if token.is_empty() {
            continue;
        }
        let paths = status_paths(&token);
        if paths > 0 {
            let commit = current.ok_or_else(|| format!("git log output starts with a file status `{token}`"))?;
            let mut names = Vec::with_capacity(paths);
            for _ in 0..paths {
                names.push(
                    tokens
                        .next()
                        .ok_or("git log output ends inside a file status")?
                        .into_owned(),
                );
            }
            let newest = names.pop().unwrap_or_default();
            let page = renamed.get(&newest).cloned().unwrap_or_else(|| newest.clone());
            push_once(history.by_path.entry(page.clone()).or_default(), commit);
            let old = names.pop().filter(|_| token.starts_with('R'));
            if follow_renames {
                push_once(history.literal.entry(newest.clone()).or_default(), commit);
                if let Some(old) = &old {
                    push_once(history.literal.entry(old.clone()).or_default(), commit);
                }
            }
            let departed = match &old {
                Some(old) => Some((old.clone(), Some(page.clone()))),
                None if token.starts_with('D') => Some((newest, None)),
                None => None,
            };
            if let Some((path, renamed_to)) = departed {
                history
                    .departures
                    .entry(path)
                    .or_insert(Departure { commit, renamed_to });
            }
            if let (Some(old), true) = (old, follow_renames) {
                renamed.insert(old, page);
            }
            continue;
        }
        if !is_hash(&token) {
            return Err(format!(
                "unexpected token in git log output: `{}`",
                token.escape_debug()
            ));
        }
        let mut field = || tokens.next().map(|t| t.into_owned()).unwrap_or_default();
        let (date, author, subject) = (field(), field(), field());
        history.commits.push(Commit {
            hash: token,
            date,
            author,
            subject,
        });
        current = Some(history.commits.len() - 1);
    }
    Ok(history)
}

fn push_once(list: &mut Vec<usize>, commit: usize) {
    if list.last() != Some(&commit) {
        list.push(commit);
    }
}

/// How many paths follow a status token (`R`/`C` have two), 0 if it is not one.
fn status_paths(token: &str) -> usize {
    let mut chars = token.chars();
    let first = chars.next().unwrap_or(' ');
    let score_ok = chars.clone().all(|c| c.is_ascii_digit()) && token.len() <= 4;
    match first {
        'R' | 'C' if score_ok => 2,
        'M' | 'A' | 'D' | 'T' | 'U' | 'X' | 'B' if token.len() == 1 || score_ok => 1,
        _ => 0,
    }
}

fn is_hash(token: &str) -> bool {
    matches!(token.len(), 40 | 64) && token.bytes().all(|b| b.is_ascii_hexdigit())
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `dir` is inside a repository, from the file system (a `.git`
/// folder or file above it, or `GIT_DIR`), not from git's translated error.
fn inside_repository(dir: &Path) -> bool {
    std::env::var_os("GIT_DIR").is_some() || crate::paths::repository_root(dir).is_some()
}

/// The commit HEAD names; `None` on a branch with no commit yet
/// (unborn). A HEAD that names something git cannot read (a missing or
/// damaged commit object, a ref file holding garbage) is neither: it is a
/// damaged repository, and saying "no commit yet" would call every page
/// fresh. Told by exit codes and by whether git wrote to stderr at all,
/// never by its words; the common case (a readable HEAD) costs one run.
fn head_commit(dir: &Path, timeout: Duration) -> Result<Option<String>, GitProblem> {
    let succeeds = |args: &[&str]| run(dir, args, timeout).map(|(status, out, err)| (status.success(), out, err));
    let (readable, id, _) = succeeds(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])?;
    if readable {
        return Ok(Some(String::from_utf8_lossy(&id).trim().to_owned()));
    }
    let (resolves, id, _) = succeeds(&["rev-parse", "--verify", "--quiet", "HEAD"])?;
    if resolves {
        let id = String::from_utf8_lossy(&id).trim().to_owned();
        return Err(damaged(&format!(
            "HEAD names `{id}`, which is not a commit git can read"
        )));
    }
    // HEAD does not resolve: unborn when it is a symbolic ref to a branch
    // that does not exist at all (git lists nothing and says nothing about it).
    let (symbolic, branch, _) = succeeds(&["symbolic-ref", "--quiet", "HEAD"])?;
    let branch = String::from_utf8_lossy(&branch).trim().to_owned();
    if !symbolic || branch.is_empty() {
        return Err(damaged("HEAD is neither a commit nor a branch"));
    }
    let (listed, refs, complaint) = succeeds(&["for-each-ref", "--format=%(refname)", &branch])?;
    if listed && refs.iter().all(u8::is_ascii_whitespace) && complaint.is_empty() {
        Ok(None)
    } else {
        Err(damaged(&format!(
            "HEAD names the branch `{branch}`, which git cannot read"
        )))
    }
}

/// A repository git cannot read the history of: reported like a failed
/// `git log` (each capability's git-failure code), never as "no commit yet".
fn damaged(what: &str) -> GitProblem {
    GitProblem::Failed(format!(
        "the git repository is damaged, its history unreadable: {what} (`git fsck` says more)"
    ))
}

/// Runs git without a shell, stdin closed, stderr captured, under a timeout;
/// a failure carries git's first line of stderr, for the user to read.
pub fn run_git(dir: &Path, args: &[impl AsRef<str>], timeout: Duration) -> Result<Vec<u8>, GitProblem> {
    let (status, out, err) = run(dir, args, timeout)?;
    if status.success() {
        return Ok(out);
    }
    let message = String::from_utf8_lossy(&err);
    let first = message.lines().find(|l| !l.trim().is_empty()).unwrap_or("no message");
    Err(GitProblem::Failed(format!(
        "`git {}` failed ({status}): {first}",
        args.iter()
            .map(AsRef::as_ref)
            .find(|a| !a.starts_with('-') && !a.contains('='))
            .unwrap_or("")
    )))
}

/// The environment every git run gets, on top of `environment::seal`'s
/// allow-list (none of the user's `GIT_*`: no `GIT_DIR` of a hook, no
/// `GIT_CONFIG_*`): the C locale (`LANGUAGE` removed, which GNU gettext would
/// read before `LC_ALL`), no pager, no prompt, no optional locks, and the
/// user's HOME (and its Windows and XDG forms). User and system config stay
/// read, because they may hold what lets git open the repository at all
/// (`safe.directory` in CI containers); every setting that changes the output
/// is pinned with `-c` instead ([`log_args`]).
pub fn command() -> Command {
    let mut command = Command::new("git");
    for name in ["HOME", "XDG_CONFIG_HOME", "USERPROFILE", "HOMEDRIVE", "HOMEPATH"] {
        crate::environment::pass(&mut command, name);
    }
    command
        .arg("--no-pager")
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .env_remove("LANGUAGE")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_PAGER", "cat")
        .env("PAGER", "cat");
    command
}

type Ran = (std::process::ExitStatus, Vec<u8>, Vec<u8>);

fn run(dir: &Path, args: &[impl AsRef<str>], timeout: Duration) -> Result<Ran, GitProblem> {
    let mut git = command();
    git.args(args.iter().map(AsRef::as_ref)).current_dir(dir);
    match crate::process::run(git, None, timeout) {
        Ok(ran) => Ok((ran.status, ran.stdout, ran.stderr)),
        Err(RunError::CouldNotStart(e)) if e.kind() == std::io::ErrorKind::NotFound => Err(GitProblem::NotInstalled),
        Err(RunError::CouldNotStart(e)) => Err(GitProblem::Failed(format!("cannot start git: {e}"))),
        Err(RunError::TimedOut(t)) => Err(GitProblem::TimedOut(t.as_secs())),
        Err(RunError::Failed(m)) => Err(GitProblem::Failed(format!("git: {m}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H1: &str = "1111111111111111111111111111111111111111";
    const H2: &str = "2222222222222222222222222222222222222222";
    const H3: &str = "3333333333333333333333333333333333333333";

    fn stream(commits: &[(&str, &str, &[&str])]) -> Vec<u8> {
        let mut out = String::new();
        for (hash, subject, records) in commits {
            out.push_str(&format!("{hash}\02024-01-02T03:04:05+02:00\0Ana\0{subject}\0\n"));
            for r in *records {
                out.push_str(r);
                out.push('\0');
            }
        }
        out.into_bytes()
    }

    #[test]
    fn maps_paths_and_follows_renames_back_in_time() {
        let log = stream(&[
            (H3, "rename", &["R100", "src/old.md", "src/new.md", "M", "src/a.md"]),
            (H2, "", &["M", "src/old.md"]),
            (H1, "first", &["A", "src/old.md", "A", "src/a.md"]),
        ]);
        let h = parse_log(&log, true).unwrap();
        let subjects = |p: &str| {
            h.for_source(Path::new(p))
                .map(|c| c.subject.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(subjects("src/new.md"), ["rename", "", "first"]);
        assert_eq!(subjects("src/a.md"), ["rename", "first"]);
        let h = parse_log(&log, false).unwrap();
        assert_eq!(h.for_source(Path::new("src/new.md")).count(), 1);
        assert_eq!(h.for_source(Path::new("src/old.md")).count(), 2);
    }

    #[test]
    fn one_pass_serves_followed_and_literal_histories_and_departures() {
        let log = stream(&[
            (
                H3,
                "Split the splicer",
                &["R090", "core/splice.rs", "core/splice/mod.rs", "D", "core/gone.rs"],
            ),
            (H2, "edit", &["M", "core/splice.rs"]),
            (H1, "first", &["A", "core/splice.rs", "A", "core/gone.rs"]),
        ]);
        let h = parse_log(&log, true).unwrap();
        assert_eq!(h.for_repo_path("core/splice/mod.rs").count(), 3);
        assert_eq!(h.pages(false).for_source(Path::new("core/splice.rs")).count(), 3);
        assert_eq!(h.pages(false).for_source(Path::new("core/splice/mod.rs")).count(), 1);
        assert_eq!(h.pages(true).for_source(Path::new("core/splice/mod.rs")).count(), 3);
        let (commit, to) = h.departure("core/splice.rs").unwrap_or_else(|| panic!("no departure"));
        assert_eq!(
            (commit.subject.as_str(), to),
            ("Split the splicer", Some("core/splice/mod.rs"))
        );
        assert_eq!(h.departure("core/gone.rs").map(|(_, to)| to), Some(None));
        assert!(h.departure("core/splice/mod.rs").is_none());
        assert_eq!(h.position("2222"), Some(1));
        assert_eq!(h.position(H1), Some(2));
        assert_eq!(h.position("222"), None, "too short to name a commit");
        assert_eq!(h.position("4444"), None);
    }

    #[test]
    fn hex_named_files_and_garbage() {
        let log = stream(&[(H1, "s", &["M", H2, "A", "x.md"])]);
        let h = parse_log(&log, true).unwrap();
        assert_eq!(h.commits.len(), 1);
        assert_eq!(h.for_source(Path::new(H2)).count(), 1);
        assert!(parse_log(b"garbage\0", true).is_err());
        assert!(parse_log(b"", true).is_ok_and(|h| h.commits.is_empty()));
    }

    /// git in `dir` with a fixed identity and no user config; panics (the
    /// test needs git) when it is missing.
    fn git_in(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=A",
                "-c",
                "user.email=a@example.com",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap_or_else(|e| panic!("this test needs the `git` program: {e}"));
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    #[test]
    fn unborn_head_unreadable_head_and_a_good_one_are_told_apart() {
        let tmp = std::env::temp_dir().join(format!("hb-core-git-head-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let repo = |name: &str, commit: bool| {
            let dir = tmp.join(name);
            std::fs::create_dir_all(dir.join("src")).unwrap();
            git_in(&dir, &["init", "-q"]);
            if commit {
                std::fs::write(dir.join("src/a.md"), "# A\n").unwrap();
                git_in(&dir, &["add", "-A"]);
                git_in(&dir, &["commit", "-q", "-m", "first"]);
            }
            dir
        };
        let t = Duration::from_secs(30);
        let good = repo("good", true);
        assert!(head_commit(&good, t).is_ok_and(|h| h.is_some_and(|h| is_hash(&h))));
        assert!(load_repository(&good, Path::new("src"), t).is_ok_and(|h| h.commits.len() == 1));

        let unborn = repo("unborn", false);
        assert_eq!(head_commit(&unborn, t), Ok(None));
        assert!(load_repository(&unborn, Path::new("src"), t).is_ok_and(|h| h.commits.is_empty()));

        // HEAD names a commit whose object is gone.
        let missing = repo("missing-object", true);
        let head = git_in(&missing, &["rev-parse", "HEAD"]);
        std::fs::remove_file(missing.join(".git/objects").join(&head[..2]).join(&head[2..])).unwrap();
        // The branch file holds no hash at all.
        let garbage = repo("garbage-ref", true);
        std::fs::write(garbage.join(".git/refs/heads/main"), "garbage\n").unwrap();
        for damaged in [&missing, &garbage] {
            match load_repository(damaged, Path::new("src"), t) {
                Err(GitProblem::Failed(m)) => assert!(m.contains("damaged"), "{m}"),
                other => panic!("{}: {other:?} is not a damaged repository", damaged.display()),
            }
        }
        let _ = std::fs::remove_dir_all(&tmp);
    }

    /// Issue 25: a rebuild at the same HEAD reads the kept log and runs no
    /// `git log`; a new commit is seen at once.
    #[test]
    fn the_log_is_kept_per_head_and_a_new_commit_is_seen() {
        let dir = std::env::temp_dir().join(format!("hb-core-git-kept-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        git_in(&dir, &["init", "-q"]);
        std::fs::write(dir.join("src/a.md"), "# A\n").unwrap();
        git_in(&dir, &["add", "-A"]);
        git_in(&dir, &["commit", "-q", "-m", "first"]);
        let t = Duration::from_secs(30);
        let subjects = || match load_repository(&dir, Path::new("src"), t) {
            Ok(h) => h.commits.iter().map(|c| c.subject.clone()).collect::<Vec<_>>(),
            Err(e) => panic!("{e}"),
        };
        assert_eq!(subjects(), ["first"]);
        assert!(
            dir.join(".handbook-cache/git").is_dir(),
            "the log is kept in the suite's cache folder"
        );
        std::fs::write(dir.join("src/a.md"), "# A\n\nMore.\n").unwrap();
        git_in(&dir, &["commit", "-qam", "second"]);
        assert_eq!(subjects(), ["second", "first"], "a new commit is a new key");
        // With HEAD's tree object gone, `git log --name-status` cannot run:
        // the same HEAD is served from the kept log.
        let tree = git_in(&dir, &["rev-parse", "HEAD^{tree}"]);
        std::fs::remove_file(dir.join(".git/objects").join(&tree[..2]).join(&tree[2..])).unwrap();
        assert!(
            run_git(&dir, &log_args(true, ":(top)"), t).is_err(),
            "the test needs a log that cannot run"
        );
        assert_eq!(subjects(), ["second", "first"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// `git replace` rewrites the history HEAD shows without moving HEAD:
    /// the kept log of the old history must not be served.
    #[test]
    fn a_replace_ref_is_seen_at_the_same_head() {
        let dir = std::env::temp_dir().join(format!("hb-core-git-replace-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap_or_else(|e| panic!("{e}"));
        git_in(&dir, &["init", "-q"]);
        for (text, subject) in [("# A\n", "first"), ("# A\n\nMore.\n", "second")] {
            std::fs::write(dir.join("src/a.md"), text).unwrap_or_else(|e| panic!("{e}"));
            git_in(&dir, &["add", "-A"]);
            git_in(&dir, &["commit", "-q", "-m", subject]);
        }
        let t = Duration::from_secs(30);
        let subjects = || match load_repository(&dir, Path::new("src"), t) {
            Ok(h) => h.commits.iter().map(|c| c.subject.clone()).collect::<Vec<_>>(),
            Err(e) => panic!("{e}"),
        };
        assert_eq!(subjects(), ["second", "first"]);
        let tree = git_in(&dir, &["rev-parse", "HEAD^{tree}"]);
        let parent = git_in(&dir, &["rev-parse", "HEAD~1"]);
        let other = git_in(&dir, &["commit-tree", &tree, "-p", &parent, "-m", "replaced"]);
        git_in(&dir, &["replace", "HEAD", &other]);
        assert_eq!(subjects(), ["replaced", "first"], "a loose replace ref");
        git_in(&dir, &["pack-refs", "--all"]);
        git_in(&dir, &["replace", "-d", "HEAD"]);
        assert_eq!(subjects(), ["second", "first"], "the replace ref removed");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn settings_that_change_output_are_pinned() {
        let args = log_args(true, "src/").join(" ");
        for pinned in [
            "log.showSignature=false",
            "log.follow=false",
            "diff.renames=true",
            "--use-mailmap",
            "-z",
        ] {
            assert!(args.contains(pinned), "{pinned}");
        }
        assert!(log_args(false, "src/").join(" ").contains("--no-renames"));
    }
}

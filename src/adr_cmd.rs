//! `mdbook-handbook adr ...`: writing decisions in the folder's own format.
//! This file only reads arguments and files, and writes files or a diff;
//! what changes inside a file is `handbook_adr::edit`'s business.

use anyhow::{Context as _, Result, anyhow, bail};
use handbook_adr::discover::Folders;
use handbook_adr::edit::format::Family;
use handbook_adr::edit::new::{NewDecision, new_decision};
use handbook_adr::edit::renumber::renumber;
use handbook_adr::edit::{AdrRef, Change, EditError, Workspace, diff, list, refs, relate, status};
use handbook_adr::scan::relations::RelationKind;
use handbook_core::date::{HandbookDate, Precision};
use handbook_core::status::StatusWords;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const USAGE: &str = "\
usage: mdbook-handbook adr COMMAND [--book DIR] [--folder DIR] [--dry-run]

  new \"Title\" [--supersedes N]... [--amends N]... [--relates N]... [--status proposed]
      [--format nygard|madr2|madr3|log4brains|bold|tendermint]
      The next number no branch uses, named, titled and dated like the
      folder's newest ADR, from the folder's template (or its format's),
      listed in SUMMARY.md after the folder's last ADR.
  supersede OLD NEW      OLD's status becomes superseded by NEW; NEW gains `Supersedes OLD`.
  status N WORD          Change N's status (and its status date where the format has one).
  link N --amends M | --relates M | --supersedes M
                         Add a relation on both sides.
  renumber N M           Rename N's file to number M, rewrite every link to it (N may be a file name).
  list [--status S] [--json]
                         The decision log; --json is the documented schema (see the guide).

--book DIR: the book (default: the current directory). --folder DIR: the ADR
folder, relative to the book's src (needed when the book has several).
--dry-run: print the unified diff of what would change, write nothing.";

/// Runs `mdbook-handbook adr ARGS`.
pub fn run(args: &[String]) -> ExitCode {
    match parse(args).and_then(execute) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mdbook-handbook adr: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Debug, Default)]
struct Args {
    command: String,
    positional: Vec<String>,
    book: Option<PathBuf>,
    folder: Option<PathBuf>,
    dry_run: bool,
    json: bool,
    status: Option<String>,
    format: Option<Family>,
    supersedes: Vec<AdrRef>,
    amends: Vec<AdrRef>,
    relates: Vec<AdrRef>,
}

fn parse(args: &[String]) -> Result<Args> {
    let mut out = Args::default();
    let mut it = args.iter();
    let number = |flag: &str, v: Option<&String>| -> Result<AdrRef> {
        let v = value(flag, v, "an ADR number or file name")?;
        Ok(AdrRef::parse(v))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--book" => out.book = Some(value("--book", it.next(), "a directory")?.into()),
            "--folder" => out.folder = Some(value("--folder", it.next(), "a directory")?.into()),
            "--dry-run" | "-n" => out.dry_run = true,
            "--json" => out.json = true,
            "--status" => out.status = Some(value("--status", it.next(), "a word")?.to_owned()),
            "--format" => {
                let name = value("--format", it.next(), "a name")?;
                out.format = Some(Family::from_name(name).ok_or_else(|| {
                    anyhow!("--format: `{name}` is none of nygard, madr2, madr3, madr4, log4brains, bold, tendermint")
                })?);
            }
            "--supersedes" => out.supersedes.push(number("--supersedes", it.next())?),
            "--amends" => out.amends.push(number("--amends", it.next())?),
            "--relates" => out.relates.push(number("--relates", it.next())?),
            "--help" | "-h" => out.command = "help".into(),
            // `-5` too: an option-like word is never taken as a number or a title.
            flag if flag.starts_with('-') => bail!("unknown option {flag}\n\n{USAGE}"),
            word if out.command.is_empty() => out.command = word.to_owned(),
            word => out.positional.push(word.to_owned()),
        }
    }
    Ok(out)
}

/// A flag's value: there, and not another option (`--folder --dry-run`).
fn value<'a>(flag: &str, v: Option<&'a String>, what: &str) -> Result<&'a str> {
    match v {
        Some(v) if !v.starts_with('-') => Ok(v),
        Some(v) => bail!("{flag} needs {what}, found the option-like `{v}`\n\n{USAGE}"),
        None => bail!("{flag} needs {what}\n\n{USAGE}"),
    }
}

/// A new ADR number as written: digits (`5`, `0005`), optionally after `#`
/// or `ADR-`; positive. `-5` is refused, not read as 5.
fn positive_number(text: &str) -> Result<u32> {
    let lower = text.to_ascii_lowercase();
    let digits = lower
        .strip_prefix('#')
        .or_else(|| lower.strip_prefix("adr").and_then(|r| r.strip_prefix('-')))
        .unwrap_or(&lower);
    match digits.parse::<u32>() {
        Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => bail!("`{text}` is not a positive ADR number"),
    }
}

fn execute(args: Args) -> Result<ExitCode> {
    if args.command.is_empty() || args.command == "help" {
        eprintln!("{USAGE}");
        return Ok(if args.command == "help" {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        });
    }
    let book = Book::open(args.book.as_deref().unwrap_or(Path::new(".")))?;
    let folder = book.folder(args.folder.as_deref())?;
    let mut ws = book.workspace(folder.clone())?;
    let folder_dir = book.src.join(&folder);
    let positional = |i: usize, what: &str| -> Result<&str> {
        args.positional
            .get(i)
            .map(String::as_str)
            .ok_or_else(|| anyhow!("`adr {}` needs {what}\n\n{USAGE}", args.command))
    };
    let adr = |i: usize, what: &str| -> Result<AdrRef> { Ok(AdrRef::parse(positional(i, what)?)) };
    match args.command.as_str() {
        "list" => {
            let log = list::dated_log(&ws, &book.context(), book.date_source);
            let status = args.status.as_deref();
            let text = if args.json {
                serde_json::to_string_pretty(&list::json(&ws, &log, status))? + "\n"
            } else {
                list::lines(&log, status).iter().map(|l| format!("{l}\n")).collect()
            };
            print_out(&text);
            return Ok(ExitCode::SUCCESS);
        }
        "new" => {
            let ask = NewDecision {
                title: positional(0, "a title")?.to_owned(),
                status: args.status.clone().unwrap_or_else(|| "proposed".into()),
                supersedes: args.supersedes.clone(),
                amends: args.amends.clone(),
                relates: args.relates.clone(),
                taken: numbers_on_branches(&folder_dir),
                family: args.format,
            };
            let created = new_decision(&mut ws, &ask).map_err(|e| book.located(e))?;
            eprintln!(
                "mdbook-handbook adr: new {} ({}){}",
                slashed(&book.rel_src.join(&created.path)),
                created.heading,
                if created.in_summary {
                    ""
                } else {
                    "; SUMMARY.md lists no ADR of this folder, so it was not added there"
                }
            );
        }
        "supersede" => {
            relate::supersede(&mut ws, &adr(0, "OLD and NEW")?, &adr(1, "OLD and NEW")?).map_err(|e| book.located(e))?
        }
        "status" => status::set_status(
            &mut ws,
            &adr(0, "an ADR and a status")?,
            positional(1, "a status word")?,
        )
        .map_err(|e| book.located(e))?,
        "link" => {
            let n = adr(0, "an ADR")?;
            let pairs = [
                (&args.amends, RelationKind::Amends),
                (&args.relates, RelationKind::Relates),
                (&args.supersedes, RelationKind::Supersedes),
            ];
            let mut any = false;
            for (targets, kind) in pairs {
                for m in targets {
                    relate::link(&mut ws, &n, kind, m).map_err(|e| book.located(e))?;
                    any = true;
                }
            }
            if !any {
                bail!("`adr link N` needs --amends M, --relates M or --supersedes M");
            }
        }
        "renumber" => {
            let arg = positional(0, "the old and the new number")?;
            let which = AdrRef::parse(arg);
            let new_arg = positional(1, "the new number")?;
            let new = positive_number(new_arg)?;
            let mut taken = numbers_on_branches(&folder_dir);
            // The file's own number on other branches is its old self, not a clash.
            if let AdrRef::Number(old) = which {
                taken.remove(&old);
            }
            let path = renumber(&mut ws, &which, new, &taken).map_err(|e| book.located(e))?;
            eprintln!(
                "mdbook-handbook adr: renumbered to {}",
                slashed(&book.rel_src.join(path))
            );
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
    let changes = ws.changes();
    if args.dry_run {
        let mut text = String::new();
        for c in &changes {
            text.push_str(&book.diff(c));
        }
        print_out(&text);
    } else {
        book.write(&changes)?;
        for c in &changes {
            eprintln!("mdbook-handbook adr: wrote {}", slashed(&book.rel_src.join(&c.to)));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The diff or the list is the command's output, so it goes to stdout.
#[allow(clippy::print_stdout)]
fn print_out(text: &str) {
    print!("{text}");
}

/// Numbers other branches use; outside git, none (with a note on stderr).
fn numbers_on_branches(folder_dir: &Path) -> BTreeSet<u32> {
    match refs::on_all_branches(folder_dir) {
        Ok(files) => files.into_iter().map(|f| f.number).collect(),
        Err(e) => {
            eprintln!("mdbook-handbook adr: numbers on other branches not checked: {e}");
            BTreeSet::new()
        }
    }
}

fn slashed(p: &Path) -> String {
    handbook_core::platform::slashed(p)
}

/// The book on disk: its root, its `src`, and what book.toml says.
pub(crate) struct Book {
    pub(crate) src: PathBuf,
    /// `src` relative to the root, for messages and diff labels.
    pub(crate) rel_src: PathBuf,
    config: Value,
    root: PathBuf,
    pub(crate) folders: Vec<String>,
    statuses: BTreeMap<String, String>,
    date_source: handbook_adr::config::DateSource,
}

impl Book {
    pub(crate) fn open(root: &Path) -> Result<Book> {
        let toml_path = root.join("book.toml");
        let text = std::fs::read_to_string(&toml_path).with_context(|| format!("reading {}", toml_path.display()))?;
        let table: toml::Table = toml::from_str(&text).with_context(|| format!("reading {}", toml_path.display()))?;
        let config = serde_json::to_value(table)?;
        let rel_src = handbook_core::protocol::Context::new(
            root.to_path_buf(),
            "html",
            handbook_core::protocol::BUILT_FOR_MDBOOK,
            config.clone(),
        )
        .src_dir();
        // The capability's own typed config: a typo is the same error a build gives.
        let (_, adr) = handbook_core::config::load::<handbook_adr::config::AdrConfig>(&config, "adr")
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let (folders, statuses, date_source) = (adr.folders, adr.statuses, adr.date_source);
        Ok(Book {
            src: root.join(&rel_src),
            rel_src,
            config,
            root: root.to_path_buf(),
            folders,
            statuses,
            date_source,
        })
    }

    /// The build's context for this book (git dates for `adr list`).
    fn context(&self) -> handbook_core::protocol::Context {
        handbook_core::protocol::Context::new(
            self.root.clone(),
            "html",
            handbook_core::protocol::BUILT_FOR_MDBOOK,
            self.config.clone(),
        )
    }

    /// Every markdown file under `src`, by path relative to it.
    pub(crate) fn files(&self) -> Result<Vec<(PathBuf, String)>> {
        let mut out = Vec::new();
        let mut dirs = vec![PathBuf::new()];
        while let Some(dir) = dirs.pop() {
            let entries = std::fs::read_dir(self.src.join(&dir))
                .with_context(|| format!("reading {}", self.src.join(&dir).display()))?;
            for entry in entries {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                let rel = dir.join(&name);
                if entry.file_type()?.is_dir() {
                    dirs.push(rel);
                } else if name.ends_with(".md") {
                    // A file that is not UTF-8 is left alone: no edit reads or writes it.
                    match std::fs::read_to_string(entry.path()) {
                        Ok(text) => out.push((rel, text)),
                        Err(e) => eprintln!("mdbook-handbook adr: {} is left alone: {e}", entry.path().display()),
                    }
                }
            }
        }
        Ok(out)
    }

    /// The ADR folder (relative to `src`): the one given, else the only one the book has.
    fn folder(&self, given: Option<&Path>) -> Result<PathBuf> {
        if let Some(given) = given {
            // A folder to create must stay inside src by its words alone:
            // `../../x` does not exist yet and would be written outside.
            let lexically_inside = given
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
            if given.is_relative() && !given.exists() && !self.src.join(given).exists() {
                return if lexically_inside {
                    Ok(given.to_path_buf())
                } else {
                    Err(anyhow!(
                        "--folder {} is not inside {}",
                        given.display(),
                        self.src.display()
                    ))
                };
            }
            if self.src.join(given).is_dir() && lexically_inside {
                return Ok(given.to_path_buf());
            }
            let outside = || anyhow!("--folder {} is not inside {}", given.display(), self.src.display());
            let abs = std::path::absolute(given).with_context(|| format!("--folder {}", given.display()))?;
            let real = handbook_core::paths::inside(&self.src, &abs).map_err(|_| outside())?;
            return real
                .strip_prefix(handbook_core::paths::real_root(&self.src))
                .map(Path::to_path_buf)
                .map_err(|_| outside());
        }
        let holder = Folders::new(&self.folders);
        let found: BTreeSet<PathBuf> = self
            .files()?
            .into_iter()
            .filter(|(p, _)| holder.holds(p))
            .filter_map(|(p, _)| p.parent().map(Path::to_path_buf))
            .collect();
        match found.len() {
            1 => Ok(found.into_iter().next().unwrap_or_default()),
            0 => bail!(
                "no ADR folder found under {} (folders named {}); pass --folder DIR",
                self.src.display(),
                self.folders.join(", ")
            ),
            _ => bail!(
                "the book has several ADR folders ({}); pass --folder DIR",
                found.iter().map(|p| slashed(p)).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    pub(crate) fn workspace(&self, folder: PathBuf) -> Result<Workspace> {
        let today = handbook_core::date::today(None).map_err(|e| anyhow!(e))?;
        Ok(Workspace::new(
            self.files()?,
            folder,
            handbook_core::markdown::options_from_config(&self.config),
            StatusWords::new(&self.statuses),
            HandbookDate {
                date: today,
                precision: Precision::Day,
            },
        ))
    }

    /// A refusal, with its file named from the book's root (`src/decisions/x.md`).
    fn located(&self, e: EditError) -> anyhow::Error {
        match e.path {
            Some(p) => anyhow!("{}: {}", slashed(&self.rel_src.join(p)), e.message),
            None => anyhow!(e.message),
        }
    }

    fn diff(&self, c: &Change) -> String {
        let label = |p: &Path| slashed(&self.rel_src.join(p));
        let from = c
            .from
            .as_ref()
            .map_or_else(|| "/dev/null".to_owned(), |p| format!("a/{}", label(p)));
        diff::unified(&from, &format!("b/{}", label(&c.to)), &c.before, &c.after)
    }

    /// Writes every change: renames first, then contents.
    fn write(&self, changes: &[Change]) -> Result<()> {
        for c in changes {
            let to = self.src.join(&c.to);
            if let Some(from) = &c.from
                && from != &c.to
            {
                std::fs::rename(self.src.join(from), &to).with_context(|| format!("renaming to {}", to.display()))?;
            }
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&to, &c.after).with_context(|| format!("writing {}", to.display()))?;
        }
        Ok(())
    }
}

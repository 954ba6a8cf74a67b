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
use handbook_core::platform::slashed;
use handbook_core::status::StatusWords;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Write decisions in the ADR folder's own format, numbered safely across branches.
#[derive(Debug, clap::Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct AdrArgs {
    /// The book (default: the current directory).
    #[arg(long, global = true, value_name = "DIR")]
    book: Option<PathBuf>,
    /// The ADR folder, relative to the book's src (needed when the book has several).
    #[arg(long, global = true, value_name = "DIR")]
    folder: Option<PathBuf>,
    /// Print the unified diff of what would change, write nothing.
    #[arg(short = 'n', long, global = true)]
    dry_run: bool,
    #[command(subcommand)]
    command: AdrCommand,
}

/// An ADR (`N`, `M`, `OLD`, `NEW`): a number (`5`, `0005`, `#5`, `ADR-5`) or a file name.
#[derive(Debug, clap::Subcommand)]
enum AdrCommand {
    /// The next number no branch uses, named, titled and dated like the
    /// folder's newest ADR, from the folder's template (or its format's),
    /// listed in SUMMARY.md after the folder's last ADR.
    New {
        title: String,
        #[arg(long, value_name = "N", value_parser = adr_ref)]
        supersedes: Vec<AdrRef>,
        #[arg(long, value_name = "N", value_parser = adr_ref)]
        amends: Vec<AdrRef>,
        #[arg(long, value_name = "N", value_parser = adr_ref)]
        relates: Vec<AdrRef>,
        #[arg(long, value_name = "WORD", default_value = "proposed")]
        status: String,
        /// The format, when the folder has no ADR to copy it from.
        #[arg(long, value_name = "FORMAT", value_parser = family, help = format_help())]
        format: Option<Family>,
    },
    /// OLD's status becomes superseded by NEW; NEW gains `Supersedes OLD`.
    Supersede {
        #[arg(value_parser = adr_ref)]
        old: AdrRef,
        #[arg(value_parser = adr_ref)]
        new: AdrRef,
    },
    /// Change N's status (and its status date where the format has one).
    Status {
        #[arg(value_name = "N", value_parser = adr_ref)]
        adr: AdrRef,
        word: String,
    },
    /// Add a relation on both sides.
    #[command(group(clap::ArgGroup::new("relation").required(true).multiple(true)))]
    Link {
        #[arg(value_name = "N", value_parser = adr_ref)]
        adr: AdrRef,
        #[arg(long, value_name = "M", value_parser = adr_ref, group = "relation")]
        amends: Vec<AdrRef>,
        #[arg(long, value_name = "M", value_parser = adr_ref, group = "relation")]
        relates: Vec<AdrRef>,
        #[arg(long, value_name = "M", value_parser = adr_ref, group = "relation")]
        supersedes: Vec<AdrRef>,
    },
    /// Rename N's file to number M, rewrite every link to it (N may be a file name).
    Renumber {
        #[arg(value_name = "N", value_parser = adr_ref)]
        adr: AdrRef,
        #[arg(value_name = "M", value_parser = positive_number)]
        new: u32,
    },
    /// The decision log; --json is the documented schema (see the guide).
    List {
        #[arg(long, value_name = "WORD")]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// Runs `mdbook-handbook adr ...`.
pub fn run(args: AdrArgs) -> ExitCode {
    match execute(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mdbook-handbook adr: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn adr_ref(text: &str) -> Result<AdrRef, String> {
    Ok(AdrRef::parse(text))
}

fn family(name: &str) -> Result<Family, String> {
    Family::from_name(name).ok_or_else(|| format!("`{name}` is none of {}", family_names()))
}

fn family_names() -> String {
    let mut names: Vec<&str> = Family::ALL.iter().map(|f| f.name()).collect();
    // madr4 writes what madr3 writes (`Family::from_name`).
    names.push("madr4");
    names.join(", ")
}

fn format_help() -> String {
    format!(
        "The format, when the folder has no ADR to copy it from: {}",
        family_names()
    )
}

/// A new ADR number as written: digits (`5`, `0005`), optionally after `#`
/// or `ADR-`; positive. `-5` is refused, not read as 5.
fn positive_number(text: &str) -> std::result::Result<u32, String> {
    let lower = text.to_ascii_lowercase();
    let digits = lower
        .strip_prefix('#')
        .or_else(|| lower.strip_prefix("adr").and_then(|r| r.strip_prefix('-')))
        .unwrap_or(&lower);
    match digits.parse::<u32>() {
        Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(format!("`{text}` is not a positive ADR number")),
    }
}

fn execute(args: AdrArgs) -> Result<ExitCode> {
    let book = Book::open(args.book.as_deref().unwrap_or(Path::new(".")))?;
    let folder = book.folder(args.folder.as_deref())?;
    let mut ws = book.workspace(folder.clone())?;
    let folder_dir = book.src.join(&folder);
    match args.command {
        AdrCommand::List { status, json } => {
            let log = list::dated_log(&ws, &book.context(), book.date_source);
            let status = status.as_deref();
            let text = if json {
                serde_json::to_string_pretty(&list::json(&ws, &log, status))? + "\n"
            } else {
                list::lines(&log, status).iter().map(|l| format!("{l}\n")).collect()
            };
            print_out(&text);
            return Ok(ExitCode::SUCCESS);
        }
        AdrCommand::New {
            title,
            supersedes,
            amends,
            relates,
            status,
            format,
        } => {
            let ask = NewDecision {
                title,
                status,
                supersedes,
                amends,
                relates,
                taken: numbers_on_branches(&folder_dir),
                family: format,
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
        AdrCommand::Supersede { old, new } => relate::supersede(&mut ws, &old, &new).map_err(|e| book.located(e))?,
        AdrCommand::Status { adr, word } => status::set_status(&mut ws, &adr, &word).map_err(|e| book.located(e))?,
        AdrCommand::Link {
            adr,
            amends,
            relates,
            supersedes,
        } => {
            let pairs = [
                (amends, RelationKind::Amends),
                (relates, RelationKind::Relates),
                (supersedes, RelationKind::Supersedes),
            ];
            for (targets, kind) in pairs {
                for m in &targets {
                    relate::link(&mut ws, &adr, kind, m).map_err(|e| book.located(e))?;
                }
            }
        }
        AdrCommand::Renumber { adr, new } => {
            let mut taken = numbers_on_branches(&folder_dir);
            // The file's own number on other branches is its old self, not a clash.
            if let AdrRef::Number(old) = adr {
                taken.remove(&old);
            }
            let path = renumber(&mut ws, &adr, new, &taken).map_err(|e| book.located(e))?;
            eprintln!(
                "mdbook-handbook adr: renumbered to {}",
                slashed(&book.rel_src.join(path))
            );
        }
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

//! External programs: found on PATH (no shell), fed on stdin, killed on timeout.

use crate::kind::Program;
use handbook_core::{platform, process};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// What the program of one diagram may write before it is stopped: far
/// above any real picture (a 10,000-node dot graph is a few MB), far below
/// what hurts a build machine when a program writes without end.
pub const OUTPUT_LIMIT: process::OutputLimit = process::OutputLimit {
    stdout: 64 << 20,
    stderr: 4 << 20,
};

/// The limit for one run that draws `diagrams` diagrams (PlantUML's batch):
/// [`OUTPUT_LIMIT`] each, up to 512 MiB; a batch that writes more is drawn
/// again one diagram per run, each with its own limit.
pub fn output_limit(diagrams: usize) -> process::OutputLimit {
    process::OutputLimit {
        stdout: OUTPUT_LIMIT.stdout.saturating_mul(diagrams.max(1)).min(512 << 20),
        stderr: OUTPUT_LIMIT.stderr,
    }
}

/// Why a program run produced no SVG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    Missing,
    TimedOut(Duration),
    Failed(String),
}

/// The program found for a kind: its path and a fingerprint of what it is.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    /// Changes when the program (or, for a launcher script, a jar it names) changes:
    /// path, size and modification time. Part of every cache key of its diagrams.
    pub fingerprint: String,
    /// The jars a launcher script names (or the jar itself): where PlantUML lives.
    pub jars: Vec<PathBuf>,
}

/// Looks `command` up as a path or on PATH, like a shell would, without a shell.
pub fn find(command: &str) -> Option<Found> {
    let path = if command.contains('/') || command.contains(std::path::MAIN_SEPARATOR) {
        Some(PathBuf::from(command)).filter(|p| p.is_file())
    } else {
        on_path(command)
    }?;
    let mut fingerprint = file_fingerprint(&path);
    let mut jars = Vec::new();
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("jar")) {
        jars.push(path.clone());
    }
    // A launcher script (Debian's plantuml, pyenv shims) names the real thing: fingerprint that too.
    if let Ok(text) = std::fs::read(&path)
        && text.starts_with(b"#!")
        && text.len() < 64 * 1024
    {
        let text = String::from_utf8_lossy(&text);
        for word in text.split(|c: char| c.is_whitespace() || c == '"' || c == '\'') {
            if Path::new(word).is_absolute() && word.ends_with(".jar") {
                fingerprint.push(';');
                fingerprint.push_str(&file_fingerprint(Path::new(word)));
                jars.push(PathBuf::from(word));
            }
        }
    }
    Some(Found {
        path,
        fingerprint,
        jars,
    })
}

/// The first runnable file named `command` (or `command.exe`, ... on Windows) in a folder of PATH.
pub fn on_path(command: &str) -> Option<PathBuf> {
    platform::on_path(command)
}

pub fn file_fingerprint(path: &Path) -> String {
    let real = handbook_core::paths::real_root(path);
    let meta = std::fs::metadata(&real).ok();
    let len = meta.as_ref().map_or(0, std::fs::Metadata::len);
    let modified = meta
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{}:{len}:{modified}", real.display())
}

/// Runs `program args` in `dir` with `env` set (an empty value unsets) and HOME
/// the scratch folder `home`, writes `input` to its stdin, returns stdout,
/// stderr and whether it succeeded. Kills it, and what it started, at `timeout`
/// or when it writes more than `limit` (`handbook_core::process`, which also
/// keeps the build's environment from it: it sees PATH, the locale and what is
/// set here, never a token).
pub fn run(
    program: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    input: &str,
    timeout: Duration,
    limit: process::OutputLimit,
    (dir, home): (&Path, &Path),
) -> Result<(Vec<u8>, String, bool), RunError> {
    let mut command = Command::new(program);
    // A folder of the suite's own, not the user's: no dotfile of theirs is read, none written.
    let _ = std::fs::create_dir_all(home);
    command.args(args).current_dir(dir).env("HOME", home);
    // An empty value removes the variable (a JVM announces even an empty `_JAVA_OPTIONS`).
    for (k, v) in env {
        if v.is_empty() {
            command.env_remove(k);
        } else {
            command.env(k, v);
        }
    }
    match process::run_with_limit(command, Some(input.as_bytes().to_vec()), timeout, limit) {
        Ok(ran) => Ok((
            ran.stdout,
            String::from_utf8_lossy(&ran.stderr).into_owned(),
            ran.status.success(),
        )),
        Err(process::RunError::CouldNotStart(e)) if e.kind() == std::io::ErrorKind::NotFound && !program.exists() => {
            Err(RunError::Missing)
        }
        Err(process::RunError::CouldNotStart(e)) => {
            Err(RunError::Failed(format!("could not start {}: {e}", program.display())))
        }
        Err(process::RunError::TimedOut(t)) => Err(RunError::TimedOut(t)),
        Err(process::RunError::Failed(m)) => Err(RunError::Failed(m)),
    }
}

/// The message a missing program gets.
/// `kept`: the book keeps such blocks as code (`on-missing = "keep"`), so that is not suggested.
pub fn missing_message(program: Program, command: &str, kept: bool) -> String {
    let last = if kept {
        "; until then each such diagram shows a note saying what it needs"
    } else {
        ", or `on-missing = \"keep\"` to keep such blocks as code"
    };
    format!(
        "`{command}` is not installed or not on PATH, so {} diagrams cannot be drawn: {}; or set `{} = \"/path/to/{}\"` in [preprocessor.handbook.diagrams]{last}",
        program.default_command(),
        program.install_hint(),
        program.config_key(),
        program.default_command()
    )
}

//! Synthetic git histories for the benches that read one (`git`, `drift`):
//! thousands of commits written as one `git fast-import` stream, so making
//! the history takes seconds, not minutes.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// `git` in `repo`, cut off from the machine's git config.
pub(crate) fn git(repo: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("git");
    c.args(["-c", "init.defaultBranch=main"]).args(args).current_dir(repo);
    c.env("GIT_CONFIG_GLOBAL", "/dev/null").env("GIT_CONFIG_NOSYSTEM", "1");
    c
}

/// A fast-import `data` block.
pub(crate) fn data(out: &mut Vec<u8>, text: &str) {
    let _ = write!(out, "data {}\n{text}\n", text.len());
}

/// A seeded generator of numbers below `n` (a linear congruential one: the
/// same history on every machine).
pub(crate) fn seeded(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    }
}

/// A new repository in `repo`.
pub(crate) fn init(repo: &Path) -> Result<(), String> {
    std::fs::create_dir_all(repo).map_err(|e| e.to_string())?;
    let status = git(repo, &["init", "-q"]).status().map_err(|e| format!("git: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("git init failed".into())
    }
}

/// Imports `stream` into `repo` and checks `main` out.
pub(crate) fn import(repo: &Path, stream: &[u8]) -> Result<(), String> {
    let mut import = git(repo, &["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| format!("git fast-import: {e}"))?;
    import
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(stream)
        .map_err(|e| e.to_string())?;
    if !import.wait().map_err(|e| e.to_string())?.success() {
        return Err("git fast-import failed".into());
    }
    let status = git(repo, &["reset", "-q", "--hard", "main"])
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err("git reset failed".into())
    }
}

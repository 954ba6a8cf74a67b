//! Running a program under a timeout: the one way the suite does it (git's
//! one `git log` pass, dot, d2, PlantUML). No shell; stdin fed on a thread
//! of its own and stdout/stderr read on two more, so no pipe can fill and
//! stall the program; at the timeout the program and everything it started
//! is killed (`platform::kill_tree`). A panic in a pipe thread is a failed
//! run, never an empty result. [`run_with_limit`] also caps what a program
//! may write to each pipe: one that writes more is killed at once, not after
//! the timeout with gigabytes held in memory.

use crate::platform;
use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

/// What a finished program left.
#[derive(Debug)]
pub struct Ran {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Why a program gave no [`Ran`].
#[derive(Debug)]
pub enum RunError {
    /// It could not be started: the error of the spawn (`NotFound` when the
    /// program does not exist).
    CouldNotStart(std::io::Error),
    /// Killed, with what it started, at the timeout.
    TimedOut(Duration),
    /// Waiting for it, or reading its pipes, failed.
    Failed(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::CouldNotStart(e) => write!(f, "could not be started: {e}"),
            RunError::TimedOut(t) => write!(f, "did not finish within {} s and was killed", t.as_secs()),
            RunError::Failed(m) => f.write_str(m),
        }
    }
}

/// How many bytes a program may write to each of its pipes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputLimit {
    pub stdout: usize,
    pub stderr: usize,
}

impl OutputLimit {
    /// No limit but memory (git's one log pass of a whole repository).
    pub const NONE: OutputLimit = OutputLimit {
        stdout: usize::MAX,
        stderr: usize::MAX,
    };
}

/// Runs `command` (program, arguments, environment and folder set by the
/// caller; its stdio is set here, and everything it would inherit beyond
/// `environment::seal`'s allow-list is cleared), writes `input` to its stdin (closed when
/// `None`), and waits at most `timeout` for it to exit.
pub fn run(command: Command, input: Option<Vec<u8>>, timeout: Duration) -> Result<Ran, RunError> {
    run_with_limit(command, input, timeout, OutputLimit::NONE)
}

/// [`run`], and a program that writes more than `limit` to a pipe is killed
/// with what it started: [`RunError::Failed`] naming the pipe and the limit.
pub fn run_with_limit(
    mut command: Command,
    input: Option<Vec<u8>>,
    timeout: Duration,
    limit: OutputLimit,
) -> Result<Ran, RunError> {
    platform::isolate(&mut command);
    crate::environment::seal(&mut command);
    command
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(RunError::CouldNotStart)?;
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let (Some(mut stdin), Some(data)) = (stdin, input) {
            // A program that exits without reading all of it closes the pipe: not our failure.
            let _ = stdin.write_all(&data);
        }
    });
    let pid = child.id();
    let read_all =
        |pipe: Option<Box<dyn Read + Send>>, cap: usize| std::thread::spawn(move || read_capped(pipe, cap, pid));
    let stdout = read_all(
        child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>),
        limit.stdout,
    );
    let stderr = read_all(
        child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>),
        limit.stderr,
    );
    // A waiter thread reaps the child; this thread waits on it with a deadline (no polling latency).
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait());
    });
    let status = match finished.recv_timeout(timeout) {
        Ok(Ok(status)) => status,
        Ok(Err(e)) => return Err(RunError::Failed(format!("waiting for the program failed: {e}"))),
        Err(_) => {
            platform::kill_tree(pid);
            return Err(RunError::TimedOut(timeout));
        }
    };
    let pipe_failed = |panic: Box<dyn std::any::Any + Send>| {
        RunError::Failed(format!(
            "the suite lost the program's pipes: {}",
            crate::diagnostics::panic_message(panic.as_ref())
        ))
    };
    let read_failed = |e: std::io::Error| RunError::Failed(format!("reading the program's output failed: {e}"));
    writer.join().map_err(pipe_failed)?;
    let stdout = stdout.join().map_err(pipe_failed)?.map_err(read_failed)?;
    let stderr = stderr.join().map_err(pipe_failed)?.map_err(read_failed)?;
    for (pipe, read, cap) in [("stdout", &stdout, limit.stdout), ("stderr", &stderr, limit.stderr)] {
        if read.overflowed {
            return Err(RunError::Failed(format!(
                "wrote more than {} to {pipe} and was stopped",
                size(cap)
            )));
        }
    }
    Ok(Ran {
        status,
        stdout: stdout.bytes,
        stderr: stderr.bytes,
    })
}

/// What one pipe gave: at most its cap, and whether the program wanted to write more.
struct Drained {
    bytes: Vec<u8>,
    overflowed: bool,
}

/// Reads `pipe` to its end, or to one byte past `cap`: then the program
/// (process group `pid`) is killed, so it neither fills memory nor waits on a
/// pipe nobody reads until the timeout.
fn read_capped(pipe: Option<Box<dyn Read + Send>>, cap: usize, pid: u32) -> std::io::Result<Drained> {
    let mut bytes = Vec::new();
    if let Some(pipe) = pipe {
        pipe.take(u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1))
            .read_to_end(&mut bytes)?;
    }
    let overflowed = bytes.len() > cap;
    if overflowed {
        platform::kill_tree(pid);
        bytes.truncate(cap);
    }
    Ok(Drained { bytes, overflowed })
}

/// `64 MiB`, `512 KiB`, `100 bytes`.
fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    #[test]
    #[cfg_attr(windows, ignore = "uses sh")]
    fn feeds_stdin_and_reads_both_pipes() {
        let ran = run(
            sh("cat; echo oops >&2; exit 3"),
            Some(b"hello".to_vec()),
            Duration::from_secs(20),
        )
        .unwrap();
        assert_eq!(ran.stdout, b"hello");
        assert_eq!(ran.stderr, b"oops\n");
        assert_eq!(ran.status.code(), Some(3));
        let ran = run(sh("cat"), None, Duration::from_secs(20)).unwrap();
        assert!(ran.stdout.is_empty() && ran.status.success());
    }

    #[test]
    #[cfg_attr(windows, ignore = "uses sh")]
    fn output_larger_than_a_pipe_does_not_stall() {
        let big = vec![b'x'; 1 << 20];
        let ran = run(
            sh("cat; cat >&2 </dev/null"),
            Some(big.clone()),
            Duration::from_secs(20),
        )
        .unwrap();
        assert_eq!(ran.stdout.len(), big.len());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_program_and_its_children_are_killed_at_the_timeout() {
        let pid_file = std::env::temp_dir().join(format!("hb-process-child-{}", std::process::id()));
        let script = format!("sleep 30 & echo $! > '{}'; wait", pid_file.display());
        let start = Instant::now();
        let err = run(sh(&script), None, Duration::from_millis(500)).unwrap_err();
        assert!(matches!(err, RunError::TimedOut(_)), "{err:?}");
        assert!(start.elapsed() < Duration::from_secs(10));
        let child = std::fs::read_to_string(&pid_file).unwrap();
        let _ = std::fs::remove_file(&pid_file);
        // Gone, or a zombie nobody reaps in a container: either way no longer running.
        let running = || {
            std::fs::read_to_string(format!("/proc/{}/stat", child.trim())).is_ok_and(|stat| {
                stat.rsplit(')')
                    .next()
                    .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
            })
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        while running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(!running(), "the program's child {} still runs", child.trim());
    }

    /// The build's environment (here cargo's, standing for CI's tokens) never
    /// reaches a program; what the caller sets does.
    #[test]
    #[cfg_attr(windows, ignore = "uses sh")]
    fn a_program_sees_only_the_allow_list_and_what_its_caller_set() {
        assert!(
            std::env::var_os("CARGO_MANIFEST_DIR").is_some(),
            "cargo sets it for tests"
        );
        let mut command = sh("env");
        command.env("HB_SET_BY_CALLER", "yes");
        let ran = run(command, None, Duration::from_secs(20)).unwrap();
        let seen = String::from_utf8_lossy(&ran.stdout).into_owned();
        assert!(seen.contains("HB_SET_BY_CALLER=yes"), "{seen}");
        assert!(!seen.contains("CARGO_MANIFEST_DIR"), "{seen}");
        for line in seen.lines() {
            let name = line.split('=').next().unwrap_or_default();
            // `sh` itself sets PWD, SHLVL and `_`.
            assert!(
                ["HB_SET_BY_CALLER", "PWD", "SHLVL", "_", "OLDPWD"].contains(&name)
                    || crate::environment::INHERITED.contains(&name),
                "{name} reached the program: {seen}"
            );
        }
    }

    /// A program that writes without end is stopped at the cap, on either
    /// pipe, long before its timeout, holding no more than the cap.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_program_that_writes_too_much_is_stopped_at_the_limit() {
        let limit = OutputLimit {
            stdout: 1 << 20,
            stderr: 64 << 10,
        };
        for (script, said) in [
            ("yes", "wrote more than 1 MiB to stdout and was stopped"),
            ("yes >&2", "wrote more than 64 KiB to stderr and was stopped"),
        ] {
            let start = Instant::now();
            let err = run_with_limit(sh(script), None, Duration::from_secs(60), limit).unwrap_err();
            assert!(matches!(&err, RunError::Failed(m) if m == said), "{script}: {err:?}");
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{script}: stopped at the cap, not at the timeout"
            );
        }
        let ran = run_with_limit(sh("head -c 1000 /dev/zero"), None, Duration::from_secs(20), limit).unwrap();
        assert_eq!(ran.stdout.len(), 1000, "output under the cap is whole");
    }

    #[test]
    fn a_missing_program_cannot_start() {
        let err = run(
            Command::new("hb-no-such-program-anywhere"),
            None,
            Duration::from_secs(5),
        )
        .unwrap_err();
        assert!(
            matches!(&err, RunError::CouldNotStart(e) if e.kind() == std::io::ErrorKind::NotFound),
            "{err:?}"
        );
    }
}

//! Everything that differs between Unix (Linux, macOS) and Windows, in one
//! place: the rest of the suite is written once for all three.
//!
//! **Invariant:** no other file of the suite names `std::os::unix` or
//! `std::os::windows` (a test greps for it).
//!
//! A program run is *isolated* so that a timeout ends everything it started
//! (a launcher script's JVM, a shell's children): on Unix it gets a process
//! group of its own, killed with `kill -KILL -- -PGID`; on Windows a process
//! group of its own, killed with `taskkill /T /F`, which walks the tree of
//! child processes. Both are programs, not system calls: the suite forbids
//! unsafe code, and Windows' Job Objects (the alternative) are only reachable
//! through `unsafe` calls into `windows-sys`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Whether `path` is a file this platform would run.
pub fn is_executable(path: &Path) -> bool {
    imp::is_executable(path)
}

/// The names a command may have on disk: `dot` on Unix; `dot.exe`,
/// `dot.cmd`, `dot.bat` (and `dot` itself) on Windows.
pub fn executable_names(command: &str) -> Vec<String> {
    imp::executable_names(command)
}

/// Variables a program cannot start without on this platform, which
/// `environment::seal` lets through: none on Unix; on Windows the system
/// folder (Winsock and many DLLs need `SystemRoot`), the shell, the
/// extensions that make a file runnable, the temporary folders.
pub const ESSENTIAL_ENV: &[&str] = imp::ESSENTIAL_ENV;

/// Prepares `command` so that [`kill_tree`] later ends it and all it started.
pub fn isolate(command: &mut Command) {
    imp::isolate(command);
}

/// Ends the process `pid` started through [`isolate`], with all its descendants.
pub fn kill_tree(pid: u32) {
    let mut killer = imp::killer(pid);
    let _ = killer
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// A symbolic link at `link` to the file `target` (tests build books with
/// links out of the book; on Windows this needs developer mode or admin).
pub fn symlink_file(target: impl AsRef<Path>, link: impl AsRef<Path>) -> std::io::Result<()> {
    imp::symlink_file(target.as_ref(), link.as_ref())
}

/// Makes a script runnable (tests write stand-in programs).
pub fn make_executable(path: &Path) -> std::io::Result<()> {
    imp::make_executable(path)
}

/// `path` written with `/` whatever the platform: every link and every path
/// shown to readers uses it.
pub fn slashed(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// The first runnable file named `command` (or `command.exe`, ... on Windows)
/// in a folder of PATH: what a shell would run, found without one.
pub fn on_path(command: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    let names = executable_names(command);
    std::env::split_paths(&paths)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|p| is_executable(p))
}

/// The program word of a plugin's `command`, split into shell words as
/// mdBook splits it (`"my tools/plugin" --flag` is `my tools/plugin`); `None`
/// for an empty command or one mdBook cannot split (an unclosed quote).
pub fn command_word(command: &str) -> Option<String> {
    shlex::split(command)?.into_iter().next()
}

/// The file mdBook 0.5 runs for a `[preprocessor.*]` or `[output.*]` `command`,
/// if it is there: the command's first shell word, looked up on PATH when it
/// is a bare name and taken relative to the book `root` when it has a folder
/// (`compose_command` in mdbook-driver). `None` when nothing runnable is found,
/// which mdBook skips for an `optional` table and fails the build for otherwise.
pub fn command_program(command: &str, root: &Path) -> Option<PathBuf> {
    let first = command_word(command)?;
    let program = Path::new(&first);
    if program.components().count() == 1 {
        return on_path(&first);
    }
    executable_names(&first)
        .into_iter()
        .map(|name| root.join(name))
        .find(|p| is_executable(p))
}

/// The file name a program has on disk: `java` or `java.exe`.
pub fn program_file(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

#[cfg(unix)]
mod imp {
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;
    use std::process::Command;

    pub(super) fn is_executable(path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }

    pub(super) const ESSENTIAL_ENV: &[&str] = &[];

    pub(super) fn executable_names(command: &str) -> Vec<String> {
        vec![command.to_owned()]
    }

    pub(super) fn isolate(command: &mut Command) {
        std::os::unix::process::CommandExt::process_group(command, 0);
    }

    /// `kill -KILL -- -PGID`: the process group [`isolate`] made, whole.
    pub(super) fn killer(pid: u32) -> Command {
        let mut kill = Command::new("kill");
        kill.args(["-KILL", "--", &format!("-{pid}")]);
        kill
    }

    pub(super) fn symlink_file(target: &Path, link: &Path) -> std::io::Result<()> {
        std::os::unix::fs::symlink(target, link)
    }

    pub(super) fn make_executable(path: &Path) -> std::io::Result<()> {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
    }
}

#[cfg(windows)]
mod imp {
    use std::os::windows::process::CommandExt;
    use std::path::Path;
    use std::process::Command;

    /// `CREATE_NEW_PROCESS_GROUP`: the program does not share the build's Ctrl+C.
    const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;
    /// `CREATE_NO_WINDOW`: no console window flashes up per diagram.
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;

    pub fn is_executable(path: &Path) -> bool {
        path.is_file()
    }

    pub fn executable_names(command: &str) -> Vec<String> {
        let has_extension = Path::new(command).extension().is_some();
        let mut names: Vec<String> = ["exe", "cmd", "bat", "com"]
            .iter()
            .map(|ext| format!("{command}.{ext}"))
            .collect();
        if has_extension {
            names.insert(0, command.to_owned());
        }
        names
    }

    pub const ESSENTIAL_ENV: &[&str] = &["SystemRoot", "windir", "ComSpec", "PATHEXT", "TEMP", "TMP"];

    pub fn isolate(command: &mut Command) {
        command.creation_flags(CREATE_NEW_PROCESS_GROUP | CREATE_NO_WINDOW);
    }

    /// `taskkill /T /F /PID pid`: the process and the tree of its children.
    pub fn killer(pid: u32) -> Command {
        let mut kill = Command::new("taskkill");
        kill.args(["/T", "/F", "/PID", &pid.to_string()]);
        kill
    }

    pub fn symlink_file(target: &Path, link: &Path) -> std::io::Result<()> {
        std::os::windows::fs::symlink_file(target, link)
    }

    pub fn make_executable(_path: &Path) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A command with a folder is the book's file, as mdBook runs it: found when
    /// runnable, whatever its arguments; missing, not runnable or empty is `None`.
    #[test]
    fn a_command_with_a_folder_is_found_under_the_book_root() {
        let root = std::env::temp_dir().join(format!("handbook-command-program-{}", std::process::id()));
        let tools = root.join("tools");
        std::fs::create_dir_all(&tools).unwrap();
        std::fs::write(tools.join("plugin"), "#!/bin/sh\n").unwrap();
        std::fs::write(tools.join("notes"), "").unwrap();
        make_executable(&tools.join("plugin")).unwrap();
        assert_eq!(
            command_program("tools/plugin --flag 'two words'", &root),
            Some(tools.join("plugin"))
        );
        assert_eq!(command_program("tools/missing", &root), None);
        assert_eq!(command_program("", &root), None);
        assert_eq!(
            command_program("tools/plugin 'unclosed", &root),
            None,
            "mdBook cannot split it either"
        );
        #[cfg(unix)]
        assert_eq!(command_program("tools/notes", &root), None, "a file that cannot run");
        let _ = std::fs::remove_dir_all(&root);
    }

    /// The invariant of this module: platform code lives here and nowhere else.
    #[test]
    fn no_other_file_names_a_platform_module() {
        fn walk(dir: &Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if path.is_dir() && !name.starts_with('.') && name != "target" {
                    walk(&path, found);
                } else if name.ends_with(".rs") && !path.ends_with("core/src/platform.rs") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    if ["os::unix", "os::windows"].iter().any(|m| text.contains(m)) {
                        found.push(path.display().to_string());
                    }
                }
            }
        }
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut found = Vec::new();
        walk(&workspace, &mut found);
        assert!(
            found.is_empty(),
            "platform code outside core/src/platform.rs: {found:?}"
        );
        assert!(workspace.join("src").is_dir(), "the walk must see the suite");
    }

    #[test]
    fn paths_shown_to_readers_use_slashes() {
        let path: PathBuf = ["decisions", "0001-x.md"].iter().collect();
        assert_eq!(slashed(&path), "decisions/0001-x.md");
    }

    #[test]
    fn a_killed_tree_takes_the_grandchildren_with_it() {
        #[cfg(unix)]
        let mut command = {
            let mut c = Command::new("sh");
            c.args(["-c", "sleep 30 & sleep 30; wait"]);
            c
        };
        #[cfg(windows)]
        let mut command = {
            let mut c = Command::new("cmd");
            c.args(["/C", "ping -n 30 127.0.0.1 >NUL"]);
            c
        };
        isolate(&mut command);
        // The grandchild holds the pipe too: it reaches its end only when the whole tree is gone.
        let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(200));
        let started = std::time::Instant::now();
        kill_tree(child.id());
        let mut rest = Vec::new();
        let _ = std::io::Read::read_to_end(&mut child.stdout.take().unwrap_or_else(|| panic!("piped")), &mut rest);
        let _ = child.wait();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "a grandchild outlived the kill"
        );
    }
}

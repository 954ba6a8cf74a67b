//! What the one `git log` pass printed, kept in the suite's cache folder
//! between builds (issue 25): `mdbook serve` reruns the build on every save,
//! and a whole-history log of a large repository costs hundreds of
//! milliseconds, while its output changes only with a new commit.
//!
//! The key is everything the output depends on: the HEAD commit id (a new
//! commit, a checkout, a rebase or an amend each change it), the repository's
//! top, whether it is shallow, the pass's arguments, the work tree's
//! `.mailmap` (which `--use-mailmap` reads from the work tree), and what
//! rewrites history without moving HEAD: replace refs (`git replace`) and
//! grafts ([`rewritten_history`]). The work tree's other files are never
//! cached: drift reads them live on every build.
//!
//! An entry holds the raw log bytes behind a header with the key and the
//! body's SHA-256: a truncated, edited or foreign entry is not used (the log
//! runs again), and a poisoned one can say nothing a commit could not say
//! itself (every commit subject is escaped like any other). Written by
//! rename, so builds running at once never read a half-written entry. A
//! cache that cannot be written costs only the next build's time.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Bumped when the format of an entry or of the log arguments changes.
const VERSION: &str = "handbook-git-log-1";
/// Entries kept: the newest few (branches switched back and forth).
const KEEP: usize = 4;

/// Where one pass's output is kept, and under which key.
pub(super) struct Entry {
    path: PathBuf,
    key: String,
}

impl Entry {
    /// The entry for a pass over `top` at `head` with `args`, in `folder`.
    pub(super) fn new(
        folder: &Path,
        top: &Path,
        head: &str,
        shallow: bool,
        rewritten: &[u8],
        args: &[String],
    ) -> Entry {
        let mailmap = std::fs::read(top.join(".mailmap")).unwrap_or_default();
        let mut parts: Vec<&[u8]> = vec![
            VERSION.as_bytes(),
            top.as_os_str().as_encoded_bytes(),
            head.as_bytes(),
            if shallow { b"shallow" } else { b"full" },
            &mailmap,
            rewritten,
        ];
        parts.extend(args.iter().map(|a| a.as_bytes()));
        let key = sha256(&parts);
        Entry {
            path: folder.join(format!("{}.log", &key[..32])),
            key,
        }
    }

    /// The kept output, if an entry for this key is there and whole.
    pub(super) fn read(&self) -> Option<Vec<u8>> {
        let bytes = std::fs::read(&self.path).ok()?;
        let (key, rest) = split_line(&bytes)?;
        let (sum, body) = split_line(rest)?;
        (key == self.key.as_bytes() && sum == sha256(&[body]).as_bytes()).then(|| body.to_vec())
    }

    /// Keeps `body` for the next build; failures are silent (a cache that
    /// cannot be written only costs time).
    pub(super) fn write(&self, body: &[u8]) {
        let Some(folder) = self.path.parent() else {
            return;
        };
        if crate::paths::make_cache_dir(folder).is_err() {
            return;
        }
        let mut text = Vec::with_capacity(body.len() + 140);
        text.extend_from_slice(self.key.as_bytes());
        text.push(b'\n');
        text.extend_from_slice(sha256(&[body]).as_bytes());
        text.push(b'\n');
        text.extend_from_slice(body);
        let temp = folder.join(format!(".{}.{}.tmp", &self.key[..32], std::process::id()));
        if std::fs::write(&temp, &text).is_err() || std::fs::rename(&temp, &self.path).is_err() {
            let _ = std::fs::remove_file(&temp);
            return;
        }
        prune(folder, &self.path);
    }
}

/// What makes `git log` at one HEAD print another history, read from the
/// repository's common git folder without running git: the grafts file and
/// every replace ref (loose under `refs/replace/`, and in `packed-refs`), with
/// the object each points to. Empty in the usual repository. Git's
/// `GIT_NO_REPLACE_OBJECTS` never reaches the log (`process::run` seals the
/// environment).
pub(super) fn rewritten_history(common_dir: &Path) -> Vec<u8> {
    let mut out = std::fs::read(common_dir.join("info/grafts")).unwrap_or_default();
    let mut loose = Vec::new();
    let mut stack = vec![common_dir.join("refs/replace")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(_) => loose.push(path),
                Err(_) => {}
            }
        }
    }
    loose.sort();
    for path in loose {
        out.extend_from_slice(path.as_os_str().as_encoded_bytes());
        out.push(0);
        out.extend(std::fs::read(&path).unwrap_or_default());
    }
    if let Ok(packed) = std::fs::read(common_dir.join("packed-refs")) {
        for line in packed.split(|&b| b == b'\n') {
            if line.windows(13).any(|w| w == b"refs/replace/") {
                out.extend_from_slice(line);
                out.push(b'\n');
            }
        }
    }
    out
}

/// Removes all but the newest [`KEEP`] entries (never `kept`).
fn prune(folder: &Path, kept: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut logs: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.path() != kept && e.file_name().to_string_lossy().ends_with(".log"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    logs.sort();
    let surplus = (logs.len() + 1).saturating_sub(KEEP);
    for (_, path) in logs.into_iter().take(surplus) {
        let _ = std::fs::remove_file(path);
    }
}

fn split_line(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = bytes.iter().position(|&b| b == b'\n')?;
    Some((&bytes[..at], &bytes[at + 1..]))
}

/// Hex SHA-256 of the parts, each length-prefixed (no two lists collide).
fn sha256(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_used_only_whole_and_under_its_own_key() {
        let dir = std::env::temp_dir().join(format!("hb-core-log-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let args = vec!["log".to_owned()];
        let entry = Entry::new(&dir, Path::new("/repo"), "aaaa", false, b"", &args);
        assert_eq!(entry.read(), None);
        entry.write(b"the log\0bytes");
        assert_eq!(entry.read().as_deref(), Some(&b"the log\0bytes"[..]));
        // Another HEAD, another shallowness, other arguments: other entries.
        for other in [
            Entry::new(&dir, Path::new("/repo"), "bbbb", false, b"", &args),
            Entry::new(&dir, Path::new("/repo"), "aaaa", true, b"", &args),
            Entry::new(&dir, Path::new("/repo"), "aaaa", false, b"graft", &args),
            Entry::new(
                &dir,
                Path::new("/repo"),
                "aaaa",
                false,
                b"",
                &["log".to_owned(), "-M".to_owned()],
            ),
        ] {
            assert_eq!(other.read(), None);
        }
        // An edited body fails its checksum; so does a truncated one.
        let text = std::fs::read(&entry.path).unwrap_or_default();
        let mut edited = text.clone();
        if let Some(last) = edited.last_mut() {
            *last = b'X';
        }
        std::fs::write(&entry.path, &edited).unwrap();
        assert_eq!(entry.read(), None, "edited");
        std::fs::write(&entry.path, &text[..text.len() - 3]).unwrap();
        assert_eq!(entry.read(), None, "truncated");
        // Old entries are pruned to the newest few.
        for head in 0..10 {
            Entry::new(&dir, Path::new("/repo"), &format!("{head}"), false, b"", &args).write(b"x");
        }
        let names: Vec<String> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let logs = names.iter().filter(|n| n.ends_with(".log")).count();
        assert!(logs <= KEEP, "{logs} entries kept");
        assert!(
            names.iter().all(|n| n.ends_with(".log") || n == ".gitignore"),
            "only logs and the folder's .gitignore: {names:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

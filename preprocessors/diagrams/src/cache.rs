//! A content-addressed cache of cleaned SVG, outside `src/`.
//!
//! The key hashes everything that changes the picture: kind, the program's
//! fingerprint (or the in-process renderer's version), the source and the
//! files it includes. Each entry carries a checksum of its body, so a
//! truncated or damaged entry is noticed and drawn again. The checksum is no
//! seal: anyone who can write the folder can write a matching one, so what
//! an entry holds is data, cleaned again before it reaches a page
//! (`svg::clean_cached`), and no security decision is read from the cache.
//! Writes go to a temporary file renamed into place; entries no build used
//! are pruned at the end of the build.
//!
//! A drawing that failed is remembered too (`{key}.failed`: the program's
//! words and the timeout it had), so the next build does not pay a program's
//! timeout again for a diagram nobody changed; a longer timeout draws it again.
//!
//! Several builds may share one cache at once (`mdbook serve` and a CI build
//! of the same book, or two books pointing `cache-dir` at one folder):
//! - a reader sees a whole old entry, a whole new one, or none (rename is
//!   atomic on POSIX; an entry removed while open stays readable);
//! - two builds writing one key write the same bytes, each through a
//!   temporary file of its own (process id and a counter in the name), and
//!   the last rename wins;
//! - pruning only removes temporary files old enough that no live build can
//!   still be writing them ([`STALE_TEMPORARY`]), so it never breaks another
//!   build's rename; an entry another build still wants may be pruned, and
//!   that build simply draws it again next time.

use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

const HEADER: &str = "hb-diagrams-cache 1 ";

/// Age after which a temporary file is a leftover of a build that died
/// between writing and renaming. A live build holds one for the time it
/// takes to write a few kilobytes; an hour is beyond any build, and
/// leftovers are rare and small, so waiting that long costs nothing.
pub const STALE_TEMPORARY: Duration = Duration::from_secs(60 * 60);

/// Makes temporary names unique within a process too (builds run in
/// process by tests and `mdbook-handbook check` share one process id).
static TEMPORARY: AtomicUsize = AtomicUsize::new(0);

/// The cache key: a hex SHA-256 of the parts, each length-prefixed.
pub fn key(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub struct Cache {
    dir: PathBuf,
    /// The folder was made (with its `.gitignore`, [`keep_out_of_git`]) by this build.
    made: std::sync::OnceLock<()>,
}

/// What a lookup found.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Hit(String),
    /// An earlier build could not draw this diagram with these programs.
    Failed(Failure),
    Miss,
    /// The entry exists but its checksum does not match: drawn again.
    Corrupt,
}

/// A remembered failed drawing: why, and the timeout (seconds) it was drawn with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub timeout: u64,
    pub message: String,
}

const FAILED: &str = ".failed";

impl Cache {
    pub fn new(dir: PathBuf) -> Self {
        Cache {
            dir,
            made: std::sync::OnceLock::new(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.svg"))
    }

    fn failure_entry(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}{FAILED}"))
    }

    /// The picture stored under `key`, else a failure remembered under it.
    pub fn get(&self, key: &str) -> Lookup {
        match read_entry(&self.entry(key)) {
            Lookup::Miss => {}
            found => return found,
        }
        match read_entry(&self.failure_entry(key)) {
            Lookup::Hit(body) => body
                .split_once('\n')
                .and_then(|(timeout, message)| {
                    Some(Failure {
                        timeout: timeout.strip_prefix("timeout=")?.parse().ok()?,
                        message: message.to_owned(),
                    })
                })
                .map_or(Lookup::Corrupt, Lookup::Failed),
            other => other,
        }
    }

    /// Remembers that drawing `key` failed, and why.
    pub fn put_failure(&self, key: &str, failure: &Failure) -> std::io::Result<()> {
        let body = format!("timeout={}\n{}", failure.timeout, failure.message);
        self.write_atomically(
            &format!("{key}{FAILED}"),
            key,
            &format!("{HEADER}{}\n{body}", key_of_body(&body)),
        )
        .map(drop)
    }

    /// Stores atomically: a temporary file in the same folder, renamed over the entry.
    pub fn put(&self, key: &str, body: &str) -> std::io::Result<()> {
        self.write_atomically(
            &format!("{key}.svg"),
            key,
            &format!("{HEADER}{}\n{body}", key_of_body(body)),
        )
        .map(drop)
    }

    /// Writes a file of the cache folder that a program reads (PlantUML's
    /// security policy), named by its content: builds that need another
    /// content (another book root) use another file, and a reader never sees
    /// a half-written one. Returns its path.
    pub fn put_file(&self, stem: &str, extension: &str, content: &str) -> std::io::Result<PathBuf> {
        let key = key(&[content.as_bytes()]);
        let name = format!("{stem}-{}.{extension}", &key[..16]);
        let path = self.dir.join(&name);
        if std::fs::read_to_string(&path).is_ok_and(|t| t == content) {
            return Ok(path);
        }
        self.write_atomically(&name, &key, content)
    }

    /// A temporary file `.{key}.{pid}.{n}.tmp` in the cache folder, renamed to `name`.
    fn write_atomically(&self, name: &str, key: &str, content: &str) -> std::io::Result<PathBuf> {
        if self.made.get().is_none() {
            keep_out_of_git(&self.dir)?;
            let _ = self.made.set(());
        }
        let n = TEMPORARY.fetch_add(1, Ordering::Relaxed);
        let tmp = self.dir.join(format!(".{key}.{}.{n}.tmp", std::process::id()));
        let target = self.dir.join(name);
        std::fs::write(&tmp, content)?;
        std::fs::rename(&tmp, &target).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })?;
        Ok(target)
    }

    /// Removes entries whose key is not in `used`, and temporary files left
    /// by builds that died (older than [`STALE_TEMPORARY`]); a younger one may
    /// be another build's write in progress.
    pub fn prune(&self, used: &BTreeSet<String>) -> usize {
        self.prune_at(used, SystemTime::now())
    }

    fn prune_at(&self, used: &BTreeSet<String>, now: SystemTime) -> usize {
        let mut removed = 0;
        for entry in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = match name.strip_suffix(".svg").or_else(|| name.strip_suffix(FAILED)) {
                Some(key) => is_key(key) && !used.contains(key),
                None => is_temporary(&name) && is_old(&entry, now),
            };
            if stale && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

/// What a cache folder's `.gitignore` says ([`handbook_core::paths::CACHE_GITIGNORE`]).
pub const GITIGNORE: &str = handbook_core::paths::CACHE_GITIGNORE;

fn keep_out_of_git(dir: &Path) -> std::io::Result<()> {
    handbook_core::paths::make_cache_dir(dir)
}

/// An entry's body when its checksum matches.
fn read_entry(path: &Path) -> Lookup {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Lookup::Miss;
    };
    let Some((header, body)) = text.split_once('\n') else {
        return Lookup::Corrupt;
    };
    match header.strip_prefix(HEADER) {
        Some(sum) if sum == key_of_body(body) => Lookup::Hit(body.to_owned()),
        _ => Lookup::Corrupt,
    }
}

fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp") && name.get(1..65).is_some_and(is_key)
}

/// Modified more than [`STALE_TEMPORARY`] ago; a time in the future or an
/// unreadable one is not old.
fn is_old(entry: &std::fs::DirEntry, now: SystemTime) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|modified| now.duration_since(modified).ok())
        .is_some_and(|age| age > STALE_TEMPORARY)
}

/// Only files named like entries are ever removed, whatever folder the cache is pointed at.
fn is_key(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

fn key_of_body(body: &str) -> String {
    key(&[body.as_bytes()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_corruption_and_prune() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"));
        let k = key(&[b"dot", b"v1", b"a -> b"]);
        assert_ne!(k, key(&[b"dot", b"v2", b"a -> b"]));
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]), "parts are delimited");
        assert_eq!(cache.get(&k), Lookup::Miss);
        cache.put(&k, "<svg/>").unwrap();
        assert_eq!(cache.get(&k), Lookup::Hit("<svg/>".into()));
        let path = dir.path().join("c").join(format!("{k}.svg"));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, text.replace("<svg/>", "<svg>")).unwrap();
        assert_eq!(cache.get(&k), Lookup::Corrupt);
        cache.put(&k, "<svg/>").unwrap();
        let other = key(&[b"other"]);
        cache.put(&other, "<svg/>").unwrap();
        assert_eq!(cache.prune(&BTreeSet::from([k.clone()])), 1);
        assert_eq!(cache.get(&k), Lookup::Hit("<svg/>".into()));
        assert_eq!(cache.get(&other), Lookup::Miss);
    }

    /// Another build's write in progress survives a prune; a leftover of a
    /// build that died is removed once it is old.
    #[test]
    fn pruning_keeps_young_temporary_files_and_removes_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let writing = dir.path().join(format!(".{}.4242.0.tmp", key(&[b"other build"])));
        std::fs::write(&writing, "half an entr").unwrap();
        let policy = cache.put_file("plantuml", "policy", "grant {};").unwrap();
        assert_eq!(cache.prune(&BTreeSet::new()), 0);
        assert!(writing.exists() && policy.exists());
        let later = SystemTime::now() + STALE_TEMPORARY + Duration::from_secs(60);
        assert_eq!(cache.prune_at(&BTreeSet::new(), later), 1);
        assert!(!writing.exists() && policy.exists(), "only the old temporary file goes");
    }

    /// A new cache folder ignores itself in git, the suite's `.handbook-cache` too when
    /// it predates that; a folder of the author's is left without a `.gitignore`.
    #[test]
    fn the_cache_keeps_out_of_git() {
        let dir = tempfile::tempdir().unwrap();
        let new = Cache::new(dir.path().join(".handbook-cache/diagrams"));
        new.put(&key(&[b"a"]), "<svg/>").unwrap();
        let ignore = dir.path().join(".handbook-cache/.gitignore");
        assert_eq!(std::fs::read_to_string(&ignore).unwrap_or_default(), GITIGNORE);
        std::fs::remove_file(&ignore).unwrap();
        Cache::new(dir.path().join(".handbook-cache/diagrams"))
            .put(&key(&[b"b"]), "<svg/>")
            .unwrap();
        assert!(ignore.exists(), "an older .handbook-cache gets one");
        let own = dir.path().join("shared");
        std::fs::create_dir_all(&own).unwrap();
        Cache::new(own.clone()).put(&key(&[b"c"]), "<svg/>").unwrap();
        assert!(
            !own.join(".gitignore").exists(),
            "an existing folder of the author's is left alone"
        );
    }

    #[test]
    fn a_failure_is_remembered_until_its_entry_is_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"));
        let k = key(&[b"dot", b"v1", b"digraph { a -> }"]);
        let failure = Failure {
            timeout: 30,
            message: "syntax error in line 1\nnear '}'".to_owned(),
        };
        cache.put_failure(&k, &failure).unwrap();
        assert_eq!(cache.get(&k), Lookup::Failed(failure.clone()));
        let path = dir.path().join("c").join(format!("{k}.failed"));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, text.replace("30", "3")).unwrap();
        assert_eq!(cache.get(&k), Lookup::Corrupt, "an edited failure is drawn again");
        cache.put_failure(&k, &failure).unwrap();
        cache.put(&k, "<svg/>").unwrap();
        assert_eq!(cache.get(&k), Lookup::Hit("<svg/>".into()), "a picture wins");
        assert_eq!(cache.prune(&BTreeSet::new()), 2);
        assert_eq!(cache.get(&k), Lookup::Miss);
    }

    #[test]
    fn files_are_named_by_their_content() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"));
        let put = |text: &str| cache.put_file("plantuml", "policy", text).unwrap();
        let (a, b) = (put("grant { a };"), put("grant { b };"));
        assert_ne!(a, b, "another content is another file");
        assert_eq!(put("grant { a };"), a);
        assert_eq!(std::fs::read_to_string(&a).unwrap_or_default(), "grant { a };");
        let names: Vec<String> = std::fs::read_dir(dir.path().join("c"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }
}

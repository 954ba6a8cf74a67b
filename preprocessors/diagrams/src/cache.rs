//! A content-addressed cache of cleaned SVG, outside `src/`.
//!
//! The key hashes everything that changes the picture: kind, the program's
//! fingerprint (or the in-process renderer's version), the source and the
//! files it includes. Each entry carries a checksum of its body, so a
//! truncated or edited entry is noticed and drawn again. Writes go to a
//! temporary file renamed into place; failures are never stored; entries no
//! build used are pruned at the end of the build.

use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const HEADER: &str = "hb-diagrams-cache 1 ";

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
}

/// What a lookup found.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Hit(String),
    Miss,
    /// The entry exists but its checksum does not match: drawn again.
    Corrupt,
}

impl Cache {
    pub fn new(dir: PathBuf) -> Self {
        Cache { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.svg"))
    }

    pub fn get(&self, key: &str) -> Lookup {
        let Ok(text) = std::fs::read_to_string(self.entry(key)) else {
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

    /// Stores atomically: a temporary file in the same folder, renamed over the entry.
    pub fn put(&self, key: &str, body: &str) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let tmp = self.dir.join(format!(".{key}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, format!("{HEADER}{}\n{body}", key_of_body(body)))?;
        std::fs::rename(&tmp, self.entry(key)).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }

    /// Removes entries (and stale temporary files) whose key is not in `used`.
    pub fn prune(&self, used: &BTreeSet<String>) -> usize {
        let mut removed = 0;
        for entry in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = match name.strip_suffix(".svg") {
                Some(key) => is_key(key) && !used.contains(key),
                None => name.starts_with('.') && name.ends_with(".tmp") && name.len() > 65 && is_key(&name[1..65]),
            };
            if stale && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }
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
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let cache = Cache::new(dir.path().join("c"));
        let k = key(&[b"dot", b"v1", b"a -> b"]);
        assert_ne!(k, key(&[b"dot", b"v2", b"a -> b"]));
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]), "parts are delimited");
        assert_eq!(cache.get(&k), Lookup::Miss);
        cache.put(&k, "<svg/>").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cache.get(&k), Lookup::Hit("<svg/>".into()));
        let path = dir.path().join("c").join(format!("{k}.svg"));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, text.replace("<svg/>", "<svg>")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cache.get(&k), Lookup::Corrupt);
        cache.put(&k, "<svg/>").unwrap_or_else(|e| panic!("{e}"));
        let other = key(&[b"other"]);
        cache.put(&other, "<svg/>").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cache.prune(&BTreeSet::from([k.clone()])), 1);
        assert_eq!(cache.get(&k), Lookup::Hit("<svg/>".into()));
        assert_eq!(cache.get(&other), Lookup::Miss);
    }
}

//! What a diagram may read: the files a book means to share. That is `src/`
//! (mdBook publishes it anyway) and the folders of `include-dirs`, never a
//! dot-folder or dot-file inside them (`.git`, `.env`, `.ssh`), and never the
//! diagram cache. The book root is not shared: it is often the repository
//! root, with `.git/config` (which holds the token `actions/checkout` stores)
//! and `.env` beside `src/`.
//!
//! One rule for every file any diagram program reads: PlantUML's includes and
//! its sandbox's folders, D2's imports and the images it embeds, the images
//! Graphviz names.

use handbook_core::paths;
use std::path::{Path, PathBuf};

/// Why a file is not one the book shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotShared {
    /// Outside the book root.
    OutsideBook,
    /// Inside the book, but in neither `src/` nor a folder of `include-dirs`.
    OutsideShared,
    /// Under a dot-folder or a dot-file.
    Private,
    /// In the diagram cache.
    Cache,
}

/// The shared folders of one build, resolved once.
#[derive(Debug, Clone)]
pub struct Shared {
    root: PathBuf,
    /// Real paths of `src/` and each `include-dirs` folder.
    dirs: Vec<PathBuf>,
    cache: PathBuf,
}

impl Shared {
    /// `src` and `include_dirs` relative to `root` (validated by the config);
    /// `cache` absolute or relative to `root`.
    pub fn new(root: &Path, src: &Path, include_dirs: &[PathBuf], cache: &Path) -> Shared {
        let real_root = paths::real_root(root);
        let real = |p: &Path| paths::real_root(&real_root.join(p));
        let mut dirs: Vec<PathBuf> = std::iter::once(src)
            .chain(include_dirs.iter().map(PathBuf::as_path))
            .map(real)
            .collect();
        dirs.sort();
        dirs.dedup();
        Shared {
            cache: real(cache),
            root: real_root.clone(),
            dirs,
        }
    }

    /// The folders a program's own sandbox may open (PlantUML's).
    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// Where `path` (absolute, or relative to the folder it is named from,
    /// already joined) really leads, when that is a file the book shares.
    pub fn check(&self, path: &Path) -> Result<PathBuf, (NotShared, PathBuf)> {
        let real = paths::inside(&self.root, path).map_err(|o| (NotShared::OutsideBook, o.resolved))?;
        if real.starts_with(&self.cache) {
            return Err((NotShared::Cache, real));
        }
        let dir = self.dirs.iter().find(|d| real.starts_with(d));
        let private = real
            .strip_prefix(dir.unwrap_or(&self.root))
            .into_iter()
            .flat_map(Path::components)
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        match (private, dir) {
            (true, _) => Err((NotShared::Private, real)),
            (false, None) => Err((NotShared::OutsideShared, real)),
            (false, Some(_)) => Ok(real),
        }
    }

    /// Whether `bytes` are the content of a file the book shares: how an image
    /// a program embedded (D2 inlines every local icon as `data:`) is judged
    /// when which file it read is not known. Only files of the same length are read.
    pub fn holds_content(&self, bytes: &[u8]) -> bool {
        let mut stack: Vec<PathBuf> = self.dirs.clone();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                let path = entry.path();
                let Ok(kind) = entry.file_type() else { continue };
                if kind.is_dir() {
                    if !path.starts_with(&self.cache) {
                        stack.push(path);
                    }
                } else if entry.metadata().is_ok_and(|m| m.len() == bytes.len() as u64)
                    && self.check(&path).is_ok()
                    && std::fs::read(&path).is_ok_and(|content| content == bytes)
                {
                    return true;
                }
            }
        }
        false
    }
}

/// Standard base64 (with or without padding), or `None` for anything else.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.trim_end_matches('=').bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_src_and_include_dirs_without_dotfiles_or_the_cache() {
        let book = tempfile::tempdir().unwrap();
        let root = book.path();
        for dir in ["src/.hidden", "src/img", "shared", "other", ".git", "src/cache"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::write(root.join(".git/config"), "[http]\n").unwrap();
        std::fs::write(root.join("src/img/a.png"), "png").unwrap();
        let shared = Shared::new(
            root,
            Path::new("src"),
            &[PathBuf::from("shared")],
            Path::new("src/cache"),
        );
        let src = root.join("src");
        assert!(shared.check(&src.join("img/a.png")).is_ok());
        assert!(shared.check(&root.join("shared/x.iuml")).is_ok());
        for (path, why) in [
            (src.join("../.git/config"), NotShared::Private),
            (src.join("../.env"), NotShared::Private),
            (src.join("../other/x"), NotShared::OutsideShared),
            (src.join(".hidden/x"), NotShared::Private),
            (src.join("img/.env"), NotShared::Private),
            (src.join("cache/k.svg"), NotShared::Cache),
            (PathBuf::from("/etc/passwd"), NotShared::OutsideBook),
        ] {
            assert_eq!(shared.check(&path).map_err(|e| e.0), Err(why), "{}", path.display());
        }
        assert!(shared.holds_content(b"png"));
        std::fs::write(src.join(".hidden/b"), "gif").unwrap();
        std::fs::write(src.join("cache/c"), "svg").unwrap();
        assert!(!shared.holds_content(b"gif") && !shared.holds_content(b"svg"));
    }

    #[test]
    fn decodes_base64() {
        assert_eq!(base64_decode("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64_decode("aGVsbG8").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64_decode("a b"), None);
    }
}

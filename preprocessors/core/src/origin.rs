//! Which file and line each line of a chapter came from, as mdBook handed it over.
//!
//! mdBook expands `{{#include}}` (its `links` preprocessor) and may run other
//! preprocessors (mdbook-mermaid, say) before the suite, so the text the suite
//! receives is not the author's file: line 153 of it may be line 12 of an
//! included README. The suite can read the chapter's file and what it
//! includes from disk, so it traces each received line back:
//!
//! 1. The author's file is laid out with every file it includes (through
//!    `include`, `rustdoc_include` and `playground`, nested up to mdBook's
//!    depth) written in full after the line that includes it, each line
//!    tagged with its file and line.
//! 2. The received lines are aligned with that layout by a line diff. Ranges
//!    and anchors only pick lines of an included file, and another
//!    preprocessor only adds or drops lines, so what remains is a common
//!    subsequence: a received line that has a partner is that partner's line.
//! 3. A line no file holds (text another preprocessor inserted) is shown at the
//!    nearest traced line before it.
//!
//! It runs only for pages that have a diagnostic and whose text differs
//! from their file, so a build with nothing to report reads no file.

use crate::paths;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// mdBook's own limit on nested includes (`MAX_LINK_NESTED_DEPTH`).
const MAX_DEPTH: usize = 10;

/// An included file larger than this is not read (it would not be shown line by line anyway).
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The alignment gives up after this, keeping what it matched; lines left
/// unmatched show at the nearest matched line before them.
const DIFF_DEADLINE: Duration = Duration::from_millis(500);

/// Where each received line of one chapter came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origins {
    /// Files as diagnostics name them, relative to the book root.
    files: Vec<PathBuf>,
    /// Per received line (0-based): index into `files`, and the 1-based line there.
    lines: Vec<(usize, usize)>,
}

impl Origins {
    /// The file and line `line` (1-based, of the received text) came from.
    pub fn place(&self, line: usize) -> Option<(&Path, usize)> {
        let index = line.checked_sub(1)?;
        let (file, at) = self.lines.get(index).or_else(|| self.lines.last())?;
        Some((self.files.get(*file)?, *at))
    }
}

/// Traces `received`, the text mdBook handed over for the chapter whose file
/// is `src_dir/source_path` under `root`. `None` when the file cannot be read
/// or holds exactly the received text (every line is its own).
pub fn trace(root: &Path, src_dir: &Path, source_path: &Path, received: &str) -> Option<Origins> {
    let file = root.join(src_dir).join(source_path);
    let text = read_limited(&file)?;
    if text == received {
        return None;
    }
    let mut layout = Layout {
        root,
        files: Vec::new(),
        lines: Vec::new(),
    };
    layout.lay_out(&file, &text, 0);
    let expected: Vec<&str> = layout.lines.iter().map(|l| key(&l.text)).collect();
    let got: Vec<&str> = received.split('\n').map(key).collect();
    let deadline = Instant::now() + DIFF_DEADLINE;
    let ops = similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &expected, &got, Some(deadline));
    let mut traced: Vec<Option<(usize, usize)>> = vec![None; got.len()];
    for op in ops {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for i in 0..len {
                if let (Some(slot), Some(line)) = (traced.get_mut(new_index + i), layout.lines.get(old_index + i)) {
                    *slot = Some((line.file, line.line));
                }
            }
        }
    }
    // The chapter's own file is files[0]: unmatched lines before any match show at its line 1.
    let mut last = (0, 1);
    let lines = traced
        .into_iter()
        .map(|t| {
            if let Some(t) = t {
                last = t;
            }
            last
        })
        .collect();
    Some(Origins {
        files: layout.files,
        lines,
    })
}

/// A line as the alignment compares it: no `\r`, and mdBook's `# ` mark of a
/// line `rustdoc_include` hides dropped (on both sides, so headings still pair).
fn key(line: &str) -> &str {
    let line = line.strip_suffix('\r').unwrap_or(line);
    line.strip_prefix("# ").unwrap_or(line)
}

fn read_limited(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

struct Layout<'a> {
    root: &'a Path,
    files: Vec<PathBuf>,
    lines: Vec<LaidLine>,
}

struct LaidLine {
    text: String,
    file: usize,
    line: usize,
}

impl Layout<'_> {
    /// `text` (the file `path`) line by line, each line followed by the full
    /// text of the files it includes.
    fn lay_out(&mut self, path: &Path, text: &str, depth: usize) {
        let file = self.files.len();
        self.files.push(paths::relative_to(self.root, path));
        let base = path.parent().unwrap_or(Path::new(""));
        for (index, line) in text.split('\n').enumerate() {
            self.lines.push(LaidLine {
                text: line.to_owned(),
                file,
                line: index + 1,
            });
            if depth >= MAX_DEPTH {
                continue;
            }
            for included in included_files(line) {
                let target = base.join(included);
                if let Some(inner) = read_limited(&target) {
                    self.lay_out(&target, &inner, depth + 1);
                }
            }
        }
    }
}

/// The files a line's mdBook link directives include, as written (`{{#include
/// a.rs:2:5}}` gives `a.rs`). The same grammar as mdBook's `links`: `{{`,
/// spaces, `#name`, spaces, arguments up to `}}`; `\{{#…}}` is escaped text.
fn included_files(line: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find("{{") {
        let escaped = rest[..open].ends_with('\\');
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        let inner = &after[..close];
        rest = &after[close + 2..];
        if escaped || inner.contains('}') {
            continue;
        }
        let Some(directive) = inner.trim_start().strip_prefix('#') else {
            continue;
        };
        let name_end = directive
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(directive.len());
        let (name, args) = directive.split_at(name_end);
        if !args.starts_with(char::is_whitespace) {
            continue;
        }
        let Some(first) = args.split_whitespace().next() else {
            continue;
        };
        let file = match name {
            "include" | "rustdoc_include" => first.split(':').next().unwrap_or(first),
            "playground" | "playpen" => first,
            _ => continue,
        };
        found.push(file);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Book(PathBuf);

    impl Book {
        fn new(name: &str, files: &[(&str, &str)]) -> Book {
            // The book sits one folder down, so a test can include a file beside it.
            let base = std::env::temp_dir().join(format!("hb-origin-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&base);
            let root = base.join("book");
            for (path, text) in files {
                let path = root.join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            Book(root)
        }

        fn place(&self, origins: &Origins, line: usize) -> (String, usize) {
            let (path, at) = origins.place(line).unwrap();
            (path.to_string_lossy().into_owned(), at)
        }
    }

    impl Drop for Book {
        fn drop(&mut self) {
            if let Some(base) = self.0.parent() {
                let _ = std::fs::remove_dir_all(base);
            }
        }
    }

    #[test]
    fn directives_name_the_files_mdbook_would_read() {
        assert_eq!(included_files("{{#include a.rs}}"), ["a.rs"]);
        assert_eq!(
            included_files("x {{ #include ../b.md:2:5 }} y {{#rustdoc_include c.rs:anchor}}"),
            ["../b.md", "c.rs"]
        );
        assert_eq!(included_files("{{#playground p.rs editable}}"), ["p.rs"]);
        assert!(included_files(r"\{{#include escaped.rs}}").is_empty());
        assert!(included_files("{{#title A title}} {{#status draft}} {{#include}}").is_empty());
        assert!(included_files("{{#include").is_empty());
    }

    #[test]
    fn a_page_that_is_its_file_needs_no_map() {
        let book = Book::new("same", &[("src/a.md", "# A\n\ntext\n")]);
        assert_eq!(
            trace(&book.0, Path::new("src"), Path::new("a.md"), "# A\n\ntext\n"),
            None
        );
        assert_eq!(trace(&book.0, Path::new("src"), Path::new("gone.md"), "x"), None);
    }

    #[test]
    fn included_lines_name_the_included_file_and_later_lines_their_own() {
        let readme = "# Project\n\nIntro.\n\nSee [x](missing.md).\n";
        let book = Book::new(
            "include",
            &[
                (
                    "src/README.md",
                    "Before.\n\n{{#include ../../README.md}}\n\nAfter [y](gone.md).\n",
                ),
                ("../README.md", readme),
            ],
        );
        // The included file sits beside the book's folder.
        let received = format!("Before.\n\n{readme}\n\nAfter [y](gone.md).\n");
        let origins = trace(&book.0, Path::new("src"), Path::new("README.md"), &received).unwrap();
        assert_eq!(book.place(&origins, 1), ("src/README.md".into(), 1));
        assert_eq!(book.place(&origins, 7), ("../README.md".into(), 5));
        assert_eq!(book.place(&origins, 10), ("src/README.md".into(), 5));
    }

    #[test]
    fn ranges_anchors_and_nesting_pick_lines_of_the_included_files() {
        let code = "fn a() {}\n// ANCHOR: main\nfn main() {\n    run();\n}\n// ANCHOR_END: main\n";
        let book = Book::new(
            "ranges",
            &[
                (
                    "src/ch.md",
                    "# Ch\n\n```rust\n{{#include code.rs:main}}\n```\n\n{{#include part.md}}\nEnd.\n",
                ),
                ("src/code.rs", code),
                ("src/part.md", "Part one.\n{{#include deep/inner.md:2}}\n"),
                ("src/deep/inner.md", "skipped\nInner [z](nowhere.md) line.\n"),
            ],
        );
        let received =
            "# Ch\n\n```rust\nfn main() {\n    run();\n}\n\n```\n\nPart one.\nInner [z](nowhere.md) line.\n\nEnd.\n";
        let origins = trace(&book.0, Path::new("src"), Path::new("ch.md"), received).unwrap();
        assert_eq!(book.place(&origins, 4), ("src/code.rs".into(), 3));
        assert_eq!(book.place(&origins, 5), ("src/code.rs".into(), 4));
        assert_eq!(book.place(&origins, 10), ("src/part.md".into(), 1));
        assert_eq!(book.place(&origins, 11), ("src/deep/inner.md".into(), 2));
        assert_eq!(book.place(&origins, 13), ("src/ch.md".into(), 8));
    }

    #[test]
    fn lines_another_preprocessor_added_show_at_the_line_before_them() {
        let page = "# Flow\n\n```mermaid\ngraph TD\n  A-->B\n```\n\nBelow [w](gone.md).\n";
        let book = Book::new("mermaid", &[("src/flow.md", page)]);
        // What mdbook-mermaid hands on: the fence becomes a <pre> block, two lines longer.
        let received = "# Flow\n\n<pre class=\"mermaid\">\n\ngraph TD\n  A-->B\n\n</pre>\n\nBelow [w](gone.md).\n";
        let origins = trace(&book.0, Path::new("src"), Path::new("flow.md"), received).unwrap();
        assert_eq!(book.place(&origins, 3), ("src/flow.md".into(), 2));
        assert_eq!(book.place(&origins, 5), ("src/flow.md".into(), 4));
        assert_eq!(book.place(&origins, 10), ("src/flow.md".into(), 8));
    }

    #[test]
    fn rustdoc_include_hidden_lines_still_pair() {
        let book = Book::new(
            "rustdoc",
            &[
                ("src/r.md", "{{#rustdoc_include r.rs:2}}\nAfter.\n"),
                ("src/r.rs", "use x;\nfn shown() {}\n"),
            ],
        );
        let received = "# use x;\nfn shown() {}\n\nAfter.\n";
        let origins = trace(&book.0, Path::new("src"), Path::new("r.md"), received).unwrap();
        assert_eq!(book.place(&origins, 1), ("src/r.rs".into(), 1));
        assert_eq!(book.place(&origins, 2), ("src/r.rs".into(), 2));
        assert_eq!(book.place(&origins, 4), ("src/r.md".into(), 2));
    }

    #[test]
    fn a_cycle_of_includes_stops_at_mdbooks_depth() {
        let book = Book::new(
            "cycle",
            &[
                ("src/a.md", "A\n{{#include b.md}}\n"),
                ("src/b.md", "B\n{{#include a.md}}\n"),
            ],
        );
        let origins = trace(&book.0, Path::new("src"), Path::new("a.md"), "A\nB\nA\n").unwrap();
        assert_eq!(book.place(&origins, 2), ("src/b.md".into(), 1));
    }
}

//! End-to-end harness: builds a book with real mdBook (mdbook-driver), with
//! the suite's preprocessors configured by their built paths (as a user's
//! book.toml would) or in process, and reads back the HTML.
#![allow(dead_code)]

use mdbook_driver::MDBook;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A book in a temporary directory, written file by file.
pub(crate) struct TestBook {
    dir: tempfile::TempDir,
    summary: Vec<String>,
    toml: String,
    /// Capabilities asked for with [`TestBook::preprocessor_binary`]: the
    /// suite's table runs these and no other (`only`).
    capabilities: Vec<String>,
    /// The suite's `command`, when a test wraps the binary (`env VAR=x mdbook-handbook`).
    suite_command: Option<String>,
}

impl TestBook {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        TestBook {
            dir,
            summary: Vec::new(),
            toml: "[book]\ntitle = \"Test book\"\nlanguage = \"en\"\n\n[output.html]\n".to_owned(),
            capabilities: Vec::new(),
            suite_command: None,
        }
    }

    /// A copy of an existing book directory (its `book/` output left out).
    pub(crate) fn copy_of(source: &Path) -> Self {
        let book = TestBook::new();
        copy_dir(source, book.root(), &["book", "target"]);
        book
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Adds a chapter file and its SUMMARY.md line (nested by `depth`).
    pub(crate) fn chapter(&mut self, depth: usize, title: &str, path: &str, content: &str) -> &mut Self {
        self.file(&format!("src/{path}"), content);
        self.summary
            .push(format!("{}- [{title}]({path})", "    ".repeat(depth)));
        self
    }

    pub(crate) fn file(&mut self, path: &str, content: &str) -> &mut Self {
        let full = self.root().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&full, content).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
        self
    }

    /// Appends raw TOML to book.toml.
    pub(crate) fn toml(&mut self, text: &str) -> &mut Self {
        self.toml.push('\n');
        self.toml.push_str(text);
        self
    }

    /// Configures a preprocessor binary by its built path, after mdBook's
    /// `links`. For the suite, `handbook-adr` (say) asks for that capability:
    /// the book gets one `[preprocessor.handbook]` table running the asked-for
    /// capabilities only, as a user's `only = [...]` would.
    pub(crate) fn preprocessor_binary(&mut self, name: &str, command: &str) -> &mut Self {
        if let Some(capability) = name.strip_prefix("handbook-") {
            self.capabilities.push(capability.to_owned());
            self.suite_command = Some(command.to_owned());
            // Keys the test appends next are this capability's.
            return self.toml(&format!("[preprocessor.handbook.{capability}]\n"));
        }
        let mut t = String::new();
        let _ = writeln!(t, "[preprocessor.{name}]\ncommand = {command:?}\nafter = [\"links\"]");
        self.toml(&t)
    }

    /// Points the book's `[preprocessor.handbook]` table at the binary cargo
    /// built for these tests (a user's PATH has it; tests don't).
    pub(crate) fn with_suite_binaries(&mut self) -> &mut Self {
        let path = self.root().join("book.toml");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("book.toml: {e}"));
        if let Some(toml::Value::Table(suite)) = table
            .get_mut("preprocessor")
            .and_then(|p| p.as_table_mut())
            .and_then(|p| p.get_mut("handbook"))
        {
            suite.insert(
                "command".into(),
                toml::Value::String(suite_binary().display().to_string()),
            );
        }
        let text = toml::to_string(&table).unwrap();
        self.toml = text.clone();
        self.file("book.toml", &text)
    }

    fn write_book_files(&mut self) {
        if !self.capabilities.is_empty() {
            let only: Vec<String> = self.capabilities.iter().map(|c| format!("{c:?}")).collect();
            let command = self
                .suite_command
                .take()
                .unwrap_or_else(|| suite_binary().display().to_string());
            let table = format!(
                "[preprocessor.handbook]\ncommand = {command:?}\nafter = [\"links\"]\nonly = [{}]\n",
                only.join(", ")
            );
            self.capabilities.clear();
            self.toml(&table);
        }
        if !self.summary.is_empty() {
            let summary = format!("# Summary\n\n{}\n", self.summary.join("\n"));
            self.file("src/SUMMARY.md", &summary);
            let toml = self.toml.clone();
            self.file("book.toml", &toml);
        }
    }

    pub(crate) fn load(&mut self) -> MDBook {
        self.write_book_files();
        MDBook::load(self.root()).unwrap_or_else(|e| panic!("loading the book: {e:#}"))
    }

    /// Builds with real mdBook; panics with mdBook's error if the build fails.
    pub(crate) fn build(self) -> Built {
        self.try_build().unwrap_or_else(|e| panic!("mdbook build failed: {e}"))
    }

    /// Builds and returns mdBook's error instead of panicking.
    pub(crate) fn try_build(mut self) -> Result<Built, String> {
        let md = self.load();
        md.build().map_err(|e| format!("{e:#}"))?;
        Ok(Built {
            out: md.build_dir_for("html"),
            _book: Some(self),
        })
    }

    /// Builds with extra in-process preprocessors (`InProcess(...)`).
    pub(crate) fn build_with(mut self, add: impl FnOnce(&mut MDBook)) -> Built {
        let mut md = self.load();
        add(&mut md);
        md.build().unwrap_or_else(|e| panic!("mdbook build failed: {e:#}"));
        Built {
            out: md.build_dir_for("html"),
            _book: Some(self),
        }
    }
}

/// The HTML output of a build (it keeps the temporary book alive).
pub(crate) struct Built {
    pub out: PathBuf,
    _book: Option<TestBook>,
}

impl Built {
    /// The HTML of a page, by its path in the output (`index.html`, `decisions/0001-x.html`).
    pub(crate) fn page(&self, path: &str) -> String {
        let full = self.out.join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    /// The `<main>` part of a page, where chapter content goes.
    pub(crate) fn main(&self, path: &str) -> String {
        let html = self.page(path);
        let start = html.find("<main>").unwrap_or(0);
        let end = html[start..].find("</main>").map_or(html.len(), |e| start + e);
        html[start..end].to_owned()
    }

    /// What a reader sees of a page's `<main>`: tags and comments removed.
    pub(crate) fn visible_text(&self, path: &str) -> String {
        visible_text(&self.main(path))
    }
}

/// Text of an HTML fragment without comments, tags, `<style>` and `<script>` bodies.
pub(crate) fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let skip_to = if rest.starts_with("<!--") {
            rest.find("-->").map(|e| e + 3)
        } else if rest.starts_with("<style") {
            rest.find("</style>").map(|e| e + 8)
        } else if rest.starts_with("<script") {
            rest.find("</script>").map(|e| e + 9)
        } else {
            rest.find('>').map(|e| e + 1)
        };
        rest = &rest[skip_to.unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// The suite's one binary, `mdbook-handbook`, as cargo built it for these tests.
pub(crate) fn suite_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mdbook-handbook"))
}

/// A binary of this package's examples (`bench` is the protocol floor),
/// built on first use with the cargo that runs the tests.
pub(crate) fn example_binary(name: &str) -> PathBuf {
    static BUILD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = BUILD.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(cargo)
        .args(["build", "--quiet", "--example", name])
        .current_dir(repo_root())
        .status()
        .unwrap_or_else(|e| panic!("running cargo: {e}"));
    assert!(status.success(), "cargo build --example {name} failed");
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| panic!("no target dir"));
    profile_dir.join("examples").join(name)
}

/// The search index mdBook wrote (`searchindex-<hash>.js`), lowercased.
pub(crate) fn search_index(out: &Path) -> String {
    std::fs::read_dir(out)
        .into_iter()
        .flatten()
        .flatten()
        .find(|e| {
            e.file_name().to_string_lossy().starts_with("searchindex")
                && e.file_name().to_string_lossy().ends_with(".js")
        })
        .and_then(|e| std::fs::read_to_string(e.path()).ok())
        .unwrap_or_else(|| panic!("no searchindex*.js in {}", out.display()))
        .to_lowercase()
}

pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    for entry in std::fs::read_dir(from)
        .unwrap_or_else(|e| panic!("{}: {e}", from.display()))
        .flatten()
    {
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let target = to.join(&name);
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target, &[]);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every relative link (`href`) of `page`'s HTML leads to a file of the build in `out`.
pub(crate) fn assert_links_resolve(out: &Path, page: &str, html: &str) {
    let dir = Path::new(page).parent().unwrap_or(Path::new(""));
    let hrefs = html.split("href=\"").skip(1).filter_map(|s| s.split('"').next());
    for href in hrefs.filter(|h| !h.contains(':') && !h.starts_with('#')) {
        let file = href.split('#').next().unwrap_or_default();
        assert!(out.join(dir).join(file).is_file(), "{page}: link {href} leads nowhere");
    }
}

/// Runs `git` in `dir` as `name <email>`, cut off from the machine's git
/// config, with fixed dates so commit hashes and tables are reproducible.
pub(crate) fn git_as(dir: &Path, name: &str, email: &str, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-c")
        .arg(format!("user.name={name}"))
        .arg("-c")
        .arg(format!("user.email={email}"))
        .args(["-c", "init.defaultBranch=main", "-c", "commit.gpgSign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", "2025-03-04T05:06:07+00:00")
        .env("GIT_COMMITTER_DATE", "2025-03-04T05:06:07+00:00")
        .output()
        .unwrap_or_else(|e| panic!("these tests need the `git` program: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The real mdBook 0.5 binary: `$MDBOOK`, else `mdbook` on PATH. A test that
/// needs it fails (never skips) when it is missing.
pub(crate) fn mdbook_binary() -> String {
    static CHECKED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CHECKED
        .get_or_init(|| {
            let program = std::env::var("MDBOOK").unwrap_or_else(|_| "mdbook".to_owned());
            let version = std::process::Command::new(&program)
                .arg("--version")
                .output()
                .unwrap_or_else(|e| {
                    panic!(
                        "this test needs the real mdBook 0.5 binary (`{program}`: {e}); \
                         install it with `cargo install --locked mdbook --version 0.5.4` (.ci/run does)"
                    )
                });
            let version = String::from_utf8_lossy(&version.stdout).into_owned();
            assert!(
                version.contains("v0.5."),
                "this test needs mdBook 0.5, `{program}` is {version}"
            );
            program
        })
        .clone()
}

/// `mdbook build ROOT` with the real binary, `configure` adding what the test
/// needs (a PATH, say): (success, stderr).
pub(crate) fn mdbook_build(root: &Path, configure: impl FnOnce(&mut std::process::Command)) -> (bool, String) {
    let mut command = std::process::Command::new(mdbook_binary());
    command.arg("build").arg(root);
    configure(&mut command);
    let out = command.output().unwrap_or_else(|e| panic!("running mdbook: {e}"));
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The oracle for link reports: every `links-broken` and `links-anchor`
/// diagnostic in `stderr` (`path:line: level[code]: message`, paths relative
/// to `root`) names a line of that file that holds the link it reports.
/// Returns how many reports it read, so a caller can tell it saw some.
pub(crate) fn assert_link_reports_hold(root: &Path, stderr: &str) -> usize {
    let mut checked = 0;
    for line in stderr.lines() {
        let Some((place, rest)) = line.split_once(": ") else {
            continue;
        };
        if !(rest.contains("[links-broken]: `") || rest.contains("[links-anchor]: no heading `")) {
            continue;
        }
        // The link is the message's first backticked word: `href` or `#fragment`.
        let link = rest.split('`').nth(1);
        let link = link.unwrap_or_else(|| panic!("a link report without its link: {line}"));
        let (path, number) = place
            .rsplit_once(':')
            .and_then(|(p, n)| Some((p, n.parse::<usize>().ok()?)))
            .unwrap_or_else(|| panic!("a link report without a line: {line}"));
        assert!(
            !path.contains("/./") && !path.starts_with("./"),
            "an untidy path: {line}"
        );
        let file = root.join(path);
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{line}: {}: {e}", file.display()));
        let named = text.lines().nth(number.saturating_sub(1)).unwrap_or_default();
        // An anchor report names `#fragment`; the page may link it as `page.md#fragment`.
        let wanted = link.trim_start_matches('#');
        assert!(
            named.contains(wanted),
            "{line}\n  names line {number} of {path}, which does not hold `{link}`:\n  {named}"
        );
        checked += 1;
    }
    checked
}

//! README's first command on a machine with only Rust: `mdbook build
//! book-example` with no `dot`, `plantuml`, `d2` or `java` on PATH. README
//! promises the book is built, with a "needs Graphviz" box in place of each
//! diagram whose program is missing and one warning per missing program.

use crate::harness;

use harness::TestBook;
use std::path::Path;

#[test]
fn book_example_builds_with_only_rust_and_says_what_each_diagram_needs() {
    let book = TestBook::copy_of(&harness::repo_root().join("book-example"));
    // Its own diagram cache would hide the missing programs.
    let _ = std::fs::remove_dir_all(book.root().join(".handbook-cache"));
    let bin = tempfile::tempdir().unwrap();
    let mdbook = which("mdbook").unwrap_or_else(|| panic!("mdbook 0.5.4 is not on PATH (.ci/run installs it)"));
    let mut programs = vec![("mdbook".to_owned(), mdbook)];
    // git: Rust's own install needs it, and the change log reads history with it.
    if let Some(git) = which("git") {
        programs.push(("git".to_owned(), git));
    }
    programs.push(("mdbook-handbook".to_owned(), harness::suite_binary()));
    for (name, path) in &programs {
        handbook_core::platform::symlink_file(path, bin.path().join(name)).unwrap();
    }
    for absent in ["dot", "plantuml", "d2", "java"] {
        assert!(!bin.path().join(absent).exists());
    }
    let output = std::process::Command::new(bin.path().join("mdbook"))
        .arg("build")
        .arg(book.root())
        .env("PATH", bin.path())
        .env_remove("JAVA_HOME")
        .output()
        .unwrap_or_else(|e| panic!("mdbook: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "README's command failed:\n{stderr}");
    assert!(book.root().join("book/index.html").is_file(), "no book/index.html");

    let missing: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("[diagram-program-missing]"))
        .collect();
    assert_eq!(
        missing.len(),
        3,
        "one warning per missing program (dot, plantuml, d2):\n{stderr}"
    );
    assert!(
        missing.iter().all(|l| l.contains("warning[diagram-program-missing]")),
        "{missing:?}"
    );
    assert!(
        missing.iter().any(|l| l.contains("apt-get install graphviz")),
        "{missing:?}"
    );

    let page = |path: &str| std::fs::read_to_string(book.root().join("book").join(path)).unwrap_or_default();
    let components = page("components/index.html");
    assert!(
        components.contains("class=\"hb-diagram-note\"><strong>dot diagram not rendered:</strong> needs Graphviz"),
        "the Graphviz diagram's place says what it needs"
    );
    let deployment = page("deployment.html");
    assert!(
        deployment.contains("needs PlantUML"),
        "the PlantUML diagram's place says what it needs"
    );
    assert!(
        deployment.contains("needs D2"),
        "the D2 diagram's place says what it needs"
    );
    // In-process diagrams need nothing installed.
    let decisions = page("decisions/index.html");
    assert!(
        decisions.contains("<svg"),
        "the relation graph (Mermaid, in process) is drawn"
    );
    assert_no_machine_paths(&book.root().join("book"), &[book.root(), bin.path()]);
}

/// No page carries a path of the build machine.
fn assert_no_machine_paths(out: &Path, roots: &[&Path]) {
    for entry in walk(out) {
        if entry.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&entry).unwrap_or_default();
            for root in roots {
                let root = root.display().to_string();
                assert!(!html.contains(&root), "{} names {root}", entry.display());
            }
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn which(name: &str) -> Option<std::path::PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

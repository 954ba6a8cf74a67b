//! How PlantUML runs in one build: found once, before any diagram is drawn.

use super::launch::{self, Launcher, Sandbox};
use super::policy;
use crate::DiagramsConfig;
use crate::cache::Cache;
use crate::program::Found;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why PlantUML cannot draw in this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// No Java for a jar, or a JVM that does not start: like a missing program.
    CannotStart(String),
    /// It runs, but nothing can keep it inside the book: always an error.
    CannotSandbox(String),
}

impl Unusable {
    pub fn message(&self) -> &str {
        match self {
            Unusable::CannotStart(m) | Unusable::CannotSandbox(m) => m,
        }
    }
}

/// How PlantUML runs in this build: how it starts, its sandbox, the book it
/// may read, the `dot` it may start, and a temporary folder of its own.
pub struct Settings {
    pub launcher: Launcher,
    pub sandbox: Sandbox,
    /// The Java policy file, for [`Sandbox::JavaPolicy`].
    pub policy_file: Option<PathBuf>,
    pub book_root: PathBuf,
    /// The folders PlantUML may read: the ones the book shares (`src/`, `include-dirs`), never the root.
    pub readable: Vec<PathBuf>,
    pub dot: PathBuf,
    /// `java.io.tmpdir`: the system one (`/tmp`) holds other people's files,
    /// which `<img:/tmp/...>` would embed in the page. One per book root.
    pub tmp: PathBuf,
    /// Why the policy and `tmp` are not in the cache folder (it cannot be
    /// written): said once, as the build's `diagram-cache` warning.
    pub cache_problem: Option<String>,
    /// The private folder that holds them then, removed with the settings.
    pub scratch: Option<tempfile::TempDir>,
}

impl Settings {
    /// Settings for the PlantUML `found`: its launcher, its versions (asked
    /// of the programs, never read from the cache folder, see
    /// [`launch::probe_once`]), the sandbox they allow, and the Java policy
    /// file when that is the sandbox.
    pub fn prepare(
        found: &Found,
        config: &DiagramsConfig,
        cache: &Cache,
        book_root: &Path,
        readable: &[PathBuf],
        dot: PathBuf,
        timeout: Duration,
    ) -> Result<Settings, Unusable> {
        let launcher = Launcher::for_program(&found.path, config.java.as_deref()).map_err(Unusable::CannotStart)?;
        let root = handbook_core::paths::real_root(book_root);
        // One temporary folder per book root: books sharing a cache never read each other's files.
        // It is the JVM's HOME too: a folder of the suite's, not the user's.
        let tmp = cache.dir().join(format!(
            "plantuml-{}-tmp",
            &crate::cache::key(&[root.display().to_string().as_bytes()])[..16]
        ));
        // A cache folder that cannot be written costs a warning, not the sandbox or the build:
        // PlantUML's temporary files and its policy then go to a private folder of this build.
        let (tmp, cache_problem, scratch) = match std::fs::create_dir_all(&tmp) {
            Ok(()) => (tmp, None, None),
            Err(e) => {
                let scratch = tempfile::Builder::new()
                    .prefix("handbook-plantuml-")
                    .tempdir()
                    .map_err(|s| {
                        Unusable::CannotSandbox(format!(
                            "could not make PlantUML's temporary folder in {} ({e}), nor in a temporary folder ({s})",
                            cache.dir().display()
                        ))
                    })?;
                let tmp = scratch.path().join("tmp");
                let _ = std::fs::create_dir(&tmp);
                (tmp, Some(e.to_string()), Some(scratch))
            }
        };
        let versions = launch::probe_once(&launcher, (&root, &tmp), timeout)
            .map_err(|why| Unusable::CannotStart(format!("PlantUML could not be started: {why}")))?;
        let sandbox = launch::choose(&versions, config.plantuml_sandbox).map_err(Unusable::CannotSandbox)?;
        let policy_file = match sandbox {
            Sandbox::JavaPolicy => {
                let installed = policy::Installed {
                    java_home: &versions.java_home,
                    jars: &found.jars,
                    dot: &dot,
                };
                let text = policy::policy(readable, &installed);
                // Named by content and written atomically: a build of another book
                // sharing the cache (another root in the policy) never swaps or
                // half-writes the policy this JVM reads.
                let written = match &scratch {
                    None => cache.put_file("plantuml", "policy", &text),
                    Some(scratch) => {
                        let file = scratch.path().join("plantuml.policy");
                        std::fs::write(&file, &text).map(|()| file)
                    }
                };
                Some(written.map_err(|e| {
                    Unusable::CannotSandbox(format!("could not write the PlantUML security policy: {e}"))
                })?)
            }
            Sandbox::Profile | Sandbox::Off => None,
        };
        Ok(Settings {
            launcher,
            sandbox,
            policy_file,
            book_root: root,
            readable: readable.to_vec(),
            dot,
            tmp,
            cache_problem,
            scratch,
        })
    }

    /// `plantuml.allowlist.path`: the shared folders, joined as PATH is (PlantUML splits it so).
    fn allowlist(&self) -> String {
        std::env::join_paths(&self.readable)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The JVM options: headless, its own temporary folder, the sandbox.
    fn jvm_options(&self) -> Vec<String> {
        let path = |p: &Path| p.display().to_string();
        let mut options = vec![
            "-Djava.awt.headless=true".to_owned(),
            format!("-Djava.io.tmpdir={}", path(&self.tmp)),
            // PlantUML would search PATH for dot, reading folders the sandbox does not open.
            format!("-DGRAPHVIZ_DOT={}", path(&self.dot)),
        ];
        match (self.sandbox, &self.policy_file) {
            (Sandbox::Profile, _) => {
                options.push("-DPLANTUML_SECURITY_PROFILE=ALLOWLIST".to_owned());
                options.push(format!("-Dplantuml.allowlist.path={}", self.allowlist()));
            }
            (Sandbox::JavaPolicy, Some(policy)) => {
                options.push("-Djava.security.manager".to_owned());
                options.push(format!("-Djava.security.policy=={}", path(policy)));
            }
            (Sandbox::JavaPolicy, None) | (Sandbox::Off, _) => {}
        }
        options
    }

    /// The program, its arguments and environment for one run of PlantUML with `plantuml_args`.
    pub(super) fn command(&self, plantuml_args: &[&str]) -> (PathBuf, Vec<String>, Vec<(String, String)>) {
        let options = self.jvm_options();
        let mut env = vec![
            ("GRAPHVIZ_DOT".to_owned(), self.dot.display().to_string()),
            // Options of the user's shell must not loosen (or break) the sandbox.
            ("_JAVA_OPTIONS".to_owned(), String::new()),
            ("JDK_JAVA_OPTIONS".to_owned(), String::new()),
            // What a launcher script documents it starts Java by (Debian's); nothing else of the build's.
            ("JAVA_HOME".to_owned(), std::env::var("JAVA_HOME").unwrap_or_default()),
        ];
        if self.sandbox == Sandbox::Profile {
            env.push(("PLANTUML_SECURITY_PROFILE".to_owned(), "ALLOWLIST".to_owned()));
            env.push(("plantuml.allowlist.path".to_owned(), self.allowlist()));
        }
        let (program, mut args) = match &self.launcher {
            // A script starts Java itself: the options travel in the environment.
            Launcher::Script(path) => {
                let quoted: Vec<String> = options
                    .iter()
                    .map(|o| if o.contains(' ') { format!("\"{o}\"") } else { o.clone() })
                    .collect();
                env.push(("JAVA_TOOL_OPTIONS".to_owned(), quoted.join(" ")));
                (path.clone(), Vec::new())
            }
            Launcher::Jar { java, jar } => {
                env.push(("JAVA_TOOL_OPTIONS".to_owned(), String::new()));
                let mut args = options;
                args.extend(["-jar".to_owned(), jar.display().to_string()]);
                (java.clone(), args)
            }
        };
        args.extend(plantuml_args.iter().map(|a| (*a).to_owned()));
        (program, args, env)
    }
}

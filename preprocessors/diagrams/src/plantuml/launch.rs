//! How PlantUML is started and sandboxed on this machine.
//!
//! Two launch forms: a launcher script (`plantuml` on PATH, Debian's and
//! Homebrew's) or a jar (`plantuml = "path/to/plantuml.jar"`, run with
//! `java -jar`, Java from the `java` key, `JAVA_HOME`, then PATH).
//!
//! The sandbox depends on what runs (see the decision record "PlantUML's
//! sandbox follows the versions installed"), so the Java major version and the
//! PlantUML version are asked once ([`probe`]) and kept in the cache folder,
//! keyed by the programs' fingerprint:
//! - PlantUML [`PROFILE_SINCE`] or later: its own `ALLOWLIST` security profile,
//!   with the book's folder the only one allowed;
//! - older PlantUML on Java before [`JAVA_REFUSES_SECURITY_MANAGER`]: the
//!   JVM's security manager with a policy ([`super::policy`]);
//! - older PlantUML on a newer Java: nothing can sandbox it, so it is refused,
//!   unless the book says `plantuml-sandbox = "off"`.

use crate::config::PlantumlSandbox;
use crate::program::{self, RunError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// PlantUML's `PLANTUML_SECURITY_PROFILE` exists since 1.2020.11
/// (plantuml.com/security), but an unknown profile name silently falls back
/// to `LEGACY` (no sandbox). 1.2023.9 is the release where profiles became
/// PlantUML's only mechanism (plantuml-server's breaking-change note), so the
/// suite trusts `ALLOWLIST` from there on.
pub const PROFILE_SINCE: PlantumlVersion = PlantumlVersion(1, 2023, 9);

/// Java 24 and later refuse to start with `-Djava.security.manager` (JEP 486).
pub const JAVA_REFUSES_SECURITY_MANAGER: u32 = 24;

/// `1.2020.2` as three numbers, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlantumlVersion(pub u32, pub u32, pub u32);

impl std::fmt::Display for PlantumlVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// How the PlantUML process is started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Launcher {
    /// A program that starts Java itself (`plantuml` on PATH).
    Script(PathBuf),
    /// `java -jar jar`.
    Jar { java: PathBuf, jar: PathBuf },
}

impl Launcher {
    /// The launcher for the program found: a `.jar` needs a Java, anything else runs itself.
    pub fn for_program(path: &Path, java: Option<&str>) -> Result<Launcher, String> {
        if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("jar")) {
            return Ok(Launcher::Script(path.to_path_buf()));
        }
        let java = match java {
            Some(configured) => program::find(configured).map(|f| f.path),
            None => std::env::var_os("JAVA_HOME")
                .map(|home| handbook_core::platform::program_file(&PathBuf::from(home).join("bin"), "java"))
                .filter(|p| p.is_file())
                .or_else(|| program::on_path("java")),
        };
        match java {
            Some(java) => Ok(Launcher::Jar {
                java,
                jar: path.to_path_buf(),
            }),
            None => Err(format!(
                "`{}` is a jar, and no Java was found to run it (neither `java` in [preprocessor.handbook.diagrams], JAVA_HOME nor `java` on PATH): install a Java runtime (17 or later)",
                path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
            )),
        }
    }

    /// The program to start and the arguments that come before PlantUML's own.
    pub fn command(&self) -> (&Path, Vec<String>) {
        match self {
            Launcher::Script(path) => (path, Vec::new()),
            Launcher::Jar { java, jar } => (java, vec!["-jar".to_owned(), jar.display().to_string()]),
        }
    }

    /// What changes when the programs change: part of the probe's and the diagrams' keys.
    pub fn fingerprint(&self) -> String {
        match self {
            // A script finds its Java itself, by JAVA_HOME or PATH.
            Launcher::Script(path) => format!(
                "{};JAVA_HOME={};java={}",
                program::file_fingerprint(path),
                std::env::var("JAVA_HOME").unwrap_or_default(),
                program::on_path("java")
                    .map(|j| program::file_fingerprint(&j))
                    .unwrap_or_default()
            ),
            Launcher::Jar { java, jar } => {
                format!("{};{}", program::file_fingerprint(jar), program::file_fingerprint(java))
            }
        }
    }
}

/// What [`probe`] learned: the Java that really runs PlantUML, and PlantUML's version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versions {
    pub java_major: u32,
    pub java_home: PathBuf,
    /// `None` when PlantUML printed no version the suite understands.
    pub plantuml: Option<PlantumlVersion>,
}

impl Versions {
    /// Reads the JVM's `-XshowSettings:properties` and PlantUML's `-version`.
    pub fn parse(text: &str) -> Option<Versions> {
        let mut major = None;
        let mut home = None;
        let mut plantuml = None;
        for line in text.lines().map(str::trim) {
            if let Some(v) = value(line, "java.specification.version") {
                // Java 8 says `1.8`.
                major = v.strip_prefix("1.").unwrap_or(v).parse().ok();
            } else if let Some(v) = value(line, "java.home") {
                home = Some(PathBuf::from(v));
            } else if let Some(v) = line.strip_prefix("PlantUML version ") {
                plantuml = parse_version(v);
            }
        }
        Some(Versions {
            java_major: major?,
            java_home: home?,
            plantuml,
        })
    }
}

/// `key = value` or `key=value`.
fn value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(key)?.trim_start();
    Some(rest.strip_prefix('=')?.trim())
}

/// `1.2020.02 (Sun Mar ...)`, `1.2026.8 / 149874a`, `1.2023.10beta3`.
pub fn parse_version(text: &str) -> Option<PlantumlVersion> {
    let word = text.split_whitespace().next()?;
    let mut parts = word.split('.').map(|p| {
        let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<u32>().ok()
    });
    Some(PlantumlVersion(parts.next()??, parts.next()??, parts.next()??))
}

/// Asks the Java that runs PlantUML for its version and home, and PlantUML for
/// its version, in one JVM start: `-version` with the launcher option
/// `-XshowSettings:properties` (through `JDK_JAVA_OPTIONS`, which any `java`
/// launcher a script starts picks up).
pub fn probe(launcher: &Launcher, (dir, home): (&Path, &Path), timeout: Duration) -> Result<Versions, String> {
    let (program, mut args) = launcher.command();
    args.push("-version".to_owned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let env = [
        ("JDK_JAVA_OPTIONS", "-XshowSettings:properties"),
        ("JAVA_TOOL_OPTIONS", "-Djava.awt.headless=true"),
    ];
    let java_home = std::env::var("JAVA_HOME").unwrap_or_default();
    let mut env = env.to_vec();
    // A launcher script finds its Java by JAVA_HOME (Debian's does).
    env.push(("JAVA_HOME", &java_home));
    let (out, err, _) =
        program::run(program, &args, &env, "", timeout, program::OUTPUT_LIMIT, (dir, home)).map_err(|e| match e {
            RunError::Missing => format!("{} could not be started", program.display()),
            RunError::TimedOut(t) => format!("`-version` did not finish within {} s", t.as_secs()),
            RunError::Failed(m) => m,
        })?;
    let text = format!("{}\n{err}", String::from_utf8_lossy(&out));
    Versions::parse(&text).ok_or_else(|| {
        format!(
            "could not learn the Java version from `{} -version`: {}",
            program.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
            super::tidy(&err)
        )
    })
}

/// The probe, asked once per process for each fingerprint of the programs.
///
/// Never kept in the cache folder: the sandbox is chosen from these versions,
/// and a file anyone who can write the cache could forge (`plantuml=1.2026.8`
/// for a 1.2020 jar, which would ignore the profile the suite then relies on)
/// must not switch it off. It costs one JVM start in a build that draws
/// PlantUML; a build whose PlantUML diagrams are all in the cache asks nothing.
pub fn probe_once(launcher: &Launcher, place: (&Path, &Path), timeout: Duration) -> Result<Versions, String> {
    static PROBED: std::sync::Mutex<BTreeMap<String, Versions>> = std::sync::Mutex::new(BTreeMap::new());
    let fingerprint = launcher.fingerprint();
    if let Some(versions) = PROBED.lock().ok().and_then(|p| p.get(&fingerprint).cloned()) {
        return Ok(versions);
    }
    let versions = probe(launcher, place, timeout)?;
    if let Ok(mut probed) = PROBED.lock() {
        probed.insert(fingerprint, versions.clone());
    }
    Ok(versions)
}

/// How this PlantUML is kept inside the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sandbox {
    /// PlantUML's `ALLOWLIST` profile, the book's folder allowed.
    Profile,
    /// The JVM's security manager with the suite's policy.
    JavaPolicy,
    /// None: the book said `plantuml-sandbox = "off"`.
    Off,
}

/// Picks the sandbox for these versions, or says why none is possible and what to do.
pub fn choose(versions: &Versions, setting: PlantumlSandbox) -> Result<Sandbox, String> {
    if setting == PlantumlSandbox::Off {
        return Ok(Sandbox::Off);
    }
    if versions.plantuml.is_some_and(|v| v >= PROFILE_SINCE) {
        return Ok(Sandbox::Profile);
    }
    if versions.java_major < JAVA_REFUSES_SECURITY_MANAGER {
        return Ok(Sandbox::JavaPolicy);
    }
    let plantuml = versions
        .plantuml
        .map_or_else(|| "of unknown version".to_owned(), |v| v.to_string());
    Err(format!(
        "PlantUML {plantuml} cannot be sandboxed on Java {java}: it predates PlantUML's own security profile (used from {PROFILE_SINCE}), and Java {JAVA_REFUSES_SECURITY_MANAGER} and later refuse the security manager the suite would use instead (JEP 486). Install PlantUML {PROFILE_SINCE} or later (`plantuml = \"path/to/plantuml.jar\"` in [preprocessor.handbook.diagrams]), or run it on Java 17 to {last} (`java = \"/path/to/bin/java\"`, or JAVA_HOME), or set `plantuml-sandbox = \"off\"` to draw without a sandbox at your own risk",
        java = versions.java_major,
        last = JAVA_REFUSES_SECURITY_MANAGER - 1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions(java_major: u32, plantuml: Option<PlantumlVersion>) -> Versions {
        Versions {
            java_major,
            java_home: PathBuf::from("/jvm"),
            plantuml,
        }
    }

    #[test]
    fn reads_the_jvm_and_plantuml_versions() {
        let text = "NOTE: Picked up JDK_JAVA_OPTIONS: -XshowSettings:properties\nProperty settings:\n    java.home = /usr/lib/jvm/java-17-openjdk-amd64\n    java.specification.version = 17\nPlantUML version 1.2020.02 (Sun Mar 01 10:22:07 UTC 2020)\n";
        let read = Versions::parse(text);
        assert_eq!(
            read,
            Some(Versions {
                java_major: 17,
                java_home: PathBuf::from("/usr/lib/jvm/java-17-openjdk-amd64"),
                plantuml: Some(PlantumlVersion(1, 2020, 2)),
            })
        );
        let forged = "java-major=17\njava-home=/\nplantuml=1.2026.8\n";
        assert_eq!(Versions::parse(forged), None, "the old cached form is not read");
        assert_eq!(
            parse_version("1.2026.8 / 149874a [2026-09-05]"),
            Some(PlantumlVersion(1, 2026, 8))
        );
        assert_eq!(parse_version("1.2023.10beta3"), Some(PlantumlVersion(1, 2023, 10)));
        assert_eq!(
            Versions::parse("java.specification.version = 1.8\njava.home = /j").map(|v| v.java_major),
            Some(8)
        );
        assert_eq!(Versions::parse("Error: could not start"), None);
    }

    #[test]
    fn the_sandbox_follows_the_versions() {
        let old = Some(PlantumlVersion(1, 2020, 2));
        let new = Some(PlantumlVersion(1, 2026, 8));
        let on = PlantumlSandbox::On;
        assert_eq!(choose(&versions(17, old), on), Ok(Sandbox::JavaPolicy));
        assert_eq!(choose(&versions(23, None), on), Ok(Sandbox::JavaPolicy));
        assert_eq!(choose(&versions(17, new), on), Ok(Sandbox::Profile));
        assert_eq!(choose(&versions(25, new), on), Ok(Sandbox::Profile));
        assert_eq!(choose(&versions(25, Some(PROFILE_SINCE)), on), Ok(Sandbox::Profile));
        let refused = choose(&versions(25, old), on).err().unwrap_or_default();
        assert!(
            refused.starts_with("PlantUML 1.2020.2 cannot be sandboxed on Java 25:")
                && refused.contains("plantuml-sandbox = \"off\""),
            "{refused}"
        );
        assert_eq!(choose(&versions(25, old), PlantumlSandbox::Off), Ok(Sandbox::Off));
    }

    #[test]
    fn a_jar_runs_with_java_a_script_runs_itself() {
        let script = Launcher::for_program(Path::new("/usr/bin/plantuml"), None);
        assert_eq!(script, Ok(Launcher::Script(PathBuf::from("/usr/bin/plantuml"))));
        let missing = Launcher::for_program(Path::new("/x/plantuml.jar"), Some("/no/such/java"));
        assert!(
            missing.is_err_and(|m| m.contains("`plantuml.jar` is a jar, and no Java was found")),
            "a configured Java that is not there"
        );
    }
}

//! The Java security policy for PlantUML versions without a security profile,
//! on JVMs that still honour a security manager (Java 23 and earlier).
//!
//! Every path comes from this machine: the Java home the probe reported (and
//! where its `conf` and `lib` really are: Debian links them into `/etc`), the
//! folders of PlantUML's jars, the book, `dot`, and the font folders that exist.

use std::path::{Path, PathBuf};

/// Where the JVM and PlantUML live, as found on this machine.
pub struct Installed<'a> {
    pub java_home: &'a Path,
    pub jars: &'a [PathBuf],
    pub dot: &'a Path,
}

/// Folders the JVM reads fonts from, on Linux and macOS.
const FONT_FOLDERS: &[&str] = &[
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/etc/fonts",
    "/var/cache/fontconfig",
    "/System/Library/Fonts",
    "/Library/Fonts",
];

/// What PlantUML and the JVM may do at run time: every `RuntimePermission`
/// Java 17 defines except `getenv.*` (PlantUML's `%getenv` would write the
/// build's environment into the picture) and the two that would let code
/// change the sandbox itself (`setSecurityManager`, `createSecurityManager`).
/// A policy cannot grant "all but", so the rest are listed.
pub const RUNTIME_PERMISSIONS: &[&str] = &[
    "createClassLoader",
    "getClassLoader",
    "setContextClassLoader",
    "enableContextClassLoaderOverride",
    "closeClassLoader",
    "exitVM.*",
    "shutdownHooks",
    "setFactory",
    "setIO",
    "modifyThread",
    "stopThread",
    "modifyThreadGroup",
    "getProtectionDomain",
    "getFileSystemAttributes",
    "readFileDescriptor",
    "writeFileDescriptor",
    "loadLibrary.*",
    "accessClassInPackage.*",
    "defineClassInPackage.*",
    "accessDeclaredMembers",
    "getStackTrace",
    "getStackWalkerWithClassReference",
    "setDefaultUncaughtExceptionHandler",
    "preferences",
    "manageProcess",
    "localeServiceProvider",
    "loggerFinder",
    "accessSystemModules",
    "charsetProvider",
    "fileSystemProvider",
    "reflectionFactoryAccess",
];

/// The environment variables PlantUML 1.2020 itself reads (it dies when
/// refused one; found in its classes' constants): `getenv.*` is not granted, these are. The suite's
/// sealed environment holds at most what the suite set for them.
pub const OWN_VARIABLES: &[&str] = &[
    "PLANTUML_DEFAULT_CONFIG_FILENAME",
    "PLANTUML_LIMIT_SIZE",
    "PLANTUML_SECURITY_PROFILE",
    "PLANTUML_STATS",
    "PLANTUML_LOGDATA",
    "PLANTUML_VERSION",
    "plantuml.include.path",
    "GRAPHVIZ_DOT",
];

/// The policy: read the folders the book shares (`readable`: `src/` and its
/// `include-dirs`, never the book root, which holds `.git` and `.env`) and
/// what the JVM and PlantUML need, run `dot`, nothing else.
pub fn policy(readable: &[PathBuf], installed: &Installed<'_>) -> String {
    let mut read_trees: Vec<PathBuf> = Vec::new();
    let home = installed.java_home;
    for part in [home.to_path_buf(), home.join("conf"), home.join("lib")] {
        read_trees.push(handbook_core::paths::real_root(&part));
    }
    for jar in installed.jars {
        if let Some(folder) = handbook_core::paths::real_root(jar).parent() {
            read_trees.push(folder.to_path_buf());
        }
    }
    read_trees.extend(
        FONT_FOLDERS
            .iter()
            .map(Path::new)
            .filter(|p| p.is_dir())
            .map(handbook_core::paths::real_root),
    );
    read_trees.extend(readable.iter().cloned());
    read_trees.sort();
    read_trees.dedup();
    let mut lines = String::new();
    for tree in &read_trees {
        let tree = quote(tree);
        // The folder itself (listing it) and everything below it.
        lines.push_str(&format!("  permission java.io.FilePermission \"{tree}\", \"read\";\n"));
        lines.push_str(&format!(
            "  permission java.io.FilePermission \"{tree}${{/}}-\", \"read\";\n"
        ));
    }
    let dot = quote(installed.dot);
    let runtime: String = RUNTIME_PERMISSIONS
        .iter()
        .map(|p| (*p).to_owned())
        .chain(OWN_VARIABLES.iter().map(|v| format!("getenv.{v}")))
        .map(|p| format!("  permission java.lang.RuntimePermission \"{p}\";\n"))
        .collect();
    format!(
        r#"grant {{
  permission java.util.PropertyPermission "*", "read,write";
{runtime}  permission java.lang.reflect.ReflectPermission "*";
  permission java.awt.AWTPermission "*";
  permission java.util.logging.LoggingPermission "control";
  permission java.io.FilePermission "${{java.home}}${{/}}-", "read";
{lines}  permission java.io.FilePermission "${{java.io.tmpdir}}${{/}}-", "read,write,delete";
  permission java.io.FilePermission "{dot}", "read,execute";
}};
"#
    )
}

/// A path inside a double-quoted policy string.
fn quote(path: &Path) -> String {
    path.display().to_string().replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PlantUML's error image looks for licence files in the jar's folder (now
    /// and then, at random): denied, the JVM died and took every diagram of the
    /// batch with it (found by tests/hostile/diagram-plantuml-loop).
    #[test]
    fn the_policy_opens_the_folders_found_here_and_nothing_debian_specific() {
        let jars = [PathBuf::from("/opt/puml/plantuml.jar")];
        let installed = Installed {
            java_home: Path::new("/opt/jdk"),
            jars: &jars,
            dot: Path::new("/opt/bin/dot"),
        };
        let policy = policy(&[PathBuf::from("/book/src")], &installed);
        for wanted in [
            "FilePermission \"/opt/puml\", \"read\"",
            "FilePermission \"/opt/puml${/}-\", \"read\"",
            "FilePermission \"/opt/jdk/conf${/}-\", \"read\"",
            "FilePermission \"/book/src${/}-\", \"read\"",
            "FilePermission \"/opt/bin/dot\", \"read,execute\"",
        ] {
            assert!(policy.contains(wanted), "{wanted} in {policy}");
        }
        for debian in ["/etc/java-17-openjdk", "/usr/share/plantuml", "/usr/share/java"] {
            assert!(!policy.contains(debian), "{debian} in {policy}");
        }
        for never in [
            "RuntimePermission \"*\"",
            "getenv.*",
            "getenv.PATH",
            "setSecurityManager",
            "FilePermission \"/book\"",
            "FilePermission \"/book${/}-\"",
        ] {
            assert!(!policy.contains(never), "{never} in {policy}");
        }
    }
}

//! What a program the suite starts sees of the build's environment: an
//! allow-list, never the rest. A build's environment holds CI tokens, cloud
//! keys and the user's paths, and a diagram program can write any variable
//! into its picture (PlantUML's `%getenv`), which then becomes a page.
//!
//! [`seal`] is applied by `process::run`, the one way a program runs, so no
//! caller can forget it. A caller that needs more (git its HOME for the user's
//! `safe.directory`, PlantUML a JAVA_HOME) sets it on the `Command` itself:
//! what a caller sets explicitly is kept, and only that.

use crate::platform;
use std::ffi::OsString;
use std::process::Command;

/// Variables every program inherits: where programs are (PATH, so a launcher
/// script finds its `java`), the locale, the time zone and the temporary folder.
/// HOME is not among them: each caller says which HOME its program gets.
pub const INHERITED: &[&str] = &["PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"];

/// Clears everything `command` would inherit, then lets through [`INHERITED`]
/// and the variables the platform cannot start a program without
/// ([`platform::ESSENTIAL_ENV`]); what the caller set or removed on `command`
/// itself stays as the caller said.
pub fn seal(command: &mut Command) {
    let explicit: Vec<(OsString, Option<OsString>)> = command
        .get_envs()
        .map(|(k, v)| (k.to_owned(), v.map(ToOwned::to_owned)))
        .collect();
    command.env_clear();
    for name in INHERITED.iter().chain(platform::ESSENTIAL_ENV) {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    for (name, value) in explicit {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
}

/// The value of `name` in the build's environment, set on `command` when there
/// is one: for the variables one program documents it needs (JAVA_HOME).
pub fn pass(command: &mut Command, name: &str) {
    if let Some(value) = std::env::var_os(name) {
        command.env(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(command: &Command) -> Vec<(String, Option<String>)> {
        let mut names: Vec<_> = command
            .get_envs()
            .map(|(k, v)| {
                (
                    k.to_string_lossy().into_owned(),
                    v.map(|v| v.to_string_lossy().into_owned()),
                )
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn only_the_allow_list_and_what_the_caller_set_get_through() {
        let mut command = Command::new("x");
        // PATH is on the allow-list: a caller that removes it still has it removed.
        command.env("HB_SET_BY_CALLER", "1").env_remove("PATH");
        seal(&mut command);
        let seen = names(&command);
        assert!(
            seen.contains(&("HB_SET_BY_CALLER".to_owned(), Some("1".to_owned()))),
            "{seen:?}"
        );
        assert!(!seen.iter().any(|(k, v)| k == "PATH" && v.is_some()), "{seen:?}");
        for (name, _) in &seen {
            assert!(
                name.starts_with("HB_")
                    || INHERITED.contains(&name.as_str())
                    || platform::ESSENTIAL_ENV.contains(&name.as_str()),
                "{name} got through: {seen:?}"
            );
        }
    }
}

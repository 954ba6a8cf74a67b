//! Every diagnostic code handbook-changelog reports, with what it means and
//! how to fix or silence it (`mdbook-handbook check --explain CODE`).

use handbook_core::{Code, Level};

pub const CODES: &[Code] = &[
    Code::new(
        "changelog-version-order",
        Level::Warning,
        "a page's change-log table lists a version against the table's own order (newest first or oldest first)",
        "move the row, or correct its version; the table is shown as written",
    ),
    Code::new(
        "changelog-shallow-clone",
        Level::Warning,
        "the book is in a shallow git clone, so dates and authors from git would be wrong",
        "fetch the full history (`fetch-depth: 0`, `GIT_DEPTH: 0` or `git fetch --unshallow`), or set `shallow-clone = \"ignore\"`",
    ),
    Code::new(
        "changelog-no-git",
        Level::Warning,
        "git history was asked for, but the book is not in a git repository or `git` is not installed",
        "build inside the repository with git on PATH, or set `outside-git = \"ignore\"`",
    ),
    Code::new(
        "changelog-git-failed",
        Level::Warning,
        "`git log` failed or ran past `git-timeout`; git tables show a note",
        "run the command the message names by hand; raise `git-timeout` for very large repositories",
    ),
    Code::new(
        "changelog-directive",
        Level::Warning,
        "a `{{#changelog ...}}` directive cannot be read; it is left as written",
        "correct it as the message says (`git`, `file=...`, `recent 10`, `last-updated`)",
    ),
    Code::new(
        "changelog-no-entries",
        Level::Warning,
        "`{{#changelog}}` shows the page's `changelog:` front matter, and the page has none",
        "add entries to the front matter, or use `{{#changelog file=...}}`",
    ),
    Code::new(
        "changelog-data-file",
        Level::Warning,
        "a change-log data file cannot be read or parsed",
        "correct the file (TOML, YAML or JSON) as the message says",
    ),
    Code::new(
        "changelog-path-outside-book",
        Level::Warning,
        "a change-log data file lies outside the book root (absolute, `..` or a symlink)",
        "move the file into the book",
    ),
    Code::new(
        "changelog-malformed-entry",
        Level::Warning,
        "a change-log entry is not a table of version, date and changes",
        "write each entry as `- version: 1.2.0` with `date:` and `changes:`",
    ),
    Code::new(
        "changelog-unknown-field",
        Level::Warning,
        "a change-log entry has a field the change log does not know",
        "use the fields the message lists",
    ),
    Code::new(
        "changelog-empty-entry",
        Level::Warning,
        "a change-log entry lists no changes",
        "add `changes:` (or `added:`, `fixed:` ...)",
    ),
    Code::new(
        "changelog-invalid-version",
        Level::Warning,
        "an entry's version is not a semantic version; it is shown as written",
        "write versions like 1.4.0 or 2.0.0-rc.1",
    ),
    Code::new(
        "changelog-invalid-date",
        Level::Warning,
        "an entry's date is not a date; it is shown as written",
        "write dates as 2024-01-31",
    ),
    Code::new(
        "changelog-duplicate-version",
        Level::Warning,
        "one version is listed twice in a change log",
        "merge the two entries",
    ),
    Code::new(
        "changelog-today",
        Level::Error,
        "`MDBOOK_HANDBOOK_TODAY` is not a date (a bad `today` key is a `config` error)",
        "write it as 2026-01-31",
    ),
];

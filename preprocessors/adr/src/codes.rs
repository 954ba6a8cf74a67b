//! Every diagnostic code handbook-adr reports, with what it means and how to
//! fix or silence it (`mdbook-handbook check --explain CODE`).

use handbook_core::{Code, Level};

pub const CODES: &[Code] = &[
    Code::new(
        "adr-missing-status",
        Level::Warning,
        "an ADR states no status (no `## Status` section, `Status:` line, `status:` key or metadata table)",
        "add a status, or set `adr-missing-status = \"allow\"` in `[preprocessor.handbook.adr.levels]` where statuses are optional (MADR 2)",
    ),
    Code::new(
        "adr-unknown-status",
        Level::Warning,
        "an ADR's status word is not one the suite knows; it is shown as written with a neutral badge",
        "map the word in `[preprocessor.handbook.adr.statuses]`, e.g. `\"implemented\" = \"accepted\"`",
    ),
    Code::new(
        "adr-missing-date",
        Level::Warning,
        "an ADR states no date, and git gave none (outside git, a shallow clone, or `date-source = \"file\"`)",
        "add `Date: 2024-01-15`, build from a full clone for git dates, or set `adr-missing-date = \"allow\"`",
    ),
    Code::new(
        "adr-no-git",
        Level::Warning,
        "git gave no dates: `date-source` asks for git outside a repository or without the `git` program, or `git log` failed",
        "build inside the repository with git on PATH, set `date-source = \"file\"`, or `adr-no-git = \"allow\"`",
    ),
    Code::new(
        "adr-shallow-clone",
        Level::Warning,
        "the book is in a shallow git clone, so git cannot tell when an ADR was added; no git dates are used",
        "fetch the full history (`fetch-depth: 0`, `GIT_DEPTH: 0` or `git fetch --unshallow`), or set `adr-shallow-clone = \"allow\"`",
    ),
    Code::new(
        "adr-status-conflict",
        Level::Info,
        "an ADR's front matter gives one status and its page another; the decision log shows the page's",
        "make the two agree, or drop the front-matter `status:` key",
    ),
    Code::new(
        "adr-unreadable-date",
        Level::Warning,
        "an ADR's date cannot be read; it is shown as written",
        "write 2024-01-15, 2024-01, January 15, 2024 or 15/01/2024",
    ),
    Code::new(
        "adr-ambiguous-date",
        Level::Warning,
        "an ADR's date such as `05/02/2018` reads day first or month first, and the folder's other dates do not settle which; it is shown as written",
        "write the date as 2024-01-15, or let one date of the folder show the order (`14/11/2024` or `11/14/2024`)",
    ),
    Code::new(
        "adr-empty-folder",
        Level::Warning,
        "a folder named in `folders` gives no ADR: no chapter is in it, or none of its files has a number, status or date name the log reads",
        "list the folder's files in SUMMARY.md (or `add-missing = true`), name files 0001-title.md, or add a `Status:` line; drop the entry if the folder holds no decisions",
    ),
    Code::new(
        "adr-missing-title",
        Level::Warning,
        "an ADR has no `# Title` line; the log names it after its file",
        "add a `# Title` heading at the top",
    ),
    Code::new(
        "adr-number-mismatch",
        Level::Warning,
        "the number in an ADR's title differs from the one in its file name; the log uses the file name's",
        "renumber the title or rename the file",
    ),
    Code::new(
        "adr-duplicate-number",
        Level::Warning,
        "two ADR files of one folder have the same number (often two branches that each added one)",
        "renumber one of them",
    ),
    Code::new(
        "adr-number-taken",
        Level::Error,
        "`check --against REF`: an ADR added on this branch has a number that REF already gives to another file, so the two collide when both merge",
        "renumber the new one with the command the message names (`mdbook-handbook adr renumber OLD NEW`, NEW free on every branch)",
    ),
    Code::new(
        "adr-gap",
        Level::Warning,
        "ADR numbers jump, so some decision is missing from the folder or from SUMMARY.md",
        "add the missing ADR (or `add-missing = true`), or set `adr-gap = \"allow\"` if numbers were skipped on purpose",
    ),
    Code::new(
        "adr-broken-reference",
        Level::Warning,
        "a relation (supersedes, amends, ...) names an ADR or file the log does not have",
        "correct the link or number in the relation line",
    ),
    Code::new(
        "adr-one-way-link",
        Level::Info,
        "one ADR names a relation to another that the other does not name back; both cards show it",
        "add the reverse line (e.g. `Superseded by`) to the other ADR",
    ),
    Code::new(
        "adr-supersede-cycle",
        Level::Warning,
        "decisions supersede each other in a cycle",
        "remove one `Supersedes` line of the cycle",
    ),
    Code::new(
        "adr-directive",
        Level::Warning,
        "an `{{#adr-index}}` or `{{#adr-graph}}` directive has an option it cannot read; it is left as written",
        "correct the option as the message says",
    ),
    Code::new(
        "adr-outside-book",
        Level::Warning,
        "`add-missing` found an ADR file that links outside the book root; it is not added",
        "move the file into the book, or remove the link",
    ),
    Code::new(
        "adr-unreadable-file",
        Level::Warning,
        "`add-missing` could not read an ADR file; it is not added",
        "fix the file's permissions or encoding (UTF-8)",
    ),
];

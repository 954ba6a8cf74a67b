//! Every diagnostic code handbook-drift reports, with what it means and how
//! to fix or silence it (`mdbook-handbook check --explain CODE`).

use handbook_core::{Code, Level};

pub const CODES: &[Code] = &[
    Code::new(
        "drift-missing",
        Level::Warning,
        "a path, glob or symbol a page describes matches nothing (the message names where a renamed file went)",
        "point `describes` at the file as it is named now, or drop what no longer exists",
    ),
    Code::new(
        "drift-stale",
        Level::Warning,
        "files a page describes changed after the page was last reviewed; the page shows a banner",
        "check the page against the code, then set `reviewed:` to today's date or the commit you checked",
    ),
    Code::new(
        "drift-cites-superseded",
        Level::Warning,
        "prose cites an ADR that is superseded, deprecated or rejected",
        "cite the successor the message names, or cite both in one paragraph when telling the history",
    ),
    Code::new(
        "drift-code-cites",
        Level::Warning,
        "a source file matched by `code` cites an ADR that does not exist or is retired",
        "fix the number in the comment, or point it at the successor",
    ),
    Code::new(
        "drift-unchecked",
        Level::Warning,
        "something drift needs is missing (git history, a reviewed commit, the decision log), so part of the check did not run",
        "build inside a full git clone (`fetch-depth: 0`), fix `reviewed:`, or set `levels.drift-unchecked = \"allow\"`",
    ),
];

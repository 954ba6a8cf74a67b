//! Every diagnostic code handbook-status reports, with what it means and how
//! to fix or silence it (`mdbook-handbook check --explain CODE`).

use handbook_core::{Code, Level};

pub const CODES: &[Code] = &[
    Code::new(
        "status-unknown-word",
        Level::Warning,
        "a status word is not one the suite knows; it gets a neutral badge",
        "map it in `[preprocessor.handbook.status.statuses]`, e.g. `\"on hold\" = \"proposed\"`",
    ),
    Code::new(
        "status-empty",
        Level::Warning,
        "`{{#status}}` names no status words; it is left as written",
        "write the words, e.g. `{{#status draft}}`",
    ),
    Code::new(
        "status-report-inline",
        Level::Warning,
        "`{{#status-report}}` is not alone on its line, so it cannot become a table",
        "put the directive on a line of its own",
    ),
    Code::new(
        "status-broken-link",
        Level::Warning,
        "`superseded-by` names no chapter of the book; the banner shows it without a link",
        "point `superseded-by` at a chapter path, e.g. `../new/page.md`",
    ),
    Code::new(
        "status-review-overdue",
        Level::Warning,
        "a page's next review date has passed",
        "review the page and move `next-review` (or `last-reviewed`) on",
    ),
    Code::new(
        "status-unreadable-date",
        Level::Warning,
        "a page's review or update date cannot be read",
        "write dates as 2024-01-15",
    ),
    Code::new(
        "status-unreadable-period",
        Level::Warning,
        "a page's review period cannot be read",
        "write e.g. `6 months`, `1 year` or `90 days`",
    ),
    Code::new(
        "status-today",
        Level::Error,
        "`MDBOOK_HANDBOOK_TODAY` is not a date; review dates are not checked (a bad `today` key is a `config` error)",
        "write it as 2026-01-31",
    ),
    Code::new(
        "status-palette-contrast",
        Level::Error,
        "a palette's text and background colours contrast less than 4.5:1, too little to read",
        "pick colours with more contrast",
    ),
];

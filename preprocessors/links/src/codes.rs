//! Every diagnostic code handbook-links reports, with what it means and
//! how to fix or silence it (`mdbook-handbook check --explain CODE`).

use handbook_core::{Code, Level};

pub const CODES: &[Code] = &[
    Code::new(
        "links-broken",
        Level::Warning,
        "a link names a page or file that the built book will not have (checked under `src/`, or in the repository for links that leave it)",
        "correct the path (the message suggests a near name when there is one), or add the target to `ignore`",
    ),
    Code::new(
        "links-anchor",
        Level::Warning,
        "a link's `#fragment` names no heading or id of its page, with ids made exactly as mdBook 0.5 makes them",
        "use the id mdBook gives the heading (the message suggests a near one), or give the heading one: `## Title {#id}`",
    ),
    Code::new(
        "links-not-in-summary",
        Level::Warning,
        "a link names a markdown file under `src/` that SUMMARY.md does not list, so mdBook writes no page for it",
        "add the page to SUMMARY.md, or link the page that includes it",
    ),
    Code::new(
        "links-readme",
        Level::Warning,
        "a link names `README.md`: mdBook writes that chapter as `index.html` but rewrites the link to `README.html`, which does not exist",
        "link `index.md` in the same folder (mdBook turns it into `index.html`)",
    ),
    Code::new(
        "links-outside-repository",
        Level::Warning,
        "a relative link climbs out of the repository the book lives in, so no reader of the book can follow it",
        "link the file by its web address, or copy it into the book",
    ),
    Code::new(
        "links-summary",
        Level::Info,
        "how many links were checked, and how many external (http, https) links were counted but not checked (no network) or ignored",
        "nothing to fix; `ignore` in `[preprocessor.handbook.links]` opts links out",
    ),
];

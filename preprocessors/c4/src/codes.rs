//! Every diagnostic code handbook-c4 reports, with what it means and how
//! to fix or silence it (`mdbook-handbook check --explain CODE`).

use handbook_core::{Code, Level};

pub const CODES: &[Code] = &[
    Code::new(
        "c4-workspace",
        Level::Error,
        "the workspace file cannot be read, or a page draws a view and no `workspace` is configured",
        "set `workspace = \"architecture/workspace.dsl\"` in `[preprocessor.handbook.c4]`",
    ),
    Code::new(
        "c4-syntax",
        Level::Error,
        "a workspace statement cannot be read (an unclosed string or block, a missing name, an element in the wrong block)",
        "fix the statement at the line shown; the Structurizr DSL language reference has its form",
    ),
    Code::new(
        "c4-extends",
        Level::Error,
        "`workspace extends` is not read: its base may be a URL and the suite reads one self-contained workspace",
        "`!include` the base model's file instead",
    ),
    Code::new(
        "c4-refused",
        Level::Error,
        "`!script` and `!plugin` run code; a book build runs none from the workspace",
        "write the elements the script would make, or generate the .dsl before the build",
    ),
    Code::new(
        "c4-include",
        Level::Error,
        "an `!include` names a URL, a file outside the book, a folder, a file that cannot be read, or itself",
        "include a file inside the book by a relative path",
    ),
    Code::new(
        "c4-ignored",
        Level::Info,
        "`!docs`, `!adrs` and element icons are ignored: the handbook's pages and decision log are the documentation",
        "nothing to fix; remove the statement to silence it",
    ),
    Code::new(
        "c4-unsupported",
        Level::Warning,
        "a statement or expression outside the DSL subset the suite reads; it is skipped",
        "see the guide's c4 page for the subset; rewrite the statement with what it reads",
    ),
    Code::new(
        "c4-unknown-identifier",
        Level::Error,
        "an identifier (or deployment environment) names no element declared before it",
        "declare the element first, or fix the spelling (hierarchical identifiers are `system.container`)",
    ),
    Code::new(
        "c4-duplicate-identifier",
        Level::Error,
        "two elements are declared with one identifier",
        "give each element its own identifier, or use `!identifiers hierarchical`",
    ),
    Code::new(
        "c4-duplicate-view",
        Level::Error,
        "two views share one key, so a directive could not tell them apart",
        "give each view its own key",
    ),
    Code::new(
        "c4-image",
        Level::Warning,
        "an image view names no picture, or one that cannot be published: a file outside the book's `src`, missing, or a URL of a refused scheme",
        "point `image` at a picture under the book's `src` (relative to the .dsl file) or at an https URL",
    ),
    Code::new(
        "c4-theme-offline",
        Level::Warning,
        "a theme is a URL and the suite reads no network; its styles are not applied",
        "copy the theme's styles into the workspace's `styles` block",
    ),
    Code::new(
        "c4-style-value",
        Level::Warning,
        "a style's colour is not one the suite can write into SVG",
        "write colours as #rrggbb",
    ),
    Code::new(
        "c4-step-no-relationship",
        Level::Warning,
        "a dynamic view's step joins two elements the model does not relate",
        "add the relationship to the model, or fix the step",
    ),
    Code::new(
        "c4-unknown-view",
        Level::Error,
        "`{{#c4-view KEY}}` names no view of the workspace; the directive is shown as written, as text",
        "use one of the keys the message lists",
    ),
    Code::new(
        "c4-view-inline",
        Level::Warning,
        "a `{{#c4-view}}` or `{{#c4-views}}` directive shares its line with other text, so it cannot become a figure",
        "put the directive on a line of its own",
    ),
    Code::new(
        "c4-unknown-element",
        Level::Error,
        "a page's `c4-element` names no element of the workspace",
        "use the element's DSL identifier",
    ),
    Code::new(
        "c4-element-twice",
        Level::Error,
        "two pages declare themselves the page of one element (an ADR may share it)",
        "keep `c4-element` on one page; ADRs about the element may declare it too",
    ),
];

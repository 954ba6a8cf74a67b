//! Every diagnostic code handbook-glossary reports, with what it means and
//! how to fix or silence it (`mdbook-handbook check --explain CODE`).

use handbook_core::{Code, Level};

pub const CODES: &[Code] = &[
    Code::new(
        "glossary-terms",
        Level::Info,
        "how many terms a glossary gave, and from which styles (definition list, headings, table, bullets); `mdbook-handbook check` shows it",
        "nothing to fix; a count lower than expected means some entries are in a style the suite does not read",
    ),
    Code::new(
        "glossary-empty",
        Level::Warning,
        "a glossary was found but no terms could be read from it in any style the suite understands",
        "write entries as a definition list, `## Term` headings, a Term/Definition table, or `- **Term**: definition` bullets",
    ),
    Code::new(
        "glossary-ambiguous",
        Level::Warning,
        "several pages have a section headed like a glossary, and none was named, so none is used",
        "set `section` in `[preprocessor.handbook.glossary]` to the heading, which makes each such section a glossary",
    ),
    Code::new(
        "glossary-unknown-glossary",
        Level::Warning,
        "a page's `glossary:` front matter names no glossary of the book; the page uses the nearest one up its folders",
        "correct the name, or drop the key",
    ),
    Code::new(
        "glossary-conflict",
        Level::Warning,
        "two glossaries define one term differently; each glossary's pages link to their own definition",
        "make the definitions agree, or set `glossary-conflict = \"allow\"` if they differ on purpose",
    ),
    Code::new(
        "glossary-missing",
        Level::Warning,
        "no glossary was found (no `glossary.md` chapter and no glossary file)",
        "add a glossary chapter, or point `chapter` or `file` at it",
    ),
    Code::new(
        "glossary-file",
        Level::Warning,
        "the glossary file cannot be read or parsed; its terms are not linked",
        "correct the file (TOML or YAML) as the message says",
    ),
    Code::new(
        "glossary-config",
        Level::Warning,
        "`[preprocessor.handbook.glossary.terms]` names a term no glossary entry defines",
        "correct the term's name or add the entry",
    ),
    Code::new(
        "glossary-duplicate-term",
        Level::Warning,
        "two entries (or an alias and an entry) have the same spelling; links go to the first",
        "remove or rename one of them",
    ),
    Code::new(
        "glossary-unknown-term",
        Level::Warning,
        "`{{#term NAME}}`, or a page's `glossary-skip`, names no glossary term; the directive is left as written, nothing is skipped",
        "correct the name or add the term to the glossary",
    ),
    Code::new(
        "glossary-ordinary-words",
        Level::Info,
        "terms that are one ordinary English word (`point`, `tag`, `Block`) link only through `{{#term}}`, since prose also uses them in their everyday sense; the message lists those the book uses",
        "link a term by itself with its own `link` option (`[preprocessor.handbook.glossary.terms.NAME] link = \"first\"`), all of them with `ordinary-words = \"link\"`, or silence the note with `glossary-ordinary-words = \"allow\"`",
    ),
    Code::new(
        "glossary-unused-term",
        Level::Info,
        "no page uses a glossary term (its level also follows the `unused` key)",
        "use the term, remove it, or set `glossary-unused-term = \"allow\"`",
    ),
];

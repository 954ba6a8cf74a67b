//! mdbook-handbook-c4: one Structurizr DSL workspace, every view drawn at
//! build time to inline SVG in C4 notation, with no program installed, and
//! each element linked to the page (and the decisions) about it.
//!
//! ```toml
//! [preprocessor.handbook.c4]
//! workspace = "architecture/workspace.dsl"   # relative to the book root, inside it
//! ```
//!
//! - `{{#c4-view KEY}}` draws the view with that key; `{{#c4-views}}` every view;
//! - a page with `c4-element: IDENTIFIER` in its front matter is that element's
//!   page: the element links there in every view and the page gets a card;
//!   ADRs may declare `c4-element` too and are listed on the element's card.
//!
//! The DSL subset read, and what is refused, is in [`dsl`]; the view rules in
//! [`views`]; the drawing in [`render`].

pub mod codes;
pub mod config;
pub mod dsl;
pub mod model;
pub mod render;
pub mod scan;
pub mod views;

use config::C4Config;
use handbook_core::facts::Facts;
use handbook_core::protocol::{Context, Edits, HandbookPreprocessor};
use handbook_core::{Chapter, Diagnostics};
use std::path::Path;

/// The `handbook-c4` preprocessor.
#[derive(Debug, Default, Clone, Copy)]
pub struct C4Preprocessor;

impl HandbookPreprocessor for C4Preprocessor {
    const NAME: &'static str = "c4";
    type Config = C4Config;
    const CODES: &'static [handbook_core::Code] = codes::CODES;

    fn run(
        &self,
        ctx: &Context,
        config: &C4Config,
        chapters: &[Chapter],
        facts: &mut Facts,
        diagnostics: &mut Diagnostics,
    ) -> Edits {
        let workspace = config.workspace.as_deref().and_then(|file| {
            let (workspace, problems) = dsl::read(&ctx.root, Path::new(file));
            for p in problems {
                diagnostics.push(p);
            }
            workspace
        });
        let scan = scan::scan(ctx, chapters, workspace.as_ref(), facts, diagnostics);
        render::page::Renderer {
            ctx,
            chapters,
            workspace: workspace.as_ref(),
            scan: &scan,
        }
        .edits(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use handbook_core::facts::DecisionFact;
    use handbook_core::testing::{self, Page};
    use serde_json::json;

    /// The c4 stage with a decision log in the Facts, as the adr capability leaves it.
    #[derive(Default)]
    struct AfterAdr;

    impl HandbookPreprocessor for AfterAdr {
        const NAME: &'static str = "c4";
        type Config = C4Config;
        const CODES: &'static [handbook_core::Code] = codes::CODES;
        fn run(&self, ctx: &Context, c: &C4Config, ch: &[Chapter], facts: &mut Facts, d: &mut Diagnostics) -> Edits {
            facts.decisions = Some(vec![DecisionFact {
                number: Some(3),
                title: "Use <PostgreSQL>".into(),
                lifecycle: Some("superseded".into()),
                path: "decisions/0003-db.md".into(),
                ..DecisionFact::default()
            }]);
            C4Preprocessor.run(ctx, c, ch, facts, d)
        }
    }

    fn book_root() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("hb-c4-book-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("arch"));
        let _ = std::fs::write(
            dir.join("arch/lending.dsl"),
            include_str!("../tests/workspaces/lending.dsl"),
        );
        dir
    }

    fn run(pages: &[Page]) -> testing::Run {
        let config =
            json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"c4": {"workspace": "arch/lending.dsl"}}}});
        let ctx = testing::context(book_root(), "html", config);
        testing::run(&AfterAdr, &ctx, pages)
    }

    #[test]
    fn directives_draw_views_and_element_pages_link_and_get_cards() {
        let got = run(&[
            Page::new(
                "views.md",
                "# Views\n\n{{#c4-view containers}}\n\nText `{{#c4-view nope}}` stays.\n",
            ),
            Page::new("db.md", "---\nc4-element: lending.db\n---\n# Database\n"),
            Page::new(
                "decisions/0003-db.md",
                "---\nc4-element: lending.db\n---\n# 3. Use PostgreSQL\n",
            ),
            Page::new("all.md", "{{#c4-views}}\n"),
        ]);
        assert_eq!(got.diagnostics_text(), "", "{got:?}");
        let views = &got.contents[0];
        assert!(views.contains("<figure class=\"hb-figure hb-c4\" data-hb-c4-view=\"containers\">"));
        assert!(views.contains("<a href=\"db.html\">"), "the database links to its page");
        assert!(
            views.contains("`{{#c4-view nope}}` stays"),
            "code is not a directive site"
        );
        let db = &got.contents[1];
        assert!(
            db.contains("hb-c4-card") && db.contains("[Container: PostgreSQL]"),
            "{db}"
        );
        assert!(
            db.contains("← Booking") || db.contains("Booking</a>: Reads and writes loans"),
            "{db}"
        );
        assert!(
            db.contains("ADR 3: Use &lt;PostgreSQL&gt;") && db.contains("(superseded)"),
            "{db}"
        );
        assert!(
            db.contains("href=\"views.html\""),
            "the views it appears in link to their pages: {db}"
        );
        assert_eq!(got.contents[3].matches("<figure").count(), 7);
        let ids: Vec<&str> = got.contents[3].matches("id=\"hb-c4-").collect();
        assert_eq!(ids.len(), 14, "a title and a marker per figure, numbered per page");
    }

    #[test]
    fn unknown_keys_elements_and_doubles_are_diagnostics_at_their_lines() {
        let got = run(&[
            Page::new("a.md", "# A\n\n{{#c4-view nope}}\n\nsee {{#c4-view context}} inline\n"),
            Page::new("b.md", "---\ntitle: B\nc4-element: lending.nothing\n---\n# B\n"),
            Page::new("c.md", "---\nc4-element: member\n---\n# C\n"),
            Page::new("d.md", "---\nc4-element: member\n---\n# D\n"),
        ]);
        let text = got.diagnostics_text();
        for want in [
            "src/a.md:3: error[c4-unknown-view]: `nope` is no view of the workspace; its views are `landscape`, `context`",
            "src/a.md:5: warning[c4-view-inline]",
            "src/b.md:3: error[c4-unknown-element]: `c4-element: lending.nothing`",
            "src/d.md:2: error[c4-element-twice]: `member` is already the element of src/c.md",
        ] {
            assert!(text.contains(want), "{want}\nnot in\n{text}");
        }
        assert!(
            got.contents[0].contains("{{#c4-view nope}}"),
            "the author's text stays, shown as text"
        );
    }

    /// Image views show the author's picture: an https URL encoded, a file under `src`
    /// relative to the page; what cannot be published is one warning at the view's line.
    #[test]
    fn image_views_show_their_picture_or_say_why_not() {
        let root = std::env::temp_dir().join(format!("hb-c4-images-{}", std::process::id()));
        let _ = std::fs::create_dir_all(root.join("src/pictures"));
        let _ = std::fs::create_dir_all(root.join("arch"));
        let _ = std::fs::write(root.join("src/pictures/code map.png"), b"png");
        let _ = std::fs::write(root.join("arch/outside.png"), b"png");
        let dsl = r#"workspace "W" {
    model {
        s = softwareSystem "S"
    }
    views {
        image s "remote" {
            image "https://example.com/a b.png?x=<1>"
            title "Code <map>"
        }
        image * "local" {
            image "../src/pictures/code map.png"
            description "Drawn by hand"
        }
        image s "outside" {
            image outside.png
        }
        image s "script" {
            image javascript:alert(1)
        }
        image s "generated" {
            mermaid diagram.mmd
        }
    }
}
"#;
        let _ = std::fs::write(root.join("arch/images.dsl"), dsl);
        let config =
            json!({"book": {"src": "src"}, "preprocessor": {"handbook": {"c4": {"workspace": "arch/images.dsl"}}}});
        let ctx = testing::context(root, "html", config);
        let got = testing::run(&AfterAdr, &ctx, &[Page::new("deep/views.md", "{{#c4-views}}\n")]);
        let page = &got.contents[0];
        assert!(
            page.contains("<img src=\"https://example.com/a%20b.png?x=%3C1%3E\" alt=\"Code &lt;map&gt;\">"),
            "{page}"
        );
        assert!(
            page.contains("<img src=\"../pictures/code%20map.png\" alt=\"[Image] local\">"),
            "{page}"
        );
        assert!(page.contains("<figcaption><strong>[Image] local</strong>: Drawn by hand</figcaption>"));
        assert_eq!(page.matches("<img ").count(), 2, "{page}");
        assert!(!page.contains("javascript"), "{page}");
        let text = got.diagnostics_text();
        for want in [
            "arch/images.dsl:14: warning[c4-image]: image view `outside`: `outside.png` is outside the book's `src` folder",
            "arch/images.dsl:17: warning[c4-image]: image view `script`: a `javascript:` link is not kept",
            "arch/images.dsl:21: warning[c4-unsupported]: an image view drawn from `mermaid` source is not drawn",
            "arch/images.dsl:20: warning[c4-image]: image view `generated` names no picture",
        ] {
            assert!(text.contains(want), "{want}\nnot in\n{text}");
        }
        assert_eq!(text.matches("c4-image]").count(), 3, "one warning per view: {text}");
    }

    #[test]
    fn a_url_property_links_when_safe_and_encoded() {
        let got = run(&[Page::new("v.md", "{{#c4-view containers}}\n")]);
        assert!(
            got.contents[0].contains("<a href=\"https://mail.example.com/docs\">"),
            "{}",
            got.contents[0]
        );
    }
}

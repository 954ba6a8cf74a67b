//! Colours: single-colour output (svgbob, pikchr, dot) is redrawn in the
//! page's text colour, so it reads in every mdBook theme; `currentColor` in
//! attributes, `var(--fg, black)` in CSS, with black as the fallback where
//! CSS variables are unknown (EPUB readers, print without the theme).
//! Coloured output (mermaid, plantuml, d2) keeps its colours on a light
//! panel (see handbook.css); Mermaid's few white-on-light texts turn black.

use crate::kind::Kind;
use crate::svg::PREFIX_MARK;

const BLACK: &[&str] = &["black", "#000000", "#000", "rgb(0,0,0)"];
const WHITE: &[&str] = &["white", "#ffffff", "#fff", "rgb(255,255,255)"];

pub fn adapt(kind: Kind, svg: &str) -> String {
    let mut out = svg.to_owned();
    if kind == Kind::Svgbob {
        // Every svgbob drawing has the same class and a global <style>: give each its own.
        out = out
            .replace("class=\"svgbob\"", &format!("class=\"{PREFIX_MARK}svgbob\""))
            .replace(".svgbob ", &format!(".{PREFIX_MARK}svgbob "));
    }
    if kind == Kind::Mermaid {
        return legible_mermaid(out);
    }
    if !kind.is_single_colour() {
        return out;
    }
    for black in BLACK {
        for attr in ["fill", "stroke"] {
            out = out.replace(&format!("{attr}=\"{black}\""), &format!("{attr}=\"currentColor\""));
            for sep in [":", ": "] {
                out = out.replace(&format!("{attr}{sep}{black}"), &format!("{attr}{sep}var(--fg, black)"));
            }
        }
    }
    for white in WHITE {
        out = out.replace(&format!("fill=\"{white}\""), "fill=\"none\"");
        for sep in [":", ": "] {
            out = out.replace(&format!("fill{sep}{white}"), &format!("fill{sep}var(--bg, white)"));
        }
    }
    out
}

/// Text Mermaid's default theme writes in white on a light fill: under 4.5:1
/// (WCAG AA), so black instead. Gantt bars (#8a90dd, 2.95:1), the first
/// timeline section and treemap section headers (hsl(240,100%,76%), 3.06:1).
/// The browser contrast test (tests/mermaid_fidelity.rs) finds any other.
const MERMAID_WHITE_ON_LIGHT: &[(&str, &str)] = &[
    (".taskText3{fill:white;}", ".taskText3{fill:black;}"),
    (".section--1 text{fill:#ffffff;}", ".section--1 text{fill:black;}"),
];

fn legible_mermaid(svg: String) -> String {
    let mut out = svg;
    for (white, black) in MERMAID_WHITE_ON_LIGHT {
        out = out.replace(white, black);
    }
    if !out.contains("class=\"treemapSection") {
        return out;
    }
    // Treemap section labels carry their white in a style attribute of their own.
    let mut fixed = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find("<text class=\"treemapSection") {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        fixed.push_str(&rest[..at]);
        fixed.push_str(&rest[at..end].replace("fill:#ffffff;", "fill:#000000;"));
        rest = &rest[end..];
    }
    fixed.push_str(rest);
    fixed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_colour_follows_the_text_colour() {
        let dot = r##"<polygon fill="white" stroke="transparent"/><path fill="none" stroke="black"/><text fill="#000000">a</text>"##;
        assert_eq!(
            adapt(Kind::Dot, dot),
            r##"<polygon fill="none" stroke="transparent"/><path fill="none" stroke="currentColor"/><text fill="currentColor">a</text>"##
        );
        let pikchr = r#"<path style="fill:none;stroke-width:2.16;stroke:rgb(0,0,0);"/>"#;
        assert_eq!(
            adapt(Kind::Pikchr, pikchr),
            r#"<path style="fill:none;stroke-width:2.16;stroke:var(--fg, black);"/>"#
        );
        let bob =
            "<svg class=\"svgbob\"><style>.svgbob text { fill: black; } .svgbob rect { fill: white; }</style></svg>";
        assert_eq!(
            adapt(Kind::Svgbob, bob),
            "<svg class=\"__hbid__svgbob\"><style>.__hbid__svgbob text { fill: var(--fg, black); } .__hbid__svgbob rect { fill: var(--bg, white); }</style></svg>"
        );
    }

    #[test]
    fn coloured_output_keeps_its_colours() {
        let s = r##"<rect fill="#FEFECE" stroke="black"/>"##;
        assert_eq!(adapt(Kind::PlantUml, s), s);
    }
}

#[cfg(test)]
mod mermaid_tests {
    use super::*;

    #[test]
    fn white_text_on_light_mermaid_fills_turns_black() {
        let gantt = "#m .taskText0,#m .taskText1,#m .taskText2,#m .taskText3{fill:white;}";
        assert_eq!(
            adapt(Kind::Mermaid, gantt),
            "#m .taskText0,#m .taskText1,#m .taskText2,#m .taskText3{fill:black;}"
        );
        let treemap = "<text class=\"treemapSectionLabel\" style=\"fill:#ffffff;\">Crates</text><text class=\"c4\" style=\"fill:#ffffff;\">x</text>";
        assert_eq!(
            adapt(Kind::Mermaid, treemap),
            "<text class=\"treemapSectionLabel\" style=\"fill:#000000;\">Crates</text><text class=\"c4\" style=\"fill:#ffffff;\">x</text>"
        );
    }
}

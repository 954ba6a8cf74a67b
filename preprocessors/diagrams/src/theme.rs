//! Colours: single-colour output (svgbob, pikchr, dot) is redrawn in the
//! page's text colour, so it reads in every mdBook theme; `currentColor` in
//! attributes, `var(--fg, black)` in CSS, with black as the fallback where
//! CSS variables are unknown (EPUB readers, print without the theme).
//! Coloured output (mermaid, plantuml, d2) keeps its colours on a light
//! panel (see handbook.css).

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

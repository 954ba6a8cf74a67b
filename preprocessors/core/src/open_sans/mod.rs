//! Text measured as the reader's browser draws it. merman lays a label out
//! from the width it measures, and the page then draws the label in whatever
//! font it has: measured with one font and drawn in another, labels overflow
//! their boxes. Every mdBook 0.5 book ships Open Sans (its `fonts/`, the body
//! font of every theme), so the suite measures with Open Sans's own advance
//! widths ([`advances`], taken from mdBook's font files) and names Open Sans
//! in the SVG: the same font on Linux, macOS and Windows, light, coal or print.

mod advances;

use advances::{ADVANCES, UNITS_PER_EM};

/// The font the SVG names: the one mdBook ships, then the reader's sans-serif.
pub const FONT_FAMILY: &str = "\"Open Sans\", sans-serif";

/// Font units added per character: headroom for a renderer that rounds each
/// advance to whole pixels (about a third of a pixel at 14 px), so a label
/// fits on every platform rather than on the one that measured it.
const ROUNDING: f64 = 48.0;

/// The width in CSS pixels of one line of `text` in Open Sans at `font_size`.
pub fn width_px(text: &str, font_size: f64, bold: bool) -> f64 {
    let units: f64 = text.chars().map(|c| advance(c, bold)).sum();
    units / UNITS_PER_EM * font_size
}

/// The line height Open Sans asks for, in CSS pixels.
pub fn line_height_px(font_size: f64) -> f64 {
    advances::LINE_HEIGHT / UNITS_PER_EM * font_size
}

/// A character's advance in font units. Characters Open Sans lacks are drawn by
/// another font of the reader's: nothing for marks and invisible controls, an em
/// for wide East Asian characters and emoji, and a generous two thirds of an em otherwise.
fn advance(c: char, bold: bool) -> f64 {
    let code = u32::from(c);
    if let Ok(i) = ADVANCES.binary_search_by_key(&code, |&(cp, _, _)| cp) {
        let (_, regular, heavy) = ADVANCES[i];
        let units = f64::from(if bold { heavy } else { regular });
        // A combining mark has no advance of its own, nor anything to round.
        return if units == 0.0 { 0.0 } else { units + ROUNDING };
    }
    match code {
        0x0300..=0x036F | 0x200B..=0x200F | 0x00AD | 0xFE00..=0xFE0F | 0x2060..=0x2064 => 0.0,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD => UNITS_PER_EM,
        _ => UNITS_PER_EM * 2.0 / 3.0,
    }
}

/// Whether a CSS `font-weight` is drawn with the bold face.
pub fn is_bold(weight: Option<&str>) -> bool {
    match weight.map(str::trim) {
        Some("bold" | "bolder") => true,
        Some(number) => number.parse::<u32>().is_ok_and(|n| n >= 600),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_open_sans_advances() {
        // "supersedes" at 14 px: 10,981 font units of advances, plus the rounding headroom.
        let w = width_px("supersedes", 14.0, false);
        assert!((w - (10_981.0 + 10.0 * ROUNDING) / 2048.0 * 14.0).abs() < 1e-9, "{w}");
        assert!(width_px("supersedes", 14.0, true) > w, "bold is wider");
        assert_eq!(
            width_px("e\u{301}", 16.0, false),
            width_px("e", 16.0, false),
            "a mark adds nothing"
        );
        assert_eq!(width_px("漢", 16.0, false), 16.0, "a wide character is an em");
        assert!(is_bold(Some("700")) && is_bold(Some("bold")) && !is_bold(Some("normal")) && !is_bold(None));
    }
}

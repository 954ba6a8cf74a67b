//! Colours and WCAG contrast: a configured badge colour must stay readable,
//! and so must the suite's own defaults in every mdBook theme (tested below).

/// WCAG 2 AA contrast for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Reads `#rgb` or `#rrggbb`; anything else (names, `rgb()`, alpha) is refused
    /// so a value can go into a `style` attribute as it is.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(hex.get(i..=i)?, 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => {
                let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
                Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
            }
            _ => None,
        }
    }

    pub fn to_css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }
}

/// WCAG contrast ratio, from 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The book's palette as CSS rules for the suite's stylesheet. Entries that
/// are not hex colours are left out (the run reports them as `status-palette`).
pub fn css(config: &crate::config::StatusConfig) -> String {
    let mut out = String::new();
    for (word, colours) in &config.palette {
        let (Some(text), Some(background)) = (Rgb::parse(&colours.text), Rgb::parse(&colours.background)) else {
            continue;
        };
        let word = handbook_core::html::css_string(&crate::config::clean_word(word));
        out.push_str(&format!(
            ".hb-badge[data-status=\"{word}\"] {{ color: {}; background: {}; }}\n",
            text.to_css(),
            background.to_css()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_is_one_rule_per_word_and_leaves_out_what_is_not_a_colour() {
        let colours = |text: &str, background: &str| crate::config::Colours {
            text: text.to_owned(),
            background: background.to_owned(),
        };
        let config = crate::config::StatusConfig {
            palette: [
                ("On \"Hold\"</style>".to_owned(), colours("#fff", "#6E4000")),
                ("sunset".to_owned(), colours("white", "#000")),
            ]
            .into(),
            ..crate::config::StatusConfig::default()
        };
        assert_eq!(
            css(&config),
            ".hb-badge[data-status=\"on \\\"hold\\\"\\3c /style>\"] { color: #ffffff; background: #6e4000; }\n"
        );
    }
    use handbook_core::html::STYLESHEET;

    /// `hsl(h, s%, l%)` as mdBook's themes write it.
    fn hsl(h: f64, s: f64, l: f64) -> Rgb {
        let (s, l) = (s / 100.0, l / 100.0);
        let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
        let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
        let m = l - c / 2.0;
        let (r, g, b) = match h as u32 / 60 {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
        Rgb(byte(r), byte(g), byte(b))
    }

    fn hex(text: &str) -> Rgb {
        Rgb::parse(text).unwrap_or_else(|| panic!("not a colour: {text}"))
    }

    /// `--fg`, `--bg`, `--quote-bg` of mdBook 0.5.4's five themes
    /// (mdbook-html `front-end/css/variables.css`).
    fn themes() -> Vec<(&'static str, Rgb, Rgb, Rgb)> {
        vec![
            (
                "light",
                hsl(0.0, 0.0, 0.0),
                hsl(0.0, 0.0, 100.0),
                hsl(197.0, 37.0, 96.0),
            ),
            ("rust", hex("#262625"), hsl(60.0, 9.0, 87.0), hsl(60.0, 5.0, 75.0)),
            ("coal", hex("#98a3ad"), hsl(200.0, 7.0, 8.0), hsl(234.0, 21.0, 18.0)),
            ("navy", hex("#bcbdd0"), hsl(226.0, 23.0, 11.0), hsl(226.0, 15.0, 17.0)),
            ("ayu", hex("#c5c5c5"), hsl(210.0, 25.0, 8.0), hsl(226.0, 15.0, 17.0)),
        ]
    }

    /// Every `.hb-badge...{...}` rule of the stylesheet with its `color` and `background`.
    fn badge_rules() -> Vec<(String, Option<Rgb>, Option<Rgb>)> {
        STYLESHEET
            .lines()
            .filter(|l| l.starts_with(".hb-badge"))
            .filter_map(|l| {
                let (selector, body) = l.split_once('{')?;
                let value = |prop: &str| {
                    body.split(';').find_map(|decl| {
                        let (k, v) = decl.split_once(':')?;
                        (k.trim() == prop).then(|| Rgb::parse(v.trim()))?
                    })
                };
                Some((selector.trim().to_owned(), value("color"), value("background")))
            })
            .collect()
    }

    #[test]
    fn parses_hex_and_computes_wcag_contrast() {
        assert_eq!(Rgb::parse("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb::parse(" #1A7f37 "), Some(Rgb(0x1a, 0x7f, 0x37)));
        for bad in ["fff", "#ffff", "#ggg", "white", "#12345", "rgb(0,0,0)", "#"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
        assert!((contrast(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast(hex("#777"), hex("#fff")) - 4.48).abs() < 0.01);
    }

    /// Every default badge pair in handbook.css reads at 4.5:1 or better; the
    /// pairs are fixed, so this holds in every theme and on paper.
    #[test]
    fn default_badge_colours_have_enough_contrast() {
        let rules = badge_rules();
        let base = rules
            .iter()
            .find(|(s, _, _)| s == ".hb-badge")
            .unwrap_or_else(|| panic!("no base .hb-badge rule"));
        let (base_text, base_bg) = (base.1.unwrap_or(Rgb(0, 0, 0)), base.2.unwrap_or(Rgb(255, 255, 255)));
        let coloured: Vec<_> = rules
            .iter()
            .filter(|(s, _, b)| s.contains("data-status") && b.is_some())
            .collect();
        assert!(coloured.len() >= 6, "only {} status colours found", coloured.len());
        for (selector, text, background) in std::iter::once(base).chain(coloured) {
            let (t, b) = (text.unwrap_or(base_text), background.unwrap_or(base_bg));
            let ratio = contrast(t, b);
            assert!(ratio >= MIN_CONTRAST, "{selector}: {ratio:.2}:1");
        }
    }

    /// Cards and banners use the theme's text on the theme's quote background,
    /// and their links inherit the text colour (mdBook's link colours on the
    /// quote background fall below 4.5:1 in coal, navy and rust).
    #[test]
    fn cards_and_banners_read_well_in_all_five_themes() {
        for (name, fg, bg, quote_bg) in themes() {
            for (what, back) in [("page", bg), ("card and banner", quote_bg)] {
                let ratio = contrast(fg, back);
                assert!(ratio >= MIN_CONTRAST, "{name} {what}: {ratio:.2}:1");
            }
        }
        for class in [".hb-card", ".hb-banner"] {
            let rule = STYLESHEET
                .lines()
                .find(|l| l.starts_with(&format!("{class} {{")))
                .unwrap_or_else(|| panic!("no {class} rule"));
            assert!(
                rule.contains("color: var(--fg") && rule.contains("background: var(--quote-bg"),
                "{rule}"
            );
        }
        assert!(
            STYLESHEET.contains(".hb-card a, .hb-banner a { color: inherit;"),
            "links in cards and banners must inherit the text colour"
        );
    }
}

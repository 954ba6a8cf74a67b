//! What the diagrams preprocessor reads from programs and authors besides
//! markdown: any text as program output (the SVG cleaner, theming, id
//! prefixes), as a fence's info string, and as a PlantUML or D2 source whose
//! includes and imports are followed inside a throwaway book. The cleaned SVG
//! must carry no script handler and stay one HTML block (no blank line).
#![no_main]

use handbook_diagrams::shared::Shared;
use handbook_diagrams::{imports, kind::Kind, scan, svg, theme};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| Shared::new(book(), Path::new("src"), &[], Path::new(".handbook-cache/diagrams")))
}

fn book() -> &'static PathBuf {
    static BOOK: OnceLock<PathBuf> = OnceLock::new();
    BOOK.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("handbook-fuzz-diagrams-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("src"));
        let _ = std::fs::write(dir.join("src/part.iuml"), "A -> B\n!include part.iuml\n");
        let _ = std::fs::write(dir.join("src/shape.d2"), "x: @shape\n");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for kind in [Kind::Dot, Kind::Mermaid, Kind::PlantUml, Kind::D2, Kind::Svgbob, Kind::Pikchr] {
        if let Some((clean, _)) = svg::clean_reporting(&theme::adapt(kind, text)) {
            let figure = svg::with_prefix(&clean, "hb-fuzz-");
            assert!(!figure.contains("\n\n"), "a blank line would end the HTML block");
            let lower = figure.to_ascii_lowercase().replace([' ', '\t', '\n', '\r'], "");
            for link in ["href=\"javascript:", "href='javascript:", "href=javascript:"] {
                assert!(!lower.contains(link), "a script link survived: {figure}");
            }
            // Every link kept passes the one judge, whatever its spelling.
            let Some(cleaned) = svg::clean(&figure) else { continue };
            assert_eq!(svg::clean_reporting(&figure).map(|(_, r)| r.len()), Some(0), "{cleaned}");
        }
    }
    let _ = scan::parse_captions(text);
    let src = book().join("src");
    let _ = imports::read(Kind::PlantUml, text, &src, shared());
    let _ = imports::read(Kind::D2, text, &src, shared());
});

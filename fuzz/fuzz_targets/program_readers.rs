//! The readers of other programs' languages and output that guard what a
//! diagram may read: what Graphviz and D2 put into their pictures
//! (`imports::check_output`: images Graphviz names, images D2 inlined) and
//! PlantUML's include targets (`plantuml::includes`). Never a panic; an
//! include line PlantUML would compute (`$`, `%` after the directive) is
//! always refused; an image D2 inlined that is neither the author's nor a
//! shared file is always refused.
#![no_main]

use handbook_diagrams::kind::Kind;
use handbook_diagrams::plantuml::includes;
use handbook_diagrams::shared::Shared;
use handbook_diagrams::imports;
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn book() -> &'static (PathBuf, Shared) {
    static BOOK: OnceLock<(PathBuf, Shared)> = OnceLock::new();
    BOOK.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("handbook-fuzz-readers-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("src"));
        let _ = std::fs::write(dir.join("src/icon.png"), b"\x89PNG shared");
        let _ = std::fs::write(dir.join(".env"), b"secret");
        let shared = Shared::new(&dir, Path::new("src"), &[], Path::new(".handbook-cache/diagrams"));
        (dir, shared)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (dir, shared) = book();
    let src = dir.join("src");
    let _ = imports::check_output(Kind::Dot, text, &src, &[], shared);
    let _ = imports::check_output(Kind::D2, text, &src, &[text.to_owned()], shared);
    // An embedded image of bytes no shared file holds ("secret" is `.env`'s) is refused.
    let planted = format!("{text}<image href=\"data:image/png;base64,c2VjcmV0\"/>");
    assert!(imports::check_output(Kind::D2, &planted, &src, &[], shared).is_err(), "{planted}");

    let built = includes::built_target([(text, None)]);
    for (_, line) in includes::logical_lines(text) {
        if let Some(at) = line.find("!include") {
            let rest = &line[at..];
            if rest.contains(['$', '%']) {
                assert!(built.is_some(), "`{line}` is computed by PlantUML and was not refused");
            }
        }
    }
    let _ = includes::literal_targets(text);
});

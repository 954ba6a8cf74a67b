//! Reads Structurizr DSL files and prints what the reader makes of them:
//! its diagnostics, and per view the elements and relationships it shows.
//! `cargo run -p handbook-c4 --example read_dsl -- ROOT FILE.dsl [...]`
//! (FILE relative to ROOT, which plays the book root for `!include`).

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((root, files)) = args.split_first() else {
        eprintln!("usage: read_dsl ROOT FILE.dsl...");
        std::process::exit(2);
    };
    for file in files {
        let started = std::time::Instant::now();
        let (workspace, problems) = handbook_c4::dsl::read(Path::new(root), Path::new(file));
        let read = started.elapsed();
        eprintln!("== {file} ({read:?})");
        for p in &problems {
            eprintln!("{p}");
        }
        let Some(ws) = workspace else { continue };
        let started = std::time::Instant::now();
        let mut bytes = 0;
        for view in &ws.views {
            let shown = handbook_c4::views::shown(&ws, view);
            let svg = handbook_c4::render::svg::draw(&ws, view, &|_| None, "x");
            bytes += svg.len();
            let names: Vec<&str> = shown
                .elements
                .iter()
                .filter_map(|&i| ws.element(i))
                .map(|e| e.name.as_str())
                .collect();
            eprintln!(
                "  {} {:?}: {} elements, {} edges: {}",
                view.key,
                view.kind,
                names.len(),
                shown.edges.len(),
                names.join(", ")
            );
        }
        eprintln!(
            "  drew {} views, {bytes} bytes of SVG, in {:?}",
            ws.views.len(),
            started.elapsed()
        );
    }
}

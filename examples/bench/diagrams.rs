//! `bench diagrams [--diagrams N] [--runs R]`: handbook-diagrams on a
//! synthetic handbook of N diagrams (half `dot`, half `svgbob`; default 300):
//! a cold build (empty cache), a warm rebuild (everything cached) and what
//! the warm rebuild adds over the protocol floor, side by side with the
//! published mdbook-svgbob and mdbook-graphviz on the same input (looked for
//! in /opt/svgbob/bin and /opt/graphviz/bin, or MDBOOK_SVGBOB / MDBOOK_GRAPHVIZ),
//! given the same diagrams in their own fence spellings.

use super::{median, protocol_input, row, run_binary, synthetic, time};
use std::path::PathBuf;

pub(crate) fn bench(args: &[String]) -> Result<(), String> {
    let (mut diagrams, mut runs) = (300, 11);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .and_then(|v| v.parse::<usize>().ok())
            .ok_or(format!("{flag} needs a number"))?;
        match flag.as_str() {
            "--diagrams" => diagrams = value,
            "--runs" => runs = value.max(1),
            other => {
                return Err(format!(
                    "unknown option {other}; usage: bench diagrams [--diagrams N] [--runs R]"
                ));
            }
        }
    }
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = temp.path();
    let sizes = synthetic::Sizes {
        chapters: (diagrams / 3).max(1),
        adrs: 0,
        terms: 0,
        diagrams,
        seed: 42,
    };
    synthetic::generate(root, sizes).map_err(|e| e.to_string())?;
    let input = super::with_only(&protocol_input(root)?, "diagrams")?;
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let ours = super::suite_binary("mdbook-handbook")?;
    let fences = |kind: &str| input.matches(&format!("```{kind}\\n")).count();
    println!(
        "handbook-diagrams: {diagrams} diagrams ({} dot, {} svgbob, every svgbob one drawing) in {} chapters, {runs} runs ({} cold)\n",
        fences("dot"),
        fences("svgbob"),
        sizes.chapters,
        runs.min(3)
    );
    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>8}",
        "what", "min ms", "median", "max ms", "x floor"
    );
    let floor = time(runs, || run_binary(&me, &["floor"], &input))?;
    row("floor, as a preprocessor process", &floor, None);
    let floor_median = median(&floor);

    let cache = root.join(".handbook-cache");
    let cold = time(runs.min(3), || {
        let _ = std::fs::remove_dir_all(&cache);
        run_binary(&ours, &[], &input)
    })?;
    row("handbook-diagrams, cold", &cold, Some(floor_median));
    let warm = time(runs, || run_binary(&ours, &[], &input))?;
    row("handbook-diagrams, warm", &warm, Some(floor_median));

    // The published plugins only draw their own spellings: `bob`, and `dot process`.
    let theirs = input
        .replace("```dot\\n", "```dot process\\n")
        .replace("```svgbob\\n", "```bob\\n");
    let mut published = Vec::new();
    for (name, env, default) in [
        (
            "mdbook-svgbob (svgbob only)",
            "MDBOOK_SVGBOB",
            "/opt/svgbob/bin/mdbook-svgbob",
        ),
        (
            "mdbook-graphviz (dot only)",
            "MDBOOK_GRAPHVIZ",
            "/opt/graphviz/bin/mdbook-graphviz",
        ),
    ] {
        let path = std::env::var_os(env).map_or_else(|| PathBuf::from(default), PathBuf::from);
        if !path.exists() {
            println!("{name:<34} (not installed at {})", path.display());
            continue;
        }
        match time(runs.min(3), || run_binary(&path, &[], &theirs)) {
            Ok(stats) => {
                row(name, &stats, Some(floor_median));
                published.push(median(&stats));
            }
            Err(e) => println!("{name:<34} failed on mdBook 0.5 input: {e}"),
        }
    }
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    if published.len() == 2 {
        println!(
            "{:<34} {:>29.1}   (both published plugins, every build: they have no cache)",
            "mdbook-svgbob + mdbook-graphviz",
            ms(published[0] + published[1])
        );
    }
    let added = ms(median(&warm)) - ms(floor_median);
    println!("\nwarm rebuild of {diagrams} diagrams adds {added:.1} ms over the floor (budget: 100 ms for 300)");
    Ok(())
}

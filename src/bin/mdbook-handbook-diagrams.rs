//! `mdbook-handbook-diagrams`: diagram fences rendered to inline SVG at build time.
fn main() -> std::process::ExitCode {
    handbook_core::run_cli(handbook_diagrams::DiagramsPreprocessor)
}

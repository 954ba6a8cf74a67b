//! `mdbook-handbook-glossary`: glossary terms linked on every page, with tooltips and back-links.
fn main() -> std::process::ExitCode {
    handbook_core::run_cli(handbook_glossary::GlossaryPreprocessor)
}

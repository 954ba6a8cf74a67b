//! `mdbook-handbook-links`: every link and heading anchor of the book checked with mdBook 0.5's rules.
fn main() -> std::process::ExitCode {
    handbook_core::run_cli(handbook_links::LinksPreprocessor)
}

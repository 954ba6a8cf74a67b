//! The `handbook-adr` preprocessor: decision logs, ADR header cards and validation.
fn main() -> std::process::ExitCode {
    handbook_core::run_cli(handbook_adr::AdrPreprocessor)
}

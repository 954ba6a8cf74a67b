//! The change-log preprocessor: `[preprocessor.handbook-changelog]` in book.toml.
fn main() -> std::process::ExitCode {
    handbook_core::run_cli(handbook_changelog::ChangelogPreprocessor)
}

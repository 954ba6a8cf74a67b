//! `mdbook-handbook-status`: status badges, page cards and banners, review dates, the status dashboard.
fn main() -> std::process::ExitCode {
    handbook_core::run_cli(handbook_status::StatusPreprocessor)
}

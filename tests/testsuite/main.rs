//! The root package's integration tests, as one binary (mdBook's model:
//! `tests/testsuite/main.rs` with a module per former test file): one link
//! instead of one per file. `cargo test --test testsuite hostile` runs one module.
//!
//! Not here: `tests/sizes.rs`, which times its cases in process CPU time;
//! other tests running in the same process would be counted in it.

// Helpers outside #[test] functions unwrap too; clippy.toml's
// allow-unwrap-in-tests covers only the test functions themselves.
#![allow(clippy::unwrap_used)]

mod browser;
mod harness;
mod page_scan;

mod adr_cli;
mod adr_edit_props;
mod author_lines;
mod browser_example;
mod check_report;
mod cli_check;
mod codes;
mod concurrency;
mod deep_book;
mod e2e_adr;
mod e2e_changelog;
mod e2e_core;
mod e2e_diagrams;
mod e2e_drift;
mod e2e_glossary;
mod e2e_links;
mod e2e_links_check;
mod e2e_other_plugins;
mod e2e_renderers;
mod e2e_status;
mod fidelity;
mod git_locale;
mod hostile;
mod layers;
mod mermaid_fidelity;
mod msrv;
mod newcomer;
mod properties;
mod serve_loop;
mod threads;

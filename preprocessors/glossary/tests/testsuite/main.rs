//! handbook-glossary's integration tests, as one binary (mdBook's model: a module
//! per former test file, one link instead of one per file).

// Helpers outside #[test] functions unwrap too; clippy.toml's
// allow-unwrap-in-tests covers only the test functions themselves.
#![allow(clippy::unwrap_used)]

mod fidelity_links;
mod golden;

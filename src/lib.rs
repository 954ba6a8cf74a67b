//! The `mdbook-handbook` package: the installable binaries of the suite and
//! the helper CLI. Preprocessor logic lives in `preprocessors/*`; this crate
//! only wires it up.

#[cfg(feature = "adr")]
pub mod adr_cmd;
#[cfg(feature = "adr")]
pub mod against;
pub mod check;
pub mod cli;
pub mod export;
pub mod install;
#[cfg(feature = "mcp")]
pub mod mcp;
pub mod reading;
pub mod report;
pub mod suite;

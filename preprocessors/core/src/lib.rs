//! The shared core of mdbook-handbook.
//!
//! Every preprocessor of the suite is a [`HandbookPreprocessor`]: a typed
//! config, a scan of chapters into a model, and a render of the model into
//! [`Splice`]s. The core owns everything they have in common, so that each of
//! them keeps the same guarantees without re-implementing them:
//!
//! - the mdBook protocol, tolerant of 0.4 and 0.5 input ([`protocol`]), and
//!   books nested however deep ([`deep_json`]);
//! - source-preserving edits by byte offset ([`splice`], [`markdown`]);
//! - page metadata from front matter or a bold header block ([`meta`]);
//! - one diagnostic format and `deny-warnings` ([`diagnostics`]);
//! - the registry of diagnostic codes and `levels` tables ([`codes`]);
//! - typed config with unknown-key errors ([`config`]);
//! - HTML escaping and the suite's stylesheet ([`html`]);
//! - percent-encoded links between chapters ([`links`]);
//! - `{{#name args}}` directives outside code ([`directive`]);
//! - math and bare URLs, which are no place for an insertion ([`math`], [`bare_url`]);
//! - dates as handbooks write them and a fixable today ([`date`]);
//! - per-chapter work on every core, a panic kept to its page ([`parallel`]);
//! - programs started with an allow-listed environment ([`environment`]);
//! - one `git log` pass for every git fact a preprocessor needs ([`git`]);
//! - status words, their lifecycle and badges ([`status`]);
//! - the one rule for writing a table cell ([`table_cell`]);
//! - all code that differs between Unix and Windows ([`platform`]).

pub mod bare_url;
pub mod book;
pub mod codes;
pub mod config;
pub mod date;
pub mod deep_json;
pub mod diagnostics;
pub mod directive;
pub mod environment;
pub mod facts;
pub mod git;
pub mod glob;
pub mod html;
pub mod links;
pub mod markdown;
pub mod math;
pub mod meta;
pub mod open_sans;
pub mod origin;
pub mod outline;
pub mod parallel;
pub mod paths;
pub mod platform;
pub mod process;
pub mod protocol;
pub mod search;
pub mod source_lines;
pub mod spans;
pub mod splice;
pub mod status;
pub mod table_cell;
#[cfg(feature = "testing")]
pub mod testing;

pub use book::{BookShape, Chapter, ProtocolBook};
pub use codes::Code;
pub use config::{CommonConfig, ConfigError, InvalidValue, NoConfig, PreprocessorConfig};
pub use diagnostics::{Diagnostic, Diagnostics, Level};
pub use facts::Facts;
pub use protocol::{Context, CoreOnly, HandbookPreprocessor, InProcess, Stage};
pub use splice::{Splice, SpliceError, apply_splices};

/// Re-exported so preprocessors parse with exactly the parser mdBook uses.
pub use mdbook_markdown::pulldown_cmark;

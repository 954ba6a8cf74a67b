//! The binary side: mdBook's `[context, book]` JSON on stdin, the book on
//! stdout ([`write_book`], the suite's only stdout write), diagnostics on
//! stderr; and [`InProcess`], the same pipeline behind mdBook's own trait.

use super::{BUILT_FOR_MDBOOK, Context, HandbookPreprocessor, Stage, pipeline, process};
use crate::book::ProtocolBook;
use crate::diagnostics::{Diagnostics, Level};
use anyhow::{Context as _, Result, anyhow, bail};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::PathBuf;

/// Parses mdBook's `[context, book]` input, from 0.4 or 0.5.
pub fn parse_input(input: &str) -> Result<(Context, ProtocolBook)> {
    let value: Value = serde_json::from_str(input).context("the input from mdBook is not JSON")?;
    let Value::Array(mut pair) = value else {
        bail!("the input from mdBook is not a [context, book] pair");
    };
    if pair.len() != 2 {
        bail!(
            "the input from mdBook has {} parts, expected [context, book]",
            pair.len()
        );
    }
    let book = ProtocolBook::from_value(pair.pop().unwrap_or_default())?;
    let ctx = pair.pop().unwrap_or_default();
    let text = |k: &str| ctx.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    let context = Context::new(
        PathBuf::from(text("root")),
        &text("renderer"),
        &text("mdbook_version"),
        ctx.get("config").cloned().unwrap_or_default(),
    );
    Ok((context, book))
}

/// A warning (never a failure) when the calling mdBook has another minor version.
pub fn version_mismatch(calling: &str) -> Option<String> {
    let built = semver::Version::parse(BUILT_FOR_MDBOOK).ok()?;
    let warn = |detail: String| {
        Some(format!(
            "warning[mdbook-version]: mdbook-handbook is built for mdBook {BUILT_FOR_MDBOOK} but runs under mdBook {calling}{detail}; \
             it will try its best, and reinstalling the suite against your mdBook removes this warning"
        ))
    };
    match semver::Version::parse(calling.trim()) {
        Ok(v) if v.major == built.major && v.minor == built.minor => None,
        Ok(_) => warn(String::new()),
        Err(_) => warn(" (an unreadable version)".to_owned()),
    }
}

/// Writes the book to stdout: the only stdout write in the suite.
pub fn write_book(out: impl Write, book: &ProtocolBook) -> Result<()> {
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer(&mut out, book.as_value())?;
    out.flush()?;
    Ok(())
}

/// Prints diagnostics to stderr, then a summary line if the run fails.
pub fn report(outcome_diagnostics: &Diagnostics, deny_warnings: bool) {
    // Buffered: a big book can have thousands of diagnostics.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for line in outcome_diagnostics.lines(crate::diagnostics::verbose_from_env()) {
        let _ = writeln!(err, "{line}");
    }
    if outcome_diagnostics.fails(deny_warnings) {
        let (e, w) = (
            outcome_diagnostics.count(Level::Error),
            outcome_diagnostics.count(Level::Warning),
        );
        let why = if e > 0 {
            "errors"
        } else {
            "warnings, and deny-warnings is set"
        };
        let _ = writeln!(
            err,
            "error: mdbook-handbook failed the build: {e} error(s), {w} warning(s) ({why})"
        );
    }
}

/// One protocol exchange: the suite's `stages` over the book on `input`.
/// `Ok(false)` means the build must fail (diagnostics printed).
pub fn run_protocol(stages: &[&dyn Stage], known: &[&str], mut input: impl Read, output: impl Write) -> Result<bool> {
    let mut text = String::new();
    input.read_to_string(&mut text).context("reading the book from stdin")?;
    let (ctx, book) = parse_input(&text)?;
    if let Some(warning) = version_mismatch(&ctx.mdbook_version) {
        eprintln!("{warning}");
    }
    let outcome = pipeline::run(stages, known, &ctx, book).map_err(|e| anyhow!("{e}"))?;
    report(&outcome.diagnostics, outcome.deny_warnings);
    if crate::diagnostics::timings_from_env() {
        eprintln!("mdbook-handbook {}", outcome.timings);
    }
    if outcome.fails() {
        return Ok(false);
    }
    write_book(output, &outcome.book)?;
    Ok(true)
}

/// Runs a suite preprocessor inside mdBook (`MDBook::with_preprocessor`),
/// through the same pipeline as the binary.
pub struct InProcess<P>(pub P);

impl<P: HandbookPreprocessor> mdbook_preprocessor::Preprocessor for InProcess<P> {
    fn name(&self) -> &str {
        P::NAME
    }

    fn run(
        &self,
        ctx: &mdbook_preprocessor::PreprocessorContext,
        book: mdbook_preprocessor::book::Book,
    ) -> mdbook_preprocessor::errors::Result<mdbook_preprocessor::book::Book> {
        let config = serde_json::to_value(&ctx.config)?;
        let context = Context::new(ctx.root.clone(), &ctx.renderer, &ctx.mdbook_version, config);
        let book = ProtocolBook::from_value(serde_json::to_value(&book)?)?;
        let outcome = process(&self.0, &context, book).map_err(|e| anyhow!("{e}"))?;
        report(&outcome.diagnostics, outcome.deny_warnings);
        if outcome.fails() {
            bail!("mdbook-handbook ({}) failed the build", P::NAME);
        }
        Ok(serde_json::from_value(outcome.book.into_value())?)
    }

    fn supports_renderer(&self, renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        let _ = renderer;
        Ok(true)
    }
}

//! The binary side: mdBook's `[context, book]` JSON on stdin, the book on
//! stdout ([`write_book`], the suite's only stdout write), diagnostics on
//! stderr; and [`InProcess`], the same pipeline behind mdBook's own trait.

use super::{BUILT_FOR_MDBOOK, Context, HandbookPreprocessor, Stage, pipeline, process};
use crate::book::ProtocolBook;
use crate::deep_json;
use crate::diagnostics::{Diagnostic, Diagnostics, Level};
use anyhow::{Context as _, Result, anyhow, bail};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::PathBuf;

/// Parses mdBook's `[context, book]` input, from 0.4 or 0.5.
pub fn parse_input(input: &str) -> Result<(Context, ProtocolBook)> {
    // No recursion limit: a SUMMARY.md nested 42 deep is past serde_json's.
    let value = deep_json::from_str(input).context("the input from mdBook is not JSON")?;
    let mut pair = match value {
        Value::Array(pair) if pair.len() == 2 => pair,
        other => {
            let parts = other.as_array().map(Vec::len);
            deep_json::dispose(other);
            match parts {
                Some(n) => bail!("the input from mdBook has {n} parts, expected [context, book]"),
                None => bail!("the input from mdBook is not a [context, book] pair"),
            }
        }
    };
    let book = match pair.pop().map(ProtocolBook::from_value) {
        Some(Ok(book)) => book,
        Some(Err(e)) => {
            deep_json::dispose(Value::Array(pair));
            return Err(e);
        }
        None => bail!("the input from mdBook is not a [context, book] pair"),
    };
    let mut ctx = pair.pop().unwrap_or_default();
    let text = |k: &str| ctx.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    let (root, renderer, version) = (text("root"), text("renderer"), text("mdbook_version"));
    // Moved, not cloned: a clone of a deep value recurses.
    let config = ctx.get_mut("config").map(Value::take).unwrap_or_default();
    deep_json::dispose(ctx);
    let context = Context::new(PathBuf::from(root), &renderer, &version, config);
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

/// The deepest nesting of JSON arrays and objects mdBook reads back from a
/// preprocessor: it parses the answer with `serde_json::from_slice`, whose
/// recursion limit of 128 stops at the 128th. Each chapter level is three
/// (its list, the item, the chapter), so 41 levels of SUMMARY.md are the most.
pub const MDBOOK_READS_DEPTH: usize = 127;

/// An error when the book nests deeper than the calling mdBook (0.5 or
/// earlier: the limit is theirs) can read back from any preprocessor: the
/// suite reads and writes such a book, but mdBook would then stop with
/// "recursion limit exceeded" about the suite's answer.
pub fn too_deep_for_mdbook(book: &ProtocolBook, ctx: &Context) -> Option<Diagnostic> {
    let limited = semver::Version::parse(ctx.mdbook_version.trim()).map_or(true, |v| (v.major, v.minor) <= (0, 5));
    let depth = book.json_depth();
    if !limited || depth <= MDBOOK_READS_DEPTH {
        return None;
    }
    let chapters = book.chapters();
    let deepest = chapters.iter().max_by_key(|c| c.level());
    let place = deepest.map_or_else(String::new, |c| match &c.source_path {
        Some(_) => format!(
            " (`{}`, {}, is {} levels deep)",
            c.name,
            ctx.display_path(c).display(),
            c.level()
        ),
        None => format!(" (`{}` is {} levels deep)", c.name, c.level()),
    });
    Some(
        Diagnostic::new(
            Level::Error,
            "summary-too-deep",
            format!(
                "SUMMARY.md nests chapters deeper than mdBook {} reads back from any preprocessor{place}: \
                 mdBook's JSON reader stops at {} levels of nesting, 41 levels of chapters; \
                 nest chapters at most 41 deep",
                ctx.mdbook_version,
                MDBOOK_READS_DEPTH + 1
            ),
        )
        .in_file(ctx.src_dir().join("SUMMARY.md")),
    )
}

/// Writes the book to stdout: the only stdout write in the suite.
pub fn write_book(out: impl Write, book: &ProtocolBook) -> Result<()> {
    let mut out = std::io::BufWriter::new(out);
    deep_json::to_writer(&mut out, book.as_value())?;
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
    // One pass per build reports; a later renderer's pass skips what only reports.
    let reporting = ctx.reports_for_build();
    if let Some(warning) = version_mismatch(&ctx.mdbook_version).filter(|_| reporting) {
        eprintln!("{warning}");
    }
    let only_report: Vec<&str> = stages
        .iter()
        .filter(|s| !reporting && s.only_reports())
        .map(|s| s.name())
        .collect();
    let mut outcome = pipeline::run_skipping(stages, known, &only_report, &ctx, book).map_err(|e| anyhow!("{e}"))?;
    if let Some(too_deep) = too_deep_for_mdbook(&outcome.book, &ctx) {
        outcome.diagnostics.push(too_deep);
    }
    if reporting || outcome.fails() {
        report(&outcome.diagnostics, outcome.deny_warnings);
    }
    if crate::diagnostics::timings_from_env() {
        eprintln!("mdbook-handbook {}", outcome.timings);
        let chapters = outcome.book.chapters().len();
        eprintln!(
            "mdbook-handbook parses: {} markdown parses over {chapters} chapters and {} text versions",
            crate::markdown::parses(),
            chapters + crate::markdown::replaced_texts()
        );
    }
    if outcome.fails() {
        return Ok(false);
    }
    write_book(output, &outcome.book)?;
    Ok(true)
}

/// What an in-process preprocessor is handed (mdBook's typed context and
/// book), as the suite reads it from the protocol: [`InProcess`] and
/// `check`'s stand-in for the suite both start here.
pub fn from_mdbook(
    ctx: &mdbook_preprocessor::PreprocessorContext,
    book: &mdbook_preprocessor::book::Book,
) -> Result<(Context, ProtocolBook)> {
    let config = serde_json::to_value(&ctx.config)?;
    let context = Context::new(ctx.root.clone(), &ctx.renderer, &ctx.mdbook_version, config);
    let book = ProtocolBook::from_value(serde_json::to_value(book)?)?;
    Ok((context, book))
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
        let (context, book) = from_mdbook(ctx, &book)?;
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

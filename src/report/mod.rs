//! How `mdbook-handbook check` reports what it found: `--format text|json|github`,
//! and `--baseline` / `--write-baseline`, so CI fails only on new diagnostics
//! (ADR 25). The same for every capability: this module sees diagnostics
//! and [`Facts`], never a capability.
//!
//! Streams: text goes to stderr, as before; json and github go to stdout
//! (`check` is not a preprocessor, so stdout carries no book), with the
//! one-line summary on stderr.

pub mod baseline;
pub mod github;
pub mod json;

use anyhow::Result;
use baseline::Baseline;
use handbook_core::facts::Facts;
use handbook_core::{Diagnostic, Diagnostics, Level};
use std::path::{Path, PathBuf};

/// What `--format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Github,
}

impl Format {
    pub const NAMES: &'static str = "text, json, github";

    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "github" => Some(Format::Github),
            _ => None,
        }
    }
}

/// The report's flags.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub format: Format,
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    pub deny_warnings: bool,
    pub verbose: bool,
}

/// One diagnostic, and whether the baseline accepts it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub baselined: bool,
}

/// Counts of the diagnostics the baseline does not accept, and the verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub baselined: usize,
    pub failed: bool,
}

/// What a report run produced: the text to print on each stream and whether
/// the check failed.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub failed: bool,
}

/// Splits the diagnostics against the baseline (`--baseline`'s, else the
/// one `--write-baseline` writes, else none), writes the new baseline, and
/// renders the report. `book_dir` is the book's folder as the command line
/// gave it; `src_dir` its source folder, relative to it (`book.src`).
pub fn render(
    diagnostics: Diagnostics,
    facts: &Facts,
    book_dir: &Path,
    src_dir: &Path,
    options: &Options,
) -> Result<Output> {
    let mut stderr = String::new();
    let (findings, with_baseline) = judge(diagnostics.into_vec(), options, &mut stderr)?;
    let summary = summarize(&findings, options.deny_warnings);
    let new: Vec<&Diagnostic> = findings
        .iter()
        .filter(|f| !f.baselined)
        .map(|f| &f.diagnostic)
        .collect();
    let mut stdout = String::new();
    match options.format {
        Format::Text => {
            let mut shown = Diagnostics::new();
            for d in &new {
                shown.push((*d).clone());
            }
            for line in shown.lines(options.verbose) {
                stderr.push_str(&line);
                stderr.push('\n');
            }
        }
        Format::Json => {
            let value = json::report(&findings, facts, src_dir, &summary);
            stdout = serde_json::to_string_pretty(&value)?;
            stdout.push('\n');
        }
        Format::Github => {
            let prefix = github::book_prefix(book_dir, std::env::current_dir().ok().as_deref());
            for d in &new {
                stdout.push_str(&github::annotation(d, &prefix));
                stdout.push('\n');
            }
        }
    }
    let baselined = if with_baseline {
        format!(" ({} in the baseline)", summary.baselined)
    } else {
        String::new()
    };
    stderr.push_str(&format!(
        "mdbook-handbook check: {} error(s), {} warning(s){baselined}\n",
        summary.errors, summary.warnings
    ));
    Ok(Output {
        stdout,
        stderr,
        failed: summary.failed,
    })
}

/// Each diagnostic with whether the baseline in effect accepts it, then one
/// `baseline-stale` finding per entry fixed since; writes `--write-baseline`
/// (saying so in `notes`). The flag tells whether a baseline was in effect.
fn judge(mut diagnostics: Vec<Diagnostic>, options: &Options, notes: &mut String) -> Result<(Vec<Finding>, bool)> {
    let recorded = Baseline::record(&diagnostics);
    let baseline = match (&options.baseline, &options.write_baseline) {
        (Some(file), _) => Some((Baseline::read(file)?, file)),
        (None, Some(file)) => Some((recorded.clone(), file)),
        (None, None) => None,
    };
    let mut accepted = vec![false; diagnostics.len()];
    if let Some((baseline, file)) = &baseline {
        let (split, stale) = baseline.split(&diagnostics);
        accepted = split;
        for entry in &stale {
            diagnostics.push(baseline::stale_diagnostic(entry, file));
            accepted.push(false);
        }
    }
    if let Some(file) = &options.write_baseline {
        recorded.write(file)?;
        notes.push_str(&format!(
            "mdbook-handbook check: wrote {} diagnostic(s) to the baseline {}\n",
            recorded.len(),
            file.display()
        ));
    }
    let findings = diagnostics
        .into_iter()
        .zip(accepted)
        .map(|(diagnostic, baselined)| Finding { diagnostic, baselined })
        .collect();
    Ok((findings, baseline.is_some()))
}

fn summarize(findings: &[Finding], deny_warnings: bool) -> Summary {
    let mut summary = Summary::default();
    for finding in findings {
        if finding.baselined {
            summary.baselined += 1;
            continue;
        }
        match finding.diagnostic.level {
            Level::Error => summary.errors += 1,
            Level::Warning => summary.warnings += 1,
            Level::Info => summary.infos += 1,
        }
    }
    summary.failed = summary.errors > 0 || (deny_warnings && summary.warnings > 0);
    summary
}

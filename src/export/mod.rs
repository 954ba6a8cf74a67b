//! `mdbook-handbook export [BOOK_DIR] --out DIR`: the book for agents and
//! tools, read as a build reads it: `llms.txt`, `llms-full.txt` and
//! `handbook.json` (issue 31; the format's ADR in book-example).

pub mod json;
pub mod llms;
pub mod model;

use anyhow::{Context as _, Result};
use model::Handbook;
use std::path::{Path, PathBuf};

/// Read the book as a build does and write llms.txt, llms-full.txt and
/// handbook.json (schema/handbook.schema.json) into DIR, e.g.
/// `mdbook build && mdbook-handbook export --out book`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The book's folder (where book.toml is).
    #[arg(value_name = "BOOK_DIR", default_value = ".")]
    pub book_dir: PathBuf,
    /// Where the three files go, e.g. the built book (`book`), to publish
    /// llms.txt next to the HTML.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Fail on warnings too, as `check --deny-warnings`.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Reads the book twice through `check`'s path: for `html` (the build's
/// diagnostics and facts) and for `markdown` (the text every capability
/// writes as markdown, which the pages carry).
pub fn read(root: &Path) -> Result<Handbook> {
    let built = crate::check::load(root, &[])?;
    let text = crate::check::load_for(root, &[], "markdown")?;
    Ok(Handbook::from_runs(built, Some(text)))
}

/// What `export` wrote, and whether the run's diagnostics fail it.
pub struct Exported {
    pub written: Vec<PathBuf>,
    pub failed: bool,
    /// The diagnostics as `check` prints them.
    pub stderr: String,
}

pub fn export(args: &ExportArgs) -> Result<Exported> {
    let book = read(&args.book_dir)?;
    let mut options = crate::report::Options {
        deny_warnings: args.deny_warnings || handbook_core::diagnostics::deny_warnings_from_env(),
        ..crate::report::Options::default()
    };
    options.verbose = handbook_core::diagnostics::verbose_from_env();
    let report = crate::report::render(
        book.diagnostics.clone(),
        &handbook_core::Facts::default(),
        &args.book_dir,
        &book.src_dir,
        &options,
    )?;
    std::fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let files = [
        ("llms.txt", llms::llms_txt(&book)),
        ("llms-full.txt", llms::llms_full(&book)),
        (
            "handbook.json",
            serde_json::to_string_pretty(&json::handbook_json(&book))? + "\n",
        ),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let path = args.out.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(Exported {
        written,
        failed: report.failed,
        stderr: report.stderr,
    })
}

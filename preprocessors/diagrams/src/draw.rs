//! One diagram source -> raw SVG, by kind: in process (svgbob, pikchr,
//! merman) or through a program (dot, d2; PlantUML in [`crate::plantuml`]).

use crate::kind::Kind;
use crate::program::{self, RunError};
use std::path::Path;
use std::time::Duration;

/// What a program or renderer said when it drew nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrawError {
    Missing,
    Refused(String),
    Failed(String),
    /// Not run: the reason was already said once for the whole build (PlantUML cannot be sandboxed here).
    NotRun(String),
    /// The suite itself crashed while drawing (a bug): an error, never a silent gap.
    Panicked(String),
}

impl From<RunError> for DrawError {
    fn from(e: RunError) -> Self {
        match e {
            RunError::Missing => DrawError::Missing,
            RunError::TimedOut(t) => {
                DrawError::Failed(format!("did not finish within {} s and was killed", t.as_secs()))
            }
            RunError::Failed(m) => DrawError::Failed(m),
        }
    }
}

/// Draws in process. A panic inside a renderer becomes an error, never a crash.
pub fn in_process(kind: Kind, source: &str) -> Result<String, DrawError> {
    let source = source.to_owned();
    let result = std::panic::catch_unwind(move || match kind {
        Kind::Svgbob => Ok(svgbob::to_svg(&source)),
        Kind::Pikchr => pikchr::Pikchr::render(&source, None, pikchr::PikchrFlags::default())
            .map(|p| p.rendered().to_owned())
            .map_err(|e| e.trim().to_owned()),
        Kind::Mermaid => mermaid(&source),
        Kind::Dot | Kind::PlantUml | Kind::D2 => Err(format!("{} is not drawn in process", kind.name())),
    });
    match result {
        Ok(Ok(svg)) => Ok(svg),
        Ok(Err(message)) => Err(DrawError::Failed(message)),
        Err(_) => Err(DrawError::Failed(format!(
            "the {} renderer crashed on this source",
            kind.name()
        ))),
    }
}

#[cfg(not(feature = "mermaid"))]
fn mermaid(_source: &str) -> Result<String, String> {
    Err("this mdbook-handbook was built without its `mermaid` feature, so Mermaid is not drawn at build time: reinstall with it (the default), or set `mermaid = \"browser\"` in [preprocessor.handbook-diagrams]".to_owned())
}

#[cfg(feature = "mermaid")]
fn mermaid(source: &str) -> Result<String, String> {
    use merman::{OperationControl, RenderOutput, RenderRequest, Renderer, SvgRequest};
    let output = Renderer::new()
        .render(RenderRequest::svg(
            source,
            OperationControl::new(),
            SvgRequest::default(),
        ))
        .map_err(|e| e.to_string())?;
    match output {
        RenderOutput::Svg(Some(svg)) => Ok(svg.svg().to_owned()),
        _ => Err("merman found no Mermaid diagram it can draw in this block".to_owned()),
    }
}

/// `dot -Tsvg` with the source on stdin.
pub fn dot(program: &Path, source: &str, dir: &Path, timeout: Duration) -> Result<String, DrawError> {
    let (out, err, ok) = program::run(program, &["-Tsvg"], &[], source, timeout, dir)?;
    finish(out, &err, ok)
}

/// `d2 - -`: source on stdin, SVG on stdout. Remote icons and images are refused
/// before the program runs (d2 would fetch them to bundle them).
pub fn d2(program: &Path, source: &str, dir: &Path, timeout: Duration) -> Result<String, DrawError> {
    if let Some(line) = source.lines().find(|l| l.contains("://")) {
        return Err(DrawError::Refused(format!(
            "d2 would fetch `{}` from the network; the suite never goes online: use a file inside the book",
            line.trim()
        )));
    }
    let (out, err, ok) = program::run(program, &["-", "-"], &[], source, timeout, dir)?;
    finish(out, &err, ok)
}

fn finish(out: Vec<u8>, err: &str, ok: bool) -> Result<String, DrawError> {
    let svg = String::from_utf8_lossy(&out).into_owned();
    if ok && svg.contains("<svg") {
        Ok(svg)
    } else {
        let err = err.trim();
        Err(DrawError::Failed(if err.is_empty() {
            "it wrote no SVG".to_owned()
        } else {
            err.to_owned()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_process_errors_are_messages() {
        assert!(
            matches!(in_process(Kind::Pikchr, "arrow bogus bogus"), Err(DrawError::Failed(m)) if m.contains("no such variable"))
        );
        assert!(matches!(
            in_process(Kind::Mermaid, "not a diagram at all"),
            Err(DrawError::Failed(_))
        ));
        assert!(in_process(Kind::Svgbob, "+--+\n|  |\n+--+").is_ok_and(|s| s.contains("<svg")));
    }
}

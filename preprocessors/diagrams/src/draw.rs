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
    /// PlantUML stopped before reaching this diagram (its batch timed out or
    /// the JVM died), with why; typed so the batch can draw it again alone.
    BatchLost(String),
    /// Not run: the reason was already said once for the whole build (PlantUML cannot be sandboxed here).
    NotRun(String),
    /// The suite itself crashed while drawing (a bug): an error, never a silent gap.
    Panicked(String),
    /// The picture holds a file the book does not share (`imports::check_output`): not shown.
    Include(String),
}

impl DrawError {
    /// The program's words for a failure to report, or `None` for one that
    /// is not a program's (missing, not run, the suite's own crash).
    pub fn said(&self) -> Option<String> {
        match self {
            DrawError::Refused(m) | DrawError::Failed(m) | DrawError::Include(m) => Some(m.clone()),
            DrawError::BatchLost(m) => Some(format!("PlantUML stopped before drawing this diagram: {m}")),
            DrawError::Missing | DrawError::NotRun(_) | DrawError::Panicked(_) => None,
        }
    }
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

/// Draws in process on a thread of its own, waiting at most `timeout`, the
/// programs' timeout: a renderer still busy then is abandoned (it runs on,
/// unseen, until the build's process ends) and the diagram fails as a
/// program's would, so no Mermaid source holds a build longer than a dot one.
pub fn in_process_within(kind: Kind, source: &str, timeout: Duration) -> Result<String, DrawError> {
    let (done, result) = std::sync::mpsc::channel();
    let source = source.to_owned();
    std::thread::Builder::new()
        .name(format!("handbook-{}", kind.name()))
        .spawn(move || {
            let _ = done.send(in_process(kind, &source));
        })
        .map_err(|e| DrawError::Failed(format!("could not start a thread to draw it: {e}")))?;
    match result.recv_timeout(timeout) {
        Ok(drawn) => drawn,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(DrawError::Failed(format!(
            "did not finish within {} s and was abandoned",
            timeout.as_secs()
        ))),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(DrawError::Failed(format!(
            "the {} renderer crashed on this source",
            kind.name()
        ))),
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
    Err("this mdbook-handbook was built without its `mermaid` feature, so Mermaid is not drawn at build time: reinstall with it (the default), or set `mermaid = \"browser\"` in [preprocessor.handbook.diagrams]".to_owned())
}

/// The longest line merman is given. Its label wrapping grows faster than
/// the label (a 1.6 MB label took it nearly a minute); no real label comes
/// near this, and what is longer is refused in a moment, with a diagnostic.
pub const MERMAID_LONGEST_LINE: usize = 10_000;

/// Why merman is not given this source: a line (a label) too long to wrap in good time.
pub fn mermaid_too_long(source: &str) -> Option<String> {
    let (n, longest) = source
        .lines()
        .enumerate()
        .map(|(n, line)| (n, line.chars().count()))
        .max_by_key(|(n, len)| (*len, std::cmp::Reverse(*n)))?;
    (longest > MERMAID_LONGEST_LINE).then(|| {
        format!(
            "line {} of the diagram is {longest} characters long, and the build-time renderer takes minutes to wrap a label that long; it draws lines of up to {MERMAID_LONGEST_LINE} characters",
            n + 1
        )
    })
}

#[cfg(feature = "mermaid")]
fn mermaid(source: &str) -> Result<String, String> {
    use merman::{OperationControl, RenderOutput, RenderRequest};
    if let Some(why) = mermaid_too_long(source) {
        return Err(why);
    }
    let output = open_sans_renderer()
        .render(RenderRequest::svg(source, OperationControl::new(), open_sans_request()))
        .map_err(|e| why_not(source, &e.to_string()))?;
    match output {
        RenderOutput::Svg(Some(svg)) => Ok(svg.svg().to_owned()),
        _ => Err("merman found no Mermaid diagram it can draw in this block".to_owned()),
    }
}

/// merman with Open Sans as Mermaid's `fontFamily`, which its stylesheet names for the
/// browser (see [`crate::open_sans`]); a diagram's own `fontFamily` still wins.
#[cfg(feature = "mermaid")]
fn open_sans_renderer() -> merman::Renderer {
    let family = crate::open_sans::FONT_FAMILY;
    let site = merman::SourcePresentationConfig::from_value(serde_json::json!({
        "fontFamily": family,
        "themeVariables": { "fontFamily": family },
    }));
    merman::Renderer::new().with_presentation_engine(merman::MermaidEngine::new().with_site_config(site))
}

/// An SVG request whose text is measured with Open Sans's advance widths.
#[cfg(feature = "mermaid")]
fn open_sans_request() -> merman::SvgRequest {
    use merman::svg::{
        DeterministicTextMeasurer, MeasurementProfileId, SvgEnvironment, TextMeasurementPolicy, TextMeasurementProfile,
        TextMeasurementProfileIdentity,
    };
    let measurer = DeterministicTextMeasurer::default().with_width_callback(|text, style| {
        crate::open_sans::width_px(
            text,
            style.font_size,
            crate::open_sans::is_bold(style.font_weight.as_deref()),
        )
    });
    let mut request = merman::SvgRequest::default();
    let identity = MeasurementProfileId::new("mdbook-handbook-open-sans")
        .and_then(|id| TextMeasurementProfileIdentity::new(id, "1"));
    if let Ok(identity) = identity {
        let policy = TextMeasurementPolicy::uniform(TextMeasurementProfile::new(identity, measurer));
        request.environment = SvgEnvironment::deterministic().with_text_measurement_policy(policy);
    }
    request
}

/// What a book does about a Mermaid type the lean default build leaves out (ADR 28).
#[cfg(feature = "mermaid")]
const LEAN_BUILD_FIX: &str =
    "reinstall it with `--features mermaid-all`, or set `mermaid = \"auto\"` to draw this type in the reader's browser";

/// merman's reason in the user's terms: a missing capability of the suite's build
/// (ADR 17), not a cargo feature of merman's the user cannot switch on; a type left out of
/// the lean default (ADR 28) names the suite's own feature and the browser mode.
#[cfg(feature = "mermaid")]
fn why_not(source: &str, merman_says: &str) -> String {
    let left_out = merman_says.contains("Unsupported diagram type") && merman_says.contains("all-diagrams");
    if left_out {
        format!(
            "the Mermaid type `{}` is not in this build of the suite: {LEAN_BUILD_FIX}",
            mermaid_type(source)
        )
    } else if merman_says.contains("capability `math`") {
        "its labels hold math ($$...$$), and the suite's build-time renderer is built without math (ADR 17)".to_owned()
    } else if merman_says.contains("No Mermaid diagram type detected") {
        let lean = if cfg!(feature = "mermaid-all") {
            String::new()
        } else {
            format!(" (this build draws the common types only: {LEAN_BUILD_FIX})")
        };
        format!(
            "the build-time renderer (merman) knows no Mermaid diagram type `{}`{lean}",
            mermaid_type(source)
        )
    } else if merman_says.contains("feature") || merman_says.contains("capability") {
        format!("the suite's build-time renderer is built without what this diagram needs (ADR 17): {merman_says}")
    } else {
        merman_says.to_owned()
    }
}

/// Why an ELK layout request (`layout: elk`, `flowchart-elk`) is drawn with Mermaid's
/// default layout instead, or `None` when the source makes none (ADR 17).
pub fn elk_request_note(source: &str) -> Option<&'static str> {
    // `layout: elk` in front matter, `"layout": "elk"` in a directive, or the `flowchart-elk` header.
    let asks = mermaid_type(source) == "flowchart-elk"
        || source.match_indices("layout").any(|(at, word)| {
            source[at + word.len()..]
                .trim_start_matches(['"', '\'', ':', ' '])
                .starts_with("elk")
        });
    asks.then_some(
        "this diagram asks for the ELK layout, which the suite is built without (its Rust translation is EPL-2.0, ADR 17), as Mermaid's own script is: it is drawn with Mermaid's default layout",
    )
}

/// The diagram type a Mermaid source names (`gantt`, `flowchart`): its first word
/// after any front matter, directives and comments.
pub fn mermaid_type(source: &str) -> &str {
    let mut lines = source.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
    if lines.peek() == Some(&"---") {
        lines.next();
        for line in lines.by_ref() {
            if line == "---" {
                break;
            }
        }
    }
    lines
        .find(|l| !l.starts_with("%%"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("Mermaid")
}

/// `dot -Tsvg` with the source on stdin.
pub fn dot(program: &Path, source: &str, place: (&Path, &Path), timeout: Duration) -> Result<String, DrawError> {
    let (out, err, ok) = program::run(program, &["-Tsvg"], &[], source, timeout, program::OUTPUT_LIMIT, place)?;
    finish(out, &err, ok)
}

/// `d2 - -`: source on stdin, SVG on stdout. Remote icons and images are refused
/// before the program runs (d2 would fetch them to bundle them).
pub fn d2(program: &Path, source: &str, place: (&Path, &Path), timeout: Duration) -> Result<String, DrawError> {
    if let Some(line) = source.lines().find(|l| l.contains("://")) {
        return Err(DrawError::Refused(format!(
            "d2 would fetch `{}` from the network; the suite never goes online: use a file inside the book",
            line.trim()
        )));
    }
    let (out, err, ok) = program::run(program, &["-", "-"], &[], source, timeout, program::OUTPUT_LIMIT, place)?;
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

    /// The SVG names the font its labels were measured with (Open Sans), and gives a
    /// label at least Open Sans's width; a diagram's own `fontFamily` still wins.
    #[test]
    fn mermaid_is_measured_and_drawn_in_open_sans() {
        let svg = in_process(Kind::Mermaid, "flowchart LR\n  A -->|supersedes| B\n").unwrap_or_default();
        assert!(svg.contains("font-family:\"Open Sans\",sans-serif;"), "{svg}");
        assert!(
            !svg.contains("Recursive Variable") && !svg.contains("trebuchet"),
            "{svg}"
        );
        let label = svg
            .split("<foreignObject width=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse::<f64>().ok())
            .fold(f64::MAX, f64::min);
        let needs = crate::open_sans::width_px("supersedes", 14.0, false);
        assert!(
            label >= needs - 0.01,
            "the edge label is given {label} px, needs {needs}"
        );
        let own = in_process(
            Kind::Mermaid,
            "%%{init: {\"fontFamily\": \"Courier New\"}}%%\nflowchart LR\n  A --> B\n",
        )
        .unwrap_or_default();
        assert!(own.contains("Courier New"), "{own}");
    }

    #[test]
    fn an_in_process_renderer_is_abandoned_at_the_timeout() {
        let start = std::time::Instant::now();
        // Thousands of nodes take merman seconds; a millisecond is never enough.
        let big: String = (0..3000).map(|i| format!("  n{i} --> n{}\n", i + 1)).collect();
        let drawn = in_process_within(Kind::Mermaid, &format!("flowchart LR\n{big}"), Duration::from_millis(1));
        assert_eq!(
            drawn,
            Err(DrawError::Failed(
                "did not finish within 0 s and was abandoned".to_owned()
            ))
        );
        assert!(start.elapsed() < Duration::from_secs(2), "waited {:?}", start.elapsed());
        assert!(in_process_within(Kind::Svgbob, "--->", Duration::from_secs(30)).is_ok_and(|s| s.contains("<svg")));
    }

    #[test]
    fn a_label_too_long_to_wrap_is_refused_before_merman_sees_it() {
        let label = "w ".repeat(MERMAID_LONGEST_LINE);
        let start = std::time::Instant::now();
        let drawn = in_process(Kind::Mermaid, &format!("flowchart LR\n  A --> B\n  B[\"{label}\"]\n"));
        assert_eq!(
            drawn,
            Err(DrawError::Failed(format!(
                "line 3 of the diagram is {} characters long, and the build-time renderer takes minutes to wrap a label that long; it draws lines of up to {MERMAID_LONGEST_LINE} characters",
                label.len() + 7
            )))
        );
        assert!(start.elapsed() < Duration::from_secs(5), "refused, not drawn");
        let fits = "w ".repeat(MERMAID_LONGEST_LINE / 4);
        assert_eq!(mermaid_too_long(&format!("flowchart LR\n  A[\"{fits}\"]\n")), None);
    }

    #[test]
    fn what_merman_cannot_draw_is_said_in_the_users_terms() {
        let math = in_process(Kind::Mermaid, "flowchart LR\n  A[\"$$x^2$$\"] --> B\n");
        assert!(
            matches!(&math, Err(DrawError::Failed(m)) if m.contains("math") && m.contains("ADR 17") && !m.contains("feature")),
            "{math:?}"
        );
        let unknown = in_process(Kind::Mermaid, "usecase\n  actor A\n");
        assert!(
            matches!(&unknown, Err(DrawError::Failed(m)) if m.contains("`usecase`")),
            "{unknown:?}"
        );
        assert_eq!(
            mermaid_type("---\ntitle: x\n---\n%%{init: {}}%%\ngantt\n  title a"),
            "gantt"
        );
    }

    #[cfg(feature = "mermaid")]
    #[test]
    fn a_type_left_out_of_the_lean_build_names_the_feature_and_the_browser() {
        // merman's words for a type whose `diagram-*` feature is off (merman's diagnostic.rs).
        let merman_says =
            "Unsupported diagram type: mindmap; enable the `diagram-mindmap` or `all-diagrams` Cargo feature";
        let told = why_not("mindmap\n  root((a))\n", merman_says);
        assert_eq!(
            told,
            "the Mermaid type `mindmap` is not in this build of the suite: reinstall it with `--features mermaid-all`, or set `mermaid = \"auto\"` to draw this type in the reader's browser"
        );
        assert!(
            !told.contains("diagram-mindmap"),
            "merman's own feature is no switch for a user"
        );
    }

    /// The lean default (feature `mermaid` alone) really leaves the rarer types out, so the
    /// message above is what such a build says (`.ci/run` tests this feature set).
    #[cfg(all(feature = "mermaid", not(feature = "mermaid-all")))]
    #[test]
    fn the_lean_build_tells_a_mindmap_the_feature() {
        let drawn = in_process(Kind::Mermaid, "mindmap\n  root((handbook))\n    adr\n");
        assert!(
            matches!(&drawn, Err(DrawError::Failed(m)) if m.contains("`--features mermaid-all`")),
            "{drawn:?}"
        );
        assert!(in_process(Kind::Mermaid, "flowchart LR\n  A --> B\n").is_ok());
    }

    /// A mindmap the lean build failed on is a cached failure; after a reinstall with
    /// `mermaid-all` (whose key is the one every earlier default build used) it is drawn.
    #[cfg(all(feature = "mermaid", not(feature = "mermaid-all")))]
    #[test]
    fn a_lean_build_keys_its_cache_apart_from_mermaid_all() {
        assert_ne!(
            Kind::Mermaid.in_process_version(),
            "merman 0.10.0-alpha.1, Open Sans advances 1"
        );
    }
}

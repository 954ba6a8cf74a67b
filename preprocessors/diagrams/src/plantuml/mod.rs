//! All PlantUML diagrams of a build through one JVM (`-pipe` with a
//! delimiter), sandboxed so that PlantUML reads only the book (and what it
//! needs itself) and opens no socket: by its own security profile where it
//! has one, by the JVM's security manager where the JVM still has one
//! ([`launch`] chooses, [`policy`] writes the JVM's policy).
//! URL includes are refused before PlantUML runs, as a second line.

pub mod includes;
pub mod launch;
pub mod policy;
mod settings;

pub use settings::{Settings, Unusable};

use crate::draw::DrawError;
use crate::program;
use std::path::Path;
use std::time::Duration;

const DELIMITER: &str = "HB-DIAGRAMS-END-OF-DIAGRAM";

/// Lines that would make PlantUML go online.
pub fn refuse_network(source: &str) -> Option<String> {
    source
        .lines()
        .map(str::trim)
        .find(|l| {
            ((l.starts_with('!') || l.contains("<img:")) && l.contains("://")) || l.starts_with("!includeurl")
        })
        .map(|l| format!("PlantUML would fetch `{l}` from the network; the suite never goes online: include a file inside the book"))
}

/// Whether a diagram may name a file relative to its working folder
/// (includes, imports, themes, images, JSON data), so where it runs matters.
pub fn reads_files(source: &str) -> bool {
    [
        "!include",
        "!import",
        "!theme",
        "<img:",
        "%load_json",
        "%fileexists",
        "%filedate",
    ]
    .iter()
    .any(|word| source.contains(word))
}

/// Wraps a body without `@start...` in `@startuml`/`@enduml`.
pub fn normalise(source: &str) -> String {
    if source.trim_start().starts_with("@start") {
        source.trim().to_owned()
    } else {
        format!("@startuml\n{}\n@enduml", source.trim())
    }
}

/// One group of diagrams: the settings, its working folder and time limit.
pub struct Jvm<'a> {
    pub settings: &'a Settings,
    pub dir: &'a Path,
    pub timeout: Duration,
}

impl Jvm<'_> {
    /// Draws every source with one PlantUML process; one result per source, in order.
    ///
    /// One runaway diagram (killed at the timeout) or a JVM that dies mid-batch
    /// would take every diagram of the batch with it: the diagrams left without a
    /// picture are then drawn one per process, so only the culprit fails.
    pub fn draw_all(&self, sources: &[String]) -> Vec<Result<String, DrawError>> {
        let mut results = draw_batch(self, sources);
        if sources.len() > 1 {
            for (result, source) in results.iter_mut().zip(sources) {
                if matches!(result, Err(DrawError::BatchLost(_)))
                    && let Some(again) = draw_batch(self, std::slice::from_ref(source)).into_iter().next()
                {
                    *result = again;
                }
            }
        }
        results
    }
}

fn draw_batch(jvm: &Jvm<'_>, sources: &[String]) -> Vec<Result<String, DrawError>> {
    let Jvm { settings, dir, timeout } = *jvm;
    let mut input = String::new();
    for s in sources {
        input.push_str(&normalise(s));
        input.push('\n');
    }
    let _ = std::fs::create_dir_all(&settings.tmp);
    // One JVM for all: allow a start-up plus a little per diagram.
    let budget = timeout + Duration::from_millis(500) * u32::try_from(sources.len()).unwrap_or(u32::MAX);
    let (program_path, args, env) = settings.command(&[
        "-tsvg",
        "-pipe",
        "-pipedelimitor",
        DELIMITER,
        "-nometadata",
        "-charset",
        "UTF-8",
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let run = program::run(
        &program_path,
        &args,
        &env,
        &input,
        budget,
        program::output_limit(sources.len()),
        (dir, &settings.tmp),
    );
    let (out, err) = match run {
        Ok((out, err, _)) => (String::from_utf8_lossy(&out).into_owned(), err),
        Err(e) => {
            let e = match DrawError::from(e) {
                DrawError::Failed(why) if sources.len() > 1 => DrawError::BatchLost(why),
                other => other,
            };
            return sources.iter().map(|_| Err(e.clone())).collect();
        }
    };
    let pieces: Vec<&str> = out.split(DELIMITER).collect();
    // A JVM that cannot start says why on stdout ("Error occurred during initialization of VM").
    let said = if out.contains("<svg") {
        tidy(&err)
    } else {
        tidy(&format!("{err}\n{out}"))
    };
    let denied = err
        .lines()
        .find(|l| l.contains("AccessControlException") || l.contains("access denied"))
        .map(str::trim);
    sources
        .iter()
        .enumerate()
        .map(|(i, _)| match pieces.get(i) {
            Some(svg) if svg.contains("<svg") && !is_error_image(svg) => Ok((*svg).to_owned()),
            Some(svg) if svg.contains("<svg") => Err(DrawError::Failed(error_text(svg, denied))),
            _ if sources.len() > 1 => Err(DrawError::BatchLost(said.clone())),
            _ => Err(DrawError::Failed(format!(
                "PlantUML wrote no SVG for this diagram: {}",
                said
            ))),
        })
        .collect()
}

/// PlantUML 1.2020 draws errors as an image: the source in green, the message in red.
/// Layout failures (dot missing, refused) come as a plain text image instead.
fn is_error_image(svg: &str) -> bool {
    svg.contains("fill=\"#33FF02\"")
        || svg.contains(">An error has occured")
        || svg.contains("cannot parse result from dot")
}

fn error_text(svg: &str, denied: Option<&str>) -> String {
    let mut messages: Vec<String> = svg
        .split("fill=\"#FF0000\"")
        .skip(1)
        .filter_map(|s| {
            let start = s.find('>')? + 1;
            let end = s[start..].find('<')? + start;
            Some(
                s[start..end]
                    .trim()
                    .replace("&gt;", ">")
                    .replace("&lt;", "<")
                    .replace("&amp;", "&"),
            )
        })
        .filter(|m| !m.is_empty())
        .collect();
    let first = svg
        .split("<text")
        .nth(1)
        .and_then(|t| t.split_once('>'))
        .map(|(_, t)| t.split('<').next().unwrap_or(""));
    if let (Some(first), true) = (first, messages.is_empty()) {
        messages.push(first.replace("&quot;", "\"").replace("&amp;", "&"));
    }
    if let Some(line) = svg.split("[From ").nth(1).and_then(|s| s.split(']').next()) {
        messages.push(format!("[from {}]", line.trim()));
    }
    if let Some(denied) = denied {
        messages.push(format!("(the security policy refused: {denied})"));
    }
    format!("PlantUML: {}", messages.join(" "))
}

/// PlantUML's and the JVM's own words, on one line: no stack frames, no option echoes.
pub fn tidy(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| {
            !l.starts_with("Picked up JAVA_TOOL_OPTIONS")
                && !l.starts_with("NOTE: Picked up")
                && !l.starts_with("WARNING:")
                && !l.trim_start().starts_with("at ")
        })
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_bare_bodies_and_refuses_urls() {
        assert_eq!(normalise("A -> B\n"), "@startuml\nA -> B\n@enduml");
        assert_eq!(normalise("@startuml\nA -> B\n@enduml\n"), "@startuml\nA -> B\n@enduml");
        assert!(refuse_network("!includeurl http://x/y").is_some());
        assert!(refuse_network("!include https://x/y.puml").is_some());
        assert!(refuse_network("!include common.puml\nA -> B: http://x").is_none());
    }
}

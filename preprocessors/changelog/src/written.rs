//! Where change-log entries were written: the line of each entry's
//! `version` key and the version as the author typed it. serde's values
//! carry neither (and YAML reads `1.10` as the number 1.1), but diagnostics
//! need the line and the page must show what the author wrote.

/// Where entries' lines are in their file: the `version` lines after the
/// `changelog` key, in order, with the value as written (YAML reads `1.10` as
/// the number 1.1; the author wrote 1.10).
#[derive(Debug, Default)]
pub struct SourceLines {
    pub(crate) anchor_line: usize,
    pub(crate) versions: Vec<(usize, String)>,
    /// Every line of the region, to place entries that are not tables.
    pub(crate) region: Vec<(usize, String)>,
}

impl SourceLines {
    /// `text` is the file (or chapter) text; `from_line`/`to_line` bound the
    /// region holding the entries (1-based, inclusive).
    pub fn find(text: &str, from_line: usize, to_line: usize, anchored: bool) -> SourceLines {
        let mut out = SourceLines {
            anchor_line: from_line,
            versions: Vec::new(),
            region: Vec::new(),
        };
        let mut inside = !anchored;
        for (i, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
            if i < from_line || i > to_line {
                continue;
            }
            let trimmed = line.trim();
            if !inside {
                let key = trimmed.trim_start_matches('[').trim_matches('"');
                if key.len() >= 9 && key[..9].eq_ignore_ascii_case("changelog") {
                    inside = true;
                    out.anchor_line = i;
                }
                continue;
            }
            let top_level = !line.starts_with([' ', '\t', '-']) && !trimmed.is_empty() && !trimmed.starts_with('#');
            let yaml_key = top_level
                && trimmed.find([':', '=']).is_some_and(|i| {
                    trimmed[i..].starts_with(':') && trimmed[i + 1..].starts_with([' ', '\t']) || trimmed[i..] == *":"
                });
            let other_table = trimmed.starts_with('[') && !trimmed.to_ascii_lowercase().contains("changelog");
            if anchored && (yaml_key || other_table) {
                break;
            }
            if let Some(value) = version_value(line) {
                out.versions.push((i, value));
            }
            out.region.push((i, line.to_owned()));
        }
        out
    }
}

/// The value of a `version` key on this line, as written, if there is one.
fn version_value(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("version") {
        let start = from + at;
        from = start + 7;
        let before_ok = lower[..start]
            .trim_end_matches(['"', '\''])
            .chars()
            .last()
            .is_none_or(|c| matches!(c, ' ' | '\t' | '{' | ',' | '-'));
        let rest = lower[start + 7..].trim_start_matches(['"', '\'']).trim_start();
        if !before_ok || !rest.starts_with([':', '=']) {
            continue;
        }
        let offset = line.len() - rest.len() + 1;
        let value = line[offset..].trim();
        let inline = lower[..start].contains('{');
        let value = if inline {
            value.split([',', '}']).next().unwrap_or("")
        } else {
            value.split(" #").next().unwrap_or("")
        };
        return Some(value.trim().trim_matches(['"', '\'']).to_owned());
    }
    None
}

//! Which of a build's preprocessor passes reports.
//!
//! mdBook 0.5 runs every preprocessor once per renderer, on a fresh copy of
//! the book, in the order of the sorted `[output.*]` keys (`Config::outputs`
//! is a `BTreeMap`; no table at all means `html` alone). A book with
//! `[output.html]` and `[output.linkcheck]` runs the suite twice per build and
//! per `mdbook serve` save, and printed the same report twice (issue 25:
//! rustc-dev-guide's broken links, each listed twice). One pass per build
//! reports: html's when the suite runs for html, else the first renderer the
//! suite runs for. A later pass prints only when it fails the build, so
//! nothing that stops a build goes unexplained.

use super::Context;
use crate::config::SUITE_TABLE;
use serde_json::Value;

impl Context {
    /// True when this pass prints the build's report (see the module's doc).
    /// A renderer the config does not name (mdBook driven by another program)
    /// reports: nothing else will.
    pub fn reports_for_build(&self) -> bool {
        let ours = suite_renderers(&self.config);
        if !ours.iter().any(|r| *r == self.renderer) {
            return true;
        }
        let reporting = ours.iter().find(|r| **r == "html").or(ours.first());
        reporting.is_some_and(|r| *r == self.renderer)
    }
}

/// The renderers the suite runs for, in the order mdBook runs them: every
/// `[output.*]` renderer (the suite supports each), or the suite table's
/// `renderers` list when it has one.
fn suite_renderers(config: &Value) -> Vec<&str> {
    let mut outputs: Vec<&str> = config
        .get("output")
        .and_then(Value::as_object)
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    outputs.sort_unstable();
    if outputs.is_empty() {
        outputs.push("html");
    }
    let explicit: Option<Vec<&str>> = config
        .get("preprocessor")
        .and_then(|p| p.get(SUITE_TABLE))
        .and_then(|t| t.get("renderers"))
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect());
    match explicit {
        Some(list) => outputs.into_iter().filter(|r| list.contains(r)).collect(),
        None => outputs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reports(config: Value, renderer: &str) -> bool {
        Context::new("/book".into(), renderer, "0.5.4", config).reports_for_build()
    }

    #[test]
    fn a_book_with_one_renderer_reports_in_its_only_pass() {
        assert!(reports(json!({}), "html"));
        assert!(reports(json!({"output": {"html": {}}}), "html"));
        assert!(reports(json!({"output": {"markdown": {}}}), "markdown"));
    }

    #[test]
    fn html_reports_and_the_other_renderers_stay_quiet() {
        let config = json!({"output": {"linkcheck": {}, "html": {}, "epub": {}}});
        assert!(reports(config.clone(), "html"));
        assert!(!reports(config.clone(), "linkcheck"));
        // epub runs first (sorted keys), but html's pass reports.
        assert!(!reports(config, "epub"));
    }

    #[test]
    fn without_html_the_first_renderer_in_mdbooks_order_reports() {
        let config = json!({"output": {"pdf-outline": {}, "pdf": {}}});
        assert!(reports(config.clone(), "pdf"));
        assert!(!reports(config, "pdf-outline"));
    }

    #[test]
    fn the_suite_tables_renderers_list_picks_the_passes() {
        let config = json!({
            "output": {"html": {}, "linkcheck": {}, "markdown": {}},
            "preprocessor": {"handbook": {"renderers": ["markdown", "linkcheck"]}},
        });
        assert!(reports(config.clone(), "linkcheck"));
        assert!(!reports(config.clone(), "markdown"));
        // Not a pass the suite runs in by its config: mdBook was told otherwise, so report.
        assert!(reports(config, "html"));
    }
}

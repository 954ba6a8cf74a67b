//! Headless Chromium over built pages: the DOM as a reader's browser builds
//! it (scripts run, themes applied, styles computed), and screenshots.
//!
//! Each check injects one script into a copy of the page (same folder, so
//! relative assets resolve), lets Chromium run it, and reads the JSON it
//! writes into the DOM. No driver crate and no network: `--dump-dom` and
//! `--screenshot` of the Debian `chromium` package, which `.ci/run` installs.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const THEMES: &[&str] = &["light", "rust", "coal", "navy", "ayu"];

/// The Chromium binary; a missing browser fails the test, never skips it.
pub fn chromium() -> PathBuf {
    for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(candidate).exists() {
            return PathBuf::from(candidate);
        }
    }
    panic!("headless Chromium is required for the browser tests: apt-get install chromium (.ci/run does)");
}

fn chromium_command(profile: &Path) -> Command {
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--virtual-time-budget=4000",
    ]);
    cmd.arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// Sets the mdBook theme before the page paints, and runs `on_load` (JS
/// statements) after load.
fn instrumented(html: &str, theme: &str, on_load: &str) -> String {
    let set_theme = format!("<script>try{{localStorage.setItem('mdbook-theme','{theme}')}}catch(e){{}}</script>");
    let run = format!("<script>window.addEventListener('load',()=>{{{on_load}}});</script>");
    let html = html.replacen("<head>", &format!("<head>{set_theme}"), 1);
    match html.rfind("</body>") {
        Some(i) => format!("{}{run}{}", &html[..i], &html[i..]),
        None => format!("{html}{run}"),
    }
}

/// JS statements that run `check` (a function body returning a
/// JSON-serializable value) and leave its result where [`dump_results`] reads it.
fn report(check: &str) -> String {
    format!(
        "let r;try{{r=(function(){{{check}}})()}}catch(e){{r={{error:String(e)}}}}\
         const p=document.createElement('pre');p.id='hb-results';p.textContent=JSON.stringify(r);document.body.appendChild(p);"
    )
}

/// Runs `check` on a built page in `theme`; returns the JSON it produced.
pub fn evaluate(page: &Path, theme: &str, check: &str) -> Value {
    run_instrumented(page, &format!("hb-check-{theme}"), theme, &report(check))
}

/// Like [`evaluate`], for pages that draw after load (Mermaid renders
/// asynchronously): polls `ready` (a JS function body returning a boolean)
/// every 50 ms, for at most 3 s of the browser's virtual time, then runs `check`.
pub fn evaluate_when(page: &Path, theme: &str, ready: &str, check: &str) -> Value {
    let report = report(check);
    let polled = format!(
        "let hbTries=0;const hbWait=()=>{{let ok=false;try{{ok=(function(){{{ready}}})()}}catch(e){{}}\
         if(ok||++hbTries>60){{{report}}}else{{setTimeout(hbWait,50)}}}};setTimeout(hbWait,0);"
    );
    run_instrumented(page, &format!("hb-wait-{theme}"), theme, &polled)
}

/// Writes an instrumented copy of `page` next to it, loads it in Chromium and reads the results.
fn run_instrumented(page: &Path, suffix: &str, theme: &str, on_load: &str) -> Value {
    let html = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    let copy = page.with_extension(format!("{suffix}.html"));
    std::fs::write(&copy, instrumented(&html, theme, on_load)).unwrap_or_else(|e| panic!("{e}"));
    let result = dump_results(&copy);
    let _ = std::fs::remove_file(&copy);
    result
}

fn dump_results(copy: &Path) -> Value {
    let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = chromium_command(profile.path())
        .arg("--dump-dom")
        .arg(format!("file://{}", copy.display()))
        .output()
        .unwrap_or_else(|e| panic!("running chromium: {e}"));
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"hb-results\">").unwrap_or_else(|| {
        panic!(
            "{}: no results from Chromium ({}): {}",
            copy.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "<pre id=\"hb-results\">".len();
    let end = dom[start..].find("</pre>").map_or(dom.len(), |e| start + e);
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: bad results JSON ({e}): {json}", copy.display()))
}

/// Writes a PNG of a built page in `theme`.
pub fn screenshot(page: &Path, theme: &str, png: &Path) {
    let html = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    let copy = page.with_extension(format!("hb-shot-{theme}.html"));
    std::fs::write(&copy, instrumented(&html, theme, "")).unwrap_or_else(|e| panic!("{e}"));
    if let Some(dir) = png.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    }
    let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let status = chromium_command(profile.path())
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,1000")
        .arg(format!("file://{}", copy.display()))
        .output()
        .unwrap_or_else(|e| panic!("running chromium: {e}"));
    let _ = std::fs::remove_file(&copy);
    assert!(
        png.exists(),
        "no screenshot written: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// JS: WCAG contrast of every element matching `selector` against the
/// background it is painted on (walking up through transparent ancestors).
pub fn contrast_check(selector: &str) -> String {
    format!(
        r#"
const parse = c => {{ const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return [0,0,0,0];
  const p = m[1].split(',').map(Number); return [p[0],p[1],p[2], p.length > 3 ? p[3] : 1]; }};
const lum = ([r,g,b]) => {{ const f = v => {{ v /= 255; return v <= 0.03928 ? v/12.92 : Math.pow((v+0.055)/1.055, 2.4); }};
  return 0.2126*f(r) + 0.7152*f(g) + 0.0722*f(b); }};
const background = el => {{ for (let e = el; e; e = e.parentElement) {{
    const c = parse(getComputedStyle(e).backgroundColor); if (c[3] > 0.5) return c; }}
  return [255,255,255,1]; }};
return Array.from(document.querySelectorAll({selector:?})).map(el => {{
  const fg = parse(getComputedStyle(el).color), bg = background(el);
  const [a, b] = [lum(fg), lum(bg)];
  const ratio = (Math.max(a,b) + 0.05) / (Math.min(a,b) + 0.05);
  const r = el.getBoundingClientRect();
  return {{ text: el.innerText.trim().slice(0, 60), ratio: Math.round(ratio*100)/100, visible: r.width > 0 && r.height > 0,
    fg: getComputedStyle(el).color }}; }});
"#
    )
}

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

pub(crate) const THEMES: &[&str] = &["light", "rust", "coal", "navy", "ayu"];

/// The Chromium binary; a missing browser fails the test, never skips it.
pub(crate) fn chromium() -> PathBuf {
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
pub(crate) fn evaluate(page: &Path, theme: &str, check: &str) -> Value {
    run_instrumented(page, &format!("hb-check-{theme}"), theme, &report(check))
}

/// Like [`evaluate`], for pages that draw after load (Mermaid renders
/// asynchronously): polls `ready` (a JS function body returning a boolean)
/// every 50 ms, for at most 3 s of the browser's virtual time, then runs `check`.
pub(crate) fn evaluate_when(page: &Path, theme: &str, ready: &str, check: &str) -> Value {
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
    std::fs::write(&copy, instrumented(&html, theme, on_load)).unwrap();
    let result = dump_results(&copy);
    let _ = std::fs::remove_file(&copy);
    result
}

fn dump_results(copy: &Path) -> Value {
    let profile = tempfile::tempdir().unwrap();
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
pub(crate) fn screenshot(page: &Path, theme: &str, png: &Path) {
    let html = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    let copy = page.with_extension(format!("hb-shot-{theme}.html"));
    std::fs::write(&copy, instrumented(&html, theme, "")).unwrap();
    if let Some(dir) = png.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let profile = tempfile::tempdir().unwrap();
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
pub(crate) fn contrast_check(selector: &str) -> String {
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

/// JS: every piece of label text in each Mermaid figure and C4 view that sits on a shape, with how
/// far its glyphs (a DOM range over the text, as painted) stick out of its box: the
/// `<foreignObject>` it was given, and the filled shape under it (a node's rect, a
/// diamond, a circle, an edge label's background), tested point by point with the
/// shape's own geometry. `[figure label, text, what, pixels]` for each overflow over
/// half a pixel.
pub(crate) const LABEL_OVERFLOWS: &str = r#"
const out = [];
const slack = 0.5;
const shapes = ['rect', 'polygon', 'circle', 'ellipse', 'path'].map(s => ':scope > ' + s).join(', ');
const inside = (shape, [x, y]) => {
  const m = shape.getScreenCTM(); if (!m) return true;
  return shape.isPointInFill(new DOMPoint(x, y).matrixTransform(m.inverse()));
};
const seen = new Set();
for (const fig of document.querySelectorAll('figure[data-kind="mermaid"], figure.hb-c4')) {
  const svg = fig.querySelector('svg'); if (!svg) continue;
  const name = fig.getAttribute('aria-label') || fig.getAttribute('data-hb-c4-view') || '';
  const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const text = t.textContent.trim(); if (!text) continue;
    const el = t.parentElement; if (!el || el.closest('style, title, desc')) continue;
    const cs = getComputedStyle(el); if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    const fo = el.closest('foreignObject');
    const svgText = fo ? null : el.closest('text');
    if (svgText && seen.has(svgText)) continue;
    // ends(d): the left and right ends of the text's middle line, d px inside, on screen.
    let ends, label = text;
    if (svgText) {
      seen.add(svgText); label = svgText.textContent.trim();
      const b = svgText.getBBox(), m = svgText.getScreenCTM(); if (b.width < 1 || !m) continue;
      const at = (x, y) => { const p = new DOMPoint(x, y).matrixTransform(m); return [p.x, p.y]; };
      const y = b.y + b.height / 2;
      ends = d => [at(b.x + d, y), at(b.x + b.width - d, y)];
    } else {
      const range = document.createRange(); range.selectNodeContents(t);
      const r = range.getBoundingClientRect(); if (r.width < 1 || r.height < 1) continue;
      const y = r.top + r.height / 2;
      ends = d => [[r.left + d, y], [r.right - d, y]];
      if (fo) {
        const b = fo.getBoundingClientRect();
        const over = Math.max(b.left - r.left, r.right - b.right, 0);
        if (over > slack) out.push([name, label.slice(0, 40), 'its foreignObject', Math.round(over * 10) / 10]);
      }
    }
    const [l, r] = ends(0), centre = [(l[0] + r[0]) / 2, (l[1] + r[1]) / 2];
    // The shape under the text: the nearest group holding a filled shape (not the label's own) under its centre.
    let box = null;
    for (let g = (fo || svgText || el).parentElement; g && g !== svg && !box; g = g.parentElement) {
      for (const s of g.querySelectorAll(shapes)) {
        if (s.closest('foreignObject') || getComputedStyle(s).fill === 'none') continue;
        if (inside(s, centre)) { box = s; break; }
      }
    }
    if (!box || ends(slack).every(p => inside(box, p))) continue;
    let over = 0;
    for (let d = 0.5; d < 200; d += 0.5) { if (ends(d).every(p => inside(box, p))) { over = d; break; } }
    out.push([name, label.slice(0, 40), box.tagName + (box.getAttribute('class') ? '.' + box.getAttribute('class').split(' ')[0] : ''), over]);
  }
}
return out;
"#;

/// Every Mermaid or C4 label of `page` in `theme` that overflows its box, one line each.
pub(crate) fn label_overflows(page: &Path, theme: &str) -> Vec<String> {
    let results = evaluate(page, theme, LABEL_OVERFLOWS);
    let rows = results
        .as_array()
        .unwrap_or_else(|| panic!("{} ({theme}): {results}", page.display()));
    rows.iter()
        .map(|r| {
            format!(
                "{} ({theme}): {}: `{}` overflows {} by {} px",
                page.iter()
                    .rev()
                    .take(2)
                    .collect::<Vec<_>>()
                    .iter()
                    .rev()
                    .collect::<PathBuf>()
                    .display(),
                r[0].as_str().unwrap_or_default(),
                r[1].as_str().unwrap_or_default(),
                r[2].as_str().unwrap_or_default(),
                r[3]
            )
        })
        .collect()
}

//! Every reader of the core on arbitrary text: front matter, the bold header
//! block, dates, periods, status words, directives, math and bare URLs.
//! None may panic or hang.
#![no_main]

use handbook_core::meta::{PageMeta, header_block};
use handbook_core::{bare_url, date, directive, markdown, math, status};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let meta = PageMeta::read(text);
    if let Some(fm) = &meta.front_matter
        && let Some(hide) = fm.hide()
    {
        let hidden = handbook_core::apply_splices(text, &[hide]).unwrap_or_default();
        assert_eq!(hidden.matches('\n').count(), text.matches('\n').count(), "hiding changed the line count");
    }
    let _ = header_block::scan_bottom(text, 0);
    let _ = date::parse_date(text);
    let _ = date::parse_period(text);
    let _ = status::badge_html(&status::StatusWords::default().status(text));
    for ranges in [math::ranges(text, &markdown::MarkdownOptions::default(), true), bare_url::ranges(text)] {
        for r in &ranges {
            assert!(text.get(r.clone()).is_some(), "range {r:?} is not on character boundaries");
        }
        assert!(ranges.windows(2).all(|w| w[0].start <= w[1].start), "ranges out of order");
    }
    let _ = directive::find(text, &["status", "adr-index", "changelog", "term"], &markdown::MarkdownOptions::default());
});

//! `html::safe_url` on arbitrary values: never a panic, and no value it
//! keeps reads as a script scheme once decoded and URL-stripped.
#![no_main]
use handbook_core::html::{decode_attribute, safe_url};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else { return };
    if safe_url(value).is_ok() {
        let read: String = decode_attribute(value)
            .trim_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .to_ascii_lowercase();
        for script in ["javascript:", "vbscript:", "data:text/html", "data:image/svg"] {
            assert!(!read.starts_with(script), "{value:?} kept as {read:?}");
        }
    }
});

//! mdBook's `[context, book]` input as arbitrary text: parsed with no
//! recursion limit (any depth, never a stack overflow), walked, measured,
//! written back, and read again to the same value. None may panic.
#![no_main]

use handbook_core::deep_json;
use handbook_core::protocol::{parse_input, too_deep_for_mdbook, write_book};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok((mut ctx, book)) = parse_input(text) else { return };
    let chapters = book.chapters();
    assert!(chapters.iter().all(|c| c.level() >= 1));
    let _ = too_deep_for_mdbook(&book, &ctx);
    let mut out = Vec::new();
    write_book(&mut out, &book).unwrap_or_else(|e| panic!("writing the book back: {e}"));
    let again = std::str::from_utf8(&out).ok().and_then(|t| deep_json::from_str(t).ok());
    assert!(again.as_ref() == Some(book.as_value()), "the book did not survive the trip");
    if let Some(value) = again {
        deep_json::dispose(value);
    }
    deep_json::dispose(std::mem::take(&mut ctx.config));
});

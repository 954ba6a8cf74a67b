//! The splicer on arbitrary text and ranges, and block splices at every
//! parser event: never a panic, never a split character.
#![no_main]

use handbook_core::{Splice, apply_splices, markdown};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, Vec<(u16, u8)>)| {
    let (text, cuts) = input;
    let splices: Vec<Splice> = cuts.iter().map(|&(s, l)| Splice::new(s as usize..s as usize + l as usize, "<x>")).collect();
    if let Ok(out) = apply_splices(text, &splices) {
        for s in &splices {
            assert!(text.is_char_boundary(s.range.start) && text.is_char_boundary(s.range.end));
        }
        assert!(out.len() + splices.iter().map(|s| s.range.len()).sum::<usize>() == text.len() + 3 * splices.len());
    }
    let options = markdown::MarkdownOptions::default();
    for (_, range) in markdown::parse(text, &options).take(50) {
        let _ = apply_splices(text, &[Splice::block(text, range, "<div>\n</div>\n")]);
    }
});

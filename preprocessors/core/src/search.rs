//! Substring search for the byte prefilters every chapter goes through on
//! every build ("can this page hold a diagram, a directive, a citation?").
//!
//! `str::find` with a string needle is a two-way search without SIMD; on
//! the Rust Book (1.5 MB, about 1,500 fences) finding every fence that way
//! took 2 ms of a 14 ms pass. memchr's `memmem` (already in the build,
//! under aho-corasick) finds the same positions several times faster.

use memchr::memmem;

/// The byte offset of every non-overlapping `needle` in `haystack`, in order.
pub fn find_all<'h>(haystack: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    memmem::find_iter(haystack.as_bytes(), needle.as_bytes())
}

/// The first `needle` in `haystack` at or after `from`, as an offset of `haystack`.
pub fn find_from(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let rest = haystack.as_bytes().get(from..)?;
    memmem::find(rest, needle.as_bytes()).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_positions_as_str_find() {
        let text = "a ``` b ```` c ``` ü```";
        let ours: Vec<usize> = find_all(text, "```").collect();
        let std: Vec<usize> = text.match_indices("```").map(|(i, _)| i).collect();
        assert_eq!(ours, std);
        assert_eq!(find_from(text, "```", 3), Some(8));
        assert_eq!(find_from(text, "```", text.len()), None);
        assert_eq!(find_from(text, "```", text.len() + 5), None);
    }
}

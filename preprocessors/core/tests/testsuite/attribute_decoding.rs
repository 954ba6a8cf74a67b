//! `html::decode_attribute` against html5ever's tokenizer, the reader a
//! browser's HTML parser is: any mix of reference spellings must come out as
//! the tokenizer reads it, or `safe_url` would judge a URL no browser follows.

use handbook_core::html::{decode_attribute, safe_url};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use proptest::prelude::*;
use std::cell::RefCell;

#[derive(Default)]
struct FirstHref(RefCell<Option<String>>);

impl TokenSink for FirstHref {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let TagToken(tag) = token {
            for attr in &tag.attrs {
                if &*attr.name.local == "href" && self.0.borrow().is_none() {
                    *self.0.borrow_mut() = Some(attr.value.to_string());
                }
            }
        }
        TokenSinkResult::Continue
    }
}

/// What a browser's tokenizer makes of `value` in `<a href="value">`.
fn browser_reads(value: &str) -> String {
    let tokenizer = Tokenizer::new(FirstHref::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(format!("<a href=\"{value}\">x</a>").as_str()));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take().unwrap_or_default()
}

/// Pieces that make references and near-references in every spelling.
const PIECES: &[&str] = &[
    "&",
    "#",
    "x",
    "X",
    ";",
    "amp",
    "AMP",
    "not",
    "notin",
    "colon",
    "Tab",
    "NewLine",
    "fjlig",
    "lt",
    "copy",
    "CounterClockwiseContourIntegral",
    "0",
    "9",
    "106",
    "0000000106",
    "6A",
    "6a",
    "D800",
    "110000",
    "99999999999",
    "128",
    "x81",
    "=",
    "a",
    "j",
    " ",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\0",
    "é",
    ":",
    "javascript",
];

fn value() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..12).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn decoding_matches_the_tokenizer(value in value()) {
        prop_assert_eq!(decode_attribute(&value).into_owned(), browser_reads(&value), "{:?}", value);
    }

    /// Whatever the spelling, a value the tokenizer reads as a `javascript:` URL is refused.
    #[test]
    fn no_spelling_of_javascript_is_kept(value in value()) {
        let read: String = browser_reads(&value)
            .trim_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        if read.to_ascii_lowercase().starts_with("javascript:") {
            prop_assert!(safe_url(&value).is_err(), "{:?} kept", value);
        }
    }
}

#[test]
fn the_long_and_unterminated_spellings_of_the_issue() {
    for value in ["&#0000000106;avascript:alert(1)", "&#106avascript:alert(1)"] {
        assert_eq!(browser_reads(value), "javascript:alert(1)");
        assert_eq!(decode_attribute(value), "javascript:alert(1)");
        assert!(safe_url(value).is_err(), "{value}");
    }
}

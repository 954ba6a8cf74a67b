//! JSON however deeply it nests: mdBook sends a chapter nested 42 levels deep
//! in SUMMARY.md as about 170 nested JSON values, past `serde_json`'s limit of
//! 128, and builds books far deeper than that. Reading and writing grow the
//! stack on the heap as they go (`serde_stacker`); dropping a deep value takes
//! it apart in a loop, since `Value`'s own drop recurses once per level.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::Write;

/// Parses `text` with no recursion limit and no risk to the stack.
pub fn from_str(text: &str) -> serde_json::Result<Value> {
    let mut reader = serde_json::Deserializer::from_str(text);
    reader.disable_recursion_limit();
    let value = Value::deserialize(serde_stacker::Deserializer::new(&mut reader))?;
    reader.end()?;
    Ok(value)
}

/// Writes `value` compactly, however deep it is.
pub fn to_writer(out: impl Write, value: &Value) -> serde_json::Result<()> {
    let mut writer = serde_json::Serializer::new(out);
    value.serialize(serde_stacker::Serializer::new(&mut writer))
}

/// Drops `value` without recursion: each array and object is emptied into a
/// work list before it goes, so no drop runs deeper than one level.
pub fn dispose(value: Value) {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Array(items) => pending.extend(items),
            Value::Object(map) => pending.extend(map.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `[{"a": [{"a": ... }]}]`, `depth` arrays and objects each.
    fn nested(depth: usize) -> String {
        let mut text = String::with_capacity(depth * 8 + 4);
        for _ in 0..depth {
            text.push_str("[{\"a\":");
        }
        text.push_str("null");
        for _ in 0..depth {
            text.push_str("}]");
        }
        text
    }

    #[test]
    fn reads_writes_and_drops_a_value_far_past_the_recursion_limit() {
        // 200,000 levels: far past serde_json's 128 and any thread's stack
        // for the recursive drop; run on a small stack to make the point.
        let text = nested(100_000);
        let worker = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let value = from_str(&text).map_err(|e| e.to_string())?;
                let mut out = Vec::new();
                to_writer(&mut out, &value).map_err(|e| e.to_string())?;
                dispose(value);
                Ok::<bool, String>(out == text.as_bytes())
            })
            .map_err(|e| e.to_string());
        let same = worker.and_then(|w| w.join().map_err(|_| "the worker panicked".to_owned()));
        assert_eq!(same, Ok(Ok(true)));
        assert!(
            serde_json::from_str::<Value>(&nested(100)).is_err(),
            "serde_json's own limit"
        );
    }

    #[test]
    fn trailing_text_is_still_an_error() {
        assert!(from_str("[1] x").is_err());
        assert_eq!(from_str(" [1] \n").ok(), Some(serde_json::json!([1])));
    }
}

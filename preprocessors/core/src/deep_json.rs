//! JSON however deeply it nests: mdBook sends a chapter nested 42 levels deep
//! in SUMMARY.md as about 170 nested JSON values, past `serde_json`'s limit of
//! 128, and builds books far deeper than that. Reading and writing run with no
//! recursion limit on a thread whose stack is sized to the nesting the text or
//! value holds (counted first, without recursion); dropping a deep value takes
//! it apart in a loop, since `Value`'s own drop recurses once per level.
//!
//! A thread rather than a stack-growing crate: those need a C or assembly
//! build for the target (psm), which a cross-check for macOS cannot do.

use serde::de::Error as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::Write;

/// Stack for the thread that reads or writes, beyond what each level takes.
const BASE_STACK: usize = 4 << 20;

/// Well above what one level of `Value` takes to read or write (under 1 KiB in a debug build).
const PER_LEVEL: usize = 4 << 10;

/// Parses `text` with no recursion limit and no risk to the stack.
pub fn from_str(text: &str) -> serde_json::Result<Value> {
    let stack = stack_for(nesting_of_text(text.as_bytes()));
    on_a_stack(stack, || {
        let mut reader = serde_json::Deserializer::from_str(text);
        reader.disable_recursion_limit();
        let value = Value::deserialize(&mut reader)?;
        reader.end()?;
        Ok(value)
    })
}

/// Writes `value` compactly, however deep it is: serialised on the sized
/// thread, then written here (`out`, often stdout's lock, stays on this thread).
pub fn to_writer(mut out: impl Write, value: &Value) -> serde_json::Result<()> {
    let stack = stack_for(nesting_of_value(value));
    let bytes = on_a_stack(stack, || {
        let mut bytes = Vec::new();
        value.serialize(&mut serde_json::Serializer::new(&mut bytes))?;
        Ok(bytes)
    })?;
    out.write_all(&bytes).map_err(serde_json::Error::io)
}

fn stack_for(levels: usize) -> usize {
    BASE_STACK.saturating_add(levels.saturating_mul(PER_LEVEL))
}

/// Runs `work` on a scoped thread with a stack of `stack` bytes.
fn on_a_stack<T: Send>(stack: usize, work: impl FnOnce() -> serde_json::Result<T> + Send) -> serde_json::Result<T> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("deep-json".to_owned())
            .stack_size(stack)
            .spawn_scoped(scope, work)
            .map_err(|e| serde_json::Error::custom(format!("cannot start the JSON reader: {e}")))?;
        worker
            .join()
            .unwrap_or_else(|_| Err(serde_json::Error::custom("the JSON reader crashed")))
    })
}

/// How deep arrays and objects nest in JSON text (brackets inside strings not counted).
fn nesting_of_text(text: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &byte in text {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// How deep arrays and objects nest in `value`, counted with a work list.
fn nesting_of_value(value: &Value) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(value, 1usize)];
    while let Some((value, depth)) = pending.pop() {
        match value {
            Value::Array(items) => {
                deepest = deepest.max(depth);
                pending.extend(items.iter().map(|v| (v, depth + 1)));
            }
            Value::Object(map) => {
                deepest = deepest.max(depth);
                pending.extend(map.values().map(|v| (v, depth + 1)));
            }
            _ => {}
        }
    }
    deepest
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
    fn nesting_is_counted_outside_strings() {
        assert_eq!(nesting_of_text(br#"[{"a": "[[[\"{"}, [1]]"#), 2);
        assert_eq!(nesting_of_value(&serde_json::json!([{"a": [1]}, 2])), 3);
        assert_eq!(nesting_of_text(b"1"), 0);
    }

    #[test]
    fn trailing_text_is_still_an_error() {
        assert!(from_str("[1] x").is_err());
        assert_eq!(from_str(" [1] \n").ok(), Some(serde_json::json!([1])));
    }
}

//! A small JSON Schema checker: the keywords `schema/check-report.schema.json`
//! uses, and no others. A keyword it does not know is a test failure, so
//! the schema cannot grow a rule this checker silently skips.

use serde_json::Value;

/// The places where `value` breaks `schema`, as `pointer: reason`; empty when it conforms.
pub(super) fn violations(root: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(root, root, value, "", &mut out);
    out
}

fn check(root: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let Some(rules) = schema.as_object() else {
        out.push(format!("{at}: schema is not an object"));
        return;
    };
    for (keyword, rule) in rules {
        match keyword.as_str() {
            "$schema" | "$id" | "$defs" | "title" | "description" => {}
            "$ref" => {
                let target = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix('#'))
                    .and_then(|pointer| root.pointer(pointer));
                match target {
                    Some(target) => check(root, target, value, at, out),
                    None => out.push(format!("{at}: unresolvable $ref {rule}")),
                }
            }
            "type" => {
                let names: Vec<&str> = match rule {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                if !names.iter().any(|n| has_type(value, n)) {
                    out.push(format!("{at}: {value} is not of type {rule}"));
                }
            }
            "const" => {
                if value != rule {
                    out.push(format!("{at}: {value} is not {rule}"));
                }
            }
            "enum" => {
                if !rule.as_array().is_some_and(|list| list.contains(value)) {
                    out.push(format!("{at}: {value} is not one of {rule}"));
                }
            }
            "minimum" => {
                if let (Some(n), Some(min)) = (value.as_f64(), rule.as_f64())
                    && n < min
                {
                    out.push(format!("{at}: {n} is below {min}"));
                }
            }
            "anyOf" => {
                let options = rule.as_array().map(Vec::as_slice).unwrap_or_default();
                if !options
                    .iter()
                    .any(|option| violations_at(root, option, value, at).is_empty())
                {
                    out.push(format!("{at}: {value} matches none of anyOf"));
                }
            }
            "required" => {
                if let Some(object) = value.as_object() {
                    for name in rule.as_array().into_iter().flatten().filter_map(Value::as_str) {
                        if !object.contains_key(name) {
                            out.push(format!("{at}: missing `{name}`"));
                        }
                    }
                }
            }
            "properties" => {
                if let (Some(object), Some(properties)) = (value.as_object(), rule.as_object()) {
                    for (name, property) in properties {
                        if let Some(field) = object.get(name) {
                            check(root, property, field, &format!("{at}/{name}"), out);
                        }
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(
                    rule,
                    &Value::Bool(false),
                    "only `additionalProperties: false` is supported"
                );
                let known = rules.get("properties").and_then(Value::as_object);
                if let Some(object) = value.as_object() {
                    for name in object.keys() {
                        if !known.is_some_and(|k| k.contains_key(name)) {
                            out.push(format!("{at}: unexpected field `{name}`"));
                        }
                    }
                }
            }
            "items" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    check(root, rule, item, &format!("{at}/{i}"), out);
                }
            }
            other => panic!("the schema uses `{other}`, which tests/check_report/schema.rs does not check"),
        }
    }
}

fn violations_at(root: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut out = Vec::new();
    check(root, schema, value, at, &mut out);
    out
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        _ => panic!("unknown JSON Schema type `{name}`"),
    }
}

//! Whether what the client decoded, written back as JSON, is what the server sent.

use serde_json::{Map, Value};

/// The first place where `decoded` (the client's value, serialized) and `received` (the body)
/// differ, as a JSON path and the two values; `None` when they agree.
///
/// They agree where the values are equal, with two allowances for how the client writes
/// values back rather than for what it reads: a field missing on one side and `null` (or
/// missing) on the other agree (records skip fields they did not receive; a page writes its
/// absent cursors as `null`), and numbers agree when they are the same number (`42` read into
/// an `f64` is written back as `42.0`).
pub fn difference(decoded: &Value, received: &Value) -> Option<String> {
    differ(decoded, received, "$")
}

fn differ(decoded: &Value, received: &Value, at: &str) -> Option<String> {
    match (decoded, received) {
        (Value::Object(ours), Value::Object(theirs)) => differ_objects(ours, theirs, at),
        (Value::Array(ours), Value::Array(theirs)) if ours.len() == theirs.len() => {
            ours.iter().zip(theirs).enumerate().find_map(|(i, (a, b))| differ(a, b, &format!("{at}[{i}]")))
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
        (a, b) if a == b => None,
        (a, b) => Some(format!("{at}: decoded {a}, received {b}")),
    }
}

fn differ_objects(ours: &Map<String, Value>, theirs: &Map<String, Value>, at: &str) -> Option<String> {
    let keys = ours.keys().chain(theirs.keys().filter(|k| !ours.contains_key(*k)));
    keys.into_iter().find_map(|key| {
        let at = format!("{at}.{key}");
        match (ours.get(key).unwrap_or(&Value::Null), theirs.get(key).unwrap_or(&Value::Null)) {
            (Value::Null, Value::Null) => None,
            (a, b) => differ(a, b, &at),
        }
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn equal_values_agree_with_the_allowances() {
        assert_eq!(difference(&json!({"a": 1, "b": [true, "x"]}), &json!({"b": [true, "x"], "a": 1})), None);
        assert_eq!(difference(&json!({"amount": 42.0}), &json!({"amount": 42})), None);
        assert_eq!(difference(&json!({"next_cursor": null}), &json!({})), None);
        assert_eq!(difference(&json!({}), &json!({"name": null})), None);
    }

    #[test]
    fn a_field_lost_or_changed_is_a_difference() {
        assert_eq!(
            difference(&json!({}), &json!({"owner": {"id": "1"}})),
            Some(r#"$.owner: decoded null, received {"id":"1"}"#.to_owned())
        );
        assert_eq!(
            difference(&json!({"tags": [{"id": "1"}]}), &json!({"tags": [{"id": "2"}]})),
            Some(r#"$.tags[0].id: decoded "1", received "2""#.to_owned())
        );
        assert!(difference(&json!([1]), &json!([1, 2])).is_some());
        assert!(difference(&json!({"id": "42"}), &json!({"id": 42})).is_some());
        assert!(difference(&json!({"n": 0.1}), &json!({"n": 0.10000000000000002})).is_some());
    }
}

//! The docs' examples and defaults as JSON values their schemas accept.
//!
//! The docs write them as text: `12`, `true`, `{ "a": "b" }`, and for bracketed query
//! parameters the query string itself (`remote_query[foo]=bar`,
//! `truto_exclude_fields[]=id&truto_exclude_fields[]=name`). Each is read as the value it
//! shows; text that shows no value of the field's type is left out of the export, since an
//! example that contradicts its schema misleads a reader and fails validators.

use serde_json::{Map, Value};

use crate::model::{Field, ObjectType, Scalar, Type};

/// The docs' example of `field`, as a value of its type.
pub fn example(field: &Field) -> Option<Value> {
    field.example.as_deref().and_then(|text| typed(&field.ty, &field.wire, text))
}

/// The docs' default of `field`, as a value of its type.
pub fn default(field: &Field) -> Option<Value> {
    field.default.as_deref().and_then(|text| typed(&field.ty, &field.wire, text))
}

/// `text` as a value of `ty`: JSON, then a query string of the parameter `wire`, then the
/// text itself as a string; the first reading that is a value of `ty`.
fn typed(ty: &Type, wire: &str, text: &str) -> Option<Value> {
    let readings = [serde_json::from_str(text).ok(), query_value(wire, text), Some(Value::String(text.to_owned()))];
    readings.into_iter().flatten().find(|value| fits(ty, value))
}

/// A query string of the parameter `wire` (`wire[]=a&wire[]=b`, `wire[key]=v`,
/// `wire[a][b]=v`) as the array or object it sends; `None` for anything else.
fn query_value(wire: &str, text: &str) -> Option<Value> {
    let mut items = Vec::new();
    let mut object = Map::new();
    for pair in text.split('&') {
        let (key, value) = pair.split_once('=')?;
        let brackets = key.strip_prefix(wire)?;
        if brackets == "[]" {
            items.push(Value::String(value.to_owned()));
            continue;
        }
        let mut keys = Vec::new();
        let mut rest = brackets;
        while let Some(inner) = rest.strip_prefix('[') {
            let (key, after) = inner.split_once(']')?;
            keys.push(key);
            rest = after;
        }
        if keys.is_empty() || !rest.is_empty() || keys.contains(&"") {
            return None;
        }
        insert(&mut object, &keys, Value::String(value.to_owned()))?;
    }
    match (items.is_empty(), object.is_empty()) {
        (false, true) => Some(Value::Array(items)),
        (true, false) => Some(Value::Object(object)),
        _ => None,
    }
}

/// Puts `value` at the path `keys` of `object`; `None` when the path runs through a value.
fn insert(object: &mut Map<String, Value>, keys: &[&str], value: Value) -> Option<()> {
    let (last, parents) = keys.split_last()?;
    let mut at = object;
    for key in parents {
        at = at.entry(*key).or_insert_with(|| Value::Object(Map::new())).as_object_mut()?;
    }
    at.insert((*last).to_owned(), value);
    Some(())
}

/// Whether `value` is a value of `ty` as the export describes it.
fn fits(ty: &Type, value: &Value) -> bool {
    match (ty, value) {
        (Type::Scalar(scalar), value) => fits_scalar(*scalar, value),
        (Type::Enum(_), Value::String(_)) => true,
        (Type::Array(inner), Value::Array(items)) => items.iter().all(|item| fits(inner, item)),
        (Type::Object(object), Value::Object(map)) => fits_object(object, map),
        _ => false,
    }
}

fn fits_scalar(scalar: Scalar, value: &Value) -> bool {
    match (scalar, value) {
        (Scalar::String, Value::String(_)) => true,
        (Scalar::Uuid, Value::String(text)) => is_uuid(text),
        (Scalar::DateTime, Value::String(text)) => is_date_time(text),
        (Scalar::Number, Value::Number(_)) => true,
        (Scalar::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Scalar::Boolean, Value::Bool(_)) => true,
        (Scalar::Map, Value::Object(_)) => true,
        (Scalar::Any, _) => true,
        _ => false,
    }
}

/// Every key a field, every field's value of its type, every required field there.
fn fits_object(object: &ObjectType, map: &Map<String, Value>) -> bool {
    let known = map.iter().all(|(key, value)| object.fields.iter().any(|f| f.wire == *key && fits(&f.ty, value)));
    known && object.fields.iter().filter(|f| f.required).all(|f| map.contains_key(&f.wire))
}

/// `8-4-4-4-12` hexadecimal digits: JSON Schema's `uuid` format.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// RFC 3339's `date-time` (JSON Schema's format): `2024-01-31T17:00:00Z`, with an optional
/// fraction and `Z` or a `±hh:mm` offset.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't']) else { return false };
    let Some(at) = time.find(['Z', 'z', '+', '-']) else { return false };
    let (clock, offset) = time.split_at(at);
    let clock = match clock.split_once('.') {
        Some((whole, fraction)) if digits(fraction) => whole,
        Some(_) => return false,
        None => clock,
    };
    let offset_ok = matches!(offset, "Z" | "z") || offset.get(1..).is_some_and(|o| numbers(o, ':', &[2, 2]));
    numbers(date, '-', &[4, 2, 2]) && numbers(clock, ':', &[2, 2, 2]) && offset_ok
}

/// Whether `text` is numbers of these lengths, `separator` between them.
fn numbers(text: &str, separator: char, lengths: &[usize]) -> bool {
    let parts: Vec<&str> = text.split(separator).collect();
    parts.len() == lengths.len() && parts.iter().zip(lengths).all(|(part, &len)| part.len() == len && digits(part))
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::EnumType;

    fn read(ty: Type, wire: &str, text: &str) -> Option<Value> {
        typed(&ty, wire, text)
    }

    #[test]
    fn query_strings_are_read_as_the_values_they_send() {
        let strings = Type::Array(Box::new(Type::Scalar(Scalar::String)));
        assert_eq!(
            read(strings.clone(), "truto_exclude_fields", "truto_exclude_fields[]=id&truto_exclude_fields[]=name"),
            Some(json!(["id", "name"]))
        );
        assert_eq!(
            read(Type::Scalar(Scalar::Map), "remote_query", "remote_query[foo]=bar"),
            Some(json!({"foo": "bar"}))
        );
        assert_eq!(
            read(Type::Scalar(Scalar::Map), "q", "q[a][b]=1&q[a][c]=2&q[d]=3"),
            Some(json!({"a": {"b": "1", "c": "2"}, "d": "3"}))
        );
        // Another parameter's key, a mix of array and object, or no value: no reading.
        assert_eq!(read(strings.clone(), "truto_exclude_fields", "other[]=id"), None);
        assert_eq!(read(Type::Scalar(Scalar::Map), "q", "q[]=a&q[b]=c"), None);
        assert_eq!(read(Type::Scalar(Scalar::Map), "q", "q[a]"), None);
        assert_eq!(read(Type::Scalar(Scalar::Map), "q", "q[a]=2&q[a][b]=1"), None);
    }

    #[test]
    fn scalars_are_read_by_their_type() {
        assert_eq!(read(Type::Scalar(Scalar::Integer), "n", "12"), Some(json!(12)));
        assert_eq!(read(Type::Scalar(Scalar::Integer), "n", "1.5"), None);
        assert_eq!(read(Type::Scalar(Scalar::Number), "n", "1.5"), Some(json!(1.5)));
        assert_eq!(read(Type::Scalar(Scalar::Boolean), "b", "true"), Some(json!(true)));
        assert_eq!(read(Type::Scalar(Scalar::Boolean), "b", "yes"), None);
        // Text stays text, even when it reads as a number.
        assert_eq!(read(Type::Scalar(Scalar::String), "id", "23423523"), Some(json!("23423523")));
        assert_eq!(read(Type::Scalar(Scalar::Map), "m", r#"{ "a": "foo" }"#), Some(json!({"a": "foo"})));
        assert_eq!(read(Type::Scalar(Scalar::Map), "m", "a map"), None);
        let status = EnumType { name: crate::names::type_name("status"), description: None, values: vec![] };
        assert_eq!(read(Type::Enum(status), "s", "negotiation"), Some(json!("negotiation")));
    }

    #[test]
    fn formats_are_checked() {
        let uuid = Type::Scalar(Scalar::Uuid);
        assert!(read(uuid.clone(), "u", "62f44730-dd91-461e-bd6a-aedd9e0ad79d").is_some());
        assert!(read(uuid.clone(), "u", "62f44730dd91461ebd6aaedd9e0ad79d").is_none());
        assert!(read(uuid, "u", "62f44730-dd91-461e-bd6a-aedd9e0ad79g").is_none());
        let date_time = |text| read(Type::Scalar(Scalar::DateTime), "d", text).is_some();
        assert!(date_time("2024-01-31T17:00:00Z"));
        assert!(date_time("2024-01-31t17:00:00.250+01:00"));
        assert!(date_time("2024-01-31T17:00:00-05:30"));
        for wrong in
            ["2024-01-31", "2024-01-31T17:00:00", "2024-01-31T17:00Z", "2024-1-31T17:00:00Z", "2024-01-31T17:00:00.Z"]
        {
            assert!(!date_time(wrong), "{wrong}");
        }
    }
}

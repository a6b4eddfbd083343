//! Truto's wire encoding of path segments and query strings.
//!
//! Query parameters follow the qs-style brackets Truto's server parses: scalars `k=v`
//! (booleans lowercase), arrays of scalars `k[]=a&k[]=b`, objects `k[sub]=v`, arrays of objects
//! `k[0][id]=v`. Brackets are sent percent-encoded (`%5B`, `%5D`), which the server accepts and
//! which keeps the URI strictly valid. Nulls are left out: only what was set is sent.
//!
//! A key with a bracket of its own (`a[b]`, `a][b`) would read as nesting: `a[b]=1` is both the
//! key `a[b]` and the object `{"a": {"b": "1"}}`, and qs cannot tell them apart. Requests with
//! such a key are refused when they are built.

use std::fmt::Write as _;

use serde_json::Value;

/// A path segment, fully encoded: `a/b?c#d` becomes `a%2Fb%3Fc%23d`.
pub fn path_segment(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    push_encoded(&mut encoded, value);
    encoded
}

/// A request path written into one buffer: `path("/unified/crm/opportunities/")
/// .segment(id).finish()`, what the generated requests' `path()` returns (one allocation, no
/// formatting machinery; each parameter encoded as [`path_segment`] encodes it).
#[derive(Debug)]
pub struct PathWriter(String);

/// A [`PathWriter`] that starts with `text`, as it is.
pub fn path(text: &str) -> PathWriter {
    // Room for the usual id; a longer one grows the buffer once.
    let mut path = String::with_capacity(text.len() + 40);
    path.push_str(text);
    PathWriter(path)
}

impl PathWriter {
    /// Appends `text` as it is (a piece of the path template).
    #[must_use]
    pub fn text(mut self, text: &str) -> Self {
        self.0.push_str(text);
        self
    }

    /// Appends `value` percent-encoded as one segment (see [`path_segment`]).
    #[must_use]
    pub fn segment(mut self, value: &str) -> Self {
        push_encoded(&mut self.0, value);
        self
    }

    /// The path.
    pub fn finish(self) -> String {
        self.0
    }
}

/// Whether each byte is one of RFC 3986's unreserved characters, by value.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        byte += 1;
    }
    table
};

/// Appends `text` with every byte but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`)
/// percent-encoded. Runs of unreserved bytes are copied whole: `percent_encoding`'s iterator
/// costs some forty instructions a byte where this costs a few, on every request.
pub(crate) fn push_encoded(out: &mut String, text: &str) {
    out.reserve(text.len());
    let mut run = 0;
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        if !UNRESERVED[usize::from(byte)] {
            // `run..at` is ASCII when not empty, so both ends are character boundaries.
            out.push_str(text.get(run..at).unwrap_or_default());
            out.push_str(percent_encoding::percent_encode_byte(byte));
            run = at + 1;
        }
    }
    out.push_str(text.get(run..).unwrap_or_default());
}

/// Whether `name` is not empty and all RFC 3986 unreserved characters: it reads the same
/// percent-encoded, and has no bracket.
pub(crate) fn is_plain(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|byte| UNRESERVED[usize::from(byte)])
}

/// Whether an encoded path segment is `.` or `..`, which URL parsers resolve as steps in the
/// path (`%2E` counts as a dot too). [`path_segment`] leaves dots as they are, since they are
/// unreserved: `...` or `v1.2` are ordinary ids, but an id of `.` or `..` cannot be sent.
pub fn is_dot_segment(segment: &str) -> bool {
    let mut rest = segment.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
            _ => return false,
        };
        dots += 1;
    }
    matches!(dots, 1 | 2)
}

/// The query string of a serialized query struct (a JSON object), without the leading `?`.
pub fn query_string(query: &Value) -> String {
    // Room for the usual query (an account id and a parameter or two) in one allocation.
    let mut out = String::with_capacity(128);
    if let Value::Object(fields) = query {
        // The key of a nested value, built up with brackets (a scalar's key is its name).
        let mut key = String::new();
        for (name, value) in fields {
            match value {
                Value::Array(_) | Value::Object(_) => {
                    key.clear();
                    key.push_str(name);
                    push_pairs(&mut key, value, &mut out);
                }
                scalar => push_scalar(name, scalar, &mut out),
            }
        }
    }
    out
}

/// The first key of `query`, at any depth, that has a `[` or `]`, with the keys it is nested
/// in (`["remote_query", "a][b"]`); `None` when every key is plain.
pub(crate) fn bracketed_key(query: &Value) -> Option<Vec<&str>> {
    match query {
        Value::Object(fields) => fields.iter().find_map(|(key, value)| {
            if key.contains(['[', ']']) {
                return Some(vec![key.as_str()]);
            }
            let mut path = bracketed_key(value)?;
            path.insert(0, key);
            Some(path)
        }),
        Value::Array(items) => items.iter().find_map(bracketed_key),
        _ => None,
    }
}

/// Appends the pairs of `value` under `key` (which it extends with brackets as it goes, and
/// leaves as it found it) to `out`.
fn push_pairs(key: &mut String, value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => {
            let len = key.len();
            for (index, item) in items.iter().enumerate() {
                // Scalars repeat `k[]`; objects and arrays need an index to stay together.
                if matches!(item, Value::Object(_) | Value::Array(_)) {
                    let _ = write!(key, "[{index}]");
                } else {
                    key.push_str("[]");
                }
                push_pairs(key, item, out);
                key.truncate(len);
            }
        }
        Value::Object(fields) => {
            let len = key.len();
            for (sub, item) in fields {
                let _ = write!(key, "[{sub}]");
                push_pairs(key, item, out);
                key.truncate(len);
            }
        }
        scalar => push_scalar(key, scalar, out),
    }
}

/// Appends the pair of a scalar (nothing for `null`); arrays and objects are [`push_pairs`]'s.
fn push_scalar(key: &str, value: &Value, out: &mut String) {
    match value {
        Value::Bool(b) => push_pair(key, if *b { "true" } else { "false" }, out),
        Value::Number(n) => push_pair(key, &n.to_string(), out),
        Value::String(s) => push_pair(key, s, out),
        Value::Null | Value::Array(_) | Value::Object(_) => {}
    }
}

fn push_pair(key: &str, value: &str, out: &mut String) {
    if !out.is_empty() {
        out.push('&');
    }
    push_encoded(out, key);
    out.push('=');
    push_encoded(out, value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_written_path_is_its_text_and_its_encoded_segments() {
        let path = path("/unified/crm/").segment("a/b c").text("/notes/").segment("é").finish();
        assert_eq!(path, "/unified/crm/a%2Fb%20c/notes/%C3%A9");
        assert_eq!(super::path("/x/").segment("").finish(), "/x/");
    }

    #[test]
    fn path_segments_are_one_segment() {
        assert_eq!(path_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(path_segment("23423523"), "23423523");
        assert_eq!(path_segment("é x"), "%C3%A9%20x");
        assert_eq!(path_segment("%2E%2E"), "%252E%252E");
        assert_eq!(path_segment("-._~AZaz09"), "-._~AZaz09");
        assert_eq!(path_segment("\u{1F600}!*'()"), "%F0%9F%98%80%21%2A%27%28%29");
        assert_eq!(path_segment(""), "");
    }

    /// The same bytes as `percent_encoding` with RFC 3986's unreserved set, for every ASCII
    /// character and some others, alone and in runs.
    #[test]
    fn encoding_matches_percent_encoding_s() {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
        const UNRESERVED_KEPT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
        let mut texts: Vec<String> = (0..=127u8).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            ["é", "日本", "\u{1F600}x", "a b+c&d=e", "%2F", "id-1.2_3~4", "\u{7f}\u{80}\u{10FFFF}"].map(String::from),
        );
        texts.push(texts.concat());
        for text in texts {
            assert_eq!(path_segment(&text), utf8_percent_encode(&text, UNRESERVED_KEPT).to_string(), "{text:?}");
        }
    }

    #[test]
    fn dot_segments_are_recognised_in_every_spelling() {
        for dots in [".", "..", "%2E", "%2e.", ".%2E", "%2E%2e"] {
            assert!(is_dot_segment(dots), "{dots}");
        }
        for other in ["...", "a.", ".a", "v1.2", "%252E%252E", "", "%2", "%2ex", "%2e%2e%2e", "%%2e"] {
            assert!(!is_dot_segment(other), "{other}");
        }
    }

    #[test]
    fn query_follows_truto_brackets() {
        let query = json!({
            "integrated_account_id": "62f4",
            "truto_ignore_remote_data": true,
            "truto_exclude_fields": ["id", "name"],
            "remote_query": {"foo": "bar", "nested": {"baz": 1}},
            "contact": [{"id": "1"}, {"id": "2"}],
            "account": {"id": "a b"},
            "unset": null,
        });
        assert_eq!(
            query_string(&query),
            "account%5Bid%5D=a%20b&contact%5B0%5D%5Bid%5D=1&contact%5B1%5D%5Bid%5D=2\
             &integrated_account_id=62f4&remote_query%5Bfoo%5D=bar&remote_query%5Bnested%5D%5Bbaz%5D=1\
             &truto_exclude_fields%5B%5D=id&truto_exclude_fields%5B%5D=name&truto_ignore_remote_data=true"
        );
    }

    #[test]
    fn bracketed_keys_are_found_at_any_depth() {
        assert_eq!(bracketed_key(&json!({"a[b]": "1"})), Some(vec!["a[b]"]));
        assert_eq!(bracketed_key(&json!({"remote_query": {"a][b": "v"}})), Some(vec!["remote_query", "a][b"]));
        assert_eq!(bracketed_key(&json!({"c": [{"id": "1"}, {"x]": 2}]})), Some(vec!["c", "x]"]));
        assert_eq!(bracketed_key(&json!({"a": {"b": "1"}, "c": ["[v]"]})), None, "values may have brackets");
    }

    #[test]
    fn empty_query_is_empty() {
        assert_eq!(query_string(&json!({})), "");
        assert_eq!(query_string(&json!({"a": null})), "");
    }
}

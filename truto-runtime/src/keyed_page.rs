//! A page of a list keyed by a field: asked for with `truto_key_by=<field>` (a typed call's
//! `key_by`), Truto answers `result` as an object of records by the value of that field
//! instead of a list.
//!
//! The page's rules are a [`Page`](crate::Page)'s: a JSON object with `result` (or `results`;
//! `null` is no records), cursors that are text or numbers, and a record that does not decode
//! kept, as received and with its key, in [`KeyedPage::invalid`] while the others still come.
//! A key given to more than one record says neither is the record for it: all of them are
//! kept there. A `result` that is a list is an error: the list was not keyed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::RawJson;

/// One page of a keyed list: its records by key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyedPage<T> {
    /// The records that decoded, by key.
    pub result: BTreeMap<String, T>,
    /// The cursor of the next page; `null` or empty on the last page. A number is read as text.
    pub next_cursor: Option<String>,
    /// The cursor of the previous page, when the provider has one.
    pub prev_cursor: Option<String>,
    /// How many records the page has, when Truto says.
    pub result_count: Option<u64>,
    /// Whether some records are partial (a get returns them whole).
    pub is_partial_response: Option<bool>,
    /// The records that did not decode, or whose key another record has too, with their key
    /// and why, in the order received. Empty on a good page.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invalid: Vec<InvalidKeyedRecord>,
}

/// A record of a [`KeyedPage`] that did not decode as the model: kept exactly as received.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvalidKeyedRecord {
    /// Its key in the page's `result`.
    pub key: String,
    /// Why it is not in [`KeyedPage::result`], e.g. ``invalid type: string "u-1", expected a
    /// JSON object for `OwnerRef` ``.
    pub error: String,
    /// The record's JSON text.
    pub json: RawJson,
}

impl<T> Default for KeyedPage<T> {
    fn default() -> Self {
        KeyedPage {
            result: BTreeMap::new(),
            next_cursor: None,
            prev_cursor: None,
            result_count: None,
            is_partial_response: None,
            invalid: Vec::new(),
        }
    }
}

impl<T> KeyedPage<T> {
    /// The cursor of the next page, if there is one (null and empty both end the list).
    pub fn next(&self) -> Option<&str> {
        self.next_cursor.as_deref().filter(|c| !c.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Contact {
        id: Option<String>,
        owner: Option<Owner>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Owner {
        id: Option<String>,
    }

    fn page(json: &str) -> Result<KeyedPage<Contact>, serde_json::Error> {
        crate::strict::from_slice(json.as_bytes())
    }

    #[test]
    fn records_come_by_key_and_bad_ones_are_kept_with_theirs() {
        let page = page(
            r#"{"result": {"b": {"id": "b"}, "a": {"id": "a"}, "x": {"owner": "u-1"}, "y": {"sku": 1}, "z": ["pos"]},
                "next_cursor": 7, "result_count": "5"}"#,
        )
        .expect("the page decodes");
        assert_eq!(page.result.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(page.result["a"].id.as_deref(), Some("a"));
        let invalid: Vec<(&str, &str)> = page.invalid.iter().map(|r| (r.key.as_str(), r.json.get())).collect();
        assert_eq!(invalid, [("x", r#"{"owner": "u-1"}"#), ("y", r#"{"sku": 1}"#), ("z", r#"["pos"]"#)]);
        assert!(page.invalid[1].error.contains("is a field of `Contact`"), "{}", page.invalid[1].error);
        assert_eq!((page.next(), page.result_count), (Some("7"), Some(5)));
    }

    #[test]
    fn a_key_given_to_two_records_keeps_both_as_invalid() {
        let page = page(r#"{"result": {"a": {"id": "1"}, "b": {"id": "b"}, "a": {"id": "2"}}}"#).expect("decodes");
        assert_eq!(page.result.keys().collect::<Vec<_>>(), ["b"]);
        let invalid: Vec<(&str, &str)> = page.invalid.iter().map(|r| (r.key.as_str(), r.json.get())).collect();
        assert_eq!(invalid, [("a", r#"{"id": "1"}"#), ("a", r#"{"id": "2"}"#)]);
        assert!(page.invalid[0].error.contains("given to more than one record"), "{}", page.invalid[0].error);
    }

    #[test]
    fn the_page_itself_is_strict() {
        assert_eq!(page(r#"{"results": null}"#).expect("no records"), KeyedPage::default());
        for (bad, reason) in [
            (r#"{"result": [{"id": "1"}]}"#, "the list was not keyed"),
            ("{}", "missing field `result`"),
            (r#"{"result": {}, "next_cursor": false}"#, "a cursor is text, a number or null"),
            (r#"[{"a": {"id": "1"}}]"#, "a JSON object"),
        ] {
            let error = page(bad).expect_err(bad);
            assert!(error.to_string().contains(reason), "{bad}: {error}");
        }
    }
}

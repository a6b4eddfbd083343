//! Reading pages ([`Page`] and [`KeyedPage`]): strict about the page, forgiving about its
//! records.
//!
//! Given the whole body, as [`decode_object`](super::decode_object) gives it (see
//! [`WHOLE_BODY`]), a page reads its records in one pass, straight into the model. Only if
//! that fails does it read the body again record by record: each record first as its JSON text,
//! then on its own, so that a record that does not decode costs only itself (it is kept in
//! `invalid`) and the others still come. Any other deserializer (`serde_json::from_str::<Page<T>>`)
//! reads record by record.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::raw_text::RawText;
use crate::request::{InvalidKeyedRecord, InvalidRecord, KeyedPage, Page};
use crate::{RawJson, strict};

/// The newtype name for which [`decode_object`](super::decode_object)'s deserializer hands over
/// the whole body's bytes instead of a value (others see an ordinary newtype).
pub(crate) const WHOLE_BODY: &str = "$truto::private::WholeBody";

/// A page type: read in one pass from the whole body, or record by record.
trait PageReading: Sized {
    /// Every record decoded in one pass over `body`; the page's failure or any record's is an
    /// error.
    fn one_pass(body: &[u8]) -> serde_json::Result<Self>;

    /// The page with its records as JSON text: the same type for every record type, so that
    /// reading it is compiled once per deserializer, not once per model.
    type Texts<'de>: Deserialize<'de>;

    /// Each record decoded on its own from its JSON text; one that does not decode is kept in
    /// the page's `invalid`.
    fn from_texts(texts: Self::Texts<'_>) -> serde_json::Result<Self>;

    /// The page read record by record from `deserializer`.
    fn by_record<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::from_texts(super::object(deserializer)?).map_err(de::Error::custom)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(WHOLE_BODY, PageVisitor(PhantomData))
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for KeyedPage<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(WHOLE_BODY, PageVisitor(PhantomData))
    }
}

struct PageVisitor<P>(PhantomData<P>);

impl<'de, P: PageReading> Visitor<'de> for PageVisitor<P> {
    type Value = P;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    /// The whole body: one pass, and record by record only if that fails.
    fn visit_borrowed_bytes<E: de::Error>(self, body: &'de [u8]) -> Result<P, E> {
        P::one_pass(body).or_else(|_| strict::from_slice::<ByRecord<P>>(body).map(|page| page.0)).map_err(E::custom)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<P, D::Error> {
        P::by_record(deserializer)
    }

    /// A deserializer that answers a newtype with its map (serde's `MapAccessDeserializer`).
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<P, A::Error> {
        P::by_record(MapAccessDeserializer::new(map))
    }
}

struct ByRecord<P>(P);

impl<'de, P: PageReading> Deserialize<'de> for ByRecord<P> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        P::by_record(deserializer).map(ByRecord)
    }
}

/// A page as it arrives: its records as `R` reads them, and the fields beside them.
#[derive(Deserialize)]
struct Wire<R> {
    /// Required: a page without it is not a page. `null` reads as no records.
    #[serde(alias = "results")]
    result: R,
    #[serde(default, deserialize_with = "super::cursor")]
    next_cursor: Option<String>,
    #[serde(default, deserialize_with = "super::cursor")]
    prev_cursor: Option<String>,
    #[serde(default, deserialize_with = "super::count")]
    result_count: Option<u64>,
    #[serde(default, deserialize_with = "crate::lenient::boolean")]
    is_partial_response: Option<bool>,
}

impl<T: DeserializeOwned> PageReading for Page<T> {
    fn one_pass(body: &[u8]) -> serde_json::Result<Self> {
        let wire: Wire<List<Decoded<T>>> = super::strict_from_slice(body)?;
        Ok(Page {
            result: wire.result.0,
            next_cursor: wire.next_cursor,
            prev_cursor: wire.prev_cursor,
            result_count: wire.result_count,
            is_partial_response: wire.is_partial_response,
            invalid: Vec::new(),
        })
    }

    type Texts<'de> = Wire<List<'de, AsText>>;

    fn from_texts(wire: Wire<List<'_, AsText>>) -> serde_json::Result<Self> {
        let mut page = Page {
            result: Vec::with_capacity(wire.result.0.len()),
            next_cursor: wire.next_cursor,
            prev_cursor: wire.prev_cursor,
            result_count: wire.result_count,
            is_partial_response: wire.is_partial_response,
            invalid: Vec::new(),
        };
        for (index, text) in wire.result.0.into_iter().enumerate() {
            match super::record_from_slice::<T>(text.0.as_bytes()) {
                Ok(record) => page.result.push(record),
                Err(error) => {
                    let json = RawJson::from_text(text.0)?;
                    page.invalid.push(InvalidRecord { index, error: error.to_string(), json });
                }
            }
        }
        Ok(page)
    }
}

impl<T: DeserializeOwned> PageReading for KeyedPage<T> {
    fn one_pass(body: &[u8]) -> serde_json::Result<Self> {
        let wire: Wire<Keyed<Decoded<T>>> = super::strict_from_slice(body)?;
        let mut result = BTreeMap::new();
        for (key, record) in wire.result.0 {
            if result.insert(key, record).is_some() {
                // Every record of a repeated key is invalid: read record by record.
                return Err(de::Error::custom("a key is given to more than one record"));
            }
        }
        Ok(KeyedPage {
            result,
            next_cursor: wire.next_cursor,
            prev_cursor: wire.prev_cursor,
            result_count: wire.result_count,
            is_partial_response: wire.is_partial_response,
            invalid: Vec::new(),
        })
    }

    type Texts<'de> = Wire<Keyed<'de, AsText>>;

    fn from_texts(wire: Wire<Keyed<'_, AsText>>) -> serde_json::Result<Self> {
        let mut page = KeyedPage {
            result: BTreeMap::new(),
            next_cursor: wire.next_cursor,
            prev_cursor: wire.prev_cursor,
            result_count: wire.result_count,
            is_partial_response: wire.is_partial_response,
            invalid: Vec::new(),
        };
        let mut records_per_key: BTreeMap<&str, usize> = BTreeMap::new();
        for (key, _) in &wire.result.0 {
            *records_per_key.entry(key).or_default() += 1;
        }
        let repeated: Vec<String> =
            records_per_key.into_iter().filter(|(_, records)| *records > 1).map(|(key, _)| key.to_owned()).collect();
        for (key, text) in wire.result.0 {
            let decoded = if repeated.contains(&key) {
                Err(format!("the key `{key}` is given to more than one record of the page"))
            } else {
                super::record_from_slice::<T>(text.0.as_bytes()).map_err(|error| error.to_string())
            };
            match decoded {
                Ok(record) => {
                    page.result.insert(key, record);
                }
                Err(error) => {
                    let json = RawJson::from_text(text.0)?;
                    page.invalid.push(InvalidKeyedRecord { key, error, json });
                }
            }
        }
        Ok(page)
    }
}

/// How each record of a page is read.
trait ReadRecord<'de> {
    type Record;
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self::Record, D::Error>;
}

/// Into the model, as a record answer (see [`super::known_keys`]).
struct Decoded<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> ReadRecord<'de> for Decoded<T> {
    type Record = T;
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        super::known_keys::record(deserializer)
    }
}

/// As its JSON text, to be decoded on its own.
struct AsText;

impl<'de> ReadRecord<'de> for AsText {
    type Record = RawText<'de>;
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<RawText<'de>, D::Error> {
        RawText::deserialize(deserializer)
    }
}

struct Seed<R>(PhantomData<R>);

impl<'de, R: ReadRecord<'de>> DeserializeSeed<'de> for Seed<R> {
    type Value = R::Record;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<R::Record, D::Error> {
        R::read(deserializer)
    }
}

/// A page's records as a list: `null` is none, and an object (the records of a list keyed by a
/// field) is an error that says how to read it.
struct List<'de, R: ReadRecord<'de>>(Vec<R::Record>);

impl<'de, R: ReadRecord<'de>> Deserialize<'de> for List<'de, R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

struct ListVisitor<R>(PhantomData<R>);

impl<'de, R: ReadRecord<'de>> Visitor<'de> for ListVisitor<R> {
    type Value = List<'de, R>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(List(Vec::new()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(record) = seq.next_element_seed(Seed::<R>(PhantomData))? {
            records.push(record);
        }
        Ok(List(records))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom(
            "`result` is an object, not a list: records keyed by a field (`truto_key_by`) are read with \
             `key_by`, whose answer is a `KeyedPage`",
        ))
    }
}

/// A keyed page's records: an object's entries in order; `null` is none, and a list is an
/// error (the list was not keyed).
struct Keyed<'de, R: ReadRecord<'de>>(Vec<(String, R::Record)>);

impl<'de, R: ReadRecord<'de>> Deserialize<'de> for Keyed<'de, R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyedVisitor(PhantomData))
    }
}

struct KeyedVisitor<R>(PhantomData<R>);

impl<'de, R: ReadRecord<'de>> Visitor<'de> for KeyedVisitor<R> {
    type Value = Keyed<'de, R>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of records by key")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Keyed(Vec::new()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut records = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            records.push((key, map.next_value_seed(Seed::<R>(PhantomData))?));
        }
        Ok(Keyed(records))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom(
            "`result` is a list, not records keyed by a field: the list was not keyed by `truto_key_by`",
        ))
    }
}

/// A page read in one pass both ways, by the direct reader and by serde_json: where the direct
/// reader reads it, serde_json reads the same records and fields; where serde_json refuses it,
/// the direct reader gave up. Whether the direct reader read it.
#[cfg(test)]
pub(super) fn one_pass_agrees<'de, T: DeserializeOwned + PartialEq + fmt::Debug>(body: &'de [u8]) -> bool {
    type Read<'de, T> = Wire<List<'de, Decoded<T>>>;
    let fields = |wire: Read<'de, T>| {
        (wire.result.0, wire.next_cursor, wire.prev_cursor, wire.result_count, wire.is_partial_response)
    };
    let by_serde_json = strict::from_slice::<Read<'de, T>>(body).ok().map(fields);
    match super::direct::from_slice::<Read<'de, T>>(body).map(fields) {
        Some(direct) => {
            assert_eq!(Some(&direct), by_serde_json.as_ref(), "{}", String::from_utf8_lossy(body));
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use http::StatusCode;

    use super::*;
    use crate::fixture::Deal;

    /// What the client decodes: the whole body, one pass first.
    fn client<P: DeserializeOwned>(json: &str) -> Result<P, String> {
        super::super::decode_object(StatusCode::OK, json.as_bytes()).map_err(|e| e.to_string())
    }

    /// What any other deserializer gets: record by record.
    fn by_record<P: DeserializeOwned>(json: &str) -> Result<P, String> {
        strict::from_slice(json.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn one_pass_and_record_by_record_read_the_same_pages() {
        let pages = [
            r#"{"result": [{"id": "1"}, {"id": "2"}], "next_cursor": 3, "result_count": "2", "is_partial_response": "true"}"#,
            r#"{"results": null, "prev_cursor": "p"}"#,
            r#"{"result": [{"id": "1"}, {"id": {"x": 1}}, ["2"], {"sku": 1}, {"id": "5"}]}"#,
            r#"{"result": [{"id": "1"}, {"id": "1", "id": "2"}]}"#,
        ];
        for json in pages {
            let fast: Page<Deal> = client(json).expect(json);
            assert_eq!(fast, by_record::<Page<Deal>>(json).expect(json), "{json}");
            let fast: Page<serde_json::Value> = client(json).expect(json);
            assert_eq!(fast, by_record::<Page<serde_json::Value>>(json).expect(json), "{json}");
        }
        let good: Page<Deal> = client(pages[0]).expect("a good page");
        assert_eq!((good.result.len(), good.next(), good.result_count), (2, Some("3"), Some(2)));
    }

    #[test]
    fn a_record_that_fails_costs_only_itself_wherever_it_is() {
        let page: Page<Deal> =
            client(r#"{"result": [{"id": "1"}, {"id": {"x": 1}}, ["2"], {"sku": 1}, {"id": "5"}]}"#).expect("decodes");
        let ids: Vec<_> = page.result.iter().map(|deal| deal.id.as_deref()).collect();
        assert_eq!(ids, [Some("1"), Some("5")]);
        let invalid: Vec<(usize, &str)> = page.invalid.iter().map(|bad| (bad.index, bad.json.get())).collect();
        assert_eq!(invalid, [(1, r#"{"id": {"x": 1}}"#), (2, r#"["2"]"#), (3, r#"{"sku": 1}"#)]);
        assert!(page.invalid[2].error.contains("is a field of `Deal`"), "{}", page.invalid[2].error);
        let last: Page<Deal> = client(r#"{"result": [{"id": "1"}, {"id": "2", "id": "3"}]}"#).expect("decodes");
        assert_eq!((last.result.len(), last.invalid[0].index), (1, 1));
        assert!(last.invalid[0].error.contains("duplicate field `id`"), "{}", last.invalid[0].error);
    }

    #[test]
    fn a_page_that_fails_fails_as_it_always_did() {
        for (json, reason) in [
            ("{}", "missing field `result`"),
            (r#"[{"result": []}]"#, "expected a JSON object"),
            (r#"{"result": [], "next_cursor": true}"#, "a cursor is text, a number or null"),
            (r#"{"result": {"a": {"id": "1"}}}"#, "read with `key_by`"),
            (r#"{"result": [{"id": "1"}]} x"#, "trailing characters"),
            (r#"{"result": [{"id": "1"}, {"id": "2"#, "EOF"),
            (r#"{"result": [], "result": []}"#, "duplicate field `result`"),
        ] {
            let fast = client::<Page<Deal>>(json).expect_err(json);
            assert!(fast.contains(reason), "{json}: {fast}");
            let slow = by_record::<Page<Deal>>(json).expect_err(json);
            assert!(slow.contains(reason), "{json}: {slow}");
        }
    }

    #[test]
    fn a_keyed_page_reads_in_one_pass_and_goes_back_for_a_repeated_key() {
        let json = r#"{"result": {"b": {"id": "b"}, "a": {"id": "a"}}, "next_cursor": "n"}"#;
        let page: KeyedPage<Deal> = client(json).expect("decodes");
        assert_eq!(page, by_record::<KeyedPage<Deal>>(json).expect("decodes"));
        assert_eq!(page.result.keys().collect::<Vec<_>>(), ["a", "b"]);
        let repeated = r#"{"result": {"a": {"id": "1"}, "b": {"id": "b"}, "a": {"id": "2"}}}"#;
        let page: KeyedPage<Deal> = client(repeated).expect("decodes");
        assert_eq!(page, by_record::<KeyedPage<Deal>>(repeated).expect("decodes"));
        let invalid: Vec<&str> = page.invalid.iter().map(|bad| bad.json.get()).collect();
        assert_eq!(invalid, [r#"{"id": "1"}"#, r#"{"id": "2"}"#]);
    }

    #[test]
    fn a_page_inside_an_option_or_a_value_reads_record_by_record() {
        let json = r#"{"result": [{"id": "1"}, ["x"]]}"#;
        let page: Option<Page<Deal>> = client(json).expect("decodes");
        assert_eq!(page.map(|page| (page.result.len(), page.invalid.len())), Some((1, 1)));
        let value: Page<Deal> = serde_json::from_value(serde_json::from_str(json).expect("json")).expect("decodes");
        assert_eq!((value.result.len(), value.invalid[0].json.get()), (1, r#"["x"]"#));
    }
}

//! A typed query's string written straight from the struct, for the usual query: parameters
//! that are all top-level scalars (an account id, a cursor, a flag or two), set in name order.
//!
//! The general route serializes the query into a `serde_json::Value`, whose object keeps its
//! keys sorted, and encodes that ([`crate::encoding::query_string`]): nested values, brackets
//! and all. For a flat query that costs a map, a string per key and per value, and two walks.
//! Writing the pairs as the struct serializes them gives the same bytes when every parameter is
//! a string, a boolean or an integer under a plain name (unreserved characters only, so the
//! name reads the same encoded) and the names come sorted; for anything else (a nested value, a
//! float, a name out of order or with a bracket) [`write`] says no and the caller takes the
//! general route. The tests check the two routes agree.

use std::fmt::{self, Write as _};

use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeStruct, Serializer};

use crate::encoding::{is_plain, push_encoded};

/// The query string of `query` (without `?`), or `None` when it is not a flat query in name
/// order (see the module's docs).
pub(crate) fn write<T: Serialize + ?Sized>(query: &T) -> Option<String> {
    let mut pairs = Pairs { out: String::with_capacity(128), last_key: None, pending: None };
    query.serialize(&mut pairs).ok()?;
    Some(pairs.out)
}

/// `query` (pairs, sorted by name, of plain names) with `extra` pairs (of plain names too) put
/// in their places, an extra replacing a pair of its name: what inserting them into the JSON
/// object of the general route gives.
pub(crate) fn with_extra(query: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(&str, String)> = pairs(query).map(|(name, value)| (name, value.to_owned())).collect();
    for &(name, value) in extra {
        let mut encoded = String::with_capacity(value.len());
        push_encoded(&mut encoded, value);
        match pairs.binary_search_by(|(existing, _)| (*existing).cmp(name)) {
            Ok(at) => pairs[at].1 = encoded,
            Err(at) => pairs.insert(at, (name, encoded)),
        }
    }
    let mut out = String::with_capacity(query.len() + 64);
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(&value);
    }
    out
}

/// `query` (pairs of plain names) as the JSON object of the general route: the values as the
/// text they were written from, which the general route writes the same way.
pub(crate) fn to_json(query: &str) -> serde_json::Value {
    let fields = pairs(query).map(|(name, value)| {
        let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned();
        (name.to_owned(), serde_json::Value::String(value))
    });
    serde_json::Value::Object(fields.collect())
}

/// The `(name, value)` pairs of a query string, the value still encoded.
fn pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    query.split('&').filter(|pair| !pair.is_empty()).map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

/// Why a query is not written directly: the caller takes the general route.
#[derive(Debug)]
pub(crate) struct NotFlat;

impl fmt::Display for NotFlat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a flat query in name order")
    }
}

impl std::error::Error for NotFlat {}

impl ser::Error for NotFlat {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        NotFlat
    }
}

type Result<T = ()> = std::result::Result<T, NotFlat>;

/// Serializer methods that refuse their kind of value: the general route's to write.
macro_rules! not_flat {
    ($($kind:ident)*) => { $(not_flat!(@one $kind);)* };
    (@one bool) => { fn serialize_bool(self, _: bool) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one i8) => { fn serialize_i8(self, _: i8) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one i16) => { fn serialize_i16(self, _: i16) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one i32) => { fn serialize_i32(self, _: i32) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one i64) => { fn serialize_i64(self, _: i64) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one i128) => { fn serialize_i128(self, _: i128) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one u8) => { fn serialize_u8(self, _: u8) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one u16) => { fn serialize_u16(self, _: u16) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one u32) => { fn serialize_u32(self, _: u32) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one u64) => { fn serialize_u64(self, _: u64) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one u128) => { fn serialize_u128(self, _: u128) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one f32) => { fn serialize_f32(self, _: f32) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one f64) => { fn serialize_f64(self, _: f64) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one char) => { fn serialize_char(self, _: char) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one str) => { fn serialize_str(self, _: &str) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one bytes) => { fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one none) => { fn serialize_none(self) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one some) => {
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Self::Ok> { Err(NotFlat) }
    };
    (@one unit) => { fn serialize_unit(self) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one unit_struct) => { fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok> { Err(NotFlat) } };
    (@one unit_variant) => {
        fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<Self::Ok> {
            Err(NotFlat)
        }
    };
    (@one newtype_struct) => {
        fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, _: &T) -> Result<Self::Ok> {
            Err(NotFlat)
        }
    };
    (@one newtype_variant) => {
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok> {
            Err(NotFlat)
        }
    };
    (@one seq) => { fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> { Err(NotFlat) } };
    (@one tuple) => { fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> { Err(NotFlat) } };
    (@one tuple_struct) => {
        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct> {
            Err(NotFlat)
        }
    };
    (@one tuple_variant) => {
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant> {
            Err(NotFlat)
        }
    };
    (@one map) => { fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> { Err(NotFlat) } };
    (@one struct) => {
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> { Err(NotFlat) }
    };
    (@one struct_variant) => {
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant> {
            Err(NotFlat)
        }
    };
}

/// The pairs written so far.
struct Pairs {
    out: String,
    /// Where the last name written lies in `out`: the next must sort after it.
    last_key: Option<(usize, usize)>,
    /// A map's name whose value is still to come: where its pair starts, where its name does.
    pending: Option<(usize, usize)>,
}

impl Pairs {
    /// Starts the pair of `name`; its value follows ([`Pairs::value`]).
    fn name(&mut self, name: &str) -> Result<(usize, usize)> {
        if !is_plain(name) {
            return Err(NotFlat);
        }
        let pair = self.out.len();
        if pair > 0 {
            self.out.push('&');
        }
        let start = self.out.len();
        self.out.push_str(name);
        Ok((pair, start))
    }

    /// Writes the value of the pair started at `pair` (its name at `name`), or takes the pair
    /// back for a value that is not sent (`None`, `()`).
    fn value<T: Serialize + ?Sized>(&mut self, (pair, name): (usize, usize), value: &T) -> Result {
        let end = self.out.len();
        self.out.push('=');
        match value.serialize(Scalar(&mut self.out))? {
            Sent::Yes => {
                if let Some((last, last_end)) = self.last_key {
                    // The same order as the sorted object of the general route, or no deal.
                    if self.out[last..last_end] >= self.out[name..end] {
                        return Err(NotFlat);
                    }
                }
                self.last_key = Some((name, end));
            }
            Sent::No => self.out.truncate(pair),
        }
        Ok(())
    }
}

impl Serializer for &mut Pairs {
    type Ok = ();
    type Error = NotFlat;
    type SerializeSeq = Impossible<(), NotFlat>;
    type SerializeTuple = Impossible<(), NotFlat>;
    type SerializeTupleStruct = Impossible<(), NotFlat>;
    type SerializeTupleVariant = Impossible<(), NotFlat>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), NotFlat>;

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self> {
        Ok(self)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self> {
        Ok(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }

    // A query that is not an object (`()` is `null` as JSON, which takes no parameters, not even
    // the call's own) is the general route's.
    not_flat! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str bytes none some unit
        unit_struct unit_variant newtype_variant seq tuple tuple_struct tuple_variant struct_variant
    }
}

impl SerializeStruct for &mut Pairs {
    type Ok = ();
    type Error = NotFlat;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        let started = self.name(key)?;
        self.value(started, value)
    }

    fn end(self) -> Result {
        Ok(())
    }
}

impl SerializeMap for &mut Pairs {
    type Ok = ();
    type Error = NotFlat;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        let started = key.serialize(Name(self))?;
        self.pending = Some(started);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        let started = self.pending.take().ok_or(NotFlat)?;
        self.value(started, value)
    }

    fn end(self) -> Result {
        Ok(())
    }
}

/// A map's key, which must be a name.
struct Name<'a>(&'a mut Pairs);

impl Serializer for Name<'_> {
    type Ok = (usize, usize);
    type Error = NotFlat;
    type SerializeSeq = Impossible<(usize, usize), NotFlat>;
    type SerializeTuple = Impossible<(usize, usize), NotFlat>;
    type SerializeTupleStruct = Impossible<(usize, usize), NotFlat>;
    type SerializeTupleVariant = Impossible<(usize, usize), NotFlat>;
    type SerializeMap = Impossible<(usize, usize), NotFlat>;
    type SerializeStruct = Impossible<(usize, usize), NotFlat>;
    type SerializeStructVariant = Impossible<(usize, usize), NotFlat>;

    fn serialize_str(self, name: &str) -> Result<(usize, usize)> {
        self.0.name(name)
    }

    not_flat! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes none some unit
        unit_struct unit_variant newtype_struct newtype_variant seq tuple tuple_struct
        tuple_variant map struct struct_variant
    }
}

/// Whether a value made a pair.
enum Sent {
    Yes,
    No,
}

/// A parameter's value, written into the query: text, a boolean or an integer, as the general
/// route writes each; nothing for `None` and `()`, which it leaves out too.
struct Scalar<'a>(&'a mut String);

impl Scalar<'_> {
    fn text(self, text: &str) -> Result<Sent> {
        push_encoded(self.0, text);
        Ok(Sent::Yes)
    }

    fn integer(self, value: impl fmt::Display) -> Result<Sent> {
        // Digits and a sign: nothing to encode, and as `serde_json::Number` prints them.
        write!(self.0, "{value}").map_err(|_| NotFlat)?;
        Ok(Sent::Yes)
    }
}

impl Serializer for Scalar<'_> {
    type Ok = Sent;
    type Error = NotFlat;
    type SerializeSeq = Impossible<Sent, NotFlat>;
    type SerializeTuple = Impossible<Sent, NotFlat>;
    type SerializeTupleStruct = Impossible<Sent, NotFlat>;
    type SerializeTupleVariant = Impossible<Sent, NotFlat>;
    type SerializeMap = Impossible<Sent, NotFlat>;
    type SerializeStruct = Impossible<Sent, NotFlat>;
    type SerializeStructVariant = Impossible<Sent, NotFlat>;

    fn serialize_str(self, value: &str) -> Result<Sent> {
        self.text(value)
    }

    fn serialize_char(self, value: char) -> Result<Sent> {
        self.text(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_bool(self, value: bool) -> Result<Sent> {
        self.text(if value { "true" } else { "false" })
    }

    fn serialize_i8(self, value: i8) -> Result<Sent> {
        self.integer(value)
    }

    fn serialize_i16(self, value: i16) -> Result<Sent> {
        self.integer(value)
    }

    fn serialize_i32(self, value: i32) -> Result<Sent> {
        self.integer(value)
    }

    fn serialize_i64(self, value: i64) -> Result<Sent> {
        self.integer(value)
    }

    fn serialize_u8(self, value: u8) -> Result<Sent> {
        self.integer(value)
    }

    fn serialize_u16(self, value: u16) -> Result<Sent> {
        self.integer(value)
    }

    fn serialize_u32(self, value: u32) -> Result<Sent> {
        self.integer(value)
    }

    fn serialize_u64(self, value: u64) -> Result<Sent> {
        self.integer(value)
    }

    fn serialize_none(self) -> Result<Sent> {
        Ok(Sent::No)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Sent> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Sent> {
        Ok(Sent::No)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Sent> {
        Ok(Sent::No)
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<Sent> {
        self.text(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<Sent> {
        value.serialize(self)
    }

    // Floats (serde_json prints them its own way), 128-bit integers, bytes and everything
    // nested: the general route's.
    not_flat! {
        i128 u128 f32 f64 bytes newtype_variant seq tuple tuple_struct tuple_variant map struct
        struct_variant
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde_json::{Map, Value, json};

    use super::{to_json, with_extra, write};
    use crate::encoding::query_string;

    /// A generated query's shape: shared parameters flattened in, then the endpoint's own.
    #[derive(Serialize, Default)]
    struct Shared {
        integrated_account_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        remote_query: Option<Map<String, Value>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        truto_exclude_fields: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        truto_ignore_remote_data: Option<bool>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Order {
        Asc,
    }

    #[derive(Serialize, Default)]
    struct Own {
        #[serde(flatten)]
        shared: Shared,
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<i64>,
        next_cursor: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sort: Option<Order>,
        #[serde(skip_serializing_if = "Option::is_none")]
        ratio: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        when: Option<char>,
    }

    /// The general route's string of `query` with `extra` set.
    fn general<T: Serialize>(query: &T, extra: &[(&str, &str)]) -> String {
        crate::request::json_query(serde_json::to_value(query).expect("serializes"), extra).expect("no bracket")
    }

    /// Writes `query` directly if it can, checking it against the general route, with and
    /// without extra parameters; whether it could.
    fn agrees<T: Serialize>(query: &T) -> bool {
        let Some(written) = write(query) else { return false };
        assert_eq!(written, general(query, &[]));
        assert_eq!(query_string(&to_json(&written)), written, "read back as JSON");
        for extra in [
            &[("truto_key_by", "email")][..],
            &[("truto_response_format", "raw"), ("a_first", "x y")],
            &[("integrated_account_id", "replaced"), ("zz", "last")],
        ] {
            assert_eq!(with_extra(&written, extra), general(query, extra), "{extra:?}");
        }
        true
    }

    #[test]
    fn flat_queries_are_written_as_the_general_route_writes_them() {
        let id = |text: &str| Shared { integrated_account_id: text.to_owned(), ..Shared::default() };
        assert!(agrees(&id("62f44730-dd91-461e-bd6a-aedd9e0ad79d")));
        assert!(agrees(&id("a b&c=d/é?#[x]%")), "values are encoded");
        assert!(agrees(&id("")), "an empty value is sent");
        let flags = Shared { truto_ignore_remote_data: Some(false), ..id("acc") };
        assert!(agrees(&flags));
        let page =
            Own { limit: Some(-25), next_cursor: Some("c 1".into()), ..Own { shared: id("acc"), ..Own::default() } };
        assert!(agrees(&page), "shared parameters, then the endpoint's own, in name order");
        let unset = Own { shared: id("acc"), ..Own::default() };
        assert!(agrees(&unset), "None, serialized or skipped, is left out");
        assert_eq!(write(&unset).as_deref(), Some("integrated_account_id=acc"));
        let sorted = Own { sort: Some(Order::Asc), when: Some('é'), ..Own { shared: id("acc"), ..Own::default() } };
        assert!(agrees(&sorted), "an enum's variant and a char are text");
    }

    #[test]
    fn anything_else_takes_the_general_route() {
        let id = || Shared { integrated_account_id: "acc".to_owned(), ..Shared::default() };
        let nested = Shared { truto_exclude_fields: Some(vec!["id".into()]), ..id() };
        assert!(!agrees(&nested), "an array");
        let mut remote = Map::new();
        remote.insert("a".into(), json!(1));
        assert!(!agrees(&Shared { remote_query: Some(remote), ..id() }), "an object");
        let float = Own { ratio: Some(0.5), ..Own { shared: id(), ..Own::default() } };
        assert!(!agrees(&float), "a float, which serde_json prints its own way");
        let out_of_order = Own {
            limit: Some(1),
            ..Own { shared: Shared { truto_ignore_remote_data: Some(true), ..id() }, ..Own::default() }
        };
        assert!(!agrees(&out_of_order), "`limit` after `truto_ignore_remote_data`: not in name order");
        assert_eq!(general(&out_of_order, &[]), "integrated_account_id=acc&limit=1&truto_ignore_remote_data=true");
        let mut bracketed = Map::new();
        bracketed.insert("a[b]".into(), json!("1"));
        assert!(!agrees(&bracketed), "a name with a bracket is the general route's to refuse");
        let mut spaced = Map::new();
        spaced.insert("a b".into(), json!("1"));
        assert!(!agrees(&spaced), "a name that encoding would change");
        assert!(!agrees(&()), "not an object");
    }

    #[test]
    fn extra_parameters_with_names_that_are_not_plain_go_through_json() {
        let written = write(&Shared { integrated_account_id: "acc".into(), ..Shared::default() }).expect("flat");
        let extra = [("a b", "1")];
        assert_eq!(
            crate::request::json_query(to_json(&written), &extra).expect("no bracket"),
            "a%20b=1&integrated_account_id=acc"
        );
        assert!(crate::request::json_query(to_json(&written), &[("a[b]", "1")]).is_err(), "a bracket is refused");
    }
}

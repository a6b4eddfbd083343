//! The direct reader: a JSON deserializer for response bodies that reads what the generated
//! models ask for (objects, arrays, strings, `null`, and values' JSON text for the lenient
//! scalars and `RawJson`) straight from the body, and is sure of everything it accepts.
//!
//! serde_json checks each string's UTF-8 as it reads it, hands a value's text over through a
//! buffer of its own, and reads every piece through its general machinery. This reader checks
//! the body's UTF-8 once, finds a string's end eight bytes at a time, and lends a value's text
//! straight from the body. What it does not read itself (numbers read as numbers, escaped
//! strings, enums) it hands to serde_json, one value at a time, as text.
//!
//! It never decides an error. Whatever it is not sure of (invalid JSON, an escape, a type the
//! model refuses, a depth near serde_json's limit) makes it give up ([`GaveUp`]), and the
//! caller reads the body again through serde_json, which accepts or refuses it as always.
//! So a body it reads decodes to exactly what serde_json would give, and any other body is
//! serde_json's to judge; the tests check the two agree.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::raw_text::SERDE_JSON_RAW_VALUE;
use crate::record::Keys;
use crate::strict::Strict;

/// How deep the reader goes before it gives up: well within serde_json's limit of 128, since a
/// value it hands to serde_json starts again from 0 there.
const MAX_DEPTH: usize = 96;

/// Why the direct reader stopped: the body is serde_json's to read.
#[derive(Debug)]
pub(crate) struct GaveUp;

impl fmt::Display for GaveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the direct reader gave up on this body")
    }
}

impl std::error::Error for GaveUp {}

impl de::Error for GaveUp {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        GaveUp
    }
}

type Result<T> = std::result::Result<T, GaveUp>;

/// Whether `json` is one JSON value none of whose objects repeats a key, read directly; `false`
/// when the reader gave up (at a repeat, or at anything else it is not sure of), and
/// serde_json is then to judge ([`super::unique_keys`]).
pub(crate) fn has_no_repeated_key(json: &[u8]) -> bool {
    let Some(mut reader) = Reader::new(json) else { return false };
    reader.refuse_repeats = true;
    reader.value_text().is_ok() && reader.end().is_ok()
}

/// Reads `T` from `body` directly; `None` when the reader gave up (see the module's docs).
pub(crate) fn from_slice<'de, T: de::Deserialize<'de>>(body: &'de [u8]) -> Option<T> {
    let mut reader = Reader::new(body)?;
    let value = T::deserialize(&mut reader).ok()?;
    reader.end().ok()?;
    Some(value)
}

/// A body being read: valid UTF-8, and a position in it.
pub(crate) struct Reader<'de> {
    text: &'de str,
    at: usize,
    depth: usize,
    /// Whether a value passed over ([`Reader::skip`]) gives up at an object with a repeated key.
    refuse_repeats: bool,
}

impl<'de> Reader<'de> {
    /// A reader of `body`; `None` unless it is UTF-8.
    pub(crate) fn new(body: &'de [u8]) -> Option<Self> {
        std::str::from_utf8(body).ok().map(|text| Reader { text, at: 0, depth: 0, refuse_repeats: false })
    }

    /// Succeeds if nothing but whitespace is left.
    pub(crate) fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(GaveUp),
        }
    }

    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(&byte) = self.bytes().get(self.at) {
            if !matches!(byte, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// Consumes `byte`, after whitespace, or gives up.
    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(GaveUp)
        }
    }

    /// Consumes `word` (`true`, `false`, `null`), which starts at the current byte.
    fn literal(&mut self, word: &str) -> Result<()> {
        if self.bytes().get(self.at..).is_some_and(|rest| rest.starts_with(word.as_bytes())) {
            self.at += word.len();
            Ok(())
        } else {
            Err(GaveUp)
        }
    }

    /// Reads a string that starts at the current byte (`"`): its text between the quotes when
    /// it has no escape, `None` (consumed all the same) when it has one.
    fn string(&mut self) -> Result<Option<&'de str>> {
        let start = self.at + 1;
        let (end, escaped) = string_end(self.bytes(), start).ok_or(GaveUp)?;
        self.at = end + 1;
        let text = self.text.get(start..end).ok_or(GaveUp)?;
        Ok((!escaped).then_some(text))
    }

    /// Consumes one value (after whitespace) and returns its text.
    fn value_text(&mut self) -> Result<&'de str> {
        self.peek().ok_or(GaveUp)?;
        let start = self.at;
        self.skip(0)?;
        self.text.get(start..self.at).ok_or(GaveUp)
    }

    /// Consumes the value at the current byte, `depth` objects and arrays inside the one being
    /// passed over, checking it is valid JSON (and so no deeper than [`MAX_DEPTH`] in all).
    fn skip(&mut self, depth: usize) -> Result<()> {
        if self.depth + depth > MAX_DEPTH {
            return Err(GaveUp);
        }
        match self.peek().ok_or(GaveUp)? {
            b'"' => self.string_checked(),
            b'{' => {
                self.at += 1;
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(());
                }
                // An object's keys so far, kept only to refuse a repeat (boxed: a value passed
                // over otherwise would carry their room on the stack at every depth).
                let mut keys: Option<Box<Keys<'de>>> = self.refuse_repeats.then(Box::default);
                loop {
                    if self.peek() != Some(b'"') {
                        return Err(GaveUp);
                    }
                    match &mut keys {
                        Some(keys) => {
                            let key = self.key()?;
                            keys.insert::<GaveUp>(key)?;
                        }
                        None => self.string_checked()?,
                    }
                    self.expect(b':')?;
                    self.skip(depth + 1)?;
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(());
                        }
                        _ => return Err(GaveUp),
                    }
                }
            }
            b'[' => {
                self.at += 1;
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(());
                }
                loop {
                    self.skip(depth + 1)?;
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(());
                        }
                        _ => return Err(GaveUp),
                    }
                }
            }
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => self.number(),
        }
    }

    /// A key, at the current byte: borrowed from the body, or read by serde_json if escaped.
    fn key(&mut self) -> Result<Cow<'de, str>> {
        let start = self.at;
        match self.string()? {
            Some(key) => Ok(Cow::Borrowed(key)),
            None => {
                let text = self.text.get(start..self.at).ok_or(GaveUp)?;
                serde_json::from_str(text).map(Cow::Owned).map_err(|_| GaveUp)
            }
        }
    }

    /// A string whose escapes, if any, serde_json reads too (it is then serde_json's to judge).
    fn string_checked(&mut self) -> Result<()> {
        let start = self.at;
        if self.string()?.is_none() {
            let text = self.text.get(start..self.at).ok_or(GaveUp)?;
            serde_json::from_str::<de::IgnoredAny>(text).map_err(|_| GaveUp)?;
        }
        Ok(())
    }

    /// Consumes a number as JSON writes it (`-`, digits without a leading zero, a fraction, an
    /// exponent).
    fn number(&mut self) -> Result<()> {
        let bytes = self.bytes();
        let mut at = self.at;
        let digits = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at - from
        };
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        match bytes.get(at) {
            Some(b'0') => at += 1,
            Some(b'1'..=b'9') => {
                digits(&mut at);
            }
            _ => return Err(GaveUp),
        }
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            if digits(&mut at) == 0 {
                return Err(GaveUp);
            }
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if digits(&mut at) == 0 {
                return Err(GaveUp);
            }
        }
        // `01` or `1x`: not one number, whatever comes next is for the caller to refuse.
        self.at = at;
        Ok(())
    }

    /// Hands the next value to serde_json, as text, for `read` (the reader's own kinds of
    /// value are read directly; this is for numbers, escaped strings and enums), structs from
    /// objects only as everywhere else.
    fn through_serde_json<V>(
        &mut self,
        read: impl FnOnce(Strict<&mut serde_json::Deserializer<serde_json::de::StrRead<'de>>>) -> serde_json::Result<V>,
    ) -> Result<V> {
        let text = self.value_text()?;
        let mut json = serde_json::Deserializer::from_str(text);
        let value = read(Strict(&mut json)).map_err(|_| GaveUp)?;
        json.end().map_err(|_| GaveUp)?;
        Ok(value)
    }

    /// Enters an object or array for `read`, one level deeper.
    fn nested<V>(&mut self, read: impl FnOnce(&mut Self) -> Result<V>) -> Result<V> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GaveUp);
        }
        let value = read(self);
        self.depth -= 1;
        value
    }
}

/// Where the string whose text starts at `start` ends (the index of its closing quote) and
/// whether it has an escape; `None` for no end, or a control character inside (which JSON
/// forbids).
fn string_end(bytes: &[u8], start: usize) -> Option<(usize, bool)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The bytes of `word` below `n`, flagged by their high bit: exact for the lowest flagged
    // byte (a borrow only carries upward from a byte that is flagged itself).
    let below = |word: u64, n: u64| word.wrapping_sub(ONES * n) & !word & HIGHS;
    let mut at = start;
    let mut escaped = false;
    loop {
        // Eight bytes at a time up to the first quote, backslash or control character.
        while let Some(chunk) = bytes.get(at..at + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            let word = u64::from_le_bytes(word);
            let special = below(word ^ (ONES * u64::from(b'"')), 1)
                | below(word ^ (ONES * u64::from(b'\\')), 1)
                | below(word, 0x20);
            if special != 0 {
                at += (special.trailing_zeros() / 8) as usize;
                break;
            }
            at += 8;
        }
        match *bytes.get(at)? {
            b'"' => return Some((at, escaped)),
            b'\\' => {
                escaped = true;
                at += 2;
            }
            byte if byte < 0x20 => return None,
            _ => at += 1,
        }
    }
}

/// Deserializer methods whose values serde_json reads (numbers as numbers, above all).
macro_rules! through_serde_json {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.through_serde_json(|json| json.$method(visitor))
        }
    )*};
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = GaveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek().ok_or(GaveUp)? {
            b'{' => self.deserialize_map(visitor),
            b'[' => self.deserialize_seq(visitor),
            b'"' => self.deserialize_str(visitor),
            b'n' => self.deserialize_unit(visitor),
            b't' | b'f' => self.deserialize_bool(visitor),
            // A number (or not JSON), read as a number whatever the visitor: handed to
            // serde_json, the visitor's map and sequence readers (every record under it)
            // would be compiled for serde_json's text reader too, and never run.
            _ => {
                let number = self.through_serde_json(|json| serde_json::Number::deserialize(json))?;
                number.deserialize_any(visitor).map_err(|_| GaveUp)
            }
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'{')?;
        self.nested(|reader| {
            let value = visitor.visit_map(Entries { reader: &mut *reader, first: true })?;
            reader.expect(b'}')?;
            Ok(value)
        })
    }

    /// A struct is read from an object only, never from an array by position (as `Strict` has
    /// it).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        self.nested(|reader| {
            let value = visitor.visit_seq(Items { reader: &mut *reader, first: true })?;
            reader.expect(b']')?;
            Ok(value)
        })
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek() != Some(b'"') {
            return Err(GaveUp);
        }
        let start = self.at;
        match self.string()? {
            Some(text) => visitor.visit_borrowed_str(text),
            None => {
                // Escaped: serde_json reads it, as it would have.
                self.at = start;
                self.through_serde_json(|json| json.deserialize_str(visitor))
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek() != Some(b'n') {
            return Err(GaveUp);
        }
        self.literal("null")?;
        visitor.visit_unit()
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b't') => self.literal("true").and_then(|()| visitor.visit_bool(true)),
            Some(b'f') => self.literal("false").and_then(|()| visitor.visit_bool(false)),
            _ => Err(GaveUp),
        }
    }

    /// A value's JSON text, as serde_json hands it to `RawValue` (and to the lenient scalars):
    /// a map of one entry, the name as key and the text as value. Any other newtype is its
    /// content.
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        if name != SERDE_JSON_RAW_VALUE {
            return visitor.visit_newtype_struct(self);
        }
        let text = self.value_text()?;
        visitor.visit_map(RawValue { text: Some(text) })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.value_text()?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        self.through_serde_json(|json| json.deserialize_unit_struct(name, visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        self.through_serde_json(|json| json.deserialize_tuple(len, visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, name: &'static str, len: usize, visitor: V) -> Result<V::Value> {
        self.through_serde_json(|json| json.deserialize_tuple_struct(name, len, visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.through_serde_json(|json| json.deserialize_enum(name, variants, visitor))
    }

    through_serde_json!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf
    );
}

/// An object's entries.
struct Entries<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = GaveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.reader.peek() {
            Some(b'}') => return Ok(None),
            Some(b',') if !self.first => self.reader.at += 1,
            Some(b'"') if self.first => {}
            _ => return Err(GaveUp),
        }
        self.first = false;
        if self.reader.peek() != Some(b'"') {
            return Err(GaveUp);
        }
        let key = match self.reader.key()? {
            Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key))?,
            Cow::Owned(key) => seed.deserialize(StrDeserializer::new(&key))?,
        };
        self.reader.expect(b':')?;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.reader)
    }
}

/// An array's items.
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = GaveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.reader.peek() {
            Some(b']') => return Ok(None),
            Some(b',') if !self.first => self.reader.at += 1,
            Some(_) if self.first => {}
            _ => return Err(GaveUp),
        }
        self.first = false;
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// A value's text as serde_json's `RawValue` protocol hands it over.
struct RawValue<'de> {
    text: Option<&'de str>,
}

impl<'de> MapAccess<'de> for RawValue<'de> {
    type Error = GaveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.text {
            Some(_) => seed.deserialize(BorrowedStrDeserializer::new(SERDE_JSON_RAW_VALUE)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let text = self.text.take().ok_or(GaveUp)?;
        seed.deserialize(BorrowedStrDeserializer::new(text))
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use serde::de::{DeserializeOwned, MapAccess};

    use super::super::unique_keys;
    use super::*;
    use crate::record::{self, Field, Record};
    use crate::{DateTime, OtherFields, Page, RawJson};

    /// A record with a field of each kind the generated models read.
    #[derive(Debug, Default, PartialEq)]
    struct Sample {
        id: Option<String>,
        amount: Option<f64>,
        count: Option<i64>,
        active: Option<bool>,
        when: Option<DateTime>,
        owner: Option<Box<Sample>>,
        tags: Option<Vec<Sample>>,
        labels: Option<Vec<String>>,
        raw: Option<RawJson>,
        any: Option<serde_json::Value>,
        ratio: Option<Ratio>,
    }

    impl Record for Sample {
        const NAME: &'static str = "Sample";

        fn read_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, A>) -> std::result::Result<bool, A::Error> {
            match field.key() {
                "id" => field.scalar(0, &mut self.id),
                "amount" => field.scalar(1, &mut self.amount),
                "count" => field.scalar(2, &mut self.count),
                "active" => field.scalar(3, &mut self.active),
                "when" => field.scalar(4, &mut self.when),
                "owner" => field.value(5, &mut self.owner),
                "tags" => field.value(6, &mut self.tags),
                "labels" => field.value(7, &mut self.labels),
                "raw" => field.value(8, &mut self.raw),
                "any" => field.value(9, &mut self.any),
                "ratio" => field.value(10, &mut self.ratio),
                _ => Ok(false),
            }
        }
    }

    crate::record!(Sample);

    /// A record known in part: what it does not name is kept.
    #[derive(Debug, Default, PartialEq)]
    struct Partial {
        id: Option<String>,
        other_fields: OtherFields,
    }

    impl Record for Partial {
        const NAME: &'static str = "Partial";

        fn read_field<'de, A: MapAccess<'de>>(&mut self, field: Field<'_, A>) -> std::result::Result<bool, A::Error> {
            match field.key() {
                "id" => field.scalar(0, &mut self.id),
                _ => Ok(false),
            }
        }

        fn read_other<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> std::result::Result<(), A::Error> {
            record::other(&mut self.other_fields, key, map)
        }
    }

    crate::record!(Partial);

    /// Numbers read as numbers and an enum: what the reader hands to serde_json.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum Ratio {
        Whole(u64),
        Part { of: f32, exact: (i8, u128) },
        Unknown,
    }

    /// Reads `json` as `T` both ways: if the direct reader reads it, serde_json must read the
    /// same; if serde_json refuses it, the direct reader must have given up. Whether the
    /// direct reader read it.
    fn agree<T: DeserializeOwned + PartialEq + Debug>(json: &[u8]) -> bool {
        let by_serde_json = crate::strict::from_slice::<T>(json).ok();
        match from_slice::<T>(json) {
            Some(direct) => {
                assert_eq!(Some(&direct), by_serde_json.as_ref(), "{}", String::from_utf8_lossy(json));
                true
            }
            None => false,
        }
    }

    /// `json` read as every type of the tests; whether the direct reader read it as `Sample`.
    /// And the repeated-key check: where the direct reader finds none, serde_json finds none
    /// either and parses the body.
    fn agree_as_each(json: &[u8]) -> bool {
        super::super::page::one_pass_agrees::<Sample>(json);
        super::super::page::one_pass_agrees::<Partial>(json);
        if has_no_repeated_key(json) {
            assert!(unique_keys::walk(json).is_ok(), "{}", String::from_utf8_lossy(json));
            assert!(serde_json::from_slice::<de::IgnoredAny>(json).is_ok(), "{}", String::from_utf8_lossy(json));
        }
        agree::<serde_json::Value>(json);
        agree::<Partial>(json);
        agree::<Page<Sample>>(json);
        agree::<Vec<Sample>>(json);
        agree::<Option<Ratio>>(json);
        agree::<Sample>(json)
    }

    const RECORD: &str = r#"{
        "id": 12345678901234567890123, "amount": "1200.50", "count": "7", "active": "true",
        "when": "2024-05-03T16:42:11.000Z",
        "owner": {"id": "u\u00e9 1", "tags": []}, "tags": [{"id": "t1"}, {"id": 2, "amount": 1e400}],
        "labels": ["a", "b\"c", "\ud83d\ude00"], "raw": {"x": [1, 2.5e-3, -0, true, null], "y": {}},
        "any": {"n": 18446744073709551616, "m": [-0, -7, 2.5, 1e-7, 9007199254740993], "s": "é", "a": [[]]}, "ratio": {"Part": {"of": 0.1, "exact": [-3, 7]}},
        "unknown": {"deep": [[[{"k": "v"}]]]}
    }"#;

    #[test]
    fn records_pages_and_values_read_directly_as_serde_json_reads_them() {
        let page = format!(r#"{{"result": [{RECORD}, {{"id": "2"}}], "next_cursor": 17, "result_count": "2"}}"#);
        for json in [RECORD, &page, r#"{"ratio": {"Whole": 3}, "id": null}"#, r#"{"ratio": "Unknown"}"#, "[]", "{}"] {
            assert!(agree_as_each(json.as_bytes()) || !json.starts_with('{'), "not read directly: {json}");
        }
        assert!(agree::<Page<Sample>>(page.as_bytes()) && agree::<Partial>(RECORD.as_bytes()));
        assert!(has_no_repeated_key(page.as_bytes()) && has_no_repeated_key(RECORD.as_bytes()));
        assert!(super::super::page::one_pass_agrees::<Sample>(page.as_bytes()), "the page in one pass");
        assert!(super::super::page::one_pass_agrees::<Partial>(page.as_bytes()), "the page in one pass");
        for repeat in [r#"{"id": "1", "id": "2"}"#, r#"{"raw": {"a": 1, "a": 2}}"#, r#"[{"b": {"c": 1, "\u0063": 2}}]"#]
        {
            assert!(
                !has_no_repeated_key(repeat.as_bytes()) && unique_keys::walk(repeat.as_bytes()).is_err(),
                "{repeat}"
            );
        }
        let sample: Sample = from_slice(RECORD.as_bytes()).expect("read directly");
        assert_eq!(sample.id.as_deref(), Some("12345678901234567890123"), "every digit kept");
        assert_eq!((sample.amount, sample.tags.as_ref().map(Vec::len)), (Some(1200.5), Some(2)));
        assert_eq!(sample.labels.as_deref(), Some(&["a".to_owned(), "b\"c".to_owned(), "😀".to_owned()][..]));
    }

    #[test]
    fn what_serde_json_refuses_the_direct_reader_gives_up_on() {
        let refused: &[&[u8]] = &[
            b"",
            b" ",
            b"{",
            b"}",
            b"{,}",
            br#"{"id": "1",}"#,
            br#"{"id" "1"}"#,
            br#"{"id": "1" "x": 2}"#,
            br#"{"id": 01}"#,
            br#"{"id": 1.}"#,
            br#"{"id": .5}"#,
            br#"{"id": 1e}"#,
            br#"{"id": -}"#,
            br#"{"id": +1}"#,
            br#"{"id": tru}"#,
            br#"{"id": nul}"#,
            br#"{"id": "a"} x"#,
            br#"{"id": "a"}{}"#,
            b"{\"id\": \"a\x01\"}",
            b"{\"id\": \"\xff\"}",
            br#"{"id": "\x"}"#,
            br#"{"id": "\u12"}"#,
            br#"{"id": "\ud800"}"#,
            b"\xef\xbb\xbf{}",
            br#"{"id": "1", "id": "2"}"#,
            br#"{"owner": ["u1"]}"#,
            br#"{"tags": {"id": "1"}}"#,
            br#"{"id": {"a": 1}}"#,
            br#"{"labels": [1]}"#,
            br#"{"ratio": {"Part": ["x"]}}"#,
            br#"{"ratio": {"Whole": -1}}"#,
            br#"["id"]"#,
            br#"{"result": [], "result": []}"#,
            br#"{"any": [1,]}"#,
            br#"{"any": [,1]}"#,
            br#"{"any": [1 2]}"#,
            br#"{"x": 1, "x": 1}"#,
        ];
        for json in refused {
            agree_as_each(json);
            let repeats = unique_keys::walk(json).is_err();
            assert!(!(repeats && has_no_repeated_key(json)), "{}", String::from_utf8_lossy(json));
            assert!(crate::strict::from_slice::<Sample>(json).is_err() || json.starts_with(b"{\"result\""));
        }
    }

    #[test]
    fn depth_near_serde_json_s_limit_is_serde_json_s_to_judge() {
        for depth in [1, 50, 95, 96, 97, 120, 127, 128, 129, 400] {
            let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            agree::<serde_json::Value>(nested.as_bytes());
            let record = format!(r#"{{"any": {nested}, "raw": {nested}, "unknown": {nested}}}"#);
            agree::<Sample>(record.as_bytes());
            let mut owners = String::new();
            (0..depth).for_each(|_| owners.push_str(r#"{"owner": "#));
            owners.push_str("null");
            (0..depth).for_each(|_| owners.push('}'));
            agree::<Sample>(owners.as_bytes());
        }
        assert!(agree::<serde_json::Value>(format!("{}{}", "[".repeat(90), "]".repeat(90)).as_bytes()));
    }

    /// Every string length around the eight-byte steps, with what ends or interrupts a string at
    /// each place.
    #[test]
    fn strings_end_where_they_end_at_every_offset() {
        for len in 0..40 {
            for tail in ["", "\\\"", "\\\\", "é", "\\u00e9", "\u{1F600}"] {
                let text = format!("{}{tail}", "a".repeat(len));
                let json = format!(r#"{{"id": "{text}", "labels": ["{text}"]}}"#);
                assert!(agree::<Sample>(json.as_bytes()) || tail.starts_with('\\'), "{json}");
                let bytes = format!("\"{text}\"");
                let (end, escaped) = string_end(bytes.as_bytes(), 1).expect("an end");
                assert_eq!((end, escaped), (bytes.len() - 1, tail.starts_with('\\')), "{bytes}");
            }
            let control = format!("\"{}\u{1f}\"", "a".repeat(len));
            assert_eq!(string_end(control.as_bytes(), 1), None, "{control:?}");
            assert_eq!(string_end(format!("\"{}", "a".repeat(len)).as_bytes(), 1), None);
        }
    }

    /// Bodies a few bytes away from valid ones, 6 000 of them: the two readers agree on
    /// each (a fixed seed, so a failure can be replayed).
    #[test]
    fn mutated_bodies_are_read_alike() {
        let page = format!(r#"{{"result": [{RECORD}], "next_cursor": "c"}}"#);
        let pieces: &[&[u8]] = &[
            b"\"",
            b"\\",
            b"{",
            b"}",
            b"[",
            b"]",
            b",",
            b":",
            b" ",
            b"0",
            b"-",
            b"e",
            b".",
            b"n",
            b"t",
            b"\x00",
            b"\xc3",
            b"\xff",
            b"\\u",
            b"null",
            b"1e999",
            b"\"id\":1,",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        let mut read_directly = 0;
        for base in [RECORD.as_bytes(), page.as_bytes()] {
            for _ in 0..3000 {
                let mut json = base.to_vec();
                for _ in 0..=next(2) {
                    let at = next(json.len());
                    match next(3) {
                        0 => {
                            json.remove(at);
                        }
                        1 => json.splice(at..at, pieces[next(pieces.len())].iter().copied()).for_each(drop),
                        _ => json.splice(at..=at, pieces[next(pieces.len())].iter().copied()).for_each(drop),
                    }
                }
                read_directly += usize::from(agree_as_each(&json));
            }
        }
        // Most mutations land in a string's text and leave the body valid.
        assert!(read_directly > 1000, "only {read_directly} read directly");
    }
}

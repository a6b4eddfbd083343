//! A date and time as the provider sent it, and its reading as a point in time.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A `date-time` field: the text exactly as received or given.
///
/// Providers write dates in many formats (RFC 3339, dates without a time, epoch numbers), so
/// decoding keeps the text and never fails on it; parse it when you need a point in time. In
/// requests, anything that converts to text can be given:
///
/// ```
/// use truto_unified_runtime::DateTime;
///
/// let closes = DateTime::from("2026-12-31T17:00:00Z");
/// assert_eq!(closes.as_str(), "2026-12-31T17:00:00Z");
/// assert_eq!(serde_json::to_string(&closes).unwrap(), r#""2026-12-31T17:00:00Z""#);
/// // A provider that sends an epoch number: kept as its digits.
/// let epoch: DateTime = serde_json::from_str("1767200400").unwrap();
/// assert_eq!(epoch.as_str(), "1767200400");
/// ```
///
/// # As a point in time
///
/// [`DateTime::to_system_time`] (always there), `DateTime::to_jiff` (feature `jiff`) and
/// `DateTime::to_chrono` (feature `chrono`) read the text on demand, all by the same rules, so
/// the three agree on every input. They accept:
///
/// - **RFC 3339**: `2026-12-31T17:00:00Z`, `2026-12-31T17:00:00.25+01:00`. Also what providers
///   write near it: `t` or a space for `T`, `z` for `Z`, a comma before the fraction, no seconds
///   (`2026-12-31T17:00Z`), offsets as `+01`, `+0100` or `+01:00`. Digits past nanoseconds are
///   dropped. A leap second (`23:59:60`) reads as `23:59:59` with its fraction, as jiff does.
/// - **A date and time without an offset** (`2026-12-31T17:00:00`, `2026-12-31 17:00:00`): UTC.
///   Providers that write them (Pipedrive, for one) mean UTC; a different zone cannot be
///   guessed from the text, so UTC is the only reading that does not invent one.
/// - **A date alone** (`2026-12-31`): midnight UTC of that day. Dates such as a `close_date`
///   are sent this way; take the calendar date of the result in UTC to get the day back.
/// - **An epoch number** (`1767200400`, `-86400`, `1767200400.5`): seconds since
///   1970-01-01T00:00:00Z, or milliseconds when its whole part has 12 digits or more
///   (`1767200400000`): seconds that large would be past the year 5000, milliseconds that small
///   before March 1973, so the magnitude tells them apart for every date a CRM holds. A
///   fraction is kept to the nanosecond; exponents (`1.7e9`) are not read.
///
/// Years have the four digits of RFC 3339. The instants run from the first one that can be
/// written that way (`0000-01-01T00:00:00+23:59`) to `9999-12-30T22:00:00.999999999Z`, the last
/// a `jiff::Timestamp` holds (jiff keeps room for any offset); text or an epoch number past
/// either end is out of range. Leading and trailing ASCII white space is ignored. Anything else is an
/// [`InvalidDateTime`], never a panic, and the text stays as it is.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use truto_unified_runtime::DateTime;
///
/// let at = |seconds| SystemTime::UNIX_EPOCH + Duration::from_secs(seconds);
/// assert_eq!(DateTime::from("2026-12-31T17:00:00Z").to_system_time(), Ok(at(1_798_736_400)));
/// assert_eq!(DateTime::from("2026-12-31T18:00:00+01:00").to_system_time(), Ok(at(1_798_736_400)));
/// assert_eq!(DateTime::from("1798736400").to_system_time(), Ok(at(1_798_736_400)));
/// assert_eq!(DateTime::from("1798736400000").to_system_time(), Ok(at(1_798_736_400)));
/// assert_eq!(DateTime::from("2026-12-31").to_system_time(), Ok(at(1_798_675_200)));
/// assert!(DateTime::from("next Tuesday").to_system_time().is_err());
/// ```
///
/// # Which date library
///
/// Neither `jiff` nor `chrono` is a default feature: the text type needs no date library, and an
/// application already has the one it uses, so it turns on that one alone rather than compiling
/// both. jiff is the one to pick for a new application (time zones done right, a smaller API
/// surface); chrono is there for the many codebases built on it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct DateTime(String);

impl DateTime {
    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text is empty (a required date left unset).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The point in time the text names, by the rules in the [type's docs](DateTime#as-a-point-in-time).
    ///
    /// Fails on text it cannot read, and on an instant this platform's `SystemTime` cannot hold.
    pub fn to_system_time(&self) -> Result<SystemTime, InvalidDateTime> {
        let instant = parse(&self.0).map_err(|reason| InvalidDateTime::new(&self.0, reason))?;
        let out_of_range = || InvalidDateTime::new(&self.0, Reason::OutOfRange);
        if instant.second >= 0 {
            let since = Duration::new(instant.second.unsigned_abs(), instant.nanosecond);
            SystemTime::UNIX_EPOCH.checked_add(since).ok_or_else(out_of_range)
        } else {
            // `second` is the floor, `nanosecond` counts up from it.
            let before = Duration::from_secs(instant.second.unsigned_abs());
            SystemTime::UNIX_EPOCH
                .checked_sub(before)
                .and_then(|floor| floor.checked_add(Duration::from_nanos(u64::from(instant.nanosecond))))
                .ok_or_else(out_of_range)
        }
    }

    /// The point in time the text names, as a [`jiff::Timestamp`], by the rules in the
    /// [type's docs](DateTime#as-a-point-in-time) (feature `jiff`).
    ///
    /// ```
    /// use truto_unified_runtime::DateTime;
    ///
    /// let closes = DateTime::from("2026-12-31T18:00:00.5+01:00").to_jiff()?;
    /// assert_eq!(closes.to_string(), "2026-12-31T17:00:00.5Z");
    /// // An epoch number in milliseconds, and a date alone (midnight UTC).
    /// assert_eq!(DateTime::from("1798736400500").to_jiff()?, closes);
    /// assert_eq!(DateTime::from("2026-12-31").to_jiff()?.to_string(), "2026-12-31T00:00:00Z");
    /// assert!(DateTime::from("31/12/2026").to_jiff().is_err());
    /// # Ok::<(), truto_unified_runtime::InvalidDateTime>(())
    /// ```
    #[cfg(feature = "jiff")]
    #[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
    pub fn to_jiff(&self) -> Result<jiff::Timestamp, InvalidDateTime> {
        let instant = parse(&self.0).map_err(|reason| InvalidDateTime::new(&self.0, reason))?;
        // Every instant `parse` returns is inside jiff's range (years -9999 to 9999).
        jiff::Timestamp::from_nanosecond(instant.as_nanoseconds())
            .map_err(|_| InvalidDateTime::new(&self.0, Reason::OutOfRange))
    }

    /// The point in time the text names, as a `chrono::DateTime<Utc>`, by the rules in the
    /// [type's docs](DateTime#as-a-point-in-time) (feature `chrono`).
    ///
    /// ```
    /// use truto_unified_runtime::DateTime;
    ///
    /// let closes = DateTime::from("2026-12-31T18:00:00.5+01:00").to_chrono()?;
    /// assert_eq!(closes.to_rfc3339(), "2026-12-31T17:00:00.500+00:00");
    /// assert_eq!(DateTime::from("1798736400.5").to_chrono()?, closes);
    /// assert!(DateTime::from("").to_chrono().is_err());
    /// # Ok::<(), truto_unified_runtime::InvalidDateTime>(())
    /// ```
    #[cfg(feature = "chrono")]
    #[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
    pub fn to_chrono(&self) -> Result<chrono::DateTime<chrono::Utc>, InvalidDateTime> {
        let instant = parse(&self.0).map_err(|reason| InvalidDateTime::new(&self.0, reason))?;
        chrono::DateTime::from_timestamp(instant.second, instant.nanosecond)
            .ok_or_else(|| InvalidDateTime::new(&self.0, Reason::OutOfRange))
    }
}

impl From<String> for DateTime {
    fn from(text: String) -> Self {
        DateTime(text)
    }
}

impl From<&str> for DateTime {
    fn from(text: &str) -> Self {
        DateTime(text.to_owned())
    }
}

impl From<DateTime> for String {
    fn from(value: DateTime) -> Self {
        value.0
    }
}

/// RFC 3339 in UTC, as jiff writes it: `2026-12-31T17:00:00Z`, with a fraction only when
/// there is one (feature `jiff`). A year outside 0000 to 9999 is written in jiff's six-digit
/// form (`-000001-12-31T00:00:00Z`), which is not RFC 3339 and which `to_jiff` does not read.
///
/// ```
/// use truto_unified_runtime::{DateTime, Patch};
///
/// let closes: jiff::Timestamp = "2026-12-31T17:00:00Z".parse().unwrap();
/// assert_eq!(DateTime::from(closes).as_str(), "2026-12-31T17:00:00Z");
/// // A PATCH body field takes it as it is.
/// let field: Patch<DateTime> = closes.into();
/// assert_eq!(serde_json::to_string(&field).unwrap(), r#""2026-12-31T17:00:00Z""#);
/// ```
#[cfg(feature = "jiff")]
#[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
impl From<jiff::Timestamp> for DateTime {
    fn from(timestamp: jiff::Timestamp) -> Self {
        DateTime(timestamp.to_string())
    }
}

/// RFC 3339 with the zoned time's offset (`2026-12-31T18:00:00+01:00`): the time zone's name
/// is not part of RFC 3339, so it is left out (feature `jiff`).
///
/// ```
/// use truto_unified_runtime::DateTime;
///
/// let closes = jiff::Timestamp::from_second(1_798_736_400).unwrap().to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(1)));
/// assert_eq!(DateTime::from(closes).as_str(), "2026-12-31T18:00:00+01:00");
/// ```
#[cfg(feature = "jiff")]
#[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
impl From<jiff::Zoned> for DateTime {
    fn from(zoned: jiff::Zoned) -> Self {
        DateTime(zoned.timestamp().display_with_offset(zoned.offset()).to_string())
    }
}

/// Sets the field to the timestamp, as `DateTime::from` writes it (feature `jiff`).
#[cfg(feature = "jiff")]
#[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
impl From<jiff::Timestamp> for crate::Patch<DateTime> {
    fn from(timestamp: jiff::Timestamp) -> Self {
        crate::Patch::Set(timestamp.into())
    }
}

/// Sets the field to the zoned time, as `DateTime::from` writes it (feature `jiff`).
#[cfg(feature = "jiff")]
#[cfg_attr(docsrs, doc(cfg(feature = "jiff")))]
impl From<jiff::Zoned> for crate::Patch<DateTime> {
    fn from(zoned: jiff::Zoned) -> Self {
        crate::Patch::Set(zoned.into())
    }
}

/// RFC 3339 with the value's offset, `Z` for UTC, and as many fraction digits as it needs
/// (`chrono::SecondsFormat::AutoSi`) (feature `chrono`). A year outside 0000 to 9999 is written
/// with a sign and more digits, as chrono writes it, which `to_chrono` does not read.
///
/// ```
/// use chrono::{FixedOffset, TimeZone, Utc};
/// use truto_unified_runtime::{DateTime, Patch};
///
/// let closes = Utc.with_ymd_and_hms(2026, 12, 31, 17, 0, 0).unwrap();
/// assert_eq!(DateTime::from(closes).as_str(), "2026-12-31T17:00:00Z");
/// let paris = FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 12, 31, 18, 0, 0).unwrap();
/// assert_eq!(DateTime::from(paris).as_str(), "2026-12-31T18:00:00+01:00");
/// // A PATCH body field takes it as it is.
/// let field: Patch<DateTime> = closes.into();
/// assert_eq!(field.as_set().map(DateTime::as_str), Some("2026-12-31T17:00:00Z"));
/// ```
#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime
where
    Tz::Offset: fmt::Display,
{
    fn from(value: chrono::DateTime<Tz>) -> Self {
        DateTime(value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

/// Sets the field to the date and time, as `DateTime::from` writes it (feature `chrono`).
#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for crate::Patch<DateTime>
where
    Tz::Offset: fmt::Display,
{
    fn from(value: chrono::DateTime<Tz>) -> Self {
        crate::Patch::Set(value.into())
    }
}

/// The text, as `&str` (so `Option<DateTime>::as_deref()` gives `Option<&str>`).
impl std::ops::Deref for DateTime {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for DateTime {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    /// Text, or a number or boolean kept as its text.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::open_enum::deserialize_text(deserializer).map(DateTime)
    }
}

/// A [`DateTime`] whose text names no point in time by the rules in its
/// [docs](DateTime#as-a-point-in-time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidDateTime {
    /// The start of the text, enough to recognize it in a message.
    text: String,
    reason: Reason,
}

/// How many characters of the text an [`InvalidDateTime`] keeps.
const KEPT_CHARS: usize = 64;

impl InvalidDateTime {
    fn new(text: &str, reason: Reason) -> Self {
        let text = match text.char_indices().nth(KEPT_CHARS) {
            Some((end, _)) => format!("{}…", &text[..end]),
            None => text.to_owned(),
        };
        InvalidDateTime { text, reason }
    }

    /// Whether the text is empty (rather than unreadable or out of range).
    pub fn is_empty(&self) -> bool {
        self.reason == Reason::Empty
    }

    /// Whether the text reads as a date and time, or an epoch number, outside the range in
    /// [`DateTime`]'s [docs](DateTime#as-a-point-in-time) (or outside what the platform's
    /// `SystemTime` holds).
    pub fn is_out_of_range(&self) -> bool {
        self.reason == Reason::OutOfRange
    }
}

impl fmt::Display for InvalidDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.reason {
            Reason::Empty => "it is empty",
            Reason::Format => "it is neither RFC 3339, a date, nor an epoch number",
            Reason::OutOfRange => "it is out of range (0000-01-01 to 9999-12-30)",
        };
        write!(f, "{:?} is not a date-time: {why}", self.text)
    }
}

impl std::error::Error for InvalidDateTime {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    Empty,
    Format,
    OutOfRange,
}

/// A point in time: seconds since the Unix epoch (the floor) and nanoseconds after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Instant {
    second: i64,
    /// Always below one billion.
    nanosecond: u32,
}

const NANOS_PER_SECOND: i128 = 1_000_000_000;
/// 0000-01-01T00:00:00Z.
const YEAR_ZERO: i64 = -62_167_219_200;
/// The first instant: 0000-01-01T00:00:00+23:59.
const MIN_SECOND: i64 = YEAR_ZERO - 86_340;
/// The last second (9999-12-30T22:00:00Z, and any fraction of it): `jiff::Timestamp::MAX`.
const MAX_SECOND: i64 = 253_402_207_200;
/// An epoch number whose whole part reaches this counts milliseconds.
const MILLISECONDS_FROM: u64 = 100_000_000_000;

impl Instant {
    #[cfg_attr(not(feature = "jiff"), allow(dead_code))]
    fn as_nanoseconds(self) -> i128 {
        i128::from(self.second) * NANOS_PER_SECOND + i128::from(self.nanosecond)
    }

    /// The instant, if it is in range.
    fn from_nanoseconds(total: i128) -> Result<Instant, Reason> {
        let second = i64::try_from(total.div_euclid(NANOS_PER_SECOND)).map_err(|_| Reason::OutOfRange)?;
        let nanosecond = u32::try_from(total.rem_euclid(NANOS_PER_SECOND)).map_err(|_| Reason::OutOfRange)?;
        Instant::new(second, nanosecond)
    }

    /// The instant, if it is in range.
    fn new(second: i64, nanosecond: u32) -> Result<Instant, Reason> {
        if (MIN_SECOND..=MAX_SECOND).contains(&second) {
            Ok(Instant { second, nanosecond })
        } else {
            Err(Reason::OutOfRange)
        }
    }
}

/// Reads the text by the rules in [`DateTime`]'s docs.
fn parse(text: &str) -> Result<Instant, Reason> {
    let text = text.trim_ascii();
    if text.is_empty() {
        return Err(Reason::Empty);
    }
    let bytes = text.as_bytes();
    if bytes.len() >= 10 && bytes[4] == b'-' { parse_calendar(bytes) } else { parse_epoch(bytes) }
}

/// A cursor over ASCII bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let matched = self.peek() == Some(byte);
        if matched {
            self.at += 1;
        }
        matched
    }

    /// Exactly `count` decimal digits as a number.
    fn digits(&mut self, count: usize) -> Result<u32, Reason> {
        let mut value = 0u32;
        for _ in 0..count {
            match self.peek() {
                Some(digit @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(digit - b'0');
                    self.at += 1;
                }
                _ => return Err(Reason::Format),
            }
        }
        Ok(value)
    }

    /// One or more digits of a fraction of a second (`scale` 1) or of a millisecond (`scale`
    /// 1000), as nanoseconds: the digits past the nanosecond are dropped.
    fn fraction(&mut self, scale: u32) -> Result<u32, Reason> {
        let start = self.at;
        let mut nanos = 0u32;
        let mut place = 100_000_000 / scale;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            nanos += u32::from(digit - b'0') * place;
            place /= 10;
            self.at += 1;
        }
        if self.at == start { Err(Reason::Format) } else { Ok(nanos) }
    }

    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

fn parse_calendar(bytes: &[u8]) -> Result<Instant, Reason> {
    let mut cursor = Cursor { bytes, at: 0 };
    let year = cursor.digits(4)?;
    if !cursor.eat(b'-') {
        return Err(Reason::Format);
    }
    let month = cursor.digits(2)?;
    if !cursor.eat(b'-') {
        return Err(Reason::Format);
    }
    let day = cursor.digits(2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(Reason::Format);
    }
    let days = days_from_civil(i64::from(year), month, day);
    if cursor.done() {
        return Instant::new(days * 86_400, 0);
    }

    if !(cursor.eat(b'T') || cursor.eat(b't') || cursor.eat(b' ')) {
        return Err(Reason::Format);
    }
    let hour = cursor.digits(2)?;
    if !cursor.eat(b':') {
        return Err(Reason::Format);
    }
    let minute = cursor.digits(2)?;
    let (mut second, mut nanosecond) = (0, 0);
    if cursor.eat(b':') {
        second = cursor.digits(2)?;
        if cursor.eat(b'.') || cursor.eat(b',') {
            nanosecond = cursor.fraction(1)?;
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(Reason::Format);
    }
    // A leap second reads as the second before it, as jiff reads it.
    let second = second.min(59);

    let offset = match cursor.peek() {
        None => 0,
        Some(b'Z' | b'z') => {
            cursor.at += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            cursor.at += 1;
            let hours = cursor.digits(2)?;
            let minutes =
                if cursor.eat(b':') || matches!(cursor.peek(), Some(b'0'..=b'9')) { cursor.digits(2)? } else { 0 };
            if hours > 23 || minutes > 59 {
                return Err(Reason::Format);
            }
            let seconds = i64::from(hours * 3600 + minutes * 60);
            if sign == b'-' { -seconds } else { seconds }
        }
        Some(_) => return Err(Reason::Format),
    };
    if !cursor.done() {
        return Err(Reason::Format);
    }
    let local = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Instant::new(local - offset, nanosecond)
}

fn parse_epoch(bytes: &[u8]) -> Result<Instant, Reason> {
    let mut cursor = Cursor { bytes, at: 0 };
    let negative = cursor.eat(b'-');
    if !negative {
        cursor.eat(b'+');
    }
    let start = cursor.at;
    let mut whole = 0u64;
    let mut overflow = false;
    while let Some(digit @ b'0'..=b'9') = cursor.peek() {
        match whole.checked_mul(10).and_then(|w| w.checked_add(u64::from(digit - b'0'))) {
            Some(next) => whole = next,
            None => overflow = true,
        }
        cursor.at += 1;
    }
    if cursor.at == start {
        return Err(Reason::Format);
    }
    let milliseconds = overflow || whole >= MILLISECONDS_FROM;
    let scale = if milliseconds { 1000 } else { 1 };
    let fraction = if cursor.eat(b'.') { cursor.fraction(scale)? } else { 0 };
    if !cursor.done() {
        return Err(Reason::Format);
    }
    if overflow {
        return Err(Reason::OutOfRange);
    }
    let unit = NANOS_PER_SECOND / i128::from(scale);
    let magnitude = i128::from(whole) * unit + i128::from(fraction);
    Instant::from_nanoseconds(if negative { -magnitude } else { magnitude })
}

fn is_leap_year(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the date (proleptic Gregorian), by Howard Hinnant's algorithm.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instant(text: &str) -> Result<(i64, u32), Reason> {
        parse(text).map(|i| (i.second, i.nanosecond))
    }

    #[test]
    fn rfc3339_and_near_forms() {
        let closes = Ok((1_798_736_400, 0));
        for text in [
            "2026-12-31T17:00:00Z",
            "2026-12-31t17:00:00z",
            "2026-12-31 17:00:00",
            "2026-12-31T17:00:00",
            "2026-12-31T17:00Z",
            "2026-12-31T18:00:00+01:00",
            "2026-12-31T18:00:00+0100",
            "2026-12-31T18:00:00+01",
            "2026-12-31T12:30:00-04:30",
            "2027-01-01T00:00:00+07:00",
            "2026-12-31T17:00:00-00:00",
            "  2026-12-31T17:00:00Z\n",
        ] {
            assert_eq!(instant(text), closes, "{text}");
        }
        assert_eq!(instant("2026-12-31T17:00:00.5Z"), Ok((1_798_736_400, 500_000_000)));
        assert_eq!(instant("2026-12-31T17:00:00,123456789123Z"), Ok((1_798_736_400, 123_456_789)));
        assert_eq!(instant("1970-01-01T00:00:00Z"), Ok((0, 0)));
        assert_eq!(instant("1969-12-31T23:59:59.25Z"), Ok((-1, 250_000_000)));
    }

    #[test]
    fn dates_alone_are_midnight_utc() {
        assert_eq!(instant("2026-12-31"), Ok((1_798_675_200, 0)));
        assert_eq!(instant("2024-02-29"), Ok((1_709_164_800, 0)));
        assert_eq!(instant("0000-01-01"), Ok((YEAR_ZERO, 0)));
        assert_eq!(instant("9999-12-30"), Ok((MAX_SECOND - 22 * 3600, 0)));
    }

    #[test]
    fn leap_seconds_read_as_the_second_before() {
        assert_eq!(instant("2016-12-31T23:59:60Z"), instant("2016-12-31T23:59:59Z"));
        assert_eq!(instant("2016-12-31T23:59:60.5Z"), Ok((1_483_228_799, 500_000_000)));
        assert_eq!(instant("2016-12-31T23:59:61Z"), Err(Reason::Format));
    }

    #[test]
    fn offsets_at_the_ends_of_the_range_stay_in_range() {
        assert_eq!(instant("0000-01-01T00:00:00+23:59"), Ok((MIN_SECOND, 0)));
        assert_eq!(instant("9999-12-30T22:00:00.999999999Z"), Ok((MAX_SECOND, 999_999_999)));
        assert_eq!(instant("9999-12-31T00:00:00+02:00"), Ok((MAX_SECOND, 0)));
        for text in ["9999-12-30T22:00:01Z", "9999-12-31", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-23:59"] {
            assert_eq!(instant(text), Err(Reason::OutOfRange), "{text}");
        }
    }

    #[test]
    fn epoch_numbers() {
        assert_eq!(instant("1798736400"), Ok((1_798_736_400, 0)));
        assert_eq!(instant("+1798736400"), Ok((1_798_736_400, 0)));
        assert_eq!(instant("1798736400000"), Ok((1_798_736_400, 0)));
        assert_eq!(instant("1798736400.5"), Ok((1_798_736_400, 500_000_000)));
        assert_eq!(instant("1798736400123.456789"), Ok((1_798_736_400, 123_456_789)));
        assert_eq!(instant("0"), Ok((0, 0)));
        assert_eq!(instant("-1.5"), Ok((-2, 500_000_000)));
        assert_eq!(instant("-86400"), Ok((-86_400, 0)));
        // The last seconds value, the first milliseconds one.
        assert_eq!(instant("99999999999"), Ok((99_999_999_999, 0)));
        assert_eq!(instant("100000000000"), Ok((100_000_000, 0)));
        assert_eq!(instant("1.0000000019"), Ok((1, 1)));
    }

    #[test]
    fn epoch_numbers_out_of_range() {
        // Milliseconds past the year 9999, microseconds, a u64 overflow, a JSON 1e300.
        for text in ["253402300800000", "1798736400000000", "18446744073709551616", &format!("1{}", "0".repeat(300))] {
            assert_eq!(instant(text), Err(Reason::OutOfRange), "{text}");
        }
        assert_eq!(instant("-62167305541000"), Err(Reason::OutOfRange));
        assert_eq!(instant("-62167305540000"), Ok((MIN_SECOND, 0)));
        assert_eq!(instant("253402207200999.999999"), Ok((MAX_SECOND, 999_999_999)));
        assert_eq!(instant("253402207201000"), Err(Reason::OutOfRange));
    }

    #[test]
    fn odd_text_is_an_error_not_a_panic() {
        assert_eq!(instant(""), Err(Reason::Empty));
        assert_eq!(instant(" \t"), Err(Reason::Empty));
        for text in [
            "true",
            "null",
            "-",
            "+",
            ".5",
            "1.",
            "1e9",
            "1.5e9",
            "0x10",
            "--1",
            "12:00",
            "2026-13-01",
            "2026-00-10",
            "2026-02-29",
            "2026-04-31",
            "2026-12-00",
            "2026-12-31T",
            "2026-12-31T24:00:00Z",
            "2026-12-31T17:60:00Z",
            "2026-12-31T17:00:00.Z",
            "2026-12-31T17:00:00+24:00",
            "2026-12-31T17:00:00+01:60",
            "2026-12-31T17:00:00+1",
            "2026-12-31T17:00:00Z[UTC]",
            "2026-12-31T17:00:00ZZ",
            "2026-12-31T17",
            "2026-12-31X17:00:00Z",
            "+275760-09-13T00:00:00Z",
            "-0001-01-01T00:00:00Z",
            "20260-12-31T17:00:00Z",
            "2026-1-31",
            "２０２６-12-31",
            "2026-12-31T17:00:00Zé",
            "Thu, 31 Dec 2026 17:00:00 GMT",
        ] {
            assert_eq!(instant(text), Err(Reason::Format), "{text}");
        }
    }

    #[test]
    fn system_time_agrees() {
        let at = |text: &str| DateTime::from(text).to_system_time();
        assert_eq!(at("1970-01-01T00:00:01.5Z"), Ok(SystemTime::UNIX_EPOCH + Duration::from_millis(1500)));
        assert_eq!(at("-1.5"), Ok(SystemTime::UNIX_EPOCH - Duration::from_millis(1500)));
        assert!(at("nope").is_err());
    }

    #[test]
    fn errors_show_the_start_of_the_text() {
        let error = DateTime::from("nope").to_system_time().unwrap_err();
        assert_eq!(
            error.to_string(),
            r#""nope" is not a date-time: it is neither RFC 3339, a date, nor an epoch number"#
        );
        assert!(!error.is_empty() && !error.is_out_of_range());
        let long = "é".repeat(1000);
        let error = DateTime::from(long).to_system_time().unwrap_err();
        assert_eq!(error.text.chars().count(), KEPT_CHARS + 1);
        assert!(DateTime::from("").to_system_time().unwrap_err().is_empty());
        assert!(DateTime::from("1798736400000000").to_system_time().unwrap_err().is_out_of_range());
    }

    /// Every prefix and every one-byte change of a few dates: any result but a panic.
    #[test]
    fn no_panic_on_mangled_text() {
        let seeds = ["2026-12-31T17:00:00.123456789+01:00", "1798736400123.456", "-62167219200000", "9999-12-31"];
        let alphabet = b"0123456789-+:.,TtZz \xff";
        for seed in seeds {
            for end in 0..=seed.len() {
                let _ = parse(&seed[..end]);
            }
            for at in 0..seed.len() {
                for &byte in alphabet {
                    let mut bytes = seed.as_bytes().to_vec();
                    bytes[at] = byte;
                    let text = String::from_utf8_lossy(&bytes);
                    if let Ok(instant) = parse(&text) {
                        assert!(instant.nanosecond < 1_000_000_000, "{text}");
                        assert!((MIN_SECOND..=MAX_SECOND).contains(&instant.second), "{text}");
                    }
                }
            }
        }
    }

    #[cfg(feature = "jiff")]
    mod jiff_tests {
        use super::super::*;

        #[test]
        fn to_jiff_reads_every_form() {
            let closes: jiff::Timestamp = "2026-12-31T17:00:00Z".parse().unwrap();
            for text in ["2026-12-31T17:00:00Z", "2026-12-31T18:00:00+01:00", "1798736400", "1798736400000"] {
                assert_eq!(DateTime::from(text).to_jiff(), Ok(closes), "{text}");
            }
            // The ends of the range, with the widest offsets.
            let first = DateTime::from("0000-01-01T00:00:00+23:59").to_jiff().unwrap();
            assert_eq!(first.to_string(), "-000001-12-31T00:01:00Z");
            assert_eq!(first.as_second(), MIN_SECOND);
            let last = DateTime::from("9999-12-30T22:00:00.999999999Z").to_jiff().unwrap();
            assert_eq!(last, jiff::Timestamp::MAX);
            assert!(DateTime::from("9999-12-31").to_jiff().unwrap_err().is_out_of_range());
            assert!(DateTime::from("").to_jiff().unwrap_err().is_empty());
        }

        #[test]
        fn jiff_agrees_with_jiff_on_rfc3339() {
            for text in [
                "2016-12-31T23:59:60Z",
                "2026-12-31T17:00:00.000000001-23:59",
                "1969-12-31T23:59:59.5Z",
                "0000-01-01T00:00:00Z",
            ] {
                let theirs: jiff::Timestamp = text.parse().unwrap();
                assert_eq!(DateTime::from(text).to_jiff(), Ok(theirs), "{text}");
            }
        }

        #[test]
        fn from_jiff_round_trips() {
            for text in ["2026-12-31T17:00:00Z", "2026-12-31T17:00:00.000000001Z", "1969-12-31T23:59:59.5Z"] {
                let timestamp: jiff::Timestamp = text.parse().unwrap();
                let value = DateTime::from(timestamp);
                assert_eq!(value.as_str(), text);
                assert_eq!(value.to_jiff(), Ok(timestamp));
            }
            let zoned = jiff::Timestamp::UNIX_EPOCH.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(-5)));
            let value = DateTime::from(zoned);
            assert_eq!(value.as_str(), "1969-12-31T19:00:00-05:00");
            assert_eq!(value.to_jiff(), Ok(jiff::Timestamp::UNIX_EPOCH));
            let field: crate::Patch<DateTime> = jiff::Timestamp::UNIX_EPOCH.into();
            assert_eq!(field, crate::Patch::Set(DateTime::from("1970-01-01T00:00:00Z")));
        }
    }

    #[cfg(feature = "chrono")]
    mod chrono_tests {
        use super::super::*;
        use chrono::{FixedOffset, TimeZone, Utc};

        #[test]
        fn to_chrono_reads_every_form() {
            let closes = Utc.with_ymd_and_hms(2026, 12, 31, 17, 0, 0).unwrap();
            for text in ["2026-12-31T17:00:00Z", "2026-12-31 17:00:00", "2026-12-31T18:00:00+0100", "1798736400000"] {
                assert_eq!(DateTime::from(text).to_chrono(), Ok(closes), "{text}");
            }
            let first = DateTime::from("0000-01-01T00:00:00+23:59").to_chrono().unwrap();
            assert_eq!(first.to_rfc3339(), "-0001-12-31T00:01:00+00:00");
            let leap = DateTime::from("2016-12-31T23:59:60.5Z").to_chrono().unwrap();
            assert_eq!(leap.to_rfc3339(), "2016-12-31T23:59:59.500+00:00");
            assert!(DateTime::from("99999999999999999999").to_chrono().unwrap_err().is_out_of_range());
        }

        #[test]
        fn chrono_agrees_with_chrono_on_rfc3339() {
            for text in ["2026-12-31T17:00:00.000000001-23:59", "1969-12-31T23:59:59.5Z", "2024-02-29T12:00:00+05:30"] {
                let theirs = chrono::DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc);
                assert_eq!(DateTime::from(text).to_chrono(), Ok(theirs), "{text}");
            }
        }

        #[test]
        fn from_chrono_round_trips() {
            let closes = Utc.with_ymd_and_hms(2026, 12, 31, 17, 0, 0).unwrap() + chrono::Duration::milliseconds(250);
            let value = DateTime::from(closes);
            assert_eq!(value.as_str(), "2026-12-31T17:00:00.250Z");
            assert_eq!(value.to_chrono(), Ok(closes));
            let india = FixedOffset::east_opt(5 * 3600 + 1800).unwrap().from_utc_datetime(&closes.naive_utc());
            let value = DateTime::from(india);
            assert_eq!(value.as_str(), "2026-12-31T22:30:00.250+05:30");
            assert_eq!(value.to_chrono(), Ok(closes));
            let field: crate::Patch<DateTime> = closes.into();
            assert_eq!(field, crate::Patch::Set(DateTime::from("2026-12-31T17:00:00.250Z")));
        }
    }

    #[cfg(all(feature = "jiff", feature = "chrono"))]
    #[test]
    fn jiff_and_chrono_agree() {
        for text in
            ["2026-12-31T17:00:00.123Z", "-1.5", "1798736400123", "0000-01-01T00:00:00+23:59", "2016-12-31T23:59:60Z"]
        {
            let value = DateTime::from(text);
            let (jiff, chrono) = (value.to_jiff().unwrap(), value.to_chrono().unwrap());
            assert_eq!(
                jiff.as_nanosecond(),
                i128::from(chrono.timestamp()) * 1_000_000_000 + i128::from(chrono.timestamp_subsec_nanos())
            );
        }
    }
}

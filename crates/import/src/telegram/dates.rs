//! Times as Telegram writes them, and the serde seeds that read them:
//! `date` (`YYYY-MM-DDTHH:MM:SS`, the exporter's wall clock, or an instant
//! when it ends in `Z` or an offset), `date_unixtime` (seconds since 1970,
//! as a number or a string) and `edited` / `edited_unixtime` (whether a
//! message was edited, where older exports write the epoch for "never").
//!
//! Why a file of its own: Telegram's dates are a small grammar of their own,
//! with the "never edited" epoch as a quirk. `date` is narrower than the ISO
//! 8601 that [`crate::tz::iso`] reads for the CSV and signal-export
//! importers (seconds required, offsets below 24 hours), and a value it
//! refuses is an error that names the JSON path, so it keeps its own parser.

use std::fmt;

use jiff::tz::TimeZone;
use pullaway_chat::LocalTime;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::tz;

/// `date`: `YYYY-MM-DDTHH:MM:SS`, the local wall clock. A fraction of a
/// second is dropped; a `Z` or `+HH:MM` suffix makes it an instant, shown in
/// the zone given.
pub(super) struct DateSeed<'t>(pub(super) &'t TimeZone);

impl<'de> DeserializeSeed<'de> for DateSeed<'_> {
    type Value = Option<LocalTime>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DateSeed<'_> {
    type Value = Option<LocalTime>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"YYYY-MM-DDTHH:MM:SS\"")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match parse_date(v, self.0) {
            Some(t) => Ok(Some(t)),
            None => Err(E::custom(format!(
                "expected \"YYYY-MM-DDTHH:MM:SS\", found {}",
                crate::text::quote(v)
            ))),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

fn parse_date(s: &str, tz: &TimeZone) -> Option<LocalTime> {
    let s = s.trim();
    let wall = LocalTime::parse(s.get(..19)?)?;
    let rest = s.get(19..)?;
    let zone = match rest.strip_prefix('.') {
        Some(f) => {
            let digits = f.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            &f[digits..]
        }
        None => rest,
    };
    let offset = match zone {
        "" => return Some(wall),
        "Z" | "z" => 0,
        _ => parse_offset(zone)?,
    };
    tz::local(wall.0.checked_sub(offset)?, tz)
}

/// `+HH:MM`, `+HHMM` or `+HH` (or `-`) in seconds.
fn parse_offset(s: &str) -> Option<i64> {
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits = digits.replacen(':', "", 1);
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Some(0), |m| m.parse().ok())?;
    (hours < 24 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

/// `date_unixtime`: seconds since 1970 (a string of digits, or a number).
pub(super) struct UnixSeed<'t>(pub(super) &'t TimeZone);

impl UnixSeed<'_> {
    fn at<E: de::Error>(&self, secs: i64) -> Result<Option<LocalTime>, E> {
        tz::local(secs, self.0)
            .map(Some)
            .ok_or_else(|| E::custom(format!("{secs} seconds since 1970 is out of range")))
    }
}

impl<'de> DeserializeSeed<'de> for UnixSeed<'_> {
    type Value = Option<LocalTime>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UnixSeed<'_> {
    type Value = Option<LocalTime>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("seconds since 1970 (a number or a string of digits)")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.at(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.at(i64::try_from(v).unwrap_or(i64::MAX))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if !v.is_finite() {
            return Err(E::invalid_value(de::Unexpected::Float(v), &self));
        }
        self.at(v as i64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match v.trim().parse::<i64>() {
            Ok(secs) => self.at(secs),
            Err(_) => Err(E::custom(format!(
                "expected seconds since 1970, found {}",
                crate::text::quote(v)
            ))),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// `edited` / `edited_unixtime`: whether the message was edited. Older
/// exports write the epoch in the exporter's zone (`1970-01-01T05:00:00`,
/// `"0"`) on messages never edited: any time within a day of 1970-01-01 is
/// "never". A value that is not a time still says "edited".
pub(super) struct EditedSeed<'t>(pub(super) &'t TimeZone);

/// Within a day of 1970-01-01 (whatever the exporter's zone was).
fn near_epoch(t: LocalTime) -> bool {
    (-86_400..2 * 86_400).contains(&t.0)
}

impl<'de> DeserializeSeed<'de> for EditedSeed<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EditedSeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an edit time")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        let t = match v.trim().parse::<i64>() {
            Ok(secs) => tz::local(secs, &TimeZone::UTC),
            Err(_) => parse_date(v, self.0),
        };
        Ok(!t.is_some_and(near_epoch) && !v.trim().is_empty())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        Ok(!(-86_400..2 * 86_400).contains(&v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        Ok(v >= 2 * 86_400)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        Ok(!(v.is_finite() && (-86_400.0..2.0 * 86_400.0).contains(&v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(true)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(true)
    }
}

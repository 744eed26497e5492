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
//! Two dates are read per message, a million times: the usual wall clock
//! (19 digits and separators) and an instant's offset in the zone have
//! short roads here, which the tests at the end hold to the general ones.

use std::fmt;

use jiff::tz::TimeZone;
use pullaway_chat::{Date, LocalTime};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

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
    let wall = wall_clock(s.get(..19)?)?;
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
    local(wall.0.checked_sub(offset)?, tz)
}

/// `YYYY-MM-DDTHH:MM:SS` (or a space for the `T`) as [`LocalTime::parse`]
/// reads it: its digits read straight when each is an ASCII digit (a
/// million dates are read), else by `LocalTime::parse` itself.
fn wall_clock(s: &str) -> Option<LocalTime> {
    match is_plain_wall_clock(s.as_bytes()) {
        true => plain_wall_clock(s.as_bytes()),
        false => LocalTime::parse(s),
    }
}

/// Whether `b` is 19 digits and separators, `YYYY-MM-DDTHH:MM:SS`.
pub(super) fn is_plain_wall_clock(b: &[u8]) -> bool {
    b.len() == 19
        && (b[4], b[7], b[13], b[16]) == (b'-', b'-', b':', b':')
        && matches!(b[10], b'T' | b' ')
        && [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

/// The time of such bytes; `None` when it is not one (a 30 February).
pub(super) fn plain_wall_clock(b: &[u8]) -> Option<LocalTime> {
    let n = |at: usize, len: usize| {
        b[at..at + len]
            .iter()
            .fold(0u16, |v, d| v * 10 + u16::from(d - b'0'))
    };
    let two = |at: usize| n(at, 2) as u8;
    let date = Date::new(i32::from(n(0, 4)), two(5), two(8))?;
    LocalTime::new(date, two(11), two(14), two(17))
}

/// The wall clock in `tz` of `secs` seconds since 1970: what
/// [`crate::tz::local`] gives (the instant plus the zone's offset then),
/// without its round trip through the calendar.
pub(super) fn local(secs: i64, tz: &TimeZone) -> Option<LocalTime> {
    let at = jiff::Timestamp::from_second(secs).ok()?;
    Some(LocalTime(secs + i64::from(tz.to_offset(at).seconds())))
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
        local(secs, self.0)
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
            Ok(secs) => local(secs, &TimeZone::UTC),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tz;

    /// [`local`] is [`tz::local`], in zones with and without daylight
    /// saving, half-hour ones, fixed offsets, and at the ends of the range.
    #[test]
    fn local_is_the_crates_local() {
        let zones = [
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
            "Pacific/Chatham",
            "America/Sao_Paulo",
        ];
        let mut zones: Vec<TimeZone> = zones.iter().map(|z| TimeZone::get(z).unwrap()).collect();
        zones.push(TimeZone::fixed(jiff::tz::offset(-9)));
        let mut secs: Vec<i64> = (-300..300).map(|i| i * 7_654_321 + 1_700_000_000).collect();
        secs.extend((-200_000..200_000).step_by(997));
        secs.extend([i64::MIN, i64::MAX, -377_705_116_801, -377_705_116_800]);
        secs.extend([253_402_207_199, 253_402_207_200]);
        for tz in &zones {
            for &s in &secs {
                assert_eq!(local(s, tz), tz::local(s, tz), "{s}");
            }
        }
    }

    /// [`wall_clock`] is [`LocalTime::parse`] on 19 characters of digits,
    /// separators and odd bytes.
    #[test]
    fn wall_clock_is_local_time_parse() {
        let alphabet = b"0123456789012345678901234567890123456789-:T +xZ.";
        let base = b"2024-02-29T23:59:59";
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..200_000 {
            let mut s = base.to_vec();
            for _ in 0..(state % 4) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state % 19) as usize;
                s[at] = alphabet[((state >> 20) % alphabet.len() as u64) as usize];
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let s = String::from_utf8(s).unwrap();
            assert_eq!(wall_clock(&s), LocalTime::parse(&s), "{s}");
        }
        for s in [
            "9999-12-31T23:59:59",
            "0000-01-01T00:00:00",
            "2023-02-29T00:00:00",
        ] {
            assert_eq!(wall_clock(s), LocalTime::parse(s), "{s}");
        }
    }
}

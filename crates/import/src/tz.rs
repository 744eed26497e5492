//! Time zones for formats that store instants (Telegram's unixtime,
//! Messenger, iMessage, SMS backups, Discord): they are shown on the local
//! wall clock of the zone the user names (`--tz`), or of this machine, with
//! daylight-saving time handled by jiff. `iso` reads the ISO 8601 times
//! of the CSV / JSON Lines and signal-export importers.

use jiff::tz::TimeZone;
use pullaway_chat::{Date, LocalTime};

/// The zone named (IANA, e.g. `Europe/Berlin`, or `UTC`), or the system's.
pub fn zone(name: Option<&str>) -> Result<TimeZone, UnknownZone> {
    match name {
        None => Ok(TimeZone::try_system().unwrap_or(TimeZone::UTC)),
        Some(n) => TimeZone::get(n).map_err(|error| UnknownZone {
            name: n.to_owned(),
            error,
        }),
    }
}

/// A zone name that names no zone. jiff's reason is part of the message,
/// not a separate `source`: an error chain would print it twice.
#[derive(Debug, thiserror::Error)]
#[error("unknown time zone {}: {error}", crate::text::quote(.name))]
pub struct UnknownZone {
    /// The name as given.
    pub name: String,
    error: jiff::Error,
}

/// Wall-clock time in `tz` of an instant given in seconds since the Unix epoch.
pub fn local(secs: i64, tz: &TimeZone) -> Option<LocalTime> {
    let ts = jiff::Timestamp::from_second(secs).ok()?;
    let dt = ts.to_zoned(tz.clone()).datetime();
    let date = Date::new(i32::from(dt.year()), dt.month() as u8, dt.day() as u8)?;
    LocalTime::new(date, dt.hour() as u8, dt.minute() as u8, dt.second() as u8)
}

/// The same for milliseconds.
pub fn local_ms(ms: i64, tz: &TimeZone) -> Option<LocalTime> {
    local(ms.div_euclid(1000), tz)
}

/// An ISO 8601 time, as [`iso`] reads it.
pub(crate) enum Iso {
    /// A wall-clock time, kept as written: `YYYY-MM-DD`,
    /// `YYYY-MM-DDTHH:MM[:SS]` (a space may stand for the `T`), or that with
    /// a fraction of a second, which is dropped.
    Wall(LocalTime),
    /// A time with `Z` or an offset (`+01:00`): an instant, to be shown on
    /// the wall clock of the zone asked for.
    Instant(jiff::Timestamp),
}

/// Reads an ISO 8601 time (see [`Iso`]); `None` when `s` is not one.
pub(crate) fn iso(s: &str) -> Option<Iso> {
    let s = s.trim();
    if let Some(t) = LocalTime::parse(s) {
        return Some(Iso::Wall(t));
    }
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(Iso::Instant(ts));
    }
    // Drop fractional seconds: `2024-03-01T21:05:03.123456`.
    let (whole, frac) = s.split_once('.')?;
    frac.bytes().all(|c| c.is_ascii_digit()).then_some(())?;
    LocalTime::parse(whole).map(Iso::Wall)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daylight_saving_is_applied() {
        let berlin = zone(Some("Europe/Berlin")).unwrap();
        // 2024-03-31 00:30 UTC is 01:30 CET; 01:30 UTC is 03:30 CEST.
        assert_eq!(
            local(1_711_845_000, &berlin).unwrap().to_string(),
            "2024-03-31T01:30:00"
        );
        assert_eq!(
            local(1_711_848_600, &berlin).unwrap().to_string(),
            "2024-03-31T03:30:00"
        );
        assert_eq!(
            local(0, &zone(Some("UTC")).unwrap()).unwrap().to_string(),
            "1970-01-01T00:00:00"
        );
        let unknown = zone(Some("Mars/Olympus")).unwrap_err();
        let jiff = TimeZone::get("Mars/Olympus").unwrap_err();
        assert_eq!(
            unknown.to_string(),
            format!("unknown time zone \"Mars/Olympus\": {jiff}")
        );
    }

    #[test]
    fn iso_times_are_wall_clocks_or_instants() {
        let wall = |s| match iso(s) {
            Some(Iso::Wall(t)) => t.to_string(),
            _ => "-".to_owned(),
        };
        assert_eq!(wall("2024-03-01T21:05"), "2024-03-01T21:05:00");
        assert_eq!(wall(" 2024-03-01 21:05:03.250 "), "2024-03-01T21:05:03");
        assert_eq!(wall("2024-03-01"), "2024-03-01T00:00:00");
        assert!(matches!(
            iso("2024-03-01T21:05:00+01:00"),
            Some(Iso::Instant(ts)) if ts.as_second() == 1_709_323_500
        ));
        assert!(iso("2024-03-01T21:05:03.x").is_none());
        assert!(iso("yesterday").is_none());
    }
}

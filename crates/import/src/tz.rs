//! Time zones for formats that store instants (Telegram's unixtime,
//! Messenger, iMessage, SMS backups, Discord): they are shown on the local
//! wall clock of the zone the user names (`--tz`), or of this machine, with
//! daylight-saving time handled by jiff.

use jiff::tz::TimeZone;
use pullaway_chat::{Date, LocalTime};

/// The zone named (IANA, e.g. `Europe/Berlin`, or `UTC`), or the system's.
pub fn zone(name: Option<&str>) -> Result<TimeZone, String> {
    match name {
        None => Ok(TimeZone::try_system().unwrap_or(TimeZone::UTC)),
        Some(n) => TimeZone::get(n)
            .map_err(|e| format!("unknown time zone {}: {e}", crate::text::quote(n))),
    }
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
        assert!(zone(Some("Mars/Olympus")).is_err());
    }
}

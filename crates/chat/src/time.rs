//! Civil (zone-less) dates and times.
//!
//! Chat exports write the wall clock of the phone, not an instant, so all
//! arithmetic happens on a proleptic Gregorian calendar without time zones.
//! Conversions use the days-from-civil formula (Hinnant), valid for any year
//! an export can carry.

use std::fmt;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year (e.g. 2024).
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

/// A local wall-clock time, in seconds since 1970-01-01T00:00:00 (no zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LocalTime(pub i64);

fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

impl Date {
    /// A date, if it exists on the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        civil_from_days(days)
    }

    /// Midnight at the start of this date.
    pub fn start(self) -> LocalTime {
        LocalTime(self.days() * 86_400)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if !s.is_ascii() {
            return None;
        }
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = s[0..4].parse().ok()?;
        let month = s[5..7].parse().ok()?;
        let day = s[8..10].parse().ok()?;
        Date::new(year, month, day)
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl LocalTime {
    /// A time from its parts; `None` when the date or the clock time is invalid.
    pub fn new(date: Date, hour: u8, minute: u8, second: u8) -> Option<LocalTime> {
        date.start().at(hour, minute, second)
    }

    /// The time `hour:minute:second` of the day that starts at this
    /// midnight (see [`Date::start`]), if valid: [`LocalTime::new`] without
    /// the calendar, for importers that read many times of one day.
    pub fn at(self, hour: u8, minute: u8, second: u8) -> Option<LocalTime> {
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let secs = i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
        Some(LocalTime(self.0 + secs))
    }

    /// The calendar day of this time.
    pub fn date(self) -> Date {
        civil_from_days(self.0.div_euclid(86_400))
    }

    /// The day number (days since 1970-01-01) of this moment: the same as
    /// `self.date().days()`, without the round trip through the calendar
    /// (hot loops over every message use it).
    pub fn day_number(self) -> i64 {
        self.0.div_euclid(86_400)
    }

    /// Hour, minute and second of the day.
    pub fn hms(self) -> (u8, u8, u8) {
        let s = self.0.rem_euclid(86_400);
        ((s / 3600) as u8, (s % 3600 / 60) as u8, (s % 60) as u8)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (a space may
    /// stand for the `T`).
    pub fn parse(s: &str) -> Option<LocalTime> {
        let s = s.trim();
        if !s.is_ascii() {
            return None;
        }
        if s.len() == 10 {
            return Date::parse(s).map(Date::start);
        }
        if s.len() != 16 && s.len() != 19 {
            return None;
        }
        let b = s.as_bytes();
        if !(b[10] == b'T' || b[10] == b' ') || b[13] != b':' {
            return None;
        }
        let date = Date::parse(&s[..10])?;
        let hour = s[11..13].parse().ok()?;
        let minute = s[14..16].parse().ok()?;
        let second = if s.len() == 19 {
            if b[16] != b':' {
                return None;
            }
            s[17..19].parse().ok()?
        } else {
            0
        };
        LocalTime::new(date, hour, minute, second)
    }

    /// Seconds from `self` to `later`.
    pub fn seconds_until(self, later: LocalTime) -> i64 {
        later.0 - self.0
    }

    /// This time moved by `s` seconds (negative: earlier).
    pub fn plus_seconds(self, s: i64) -> LocalTime {
        LocalTime(self.0 + s)
    }

    /// The form used in prose: `2024-03-15 20:10` (no seconds, no `T`).
    pub fn prose(self) -> String {
        let (h, m, _) = self.hms();
        format!("{} {:02}:{:02}", self.date(), h, m)
    }

    /// The day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.0.div_euclid(86_400) + 3).rem_euclid(7)) as u8
    }
}

impl fmt::Display for LocalTime {
    /// ISO 8601 without offset: `2024-03-01T21:05:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = self.hms();
        write!(f, "{}T{:02}:{:02}:{:02}", self.date(), h, m, s)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn day_number_is_the_dates_day() {
        for t in [
            -86_401,
            -86_400,
            -1,
            0,
            1,
            86_399,
            86_400,
            1_700_000_000,
            4_102_444_799,
        ] {
            let lt = LocalTime(t);
            assert_eq!(lt.day_number(), lt.date().days(), "{t}");
        }
    }
    use super::*;

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        // 2000-03-01 is day 11017 (a leap-year boundary).
        assert_eq!(Date::new(2000, 3, 1).unwrap().days(), 11_017);
        assert_eq!(Date::new(2024, 2, 29).unwrap().days(), 19_782);
        assert_eq!(Date::from_days(19_782), Date::new(2024, 2, 29).unwrap());
        assert_eq!(Date::from_days(-1), Date::new(1969, 12, 31).unwrap());
    }

    #[test]
    fn round_trip_every_day_of_four_centuries() {
        let start = Date::new(1900, 1, 1).unwrap().days();
        let mut prev = None;
        for d in start..start + 146_097 {
            let date = Date::from_days(d);
            assert_eq!(date.days(), d);
            assert!(Date::new(date.year, date.month, date.day).is_some());
            if let Some(p) = prev {
                assert!(date > p);
            }
            prev = Some(date);
        }
    }

    #[test]
    fn invalid_dates_are_refused() {
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 4, 31).is_none());
        assert!(LocalTime::new(Date::new(2024, 4, 30).unwrap(), 24, 0, 0).is_none());
    }

    #[test]
    fn parse_and_display() {
        let t = LocalTime::parse("2024-03-01T21:05").unwrap();
        assert_eq!(t.to_string(), "2024-03-01T21:05:00");
        assert_eq!(
            LocalTime::parse("2024-03-01 21:05:07").unwrap().to_string(),
            "2024-03-01T21:05:07"
        );
        assert_eq!(
            LocalTime::parse("2024-03-01").unwrap().to_string(),
            "2024-03-01T00:00:00"
        );
        assert!(LocalTime::parse("2024-03-01T25:00").is_none());
        assert!(LocalTime::parse("yesterday").is_none());
        assert!(LocalTime::parse("2024-03-01T12:0é00").is_none());
        assert!(Date::parse("2024-0é-01").is_none());
    }
}

//! Everything the analysis takes from outside the chat.

use pullaway_chat::{Date, LocalTime};

use crate::config::Thresholds;

/// Where "now" came from (SPEC, Terms: "Now").
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NowSource {
    /// `--now`.
    Given,
    /// The export says when it was made (a zip entry's time, an export date).
    Export,
    /// The file's modification time (not older than the last message).
    File,
    /// This machine's clock.
    Clock,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// `--me NAME`.
    pub me: Option<String>,
    /// `--them NAME`.
    pub them: Option<String>,
    /// The current time on the chat's clock.
    pub now: LocalTime,
    /// The key date E, when the user gives it.
    pub event: Option<Date>,
    /// When dating started (`--dating-since`), for "too much too soon".
    pub dating_since: Option<Date>,
    /// When the talk happened (`--talked`).
    pub talked: Option<Date>,
    /// Where "now" came from: `given`, `export`, `file` or `clock`.
    pub now_source: NowSource,
    /// Every threshold of the rules.
    pub thresholds: Thresholds,
    /// Seed of the bootstrap intervals.
    pub seed: u64,
}

impl Options {
    pub fn new(now: LocalTime) -> Options {
        Options {
            me: None,
            them: None,
            now,
            event: None,
            dating_since: None,
            talked: None,
            now_source: NowSource::Given,
            thresholds: Thresholds::default(),
            seed: 1,
        }
    }

    /// G in seconds.
    pub fn gap_secs(&self) -> i64 {
        (self.thresholds.gap_hours * 3600.0).round() as i64
    }

    /// R in seconds.
    pub fn late_reply_secs(&self) -> i64 {
        (self.thresholds.late_reply_hours * 3600.0).round() as i64
    }
}

//! Everything the analysis takes from outside the chat.

use pullaway_chat::{Date, LocalTime};

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// `--me NAME`.
    pub me: Option<String>,
    /// `--them NAME`.
    pub them: Option<String>,
    /// A pause of at least this many seconds starts a new conversation (G).
    pub gap_secs: i64,
    /// A reply to a waiting message within this many seconds is a late reply,
    /// not a new conversation (R).
    pub late_reply_secs: i64,
    /// The current time on the chat's clock.
    pub now: LocalTime,
    /// The key date E, when the user gives it.
    pub event: Option<Date>,
}

impl Options {
    pub const DEFAULT_GAP_SECS: i64 = 6 * 3600;
    pub const DEFAULT_LATE_REPLY_SECS: i64 = 24 * 3600;

    pub fn new(now: LocalTime) -> Options {
        Options {
            me: None,
            them: None,
            gap_secs: Self::DEFAULT_GAP_SECS,
            late_reply_secs: Self::DEFAULT_LATE_REPLY_SECS,
            now,
            event: None,
        }
    }
}

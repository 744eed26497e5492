//! Every threshold of the rules, with SPEC's defaults. A user changes them
//! with flags (`--gap`, `--space-days`, ...) or a JSON config file
//! (`--config FILE`) whose keys are the field names below; unknown keys are
//! an error, missing keys keep their defaults.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// G: a pause of at least this many hours starts a new conversation.
    pub gap_hours: f64,
    /// R: a reply to a waiting message within this many hours is a late reply.
    pub late_reply_hours: f64,
    /// The 2:1 history window, days.
    pub two_to_one_days: u32,
    /// Mirroring window, days.
    pub mirror_days: u32,
    /// Mirroring: yours/theirs up to this ratio is balanced (ok).
    pub mirror_ok: f64,
    /// Mirroring: up to this ratio is a warning; above it, over-investing.
    pub mirror_warn: f64,
    /// Clinginess window, days.
    pub clingy_days: u32,
    /// A second message after this many minutes without an answer is a double text.
    pub double_text_minutes: f64,
    /// Clinginess: your share of messages above this is a warning...
    pub clingy_share_warn: f64,
    /// ...and above this an alert.
    pub clingy_share_alert: f64,
    /// Clinginess: this many double texts (and at least 10% of the conversations), or
    /// unanswered openers (and 25% of yours), in the window is a warning...
    pub clingy_count_warn: usize,
    /// ...and this many (20% of the conversations, 40% of your openers) an alert.
    pub clingy_count_alert: usize,
    /// Too much too soon: the first this-many days of dating.
    pub too_soon_days: u32,
    /// Lead-taking window, days.
    pub lead_days: u32,
    /// Space: days of space before "probably not interested".
    pub space_days: f64,
    /// Space: below this chance of them reaching out within 7 days, they are probably not interested.
    pub reach_out_min: f64,
    /// The talk: their first opener must come at least this many days after E.
    pub talk_settle_days: f64,
    /// A stated absence ("deadline friday") matters until this many days after its end.
    pub away_lookback_days: f64,
    /// "Withdrawing now": the recent window, days.
    pub recent_days: f64,
    /// Draft: a message longer than this many times their median length gets a warning.
    pub draft_length_factor: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            gap_hours: 6.0,
            late_reply_hours: 24.0,
            two_to_one_days: 30,
            mirror_days: 14,
            mirror_ok: 1.25,
            mirror_warn: 1.5,
            clingy_days: 30,
            double_text_minutes: 60.0,
            clingy_share_warn: 0.58,
            clingy_share_alert: 0.65,
            clingy_count_warn: 3,
            clingy_count_alert: 6,
            too_soon_days: 30,
            lead_days: 30,
            space_days: 7.0,
            reach_out_min: 0.2,
            talk_settle_days: 2.0,
            draft_length_factor: 3.0,
            away_lookback_days: 14.0,
            recent_days: 14.0,
        }
    }
}

/// A config file that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Not JSON, or not the fields and types of [`Thresholds`].
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json found.
        message: String,
    },
    /// Values that don't make sense (alone or together), in words.
    #[error("{0}")]
    Invalid(String),
}

impl Thresholds {
    /// Reads a JSON config file's text.
    pub fn from_json(text: &str) -> Result<Thresholds, ConfigError> {
        serde_json::from_str(text).map_err(|e| {
            // serde_json ends its message with the place; say it once, first.
            let msg = e.to_string();
            let msg = msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]);
            ConfigError::Syntax {
                line: e.line(),
                column: e.column(),
                message: msg.to_owned(),
            }
        })
    }

    /// Checks that the values make sense together.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let positive = [
            ("gap_hours", self.gap_hours),
            ("late_reply_hours", self.late_reply_hours),
            ("mirror_ok", self.mirror_ok),
            ("double_text_minutes", self.double_text_minutes),
            ("space_days", self.space_days),
            ("draft_length_factor", self.draft_length_factor),
            ("away_lookback_days", self.away_lookback_days),
            ("recent_days", self.recent_days),
        ];
        for (name, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                return Err(ConfigError::Invalid(format!(
                    "{name} must be a positive number, got {v}"
                )));
            }
        }
        let windows = [
            ("two_to_one_days", self.two_to_one_days),
            ("mirror_days", self.mirror_days),
            ("clingy_days", self.clingy_days),
            ("too_soon_days", self.too_soon_days),
            ("lead_days", self.lead_days),
        ];
        for (name, v) in windows {
            if v == 0 || v > 3650 {
                return Err(ConfigError::Invalid(format!(
                    "{name} must be between 1 and 3650 days, got {v}"
                )));
            }
        }
        if self.space_days > 365.0 {
            return Err(ConfigError::Invalid(format!(
                "space_days must be at most 365, got {}",
                self.space_days
            )));
        }
        if !(self.talk_settle_days.is_finite() && self.talk_settle_days >= 0.0) {
            return Err(ConfigError::Invalid(format!(
                "talk_settle_days must be 0 or more, got {}",
                self.talk_settle_days
            )));
        }
        for (name, v) in [
            ("clingy_share_warn", self.clingy_share_warn),
            ("clingy_share_alert", self.clingy_share_alert),
        ] {
            if !(v > 0.0 && v <= 1.0) {
                return Err(ConfigError::Invalid(format!(
                    "{name} must be a share between 0 and 1, got {v}"
                )));
            }
        }
        if self.gap_hours >= self.late_reply_hours {
            return Err(ConfigError::Invalid(format!(
                "gap_hours ({}) must be shorter than late_reply_hours ({})",
                self.gap_hours, self.late_reply_hours
            )));
        }
        if self.mirror_warn < self.mirror_ok {
            return Err(ConfigError::Invalid(
                "mirror_warn must be at least mirror_ok".into(),
            ));
        }
        if !(0.0..=1.0).contains(&self.reach_out_min) {
            return Err(ConfigError::Invalid(
                "reach_out_min must be between 0 and 1".into(),
            ));
        }
        if self.clingy_share_alert < self.clingy_share_warn
            || self.clingy_count_alert < self.clingy_count_warn
        {
            return Err(ConfigError::Invalid(
                "clingy_*_alert must be at least clingy_*_warn".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_overrides_and_errors() {
        let t = Thresholds::from_json(r#"{"space_days": 10, "mirror_ok": 1.1}"#).unwrap();
        assert_eq!(t.space_days, 10.0);
        assert_eq!(t.gap_hours, 6.0);
        let e = Thresholds::from_json(r#"{"space_dayz": 10}"#).unwrap_err();
        assert!(matches!(e, ConfigError::Syntax { line: 1, .. }), "{e:?}");
        assert!(e.to_string().contains("unknown field `space_dayz`"), "{e}");
        assert!(Thresholds {
            gap_hours: 30.0,
            ..Thresholds::default()
        }
        .validate()
        .is_err());
    }
}

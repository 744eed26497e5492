//! The report: every finding as plain data, ready for any renderer.
//!
//! The serialized form is the JSON contract of SPEC (`pullaway.report/1`):
//! keys named there are never renamed without a new schema version; new keys
//! may be added. Times are the chat's local wall-clock times in ISO 8601
//! without offset.

use pullaway_chat::{Chat, LocalTime};
use serde::Serialize;

use crate::conversations::{split, Conversations};
use crate::error::CoachError;
use crate::options::Options;
use crate::pair::resolve_pair;
use crate::timeline::{timeline, Msg, Side};

pub const SCHEMA: &str = "pullaway.report/1";

/// A value for each of the two people.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Sides<T> {
    pub me: T,
    pub them: T,
}

impl<T: Copy> Sides<T> {
    pub fn get(&self, side: Side) -> T {
        match side {
            Side::Me => self.me,
            Side::Them => self.them,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChatSummary {
    pub format: &'static str,
    pub name: String,
    pub me: String,
    pub them: String,
    pub messages: Sides<usize>,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// One conversation, for the evidence lists.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConversationEntry {
    pub start: String,
    pub end: String,
    pub opener: &'static str,
    pub messages: Sides<usize>,
    /// The opening message's text (trimmed to 120 characters).
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConversationSummary {
    pub total: usize,
    pub opened: Sides<usize>,
    pub late_replies: usize,
    /// Median latency of late replies, in hours (null when there are none).
    pub late_reply_median_hours: Option<f64>,
    /// The gap G and late-reply window R that were used, in hours.
    pub gap_hours: f64,
    pub late_reply_hours: f64,
    /// The last conversations, oldest first (at most 10).
    pub recent: Vec<ConversationEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub date: String,
    /// `given` (from `--event`) or `detected`.
    pub source: &'static str,
    /// Posterior probability of a detected change day; null when given.
    pub probability: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub now: String,
    pub chat: ChatSummary,
    pub conversations: ConversationSummary,
    pub event: Option<Event>,
    /// What the importer had to repair or skip.
    pub notes: Vec<String>,
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn clip(text: &str, max: usize) -> String {
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut s: String = one_line.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

fn entry(chat: &Chat, msgs: &[Msg], c: &crate::conversations::Conversation) -> ConversationEntry {
    let part = &msgs[c.first..=c.last];
    let count = |side| part.iter().filter(|m| m.side == side).count();
    let first = &chat.messages()[msgs[c.first].index];
    ConversationEntry {
        start: msgs[c.first].time.to_string(),
        end: msgs[c.last].time.to_string(),
        opener: c.opener.name(),
        messages: Sides {
            me: count(Side::Me),
            them: count(Side::Them),
        },
        text: clip(chat.text(first), 120),
    }
}

fn summarize(
    chat: &Chat,
    msgs: &[Msg],
    convs: &Conversations,
    opts: &Options,
) -> ConversationSummary {
    let mut late: Vec<f64> = convs
        .late_replies
        .iter()
        .map(|l| l.latency_secs as f64 / 3600.0)
        .collect();
    let start = convs.list.len().saturating_sub(10);
    ConversationSummary {
        total: convs.list.len(),
        opened: Sides {
            me: convs.opened_by(Side::Me),
            them: convs.opened_by(Side::Them),
        },
        late_replies: convs.late_replies.len(),
        late_reply_median_hours: median(&mut late).map(round2),
        gap_hours: round2(opts.gap_secs as f64 / 3600.0),
        late_reply_hours: round2(opts.late_reply_secs as f64 / 3600.0),
        recent: convs.list[start..]
            .iter()
            .map(|c| entry(chat, msgs, c))
            .collect(),
    }
}

/// Analyses a chat. Fails only when the two people cannot be told apart.
pub fn analyze(chat: &Chat, opts: &Options) -> Result<Report, CoachError> {
    let pair = resolve_pair(chat, opts.me.as_deref(), opts.them.as_deref())?;
    // Only what happened up to "now" counts.
    let msgs: Vec<Msg> = timeline(chat, pair)
        .into_iter()
        .filter(|m| m.time <= opts.now)
        .collect();
    let convs = split(&msgs, opts.gap_secs, opts.late_reply_secs);
    let count = |side| msgs.iter().filter(|m| m.side == side).count();
    let time = |m: Option<&Msg>| m.map(|m| m.time.to_string());
    Ok(Report {
        schema: SCHEMA,
        now: opts.now.to_string(),
        chat: ChatSummary {
            format: chat.format,
            name: chat.name.clone(),
            me: chat.name_of(pair.me).to_owned(),
            them: chat.name_of(pair.them).to_owned(),
            messages: Sides {
                me: count(Side::Me),
                them: count(Side::Them),
            },
            first: time(msgs.first()),
            last: time(msgs.last()),
        },
        conversations: summarize(chat, &msgs, &convs, opts),
        event: opts.event.map(|d| Event {
            date: d.to_string(),
            source: "given",
            probability: None,
        }),
        notes: chat.warnings.clone(),
    })
}

/// The time of the last message of either person, for a default "now".
pub fn last_time(chat: &Chat) -> Option<LocalTime> {
    chat.messages()
        .iter()
        .filter(|m| !m.kind.is_system())
        .map(|m| m.time)
        .max()
}

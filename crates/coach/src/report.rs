//! The report: every finding as plain data, ready for any renderer.
//!
//! The serialized form is the JSON contract of SPEC (`pullaway.report/2`):
//! keys named there are never renamed without a new schema version; new keys
//! may be added. Times are the chat's local wall-clock times in ISO 8601
//! without offset.

#![warn(missing_docs)]

use pullaway_chat::{Chat, LocalTime};
use serde::Serialize;

use crate::context::{clip, median, round2, Context};
use crate::conversations::{split_with, Conversations};
use crate::error::CoachError;
use crate::features::{answers_after_pauses, reads_as_answer};
use crate::lexicon::Lexicon;
use crate::options::NowSource;
use crate::options::Options;
use crate::pair::resolve_pair;
use crate::recent::{self, Recent};
use crate::rules::{clinginess, lead, mirroring, space, talk, too_soon, two_to_one, Rules};
use crate::situation::{self, NextStep};
use crate::timeline::{timeline_until, Msg, Side};
use crate::trend::{self, KeyDate, Trend};
use crate::turn::{turn, Turn};

/// The JSON contract's version.
pub const SCHEMA: &str = "pullaway.report/2";

pub use crate::timeline::Sides;

/// The chat the report is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChatSummary {
    /// The export's format (`whatsapp`, `telegram`, ...).
    pub format: &'static str,
    /// The chat's name (the contact or group).
    pub name: String,
    /// Your name in the chat.
    pub me: String,
    /// Their name in the chat.
    pub them: String,
    /// Messages of each of you (up to now).
    pub messages: Sides<usize>,
    /// The first message's time.
    pub first: Option<String>,
    /// The last message's time.
    pub last: Option<String>,
    /// The exports merged into this timeline (empty for one export).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// One conversation, for the evidence lists.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConversationEntry {
    /// Its first message's time.
    pub start: String,
    /// Its last message's time.
    pub end: String,
    /// Who opened it (`me` or `them`).
    pub opener: &'static str,
    /// Messages of each of you in it.
    pub messages: Sides<usize>,
    /// The opening message's text (trimmed to 120 characters).
    pub text: String,
}

/// Conversations and who opened them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConversationSummary {
    /// How many conversations.
    pub total: usize,
    /// How many each of you opened.
    pub opened: Sides<usize>,
    /// Answers after a pause of G to R that continued a conversation.
    pub late_replies: usize,
    /// Median latency of late replies, in hours (null when there are none).
    pub late_reply_median_hours: Option<f64>,
    /// The gap G and late-reply window R that were used, in hours.
    pub gap_hours: f64,
    /// R in hours.
    pub late_reply_hours: f64,
    /// The last conversations, oldest first (at most 10).
    pub recent: Vec<ConversationEntry>,
}

/// The key date the report compares around.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// The day (`2024-03-01`).
    pub date: String,
    /// `given` (from `--event`) or `detected`.
    pub source: &'static str,
    /// For a detected day: the posterior probability that the change fell
    /// within ±3 days of it (null when given).
    pub probability: Option<f64>,
    /// For a detected day: the posterior probability of that exact day, and
    /// that there was a change at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability_day: Option<f64>,
    /// For a detected day: the posterior probability that there was a change at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_change: Option<f64>,
}

/// "Now", and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AsOf {
    /// The moment the analysis treats as now.
    #[serde(serialize_with = "crate::context::ser_time")]
    pub time: LocalTime,
    /// Where it came from (given, export, file, clock).
    pub source: NowSource,
}

/// Everything pullaway found, ready for any renderer (the JSON contract).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// `pullaway.report/2`.
    pub schema: &'static str,
    /// "Now", and where it came from.
    pub as_of: AsOf,
    /// The chat and its two people.
    pub chat: ChatSummary,
    /// Conversations and who opened them.
    pub conversations: ConversationSummary,
    /// The key date, given or detected.
    pub event: Option<Event>,
    /// The most likely change day of their activity, when one is likely
    /// (equal to `event` when no date was given).
    pub change_point: Option<Event>,
    /// Are they pulling away? (before/after the key date).
    pub trend: Trend,
    /// The next step's action and its main reason (SPEC: `turn.verdict` = `next_step.action`).
    pub turn: Turn,
    /// Each rule's check.
    pub rules: Rules,
    /// The recent weeks: who is withdrawing now (the situation's evidence).
    pub recent: Recent,
    /// The one answer (SPEC, "The situation"): `report`, `turn`, `draft` and
    /// `serve` all show this.
    pub next_step: NextStep,
    /// Day-by-day data for charts (the last 120 days).
    pub series: Series,
    /// What the importer had to repair or skip.
    pub notes: Vec<String>,
}

fn entry(chat: &Chat, msgs: &[Msg], c: &crate::conversations::Conversation) -> ConversationEntry {
    let part = &msgs[c.first..=c.last];
    let count = |side| part.iter().filter(|m| m.side == side).count();
    let first = &chat.messages()[msgs[c.first].index as usize];
    ConversationEntry {
        start: msgs[c.first].time.to_string(),
        end: msgs[c.last].time.to_string(),
        opener: c.opener.name(),
        messages: Sides {
            me: count(Side::Me),
            them: count(Side::Them),
        },
        text: clip(&chat.text(first), 120),
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
        gap_hours: round2(opts.thresholds.gap_hours),
        late_reply_hours: round2(opts.thresholds.late_reply_hours),
        recent: convs.list[start..]
            .iter()
            .map(|c| entry(chat, msgs, c))
            .collect(),
    }
}

/// Messages a day of each person.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Day {
    pub date: String,
    pub me: usize,
    pub them: usize,
}

/// A conversation's start and who opened it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Opened {
    pub at: String,
    pub opener: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub from: Option<String>,
    pub daily: Vec<Day>,
    pub conversations: Vec<Opened>,
}

/// The last 120 days (up to now) of daily counts and openers.
fn series(ctx: &Context) -> Series {
    let Some(first) = ctx.msgs.first() else {
        return Series {
            from: None,
            daily: Vec::new(),
            conversations: Vec::new(),
        };
    };
    let last_day = ctx.now().day_number();
    let from_day = (last_day - 119).max(first.time.day_number());
    let mut daily: Vec<Day> = (from_day..=last_day)
        .map(|d| Day {
            date: pullaway_chat::Date::from_days(d).to_string(),
            me: 0,
            them: 0,
        })
        .collect();
    let start = pullaway_chat::Date::from_days(from_day).start();
    for m in &ctx.msgs[ctx.first_at(start)..] {
        let k = (m.time.day_number() - from_day) as usize;
        if let Some(day) = daily.get_mut(k) {
            match m.side {
                Side::Me => day.me += 1,
                Side::Them => day.them += 1,
            }
        }
    }
    let conversations = ctx
        .conversations_since(start)
        .map(|c| Opened {
            at: ctx.msgs[c.first].time.to_string(),
            opener: c.opener.name(),
        })
        .collect();
    Series {
        from: Some(pullaway_chat::Date::from_days(from_day).to_string()),
        daily,
        conversations,
    }
}

/// Builds the analysis context for a chat and runs `f` on it. Fails only
/// when the two people cannot be told apart.
pub fn with_context<T>(
    chat: &Chat,
    opts: &Options,
    f: impl FnOnce(&mut Context) -> T,
) -> Result<T, CoachError> {
    let pair = resolve_pair(chat, opts.me.as_deref(), opts.them.as_deref())?;
    // Only what happened up to "now" counts.
    let msgs = timeline_until(chat, pair, Some(opts.now));
    let lex = Lexicon::all();
    let (gap, late) = (opts.gap_secs(), opts.late_reply_secs());
    let answers = answers_after_pauses(chat, &msgs, lex, gap, late);
    let mut texts = chat.texts();
    let convs = split_with(&msgs, gap, late, |i| {
        answers[i].unwrap_or_else(|| reads_as_answer(&mut texts, &msgs[i], lex))
    });
    let mut ctx = Context::new(
        chat,
        msgs,
        convs,
        opts,
        lex,
        chat.name_of(pair.them).to_owned(),
    );
    ctx.me = chat.name_of(pair.me).to_owned();
    Ok(f(&mut ctx))
}

/// Analyses a chat into a report.
pub fn analyze(chat: &Chat, opts: &Options) -> Result<Report, CoachError> {
    with_context(chat, opts, report)
}

/// Analyses a chat and hands the context and the report to `f` (for `draft`,
/// which judges a message in the report's situation).
pub fn analyze_with<T>(
    chat: &Chat,
    opts: &Options,
    f: impl FnOnce(&Context, &Report) -> T,
) -> Result<T, CoachError> {
    with_context(chat, opts, |ctx| {
        let r = report(ctx);
        f(ctx, &r)
    })
}

fn report(ctx: &mut Context) -> Report {
    let opts = ctx.opts;
    let detected = trend::detect_event(ctx).map(|(d, cp)| {
        let ev = Event {
            date: d.to_string(),
            source: "detected",
            probability: Some(round2(cp.probability_3d)),
            probability_day: Some(round2(cp.probability)),
            p_change: Some(round2(cp.p_change)),
        };
        (d, cp, ev)
    });
    let (event, key) = match opts.event {
        Some(d) => (
            Some(Event {
                date: d.to_string(),
                source: "given",
                probability: None,
                probability_day: None,
                p_change: None,
            }),
            Some(KeyDate {
                date: d,
                detected: None,
            }),
        ),
        None => match detected.clone() {
            Some((d, cp, ev)) => (
                Some(ev),
                Some(KeyDate {
                    date: d,
                    detected: Some(cp.probability),
                }),
            ),
            None => (None, None),
        },
    };
    // With a given date, the detected change (if any) is still reported, so
    // a chart can show both.
    let change_point = detected.map(|(_, _, ev)| ev);
    ctx.event = key.map(|k| k.date);
    let ctx: &Context = ctx;
    let trend = trend::analyze(ctx, key);
    let recent = recent::measure(ctx, &trend);
    let rules = Rules {
        two_to_one: two_to_one::check(ctx),
        mirroring: mirroring::check(ctx),
        clinginess: clinginess::check(ctx, &trend),
        too_soon: too_soon::check(ctx),
        lead: lead::check(ctx),
        space: space::check(ctx, &recent, &trend),
        talk: talk::check(ctx, &recent),
    };
    let mut turn = turn(ctx);
    let next_step = situation::decide(
        ctx,
        &situation::Inputs {
            turn: &turn,
            rules: &rules,
            trend: &trend,
            recent: &recent,
            away: crate::away::current(ctx),
        },
    );
    // `turn` in the report is the situation's answer (SPEC: turn.verdict = next_step.action).
    turn.verdict = next_step.action;
    if let Some(r) = next_step.reasons.first() {
        turn.reason = r.clone();
    }
    let chat = ctx.chat;
    let msgs = &ctx.msgs;
    let count = |side| msgs.iter().filter(|m| m.side == side).count();
    let time = |m: Option<&Msg>| m.map(|m| m.time.to_string());
    Report {
        schema: SCHEMA,
        as_of: AsOf {
            time: opts.now,
            source: opts.now_source,
        },
        chat: ChatSummary {
            format: chat.format,
            name: chat.name.clone(),
            me: ctx.me.clone(),
            them: ctx.them.clone(),
            messages: Sides {
                me: count(Side::Me),
                them: count(Side::Them),
            },
            first: time(msgs.first()),
            last: time(msgs.last()),
            sources: chat.sources.clone(),
        },
        conversations: summarize(chat, msgs, &ctx.convs, opts),
        event,
        change_point,
        trend,
        turn,
        rules,
        recent,
        next_step,
        series: series(ctx),
        notes: chat.warnings.clone(),
    }
}

/// The time of the last message of either person, for a default "now".
pub fn last_time(chat: &Chat) -> Option<LocalTime> {
    chat.messages()
        .iter()
        .filter(|m| !m.kind.is_system())
        .map(|m| m.time)
        .max()
}

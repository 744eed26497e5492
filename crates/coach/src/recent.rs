//! Who is withdrawing *now*? The situation needs this judged on recent weeks,
//! relative to the other person, and re-anchored after a comeback (SPEC, "The
//! situation"): a drop since the key date that they have since recovered
//! from is no reason to give space, both going quiet is no one's withdrawal,
//! and you fading while they keep trying is yours.
//!
//! Two kinds of evidence, each explainable in one sentence:
//! - **rate**: their messages a day in the recent window against their
//!   baseline, next to the same ratio of yours (they fell, you did not);
//! - **silence**: your message waits for an answer, and they have been
//!   silent for days, longer than is usual for them.

#![warn(missing_docs)]

use pullaway_chat::{Date, LocalTime};
use serde::Serialize;

use crate::context::{round2, Context, DAY};
use crate::lexicon::Category;
use crate::stats::rate_ratio;
use crate::timeline::Side;
use crate::trend::{dispersion, Trend};

/// The two people's messages a day in the recent window, against a baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rates {
    /// The baseline window `[from, to)` and the recent one `[from, now]`.
    #[serde(serialize_with = "crate::context::ser_time")]
    pub baseline_from: LocalTime,
    /// The end of the baseline (the key date, or the start of the recent window).
    #[serde(serialize_with = "crate::context::ser_time")]
    pub baseline_to: LocalTime,
    /// The start of the recent window.
    #[serde(serialize_with = "crate::context::ser_time")]
    pub recent_from: LocalTime,
    /// Messages a day: baseline and recent.
    pub them_before: f64,
    /// Their messages a day in the recent window.
    pub them_recent: f64,
    /// Your messages a day in the baseline.
    pub me_before: f64,
    /// Your messages a day in the recent window.
    pub me_recent: f64,
    /// Recent ÷ baseline, with the 95% interval of theirs and yours.
    pub them_ratio: f64,
    /// The 95% interval of their ratio.
    pub them_interval: [f64; 2],
    /// Your recent ÷ baseline ratio.
    pub me_ratio: f64,
    /// The 95% interval of your ratio.
    pub me_interval: [f64; 2],
}

/// Everything the situation reads about the recent weeks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recent {
    /// Their latest real opener at least the settling days after the key
    /// date (timeline index): from it on, withdrawal is judged afresh.
    #[serde(skip)]
    pub comeback: Option<usize>,
    /// When that comeback was.
    #[serde(serialize_with = "crate::context::ser_opt_time")]
    pub comeback_at: Option<LocalTime>,
    /// Rates in the recent window (null with too little data; see `missing`).
    pub rates: Option<Rates>,
    /// Days since their last message, and whether a message of yours waits
    /// for their answer.
    pub their_silence_days: Option<f64>,
    /// Whether a message of yours waits for their answer.
    pub your_message_waits: bool,
    /// They are withdrawing now / you are.
    pub them_withdrawing: bool,
    /// You are the one withdrawing while they keep investing.
    pub me_withdrawing: bool,
    /// Why (one sentence), when either is true.
    pub why: Option<String>,
    /// What is missing to judge the rates, when they could not be judged.
    pub missing: Option<String>,
    /// Calls and mentions of calls ("call later?", "calling you") in the
    /// recent window: contact that may have moved to calls, which a chat
    /// export does not show.
    pub calls: usize,
}

/// A ratio counts as a clear fall at or below this, when its interval stays under 1.
const FALL: f64 = 0.6;
/// ... and only when it is at most this share of the other person's ratio.
const RELATIVE: f64 = 0.7;
/// Fewer baseline messages than this is no baseline.
const MIN_BASELINE: usize = 10;

/// Whether the latest message of mine (after their last) still waits for an
/// answer: it asks something or is a voice note or call, it opened a
/// conversation they never answered, or the conversation is still going.
pub fn my_message_waits(ctx: &Context) -> bool {
    let Some(last) = ctx.msgs.last() else {
        return false;
    };
    if last.side != Side::Me {
        return false;
    }
    if last.time.seconds_until(ctx.now()) < ctx.opts.gap_secs() {
        return true;
    }
    let their_last = ctx.msgs.iter().rposition(|m| m.side == Side::Them);
    let from = their_last.map_or(0, |t| t + 1);
    (from..ctx.msgs.len()).any(|i| ctx.msgs[i].awaits_answer || ctx.opens_conversation(i))
}

/// Their latest real opener on or after `from`.
fn last_opener_since(ctx: &Context, from: LocalTime) -> Option<usize> {
    ctx.convs
        .list
        .iter()
        .rev()
        .take_while(|c| ctx.msgs[c.first].time >= from)
        .find(|c| c.opener == Side::Them)
        .map(|c| c.first)
}

fn count(ctx: &Context, side: Side, from: LocalTime, to: LocalTime) -> usize {
    ctx.msgs[ctx.first_at(from)..ctx.first_at(to)]
        .iter()
        .filter(|m| m.side == side)
        .count()
}

fn rates(ctx: &Context, comeback: Option<LocalTime>) -> Result<Rates, String> {
    let now = ctx.now();
    let first = ctx
        .msgs
        .first()
        .ok_or("no messages yet")?
        .time
        .date()
        .start();
    let recent_days = ctx.th().recent_days;
    let mut recent_from = now.plus_seconds(-(recent_days * DAY as f64) as i64);
    let (baseline_from, baseline_to) = match ctx.event {
        Some(e) => {
            let e = e.start();
            recent_from = recent_from.max(e);
            (LocalTime(e.0 - 30 * DAY).max(first), e)
        }
        None => (LocalTime(recent_from.0 - 30 * DAY).max(first), recent_from),
    };
    if let Some(c) = comeback {
        recent_from = recent_from.max(c);
    }
    let base_days = baseline_from.seconds_until(baseline_to) as f64 / DAY as f64;
    let recent = recent_from.seconds_until(now) as f64 / DAY as f64;
    if base_days < 7.0 {
        return Err(format!(
            "at least 7 days of messages before {} are needed as a baseline",
            baseline_to.date()
        ));
    }
    if recent < 4.0 {
        return Err(format!(
            "only {recent:.1} days since {} (at least 4 are needed)",
            recent_from.prose()
        ));
    }
    let (tb, tr) = (
        count(ctx, Side::Them, baseline_from, baseline_to),
        count(ctx, Side::Them, recent_from, now.plus_seconds(1)),
    );
    let (mb, mr) = (
        count(ctx, Side::Me, baseline_from, baseline_to),
        count(ctx, Side::Me, recent_from, now.plus_seconds(1)),
    );
    if tb.min(mb) < MIN_BASELINE {
        return Err(format!(
            "too few messages in the baseline ({tb} from them, {mb} from you; {MIN_BASELINE} each are needed)"
        ));
    }
    // Daily counts of both windows, for the over-dispersion of real chats.
    let d0 = baseline_from.day_number();
    let days = (now.day_number() - d0 + 1).max(1) as usize;
    let split = (recent_from.day_number() - d0).clamp(0, days as i64) as usize;
    let mut per_side = [vec![0.0; days], vec![0.0; days]];
    for m in &ctx.msgs[ctx.first_at(baseline_from)..] {
        let k = (m.time.day_number() - d0) as usize;
        if k < days && (m.time < baseline_to || m.time >= recent_from) {
            per_side[m.side as usize][k] += 1.0;
        }
    }
    let ratio = |b: usize, r: usize, daily: &[f64]| {
        let phi = dispersion(daily, split);
        let rr = rate_ratio(r as f64, recent, b as f64, base_days, phi);
        let value = (r as f64 / recent) / (b as f64 / base_days);
        rr.map_or((value, [0.0, f64::INFINITY]), |x| (value, [x.lo, x.hi]))
    };
    let (tr_ratio, ti) = ratio(tb, tr, &per_side[Side::Them as usize]);
    let (mr_ratio, mi) = ratio(mb, mr, &per_side[Side::Me as usize]);
    Ok(Rates {
        baseline_from,
        baseline_to,
        recent_from,
        them_before: round2(tb as f64 / base_days),
        them_recent: round2(tr as f64 / recent),
        me_before: round2(mb as f64 / base_days),
        me_recent: round2(mr as f64 / recent),
        them_ratio: round2(tr_ratio),
        them_interval: [round2(ti[0]), round2(ti[1])],
        me_ratio: round2(mr_ratio),
        me_interval: [round2(mi[0]), round2(mi[1])],
    })
}

/// Since the key date (after the settling days, at least 3 days of it) they
/// have not opened a single conversation, though before it they opened at
/// least 3 and 30% of them: they stopped initiating, the first sign the
/// articles name.
fn stopped_opening(ctx: &Context) -> bool {
    let Some(e) = ctx.event else {
        return false;
    };
    let from = e
        .start()
        .plus_seconds((ctx.th().talk_settle_days * DAY as f64) as i64);
    if from.seconds_until(ctx.now()) < 3 * DAY {
        return false;
    }
    let base_from = LocalTime(e.start().0 - 30 * DAY);
    let before: Vec<Side> = ctx
        .conversations_since(base_from)
        .take_while(|c| ctx.msgs[c.first].time < e.start())
        .map(|c| c.opener)
        .collect();
    let theirs_before = before.iter().filter(|&&s| s == Side::Them).count();
    let opened_since = ctx
        .conversations_since(from)
        .any(|c| c.opener == Side::Them);
    theirs_before >= 3 && theirs_before * 10 >= before.len() * 3 && !opened_since
}

/// The recent weeks, measured.
pub fn measure(ctx: &Context, trend: &Trend) -> Recent {
    let th = ctx.th();
    let now = ctx.now();
    let comeback = ctx.opts.event.and_then(|e: Date| {
        let from = e
            .start()
            .plus_seconds((th.talk_settle_days * DAY as f64) as i64);
        last_opener_since(ctx, from)
    });
    let comeback_at = comeback.map(|i| ctx.msgs[i].time);
    // Their withdrawal is judged afresh from a comeback on; yours is not.
    let rates_them = rates(ctx, comeback_at);
    let rates_me = rates(ctx, None);
    let their_last = ctx.msgs.iter().rposition(|m| m.side == Side::Them);
    // Quiet during a stated absence is not silence: it counts from its end.
    let away_end = crate::away::latest(ctx).map(|a| a.until.min(now));
    let their_silence_days = their_last.map(|i| {
        let from = away_end.map_or(ctx.msgs[i].time, |e| e.max(ctx.msgs[i].time));
        round2(from.seconds_until(now) as f64 / DAY as f64)
    });
    let waits = my_message_waits(ctx);
    let theirs_waits = ctx.msgs.last().is_some_and(|m| m.side == Side::Them);
    let ongoing = ctx
        .msgs
        .last()
        .is_some_and(|m| m.time.seconds_until(now) < ctx.opts.gap_secs());

    let recent_from = now.plus_seconds(-(th.recent_days * DAY as f64) as i64);
    let calls = (ctx.first_at(recent_from)..ctx.msgs.len())
        .filter(|&i| match ctx.msgs[i].kind {
            pullaway_chat::Kind::Call(_) => true,
            pullaway_chat::Kind::Text => ctx.lex.has(ctx.text(i), Category::Calls),
            _ => false,
        })
        .count();
    let moved_to_calls = calls >= 3;
    let mut why = None;
    let (mut them_w, mut me_w) = (false, false);
    if let Ok(r) = &rates_them {
        let them_fell = !moved_to_calls
            && r.them_ratio <= FALL
            && r.them_interval[1] < 1.0
            && r.them_ratio <= RELATIVE * r.me_ratio;
        let since = r.recent_from.date();
        if them_fell && !theirs_waits && !ongoing {
            them_w = true;
            let you = if r.me_ratio >= 0.9 {
                format!(
                    "while you write as much as before ({:.0}% of your usual)",
                    r.me_ratio * 100.0
                )
            } else {
                format!("while you write {:.0}% of your usual", r.me_ratio * 100.0)
            };
            why = Some(format!(
                "Since {since} {} writes {:.1} messages a day, {:.0}% of their {:.1} before, {you}.",
                ctx.them,
                r.them_recent,
                r.them_ratio * 100.0,
                r.them_before,
            ));
        }
    }
    if let (Ok(r), false) = (&rates_me, them_w) {
        let me_fell =
            r.me_ratio <= FALL && r.me_interval[1] < 1.0 && r.me_ratio <= RELATIVE * r.them_ratio;
        let since = r.recent_from.date();
        // You fading while they keep trying: they open most of the recent
        // conversations though you used to open your share, and your
        // messages fell (in number or in length) more than theirs.
        let openers = |from: LocalTime, to: LocalTime| {
            let list: Vec<Side> = ctx
                .conversations_since(from)
                .take_while(|c| ctx.msgs[c.first].time < to)
                .map(|c| c.opener)
                .collect();
            let theirs = list.iter().filter(|&&s| s == Side::Them).count();
            (theirs, list.len())
        };
        // The last (up to) 10 conversations since the baseline ended.
        let last10 = ctx
            .convs
            .list
            .iter()
            .rev()
            .take(10)
            .filter(|c| ctx.msgs[c.first].time >= r.baseline_to)
            .last()
            .map_or(now, |c| ctx.msgs[c.first].time);
        let (theirs, n) = openers(last10.min(r.recent_from), now.plus_seconds(1));
        let (theirs_before, n_before) = openers(r.baseline_from, r.baseline_to);
        let i_used_to_open = n_before >= 4 && (n_before - theirs_before) * 100 >= n_before * 35;
        let they_open_now = n >= 6 && theirs * 4 >= n * 3;
        let words = |side: Side, from: LocalTime, to: LocalTime| {
            let w: Vec<f64> = (ctx.first_at(from)..ctx.first_at(to))
                .filter(|&i| {
                    ctx.msgs[i].side == side && ctx.msgs[i].kind == pullaway_chat::Kind::Text
                })
                .map(|i| f64::from(crate::features::word_count(ctx.text(i))))
                .collect();
            // The mean: word counts are small whole numbers, their median jumps.
            (w.len() >= 5).then(|| w.iter().sum::<f64>() / w.len() as f64)
        };
        let shorter = |side: Side| match (
            words(side, r.baseline_from, r.baseline_to),
            words(side, r.recent_from, now.plus_seconds(1)),
        ) {
            (Some(b), Some(a)) if b > 0.0 => Some(a / b),
            _ => None,
        };
        let my_words = shorter(Side::Me);
        let their_words = shorter(Side::Them).unwrap_or(1.0);
        // Your messages got shorter, and much more so than theirs.
        let words_fell = my_words.is_some_and(|w| w <= FALL && w <= FALL * their_words);
        if they_open_now && i_used_to_open && (me_fell || words_fell) {
            me_w = true;
            let how = if me_fell {
                format!(
                    "you write {:.1} messages a day, {:.0}% of your {:.1} before, while {} kept {:.0}% of theirs",
                    r.me_recent,
                    r.me_ratio * 100.0,
                    r.me_before,
                    ctx.them,
                    r.them_ratio * 100.0
                )
            } else {
                format!(
                    "your messages got much shorter ({:.0}% of their length before) while {}'s did not",
                    my_words.unwrap_or(0.0) * 100.0,
                    ctx.them
                )
            };
            why = Some(format!(
                "Since {since} {} opened {theirs} of the {n} conversations (before, you opened {} of {n_before}), and {how}.",
                ctx.them,
                n_before - theirs_before
            ));
        }
    }
    // Silence: the chat ended on you — your message waits, or it is their
    // turn to open (2:1) — and they have been quiet for days, longer than
    // usual for them (or the space days, whatever their history).
    let their_turn = crate::turn::recent_openers(ctx) < 2;
    if !them_w && !me_w && !theirs_waits && (waits || their_turn) && !ongoing {
        if let Some(s) = their_silence_days {
            let unusual = trend.silence_p95_days.is_some_and(|p| s > p);
            // Without a message of yours waiting, only a week of silence on
            // their turn, or a silence after a drop, says they withdraw: a
            // few quiet days on both sides are a shared quiet spell.
            let dropped = trend.verdict == Some(crate::trend::Verdict::PullingAway);
            // With a known rhythm (their 95th percentile pause), a silence
            // within it is their normal, however long; without one, a week.
            let p95 = trend.silence_p95_days;
            let long = s >= th.space_days && p95.is_none_or(|p| s > p);
            // They stopped starting conversations since the key date: then
            // a silence longer than three in four of their pauses is enough.
            let stopped = stopped_opening(ctx);
            let longer_than_most = crate::trend::pause_quantile(ctx, 0.75).is_some_and(|p| s > p);
            let enough = if waits {
                unusual || long
            } else {
                long || (unusual && dropped) || (stopped && longer_than_most)
            };
            if s >= 2.0 && enough {
                them_w = true;
                why = Some(format!(
                    "{} and {} has been silent for {s:.0} days{}.",
                    if waits {
                        "Your message waits for an answer"
                    } else if stopped {
                        "Since the key date they have not started a single conversation"
                    } else {
                        "The next conversation is theirs to start"
                    },
                    ctx.them,
                    if unusual {
                        ", longer than 95% of their past pauses"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    Recent {
        comeback,
        comeback_at,
        missing: rates_them.as_ref().err().cloned(),
        rates: rates_them.ok(),
        their_silence_days,
        your_message_waits: waits,
        them_withdrawing: them_w,
        me_withdrawing: me_w,
        why,
        calls,
    }
}

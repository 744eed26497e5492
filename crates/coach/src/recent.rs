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
//!
//! `measure` computes first — the rates, their silence, then who withdraws
//! (a `Withdrawal`, holding its evidence) — and only then puts the reason in
//! words (`Withdrawal::why`).

#![warn(missing_docs)]

use pullaway_chat::LocalTime;
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
    first_reach_out(ctx).is_some()
}

/// How much of their silence (`days` since their last message) is held
/// against them when you reached out since: all of it, unless you were
/// both quiet for a week or more (the space days), longer than their usual
/// pauses (`p95`), before you wrote — a trip, a holiday — then only the
/// days since you reached out. (Three quiet days before two unanswered
/// messages in a daily chat are still theirs.) A quiet spell you shared is not them ignoring you, and a
/// message of yours from yesterday after it is not yet unanswered for long.
pub fn silence_against_you(ctx: &Context, days: f64, p95: Option<f64>) -> f64 {
    let Some(waited) = reach_out_days(ctx) else {
        return days;
    };
    let waited = waited.min(days);
    let shared = days - waited;
    if shared >= ctx.th().space_days && p95.is_none_or(|p| shared > p) {
        waited
    } else {
        days
    }
}

/// How many days your first reach-out since their last message has waited.
fn reach_out_days(ctx: &Context) -> Option<f64> {
    first_reach_out(ctx).map(|i| ctx.msgs[i].time.seconds_until(ctx.now()) as f64 / DAY as f64)
}

/// Your first message since their last one that reaches out to them: it
/// opens a conversation, or asks something (a question, a voice note, a
/// call). A last word of yours in their conversation ("night! sleep well")
/// is not one. Its index in the timeline.
pub fn first_reach_out(ctx: &Context) -> Option<usize> {
    let their_last = ctx.msgs.iter().rposition(|m| m.side == Side::Them);
    let from = their_last.map_or(0, |t| t + 1);
    (from..ctx.msgs.len()).find(|&i| ctx.msgs[i].awaits_answer || ctx.opens_conversation(i))
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

/// The recent weeks, measured: the comeback, the rates, their silence and
/// the calls, then who withdraws (`withdrawal`) and why, in words.
pub fn measure(ctx: &Context, trend: &Trend) -> Recent {
    let comeback = comeback(ctx);
    let comeback_at = comeback.map(|i| ctx.msgs[i].time);
    // Their withdrawal is judged afresh from a comeback on; yours is not.
    let rates_them = rates(ctx, comeback_at);
    let rates_me = rates(ctx, None);
    let their_silence_days = their_silence_days(ctx);
    let waits = my_message_waits(ctx);
    let calls = recent_calls(ctx);
    let withdrawal = withdrawal(
        ctx,
        trend,
        (rates_them.as_ref().ok(), rates_me.as_ref().ok()),
        their_silence_days,
        waits,
        calls,
    );
    let them_withdrawing = withdrawal.as_ref().is_some_and(Withdrawal::is_theirs);
    let me_withdrawing = withdrawal.as_ref().is_some_and(|w| !w.is_theirs());
    let why = withdrawal.map(|w| w.why(&ctx.them));
    Recent {
        comeback,
        comeback_at,
        missing: rates_them.as_ref().err().cloned(),
        rates: rates_them.ok(),
        their_silence_days,
        your_message_waits: waits,
        them_withdrawing,
        me_withdrawing,
        why,
        calls,
    }
}

/// Their latest real opener at least the settling days after the key date
/// given (`--event`): from it on, their withdrawal is judged afresh.
fn comeback(ctx: &Context) -> Option<usize> {
    let key_date = ctx.opts.event?;
    let from = key_date
        .start()
        .plus_seconds((ctx.th().talk_settle_days * DAY as f64) as i64);
    last_opener_since(ctx, from)
}

/// Days since their last message (none before their first). Quiet during a
/// stated absence is not silence: it counts from the absence's end.
fn their_silence_days(ctx: &Context) -> Option<f64> {
    let now = ctx.now();
    let their_last = ctx.msgs.iter().rfind(|m| m.side == Side::Them)?.time;
    let away_end = crate::away::latest(ctx).map(|a| a.until.min(now));
    let from = away_end.map_or(their_last, |end| end.max(their_last));
    Some(round2(from.seconds_until(now) as f64 / DAY as f64))
}

/// Calls, and texts that mention calls, in the recent window.
fn recent_calls(ctx: &Context) -> usize {
    let recent_from = ctx
        .now()
        .plus_seconds(-(ctx.th().recent_days * DAY as f64) as i64);
    (ctx.first_at(recent_from)..ctx.msgs.len())
        .filter(|&i| match ctx.msgs[i].kind {
            pullaway_chat::Kind::Call(_) => true,
            pullaway_chat::Kind::Text => ctx.with_text(i, |t| ctx.lex.has(t, Category::Calls)),
            _ => false,
        })
        .count()
}

/// Who withdraws, and on what evidence: computed here, put in words by
/// `why`.
enum Withdrawal<'r> {
    /// Their messages a day fell clearly, and relative to yours.
    TheirRate(&'r Rates),
    /// You fade while they keep trying.
    YouFade(Fading<'r>),
    /// They have been silent for days, and it is on them to write.
    TheirSilence(Silence),
}

/// You fading: they open most of the recent conversations though you used
/// to open your share, and your messages fell in number or in length.
struct Fading<'r> {
    /// Your rates (not re-anchored at a comeback).
    rates: &'r Rates,
    /// Your messages a day fell clearly (else: they got much shorter).
    rate_fell: bool,
    /// Your mean words per message, recent ÷ baseline.
    my_words: Option<f64>,
    /// Openers of the recent conversations.
    recent: Openers,
    /// Openers of the baseline's conversations.
    before: Openers,
}

/// Their silence as a sign of withdrawal.
struct Silence {
    /// Days since their last message.
    days: f64,
    /// Days your message has waited for their answer (when one waits).
    waited: Option<f64>,
    /// A message of yours waits for their answer.
    waits: bool,
    /// They have not opened a conversation since the key date.
    stopped: bool,
    /// Longer than 95% of their past pauses.
    unusual: bool,
}

/// Who opened the conversations of a window.
struct Openers {
    /// Opened by them.
    theirs: usize,
    /// All of them.
    total: usize,
}

impl Openers {
    /// The conversations that start in `[from, to)`.
    fn between(ctx: &Context, from: LocalTime, to: LocalTime) -> Openers {
        let openers: Vec<Side> = ctx
            .conversations_since(from)
            .take_while(|c| ctx.msgs[c.first].time < to)
            .map(|c| c.opener)
            .collect();
        let theirs = openers.iter().filter(|&&s| s == Side::Them).count();
        Openers {
            theirs,
            total: openers.len(),
        }
    }

    /// Opened by you.
    fn mine(&self) -> usize {
        self.total - self.theirs
    }
}

/// Who withdraws, tried in order: their rate, then you fading, then their
/// silence. `rates` are theirs (re-anchored at a comeback) and yours.
fn withdrawal<'r>(
    ctx: &Context,
    trend: &Trend,
    rates: (Option<&'r Rates>, Option<&'r Rates>),
    their_silence_days: Option<f64>,
    waits: bool,
    calls: usize,
) -> Option<Withdrawal<'r>> {
    let (rates_them, rates_me) = rates;
    // The chat ended on them, or is still going: no sign of their withdrawal.
    let theirs_waits = ctx.msgs.last().is_some_and(|m| m.side == Side::Them);
    let ongoing = ctx
        .msgs
        .last()
        .is_some_and(|m| m.time.seconds_until(ctx.now()) < ctx.opts.gap_secs());
    let on_them = !theirs_waits && !ongoing;
    if let Some(r) =
        rates_them.filter(|r| on_them && their_rate_fell(r, calls) && share_fell(ctx, r))
    {
        return Some(Withdrawal::TheirRate(r));
    }
    if let Some(fading) = rates_me.and_then(|r| you_fade(ctx, r)) {
        return Some(Withdrawal::YouFade(fading));
    }
    if !on_them {
        return None;
    }
    their_silence(ctx, trend, their_silence_days?, waits).map(Withdrawal::TheirSilence)
}

/// Their messages a day fell clearly (at or under `FALL`, with the interval
/// under one) and relative to yours (at most `RELATIVE` of your ratio),
/// unless contact moved to calls (3 or more recently).
fn their_rate_fell(rates: &Rates, calls: usize) -> bool {
    let moved_to_calls = calls >= 3;
    !moved_to_calls
        && rates.them_ratio <= FALL
        && rates.them_interval[1] < 1.0
        && rates.them_ratio <= RELATIVE * rates.me_ratio
}

/// Their share of the messages between you is lower in the recent window
/// than in the baseline, beyond chance (exact binomial, one-sided 10%):
/// the ratio of rates alone read 1 message of theirs against 2 of yours,
/// after a week you were both away, as them pulling away from you.
fn share_fell(ctx: &Context, rates: &Rates) -> bool {
    let count = |from: LocalTime, to: LocalTime| {
        let (mut them, mut me) = (0.0, 0.0);
        for m in &ctx.msgs[ctx.first_at(from)..ctx.first_at(to)] {
            match m.side {
                Side::Them => them += 1.0,
                Side::Me => me += 1.0,
            }
        }
        (them, me)
    };
    let (tb, mb) = count(rates.baseline_from, rates.baseline_to);
    let (tr, mr) = count(rates.recent_from, ctx.now().plus_seconds(1));
    if tb + mb <= 0.0 {
        return false;
    }
    let p = tb / (tb + mb);
    crate::stats::binom_cdf(tr, tr + mr, p) < 0.10
}

/// You fading while they keep trying: they open most of the recent
/// conversations (at least 6, three in four) though you used to open your
/// share (at least 4, 35%), and your messages fell (in number or in length)
/// more than theirs.
fn you_fade<'r>(ctx: &Context, rates: &'r Rates) -> Option<Fading<'r>> {
    let now = ctx.now();
    let rate_fell = rates.me_ratio <= FALL
        && rates.me_interval[1] < 1.0
        && rates.me_ratio <= RELATIVE * rates.them_ratio;
    // The last (up to) 10 conversations since the baseline ended.
    let last10 = ctx
        .convs
        .list
        .iter()
        .rev()
        .take(10)
        .filter(|c| ctx.msgs[c.first].time >= rates.baseline_to)
        .last()
        .map_or(now, |c| ctx.msgs[c.first].time);
    let recent = Openers::between(ctx, last10.min(rates.recent_from), now.plus_seconds(1));
    let before = Openers::between(ctx, rates.baseline_from, rates.baseline_to);
    let i_used_to_open = before.total >= 4 && before.mine() * 100 >= before.total * 35;
    let they_open_now = recent.total >= 6 && recent.theirs * 4 >= recent.total * 3;
    let my_words = length_ratio(ctx, rates, Side::Me);
    let their_words = length_ratio(ctx, rates, Side::Them).unwrap_or(1.0);
    // Your messages got shorter, and much more so than theirs.
    let words_fell = my_words.is_some_and(|w| w <= FALL && w <= FALL * their_words);
    (they_open_now && i_used_to_open && (rate_fell || words_fell)).then_some(Fading {
        rates,
        rate_fell,
        my_words,
        recent,
        before,
    })
}

/// One side's mean words per text message in `[from, to)`, from 5 messages.
fn mean_words(ctx: &Context, side: Side, from: LocalTime, to: LocalTime) -> Option<f64> {
    let words: Vec<f64> = (ctx.first_at(from)..ctx.first_at(to))
        .filter(|&i| ctx.msgs[i].side == side && ctx.msgs[i].kind == pullaway_chat::Kind::Text)
        .map(|i| f64::from(ctx.with_text(i, crate::features::word_count)))
        .collect();
    // The mean: word counts are small whole numbers, their median jumps.
    (words.len() >= 5).then(|| words.iter().sum::<f64>() / words.len() as f64)
}

/// One side's mean words per message, recent ÷ baseline.
fn length_ratio(ctx: &Context, rates: &Rates, side: Side) -> Option<f64> {
    match (
        mean_words(ctx, side, rates.baseline_from, rates.baseline_to),
        mean_words(ctx, side, rates.recent_from, ctx.now().plus_seconds(1)),
    ) {
        (Some(before), Some(recent)) if before > 0.0 => Some(recent / before),
        _ => None,
    }
}

/// Silence: the chat ended on you — your message `waits`, or it is their
/// turn to open (2:1) — and they have been quiet for `days`, longer than
/// usual for them (or the space days, whatever their history).
fn their_silence(ctx: &Context, trend: &Trend, days: f64, waits: bool) -> Option<Silence> {
    let their_turn = crate::turn::recent_openers(ctx) < 2;
    if !waits && !their_turn {
        return None;
    }
    let theirs = if waits {
        silence_against_you(ctx, days, trend.silence_p95_days)
    } else {
        days
    };
    let waited = (theirs < days).then_some(theirs);
    let unusual = trend.silence_p95_days.is_some_and(|p| theirs > p);
    // Without a message of yours waiting, only a week of silence on their
    // turn, or a silence after a drop, says they withdraw: a few quiet days
    // on both sides are a shared quiet spell.
    let dropped = trend.verdict == Some(crate::trend::Verdict::PullingAway);
    // With a known rhythm (their 95th percentile pause), a silence within
    // it is their normal, however long; without one, a week.
    let p95 = trend.silence_p95_days;
    let long = theirs >= ctx.th().space_days && p95.is_none_or(|p| theirs > p);
    // They stopped starting conversations since the key date: then a
    // silence longer than three in four of their pauses is enough.
    let stopped = stopped_opening(ctx);
    let longer_than_most = crate::trend::pause_quantile(ctx, 0.75).is_some_and(|p| days > p);
    let enough = if waits {
        unusual || long
    } else {
        long || (unusual && dropped) || (stopped && longer_than_most)
    };
    // A message of yours from yesterday is not yet being ignored, however
    // long the quiet before it (`wait` already says: no second message).
    let your_wait = reach_out_days(ctx).unwrap_or(theirs);
    let long_enough = theirs >= 2.0 && (!waits || your_wait >= 2.0);
    (long_enough && enough).then_some(Silence {
        days,
        waited,
        waits,
        stopped,
        unusual,
    })
}

impl Withdrawal<'_> {
    /// They withdraw (not you).
    fn is_theirs(&self) -> bool {
        !matches!(self, Withdrawal::YouFade(_))
    }

    /// Why, in one sentence; `them` is their name.
    fn why(&self, them: &str) -> String {
        match self {
            Withdrawal::TheirRate(rates) => their_rate_why(rates, them),
            Withdrawal::YouFade(fading) => fading_why(fading, them),
            Withdrawal::TheirSilence(silence) => silence_why(silence, them),
        }
    }
}

/// "Since … they write … messages a day, …% of their … before, while you …".
fn their_rate_why(rates: &Rates, them: &str) -> String {
    let since = rates.recent_from.date();
    let you = if rates.me_ratio >= 0.9 {
        format!(
            "while you write as much as before ({:.0}% of your usual)",
            rates.me_ratio * 100.0
        )
    } else {
        format!(
            "while you write {:.0}% of your usual",
            rates.me_ratio * 100.0
        )
    };
    format!(
        "Since {since} {them} writes {:.1} messages a day, {:.0}% of their {:.1} before, {you}.",
        rates.them_recent,
        rates.them_ratio * 100.0,
        rates.them_before,
    )
}

/// "Since … they opened … of the … conversations …, and you write less /
/// shorter".
fn fading_why(fading: &Fading, them: &str) -> String {
    let rates = fading.rates;
    let since = rates.recent_from.date();
    let how = if fading.rate_fell {
        format!(
            "you write {:.1} messages a day, {:.0}% of your {:.1} before, while {them} kept {:.0}% of theirs",
            rates.me_recent,
            rates.me_ratio * 100.0,
            rates.me_before,
            rates.them_ratio * 100.0
        )
    } else {
        format!(
            "your messages got much shorter ({:.0}% of their length before) while {them}'s did not",
            fading.my_words.unwrap_or(0.0) * 100.0,
        )
    };
    let (recent, before) = (&fading.recent, &fading.before);
    format!(
        "Since {since} {them} opened {} of the {} conversations (before, you opened {} of {}), and {how}.",
        recent.theirs,
        recent.total,
        before.mine(),
        before.total
    )
}

/// "Your message waits for an answer and … has been silent for … days".
fn silence_why(silence: &Silence, them: &str) -> String {
    let opening = if silence.waits {
        "Your message waits for an answer"
    } else if silence.stopped {
        "Since the key date they have not started a single conversation"
    } else {
        "The next conversation is theirs to start"
    };
    let beyond = if silence.unusual {
        ", longer than 95% of their past pauses"
    } else {
        ""
    };
    match silence.waited {
        Some(w) if silence.days - w >= 1.0 => format!(
            "Your message has waited {} for an answer{beyond}; {them} has been silent for {:.0} days.",
            days_word(w),
            silence.days
        ),
        _ => format!(
            "{opening} and {them} has been silent for {:.0} days{beyond}.",
            silence.days
        ),
    }
}

/// "a day", "3 days".
fn days_word(d: f64) -> String {
    if d < 1.5 {
        "a day".to_owned()
    } else {
        format!("{d:.0} days")
    }
}

//! Are they pulling away? Their behaviour after the key date E compared with
//! a baseline before it (SPEC, "Trend"), their current silence against their
//! past ones (M.I.A.), and, without E, the most likely change point.

#![warn(missing_docs)]

use pullaway_chat::{Date, Kind, LocalTime};
use serde::Serialize;

use crate::changepoint::{detect_relative, ChangePoint};
use crate::context::{round2, Context, DAY};
use crate::ratios::Day;
use crate::stats::{bootstrap_median_ratio, holm, rate_ratio, RateRatio};
use crate::timeline::Side;

/// One measure of them, before and after the key date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Signal {
    /// Its name (`messages_per_day`, ...).
    pub name: &'static str,
    /// Its value before.
    pub before: f64,
    /// Its value after.
    pub after: f64,
    /// After ÷ before.
    pub ratio: Option<f64>,
    /// The 95% interval of the ratio; an unbounded upper end is null.
    pub ci95: Option<[Option<f64>; 2]>,
    /// Two-sided p-value against no change (null for bootstrap intervals).
    pub p_value: Option<f64>,
    /// After Holm's correction over all signals.
    pub p_adjusted: Option<f64>,
    /// Changed significantly in the direction that means less engagement.
    pub worse: bool,
    /// Changed significantly in the direction that means more engagement.
    pub better: bool,
}

impl Signal {
    /// Changed clearly, or moved by half again or more either way: a
    /// "steady" verdict beside it is worded by what moved, never as "no
    /// clear change" (the trend's headline and the report's HOW SURE).
    pub fn moved_notably(&self) -> bool {
        self.worse || self.better || !(0.67..=1.5).contains(&self.ratio.unwrap_or(1.0))
    }
}

/// A window of days.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Window {
    /// Its start.
    pub from: String,
    /// Its end.
    pub to: String,
    /// Its length, days.
    pub days: f64,
}

/// `trend.verdict` of the JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// They write clearly less, relative to you.
    PullingAway,
    /// No clear change.
    Steady,
    /// They write clearly more, beyond you.
    WarmingUp,
    /// Both of you write clearly less: a shared quiet spell, not their withdrawal.
    BothQuieter,
    /// You write clearly less while they keep on.
    YouPullingAway,
}

impl Verdict {
    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::PullingAway => "pulling away",
            Verdict::Steady => "steady",
            Verdict::WarmingUp => "warming up",
            Verdict::BothQuieter => "both quieter",
            Verdict::YouPullingAway => "you are pulling away",
        }
    }
}

/// How strong a pulling away is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// The whole interval at or under 60% of before.
    Strong,
    /// A fall that the data support, but not a large one for sure.
    Mild,
}

impl Strength {
    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            Strength::Strong => "strong",
            Strength::Mild => "mild",
        }
    }
}

/// Your own message rate before and after, beside theirs: the verdict is
/// about them relative to you.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Yours {
    /// Your messages a day before.
    pub before: f64,
    /// Your messages a day after.
    pub after: f64,
    /// After ÷ before.
    pub ratio: Option<f64>,
    /// Its 95% interval.
    pub ci95: Option<[Option<f64>; 2]>,
}

/// Are they pulling away: their messages and share before and after the key date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trend {
    /// Null when there is too little data to judge (see `note`).
    pub verdict: Option<Verdict>,
    /// `strong` or `mild` for pulling away, else null.
    pub strength: Option<Strength>,
    /// Your messages a day before and after, for the comparison.
    pub yours: Option<Yours>,
    /// Silent longer than 95% of their past pauses.
    pub mia: bool,
    /// Days since their last message, and the 95th percentile of their past pauses.
    pub silence_days: Option<f64>,
    /// The 95th percentile of their past pauses, days.
    pub silence_p95_days: Option<f64>,
    /// The baseline window.
    pub baseline: Option<Window>,
    /// The window after the key date.
    pub after: Option<Window>,
    /// Every measure, before and after.
    pub signals: Vec<Signal>,
    /// Why there is no verdict, when there is none.
    pub note: Option<String>,
    /// One sentence: the verdict and the message rates.
    pub headline: String,
    /// The finding in plain words.
    pub summary: String,
}

/// The key date the trend is measured around.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyDate {
    /// The day.
    pub date: Date,
    /// For a detected day: the posterior probability of that exact day.
    pub detected: Option<f64>,
}

/// Without a given date: the most likely change day of their activity, when
/// a change is more likely than not and the verdict's own test confirms a
/// change in them at that day.
///
/// The day reads their counts and their share of the messages
/// (`changepoint::detect_relative`). The count model places the day well
/// (within ±3 days for 43–88% of 70% drops, 45–90% with the share) but is unsure whether there is a change at all on bursty chats:
/// its days are independent and real ones come in runs, so its posterior
/// reached 0.9 for a third to two thirds of real drops. So it only has to
/// find a change more likely than not (which keeps the search over days
/// from inventing one in long chats: without this gate, 13% of steady
/// 28–120-day chats got a change), and the relative test at that day
/// decides (`pulls_away`, or a clear rise of their rate and share): a
/// shared holiday or a quiet spell you both had is not a change in them.
pub fn detect_event(ctx: &Context) -> Option<(Date, ChangePoint)> {
    // Both people's days from the first message's day to now's.
    let d0 = ctx.msgs.first()?.time.day_number();
    let both = days_from(ctx, d0, (ctx.now().day_number() - d0 + 1).max(0) as usize);
    let counts: Vec<f64> = both.iter().map(|d| d.them).collect();
    let mine: Vec<f64> = both.iter().map(|d| d.me).collect();
    // Today is incomplete: leave it out.
    let complete = &counts[..counts.len().saturating_sub(1)];
    let cp = detect_relative(complete, &mine[..complete.len()], 7)?;
    if cp.p_change < 0.5 {
        return None;
    }
    // A "before" with activity on only a day or two is no baseline.
    if complete[..cp.day].iter().filter(|&&c| c > 0.0).count() < 3 {
        return None;
    }
    let ratio = cp.rate_after / cp.rate_before.max(1e-9);
    if (0.8..=1.25).contains(&ratio) {
        return None;
    }
    // A change of theirs that is not relative to you (a shared holiday, a
    // quiet spell you both had) is not a change in them: the same test as
    // the verdict must confirm it.
    let day = Date::from_days(d0 + cp.day as i64);
    let split = cp.day;
    let before = &both[split.saturating_sub(30)..split];
    let after = &both[split..counts.len().saturating_sub(1).max(split)];
    let r = crate::ratios::ratios(before, after)?;
    let relative_fall = pulls_away(&r);
    let relative_rise = r.them.up() && r.relative.up();
    (relative_fall || relative_rise).then_some((day, cp))
}

/// They pull away: their rate and their share of the messages, read
/// together, fell clearly (`ratios::Joint`); their rate fell by 15% or
/// more and their share fell at all; when you write clearly more than
/// before, their rate fell clearly on its own (you doubling your texting
/// lowers their share without them doing anything); and when you write
/// clearly less, their share fell too, at least at the 90% level (else you
/// both went quiet: measured, requiring the full 95% there lost a seventh
/// of real 70% drops, since your messages fall with theirs when there is
/// less of theirs to answer; requiring only a lower point let a fifth of
/// "both cooled" chats through).
fn pulls_away(r: &crate::ratios::Ratios) -> bool {
    r.joint.down()
        && r.them.point <= 0.85
        && r.relative.point < 1.0
        && (r.them.down() || !r.me.up())
        && (r.relative.fell_likely() || !r.me.down())
}

/// You both write less than before: both rates fell by 15% or more and
/// each is likely lower (one-sided 90%). The test is weaker than "clearly"
/// on purpose: "both quieter" is no alarm, and requiring both rates clearly
/// lower at once found it in only 37% of chats where both halved their
/// texting (measured; 61% now, and 6.3% of steady chats, whose after window
/// is then quieter for both).
fn both_quieter(r: &crate::ratios::Ratios) -> bool {
    r.them.fell_likely() && r.me.fell_likely() && r.them.point <= 0.85 && r.me.point <= 0.85
}

/// You pull away while they keep on: the mirror of `pulls_away` — your
/// rate and your share read together fell clearly, your rate by 15% or
/// more, their share rose — and they did not write less themselves: their
/// rate neither fell clearly nor likely fell by 15% or more, and kept at
/// least half its pace (then you both write less; "while Sam keeps on (0.4
/// a day, was 1.3)" was said before this, at 2 messages a day).
fn you_pull_away(r: &crate::ratios::Ratios) -> bool {
    r.joint_me.down()
        && r.me.point <= 0.85
        && r.relative.point > 1.0
        && !r.them.down()
        && !(r.them.fell_likely() && r.them.point <= 0.85)
        && r.them.point >= 0.5
}

/// Both people's messages per day from day `d0`, `n` days.
fn days_from(ctx: &Context, d0: i64, n: usize) -> Vec<Day> {
    let mut v = vec![Day::default(); n];
    if n == 0 {
        return v;
    }
    // Only the messages inside the days asked for (the timeline is sorted).
    let from = ctx.first_at(Date::from_days(d0).start());
    let to = ctx.first_at(Date::from_days(d0 + n as i64).start());
    // The day is worked out again only when a message passes the current
    // day's end (years of messages cost one comparison each).
    let (mut k, mut day_end) = (0usize, LocalTime(i64::MIN));
    for m in &ctx.msgs[from..to.max(from)] {
        if m.time >= day_end {
            let day = m.time.day_number() - d0;
            k = day.clamp(0, n as i64 - 1) as usize;
            day_end = Date::from_days(d0 + k as i64 + 1).start();
        }
        match m.side {
            Side::Them => v[k].them += 1.0,
            Side::Me => v[k].me += 1.0,
        }
    }
    v
}

/// Pearson dispersion of daily counts around each window's mean.
pub(crate) fn dispersion(counts: &[f64], split: usize) -> f64 {
    let (a, b) = counts.split_at(split.min(counts.len()));
    let mut chi2 = 0.0;
    for part in [a, b] {
        if part.is_empty() {
            continue;
        }
        let mu = (part.iter().sum::<f64>() / part.len() as f64).max(1e-3);
        chi2 += part.iter().map(|c| (c - mu).powi(2) / mu).sum::<f64>();
    }
    (chi2 / (counts.len() as f64 - 2.0).max(1.0)).max(1.0)
}

struct Builder {
    signals: Vec<Signal>,
    /// Per signal: a lower value means less engagement.
    lower_is_worse: Vec<bool>,
}

impl Builder {
    fn push(
        &mut self,
        name: &'static str,
        before: f64,
        after: f64,
        rr: Option<RateRatio>,
        lower_is_worse: bool,
    ) {
        self.signals.push(Signal {
            name,
            before: round2(before),
            after: round2(after),
            ratio: rr.map(|r| round2(r.ratio)).filter(|r| r.is_finite()),
            ci95: rr.map(|r| [Some(round2(r.lo)), r.hi.is_finite().then(|| round2(r.hi))]),
            p_value: rr.map(|r| r.p_value),
            p_adjusted: None,
            worse: false,
            better: false,
        });
        self.lower_is_worse.push(lower_is_worse);
    }
}

/// The two windows compared: the baseline before the key date (up to 30
/// days, at least 7) and the days after it up to now.
struct Windows {
    key: KeyDate,
    /// The baseline's first moment, and the key date's.
    base_from: LocalTime,
    key_start: LocalTime,
    base_days: f64,
    after_days: f64,
    /// Timeline indices: baseline start, key date, end.
    base_idx: usize,
    key_idx: usize,
    end_idx: usize,
}

/// The windows, or why there is nothing to compare (in words).
fn windows(ctx: &Context, key: Option<KeyDate>) -> Result<Windows, String> {
    let Some(key) = key else {
        return Err("No key date was given (--event) and no clear change in their activity was found, so there is nothing to compare.".into());
    };
    let Some(first) = ctx.msgs.first() else {
        return Err("No messages yet.".into());
    };
    let e = key.date.start();
    let base_from = LocalTime(e.0 - 30 * DAY).max(first.time.date().start());
    let base_days = (e.0 - base_from.0) as f64 / DAY as f64;
    let after_days = (ctx.now().0 - e.0) as f64 / DAY as f64;
    if e > ctx.now() {
        return Err(format!(
            "The key date {} is later than now ({}): there is no \"after\" yet.",
            key.date,
            ctx.now().date()
        ));
    }
    if e <= first.time.date().start() {
        return Err(format!(
            "The key date {} is on or before the first message ({}): there is no baseline before it to compare with.",
            key.date,
            first.time.date()
        ));
    }
    if base_days < 7.0 {
        return Err(format!(
            "Only {base_days:.0} days of messages before the key date {}; at least 7 are needed for a baseline.",
            key.date
        ));
    }
    if after_days < 3.0 {
        return Err(format!(
            "Only {after_days:.1} days have passed since the key date {}; wait a few more days.",
            key.date
        ));
    }
    Ok(Windows {
        key,
        base_from,
        key_start: e,
        base_days,
        after_days,
        base_idx: ctx.first_at(base_from),
        key_idx: ctx.first_at(e),
        end_idx: ctx.msgs.len(),
    })
}

/// Most messages a median (reply time, words) is computed from.
const MEDIAN_SAMPLE: usize = 20_000;

/// At most `max` of `idx`, evenly spread over it (all of it when shorter).
fn evenly(idx: &[usize], max: usize) -> std::borrow::Cow<'_, [usize]> {
    if idx.len() <= max {
        return std::borrow::Cow::Borrowed(idx);
    }
    let step = idx.len() as f64 / max as f64;
    std::borrow::Cow::Owned((0..max).map(|k| idx[(k as f64 * step) as usize]).collect())
}

/// Their signals before and after (messages, active days, openers, answers
/// to your openers, reply times, words, questions), with Holm's correction.
/// One function a signal, each pushing its measure; `Builder::correct`
/// then marks which changed.
fn side_signals(ctx: &Context, w: &Windows) -> Builder {
    let theirs = TheirMessages::in_windows(ctx, w);
    // Daily counts over both windows, for dispersion and active days.
    let daily = theirs.daily_counts(ctx, w);
    let split = (w.key_start.day_number() - w.base_from.day_number()) as usize;
    let phi = dispersion(&daily, split);
    let mut b = Builder {
        signals: Vec::new(),
        lower_is_worse: Vec::new(),
    };
    messages_per_day(&mut b, w, &theirs, phi);
    active_day_share(&mut b, w, &daily, split);
    conversations_opened_per_week(&mut b, ctx, w);
    reply_rate(&mut b, ctx, w);
    // Medians of years of messages don't need every message: an even
    // sample of at most MEDIAN_SAMPLE (the bootstrap resamples at most
    // 1,000 anyway) keeps a far key date as fast as a near one.
    let sample_before = evenly(&theirs.before, MEDIAN_SAMPLE);
    let sample_after = evenly(&theirs.after, MEDIAN_SAMPLE);
    // Words per message read texts (from the file, for a large export):
    // counted on the other core while the reply times are worked out.
    let texts = |idx: &[usize]| -> Vec<usize> {
        idx.iter()
            .copied()
            .filter(|&i| ctx.msgs[i].kind == Kind::Text)
            .collect()
    };
    let (texts_before, texts_after) = (texts(&sample_before), texts(&sample_after));
    let (chat, msgs) = (ctx.chat, &ctx.msgs[..]);
    let words = std::thread::scope(|s| {
        let words = s.spawn(|| {
            (
                crate::context::word_counts(chat, msgs, &texts_before),
                crate::context::word_counts(chat, msgs, &texts_after),
            )
        });
        median_reply_minutes(&mut b, ctx, &sample_before, &sample_after);
        words.join().expect("word counts never panic")
    });
    words_per_message(&mut b, ctx, words);
    questions_per_day(&mut b, ctx, w, &theirs, phi);
    b.correct();
    b
}

/// Their messages in the baseline and after the key date (timeline indices).
struct TheirMessages {
    /// In the baseline.
    before: Vec<usize>,
    /// After the key date.
    after: Vec<usize>,
}

impl TheirMessages {
    /// Their messages in the two windows.
    fn in_windows(ctx: &Context, w: &Windows) -> TheirMessages {
        let theirs = |range: std::ops::Range<usize>| {
            range
                .filter(|&i| ctx.msgs[i].side == Side::Them)
                .collect::<Vec<usize>>()
        };
        TheirMessages {
            before: theirs(w.base_idx..w.key_idx),
            after: theirs(w.key_idx..w.end_idx),
        }
    }

    /// Their messages a day, from the baseline's first day to now's.
    fn daily_counts(&self, ctx: &Context, w: &Windows) -> Vec<f64> {
        let first_day = w.base_from.day_number();
        let n_days = (ctx.now().day_number() - first_day + 1).max(1) as usize;
        let mut daily = vec![0.0; n_days];
        for &i in self.before.iter().chain(&self.after) {
            daily[(ctx.msgs[i].time.day_number() - first_day) as usize] += 1.0;
        }
        daily
    }
}

/// Their messages a day (over-dispersion `phi` from the daily counts).
fn messages_per_day(b: &mut Builder, w: &Windows, theirs: &TheirMessages, phi: f64) {
    let (before, after) = (theirs.before.len() as f64, theirs.after.len() as f64);
    b.push(
        "messages_per_day",
        before / w.base_days,
        after / w.after_days,
        rate_ratio(after, w.after_days, before, w.base_days, phi),
        true,
    );
}

/// The share of days they wrote on at all (`daily` split at the key date).
fn active_day_share(b: &mut Builder, w: &Windows, daily: &[f64], split: usize) {
    let active = |days: &[f64]| days.iter().filter(|&&c| c > 0.0).count() as f64;
    let (before, after) = (active(&daily[..split]), active(&daily[split..]));
    b.push(
        "active_day_share",
        before / w.base_days,
        after / w.after_days,
        rate_ratio(after, w.after_days, before, w.base_days, 1.0),
        true,
    );
}

/// Conversations they opened, a week.
fn conversations_opened_per_week(b: &mut Builder, ctx: &Context, w: &Windows) {
    let opened = |from: LocalTime, to: LocalTime| {
        ctx.convs
            .list
            .iter()
            .filter(|c| {
                c.opener == Side::Them
                    && ctx.msgs[c.first].time >= from
                    && ctx.msgs[c.first].time < to
            })
            .count() as f64
    };
    let before = opened(w.base_from, w.key_start);
    let after = opened(w.key_start, ctx.now().plus_seconds(1));
    b.push(
        "conversations_opened_per_week",
        before / w.base_days * 7.0,
        after / w.after_days * 7.0,
        rate_ratio(after, w.after_days, before, w.base_days, 1.0),
        true,
    );
}

/// Reply rate: the share of your openers they answered within 24 h (when
/// you opened at least 3 conversations in each window).
fn reply_rate(b: &mut Builder, ctx: &Context, w: &Windows) {
    let (answered_before, opened_before) = answered_openers(ctx, w.base_from, w.key_start);
    let (answered_after, opened_after) =
        answered_openers(ctx, w.key_start, ctx.now().plus_seconds(1));
    if opened_before >= 3.0 && opened_after >= 3.0 {
        b.push(
            "reply_rate",
            answered_before / opened_before,
            answered_after / opened_after,
            rate_ratio(
                answered_after,
                opened_after,
                answered_before,
                opened_before,
                1.0,
            ),
            true,
        );
    }
}

/// Of your openers in `[from, to)`: how many they answered within 24 h, and
/// how many there were.
fn answered_openers(ctx: &Context, from: LocalTime, to: LocalTime) -> (f64, f64) {
    let mut openers = 0.0;
    let mut answered = 0.0;
    for c in ctx.convs.list.iter().filter(|c| c.opener == Side::Me) {
        let opened_at = ctx.msgs[c.first].time;
        if opened_at < from || opened_at >= to {
            continue;
        }
        openers += 1.0;
        let deadline = opened_at.plus_seconds(DAY);
        if ctx.msgs[c.first..]
            .iter()
            .take_while(|m| m.time <= deadline)
            .any(|m| m.side == Side::Them)
        {
            answered += 1.0;
        }
    }
    (answered, openers)
}

/// The median of their reply times, minutes (from 5 replies in each
/// sample), with a bootstrap interval; higher is worse.
fn median_reply_minutes(b: &mut Builder, ctx: &Context, before: &[usize], after: &[usize]) {
    let (before, after) = (reply_minutes(ctx, before), reply_minutes(ctx, after));
    if before.len() >= 5 && after.len() >= 5 {
        let rr = bootstrap_median_ratio(
            &before.iter().map(|x| x.max(0.5)).collect::<Vec<_>>(),
            &after.iter().map(|x| x.max(0.5)).collect::<Vec<_>>(),
            ctx.opts.seed,
            2000,
        );
        b.push(
            "median_reply_minutes",
            crate::stats::median(&before).unwrap_or(0.0),
            crate::stats::median(&after).unwrap_or(0.0),
            rr,
            false,
        );
    }
}

/// Their reply times among `idx`, minutes.
fn reply_minutes(ctx: &Context, idx: &[usize]) -> Vec<f64> {
    idx.iter()
        .filter(|&&i| ctx.is_reply(i))
        .map(|&i| ctx.msgs[i - 1].time.seconds_until(ctx.msgs[i].time) as f64 / 60.0)
        .collect()
}

/// The median of their words per text message (from 5 in each sample; the
/// words of the sampled text messages before and after), with a bootstrap
/// interval.
fn words_per_message(b: &mut Builder, ctx: &Context, (before, after): (Vec<f64>, Vec<f64>)) {
    if before.len() >= 5 && after.len() >= 5 {
        let rr = bootstrap_median_ratio(&before, &after, ctx.opts.seed.wrapping_add(1), 2000);
        b.push(
            "words_per_message",
            crate::stats::median(&before).unwrap_or(0.0),
            crate::stats::median(&after).unwrap_or(0.0),
            rr,
            true,
        );
    }
}

/// Their questions (messages that await an answer) a day.
fn questions_per_day(
    b: &mut Builder,
    ctx: &Context,
    w: &Windows,
    theirs: &TheirMessages,
    phi: f64,
) {
    let questions =
        |idx: &[usize]| idx.iter().filter(|&&i| ctx.msgs[i].awaits_answer).count() as f64;
    let (before, after) = (questions(&theirs.before), questions(&theirs.after));
    b.push(
        "questions_per_day",
        before / w.base_days,
        after / w.after_days,
        rate_ratio(after, w.after_days, before, w.base_days, phi),
        true,
    );
}

impl Builder {
    /// Holm over all signals; direction decides worse/better.
    fn correct(&mut self) {
        let p_values: Vec<f64> = self
            .signals
            .iter()
            .map(|s| s.p_value.unwrap_or(1.0))
            .collect();
        let adjusted = holm(&p_values);
        for ((s, p), &lower_is_worse) in self
            .signals
            .iter_mut()
            .zip(adjusted)
            .zip(&self.lower_is_worse)
        {
            s.p_adjusted = s.p_value.map(|_| p);
            let significant = p < 0.05;
            let down = s.ratio.is_some_and(|r| r < 1.0);
            let up = s.ratio.is_none_or(|r| r > 1.0) && s.p_value.is_some();
            s.worse = significant && if lower_is_worse { down } else { up };
            s.better = significant && if lower_is_worse { up } else { down };
        }
    }
}

/// Their rate, yours and their share of the chat with intervals from a
/// model of the days (`ratios.rs`); puts the rate's interval and the share into the signals.
fn relative(ctx: &Context, w: &Windows, b: &mut Builder) -> (Option<crate::ratios::Ratios>, Yours) {
    let (base_from, e, base_days, after_days) =
        (w.base_from, w.key_start, w.base_days, w.after_days);
    let (bi, ei, ni) = (w.base_idx, w.key_idx, w.end_idx);
    let theirs =
        |r: std::ops::Range<usize>| r.filter(|&i| ctx.msgs[i].side == Side::Them).count() as f64;
    let (nb, na) = (theirs(bi..ei), theirs(ei..ni));
    // The verdict: their messages a day and their share of the chat, after
    // against before, with intervals from a model of the days that hold
    // their 95% on bursty, autocorrelated chats (see ratios.rs). They pull
    // away when both fell clearly — they write less, and less relative to
    // you; both quieter when you both fell and the share did not move; you
    // pull away when you fell and their share rose.
    let e_day = e.day_number();
    let base_day = base_from.day_number();
    let before_days = days_from(ctx, base_day, (e_day - base_day).max(0) as usize);
    let after_days_v = days_from(
        ctx,
        e_day,
        (ctx.now().day_number() + 1 - e_day).max(0) as usize,
    );
    let rr = crate::ratios::ratios(&before_days, &after_days_v);
    let mine =
        |r: std::ops::Range<usize>| r.filter(|&i| ctx.msgs[i].side == Side::Me).count() as f64;
    let (mb, ma) = (mine(bi..ei), mine(ei..ni));
    let ci = |r: crate::ratios::Ratio| [Some(round2(r.lo)), r.hi.is_finite().then(|| round2(r.hi))];
    let yours = Yours {
        before: round2(mb / base_days),
        after: round2(ma / after_days),
        ratio: rr.map(|r| round2(r.me.point)),
        ci95: rr.map(|r| ci(r.me)),
    };
    if let Some(r) = rr {
        // The message rate shows the same interval the verdict uses.
        let m = &mut b.signals[0];
        m.ratio = Some(round2(r.them.point));
        m.ci95 = Some(ci(r.them));
        m.worse = r.them.down();
        m.better = r.them.up();
        b.signals.insert(
            1,
            Signal {
                name: "share_of_messages",
                before: round2(nb / (nb + mb).max(1.0)),
                after: round2(na / (na + ma).max(1.0)),
                ratio: Some(round2(r.relative.point)),
                ci95: Some(ci(r.relative)),
                p_value: None,
                p_adjusted: None,
                worse: r.relative.down(),
                better: r.relative.up(),
            },
        );
        // The verdict's test: their rate and share read together.
        b.signals.insert(
            2,
            Signal {
                name: "rate_and_share_together",
                before: round2(nb / base_days),
                after: round2(na / after_days),
                ratio: None,
                ci95: None,
                p_value: Some(r.joint.p),
                p_adjusted: None,
                worse: r.joint.down(),
                better: false,
            },
        );
    }
    (rr, yours)
}

/// The verdict from the relative test and their silence, whether the
/// silence is theirs (you reached out during it) and whether it is shared.
fn verdict(
    ctx: &Context,
    rr: Option<crate::ratios::Ratios>,
    silence: (Option<f64>, Option<f64>),
) -> (Verdict, Option<Strength>, bool, bool) {
    let (silence_days, silence_p95_days) = silence;
    let (mut verdict, mut strength) = match rr {
        // Their rate fell clearly, and relative to yours: their share fell
        // clearly, or it fell by a fifth while your own rate held.
        Some(r) if pulls_away(&r) => {
            // Strong when the fall is big and the data back it: halfway (on a
            // log scale) between the estimate and the top of its 95%
            // interval — about one standard error above the estimate — their
            // rate is at or under 60% of before. The whole interval under
            // 60% was the rule while the intervals were too narrow; with
            // intervals that hold their 95% it called only a fifth of real
            // 70% drops strong. Measured (pullaway-eval realistic): 70% of
            // the calls at 70% drops are strong, 77% of those at 20–35%
            // drops mild.
            let strong = (r.them.point * r.them.hi).sqrt() <= 0.6;
            (
                Verdict::PullingAway,
                Some(if strong {
                    Strength::Strong
                } else {
                    Strength::Mild
                }),
            )
        }
        // You fell clearly more than they did (your share fell): you pull
        // away, even when their rate slipped too (fewer of yours to answer).
        Some(r) if you_pull_away(&r) => (Verdict::YouPullingAway, None),
        // You both write less: each rate likely lower (90%, one-sided) by
        // 15% or more.
        Some(r) if both_quieter(&r) => (Verdict::BothQuieter, None),
        Some(r) if r.them.up() && r.relative.up() && r.them.point >= 1.2 => {
            (Verdict::WarmingUp, None)
        }
        _ => (Verdict::Steady, None),
    };
    // Many days of total silence from them is never "steady". When you
    // reached out since their last message (you opened a conversation, or
    // something of yours waits for an answer: a question, a call), it is
    // theirs: pulling away, whatever the counts say. When nobody wrote since
    // their last message, or you only had the last word of that exchange
    // ("night! sleep well"), the silence is shared (it may even be your
    // turn): you both went quiet, which says nothing against them. Measured
    // on chats built from conversations: with a shared holiday, 5 of the 12
    // called "pulling away" on their silence alone had only a last word of
    // yours since (4.3% of those chats called "pulling away" → 3.3%).
    let reached_out = crate::recent::first_reach_out(ctx).is_some();
    // A week or more (the space days), and longer than 95% of their pauses.
    let long = |d: f64| d >= ctx.th().space_days && silence_p95_days.is_none_or(|p| d > p);
    let silent = silence_days.is_some_and(long);
    // Theirs when you reached out since their last message, counted from
    // your reaching out if you had both been quiet for a week or more
    // before it (`recent::silence_against_you`).
    let against_you = silence_days
        .map(|d| crate::recent::silence_against_you(ctx, d, silence_p95_days))
        .is_some_and(long);
    let long_silence = silent && reached_out && against_you;
    let quiet = matches!(
        verdict,
        Verdict::Steady | Verdict::WarmingUp | Verdict::BothQuieter
    );
    if long_silence && quiet {
        verdict = Verdict::PullingAway;
        strength = Some(Strength::Mild);
    } else if silent && quiet {
        verdict = Verdict::BothQuieter;
        strength = None;
    }
    let shared_silence = silent && !reached_out && verdict == Verdict::BothQuieter;
    (verdict, strength, long_silence, shared_silence)
}

/// Compares them after the key date with a baseline before it: the
/// windows, their signals, the relative test, the verdict, then the words.
pub fn analyze(ctx: &Context, key: Option<KeyDate>) -> Trend {
    let (silence_days, silence_p95_days, mia) = mia(ctx);
    let empty = |note: String| Trend {
        verdict: None,
        strength: None,
        yours: None,
        mia,
        silence_days,
        silence_p95_days,
        baseline: None,
        after: None,
        signals: Vec::new(),
        headline: note.clone(),
        summary: note.clone(),
        note: Some(note),
    };
    let w = match windows(ctx, key) {
        Ok(w) => w,
        Err(note) => return empty(note),
    };
    let mut b = side_signals(ctx, &w);
    let (rr, yours) = relative(ctx, &w, &mut b);
    let (verdict, strength, long_silence, shared_silence) =
        verdict(ctx, rr, (silence_days, silence_p95_days));
    let primary_down = rr.is_some_and(|r| r.them.down());
    let worse = b.signals.iter().skip(3).filter(|s| s.worse).count();
    let finding = Finding {
        them: &ctx.them,
        key: w.key,
        verdict,
        strength,
        signals: &b.signals,
        yours: &yours,
        base_days: w.base_days,
        after_days: w.after_days,
        silence: (silence_days, silence_p95_days),
        mia,
        silent_only: long_silence && !primary_down && worse < 2,
        shared_silence,
    };
    let (headline, summary) = (finding.headline(), finding.summary());
    let (base_days, after_days) = (w.base_days, w.after_days);
    Trend {
        headline,
        verdict: Some(verdict),
        strength,
        yours: Some(yours),
        mia,
        silence_days,
        silence_p95_days,
        baseline: Some(Window {
            from: w.base_from.to_string(),
            to: w.key_start.to_string(),
            days: round2(base_days),
        }),
        after: Some(Window {
            from: w.key_start.to_string(),
            to: ctx.now().to_string(),
            days: round2(after_days),
        }),
        signals: b.signals,
        note: None,
        summary,
    }
}

/// What a trend's words are made from: computing is done, this only says it.
struct Finding<'a> {
    them: &'a str,
    key: KeyDate,
    verdict: Verdict,
    strength: Option<Strength>,
    signals: &'a [Signal],
    yours: &'a Yours,
    base_days: f64,
    after_days: f64,
    /// Their current silence and the 95th percentile of their past pauses, days.
    silence: (Option<f64>, Option<f64>),
    mia: bool,
    /// The verdict rests on their silence alone (not on their rate).
    silent_only: bool,
    /// Nobody reached out for days since their last message: "both quieter".
    shared_silence: bool,
}

impl Finding<'_> {
    fn rate(&self) -> &Signal {
        &self.signals[0]
    }

    /// Beside "you write much less": they keep on, or (when their own
    /// estimate is lower too but not clearly) they write not clearly less.
    fn they_hold(&self) -> &'static str {
        if self.rate().ratio.unwrap_or(1.0) >= 0.85 {
            "keeps on"
        } else {
            "does not clearly write less"
        }
    }

    fn strength_word(&self) -> &'static str {
        self.strength.map_or("mild", Strength::label)
    }

    /// The finding in plain words: the verdict, both rates, what changed.
    fn summary(&self) -> String {
        let (them, key, rate, yours) = (self.them, self.key, self.rate(), self.yours);
        let strength_word = self.strength_word();
        let how = match self.verdict {
            Verdict::PullingAway => format!("{them} is pulling away ({strength_word})"),
            Verdict::WarmingUp => format!("{them} is writing more than before"),
            Verdict::BothQuieter => "you both write less than before".to_owned(),
            Verdict::YouPullingAway => {
                format!(
                    "you write much less than before, while {them} {}",
                    self.they_hold()
                )
            }
            Verdict::Steady => format!("no clear change in how much {them} writes"),
        };
        let changed: Vec<String> = self
            .signals
            .iter()
            .filter(|s| (s.worse || s.better) && s.name != "rate_and_share_together")
            .map(|s| format!("{} {} → {}", s.name.replace('_', " "), s.before, s.after))
            .collect();
        let mut summary = format!(
            "Since {}{}: {how}. {them} sent {:.1} messages a day in the {:.0} days before and {:.1} a day in the {:.0} days after",
            key.date,
            if key.detected.is_some() { " (the day their activity changed)" } else { "" },
            rate.before,
            self.base_days,
            rate.after,
            self.after_days
        );
        let pct = |x: f64| {
            if x > 0.0 && x < 0.005 {
                "under 1%".to_owned()
            } else {
                format!("{:.0}%", x * 100.0)
            }
        };
        match (rate.ratio, rate.ci95) {
            // Nothing at all since: a range around zero says nothing more.
            _ if rate.after == 0.0 && rate.before > 0.0 => {
                summary.push_str(" (nothing at all since).")
            }
            (Some(r), Some([Some(lo), hi])) => summary.push_str(&format!(
                " ({} of before, likely between {} and {}).",
                pct(r),
                pct(lo),
                hi.map_or("far more".to_owned(), pct)
            )),
            _ => summary.push('.'),
        }
        summary.push_str(&format!(
            " You sent {:.1} a day before and {:.1} after.",
            yours.before, yours.after
        ));
        if !changed.is_empty() {
            summary.push_str(&format!(" Changed clearly: {}.", changed.join("; ")));
        }
        if self.mia {
            summary.push_str(&format!(
                " They have been silent for {:.1} days, longer than 95% of their past pauses ({:.1} days).",
                self.silence.0.unwrap_or(0.0),
                self.silence.1.unwrap_or(0.0)
            ));
        }
        summary
    }

    /// One sentence: the verdict and the message rates.
    fn headline(&self) -> String {
        let (them, key, rate, yours) = (self.them, self.key, self.rate(), self.yours);
        let strength_word = self.strength_word();
        let rates = |dir: &str| {
            format!(
                "{:.1} messages a day since {}, {dir} {:.1}",
                rate.after, key.date, rate.before
            )
        };
        let names = |pick: fn(&Signal) -> bool| -> String {
            self.signals
                .iter()
                .filter(|s| pick(s))
                .map(|s| s.name.replace('_', " "))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self.verdict {
            Verdict::BothQuieter if self.shared_silence => format!(
                "Neither of you has reached out for {:.0} days since {them}'s last message: a quiet spell you share, not them pulling away.",
                self.silence.0.unwrap_or(0.0)
            ),
            Verdict::PullingAway if self.silent_only => format!(
                "{them} has been silent for {:.0} days.",
                self.silence.0.unwrap_or(0.0)
            ),
            Verdict::PullingAway if rate.after < rate.before => {
                format!("{them} is pulling away ({strength_word}): {}.", rates("down from"))
            }
            Verdict::PullingAway => format!(
                "{them} is pulling away ({strength_word}): clearly worse since {}: {}.",
                key.date,
                names(|s| s.worse)
            ),
            Verdict::WarmingUp if rate.after > rate.before => {
                format!("{them} is writing more: {}.", rates("up from"))
            }
            Verdict::WarmingUp => format!(
                "{them} is more engaged since {}: {}.",
                key.date,
                names(|s| s.better)
            ),
            Verdict::BothQuieter => format!(
                "You both write less since {}: {them} {:.1} a day (was {:.1}), you {:.1} (was {:.1}). A shared quiet spell is not them pulling away.",
                key.date, rate.after, rate.before, yours.after, yours.before
            ),
            Verdict::YouPullingAway => format!(
                "You write much less since {} ({:.1} a day, was {:.1}) while {them} {} ({:.1}, was {:.1}).",
                key.date,
                yours.after,
                yours.before,
                self.they_hold(),
                rate.after,
                rate.before
            ),
            Verdict::Steady => self.steady_headline(&rates("against")),
        }
    }

    /// "Steady" in words. A big move that is not clear is named as such:
    /// "no clear change" beside 8.4 a day against 4.2 reads as a mistake.
    fn steady_headline(&self, rates: &str) -> String {
        let (them, rate) = (self.them, self.rate());
        let ratio = rate.ratio.unwrap_or(1.0);
        let share_held = self
            .signals
            .iter()
            .find(|s| s.name == "share_of_messages")
            .is_none_or(|s| !s.worse && !s.better);
        let (clear, more) = (rate.worse || rate.better, ratio > 1.0);
        let dir = if more { "more" } else { "less" };
        if clear {
            let tail = if share_held {
                "and so do you: their share of your messages held, so nothing points at them pulling away"
            } else if more {
                "but you write more still: that is not them warming up"
            } else {
                "but relative to you nothing is clear: this is not them pulling away"
            };
            format!("{them} writes {dir} than before ({rates}), {tail}.")
        } else if rate.moved_notably() {
            format!(
                "{them} writes {dir} than before ({rates}), but not clearly: busy and quiet weeks move a chat like yours this much."
            )
        } else {
            format!("No clear change in how much {them} writes: {rates}.")
        }
    }
}

/// Their current silence, the 95th percentile of their past pauses (gaps of
/// at least G between two of their messages), and whether the current one is
/// longer (needs at least 5 past pauses).
fn mia(ctx: &Context) -> (Option<f64>, Option<f64>, bool) {
    let Some((current, mut pauses)) = their_pauses(ctx) else {
        return (None, None, false);
    };
    if pauses.len() < 5 {
        return (Some(round2(current)), None, false);
    }
    let p95 = quantile(&mut pauses, 0.95);
    (Some(round2(current)), Some(round2(p95)), current > p95)
}

/// The `q` quantile of their past pauses, days (at least 5 pauses).
pub fn pause_quantile(ctx: &Context, q: f64) -> Option<f64> {
    let (_, mut pauses) = their_pauses(ctx)?;
    (pauses.len() >= 5).then(|| quantile(&mut pauses, q))
}

fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let rank = q * (values.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    values[lo] + (values[hi] - values[lo]) * (rank - lo as f64)
}

/// Their current silence and past pauses (gaps of at least G between two of
/// their messages), days.
fn their_pauses(ctx: &Context) -> Option<(f64, Vec<f64>)> {
    let theirs: Vec<LocalTime> = ctx
        .msgs
        .iter()
        .filter(|m| m.side == Side::Them)
        .map(|m| m.time)
        .collect();
    let last = *theirs.last()?;
    let current = last.seconds_until(ctx.now()) as f64 / DAY as f64;
    let gap = ctx.opts.gap_secs();
    let pauses: Vec<f64> = theirs
        .windows(2)
        .map(|w| w[0].seconds_until(w[1]))
        .filter(|&g| g >= gap)
        .map(|g| g as f64 / DAY as f64)
        .collect();
    Some((current, pauses))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(name: &'static str, before: f64, after: f64, worse: bool, better: bool) -> Signal {
        Signal {
            name,
            before,
            after,
            ratio: Some(after / before),
            ci95: None,
            p_value: None,
            p_adjusted: None,
            worse,
            better,
        }
    }

    /// The headline a user reads for `verdict` with their rate and share.
    fn headline(verdict: Verdict, rate: Signal, share: Signal, yours: (f64, f64)) -> String {
        let signals = [rate, share];
        let yours = Yours {
            before: yours.0,
            after: yours.1,
            ratio: Some(yours.1 / yours.0),
            ci95: None,
        };
        Finding {
            them: "Sam",
            key: KeyDate {
                date: Date::new(2024, 3, 1).unwrap(),
                detected: None,
            },
            verdict,
            strength: None,
            signals: &signals,
            yours: &yours,
            base_days: 30.0,
            after_days: 14.0,
            silence: (None, None),
            mia: false,
            silent_only: false,
            shared_silence: false,
        }
        .headline()
    }

    #[test]
    fn steady_never_reads_as_no_change_beside_a_doubled_rate() {
        let share = signal("share_of_messages", 0.5, 0.5, false, false);
        // Their rate doubled, but a bursty chat moves that much: say so.
        let h = headline(
            Verdict::Steady,
            signal("messages_per_day", 4.2, 8.4, false, false),
            share.clone(),
            (4.0, 8.0),
        );
        assert!(
            h.starts_with("Sam writes more than before") && h.contains("not clearly"),
            "{h}"
        );
        // Their rate fell clearly, and yours with it: their share held.
        let h = headline(
            Verdict::Steady,
            signal("messages_per_day", 6.0, 3.0, true, false),
            share.clone(),
            (6.0, 3.0),
        );
        assert!(h.contains("writes less") && h.contains("so do you"), "{h}");
        // A small move is no clear change.
        let h = headline(
            Verdict::Steady,
            signal("messages_per_day", 4.0, 4.4, false, false),
            share,
            (4.0, 4.0),
        );
        assert!(h.starts_with("No clear change"), "{h}");
    }

    #[test]
    fn you_pulling_away_says_they_keep_on_only_when_they_do() {
        let share = signal("share_of_messages", 0.5, 0.6, false, true);
        let h = headline(
            Verdict::YouPullingAway,
            signal("messages_per_day", 4.0, 3.8, false, false),
            share.clone(),
            (4.0, 2.0),
        );
        assert!(h.contains("while Sam keeps on"), "{h}");
        let h = headline(
            Verdict::YouPullingAway,
            signal("messages_per_day", 4.0, 2.4, false, false),
            share,
            (4.0, 1.2),
        );
        assert!(
            h.contains("does not clearly write less") && !h.contains("keeps on"),
            "{h}"
        );
    }
}

//! Rule 3: clinginess. Your share of the messages, double and triple texts
//! (writing again after an hour or more without an answer), openers of yours
//! that got no answer, and whether you wrote more after E while they wrote
//! less.
//!
//! `check` measures the window first (`Found`), judges it, then words it.

#![warn(missing_docs)]

use pullaway_chat::LocalTime;
use serde::Serialize;

use super::{plural, Status};
use crate::context::{round2, Context, Evidence, DAY};
use crate::timeline::Side;
use crate::trend::Trend;

/// Your rate and theirs before and after the key date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RateChange {
    /// Messages a day in the baseline before E (up to 30 days) and after E.
    pub me_before: f64,
    /// Your messages a day after the key date.
    pub me_after: f64,
    /// Their messages a day before the key date.
    pub them_before: f64,
    /// Their messages a day after the key date.
    pub them_after: f64,
    /// You wrote more after E while they wrote less.
    pub you_up_they_down: bool,
}

/// Rule 3: clinginess.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Clinginess {
    /// ok, warn or alert.
    pub status: Status,
    /// The window, days.
    pub window_days: u32,
    /// Messages you sent again after an hour or more without an answer.
    pub double_texts: usize,
    /// Runs in which you did so twice or more.
    pub triple_texts: usize,
    /// Your share of the messages in the window.
    pub share_me: Option<f64>,
    /// Conversations you opened that they never answered.
    pub unanswered_openers: usize,
    /// Your rate and theirs around the key date.
    pub rate_change: Option<RateChange>,
    /// Whether there was enough to judge: 10 messages in the window, or a
    /// finding that stands on its own (a warning or an alert).
    pub judged: bool,
    /// The finding in plain words.
    pub summary: String,
    /// The messages behind it.
    pub evidence: Vec<Evidence>,
}

/// Whether my message `i - 1` was waiting for an answer when I wrote `i`:
/// it asked something or was a voice note or call, or it belongs to a
/// conversation of mine that they had not answered at all yet (an opener
/// and what I added to it). A conversation they took part in that ended on
/// my statement — "good night", "see you there", "haha same" — leaves
/// nothing waiting, however soon I write again.
fn was_waiting(ctx: &Context, i: usize) -> bool {
    let prev = &ctx.msgs[i - 1];
    if prev.awaits_answer {
        return true;
    }
    let k = ctx.convs.list.partition_point(|c| c.first < i);
    let Some(c) = k.checked_sub(1).map(|k| ctx.convs.list[k]) else {
        return false;
    };
    c.opener == Side::Me && ctx.msgs[c.first..i].iter().all(|m| m.side == Side::Me)
}

/// Checks your texting for clinginess: measures the window (`Found`), rates
/// it (`Found::status`), then puts it in words.
pub fn check(ctx: &Context, trend: &Trend) -> Clinginess {
    let found = Found::measure(ctx, trend);
    let status = found.status(ctx);
    let judged = found.total >= 10 || status != Status::Ok;
    let summary = if judged {
        found.summary(&ctx.them, status)
    } else {
        format!(
            "Not enough to judge yet: {} in the last {} days (10 are needed).",
            plural(found.total, "message", "messages"),
            found.days
        )
    };
    let evidence = found.evidence(ctx);
    Clinginess {
        status,
        judged,
        window_days: found.days,
        double_texts: found.double_texts.len(),
        triple_texts: found.triple_texts,
        share_me: found.share_me,
        unanswered_openers: found.unanswered.len(),
        rate_change: found.rate_change,
        summary,
        evidence,
    }
}

/// What the rule measured in its window, before it is judged and worded.
struct Found {
    /// The window, days.
    days: u32,
    /// Messages in the window.
    total: usize,
    /// Your share of them.
    share_me: Option<f64>,
    /// Timeline indices of the messages you sent again without an answer.
    double_texts: Vec<usize>,
    /// Runs in which you did so twice or more.
    triple_texts: usize,
    /// Timeline indices of your openers that got no answer.
    unanswered: Vec<usize>,
    /// Conversations in the window (at least 1).
    conversations: usize,
    /// Conversations you opened in the window (at least 1).
    my_openers: usize,
    /// Your rate and theirs around the key date.
    rate_change: Option<RateChange>,
}

impl Found {
    /// Counts the window of the last `clingy_days` days.
    fn measure(ctx: &Context, trend: &Trend) -> Found {
        let days = ctx.th().clingy_days;
        let range = ctx.last_days(f64::from(days));
        let total = range.len();
        let mine = ctx.msgs[range.clone()]
            .iter()
            .filter(|m| m.side == Side::Me)
            .count();
        let share_me = (total > 0).then(|| round2(mine as f64 / total as f64));
        let (double_texts, triple_texts) = double_texts(ctx, range);
        let since = ctx.now().plus_seconds(-i64::from(days) * DAY);
        // Counts matter relative to how much you talk: 3 double texts in 10
        // conversations is a habit, in 90 it is life.
        let conversations = ctx.conversations_since(since).count().max(1);
        let my_openers = ctx
            .conversations_since(since)
            .filter(|c| c.opener == Side::Me)
            .count()
            .max(1);
        Found {
            days,
            total,
            share_me,
            double_texts,
            triple_texts,
            unanswered: unanswered_openers(ctx, since),
            conversations,
            my_openers,
            rate_change: rate_change(trend),
        }
    }

    /// Alert or warn on your share of the messages (from 10 of them), on
    /// double texts per conversation, on unanswered openers per opener of
    /// yours, or (alert) on you writing more while they write less.
    fn status(&self, ctx: &Context) -> Status {
        let th = ctx.th();
        let level = |n: usize, of: usize, count: usize, share: f64| {
            n >= count && n as f64 >= share * of as f64
        };
        let share = self.share_me.filter(|_| self.total >= 10).unwrap_or(0.0);
        let up_down = self
            .rate_change
            .as_ref()
            .is_some_and(|r| r.you_up_they_down);
        let (doubles, unanswered) = (self.double_texts.len(), self.unanswered.len());
        if share > th.clingy_share_alert
            || level(doubles, self.conversations, th.clingy_count_alert, 0.2)
            || level(unanswered, self.my_openers, th.clingy_count_alert, 0.4)
            || up_down
        {
            Status::Alert
        } else if share > th.clingy_share_warn
            || level(doubles, self.conversations, th.clingy_count_warn, 0.1)
            || level(unanswered, self.my_openers, th.clingy_count_warn, 0.25)
        {
            Status::Warn
        } else {
            Status::Ok
        }
    }

    /// The finding in plain words (when it could be judged); `them` is
    /// their name.
    fn summary(&self, them: &str, status: Status) -> String {
        let mut parts = Vec::new();
        if let Some(share) = self.share_me {
            parts.push(format!(
                "you sent {:.0}% of the messages of the last {} days",
                share * 100.0,
                self.days
            ));
        }
        parts.push(format!(
            "you wrote again while your message still waited for an answer {}",
            plural(self.double_texts.len(), "time", "times")
        ));
        if !self.unanswered.is_empty() {
            parts.push(format!(
                "{} of your openers got no answer",
                self.unanswered.len()
            ));
        }
        let mut summary = format!("{}.", capitalize(&parts.join("; ")));
        if let Some(r) = self.rate_change.as_ref().filter(|r| r.you_up_they_down) {
            summary.push_str(&format!(
                " Since the key date you write more ({:.1} → {:.1} a day) while {them} writes less ({:.1} → {:.1}).",
                r.me_before, r.me_after, r.them_before, r.them_after
            ));
        }
        if status != Status::Ok {
            summary.push_str(" Give them room to answer: one message, then wait.");
        }
        summary
    }

    /// The latest 4 double texts (in order) and the latest 2 unanswered
    /// openers (latest first).
    fn evidence(&self, ctx: &Context) -> Vec<Evidence> {
        let mut evidence: Vec<Evidence> = self
            .double_texts
            .iter()
            .rev()
            .take(4)
            .rev()
            .map(|&i| {
                let minutes = ctx.msgs[i - 1].time.seconds_until(ctx.msgs[i].time) / 60;
                ctx.evidence(
                    i,
                    Some(format!(
                        "sent {} after your previous message, which still waited for an answer",
                        duration(minutes)
                    )),
                )
            })
            .collect();
        evidence.extend(
            self.unanswered
                .iter()
                .rev()
                .take(2)
                .map(|&i| ctx.evidence(i, Some("an opener of yours with no answer".into()))),
        );
        evidence
    }
}

/// Your messages in `range` sent after an hour or more (the double-text
/// minutes) without an answer while the previous one still waited
/// (`was_waiting`), and how many runs did so twice or more.
fn double_texts(ctx: &Context, range: std::ops::Range<usize>) -> (Vec<usize>, usize) {
    let gap = (ctx.th().double_text_minutes * 60.0).round() as i64;
    let mut doubles = Vec::new();
    let mut triples = 0;
    let mut resends_in_run = 0;
    for i in range {
        let m = &ctx.msgs[i];
        if m.side != Side::Me {
            resends_in_run = 0;
            continue;
        }
        if i > 0
            && ctx.msgs[i - 1].side == Side::Me
            && ctx.msgs[i - 1].time.seconds_until(m.time) >= gap
            && was_waiting(ctx, i)
        {
            resends_in_run += 1;
            doubles.push(i);
            if resends_in_run == 2 {
                triples += 1;
            }
        }
    }
    (doubles, triples)
}

/// Conversations since `since` that you opened and they never answered
/// (their first messages).
fn unanswered_openers(ctx: &Context, since: LocalTime) -> Vec<usize> {
    ctx.conversations_since(since)
        .filter(|c| {
            c.opener == Side::Me
                && ctx.msgs[c.first..=c.last]
                    .iter()
                    .all(|m| m.side == Side::Me)
        })
        .map(|c| c.first)
        .collect()
}

/// Your rate and theirs before and after the key date, from the same
/// windows as the trend (one definition of "before" and "after").
fn rate_change(trend: &Trend) -> Option<RateChange> {
    let (theirs, yours) = (trend.signals.first()?, trend.yours.as_ref()?);
    Some(RateChange {
        me_before: yours.before,
        me_after: yours.after,
        them_before: theirs.before,
        them_after: theirs.after,
        // Clearly, not by chance: your interval above 1, theirs below.
        you_up_they_down: yours.ci95.is_some_and(|c| c[0].is_some_and(|lo| lo > 1.0))
            && theirs.ci95.is_some_and(|c| c[1].is_some_and(|hi| hi < 1.0)),
    })
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// `45 min`, `3 h`, `2 days`.
pub fn duration(minutes: i64) -> String {
    if minutes < 60 {
        format!("{minutes} min")
    } else if minutes < 48 * 60 {
        format!("{:.0} h", minutes as f64 / 60.0)
    } else {
        format!("{:.0} days", minutes as f64 / 1440.0)
    }
}

//! Rule 3: clinginess. Your share of the messages, double and triple texts
//! (writing again after an hour or more without an answer), openers of yours
//! that got no answer, and whether you wrote more after E while they wrote
//! less.

#![warn(missing_docs)]

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

/// Checks your texting for clinginess.
pub fn check(ctx: &Context, trend: &Trend) -> Clinginess {
    let th = ctx.th();
    let days = th.clingy_days;
    let range = ctx.last_days(f64::from(days));
    let gap = (th.double_text_minutes * 60.0).round() as i64;

    let total = range.len();
    let mine = ctx.msgs[range.clone()]
        .iter()
        .filter(|m| m.side == Side::Me)
        .count();
    let share_me = (total > 0).then(|| round2(mine as f64 / total as f64));

    let mut double = Vec::new();
    let mut triple = 0;
    let mut resends_in_run = 0;
    for i in range.clone() {
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
            double.push(i);
            if resends_in_run == 2 {
                triple += 1;
            }
        }
    }

    let since = ctx.now().plus_seconds(-i64::from(days) * DAY);
    let unanswered: Vec<usize> = ctx
        .conversations_since(since)
        .filter(|c| {
            c.opener == Side::Me
                && ctx.msgs[c.first..=c.last]
                    .iter()
                    .all(|m| m.side == Side::Me)
        })
        .map(|c| c.first)
        .collect();

    // The same windows as the trend (one definition of "before" and "after").
    let rate_change = match (trend.signals.first(), &trend.yours) {
        (Some(t), Some(y)) => Some(RateChange {
            me_before: y.before,
            me_after: y.after,
            them_before: t.before,
            them_after: t.after,
            // Clearly, not by chance: your interval above 1, theirs below.
            you_up_they_down: y.ci95.is_some_and(|c| c[0].is_some_and(|lo| lo > 1.0))
                && t.ci95.is_some_and(|c| c[1].is_some_and(|hi| hi < 1.0)),
        }),
        _ => None,
    };

    // Counts matter relative to how much you talk: 3 double texts in 10
    // conversations is a habit, in 90 it is life.
    let conversations = ctx.conversations_since(since).count().max(1);
    let my_openers = ctx
        .conversations_since(since)
        .filter(|c| c.opener == Side::Me)
        .count()
        .max(1);
    let level =
        |n: usize, of: usize, count: usize, share: f64| n >= count && n as f64 >= share * of as f64;
    let share = share_me.filter(|_| total >= 10).unwrap_or(0.0);
    let up_down = rate_change.as_ref().is_some_and(|r| r.you_up_they_down);
    let (d, u) = (double.len(), unanswered.len());
    let status = if share > th.clingy_share_alert
        || level(d, conversations, th.clingy_count_alert, 0.2)
        || level(u, my_openers, th.clingy_count_alert, 0.4)
        || up_down
    {
        Status::Alert
    } else if share > th.clingy_share_warn
        || level(d, conversations, th.clingy_count_warn, 0.1)
        || level(u, my_openers, th.clingy_count_warn, 0.25)
    {
        Status::Warn
    } else {
        Status::Ok
    };

    let them = &ctx.them;
    let mut parts = Vec::new();
    if let Some(s) = share_me {
        parts.push(format!(
            "you sent {:.0}% of the messages of the last {days} days",
            s * 100.0
        ));
    }
    parts.push(format!(
        "you wrote again while your message still waited for an answer {}",
        plural(double.len(), "time", "times")
    ));
    if !unanswered.is_empty() {
        parts.push(format!(
            "{} of your openers got no answer",
            unanswered.len()
        ));
    }
    let mut summary = format!("{}.", capitalize(&parts.join("; ")));
    if let Some(r) = &rate_change {
        if r.you_up_they_down {
            summary.push_str(&format!(
                " Since the key date you write more ({:.1} → {:.1} a day) while {them} writes less ({:.1} → {:.1}).",
                r.me_before, r.me_after, r.them_before, r.them_after
            ));
        }
    }
    if status != Status::Ok {
        summary.push_str(" Give them room to answer: one message, then wait.");
    }
    let mut evidence: Vec<Evidence> = double
        .iter()
        .rev()
        .take(4)
        .rev()
        .map(|&i| {
            let mins = ctx.msgs[i - 1].time.seconds_until(ctx.msgs[i].time) / 60;
            ctx.evidence(
                i,
                Some(format!(
                    "sent {} after your previous message, which still waited for an answer",
                    duration(mins)
                )),
            )
        })
        .collect();
    evidence.extend(
        unanswered
            .iter()
            .rev()
            .take(2)
            .map(|&i| ctx.evidence(i, Some("an opener of yours with no answer".into()))),
    );
    let judged = total >= 10 || status != Status::Ok;
    let summary = if judged {
        summary
    } else {
        format!(
            "Not enough to judge yet: {} in the last {days} days (10 are needed).",
            plural(total, "message", "messages")
        )
    };
    Clinginess {
        status,
        judged,
        window_days: days,
        double_texts: double.len(),
        triple_texts: triple,
        share_me,
        unanswered_openers: unanswered.len(),
        rate_change,
        summary,
        evidence,
    }
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

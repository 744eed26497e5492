//! Rule 3: clinginess. Your share of the messages, double and triple texts
//! (writing again after an hour or more without an answer), openers of yours
//! that got no answer, and whether you wrote more after E while they wrote
//! less.

use serde::Serialize;

use super::{plural, Status};
use crate::context::{round2, Context, Evidence, DAY};
use crate::timeline::Side;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RateChange {
    /// Messages a day in the baseline before E (up to 30 days) and after E.
    pub me_before: f64,
    pub me_after: f64,
    pub them_before: f64,
    pub them_after: f64,
    /// You wrote more after E while they wrote less.
    pub you_up_they_down: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Clinginess {
    pub status: Status,
    pub window_days: u32,
    /// Messages you sent again after an hour or more without an answer.
    pub double_texts: usize,
    /// Runs in which you did so twice or more.
    pub triple_texts: usize,
    pub share_me: Option<f64>,
    pub unanswered_openers: usize,
    pub rate_change: Option<RateChange>,
    pub summary: String,
    pub evidence: Vec<Evidence>,
}

/// Messages a day of each side in `[from, to)`.
fn rates(ctx: &Context, from: i64, to: i64) -> (f64, f64) {
    let days = ((to - from) as f64 / DAY as f64).max(1.0);
    let (a, b) = (
        ctx.first_at(pullaway_chat::LocalTime(from)),
        ctx.first_at(pullaway_chat::LocalTime(to)),
    );
    let me = ctx.msgs[a..b].iter().filter(|m| m.side == Side::Me).count() as f64;
    ((me / days), ((b - a) as f64 - me) / days)
}

pub fn check(ctx: &Context) -> Clinginess {
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

    let rate_change = ctx.event.map(|e| {
        let e = e.start().0;
        let first = ctx.msgs.first().map_or(e, |m| m.time.0);
        let (mb, tb) = rates(ctx, (e - 30 * DAY).max(first), e);
        let (ma, ta) = rates(ctx, e, ctx.now().0.max(e + DAY));
        RateChange {
            me_before: round2(mb),
            me_after: round2(ma),
            them_before: round2(tb),
            them_after: round2(ta),
            you_up_they_down: ma > mb * 1.1 && ta < tb * 0.9,
        }
    });

    let counts = double.len().max(unanswered.len());
    let share = share_me.filter(|_| total >= 10).unwrap_or(0.0);
    let up_down = rate_change.as_ref().is_some_and(|r| r.you_up_they_down);
    let status = if share > th.clingy_share_alert || counts >= th.clingy_count_alert || up_down {
        Status::Alert
    } else if share > th.clingy_share_warn || counts >= th.clingy_count_warn {
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
        "you wrote again after an hour or more without an answer {}",
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
                    "sent {} after your previous message, with no answer between",
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
    Clinginess {
        status,
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

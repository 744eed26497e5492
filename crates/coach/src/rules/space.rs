//! Rule 6: space and interest. When they are pulling away (or M.I.A.), step
//! back and give them space. From the history of their silences, estimate the
//! chance they reach out within the next week; after a week of space with
//! that chance under 20%, they are probably not interested.

use serde::Serialize;

use crate::context::{round2, Context, Evidence, DAY};
use crate::survival::{kaplan_meier, Obs};
use crate::timeline::Side;
use crate::trend::Trend;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Space {
    /// `not_applicable`, `giving_space`, `they_reached_out`, `probably_not_interested`.
    pub verdict: &'static str,
    /// Days since your last message, while theirs is older.
    pub days: Option<f64>,
    /// P(they reach out within 7 days | silent this long), Kaplan–Meier.
    pub p_reach_out_7d: Option<f64>,
    /// Past silences the estimate rests on (and how many ended with them writing).
    pub silences: usize,
    pub silences_ended_by_them: usize,
    /// Their current silence, days (from the end of the last conversation).
    pub silent_days: Option<f64>,
    /// The curve behind the estimate: for a silence of `days` so far, the
    /// chance they write within the next 7 days (null where no past silence
    /// lasted that long).
    pub curve: Vec<CurvePoint>,
    pub summary: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    pub days: f64,
    pub p_reach_out_7d: Option<f64>,
}

/// Their past silences: from the end of each conversation to the next
/// opener, ended (an event) when they opened, censored when you did; the
/// current silence is censored at now.
pub fn silences(ctx: &Context) -> Vec<Obs> {
    let list = &ctx.convs.list;
    let mut obs: Vec<Obs> = list
        .windows(2)
        .map(|w| Obs {
            duration: ctx.msgs[w[0].last]
                .time
                .seconds_until(ctx.msgs[w[1].first].time) as f64
                / DAY as f64,
            event: w[1].opener == Side::Them,
        })
        .collect();
    if let Some(last) = list.last() {
        obs.push(Obs {
            duration: ctx.msgs[last.last].time.seconds_until(ctx.now()) as f64 / DAY as f64,
            event: false,
        });
    }
    obs
}

pub fn check(ctx: &Context, trend: &Trend) -> Space {
    let th = ctx.th();
    let them = &ctx.them;
    let obs = silences(ctx);
    let km = kaplan_meier(&obs);
    let silent_days = obs.last().map(|o| round2(o.duration));
    let horizon = silent_days.unwrap_or(0.0).clamp(14.0, 60.0).ceil() as usize;
    let curve: Vec<CurvePoint> = (0..=horizon * 2)
        .map(|k| k as f64 / 2.0)
        .map(|d| CurvePoint {
            days: d,
            p_reach_out_7d: km.p_within(d, 7.0).map(round2),
        })
        .collect();
    let base = |verdict, days, p, summary| Space {
        verdict,
        days,
        p_reach_out_7d: p,
        silences: obs.len().saturating_sub(1),
        silences_ended_by_them: km.events,
        silent_days,
        curve: curve.clone(),
        summary,
        evidence: Vec::new(),
    };
    let pulling = trend.verdict == Some("pulling_away") || trend.mia;
    if !pulling {
        return base(
            "not_applicable",
            None,
            None,
            format!("{them} is not pulling away, so there is no reason to step back."),
        );
    }
    let last_me = ctx.msgs.iter().rposition(|m| m.side == Side::Me);
    let last_them = ctx.msgs.iter().rposition(|m| m.side == Side::Them);
    if let (Some(t), true) = (last_them, last_them > last_me) {
        let mut s = base(
            "they_reached_out",
            Some(0.0),
            None,
            format!(
                "{them} wrote last ({}). After a drop in contact, that is the moment for an open, honest talk about what happened between you.",
                ctx.msgs[t].time
            ),
        );
        s.evidence.push(ctx.evidence(t, None));
        return s;
    }
    let Some(mine) = last_me else {
        return base(
            "not_applicable",
            None,
            None,
            "You have not written yet.".into(),
        );
    };
    let days = ctx.msgs[mine].time.seconds_until(ctx.now()) as f64 / DAY as f64;
    let silent = obs.last().map_or(days, |o| o.duration);
    let p = km.p_within(silent, 7.0);
    let d = round2(days);
    let p_txt = p.map_or("no past pause of theirs lasted this long".to_owned(), |p| {
        format!(
            "from their {} past pauses, the chance they write within the next 7 days is {:.0}%",
            obs.len() - 1,
            p * 100.0
        )
    });
    if days >= th.space_days && p.is_none_or(|p| p < th.reach_out_min) {
        return base(
            "probably_not_interested",
            Some(d),
            p.map(round2),
            format!(
                "You have given {them} {days:.0} days of space and they have not reached out; {p_txt}. They are probably not interested right now."
            ),
        );
    }
    let day = (days.floor() as i64 + 1).min(th.space_days.ceil() as i64);
    base(
        "giving_space",
        Some(d),
        p.map(round2),
        format!(
            "Giving space: day {day} of {:.0}. Don't text first, don't ask why they went quiet, and don't post for their benefit; {p_txt}.",
            th.space_days
        ),
    )
}

//! Rule 6: space and interest. When they are withdrawing now (see
//! `recent.rs`), step back and give them space. From the history of their
//! silences, estimate the chance they reach out within the next week — only
//! when enough past silences lasted as long as the current one; after the
//! space days with that chance low or unknown, they are probably not
//! interested.

#![warn(missing_docs)]

use serde::Serialize;

use crate::context::{round2, Context, Evidence, DAY};
use crate::recent::Recent;
use crate::survival::{kaplan_meier, Obs};
use crate::timeline::Side;

/// `rules.space.verdict` of the JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpaceVerdict {
    /// They are not withdrawing now.
    NotApplicable,
    /// Day d of N of giving them space.
    GivingSpace,
    /// They came back after a quiet stretch.
    TheyReachedOut,
    /// N days of space without them reaching out.
    ProbablyNotInterested,
}

/// Rule 6: space and interest.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Space {
    /// The state.
    pub verdict: SpaceVerdict,
    /// Days since your last message, while theirs is older.
    pub days: Option<f64>,
    /// P(they reach out within 7 days | silent this long), Kaplan–Meier, for
    /// their current silence; null unless at least 3 past silences lasted as
    /// long as this one. Never exactly 0 or 1.
    pub p_reach_out_7d: Option<f64>,
    /// Past silences that lasted at least as long as the current one.
    pub comparable_silences: usize,
    /// Past silences the estimate rests on (and how many ended with them writing).
    pub silences: usize,
    /// How many of those ended with them writing.
    pub silences_ended_by_them: usize,
    /// Their current silence, days (from the end of the last conversation).
    pub silent_days: Option<f64>,
    /// The curve behind the estimate: for a silence of `days` so far, the
    /// chance they write within the next 7 days (null where fewer than 3
    /// past silences lasted that long).
    pub curve: Vec<CurvePoint>,
    /// The finding in plain words.
    pub summary: String,
    /// The messages behind it.
    pub evidence: Vec<Evidence>,
}

/// A point of the reach-out curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    /// Days of silence so far.
    pub days: f64,
    /// The chance they write within the next 7 days (null with too few comparable silences).
    pub p_reach_out_7d: Option<f64>,
}

/// Fewer comparable past silences than this: not enough history to tell.
pub const MIN_COMPARABLE: usize = 3;

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
        // The current silence is theirs: from their last message, not from
        // the end of a conversation you opened alone ("after silences this
        // long, Sam wrote again within a week about 83% of the time" was
        // said of a day since your unanswered opener, after 12 silent days
        // of theirs).
        // The end of the last conversation they took part in.
        let from = match ctx.msgs.iter().rposition(|m| m.side == Side::Them) {
            Some(i) => list
                .iter()
                .rev()
                .find(|c| c.first <= i && i <= c.last)
                .map_or(i, |c| c.last),
            None => last.last,
        };
        obs.push(Obs {
            duration: ctx.msgs[from].time.seconds_until(ctx.now()) as f64 / DAY as f64,
            event: false,
        });
    }
    obs
}

/// A chance in words that never says 0% or 100%, to stand where a
/// percentage would ("… within a week under 5% of the time", "it is about
/// 40%"): "rarely (under 5%) of the time" was said before.
pub fn chance_words(p: f64) -> String {
    if p < 0.05 {
        "under 5%".to_owned()
    } else if p > 0.95 {
        "over 95%".to_owned()
    } else {
        format!("about {:.0}%", p * 100.0)
    }
}

/// Clamps an estimate away from exactly 0 and 1 (a handful of past silences
/// never makes anything certain).
fn bounded(p: f64) -> f64 {
    round2(p.clamp(0.02, 0.98))
}

/// Space and interest: how long you have given space, and how likely they are to come back.
pub fn check(ctx: &Context, recent: &Recent, trend: &crate::trend::Trend) -> Space {
    let th = ctx.th();
    let them = &ctx.them;
    let obs = silences(ctx);
    let past = &obs[..obs.len().saturating_sub(1)];
    let km = kaplan_meier(&obs);
    let silent_days = obs.last().map(|o| round2(o.duration));
    let comparable_at = |d: f64| past.iter().filter(|o| o.duration >= d).count();
    let p_at = |d: f64| {
        (comparable_at(d) >= MIN_COMPARABLE)
            .then(|| km.p_within(d, 7.0))
            .flatten()
            .map(bounded)
    };
    let horizon = silent_days.unwrap_or(0.0).clamp(14.0, 60.0).ceil() as usize;
    let curve: Vec<CurvePoint> = (0..=horizon * 2)
        .map(|k| k as f64 / 2.0)
        .map(|d| CurvePoint {
            days: d,
            p_reach_out_7d: p_at(d),
        })
        .collect();
    let silent = silent_days.unwrap_or(0.0);
    let comparable = comparable_at(silent);
    // One figure for today, whatever the verdict (the chart shows the same).
    let p_now = p_at(silent);
    let base = |verdict, days, _p: Option<f64>, summary| Space {
        verdict,
        days,
        p_reach_out_7d: p_now,
        comparable_silences: comparable,
        silences: past.len(),
        silences_ended_by_them: km.events,
        silent_days,
        curve: curve.clone(),
        summary,
        evidence: Vec::new(),
    };
    if !recent.them_withdrawing {
        // They came back after a withdrawal: say so (the talk's moment).
        if let Some(c) = recent.comeback {
            let fresh =
                ctx.msgs[c].time.seconds_until(ctx.now()) < (th.space_days * DAY as f64) as i64;
            // A comeback after a quiet stretch (two days or more before it), or
            // after a drop since the key date.
            let quiet_before =
                c > 0 && ctx.msgs[c - 1].time.seconds_until(ctx.msgs[c].time) >= 2 * DAY;
            let dropped = trend.verdict == Some(crate::trend::Verdict::PullingAway);
            if fresh && (quiet_before || dropped) {
                let mut s = base(
                    SpaceVerdict::TheyReachedOut,
                    None,
                    None,
                    format!(
                        "{them} reached out on {}: no need to hold back now; answer warmly.",
                        ctx.msgs[c].time.prose()
                    ),
                );
                s.evidence.push(ctx.evidence(c, None));
                return s;
            }
        }
        return base(
            SpaceVerdict::NotApplicable,
            None,
            None,
            format!("{them} is not withdrawing right now, so there is no reason to step back."),
        );
    }
    let Some(mine) = ctx.msgs.iter().rposition(|m| m.side == Side::Me) else {
        return base(
            SpaceVerdict::NotApplicable,
            None,
            None,
            "You have not written yet.".into(),
        );
    };
    // Space is counted from your last message, or from the end of an
    // absence they told you about, whichever is later.
    let away_end = crate::away::latest(ctx).map(|a| a.until.min(ctx.now()));
    let from = away_end.map_or(ctx.msgs[mine].time, |e| e.max(ctx.msgs[mine].time));
    let days = from.seconds_until(ctx.now()) as f64 / DAY as f64;
    let p = p_at(silent);
    let d = round2(days);
    let p_txt = match p {
        Some(p) => format!(
            "after silences as long as this one, {them} wrote again within a week {} of the time ({comparable} past silences)",
            chance_words(p)
        ),
        None => format!(
            "their history has too few silences this long ({comparable} of the {MIN_COMPARABLE} needed) to say how likely they are to write"
        ),
    };
    // Carried alone: they have not written for twice the space days while you kept writing.
    let their_silence = ctx
        .msgs
        .iter()
        .rposition(|m| m.side == Side::Them)
        .map_or(days, |t| {
            let t = away_end.map_or(ctx.msgs[t].time, |e| e.max(ctx.msgs[t].time));
            t.seconds_until(ctx.now()) as f64 / DAY as f64
        });
    let alone = their_silence >= 2.0 * th.space_days;
    if (days >= th.space_days || alone) && p.is_none_or(|p| p < th.reach_out_min) {
        let mut s = base(
            SpaceVerdict::ProbablyNotInterested,
            Some(d),
            p,
            if days >= th.space_days {
                format!(
                    "{them} has not written for {their_silence:.0} days, and you have given {days:.0} days of space; {p_txt}. They are probably not interested right now."
                )
            } else {
                // Carried alone: you kept writing, so the space is short.
                format!(
                    "{them} has not written for {their_silence:.0} days while you kept writing; {p_txt}. They are probably not interested right now."
                )
            },
        );
        s.evidence
            .push(ctx.evidence(mine, Some("your last message".into())));
        return s;
    }
    let day = (days.floor() as i64 + 1).min(th.space_days.ceil() as i64);
    let mut s = base(
        SpaceVerdict::GivingSpace,
        Some(d),
        p,
        format!("Giving space: day {day} of {:.0}; {p_txt}.", th.space_days),
    );
    s.evidence
        .push(ctx.evidence(mine, Some("your last message".into())));
    s
}

#[cfg(test)]
mod tests {
    use super::chance_words;

    #[test]
    fn a_chance_reads_where_a_percentage_would() {
        for (p, said) in [(0.01, "under 5%"), (0.42, "about 42%"), (0.99, "over 95%")] {
            assert_eq!(chance_words(p), said);
            let sentence = format!(
                "Sam wrote again within a week {} of the time.",
                chance_words(p)
            );
            assert!(!sentence.contains(") of the time"), "{sentence}");
        }
    }
}

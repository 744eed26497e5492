//! Rule 5: lead-taking. Who proposes plans (let's..., are you free..., a day
//! and a time)? It is a good sign when they propose at least as often as you.

#![warn(missing_docs)]

use serde::Serialize;

use super::{plural, Status};
use crate::context::{Context, Evidence};
use crate::timeline::Side;
use crate::timeline::Sides;

/// Rule 5: who proposes plans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lead {
    /// ok, warn or alert.
    pub status: Status,
    /// The window, days.
    pub window_days: u32,
    /// Plans each of you proposed.
    pub plans: Sides<usize>,
    /// The finding in plain words.
    pub summary: String,
    /// The plans behind it.
    pub evidence: Vec<Evidence>,
}

/// Counts who proposes plans.
pub fn check(ctx: &Context) -> Lead {
    let days = ctx.th().lead_days;
    let plans: Vec<usize> = ctx
        .last_days(f64::from(days))
        .filter(|&i| ctx.feat(i).plan)
        .collect();
    let me = plans
        .iter()
        .filter(|&&i| ctx.msgs[i].side == Side::Me)
        .count();
    let them = plans.len() - me;
    let status = if them >= me {
        Status::Ok
    } else if me >= 3 && (them == 0 || me >= 3 * them) {
        Status::Alert
    } else {
        Status::Warn
    };
    let name = &ctx.them;
    let summary = match (me, them) {
        (0, 0) => format!("Nobody proposed a plan in the last {days} days."),
        _ if status == Status::Ok => format!(
            "In the last {days} days {name} proposed {} and you {me}: {name} is taking the lead, which is a good sign.",
            plural(them, "plan", "plans")
        ),
        _ => format!(
            "In the last {days} days you proposed {} and {name} {them}. Leave room for {name} to suggest the next one.",
            plural(me, "plan", "plans")
        ),
    };
    let evidence = plans
        .iter()
        .rev()
        .take(5)
        .rev()
        .map(|&i| ctx.evidence(i, None))
        .collect();
    Lead {
        status,
        window_days: days,
        plans: Sides { me, them },
        summary,
        evidence,
    }
}

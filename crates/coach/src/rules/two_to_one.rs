//! Rule 1, history: the 2:1 rule over the last 30 days. You start a
//! conversation only when they started the last two; count both sides'
//! openers and the openings of yours that came too early.

#![warn(missing_docs)]

use serde::Serialize;

use super::{plural, Status};
use crate::context::{Context, Evidence, DAY};
use crate::timeline::Side;
use crate::timeline::Sides;

/// Rule 1: the 2:1 rule over the window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TwoToOne {
    /// ok, warn or alert (ok when not judged).
    pub status: Status,
    /// The window, days.
    pub window_days: u32,
    /// Conversations each of you opened in the window.
    pub opened_30d: Sides<usize>,
    /// Your openings (in the window) that came when they had not opened both
    /// of the two conversations before.
    pub broken: usize,
    /// Whether there was enough to judge (at least 3 conversations in the window).
    pub judged: bool,
    /// The finding in plain words.
    pub summary: String,
    /// The openings behind it.
    pub evidence: Vec<Evidence>,
}

/// Whether the conversation at `k` (opened by me) broke the rule: the two
/// conversations before it were not both opened by them. The first two
/// conversations of a chat break nothing: someone has to start.
pub fn broke_rule(ctx: &Context, k: usize) -> bool {
    k >= 2
        && !(ctx.convs.list[k - 1].opener == Side::Them
            && ctx.convs.list[k - 2].opener == Side::Them)
}

/// Fewer conversations than this in the window: not enough to judge.
const MIN_CONVERSATIONS: usize = 3;

/// Counts openers against the 2:1 rule.
pub fn check(ctx: &Context) -> TwoToOne {
    let days = ctx.th().two_to_one_days;
    let since = ctx.now().plus_seconds(-i64::from(days) * DAY);
    let mut opened = Sides { me: 0, them: 0 };
    let mut broken = Vec::new();
    for (k, c) in ctx.convs.list.iter().enumerate() {
        if ctx.msgs[c.first].time < since {
            continue;
        }
        match c.opener {
            Side::Them => opened.them += 1,
            Side::Me => {
                opened.me += 1;
                if broke_rule(ctx, k) {
                    broken.push(k);
                }
            }
        }
    }
    let judged = opened.me + opened.them >= MIN_CONVERSATIONS;
    let status = if !judged || opened.me == 0 || opened.them >= 2 * opened.me {
        Status::Ok
    } else if opened.them >= opened.me {
        Status::Warn
    } else {
        Status::Alert
    };
    let them = &ctx.them;
    let mut summary = format!(
        "In the last {days} days {them} opened {} and you opened {} (the goal is at least two of theirs for each of yours).",
        plural(opened.them, "conversation", "conversations"),
        opened.me
    );
    if !judged {
        summary = format!(
            "Not enough to judge yet: {} in the last {days} days ({MIN_CONVERSATIONS} are needed).",
            plural(opened.me + opened.them, "conversation", "conversations")
        );
    } else if !broken.is_empty() {
        summary.push_str(&format!(
            " {} of yours came before {them} had opened the two conversations before it.",
            plural(broken.len(), "opening", "openings")
        ));
    }
    let evidence = broken
        .iter()
        .rev()
        .take(5)
        .rev()
        .map(|&k| {
            let c = &ctx.convs.list[k];
            let n = [k - 1, k - 2]
                .iter()
                .filter(|&&j| ctx.convs.list[j].opener == Side::Them)
                .count();
            ctx.evidence(
                c.first,
                Some(format!(
                    "you opened; {them} had opened {n} of the 2 conversations before"
                )),
            )
        })
        .collect();
    TwoToOne {
        status,
        window_days: days,
        opened_30d: opened,
        broken: broken.len(),
        judged,
        summary,
        evidence,
    }
}

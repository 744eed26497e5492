//! Rule 7: the talk. After the key date, once they have opened a
//! conversation again (at least two days after it, to let things settle), an
//! open, honest talk about what that night meant is due.

use serde::Serialize;

use crate::context::{Context, Evidence, DAY};
use crate::timeline::Side;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Talk {
    /// `not_applicable` (no key date), `not_yet`, or `due`.
    pub verdict: &'static str,
    /// When they first opened a conversation after the settling days.
    pub since: Option<String>,
    pub summary: String,
    pub evidence: Vec<Evidence>,
}

pub fn check(ctx: &Context) -> Talk {
    let them = &ctx.them;
    let Some(e) = ctx.event else {
        return Talk {
            verdict: "not_applicable",
            since: None,
            summary: "Give the key date with --event to get advice on when to talk.".into(),
            evidence: Vec::new(),
        };
    };
    let settle = (ctx.th().talk_settle_days * DAY as f64) as i64;
    let from = e.start().plus_seconds(settle);
    let opener = ctx
        .conversations_since(from)
        .find(|c| c.opener == Side::Them);
    match opener {
        Some(c) => Talk {
            verdict: "due",
            since: Some(ctx.msgs[c.first].time.to_string()),
            summary: format!(
                "{them} opened a conversation on {} after the key date: time for an honest talk about what happened between you and what each of you wants (`pullaway talk` has scripts).",
                ctx.msgs[c.first].time.date()
            ),
            evidence: vec![ctx.evidence(c.first, None)],
        },
        None => Talk {
            verdict: "not_yet",
            since: None,
            summary: format!(
                "Not yet: wait until {them} opens a conversation again (from {} on) before bringing up what happened between you.",
                from.date()
            ),
            evidence: Vec::new(),
        },
    }
}

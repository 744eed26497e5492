//! Rule 7: the talk, with its lifecycle. After the key date, once they have
//! opened a conversation again (a real opener, at least two days after it),
//! an honest talk about what that night meant is due — in person or on a
//! call. It lapses when they withdraw again or their last message is older
//! than the space days, and it is over once it happened: the user says so
//! (`--talked DATE`) or the chat shows it ("glad we talked").

#![warn(missing_docs)]

use pullaway_chat::LocalTime;
use serde::Serialize;

use crate::context::{Context, Evidence, DAY};
use crate::lexicon::Category;
use crate::recent::Recent;
use crate::timeline::Side;

/// `rules.talk.verdict` of the JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TalkState {
    /// No key date: nothing to talk about yet.
    NotApplicable,
    /// They have not opened a conversation again since the key date.
    NotYet,
    /// They opened again after the key date: time for an honest talk.
    Due,
    /// They opened again, then withdrew again.
    Lapsed,
    /// It happened.
    Done,
}

impl TalkState {
    /// In words, for a badge.
    pub fn label(self) -> &'static str {
        match self {
            TalkState::NotApplicable => "not applicable",
            TalkState::NotYet => "not yet",
            TalkState::Due => "time to talk",
            TalkState::Lapsed => "on hold",
            TalkState::Done => "done",
        }
    }
}

/// Rule 7: the talk.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Talk {
    /// Its state.
    pub verdict: TalkState,
    /// When they first opened a conversation after the settling days.
    #[serde(serialize_with = "crate::context::ser_opt_time")]
    pub since: Option<LocalTime>,
    /// When it happened (given or seen in the chat).
    #[serde(serialize_with = "crate::context::ser_opt_time")]
    pub done_at: Option<LocalTime>,
    /// The finding in plain words.
    pub summary: String,
    /// The message behind it.
    pub evidence: Vec<Evidence>,
}

/// Whether the talk is due, done, lapsed or not yet.
pub fn check(ctx: &Context, recent: &Recent) -> Talk {
    let them = &ctx.them;
    let make = |verdict, since, done_at, summary: String, evidence| Talk {
        verdict,
        since,
        done_at,
        summary,
        evidence,
    };
    // The talk is about the night (or whatever the key date was): a change
    // day pullaway detected by itself is not that.
    let Some(e) = ctx.opts.event else {
        return make(
            TalkState::NotApplicable,
            None,
            None,
            "Give the key date with --event to get advice on when to talk.".into(),
            Vec::new(),
        );
    };
    let settle = (ctx.th().talk_settle_days * DAY as f64) as i64;
    let from = e.start().plus_seconds(settle);
    // It happened: the user says so, or the chat shows it after the key date.
    let given = ctx
        .opts
        .talked
        .map(|d| d.start())
        .filter(|d| *d <= ctx.now());
    // The chat shows the talk in the weeks after their first comeback or in
    // the last months: those windows are read, not every message since the
    // key date (years of chat would cost seconds for nothing).
    let first_back = ctx
        .conversations_since(from)
        .find(|c| c.opener == Side::Them)
        .map(|c| c.first);
    let recent_from = ctx.first_at(ctx.now().plus_seconds(-180 * DAY).max(e.start()));
    let windows = [
        first_back.map(|b| b..ctx.first_at(ctx.msgs[b].time.plus_seconds(60 * DAY)).max(b)),
        Some(recent_from..ctx.msgs.len()),
    ];
    let talked = |i: &usize| {
        ctx.msgs[*i].kind == pullaway_chat::Kind::Text
            && ctx.with_text(*i, |t| ctx.lex.has(t, Category::Talked))
    };
    let seen = windows
        .into_iter()
        .flatten()
        .filter_map(|mut r| r.rfind(talked))
        .max();
    if given.is_some() || seen.is_some() {
        let at = given.or(seen.map(|i| ctx.msgs[i].time));
        let how = if given.is_some() {
            "you said so"
        } else {
            "the chat shows it"
        };
        return make(
            TalkState::Done,
            None,
            at,
            format!(
                "You have had the talk ({how}, {}). From here, follow how {them} acts rather than what was said.",
                at.map_or(String::new(), |t| t.date().to_string())
            ),
            seen.map(|i| vec![ctx.evidence(i, Some("shows the talk happened".into()))])
                .unwrap_or_default(),
        );
    }
    let Some(first) = first_back else {
        return make(
            TalkState::NotYet,
            None,
            None,
            format!(
                "Not yet: wait until {them} opens a conversation again (from {} on) before bringing up what happened between you.",
                from.date()
            ),
            Vec::new(),
        );
    };
    let since = Some(ctx.msgs[first].time);
    let their_last_old = recent
        .their_silence_days
        .is_some_and(|d| d >= ctx.th().space_days);
    if recent.them_withdrawing || their_last_old {
        return make(
            TalkState::Lapsed,
            since,
            None,
            format!(
                "{them} came back on {}, then went quiet again: the talk waits until they reach out again.",
                ctx.msgs[first].time.date()
            ),
            Vec::new(),
        );
    }
    let last = recent.comeback.unwrap_or(first);
    make(
        TalkState::Due,
        since,
        None,
        format!(
            "{them} opened a conversation on {} after the key date: a good time for an honest talk, in person or on a call, about what happened between you and what each of you wants (`pullaway talk` has scripts).",
            ctx.msgs[last].time.date()
        ),
        vec![ctx.evidence(last, Some("they opened this conversation".into()))],
    )
}

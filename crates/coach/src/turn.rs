//! Rule 1, turn: whose move is it right now? Reply to a waiting message;
//! wait while yours is unanswered (no double texts); otherwise open a new
//! conversation only when they opened the last two.

use serde::Serialize;

use crate::context::Context;
use crate::rules::clinginess::duration;
use crate::timeline::Side;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Turn {
    /// `your_move`, `wait` or `reply`.
    pub verdict: &'static str,
    pub reason: String,
    /// Of the last two conversations, how many they opened.
    pub they_opened_of_last_two: usize,
}

/// How many of the last two conversations they opened.
fn recent_openers(ctx: &Context) -> usize {
    ctx.convs
        .list
        .iter()
        .rev()
        .take(2)
        .filter(|c| c.opener == Side::Them)
        .count()
}

pub fn turn(ctx: &Context) -> Turn {
    let them = &ctx.them;
    let n = recent_openers(ctx);
    let make = |verdict, reason: String| Turn {
        verdict,
        reason,
        they_opened_of_last_two: n,
    };
    let Some(last_i) = ctx.msgs.len().checked_sub(1) else {
        return make("your_move", "There are no messages yet.".into());
    };
    let last = ctx.msgs[last_i];
    let ago_min = last.time.seconds_until(ctx.now()) / 60;
    let ago = duration(ago_min);
    let ongoing = ago_min * 60 < ctx.opts.gap_secs();
    if last.side == Side::Them {
        if ongoing {
            return make(
                "reply",
                format!("{them} wrote {ago} ago and the conversation is still going: reply."),
            );
        }
        // Their message is the last one: it is unanswered (SPEC: reply).
        let waiting = if last.awaits_answer {
            "is waiting for an answer"
        } else {
            "has no answer from you yet"
        };
        return make(
            "reply",
            format!("{them}'s message of {} {waiting}: reply.", last.time),
        );
    } else {
        if ongoing {
            return make(
                "wait",
                format!("Your message of {ago} ago has no answer yet: let {them} reply."),
            );
        }
        // My last run of messages: did they answer anything in its conversation?
        let conv = ctx
            .convs
            .list
            .last()
            .expect("a message means a conversation");
        let they_took_part = ctx.msgs[conv.first..=conv.last]
            .iter()
            .any(|m| m.side == Side::Them);
        if last.awaits_answer || !they_took_part {
            return make(
                "wait",
                format!("Your last message ({}) is still unanswered: don't write again until {them} does.", last.time),
            );
        }
    }
    if n == 2 {
        make(
            "your_move",
            format!("{them} opened the last two conversations, so you may start the next one."),
        )
    } else {
        make(
            "wait",
            format!(
                "{them} opened {n} of the last two conversations: don't text first until they have opened {} more.",
                2 - n
            ),
        )
    }
}

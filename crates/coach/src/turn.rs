//! Rule 1, turn: whose move is it, by the 2:1 rule alone? Reply to a waiting
//! message; wait while yours waits for an answer (no double texts); otherwise
//! open a new conversation only when they opened the last two. This is one
//! input of the situation (`situation.rs`), which has the final word.

use serde::Serialize;

use crate::context::Context;
use crate::recent::my_message_waits;
use crate::rules::clinginess::duration;
use crate::situation::Action;
use crate::timeline::Side;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Turn {
    /// In a report: the situation's action (`next_step.action`). From
    /// [`turn`] alone: `reply`, `wait`, `your_move` or `let_them_lead`.
    pub verdict: Action,
    pub reason: String,
    /// Of the last two conversations, how many they opened.
    pub they_opened_of_last_two: usize,
}

/// How many of the last two conversations they opened.
pub(crate) fn recent_openers(ctx: &Context) -> usize {
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
    let Some(last) = ctx.msgs.last().copied() else {
        return make(Action::YourMove, "There are no messages yet.".into());
    };
    let ago_min = last.time.seconds_until(ctx.now()) / 60;
    let ago = duration(ago_min);
    let ongoing = ago_min * 60 < ctx.opts.gap_secs();
    if last.side == Side::Them {
        let reason = if ongoing {
            format!("{them} wrote {ago} ago and the conversation is still going.")
        } else if last.awaits_answer {
            format!(
                "{them}'s message of {} asks for an answer.",
                last.time.prose()
            )
        } else {
            format!(
                "{them}'s message of {} has no answer from you yet.",
                last.time.prose()
            )
        };
        return make(Action::Reply, reason);
    }
    if my_message_waits(ctx) {
        let reason = if ongoing {
            format!("Your message of {ago} ago has no answer yet.")
        } else {
            format!(
                "Your last message ({}) is still unanswered.",
                last.time.prose()
            )
        };
        return make(Action::Wait, reason);
    }
    if n == 2 {
        make(
            Action::YourMove,
            format!("{them} opened the last two conversations, so by the 2:1 rule you may start the next one."),
        )
    } else {
        make(
            Action::LetThemLead,
            format!(
                "{them} opened {n} of the last two conversations: by the 2:1 rule, the next one is theirs to start."
            ),
        )
    }
}

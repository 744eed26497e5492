//! Conversations and who opens them (SPEC, "Conversations and who starts them").
//!
//! A pause of at least G between two messages ends a conversation; the next
//! message opens a new one and its sender is the opener. Except a late reply:
//! when the message before the pause came from the other person, the pause
//! is shorter than R, and that message was waiting for an answer (a
//! question, a voice note, a call) or the new message reads as an answer to
//! it ("haha nice", "thanks!", "yes" — not "good morning!" or a new topic),
//! the new message answers it and the conversation goes on.

use crate::timeline::{Msg, Side};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conversation {
    /// Index of its first message in the timeline.
    pub first: usize,
    /// Index of its last message in the timeline.
    pub last: usize,
    pub opener: Side,
}

impl Conversation {
    /// Number of messages in the conversation (always at least one).
    pub fn message_count(&self) -> usize {
        self.last - self.first + 1
    }
}

/// A reply that came after a pause of at least G but within R.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LateReply {
    /// Index of the reply in the timeline.
    pub reply: usize,
    /// Who replied late.
    pub side: Side,
    pub latency_secs: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conversations {
    pub list: Vec<Conversation>,
    pub late_replies: Vec<LateReply>,
}

impl Conversations {
    pub fn opened_by(&self, side: Side) -> usize {
        self.list.iter().filter(|c| c.opener == side).count()
    }
}

/// Splits a timeline into conversations with gap `gap_secs` (G) and late-reply
/// window `late_secs` (R); only questions and calls count as waiting.
pub fn split(msgs: &[Msg], gap_secs: i64, late_secs: i64) -> Conversations {
    split_with(msgs, gap_secs, late_secs, |_| false)
}

/// As [`split`], with `answers(i)` telling whether message `i` reads as a
/// reaction or an answer to the message before it (asked only for messages
/// after a pause between G and R that follow the other person).
pub fn split_with(
    msgs: &[Msg],
    gap_secs: i64,
    late_secs: i64,
    mut answers: impl FnMut(usize) -> bool,
) -> Conversations {
    let mut out = Conversations::default();
    let Some(first) = msgs.first() else {
        return out;
    };
    let mut current = Conversation {
        first: 0,
        last: 0,
        opener: first.side,
    };
    for (i, pair) in msgs.windows(2).enumerate() {
        let (prev, next) = (pair[0], pair[1]);
        let gap = prev.time.seconds_until(next.time);
        if gap < gap_secs {
            current.last = i + 1;
            continue;
        }
        if prev.side != next.side && gap < late_secs && (prev.awaits_answer || answers(i + 1)) {
            out.late_replies.push(LateReply {
                reply: i + 1,
                side: next.side,
                latency_secs: gap,
            });
            current.last = i + 1;
            continue;
        }
        out.list.push(current);
        current = Conversation {
            first: i + 1,
            last: i + 1,
            opener: next.side,
        };
    }
    out.list.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pullaway_chat::{Kind, LocalTime};

    const H: i64 = 3600;

    fn msg(hours: f64, side: Side, awaits: bool) -> Msg {
        Msg {
            time: LocalTime((hours * H as f64) as i64),
            side,
            kind: Kind::Text,
            index: 0,
            awaits_answer: awaits,
        }
    }

    fn run(msgs: &[Msg]) -> Conversations {
        split(msgs, 6 * H, 24 * H)
    }

    #[test]
    fn a_gap_of_g_or_more_opens_a_new_conversation() {
        let c = run(&[
            msg(0.0, Side::Me, false),
            msg(5.99, Side::Them, false),
            msg(11.99, Side::Them, false),
        ]);
        assert_eq!(c.list.len(), 2, "exactly 6h apart is a new conversation");
        assert_eq!(c.list[0].opener, Side::Me);
        assert_eq!(c.list[1].opener, Side::Them);
        let c = run(&[msg(0.0, Side::Me, false), msg(5.9, Side::Them, false)]);
        assert_eq!(c.list.len(), 1);
    }

    #[test]
    fn a_late_reply_to_a_question_continues_the_conversation() {
        // 23h after their question: a late reply, I did not open anything.
        let c = run(&[msg(0.0, Side::Them, true), msg(23.0, Side::Me, false)]);
        assert_eq!(c.list.len(), 1);
        assert_eq!(
            c.late_replies,
            vec![LateReply {
                reply: 1,
                side: Side::Me,
                latency_secs: 23 * H
            }]
        );
        // 25h: too late, a new conversation that I opened.
        let c = run(&[msg(0.0, Side::Them, true), msg(25.0, Side::Me, false)]);
        assert_eq!(c.list.len(), 2);
        assert_eq!(c.opened_by(Side::Me), 1);
        // A statement is not waiting for an answer.
        let c = run(&[msg(0.0, Side::Them, false), msg(23.0, Side::Me, false)]);
        assert_eq!(c.list.len(), 2);
        // My own question followed by my own message is no reply.
        let c = run(&[msg(0.0, Side::Me, true), msg(23.0, Side::Me, false)]);
        assert_eq!(c.list.len(), 2);
        assert!(c.late_replies.is_empty());
    }

    #[test]
    fn a_slow_reaction_to_a_statement_continues_the_conversation() {
        // "haha nice" 7 h after their statement answers it: no new opener.
        let msgs = [msg(0.0, Side::Them, false), msg(7.0, Side::Me, false)];
        let c = split_with(&msgs, 6 * H, 24 * H, |i| i == 1);
        assert_eq!(c.list.len(), 1);
        assert_eq!(c.late_replies.len(), 1);
        // "good morning!" 7 h later opens a new one.
        let c = split_with(&msgs, 6 * H, 24 * H, |_| false);
        assert_eq!(c.list.len(), 2);
        assert_eq!(c.list[1].opener, Side::Me);
        // After R, even a reaction opens.
        let msgs = [msg(0.0, Side::Them, false), msg(25.0, Side::Me, false)];
        let c = split_with(&msgs, 6 * H, 24 * H, |_| true);
        assert_eq!(c.list.len(), 2);
    }

    #[test]
    fn empty_timeline() {
        assert_eq!(run(&[]), Conversations::default());
    }
}

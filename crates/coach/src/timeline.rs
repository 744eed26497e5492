//! The two people's countable messages, in order: system lines, and messages
//! of anyone else in a group, are left out. A long chat is read in two
//! halves at once (this reads every message's text, for its question marks).

use std::ops::Range;

use pullaway_chat::{Chat, Kind, LocalTime, MediaKind, Message, Texts};

use crate::pair::Pair;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Me,
    Them,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Me => Side::Them,
            Side::Them => Side::Me,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Side::Me => "me",
            Side::Them => "them",
        }
    }
}

/// A value for each of the two people.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Sides<T> {
    pub me: T,
    pub them: T,
}

impl<T: Copy> Sides<T> {
    pub fn get(&self, side: Side) -> T {
        match side {
            Side::Me => self.me,
            Side::Them => self.them,
        }
    }
}

/// One message of the pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msg {
    pub time: LocalTime,
    pub side: Side,
    pub kind: Kind,
    /// Index in `chat.messages()`, to reach the text (32 bits: a timeline
    /// of a million messages is 16 MB, not 24).
    pub index: u32,
    /// The message asks something or calls for an answer (a question, a
    /// voice note, a call).
    pub awaits_answer: bool,
}

/// Whether a text asks a question (question marks of several scripts).
pub fn is_question(text: &str) -> bool {
    // This runs for every message of the chat: eight bytes at a time, one
    // pass finds the ASCII mark and whether the text is ASCII; the other
    // marks are searched only in non-ASCII text.
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const MARKS: u64 = u64::from_ne_bytes([b'?'; 8]);
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    let mut seen = 0u64;
    for chunk in &mut chunks {
        let x = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        // A byte of `x ^ MARKS` is zero where `x` has a `?`.
        let y = x ^ MARKS;
        if y.wrapping_sub(ONES) & !y & HIGH != 0 {
            return true;
        }
        seen |= x;
    }
    let mut wide = seen & HIGH != 0;
    for &b in chunks.remainder() {
        if b == b'?' {
            return true;
        }
        wide |= b >= 0x80;
    }
    wide && text.contains(['¿', '？', '؟'])
}

/// The pair's message at `index` of the chat, if it is one.
fn msg(texts: &mut Texts, pair: Pair, m: &Message, index: usize) -> Option<Msg> {
    if m.kind.is_system() {
        return None;
    }
    let side = match m.sender()? {
        s if s == pair.me => Side::Me,
        s if s == pair.them => Side::Them,
        _ => return None,
    };
    let awaits_answer = match m.kind {
        Kind::Text => is_question(texts.get(m)),
        Kind::Media(MediaKind::Audio) | Kind::Call(_) => true,
        _ => false,
    };
    Some(Msg {
        time: m.time,
        side,
        kind: m.kind,
        index: index as u32,
        awaits_answer,
    })
}

pub fn timeline(chat: &Chat, pair: Pair) -> Vec<Msg> {
    timeline_until(chat, pair, None)
}

/// The timeline up to `until` (all of it for `None`). A long chat is read
/// in two halves at once, one per core, joined in order.
pub fn timeline_until(chat: &Chat, pair: Pair, until: Option<LocalTime>) -> Vec<Msg> {
    /// Below this, a second thread costs more than it saves.
    const PARALLEL_FROM: usize = 50_000;
    let all = chat.messages();
    // Each part is written in its place in one vector (a message gives at
    // most one entry), then the second closes up to the first: no second
    // copy of the timeline is ever in memory.
    let fill = |out: &mut [Msg], range: Range<usize>| -> usize {
        let mut texts = chat.texts();
        let mut n = 0;
        for (m, index) in all[range.clone()].iter().zip(range) {
            if let Some(msg) = msg(&mut texts, pair, m, index) {
                if until.is_none_or(|t| msg.time <= t) {
                    out[n] = msg;
                    n += 1;
                }
            }
        }
        n
    };
    let blank = Msg {
        time: LocalTime(0),
        side: Side::Me,
        kind: Kind::System,
        index: 0,
        awaits_answer: false,
    };
    let mut out = vec![blank; all.len()];
    let n = if all.len() < PARALLEL_FROM {
        fill(&mut out, 0..all.len())
    } else {
        let mid = all.len() / 2;
        let (first, second) = out.split_at_mut(mid);
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| fill(first, 0..mid));
            let b = fill(second, mid..all.len());
            (a.join().expect("the timeline never panics"), b)
        });
        out.copy_within(mid..mid + b, a);
        a + b
    };
    out.truncate(n);
    out.shrink_to_fit();
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use pullaway_chat::{CallKind, Date, PersonId};

    /// A long chat (read in halves) of three people, with system lines,
    /// questions in several scripts, voice notes, calls and pauses.
    pub(crate) fn long_chat() -> (Chat, Pair) {
        let mut chat = Chat::new("x", "x", "test");
        let people = [chat.person("Ari"), chat.person("Bo"), chat.person("Cy")];
        let texts = [
            "hi",
            "are you up?",
            "¿vienes",
            "ok",
            "haha nice",
            "thanks!",
            "good morning",
        ];
        let mut t = Date::new(2024, 1, 1).expect("a date").start();
        for i in 0..120_000u32 {
            // Pauses of minutes, hours, and now and then half a day.
            t = t.plus_seconds(i64::from(i % 13) * 600 + if i % 17 == 0 { 40_000 } else { 0 });
            let (sender, kind) = match i % 23 {
                0 => (None, Kind::System),
                1 => (Some(people[2]), Kind::Text),
                2 => (Some(people[0]), Kind::Media(MediaKind::Audio)),
                3 => (Some(people[1]), Kind::Call(CallKind::Missed)),
                4 => (Some(people[1]), Kind::Media(MediaKind::Sticker)),
                _ => (Some(people[(i % 3 % 2) as usize]), Kind::Text),
            };
            chat.push(i, t, sender, kind, texts[(i % 7) as usize]);
        }
        (
            chat,
            Pair {
                me: PersonId(0),
                them: PersonId(1),
            },
        )
    }

    #[test]
    fn questions_in_any_script_at_any_place() {
        for yes in [
            "?",
            "are you up?",
            "¿vienes",
            "你好？",
            "هل؟",
            "a?bcdefghijklmnop",
            "abcdefgh?",
        ] {
            assert!(is_question(yes), "{yes}");
        }
        for no in [
            "",
            "ok",
            "see you at 8",
            "¡hola!",
            "日本語のテキストです",
            "abcdefghijklmnop>",
        ] {
            assert!(!is_question(no), "{no}");
        }
        // Every position of the mark, in every length.
        for len in 1..40 {
            for at in 0..len {
                let mut t = "x".repeat(len);
                t.replace_range(at..=at, "?");
                assert!(is_question(&t), "{t}");
                t.replace_range(at..=at, ">");
                assert!(!is_question(&t), "{t}");
            }
        }
    }

    #[test]
    fn a_long_timeline_read_in_halves_is_the_timeline_read_at_once() {
        let (chat, pair) = long_chat();
        let now = chat.messages()[100_000].time;
        let expected: Vec<Msg> = chat
            .messages()
            .iter()
            .enumerate()
            .filter_map(|(i, m)| msg(&mut chat.texts(), pair, m, i))
            .collect();
        assert!(expected.len() > 90_000);
        assert_eq!(timeline(&chat, pair), expected);
        let until: Vec<Msg> = expected.iter().filter(|m| m.time <= now).copied().collect();
        assert_eq!(timeline_until(&chat, pair, Some(now)), until);
        assert!(until
            .iter()
            .any(|m| m.awaits_answer && m.kind == Kind::Text));
    }
}

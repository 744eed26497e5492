//! The two people's countable messages, in order: system lines, and messages
//! of anyone else in a group, are left out.

use pullaway_chat::{Chat, Kind, LocalTime, MediaKind};

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
    /// Index in `chat.messages()`, to reach the text.
    pub index: usize,
    /// The message asks something or calls for an answer (a question, a
    /// voice note, a call).
    pub awaits_answer: bool,
}

/// Whether a text asks a question (question marks of several scripts).
pub fn is_question(text: &str) -> bool {
    // The ASCII mark by a byte search first; the others only in non-ASCII
    // text (a char-by-char search ran over every message of the chat).
    text.as_bytes().contains(&b'?') || (!text.is_ascii() && text.contains(['¿', '？', '؟']))
}

pub fn timeline(chat: &Chat, pair: Pair) -> Vec<Msg> {
    chat.messages()
        .iter()
        .enumerate()
        .filter(|(_, m)| !m.kind.is_system())
        .filter_map(|(index, m)| {
            let side = match m.sender? {
                s if s == pair.me => Side::Me,
                s if s == pair.them => Side::Them,
                _ => return None,
            };
            let awaits_answer = match m.kind {
                Kind::Text => is_question(chat.text(m)),
                Kind::Media(MediaKind::Audio) | Kind::Call(_) => true,
                _ => false,
            };
            Some(Msg {
                time: m.time,
                side,
                kind: m.kind,
                index,
                awaits_answer,
            })
        })
        .collect()
}

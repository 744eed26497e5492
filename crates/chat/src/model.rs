//! People, messages and the chat that holds them.

use std::borrow::Cow;
use std::sync::Arc;

use crate::text::{FileStore, TextFile, Texts, Window};
use crate::time::LocalTime;

/// Index of a person in [`Chat::people`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PersonId(pub u32);

#[derive(Clone, Debug, PartialEq, Eq)]
/// A participant of a chat, by the name the export gives.
pub struct Person {
    /// The name as written in the export.
    pub name: String,
}

/// What kind of media a message carried, when the export says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MediaKind {
    /// A photo or image.
    Photo,
    /// A video.
    Video,
    /// A voice note or audio file.
    Audio,
    /// A sticker.
    Sticker,
    /// An animated GIF.
    Gif,
    /// A document or other file.
    Document,
    /// A shared contact card.
    Contact,
    /// A shared location.
    Location,
    /// The export only says "media omitted".
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
/// Whether a call was picked up.
pub enum CallKind {
    /// Not picked up (missed, rejected, unanswered).
    Missed,
    /// Picked up.
    Answered,
}

/// The kind of a message. System lines never count as messages of anyone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A text message.
    Text,
    /// A photo, video, voice note, sticker, file, ...
    Media(MediaKind),
    /// A message its sender deleted ("This message was deleted").
    Deleted,
    /// A voice or video call.
    Call(CallKind),
    /// Encryption notices, "X added Y", security-code changes, ...
    System,
}

impl Kind {
    /// Whether this is a system line (never counted as a message).
    pub fn is_system(self) -> bool {
        matches!(self, Kind::System)
    }

    /// A stable lowercase name, for JSON and tables.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Media(_) => "media",
            Kind::Deleted => "deleted",
            Kind::Call(_) => "call",
            Kind::System => "system",
        }
    }
}

/// One message. Its text is stored in the chat's arena: use [`Chat::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message {
    /// When it was sent, on the chat's own clock.
    pub time: LocalTime,
    /// The sender's index, `NO_SENDER` for system lines that name none
    /// (not an `Option`: a million messages take 32 MB, not 40). Read it
    /// with [`Message::sender`].
    sender: u32,
    /// What it is: text, media, call, deleted or a system line.
    pub kind: Kind,
    /// Edited after it was sent (it still counts once).
    pub edited: bool,
    /// 1-based line of the export where the message starts.
    pub line: u32,
    /// Index in [`Chat::sources`] of the export it came from (0 for a chat
    /// read from one export).
    pub source: u16,
    text_start: u32,
    text_len: u32,
}

impl Message {
    /// A message whose text is `text`, a byte range of the chat's arena (see
    /// [`Chat::from_parts`]). Ranges past 4 GiB are refused there.
    pub fn new(
        line: u32,
        time: LocalTime,
        sender: Option<PersonId>,
        kind: Kind,
        edited: bool,
        text: std::ops::Range<usize>,
    ) -> Message {
        Message {
            time,
            sender: sender.map_or(NO_SENDER, |p| p.0),
            kind,
            edited,
            line,
            source: 0,
            text_start: u32::try_from(text.start).unwrap_or(u32::MAX),
            text_len: u32::try_from(text.end.saturating_sub(text.start)).unwrap_or(u32::MAX),
        }
    }
}

/// [`Message::sender`] of a message without one.
const NO_SENDER: u32 = u32::MAX;

impl Message {
    /// Who sent it: `None` for system lines that name no sender.
    pub fn sender(&self) -> Option<PersonId> {
        (self.sender != NO_SENDER).then_some(PersonId(self.sender))
    }

    /// Sets who sent it.
    pub fn set_sender(&mut self, sender: Option<PersonId>) {
        self.sender = sender.map_or(NO_SENDER, |p| p.0);
    }

    /// The byte range of the text in the chat's arena.
    pub fn text_range(&self) -> (usize, usize) {
        (
            self.text_start as usize,
            self.text_start as usize + self.text_len as usize,
        )
    }

    /// Points the message at another range of the arena (importers only;
    /// [`Chat::from_parts`] checks every range).
    pub fn set_text_range(&mut self, text: std::ops::Range<usize>) {
        self.text_start = u32::try_from(text.start).unwrap_or(u32::MAX);
        self.text_len = u32::try_from(text.end.saturating_sub(text.start)).unwrap_or(u32::MAX);
    }
}

/// Direct (two people) or group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChatKind {
    /// Two people.
    Direct,
    /// More than two people.
    Group,
}

impl ChatKind {
    /// A stable lowercase name (`direct`, `group`), for JSON.
    pub fn name(self) -> &'static str {
        match self {
            ChatKind::Direct => "direct",
            ChatKind::Group => "group",
        }
    }
}

/// The messages of one chat, sorted by time (stably: equal times keep file order).
#[derive(Clone, Debug, Default)]
pub struct Chat {
    /// An identifier that is stable for the same export (e.g. the file name).
    pub id: String,
    /// A human name (the contact or group), when the export tells it.
    pub name: String,
    /// `whatsapp`, `telegram`, ...
    pub format: &'static str,
    /// How the importer read it, in a few words (e.g. `android d/m/y 24h`).
    pub detail: String,
    /// The other person's name as the export states it (a WhatsApp file is
    /// named after the contact), used to tell "me" from "them".
    pub contact: Option<String>,
    people: Vec<Person>,
    messages: Vec<Message>,
    /// The texts in memory: all of them, or, for a chat whose text stays in
    /// its file, the copies the importer made (addressed from `file.len`).
    pub(crate) text: String,
    /// The file that holds the texts, for a large export read from one.
    pub(crate) file: Option<FileStore>,
    /// Things the importer had to repair or skip, in plain words.
    pub warnings: Vec<String>,
    /// For a chat merged from several exports: each export (`format: file`),
    /// indexed by [`Message::source`]. Empty for a single export.
    pub sources: Vec<String>,
    /// When the export was made, when it says so (a zip entry's time, on the
    /// phone's clock): the default "now" of the analysis.
    pub exported_at: Option<LocalTime>,
    /// [`Chat::counts`], kept once computed (telling who is who reads it
    /// several times); cleared by every change to people or messages.
    counts: std::sync::OnceLock<Vec<usize>>,
}

/// Text arenas are addressed with `u32`: a chat's text must stay under 4 GiB.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// Why [`Chat::from_parts`] refused its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartsError {
    /// The text of all messages passes 4 GiB (offsets are 32-bit).
    TextTooLarge,
    /// A message's text range is outside the text or splits a character.
    TextOutside {
        /// The message's index.
        message: usize,
        /// Its range.
        start: usize,
        /// Its end.
        end: usize,
    },
    /// A message's sender is not among the people.
    UnknownSender {
        /// The message's index.
        message: usize,
    },
}

impl std::fmt::Display for PartsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartsError::TextTooLarge => f.write_str("the chat's text passes 4 GiB"),
            PartsError::TextOutside {
                message,
                start,
                end,
            } => write!(
                f,
                "message {message} has a text range {start}..{end} outside the text"
            ),
            PartsError::UnknownSender { message } => {
                write!(f, "message {message} has an unknown sender")
            }
        }
    }
}

impl std::error::Error for PartsError {}

impl Chat {
    /// An empty chat with its id, name and format.
    pub fn new(id: impl Into<String>, name: impl Into<String>, format: &'static str) -> Chat {
        Chat {
            id: id.into(),
            name: name.into(),
            format,
            ..Chat::default()
        }
    }

    /// Reserves room for `messages` messages and `text_bytes` bytes of text.
    pub fn with_capacity(mut self, messages: usize, text_bytes: usize) -> Chat {
        self.messages.reserve(messages);
        self.text.reserve(text_bytes);
        self
    }

    /// The id of the person with this exact name, adding them if new.
    /// Control characters (a terminal escape) are removed from names.
    pub fn person(&mut self, name: &str) -> PersonId {
        let cleaned: String;
        let name = if name.chars().any(char::is_control) {
            cleaned = name.chars().filter(|c| !c.is_control()).collect();
            cleaned.as_str()
        } else {
            name
        };
        if let Some(i) = self.people.iter().position(|p| p.name == name) {
            return PersonId(i as u32);
        }
        self.counts.take();
        self.people.push(Person {
            name: name.to_owned(),
        });
        PersonId(self.people.len() as u32 - 1)
    }

    /// The participant with exactly this name, if any.
    pub fn find_person(&self, name: &str) -> Option<PersonId> {
        self.people
            .iter()
            .position(|p| p.name == name)
            .map(|i| PersonId(i as u32))
    }

    /// Everyone who appears in the chat (system lines included).
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The name of a participant.
    pub fn name_of(&self, id: PersonId) -> &str {
        &self.people[id.0 as usize].name
    }

    /// The messages in time order (system lines included).
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// The text of a message (empty for media without a caption). For a
    /// chat whose text stays in its file, a copy read from there (empty if
    /// the file changed: see [`Chat::text_failure`]); use [`Chat::texts`] to
    /// go through many.
    pub fn text(&self, m: &Message) -> Cow<'_, str> {
        let (start, end) = m.text_range();
        match &self.file {
            Some(file) if start < file.len => file.text(start..end),
            Some(file) => Cow::Borrowed(&self.text[start - file.len..end - file.len]),
            None => Cow::Borrowed(&self.text[start..end]),
        }
    }

    /// A reader of many messages' texts in a row (in time order, they are
    /// read from a file window by window, without a copy each).
    pub fn texts(&self) -> Texts<'_> {
        Texts {
            chat: self,
            window: Window::default(),
        }
    }

    /// Why a text could not be read from the chat's file (it changed since
    /// the import), once that happened: the texts read since are empty, and
    /// an analysis that read them must not be shown.
    pub fn text_failure(&self) -> Option<&str> {
        self.file.as_ref().and_then(FileStore::failure)
    }

    /// Offsets of texts in `self.text` start here.
    fn text_base(&self) -> usize {
        self.file.as_ref().map_or(0, |f| f.len)
    }

    /// Appends a message. Returns `false` (and adds nothing) when the text
    /// arena would pass [`MAX_TEXT_BYTES`].
    pub fn push(
        &mut self,
        line: u32,
        time: LocalTime,
        sender: Option<PersonId>,
        kind: Kind,
        text: &str,
    ) -> bool {
        let text_start = self.text_base() + self.text.len();
        if text_start + text.len() > MAX_TEXT_BYTES {
            return false;
        }
        let text_start = text_start as u32;
        self.counts.take();
        self.text.push_str(text);
        self.messages.push(Message {
            time,
            sender: sender.map_or(NO_SENDER, |p| p.0),
            kind,
            edited: false,
            line,
            source: 0,
            text_start,
            text_len: text.len() as u32,
        });
        true
    }

    /// The last message, to set its line, edited flag or kind.
    pub fn last_mut(&mut self) -> Option<&mut Message> {
        self.counts.take();
        self.messages.last_mut()
    }

    /// Appends a continuation line to the last message's text (`\n` between).
    /// Returns `false` when there is no message yet or the arena is full.
    pub fn append_line(&mut self, line: &str) -> bool {
        let Some(last) = self.messages.last() else {
            return false;
        };
        let end = self.text_base() + self.text.len();
        if last.text_range().1 != end {
            // Its text is elsewhere (in the export's file, or before other
            // texts): it moves to the end of the arena first.
            let text = self.text(last).into_owned();
            if end + text.len() > MAX_TEXT_BYTES {
                return false;
            }
            self.text.push_str(&text);
            if let Some(last) = self.messages.last_mut() {
                last.set_text_range(end..end + text.len());
            }
        }
        let end = self.text_base() + self.text.len();
        if end + line.len() + 1 > MAX_TEXT_BYTES {
            return false;
        }
        self.text.push('\n');
        self.text.push_str(line);
        if let Some(last) = self.messages.last_mut() {
            last.text_len += line.len() as u32 + 1;
        }
        true
    }

    /// Builds a chat whose message texts are byte ranges of `arena`, so an
    /// importer can hand over the file it read instead of copying every
    /// message. Fails if a range is out of bounds or splits a character, or a
    /// sender is unknown.
    pub fn from_parts(
        id: String,
        name: String,
        format: &'static str,
        people: Vec<String>,
        messages: Vec<Message>,
        arena: String,
    ) -> Result<Chat, PartsError> {
        if arena.len() > MAX_TEXT_BYTES {
            return Err(PartsError::TextTooLarge);
        }
        for (i, m) in messages.iter().enumerate() {
            let (start, end) = (
                m.text_start as usize,
                m.text_start as usize + m.text_len as usize,
            );
            if end > arena.len() || !arena.is_char_boundary(start) || !arena.is_char_boundary(end) {
                return Err(PartsError::TextOutside {
                    message: i,
                    start,
                    end,
                });
            }
            if m.sender().is_some_and(|p| p.0 as usize >= people.len()) {
                return Err(PartsError::UnknownSender { message: i });
            }
        }
        Ok(Chat {
            id,
            name,
            format,
            people: people
                .into_iter()
                .map(|name| Person {
                    name: name.chars().filter(|c| !c.is_control()).collect(),
                })
                .collect(),
            messages,
            text: arena,
            ..Chat::default()
        })
    }

    /// Builds a chat whose message texts stay in the export's file: a range
    /// below `file_len` is read from `file` when asked for; one at or above
    /// it is in `copies` (texts the importer had to change), shifted by
    /// `file_len`. Fails like [`Chat::from_parts`] for ranges of `copies`
    /// (the file's are checked when read).
    #[allow(clippy::too_many_arguments)]
    pub fn from_file_parts(
        id: String,
        name: String,
        format: &'static str,
        people: Vec<String>,
        messages: Vec<Message>,
        file: Arc<dyn TextFile>,
        file_len: usize,
        copies: String,
    ) -> Result<Chat, PartsError> {
        if file_len.saturating_add(copies.len()) > MAX_TEXT_BYTES {
            return Err(PartsError::TextTooLarge);
        }
        for (i, m) in messages.iter().enumerate() {
            let (start, end) = m.text_range();
            let inside = if end <= file_len {
                start <= end
            } else {
                start >= file_len
                    && end - file_len <= copies.len()
                    && copies.is_char_boundary(start - file_len)
                    && copies.is_char_boundary(end - file_len)
            };
            if !inside {
                return Err(PartsError::TextOutside {
                    message: i,
                    start,
                    end,
                });
            }
        }
        let mut chat = Chat::from_parts(id, name, format, people, Vec::new(), copies)?;
        for (i, m) in messages.iter().enumerate() {
            if m.sender()
                .is_some_and(|p| p.0 as usize >= chat.people.len())
            {
                return Err(PartsError::UnknownSender { message: i });
            }
        }
        chat.messages = messages;
        chat.file = Some(FileStore::new(file, file_len));
        Ok(chat)
    }

    /// Sorts messages by time, keeping file order for equal times.
    pub fn sort(&mut self) {
        if !self.messages.windows(2).all(|w| w[0].time <= w[1].time) {
            self.messages.sort_by_key(|m| m.time);
        }
    }

    /// Non-system messages per person, indexed like [`Chat::people`].
    pub fn counts(&self) -> Vec<usize> {
        self.counts
            .get_or_init(|| {
                let mut counts = vec![0; self.people.len()];
                for m in &self.messages {
                    if let (Some(s), false) = (m.sender(), m.kind.is_system()) {
                        counts[s.0 as usize] += 1;
                    }
                }
                counts
            })
            .clone()
    }

    /// People with at least one non-system message: the participants.
    pub fn participants(&self) -> Vec<PersonId> {
        self.counts()
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(i, _)| PersonId(i as u32))
            .collect()
    }

    /// Direct (two people) or group, by the participants with messages.
    pub fn kind(&self) -> ChatKind {
        if self.participants().len() <= 2 {
            ChatKind::Direct
        } else {
            ChatKind::Group
        }
    }

    /// Number of non-system messages.
    pub fn message_count(&self) -> usize {
        self.messages.iter().filter(|m| !m.kind.is_system()).count()
    }

    /// How many system lines the chat has.
    pub fn system_count(&self) -> usize {
        self.messages.len() - self.message_count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Date;

    fn t(h: u8, m: u8) -> LocalTime {
        LocalTime::new(Date::new(2024, 1, 2).unwrap(), h, m, 0).unwrap()
    }

    #[test]
    fn a_message_takes_32_bytes() {
        // A million-message export's records are most of what an analysis
        // holds in memory.
        assert_eq!(std::mem::size_of::<Message>(), 32);
    }

    #[test]
    fn text_arena_and_continuations() {
        let mut chat = Chat::new("x", "x", "test");
        let a = chat.person("Ari");
        assert!(chat.push(1, t(9, 0), Some(a), Kind::Text, "hello"));
        assert!(chat.append_line("second line"));
        assert!(chat.push(1, t(9, 1), Some(a), Kind::Text, "bye"));
        let msgs = chat.messages();
        assert_eq!(chat.text(&msgs[0]), "hello\nsecond line");
        assert_eq!(chat.text(&msgs[1]), "bye");
    }

    #[test]
    fn a_line_added_to_a_message_whose_text_is_elsewhere() {
        let mut chat = Chat::new("x", "x", "test");
        let a = chat.person("Ari");
        let m = Message::new(3, t(9, 0), Some(a), Kind::Text, false, 0..5);
        let mut chat2 = Chat::from_parts(
            "x".into(),
            "x".into(),
            "test",
            vec!["Ari".into()],
            vec![m, m],
            "hello".into(),
        )
        .unwrap();
        assert!(chat2.append_line("there"));
        let texts: Vec<_> = chat2.messages().iter().map(|m| chat2.text(m)).collect();
        assert_eq!(texts, ["hello", "hello\nthere"]);
        assert!(chat.push(1, t(9, 0), Some(a), Kind::Text, "x"));
    }

    #[test]
    fn sort_is_stable_and_counts_skip_system() {
        let mut chat = Chat::new("x", "x", "test");
        let a = chat.person("Ari");
        let b = chat.person("Bo");
        chat.push(1, t(10, 0), Some(a), Kind::Text, "late");
        chat.push(1, t(9, 0), Some(b), Kind::Text, "first");
        chat.push(1, t(9, 0), Some(a), Kind::Text, "second");
        chat.push(1, t(9, 0), None, Kind::System, "Bo joined");
        chat.sort();
        let texts: Vec<_> = chat.messages().iter().map(|m| chat.text(m)).collect();
        assert_eq!(texts, ["first", "second", "Bo joined", "late"]);
        assert_eq!(chat.counts(), vec![2, 1]);
        assert_eq!(chat.message_count(), 3);
        assert_eq!(chat.system_count(), 1);
        assert_eq!(chat.kind(), ChatKind::Direct);
    }

    #[test]
    fn counts_follow_every_change() {
        let mut chat = Chat::new("x", "x", "test");
        let a = chat.person("Ari");
        chat.push(1, t(9, 0), Some(a), Kind::Text, "hi");
        assert_eq!(chat.counts(), vec![1]);
        let b = chat.person("Bo");
        assert_eq!(chat.counts(), vec![1, 0]);
        chat.push(2, t(9, 1), Some(b), Kind::Text, "hey");
        assert_eq!(chat.counts(), vec![1, 1]);
        chat.last_mut().expect("a message").kind = Kind::System;
        assert_eq!(chat.counts(), vec![1, 0]);
        chat.last_mut().expect("a message").set_sender(Some(a));
        chat.last_mut().expect("a message").kind = Kind::Text;
        assert_eq!(chat.counts(), vec![2, 0]);
        assert_eq!(chat.clone().counts(), vec![2, 0]);
    }
}

//! Telegram Desktop JSON exports: "Export chat history" of one chat
//! (`{"name", "type", "id", "messages": [...]}`) and "Export Telegram data"
//! of a whole account (`{"personal_information", "chats": {"list": [...]}}`).
//!
//! Why this file exists: a full-account export can be gigabytes, so it is
//! never turned into a `serde_json::Value`. Serde visitors walk the top-level
//! object and push each message into its [`Chat`] as soon as it is read:
//! memory holds the chats being built plus one message, whatever the file
//! size, and keys may come in any order.
//!
//! Telegram quirks handled here: `text` as a string or an array of strings
//! and entity objects; `date_unixtime` (an instant, shown on the wall clock of
//! the zone given) or else `date` (already the local wall clock); service
//! messages (calls, pins, joins); media keys; `from: null` for deleted
//! accounts; the `\xNN` escapes some exports write inside strings although
//! JSON has none (they are read as `\u00NN` on the fly, without a copy);
//! `"edited": "1970-01-01T05:00:00"`, the epoch in the exporter's zone that
//! older exports write on messages never edited; a chat without messages
//! (an empty list, or service entries only), read as 0 messages with a
//! note; and a file cut off in the middle, whose complete messages are read
//! with a warning that gives the JSON path and line where it ends.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::io;

use jiff::tz::TimeZone;
use pullaway_chat::{CallKind, Chat, Kind, LocalTime, MediaKind, PersonId};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::tz;
use crate::ImportError;

const FORMAT: &str = "telegram";
/// How much of the file [`looks_like`] reads.
const SNIFF_BYTES: usize = 64 * 1024;
/// The name Telegram shows for a removed account (it exports `null`).
const DELETED: &str = "Deleted account";
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether the bytes look like a Telegram Desktop JSON export: a JSON object
/// whose first 64 KiB carry Telegram's keys.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let head = head.strip_prefix(BOM).unwrap_or(head);
    if head.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return false;
    }
    let has = |key: &str| has_key(head, key);
    has("personal_information")
        || (has("chats") && has("list"))
        || (has("messages")
            && (has("date_unixtime")
                || has("date")
                || has("text_entities")
                || has("from_id")
                || CHAT_TYPES.iter().any(|t| has_value(head, "type", t))))
}

/// The `type` of a Telegram chat: an export of a chat without messages
/// (`"messages": []`) is recognised by it.
const CHAT_TYPES: &[&str] = &[
    "personal_chat",
    "bot_chat",
    "saved_messages",
    "replies",
    "private_group",
    "private_supergroup",
    "public_supergroup",
    "private_channel",
    "public_channel",
];

/// Whether `"key": "value"` occurs (any spacing around the colon).
fn has_value(hay: &[u8], key: &str, value: &str) -> bool {
    let needle = format!("\"{value}\"");
    let needle = needle.as_bytes();
    let key = format!("\"{key}\"");
    let mut from = 0;
    while let Some(at) = find(&hay[from..], needle) {
        let at = from + at;
        let before = hay[..at].trim_ascii_end();
        if let Some(before) = before.strip_suffix(b":") {
            if before.trim_ascii_end().ends_with(key.as_bytes()) {
                return true;
            }
        }
        from = at + needle.len();
    }
    false
}

/// Whether `"key"` occurs followed by a colon (so as an object key).
fn has_key(hay: &[u8], key: &str) -> bool {
    let needle = format!("\"{key}\"");
    let needle = needle.as_bytes();
    let mut from = 0;
    while let Some(at) = find(&hay[from..], needle) {
        let end = from + at + needle.len();
        let next = hay[end..].iter().find(|b| !b.is_ascii_whitespace());
        if next == Some(&b':') {
            return true;
        }
        from = end;
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads every chat of a Telegram export. `display` names the file in errors;
/// `file_name` gives ids to chats that have none; instants are shown in `tz`.
pub fn parse(
    display: &str,
    file_name: &str,
    bytes: &[u8],
    tz: &TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::invalid(display, None, "the file is empty"));
    }
    parse_reader(display, file_name, body, tz)
}

/// The same, streaming from a reader (a file of several GB stays out of
/// memory: only the chats being built are held). A leading BOM is skipped.
pub fn parse_reader<R: io::BufRead>(
    display: &str,
    file_name: &str,
    mut body: R,
    tz: &TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    if body.fill_buf().is_ok_and(|b| b.starts_with(BOM)) {
        body.consume(BOM.len());
    }
    let lines = Cell::new(0);
    let ctx = Ctx {
        tz,
        lines: &lines,
        trail: RefCell::new(Vec::new()),
        too_large: RefCell::new(None),
    };
    let mut de = serde_json::Deserializer::from_reader(Unescape::new(body, &lines));
    let mut export = Export::default();
    let read = ExportSeed {
        ctx: &ctx,
        out: &mut export,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    match read {
        Ok(()) => export.into_chats(display, file_name),
        // Cut off (an interrupted copy): the messages read before the end
        // are kept, and said.
        Err(e)
            if e.classify() == serde_json::error::Category::Eof
                && ctx.too_large.borrow().is_none()
                && export.messages_read() > 0 =>
        {
            let path = ctx.path();
            let inside = if path.is_empty() {
                String::new()
            } else {
                format!(" inside {path}")
            };
            let n = export.messages_read();
            let warning = format!(
                "{display}:{}: the export is cut off: the file ends{inside} at line {}, column {}; the {n} complete message{} before it were read, and anything after is missing",
                e.line(),
                e.line(),
                e.column(),
                if n == 1 { "" } else { "s" },
            );
            export.drop_unread_tail();
            let mut chats = export.into_chats(display, file_name)?;
            for chat in &mut chats {
                chat.warnings.push(warning.clone());
            }
            Ok(chats)
        }
        Err(e) => Err(ctx.error(display, &e)),
    }
}

// ---------------------------------------------------------------------------
// The byte stream: `\xNN` → `\u00NN`, and line counting.

/// Where the reader is in the JSON text, to tell an escape from a backslash.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lex {
    Outside,
    InString,
    Escape,
}

/// Feeds the export to serde_json one byte at a time, rewriting `\x` escapes
/// inside strings to `\u00` and counting the newlines read so far (so a
/// visitor knows on which line the message it is given starts).
struct Unescape<'a, R> {
    src: R,
    lines: &'a Cell<u64>,
    lex: Lex,
    pending: &'static [u8],
    /// A read error of the source, handed to the JSON reader.
    failed: Option<io::Error>,
}

impl<'a, R: io::BufRead> Unescape<'a, R> {
    fn new(src: R, lines: &'a Cell<u64>) -> Unescape<'a, R> {
        Unescape {
            src,
            lines,
            lex: Lex::Outside,
            pending: b"",
            failed: None,
        }
    }

    fn raw(&mut self) -> Option<u8> {
        loop {
            match self.src.fill_buf() {
                Ok([]) => return None,
                Ok(buf) => {
                    let b = buf[0];
                    self.src.consume(1);
                    return Some(b);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.failed = Some(e);
                    return None;
                }
            }
        }
    }

    fn next_byte(&mut self) -> Option<u8> {
        if let Some((&b, pending)) = self.pending.split_first() {
            self.pending = pending;
            return Some(b);
        }
        let b = self.raw()?;
        if b == b'\n' {
            self.lines.set(self.lines.get() + 1);
        }
        let was = self.lex;
        self.lex = match (was, b) {
            (Lex::Outside, b'"') | (Lex::Escape, _) => Lex::InString,
            (Lex::InString, b'\\') => Lex::Escape,
            (Lex::InString, b'"') => Lex::Outside,
            (lex, _) => lex,
        };
        if was == Lex::Escape && b == b'x' {
            self.pending = b"00";
            return Some(b'u');
        }
        Some(b)
    }
}

impl<R: io::BufRead> io::Read for Unescape<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        for slot in buf.iter_mut() {
            match self.next_byte() {
                Some(b) => *slot = b,
                None => break,
            }
            n += 1;
        }
        match self.failed.take() {
            Some(e) if n == 0 => Err(e),
            _ => Ok(n),
        }
    }
}

// ---------------------------------------------------------------------------
// Context shared by the visitors, and errors.

/// One step of a JSON path (`chats`, `list`, `[3]`).
enum Seg {
    Key(String),
    Index(usize),
}

/// What every visitor needs: the zone, the line counter, and the path of an
/// error, which is built while the error travels up (innermost step first),
/// so reading costs nothing for it.
struct Ctx<'a> {
    tz: &'a TimeZone,
    lines: &'a Cell<u64>,
    trail: RefCell<Vec<Seg>>,
    /// A chat past the text limit: the line and what to say.
    too_large: RefCell<Option<(u64, String)>>,
}

impl Ctx<'_> {
    /// The 1-based line the reader is on.
    fn line(&self) -> u64 {
        self.lines.get() + 1
    }

    /// Records that the error `e` happened under `key`.
    fn key<E>(&self, key: &str, e: E) -> E {
        self.trail.borrow_mut().push(Seg::Key(key.to_owned()));
        e
    }

    /// Records that the error `e` happened in element `i`.
    fn index<E>(&self, i: usize, e: E) -> E {
        self.trail.borrow_mut().push(Seg::Index(i));
        e
    }

    /// Stops the import because a chat's text passes the model's limit.
    fn too_large<E: de::Error>(&self, line: u64) -> E {
        let message = "this chat's text passes 4 GiB, more than pullaway can hold".to_owned();
        *self.too_large.borrow_mut() = Some((line, message));
        E::custom("chat too large")
    }

    /// The JSON path of the error being reported, e.g. `chats.list[3].messages[120].date`.
    fn path(&self) -> String {
        let mut path = String::new();
        for seg in self.trail.borrow().iter().rev() {
            match seg {
                Seg::Key(k) if path.is_empty() => path.push_str(k),
                Seg::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Seg::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    }

    fn error(&self, display: &str, e: &serde_json::Error) -> ImportError {
        let path = self.path();
        let at = |message: String| {
            if path.is_empty() {
                message
            } else {
                format!("{path}: {message}")
            }
        };
        if let Some((line, message)) = self.too_large.borrow_mut().take() {
            return ImportError::too_large(display, Some(line), at(message));
        }
        let line = (e.line() > 0).then_some(e.line() as u64);
        let message = without_position(e);
        match e.classify() {
            serde_json::error::Category::Data => ImportError::invalid(display, line, at(message)),
            category => {
                let hint = match category {
                    serde_json::error::Category::Eof => " (the file ends too early)",
                    _ => "",
                };
                let inside = if path.is_empty() {
                    String::new()
                } else {
                    format!(" in {path}")
                };
                ImportError::invalid(
                    display,
                    line,
                    format!(
                        "invalid Telegram JSON at column {}{inside}: {message}{hint}",
                        e.column()
                    ),
                )
            }
        }
    }
}

/// serde_json's message without its " at line L column C" suffix.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_owned(),
        None => text,
    }
}

/// Reads an object key into a reused buffer (no allocation per key).
struct KeyInto<'k>(&'k mut String);

impl<'de> DeserializeSeed<'de> for KeyInto<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyInto<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.clear();
        self.0.push_str(v);
        Ok(())
    }
}

/// Walks an object, handing each key and the map to `field`, and records the
/// key in the error path when `field` fails.
fn each_key<'de, A, F>(ctx: &Ctx<'_>, map: &mut A, mut field: F) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    F: FnMut(&str, &mut A) -> Result<(), A::Error>,
{
    let mut key = String::new();
    while map.next_key_seed(KeyInto(&mut key))?.is_some() {
        field(&key, map).map_err(|e| ctx.key(&key, e))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The top level and the chat list.

/// What the whole file held.
#[derive(Default)]
struct Export {
    /// The chat of a single-chat export (used when it had `messages`).
    top: ChatState,
    /// The chats of a full export, and whether each was under `left_chats`.
    list: Vec<(ChatState, bool)>,
    saw_list: bool,
    /// The account owner (`personal_information`), in a full export.
    me: Option<String>,
}

impl Export {
    /// Messages (and service entries) read so far, in every chat.
    fn messages_read(&self) -> usize {
        self.top.chat.messages().len()
            + self
                .list
                .iter()
                .map(|(c, _)| c.chat.messages().len())
                .sum::<usize>()
    }

    /// After a cut: drops the chats at the end of which nothing was read
    /// (the chat the file stopped in, when it stopped before its messages).
    fn drop_unread_tail(&mut self) {
        while self
            .list
            .last()
            .is_some_and(|(c, _)| c.chat.messages().is_empty())
        {
            self.list.pop();
        }
    }

    fn into_chats(self, display: &str, file_name: &str) -> Result<Vec<Chat>, ImportError> {
        let me = self.me.as_deref();
        let mut chats = Vec::with_capacity(self.list.len() + 1);
        if self.top.has_messages {
            let detail = if self.saw_list {
                "telegram full export"
            } else {
                "telegram single-chat export"
            };
            let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
            let stem = stem
                .split('.')
                .next()
                .filter(|s| !s.is_empty())
                .unwrap_or(stem);
            chats.push(self.top.finish(me, detail, file_name.to_owned(), stem));
        } else if !self.saw_list {
            return Err(ImportError::invalid(
                display,
                None,
                "this Telegram export has neither \"messages\" nor \"chats\" (export the chat history, or the account data with chats)",
            ));
        }
        for (i, (state, left)) in self.list.into_iter().enumerate() {
            let detail = if left {
                "telegram full export (left chat)"
            } else {
                "telegram full export"
            };
            let id = format!("{file_name}#{}", i + 1);
            chats.push(state.finish(me, detail, id, &format!("chat {}", i + 1)));
        }
        Ok(chats)
    }
}

/// The whole file, read into `out` as it goes (so that a file cut off in
/// the middle still has what came before the cut).
struct ExportSeed<'s, 'a> {
    ctx: &'s Ctx<'a>,
    out: &'s mut Export,
}

impl<'de> DeserializeSeed<'de> for ExportSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ExportSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Telegram export (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        let out = self.out;
        each_key(ctx, &mut map, |key, map| match key {
            "personal_information" => {
                out.me = map
                    .next_value::<Option<PersonalInfo>>()?
                    .and_then(PersonalInfo::name);
                Ok(())
            }
            "chats" | "left_chats" => {
                out.saw_list = true;
                let left = key == "left_chats";
                map.next_value_seed(ChatListSeed {
                    ctx,
                    out: &mut out.list,
                    left,
                })
            }
            _ => {
                if !out.top.field(key, map, ctx)? {
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(())
            }
        })
    }
}

#[derive(Deserialize)]
struct PersonalInfo {
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
}

impl PersonalInfo {
    /// "First Last", as Telegram shows the owner in `from`.
    fn name(self) -> Option<String> {
        let parts: Vec<&str> = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// `chats` (or `left_chats`): `{"about": ..., "list": [chat, ...]}`; a bare
/// array is taken too.
struct ChatListSeed<'s, 'a> {
    ctx: &'s Ctx<'a>,
    out: &'s mut Vec<(ChatState, bool)>,
    left: bool,
}

impl<'de> DeserializeSeed<'de> for ChatListSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ChatListSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with a \"list\" of chats")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ChatListSeed { ctx, out, left } = self;
        each_key(ctx, &mut map, |key, map| {
            if key == "list" {
                map.next_value_seed(ChatListSeed {
                    ctx,
                    out: &mut *out,
                    left,
                })
            } else {
                map.next_value::<IgnoredAny>().map(drop)
            }
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let ChatListSeed { ctx, out, left } = self;
        for i in 0.. {
            // Read in place: a chat the file is cut off in keeps what it had.
            out.push((ChatState::default(), left));
            let state = &mut out.last_mut().expect("just pushed").0;
            let chat = seq
                .next_element_seed(ChatSeed { ctx, state })
                .map_err(|e| ctx.index(i, e))?;
            if chat.is_none() {
                out.pop();
                break;
            }
        }
        Ok(())
    }
}

/// One chat of `chats.list`, read into `state`.
struct ChatSeed<'s, 'a> {
    ctx: &'s Ctx<'a>,
    state: &'s mut ChatState,
}

impl<'de> DeserializeSeed<'de> for ChatSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ChatSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a chat (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ChatSeed { ctx, state } = self;
        each_key(ctx, &mut map, |key, map| {
            if !state.field(key, map, ctx)? {
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        })
    }
}

// ---------------------------------------------------------------------------
// A chat being read.

/// Messages skipped, by reason, for the chat's warnings.
#[derive(Clone, Copy)]
enum Skip {
    NoSender,
    NoDate,
    OtherType,
}

#[derive(Clone, Copy, Default)]
struct Skipped {
    count: u64,
    first_line: u64,
}

/// A chat while its keys are read; finished into a [`Chat`] at the end, when
/// its name, type and id (which may follow `messages`) are all known.
#[derive(Default)]
struct ChatState {
    chat: Chat,
    /// `None`: no `name` key; `Some(None)`: `"name": null`.
    name: Option<Option<String>>,
    kind: Option<String>,
    id: Option<String>,
    has_messages: bool,
    /// Person by name, so a sender costs a hash lookup, not a scan.
    people: HashMap<String, PersonId>,
    /// Each person's first Telegram id (`user123`), to find the contact.
    user_ids: Vec<Option<String>>,
    skipped: [Skipped; 3],
}

impl ChatState {
    /// Reads one of the chat's own keys; `false` when the key is not one.
    fn field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        ctx: &Ctx<'_>,
    ) -> Result<bool, A::Error> {
        match key {
            "name" => self.name = Some(map.next_value()?),
            "type" => self.kind = map.next_value()?,
            "id" => self.id = map.next_value_seed(StrOrNum)?,
            "messages" => {
                self.has_messages = true;
                map.next_value_seed(MessagesSeed { ctx, state: self })?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn skip(&mut self, why: Skip, line: u64) {
        let s = &mut self.skipped[why as usize];
        if s.count == 0 {
            s.first_line = line;
        }
        s.count += 1;
    }

    fn person(&mut self, name: &str, user_id: Option<&str>) -> PersonId {
        let id = match self.people.get(name) {
            Some(&id) => id,
            None => {
                let id = self.chat.person(name);
                self.people.insert(name.to_owned(), id);
                id
            }
        };
        let i = id.0 as usize;
        if self.user_ids.len() <= i {
            self.user_ids.resize(i + 1, None);
        }
        if self.user_ids[i].is_none() {
            self.user_ids[i] = user_id.map(str::to_owned);
        }
        id
    }

    /// Adds a message; `false` when the chat's text is full.
    fn add(&mut self, m: RawMessage) -> bool {
        let Some(time) = m.unixtime.or(m.date) else {
            self.skip(Skip::NoDate, m.line);
            return true;
        };
        let (sender, kind, text) = match m.kind.as_deref() {
            None | Some("message") => {
                let Some(name) = sender_name(&m.from, &m.from_id) else {
                    self.skip(Skip::NoSender, m.line);
                    return true;
                };
                let sender = self.person(name, m.from_id.as_deref());
                let kind = media_kind(&m).map_or(Kind::Text, Kind::Media);
                let text = [m.text, m.entities, m.poll]
                    .into_iter()
                    .flatten()
                    .find(|t| !t.is_empty())
                    .unwrap_or_default();
                (Some(sender), kind, text)
            }
            Some("service") => {
                let actor = sender_name(&m.actor, &m.actor_id);
                let sender = actor.map(|name| self.person(name, m.actor_id.as_deref()));
                let (kind, text) = service(&m, actor);
                (sender, kind, text)
            }
            Some(_) => {
                self.skip(Skip::OtherType, m.line);
                return true;
            }
        };
        let line = u32::try_from(m.line).unwrap_or(u32::MAX);
        if !self.chat.push(line, time, sender, kind, &text) {
            return false;
        }
        if let (true, Some(last)) = (m.edited, self.chat.last_mut()) {
            last.edited = true;
        }
        true
    }

    fn finish(
        self,
        me: Option<&str>,
        detail: &str,
        fallback_id: String,
        fallback_name: &str,
    ) -> Chat {
        let kind = self.kind.as_deref().unwrap_or("");
        let given = self
            .name
            .clone()
            .flatten()
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        let one_to_one = matches!(kind, "personal_chat" | "bot_chat");
        let name = match &given {
            Some(n) => n.clone(),
            None if kind == "saved_messages" => "Saved messages".to_owned(),
            None if one_to_one || self.name.is_some() => DELETED.to_owned(),
            None => fallback_name.to_owned(),
        };
        let contact = one_to_one
            .then(|| self.contact(given.as_deref(), me))
            .flatten();
        let warnings = self.warnings(&name);
        let mut chat = self.chat;
        chat.id = self.id.unwrap_or(fallback_id);
        chat.name = name;
        chat.format = FORMAT;
        chat.detail = detail.to_owned();
        chat.contact = contact;
        chat.warnings.extend(warnings);
        chat.sort();
        chat
    }

    /// The other person of a 1:1 chat. Best evidence first: the participant
    /// whose Telegram id is the chat's id; then the chat's name when it is
    /// not the owner's; then the one participant who is not the owner.
    fn contact(&self, given: Option<&str>, me: Option<&str>) -> Option<String> {
        let chat = &self.chat;
        let participants = chat.participants();
        if let Some(id) = &self.id {
            let user = format!("user{id}");
            let by_id = participants.iter().find(|p| {
                self.user_ids.get(p.0 as usize).and_then(Option::as_deref) == Some(&user)
            });
            if let Some(&p) = by_id {
                return Some(chat.name_of(p).to_owned());
            }
        }
        let others: Vec<&str> = participants
            .iter()
            .map(|&p| chat.name_of(p))
            .filter(|&n| Some(n) != me)
            .collect();
        let given = given.filter(|&n| Some(n) != me);
        if let Some(n) = given {
            if me.is_none() || others.len() != 1 || others.contains(&n) {
                return Some(n.to_owned());
            }
        }
        if let (Some(_), [one]) = (me, &others[..]) {
            return Some((*one).to_owned());
        }
        given
            .or_else(|| chat.find_person(DELETED).map(|_| DELETED))
            .map(str::to_owned)
    }

    fn warnings(&self, name: &str) -> Vec<String> {
        let why = [
            "without a sender (\"from\" and \"from_id\")",
            "without a \"date\" or \"date_unixtime\"",
            "of a type other than \"message\" or \"service\"",
        ];
        let mut out: Vec<String> = self
            .skipped
            .iter()
            .zip(why)
            .filter(|(s, _)| s.count > 0)
            .map(|(s, why)| {
                format!(
                    "{} message(s) {why} were skipped (the first at line {})",
                    s.count, s.first_line
                )
            })
            .collect();
        // An empty list and a list of service entries only are the same
        // thing to the reader: a chat with no messages.
        if self.has_messages && self.chat.message_count() == 0 {
            let held = match self.chat.system_count() {
                0 => "its message list is empty".to_owned(),
                1 => {
                    "it holds only 1 service entry (a join, a pin, a title change, ...)".to_owned()
                }
                n => format!("it holds only {n} service entries (joins, pins, title changes, ...)"),
            };
            out.push(format!("the chat \"{name}\" has no messages: {held}"));
        }
        out
    }
}

/// The name to show for `from` (or `actor`): the name, else the Telegram id,
/// else "Deleted account" when the key is there but null; `None` when neither
/// key is there.
fn sender_name<'m>(name: &'m Option<Option<String>>, id: &'m Option<String>) -> Option<&'m str> {
    let given = name
        .as_ref()
        .and_then(Option::as_deref)
        .map(str::trim)
        .filter(|n| !n.is_empty());
    given
        .or_else(|| id.as_deref().filter(|i| !i.is_empty()))
        .or_else(|| name.is_some().then_some(DELETED))
}

/// What a message carried, from `media_type` or the media keys.
fn media_kind(m: &RawMessage) -> Option<MediaKind> {
    if let Some(t) = m.media_type.as_deref() {
        return Some(match t {
            "photo" => MediaKind::Photo,
            "video_file" | "video_message" => MediaKind::Video,
            "voice_message" | "audio_file" => MediaKind::Audio,
            "sticker" => MediaKind::Sticker,
            "animation" => MediaKind::Gif,
            _ => MediaKind::Unknown,
        });
    }
    if m.photo {
        return Some(MediaKind::Photo);
    }
    if m.file {
        let family = m.mime_type.as_deref().and_then(|t| t.split('/').next());
        return Some(match family {
            Some("image") => MediaKind::Photo,
            Some("video") => MediaKind::Video,
            Some("audio") => MediaKind::Audio,
            _ => MediaKind::Document,
        });
    }
    if m.contact {
        return Some(MediaKind::Contact);
    }
    m.location.then_some(MediaKind::Location)
}

/// The kind and text of a service message: calls are calls (missed when
/// refused or unanswered), everything else is a system line.
fn service(m: &RawMessage, actor: Option<&str>) -> (Kind, String) {
    let action = m.action.as_deref().unwrap_or("");
    let given = m.text.as_deref().filter(|t| !t.is_empty());
    if action == "phone_call" {
        let missed = matches!(m.discard_reason.as_deref(), Some("missed" | "busy"));
        let text = match (missed, m.duration) {
            (true, _) => "missed call".to_owned(),
            (false, Some(s)) => format!("call ({s} s)"),
            (false, None) => "call".to_owned(),
        };
        let kind = Kind::Call(if missed {
            CallKind::Missed
        } else {
            CallKind::Answered
        });
        return (kind, given.map_or(text, str::to_owned));
    }
    let what = match action {
        "pin_message" => "pinned a message".to_owned(),
        "create_group" | "create_channel" => "created the group".to_owned(),
        "invite_members" => "added members".to_owned(),
        "remove_members" => "removed members".to_owned(),
        "join_group_by_link" => "joined by link".to_owned(),
        "joined_telegram" => "joined Telegram".to_owned(),
        "edit_group_title" => "changed the group name".to_owned(),
        "edit_group_photo" => "changed the group photo".to_owned(),
        "" => "service message".to_owned(),
        other => other.replace('_', " "),
    };
    let text = match (given, actor) {
        (Some(t), _) => t.to_owned(),
        (None, Some(a)) => format!("{a} {what}"),
        (None, None) => what,
    };
    (Kind::System, text)
}

// ---------------------------------------------------------------------------
// Messages.

/// `messages`: each element is read and added to the chat before the next.
struct MessagesSeed<'s, 'a> {
    ctx: &'s Ctx<'a>,
    state: &'s mut ChatState,
}

impl<'de> DeserializeSeed<'de> for MessagesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for MessagesSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of messages")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        for i in 0.. {
            let message = seq
                .next_element_seed(MessageSeed { ctx })
                .map_err(|e| ctx.index(i, e))?;
            let Some(message) = message else { break };
            let line = message.line;
            if !self.state.add(message) {
                return Err(ctx.index(i, ctx.too_large(line)));
            }
        }
        Ok(())
    }
}

/// The keys of a message that matter; the others are skipped unread.
#[derive(Default)]
struct RawMessage {
    /// The line of its `{`.
    line: u64,
    kind: Option<String>,
    date: Option<LocalTime>,
    unixtime: Option<LocalTime>,
    from: Option<Option<String>>,
    from_id: Option<String>,
    actor: Option<Option<String>>,
    actor_id: Option<String>,
    action: Option<String>,
    discard_reason: Option<String>,
    duration: Option<u64>,
    text: Option<String>,
    /// `text_entities` joined, when there is no `text` before it.
    entities: Option<String>,
    poll: Option<String>,
    media_type: Option<String>,
    mime_type: Option<String>,
    photo: bool,
    file: bool,
    contact: bool,
    location: bool,
    edited: bool,
}

impl RawMessage {
    fn field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        ctx: &Ctx<'_>,
    ) -> Result<(), A::Error> {
        let present = |map: &mut A| map.next_value::<Option<IgnoredAny>>().map(|v| v.is_some());
        match key {
            "type" => self.kind = map.next_value()?,
            "date" => self.date = map.next_value_seed(DateSeed(ctx.tz))?,
            "date_unixtime" => self.unixtime = map.next_value_seed(UnixSeed(ctx.tz))?,
            "from" => self.from = Some(map.next_value()?),
            "from_id" => self.from_id = map.next_value_seed(StrOrNum)?,
            "actor" => self.actor = Some(map.next_value()?),
            "actor_id" => self.actor_id = map.next_value_seed(StrOrNum)?,
            "action" => self.action = map.next_value()?,
            "discard_reason" => self.discard_reason = map.next_value()?,
            "duration_seconds" => {
                self.duration = map.next_value::<Option<f64>>()?.map(|s| s.max(0.0) as u64)
            }
            "text" => self.text = Some(map.next_value_seed(TextSeed { ctx })?),
            "text_entities" if self.text.is_none() => {
                self.entities = Some(map.next_value_seed(TextSeed { ctx })?);
            }
            "poll" => self.poll = map.next_value::<Option<Poll>>()?.and_then(|p| p.question),
            "media_type" => self.media_type = map.next_value()?,
            "mime_type" => self.mime_type = map.next_value()?,
            "photo" => self.photo = present(map)?,
            "file" => self.file = present(map)?,
            "contact_information" => self.contact = present(map)?,
            "location_information" => self.location = present(map)?,
            "edited" => self.edited |= map.next_value_seed(EditedSeed(ctx.tz))?,
            "edited_unixtime" => self.edited |= map.next_value_seed(EditedSeed(ctx.tz))?,
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct Poll {
    #[serde(default)]
    question: Option<String>,
}

struct MessageSeed<'s, 'a> {
    ctx: &'s Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for MessageSeed<'_, '_> {
    type Value = RawMessage;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<RawMessage, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MessageSeed<'_, '_> {
    type Value = RawMessage;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a message (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMessage, A::Error> {
        // The reader has just consumed the `{`: this is the message's line.
        let mut m = RawMessage {
            line: self.ctx.line(),
            ..RawMessage::default()
        };
        each_key(self.ctx, &mut map, |key, map| m.field(key, map, self.ctx))?;
        Ok(m)
    }
}

// ---------------------------------------------------------------------------
// Values: text, times, ids.

/// `text`: a string, or an array of strings and `{"type": ..., "text": ...}`
/// entities, joined.
struct TextSeed<'s, 'a> {
    ctx: &'s Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for TextSeed<'_, '_> {
    type Value = String;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let mut out = String::new();
        TextPart {
            ctx: self.ctx,
            out: &mut out,
        }
        .deserialize(d)?;
        Ok(out)
    }
}

/// One piece of a text, appended to `out`.
struct TextPart<'s, 'a> {
    ctx: &'s Ctx<'a>,
    out: &'s mut String,
}

impl<'de> DeserializeSeed<'de> for TextPart<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextPart<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, or an array of strings and {\"text\": ...} objects")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.out.push_str(v);
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let TextPart { ctx, out } = self;
        for i in 0.. {
            let part = TextPart {
                ctx,
                out: &mut *out,
            };
            if seq
                .next_element_seed(part)
                .map_err(|e| ctx.index(i, e))?
                .is_none()
            {
                break;
            }
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let TextPart { ctx, out } = self;
        each_key(ctx, &mut map, |key, map| {
            if key == "text" {
                map.next_value_seed(TextPart {
                    ctx,
                    out: &mut *out,
                })
            } else {
                map.next_value::<IgnoredAny>().map(drop)
            }
        })
    }
}

/// `date`: `YYYY-MM-DDTHH:MM:SS`, the local wall clock. A fraction of a
/// second is dropped; a `Z` or `+HH:MM` suffix makes it an instant, shown in
/// the zone given.
struct DateSeed<'t>(&'t TimeZone);

impl<'de> DeserializeSeed<'de> for DateSeed<'_> {
    type Value = Option<LocalTime>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DateSeed<'_> {
    type Value = Option<LocalTime>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"YYYY-MM-DDTHH:MM:SS\"")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match parse_date(v, self.0) {
            Some(t) => Ok(Some(t)),
            None => Err(E::custom(format!(
                "expected \"YYYY-MM-DDTHH:MM:SS\", found {}",
                crate::text::quote(v)
            ))),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

fn parse_date(s: &str, tz: &TimeZone) -> Option<LocalTime> {
    let s = s.trim();
    let wall = LocalTime::parse(s.get(..19)?)?;
    let rest = s.get(19..)?;
    let zone = match rest.strip_prefix('.') {
        Some(f) => {
            let digits = f.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            &f[digits..]
        }
        None => rest,
    };
    let offset = match zone {
        "" => return Some(wall),
        "Z" | "z" => 0,
        _ => parse_offset(zone)?,
    };
    tz::local(wall.0.checked_sub(offset)?, tz)
}

/// `+HH:MM`, `+HHMM` or `+HH` (or `-`) in seconds.
fn parse_offset(s: &str) -> Option<i64> {
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits = digits.replacen(':', "", 1);
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Some(0), |m| m.parse().ok())?;
    (hours < 24 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

/// `date_unixtime`: seconds since 1970 (a string of digits, or a number).
struct UnixSeed<'t>(&'t TimeZone);

impl UnixSeed<'_> {
    fn at<E: de::Error>(&self, secs: i64) -> Result<Option<LocalTime>, E> {
        tz::local(secs, self.0)
            .map(Some)
            .ok_or_else(|| E::custom(format!("{secs} seconds since 1970 is out of range")))
    }
}

impl<'de> DeserializeSeed<'de> for UnixSeed<'_> {
    type Value = Option<LocalTime>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UnixSeed<'_> {
    type Value = Option<LocalTime>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("seconds since 1970 (a number or a string of digits)")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.at(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.at(i64::try_from(v).unwrap_or(i64::MAX))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if !v.is_finite() {
            return Err(E::invalid_value(de::Unexpected::Float(v), &self));
        }
        self.at(v as i64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match v.trim().parse::<i64>() {
            Ok(secs) => self.at(secs),
            Err(_) => Err(E::custom(format!(
                "expected seconds since 1970, found {}",
                crate::text::quote(v)
            ))),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// `edited` / `edited_unixtime`: whether the message was edited. Older
/// exports write the epoch in the exporter's zone (`1970-01-01T05:00:00`,
/// `"0"`) on messages never edited: any time within a day of 1970-01-01 is
/// "never". A value that is not a time still says "edited".
struct EditedSeed<'t>(&'t TimeZone);

/// Within a day of 1970-01-01 (whatever the exporter's zone was).
fn near_epoch(t: LocalTime) -> bool {
    (-86_400..2 * 86_400).contains(&t.0)
}

impl<'de> DeserializeSeed<'de> for EditedSeed<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EditedSeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an edit time")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        let t = match v.trim().parse::<i64>() {
            Ok(secs) => tz::local(secs, &TimeZone::UTC),
            Err(_) => parse_date(v, self.0),
        };
        Ok(!t.is_some_and(near_epoch) && !v.trim().is_empty())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        Ok(!(-86_400..2 * 86_400).contains(&v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        Ok(v >= 2 * 86_400)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        Ok(!(v.is_finite() && (-86_400.0..2.0 * 86_400.0).contains(&v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(true)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(true)
    }
}

/// An id written as a string (`"user123"`) or a number (`123`); null is none.
struct StrOrNum;

impl<'de> DeserializeSeed<'de> for StrOrNum {
    type Value = Option<String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrOrNum {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id (a string or a number)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> TimeZone {
        TimeZone::UTC
    }

    fn read(json: &str) -> Vec<Chat> {
        match parse("t.json", "t.json", json.as_bytes(), &utc()) {
            Ok(chats) => chats,
            Err(e) => panic!("{e}"),
        }
    }

    fn one(json: &str) -> Chat {
        let mut chats = read(json);
        assert_eq!(chats.len(), 1);
        chats.remove(0)
    }

    fn err(json: &[u8]) -> String {
        match parse("t.json", "t.json", json, &utc()) {
            Ok(chats) => panic!("expected an error, got {} chats", chats.len()),
            Err(e) => e.to_string(),
        }
    }

    /// (time, sender, kind, text) of every message.
    fn rows(chat: &Chat) -> Vec<(String, String, Kind, String)> {
        chat.messages()
            .iter()
            .map(|m| {
                let who = m.sender.map_or("-", |p| chat.name_of(p)).to_owned();
                (m.time.to_string(), who, m.kind, chat.text(m).to_owned())
            })
            .collect()
    }

    const SINGLE: &str = r#"{
 "name": "Noor Haddad",
 "type": "personal_chat",
 "id": 4242,
 "messages": [
  {"id": 1, "type": "message", "date": "2024-03-01T21:05:00",
   "from": "Noor Haddad", "from_id": "user4242", "text": "are you up?"},
  {"id": 2, "type": "message", "date": "2024-03-01T21:07:30",
   "from": "Sam Okafor", "from_id": "user77", "text": "yes!", "edited": "2024-03-01T21:08:00"},
  {"id": 3, "type": "message", "date": "2024-03-01T21:06:00",
   "from": "Noor Haddad", "from_id": "user4242", "text": ""}
 ]
}"#;

    #[test]
    fn single_chat_export() {
        let chat = one(SINGLE);
        assert_eq!(chat.id, "4242");
        assert_eq!(chat.name, "Noor Haddad");
        assert_eq!(chat.format, "telegram");
        assert_eq!(chat.detail, "telegram single-chat export");
        assert_eq!(chat.contact.as_deref(), Some("Noor Haddad"));
        let r = rows(&chat);
        assert_eq!(r.len(), 3);
        // Sorted by time: the 21:06 message moves before 21:07:30.
        assert_eq!(
            r[0],
            (
                "2024-03-01T21:05:00".into(),
                "Noor Haddad".into(),
                Kind::Text,
                "are you up?".into()
            )
        );
        assert_eq!(r[1].0, "2024-03-01T21:06:00");
        assert_eq!(r[2].3, "yes!");
        let edited: Vec<bool> = chat.messages().iter().map(|m| m.edited).collect();
        assert_eq!(edited, [false, false, true]);
        // Lines of each message's `{`.
        let lines: Vec<u32> = chat.messages().iter().map(|m| m.line).collect();
        assert_eq!(lines, [6, 10, 8]);
        assert!(chat.warnings.is_empty());
    }

    const FULL: &str = r#"{
 "about": "Here is the data you requested.",
 "personal_information": {"user_id": 77, "first_name": "Sam", "last_name": "Okafor", "phone_number": "+0"},
 "contacts": {"about": "x", "list": [{"first_name": "Noor", "date": "2020-01-01T00:00:00"}]},
 "chats": {
  "about": "This page lists all chats from this export.",
  "list": [
   {"name": "Noor 🌙", "type": "personal_chat", "id": 4242, "messages": [
     {"id": 1, "type": "message", "date": "2024-03-01T21:05:00", "from": "Noor Haddad", "from_id": "user999", "text": "hi"},
     {"id": 2, "type": "message", "date": "2024-03-01T21:06:00", "from": "Sam Okafor", "from_id": "user77", "text": "hey"}
   ]},
   {"name": "Climbing crew", "type": "private_group", "id": 5150, "messages": [
     {"id": 1, "type": "service", "date": "2024-02-01T10:00:00", "actor": "Sam Okafor", "actor_id": "user77",
      "action": "create_group", "title": "Climbing crew", "members": ["Ana", "Ben"], "text": ""},
     {"id": 2, "type": "message", "date": "2024-02-01T10:01:00", "from": "Ana", "from_id": "user1", "text": "🧗"},
     {"id": 3, "type": "message", "date": "2024-02-01T10:02:00", "from": "Ben", "from_id": "user2", "text": "sat?"}
   ]},
   {"type": "saved_messages", "id": 77, "messages": []}
  ]
 },
 "left_chats": {"about": "x", "list": []}
}"#;

    #[test]
    fn full_export_with_two_chats() {
        let chats = read(FULL);
        assert_eq!(chats.len(), 3);
        let dm = &chats[0];
        assert_eq!((dm.id.as_str(), dm.name.as_str()), ("4242", "Noor 🌙"));
        assert_eq!(dm.detail, "telegram full export");
        // The chat's name is not a participant's: the owner tells who the other one is.
        assert_eq!(dm.contact.as_deref(), Some("Noor Haddad"));
        assert_eq!(dm.message_count(), 2);
        let group = &chats[1];
        assert_eq!(group.name, "Climbing crew");
        assert_eq!(group.contact, None);
        assert_eq!(group.system_count(), 1);
        assert_eq!(group.message_count(), 2);
        assert_eq!(rows(group)[0].3, "Sam Okafor created the group");
        assert_eq!(chats[2].name, "Saved messages");
        assert_eq!(chats[2].contact, None);
    }

    #[test]
    fn contact_is_never_the_owner() {
        let json = r#"{"chats": {"list": [{"name": "Sam Okafor", "type": "personal_chat", "id": 1, "messages": [
            {"type": "message", "date": "2024-01-01T00:00:00", "from": "Sam Okafor", "text": "a"},
            {"type": "message", "date": "2024-01-01T00:01:00", "from": "Lee", "text": "b"}]}]},
          "personal_information": {"first_name": "Sam", "last_name": "Okafor"}}"#;
        assert_eq!(one(json).contact.as_deref(), Some("Lee"));
    }

    #[test]
    fn text_arrays_with_entities() {
        let json = r#"{"messages": [{"type": "message", "date": "2024-01-01T00:00:00", "from": "A",
            "text": ["see ", {"type": "bold", "text": "this"}, ": ",
                     {"type": "link", "text": "https://example.org"}, {"type": "mention_name", "text": "@b", "user_id": 5}],
            "text_entities": [{"type": "plain", "text": "ignored"}]},
          {"type": "message", "date": "2024-01-01T00:01:00", "from": "A",
            "text_entities": [{"type": "plain", "text": "only "}, {"type": "italic", "text": "entities"}]}]}"#;
        let chat = one(json);
        assert_eq!(rows(&chat)[0].3, "see this: https://example.org@b");
        assert_eq!(rows(&chat)[1].3, "only entities");
    }

    #[test]
    fn service_calls_and_system_lines() {
        let json = r#"{"name": "B", "type": "personal_chat", "id": 2, "messages": [
          {"type": "service", "date": "2024-01-01T00:00:00", "actor": "A", "actor_id": "user1", "action": "phone_call", "discard_reason": "missed", "text": ""},
          {"type": "service", "date": "2024-01-01T00:01:00", "actor": "B", "actor_id": "user2", "action": "phone_call", "discard_reason": "busy"},
          {"type": "service", "date": "2024-01-01T00:02:00", "actor": "A", "action": "phone_call", "discard_reason": "hangup", "duration_seconds": 56},
          {"type": "service", "date": "2024-01-01T00:03:00", "actor": "B", "action": "pin_message", "message_id": 3, "text": ""},
          {"type": "service", "date": "2024-01-01T00:04:00", "actor": null, "action": "join_group_by_link", "inviter": "X"}]}"#;
        let chat = one(json);
        let kinds: Vec<Kind> = chat.messages().iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Call(CallKind::Missed),
                Kind::Call(CallKind::Missed),
                Kind::Call(CallKind::Answered),
                Kind::System,
                Kind::System
            ]
        );
        let r = rows(&chat);
        assert_eq!(r[2].3, "call (56 s)");
        assert_eq!(r[3].3, "B pinned a message");
        assert_eq!(r[4].1, DELETED);
        assert_eq!(chat.contact.as_deref(), Some("B"));
    }

    #[test]
    fn media_kinds() {
        let m = |extra: &str| {
            format!(
                r#"{{"type": "message", "date": "2024-01-01T00:00:00", "from": "A", "text": "", {extra}}}"#
            )
        };
        let cases = [
            (
                m(r#""photo": "photos/1.jpg", "width": 1"#),
                MediaKind::Photo,
            ),
            (
                m(r#""file": "v.mp4", "media_type": "video_file", "mime_type": "video/mp4""#),
                MediaKind::Video,
            ),
            (
                m(r#""file": "(File not included.)", "media_type": "video_message""#),
                MediaKind::Video,
            ),
            (
                m(r#""file": "a.ogg", "media_type": "voice_message", "duration_seconds": 3"#),
                MediaKind::Audio,
            ),
            (
                m(r#""file": "a.mp3", "media_type": "audio_file""#),
                MediaKind::Audio,
            ),
            (
                m(r#""file": "s.webp", "media_type": "sticker", "sticker_emoji": "😀""#),
                MediaKind::Sticker,
            ),
            (
                m(r#""file": "g.mp4", "media_type": "animation""#),
                MediaKind::Gif,
            ),
            (
                m(r#""file": "doc.pdf", "mime_type": "application/pdf""#),
                MediaKind::Document,
            ),
            (
                m(r#""file": "pic.png", "mime_type": "image/png""#),
                MediaKind::Photo,
            ),
            (
                m(r#""contact_information": {"first_name": "Z", "phone_number": "1"}"#),
                MediaKind::Contact,
            ),
            (
                m(r#""location_information": {"latitude": 1.5, "longitude": 2.5}"#),
                MediaKind::Location,
            ),
            (
                m(r#""file": "x", "media_type": "something_new""#),
                MediaKind::Unknown,
            ),
        ];
        let all: Vec<String> = cases.iter().map(|(j, _)| j.clone()).collect();
        let chat = one(&format!(r#"{{"messages": [{}]}}"#, all.join(",")));
        let kinds: Vec<Kind> = chat.messages().iter().map(|m| m.kind).collect();
        let want: Vec<Kind> = cases.iter().map(|(_, k)| Kind::Media(*k)).collect();
        assert_eq!(kinds, want);
        let caption = one(
            r#"{"messages": [{"type": "message", "date": "2024-01-01T00:00:00", "from": "A", "photo": "p.jpg", "text": "look"},
            {"type": "message", "date": "2024-01-01T00:00:01", "from": "A", "poll": {"question": "pizza?", "answers": []}, "text": ""}]}"#,
        );
        assert_eq!(rows(&caption)[0].2, Kind::Media(MediaKind::Photo));
        assert_eq!(rows(&caption)[0].3, "look");
        assert_eq!(
            rows(&caption)[1],
            (
                "2024-01-01T00:00:01".into(),
                "A".into(),
                Kind::Text,
                "pizza?".into()
            )
        );
    }

    #[test]
    fn hex_escapes_are_read_as_control_characters() {
        let json = r#"{"messages": [{"type": "message", "date": "2024-01-01T00:00:00", "from": "A\x1fB",
            "text": "a\x1fb \\x41 \\\x09 x"}], "name": "\x41"}"#;
        let chat = one(json);
        assert_eq!(chat.name, "A");
        // Names lose control characters in the chat model.
        assert_eq!(rows(&chat)[0].1, "AB");
        assert_eq!(rows(&chat)[0].3, "a\u{1f}b \\x41 \\\t x");
        // The rewrite keeps lines: an error after it is still on the right line.
        let e = err(b"{\"name\": \"\\x01\",\n\"messages\": 5}");
        assert!(e.starts_with("t.json:2: messages: invalid type"), "{e}");
    }

    #[test]
    fn from_null_and_missing_senders() {
        let json = r#"{"name": null, "type": "personal_chat", "id": 9, "messages": [
          {"type": "message", "date": "2024-01-01T00:00:00", "from": null, "text": "ghost"},
          {"type": "message", "date": "2024-01-01T00:01:00", "from": null, "from_id": "user5", "text": "id"},
          {"type": "message", "date": "2024-01-01T00:02:00", "text": "nobody"},
          {"type": "message", "from": "A", "text": "no date"},
          {"type": "unsupported", "date": "2024-01-01T00:03:00", "from": "A"},
          {"type": "message", "date": "2024-01-01T00:04:00", "from": "Me", "text": "hi"}]}"#;
        let chat = one(json);
        assert_eq!(chat.name, DELETED);
        let who: Vec<String> = rows(&chat).into_iter().map(|r| r.1).collect();
        assert_eq!(who, [DELETED, "user5", "Me"]);
        assert_eq!(chat.warnings.len(), 3, "{:?}", chat.warnings);
        assert!(
            chat.warnings[0].contains("1 message(s) without a sender"),
            "{:?}",
            chat.warnings
        );
        assert!(chat.warnings[0].contains("line 4"), "{:?}", chat.warnings);
        assert_eq!(chat.contact.as_deref(), Some(DELETED));
    }

    #[test]
    fn unixtime_wins_and_daylight_saving_is_applied() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        // 2024-03-31 00:30 UTC is 01:30 CET; 01:30 UTC is 03:30 CEST.
        let json = r#"{"messages": [
          {"type": "message", "date": "2000-01-01T00:00:00", "date_unixtime": "1711845000", "from": "A", "text": "1"},
          {"type": "message", "date_unixtime": 1711848600, "date": "2000-01-01T00:00:00", "from": "A", "text": "2"},
          {"type": "message", "date": "2024-07-01T12:00:00", "from": "A", "text": "3"},
          {"type": "message", "date": "2024-07-01T10:00:00.250Z", "from": "A", "text": "4"},
          {"type": "message", "date": "2024-07-01T10:00:00+02:00", "from": "A", "text": "5"}]}"#;
        let chat = parse("t", "t", json.as_bytes(), &berlin).unwrap().remove(0);
        let times: Vec<(String, String)> = rows(&chat).into_iter().map(|r| (r.3, r.0)).collect();
        let want = [
            ("1", "2024-03-31T01:30:00"),
            ("2", "2024-03-31T03:30:00"),
            ("5", "2024-07-01T10:00:00"),
            ("3", "2024-07-01T12:00:00"),
            ("4", "2024-07-01T12:00:00"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(times, want);
    }

    #[test]
    fn keys_in_any_order() {
        let json = r#"{"messages": [
            {"text": "late keys", "from_id": "user3", "from": "Kai", "date": "2024-01-01T00:00:00", "type": "message"},
            {"from": "Jo", "type": "message", "date_unixtime": "0", "text": "x"}],
          "id": "3", "type": "personal_chat", "name": "Kai"}"#;
        let chat = one(json);
        assert_eq!((chat.id.as_str(), chat.name.as_str()), ("3", "Kai"));
        assert_eq!(chat.contact.as_deref(), Some("Kai"));
        assert_eq!(rows(&chat)[0].0, "1970-01-01T00:00:00");
        let full = r#"{"chats": {"list": [{"messages": [
              {"type": "message", "date": "2024-01-01T00:00:00", "from": "Lee", "text": "a"},
              {"type": "message", "date": "2024-01-01T00:00:00", "from": "Rae Moss", "text": "b"}],
            "type": "personal_chat", "name": "Lee L."}], "about": "x"},
          "personal_information": {"last_name": "Moss", "first_name": "Rae"}}"#;
        assert_eq!(one(full).contact.as_deref(), Some("Lee"));
    }

    #[test]
    fn malformed_inputs_are_errors() {
        let cases: [(&[u8], &str); 12] = [
            (b"", "t.json: the file is empty"),
            (b"  \n", "the file is empty"),
            (b"[]", "t.json:1: invalid type: sequence, expected a Telegram export (a JSON object)"),
            (b"null", "expected a Telegram export"),
            (b"{}", "neither \"messages\" nor \"chats\""),
            (b"{\"messages\": [{\"type\": \"message\"", "t.json:1: invalid Telegram JSON at column 32 in messages[0]: EOF while parsing an object (the file ends too early)"),
            (b"{\"messages\": {}}", "t.json:1: messages: invalid type: map, expected an array of messages"),
            (b"{\"messages\": [{\"date\": 5}]}", "messages[0].date: invalid type: integer `5`, expected \"YYYY-MM-DDTHH:MM:SS\""),
            (b"{\"messages\": [{\"date_unixtime\": \"soon\"}]}", "messages[0].date_unixtime: expected seconds since 1970, found \"soon\""),
            (b"{\"messages\": [{\"text\": [1]}]}", "messages[0].text[0]: invalid type: integer `1`"),
            (b"{\"messages\": []} x", "invalid Telegram JSON at column 18: trailing characters"),
            (b"{\"messages\": [{\"from\": \"\xff\"}]}", "invalid Telegram JSON"),
        ];
        for (input, want) in cases {
            let e = err(input);
            assert!(
                e.contains(want),
                "{:?}: {e}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn wrong_types_name_the_json_path_and_line() {
        let json = "{\"chats\": {\"list\": [\n{\"messages\": []},\n{\"messages\": [\n{\"type\": \"message\", \"from\": \"A\", \"date\": \"2024-01-01T00:00:00\"},\n{\"type\": \"message\", \"from\": \"A\",\n \"date\": \"01.02.2024 10:00\"}]}]}}";
        let e = err(json.as_bytes());
        assert_eq!(
            e,
            "t.json:6: chats.list[1].messages[1].date: expected \"YYYY-MM-DDTHH:MM:SS\", found \"01.02.2024 10:00\""
        );
        let e = err(b"{\"chats\": {\"list\": [{\"name\": 5}]}}");
        assert_eq!(
            e,
            "t.json:1: chats.list[0].name: invalid type: integer `5`, expected a string"
        );
    }

    #[test]
    fn an_epoch_edit_time_means_never_edited() {
        let json = r#"{"name": "Kai", "type": "personal_chat", "id": 3, "messages": [
          {"type": "message", "date": "2019-05-01T10:00:00", "from": "Kai", "text": "a", "edited": "1970-01-01T05:00:00"},
          {"type": "message", "date": "2019-05-01T10:01:00", "from": "Kai", "text": "b", "edited": "1969-12-31T19:00:00"},
          {"type": "message", "date": "2019-05-01T10:02:00", "from": "Kai", "text": "c", "edited": "1970-01-01T00:00:00", "edited_unixtime": "0"},
          {"type": "message", "date": "2019-05-01T10:03:00", "from": "Kai", "text": "d", "edited": "2019-05-01T10:05:00"},
          {"type": "message", "date": "2019-05-01T10:04:00", "from": "Kai", "text": "e", "edited": "2019-05-01T10:06:00", "edited_unixtime": "1556705160"},
          {"type": "message", "date": "2019-05-01T10:05:00", "from": "Kai", "text": "f", "edited": null},
          {"type": "message", "date": "2019-05-01T10:06:00", "from": "Kai", "text": "g", "edited": "1970-01-02T13:59:59"},
          {"type": "message", "date": "2019-05-01T10:07:00", "from": "Kai", "text": "h", "edited_unixtime": 18000}
        ]}"#;
        let chat = one(json);
        let edited: Vec<(String, bool)> = chat
            .messages()
            .iter()
            .map(|m| (chat.text(m).to_owned(), m.edited))
            .collect();
        let want: Vec<(String, bool)> = [
            ("a", false),
            ("b", false),
            ("c", false),
            ("d", true),
            ("e", true),
            ("f", false),
            ("g", false),
            ("h", false),
        ]
        .iter()
        .map(|(t, e)| (t.to_string(), *e))
        .collect();
        assert_eq!(edited, want);
    }

    #[test]
    fn a_chat_without_messages_reads_as_zero_with_a_note() {
        // An empty list, and a list of service entries only: the same answer.
        let empty = r#"{"name": "Noor", "type": "personal_chat", "id": 42, "messages": []}"#;
        let service = r#"{"name": "Noor", "type": "personal_chat", "id": 42, "messages": [
          {"id": 1, "type": "service", "date": "2024-01-01T10:00:00", "actor": "Noor", "actor_id": "user42", "action": "joined_telegram", "text": ""},
          {"id": 2, "type": "service", "date": "2024-01-01T10:05:00", "actor": "Sam", "actor_id": "user7", "action": "pin_message", "text": ""}
        ]}"#;
        for (json, note) in [
            (empty, "the chat \"Noor\" has no messages: its message list is empty"),
            (
                service,
                "the chat \"Noor\" has no messages: it holds only 2 service entries (joins, pins, title changes, ...)",
            ),
        ] {
            assert!(looks_like(json.as_bytes()), "{json}");
            let chats = crate::import_bytes("result.json", json.as_bytes().to_vec())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(chats.len(), 1);
            assert_eq!(chats[0].format, "telegram");
            assert_eq!(chats[0].message_count(), 0);
            assert_eq!(chats[0].name, "Noor");
            assert_eq!(chats[0].warnings, [note]);
        }
        // Not Telegram just for a `type` key somewhere.
        assert!(!looks_like(br#"{"messages": [], "type": "note"}"#));
        assert!(!looks_like(
            br#"{"messages": [], "title": "personal_chat"}"#
        ));
    }

    #[test]
    fn a_cut_off_export_keeps_its_complete_messages() {
        // Cut inside the third message of a single chat.
        let cut = SINGLE
            .find("\"from\": \"Noor Haddad\", \"from_id\": \"user4242\", \"text\": \"\"")
            .unwrap();
        let chat = one(&SINGLE[..cut]);
        assert_eq!(chat.message_count(), 2);
        let line = SINGLE[..cut].matches('\n').count() + 1;
        let w = chat.warnings.join("\n");
        assert!(
            w.starts_with(&format!("t.json:{line}: the export is cut off: the file ends inside messages[2] at line {line}, column ")),
            "{w}"
        );
        assert!(
            w.ends_with(
                "the 2 complete messages before it were read, and anything after is missing"
            ),
            "{w}"
        );
        // Cut inside the second chat of a full export: the first chat is
        // whole, the second has what came before the cut.
        let cut = FULL.find("\"sat?\"").unwrap();
        let chats = read(&FULL[..cut]);
        assert_eq!(chats.len(), 2);
        assert_eq!(chats[0].message_count(), 2);
        assert_eq!(
            (chats[1].name.as_str(), chats[1].messages().len()),
            ("Climbing crew", 2)
        );
        assert!(
            chats[1].warnings[0].contains("inside chats.list[1].messages[2]"),
            "{:?}",
            chats[1].warnings
        );
        assert!(
            chats[0].warnings[0].contains("the 4 complete messages"),
            "{:?}",
            chats[0].warnings
        );
        // Cut right after a chat's opening brace: that chat is dropped.
        let cut = FULL.find("{\"name\": \"Climbing crew\"").unwrap() + 1;
        let chats = read(&FULL[..cut]);
        assert_eq!(chats.len(), 1);
        // Cut before any message: still an error, with the line.
        let e = err(&SINGLE.as_bytes()[..SINGLE.find("{\"id\": 1").unwrap() + 3]);
        assert!(e.contains("the file ends too early"), "{e}");
    }

    #[test]
    fn recognises_telegram_and_nothing_else() {
        assert!(looks_like(SINGLE.as_bytes()));
        assert!(looks_like(FULL.as_bytes()));
        assert!(looks_like(b"\xEF\xBB\xBF {\"chats\": {\"list\": []}}"));
        assert!(!looks_like(b"[]"));
        assert!(!looks_like(b""));
        assert!(!looks_like(
            b"01/02/2024, 10:00 - A: {\"messages\": 1, \"date\": 2}"
        ));
        let messenger = br#"{"participants": [{"name": "A"}], "messages": [{"sender_name": "A", "timestamp_ms": 1, "content": "the \"date\": was fun"}]}"#;
        assert!(!looks_like(messenger));
    }

    /// A fixed-seed xorshift, for reproducible mutations.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn mutated_inputs_never_panic() {
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        let mut ok = 0;
        let mut total = 0;
        let mut run = |bytes: &[u8]| {
            total += 1;
            let chats = parse("m", "m", bytes, &tz);
            if let Ok(chats) = chats {
                ok += 1;
                for c in &chats {
                    for m in c.messages() {
                        let _ = c.text(m);
                    }
                }
            }
            let _ = looks_like(bytes);
        };
        for fixture in [SINGLE, FULL] {
            let bytes = fixture.as_bytes();
            for cut in (0..bytes.len()).step_by(7) {
                run(&bytes[..cut]);
            }
            let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
            let specials = b"{}[]\",:\\x0 n-9.\n";
            for _ in 0..3000 {
                let mut m = bytes.to_vec();
                for _ in 0..1 + rng.next() % 4 {
                    let at = (rng.next() % m.len() as u64) as usize;
                    m[at] = match rng.next() % 3 {
                        0 => rng.next() as u8,
                        _ => specials[(rng.next() % specials.len() as u64) as usize],
                    };
                }
                run(&m);
            }
        }
        // Deep nesting stays within serde_json's recursion limit.
        run(format!("{{\"messages\": [{{\"text\": {}", "[".repeat(100_000)).as_bytes());
        assert!(ok > 0 && ok < total, "{ok} of {total} parsed");
    }

    /// The public samples in `../shared/fixtures/telegram` (a failure under
    /// CI when missing, a skip elsewhere): each parses. `cargo test --
    /// --nocapture public` prints a table.
    #[test]
    fn public_samples_parse() {
        let Some(dir) = crate::fixtures::dir("telegram") else {
            return;
        };
        let dir = std::fs::read_dir(&dir).unwrap();
        let mut paths: Vec<_> = dir.flatten().map(|e| e.path()).collect();
        assert!(!paths.is_empty(), "no Telegram samples in the fixtures");
        paths.sort();
        println!(
            "{:<40} {:>5} {:<28} {:>12} {:>9} {:>7}",
            "file", "chats", "chat", "participants", "messages", "system"
        );
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(looks_like(&bytes), "{name}");
            let chats = parse(&name, &name, &bytes, &utc()).unwrap_or_else(|e| panic!("{e}"));
            assert!(!chats.is_empty());
            for c in &chats {
                let label = format!("{} ({})", c.name, c.contact.as_deref().unwrap_or("-"));
                println!(
                    "{:<40} {:>5} {:<28} {:>12} {:>9} {:>7}",
                    name,
                    chats.len(),
                    label,
                    c.participants().len(),
                    c.message_count(),
                    c.system_count()
                );
                assert!(c.warnings.is_empty(), "{:?}", c.warnings);
            }
        }
    }

    fn peak_rss_mib() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    }

    /// Writes a ~500 MB full-account export (Telegram's pretty layout) to /tmp.
    fn write_big_export(path: &str, target: u64) -> std::io::Result<u64> {
        use std::io::Write;
        let file = std::fs::File::create(path)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        let mut written = 0u64;
        let mut rng = XorShift(42);
        write!(w, "{{\n \"about\": \"bench\",\n \"personal_information\": {{\n  \"user_id\": 1,\n  \"first_name\": \"Sam\",\n  \"last_name\": \"Okafor\"\n }},\n \"chats\": {{\n  \"about\": \"x\",\n  \"list\": [")?;
        let chats = 40u64;
        let mut messages = 0u64;
        for c in 0..chats {
            let sep = if c == 0 { "" } else { "," };
            write!(w, "{sep}\n   {{\n    \"name\": \"Friend {c}\",\n    \"type\": \"personal_chat\",\n    \"id\": {},\n    \"messages\": [", 1000 + c)?;
            let mut t = 1_600_000_000u64 + c * 1000;
            let mut first = true;
            while written < target * (c + 1) / chats {
                t += 1 + rng.next() % 3600;
                let (from, id) = if rng.next().is_multiple_of(2) {
                    ("Sam Okafor".to_owned(), 1)
                } else {
                    (format!("Friend {c}"), 1000 + c)
                };
                let words = 3 + rng.next() % 20;
                let text: Vec<&str> = (0..words)
                    .map(|i| {
                        ["ok", "see you", "why not", "\\x41", "haha 😂", "tomorrow?"]
                            [((rng.next() + i) % 6) as usize]
                    })
                    .collect();
                let text = text.join(" ");
                let sep = if first { "" } else { "," };
                first = false;
                let body = match rng.next() % 10 {
                    0 => "\"photo\": \"(File not included.)\",\n      \"width\": 960,\n      \"height\": 1280,\n      \"text\": \"\",\n      \"text_entities\": []".to_owned(),
                    1 => format!("\"text\": [\n       \"{text} \",\n       {{\n        \"type\": \"bold\",\n        \"text\": \"really\"\n       }}\n      ],\n      \"text_entities\": [\n       {{\n        \"type\": \"plain\",\n        \"text\": \"{text} \"\n       }},\n       {{\n        \"type\": \"bold\",\n        \"text\": \"really\"\n       }}\n      ]"),
                    _ => format!("\"text\": \"{text}\",\n      \"text_entities\": [\n       {{\n        \"type\": \"plain\",\n        \"text\": \"{text}\"\n       }}\n      ]"),
                };
                let s = format!("{sep}\n     {{\n      \"id\": {messages},\n      \"type\": \"message\",\n      \"date\": \"2024-01-01T00:00:00\",\n      \"date_unixtime\": \"{t}\",\n      \"from\": \"{from}\",\n      \"from_id\": \"user{id}\",\n      {body}\n     }}");
                w.write_all(s.as_bytes())?;
                written += s.len() as u64;
                messages += 1;
            }
            write!(w, "\n    ]\n   }}")?;
        }
        write!(w, "\n  ]\n }}\n}}\n")?;
        w.flush()?;
        Ok(messages)
    }

    /// Not a test: `cargo test --release -- --ignored --nocapture big_export`.
    #[test]
    #[ignore]
    fn big_export_benchmark() {
        let path = "/tmp/pw-telegram-bench.json";
        let started = std::time::Instant::now();
        let written = write_big_export(path, 500 << 20).unwrap();
        println!("generated {written} messages in {:.1?}", started.elapsed());
        let bytes = std::fs::read(path).unwrap();
        let before = peak_rss_mib();
        let started = std::time::Instant::now();
        let chats = parse(path, path, &bytes, &utc()).unwrap();
        let took = started.elapsed();
        let messages: usize = chats.iter().map(|c| c.messages().len()).sum();
        let text: usize = chats
            .iter()
            .flat_map(|c| c.messages().iter().map(|m| c.text(m).len()))
            .sum();
        println!(
            "file {} MiB, {} chats, {messages} messages ({} MiB of text): parsed in {took:.2?} ({:.0} MiB/s); peak RSS {before} MiB before parse, {} MiB after",
            bytes.len() >> 20,
            chats.len(),
            text >> 20,
            (bytes.len() >> 20) as f64 / took.as_secs_f64(),
            peak_rss_mib()
        );
        assert_eq!(messages as u64, written);
        let _ = std::fs::remove_file(path);
    }
}

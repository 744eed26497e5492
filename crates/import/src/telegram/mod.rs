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
//! Why two passes: serde_json reads an `io::Read` one byte at a time, several
//! times slower than a slice. The fast pass reads the file in large chunks
//! and, inside each `messages` list, hands serde_json each message as a
//! slice of the chunk (the keys around the lists still go through the
//! streaming reader). It gives way at anything unusual — a cut, an error, a
//! message nested deep — and the file is read again by the streaming pass
//! alone, whose errors and cut-off warnings name the JSON path and line
//! exactly; a file without errors is read once.
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
//!
//! This file holds the entry points, the two passes and the visitors (the
//! file, the chat list, a chat, a message, a text); beside it, `chunks.rs`
//! holds the file's bytes and finds where a message ends, `escapes.rs` is
//! the byte stream that rewrites `\xNN` and counts lines, `path.rs` builds
//! the JSON path of an error, and `dates.rs` reads Telegram's times.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::io;

use jiff::tz::TimeZone;
use memchr::memmem;
use pullaway_chat::{CallKind, Chat, Kind, LocalTime, MediaKind, PersonId};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::ImportError;

mod chunks;
mod dates;
mod escapes;
mod path;
#[cfg(test)]
mod tests;

use chunks::Chunks;
use dates::{DateSeed, EditedSeed, UnixSeed};
use escapes::Unescape;
use path::{each_key, Trail};

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
    let key = format!("\"{key}\"");
    memmem::find_iter(hay, needle.as_bytes()).any(|at| {
        let before = hay[..at].trim_ascii_end();
        before
            .strip_suffix(b":")
            .is_some_and(|before| before.trim_ascii_end().ends_with(key.as_bytes()))
    })
}

/// Whether `"key"` occurs followed by a colon (so as an object key).
fn has_key(hay: &[u8], key: &str) -> bool {
    let needle = format!("\"{key}\"");
    memmem::find_iter(hay, needle.as_bytes()).any(|at| {
        let end = at + needle.len();
        hay[end..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':')
    })
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
    parse_reader(display, file_name, io::Cursor::new(body), tz)
}

/// The same, streaming from a reader (a file of several GB stays out of
/// memory: only the chats being built are held). A leading BOM is skipped.
///
/// The file is read once fast (message lists cut out of large chunks and
/// read from slices); when that pass meets anything it does not expect, a
/// cut or an error included, the file is read again from the start by the
/// streaming pass alone, which says exactly what and where (so the reader
/// must be able to seek back).
pub fn parse_reader<R: io::BufRead + io::Seek>(
    display: &str,
    file_name: &str,
    mut body: R,
    tz: &TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    if body.fill_buf().is_ok_and(|b| b.starts_with(BOM)) {
        body.consume(BOM.len());
    }
    if let Ok(start) = body.stream_position() {
        if let Some(export) = read_fast(&mut body, tz, chunks::CHUNK) {
            return export.into_chats(display, file_name);
        }
        body.seek(io::SeekFrom::Start(start))
            .map_err(|error| ImportError::Io {
                file: display.to_owned(),
                error,
            })?;
    }
    read_streaming(display, file_name, &mut body, tz)
}

/// The fast pass: what the file holds, or `None` when it has to be read
/// the careful way.
fn read_fast(body: &mut dyn io::Read, tz: &TimeZone, chunk: usize) -> Option<Export> {
    let lines = Cell::new(0);
    let chunks = RefCell::new(Chunks::new(body, chunk));
    let ctx = Ctx::new(tz, &lines, &chunks, true);
    let mut export = Export::default();
    read_export(&ctx, &mut export).ok()?;
    Some(export)
}

/// Reads the whole file into `out` through serde_json's streaming reader.
fn read_export(ctx: &Ctx<'_>, out: &mut Export) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_reader(Unescape::new(ctx.chunks, ctx.lines));
    ExportSeed { ctx, out }
        .deserialize(&mut de)
        .and_then(|()| de.end())
}

/// The streaming pass alone, which reports errors and cuts.
fn read_streaming(
    display: &str,
    file_name: &str,
    body: &mut dyn io::Read,
    tz: &TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    let lines = Cell::new(0);
    let chunks = RefCell::new(Chunks::new(body, chunks::CHUNK));
    let ctx = Ctx::new(tz, &lines, &chunks, false);
    let mut export = Export::default();
    match read_export(&ctx, &mut export) {
        Ok(()) => export.into_chats(display, file_name),
        // Cut off (an interrupted copy): the messages read before the end
        // are kept, and said.
        Err(e)
            if e.classify() == serde_json::error::Category::Eof
                && ctx.too_large.borrow().is_none()
                && export.messages_read() > 0 =>
        {
            let path = ctx.trail.path();
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
// Context shared by the visitors, and errors.

/// What every visitor needs: the zone, the line counter, and the path of an
/// error, which is built while the error travels up (innermost step first),
/// so reading costs nothing for it.
struct Ctx<'a> {
    tz: &'a TimeZone,
    lines: &'a Cell<u64>,
    /// The file's bytes, under serde_json's reader.
    chunks: &'a RefCell<Chunks<'a>>,
    /// Whether message lists are cut out of `chunks` (the fast pass).
    fast: bool,
    trail: Trail,
    /// A chat past the text limit: the line and what to say.
    too_large: RefCell<Option<(u64, String)>>,
}

impl<'a> Ctx<'a> {
    fn new(
        tz: &'a TimeZone,
        lines: &'a Cell<u64>,
        chunks: &'a RefCell<Chunks<'a>>,
        fast: bool,
    ) -> Ctx<'a> {
        Ctx {
            tz,
            lines,
            chunks,
            fast,
            trail: Trail::default(),
            too_large: RefCell::new(None),
        }
    }

    /// The 1-based line the reader is on.
    fn line(&self) -> u64 {
        self.lines.get() + 1
    }

    /// Stops the import because a chat's text passes the model's limit.
    fn too_large<E: de::Error>(&self, line: u64) -> E {
        let message = "this chat's text passes 4 GiB, more than pullaway can hold".to_owned();
        *self.too_large.borrow_mut() = Some((line, message));
        E::custom("chat too large")
    }

    fn error(&self, display: &str, e: &serde_json::Error) -> ImportError {
        let path = self.trail.path();
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
        each_key(&ctx.trail, &mut map, |key, map| match key {
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
        each_key(&ctx.trail, &mut map, |key, map| {
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
                .map_err(|e| ctx.trail.index(i, e))?;
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
        each_key(&ctx.trail, &mut map, |key, map| {
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
            "id" => self.id = map.next_value_seed(StrOrNum)?.map(Cow::into_owned),
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
    fn add(&mut self, m: &RawMessage<'_>) -> bool {
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
                let kind = media_kind(m).map_or(Kind::Text, Kind::Media);
                let text = [m.text.as_deref(), m.entities.as_deref(), m.poll.as_deref()]
                    .into_iter()
                    .flatten()
                    .find(|t| !t.is_empty())
                    .unwrap_or_default();
                (Some(sender), kind, Cow::Borrowed(text))
            }
            Some("service") => {
                let actor = sender_name(&m.actor, &m.actor_id);
                let sender = actor.map(|name| self.person(name, m.actor_id.as_deref()));
                let (kind, text) = service(m, actor);
                (sender, kind, Cow::Owned(text))
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
fn sender_name<'m>(
    name: &'m Option<Option<Cow<'_, str>>>,
    id: &'m Option<Cow<'_, str>>,
) -> Option<&'m str> {
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
fn media_kind(m: &RawMessage<'_>) -> Option<MediaKind> {
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
fn service(m: &RawMessage<'_>, actor: Option<&str>) -> (Kind, String) {
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
        if ctx.fast {
            let mut chunks = ctx.chunks.borrow_mut();
            return fast_messages(ctx, &mut chunks, self.state)
                .ok_or_else(|| de::Error::custom("left to the streaming pass"));
        }
        for i in 0.. {
            let mut message = RawMessage::default();
            let out = &mut message;
            let read = seq
                .next_element_seed(MessageSeed { ctx, out })
                .map_err(|e| ctx.trail.index(i, e))?;
            if read.is_none() {
                break;
            }
            if !self.state.add(&message) {
                return Err(ctx.trail.index(i, ctx.too_large(message.line)));
            }
        }
        Ok(())
    }
}

/// The fast pass's message list. serde_json has just read the `[` (and
/// nothing after it); each element is read from the chunk's slice, and the
/// `]` is left for serde_json. The same grammar as serde_json's (whitespace,
/// commas, no trailing comma); `None` at anything else, an invalid message
/// included.
fn fast_messages(ctx: &Ctx<'_>, chunks: &mut Chunks<'_>, state: &mut ChatState) -> Option<()> {
    let mut lines = ctx.lines.get();
    let mut next = chunks.peek_past_space(&mut lines).ok()??;
    let mut first = true;
    while next != b']' {
        if !first {
            if next != b',' {
                return None;
            }
            chunks.consume(1);
            next = chunks.peek_past_space(&mut lines).ok()??;
            if next == b']' {
                return None;
            }
        }
        first = false;
        ctx.lines.set(lines);
        lines += fast_message(ctx, chunks, state)?;
        next = chunks.peek_past_space(&mut lines).ok()??;
    }
    ctx.lines.set(lines);
    Some(())
}

/// Reads the message that starts the unread bytes, adds it to the chat and
/// returns the newlines in it. serde_json reads it straight from the chunk
/// (and says where it ends); a message the chunk ends inside is read again
/// after more of the file, and one serde_json refuses gets a second chance
/// with its `\x` escapes rewritten.
fn fast_message(ctx: &Ctx<'_>, chunks: &mut Chunks<'_>, state: &mut ChatState) -> Option<u64> {
    loop {
        match message_at(ctx, chunks.rest()) {
            Ok((message, len)) => {
                let bytes = &chunks.rest()[..len];
                let lines = chunks::newlines(bytes);
                if chunks::maybe_deep(bytes) && chunks::scan(bytes).is_none() {
                    return None;
                }
                state.add(&message).then_some(())?;
                chunks.consume(len);
                return Some(lines);
            }
            Err(e) if e.is_eof() => {
                if !chunks.more().ok()? {
                    return None;
                }
            }
            Err(_) => return rewritten_message(ctx, chunks, state),
        }
    }
}

/// A message serde_json refused, read again with its `\x` escapes written
/// `\u00` as [`Unescape`] would have fed them; `None` when it has none.
fn rewritten_message(ctx: &Ctx<'_>, chunks: &mut Chunks<'_>, state: &mut ChatState) -> Option<u64> {
    let element = chunks.element().ok()??;
    if !element.hex {
        return None;
    }
    let bytes = escapes::rewrite(&chunks.rest()[..element.len]);
    let (message, len) = message_at(ctx, &bytes).ok()?;
    if len != bytes.len() {
        return None;
    }
    state.add(&message).then_some(())?;
    chunks.consume(element.len);
    Some(element.lines)
}

/// The message at the start of `bytes`, and its length.
fn message_at<'b>(
    ctx: &Ctx<'_>,
    bytes: &'b [u8],
) -> Result<(RawMessage<'b>, usize), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut message = RawMessage::default();
    MessageSeed {
        ctx,
        out: &mut message,
    }
    .deserialize(&mut de)?;
    let len = de.into_iter::<IgnoredAny>().byte_offset();
    Ok((message, len))
}

/// The keys of a message that matter; the others are skipped unread. Its
/// strings borrow from the message's bytes when it is read from a slice
/// (the fast pass) and they hold no escape.
#[derive(Default)]
struct RawMessage<'de> {
    /// The line of its `{`.
    line: u64,
    kind: Option<Cow<'de, str>>,
    date: Option<LocalTime>,
    unixtime: Option<LocalTime>,
    from: Option<Option<Cow<'de, str>>>,
    from_id: Option<Cow<'de, str>>,
    actor: Option<Option<Cow<'de, str>>>,
    actor_id: Option<Cow<'de, str>>,
    action: Option<Cow<'de, str>>,
    discard_reason: Option<Cow<'de, str>>,
    duration: Option<u64>,
    text: Option<Cow<'de, str>>,
    /// `text_entities` joined, when there is no `text` before it.
    entities: Option<Cow<'de, str>>,
    poll: Option<String>,
    media_type: Option<Cow<'de, str>>,
    mime_type: Option<Cow<'de, str>>,
    photo: bool,
    file: bool,
    contact: bool,
    location: bool,
    edited: bool,
}

impl<'de> RawMessage<'de> {
    fn field<A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        ctx: &Ctx<'_>,
    ) -> Result<(), A::Error> {
        let present = |map: &mut A| map.next_value::<Option<IgnoredAny>>().map(|v| v.is_some());
        match key {
            "type" => self.kind = map.next_value_seed(OptStr)?,
            "date" => self.date = map.next_value_seed(DateSeed(ctx.tz))?,
            "date_unixtime" => self.unixtime = map.next_value_seed(UnixSeed(ctx.tz))?,
            "from" => self.from = Some(map.next_value_seed(OptStr)?),
            "from_id" => self.from_id = map.next_value_seed(StrOrNum)?,
            "actor" => self.actor = Some(map.next_value_seed(OptStr)?),
            "actor_id" => self.actor_id = map.next_value_seed(StrOrNum)?,
            "action" => self.action = map.next_value_seed(OptStr)?,
            "discard_reason" => self.discard_reason = map.next_value_seed(OptStr)?,
            "duration_seconds" => {
                self.duration = map.next_value::<Option<f64>>()?.map(|s| s.max(0.0) as u64)
            }
            "text" => self.text = Some(map.next_value_seed(TextSeed { ctx })?),
            "text_entities" if self.text.is_none() => {
                self.entities = Some(map.next_value_seed(TextSeed { ctx })?);
            }
            "poll" => self.poll = map.next_value::<Option<Poll>>()?.and_then(|p| p.question),
            "media_type" => self.media_type = map.next_value_seed(OptStr)?,
            "mime_type" => self.mime_type = map.next_value_seed(OptStr)?,
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

/// One message, read into `out` (a fresh one), which is not moved: it is
/// large, and a million messages are read.
struct MessageSeed<'s, 'a, 'de> {
    ctx: &'s Ctx<'a>,
    out: &'s mut RawMessage<'de>,
}

impl<'de> DeserializeSeed<'de> for MessageSeed<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MessageSeed<'_, '_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a message (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let MessageSeed { ctx, out } = self;
        // The reader has just consumed the `{`: this is the message's line.
        out.line = ctx.line();
        each_key(&ctx.trail, &mut map, |key, map| out.field(key, map, ctx))
    }
}

// ---------------------------------------------------------------------------
// Values: text and ids (times are read in `dates.rs`).

/// `text`: a string, or an array of strings and `{"type": ..., "text": ...}`
/// entities, joined.
struct TextSeed<'s, 'a> {
    ctx: &'s Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for TextSeed<'_, '_> {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A text of one string is that string (borrowed when it can be); parts
/// are joined by [`TextPart`].
impl<'de> Visitor<'de> for TextSeed<'_, '_> {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(TEXT_EXPECTED)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(""))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let mut out = String::new();
        TextPart {
            ctx: self.ctx,
            out: &mut out,
        }
        .visit_seq(seq)?;
        Ok(Cow::Owned(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut out = String::new();
        TextPart {
            ctx: self.ctx,
            out: &mut out,
        }
        .visit_map(map)?;
        Ok(Cow::Owned(out))
    }
}

const TEXT_EXPECTED: &str = "a string, or an array of strings and {\"text\": ...} objects";

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
        f.write_str(TEXT_EXPECTED)
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
                .map_err(|e| ctx.trail.index(i, e))?
                .is_none()
            {
                break;
            }
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let TextPart { ctx, out } = self;
        each_key(&ctx.trail, &mut map, |key, map| {
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

/// An id written as a string (`"user123"`) or a number (`123`); null is none.
struct StrOrNum;

impl<'de> DeserializeSeed<'de> for StrOrNum {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrOrNum {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id (a string or a number)")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// What `Option<String>` reads (null, or a string, with the same errors),
/// borrowing the string from the input when it can.
struct OptStr;

impl<'de> DeserializeSeed<'de> for OptStr {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptStr {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("option")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_string(CowStr).map(Some)
    }
}

/// A string, borrowed from the input when it can be.
struct CowStr;

impl<'de> Visitor<'de> for CowStr {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

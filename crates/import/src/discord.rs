//! DiscordChatExporter JSON (one channel, DM, group DM or thread per file).
//!
//! Discord has no export of its own; DiscordChatExporter (DCE) is what
//! people use. Its JSON holds `guild`, `channel` and `messages` with ISO 8601
//! instants (`2022-08-29T18:47:15.405+00:00`) shown here on the wall clock of
//! the zone asked for. People are told apart by author id and named by their
//! server nickname, else their user name. Message types other than
//! `Default` and `Reply` (and slash-command replies) are system lines, but
//! `Call` is a call. A message id seen twice is kept once.

use std::collections::{HashMap, HashSet};

use crate::tz::local;
use crate::ImportError;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use memchr::memmem;
use pullaway_chat::{CallKind, Chat, Kind, LocalTime, MediaKind, PersonId};
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::json::{self, field, Lenient, List};

const FORMAT: &str = "discord";
const HEAD_BYTES: usize = 64 * 1024;

/// Whether `bytes` look like a DiscordChatExporter JSON export.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = json::head(bytes, HEAD_BYTES);
    let has = |needle: &[u8]| memmem::find(head, needle).is_some();
    head.starts_with(b"{")
        && has(b"\"channel\"")
        && has(b"\"messages\"")
        && (has(b"\"guild\"") || has(b"\"author\""))
}

/// Imports one DCE JSON file: one chat.
pub fn parse(
    display: &str,
    file_name: &str,
    bytes: &[u8],
    tz: &TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    let raw: RawExport = serde_json::from_slice(crate::text::strip_bom(bytes))
        .map_err(|e| json::syntax_error(display, &e, "a DiscordChatExporter object"))?;
    let invalid = |msg: String| ImportError::invalid(display, None, msg);
    let channel = read_channel(&raw, file_name).map_err(invalid)?;
    let messages = match &raw.messages {
        None => {
            return Err(invalid(
                "messages: missing (not a DiscordChatExporter export?)".into(),
            ))
        }
        Some(list) => list.items(|| "messages".into()).map_err(invalid)?,
    };
    let mut reader = Reader::new(display, &channel, tz);
    for (i, m) in messages.iter().enumerate() {
        let m = m
            .get(|| format!("messages[{i}]"), "an object")
            .map_err(invalid)?;
        reader.read(i, m)?;
    }
    Ok(vec![reader.finish(&channel)])
}

// ---------------------------------------------------------------- raw JSON

#[derive(Deserialize)]
struct RawExport {
    guild: Option<Lenient<RawGuild>>,
    channel: Option<Lenient<RawChannel>>,
    messages: Option<List<Lenient<RawMessage>>>,
}

#[derive(Deserialize)]
struct RawGuild {
    name: Option<String>,
}

#[derive(Deserialize)]
struct RawChannel {
    id: Option<Lenient<Id>>,
    #[serde(rename = "type")]
    kind: Option<Lenient<Id>>,
    name: Option<Lenient<String>>,
}

/// DCE writes ids and types as strings; accept numbers too.
#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(i64),
}

impl Id {
    fn text(&self) -> String {
        match self {
            Id::Text(s) => s.clone(),
            Id::Number(n) => n.to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawMessage {
    id: Option<Lenient<Id>>,
    #[serde(rename = "type")]
    kind: Option<Lenient<Id>>,
    timestamp: Option<Lenient<String>>,
    timestamp_edited: Option<Lenient<String>>,
    call_ended_timestamp: Option<Lenient<String>>,
    content: Option<Lenient<String>>,
    author: Option<Lenient<RawAuthor>>,
    attachments: Option<Lenient<Vec<RawAttachment>>>,
    stickers: Option<Lenient<Vec<IgnoredAny>>>,
    embeds: Option<Lenient<Vec<IgnoredAny>>>,
}

#[derive(Deserialize)]
struct RawAuthor {
    id: Option<Lenient<Id>>,
    name: Option<Lenient<String>>,
    nickname: Option<Lenient<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAttachment {
    file_name: Option<String>,
    url: Option<String>,
    content_type: Option<String>,
}

// ----------------------------------------------------------------- channel

struct Channel {
    id: String,
    kind: String,
    name: String,
    guild: Option<String>,
}

impl Channel {
    fn is_direct(&self) -> bool {
        matches!(self.kind.as_str(), "DirectTextChat" | "1")
    }
}

fn read_channel(raw: &RawExport, file_name: &str) -> Result<Channel, String> {
    let channel = field(&raw.channel, || "channel".into(), "an object")?
        .ok_or_else(|| "channel: missing (not a DiscordChatExporter export?)".to_owned())?;
    let id = field(&channel.id, || "channel.id".into(), "a string")?.map(Id::text);
    let kind = field(&channel.kind, || "channel.type".into(), "a string")?.map(Id::text);
    let name = field(&channel.name, || "channel.name".into(), "a string")?.cloned();
    let guild = field(&raw.guild, || "guild".into(), "an object")?.and_then(|g| g.name.clone());
    Ok(Channel {
        id: id.unwrap_or_else(|| file_name.to_owned()),
        kind: kind.unwrap_or_default(),
        name: name.unwrap_or_default(),
        guild,
    })
}

// ---------------------------------------------------------------- messages

/// One message read, before it is placed in time order.
struct Entry {
    ms: i64,
    time: LocalTime,
    sender: PersonId,
    kind: Kind,
    edited: bool,
    text: String,
    index: usize,
}

/// An author as first seen: the name shown and the user name.
struct Author {
    person: PersonId,
    user_name: String,
}

struct Reader<'a> {
    display: &'a str,
    tz: &'a TimeZone,
    chat: Chat,
    authors: HashMap<String, Author>,
    seen_ids: HashSet<String>,
    entries: Vec<Entry>,
    duplicates: usize,
}

impl<'a> Reader<'a> {
    fn new(display: &'a str, channel: &Channel, tz: &'a TimeZone) -> Reader<'a> {
        let name = if channel.name.is_empty() {
            channel.id.clone()
        } else {
            channel.name.clone()
        };
        let mut chat = Chat::new(channel.id.clone(), name, FORMAT);
        chat.detail = match &channel.guild {
            Some(g) if !channel.kind.starts_with("Direct") => {
                format!("DiscordChatExporter json, {} in {g}", channel.kind)
            }
            _ => format!("DiscordChatExporter json, {}", channel.kind),
        };
        Reader {
            display,
            tz,
            chat,
            authors: HashMap::new(),
            seen_ids: HashSet::new(),
            entries: Vec::new(),
            duplicates: 0,
        }
    }

    fn invalid(&self, msg: String) -> ImportError {
        ImportError::invalid(self.display, None, msg)
    }

    fn read(&mut self, i: usize, m: &RawMessage) -> Result<(), ImportError> {
        self.read_message(i, m).map_err(|msg| self.invalid(msg))
    }

    fn read_message(&mut self, i: usize, m: &RawMessage) -> Result<(), String> {
        let at = |f: &str| format!("messages[{i}].{f}");
        if let Some(id) = field(&m.id, || at("id"), "a string")? {
            if !self.seen_ids.insert(id.text()) {
                self.duplicates += 1;
                return Ok(());
            }
        }
        let stamp = field(&m.timestamp, || at("timestamp"), "a string")?
            .ok_or_else(|| at("timestamp: missing"))?;
        let instant = parse_instant(stamp).ok_or_else(|| {
            at(&format!(
                "timestamp: expected an ISO 8601 time like 2022-08-29T18:47:15.405+00:00, found {}",
                crate::text::quote(stamp)
            ))
        })?;
        let edited = field(&m.timestamp_edited, || at("timestampEdited"), "a string")?.is_some();
        let author =
            field(&m.author, || at("author"), "an object")?.ok_or_else(|| at("author: missing"))?;
        let sender = self.author(i, author)?;
        let content = field(&m.content, || at("content"), "a string")?
            .cloned()
            .unwrap_or_default();
        let kind = message_kind(i, m, instant, &content)?;
        let time =
            local(instant.as_second(), self.tz).ok_or_else(|| at("timestamp: out of range"))?;
        self.entries.push(Entry {
            ms: instant.as_millisecond(),
            time,
            sender,
            kind,
            edited,
            text: content,
            index: i,
        });
        Ok(())
    }

    /// The person for an author: one per author id, named by nickname (else
    /// user name); a name another author already has gets the user name or
    /// id added.
    fn author(&mut self, i: usize, a: &RawAuthor) -> Result<PersonId, String> {
        let at = |f: &str| format!("messages[{i}].author.{f}");
        let user_name = field(&a.name, || at("name"), "a string")?
            .cloned()
            .unwrap_or_default();
        let nickname = field(&a.nickname, || at("nickname"), "a string")?.filter(|n| !n.is_empty());
        let id = field(&a.id, || at("id"), "a string")?.map_or_else(|| user_name.clone(), Id::text);
        if let Some(known) = self.authors.get(&id) {
            return Ok(known.person);
        }
        let shown = nickname.cloned().unwrap_or_else(|| user_name.clone());
        let shown = if shown.is_empty() {
            format!("user {id}")
        } else {
            shown
        };
        let shown = self.unique_name(shown, &user_name, &id);
        let person = self.chat.person(&shown);
        self.authors.insert(id, Author { person, user_name });
        Ok(person)
    }

    fn unique_name(&self, shown: String, user_name: &str, id: &str) -> String {
        if self.chat.find_person(&shown).is_none() {
            return shown;
        }
        let with_user = format!("{shown} ({user_name})");
        if !user_name.is_empty()
            && user_name != shown
            && self.chat.find_person(&with_user).is_none()
        {
            return with_user;
        }
        format!("{shown} [{id}]")
    }

    fn finish(mut self, channel: &Channel) -> Chat {
        if channel.is_direct() && !channel.name.is_empty() {
            self.chat.contact = Some(self.contact_name(&channel.name));
        }
        self.entries.sort_by_key(|e| e.ms);
        for e in std::mem::take(&mut self.entries) {
            let line = u32::try_from(e.index + 1).unwrap_or(u32::MAX);
            if !self
                .chat
                .push(line, e.time, Some(e.sender), e.kind, &e.text)
            {
                self.chat.warnings.push("stopped at 4 GiB of text".into());
                break;
            }
            if let Some(last) = self.chat.last_mut() {
                last.edited = e.edited;
            }
        }
        if self.duplicates > 0 {
            self.chat.warnings.push(format!(
                "dropped {} message(s) whose id was already seen",
                self.duplicates
            ));
        }
        self.chat.sort();
        self.chat
    }

    /// A DM channel is named after the other user's user name: the name shown
    /// for that author, when they wrote.
    fn contact_name(&self, channel_name: &str) -> String {
        let author = self.authors.values().find(|a| a.user_name == channel_name);
        let by_user = author.map(|a| self.chat.name_of(a.person).to_owned());
        by_user.unwrap_or_else(|| channel_name.to_owned())
    }
}

fn parse_instant(s: &str) -> Option<Timestamp> {
    s.parse::<Timestamp>().ok()
}

/// The kind of a message from its DCE type, attachments and stickers.
fn message_kind(
    i: usize,
    m: &RawMessage,
    instant: Timestamp,
    content: &str,
) -> Result<Kind, String> {
    let at = |f: &str| format!("messages[{i}].{f}");
    let kind = field(&m.kind, || at("type"), "a string")?
        .map(Id::text)
        .unwrap_or_else(|| "Default".into());
    match kind.as_str() {
        "Default" | "Reply" | "0" | "19" | "ChatInputCommand" | "20" | "ContextMenuCommand"
        | "23" => {}
        "Call" | "3" => return call_kind(i, m, instant, content),
        _ => return Ok(Kind::System),
    }
    let attachments = field(&m.attachments, || at("attachments"), "a list")?;
    if let Some(a) = attachments.and_then(|a| a.first()) {
        return Ok(Kind::Media(attachment_kind(a)));
    }
    let stickers = field(&m.stickers, || at("stickers"), "a list")?;
    if stickers.is_some_and(|s| !s.is_empty()) {
        return Ok(Kind::Media(MediaKind::Sticker));
    }
    let embeds = field(&m.embeds, || at("embeds"), "a list")?;
    if content.is_empty() && embeds.is_some_and(|e| !e.is_empty()) {
        return Ok(Kind::Media(MediaKind::Unknown));
    }
    Ok(Kind::Text)
}

/// A call that lasted is answered; one that ended when it started (or says
/// nothing of lasting) was missed.
fn call_kind(i: usize, m: &RawMessage, start: Timestamp, content: &str) -> Result<Kind, String> {
    let ended = field(
        &m.call_ended_timestamp,
        || format!("messages[{i}].callEndedTimestamp"),
        "a string",
    )?;
    let lasted = match ended.and_then(|e| parse_instant(e)) {
        Some(end) => end > start,
        None => content.contains("lasted"),
    };
    Ok(Kind::Call(if lasted {
        CallKind::Answered
    } else {
        CallKind::Missed
    }))
}

fn attachment_kind(a: &RawAttachment) -> MediaKind {
    let content_type = a.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
    let top = content_type.split('/').next().unwrap_or("");
    match top {
        "image" if content_type.ends_with("/gif") => return MediaKind::Gif,
        "image" => return MediaKind::Photo,
        "video" => return MediaKind::Video,
        "audio" => return MediaKind::Audio,
        _ => {}
    }
    let name = a.file_name.as_deref().or(a.url.as_deref()).unwrap_or("");
    let name = name
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "jpg" | "jpeg" | "png" | "webp" | "heic" | "bmp" => MediaKind::Photo,
        "gif" => MediaKind::Gif,
        "mp4" | "mov" | "webm" | "mkv" => MediaKind::Video,
        "mp3" | "ogg" | "opus" | "m4a" | "wav" | "flac" | "aac" => MediaKind::Audio,
        "" => MediaKind::Unknown,
        _ => MediaKind::Document,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn author(id: &str, name: &str, nickname: Option<&str>) -> String {
        match nickname {
            Some(n) => {
                format!(r#"{{"id": "{id}", "name": "{name}", "nickname": "{n}", "isBot": false}}"#)
            }
            None => format!(r#"{{"id": "{id}", "name": "{name}"}}"#),
        }
    }

    fn message(id: &str, kind: &str, ts: &str, author: &str, content: &str, extra: &str) -> String {
        format!(
            r#"{{"id": "{id}", "type": "{kind}", "timestamp": "{ts}", "timestampEdited": null,
                "content": "{content}", "author": {author}, "attachments": [], "embeds": [],
                "stickers": [], "reactions": [], "mentions": []{extra}}}"#
        )
    }

    fn export(channel_type: &str, channel_name: &str, messages: &[String]) -> Vec<u8> {
        format!(
            r#"{{"guild": {{"id": "0", "name": "Direct Messages"}},
                "channel": {{"id": "4242", "type": "{channel_type}", "name": "{channel_name}"}},
                "messages": [{}], "messageCount": {}}}"#,
            messages.join(",\n"),
            messages.len()
        )
        .into_bytes()
    }

    fn dm() -> Vec<u8> {
        let rin = author("1", "rin_k", Some("Rin"));
        let ode = author("2", "odessa", None);
        export(
            "DirectTextChat",
            "rin_k",
            &[
                message(
                    "10",
                    "Default",
                    "2024-03-31T00:30:00.000+00:00",
                    &ode,
                    "hey",
                    "",
                ),
                message(
                    "11",
                    "Reply",
                    "2024-03-31T01:30:00.5+00:00",
                    &rin,
                    "yo",
                    r#", "timestampEdited": "2024-03-31T01:31:00+00:00""#,
                ),
                message(
                    "12",
                    "Default",
                    "2024-03-31T01:40:00+00:00",
                    &rin,
                    "",
                    r#", "attachments": [{"id": "9", "url": "https://cdn/x/cat.PNG?ex=1", "fileName": "cat.PNG"}]"#,
                ),
                message(
                    "13",
                    "Default",
                    "2024-03-31T01:41:00+00:00",
                    &ode,
                    "",
                    r#", "attachments": [{"fileName": "notes.pdf"}]"#,
                ),
                message(
                    "14",
                    "Default",
                    "2024-03-31T01:42:00+00:00",
                    &ode,
                    "",
                    r#", "stickers": [{"id": "5", "name": "Wave"}]"#,
                ),
                message(
                    "15",
                    "Call",
                    "2024-03-31T01:50:00+00:00",
                    &rin,
                    "Started a call that lasted 3 minutes.",
                    r#", "callEndedTimestamp": "2024-03-31T01:53:00+00:00""#,
                ),
                message(
                    "16",
                    "Call",
                    "2024-03-31T01:55:00+00:00",
                    &ode,
                    "Started a call.",
                    r#", "callEndedTimestamp": null"#,
                ),
                message(
                    "17",
                    "ChannelPinnedMessage",
                    "2024-03-31T01:56:00+00:00",
                    &ode,
                    "Pinned a message.",
                    "",
                ),
                message(
                    "16",
                    "Call",
                    "2024-03-31T01:55:00+00:00",
                    &ode,
                    "Started a call.",
                    "",
                ),
                // Out of order in the file: placed by time.
                message(
                    "9",
                    "Default",
                    "2024-03-30T23:00:00-01:00",
                    &ode,
                    "first",
                    "",
                ),
            ],
        )
    }

    fn parse_utc(bytes: &[u8]) -> Chat {
        parse("d.json", "d.json", bytes, &TimeZone::UTC)
            .expect("parses")
            .remove(0)
    }

    #[test]
    fn direct_chat() {
        let bytes = dm();
        assert!(looks_like(&bytes));
        let chat = parse_utc(&bytes);
        assert_eq!(
            (chat.id.as_str(), chat.name.as_str(), chat.format),
            ("4242", "rin_k", "discord")
        );
        assert_eq!(chat.contact.as_deref(), Some("Rin"));
        let got: Vec<(String, Kind, bool, String)> = chat
            .messages()
            .iter()
            .map(|m| {
                (
                    chat.name_of(m.sender().unwrap()).to_owned(),
                    m.kind,
                    m.edited,
                    chat.text(m).into_owned(),
                )
            })
            .collect();
        let want = [
            ("odessa", Kind::Text, false, "first"),
            ("odessa", Kind::Text, false, "hey"),
            ("Rin", Kind::Text, true, "yo"),
            ("Rin", Kind::Media(MediaKind::Photo), false, ""),
            ("odessa", Kind::Media(MediaKind::Document), false, ""),
            ("odessa", Kind::Media(MediaKind::Sticker), false, ""),
            (
                "Rin",
                Kind::Call(CallKind::Answered),
                false,
                "Started a call that lasted 3 minutes.",
            ),
            (
                "odessa",
                Kind::Call(CallKind::Missed),
                false,
                "Started a call.",
            ),
            ("odessa", Kind::System, false, "Pinned a message."),
        ];
        let want: Vec<(String, Kind, bool, String)> = want
            .iter()
            .map(|w| (w.0.to_owned(), w.1, w.2, w.3.to_owned()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(chat.messages()[0].time.to_string(), "2024-03-31T00:00:00");
        assert_eq!(
            chat.warnings,
            ["dropped 1 message(s) whose id was already seen"]
        );
    }

    #[test]
    fn times_follow_the_zone_across_daylight_saving() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let chat = parse("d", "d", &dm(), &berlin).unwrap().remove(0);
        let times: Vec<String> = chat.messages()[1..3]
            .iter()
            .map(|m| m.time.to_string())
            .collect();
        assert_eq!(times, ["2024-03-31T01:30:00", "2024-03-31T03:30:00"]);
    }

    #[test]
    fn same_name_different_authors_stay_apart() {
        let a = author("1", "sam_one", Some("Sam"));
        let b = author("2", "sam_two", Some("Sam"));
        let bytes = export(
            "GuildTextChat",
            "general",
            &[
                message("1", "Default", "2024-01-01T10:00:00+00:00", &a, "a", ""),
                message("2", "Default", "2024-01-01T10:01:00+00:00", &b, "b", ""),
                message(
                    "3",
                    "GuildMemberJoin",
                    "2024-01-01T10:02:00+00:00",
                    &b,
                    "",
                    "",
                ),
            ],
        );
        let chat = parse_utc(&bytes);
        let names: Vec<&str> = chat.people().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Sam", "Sam (sam_two)"]);
        assert_eq!(chat.contact, None);
        assert_eq!((chat.message_count(), chat.system_count()), (2, 1));
    }

    fn error(bytes: &[u8]) -> String {
        match parse("bad.json", "bad.json", bytes, &TimeZone::UTC) {
            Ok(_) => panic!("should fail: {}", String::from_utf8_lossy(bytes)),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn bad_input_names_the_place() {
        assert!(error(b"").contains("ends early"));
        assert!(error(&dm()[..300]).contains("ends early"));
        assert!(error(b"{\"channel\": {}\n, \"messages\": [}")
            .starts_with("bad.json:2: invalid JSON at column"));
        assert_eq!(
            error(b"{}"),
            "bad.json: channel: missing (not a DiscordChatExporter export?)"
        );
        assert_eq!(
            error(br#"{"channel": {"id": "1"}}"#),
            "bad.json: messages: missing (not a DiscordChatExporter export?)"
        );
        assert_eq!(
            error(br#"{"channel": [], "messages": []}"#),
            "bad.json: channel: expected an object, found a list"
        );
        let ann = author("1", "ann", None);
        let bad_time = export(
            "GuildTextChat",
            "g",
            &[message("1", "Default", "yesterday", &ann, "x", "")],
        );
        assert!(error(&bad_time)
            .starts_with("bad.json: messages[0].timestamp: expected an ISO 8601 time"));
        let bad_author = br#"{"channel": {"id": "1"}, "messages": [{"id": "1", "timestamp": "2024-01-01T00:00:00Z", "author": {"name": 5}}]}"#;
        assert_eq!(
            error(bad_author),
            "bad.json: messages[0].author.name: expected a string, found a number"
        );
        let no_author =
            br#"{"channel": {"id": "1"}, "messages": [{"timestamp": "2024-01-01T00:00:00Z"}]}"#;
        assert_eq!(error(no_author), "bad.json: messages[0].author: missing");
    }
}

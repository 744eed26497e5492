//! Facebook Messenger and Instagram "Download your information" JSON.
//!
//! Both services export a thread as `message_1.json`, `message_2.json`, ...
//! (newest part and newest message first) with the same shape; Meta writes
//! every string as its UTF-8 bytes, one code point per byte ("Ã©" for "é"),
//! which [`fix_mojibake`] undoes. Newer end-to-end-encrypted Messenger
//! downloads use a camelCase shape (`senderName`, `timestamp`, `media`) that
//! is read by the same code. Reactions never count as messages, including
//! Instagram's reaction notices that arrive as text ("Liked a message").
//!
//! Which service wrote a file is decided by [`decide_format`]: the path
//! says so when it holds `instagram` or `facebook`/`messenger`; otherwise
//! content only Instagram writes (reaction notices as text, `ig.me` invite
//! links, instagram.com shares) against content only Messenger writes
//! (a `files` or `sticker` attachment, a message `type`). Keys both write
//! (`magic_words`, `is_geoblocked_for_viewer`) decide nothing; a tie is
//! Messenger. The lenient typed-JSON helpers it reads with (a wrong type
//! reported by its JSON path) are in `json.rs`, shared with Discord.

use std::collections::HashMap;

use crate::tz::local_ms;
use crate::ImportError;
use jiff::tz::TimeZone;
use memchr::memmem;
use pullaway_chat::{CallKind, Chat, Kind, MediaKind};
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::json::{self, field, Lenient, List};

const MESSENGER: &str = "messenger";
const INSTAGRAM: &str = "instagram";
const HEAD_BYTES: usize = 64 * 1024;

/// Whether `bytes` look like a Messenger/Instagram thread (either shape).
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = json::head(bytes, HEAD_BYTES);
    if !head.starts_with(b"{") {
        return false;
    }
    let has = |needle: &[u8]| memmem::find(head, needle).is_some();
    (has(b"\"sender_name\"") && has(b"\"timestamp_ms\""))
        || (has(b"\"senderName\"") && has(b"\"timestamp\"") && has(b"\"participants\""))
}

/// Imports one `message_N.json` file.
pub fn parse(
    display: &str,
    file_name: &str,
    bytes: &[u8],
    tz: &TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    let part = read_part(display, file_name, bytes)?;
    build(display, vec![part], tz)
}

/// Imports the parts (`message_1.json`, `message_2.json`, ...) of one thread,
/// given newest part first as Meta numbers them; messages come out in time
/// order and a message present in two parts is kept once.
pub fn parse_parts(
    display: &str,
    parts: &[(String, Vec<u8>)],
    tz: &TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    if parts.is_empty() {
        return Err(ImportError::invalid(
            display,
            None,
            "no message_N.json parts given",
        ));
    }
    let mut read = Vec::with_capacity(parts.len());
    for (file_name, bytes) in parts {
        let at = if parts.len() == 1 {
            display.to_owned()
        } else {
            format!("{display}/{file_name}")
        };
        read.push(read_part(&at, file_name, bytes)?);
    }
    build(display, read, tz)
}

// ---------------------------------------------------------------- raw JSON

#[derive(Deserialize)]
struct RawThread {
    participants: Option<Lenient<Vec<RawParticipant>>>,
    messages: Option<List<Lenient<RawMessage>>>,
    title: Option<Lenient<String>>,
    #[serde(rename = "threadName")]
    thread_name: Option<Lenient<String>>,
    thread_path: Option<Lenient<String>>,
    joinable_mode: Option<Lenient<RawJoinable>>,
}

/// `{"name": "..."}` in the classic shape, a bare string in the E2EE one.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawParticipant {
    Name(String),
    Object { name: Option<String> },
}

#[derive(Deserialize)]
struct RawJoinable {
    link: Option<String>,
}

#[derive(Deserialize)]
struct RawMessage {
    sender_name: Option<Lenient<String>>,
    #[serde(rename = "senderName")]
    sender_name_e2ee: Option<Lenient<String>>,
    timestamp_ms: Option<Lenient<i64>>,
    /// Milliseconds too, in the E2EE shape.
    timestamp: Option<Lenient<i64>>,
    content: Option<Lenient<String>>,
    text: Option<Lenient<String>>,
    photos: Option<Lenient<Vec<IgnoredAny>>>,
    videos: Option<Lenient<Vec<IgnoredAny>>>,
    audio_files: Option<Lenient<Vec<IgnoredAny>>>,
    files: Option<Lenient<Vec<IgnoredAny>>>,
    gifs: Option<Lenient<Vec<IgnoredAny>>>,
    sticker: Option<IgnoredAny>,
    media: Option<Lenient<Vec<RawMedia>>>,
    share: Option<Lenient<RawShare>>,
    is_unsent: Option<Lenient<bool>>,
    #[serde(rename = "isUnsent")]
    is_unsent_e2ee: Option<Lenient<bool>>,
    call_duration: Option<Lenient<f64>>,
    users: Option<Lenient<Vec<IgnoredAny>>>,
    #[serde(rename = "type")]
    kind: Option<Lenient<String>>,
}

#[derive(Deserialize)]
struct RawMedia {
    uri: Option<String>,
}

#[derive(Deserialize)]
struct RawShare {
    link: Option<String>,
    share_text: Option<String>,
}

// ------------------------------------------------------------ one part read

/// One message, decoded but not yet placed in a chat.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Entry {
    ms: i64,
    sender: String,
    kind: Kind,
    text: String,
}

/// What one part file says.
struct Part {
    file_name: String,
    title: Option<String>,
    thread_path: Option<String>,
    participants: Vec<String>,
    /// Oldest first.
    entries: Vec<Entry>,
    e2ee: bool,
    repaired: bool,
    reaction_texts: usize,
    ig_votes: u32,
    fb_votes: u32,
}

fn read_part(display: &str, file_name: &str, bytes: &[u8]) -> Result<Part, ImportError> {
    let bytes = crate::text::strip_bom(bytes);
    let raw: RawThread = serde_json::from_slice(bytes)
        .map_err(|e| json::syntax_error(display, &e, "a thread object"))?;
    let invalid = |msg: String| ImportError::invalid(display, None, msg);
    let mut fixer = Fixer::default();
    let participants = read_participants(&raw, &mut fixer).map_err(invalid)?;
    let title = field(&raw.title, || "title".into(), "a string")
        .map_err(invalid)?
        .or(field(&raw.thread_name, || "threadName".into(), "a string").map_err(invalid)?)
        .map(|t| fixer.fix(t));
    let thread_path = field(&raw.thread_path, || "thread_path".into(), "a string")
        .map_err(invalid)?
        .cloned();
    let messages = match &raw.messages {
        None => {
            return Err(invalid(
                "messages: missing (not a Messenger/Instagram thread?)".into(),
            ))
        }
        Some(list) => list.items(|| "messages".into()).map_err(invalid)?,
    };
    let mut part = Part {
        file_name: file_name.to_owned(),
        title,
        thread_path,
        participants,
        entries: Vec::with_capacity(messages.len()),
        e2ee: raw.thread_name.is_some() || messages.iter().any(is_e2ee),
        repaired: false,
        reaction_texts: 0,
        ig_votes: 0,
        fb_votes: 0,
    };
    if raw
        .joinable_mode
        .as_ref()
        .and_then(Lenient::ok)
        .and_then(|j| j.link.as_deref())
        .is_some_and(|l| l.contains("ig.me/"))
    {
        part.ig_votes += 1;
    }
    for (i, message) in messages.iter().enumerate() {
        let message = message
            .get(|| format!("messages[{i}]"), "an object")
            .map_err(invalid)?;
        read_message(i, message, &mut fixer, &mut part).map_err(invalid)?;
    }
    // Meta writes newest first; keep file order for equal times after reversal.
    part.entries.reverse();
    part.repaired = fixer.repaired;
    Ok(part)
}

fn is_e2ee(m: &Lenient<RawMessage>) -> bool {
    m.ok().is_some_and(|m| m.sender_name_e2ee.is_some())
}

fn read_participants(raw: &RawThread, fixer: &mut Fixer) -> Result<Vec<String>, String> {
    let list = field(
        &raw.participants,
        || "participants".into(),
        "a list of names",
    )?;
    let mut names = Vec::new();
    for p in list.into_iter().flatten() {
        let name = match p {
            RawParticipant::Name(n) => Some(n),
            RawParticipant::Object { name } => name.as_ref(),
        };
        if let Some(n) = name {
            let n = fixer.fix(n);
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    Ok(names)
}

fn read_message(
    i: usize,
    m: &RawMessage,
    fixer: &mut Fixer,
    part: &mut Part,
) -> Result<(), String> {
    let at = |f: &str| format!("messages[{i}].{f}");
    let sender = field(&m.sender_name, || at("sender_name"), "a string")?
        .or(field(&m.sender_name_e2ee, || at("senderName"), "a string")?)
        .ok_or_else(|| at("sender_name: missing"))?;
    let ms = match field(&m.timestamp_ms, || at("timestamp_ms"), "a number")? {
        Some(ms) => *ms,
        None => *field(&m.timestamp, || at("timestamp"), "a number")?
            .ok_or_else(|| at("timestamp_ms: missing"))?,
    };
    let content = field(&m.content, || at("content"), "a string")?
        .or(field(&m.text, || at("text"), "a string")?)
        .map(|c| fixer.fix(c))
        .unwrap_or_default();
    if is_reaction_text(&content) {
        part.reaction_texts += 1;
        part.ig_votes += 1;
        return Ok(());
    }
    let (kind, text) = classify(i, m, content, part)?;
    part.entries.push(Entry {
        ms,
        sender: fixer.fix(sender),
        kind,
        text,
    });
    Ok(())
}

/// The kind and text of a message that is not a reaction notice.
fn classify(
    i: usize,
    m: &RawMessage,
    content: String,
    part: &mut Part,
) -> Result<(Kind, String), String> {
    let at = |f: &str| format!("messages[{i}].{f}");
    let unsent = field(&m.is_unsent, || at("is_unsent"), "true or false")?.or(field(
        &m.is_unsent_e2ee,
        || at("isUnsent"),
        "true or false",
    )?);
    if unsent == Some(&true) {
        return Ok((Kind::Deleted, content));
    }
    let kind_name = field(&m.kind, || at("type"), "a string")?;
    if kind_name.is_some() && !part.e2ee {
        part.fb_votes += 1;
    }
    if let Some(kind) = call_kind(i, m, kind_name, &content)? {
        return Ok((kind, content));
    }
    if let Some(kind) = media_kind(i, m, part)? {
        return Ok((kind, content));
    }
    if let Some(share) = field(&m.share, || at("share"), "an object")? {
        return Ok((Kind::Text, share_text(share, content, part)));
    }
    let joined = field(&m.users, || at("users"), "a list")?.is_some_and(|u| !u.is_empty());
    let system_type = matches!(
        kind_name.map(String::as_str),
        Some("Subscribe" | "Unsubscribe")
    );
    if joined || system_type {
        return Ok((Kind::System, content));
    }
    if content.is_empty() {
        // Something was sent but the export kept nothing of it.
        return Ok((Kind::Media(MediaKind::Unknown), content));
    }
    Ok((Kind::Text, content))
}

fn call_kind(
    i: usize,
    m: &RawMessage,
    kind_name: Option<&String>,
    content: &str,
) -> Result<Option<Kind>, String> {
    let duration = field(
        &m.call_duration,
        || format!("messages[{i}].call_duration"),
        "a number",
    )?;
    let is_call = duration.is_some() || kind_name.is_some_and(|k| k == "Call");
    if !is_call {
        return Ok(None);
    }
    let missed = duration.is_some_and(|d| *d <= 0.0) || content.to_lowercase().contains("missed");
    Ok(Some(Kind::Call(if missed {
        CallKind::Missed
    } else {
        CallKind::Answered
    })))
}

fn media_kind(i: usize, m: &RawMessage, part: &mut Part) -> Result<Option<Kind>, String> {
    let lists = [
        (&m.photos, "photos", MediaKind::Photo),
        (&m.videos, "videos", MediaKind::Video),
        (&m.audio_files, "audio_files", MediaKind::Audio),
        (&m.gifs, "gifs", MediaKind::Gif),
        (&m.files, "files", MediaKind::Document),
    ];
    for (list, name, kind) in lists {
        let list = field(list, || format!("messages[{i}].{name}"), "a list")?;
        if list.is_some_and(|l| !l.is_empty()) {
            if kind == MediaKind::Document {
                part.fb_votes += 1;
            }
            return Ok(Some(Kind::Media(kind)));
        }
    }
    if m.sticker.is_some() {
        part.fb_votes += 1;
        return Ok(Some(Kind::Media(MediaKind::Sticker)));
    }
    let media = field(&m.media, || format!("messages[{i}].media"), "a list")?;
    let first = media.and_then(|l| l.first());
    Ok(first.map(|f| Kind::Media(media_from_uri(f.uri.as_deref().unwrap_or("")))))
}

/// The media kind a file path suggests: its folder in the classic export
/// (`/photos/`, `/audio/`, ...), else its extension.
fn media_from_uri(uri: &str) -> MediaKind {
    let lower = uri.to_ascii_lowercase();
    let folders = [
        ("/photos/", MediaKind::Photo),
        ("/videos/", MediaKind::Video),
        ("/audio/", MediaKind::Audio),
        ("/gifs/", MediaKind::Gif),
        ("/stickers", MediaKind::Sticker),
        ("/files/", MediaKind::Document),
    ];
    if let Some((_, kind)) = folders.iter().find(|(f, _)| lower.contains(f)) {
        return *kind;
    }
    if lower.contains("audioclip") {
        return MediaKind::Audio;
    }
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "jpg" | "jpeg" | "png" | "webp" | "heic" | "bmp" => MediaKind::Photo,
        "mp4" | "mov" | "webm" | "mkv" | "3gp" => MediaKind::Video,
        "m4a" | "aac" | "mp3" | "ogg" | "opus" | "wav" | "amr" => MediaKind::Audio,
        "gif" => MediaKind::Gif,
        "" => MediaKind::Unknown,
        _ => MediaKind::Document,
    }
}

/// A shared link as text: the message text, plus the link when not in it.
fn share_text(share: &RawShare, content: String, part: &mut Part) -> String {
    let link = share.link.as_deref().unwrap_or("");
    if link.contains("instagram.com/") {
        part.ig_votes += 1;
    }
    let content = if content.is_empty() {
        share
            .share_text
            .as_deref()
            .map(fix_mojibake)
            .unwrap_or_default()
    } else {
        content
    };
    match (
        content.is_empty(),
        link.is_empty() || content.contains(link),
    ) {
        (_, true) => content,
        (true, false) => link.to_owned(),
        (false, false) => format!("{content} {link}"),
    }
}

/// Instagram's reaction notices written as messages: "Liked a message",
/// "Reacted 😂 to your message", "Ana reacted ❤️ to your message".
fn is_reaction_text(text: &str) -> bool {
    if text == "Liked a message" {
        return true;
    }
    let Some(rest) = text.strip_suffix(" to your message") else {
        return false;
    };
    rest.starts_with("Reacted ") || rest.contains(" reacted ")
}

// ------------------------------------------------------------- the merge

fn build(display: &str, parts: Vec<Part>, tz: &TimeZone) -> Result<Vec<Chat>, ImportError> {
    let Some(first) = parts.first() else {
        return Err(ImportError::invalid(display, None, "no message parts"));
    };
    let (format, why) = decide_format(display, &parts);
    let id = first
        .thread_path
        .clone()
        .unwrap_or_else(|| first.file_name.clone());
    let participants = union_participants(&parts);
    let name = first
        .title
        .clone()
        .unwrap_or_else(|| first.file_name.clone());
    let mut chat = Chat::new(id, name, format);
    chat.detail = detail(&parts, why);
    if participants.len() == 2
        && first
            .title
            .as_ref()
            .is_some_and(|t| participants.contains(t))
    {
        chat.contact = first.title.clone();
    }
    for p in &participants {
        chat.person(p);
    }
    let (entries, dropped) = merge_entries(parts.iter().rev());
    push_entries(display, &mut chat, entries, tz)?;
    add_warnings(&mut chat, &parts, dropped);
    chat.sort();
    Ok(vec![chat])
}

fn union_participants(parts: &[Part]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for n in parts.iter().flat_map(|p| &p.participants) {
        if !names.contains(n) {
            names.push(n.clone());
        }
    }
    names
}

/// All entries of the parts (oldest part first), sorted by instant, without
/// the copies a message leaves when it is in two parts. Returns the count
/// of copies dropped.
fn merge_entries<'a>(parts: impl Iterator<Item = &'a Part>) -> (Vec<&'a Entry>, usize) {
    let mut seen: HashMap<&Entry, usize> = HashMap::new();
    let mut out = Vec::new();
    let mut dropped = 0;
    for (n, part) in parts.enumerate() {
        for e in &part.entries {
            match seen.get(e) {
                Some(&other) if other != n => dropped += 1,
                _ => {
                    seen.insert(e, n);
                    out.push(e);
                }
            }
        }
    }
    out.sort_by_key(|e| e.ms);
    (out, dropped)
}

fn push_entries(
    display: &str,
    chat: &mut Chat,
    entries: Vec<&Entry>,
    tz: &TimeZone,
) -> Result<(), ImportError> {
    for (n, e) in entries.into_iter().enumerate() {
        let time = local_ms(e.ms, tz).ok_or_else(|| {
            ImportError::invalid(
                display,
                None,
                format!("timestamp {} ms is out of range", e.ms),
            )
        })?;
        let sender = chat.person(&e.sender);
        let line = u32::try_from(n + 1).unwrap_or(u32::MAX);
        if !chat.push(line, time, Some(sender), e.kind, &e.text) {
            return Err(ImportError::text_full(display, None));
        }
    }
    Ok(())
}

fn detail(parts: &[Part], why: &str) -> String {
    let shape = if parts.iter().any(|p| p.e2ee) {
        "e2ee json"
    } else {
        "dyi json"
    };
    let mut d = format!("{shape}, {} part(s), {why}", parts.len());
    if parts.iter().any(|p| p.repaired) {
        d.push_str(", mojibake repaired");
    }
    d
}

fn add_warnings(chat: &mut Chat, parts: &[Part], dropped: usize) {
    let reactions: usize = parts.iter().map(|p| p.reaction_texts).sum();
    if reactions > 0 {
        chat.warnings.push(format!(
            "skipped {reactions} reaction notice(s) written as messages (\"Liked a message\", \"Reacted ... to your message\")"
        ));
    }
    if dropped > 0 {
        chat.warnings.push(format!(
            "dropped {dropped} message(s) repeated in two parts"
        ));
    }
}

/// `messenger` or `instagram`, and why (see the module header).
fn decide_format(display: &str, parts: &[Part]) -> (&'static str, &'static str) {
    let path = parts.iter().fold(display.to_ascii_lowercase(), |acc, p| {
        acc + "/" + &p.file_name.to_ascii_lowercase()
    });
    if path.contains("instagram") {
        return (INSTAGRAM, "path names instagram");
    }
    if path.contains("facebook") || path.contains("messenger") {
        return (MESSENGER, "path names facebook");
    }
    let ig: u32 = parts.iter().map(|p| p.ig_votes).sum();
    let fb: u32 = parts.iter().map(|p| p.fb_votes).sum();
    if ig > fb {
        (INSTAGRAM, "instagram-only content")
    } else if fb > 0 {
        (MESSENGER, "messenger-only content")
    } else {
        (MESSENGER, "no instagram-only content")
    }
}

// ------------------------------------------------------------- mojibake

/// Repairs strings and remembers whether any needed it.
#[derive(Default)]
struct Fixer {
    repaired: bool,
}

impl Fixer {
    fn fix(&mut self, s: &str) -> String {
        let fixed = fix_mojibake(s);
        if fixed != s {
            self.repaired = true;
        }
        fixed
    }
}

/// Meta's exports write each UTF-8 byte as a code point (`"Ã©"` for `é`):
/// collect the code points back into bytes and decode them. A string that
/// holds a code point above U+00FF, or whose bytes are not UTF-8, was not
/// mangled and is returned as it is.
pub fn fix_mojibake(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    let bytes: Option<Vec<u8>> = s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect();
    bytes
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_else(|| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> TimeZone {
        TimeZone::UTC
    }

    /// Writes `s` the way Meta does: each UTF-8 byte as one code point.
    fn mangle(s: &str) -> String {
        s.bytes().map(char::from).collect()
    }

    /// A JSON string literal of the mangled `s`, \u-escaped like Meta's.
    fn lit(s: &str) -> String {
        let escaped: String = mangle(s)
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    format!("\\u{:04x}", u32::from(c))
                }
            })
            .collect();
        format!("\"{escaped}\"")
    }

    fn one(bytes: &[u8]) -> Chat {
        let mut chats = parse("t.json", "message_1.json", bytes, &utc()).expect("parses");
        assert_eq!(chats.len(), 1);
        chats.remove(0)
    }

    fn summary(chat: &Chat) -> Vec<(String, Kind, String)> {
        chat.messages()
            .iter()
            .map(|m| {
                (
                    m.sender()
                        .map(|s| chat.name_of(s).to_owned())
                        .unwrap_or_default(),
                    m.kind,
                    chat.text(m).into_owned(),
                )
            })
            .collect()
    }

    const THREAD: &str = r#"{
      "participants": [{"name": "Zoe Ortiz"}, {"name": "Kai Brandt"}],
      "messages": [
        {"sender_name": "Kai Brandt", "timestamp_ms": 1700000600000, "content": "see you", "reactions": [{"reaction": "x", "actor": "Zoe Ortiz"}]},
        {"sender_name": "Zoe Ortiz", "timestamp_ms": 1700000500000, "content": "Zoe Ortiz called you.", "call_duration": 0},
        {"sender_name": "Zoe Ortiz", "timestamp_ms": 1700000400000, "content": "The call ended.", "call_duration": 65},
        {"sender_name": "Kai Brandt", "timestamp_ms": 1700000300000, "content": "You unsent a message.", "is_unsent": true},
        {"sender_name": "Zoe Ortiz", "timestamp_ms": 1700000200000, "share": {"link": "https://example.org/a"}},
        {"sender_name": "Kai Brandt", "timestamp_ms": 1700000100000, "photos": [{"uri": "p/1.jpg"}]},
        {"sender_name": "Kai Brandt", "timestamp_ms": 1700000090000, "videos": [{"uri": "v/1.mp4"}]},
        {"sender_name": "Kai Brandt", "timestamp_ms": 1700000080000, "audio_files": [{"uri": "a/1.mp4"}]},
        {"sender_name": "Kai Brandt", "timestamp_ms": 1700000070000, "gifs": [{"uri": "g/1.gif"}]},
        {"sender_name": "Kai Brandt", "timestamp_ms": 1700000060000, "sticker": {"uri": "s/1.png"}},
        {"sender_name": "Kai Brandt", "timestamp_ms": 1700000050000, "files": [{"uri": "f/1.pdf"}]},
        {"sender_name": "Zoe Ortiz", "timestamp_ms": 1700000000000, "content": "hi"}
      ],
      "title": "Zoe Ortiz",
      "thread_path": "inbox/zoeortiz_123"
    }"#;

    #[test]
    fn kinds_order_and_contact() {
        let chat = one(THREAD.as_bytes());
        assert_eq!(chat.format, MESSENGER);
        assert_eq!(chat.id, "inbox/zoeortiz_123");
        assert_eq!(chat.name, "Zoe Ortiz");
        assert_eq!(chat.contact.as_deref(), Some("Zoe Ortiz"));
        let kinds: Vec<Kind> = chat.messages().iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Text,
                Kind::Media(MediaKind::Document),
                Kind::Media(MediaKind::Sticker),
                Kind::Media(MediaKind::Gif),
                Kind::Media(MediaKind::Audio),
                Kind::Media(MediaKind::Video),
                Kind::Media(MediaKind::Photo),
                Kind::Text,
                Kind::Deleted,
                Kind::Call(CallKind::Answered),
                Kind::Call(CallKind::Missed),
                Kind::Text,
            ]
        );
        assert_eq!(chat.text(&chat.messages()[7]), "https://example.org/a");
        // Reactions are not messages: 12 messages in, 12 out.
        assert_eq!(chat.message_count(), 12);
        assert_eq!(chat.messages()[0].time.to_string(), "2023-11-14T22:13:20");
    }

    #[test]
    fn timestamps_are_shown_in_the_zone_asked_for() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let chat = parse("t", "message_1.json", THREAD.as_bytes(), &berlin)
            .unwrap()
            .remove(0);
        assert_eq!(chat.messages()[0].time.to_string(), "2023-11-14T23:13:20");
    }

    #[test]
    fn mojibake_is_repaired_everywhere() {
        let json = format!(
            r#"{{"participants": [{{"name": {ana}}}, {{"name": "Bo"}}],
               "messages": [{{"sender_name": {ana}, "timestamp_ms": 1, "content": {text}}}],
               "title": {ana}, "thread_path": "inbox/x"}}"#,
            ana = lit("Anaïs Müller"),
            text = lit("déjà vu ❤️ 😂")
        );
        let chat = one(json.as_bytes());
        assert_eq!(chat.name, "Anaïs Müller");
        assert_eq!(chat.contact.as_deref(), Some("Anaïs Müller"));
        assert_eq!(chat.text(&chat.messages()[0]), "déjà vu ❤️ 😂");
        assert_eq!(
            chat.name_of(chat.messages()[0].sender().unwrap()),
            "Anaïs Müller"
        );
        assert!(chat.detail.contains("mojibake"));
    }

    #[test]
    fn mojibake_fix_leaves_real_text_alone() {
        assert_eq!(fix_mojibake("plain"), "plain");
        assert_eq!(fix_mojibake("\u{c3}\u{a9}"), "é");
        // A lone Latin-1 letter is not UTF-8: kept.
        assert_eq!(fix_mojibake("café"), "café");
        // Above U+00FF: already real text.
        assert_eq!(fix_mojibake("Ã© ❤"), "Ã© ❤");
    }

    #[test]
    fn bom_is_skipped() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(THREAD.as_bytes());
        assert!(looks_like(&bytes));
        assert_eq!(one(&bytes).message_count(), 12);
    }

    #[test]
    fn instagram_reaction_notices_are_skipped_and_counted() {
        let json = r#"{"participants": [{"name": "Mia"}, {"name": "Leo"}],
          "messages": [
            {"sender_name": "Mia", "timestamp_ms": 4000, "content": "Liked a message"},
            {"sender_name": "Leo", "timestamp_ms": 3000, "content": "Reacted \u00f0\u009f\u0098\u0082 to your message "},
            {"sender_name": "Leo", "timestamp_ms": 2500, "content": "Reacted \u00f0\u009f\u0098\u0082 to your message"},
            {"sender_name": "Mia", "timestamp_ms": 2000, "content": "Mia reacted \u00e2\u009d\u00a4 to your message"},
            {"sender_name": "Leo", "timestamp_ms": 1000, "content": "real one", "is_geoblocked_for_viewer": false}
          ],
          "title": "Mia", "thread_path": "inbox/mia_1", "magic_words": []}"#;
        let chat = one(json.as_bytes());
        assert_eq!(chat.format, INSTAGRAM);
        // The one with a trailing space is not the notice text: kept as a message.
        assert_eq!(chat.message_count(), 2);
        assert_eq!(chat.warnings.len(), 1);
        assert!(
            chat.warnings[0].starts_with("skipped 3 reaction"),
            "{:?}",
            chat.warnings
        );
    }

    #[test]
    fn the_path_decides_the_service_first() {
        let ig = parse(
            "your_instagram_activity/messages/inbox/x",
            "message_1.json",
            THREAD.as_bytes(),
            &utc(),
        );
        assert_eq!(ig.unwrap()[0].format, INSTAGRAM);
    }

    #[test]
    fn end_to_end_encrypted_shape() {
        let json = r#"{"participants": ["Nia Roy", "Tom Berg"], "threadName": "Nia Roy",
          "messages": [
            {"senderName": "Tom Berg", "text": "", "timestamp": 3000, "type": "media", "isUnsent": false,
             "media": [{"uri": "./media/clip.mp4"}], "reactions": [{"actor": "Nia Roy", "reaction": "x"}]},
            {"senderName": "Nia Roy", "text": "", "timestamp": 2000, "type": "text", "isUnsent": true, "media": [], "reactions": []},
            {"senderName": "Nia Roy", "text": "hello ✨", "timestamp": 1000, "type": "text", "isUnsent": false, "media": [], "reactions": []}
          ]}"#;
        assert!(looks_like(json.as_bytes()));
        let chat = one(json.as_bytes());
        assert_eq!(chat.id, "message_1.json");
        assert_eq!(chat.contact.as_deref(), Some("Nia Roy"));
        assert!(chat.detail.starts_with("e2ee"));
        let s = summary(&chat);
        assert_eq!(s[0], ("Nia Roy".into(), Kind::Text, "hello ✨".into()));
        assert_eq!(s[1].1, Kind::Deleted);
        assert_eq!(s[2].1, Kind::Media(MediaKind::Video));
    }

    fn part(first_ms: i64, texts: &[&str]) -> Vec<u8> {
        // Newest first, one second apart.
        let messages: Vec<String> = texts
            .iter()
            .enumerate()
            .rev()
            .map(|(i, t)| {
                format!(
                    r#"{{"sender_name": "Ola", "timestamp_ms": {}, "content": "{t}"}}"#,
                    first_ms + 1000 * i as i64
                )
            })
            .collect();
        format!(
            r#"{{"participants": [{{"name": "Ola"}}, {{"name": "Per"}}], "messages": [{}], "title": "Ola", "thread_path": "inbox/ola"}}"#,
            messages.join(",")
        )
        .into_bytes()
    }

    #[test]
    fn parts_merge_in_time_order_without_repeats() {
        let parts = vec![
            ("message_1.json".to_owned(), part(5000, &["e", "f", "g"])),
            ("message_2.json".to_owned(), part(3000, &["c", "d", "e"])),
            ("message_3.json".to_owned(), part(0, &["a", "b"])),
        ];
        let chat = parse_parts("inbox/ola", &parts, &utc()).unwrap().remove(0);
        let texts: Vec<_> = chat.messages().iter().map(|m| chat.text(m)).collect();
        assert_eq!(texts, ["a", "b", "c", "d", "e", "f", "g"]);
        assert!(
            chat.warnings.iter().any(|w| w.contains("dropped 1")),
            "{:?}",
            chat.warnings
        );
        assert!(chat.detail.contains("3 part(s)"));
        assert!(parse_parts("x", &[], &utc()).is_err());
    }

    fn error(bytes: &[u8]) -> String {
        match parse("bad.json", "message_1.json", bytes, &utc()) {
            Ok(_) => panic!("should fail: {}", String::from_utf8_lossy(bytes)),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn bad_input_names_the_place() {
        assert!(error(b"").contains("ends early"));
        assert!(error(b"{\n  \"messages\": [\n    {,}\n]}")
            .starts_with("bad.json:3: invalid JSON at column"));
        assert!(error(&THREAD.as_bytes()[..200]).contains("ends early"));
        assert_eq!(
            error(b"[]"),
            "bad.json:1: expected a thread object at column 2"
        );
        assert_eq!(
            error(b"\"hi\""),
            "bad.json:1: expected a thread object at column 4"
        );
        assert!(error(br#"{"messages": [], "messages": []}"#)
            .starts_with("bad.json:1: duplicate field `messages`"));
        assert_eq!(
            error(b"{}"),
            "bad.json: messages: missing (not a Messenger/Instagram thread?)"
        );
        assert_eq!(
            error(br#"{"messages": 3}"#),
            "bad.json: messages: expected a list, found a number"
        );
        assert_eq!(
            error(br#"{"messages": [7]}"#),
            "bad.json: messages[0]: expected an object, found a number"
        );
        let wrong = br#"{"messages": [{"sender_name": "A", "timestamp_ms": 1}, {"sender_name": "A", "timestamp_ms": "soon"}]}"#;
        assert_eq!(
            error(wrong),
            "bad.json: messages[1].timestamp_ms: expected a number, found a string"
        );
        assert_eq!(
            error(br#"{"messages": [{"timestamp_ms": 1}]}"#),
            "bad.json: messages[0].sender_name: missing"
        );
        assert!(error(
            br#"{"messages": [{"sender_name": "A", "timestamp_ms": 9000000000000000000}]}"#
        )
        .contains("out of range"));
        assert!(error(br#"{"participants": {"name": "A"}, "messages": []}"#)
            .contains("participants: expected a list of names"));
    }
}

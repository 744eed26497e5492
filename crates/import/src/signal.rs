//! The Signal importer. Signal has no export of its own; people use one of two
//! third-party tools on Signal Desktop, each with several output shapes:
//!
//! * signal-export (`sigexport`): a folder per chat with `chat.md`, lines
//!   `[2024-03-01 21:05:03] Name: text` (older versions and tools built on it
//!   write `[2024-03-01, 21:05]`), and `data.json`, JSON Lines with `date`
//!   (a local ISO time), `sender`, `body`, `attachments`, `sticker`, `deleted`.
//!   The owner is `Me`.
//! * sigtop `export-messages`: text (a `Conversation:` line, then blocks of
//!   `From:`/`Type:`/`Sent:` fields and the body), `text-short`
//!   (`2024-03-01 21:05 Name: text`) or JSON (Signal Desktop's own message
//!   objects, times in epoch milliseconds). The owner is `You`.
//!
//! Text times are the exporting machine's wall clock and are kept as written;
//! JSON epoch times are shown in the zone asked for. The shape is recognised
//! from the content, never from the file name.

use crate::tz::local_ms;
use crate::ImportError;
use jiff::tz::TimeZone;
use pullaway_chat::{CallKind, Chat, Date, Kind, LocalTime, MediaKind, PersonId};
use serde_json::Value;

const FORMAT: &str = "signal";
/// The owner as signal-export names them.
const ME: &str = "Me";
/// The owner as sigtop names them.
const YOU: &str = "You";
const SNIFF_BYTES: usize = 64 * 1024;

/// The output shapes this importer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// signal-export `chat.md`.
    Markdown,
    /// signal-export `data.json` (one object a line).
    ExportJsonLines,
    /// sigtop `-f text`.
    SigtopText,
    /// sigtop `-f text-short`.
    SigtopShort,
    /// sigtop `-f json` (an array of Signal Desktop message objects).
    SigtopJson,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::Markdown => "signal-export chat.md",
            Shape::ExportJsonLines => "signal-export data.json",
            Shape::SigtopText => "sigtop text",
            Shape::SigtopShort => "sigtop text-short",
            Shape::SigtopJson => "sigtop json",
        }
    }
}

/// Whether the start of the file looks like one of the Signal exports.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let valid = std::str::from_utf8(head).map_or_else(|e| e.valid_up_to(), str::len);
    let head = std::str::from_utf8(&head[..valid]).unwrap_or_default();
    shape(head).is_some()
}

/// Reads one Signal export file into one chat. `file_name` names the chat
/// (sigtop names files after the conversation; signal-export after the folder).
pub fn parse(
    display: &str,
    file_name: &str,
    bytes: &[u8],
    tz: &TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let Some(shape) = shape(&text) else {
        return Err(ImportError::Unsupported {
            file: display.to_owned(),
            why: "no line starts like a Signal export (signal-export `[2024-03-01 21:05] Name: text` or JSON lines, sigtop `Conversation:` text or JSON)".into(),
        });
    };
    let mut b = Builder::new(display, file_name, shape);
    if let std::borrow::Cow::Owned(_) = text {
        b.warnings.push(format!(
            "{display}: bytes that are not UTF-8 were replaced with \u{FFFD}"
        ));
    }
    match shape {
        Shape::Markdown => markdown(&mut b, &text)?,
        Shape::ExportJsonLines => export_json_lines(&mut b, &text, tz)?,
        Shape::SigtopText => sigtop_text(&mut b, &text)?,
        Shape::SigtopShort => sigtop_short(&mut b, &text)?,
        Shape::SigtopJson => sigtop_json(&mut b, &text, tz)?,
    }
    b.finish().map(|chat| vec![chat])
}

/// Recognises the shape from the first non-empty line (and, for JSON, the
/// keys of the first object).
fn shape(text: &str) -> Option<Shape> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    if first.starts_with("Conversation: ") {
        return Some(Shape::SigtopText);
    }
    if md_header(first).is_some() {
        return Some(Shape::Markdown);
    }
    if short_header(first).is_some() {
        return Some(Shape::SigtopShort);
    }
    let has = |key: &str| {
        text.get(..SNIFF_BYTES.min(text.len()))
            .unwrap_or(text)
            .contains(key)
    };
    if first.starts_with('{') && has("\"sender\"") && has("\"date\"") && has("\"body\"") {
        return Some(Shape::ExportJsonLines);
    }
    if first.starts_with('[') && has("\"conversationId\"") && has("\"sent_at\"") {
        return Some(Shape::SigtopJson);
    }
    None
}

/// The chat being built and what the importer had to say about it.
struct Builder<'a> {
    display: &'a str,
    chat: Chat,
    warnings: Vec<String>,
    /// Lines that could not be read as messages (first few line numbers).
    skipped: Vec<u64>,
    skipped_count: usize,
}

impl<'a> Builder<'a> {
    fn new(display: &'a str, file_name: &str, shape: Shape) -> Builder<'a> {
        let mut chat = Chat::new(file_name, chat_name(display, file_name), FORMAT);
        chat.detail = shape.name().to_owned();
        Builder {
            display,
            chat,
            warnings: Vec::new(),
            skipped: Vec::new(),
            skipped_count: 0,
        }
    }

    fn error(&self, line: u64, message: impl Into<String>) -> ImportError {
        ImportError::invalid(self.display, Some(line), message)
    }

    fn push(
        &mut self,
        line: u64,
        time: LocalTime,
        sender: Option<PersonId>,
        kind: Kind,
        text: &str,
    ) -> Result<(), ImportError> {
        let l = u32::try_from(line).unwrap_or(u32::MAX);
        if self.chat.push(l, time, sender, kind, text) {
            Ok(())
        } else {
            Err(ImportError::too_large(
                self.display,
                Some(line),
                "the chat's text passes 4 GiB",
            ))
        }
    }

    fn skip(&mut self, line: u64) {
        self.skipped_count += 1;
        if self.skipped.len() < 5 {
            self.skipped.push(line);
        }
    }

    /// Names the owner's counterpart: in a chat between the owner and one
    /// other person, that person is the contact.
    fn finish(mut self) -> Result<Chat, ImportError> {
        if self.chat.messages().is_empty() {
            return Err(ImportError::invalid(
                self.display,
                None,
                "the export holds no messages",
            ));
        }
        if self.skipped_count > 0 {
            let lines: Vec<String> = self.skipped.iter().map(u64::to_string).collect();
            let more = if self.skipped_count > self.skipped.len() {
                ", ..."
            } else {
                ""
            };
            self.warnings.push(format!(
                "{}: {} line(s) that are not messages were skipped (lines {}{more})",
                self.display,
                self.skipped_count,
                lines.join(", ")
            ));
        }
        let mut chat = self.chat;
        let others: Vec<PersonId> = chat
            .participants()
            .into_iter()
            .filter(|&p| !matches!(chat.name_of(p), ME | YOU))
            .collect();
        if let [one] = others[..] {
            chat.contact = Some(chat.name_of(one).to_owned());
        }
        chat.warnings.extend(self.warnings);
        chat.sort();
        Ok(chat)
    }
}

/// The chat's name: sigtop files are named `Name (detail).txt`; signal-export
/// files sit in a folder named after the chat (`Alice/chat.md`).
fn chat_name(display: &str, file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    if matches!(base, "chat.md" | "data.json") {
        let mut parts = display.rsplit(['/', '\\', '!']);
        parts.next();
        if let Some(folder) = parts.next().filter(|f| !f.is_empty()) {
            return folder.to_owned();
        }
    }
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    strip_detail(stem).to_owned()
}

/// `Alice (+15550001)` -> `Alice`: sigtop appends the number, username or
/// `group` in parentheses.
fn strip_detail(name: &str) -> &str {
    match name.rsplit_once(" (") {
        Some((head, tail)) if tail.ends_with(')') && !head.is_empty() => head,
        _ => name,
    }
}

/// The media kind of an attachment, from its content type or file name.
fn media_from(content_type: &str, file: &str) -> MediaKind {
    let ct = content_type.to_ascii_lowercase();
    let ext = file
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let ext = ext.as_str();
    if ct == "image/gif" || ext == "gif" {
        MediaKind::Gif
    } else if ct.starts_with("image/")
        || matches!(
            ext,
            "png" | "jpg" | "jpeg" | "webp" | "heic" | "tif" | "tiff" | "svg" | "apng"
        )
    {
        MediaKind::Photo
    } else if ct.starts_with("video/")
        || matches!(ext, "mp4" | "mov" | "mkv" | "webm" | "mpeg" | "qt")
    {
        MediaKind::Video
    } else if ct.starts_with("audio/")
        || matches!(ext, "m4a" | "aac" | "mp3" | "ogg" | "opus" | "wav" | "flac")
    {
        MediaKind::Audio
    } else if ct.contains("vcard") || ext == "vcf" {
        MediaKind::Contact
    } else {
        MediaKind::Document
    }
}

/// A call line as signal-export writes it (`Missed voice call`, `Incoming
/// video call (accepted, 2m 5s)`, `Outgoing call (unanswered)`).
fn call_kind(text: &str) -> Option<CallKind> {
    let t = text.trim();
    let (head, detail) = match t.split_once(" (") {
        Some((h, d)) => (h, d),
        None => (t, ""),
    };
    let mut words = head.split(' ');
    let dir = words.next()?;
    let rest: Vec<&str> = words.collect();
    let call = matches!(rest[..], ["call"] | ["voice", "call"] | ["video", "call"]);
    if !call || !matches!(dir, "Incoming" | "Outgoing" | "Missed") {
        return None;
    }
    let unanswered = dir == "Missed"
        || detail.starts_with("unanswered")
        || detail.starts_with("declined")
        || detail.starts_with("missed");
    Some(if unanswered {
        CallKind::Missed
    } else {
        CallKind::Answered
    })
}

// ---------------------------------------------------------------- chat.md

/// A `chat.md` header: `[2024-03-01 21:05:03] Name: text` (also `, ` after
/// the date and no seconds). Returns the time, the sender and the text.
fn md_header(line: &str) -> Option<(LocalTime, &str, &str)> {
    let rest = line.strip_prefix('[')?;
    let (stamp, rest) = rest.split_once("] ")?;
    let stamp = stamp.replacen(", ", " ", 1);
    if stamp.len() < 16 || !stamp.is_ascii() || stamp.as_bytes()[10] != b' ' {
        return None;
    }
    let time = LocalTime::parse(&stamp)?;
    let (sender, text) = match rest.split_once(": ") {
        Some(pair) => pair,
        None => (rest.strip_suffix(':')?, ""),
    };
    (!sender.is_empty()).then_some((time, sender, text))
}

/// A message of `chat.md` whose continuation lines are still being read.
struct MdMessage<'t> {
    line: u64,
    time: LocalTime,
    sender: &'t str,
    lines: Vec<&'t str>,
}

fn markdown(b: &mut Builder, text: &str) -> Result<(), ImportError> {
    let mut open: Option<MdMessage> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        if let Some((time, sender, first)) = md_header(line) {
            if let Some(m) = open.take() {
                md_finish(b, m)?;
            }
            open = Some(MdMessage {
                line: n,
                time,
                sender,
                lines: vec![first],
            });
        } else if let Some(m) = open.as_mut() {
            m.lines.push(line);
        } else if !line.trim().is_empty() {
            b.skip(n);
        }
    }
    if let Some(m) = open {
        md_finish(b, m)?;
    }
    Ok(())
}

/// Cleans a `chat.md` message: drops the quoted reply (`> ` lines), the
/// reaction line `(- Name: 👍 -)`, sticker and attachment links, and the two
/// trailing spaces markdown uses for line breaks; then classifies it.
fn md_finish(b: &mut Builder, m: MdMessage) -> Result<(), ImportError> {
    let mut lines: Vec<&str> = m.lines.iter().map(|l| l.trim_end()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if lines.first().is_some_and(|l| l.is_empty()) {
        let quote_end = lines
            .iter()
            .position(|l| !(l.is_empty() || l.starts_with('>')))
            .unwrap_or(lines.len());
        lines.drain(..quote_end);
    }
    let mut media = None;
    let mut kept = Vec::with_capacity(lines.len());
    for line in lines {
        if line.starts_with("(- ") && line.ends_with(" -)") {
            continue;
        }
        if line.starts_with("(( ") && line.ends_with(" ))") {
            media = Some(MediaKind::Sticker);
            continue;
        }
        let (rest, found) = strip_links(line);
        media = media.or(found);
        kept.push(rest);
    }
    let body = kept.join("\n");
    let body = body.trim_end();
    let kind = if body == "(This message was deleted)" {
        Kind::Deleted
    } else if let Some(call) = call_kind(body) {
        Kind::Call(call)
    } else if let Some(m) = media {
        Kind::Media(m)
    } else {
        Kind::Text
    };
    let (sender, kind) = match m.sender {
        "No-Sender" => (None, Kind::System),
        name => (Some(b.chat.person(name)), kind),
    };
    let text = if matches!(kind, Kind::Deleted) {
        ""
    } else {
        body
    };
    b.push(m.line, m.time, sender, kind, text)
}

/// Removes markdown links to exported files (`![a.jpg](./media/a.jpg)`,
/// `[😀](../exported_stickers/..)`) and says what the first one was.
fn strip_links(line: &str) -> (String, Option<MediaKind>) {
    let mut out = String::with_capacity(line.len());
    let mut media = None;
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let link = rest[open + 1..].split_once("](").and_then(|(name, tail)| {
            let (path, after) = tail.split_once(')')?;
            let local = path.starts_with("./media/")
                || path.starts_with("media/")
                || path.starts_with("../exported_stickers/");
            local.then_some((name, path, after))
        });
        let Some((name, path, after)) = link else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        let before = &rest[..open];
        out.push_str(before.strip_suffix('!').unwrap_or(before));
        let kind = if path.contains("exported_stickers") {
            MediaKind::Sticker
        } else {
            media_from("", name)
        };
        media.get_or_insert(kind);
        rest = after.trim_start();
    }
    out.push_str(rest);
    (out.trim_end().to_owned(), media)
}

// ---------------------------------------------------------------- data.json

/// A local time as signal-export writes it (`2024-03-01T21:05:03`, maybe with
/// microseconds), or with an offset / `Z` (converted to `tz`), or epoch ms.
fn json_time(v: &Value, tz: &TimeZone) -> Option<LocalTime> {
    match v {
        Value::Number(n) => n.as_i64().and_then(|ms| local_ms(ms, tz)),
        Value::String(s) => iso_time(s, tz),
        _ => None,
    }
}

fn iso_time(s: &str, tz: &TimeZone) -> Option<LocalTime> {
    let s = s.trim();
    if let Some(t) = LocalTime::parse(s) {
        return Some(t);
    }
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return local_ms(ts.as_millisecond(), tz);
    }
    // Drop fractional seconds: `2024-03-01T21:05:03.123456`.
    let (whole, frac) = s.split_once('.')?;
    frac.bytes().all(|c| c.is_ascii_digit()).then_some(())?;
    LocalTime::parse(whole)
}

fn str_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn export_json_lines(b: &mut Builder, text: &str, tz: &TimeZone) -> Result<(), ImportError> {
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line)
            .map_err(|e| b.error(n, format!("expected one JSON object a line: {e}")))?;
        if !v.is_object() {
            return Err(b.error(n, "expected a JSON object"));
        }
        let time = v
            .get("date")
            .and_then(|d| json_time(d, tz))
            .ok_or_else(|| {
                b.error(
                    n,
                    format!(
                        "date: expected a time like 2024-03-01T21:05:03, got {}",
                        v.get("date").unwrap_or(&Value::Null)
                    ),
                )
            })?;
        let sender = str_of(&v, "sender");
        let body = str_of(&v, "body").trim_end();
        let kind = export_kind(&v, body);
        let (sender, kind) = match sender {
            "" | "No-Sender" => (None, Kind::System),
            name => (Some(b.chat.person(name)), kind),
        };
        let text = if matches!(kind, Kind::Deleted) {
            ""
        } else {
            body
        };
        b.push(n, time, sender, kind, text)?;
    }
    Ok(())
}

fn export_kind(v: &Value, body: &str) -> Kind {
    let flag = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
    if flag("deleted") {
        return Kind::Deleted;
    }
    if flag("call") {
        return Kind::Call(if flag("missed") {
            CallKind::Missed
        } else {
            CallKind::Answered
        });
    }
    if let Some(call) = call_kind(body) {
        return Kind::Call(call);
    }
    let sticker = match v.get("sticker") {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Object(_)) => true,
        _ => false,
    };
    if sticker {
        return Kind::Media(MediaKind::Sticker);
    }
    let first = v
        .get("attachments")
        .and_then(Value::as_array)
        .and_then(|a| a.first());
    match first {
        Some(a) => Kind::Media(media_from(str_of(a, "contentType"), str_of(a, "name"))),
        None => Kind::Text,
    }
}

// ---------------------------------------------------------------- sigtop text

/// `Fri, 1 Mar 2024 21:05:03 +0100` -> its wall-clock time (the offset is the
/// exporting machine's and is ignored).
fn rfc2822_wall(s: &str) -> Option<LocalTime> {
    let s = s.trim();
    let s = s.split_once(", ").map_or(s, |(_, r)| r);
    let mut parts = s.split_whitespace();
    let day: u8 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let year: i32 = parts.next()?.parse().ok()?;
    let clock = parts.next()?;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as u8 + 1;
    let mut hms = clock.split(':').map(|p| p.parse::<u8>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next().unwrap_or(Some(0))?);
    LocalTime::new(Date::new(year, month, day)?, h, m, sec)
}

const FIELDS: [&str; 7] = [
    "From",
    "Type",
    "Sent",
    "Received",
    "Attachment",
    "Reaction",
    "Edited",
];

fn field(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(": ")?;
    FIELDS.contains(&key).then_some((key, value))
}

/// Whether line `i` starts a sigtop message block: `From:` followed by
/// `Type:`, or `Type:` followed by `Sent:`/`Received:` (no `From:` when the
/// sender is unknown), after a blank line.
fn block_start(lines: &[&str], i: usize) -> bool {
    let next = |k: &str| lines.get(i + 1).is_some_and(|l| l.starts_with(k));
    let after_blank = i == 0 || lines[i - 1].trim().is_empty();
    after_blank
        && ((lines[i].starts_with("From: ") && next("Type: "))
            || (lines[i].starts_with("Type: ") && (next("Sent: ") || next("Received: "))))
}

/// One sigtop text message block, fields and body.
#[derive(Default)]
struct Block<'t> {
    line: u64,
    from: Option<&'t str>,
    kind: &'t str,
    sent: Option<&'t str>,
    received: Option<&'t str>,
    attachment: Option<&'t str>,
    edited: bool,
    body: Vec<&'t str>,
}

fn sigtop_text(b: &mut Builder, text: &str) -> Result<(), ImportError> {
    let lines: Vec<&str> = text.lines().collect();
    let header = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let conversation = lines
        .get(header)
        .and_then(|l| l.strip_prefix("Conversation: "))
        .unwrap_or_default();
    let group = conversation.trim_end().ends_with("(group)");
    let partner = strip_detail(conversation.trim()).to_owned();
    if !partner.is_empty() {
        b.chat.name = partner.clone();
    }
    let mut i = header + 1;
    while i < lines.len() {
        if !block_start(&lines, i) {
            if !lines[i].trim().is_empty() {
                b.skip(i as u64 + 1);
            }
            i += 1;
            continue;
        }
        let mut block = Block {
            line: i as u64 + 1,
            ..Block::default()
        };
        while let Some((key, value)) = lines.get(i).and_then(|l| field(l)) {
            match key {
                "From" => block.from = Some(value),
                "Type" => block.kind = value,
                "Sent" => block.sent = Some(value),
                "Received" => block.received = Some(value),
                "Attachment" => block.attachment = block.attachment.or(Some(value)),
                "Edited" => block.edited = true,
                _ => {}
            }
            i += 1;
        }
        let start = i;
        while i < lines.len() && !block_start(&lines, i) {
            i += 1;
        }
        block.body = lines[start..i].to_vec();
        sigtop_block(b, block, group, &partner)?;
    }
    Ok(())
}

fn sigtop_block(
    b: &mut Builder,
    block: Block,
    group: bool,
    partner: &str,
) -> Result<(), ImportError> {
    let time = block
        .sent
        .and_then(rfc2822_wall)
        .or_else(|| block.received.and_then(rfc2822_wall))
        .ok_or_else(|| {
            b.error(
                block.line,
                "expected a `Sent:` or `Received:` time like `Fri, 1 Mar 2024 21:05:03 +0100`",
            )
        })?;
    let body = if block.edited {
        edit_body(&block.body)
    } else {
        plain_body(&block.body)
    };
    let sender = match (block.kind, block.from) {
        ("outgoing", _) => Some(YOU.to_owned()),
        (_, Some(from)) => Some(strip_detail(from.trim()).to_owned()),
        (_, None) if !group && !partner.is_empty() => Some(partner.to_owned()),
        _ => None,
    };
    let kind = match (block.kind, block.attachment) {
        ("incoming" | "outgoing", Some(att)) => Kind::Media(attachment_kind(att)),
        ("incoming" | "outgoing", None) => Kind::Text,
        _ => Kind::System,
    };
    let sender = sender.map(|s| b.chat.person(&s));
    let text = if kind == Kind::System && body.is_empty() {
        block.kind.to_owned()
    } else {
        body
    };
    b.push(block.line, time, sender, kind, &text)?;
    if block.edited {
        if let Some(m) = b.chat.last_mut() {
            m.edited = true;
        }
    }
    Ok(())
}

/// `name.jpg (image/jpeg, 1234 bytes)` -> a photo.
fn attachment_kind(value: &str) -> MediaKind {
    let (name, detail) = value.rsplit_once(" (").unwrap_or((value, ""));
    let ct = detail.split(',').next().unwrap_or_default();
    media_from(ct, name)
}

/// The body of a plain block: a blank line, then the text; quoted replies
/// (`>` lines) come first and are dropped.
fn plain_body(lines: &[&str]) -> String {
    let mut body: Vec<&str> = lines
        .iter()
        .copied()
        .skip_while(|l| l.trim().is_empty() || l.starts_with('>'))
        .collect();
    while body.last().is_some_and(|l| l.trim().is_empty()) {
        body.pop();
    }
    body.join("\n")
}

/// The newest version of an edited message: the first `| Version:` block,
/// after its fields and the bare `|` line.
fn edit_body(lines: &[&str]) -> String {
    let mut out = Vec::new();
    let mut versions = 0;
    let mut in_text = false;
    for l in lines {
        if l.starts_with("| Version: ") {
            versions += 1;
            if versions > 1 {
                break;
            }
            continue;
        }
        if versions == 0 {
            continue;
        }
        if !in_text {
            in_text = l.trim() == "|";
            continue;
        }
        out.push(
            l.strip_prefix("| ")
                .or_else(|| l.strip_prefix('|'))
                .unwrap_or(l),
        );
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// A sigtop text-short line: `2024-03-01 21:05 Name: text`.
fn short_header(line: &str) -> Option<(LocalTime, &str, &str)> {
    let stamp = line.get(..16)?;
    let time = LocalTime::parse(stamp)?;
    let rest = line.get(16..)?.strip_prefix(' ')?;
    let (sender, text) = match rest.split_once(": ") {
        Some(pair) => pair,
        None => (rest.strip_suffix(':')?, ""),
    };
    (!sender.is_empty()).then_some((time, sender, text))
}

fn sigtop_short(b: &mut Builder, text: &str) -> Result<(), ImportError> {
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        let Some((time, sender, rest)) = short_header(line) else {
            if !b.chat.messages().is_empty() {
                b.chat.append_line(line);
            } else if !line.trim().is_empty() {
                b.skip(n);
            }
            continue;
        };
        let (kind, rest) = short_details(rest);
        let who = b.chat.person(sender);
        b.push(n, time, Some(who), kind, rest)?;
    }
    Ok(())
}

/// Reads the `[...]` that sigtop puts before the text: `[group-v2-change
/// message]` (a system line), or `[reply to .., edited, 2 attachments]`.
fn short_details(rest: &str) -> (Kind, &str) {
    let Some(inner) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) else {
        return (Kind::Text, rest);
    };
    let (details, text) = (inner.0, inner.1.strip_prefix(' ').unwrap_or(inner.1));
    let system = details
        .strip_suffix(" message")
        .is_some_and(|t| !t.is_empty() && !t.contains(' '));
    if system {
        return (Kind::System, details);
    }
    let known = details.split(", ").all(|d| {
        d.starts_with("reply to ")
            || d == "edited"
            || d.ends_with(" attachment")
            || d.ends_with(" attachments")
    });
    if !known {
        return (Kind::Text, rest);
    }
    if details.contains(" attachment") {
        (Kind::Media(MediaKind::Unknown), text)
    } else {
        (Kind::Text, text)
    }
}

// ---------------------------------------------------------------- sigtop json

fn sigtop_json(b: &mut Builder, text: &str, tz: &TimeZone) -> Result<(), ImportError> {
    let all: Vec<Value> = serde_json::from_str(text).map_err(|e| {
        let line = e.line() as u64;
        b.error(
            line.max(1),
            format!("expected a JSON array of Signal messages: {e}"),
        )
    })?;
    let group = b.chat.id.trim_end_matches(".json").ends_with("(group)");
    let partner = b.chat.name.clone();
    for (i, v) in all.iter().enumerate() {
        sigtop_json_message(b, i, v, tz, group, &partner)?;
    }
    Ok(())
}

fn sigtop_json_message(
    b: &mut Builder,
    i: usize,
    v: &Value,
    tz: &TimeZone,
    group: bool,
    partner: &str,
) -> Result<(), ImportError> {
    let at = |what: &str| ImportError::invalid(b.display, None, format!("[{i}].{what}"));
    let time = ["sent_at", "timestamp", "received_at_ms"]
        .iter()
        .find_map(|k| v.get(*k).and_then(Value::as_i64))
        .and_then(|ms| local_ms(ms, tz))
        .ok_or_else(|| at("sent_at: expected epoch milliseconds"))?;
    let kind = str_of(v, "type");
    let sender = match kind {
        "outgoing" => Some(YOU.to_owned()),
        "incoming" if !group && !partner.is_empty() => Some(partner.to_owned()),
        _ => ["source", "sourceServiceId", "sourceUuid"]
            .iter()
            .map(|k| str_of(v, k))
            .find(|s| !s.is_empty())
            .map(str::to_owned),
    };
    let body = str_of(v, "body");
    let deleted = v
        .get("deletedForEveryone")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let first = v
        .get("attachments")
        .and_then(Value::as_array)
        .and_then(|a| a.first());
    let kind = match kind {
        "incoming" | "outgoing" if deleted => Kind::Deleted,
        "incoming" | "outgoing" if v.get("sticker").is_some_and(|s| !s.is_null()) => {
            Kind::Media(MediaKind::Sticker)
        }
        "incoming" | "outgoing" => match first {
            Some(a) => Kind::Media(media_from(str_of(a, "contentType"), str_of(a, "fileName"))),
            None => Kind::Text,
        },
        _ => Kind::System,
    };
    let text = if kind == Kind::System && body.is_empty() {
        str_of(v, "type")
    } else {
        body
    };
    let sender = if kind == Kind::System {
        None
    } else {
        sender.map(|s| b.chat.person(&s))
    };
    b.push(i as u64 + 1, time, sender, kind, text)
        .map_err(|_| at("body: the chat's text passes 4 GiB"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(file: &str, text: &str) -> Result<Chat, ImportError> {
        parse(file, file, text.as_bytes(), &TimeZone::UTC).map(|mut v| v.remove(0))
    }

    fn rows(chat: &Chat) -> Vec<(String, &'static str, String)> {
        chat.messages()
            .iter()
            .map(|m| {
                let who = m
                    .sender
                    .map_or("-".to_owned(), |p| chat.name_of(p).to_owned());
                (who, m.kind.name(), chat.text(m).to_owned())
            })
            .collect()
    }

    const MD: &str = "[2024-03-01 21:05:03] Ana: hi there  \n\n\
[2024-03-01 21:06:00] Me: two  \nlines  \n\n\
[2024-03-01 21:07:00] Ana: \n\n> two\n> lines\n\nreplying  \n\n\
[2024-03-01 21:08:00] Ana: ![IMG_1.jpg](./media/2024-03-01T21-08-00.000_00_IMG_1.jpg)  \n\n\
[2024-03-01 21:09:00] Me: nice  \n(- Ana: \u{1F44D} -)\n\n\
[2024-03-01 21:10:00] Ana: (This message was deleted)\n\n\
[2024-03-01 21:11:00] Me: Missed voice call  \n\n\
[2024-03-01 21:12:00] Ana: Incoming video call (accepted, 1m 5s)  \n\n";

    #[test]
    fn signal_export_markdown() {
        assert!(looks_like(MD.as_bytes()));
        let chat = run("Ana/chat.md", MD).unwrap();
        assert_eq!(chat.name, "Ana");
        assert_eq!(chat.contact.as_deref(), Some("Ana"));
        let r = rows(&chat);
        assert_eq!(r[0], ("Ana".into(), "text", "hi there".into()));
        assert_eq!(r[1], ("Me".into(), "text", "two\nlines".into()));
        assert_eq!(r[2].2, "replying");
        assert_eq!(r[3], ("Ana".into(), "media", "".into()));
        assert_eq!(chat.messages()[3].kind, Kind::Media(MediaKind::Photo));
        assert_eq!(r[4].2, "nice");
        assert_eq!(r[5].1, "deleted");
        assert_eq!(chat.messages()[6].kind, Kind::Call(CallKind::Missed));
        assert_eq!(chat.messages()[7].kind, Kind::Call(CallKind::Answered));
        assert_eq!(chat.messages()[0].time.to_string(), "2024-03-01T21:05:03");
    }

    #[test]
    fn old_markdown_with_comma_and_no_seconds() {
        let text = "[2023-12-24, 08:15] Lou Kim: morning\n[2024-01-02, 19:40] Sam Roe: evening\nstill here\n";
        let chat = run("export.txt", text).unwrap();
        assert_eq!(chat.participants().len(), 2);
        assert_eq!(rows(&chat)[1].2, "evening\nstill here");
        assert_eq!(chat.contact, None);
    }

    #[test]
    fn signal_export_json_lines() {
        let text = concat!(
            r#"{"date": "2024-03-01T21:05:03", "sender": "Ana", "body": "hi  ", "quote": "", "sticker": null, "reactions": [], "attachments": [], "deleted": false, "call": false, "missed": false}"#,
            "\n",
            r#"{"date": "2024-03-01T21:06:00.250000", "sender": "Me", "body": "  ", "quote": "", "sticker": null, "reactions": [["Ana", "x"]], "attachments": [{"name": "v.mp4", "path": "media/v.mp4"}], "deleted": false}"#,
            "\n",
            r#"{"date": 1709327220000, "sender": "Ana", "body": "", "deleted": true}"#,
            "\n",
            r#"{"date": "2024-03-01T21:08:00Z", "sender": "Ana", "body": "Missed voice call  "}"#,
            "\n",
        );
        assert!(looks_like(text.as_bytes()));
        let chat = run("Ana/data.json", text).unwrap();
        let r = rows(&chat);
        assert_eq!(r[0], ("Ana".into(), "text", "hi".into()));
        assert_eq!(chat.messages()[1].kind, Kind::Media(MediaKind::Video));
        assert_eq!(r[2].1, "deleted");
        assert_eq!(chat.messages()[2].time.to_string(), "2024-03-01T21:07:00");
        assert_eq!(r[3].1, "call");
        let bad = "{\"date\": \"2024-03-01T21:05\", \"sender\": \"A\", \"body\": \"x\"}\n{\"date\": \"yesterday\", \"sender\": \"A\", \"body\": \"x\"}\n";
        let err = run("d.json", bad).unwrap_err().to_string();
        assert!(err.starts_with("d.json:2: date:"), "{err}");
    }

    const SIGTOP: &str = "Conversation: Ana Lima (+15550001)\n\n\
From: Ana Lima (+15550001)\nType: incoming\nSent: Fri, 1 Mar 2024 21:05:03 +0100\nReceived: Fri, 1 Mar 2024 21:05:04 +0100\n\nhello\n\nFrom: x\n\n\
From: You\nType: outgoing\nSent: Fri, 1 Mar 2024 21:06:00 +0100\nAttachment: a.jpg (image/jpeg, 10 bytes)\n\n>From: Ana Lima (+15550001)\n>Sent: Fri, 1 Mar 2024 21:05:03 +0100\n>\n> hello\n\nlook\n\n\
From: You\nType: outgoing\nSent: Fri, 1 Mar 2024 21:07:00 +0100\nEdited: 2 versions\n\n| Version: 2\n| Sent: Fri, 1 Mar 2024 21:08:00 +0100\n|\n| fixed\n|\n| Version: 1\n| Sent: Fri, 1 Mar 2024 21:07:00 +0100\n|\n| fxed\n\n\
Type: timer-notification\nReceived: Fri, 1 Mar 2024 21:09:00 +0100\n\n";

    #[test]
    fn sigtop_text_blocks() {
        assert!(looks_like(SIGTOP.as_bytes()));
        let chat = run("Ana Lima (+15550001).txt", SIGTOP).unwrap();
        assert_eq!(chat.name, "Ana Lima");
        assert_eq!(chat.contact.as_deref(), Some("Ana Lima"));
        let r = rows(&chat);
        assert_eq!(r[0], ("Ana Lima".into(), "text", "hello\n\nFrom: x".into()));
        assert_eq!(r[1], ("You".into(), "media", "look".into()));
        assert_eq!(r[2].2, "fixed");
        assert!(chat.messages()[2].edited);
        assert_eq!(r[3].1, "system");
        assert_eq!(chat.messages()[0].time.to_string(), "2024-03-01T21:05:03");
        let bad = "Conversation: A\n\nFrom: A\nType: incoming\nSent: someday\n\nhi\n";
        let err = run("a.txt", bad).unwrap_err().to_string();
        assert!(err.starts_with("a.txt:3:"), "{err}");
    }

    #[test]
    fn sigtop_short_lines() {
        let text = "2024-03-01 21:05 Ana: hi\nsecond line\n2024-03-01 21:06 You: [1 attachment] see\n2024-03-01 21:07 Ana: [group-v2-change message]\n2024-03-01 21:08 Ana: [sic] text\n";
        assert!(looks_like(text.as_bytes()));
        let chat = run("Ana (+1555).txt", text).unwrap();
        let r = rows(&chat);
        assert_eq!(r[0].2, "hi\nsecond line");
        assert_eq!(r[1], ("You".into(), "media", "see".into()));
        assert_eq!(r[2].1, "system");
        assert_eq!(r[3].2, "[sic] text");
    }

    #[test]
    fn sigtop_json_messages() {
        let text = r#"[
{"type":"incoming","body":"hi","sent_at":1709327103000,"conversationId":"c1","source":"+15550001"},
{"type":"outgoing","body":"","sent_at":1709327160000,"conversationId":"c1","attachments":[{"contentType":"audio/aac","fileName":null}]},
{"type":"incoming","body":"","sent_at":1709327200000,"conversationId":"c1","deletedForEveryone":true},
{"type":"keychange","sent_at":1709327300000,"conversationId":"c1"}
]"#;
        assert!(looks_like(text.as_bytes()));
        let chat = run("Ana (+15550001).json", text).unwrap();
        let r = rows(&chat);
        assert_eq!(r[0], ("Ana".into(), "text", "hi".into()));
        assert_eq!(chat.messages()[1].kind, Kind::Media(MediaKind::Audio));
        assert_eq!(r[2].1, "deleted");
        assert_eq!(r[3], ("-".into(), "system", "keychange".into()));
        let err = run("x.json", "[\n{\"conversationId\":1,\"sent_at\":\"no\"}\n]")
            .unwrap_err()
            .to_string();
        assert!(err.contains("[0].sent_at"), "{err}");
        let err = run("x.json", "[\n{\"conversationId\":1,\"sent_at\":5},\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.json:"), "{err}");
    }

    #[test]
    fn empty_and_foreign_input_is_an_error() {
        for text in [
            "",
            "\n\n",
            "hello world",
            "Conversation: A\n\n",
            "[2024-13-01 10:00] A: x",
        ] {
            assert!(run("f.txt", text).is_err(), "{text:?}");
        }
        assert!(!looks_like(b"31/12/23, 21:05 - Ana: hi"));
    }

    #[test]
    fn rfc2822() {
        assert_eq!(
            rfc2822_wall("Mon, 2 Jan 2006 15:04:05 -0700")
                .unwrap()
                .to_string(),
            "2006-01-02T15:04:05"
        );
        assert!(rfc2822_wall("unknown").is_none());
        assert!(rfc2822_wall("Mon, 32 Jan 2006 15:04:05 -0700").is_none());
    }

    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn mutations_never_panic() {
        let json = "[\n{\"type\":\"incoming\",\"body\":\"hi\",\"sent_at\":1709327103000,\"conversationId\":\"c\"}\n]";
        let jsonl = "{\"date\": \"2024-03-01T21:05:03\", \"sender\": \"A\", \"body\": \"x\"}\n";
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for base in [MD, SIGTOP, json, jsonl, "2024-03-01 21:05 Ana: hi\n"] {
            let base = base.as_bytes();
            for cut in 0..base.len() {
                let _ = parse("m", "m.txt", &base[..cut], &TimeZone::UTC);
            }
            for _ in 0..500 {
                let mut bytes = base.to_vec();
                for _ in 0..1 + xorshift(&mut seed) % 4 {
                    let i = (xorshift(&mut seed) % bytes.len() as u64) as usize;
                    bytes[i] = (xorshift(&mut seed) & 0xFF) as u8;
                }
                let _ = looks_like(&bytes);
                let _ = parse("m", "chat.md", &bytes, &TimeZone::UTC);
            }
        }
    }
}

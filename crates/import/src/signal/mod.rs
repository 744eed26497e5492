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
//!
//! This file recognises the shape and holds what the shapes share (the chat
//! being built, names, media and call kinds); each tool's output has a file
//! beside it: `export_md.rs` and `export_json.rs` for signal-export,
//! `sigtop_text.rs` (text and text-short) and `sigtop_json.rs` for sigtop.

use crate::text::{file_base, file_stem};
use crate::ImportError;
use jiff::tz::TimeZone;
use pullaway_chat::{CallKind, Chat, Kind, LocalTime, MediaKind, PersonId};
use serde_json::Value;

mod export_json;
mod export_md;
mod sigtop_json;
mod sigtop_text;

use export_md::md_header;
use sigtop_text::short_header;

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
    let bytes = crate::text::strip_bom(bytes);
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
        Shape::Markdown => export_md::markdown(&mut b, &text)?,
        Shape::ExportJsonLines => export_json::export_json_lines(&mut b, &text, tz)?,
        Shape::SigtopText => sigtop_text::sigtop_text(&mut b, &text)?,
        Shape::SigtopShort => sigtop_text::sigtop_short(&mut b, &text)?,
        Shape::SigtopJson => sigtop_json::sigtop_json(&mut b, &text, tz)?,
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
pub(super) struct Builder<'a> {
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
            Err(ImportError::text_full(self.display, Some(line)))
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
pub(super) fn chat_name(display: &str, file_name: &str) -> String {
    if matches!(file_base(file_name), "chat.md" | "data.json") {
        let mut parts = display.rsplit(['/', '\\', '!']);
        parts.next();
        if let Some(folder) = parts.next().filter(|f| !f.is_empty()) {
            return folder.to_owned();
        }
    }
    strip_detail(file_stem(file_name)).to_owned()
}

/// `Alice (+15550001)` -> `Alice`: sigtop appends the number, username or
/// `group` in parentheses.
pub(super) fn strip_detail(name: &str) -> &str {
    match name.rsplit_once(" (") {
        Some((head, tail)) if tail.ends_with(')') && !head.is_empty() => head,
        _ => name,
    }
}

/// The media kind of an attachment, from its content type or file name.
pub(super) fn media_from(content_type: &str, file: &str) -> MediaKind {
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
pub(super) fn call_kind(text: &str) -> Option<CallKind> {
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

/// A string key of a JSON object, or `""` when absent or not a string.
pub(super) fn str_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn run(file: &str, text: &str) -> Result<Chat, ImportError> {
        parse(file, file, text.as_bytes(), &TimeZone::UTC).map(|mut v| v.remove(0))
    }

    pub(super) fn rows(chat: &Chat) -> Vec<(String, &'static str, String)> {
        chat.messages()
            .iter()
            .map(|m| {
                let who = m
                    .sender()
                    .map_or("-".to_owned(), |p| chat.name_of(p).to_owned());
                (who, m.kind.name(), chat.text(m).into_owned())
            })
            .collect()
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

    // Mutations: the shared harness (tests/mutations.rs) fuzzes every
    // Signal layout (markdown, data.json, sigtop text and JSON).
}

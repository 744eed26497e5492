//! Telegram Desktop JSON exports: "Export chat history" of one chat
//! (`{"name", "type", "id", "messages": [...]}`) and "Export Telegram data"
//! of a whole account (`{"personal_information", "chats": {"list": [...]}}`).
//!
//! Why this importer streams: a full-account export can be gigabytes, so it
//! is never turned into a `serde_json::Value`. Serde visitors walk the
//! top-level object and push each message into its [`Chat`] as soon as it
//! is read: memory holds the chats being built plus one message, whatever
//! the file size, and keys may come in any order.
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
//! Telegram quirks handled in this folder: `text` as a string or an array of
//! strings and entity objects; `date_unixtime` (an instant, shown on the wall
//! clock of the zone given) or else `date` (already the local wall clock);
//! service messages (calls, pins, joins); media keys; `from: null` for
//! deleted accounts; the `\xNN` escapes some exports write inside strings
//! although JSON has none (they are read as `\u00NN` on the fly, without a
//! copy); `"edited": "1970-01-01T05:00:00"`, the epoch in the exporter's
//! zone that older exports write on messages never edited; a chat without
//! messages (an empty list, or service entries only), read as 0 messages
//! with a note; and a file cut off in the middle, whose complete messages
//! are read with a warning that gives the JSON path and line where it ends.
//!
//! This file holds the entry points: whether bytes are an export, and the
//! reading of one (the fast pass first, the streaming pass when it gives
//! way, and the streaming pass's rule for a file cut off). Beside it:
//! - `ctx.rs`: what every visitor is handed, and how a serde_json error
//!   becomes an [`ImportError`] that names the JSON path;
//! - `stream.rs`: the visitors of the file's outline (the file, a chat list,
//!   a chat, a message list), run on serde_json's streaming reader;
//! - `fast.rs`: the fast pass, which reads a message list from slices;
//! - `plain.rs`: the fast pass's own reader of a plain message, which
//!   gives way to serde_json at anything unusual;
//! - `export.rs`: what the whole file held, and the chats it becomes;
//! - `chat.rs`: a chat while it is read, and the [`Chat`] it is finished into;
//! - `message.rs`: the keys of one message and what they mean (sender, media,
//!   service lines), read alike by both passes;
//! - `text.rs`: `text` and `text_entities`, a string or parts joined;
//! - `strings.rs`: ids and strings, borrowed from the input when they can be;
//! - `dates.rs`: Telegram's times;
//! - `chunks.rs`: the file's bytes, and where a message ends;
//! - `escapes.rs`: the byte stream that rewrites `\xNN` and counts lines;
//! - `path.rs`: the JSON path of an error.

use std::cell::{Cell, RefCell};
use std::io;

use jiff::tz::TimeZone;
use memchr::memmem;
use pullaway_chat::Chat;
use serde::de::DeserializeSeed;

use crate::ImportError;

mod chat;
mod chunks;
mod ctx;
mod dates;
mod escapes;
mod export;
mod fast;
mod message;
mod path;
mod plain;
#[cfg(test)]
mod plain_tests;
mod stream;
mod strings;
#[cfg(test)]
mod tests;
mod text;

use chunks::Chunks;
use ctx::Ctx;
use escapes::Unescape;
use export::Export;
use fast::read_fast;
use stream::ExportSeed;

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
    let head = crate::text::strip_bom(head);
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
    let body = crate::text::strip_bom(bytes);
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
            let warning = cut_off(display, &e, &ctx.trail.path(), export.messages_read());
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

/// The warning of a file that ends at `e`, inside `path`, after `n`
/// complete messages.
fn cut_off(display: &str, e: &serde_json::Error, path: &str, n: usize) -> String {
    let inside = if path.is_empty() {
        String::new()
    } else {
        format!(" inside {path}")
    };
    format!(
        "{display}:{}: the export is cut off: the file ends{inside} at line {}, column {}; the {n} complete message{} before it were read, and anything after is missing",
        e.line(),
        e.line(),
        e.column(),
        if n == 1 { "" } else { "s" },
    )
}

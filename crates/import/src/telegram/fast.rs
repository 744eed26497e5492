//! The fast pass: the file read in large chunks, and each message of a
//! `messages` list handed to serde_json as a slice of the chunk, which is
//! several times faster than its byte-by-byte reader.
//!
//! Why a file of its own: it is an optimisation with its own rules of when
//! to give way. The keys around the lists still go through the visitors of
//! `stream.rs`; at anything unusual (a cut, an error, a message nested deep,
//! a chat past the text limit) the pass returns `None` and `mod.rs` reads
//! the file again with the streaming pass alone, which says what and where.
//! The messages themselves are read by the same [`MessageSeed`] as there.

use std::cell::{Cell, RefCell};
use std::io;

use jiff::tz::TimeZone;
use serde::de::{DeserializeSeed, IgnoredAny};

use super::chat::ChatState;
use super::chunks::{self, Chunks};
use super::ctx::Ctx;
use super::escapes;
use super::export::Export;
use super::message::{MessageSeed, RawMessage};
use super::plain::read_plain;
use super::read_export;

/// The fast pass: what the file holds, or `None` when it has to be read
/// the careful way.
pub(super) fn read_fast(body: &mut dyn io::Read, tz: &TimeZone, chunk: usize) -> Option<Export> {
    let lines = Cell::new(0);
    let chunks = RefCell::new(Chunks::new(body, chunk));
    let ctx = Ctx::new(tz, &lines, &chunks, true);
    let mut export = Export::default();
    read_export(&ctx, &mut export).ok()?;
    Some(export)
}

/// The fast pass's message list. serde_json has just read the `[` (and
/// nothing after it); each element is read from the chunk's slice, and the
/// `]` is left for serde_json. The same grammar as serde_json's (whitespace,
/// commas, no trailing comma); `None` at anything else, an invalid message
/// included.
pub(super) fn fast_messages(
    ctx: &Ctx<'_>,
    chunks: &mut Chunks<'_>,
    state: &mut ChatState,
) -> Option<()> {
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
/// returns the newlines in it. The plain reader reads it when it can (a
/// message that the chunk ends inside it leaves, and it is tried again
/// after more of the file); else serde_json reads it straight from the chunk
/// (and says where it ends); a message the chunk ends inside is read again
/// after more of the file, and one serde_json refuses gets a second chance
/// with its `\x` escapes rewritten.
fn fast_message(ctx: &Ctx<'_>, chunks: &mut Chunks<'_>, state: &mut ChatState) -> Option<u64> {
    loop {
        if let Some(read) = plain_message(ctx, chunks, state) {
            return read;
        }
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

/// The message read by [`read_plain`] and added to the chat, with the
/// newlines in it (`Some(None)` when the chat is full); `None` when that
/// reader does not know the message.
fn plain_message(
    ctx: &Ctx<'_>,
    chunks: &mut Chunks<'_>,
    state: &mut ChatState,
) -> Option<Option<u64>> {
    let mut message = RawMessage::default();
    let (len, lines) = read_plain(ctx, chunks.rest(), &mut message)?;
    if !state.add(&message) {
        return Some(None);
    }
    chunks.consume(len);
    Some(Some(lines))
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
pub(super) fn message_at<'b>(
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

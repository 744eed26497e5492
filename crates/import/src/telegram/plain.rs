//! A hand-written reader for the plain shape of a message, tried by the
//! fast pass before serde_json: an object of keys without escapes whose
//! values are strings, integers, `null`, `true`, `false`, and arrays and
//! objects of those. It fills the same [`RawMessage`] as [`MessageSeed`]
//! would, with the same seeds deciding what a value means, or answers
//! "don't know" (`None`) at anything it is not sure of: a key with an
//! escape, a number with a fraction or an exponent (or past 18 digits) or
//! `-0` where a key reads its value, a value of a type the key does not take, a poll, nesting past
//! [`MAX_DEPTH`], a string serde_json would refuse, the end of the bytes.
//! serde_json then reads that message as before, errors included.
//!
//! Why a file of its own: a third of the import went to serde_json's
//! general machinery (a visitor call and a copy for every key, strings
//! through a generic reader). This reader compares keys
//! as bytes, counts newlines while it skips whitespace, and hands each value
//! straight to the visitor serde_json would have called (`type`, `date` and
//! `date_unixtime` in their usual forms are read from their bytes); the
//! tests in `plain_tests.rs` hold it to serde_json's answers.
//!
//! [`MessageSeed`]: super::message::MessageSeed

use std::borrow::Cow;

use jiff::tz::TimeZone;
use pullaway_chat::LocalTime;
use serde::de::{value, Visitor};

use super::ctx::Ctx;
use super::dates::{self, DateSeed, EditedSeed, UnixSeed};
use super::message::RawMessage;
use super::strings::StrOrNum;

/// Nesting deeper than this inside a message is left to serde_json.
const MAX_DEPTH: usize = 16;

/// Reads the message at the start of `bytes` into `out` (a fresh one):
/// its length and the newlines in it, or `None` ("don't know", `out` then
/// to be thrown away).
pub(super) fn read_plain<'b>(
    ctx: &Ctx<'_>,
    bytes: &'b [u8],
    out: &mut RawMessage<'b>,
) -> Option<(usize, u64)> {
    let mut c = Cursor {
        bytes,
        pos: 0,
        lines: 0,
    };
    if bytes.first() != Some(&b'{') {
        return None;
    }
    out.line = ctx.line();
    c.entries(|c, key| c.field(key, out, ctx.tz))?;
    Some((c.pos, c.lines))
}

/// A scalar value, as serde_json's `deserialize_any` would hand it over.
enum Scalar<'b> {
    Null,
    Bool(bool),
    Str(Cow<'b, str>),
    U64(u64),
    I64(i64),
}

/// The bytes being read, where, and the newlines passed.
struct Cursor<'b> {
    bytes: &'b [u8],
    pos: usize,
    lines: u64,
}

impl<'b> Cursor<'b> {
    /// One key of a message, read as [`RawMessage`]'s `field` reads it.
    fn field(&mut self, key: &[u8], m: &mut RawMessage<'b>, tz: &TimeZone) -> Option<()> {
        match key {
            b"type" => m.kind = self.kind()?,
            b"date" => m.date = self.date(tz)?,
            b"date_unixtime" => m.unixtime = self.unixtime(tz)?,
            b"from" => m.from = Some(self.opt_str()?),
            b"from_id" => m.from_id = self.any(StrOrNum)?,
            b"actor" => m.actor = Some(self.opt_str()?),
            b"actor_id" => m.actor_id = self.any(StrOrNum)?,
            b"action" => m.action = self.opt_str()?,
            b"discard_reason" => m.discard_reason = self.opt_str()?,
            b"duration_seconds" => m.duration = self.duration()?,
            b"text" => m.text = Some(self.text()?),
            b"text_entities" if m.text.is_none() => m.entities = Some(self.text()?),
            b"poll" => self.literal(b"null").map(|()| m.poll = None)?,
            b"media_type" => m.media_type = self.opt_str()?,
            b"mime_type" => m.mime_type = self.opt_str()?,
            b"photo" => m.photo = self.present()?,
            b"file" => m.file = self.present()?,
            b"contact_information" => m.contact = self.present()?,
            b"location_information" => m.location = self.present()?,
            b"edited" | b"edited_unixtime" => m.edited |= self.edited(tz)?,
            _ => self.skip(1)?,
        }
        Some(())
    }

    /// The next byte past whitespace, unread.
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'\n' => self.lines += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return Some(b),
            }
            self.pos += 1;
        }
        None
    }

    /// Reads `want`, past whitespace.
    fn eat(&mut self, want: u8) -> Option<()> {
        (self.peek()? == want).then(|| self.pos += 1)
    }

    /// Reads `word` (`null`, `true`, `false`), past whitespace.
    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.peek()?;
        let end = self.pos + word.len();
        (self.bytes.get(self.pos..end)? == word).then(|| self.pos = end)
    }

    /// An array, `each` reading every element.
    fn items(&mut self, mut each: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(());
        }
        loop {
            each(self)?;
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => break,
                _ => return None,
            }
        }
        self.pos += 1;
        Some(())
    }

    /// An object, `each` reading the value of every key.
    fn entries(&mut self, mut each: impl FnMut(&mut Self, &'b [u8]) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        loop {
            let key = self.key()?;
            self.eat(b':')?;
            each(self, key)?;
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => break,
                _ => return None,
            }
        }
        self.pos += 1;
        Some(())
    }

    /// A key: valid UTF-8, without escapes.
    fn key(&mut self) -> Option<&'b [u8]> {
        if self.peek()? != b'"' {
            return None;
        }
        let (raw, escaped) = self.raw_string()?;
        let valid = raw.is_ascii() || std::str::from_utf8(raw).is_ok();
        (!escaped && valid).then_some(raw)
    }

    /// The string at `pos` (its quote), its quotes left out, and whether it
    /// holds escapes (each a valid JSON one; `\u` checked for four hex
    /// digits only, as serde_json checks a string it skips). Not checked
    /// for UTF-8, as serde_json does not check a string it skips.
    fn raw_string(&mut self) -> Option<(&'b [u8], bool)> {
        let start = self.pos + 1;
        let mut i = start;
        let mut escaped = false;
        loop {
            match *self.bytes.get(i)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i += escape_len(&self.bytes[i + 1..])?;
                }
                0..=0x1f => return None,
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        Some((&self.bytes[start..i], escaped))
    }

    /// A scalar; `None` for an array, an object, or a number not a plain
    /// integer.
    fn scalar(&mut self) -> Option<Scalar<'b>> {
        match self.peek()? {
            b'"' => {
                let (raw, escaped) = self.raw_string()?;
                str_of(raw, escaped).map(Scalar::Str)
            }
            b'n' => self.literal(b"null").map(|()| Scalar::Null),
            b't' => self.literal(b"true").map(|()| Scalar::Bool(true)),
            b'f' => self.literal(b"false").map(|()| Scalar::Bool(false)),
            _ => self.integer(),
        }
    }

    /// An integer of at most 18 digits, as serde_json reads it (`u64` when
    /// positive, `i64` when negative); `None` for `-0`, which it reads as a
    /// float, and for any number with a fraction or exponent.
    fn integer(&mut self) -> Option<Scalar<'b>> {
        let negative = self.bytes[self.pos] == b'-';
        let start = self.pos + usize::from(negative);
        let n = digits(&self.bytes[start..]);
        let end = start + n;
        if n == 0 || n > 18 || (n > 1 && self.bytes[start] == b'0') {
            return None;
        }
        if matches!(self.bytes.get(end), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let value = self.bytes[start..end]
            .iter()
            .fold(0u64, |v, d| v * 10 + u64::from(d - b'0'));
        self.pos = end;
        match (negative, value) {
            (false, v) => Some(Scalar::U64(v)),
            (true, 0) => None,
            (true, v) => Some(Scalar::I64(-(v as i64))),
        }
    }

    /// Any JSON value, checked as serde_json checks what it skips.
    fn skip(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'[' => self.items(|c| c.skip(depth + 1)),
            b'{' => self.entries(|c, _| c.skip(depth + 1)),
            b'"' => self.raw_string().map(drop),
            b'n' => self.literal(b"null"),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            _ => self.number(),
        }
    }

    /// A number of JSON's grammar, skipped.
    fn number(&mut self) -> Option<()> {
        let b = self.bytes;
        let mut i = self.pos + usize::from(b[self.pos] == b'-');
        let int = digits(&b[i..]);
        if int == 0 || (int > 1 && b[i] == b'0') {
            return None;
        }
        i += int;
        if b.get(i) == Some(&b'.') {
            i += 1;
            i += Some(digits(&b[i..])).filter(|&d| d > 0)?;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
            i += Some(digits(&b[i..])).filter(|&d| d > 0)?;
        }
        self.pos = i;
        Some(())
    }

    /// A scalar handed to `v` as serde_json's `deserialize_any` would.
    fn any<V: Visitor<'b>>(&mut self, v: V) -> Option<V::Value> {
        let value: Result<_, value::Error> = match self.scalar()? {
            Scalar::Null => v.visit_unit(),
            Scalar::Bool(b) => v.visit_bool(b),
            Scalar::Str(Cow::Borrowed(s)) => v.visit_borrowed_str(s),
            Scalar::Str(Cow::Owned(s)) => v.visit_str(&s),
            Scalar::U64(n) => v.visit_u64(n),
            Scalar::I64(n) => v.visit_i64(n),
        };
        value.ok()
    }

    /// What `OptStr` reads: null or a string.
    fn opt_str(&mut self) -> Option<Option<Cow<'b, str>>> {
        match self.scalar()? {
            Scalar::Null => Some(None),
            Scalar::Str(s) => Some(Some(s)),
            _ => None,
        }
    }

    /// The string at the cursor when it holds no escape, read; else
    /// nothing is read.
    fn unescaped(&mut self) -> Option<&'b [u8]> {
        let quote = self.peek()? == b'"';
        let start = self.pos;
        match quote.then(|| self.raw_string()) {
            Some(Some((raw, false))) => Some(raw),
            _ => {
                self.pos = start;
                None
            }
        }
    }

    /// `type`: the usual two without a UTF-8 check.
    fn kind(&mut self) -> Option<Option<Cow<'b, str>>> {
        match self.unescaped() {
            Some(b"message") => Some(Some(Cow::Borrowed("message"))),
            Some(b"service") => Some(Some(Cow::Borrowed("service"))),
            Some(raw) => Some(Some(str_of(raw, false)?)),
            None => self.opt_str(),
        }
    }

    /// `date`, as `DateSeed` reads it; the usual form read from its bytes.
    fn date(&mut self, tz: &TimeZone) -> Option<Option<LocalTime>> {
        match self.unescaped() {
            Some(raw) if dates::is_plain_wall_clock(raw) => dates::plain_wall_clock(raw).map(Some),
            Some(raw) => visit_str(DateSeed(tz), raw),
            None => self.any(DateSeed(tz)),
        }
    }

    /// `date_unixtime`, as `UnixSeed` reads it; a string of up to 18
    /// digits read from its bytes.
    fn unixtime(&mut self, tz: &TimeZone) -> Option<Option<LocalTime>> {
        match self.unescaped() {
            Some(raw) if (1..=18).contains(&raw.len()) && digits(raw) == raw.len() => {
                let secs = raw.iter().fold(0, |v, d| v * 10 + i64::from(d - b'0'));
                UnixSeed(tz).visit_i64::<value::Error>(secs).ok()
            }
            Some(raw) => visit_str(UnixSeed(tz), raw),
            None => self.any(UnixSeed(tz)),
        }
    }

    /// `duration_seconds`, an `Option<f64>` in whole seconds.
    fn duration(&mut self) -> Option<Option<u64>> {
        let seconds = match self.scalar()? {
            Scalar::Null => return Some(None),
            Scalar::U64(n) => n as f64,
            Scalar::I64(n) => n as f64,
            _ => return None,
        };
        Some(Some(seconds.max(0.0) as u64))
    }

    /// Whether a media key holds something (not null).
    fn present(&mut self) -> Option<bool> {
        if self.peek()? == b'n' {
            return self.literal(b"null").map(|()| false);
        }
        self.skip(1).map(|()| true)
    }

    /// `edited`, as `EditedSeed` reads it: an array or object says "edited".
    fn edited(&mut self, tz: &TimeZone) -> Option<bool> {
        match self.peek()? {
            b'[' | b'{' => self.skip(1).map(|()| true),
            _ => self.any(EditedSeed(tz)),
        }
    }

    /// `text`, as `TextSeed` reads it: a string, null (empty), or parts
    /// joined.
    fn text(&mut self) -> Option<Cow<'b, str>> {
        if matches!(self.peek()?, b'[' | b'{') {
            let mut out = String::new();
            self.part(&mut out, 1)?;
            return Some(Cow::Owned(out));
        }
        match self.scalar()? {
            Scalar::Str(s) => Some(s),
            Scalar::Null => Some(Cow::Borrowed("")),
            _ => None,
        }
    }

    /// One piece of a text, as `TextPart` reads it, appended to `out`.
    fn part(&mut self, out: &mut String, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'[' => self.items(|c| c.part(out, depth + 1)),
            b'{' => self.entries(|c, key| match key {
                b"text" => c.part(out, depth + 1),
                _ => c.skip(depth + 1),
            }),
            _ => match self.scalar()? {
                Scalar::Str(s) => {
                    out.push_str(&s);
                    Some(())
                }
                Scalar::Null => Some(()),
                _ => None,
            },
        }
    }
}

/// A string without escapes handed to `v`, as serde_json hands it.
fn visit_str<'b, V: Visitor<'b>>(v: V, raw: &'b [u8]) -> Option<V::Value> {
    let s = std::str::from_utf8(raw).ok()?;
    v.visit_borrowed_str::<value::Error>(s).ok()
}

/// The length of the ASCII digits that start `bytes`.
fn digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// The length of the escape that starts `bytes` (after its `\`): 2, or 6
/// for `\u` and four hex digits; `None` for any other (`\x` included).
fn escape_len(bytes: &[u8]) -> Option<usize> {
    match bytes.first()? {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(2),
        b'u' => bytes
            .get(1..5)?
            .iter()
            .all(u8::is_ascii_hexdigit)
            .then_some(6),
        _ => None,
    }
}

/// A string's value: borrowed when it holds no escape, else unescaped;
/// `None` when it is not UTF-8 or an escape is a lone surrogate.
fn str_of(raw: &[u8], escaped: bool) -> Option<Cow<'_, str>> {
    if !escaped {
        return std::str::from_utf8(raw).ok().map(Cow::Borrowed);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'\\', &raw[i..]) {
        out.extend_from_slice(&raw[i..i + at]);
        i += at + 1;
        let c = raw[i];
        i += 1;
        let byte = match c {
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let ch = unicode(raw, &mut i)?;
                out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                continue;
            }
            other => other,
        };
        out.push(byte);
    }
    out.extend_from_slice(&raw[i..]);
    String::from_utf8(out).ok().map(Cow::Owned)
}

/// The character of a `\u` escape (`raw[*i..]` is past the `u`), a
/// surrogate pair read whole; `None` for a lone surrogate, which
/// serde_json refuses.
fn unicode(raw: &[u8], i: &mut usize) -> Option<char> {
    let first = hex4(raw, i)?;
    if !(0xD800..=0xDBFF).contains(&first) {
        return char::from_u32(first);
    }
    if raw.get(*i..*i + 2)? != b"\\u" {
        return None;
    }
    *i += 2;
    let second = hex4(raw, i)?;
    if !(0xDC00..=0xDFFF).contains(&second) {
        return None;
    }
    char::from_u32(0x1_0000 + ((first - 0xD800) << 10) + (second - 0xDC00))
}

/// Four hex digits at `raw[*i..]`, read.
fn hex4(raw: &[u8], i: &mut usize) -> Option<u32> {
    let digits = raw.get(*i..*i + 4)?;
    *i += 4;
    digits
        .iter()
        .try_fold(0, |v, &d| Some(v * 16 + char::from(d).to_digit(16)?))
}

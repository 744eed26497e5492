//! The WhatsApp `.txt` importer (Android and iOS exports, any locale).
//!
//! Two passes over the lines. The first finds every line that starts with a
//! header and remembers its raw parts. The second decides, from the whole
//! file, the header shape the export uses and its date order, then builds the
//! messages: header lines of that shape start a message, every other line
//! continues the one before.

mod header;
mod markers;
pub mod names;
mod order;

use pullaway_chat::{Chat, Kind, LocalTime, Message, PersonId};

use crate::error::ImportError;
use crate::limits::MAX_LINE_BYTES;
use crate::text::{strip_marks, trim_marks, FxHashMap as HashMap};
use header::{shape, Meridiem, Raw};
pub use markers::Markers;
pub use order::Order;

/// One line that parsed as a header.
struct HeaderLine {
    raw: Raw,
    /// Byte range of the line (without `\r\n`) in the text.
    start: u32,
    end: u32,
    /// Where the next line starts.
    next: u32,
    /// 1-based line number.
    line: u32,
    /// Index in the list of sender names found by the first `: ` split
    /// (`u32::MAX`: none).
    name: u32,
}

/// Whether the text looks like a WhatsApp export: one of its first 20
/// non-empty lines starts with a message header.
pub fn looks_like(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .any(|l| header::parse(l).is_some_and(|r| has_body(l, &r)))
}

fn has_body(line: &str, raw: &Raw) -> bool {
    !trim_marks(&line[raw.body as usize..]).is_empty()
}

/// Splits the text into lines: (start, end without `\r`, line number, start of the next line).
fn lines(text: &str) -> impl Iterator<Item = (usize, usize, u32, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut n = 0u32;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line_start = start;
        start = end + 1;
        n += 1;
        let trimmed = if end > line_start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some((line_start, trimmed, n, start))
    })
}

/// Whether a line that is not a header is still shaped like one: digits
/// and date separators, a clock time, then ` - ` or `] ` and a `Name: `.
/// Such a line has an impossible date or time; a pasted sentence that merely
/// starts with a date does not have all of these.
fn near_header(line: &str) -> bool {
    let line = trim_marks(line);
    let b = line.as_bytes();
    let start = usize::from(b.first() == Some(&b'['));
    if !b.get(start).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let cut = (0..=line.len().min(40))
        .rev()
        .find(|&i| line.is_char_boundary(i))
        .unwrap_or(0);
    let head = &line[..cut];
    let seps = head
        .bytes()
        .take_while(|&c| c != b' ' && c != b',')
        .filter(|c| matches!(c, b'/' | b'.' | b'-'))
        .count();
    let clock = head
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    let after = head
        .find(" - ")
        .or_else(|| head.find("] "))
        .map(|i| &line[i + 2..]);
    seps >= 2 && clock && after.is_some_and(|rest| rest.contains(": "))
}

fn describe(shape_bits: u16, order: Order) -> String {
    let mut parts = vec![if shape_bits & shape::BRACKET != 0 {
        "ios"
    } else {
        "android"
    }
    .to_owned()];
    if shape_bits & shape::TIME_FIRST != 0 {
        parts.push("time-first".into());
    }
    parts.push(order.name().to_owned());
    parts.push(
        if shape_bits & shape::TWELVE_HOUR != 0 {
            "12h"
        } else {
            "24h"
        }
        .into(),
    );
    if shape_bits & shape::SECONDS != 0 {
        parts.push("seconds".into());
    }
    if shape_bits & shape::COLON != 0 {
        parts.push("colon".into());
    }
    parts.join(" ")
}

fn hour24(raw: &Raw) -> u8 {
    match (raw.meridiem, raw.hour) {
        (Meridiem::Am, 12) => 0,
        (Meridiem::Pm, h) if h < 12 => h + 12,
        (_, h) => h,
    }
}

/// Finds the end of the sender name in a body: the first `: `, or a `:` that
/// ends the line.
fn sender_end(body: &str) -> Option<usize> {
    let b = body.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b':', &b[from..]).map(|i| from + i) {
        match b.get(i + 1) {
            None | Some(b' ') => return Some(i),
            _ => from = i + 1,
        }
    }
    None
}

/// A plausible sender name: not empty, not too long, no quotes (system lines
/// such as `X changed the subject to "a: b"` contain a colon too).
fn plausible_name(name: &str) -> bool {
    let n = trim_marks(name);
    let quoted = || n.bytes().any(|b| b == b'"') || (!n.is_ascii() && n.contains(['“', '”', '«']));
    !n.is_empty() && n.len() <= 100 && !quoted()
}

/// Parses a WhatsApp export. `display` names the input in errors; `file_name`
/// is used to infer the contact's name. The passes are described in
/// DESIGN.md ("The WhatsApp importer"); each is one function below.
pub fn parse(display: &str, file_name: &str, owned: String) -> Result<Chat, ImportError> {
    let text: &str = &owned;
    let mut headers = header_lines(display, text)?;
    let dominant = keep_dominant_shape(&mut headers);
    let order = {
        let raws: Vec<&Raw> = headers.iter().map(|h| &h.raw).collect();
        order::infer(&raws)
    };
    let senders = Senders::count(text, &mut headers);
    let built = build(text, &headers, order, &senders);
    let warnings = built.notes(display, order);
    let Built {
        messages,
        people,
        extra,
        ..
    } = built;
    drop((headers, senders));
    let mut whole = owned;
    whole.push_str(&extra);
    // `Dmitry S(2)` or `Dmitry S 2` (a second download) names `Dmitry S`.
    let contact =
        names::contact_from_file_name(file_name).map(|raw| names::contact_among(&raw, &people));
    let name = contact.clone().unwrap_or_else(|| file_name.to_owned());
    let mut chat = Chat::from_parts(
        file_name.to_owned(),
        name,
        "whatsapp",
        people,
        messages,
        whole,
    )
    .map_err(|e| ImportError::too_large(display, None, e.to_string()))?;
    chat.contact = contact;
    chat.detail = describe(dominant, order);
    chat.warnings = warnings;
    chat.sort();
    Ok(chat)
}

/// Pass 1: every line that starts like a message header, tokenized. A
/// large export is read in two halves at once (cut at a line start), one
/// per core: each line is tokenized on its own.
fn header_lines(display: &str, text: &str) -> Result<Vec<HeaderLine>, ImportError> {
    /// Below this, a second thread costs more than it saves.
    const PARALLEL_FROM: usize = 4 << 20;
    let near = (text.len() >= PARALLEL_FROM).then_some(text.len() / 2);
    header_lines_from(display, text, near)
}

/// [`header_lines`], in two parts cut at the first line start after byte
/// `near` when there is one.
fn header_lines_from(
    display: &str,
    text: &str,
    near: Option<usize>,
) -> Result<Vec<HeaderLine>, ImportError> {
    let bytes = text.as_bytes();
    let mid = near
        .filter(|&n| n < text.len())
        .and_then(|n| memchr::memchr(b'\n', &bytes[n..]).map(|i| n + i + 1));
    let headers = match mid {
        Some(mid) => {
            let (first, second) = std::thread::scope(|s| {
                // The first part's vector is sized for the whole text, so
                // the second part joins it without a reallocation.
                let first = s.spawn(|| headers_in(display, text, 0..mid, 0, text.len()));
                let lines_before = memchr::memchr_iter(b'\n', &bytes[..mid]).count() as u32;
                let second = headers_in(
                    display,
                    text,
                    mid..text.len(),
                    lines_before,
                    text.len() - mid,
                );
                (
                    first.join().expect("header tokenizing never panics"),
                    second,
                )
            });
            let mut headers = first?;
            headers.extend(second?);
            headers
        }
        None => headers_in(display, text, 0..text.len(), 0, text.len())?,
    };
    if headers.is_empty() {
        let (n, shown) = crate::text::first_line(text);
        return Err(ImportError::Unsupported {
            file: display.to_owned(),
            why: format!(
                "no line starts like a WhatsApp message (`31/12/23, 21:05 - Name: text` or `[31/12/23, 21:05:00] Name: text`); line {n} reads {shown:?}"
            ),
        });
    }
    Ok(headers)
}

/// The header lines of `text[range]` (which starts at a line start);
/// `lines_before` is the number of lines before it; room is made for the
/// headers of `room` bytes of text.
fn headers_in(
    display: &str,
    text: &str,
    range: std::ops::Range<usize>,
    lines_before: u32,
    room: usize,
) -> Result<Vec<HeaderLine>, ImportError> {
    let base = range.start;
    let part = &text[range];
    let mut headers: Vec<HeaderLine> = Vec::with_capacity(room / 80 + 1);
    for (start, end, n, next) in lines(part) {
        let n = n + lines_before;
        if end - start > MAX_LINE_BYTES {
            return Err(ImportError::line_too_long(
                display,
                u64::from(n),
                end - start,
            ));
        }
        let line = &part[start..end];
        let Some(&first) = line.as_bytes().first() else {
            continue;
        };
        if !(first.is_ascii_digit() || first == b'[' || first >= 0x80 || first == b' ') {
            continue;
        }
        if let Some(raw) = header::parse(line) {
            headers.push(HeaderLine {
                raw,
                start: (base + start) as u32,
                end: (base + end) as u32,
                next: (base + next) as u32,
                line: n,
                name: NO_NAME,
            });
        }
    }
    Ok(headers)
}

/// Pass 2a: keeps the header shape most lines share (others are text
/// inside messages) and returns it.
fn keep_dominant_shape(headers: &mut Vec<HeaderLine>) -> u16 {
    let mut shapes: HashMap<u16, usize> = HashMap::default();
    for h in headers.iter() {
        *shapes.entry(h.raw.shape).or_default() += 1;
    }
    let dominant = shapes
        .iter()
        .max_by_key(|&(&s, &n)| (n, std::cmp::Reverse(s)))
        .map(|(&s, _)| s)
        .unwrap_or(0);
    headers.retain(|h| h.raw.shape == dominant);
    dominant
}

/// Pass 2c: the sender names (the first `: ` split of each header's body),
/// counted; each header learns the index of its name.
struct Senders<'a> {
    names: Vec<(&'a str, u32)>,
    index: HashMap<&'a str, u32>,
}

impl<'a> Senders<'a> {
    fn count(text: &'a str, headers: &mut [HeaderLine]) -> Senders<'a> {
        let mut index: HashMap<&str, u32> = HashMap::default();
        let mut names: Vec<(&str, u32)> = Vec::new();
        let mut last = NO_NAME;
        for h in headers.iter_mut() {
            let body = &text[(h.start + h.raw.body) as usize..h.end as usize];
            // Runs of messages from one sender are common: try the last name first.
            if let Some(&(name, _)) = names.get(last as usize) {
                if body.as_bytes().get(name.len()) == Some(&b':')
                    && body
                        .as_bytes()
                        .get(name.len() + 1)
                        .is_none_or(|&b| b == b' ')
                    && body.starts_with(name)
                    && sender_end(name).is_none()
                {
                    names[last as usize].1 += 1;
                    h.name = last;
                    continue;
                }
            }
            if let Some(end) = sender_end(body) {
                let name = &body[..end];
                if plausible_name(name) {
                    let i = *index.entry(name).or_insert_with(|| {
                        names.push((name, 0));
                        names.len() as u32 - 1
                    });
                    names[i as usize].1 += 1;
                    h.name = i;
                    last = i;
                }
            }
        }
        Senders { names, index }
    }
}

/// What pass 2d builds: the messages (texts as ranges of the file's text or
/// of `extra`), the people, and what to tell the user.
struct Built {
    messages: Vec<Message>,
    people: Vec<String>,
    extra: String,
    /// Non-empty lines before the first message.
    skipped_leading: usize,
    /// Lines whose date is not valid in the inferred order.
    invalid_dates: Vec<u32>,
    /// Lines shaped like a header with an impossible date or time (a
    /// 5-digit year, hour 25): kept as text.
    impossible: Vec<u32>,
}

/// Pass 2d: the messages. Their texts stay where they are in `text`; only
/// multi-line messages with `\r\n` breaks are copied (to `extra`).
fn build(text: &str, headers: &[HeaderLine], order: order::Order, senders: &Senders) -> Built {
    let markers = Markers::builtin();
    let mut people: Vec<String> = Vec::new();
    let mut person_ids: HashMap<String, PersonId> = HashMap::default();
    let mut person = |name: &str| {
        let clean = strip_marks(name);
        *person_ids.entry(clean.clone()).or_insert_with(|| {
            people.push(clean);
            PersonId(people.len() as u32 - 1)
        })
    };
    let mut ids: Vec<Option<PersonId>> = vec![None; senders.names.len()];
    let mut messages: Vec<Message> = Vec::with_capacity(headers.len());
    let mut arena = Arena {
        text,
        extra: String::new(),
        open: None,
    };
    let mut invalid_dates: Vec<u32> = Vec::new();
    let mut impossible: Vec<u32> = Vec::new();
    let first_start = headers[0].start as usize;
    let mut skipped_leading = text[..first_start]
        .lines()
        .filter(|l| !trim_marks(l).is_empty())
        .count();

    let mut prev_date = (([u16::MAX; 3], header::Era::None), None);
    for (i, h) in headers.iter().enumerate() {
        let line_text = &text[h.start as usize..h.end as usize];
        let next_start = headers.get(i + 1).map_or(text.len(), |n| n.start as usize);
        let date = if prev_date.0 == (h.raw.comps, h.raw.era) {
            prev_date.1
        } else {
            let d = order::resolve(&h.raw, order);
            prev_date = ((h.raw.comps, h.raw.era), d);
            d
        };
        // WhatsApp exists since 2009: a year outside 1970–2100 is a misread.
        let date = date.filter(|d| (1970..=2100).contains(&d.year));
        let time = date.and_then(|d| LocalTime::new(d, hour24(&h.raw), h.raw.minute, h.raw.second));
        match time {
            None => {
                invalid_dates.push(h.line);
                if messages.is_empty() {
                    skipped_leading += 1;
                    continue;
                }
                arena.append(&mut messages, h.start as usize, h.end as usize);
            }
            Some(time) => {
                let body = &line_text[h.raw.body as usize..];
                let (sender, rest) = split_sender(body, h.name, &senders.names, &senders.index);
                let sender = match sender {
                    Sender::None => None,
                    Sender::Indexed(i) => Some(
                        *ids[i as usize].get_or_insert_with(|| person(senders.names[i as usize].0)),
                    ),
                };
                let marked = rest.starts_with(crate::text::is_invisible);
                let content = trim_marks(rest);
                let (kind, edited, len) = if sender.is_none() {
                    (Kind::System, false, content.len())
                } else {
                    let c = markers.classify(content, marked);
                    (c.kind, c.edited, c.len)
                };
                let start = offset(text, content);
                arena.finish(&mut messages, markers);
                arena.open = Some(messages.len());
                messages.push(Message::new(
                    h.line,
                    time,
                    sender,
                    kind,
                    edited,
                    start..start + len,
                ));
            }
        }
        // Continuation lines up to the next header.
        let base = h.next as usize;
        if base < next_start {
            for (s, e, n, _) in lines(&text[base..next_start]) {
                if near_header(&text[base + s..base + e]) {
                    impossible.push(h.line + n);
                }
                arena.append(&mut messages, base + s, base + e);
            }
        }
    }
    arena.finish(&mut messages, markers);
    Built {
        messages,
        people,
        extra: arena.extra,
        skipped_leading,
        invalid_dates,
        impossible,
    }
}

impl Built {
    /// What the user is told about lines that were skipped or kept as text.
    fn notes(&self, display: &str, order: order::Order) -> Vec<String> {
        let mut warnings = Vec::new();
        let lines = |v: &[u32]| {
            let shown: Vec<String> = v.iter().take(5).map(|l| l.to_string()).collect();
            format!(
                "{}{}",
                shown.join(", "),
                if v.len() > 5 { ", ..." } else { "" }
            )
        };
        if self.skipped_leading > 0 {
            warnings.push(format!(
                "{display}: {} line(s) before the first message were skipped",
                self.skipped_leading
            ));
        }
        if !self.invalid_dates.is_empty() {
            warnings.push(format!(
                "{display}: {} line(s) have a date that is not valid as {} and were kept as text of the message before (lines {})",
                self.invalid_dates.len(),
                order.name(),
                lines(&self.invalid_dates)
            ));
        }
        if !self.impossible.is_empty() {
            warnings.push(format!(
                "{display}: {} line(s) look like a message header with an impossible date or time (a year of 5 digits, an hour over 23) and were kept as text of the message before (lines {})",
                self.impossible.len(),
                lines(&self.impossible)
            ));
        }
        warnings
    }
}

/// Byte offset of `part` inside `whole` (`part` must be a slice of it).
fn offset(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

/// Where message texts live while a file is read: ranges of the file's text,
/// or, once a message needs a copy, of `extra` (placed after the text).
struct Arena<'a> {
    text: &'a str,
    extra: String,
    /// The message that continuation lines extend.
    open: Option<usize>,
}

impl Arena<'_> {
    /// The current text of a message.
    fn text_of(&self, m: &Message) -> &str {
        let (from, to) = m.text_range();
        let base = self.text.len();
        if to <= base {
            &self.text[from..to]
        } else {
            &self.extra[from - base..to - base]
        }
    }

    /// Closes the open message: trims blank lines around its text and, for a
    /// multi-line message, cuts an "edited" marker that ends it.
    fn finish(&mut self, messages: &mut [Message], markers: &Markers) {
        let Some(m) = self.open.take().and_then(|i| messages.get_mut(i)) else {
            return;
        };
        let (from, to) = m.text_range();
        let text = self.text_of(m);
        let multi = text.contains('\n');
        let start_trim = text.len() - text.trim_start_matches(['\n', '\r']).len();
        let mut end = text.trim_end().len().max(start_trim);
        if multi {
            if let Some(cut) = markers.strip_edited(&text[..end]) {
                end = text[..cut].trim_end().len().max(start_trim);
                m.edited = true;
            }
        }
        if start_trim > 0 || from + end < to {
            m.set_text_range(from + start_trim..from + end);
        }
    }

    /// Adds the line `text[start..end]` to the open message's text.
    fn append(&mut self, messages: &mut [Message], start: usize, end: usize) {
        let Some(m) = self.open.and_then(|i| messages.get_mut(i)) else {
            return;
        };
        let (from, to) = m.text_range();
        let line = &self.text[start..end];
        let in_text = to <= self.text.len();
        if in_text && self.text.as_bytes().get(to) == Some(&b'\n') && start == to + 1 {
            // The line follows right after a plain `\n`: widen the range.
            m.set_text_range(from..end);
            return;
        }
        let base = self.text.len();
        let from = if in_text {
            let copy_at = base + self.extra.len();
            self.extra.push_str(&self.text[from..to]);
            copy_at
        } else {
            from
        };
        self.extra.push('\n');
        self.extra.push_str(line);
        m.set_text_range(from..base + self.extra.len());
    }
}

const NO_NAME: u32 = u32::MAX;

enum Sender {
    None,
    /// A name of the first-`: ` split, by index.
    Indexed(u32),
}

/// Splits `Name: text` into the sender and the text, or returns no sender for
/// a system line.
fn split_sender<'a>(
    body: &'a str,
    index: u32,
    names: &[(&str, u32)],
    name_index: &HashMap<&str, u32>,
) -> (Sender, &'a str) {
    if index != NO_NAME {
        let (name, _) = names[index as usize];
        let rest = &body[name.len() + 1..];
        return (
            Sender::Indexed(index),
            rest.strip_prefix(' ').unwrap_or(rest),
        );
    }
    // `John Doe:.` — a known name followed by a colon and no space.
    for p in memchr::memchr_iter(b':', body.as_bytes()) {
        if let Some(&i) = name_index.get(&body[..p]) {
            let rest = &body[p + 1..];
            return (Sender::Indexed(i), rest.strip_prefix(' ').unwrap_or(rest));
        }
    }
    (Sender::None, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One header found: start, end, next line's start, line number, shape.
    type Found = (u32, u32, u32, u32, u16);

    /// What pass 1 found, comparable: ranges, line numbers, shapes.
    fn found(text: &str, near: Option<usize>) -> Result<Vec<Found>, String> {
        header_lines_from("t.txt", text, near)
            .map(|v| {
                v.iter()
                    .map(|h| (h.start, h.end, h.next, h.line, h.raw.shape))
                    .collect()
            })
            .map_err(|e| e.to_string())
    }

    #[test]
    fn two_halves_find_what_one_pass_finds() {
        let mut text = String::from("Messages are end-to-end encrypted.\r\n\n");
        for i in 0..400 {
            text.push_str(&format!(
                "{:02}/03/2024, 21:{:02} - Sam: line {i}\r\nmore of it\n",
                i % 28 + 1,
                i % 60
            ));
            if i % 7 == 0 {
                text.push_str("[01.03.24, 19:02:11] Robin: another shape\n\n");
            }
        }
        let one = found(&text, None);
        assert!(one.as_ref().is_ok_and(|v| v.len() > 400), "{one:?}");
        // Cut everywhere: inside the first line, mid-message, on a blank
        // line, after a CR, at the very end.
        for near in (0..text.len())
            .step_by(97)
            .chain([text.len() - 1, text.len()])
        {
            assert_eq!(found(&text, Some(near)), one, "cut near {near}");
        }
        // A line too long is the same error, in either half.
        for at in [text.len() / 4, text.len() * 3 / 4] {
            let at = text[at..].find('\n').unwrap() + at + 1;
            let mut long = text.clone();
            long.insert_str(at, &format!("{}\n", "x".repeat(MAX_LINE_BYTES + 1)));
            let one = found(&long, None);
            assert!(one.is_err());
            for near in [0, long.len() / 2, at - 1, at + 5] {
                assert_eq!(found(&long, Some(near)), one, "cut near {near}");
            }
        }
    }
}

//! Pass 2d: the messages of one part of the file, then the parts joined.
//!
//! Header lines of the file's shape start a message, every other line
//! continues the one before. Message texts stay where they are in the
//! file's text; only multi-line messages with `\r\n` breaks are copied (to
//! `extra`, placed after the text). Senders are numbered by their name's
//! index until the parts are joined: people are numbered in the order they
//! first send a message, which only the whole file tells.

use pullaway_chat::{Kind, Message, PersonId};

use super::header::Era;
use super::markers::Markers;
use super::order::{self, Order};
use super::parts::Part;
use super::{hour24, offset, split_sender, HeaderLine, Sender, Senders};

/// The part of the file's text that one part's messages are built from:
/// `text` starts `base` bytes into the file's text, which is `len` bytes
/// long (copied texts are placed after it). Offsets are the file's.
#[derive(Clone, Copy)]
pub(super) struct Window<'t> {
    pub base: usize,
    pub text: &'t str,
    pub len: usize,
}

impl<'t> Window<'t> {
    /// The text at the file's offsets `start..end`.
    fn at(&self, start: usize, end: usize) -> &'t str {
        &self.text[start - self.base..end - self.base]
    }

    /// The byte at the file's offset `at`, if the window holds it.
    fn byte(&self, at: usize) -> Option<u8> {
        self.text
            .as_bytes()
            .get(at.checked_sub(self.base)?)
            .copied()
    }

    /// The file's offset of `part`, a slice of the window.
    fn offset(&self, part: &str) -> usize {
        self.base + offset(self.text, part)
    }

    /// Where the line after a header starts (after the `\n`, and after
    /// the `\r` that the line's end leaves out).
    pub(super) fn next(&self, h: &HeaderLine) -> usize {
        let end = h.end as usize;
        end + 1 + usize::from(self.byte(end) == Some(b'\r'))
    }
}
use crate::text::{strip_marks, trim_marks, FxHashMap as HashMap};

/// What pass 2d builds: the messages (texts as ranges of the file's text or
/// of `extra`), the people, and what to tell the user.
pub(super) struct Built {
    pub messages: Vec<Message>,
    /// Name indices in the order they first send a message (a part's
    /// messages name their sender by this index until [`join`]).
    first_seen: Vec<u32>,
    pub people: Vec<String>,
    pub extra: String,
    /// Non-empty lines before the first message.
    pub skipped_leading: usize,
    /// Lines whose date is not valid in the inferred order.
    pub invalid_dates: Vec<u32>,
    /// Lines shaped like a header with an impossible date or time (a
    /// 5-digit year, hour 25): kept as text.
    pub impossible: Vec<u32>,
}

/// The messages of one part: its headers, and the lines after each up to
/// the next header (the last one's up to `end`). `leading` is the first
/// part with headers (lines before its first header are skipped).
///
/// The headers are read in order and each message is handed out once the
/// next one starts, so the messages take the place of the headers in
/// memory (a vector collected in place) rather than new pages.
pub(super) fn build(
    text: Window,
    part: Part,
    end: usize,
    order: Order,
    senders: &Senders,
    leading: bool,
) -> Built {
    let Part {
        headers, line_base, ..
    } = part;
    let skipped_leading = match headers.first() {
        Some(h) if leading => text
            .at(0, h.start as usize)
            .lines()
            .filter(|l| !trim_marks(l).is_empty())
            .count(),
        _ => 0,
    };
    let mut reader = Reader {
        text,
        order,
        senders,
        line_base,
        markers: Markers::builtin(),
        arena: Arena {
            text,
            extra: String::new(),
            multi: false,
        },
        open: None,
        started: false,
        pending: None,
        prev_date: (([u16::MAX; 3], Era::None), None),
        seen: vec![false; senders.names.len()],
        first_seen: Vec::new(),
        skipped_leading,
        invalid_dates: Vec::new(),
        impossible: Vec::new(),
    };
    let mut messages: Vec<Message> = headers
        .into_iter()
        .filter_map(|h| reader.header(&h))
        .collect();
    reader.continuation(end);
    messages.extend(reader.close());
    Built {
        messages,
        first_seen: reader.first_seen,
        people: Vec::new(),
        extra: reader.arena.extra,
        skipped_leading: reader.skipped_leading,
        invalid_dates: reader.invalid_dates,
        impossible: reader.impossible,
    }
}

/// The state of [`build`] between two headers.
struct Reader<'t, 's> {
    text: Window<'t>,
    order: Order,
    senders: &'s Senders,
    line_base: u32,
    markers: &'static Markers,
    arena: Arena<'t>,
    /// The message that continuation lines extend, not yet handed out.
    open: Option<Message>,
    /// A message was started (invalid dates before it are skipped).
    started: bool,
    /// Where the last header's continuation lines start, and its line.
    pending: Option<(usize, u32)>,
    /// The last date's raw parts and its midnight (messages of one day
    /// share their date).
    prev_date: (([u16; 3], Era), Option<pullaway_chat::LocalTime>),
    seen: Vec<bool>,
    first_seen: Vec<u32>,
    skipped_leading: usize,
    invalid_dates: Vec<u32>,
    impossible: Vec<u32>,
}

impl Reader<'_, '_> {
    /// Reads a header (after the continuation lines of the one before);
    /// returns the message it closes, if any.
    fn header(&mut self, h: &HeaderLine) -> Option<Message> {
        self.continuation(h.start as usize);
        let text = self.text;
        let line = self.line_base + h.line;
        let line_text = text.at(h.start as usize, h.end as usize);
        let midnight = if self.prev_date.0 == (h.raw.comps, h.raw.era) {
            self.prev_date.1
        } else {
            let d = valid_date(&h.raw, self.order).map(|d| d.start());
            self.prev_date = ((h.raw.comps, h.raw.era), d);
            d
        };
        let time = midnight.and_then(|d| d.at(hour24(&h.raw), h.raw.minute, h.raw.second));
        let Some(time) = time else {
            self.invalid_dates.push(line);
            if !self.started {
                self.skipped_leading += 1;
                return None;
            }
            self.append(h.start as usize, h.end as usize);
            self.pending = Some((text.next(h), line));
            return None;
        };
        let senders = self.senders;
        let body = &line_text[h.raw.body as usize..];
        let (sender, rest) = split_sender(body, h.name, &senders.names, &senders.index);
        let sender = match sender {
            Sender::None => None,
            Sender::Indexed(i) => {
                if !std::mem::replace(&mut self.seen[i as usize], true) {
                    self.first_seen.push(i);
                }
                Some(PersonId(i))
            }
        };
        let marked = rest.starts_with(crate::text::is_invisible);
        let content = trim_marks(rest);
        let (kind, edited, len) = if sender.is_none() {
            (Kind::System, false, content.len())
        } else {
            let c = self.markers.classify(content, marked);
            (c.kind, c.edited, c.len)
        };
        let start = text.offset(content);
        let done = self.close();
        self.started = true;
        self.open = Some(Message::new(
            line,
            time,
            sender,
            kind,
            edited,
            start..start + len,
        ));
        self.pending = Some((text.next(h), line));
        done
    }

    /// The continuation lines of the last header, up to `next_start`.
    fn continuation(&mut self, next_start: usize) {
        let Some((base, line)) = self.pending.take() else {
            return;
        };
        if base < next_start {
            let text = self.text.at(base, next_start);
            for (s, e, n, _) in super::lines(text) {
                if super::near_header(&text[s..e]) {
                    self.impossible.push(line + n);
                }
                self.append(base + s, base + e);
            }
        }
    }

    fn append(&mut self, start: usize, end: usize) {
        if let Some(m) = &mut self.open {
            self.arena.append(m, start, end);
        }
    }

    /// Closes the open message and hands it out.
    fn close(&mut self) -> Option<Message> {
        let mut m = self.open.take()?;
        self.arena.finish(&mut m, self.markers);
        Some(m)
    }
}

/// The calendar date of a header, when valid (WhatsApp exists since 2009:
/// a year outside 1970–2100 is a misread).
pub(super) fn valid_date(raw: &super::header::Raw, order: Order) -> Option<pullaway_chat::Date> {
    order::resolve(raw, order).filter(|d| (1970..=2100).contains(&d.year))
}

/// The parts' messages in file order, with the people numbered in the order
/// they first send a message. `text_len` is where `extra` texts start.
pub(super) fn join(parts: Vec<Built>, names: &[String], text_len: usize) -> Built {
    let more: usize = parts.iter().skip(1).map(|p| p.messages.len()).sum();
    let mut parts = parts.into_iter();
    let mut all = parts.next().expect("one part or more");
    all.messages.reserve_exact(more);
    for part in parts {
        // The part's copied texts follow those of the parts before.
        let shift = all.extra.len();
        if shift > 0 && !part.extra.is_empty() {
            all.messages.extend(part.messages.iter().map(|m| {
                let mut m = *m;
                let (from, to) = m.text_range();
                if to > text_len {
                    m.set_text_range(from + shift..to + shift);
                }
                m
            }));
        } else {
            all.messages.extend_from_slice(&part.messages);
        }
        all.extra.push_str(&part.extra);
        all.first_seen.extend(part.first_seen);
        all.skipped_leading += part.skipped_leading;
        all.invalid_dates.extend(part.invalid_dates);
        all.impossible.extend(part.impossible);
    }
    let mut person_ids: HashMap<String, PersonId> = HashMap::default();
    let mut ids: Vec<Option<PersonId>> = vec![None; names.len()];
    for &i in &all.first_seen {
        let clean = strip_marks(&names[i as usize]);
        let people = &mut all.people;
        let id = *person_ids.entry(clean.clone()).or_insert_with(|| {
            people.push(clean);
            PersonId(people.len() as u32 - 1)
        });
        ids[i as usize] = Some(id);
    }
    let same = ids
        .iter()
        .enumerate()
        .all(|(i, id)| id.is_none_or(|p| p.0 as usize == i));
    if !same {
        for m in &mut all.messages {
            m.set_sender(m.sender().and_then(|p| ids[p.0 as usize]));
        }
    }
    all
}

impl Built {
    /// What the user is told about lines that were skipped or kept as text.
    pub fn notes(&self, display: &str, order: Order) -> Vec<String> {
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

/// Where message texts live while a file is read: ranges of the file's text,
/// or, once a message needs a copy, of `extra` (placed after the text).
struct Arena<'a> {
    text: Window<'a>,
    extra: String,
    /// A line was added to the open message (its text holds a `\n`).
    multi: bool,
}

impl Arena<'_> {
    /// The current text of a message.
    fn text_of(&self, m: &Message) -> &str {
        let (from, to) = m.text_range();
        let base = self.text.len;
        if to <= base {
            self.text.at(from, to)
        } else {
            &self.extra[from - base..to - base]
        }
    }

    /// Closes the open message: trims blank lines around its text and, for a
    /// multi-line message, cuts an "edited" marker that ends it.
    fn finish(&mut self, m: &mut Message, markers: &Markers) {
        let multi = std::mem::take(&mut self.multi);
        let (from, to) = m.text_range();
        let text = self.text_of(m);
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
    fn append(&mut self, m: &mut Message, start: usize, end: usize) {
        self.multi = true;
        let (from, to) = m.text_range();
        let line = self.text.at(start, end);
        let in_text = to <= self.text.len;
        if in_text && self.text.byte(to) == Some(b'\n') && start == to + 1 {
            // The line follows right after a plain `\n`: widen the range.
            m.set_text_range(from..end);
            return;
        }
        let base = self.text.len;
        let from = if in_text {
            let copy_at = base + self.extra.len();
            self.extra.push_str(self.text.at(from, to));
            copy_at
        } else {
            from
        };
        self.extra.push('\n');
        self.extra.push_str(line);
        m.set_text_range(from..base + self.extra.len());
    }
}

//! The WhatsApp `.txt` importer (Android and iOS exports, any locale).
//!
//! Two passes over the lines. The first finds every line that starts with a
//! header and remembers its raw parts. The second decides, from the whole
//! file, the header shape the export uses and its date order, then builds the
//! messages: header lines of that shape start a message, every other line
//! continues the one before. A large file is read in parts at once, one per
//! core (`parts.rs`).

mod build;
mod header;
mod markers;
pub mod names;
mod order;
mod parts;
mod quick;

#[cfg(test)]
mod cut_tests;

use pullaway_chat::{Chat, LocalTime};

use crate::error::ImportError;
use crate::limits::MAX_LINE_BYTES;
use crate::text::{trim_marks, FxHashMap as HashMap};
use header::{shape, Meridiem, Raw};
pub use markers::Markers;
pub use order::Order;
use parts::{Part, Source};

/// One line that parsed as a header. Aligned as a [`pullaway_chat::Message`]
/// is, and at least as large (a test says so): the messages are collected in the
/// headers' place.
#[repr(align(8))]
struct HeaderLine {
    raw: Raw,
    /// Byte range of the line (without `\r\n`) in the text.
    start: u32,
    end: u32,
    /// 1-based line number, counted from the start of its part.
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

/// The time of a header under the file's date order, when valid.
fn time_of(raw: &Raw, order: Order) -> Option<LocalTime> {
    build::valid_date(raw, order)
        .and_then(|d| LocalTime::new(d, hour24(raw), raw.minute, raw.second))
}

/// Parses a WhatsApp export. `display` names the input in errors; `file_name`
/// is used to infer the contact's name. The passes are described in
/// DESIGN.md ("The WhatsApp importer"); each is one function below.
pub fn parse(display: &str, file_name: &str, owned: String) -> Result<Chat, ImportError> {
    let near = parts::cut_points(owned.len());
    parse_in_parts(display, file_name, owned, &near)
}

/// [`parse`], with the text cut into parts at the first line start after
/// each byte of `near` (each part is read on a core of its own).
fn parse_in_parts(
    display: &str,
    file_name: &str,
    owned: String,
    near: &[usize],
) -> Result<Chat, ImportError> {
    let read = match read_parts(display, Source::Memory(&owned), near) {
        Ok(read) => read,
        Err(Failed::Import(e)) => return Err(e),
        Err(Failed::Read(e)) => unreachable!("text in memory is always readable: {e:?}"),
    };
    let Read { built, about } = read;
    let mut whole = owned;
    whole.push_str(&built.extra);
    let contact = contact(file_name, &built.people);
    let (people, messages) = (built.people, built.messages);
    let chat = Chat::from_parts(
        String::new(),
        String::new(),
        "whatsapp",
        people,
        messages,
        whole,
    );
    about.finish(display, file_name, contact, chat)
}

/// How much of an export file one part is: two parts are read at once,
/// so this is about the memory the reading takes.
#[cfg(unix)]
const FILE_PART: usize = 4 << 20;

/// Parses a WhatsApp export that stays in its file: read a part at a time
/// (at most one part per core in memory), its chat keeps the file as the
/// store of its texts. `None` when the file must be read whole instead (bytes
/// that are not UTF-8, a line over the limit), which then says so.
#[cfg(unix)]
pub fn parse_file(
    display: &str,
    file_name: &str,
    file: crate::export_file::ExportFile,
) -> Result<Option<Chat>, ImportError> {
    let near: Vec<usize> = (1..file.len().div_ceil(FILE_PART))
        .map(|k| k * FILE_PART)
        .collect();
    parse_file_in_parts(display, file_name, file, &near)
}

#[cfg(unix)]
fn parse_file_in_parts(
    display: &str,
    file_name: &str,
    file: crate::export_file::ExportFile,
    near: &[usize],
) -> Result<Option<Chat>, ImportError> {
    let read = match read_parts(display, Source::File(&file), near) {
        Ok(read) => read,
        Err(Failed::Import(e)) => return Err(e),
        Err(Failed::Read(parts::Unreadable::Whole)) => return Ok(None),
        Err(Failed::Read(parts::Unreadable::Io(error))) => {
            return Err(ImportError::Io {
                file: display.to_owned(),
                error,
            })
        }
    };
    let len = file.len();
    let Read { built, about } = read;
    let contact = contact(file_name, &built.people);
    let (people, messages, extra) = (built.people, built.messages, built.extra);
    let chat = Chat::from_file_parts(
        String::new(),
        String::new(),
        "whatsapp",
        people,
        messages,
        std::sync::Arc::new(file),
        len,
        extra,
    );
    about.finish(display, file_name, contact, chat).map(Some)
}

/// The contact the file is named after, as the chat names them: `Dmitry
/// S(2)` or `Dmitry S 2` (a second download) names `Dmitry S`.
fn contact(file_name: &str, people: &[String]) -> Option<String> {
    names::contact_from_file_name(file_name).map(|raw| names::contact_among(&raw, people))
}

/// Why [`read_parts`] stopped.
enum Failed {
    Import(ImportError),
    Read(parts::Unreadable),
}

impl From<ImportError> for Failed {
    fn from(e: ImportError) -> Failed {
        Failed::Import(e)
    }
}

impl From<parts::Unreadable> for Failed {
    fn from(e: parts::Unreadable) -> Failed {
        Failed::Read(e)
    }
}

/// What the passes found, before it becomes a chat.
struct Read {
    built: build::Built,
    about: About,
}

/// What the chat is told about its file besides its messages.
struct About {
    warnings: Vec<String>,
    dominant: u16,
    order: Order,
}

impl About {
    /// Names the chat (and its contact, from the file name) and sorts it.
    fn finish(
        self,
        display: &str,
        file_name: &str,
        contact: Option<String>,
        chat: Result<Chat, pullaway_chat::PartsError>,
    ) -> Result<Chat, ImportError> {
        let mut chat = chat.map_err(|e| ImportError::too_large(display, None, e.to_string()))?;
        chat.id = file_name.to_owned();
        chat.name = contact.clone().unwrap_or_else(|| file_name.to_owned());
        chat.contact = contact;
        chat.detail = describe(self.dominant, self.order);
        chat.warnings = self.warnings;
        chat.sort();
        Ok(chat)
    }
}

/// The passes, on a text in memory or in its file, cut in parts near the
/// bytes of `near`.
fn read_parts(display: &str, source: Source, near: &[usize]) -> Result<Read, Failed> {
    let workers = parts::workers();
    let (found, shapes) = header_lines(display, source, near, workers)?;
    let dominant = shapes.dominant();
    let candidates = order::candidates(shapes.year_first(dominant), shapes.count(dominant));
    // Pass 2a–c on each part: the dominant shape, the date orders' scores,
    // the sender names.
    let sorted = parts::pool(found, workers, |_, (mut part, names)| {
        part.headers.retain(|h| h.raw.shape == dominant);
        let runs = candidates.map(|o| order::score_run(part.headers.iter().map(|h| &h.raw), o));
        let names = kept_names(names, &mut part.headers);
        (part, runs, names)
    });
    let mut runs = Vec::with_capacity(sorted.len());
    let mut parts = Vec::with_capacity(sorted.len());
    let mut names = Vec::with_capacity(sorted.len());
    for (part, part_runs, local) in sorted {
        runs.push(part_runs);
        parts.push(part);
        names.push(local);
    }
    let order = order::choose(candidates, &runs);
    let senders = Senders::join(names, &mut parts);
    parts::move_leading_invalid(&mut parts, order);
    // Pass 2d on each part: the messages (each part's last message goes on
    // to the next part's first header, or to the end).
    let len = source.len();
    let leading = parts.iter().position(|p| !p.headers.is_empty());
    let ends: Vec<usize> = (0..parts.len())
        .map(|k| {
            parts[k + 1..]
                .iter()
                .find_map(|p| p.headers.first())
                .map_or(len, |h| h.start as usize)
        })
        .collect();
    let jobs: Vec<(usize, Part, usize)> = parts
        .into_iter()
        .zip(ends)
        .enumerate()
        .map(|(k, (part, end))| (k, part, end))
        .collect();
    let built = parts::pool(jobs, workers, |buf, (k, part, end)| {
        let leading = Some(k) == leading;
        let from = match part.headers.first() {
            Some(_) if leading => 0,
            Some(h) => h.start as usize,
            None => end,
        };
        let text = source.read(from..end, buf)?;
        let window = build::Window {
            base: from,
            text,
            len,
        };
        Ok::<_, parts::Unreadable>(build::build(window, part, end, order, &senders, leading))
    });
    let built = built.into_iter().collect::<Result<Vec<_>, _>>()?;
    let built = build::join(built, &senders.names, len);
    let warnings = built.notes(display, order);
    Ok(Read {
        built,
        about: About {
            warnings,
            dominant,
            order,
        },
    })
}

/// How many headers of each shape pass 1 found, and how many of those start
/// with a year.
#[derive(Default)]
struct Shapes(Vec<(u16, usize, usize)>);

impl Shapes {
    fn add(&mut self, raw: &Raw) {
        let i = match self.0.iter().position(|s| s.0 == raw.shape) {
            Some(i) => i,
            None => {
                self.0.push((raw.shape, 0, 0));
                self.0.len() - 1
            }
        };
        self.0[i].1 += 1;
        self.0[i].2 += usize::from(order::starts_with_year(raw));
    }

    fn merge(&mut self, other: Shapes) {
        for (shape, n, years) in other.0 {
            match self.0.iter_mut().find(|s| s.0 == shape) {
                Some(s) => {
                    s.1 += n;
                    s.2 += years;
                }
                None => self.0.push((shape, n, years)),
            }
        }
    }

    /// The shape most headers share (others are text inside messages); the
    /// smaller shape on a tie.
    fn dominant(&self) -> u16 {
        self.0
            .iter()
            .max_by_key(|&&(s, n, _)| (n, std::cmp::Reverse(s)))
            .map_or(0, |s| s.0)
    }

    fn count(&self, shape: u16) -> usize {
        self.0.iter().find(|s| s.0 == shape).map_or(0, |s| s.1)
    }

    fn year_first(&self, shape: u16) -> usize {
        self.0.iter().find(|s| s.0 == shape).map_or(0, |s| s.2)
    }
}

/// Pass 1: every line that starts like a message header, tokenized, in
/// parts cut at the first line start after each byte of `near` (read by
/// `workers` threads at once: each line is tokenized on its own); and the
/// count of each shape.
fn header_lines(
    display: &str,
    source: Source,
    near: &[usize],
    workers: usize,
) -> Result<(Vec<Named>, Shapes), Failed> {
    let found = parts::pool(parts::bounds(near), workers, |buf, (lo, hi)| {
        let (start, text) = source.part(lo, hi, buf)?;
        Ok::<_, parts::Unreadable>(headers_in(text, start).map(|(mut headers, lines, shapes)| {
            // Every header's sender name, while the part's text is here:
            // a name depends on its line alone (see `kept_names`).
            let names = local_names(text, start, &mut headers);
            (headers, lines, shapes, names)
        }))
    });
    let mut parts = Vec::with_capacity(found.len());
    let mut shapes = Shapes::default();
    let mut line_base = 0u32;
    for part in found {
        let (headers, lines, part_shapes, names) = part?.map_err(|(line, len)| {
            ImportError::line_too_long(display, u64::from(line_base + line), len)
        })?;
        shapes.merge(part_shapes);
        parts.push((Part { headers, line_base }, names));
        line_base += lines;
    }
    if parts.iter().all(|(p, _)| p.headers.is_empty()) {
        let mut buf = Vec::new();
        let head = source.len().min(64 << 10);
        let head = match source.part(None, Some(head), &mut buf) {
            Ok((_, text)) => text.to_owned(),
            Err(_) => String::new(),
        };
        let (n, shown) = crate::text::first_line(&head);
        return Err(Failed::Import(ImportError::Unsupported {
            file: display.to_owned(),
            why: format!(
                "no line starts like a WhatsApp message (`31/12/23, 21:05 - Name: text` or `[31/12/23, 21:05:00] Name: text`); line {n} reads {shown:?}"
            ),
        }));
    }
    Ok((parts, shapes))
}

/// A part's headers, and the sender names they use (see [`local_names`]).
type Named = (Part, Vec<String>);

/// What pass 1 finds in a part: its header lines, their number of lines,
/// and the count of each shape.
type Found = (Vec<HeaderLine>, u32, Shapes);

/// The header lines of a part of the text, `part`, which starts at a line
/// start, `base` bytes into the text; or the first line too long (its number
/// in the part, its length).
fn headers_in(part: &str, base: usize) -> Result<Found, (u32, usize)> {
    let mut headers: Vec<HeaderLine> = Vec::with_capacity(part.len() / 80 + 1);
    let mut shapes = Shapes::default();
    let mut lines_seen = 0;
    for (start, end, n, _) in lines(part) {
        lines_seen = n;
        if end - start > MAX_LINE_BYTES {
            return Err((n, end - start));
        }
        let line = &part[start..end];
        let Some(&first) = line.as_bytes().first() else {
            continue;
        };
        if !(first.is_ascii_digit() || first == b'[' || first >= 0x80 || first == b' ') {
            continue;
        }
        if let Some(raw) = header::parse(line) {
            shapes.add(&raw);
            headers.push(HeaderLine {
                raw,
                start: (base + start) as u32,
                end: (base + end) as u32,
                line: n,
                name: NO_NAME,
            });
        }
    }
    Ok((headers, lines_seen, shapes))
}

/// Pass 2c: the sender names (the first `: ` split of each header's body),
/// numbered in order of first appearance; each header learns the index of
/// its name.
fn local_names(text: &str, base: usize, headers: &mut [HeaderLine]) -> Vec<String> {
    /// A chat has few senders: up to this many are tried in turn before
    /// the first `: ` is searched and hashed.
    const FEW: usize = 8;
    let mut index: HashMap<&str, u32> = HashMap::default();
    let mut names: Vec<&str> = Vec::new();
    // The names without `: ` inside (a body that starts with one of them
    // and `: ` is theirs: its first `: ` follows the name), most recent first.
    let mut simple: Vec<u32> = Vec::new();
    'headers: for h in headers.iter_mut() {
        let body = &text[(h.start + h.raw.body) as usize - base..h.end as usize - base];
        let b = body.as_bytes();
        for (k, &i) in simple.iter().enumerate() {
            let name = names[i as usize];
            if b.get(name.len()) == Some(&b':')
                && b.get(name.len() + 1).is_none_or(|&c| c == b' ')
                && body.starts_with(name)
            {
                h.name = i;
                // Runs of one sender are common: keep the last one first.
                simple[..=k].rotate_right(1);
                continue 'headers;
            }
        }
        if let Some(end) = sender_end(body) {
            let name = &body[..end];
            if plausible_name(name) {
                let i = *index.entry(name).or_insert_with(|| {
                    names.push(name);
                    if sender_end(name).is_none() && simple.len() < FEW {
                        simple.insert(0, names.len() as u32 - 1);
                    }
                    names.len() as u32 - 1
                });
                h.name = i;
            }
        }
    }
    names.into_iter().map(str::to_owned).collect()
}

/// The names of `names` (a part's, from [`local_names`] over all its
/// headers) that the kept `headers` use, numbered in order of first use, as
/// [`local_names`] over those headers alone numbers them: a header's name
/// depends on its own line only (a shortcut through the names seen before
/// finds the same first `: `).
fn kept_names(names: Vec<String>, headers: &mut [HeaderLine]) -> Vec<String> {
    let mut new = vec![NO_NAME; names.len()];
    let mut kept = Vec::new();
    for h in headers.iter_mut().filter(|h| h.name != NO_NAME) {
        let i = h.name as usize;
        if new[i] == NO_NAME {
            new[i] = kept.len() as u32;
            kept.push(i);
        }
        h.name = new[i];
    }
    let mut names: Vec<Option<String>> = names.into_iter().map(Some).collect();
    kept.into_iter()
        .map(|i| names[i].take().unwrap_or_default())
        .collect()
}

/// The sender names of the whole file, in order of first appearance.
struct Senders {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Senders {
    /// Joins the parts' names (from [`local_names`]); the headers of each
    /// part learn the index of their name in the whole file.
    fn join(local: Vec<Vec<String>>, parts: &mut [Part]) -> Senders {
        let mut index: HashMap<String, u32> = HashMap::default();
        let mut names: Vec<String> = Vec::new();
        for (part, local) in parts.iter_mut().zip(local) {
            let map: Vec<u32> = local
                .into_iter()
                .map(|name| match index.get(&name) {
                    Some(&i) => i,
                    None => {
                        names.push(name.clone());
                        index.insert(name, names.len() as u32 - 1);
                        names.len() as u32 - 1
                    }
                })
                .collect();
            if map.iter().enumerate().any(|(i, &g)| g as usize != i) {
                for h in &mut part.headers {
                    if h.name != NO_NAME {
                        h.name = map[h.name as usize];
                    }
                }
            }
        }
        Senders { names, index }
    }
}

/// Byte offset of `part` inside `whole` (`part` must be a slice of it).
fn offset(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
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
    names: &[String],
    name_index: &HashMap<String, u32>,
) -> (Sender, &'a str) {
    if index != NO_NAME {
        let name = &names[index as usize];
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
        let near: Vec<usize> = near.into_iter().collect();
        header_lines("t.txt", Source::Memory(text), &near, 2)
            .map(|(parts, _)| {
                parts
                    .iter()
                    .flat_map(|(p, _)| {
                        p.headers.iter().map(|h| {
                            let next = window(text).next(h) as u32;
                            (h.start, h.end, next, p.line_base + h.line, h.raw.shape)
                        })
                    })
                    .collect()
            })
            .map_err(|e| match e {
                Failed::Import(e) => e.to_string(),
                Failed::Read(e) => format!("{e:?}"),
            })
    }

    fn window(text: &str) -> build::Window<'_> {
        build::Window {
            base: 0,
            text,
            len: text.len(),
        }
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

    #[test]
    fn messages_fit_in_the_place_of_header_lines() {
        use pullaway_chat::Message;
        assert!(std::mem::size_of::<Message>() <= std::mem::size_of::<HeaderLine>());
        assert_eq!(
            std::mem::align_of::<HeaderLine>(),
            std::mem::align_of::<Message>()
        );
    }

    #[test]
    fn a_header_knows_where_the_next_line_starts() {
        for text in [
            "01/03/2024, 10:00 - A: x\n01/03/2024, 10:01 - A: y",
            "01/03/2024, 10:00 - A: x\r\n01/03/2024, 10:01 - A: y\r\n",
            "01/03/2024, 10:00 - A: x\r\r\n01/03/2024, 10:01 - A: y\r",
            "01/03/2024, 10:00 - A: x\n\n01/03/2024, 10:01 - A: y\n",
        ] {
            let Ok((parts, _)) = header_lines("t.txt", Source::Memory(text), &[], 1) else {
                panic!("headers in {text:?}");
            };
            let nexts: Vec<usize> = lines(text).map(|(_, _, _, next)| next).collect();
            for h in &parts[0].0.headers {
                assert_eq!(window(text).next(h), nexts[h.line as usize - 1], "{text:?}");
            }
        }
    }
}

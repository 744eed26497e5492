//! The Android "SMS Backup & Restore" XML importer.
//!
//! The app writes one `<smses>` file holding every text and multimedia
//! message of the phone, so one file becomes one chat per conversation
//! partner (or per group of partners for group MMS). Backups run to gigabytes
//! of base64 attachments, so the file is streamed with quick-xml and only the
//! few attributes a chat needs are decoded; nothing like a DOM is built.
//!
//! The app writes characters outside the BMP as two numeric references to
//! UTF-16 surrogates (`&#55357;&#56832;`), which no XML parser accepts, so
//! attribute values are unescaped here, pairing the surrogates.
//!
//! The same app backs up the call log as `<calls><call .../></calls>`: each
//! call becomes a call event of the contact's chat (format `sms-calls`), so
//! that `report sms.xml calls.xml` merges the calls into the texts' timeline.
//!
//! `date` is milliseconds since 1970, but some backups (other tools, edited
//! files) write seconds: the unit is told from the value and confirmed with
//! `readable_date` when the backup has it. A backup cut off inside its root
//! (a full phone, an interrupted copy) is read up to its last complete
//! element, with a warning that says where the file ends.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use crate::tz::local_ms;
use crate::ImportError;
use jiff::tz::TimeZone;
use memchr::memmem;
use pullaway_chat::{CallKind, Chat, Kind, LocalTime, MediaKind, Message, PersonId};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

const FORMAT: &str = "sms-backup";
/// The format of a call-log backup's chats.
const CALLS_FORMAT: &str = "sms-calls";
/// The phone's owner, who is never named in a backup.
const ME: &str = "Me";
/// How much of the start of a file [`looks_like`] reads.
const SNIFF_BYTES: usize = 64 * 1024;
/// Matching phone numbers on their last digits makes `+33 6 12 34 56 78` and
/// `06 12 34 56 78` one person (a trunk `0` replaces the country code).
const KEY_DIGITS: usize = 9;
/// A chat's text arena is addressed with `u32` (see `pullaway_chat::Chat`).
const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// MMS address types (PduHeaders): who sent and who received.
const ADDR_FROM: u32 = 137;
const ADDR_TO: u32 = 151;

/// Whether the bytes look like an SMS Backup & Restore file: an XML document
/// whose `<smses>` root (or `<calls>` root with `<call` elements) appears in
/// the first 64 KiB.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let head = crate::text::strip_bom(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|i| head[i] == b'<')
        && (memmem::find(head, b"<smses").is_some()
            || (memmem::find(head, b"<calls").is_some() && memmem::find(head, b"<call ").is_some()))
}

/// Reads every conversation of a backup. `display` names the file in errors,
/// `file_name` is unused (the backup names its contacts itself).
pub fn parse(
    display: &str,
    _file_name: &str,
    bytes: &[u8],
    tz: &TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    let text = to_utf8(bytes);
    let mut parser = Parser::new(display, &text, tz);
    parser.run()?;
    parser.finish()
}

/// Where a backup's `date` values put the instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Seconds,
    Millis,
    Micros,
}

impl Unit {
    /// Milliseconds since 1970 of `v` in this unit.
    fn ms(self, v: i64) -> Option<i64> {
        match self {
            Unit::Seconds => v.checked_mul(1000),
            Unit::Millis => Some(v),
            Unit::Micros => Some(v.div_euclid(1000)),
        }
    }
}

/// The year of an instant in milliseconds (UTC; good to a day).
fn year_of_ms(ms: i64) -> Option<i32> {
    Some(pullaway_chat::Date::from_days(ms.checked_div(86_400_000)?).year)
}

/// The 4-digit year a `readable_date` states (`Dec 2, 2017 06:49:27`,
/// `27.04.2017 19:27:56`, `2017-12-02 ...`), if one.
fn readable_year(readable: &str) -> Option<i32> {
    readable
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| g.len() == 4)
        .filter_map(|g| g.parse::<i32>().ok())
        .find(|y| (1971..=2200).contains(y))
}

/// The unit of a `date` value: the one whose year `readable_date` states,
/// else by size. Milliseconds since 1973 are above 10^11, while seconds stay
/// below it until the year 5138; microseconds are above 10^14 (a year past
/// 5000 in milliseconds).
fn unit_of(v: i64, readable: Option<&str>) -> Unit {
    let by_size = match v.unsigned_abs() {
        0..100_000_000_000 => Unit::Seconds,
        100_000_000_000..100_000_000_000_000 => Unit::Millis,
        _ => Unit::Micros,
    };
    let Some(year) = readable.and_then(readable_year) else {
        return by_size;
    };
    let fits = |u: Unit| {
        u.ms(v)
            .and_then(year_of_ms)
            .is_some_and(|y| (y - year).abs() <= 1)
    };
    [by_size, Unit::Millis, Unit::Seconds, Unit::Micros]
        .into_iter()
        .find(|&u| fits(u))
        .unwrap_or(by_size)
}

/// The backup as UTF-8: the app writes UTF-8, but a file re-saved by an
/// editor may be UTF-16 with a BOM, or carry a UTF-8 BOM.
fn to_utf8(bytes: &[u8]) -> Cow<'_, [u8]> {
    if let Some(text) = crate::text::utf16(bytes) {
        return Cow::Owned(text.into_bytes());
    }
    Cow::Borrowed(crate::text::strip_bom(bytes))
}

/// Turns byte offsets into 1-based line numbers, counting each byte once
/// while offsets grow (they do, as the reader moves forward).
struct LineCounter {
    pos: usize,
    line: u64,
}

impl LineCounter {
    fn new() -> LineCounter {
        LineCounter { pos: 0, line: 1 }
    }

    fn line_at(&mut self, bytes: &[u8], pos: usize) -> u64 {
        let pos = pos.min(bytes.len());
        if pos < self.pos {
            *self = LineCounter::new();
        }
        self.line += bytes[self.pos..pos].iter().filter(|&&b| b == b'\n').count() as u64;
        self.pos = pos;
        self.line
    }
}

/// A phone number as shown (digits and a leading `+`) and the key that
/// matches it to other spellings of the same number.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Number {
    shown: String,
    key: String,
}

/// Normalizes one address. Alphanumeric senders (`Google`, `SENDER_B`) and
/// e-mail addresses are kept as written.
fn number(address: &str) -> Option<Number> {
    let address = address.trim();
    if address.is_empty() {
        return None;
    }
    let digits: String = address.chars().filter(char::is_ascii_digit).collect();
    let phone_like = address
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().\u{a0}/".contains(c));
    if !phone_like || digits.is_empty() {
        return Some(Number {
            shown: address.to_owned(),
            key: address.to_lowercase(),
        });
    }
    let plus = if address.starts_with('+') { "+" } else { "" };
    let key = digits[digits.len().saturating_sub(KEY_DIGITS)..].to_owned();
    Some(Number {
        shown: format!("{plus}{digits}"),
        key,
    })
}

/// The partners of a conversation: `address` may list several, joined by `~`
/// (group MMS). Duplicates (the same number spelled twice) are dropped.
fn numbers(addresses: &str) -> Vec<Number> {
    let mut out: Vec<Number> = Vec::new();
    for n in addresses.split('~').filter_map(number) {
        if !out.iter().any(|o| o.key == n.key) {
            out.push(n);
        }
    }
    out
}

/// A contact name, unless the backup says there is none.
fn real_name(name: Option<&str>) -> Option<&str> {
    let name = name?.trim();
    let unknown = name.is_empty() || name == "(Unknown)" || name.eq_ignore_ascii_case("null");
    (!unknown).then_some(name)
}

/// One conversation being built: the text arena and messages are collected
/// here and handed to [`Chat::from_parts`] at the end, so a contact whose name
/// only appears on a later message can still be named.
struct Conv {
    id: String,
    /// Whether the conversation has several partners (group MMS).
    group: bool,
    /// `people[0]` is the phone's owner; then the partners.
    people: Vec<String>,
    /// The number key of each person (empty for the owner).
    keys: Vec<String>,
    /// Whether each person's name comes from the address book (vs the number).
    named: Vec<bool>,
    messages: Vec<Message>,
    arena: String,
    sms: usize,
    mms: usize,
    calls: usize,
}

impl Conv {
    fn new(partners: &[Number], contact_name: Option<&str>) -> Conv {
        let mut conv = Conv {
            id: partners
                .iter()
                .map(|n| n.shown.as_str())
                .collect::<Vec<_>>()
                .join(","),
            group: partners.len() > 1,
            people: vec![ME.to_owned()],
            keys: vec![String::new()],
            named: vec![true],
            messages: Vec::new(),
            arena: String::new(),
            sms: 0,
            mms: 0,
            calls: 0,
        };
        for n in partners {
            conv.add_person(n);
        }
        conv.learn_names(partners, contact_name);
        conv
    }

    fn add_person(&mut self, n: &Number) -> PersonId {
        let name = self.free_name(&n.shown, &n.shown);
        self.people.push(name);
        self.keys.push(n.key.clone());
        self.named.push(false);
        PersonId(self.people.len() as u32 - 1)
    }

    /// `name`, or `name (number)` when another person already has it.
    fn free_name(&self, name: &str, shown: &str) -> String {
        if self.people.iter().any(|p| p == name) {
            format!("{name} ({shown})")
        } else {
            name.to_owned()
        }
    }

    /// Names partners still known only by number. A group's `contact_name`
    /// lists names in address order, joined by `, `; it is used only when it
    /// has exactly one name per number.
    fn learn_names(&mut self, partners: &[Number], contact_name: Option<&str>) {
        let Some(names) = real_name(contact_name) else {
            return;
        };
        let split: Vec<&str> = if partners.len() == 1 {
            vec![names]
        } else {
            names.split(", ").collect()
        };
        if split.len() != partners.len() {
            return;
        }
        for (n, name) in partners.iter().zip(split) {
            let Some(i) = self.keys.iter().position(|k| *k == n.key) else {
                continue;
            };
            if !self.named[i] && real_name(Some(name)).is_some() {
                // Cleared first so the person's own old name is no clash.
                self.people[i] = String::new();
                self.people[i] = self.free_name(name, &n.shown);
                self.named[i] = true;
            }
        }
    }

    /// The person with this number, added if the conversation did not list them.
    fn person(&mut self, n: &Number) -> PersonId {
        match self.keys.iter().position(|k| *k == n.key) {
            Some(i) => PersonId(i as u32),
            None => self.add_person(n),
        }
    }

    fn push(
        &mut self,
        line: u64,
        time: LocalTime,
        sender: PersonId,
        kind: Kind,
        text: &str,
    ) -> bool {
        if self.arena.len() + text.len() > MAX_TEXT_BYTES {
            return false;
        }
        let start = self.arena.len();
        self.arena.push_str(text);
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        self.messages.push(Message::new(
            line,
            time,
            Some(sender),
            kind,
            false,
            start..self.arena.len(),
        ));
        true
    }

    fn into_chat(self, display: &str, warnings: &[String]) -> Result<Chat, ImportError> {
        let direct = !self.group && self.people.len() == 2;
        let name = if direct {
            self.people[1].clone()
        } else {
            self.people[1..].join(", ")
        };
        let (format, detail) = if self.calls > 0 {
            (
                CALLS_FORMAT,
                format!(
                    "{} call{}",
                    self.calls,
                    if self.calls == 1 { "" } else { "s" }
                ),
            )
        } else {
            (FORMAT, format!("{} sms, {} mms", self.sms, self.mms))
        };
        let mut chat = Chat::from_parts(
            self.id,
            name.clone(),
            format,
            self.people,
            self.messages,
            self.arena,
        )
        .map_err(|e| ImportError::too_large(display, None, e.to_string()))?;
        chat.contact = direct.then_some(name);
        chat.detail = detail;
        chat.warnings = warnings.to_vec();
        chat.sort();
        Ok(chat)
    }
}

/// An `<mms>` element whose `<part>`s and `<addr>`s are still being read.
#[derive(Default)]
struct Mms {
    line: u64,
    date: Option<String>,
    readable: Option<String>,
    msg_box: Option<String>,
    address: Option<String>,
    contact_name: Option<String>,
    texts: Vec<String>,
    media: Option<MediaKind>,
    from: Option<String>,
    to: Vec<String>,
}

/// What kind of media a part's content type is; `None` for text and the
/// SMIL layout part, which are not media.
fn media_kind(ct: &str) -> Option<MediaKind> {
    let ct = ct.trim().to_ascii_lowercase();
    let kind = match ct.as_str() {
        "text/plain" | "application/smil" => return None,
        "image/gif" => MediaKind::Gif,
        "text/x-vcard" | "text/vcard" | "text/directory" => MediaKind::Contact,
        "text/x-vcalendar" | "text/calendar" => MediaKind::Document,
        _ if ct.starts_with("image/") => MediaKind::Photo,
        _ if ct.starts_with("video/") => MediaKind::Video,
        _ if ct.starts_with("audio/") => MediaKind::Audio,
        _ if ct.starts_with("text/") => return None,
        _ => MediaKind::Document,
    };
    Some(kind)
}

struct Parser<'a> {
    display: &'a str,
    bytes: &'a [u8],
    tz: &'a TimeZone,
    lines: LineCounter,
    convs: Vec<Conv>,
    by_key: HashMap<String, usize>,
    mms: Option<Mms>,
    /// The root element, once read: `smses` or `calls`.
    root: Option<&'static str>,
    /// `<sms>`, `<mms>` (or `<call>`) elements read, kept or not.
    seen: u64,
    /// Dates read in seconds or microseconds rather than milliseconds.
    odd_units: BTreeMap<&'static str, u64>,
    /// Where a cut-off file ends (line) and the warning that says so.
    cut: Option<String>,
    /// What was skipped and how often (`sms type 3` -> 2).
    skipped: BTreeMap<String, u64>,
    declared: Option<u64>,
}

impl<'a> Parser<'a> {
    fn new(display: &'a str, bytes: &'a [u8], tz: &'a TimeZone) -> Parser<'a> {
        Parser {
            display,
            bytes,
            tz,
            lines: LineCounter::new(),
            convs: Vec::new(),
            by_key: HashMap::new(),
            mms: None,
            root: None,
            seen: 0,
            odd_units: BTreeMap::new(),
            cut: None,
            skipped: BTreeMap::new(),
            declared: None,
        }
    }

    fn error(&self, line: u64, message: impl Into<String>) -> ImportError {
        ImportError::invalid(self.display, Some(line), message)
    }

    fn run(&mut self) -> Result<(), ImportError> {
        let bytes = self.bytes;
        let mut reader = Reader::from_reader(bytes);
        reader.config_mut().check_end_names = true;
        let mut depth = 0usize;
        loop {
            let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    let pos = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                    let line = self.lines.line_at(bytes, pos);
                    // The input ended inside a tag, comment or declaration:
                    // a cut-off file, read up to its last complete element.
                    let ended = matches!(
                        &e,
                        quick_xml::Error::Syntax(k) if *k != quick_xml::errors::SyntaxError::InvalidBangMarkup
                    );
                    if ended && self.root.is_some() && depth > 0 {
                        return self.cut_off(line);
                    }
                    if ended {
                        return Err(self.error(
                            line,
                            format!("the file ends inside a tag, before any message: the backup is cut off ({e})"),
                        ));
                    }
                    return Err(self.error(line, format!("the XML is malformed: {e}")));
                }
            };
            let start = before
                + bytes.get(before..).map_or(0, |b| {
                    b.iter().take_while(|c| c.is_ascii_whitespace()).count()
                });
            match event {
                Event::Start(e) => {
                    depth += 1;
                    let line = self.lines.line_at(bytes, start);
                    self.element(&e, depth, line, false)?;
                }
                Event::Empty(e) => {
                    let line = self.lines.line_at(bytes, start);
                    self.element(&e, depth + 1, line, true)?;
                }
                Event::End(e) => {
                    if e.local_name().as_ref() == b"mms" {
                        self.finish_mms()?;
                    }
                    depth = depth.saturating_sub(1);
                }
                Event::Eof => {
                    let line = self.lines.line_at(bytes, bytes.len());
                    if self.root.is_none() {
                        return Err(self.error(
                            line,
                            "no <smses> element: this is not an SMS Backup & Restore file",
                        ));
                    }
                    if depth > 0 {
                        return self.cut_off(line);
                    }
                    return Ok(());
                }
                _ => {}
            }
        }
    }

    /// The file ends at `line` inside the root: the elements read so far are
    /// kept (an element left open, such as an `<mms>` without its parts, is
    /// dropped) and a warning says where the file ends. With nothing read,
    /// it is an error.
    fn cut_off(&mut self, line: u64) -> Result<(), ImportError> {
        let root = self.root.unwrap_or("smses");
        let what = if root == "calls" { "calls" } else { "messages" };
        let open = self.mms.take().is_some();
        let declared = self
            .declared
            .map_or(String::new(), |d| format!("; the backup says it holds {d}"));
        if self.convs.is_empty() {
            return Err(self.error(
                line,
                format!(
                    "the file ends inside <{root}> before any complete element ({} read): the backup is cut off (expected </{root}>)",
                    self.seen
                ),
            ));
        }
        let open = if open {
            " (an <mms> left open at the end is dropped)"
        } else {
            ""
        };
        let n = self.seen;
        let what = if n == 1 {
            &what[..what.len() - 1]
        } else {
            what
        };
        self.cut = Some(format!(
            "{}:{line}: the backup is cut off: the file ends inside <{root}> at line {line} (expected </{root}>); the {n} complete {what} before it were read{open}{declared}",
            self.display
        ));
        Ok(())
    }

    fn element(
        &mut self,
        e: &BytesStart,
        depth: usize,
        line: u64,
        empty: bool,
    ) -> Result<(), ImportError> {
        let name = e.local_name();
        let name = name.as_ref();
        if depth == 1 {
            return self.root(e, name, line);
        }
        if self.root == Some("calls") {
            return match name {
                b"call" => self.call(e, line),
                _ => Ok(()),
            };
        }
        match name {
            b"sms" => self.sms(e, line),
            b"mms" => {
                let a = self.attrs(
                    e,
                    line,
                    &[
                        "date",
                        "msg_box",
                        "address",
                        "contact_name",
                        "readable_date",
                    ],
                )?;
                let [date, msg_box, address, contact_name, readable] = a;
                self.mms = Some(Mms {
                    line,
                    date,
                    readable,
                    msg_box,
                    address,
                    contact_name,
                    ..Mms::default()
                });
                if empty {
                    self.finish_mms()?;
                }
                Ok(())
            }
            b"part" if self.mms.is_some() => self.part(e, line),
            b"addr" if self.mms.is_some() => self.addr(e, line),
            _ => Ok(()),
        }
    }

    fn root(&mut self, e: &BytesStart, name: &[u8], line: u64) -> Result<(), ImportError> {
        match name {
            b"smses" | b"calls" => {
                let [count] = self.attrs(e, line, &["count"])?;
                self.declared = count.and_then(|c| c.trim().parse().ok());
                self.root = Some(if name == b"calls" { "calls" } else { "smses" });
                Ok(())
            }
            other => Err(self.error(
                line,
                format!(
                    "the root element is <{}>; expected <smses> or <calls> (an SMS Backup & Restore file)",
                    String::from_utf8_lossy(other)
                ),
            )),
        }
    }

    /// Reads the `wanted` attributes of an element, unescaped; `"null"` and
    /// missing attributes are `None`. Other attributes (`data` holds whole
    /// attachments in base64) are skipped without decoding.
    fn attrs<const N: usize>(
        &mut self,
        e: &BytesStart,
        line: u64,
        wanted: &[&str; N],
    ) -> Result<[Option<String>; N], ImportError> {
        let mut out: [Option<String>; N] = std::array::from_fn(|_| None);
        for attr in e.attributes().with_checks(false) {
            let attr = attr.map_err(|err| {
                let tag = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                self.error(line, format!("<{tag}> has a malformed attribute: {err}"))
            })?;
            let key = attr.key.local_name();
            let Some(i) = wanted.iter().position(|w| w.as_bytes() == key.as_ref()) else {
                continue;
            };
            if out[i].is_some() {
                continue;
            }
            let value = unescape(&String::from_utf8_lossy(&attr.value));
            if value != "null" {
                out[i] = Some(value);
            }
        }
        Ok(out)
    }

    fn skip(&mut self, what: String) {
        *self.skipped.entry(what).or_insert(0) += 1;
    }

    /// The time of an element from its `date`, in the unit the value (and
    /// `readable_date`, when given) says.
    fn time(
        &mut self,
        line: u64,
        tag: &str,
        date: Option<&str>,
        readable: Option<&str>,
    ) -> Result<LocalTime, ImportError> {
        let Some(date) = date else {
            return Err(self.error(
                line,
                format!("<{tag}> has no date (expected milliseconds since 1970)"),
            ));
        };
        let value = date.trim().parse::<i64>().ok();
        let unit = value.map(|v| unit_of(v, readable));
        match unit {
            Some(Unit::Seconds) => *self.odd_units.entry("seconds").or_default() += 1,
            Some(Unit::Micros) => *self.odd_units.entry("microseconds").or_default() += 1,
            _ => {}
        }
        value
            .zip(unit)
            .and_then(|(v, u)| u.ms(v))
            .and_then(|ms| local_ms(ms, self.tz))
            .ok_or_else(|| {
                self.error(
                    line,
                    format!(
                        "<{tag}> date: expected milliseconds since 1970, got {}",
                        crate::text::quote(date)
                    ),
                )
            })
    }

    fn sms(&mut self, e: &BytesStart, line: u64) -> Result<(), ImportError> {
        let [address, date, kind, body, contact_name, readable] = self.attrs(
            e,
            line,
            &[
                "address",
                "date",
                "type",
                "body",
                "contact_name",
                "readable_date",
            ],
        )?;
        self.seen += 1;
        let kind = kind.unwrap_or_default();
        let outgoing = match kind.trim() {
            "1" => false,
            "2" => true,
            other => {
                self.skip(format!(
                    "sms of type {other} (draft, outbox, failed or queued)"
                ));
                return Ok(());
            }
        };
        let partners = numbers(address.as_deref().unwrap_or_default());
        if partners.is_empty() {
            self.skip("sms without an address".into());
            return Ok(());
        }
        let time = self.time(line, "sms", date.as_deref(), readable.as_deref())?;
        let c = self.conv(&partners, contact_name.as_deref());
        let conv = &mut self.convs[c];
        let sender = if outgoing {
            PersonId(0)
        } else {
            conv.person(&partners[0])
        };
        conv.sms += 1;
        let pushed = conv.push(
            line,
            time,
            sender,
            Kind::Text,
            body.as_deref().unwrap_or_default(),
        );
        self.pushed(pushed, line)
    }

    /// One `<call>` of a call-log backup: a call event in the contact's chat,
    /// sent by whoever called. `type`: 1 incoming, 2 outgoing, 3 missed,
    /// 4 voicemail, 5 rejected, 6 blocked (refused list), 7 answered on
    /// another device. An outgoing call of 0 seconds was not answered: a
    /// missed call of mine.
    fn call(&mut self, e: &BytesStart, line: u64) -> Result<(), ImportError> {
        let [number, duration, date, kind, contact_name, readable, presentation] = self.attrs(
            e,
            line,
            &[
                "number",
                "duration",
                "date",
                "type",
                "contact_name",
                "readable_date",
                "presentation",
            ],
        )?;
        self.seen += 1;
        let kind = kind.unwrap_or_default();
        let secs = duration
            .as_deref()
            .and_then(|d| d.trim().parse::<u64>().ok())
            .unwrap_or(0);
        let (incoming, call, what) = match kind.trim() {
            "1" => (true, CallKind::Answered, "incoming call"),
            "2" if secs > 0 => (false, CallKind::Answered, "outgoing call"),
            "2" => (false, CallKind::Missed, "outgoing call, not answered"),
            "3" => (true, CallKind::Missed, "missed call"),
            "4" => (true, CallKind::Missed, "missed call, voicemail"),
            "5" => (true, CallKind::Missed, "rejected call"),
            "6" => (true, CallKind::Missed, "blocked call"),
            "7" => (
                true,
                CallKind::Answered,
                "incoming call, answered on another device",
            ),
            other => {
                self.skip(format!("call of type {other} (unknown)"));
                return Ok(());
            }
        };
        // A hidden caller: no number, or a negative placeholder (-1, -2).
        let hidden = presentation
            .as_deref()
            .is_some_and(|p| !matches!(p.trim(), "" | "1"))
            || number
                .as_deref()
                .is_none_or(|n| n.trim().is_empty() || n.trim().starts_with('-'));
        if hidden {
            self.skip("call from a hidden or unknown number".into());
            return Ok(());
        }
        let partners = numbers(number.as_deref().unwrap_or_default());
        let Some(partner) = partners.first().cloned() else {
            self.skip("call without a number".into());
            return Ok(());
        };
        let time = self.time(line, "call", date.as_deref(), readable.as_deref())?;
        let c = self.conv(&partners[..1], contact_name.as_deref());
        let conv = &mut self.convs[c];
        let sender = if incoming {
            conv.person(&partner)
        } else {
            PersonId(0)
        };
        let text = if call == CallKind::Answered && secs > 0 {
            format!("{what} ({})", duration_words(secs))
        } else {
            what.to_owned()
        };
        conv.calls += 1;
        let pushed = conv.push(line, time, sender, Kind::Call(call), &text);
        self.pushed(pushed, line)
    }

    fn pushed(&self, pushed: bool, line: u64) -> Result<(), ImportError> {
        if pushed {
            Ok(())
        } else {
            Err(ImportError::too_large(
                self.display,
                Some(line),
                "one conversation's text passes 4 GiB",
            ))
        }
    }

    /// The conversation with these partners, created if new.
    fn conv(&mut self, partners: &[Number], contact_name: Option<&str>) -> usize {
        let mut keys: Vec<&str> = partners.iter().map(|n| n.key.as_str()).collect();
        keys.sort_unstable();
        let key = keys.join(",");
        if let Some(&i) = self.by_key.get(&key) {
            self.convs[i].learn_names(partners, contact_name);
            return i;
        }
        self.convs.push(Conv::new(partners, contact_name));
        self.by_key.insert(key, self.convs.len() - 1);
        self.convs.len() - 1
    }

    fn part(&mut self, e: &BytesStart, line: u64) -> Result<(), ImportError> {
        let [ct, text] = self.attrs(e, line, &["ct", "text"])?;
        let ct = ct.unwrap_or_default();
        let Some(mms) = self.mms.as_mut() else {
            return Ok(());
        };
        match media_kind(&ct) {
            Some(kind) => {
                mms.media.get_or_insert(kind);
            }
            None if ct.trim().eq_ignore_ascii_case("text/plain") => {
                mms.texts.extend(text);
            }
            None => {}
        }
        Ok(())
    }

    fn addr(&mut self, e: &BytesStart, line: u64) -> Result<(), ImportError> {
        let [address, kind] = self.attrs(e, line, &["address", "type"])?;
        let (Some(address), Some(mms)) = (address, self.mms.as_mut()) else {
            return Ok(());
        };
        if address.contains("insert-address-token") {
            return Ok(());
        }
        match kind.and_then(|k| k.trim().parse::<u32>().ok()) {
            Some(ADDR_FROM) => mms.from = Some(address),
            Some(ADDR_TO) => mms.to.push(address),
            _ => {}
        }
        Ok(())
    }

    fn finish_mms(&mut self) -> Result<(), ImportError> {
        let Some(mms) = self.mms.take() else {
            return Ok(());
        };
        self.seen += 1;
        let line = mms.line;
        let outgoing = match mms.msg_box.as_deref().map(str::trim) {
            Some("1") => false,
            Some("2") => true,
            other => {
                let b = other.unwrap_or("none");
                self.skip(format!("mms in box {b} (draft, outbox or failed)"));
                return Ok(());
            }
        };
        let partners = mms_partners(&mms, outgoing);
        if partners.is_empty() {
            self.skip("mms without an address".into());
            return Ok(());
        }
        let time = self.time(line, "mms", mms.date.as_deref(), mms.readable.as_deref())?;
        let c = self.conv(&partners, mms.contact_name.as_deref());
        let conv = &mut self.convs[c];
        let sender = if outgoing {
            PersonId(0)
        } else if partners.len() == 1 {
            conv.person(&partners[0])
        } else {
            match mms.from.as_deref().and_then(number) {
                Some(n) => conv.person(&n),
                None => conv.person(&Number {
                    shown: "Unknown".into(),
                    key: "unknown".into(),
                }),
            }
        };
        let text = mms.texts.join("\n");
        let kind = match (mms.media, text.is_empty()) {
            (Some(m), _) => Kind::Media(m),
            (None, true) => Kind::Media(MediaKind::Unknown),
            (None, false) => Kind::Text,
        };
        conv.mms += 1;
        let pushed = conv.push(line, time, sender, kind, &text);
        self.pushed(pushed, line)
    }

    fn finish(self) -> Result<Vec<Chat>, ImportError> {
        let skipped: u64 = self.skipped.values().sum();
        let calls = self.root == Some("calls");
        if self.convs.is_empty() {
            let why = match (calls, self.seen) {
                (true, 0) => "the call log holds no calls (no <call> element)".to_owned(),
                (true, n) => format!("none of the {n} calls has a number ({skipped} hidden, unknown or of an unknown type)"),
                (false, 0) => "the backup holds no messages (no <sms> or <mms> element)".to_owned(),
                (false, n) => format!("none of the {n} messages was sent or received ({skipped} drafts, failed or queued)"),
            };
            return Err(ImportError::invalid(self.display, None, why));
        }
        let mut warnings: Vec<String> = self
            .skipped
            .iter()
            .map(|(what, n)| format!("{}: {n} {what} skipped", self.display))
            .collect();
        for (unit, n) in &self.odd_units {
            warnings.push(format!(
                "{}: {n} date(s) are in {unit} since 1970, not milliseconds, and were read as such",
                self.display
            ));
        }
        match &self.cut {
            Some(cut) => warnings.push(cut.clone()),
            None => {
                if let Some(declared) = self.declared.filter(|&d| d != self.seen) {
                    let what = if calls { "calls" } else { "messages" };
                    warnings.push(format!(
                        "{}: the backup says it holds {declared} {what}, but {} were found",
                        self.display, self.seen
                    ));
                }
            }
        }
        self.convs
            .into_iter()
            .map(|c| c.into_chat(self.display, &warnings))
            .collect()
    }
}

/// A call's length in words: `45 s`, `2 min 5 s`, `1 h 3 min`.
fn duration_words(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 if secs % 60 == 0 => format!("{} min", secs / 60),
        60..3600 => format!("{} min {} s", secs / 60, secs % 60),
        _ => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
    }
}

/// The partners of an MMS: its `address` (`~`-joined for groups), or, when it
/// has none, the sender of a received one or the recipients of a sent one.
fn mms_partners(mms: &Mms, outgoing: bool) -> Vec<Number> {
    if let Some(a) = mms.address.as_deref() {
        let n = numbers(a);
        if !n.is_empty() {
            return n;
        }
    }
    if outgoing {
        numbers(&mms.to.join("~"))
    } else {
        numbers(mms.from.as_deref().unwrap_or_default())
    }
}

/// A reference at the start of `s` (`&amp;`, `&#233;`): the code point it
/// stands for and its length, or `None` when `s` does not start with one.
fn reference(s: &str) -> Option<(u32, usize)> {
    let body = s.strip_prefix('&')?;
    let end = body.get(..12.min(body.len())).unwrap_or(body).find(';')?;
    let name = &body[..end];
    let code = match name {
        "amp" => u32::from('&'),
        "lt" => u32::from('<'),
        "gt" => u32::from('>'),
        "quot" => u32::from('"'),
        "apos" => u32::from('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            }
        }
    };
    Some((code, end + 2))
}

fn is_high(c: u32) -> bool {
    (0xD800..0xDC00).contains(&c)
}

fn is_low(c: u32) -> bool {
    (0xDC00..0xE000).contains(&c)
}

/// Unescapes an attribute value: the five XML entities and numeric
/// references, pairing UTF-16 surrogate references into one character. A
/// lone surrogate or an invalid code point becomes U+FFFD; an `&` that starts
/// no reference is kept as written.
fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some((code, len)) = reference(rest) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        rest = &rest[len..];
        let c = if is_high(code) {
            match reference(rest).filter(|&(low, _)| rest.starts_with("&#") && is_low(low)) {
                Some((low, low_len)) => {
                    rest = &rest[low_len..];
                    char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                }
                None => None,
            }
        } else {
            char::from_u32(code).filter(|&c| c != '\0')
        };
        out.push(c.unwrap_or('\u{FFFD}'));
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> TimeZone {
        TimeZone::UTC
    }

    fn parse_str(xml: &str) -> Result<Vec<Chat>, ImportError> {
        parse("backup.xml", "backup.xml", xml.as_bytes(), &utc())
    }

    fn texts(chat: &Chat) -> Vec<(String, String)> {
        chat.messages()
            .iter()
            .map(|m| {
                let who = m
                    .sender()
                    .map_or("-".to_owned(), |p| chat.name_of(p).to_owned());
                (who, chat.text(m).into_owned())
            })
            .collect()
    }

    const BASIC: &str = r#"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="6">
  <sms protocol="0" address="+1 (202) 555-0147" date="1709327100000" type="1" body="hi &amp; hello" contact_name="Robin" />
  <sms protocol="0" address="2025550147" date="1709327160000" type="2" body="two&#10;lines" contact_name="Robin" />
  <sms protocol="0" address="+12025550147" date="1709327220000" type="3" body="draft" contact_name="Robin" />
  <sms address="+447700900123" date="1709327280000" type="1" body="&#55357;&#56832; ok" contact_name="(Unknown)" subject="null" />
  <mms date="1709327340000" msg_box="1" address="+447700900123" contact_name="null">
    <parts>
      <part seq="-1" ct="application/smil" text="&lt;smil/&gt;" />
      <part seq="0" ct="image/jpeg" name="a.jpg" data="AAAA" />
      <part seq="0" ct="text/plain" text="look" />
    </parts>
    <addrs><addr address="+447700900123" type="137" /></addrs>
  </mms>
  <mms date="1709327400000" msg_box="1" address="+12025550147~+447700900123" contact_name="Robin, Sam">
    <parts><part ct="text/plain" text="group hi" /></parts>
    <addrs>
      <addr address="+447700900123" type="137" />
      <addr address="+15550001111" type="151" />
    </addrs>
  </mms>
</smses>
"#;

    #[test]
    fn conversations_people_and_times() {
        let chats = parse_str(BASIC).unwrap();
        assert_eq!(chats.len(), 3);
        let robin = &chats[0];
        assert_eq!(robin.id, "+12025550147");
        assert_eq!(robin.name, "Robin");
        assert_eq!(robin.contact.as_deref(), Some("Robin"));
        assert_eq!(
            texts(robin),
            [
                ("Robin".into(), "hi & hello".into()),
                ("Me".into(), "two\nlines".into())
            ]
        );
        assert_eq!(robin.messages()[0].time.to_string(), "2024-03-01T21:05:00");
        assert_eq!(robin.messages()[0].line, 3);
        let unknown = &chats[1];
        assert_eq!(unknown.name, "+447700900123");
        assert_eq!(texts(unknown)[0].1, "\u{1F600} ok");
        assert_eq!(unknown.messages()[1].kind, Kind::Media(MediaKind::Photo));
        assert_eq!(unknown.text(&unknown.messages()[1]), "look");
        let group = &chats[2];
        assert_eq!(group.contact, None);
        assert_eq!(group.name, "Robin, Sam");
        assert_eq!(texts(group), [("Sam".into(), "group hi".into())]);
        assert!(robin.warnings.iter().any(|w| w.contains("1 sms of type 3")));
    }

    #[test]
    fn times_follow_the_zone() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let chats = parse("b.xml", "b.xml", BASIC.as_bytes(), &berlin).unwrap();
        assert_eq!(
            chats[0].messages()[0].time.to_string(),
            "2024-03-01T22:05:00"
        );
    }

    #[test]
    fn unescape_pairs_surrogates() {
        assert_eq!(unescape("&#55357;&#56832;"), "\u{1F600}");
        assert_eq!(unescape("&#xD83D;&#xDE00;!"), "\u{1F600}!");
        assert_eq!(unescape("a&#55357;b"), "a\u{FFFD}b");
        assert_eq!(unescape("&#56832;"), "\u{FFFD}");
        assert_eq!(unescape("&#55357;&#55357;&#56832;"), "\u{FFFD}\u{1F600}");
        assert_eq!(
            unescape("&#0;&#x110000;&#99999999999;"),
            "\u{FFFD}\u{FFFD}&#99999999999;"
        );
        assert_eq!(
            unescape("AT&T &lt;&gt;&quot;&apos;&#233;&#xe9;"),
            "AT&T <>\"'éé"
        );
        assert_eq!(unescape("&bogus; &"), "&bogus; &");
    }

    #[test]
    fn numbers_match_on_last_digits() {
        assert_eq!(
            number("+33 6 12 34 56 78").unwrap().key,
            number("06 12 34 56 78").unwrap().key
        );
        assert_eq!(number("+33 6 12 34 56 78").unwrap().shown, "+33612345678");
        assert_eq!(number("SENDER_B").unwrap().shown, "SENDER_B");
        assert_eq!(number("  "), None);
        assert_eq!(numbers("+1555~1555~+1666").len(), 2);
    }

    #[test]
    fn a_later_name_replaces_the_number() {
        let xml = r#"<smses>
<sms address="+15550001" date="1000" type="1" body="a" contact_name="(Unknown)"/>
<sms address="+15550001" date="2000" type="1" body="b" contact_name="Kim"/>
</smses>"#;
        let chats = parse_str(xml).unwrap();
        assert_eq!(chats[0].name, "Kim");
        assert_eq!(chats[0].people()[1].name, "Kim");
    }

    #[test]
    fn a_contact_called_me_keeps_apart_from_the_owner() {
        let xml = r#"<smses><sms address="+15550001" date="1000" type="1" body="a" contact_name="Me"/>
<sms address="+15550001" date="2000" type="2" body="b" contact_name="Me"/></smses>"#;
        let chats = parse_str(xml).unwrap();
        assert_eq!(chats[0].participants().len(), 2);
    }

    #[test]
    fn bad_input_is_an_error_with_a_line() {
        let cases = [
            ("", "no <smses>"),
            (
                "<smses>\n<sms address=\"1\" date=\"x\" type=\"1\" body=\"b\"/>\n</smses>",
                ":2:",
            ),
            (
                "<smses>\n<sms address=\"1\" date=\"5\" type=\"1\" body=\"b\"\n",
                ":2: the file ends inside <smses> before any complete element",
            ),
            (
                "<smses>\n\n<sms address=\"1\" body=\"b\n<!-- x -->\n",
                ":3:",
            ),
            (
                "<calls count=\"1\">\n<call number=\"1\" type=\"1\"/></calls>",
                ":2: <call> has no date",
            ),
            ("<calls count=\"0\">\n</calls>", "no calls"),
            (
                "<calls>\n<call number=\"\" type=\"1\" date=\"1\"/></calls>",
                "none of the 1 calls has a number",
            ),
            ("<smses count=\"0\">\n</smses>", "no messages"),
            (
                "<smses><sms type=\"3\" address=\"1\" date=\"1\"/></smses>",
                "drafts",
            ),
            ("<smses>\n<sms a=b/></smses>", ":2:"),
            ("<smses></smsex>", "malformed"),
            ("<html/>", "root element"),
        ];
        for (xml, want) in cases {
            let err = parse_str(xml).unwrap_err().to_string();
            assert!(err.contains(want), "{xml:?}: {err}");
            assert!(err.starts_with("backup.xml"), "{err}");
        }
    }

    #[test]
    fn dates_in_seconds_or_milliseconds() {
        // The same minute three ways: milliseconds, seconds, and seconds
        // whose readable_date confirms it; then a value the size alone would
        // read as seconds, which readable_date shows to be milliseconds.
        let xml = r#"<smses count="4">
<sms address="+15550001" date="1709327100000" type="1" body="ms" readable_date="1 Mar 2024 21:05:00"/>
<sms address="+15550001" date="1709327160" type="2" body="s"/>
<sms address="+15550001" date="1709327220" type="1" body="s, confirmed" readable_date="Mar 1, 2024 9:07:00 PM"/>
<sms address="+15550001" date="99999999999" type="1" body="1973 in ms" readable_date="03.03.1973 09:46:39"/>
</smses>"#;
        let chats = parse_str(xml).unwrap();
        let c = &chats[0];
        let got: Vec<(String, String)> = c
            .messages()
            .iter()
            .map(|m| (m.time.to_string(), c.text(m).into_owned()))
            .collect();
        assert_eq!(
            got,
            [
                ("1973-03-03T09:46:39".to_owned(), "1973 in ms".to_owned()),
                ("2024-03-01T21:05:00".to_owned(), "ms".to_owned()),
                ("2024-03-01T21:06:00".to_owned(), "s".to_owned()),
                ("2024-03-01T21:07:00".to_owned(), "s, confirmed".to_owned()),
            ]
        );
        assert!(
            c.warnings
                .iter()
                .any(|w| w == "backup.xml: 2 date(s) are in seconds since 1970, not milliseconds, and were read as such"),
            "{:?}",
            c.warnings
        );
        assert_eq!(unit_of(1_709_327_100_000_000, None), Unit::Micros);
        assert_eq!(unit_of(1_709_327_100, Some("no year here")), Unit::Seconds);
        assert_eq!(readable_year("Dec 2, 2017 06:49:27"), Some(2017));
        assert_eq!(readable_year("2017年12月2日 6:49"), Some(2017));
    }

    #[test]
    fn a_cut_off_backup_keeps_its_complete_messages() {
        // A phone ran out of space: the file stops in the middle of an element.
        let whole = BASIC;
        let cases = [
            // Inside the third <sms> tag (a draft): two messages complete.
            (whole.find("date=\"1709327220000\"").unwrap(), 2),
            // Inside the <mms>: its parts are lost, the four <sms> before it stay.
            (whole.find("<part seq=\"0\" ct=\"image/jpeg\"").unwrap(), 4),
            // After the first <mms> closed, before the group one.
            (whole.find("<mms date=\"1709327400000\"").unwrap() + 4, 5),
            // Only the closing tag is missing.
            (whole.find("</smses>").unwrap(), 6),
        ];
        for (cut, complete) in cases {
            // The line the file stops on.
            let line = whole[..cut].matches('\n').count() + 1;
            let chats = parse_str(&whole[..cut]).unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
            let read: usize = chats.iter().map(|c| c.messages().len()).sum();
            let kept_of_complete = [0, 1, 2, 2, 3, 4, 5][complete];
            assert_eq!(read, kept_of_complete, "cut at {cut}");
            let w = chats[0]
                .warnings
                .iter()
                .find(|w| w.contains("cut off"))
                .unwrap();
            let want = format!(
                "backup.xml:{line}: the backup is cut off: the file ends inside <smses> at line {line} (expected </smses>); the {complete} complete messages before it were read"
            );
            assert!(w.starts_with(&want), "{w}\nwant {want}");
            assert!(w.ends_with("the backup says it holds 6"), "{w}");
        }
        // Cut before any element completes: an error, at the line it stops.
        let err = parse_str("<smses count=\"9\">\n<sms address=\"+1555\" da")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "backup.xml:2: the file ends inside <smses> before any complete element"
            ),
            "{err}"
        );
    }

    const CALLS: &str = r#"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<?xml-stylesheet type="text/xsl" href="calls.xsl"?>
<calls count="9" backup_set="0" backup_date="1709400000000" type="full">
  <call number="+12025550147" duration="125" date="1709327100000" type="1" presentation="1" subscription_id="1" post_dial_digits="" readable_date="1 Mar 2024 21:05:00" contact_name="Robin" />
  <call number="2025550147" duration="40" date="1709330000000" type="2" presentation="1" readable_date="1 Mar 2024 21:53:20" contact_name="Robin" />
  <call number="+12025550147" duration="0" date="1709331000000" type="2" presentation="1" contact_name="Robin" />
  <call number="+12025550147" duration="0" date="1709332000000" type="3" presentation="1" contact_name="Robin" />
  <call number="+12025550147" duration="0" date="1709333000000" type="4" presentation="1" contact_name="Robin" />
  <call number="+12025550147" duration="0" date="1709334000000" type="5" presentation="1" contact_name="Robin" />
  <call number="+447700900123" duration="3700" date="1709335000" type="1" presentation="1" contact_name="(Unknown)" />
  <call number="-2" duration="0" date="1709336000000" type="3" presentation="2" contact_name="(Unknown)" />
  <call number="+12025550147" duration="0" date="1709337000000" type="99" presentation="1" contact_name="Robin" />
</calls>
"#;

    #[test]
    fn call_logs_become_call_events_of_each_contact() {
        assert!(looks_like(CALLS.as_bytes()));
        let chats = parse_str(CALLS).unwrap();
        assert_eq!(chats.len(), 2);
        let robin = &chats[0];
        assert_eq!(
            (robin.id.as_str(), robin.name.as_str()),
            ("+12025550147", "Robin")
        );
        assert_eq!(robin.format, "sms-calls");
        assert_eq!(robin.contact.as_deref(), Some("Robin"));
        assert_eq!(robin.detail, "6 calls");
        let rows: Vec<(String, Kind, String)> = robin
            .messages()
            .iter()
            .map(|m| {
                let who = robin.name_of(m.sender().unwrap()).to_owned();
                (who, m.kind, robin.text(m).into_owned())
            })
            .collect();
        let answered = Kind::Call(CallKind::Answered);
        let missed = Kind::Call(CallKind::Missed);
        assert_eq!(
            rows,
            [
                ("Robin".into(), answered, "incoming call (2 min 5 s)".into()),
                ("Me".into(), answered, "outgoing call (40 s)".into()),
                ("Me".into(), missed, "outgoing call, not answered".into()),
                ("Robin".into(), missed, "missed call".into()),
                ("Robin".into(), missed, "missed call, voicemail".into()),
                ("Robin".into(), missed, "rejected call".into()),
            ]
        );
        assert_eq!(robin.messages()[0].time.to_string(), "2024-03-01T21:05:00");
        assert_eq!(robin.messages()[0].line, 4);
        let other = &chats[1];
        assert_eq!(other.name, "+447700900123");
        assert_eq!(
            other.text(&other.messages()[0]),
            "incoming call (1 h 1 min)"
        );
        let notes = robin.warnings.join("\n");
        assert!(
            notes.contains("1 call from a hidden or unknown number skipped"),
            "{notes}"
        );
        assert!(
            notes.contains("1 call of type 99 (unknown) skipped"),
            "{notes}"
        );
        assert!(notes.contains("1 date(s) are in seconds"), "{notes}");
        // Calls are messages of their caller: they count, system lines do not.
        assert_eq!(robin.counts(), vec![2, 4]);
    }

    #[test]
    fn a_cut_off_call_log_keeps_its_complete_calls() {
        let cut = CALLS
            .find("<call number=\"+12025550147\" duration=\"0\" date=\"1709332000000\"")
            .unwrap()
            + 20;
        let chats = parse_str(&CALLS[..cut]).unwrap();
        assert_eq!(chats[0].messages().len(), 3);
        let w = chats[0].warnings.join("\n");
        assert!(
            w.contains("backup.xml:7: the backup is cut off: the file ends inside <calls> at line 7 (expected </calls>); the 3 complete calls before it were read; the backup says it holds 9"),
            "{w}"
        );
    }

    #[test]
    fn count_mismatch_is_a_warning() {
        let xml =
            r#"<smses count="3"><sms address="+15550001" date="1000" type="1" body="a"/></smses>"#;
        let chats = parse_str(xml).unwrap();
        assert!(chats[0]
            .warnings
            .iter()
            .any(|w| w.contains("says it holds 3")));
    }

    #[test]
    fn utf16_and_bom_are_read() {
        let xml = "\u{FEFF}<smses><sms address=\"+15550001\" date=\"1000\" type=\"1\" body=\"é\"/></smses>";
        let mut utf16 = vec![0xFF, 0xFE];
        for u in xml.trim_start_matches('\u{FEFF}').encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        for bytes in [xml.as_bytes().to_vec(), utf16] {
            assert!(looks_like(&bytes) || bytes[0] == 0xFF);
            let chats = parse("b.xml", "b.xml", &bytes, &utc()).unwrap();
            assert_eq!(chats[0].text(&chats[0].messages()[0]), "é");
        }
    }

    #[test]
    fn sniffing() {
        assert!(looks_like(BASIC.as_bytes()));
        assert!(!looks_like(b"[2024-01-01, 10:00] a: <smses"));
        assert!(!looks_like(b"<calls></calls>"));
        assert!(looks_like(
            b"<calls count=\"1\"><call number=\"1\" /></calls>"
        ));
    }
}

//! The plain CSV / JSON Lines importer, for chats from any app pullaway has
//! no importer for: a user (or a script) writes one message a row.
//!
//! CSV: a header naming the columns `time`, `sender`, `text` and optionally
//! `kind`, in any order, then RFC 4180 records (quoted fields may hold commas,
//! doubled quotes and line breaks). JSON Lines: one object a line with the
//! same keys. Times are `YYYY-MM-DDTHH:MM[:SS]` on the chat's wall clock, or
//! carry `Z` / an offset (then shown in the zone asked for), or are epoch
//! seconds. Every error names the line and the column or key at fault.

use crate::tz::{iso, local, Iso};
use crate::ImportError;
use jiff::tz::TimeZone;
use pullaway_chat::{CallKind, Chat, Kind, LocalTime, MediaKind};
use serde_json::Value;

const FORMAT: &str = "csv";
const SNIFF_BYTES: usize = 64 * 1024;
const TIME_SHAPE: &str =
    "2024-03-01T21:05[:SS] (local, or ending in Z or an offset like +01:00) or epoch seconds";
const KINDS: &str = "text, media, photo, video, audio, sticker, gif, document, contact, location, deleted, call, missed call, system";

/// Whether the file starts with a `time,sender,text` header or a JSON object
/// with those keys.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let valid = std::str::from_utf8(head).map_or_else(|e| e.valid_up_to(), str::len);
    let head = std::str::from_utf8(&head[..valid]).unwrap_or_default();
    let head = head.strip_prefix('\u{FEFF}').unwrap_or(head);
    let Some(first) = head.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return false;
    };
    if first.starts_with('{') {
        return serde_json::from_str::<Value>(first).is_ok_and(|v| {
            ["time", "sender", "text"]
                .iter()
                .all(|k| v.get(k).is_some())
        });
    }
    let names: Vec<String> = first
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    Columns::find(&names).is_ok()
}

/// Reads the file into one chat named after the file.
pub fn parse(
    display: &str,
    file_name: &str,
    bytes: &[u8],
    tz: &TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    let bytes = crate::text::strip_bom(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        ImportError::invalid(
            display,
            Some(line),
            "the file is not UTF-8 text; save it as UTF-8",
        )
    })?;
    let mut chat = Chat::new(file_name, crate::text::file_stem(file_name), FORMAT);
    let jsonl = text.trim_start().starts_with('{');
    if jsonl {
        chat.detail = "json lines".into();
        json_lines(display, text, tz, &mut chat)?;
    } else {
        chat.detail = "csv".into();
        csv(display, text, tz, &mut chat)?;
    }
    if chat.messages().is_empty() {
        return Err(ImportError::invalid(
            display,
            None,
            "the file holds no messages (only a header, or nothing)",
        ));
    }
    chat.sort();
    Ok(vec![chat])
}

/// A time as the format allows it; the error says what was expected.
fn parse_time(s: &str, tz: &TimeZone) -> Result<LocalTime, String> {
    let t = s.trim();
    let bad = || format!("expected {TIME_SHAPE}, got {}", crate::text::quote(s));
    let digits = t.strip_prefix('-').unwrap_or(t);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if digits.len() > 11 {
            return Err(format!("{} (this looks like milliseconds)", bad()));
        }
        return t
            .parse::<i64>()
            .ok()
            .and_then(|secs| local(secs, tz))
            .ok_or_else(bad);
    }
    if t.len() >= 16 {
        match iso(t) {
            Some(Iso::Wall(time)) => return Ok(time),
            // `as_second` cuts a fraction toward zero (the other importers
            // round down: the two differ only before 1970).
            Some(Iso::Instant(ts)) => return local(ts.as_second(), tz).ok_or_else(bad),
            None => {}
        }
    }
    Err(bad())
}

/// A message kind by the names [`Kind::name`] uses, plus the media kinds.
fn parse_kind(s: &str) -> Result<Kind, String> {
    let kind = match s.trim().to_ascii_lowercase().as_str() {
        "" | "text" => Kind::Text,
        "media" => Kind::Media(MediaKind::Unknown),
        "photo" | "image" => Kind::Media(MediaKind::Photo),
        "video" => Kind::Media(MediaKind::Video),
        "audio" | "voice" => Kind::Media(MediaKind::Audio),
        "sticker" => Kind::Media(MediaKind::Sticker),
        "gif" => Kind::Media(MediaKind::Gif),
        "document" | "file" => Kind::Media(MediaKind::Document),
        "contact" => Kind::Media(MediaKind::Contact),
        "location" => Kind::Media(MediaKind::Location),
        "deleted" => Kind::Deleted,
        "call" => Kind::Call(CallKind::Answered),
        "missed call" | "missed" => Kind::Call(CallKind::Missed),
        "system" => Kind::System,
        _ => {
            return Err(format!(
                "expected one of {KINDS}, got {}",
                crate::text::quote(s)
            ))
        }
    };
    Ok(kind)
}

/// Adds one message; a system line may have no sender, any other needs one.
fn add(
    chat: &mut Chat,
    display: &str,
    line: u64,
    time: LocalTime,
    sender: &str,
    kind: Kind,
    text: &str,
) -> Result<(), ImportError> {
    let sender = sender.trim();
    let who = match (sender.is_empty(), kind) {
        (true, Kind::System) => None,
        (true, _) => {
            return Err(ImportError::invalid(
                display,
                Some(line),
                "sender: empty (only a `system` line may have no sender)",
            ))
        }
        (false, _) => Some(chat.person(sender)),
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_owned()
    };
    let l = u32::try_from(line).unwrap_or(u32::MAX);
    if chat.push(l, time, who, kind, &text) {
        Ok(())
    } else {
        Err(ImportError::text_full(display, Some(line)))
    }
}

// ---------------------------------------------------------------- CSV

/// Where each known column is.
#[derive(Debug)]
struct Columns {
    time: usize,
    sender: usize,
    text: usize,
    kind: Option<usize>,
    count: usize,
}

impl Columns {
    fn find(names: &[String]) -> Result<Columns, String> {
        let at = |n: &str| names.iter().position(|c| c == n);
        let (Some(time), Some(sender), Some(text)) = (at("time"), at("sender"), at("text")) else {
            return Err(format!(
                "expected a header `time,sender,text` (and optionally `kind`), got `{}`",
                names.join(",")
            ));
        };
        Ok(Columns {
            time,
            sender,
            text,
            kind: at("kind"),
            count: names.len(),
        })
    }
}

/// An RFC 4180 reader: records with the line each starts on (also used by
/// the KakaoTalk CSV importer).
pub(crate) struct Records<'t> {
    text: &'t str,
    pos: usize,
    line: u64,
}

/// A CSV syntax error: the line and what is wrong there.
pub(crate) struct CsvError {
    line: u64,
    message: String,
}

impl CsvError {
    /// The import error it is in the file `display`.
    pub(crate) fn at(self, display: &str) -> ImportError {
        ImportError::invalid(display, Some(self.line), self.message)
    }
}

impl<'t> Records<'t> {
    pub(crate) fn new(text: &'t str) -> Records<'t> {
        Records {
            text,
            pos: 0,
            line: 1,
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// The length of the line break at `at` (`\n` or `\r\n`), 0 if none.
    fn line_break(&self, at: usize) -> usize {
        match (self.byte(at), self.byte(at + 1)) {
            (Some(b'\n'), _) => 1,
            (Some(b'\r'), Some(b'\n')) => 2,
            _ => 0,
        }
    }

    /// The next record, skipping empty lines; `None` at the end.
    pub(crate) fn next_record(&mut self) -> Result<Option<(u64, Vec<String>)>, CsvError> {
        loop {
            let n = self.line_break(self.pos);
            if n == 0 {
                break;
            }
            self.pos += n;
            self.line += 1;
        }
        if self.pos >= self.text.len() {
            return Ok(None);
        }
        let start = self.line;
        let mut fields = Vec::new();
        loop {
            let field = if self.byte(self.pos) == Some(b'"') {
                self.quoted(start, fields.len() + 1)?
            } else {
                self.unquoted()
            };
            fields.push(field);
            match self.byte(self.pos) {
                Some(b',') => self.pos += 1,
                None => return Ok(Some((start, fields))),
                Some(_) => {
                    let n = self.line_break(self.pos);
                    if n == 0 {
                        return Err(CsvError {
                            line: self.line,
                            message: format!(
                                "column {}: a quoted field must end at a comma or the end of the line",
                                fields.len()
                            ),
                        });
                    }
                    self.pos += n;
                    self.line += 1;
                    return Ok(Some((start, fields)));
                }
            }
        }
    }

    fn unquoted(&mut self) -> String {
        let start = self.pos;
        while let Some(b) = self.byte(self.pos) {
            if b == b',' || self.line_break(self.pos) > 0 {
                break;
            }
            self.pos += 1;
        }
        self.text[start..self.pos].to_owned()
    }

    /// A quoted field; `""` inside stands for one quote.
    fn quoted(&mut self, record_line: u64, column: usize) -> Result<String, CsvError> {
        let opened = self.line;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(q) = rest.find('"') else {
                return Err(CsvError {
                    line: opened.max(record_line),
                    message: format!(
                        "column {column}: a quoted field opened here is never closed (a `\"` is missing)"
                    ),
                });
            };
            let chunk = &rest[..q];
            self.line += chunk.bytes().filter(|&b| b == b'\n').count() as u64;
            out.push_str(chunk);
            self.pos += q + 1;
            if self.byte(self.pos) == Some(b'"') {
                out.push('"');
                self.pos += 1;
            } else {
                return Ok(out);
            }
        }
    }
}

fn csv(display: &str, text: &str, tz: &TimeZone, chat: &mut Chat) -> Result<(), ImportError> {
    let err = |e: CsvError| e.at(display);
    let mut records = Records::new(text);
    let Some((line, header)) = records.next_record().map_err(err)? else {
        return Err(ImportError::invalid(
            display,
            None,
            "the file is empty; expected a header `time,sender,text`",
        ));
    };
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let cols = Columns::find(&names).map_err(|m| ImportError::invalid(display, Some(line), m))?;
    let extra: Vec<&String> = names
        .iter()
        .filter(|n| !matches!(n.as_str(), "time" | "sender" | "text" | "kind"))
        .collect();
    if !extra.is_empty() {
        chat.warnings.push(format!(
            "{display}: column(s) {} are not read (only time, sender, text, kind)",
            extra
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    while let Some((line, fields)) = records.next_record().map_err(err)? {
        csv_row(display, line, &fields, &cols, tz, chat)?;
    }
    Ok(())
}

fn csv_row(
    display: &str,
    line: u64,
    fields: &[String],
    cols: &Columns,
    tz: &TimeZone,
    chat: &mut Chat,
) -> Result<(), ImportError> {
    let at = |msg: String| ImportError::invalid(display, Some(line), msg);
    if fields.len() != cols.count {
        return Err(at(format!(
            "expected {} fields like the header, got {} (quote a text that holds commas)",
            cols.count,
            fields.len()
        )));
    }
    let time = parse_time(&fields[cols.time], tz).map_err(|m| at(format!("time: {m}")))?;
    let kind = match cols.kind {
        Some(k) => parse_kind(&fields[k]).map_err(|m| at(format!("kind: {m}")))?,
        None => Kind::Text,
    };
    add(
        chat,
        display,
        line,
        time,
        &fields[cols.sender],
        kind,
        &fields[cols.text],
    )
}

// ---------------------------------------------------------------- JSON Lines

fn json_lines(
    display: &str,
    text: &str,
    tz: &TimeZone,
    chat: &mut Chat,
) -> Result<(), ImportError> {
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let at = |msg: String| ImportError::invalid(display, Some(line), msg);
        let v: Value = serde_json::from_str(raw)
            .map_err(|e| at(format!("expected one JSON object a line: {e}")))?;
        if !v.is_object() {
            return Err(at(format!("expected a JSON object, got {}", short(&v))));
        }
        let time = match v.get("time") {
            Some(Value::String(s)) => parse_time(s, tz),
            Some(Value::Number(n)) => n
                .as_i64()
                .and_then(|secs| local(secs, tz))
                .ok_or_else(|| format!("expected {TIME_SHAPE}, got {n}")),
            Some(other) => Err(format!("expected {TIME_SHAPE}, got {}", short(other))),
            None => Err("missing".to_owned()),
        }
        .map_err(|m| at(format!("time: {m}")))?;
        let sender = string_key(&v, "sender").map_err(&at)?;
        let body = string_key(&v, "text").map_err(&at)?;
        let kind = match string_key(&v, "kind").map_err(&at)? {
            Some(k) => parse_kind(&k).map_err(|m| at(format!("kind: {m}")))?,
            None => Kind::Text,
        };
        if v.get("text").is_none() {
            return Err(at("text: missing".into()));
        }
        add(
            chat,
            display,
            line,
            time,
            sender.as_deref().unwrap_or_default(),
            kind,
            body.as_deref().unwrap_or_default(),
        )?;
    }
    Ok(())
}

/// A string key (`null` and absent are `None`); anything else is an error
/// naming the key.
fn string_key(v: &Value, key: &str) -> Result<Option<String>, String> {
    match v.get(key) {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        None | Some(Value::Null) => Ok(None),
        Some(other) => Err(format!("{key}: expected a string, got {}", short(other))),
    }
}

/// A JSON value for an error message, cut short.
fn short(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Chat, ImportError> {
        parse("chat.csv", "chat.csv", text.as_bytes(), &TimeZone::UTC).map(|mut v| v.remove(0))
    }

    fn rows(chat: &Chat) -> Vec<(String, &'static str, String, String)> {
        chat.messages()
            .iter()
            .map(|m| {
                let who = m
                    .sender()
                    .map_or("-".to_owned(), |p| chat.name_of(p).to_owned());
                (
                    m.time.to_string(),
                    m.kind.name(),
                    who,
                    chat.text(m).into_owned(),
                )
            })
            .collect()
    }

    const CSV: &str = "\u{FEFF}time,sender,text,kind\r\n\
2024-03-01T21:05,Ana,\"hi, you\",\r\n\
2024-03-01 21:06:30,Bo,\"she said \"\"no\"\"\",text\r\n\
\r\n\
2024-03-01T21:07:00Z,Ana,\"two\r\nlines\",\r\n\
1709327280,Bo,,photo\r\n\
2024-03-01T22:09:00+01:00,,Bo left,system\r\n\
2024-03-01T21:10:00.250,Ana,é,missed call";

    #[test]
    fn csv_rows_and_quoting() {
        assert!(looks_like(CSV.as_bytes()));
        let chat = run(CSV).unwrap();
        assert_eq!(chat.name, "chat");
        let r = rows(&chat);
        assert_eq!(
            r[0],
            (
                "2024-03-01T21:05:00".into(),
                "text",
                "Ana".into(),
                "hi, you".into()
            )
        );
        assert_eq!(r[1].3, "she said \"no\"");
        assert_eq!(r[2].3, "two\nlines");
        assert_eq!(
            r[3],
            (
                "2024-03-01T21:08:00".into(),
                "media",
                "Bo".into(),
                "".into()
            )
        );
        assert_eq!(
            r[4],
            (
                "2024-03-01T21:09:00".into(),
                "system",
                "-".into(),
                "Bo left".into()
            )
        );
        assert_eq!(chat.messages()[5].kind, Kind::Call(CallKind::Missed));
        assert_eq!(chat.messages()[2].line, 5);
        assert_eq!(chat.messages()[3].line, 7);
    }

    #[test]
    fn zone_applies_to_instants_only() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let text =
            "time,sender,text\n2024-03-01T21:05,A,x\n2024-03-01T21:05Z,A,y\n1709327100,A,z\n";
        let chat = parse("c.csv", "c.csv", text.as_bytes(), &berlin)
            .unwrap()
            .remove(0);
        let times: Vec<String> = chat.messages().iter().map(|m| m.time.to_string()).collect();
        assert_eq!(
            times,
            [
                "2024-03-01T21:05:00",
                "2024-03-01T22:05:00",
                "2024-03-01T22:05:00"
            ]
        );
    }

    #[test]
    fn columns_in_any_order() {
        let chat = run("Sender,Text,Time\nAna,hi,2024-03-01T21:05\n").unwrap();
        assert_eq!(rows(&chat)[0].3, "hi");
    }

    #[test]
    fn csv_errors_name_line_and_column() {
        let cases = [
            ("", "empty"),
            ("time,sender,text\n", "no messages"),
            ("when,who,what\n1,2,3\n", "chat.csv:1: expected a header"),
            (
                "time,sender,text\n2024-03-01T21:05,A,x\n\nyesterday,A,x\n",
                "chat.csv:4: time: expected 2024-03-01T21:05[:SS]",
            ),
            (
                "time,sender,text\n2024-03-01T21:05,A,x,y\n",
                "chat.csv:2: expected 3 fields",
            ),
            (
                "time,sender,text\n2024-03-01T21:05,A,\"open\nstill open\n",
                "chat.csv:2: column 3: a quoted field",
            ),
            (
                "time,sender,text\n2024-03-01T21:05,A,\"x\"y\n",
                "chat.csv:2: column 3",
            ),
            (
                "time,sender,text,kind\n2024-03-01T21:05,A,x,video call\n",
                "chat.csv:2: kind: expected one of",
            ),
            (
                "time,sender,text\n2024-03-01T21:05, ,x\n",
                "chat.csv:2: sender: empty",
            ),
            ("time,sender,text\n1709327100000,A,x\n", "milliseconds"),
            ("time,sender,text\n2024-02-30T10:00,A,x\n", "time:"),
        ];
        for (text, want) in cases {
            let err = run(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text:?}: {err}");
        }
        let err = parse(
            "b.csv",
            "b.csv",
            b"time,sender,text\n\xff\n",
            &TimeZone::UTC,
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("b.csv:2:"), "{err}");
    }

    #[test]
    fn json_lines() {
        let text =
            "{\"time\": \"2024-03-01T21:05\", \"sender\": \"Ana\", \"text\": \"hi\\nthere\"}\n\n\
{\"time\": 1709327160, \"sender\": \"Bo\", \"text\": \"\", \"kind\": \"sticker\"}\n\
{\"time\": \"2024-03-01T21:07Z\", \"sender\": null, \"text\": \"joined\", \"kind\": \"system\"}\n";
        assert!(looks_like(text.as_bytes()));
        let chat = run(text).unwrap();
        let r = rows(&chat);
        assert_eq!(r[0].3, "hi\nthere");
        assert_eq!(
            r[1],
            (
                "2024-03-01T21:06:00".into(),
                "media",
                "Bo".into(),
                "".into()
            )
        );
        assert_eq!(r[2].2, "-");
        assert_eq!(chat.messages()[1].line, 3);
        let cases = [
            (
                "{\"time\": \"yesterday\", \"sender\": \"A\", \"text\": \"x\"}",
                "chat.csv:1: time: expected",
            ),
            (
                "{\"time\": \"2024-03-01T21:05\", \"sender\": 5, \"text\": \"x\"}",
                "chat.csv:1: sender: expected a string",
            ),
            (
                "{\"time\": \"2024-03-01T21:05\", \"sender\": \"A\"}",
                "chat.csv:1: text: missing",
            ),
            (
                "{\"time\": \"2024-03-01T21:05\", \"sender\": \"A\", \"text\": \"x\"}\n[1]",
                "chat.csv:2: expected a JSON object",
            ),
            (
                "{\"time\": \"2024-03-01T21:05\", \"sender\": \"A\", \"text\": \"x\"}\n{\"time\": ",
                "chat.csv:2: expected one JSON object",
            ),
            ("{\"sender\": \"A\", \"text\": \"x\"}", "time: missing"),
            (
                "{\"time\": true, \"sender\": \"A\", \"text\": \"x\"}",
                "time: expected",
            ),
        ];
        for (text, want) in cases {
            let err = run(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn sniffing() {
        assert!(looks_like(b"\"time\",\"sender\",\"text\"\n"));
        assert!(!looks_like(b"date,amount\n"));
        assert!(!looks_like(b"{\"a\": 1}\n"));
        assert!(!looks_like(b""));
    }
}

//! iMessage: the `chat.db` database that Messages keeps on a Mac
//! (`~/Library/Messages/chat.db`).
//!
//! This importer has a file of its own because, unlike every other export,
//! `chat.db` is a SQLite database rather than text: it is opened from the
//! bytes in memory (they may come from stdin or a zip) through SQLite's
//! deserialize interface, read-only, and never written to disk. Columns come
//! and go between macOS versions, so every query selects only the columns
//! `PRAGMA table_info` lists and reads every value leniently (a hostile or
//! broken database gets an error or a warning, never a panic).
//!
//! - One [`Chat`] per `chat` row that has messages; its id is the
//!   `chat_identifier` (made unique with `#ROWID` when two rows share it),
//!   its name the `display_name`, else the other person's handle (a group
//!   without a name lists its handles). A 1:1 chat (style 45, or a single
//!   handle) sets [`Chat::contact`] to that handle.
//! - `is_from_me` messages are sent by "Me"; others by their handle (phone
//!   number or e-mail address).
//! - Dates count from 2001-01-01 UTC, in seconds before macOS 10.13 and in
//!   nanoseconds since (a value above 10^15 is nanoseconds); they are shown
//!   on the wall clock of the zone given.
//! - Text is the `text` column or, when that is empty, the `NSString` inside
//!   the `attributedBody` typedstream (see [`body_text`]).
//! - Tapbacks (`associated_message_type` 2000–3007) are reactions, not
//!   messages: they are skipped and counted in a warning.
//! - Attachments (`cache_has_attachments`, or U+FFFC placeholders in the
//!   text) make a media message, with the kind taken from the attachment's
//!   MIME type, UTI or name; `is_audio_message` is a voice note. The
//!   placeholders are removed and any caption is kept as the text.
//! - `date_edited` marks an edit, `date_retracted` an unsent (deleted)
//!   message, a non-zero `item_type` a system line (renames, members).

use std::collections::{HashMap, HashSet};
use std::io::Read;

use jiff::tz::TimeZone;
use memchr::memmem;
use pullaway_chat::{Chat, Kind, LocalTime, MediaKind, PersonId};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};

use crate::tz::local;
use crate::ImportError;

const FORMAT: &str = "imessage";
const MAGIC: &[u8] = b"SQLite format 3\0";
/// The SQLite file header; a database is at least this long.
const HEADER_BYTES: usize = 100;
const ME: &str = "Me";
const UNKNOWN_SENDER: &str = "Unknown";
/// 2001-01-01T00:00:00Z in Unix seconds.
const APPLE_EPOCH: i64 = 978_307_200;
/// Dates above this are nanoseconds (macOS 10.13+), below it seconds.
const NANOS_ABOVE: u64 = 1_000_000_000_000_000;
/// `associated_message_type` of tapbacks: 2000–2007 added, 3000–3007 removed.
const TAPBACKS: std::ops::RangeInclusive<i64> = 2000..=3007;
const STYLE_GROUP: i64 = 43;
const STYLE_DIRECT: i64 = 45;
const REQUIRED_TABLES: [&str; 4] = ["message", "handle", "chat", "chat_message_join"];
const EXPECTED: &str =
    "expected an iMessage chat.db (tables message, handle, chat, chat_message_join)";
/// U+FFFC OBJECT REPLACEMENT CHARACTER: where an attachment sits in the text.
const PLACEHOLDER: char = '\u{FFFC}';

/// Whether `bytes` are a SQLite database (which this importer then checks
/// for the iMessage tables).
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Imports every conversation of a `chat.db`.
pub fn parse(
    display: &str,
    _file_name: &str,
    bytes: &[u8],
    tz: &TimeZone,
) -> Result<Vec<Chat>, ImportError> {
    let db = Db::open(display, bytes)?;
    db.check_tables()?;
    let mut notes = Vec::new();
    if in_wal_mode(bytes) {
        notes.push(
            "database: chat.db was in WAL mode; recent messages still in chat.db-wal \
             (not read) may be missing: quit Messages before copying chat.db"
                .to_owned(),
        );
    }
    let handles = db.handles()?;
    let attachments = db.attachment_kinds()?;
    let mut chats = db.chats(&handles)?;
    let stray = db.read_messages(&mut chats, &handles, &attachments, tz)?;
    if stray > 0 {
        notes.push(format!(
            "database: skipped {stray} message(s) filed under a chat that is not in the chat table"
        ));
    }
    finish(display, chats, notes)
}

// ------------------------------------------------------------- opening

/// A read-only connection to a database held in memory, and the name of the
/// input for errors.
struct Db<'a> {
    conn: Connection,
    display: &'a str,
}

/// Whether the header says WAL mode (file format versions 2).
fn in_wal_mode(bytes: &[u8]) -> bool {
    matches!(bytes.get(18..20), Some([2, _] | [_, 2]))
}

impl<'a> Db<'a> {
    fn open(display: &'a str, bytes: &[u8]) -> Result<Db<'a>, ImportError> {
        if !looks_like(bytes) {
            return Err(ImportError::invalid(
                display,
                None,
                format!("not a SQLite database; {EXPECTED}"),
            ));
        }
        if bytes.len() < HEADER_BYTES {
            return Err(ImportError::invalid(
                display,
                None,
                format!(
                    "the SQLite database is cut short ({} bytes); {EXPECTED}",
                    bytes.len()
                ),
            ));
        }
        // SQLite takes the size as a C int.
        if i32::try_from(bytes.len()).is_err() {
            return Err(ImportError::too_large(
                display,
                None,
                "chat.db is larger than 2 GiB, the most SQLite reads from memory",
            ));
        }
        let fail = |e: rusqlite::Error| {
            ImportError::invalid(
                display,
                None,
                format!("cannot open the database ({e}); {EXPECTED}"),
            )
        };
        // The in-memory copy cannot share a WAL index: mark it a rollback
        // journal database (header bytes 18 and 19), as SQLite's docs advise.
        let mut header = [0u8; HEADER_BYTES];
        header.copy_from_slice(&bytes[..HEADER_BYTES]);
        if in_wal_mode(bytes) {
            header[18] = 1;
            header[19] = 1;
        }
        let reader = header.as_slice().chain(&bytes[HEADER_BYTES..]);
        let mut conn = Connection::open_in_memory().map_err(fail)?;
        conn.deserialize_read_exact("main", reader, bytes.len(), true)
            .map_err(fail)?;
        conn.execute_batch(
            "PRAGMA query_only = ON; PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON; \
             PRAGMA temp_store = MEMORY;",
        )
        .map_err(fail)?;
        Ok(Db { conn, display })
    }

    fn error(&self, e: rusqlite::Error) -> ImportError {
        ImportError::invalid(
            self.display,
            None,
            format!("cannot read the database ({e}); {EXPECTED}"),
        )
    }

    fn tables(&self) -> Result<HashSet<String>, ImportError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .map_err(|e| self.error(e))?;
        let names = stmt
            .query_map([], |row| Ok(text(row, 0).unwrap_or_default()))
            .map_err(|e| self.error(e))?;
        names
            .map(|n| n.map(|n| n.to_ascii_lowercase()))
            .collect::<Result<_, _>>()
            .map_err(|e| self.error(e))
    }

    fn check_tables(&self) -> Result<(), ImportError> {
        let tables = self.tables()?;
        let missing: Vec<&str> = REQUIRED_TABLES
            .into_iter()
            .filter(|t| !tables.contains(*t))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(ImportError::invalid(
            self.display,
            None,
            format!(
                "a SQLite database without table(s) {}; {EXPECTED}",
                missing.join(", ")
            ),
        ))
    }

    /// The columns of `table`, lowercased (empty if there is no such table).
    fn columns(&self, table: &str) -> Result<HashSet<String>, ImportError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .map_err(|e| self.error(e))?;
        let names = stmt
            .query_map([table], |row| Ok(text(row, 0).unwrap_or_default()))
            .map_err(|e| self.error(e))?;
        names
            .map(|n| n.map(|n| n.to_ascii_lowercase()))
            .collect::<Result<_, _>>()
            .map_err(|e| self.error(e))
    }

    /// Runs `sql` and hands every row to `each`.
    fn each_row(
        &self,
        sql: &str,
        mut each: impl FnMut(&Row<'_>) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.error(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.error(e))?;
        while let Some(row) = rows.next().map_err(|e| self.error(e))? {
            each(row)?;
        }
        Ok(())
    }
}

/// `alias.column` if `present` has it, else `NULL` (so column positions stay fixed).
fn column_or_null(present: &HashSet<String>, alias: &str, column: &str) -> String {
    if present.contains(&column.to_ascii_lowercase()) {
        format!("{alias}.\"{column}\"")
    } else {
        "NULL".to_owned()
    }
}

fn select_list(present: &HashSet<String>, alias: &str, columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| column_or_null(present, alias, c))
        .collect::<Vec<_>>()
        .join(", ")
}

// ------------------------------------------------------------- lenient values

fn int(row: &Row<'_>, i: usize) -> Option<i64> {
    match row.get_ref(i).ok()? {
        ValueRef::Integer(n) => Some(n),
        // `as` saturates (NaN becomes 0): fine for a broken value.
        ValueRef::Real(f) => Some(f as i64),
        ValueRef::Text(t) => std::str::from_utf8(t).ok()?.trim().parse().ok(),
        ValueRef::Null | ValueRef::Blob(_) => None,
    }
}

fn flag(row: &Row<'_>, i: usize) -> bool {
    int(row, i).is_some_and(|n| n != 0)
}

fn text(row: &Row<'_>, i: usize) -> Option<String> {
    match row.get_ref(i).ok()? {
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Integer(n) => Some(n.to_string()),
        ValueRef::Real(_) | ValueRef::Null => None,
    }
}

fn blob<'r>(row: &'r Row<'_>, i: usize) -> Option<&'r [u8]> {
    match row.get_ref(i).ok()? {
        ValueRef::Blob(b) => Some(b),
        _ => None,
    }
}

// ------------------------------------------------------------- handles, attachments

/// Handle ROWID → its id (phone number or e-mail address).
type Handles = HashMap<i64, String>;

impl Db<'_> {
    fn handles(&self) -> Result<Handles, ImportError> {
        let cols = self.columns("handle")?;
        let sql = format!(
            "SELECT h.ROWID, {} FROM handle h",
            column_or_null(&cols, "h", "id")
        );
        let mut handles = Handles::new();
        self.each_row(&sql, |row| {
            if let Some(rowid) = int(row, 0) {
                let id = text(row, 1)
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| format!("handle {rowid}"));
                handles.insert(rowid, id);
            }
            Ok(())
        })?;
        Ok(handles)
    }

    /// Message ROWID → the kind of its first attachment.
    fn attachment_kinds(&self) -> Result<HashMap<i64, MediaKind>, ImportError> {
        let mut kinds = HashMap::new();
        let join = self.columns("message_attachment_join")?;
        let cols = self.columns("attachment")?;
        if !join.contains("message_id") || !join.contains("attachment_id") || cols.is_empty() {
            return Ok(kinds);
        }
        let sql = format!(
            "SELECT j.message_id, {} FROM message_attachment_join j \
             JOIN attachment a ON a.ROWID = j.attachment_id ORDER BY j.message_id, a.ROWID",
            select_list(
                &cols,
                "a",
                &[
                    "mime_type",
                    "uti",
                    "is_sticker",
                    "transfer_name",
                    "filename"
                ]
            )
        );
        self.each_row(&sql, |row| {
            if let Some(message) = int(row, 0) {
                let name = text(row, 4).or_else(|| text(row, 5)).unwrap_or_default();
                let kind = media_kind(
                    &text(row, 1).unwrap_or_default(),
                    &text(row, 2).unwrap_or_default(),
                    flag(row, 3),
                    &name,
                );
                kinds.entry(message).or_insert(kind);
            }
            Ok(())
        })?;
        Ok(kinds)
    }
}

/// The kind of an attachment from its MIME type, UTI, sticker flag and name.
fn media_kind(mime: &str, uti: &str, sticker: bool, name: &str) -> MediaKind {
    if sticker {
        return MediaKind::Sticker;
    }
    let name = name.to_ascii_lowercase();
    if name.ends_with(".loc.vcf") {
        return MediaKind::Location;
    }
    let mime = mime.to_ascii_lowercase();
    let uti = uti.to_ascii_lowercase();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match (mime.split('/').next().unwrap_or(""), mime.as_str()) {
        (_, "image/gif") => return MediaKind::Gif,
        ("image", _) => return MediaKind::Photo,
        ("video", _) => return MediaKind::Video,
        ("audio", _) => return MediaKind::Audio,
        (_, "text/vcard" | "text/x-vcard") => return MediaKind::Contact,
        _ => {}
    }
    match (uti.as_str(), ext) {
        ("com.compuserve.gif", _) | (_, "gif") => MediaKind::Gif,
        ("com.apple.coreaudio-format", _) | (_, "caf" | "m4a" | "amr" | "mp3" | "aac") => {
            MediaKind::Audio
        }
        ("public.vcard", _) | (_, "vcf") => MediaKind::Contact,
        (_, "heic" | "jpg" | "jpeg" | "png" | "tiff" | "webp") => MediaKind::Photo,
        (_, "mov" | "mp4" | "m4v") => MediaKind::Video,
        (u, _) if u.contains("image") || u.contains("jpeg") || u.contains("png") => {
            MediaKind::Photo
        }
        (u, _) if u.contains("movie") || u.contains("video") => MediaKind::Video,
        ("", "") if mime.is_empty() => MediaKind::Unknown,
        _ => MediaKind::Document,
    }
}

// ------------------------------------------------------------- chats

/// A chat being filled, with what its warnings will count.
struct Building {
    rowid: i64,
    chat: Chat,
    me: PersonId,
    /// The other person of a 1:1 chat, who sends messages without a handle.
    direct: Option<PersonId>,
    tally: Tally,
}

#[derive(Default)]
struct Tally {
    tapbacks: usize,
    unknown_senders: usize,
    bad_dates: usize,
    partial_bodies: usize,
    unreadable_bodies: usize,
    nanos: usize,
    seconds: usize,
}

impl Db<'_> {
    /// Every chat row, with its participants added as people ("Me" first).
    fn chats(&self, handles: &Handles) -> Result<Vec<Building>, ImportError> {
        let members = self.members(handles)?;
        let cols = self.columns("chat")?;
        let sql = format!(
            "SELECT c.ROWID, {} FROM chat c ORDER BY c.ROWID",
            select_list(&cols, "c", &["chat_identifier", "display_name", "style"])
        );
        let mut chats = Vec::new();
        let mut ids = HashSet::new();
        self.each_row(&sql, |row| {
            let Some(rowid) = int(row, 0) else {
                return Ok(());
            };
            let row = ChatRow {
                rowid,
                identifier: nonempty(text(row, 1)),
                display_name: nonempty(text(row, 2)),
                style: int(row, 3),
            };
            let people = members.get(&rowid).map_or(&[][..], Vec::as_slice);
            chats.push(building(&row, people, &mut ids));
            Ok(())
        })?;
        Ok(chats)
    }

    /// Chat ROWID → its handles, from `chat_handle_join`.
    fn members(&self, handles: &Handles) -> Result<HashMap<i64, Vec<String>>, ImportError> {
        let mut members: HashMap<i64, Vec<String>> = HashMap::new();
        let cols = self.columns("chat_handle_join")?;
        if !cols.contains("chat_id") || !cols.contains("handle_id") {
            return Ok(members);
        }
        let sql = "SELECT chat_id, handle_id FROM chat_handle_join ORDER BY chat_id, handle_id";
        self.each_row(sql, |row| {
            let (Some(chat), Some(handle)) = (int(row, 0), int(row, 1)) else {
                return Ok(());
            };
            if let Some(id) = handles.get(&handle) {
                let list = members.entry(chat).or_default();
                if !list.contains(id) {
                    list.push(id.clone());
                }
            }
            Ok(())
        })?;
        Ok(members)
    }
}

struct ChatRow {
    rowid: i64,
    identifier: Option<String>,
    display_name: Option<String>,
    style: Option<i64>,
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn building(row: &ChatRow, members: &[String], ids: &mut HashSet<String>) -> Building {
    let group = row.style == Some(STYLE_GROUP) || members.len() > 1;
    let identifier = row
        .identifier
        .clone()
        .unwrap_or_else(|| format!("chat {}", row.rowid));
    // The handle of a 1:1 chat: its one member, else its identifier.
    let handle = (!group).then(|| {
        members
            .first()
            .cloned()
            .unwrap_or_else(|| identifier.clone())
    });
    let name = match (&row.display_name, &handle) {
        (Some(n), _) => n.clone(),
        (None, Some(h)) => h.clone(),
        (None, None) if !members.is_empty() => members.join(", "),
        (None, None) => identifier.clone(),
    };
    let mut id = identifier;
    if !ids.insert(id.clone()) {
        id = format!("{id}#{}", row.rowid);
        ids.insert(id.clone());
    }
    let mut chat = Chat::new(id, name, FORMAT);
    let me = chat.person(ME);
    for m in members {
        chat.person(m);
    }
    let direct = handle.as_deref().map(|h| chat.person(h));
    chat.contact = handle;
    let style = match row.style {
        Some(STYLE_GROUP) => "group",
        Some(STYLE_DIRECT) => "1:1",
        _ if group => "group",
        _ => "1:1",
    };
    chat.detail = format!("chat.db, {style}");
    Building {
        rowid: row.rowid,
        chat,
        me,
        direct,
        tally: Tally::default(),
    }
}

// ------------------------------------------------------------- messages

/// Message columns read, in this order after `chat_id, ROWID`.
const MESSAGE_COLUMNS: [&str; 12] = [
    "text",
    "attributedBody",
    "handle_id",
    "is_from_me",
    "date",
    "date_edited",
    "date_retracted",
    "associated_message_type",
    "item_type",
    "cache_has_attachments",
    "is_audio_message",
    "balloon_bundle_id",
];

/// One message row, as read.
struct Raw {
    rowid: i64,
    text: Option<String>,
    body: Option<Body>,
    /// `attributedBody` was there but held no string this parser can find.
    body_unreadable: bool,
    handle_id: Option<i64>,
    from_me: bool,
    date: Option<i64>,
    edited: bool,
    retracted: bool,
    associated_type: i64,
    item_type: i64,
    has_attachments: bool,
    audio: bool,
    app: bool,
}

impl Raw {
    fn read(row: &Row<'_>) -> Option<Raw> {
        let c = |i: usize| i + 2;
        let plain = text(row, c(0)).filter(|t| !t.is_empty());
        let blob = if plain.is_none() {
            blob(row, c(1))
        } else {
            None
        };
        let body = blob.and_then(body_text);
        Some(Raw {
            rowid: int(row, 1)?,
            body_unreadable: blob.is_some_and(|b| !b.is_empty()) && body.is_none(),
            text: plain,
            body,
            handle_id: int(row, c(2)),
            from_me: flag(row, c(3)),
            date: int(row, c(4)),
            edited: int(row, c(5)).is_some_and(|d| d > 0),
            retracted: int(row, c(6)).is_some_and(|d| d > 0),
            associated_type: int(row, c(7)).unwrap_or(0),
            item_type: int(row, c(8)).unwrap_or(0),
            has_attachments: flag(row, c(9)),
            audio: flag(row, c(10)),
            app: nonempty(text(row, c(11))).is_some(),
        })
    }
}

impl Db<'_> {
    /// Reads every message into its chat; returns how many were filed under
    /// a chat id the chat table lacks.
    fn read_messages(
        &self,
        chats: &mut [Building],
        handles: &Handles,
        attachments: &HashMap<i64, MediaKind>,
        tz: &TimeZone,
    ) -> Result<usize, ImportError> {
        let cols = self.columns("message")?;
        if !cols.contains("date") {
            return Err(ImportError::invalid(
                self.display,
                None,
                format!("table message has no column date; {EXPECTED}"),
            ));
        }
        let sql = format!(
            "SELECT j.chat_id, m.ROWID, {} FROM chat_message_join j \
             JOIN message m ON m.ROWID = j.message_id ORDER BY j.chat_id, m.date, m.ROWID",
            select_list(&cols, "m", &MESSAGE_COLUMNS)
        );
        let index: HashMap<i64, usize> = chats
            .iter()
            .enumerate()
            .map(|(i, b)| (b.rowid, i))
            .collect();
        let mut stray = 0;
        self.each_row(&sql, |row| {
            let target = int(row, 0).and_then(|id| index.get(&id).copied());
            let (Some(i), Some(raw)) = (target, Raw::read(row)) else {
                stray += 1;
                return Ok(());
            };
            match chats.get_mut(i) {
                Some(b) => add_message(self.display, b, &raw, handles, attachments, tz),
                None => Ok(()),
            }
        })?;
        Ok(stray)
    }
}

fn add_message(
    display: &str,
    b: &mut Building,
    raw: &Raw,
    handles: &Handles,
    attachments: &HashMap<i64, MediaKind>,
    tz: &TimeZone,
) -> Result<(), ImportError> {
    if TAPBACKS.contains(&raw.associated_type) {
        b.tally.tapbacks += 1;
        return Ok(());
    }
    let Some(time) = raw.date.and_then(|d| apple_time(d, tz, &mut b.tally)) else {
        b.tally.bad_dates += 1;
        return Ok(());
    };
    match (&raw.body, raw.body_unreadable) {
        (Some(Body::Partial(_)), _) => b.tally.partial_bodies += 1,
        (None, true) => b.tally.unreadable_bodies += 1,
        _ => {}
    }
    let sender = sender(b, raw, handles);
    let (kind, text) = classify(raw, attachments);
    let line = u32::try_from(raw.rowid.max(0)).unwrap_or(u32::MAX);
    if !b.chat.push(line, time, Some(sender), kind, &text) {
        return Err(ImportError::text_full(display, None));
    }
    if raw.edited {
        if let Some(m) = b.chat.last_mut() {
            m.edited = true;
        }
    }
    Ok(())
}

/// Local time of an Apple date (seconds or nanoseconds since 2001).
fn apple_time(date: i64, tz: &TimeZone, tally: &mut Tally) -> Option<LocalTime> {
    if date == 0 {
        return None;
    }
    let secs = if date.unsigned_abs() > NANOS_ABOVE {
        tally.nanos += 1;
        date.div_euclid(1_000_000_000)
    } else {
        tally.seconds += 1;
        date
    };
    local(secs.checked_add(APPLE_EPOCH)?, tz)
}

fn sender(b: &mut Building, raw: &Raw, handles: &Handles) -> PersonId {
    if raw.from_me {
        return b.me;
    }
    if let Some(h) = raw.handle_id.and_then(|id| handles.get(&id)) {
        return b.chat.person(h);
    }
    if let Some(them) = b.direct {
        return them;
    }
    b.tally.unknown_senders += 1;
    b.chat.person(UNKNOWN_SENDER)
}

/// The kind and text of a message that is not a tapback.
fn classify(raw: &Raw, attachments: &HashMap<i64, MediaKind>) -> (Kind, String) {
    let full = match (&raw.text, &raw.body) {
        (Some(t), _) | (None, Some(Body::Whole(t) | Body::Partial(t))) => t.as_str(),
        (None, None) => "",
    };
    if raw.retracted {
        return (Kind::Deleted, String::new());
    }
    if raw.item_type != 0 {
        return (Kind::System, full.trim().to_owned());
    }
    let attached = attachments.get(&raw.rowid).copied();
    if raw.audio {
        return (Kind::Media(MediaKind::Audio), caption(full));
    }
    if raw.has_attachments || attached.is_some() || full.contains(PLACEHOLDER) {
        let kind = attached.unwrap_or(MediaKind::Unknown);
        return (Kind::Media(kind), caption(full));
    }
    if raw.app && full.trim().is_empty() {
        return (Kind::Media(MediaKind::Unknown), String::new());
    }
    (Kind::Text, full.to_owned())
}

/// The text of a media message without its attachment placeholders (and
/// the replacement characters a placeholder can decay to).
fn caption(text: &str) -> String {
    text.replace([PLACEHOLDER, '\u{FFFD}'], "")
        .trim()
        .to_owned()
}

// ------------------------------------------------------------- finishing

fn finish(
    display: &str,
    chats: Vec<Building>,
    mut notes: Vec<String>,
) -> Result<Vec<Chat>, ImportError> {
    let total = chats.len();
    let mut out: Vec<Chat> = chats
        .into_iter()
        .filter(|b| !b.chat.messages().is_empty())
        .map(|b| {
            let mut chat = b.chat;
            add_detail(&mut chat, &b.tally);
            add_warnings(&mut chat, &b.tally);
            chat.sort();
            chat
        })
        .collect();
    if out.is_empty() {
        return Err(ImportError::invalid(
            display,
            None,
            format!(
                "the iMessage database holds no messages ({total} chat(s), none with a message)"
            ),
        ));
    }
    if out.len() < total {
        notes.push(format!(
            "database: left out {} chat(s) without messages",
            total - out.len()
        ));
    }
    if let Some(first) = out.first_mut() {
        first.warnings.extend(notes);
    }
    Ok(out)
}

fn add_detail(chat: &mut Chat, t: &Tally) {
    let unit = match (t.nanos > 0, t.seconds > 0) {
        (true, false) => "nanosecond dates (macOS 10.13+)",
        (false, true) => "second dates (before macOS 10.13)",
        _ => "mixed second/nanosecond dates",
    };
    chat.detail = format!("{}, {unit}", chat.detail);
}

fn add_warnings(chat: &mut Chat, t: &Tally) {
    let notes = [
        (
            t.tapbacks,
            "skipped {} tapback(s) (reactions are not messages)",
        ),
        (t.bad_dates, "skipped {} message(s) without a usable date"),
        (
            t.unknown_senders,
            "{} message(s) name no sender handle; they are from \"Unknown\"",
        ),
        (
            t.partial_bodies,
            "{} message text(s) read only in part from attributedBody",
        ),
        (
            t.unreadable_bodies,
            "{} message text(s) in attributedBody could not be read and are empty",
        ),
    ];
    for (n, template) in notes {
        if n > 0 {
            chat.warnings.push(template.replace("{}", &n.to_string()));
        }
    }
}

// ------------------------------------------------------------- attributedBody

/// The text of an `attributedBody` blob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Body {
    Whole(String),
    /// The stated length ran past the blob, or the bytes were not UTF-8:
    /// what could be read.
    Partial(String),
}

/// The string in an `attributedBody`: an `NSAttributedString` archived as a
/// typedstream (`streamtyped`). Its text is the first `NSString` object:
/// the class name, then (after a version and a superclass reference) a `+`
/// (a C string of UTF-8 bytes), its length, then the bytes. A length is one
/// byte below 0x80, or 0x81 and a 2-byte, or 0x82 and a 4-byte little-endian
/// integer. `None` when there is no such string.
pub(crate) fn body_text(blob: &[u8]) -> Option<Body> {
    const CLASS: &[u8] = b"NSString";
    /// How far after the class name the `+` may sit (it is 4 bytes on).
    const PLUS_WITHIN: usize = 8;
    let class = memmem::find(blob, CLASS)?;
    let after = class + CLASS.len();
    let window = blob.get(after..)?;
    let window = &window[..window.len().min(PLUS_WITHIN)];
    let plus = after + window.iter().position(|&b| b == b'+')?;
    let (len, start) = read_length(blob, plus + 1)?;
    let end = start.checked_add(len)?;
    if let Some(bytes) = blob.get(start..end) {
        return Some(match std::str::from_utf8(bytes) {
            Ok(s) => Body::Whole(s.to_owned()),
            Err(_) => Body::Partial(String::from_utf8_lossy(bytes).into_owned()),
        });
    }
    // The stated length runs past the blob: keep what is there, up to the
    // end of the string object (0x86, then 0x84 starting the next one).
    let rest = blob.get(start..)?;
    let rest = memmem::find(rest, &[0x86, 0x84]).map_or(rest, |e| &rest[..e]);
    let valid = match std::str::from_utf8(rest) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or_default(),
    };
    Some(Body::Partial(valid.to_owned()))
}

/// A typedstream length at `at`: the length and where the data starts.
fn read_length(blob: &[u8], at: usize) -> Option<(usize, usize)> {
    let tag = *blob.get(at)?;
    match tag {
        0x81 => {
            let b = blob.get(at + 1..at + 3)?;
            Some((usize::from(u16::from_le_bytes([b[0], b[1]])), at + 3))
        }
        0x82 => {
            let b = blob.get(at + 1..at + 5)?;
            let n = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            Some((usize::try_from(n).ok()?, at + 5))
        }
        n if n < 0x80 => Some((usize::from(n), at + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    const SCHEMA: &str = "
        CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, service TEXT);
        CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT, style INTEGER,
            chat_identifier TEXT, service_name TEXT, display_name TEXT);
        CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT, text TEXT,
            attributedBody BLOB, handle_id INTEGER DEFAULT 0, is_from_me INTEGER DEFAULT 0,
            date INTEGER, date_edited INTEGER DEFAULT 0, date_retracted INTEGER DEFAULT 0,
            associated_message_type INTEGER DEFAULT 0, associated_message_guid TEXT,
            item_type INTEGER DEFAULT 0, cache_has_attachments INTEGER DEFAULT 0,
            is_audio_message INTEGER DEFAULT 0, balloon_bundle_id TEXT, group_title TEXT);
        CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER, message_date INTEGER DEFAULT 0);
        CREATE TABLE chat_handle_join (chat_id INTEGER, handle_id INTEGER);
        CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT, filename TEXT,
            uti TEXT, mime_type TEXT, transfer_name TEXT, is_sticker INTEGER DEFAULT 0);
        CREATE TABLE message_attachment_join (message_id INTEGER, attachment_id INTEGER);
    ";

    /// 2024-03-01T12:00:00Z as an Apple date in seconds.
    const NOON: i64 = 1_709_294_400 - APPLE_EPOCH;
    const NS: i64 = 1_000_000_000;

    fn serialize(conn: &Connection) -> Vec<u8> {
        conn.serialize("main").unwrap().to_vec()
    }

    fn with_schema(sql: &str) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        conn.execute_batch(sql).unwrap();
        conn
    }

    fn import(bytes: &[u8]) -> Result<Vec<Chat>, ImportError> {
        parse("chat.db", "chat.db", bytes, &TimeZone::UTC)
    }

    fn import_one(bytes: &[u8]) -> Chat {
        let mut chats = import(bytes).unwrap();
        assert_eq!(chats.len(), 1);
        chats.remove(0)
    }

    /// `(sender, kind, text, time)` of every message.
    fn rows(chat: &Chat) -> Vec<(String, Kind, String, String)> {
        chat.messages()
            .iter()
            .map(|m| {
                let sender = m
                    .sender()
                    .map(|s| chat.name_of(s).to_owned())
                    .unwrap_or_default();
                (
                    sender,
                    m.kind,
                    chat.text(m).into_owned(),
                    m.time.to_string(),
                )
            })
            .collect()
    }

    /// A minimal typedstream `attributedBody` holding `text`.
    fn typedstream(text: &str) -> Vec<u8> {
        let mut b = b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject\x00\x85\x92\x84\x84\x84\x08NSString\x01\x94\x84\x01+".to_vec();
        let n = text.len();
        if n < 0x80 {
            b.push(n as u8);
        } else {
            b.push(0x81);
            b.extend_from_slice(&(n as u16).to_le_bytes());
        }
        b.extend_from_slice(text.as_bytes());
        b.extend_from_slice(b"\x86\x84\x02iI\x01\x01\x92\x84\x84\x84\x0cNSDictionary\x00\x86\x86");
        b
    }

    const DIRECT: &str = "
        INSERT INTO handle (ROWID, id, service) VALUES (1, '+15551234567', 'iMessage');
        INSERT INTO chat (ROWID, style, chat_identifier) VALUES (1, 45, '+15551234567');
        INSERT INTO chat_handle_join VALUES (1, 1);
    ";

    fn message(conn: &Connection, rowid: i64, from_me: bool, date: i64, text: Option<&str>) {
        conn.execute(
            "INSERT INTO message (ROWID, text, handle_id, is_from_me, date) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![rowid, text, if from_me { 0 } else { 1 }, from_me, date],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO chat_message_join (chat_id, message_id) VALUES (1, ?1)",
            params![rowid],
        )
        .unwrap();
    }

    #[test]
    fn direct_chat_with_nanosecond_dates() {
        let conn = with_schema(DIRECT);
        message(&conn, 1, false, NOON * NS, Some("hi there"));
        message(&conn, 2, true, (NOON + 90) * NS + 123, Some("hey!"));
        let chat = import_one(&serialize(&conn));
        assert_eq!(chat.id, "+15551234567");
        assert_eq!(chat.name, "+15551234567");
        assert_eq!(chat.format, "imessage");
        assert_eq!(chat.contact.as_deref(), Some("+15551234567"));
        assert!(chat.detail.contains("nanosecond"), "{}", chat.detail);
        assert_eq!(
            rows(&chat),
            [
                (
                    "+15551234567".into(),
                    Kind::Text,
                    "hi there".into(),
                    "2024-03-01T12:00:00".into()
                ),
                (
                    "Me".into(),
                    Kind::Text,
                    "hey!".into(),
                    "2024-03-01T12:01:30".into()
                ),
            ]
        );
        assert_eq!(chat.messages()[0].line, 1);
        assert!(chat.warnings.is_empty(), "{:?}", chat.warnings);
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let chats = parse("chat.db", "chat.db", &serialize(&conn), &berlin).unwrap();
        assert_eq!(
            chats[0].messages()[0].time.to_string(),
            "2024-03-01T13:00:00"
        );
    }

    #[test]
    fn older_dates_in_seconds() {
        let conn = with_schema(DIRECT);
        message(&conn, 1, true, NOON, Some("old mac"));
        message(&conn, 2, false, NOON - 3600, Some("earlier"));
        let chat = import_one(&serialize(&conn));
        let r = rows(&chat);
        assert_eq!(r[0].3, "2024-03-01T11:00:00");
        assert_eq!(r[0].2, "earlier");
        assert_eq!(r[1].3, "2024-03-01T12:00:00");
        assert!(chat.detail.contains("second dates"), "{}", chat.detail);
    }

    #[test]
    fn text_from_attributed_body() {
        let conn = with_schema(DIRECT);
        message(&conn, 1, false, NOON * NS, None);
        let long = "long ".repeat(40);
        message(&conn, 2, true, NOON * NS, None);
        conn.execute(
            "UPDATE message SET attributedBody = ?1 WHERE ROWID = 1",
            params![typedstream("from the body ✓")],
        )
        .unwrap();
        conn.execute(
            "UPDATE message SET attributedBody = ?1 WHERE ROWID = 2",
            params![typedstream(&long)],
        )
        .unwrap();
        let chat = import_one(&serialize(&conn));
        let r = rows(&chat);
        assert_eq!(r[0].2, "from the body ✓");
        assert_eq!(r[1].2, long);
        assert!(chat.warnings.is_empty(), "{:?}", chat.warnings);
    }

    #[test]
    fn unreadable_body_is_empty_text_with_a_warning() {
        let conn = with_schema(DIRECT);
        message(&conn, 1, false, NOON * NS, None);
        conn.execute(
            "UPDATE message SET attributedBody = X'0102030405' WHERE ROWID = 1",
            [],
        )
        .unwrap();
        let chat = import_one(&serialize(&conn));
        assert_eq!(rows(&chat)[0].2, "");
        assert!(
            chat.warnings[0].contains("could not be read"),
            "{:?}",
            chat.warnings
        );
    }

    #[test]
    fn tapbacks_are_skipped_and_counted() {
        let conn = with_schema(DIRECT);
        message(&conn, 1, false, NOON * NS, Some("dinner?"));
        message(&conn, 2, true, NOON * NS + 1, Some("Loved “dinner?”"));
        message(
            &conn,
            3,
            true,
            NOON * NS + 2,
            Some("Removed a heart from “dinner?”"),
        );
        conn.execute_batch(
            "UPDATE message SET associated_message_type = 2000 WHERE ROWID = 2;
             UPDATE message SET associated_message_type = 3000 WHERE ROWID = 3;",
        )
        .unwrap();
        let chat = import_one(&serialize(&conn));
        assert_eq!(chat.messages().len(), 1);
        assert_eq!(
            chat.warnings,
            ["skipped 2 tapback(s) (reactions are not messages)"]
        );
    }

    #[test]
    fn attachments_are_media() {
        let conn = with_schema(DIRECT);
        message(&conn, 1, false, NOON * NS, Some("\u{FFFC}look at this"));
        message(&conn, 2, true, NOON * NS + 1, None);
        message(&conn, 3, false, NOON * NS + 2, Some("\u{FFFC}"));
        message(&conn, 4, false, NOON * NS + 3, Some("\u{FFFC}"));
        message(&conn, 5, true, NOON * NS + 4, Some("\u{FFFC}"));
        conn.execute_batch(
            "UPDATE message SET cache_has_attachments = 1 WHERE ROWID IN (1, 3, 5);
             UPDATE message SET is_audio_message = 1 WHERE ROWID = 2;
             INSERT INTO attachment (ROWID, mime_type, uti, transfer_name) VALUES
                (1, 'image/jpeg', 'public.jpeg', 'IMG_1.jpeg'),
                (2, NULL, 'com.apple.quicktime-movie', 'clip.MOV'),
                (3, 'text/x-vcard', 'public.vcard', 'Current Location.loc.vcf');
             INSERT INTO message_attachment_join VALUES (1, 1), (3, 2), (5, 3);",
        )
        .unwrap();
        let chat = import_one(&serialize(&conn));
        let kinds: Vec<(Kind, String)> = rows(&chat).into_iter().map(|r| (r.1, r.2)).collect();
        assert_eq!(
            kinds,
            [
                (Kind::Media(MediaKind::Photo), "look at this".into()),
                (Kind::Media(MediaKind::Audio), String::new()),
                (Kind::Media(MediaKind::Video), String::new()),
                (Kind::Media(MediaKind::Unknown), String::new()),
                (Kind::Media(MediaKind::Location), String::new()),
            ]
        );
    }

    #[test]
    fn media_kinds_from_attachment_fields() {
        assert_eq!(
            media_kind("image/heic", "public.heic", false, "a.heic"),
            MediaKind::Photo
        );
        assert_eq!(media_kind("image/gif", "", false, ""), MediaKind::Gif);
        assert_eq!(
            media_kind("", "com.apple.coreaudio-format", false, "Audio.caf"),
            MediaKind::Audio
        );
        assert_eq!(media_kind("image/png", "", true, ""), MediaKind::Sticker);
        assert_eq!(
            media_kind("application/pdf", "com.adobe.pdf", false, "x.pdf"),
            MediaKind::Document
        );
        assert_eq!(media_kind("", "", false, ""), MediaKind::Unknown);
    }

    #[test]
    fn edited_retracted_and_system_lines() {
        let conn = with_schema(DIRECT);
        message(&conn, 1, true, NOON * NS, Some("typo fixed"));
        message(&conn, 2, true, NOON * NS + 1, None);
        message(
            &conn,
            3,
            false,
            NOON * NS + 2,
            Some("named the conversation"),
        );
        conn.execute_batch(
            "UPDATE message SET date_edited = 730000000000000000 WHERE ROWID = 1;
             UPDATE message SET date_retracted = 730000000000000000 WHERE ROWID = 2;
             UPDATE message SET item_type = 2 WHERE ROWID = 3;",
        )
        .unwrap();
        let chat = import_one(&serialize(&conn));
        let m = chat.messages();
        assert!(m[0].edited && !m[1].edited);
        assert_eq!(m[0].kind, Kind::Text);
        assert_eq!(m[1].kind, Kind::Deleted);
        assert_eq!(m[2].kind, Kind::System);
    }

    #[test]
    fn group_chat_has_every_participant() {
        let conn = with_schema(
            "INSERT INTO handle (ROWID, id) VALUES (1, '+15550000001'), (2, 'ann@example.com'), (3, '+15550000003');
             INSERT INTO chat (ROWID, style, chat_identifier, display_name) VALUES
                (7, 43, 'chat123', 'Weekend Plans'), (8, 43, 'chat456', NULL);
             INSERT INTO chat_handle_join VALUES (7, 1), (7, 2), (7, 3), (8, 1), (8, 2);
             INSERT INTO message (ROWID, text, handle_id, is_from_me, date) VALUES
                (1, 'who is in?', 0, 1, 730000000000000000),
                (2, 'me', 2, 0, 730000001000000000),
                (3, 'me too', 3, 0, 730000002000000000),
                (4, 'ghost', 0, 0, 730000003000000000),
                (5, 'other group', 1, 0, 730000003000000000);
             INSERT INTO chat_message_join (chat_id, message_id) VALUES (7, 1), (7, 2), (7, 3), (7, 4), (8, 5);",
        );
        let chats = import(&serialize(&conn)).unwrap();
        assert_eq!(chats.len(), 2);
        let chat = &chats[0];
        assert_eq!(
            (chat.id.as_str(), chat.name.as_str()),
            ("chat123", "Weekend Plans")
        );
        assert_eq!(chat.contact, None);
        let people: Vec<&str> = chat.people().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            people,
            [
                "Me",
                "+15550000001",
                "ann@example.com",
                "+15550000003",
                "Unknown"
            ]
        );
        assert_eq!(chat.counts(), [1, 0, 1, 1, 1]);
        assert!(chat.detail.contains("group"));
        assert!(chat
            .warnings
            .iter()
            .any(|w| w.contains("1 message(s) name no sender")));
        assert_eq!(chats[1].name, "+15550000001, ann@example.com");
    }

    #[test]
    fn duplicate_identifiers_and_empty_chats() {
        let conn = with_schema(
            "INSERT INTO handle (ROWID, id) VALUES (1, '+15551234567');
             INSERT INTO chat (ROWID, style, chat_identifier, service_name) VALUES
                (1, 45, '+15551234567', 'iMessage'), (2, 45, '+15551234567', 'SMS'), (3, 45, 'x@y.z', 'iMessage');
             INSERT INTO chat_handle_join VALUES (1, 1), (2, 1);
             INSERT INTO message (ROWID, text, handle_id, date) VALUES (1, 'a', 1, 700000000), (2, 'b', 1, 700000001), (3, 'c', 1, 700000002);
             INSERT INTO chat_message_join (chat_id, message_id) VALUES (1, 1), (2, 2), (99, 3);",
        );
        let chats = import(&serialize(&conn)).unwrap();
        let ids: Vec<&str> = chats.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["+15551234567", "+15551234567#2"]);
        let w = &chats[0].warnings;
        assert!(
            w.iter()
                .any(|w| w.contains("1 message(s) filed under a chat")),
            "{w:?}"
        );
        assert!(w.iter().any(|w| w.contains("left out 1 chat(s)")), "{w:?}");
    }

    #[test]
    fn missing_optional_columns() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
             CREATE TABLE chat (ROWID INTEGER PRIMARY KEY, chat_identifier TEXT);
             CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, handle_id INTEGER, is_from_me INTEGER, date INTEGER);
             CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER);
             INSERT INTO handle VALUES (1, 'bob@example.com');
             INSERT INTO chat VALUES (1, 'bob@example.com');
             INSERT INTO message VALUES (1, 'hello', 1, 0, 300000000), (2, 'yo', 0, 1, 300000060),
                                        (3, 'no handle', 0, 0, 300000120), (4, 'no date', 1, 0, NULL);
             INSERT INTO chat_message_join VALUES (1, 1), (1, 2), (1, 3), (1, 4);",
        )
        .unwrap();
        let chat = import_one(&serialize(&conn));
        assert_eq!(chat.contact.as_deref(), Some("bob@example.com"));
        let senders: Vec<String> = rows(&chat).into_iter().map(|r| r.0).collect();
        assert_eq!(senders, ["bob@example.com", "Me", "bob@example.com"]);
        assert_eq!(
            chat.warnings,
            ["skipped 1 message(s) without a usable date"]
        );
    }

    #[test]
    fn odd_value_types_do_not_break_the_import() {
        let conn = with_schema(DIRECT);
        conn.execute_batch(
            "INSERT INTO message (ROWID, text, handle_id, is_from_me, date, item_type) VALUES
                (1, X'68C3A96C6C6F', '1', 'x', 7.3e17, NULL),
                (2, 42, 1.5, 0, '730000000000000000', 'zero'),
                (3, 'far future', 1, 0, 999999999999999, 0);
             INSERT INTO chat_message_join (chat_id, message_id) VALUES (1, 1), (1, 2), (1, 3);",
        )
        .unwrap();
        let chat = import_one(&serialize(&conn));
        assert_eq!(chat.messages().len(), 2, "{:?}", rows(&chat));
        assert!(chat
            .warnings
            .iter()
            .any(|w| w.contains("without a usable date")));
    }

    #[test]
    fn wal_mode_header_is_read_with_a_warning() {
        let conn = with_schema(DIRECT);
        message(&conn, 1, false, NOON * NS, Some("hi"));
        let mut bytes = serialize(&conn);
        bytes[18] = 2;
        bytes[19] = 2;
        let chat = import_one(&bytes);
        assert_eq!(chat.messages().len(), 1);
        assert!(chat.warnings[0].contains("WAL"), "{:?}", chat.warnings);
    }

    fn assert_invalid(bytes: &[u8], needle: &str) {
        match import(bytes) {
            Err(e @ ImportError::Invalid { .. }) => {
                let s = e.to_string();
                assert!(s.starts_with("chat.db: ") && s.contains(needle), "{s}");
            }
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn not_a_chat_db_is_an_error() {
        assert!(!looks_like(b"hello"));
        assert_invalid(b"garbage bytes, not a database", "not a SQLite database");
        assert_invalid(b"SQLite format 3\0short", "cut short");
        let mut junk = MAGIC.to_vec();
        junk.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        assert_invalid(&junk, "expected an iMessage chat.db");
        let other = Connection::open_in_memory().unwrap();
        other
            .execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');")
            .unwrap();
        assert_invalid(
            &serialize(&other),
            "without table(s) message, handle, chat, chat_message_join",
        );
        let empty = with_schema("");
        assert_invalid(&serialize(&empty), "holds no messages");
    }

    #[test]
    fn truncated_and_corrupted_databases_never_panic() {
        let conn = with_schema(DIRECT);
        for i in 0..200 {
            message(
                &conn,
                i + 1,
                i % 3 == 0,
                (NOON + i) * NS,
                Some(&"words ".repeat(i as usize % 50)),
            );
        }
        let bytes = serialize(&conn);
        assert!(bytes.len() > 8192);
        let mut errors = 0;
        for cut in (0..bytes.len()).step_by(509) {
            errors += usize::from(import(&bytes[..cut]).is_err());
        }
        assert!(errors > 0);
        for at in (16..bytes.len()).step_by(97) {
            let mut bad = bytes.clone();
            bad[at] ^= 0x5A;
            let _ = import(&bad);
        }
        let half = &bytes[..bytes.len() / 2];
        assert_invalid(half, "cannot read the database");
    }

    #[test]
    fn typedstream_lengths_and_edges() {
        assert_eq!(
            body_text(&typedstream("")),
            Some(Body::Whole(String::new()))
        );
        let long = "x".repeat(300);
        assert_eq!(body_text(&typedstream(&long)), Some(Body::Whole(long)));
        let mut four = b"NSString\x01\x94\x84\x01+\x82\x03\x00\x00\x00abc".to_vec();
        assert_eq!(body_text(&four), Some(Body::Whole("abc".into())));
        four.truncate(four.len() - 1);
        assert_eq!(body_text(&four), Some(Body::Partial("ab".into())));
        assert_eq!(body_text(b"NSString\x01\x94\x84\x01+\x81\x03"), None);
        assert_eq!(body_text(b"NSString\x01\x94\x84\x01+\xff"), None);
        assert_eq!(body_text(b"NSString"), None);
        assert_eq!(body_text(b"nothing here"), None);
        assert_eq!(body_text(b""), None);
        assert_eq!(
            body_text(b"NSString\x01\x94\x84\x01+\x02\xff\xfe"),
            Some(Body::Partial("\u{FFFD}\u{FFFD}".into()))
        );
    }

    /// A public sample of `../shared/fixtures/imessage`; `None` (a skip that
    /// says so) when the folder is missing outside CI. A missing file of a
    /// present folder is a failure: the test would check nothing.
    fn fixture(name: &str) -> Option<Vec<u8>> {
        let dir = crate::fixtures::dir("imessage")?;
        let path = dir.join(name);
        Some(std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
    }

    #[test]
    fn typedstream_fixtures() {
        let cases: [(&str, Option<&str>, bool); 7] = [
            (
                "imessage-exporter__AttributedBodyTextOnly",
                Some("Noter test"),
                true,
            ),
            (
                "imessage-exporter__AttributedBodyTextOnly2",
                Some("Test 3"),
                true,
            ),
            ("imessage-exporter__Blank", Some(""), true),
            (
                "imessage-exporter__ExtraData",
                Some("This is parsing"),
                false,
            ),
            (
                "imessage-exporter__MultiPart",
                Some("\u{FFFC}test 1\u{FFFC}test 2 \u{FFFC}test 3"),
                true,
            ),
            (
                "imessage-exporter__URL",
                Some("https://github.com/ReagentX/Logria"),
                true,
            ),
            ("imessage-exporter__WeirdText", Some("𝖍𝖊𝖑𝖑𝖔 𝖜𝖔𝖗𝖑𝖉"), true),
        ];
        for (name, want, whole) in cases {
            let Some(bytes) = fixture(name) else {
                return;
            };
            let got = body_text(&bytes);
            match (&got, want) {
                (Some(Body::Whole(t)), Some(w)) if whole => assert_eq!(t, w, "{name}"),
                // ExtraData states 157 bytes but holds only the start.
                (Some(Body::Partial(t)), Some(w)) if !whole => {
                    assert!(t.starts_with(w), "{name}: {t:?}")
                }
                _ => panic!("{name}: got {got:?}"),
            }
        }
    }

    /// `(id, name, people, messages per person)` of every chat of a fixture.
    fn summary(chats: &[Chat]) -> Vec<String> {
        chats
            .iter()
            .map(|c| {
                let people: Vec<String> = c
                    .people()
                    .iter()
                    .zip(c.counts())
                    .map(|(p, n)| format!("{}={n}", p.name))
                    .collect();
                format!(
                    "{} | {} | {} | {}",
                    c.id,
                    c.name,
                    c.messages().len(),
                    people.join(", ")
                )
            })
            .collect()
    }

    #[test]
    fn public_databases_parse() {
        for name in ["imessagedb__chat.db", "macos-ts__chat.db"] {
            let Some(bytes) = fixture(name) else {
                return;
            };
            assert!(looks_like(&bytes));
            let chats = parse(name, name, &bytes, &TimeZone::UTC).unwrap();
            for line in summary(&chats) {
                println!("{name}: {line}");
            }
            for c in &chats {
                for m in c.messages() {
                    println!(
                        "  {} {} {:?} {:?}{}",
                        m.time,
                        m.sender().map_or("-", |s| c.name_of(s)),
                        m.kind,
                        c.text(m),
                        if m.edited { " (edited)" } else { "" }
                    );
                }
                println!("  detail: {}; warnings: {:?}", c.detail, c.warnings);
            }
            match name {
                "imessagedb__chat.db" => {
                    assert_eq!(
                        summary(&chats),
                        [
                            "scripting@schore.org | scripting@schore.org | 1 | Me=1, scripting@schore.org=0",
                            "chat78806267822556021 | scripting@schore.org, +17324475860 | 1 | Me=1, scripting@schore.org=0, +17324475860=0",
                        ]
                    );
                    let c = &chats[0];
                    assert_eq!(c.messages()[0].kind, Kind::Media(MediaKind::Photo));
                    assert_eq!(c.text(&c.messages()[0]), "It’s a lovely day!");
                    let g = &chats[1];
                    assert_eq!(
                        g.text(&g.messages()[0]),
                        "iMessagedb test: Let’s set something up "
                    );
                }
                _ => {
                    assert_eq!(
                        summary(&chats),
                        [
                            "+15551234567 | +15551234567 | 5 | Me=2, +15551234567=3",
                            "alice@example.com | alice@example.com | 4 | Me=2, alice@example.com=2",
                            "chat123456789 | Weekend Plans | 6 | Me=2, +15551234567=2, +15559876543=1, alice@example.com=1",
                        ]
                    );
                    let a = &chats[1];
                    assert_eq!(a.text(&a.messages()[0]), "Check out this cool project!");
                    assert_eq!(a.messages()[3].kind, Kind::Media(MediaKind::Photo));
                    let g = &chats[2];
                    assert_eq!(g.messages()[4].kind, Kind::Media(MediaKind::Audio));
                }
            }
        }
    }
}

//! The Telegram importer's tests: single-chat and full-account exports,
//! text entities, service messages, media, `\xNN` escapes, times and zones,
//! edit times, cut-off files, errors with their JSON path and line, the
//! fast pass against the streaming pass, the public samples, and a
//! benchmark (ignored) on a generated 500 MB export.
//!
//! Why a file of its own: the importer's parts are tested together through
//! [`parse`], from JSON text to the chat, and the tests are as long as the
//! importer.

use super::*;
use pullaway_chat::{CallKind, Kind, MediaKind};

fn utc() -> TimeZone {
    TimeZone::UTC
}

fn read(json: &str) -> Vec<Chat> {
    match parse("t.json", "t.json", json.as_bytes(), &utc()) {
        Ok(chats) => chats,
        Err(e) => panic!("{e}"),
    }
}

fn one(json: &str) -> Chat {
    let mut chats = read(json);
    assert_eq!(chats.len(), 1);
    chats.remove(0)
}

fn err(json: &[u8]) -> String {
    match parse("t.json", "t.json", json, &utc()) {
        Ok(chats) => panic!("expected an error, got {} chats", chats.len()),
        Err(e) => e.to_string(),
    }
}

/// (time, sender, kind, text) of every message.
fn rows(chat: &Chat) -> Vec<(String, String, Kind, String)> {
    chat.messages()
        .iter()
        .map(|m| {
            let who = m.sender().map_or("-", |p| chat.name_of(p)).to_owned();
            (m.time.to_string(), who, m.kind, chat.text(m).into_owned())
        })
        .collect()
}

const SINGLE: &str = r#"{
 "name": "Noor Haddad",
 "type": "personal_chat",
 "id": 4242,
 "messages": [
  {"id": 1, "type": "message", "date": "2024-03-01T21:05:00",
   "from": "Noor Haddad", "from_id": "user4242", "text": "are you up?"},
  {"id": 2, "type": "message", "date": "2024-03-01T21:07:30",
   "from": "Sam Okafor", "from_id": "user77", "text": "yes!", "edited": "2024-03-01T21:08:00"},
  {"id": 3, "type": "message", "date": "2024-03-01T21:06:00",
   "from": "Noor Haddad", "from_id": "user4242", "text": ""}
 ]
}"#;

#[test]
fn single_chat_export() {
    let chat = one(SINGLE);
    assert_eq!(chat.id, "4242");
    assert_eq!(chat.name, "Noor Haddad");
    assert_eq!(chat.format, "telegram");
    assert_eq!(chat.detail, "telegram single-chat export");
    assert_eq!(chat.contact.as_deref(), Some("Noor Haddad"));
    let r = rows(&chat);
    assert_eq!(r.len(), 3);
    // Sorted by time: the 21:06 message moves before 21:07:30.
    assert_eq!(
        r[0],
        (
            "2024-03-01T21:05:00".into(),
            "Noor Haddad".into(),
            Kind::Text,
            "are you up?".into()
        )
    );
    assert_eq!(r[1].0, "2024-03-01T21:06:00");
    assert_eq!(r[2].3, "yes!");
    let edited: Vec<bool> = chat.messages().iter().map(|m| m.edited).collect();
    assert_eq!(edited, [false, false, true]);
    // Lines of each message's `{`.
    let lines: Vec<u32> = chat.messages().iter().map(|m| m.line).collect();
    assert_eq!(lines, [6, 10, 8]);
    assert!(chat.warnings.is_empty());
}

const FULL: &str = r#"{
 "about": "Here is the data you requested.",
 "personal_information": {"user_id": 77, "first_name": "Sam", "last_name": "Okafor", "phone_number": "+0"},
 "contacts": {"about": "x", "list": [{"first_name": "Noor", "date": "2020-01-01T00:00:00"}]},
 "chats": {
  "about": "This page lists all chats from this export.",
  "list": [
   {"name": "Noor 🌙", "type": "personal_chat", "id": 4242, "messages": [
     {"id": 1, "type": "message", "date": "2024-03-01T21:05:00", "from": "Noor Haddad", "from_id": "user999", "text": "hi"},
     {"id": 2, "type": "message", "date": "2024-03-01T21:06:00", "from": "Sam Okafor", "from_id": "user77", "text": "hey"}
   ]},
   {"name": "Climbing crew", "type": "private_group", "id": 5150, "messages": [
     {"id": 1, "type": "service", "date": "2024-02-01T10:00:00", "actor": "Sam Okafor", "actor_id": "user77",
      "action": "create_group", "title": "Climbing crew", "members": ["Ana", "Ben"], "text": ""},
     {"id": 2, "type": "message", "date": "2024-02-01T10:01:00", "from": "Ana", "from_id": "user1", "text": "🧗"},
     {"id": 3, "type": "message", "date": "2024-02-01T10:02:00", "from": "Ben", "from_id": "user2", "text": "sat?"}
   ]},
   {"type": "saved_messages", "id": 77, "messages": []}
  ]
 },
 "left_chats": {"about": "x", "list": []}
}"#;

#[test]
fn full_export_with_two_chats() {
    let chats = read(FULL);
    assert_eq!(chats.len(), 3);
    let dm = &chats[0];
    assert_eq!((dm.id.as_str(), dm.name.as_str()), ("4242", "Noor 🌙"));
    assert_eq!(dm.detail, "telegram full export");
    // The chat's name is not a participant's: the owner tells who the other one is.
    assert_eq!(dm.contact.as_deref(), Some("Noor Haddad"));
    assert_eq!(dm.message_count(), 2);
    let group = &chats[1];
    assert_eq!(group.name, "Climbing crew");
    assert_eq!(group.contact, None);
    assert_eq!(group.system_count(), 1);
    assert_eq!(group.message_count(), 2);
    assert_eq!(rows(group)[0].3, "Sam Okafor created the group");
    assert_eq!(chats[2].name, "Saved messages");
    assert_eq!(chats[2].contact, None);
}

#[test]
fn contact_is_never_the_owner() {
    let json = r#"{"chats": {"list": [{"name": "Sam Okafor", "type": "personal_chat", "id": 1, "messages": [
            {"type": "message", "date": "2024-01-01T00:00:00", "from": "Sam Okafor", "text": "a"},
            {"type": "message", "date": "2024-01-01T00:01:00", "from": "Lee", "text": "b"}]}]},
          "personal_information": {"first_name": "Sam", "last_name": "Okafor"}}"#;
    assert_eq!(one(json).contact.as_deref(), Some("Lee"));
}

#[test]
fn text_arrays_with_entities() {
    let json = r#"{"messages": [{"type": "message", "date": "2024-01-01T00:00:00", "from": "A",
            "text": ["see ", {"type": "bold", "text": "this"}, ": ",
                     {"type": "link", "text": "https://example.org"}, {"type": "mention_name", "text": "@b", "user_id": 5}],
            "text_entities": [{"type": "plain", "text": "ignored"}]},
          {"type": "message", "date": "2024-01-01T00:01:00", "from": "A",
            "text_entities": [{"type": "plain", "text": "only "}, {"type": "italic", "text": "entities"}]}]}"#;
    let chat = one(json);
    assert_eq!(rows(&chat)[0].3, "see this: https://example.org@b");
    assert_eq!(rows(&chat)[1].3, "only entities");
}

#[test]
fn service_calls_and_system_lines() {
    let json = r#"{"name": "B", "type": "personal_chat", "id": 2, "messages": [
          {"type": "service", "date": "2024-01-01T00:00:00", "actor": "A", "actor_id": "user1", "action": "phone_call", "discard_reason": "missed", "text": ""},
          {"type": "service", "date": "2024-01-01T00:01:00", "actor": "B", "actor_id": "user2", "action": "phone_call", "discard_reason": "busy"},
          {"type": "service", "date": "2024-01-01T00:02:00", "actor": "A", "action": "phone_call", "discard_reason": "hangup", "duration_seconds": 56},
          {"type": "service", "date": "2024-01-01T00:03:00", "actor": "B", "action": "pin_message", "message_id": 3, "text": ""},
          {"type": "service", "date": "2024-01-01T00:04:00", "actor": null, "action": "join_group_by_link", "inviter": "X"}]}"#;
    let chat = one(json);
    let kinds: Vec<Kind> = chat.messages().iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            Kind::Call(CallKind::Missed),
            Kind::Call(CallKind::Missed),
            Kind::Call(CallKind::Answered),
            Kind::System,
            Kind::System
        ]
    );
    let r = rows(&chat);
    assert_eq!(r[2].3, "call (56 s)");
    assert_eq!(r[3].3, "B pinned a message");
    assert_eq!(r[4].1, DELETED);
    assert_eq!(chat.contact.as_deref(), Some("B"));
}

#[test]
fn media_kinds() {
    let m = |extra: &str| {
        format!(
            r#"{{"type": "message", "date": "2024-01-01T00:00:00", "from": "A", "text": "", {extra}}}"#
        )
    };
    let cases = [
        (
            m(r#""photo": "photos/1.jpg", "width": 1"#),
            MediaKind::Photo,
        ),
        (
            m(r#""file": "v.mp4", "media_type": "video_file", "mime_type": "video/mp4""#),
            MediaKind::Video,
        ),
        (
            m(r#""file": "(File not included.)", "media_type": "video_message""#),
            MediaKind::Video,
        ),
        (
            m(r#""file": "a.ogg", "media_type": "voice_message", "duration_seconds": 3"#),
            MediaKind::Audio,
        ),
        (
            m(r#""file": "a.mp3", "media_type": "audio_file""#),
            MediaKind::Audio,
        ),
        (
            m(r#""file": "s.webp", "media_type": "sticker", "sticker_emoji": "😀""#),
            MediaKind::Sticker,
        ),
        (
            m(r#""file": "g.mp4", "media_type": "animation""#),
            MediaKind::Gif,
        ),
        (
            m(r#""file": "doc.pdf", "mime_type": "application/pdf""#),
            MediaKind::Document,
        ),
        (
            m(r#""file": "pic.png", "mime_type": "image/png""#),
            MediaKind::Photo,
        ),
        (
            m(r#""contact_information": {"first_name": "Z", "phone_number": "1"}"#),
            MediaKind::Contact,
        ),
        (
            m(r#""location_information": {"latitude": 1.5, "longitude": 2.5}"#),
            MediaKind::Location,
        ),
        (
            m(r#""file": "x", "media_type": "something_new""#),
            MediaKind::Unknown,
        ),
    ];
    let all: Vec<String> = cases.iter().map(|(j, _)| j.clone()).collect();
    let chat = one(&format!(r#"{{"messages": [{}]}}"#, all.join(",")));
    let kinds: Vec<Kind> = chat.messages().iter().map(|m| m.kind).collect();
    let want: Vec<Kind> = cases.iter().map(|(_, k)| Kind::Media(*k)).collect();
    assert_eq!(kinds, want);
    let caption = one(
        r#"{"messages": [{"type": "message", "date": "2024-01-01T00:00:00", "from": "A", "photo": "p.jpg", "text": "look"},
            {"type": "message", "date": "2024-01-01T00:00:01", "from": "A", "poll": {"question": "pizza?", "answers": []}, "text": ""}]}"#,
    );
    assert_eq!(rows(&caption)[0].2, Kind::Media(MediaKind::Photo));
    assert_eq!(rows(&caption)[0].3, "look");
    assert_eq!(
        rows(&caption)[1],
        (
            "2024-01-01T00:00:01".into(),
            "A".into(),
            Kind::Text,
            "pizza?".into()
        )
    );
}

#[test]
fn hex_escapes_are_read_as_control_characters() {
    let json = r#"{"messages": [{"type": "message", "date": "2024-01-01T00:00:00", "from": "A\x1fB",
            "text": "a\x1fb \\x41 \\\x09 x"}], "name": "\x41"}"#;
    let chat = one(json);
    assert_eq!(chat.name, "A");
    // Names lose control characters in the chat model.
    assert_eq!(rows(&chat)[0].1, "AB");
    assert_eq!(rows(&chat)[0].3, "a\u{1f}b \\x41 \\\t x");
    // The rewrite keeps lines: an error after it is still on the right line.
    let e = err(b"{\"name\": \"\\x01\",\n\"messages\": 5}");
    assert!(e.starts_with("t.json:2: messages: invalid type"), "{e}");
}

#[test]
fn from_null_and_missing_senders() {
    let json = r#"{"name": null, "type": "personal_chat", "id": 9, "messages": [
          {"type": "message", "date": "2024-01-01T00:00:00", "from": null, "text": "ghost"},
          {"type": "message", "date": "2024-01-01T00:01:00", "from": null, "from_id": "user5", "text": "id"},
          {"type": "message", "date": "2024-01-01T00:02:00", "text": "nobody"},
          {"type": "message", "from": "A", "text": "no date"},
          {"type": "unsupported", "date": "2024-01-01T00:03:00", "from": "A"},
          {"type": "message", "date": "2024-01-01T00:04:00", "from": "Me", "text": "hi"}]}"#;
    let chat = one(json);
    assert_eq!(chat.name, DELETED);
    let who: Vec<String> = rows(&chat).into_iter().map(|r| r.1).collect();
    assert_eq!(who, [DELETED, "user5", "Me"]);
    assert_eq!(chat.warnings.len(), 3, "{:?}", chat.warnings);
    assert!(
        chat.warnings[0].contains("1 message(s) without a sender"),
        "{:?}",
        chat.warnings
    );
    assert!(chat.warnings[0].contains("line 4"), "{:?}", chat.warnings);
    assert_eq!(chat.contact.as_deref(), Some(DELETED));
}

#[test]
fn unixtime_wins_and_daylight_saving_is_applied() {
    let berlin = TimeZone::get("Europe/Berlin").unwrap();
    // 2024-03-31 00:30 UTC is 01:30 CET; 01:30 UTC is 03:30 CEST.
    let json = r#"{"messages": [
          {"type": "message", "date": "2000-01-01T00:00:00", "date_unixtime": "1711845000", "from": "A", "text": "1"},
          {"type": "message", "date_unixtime": 1711848600, "date": "2000-01-01T00:00:00", "from": "A", "text": "2"},
          {"type": "message", "date": "2024-07-01T12:00:00", "from": "A", "text": "3"},
          {"type": "message", "date": "2024-07-01T10:00:00.250Z", "from": "A", "text": "4"},
          {"type": "message", "date": "2024-07-01T10:00:00+02:00", "from": "A", "text": "5"}]}"#;
    let chat = parse("t", "t", json.as_bytes(), &berlin).unwrap().remove(0);
    let times: Vec<(String, String)> = rows(&chat).into_iter().map(|r| (r.3, r.0)).collect();
    let want = [
        ("1", "2024-03-31T01:30:00"),
        ("2", "2024-03-31T03:30:00"),
        ("5", "2024-07-01T10:00:00"),
        ("3", "2024-07-01T12:00:00"),
        ("4", "2024-07-01T12:00:00"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(times, want);
}

#[test]
fn keys_in_any_order() {
    let json = r#"{"messages": [
            {"text": "late keys", "from_id": "user3", "from": "Kai", "date": "2024-01-01T00:00:00", "type": "message"},
            {"from": "Jo", "type": "message", "date_unixtime": "0", "text": "x"}],
          "id": "3", "type": "personal_chat", "name": "Kai"}"#;
    let chat = one(json);
    assert_eq!((chat.id.as_str(), chat.name.as_str()), ("3", "Kai"));
    assert_eq!(chat.contact.as_deref(), Some("Kai"));
    assert_eq!(rows(&chat)[0].0, "1970-01-01T00:00:00");
    let full = r#"{"chats": {"list": [{"messages": [
              {"type": "message", "date": "2024-01-01T00:00:00", "from": "Lee", "text": "a"},
              {"type": "message", "date": "2024-01-01T00:00:00", "from": "Rae Moss", "text": "b"}],
            "type": "personal_chat", "name": "Lee L."}], "about": "x"},
          "personal_information": {"last_name": "Moss", "first_name": "Rae"}}"#;
    assert_eq!(one(full).contact.as_deref(), Some("Lee"));
}

#[test]
fn malformed_inputs_are_errors() {
    let cases: [(&[u8], &str); 12] = [
            (b"", "t.json: the file is empty"),
            (b"  \n", "the file is empty"),
            (b"[]", "t.json:1: invalid type: sequence, expected a Telegram export (a JSON object)"),
            (b"null", "expected a Telegram export"),
            (b"{}", "neither \"messages\" nor \"chats\""),
            (b"{\"messages\": [{\"type\": \"message\"", "t.json:1: invalid Telegram JSON at column 32 in messages[0]: EOF while parsing an object (the file ends too early)"),
            (b"{\"messages\": {}}", "t.json:1: messages: invalid type: map, expected an array of messages"),
            (b"{\"messages\": [{\"date\": 5}]}", "messages[0].date: invalid type: integer `5`, expected \"YYYY-MM-DDTHH:MM:SS\""),
            (b"{\"messages\": [{\"date_unixtime\": \"soon\"}]}", "messages[0].date_unixtime: expected seconds since 1970, found \"soon\""),
            (b"{\"messages\": [{\"text\": [1]}]}", "messages[0].text[0]: invalid type: integer `1`"),
            (b"{\"messages\": []} x", "invalid Telegram JSON at column 18: trailing characters"),
            (b"{\"messages\": [{\"from\": \"\xff\"}]}", "invalid Telegram JSON"),
        ];
    for (input, want) in cases {
        let e = err(input);
        assert!(
            e.contains(want),
            "{:?}: {e}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn wrong_types_name_the_json_path_and_line() {
    let json = "{\"chats\": {\"list\": [\n{\"messages\": []},\n{\"messages\": [\n{\"type\": \"message\", \"from\": \"A\", \"date\": \"2024-01-01T00:00:00\"},\n{\"type\": \"message\", \"from\": \"A\",\n \"date\": \"01.02.2024 10:00\"}]}]}}";
    let e = err(json.as_bytes());
    assert_eq!(
            e,
            "t.json:6: chats.list[1].messages[1].date: expected \"YYYY-MM-DDTHH:MM:SS\", found \"01.02.2024 10:00\""
        );
    let e = err(b"{\"chats\": {\"list\": [{\"name\": 5}]}}");
    assert_eq!(
        e,
        "t.json:1: chats.list[0].name: invalid type: integer `5`, expected a string"
    );
}

#[test]
fn an_epoch_edit_time_means_never_edited() {
    let json = r#"{"name": "Kai", "type": "personal_chat", "id": 3, "messages": [
          {"type": "message", "date": "2019-05-01T10:00:00", "from": "Kai", "text": "a", "edited": "1970-01-01T05:00:00"},
          {"type": "message", "date": "2019-05-01T10:01:00", "from": "Kai", "text": "b", "edited": "1969-12-31T19:00:00"},
          {"type": "message", "date": "2019-05-01T10:02:00", "from": "Kai", "text": "c", "edited": "1970-01-01T00:00:00", "edited_unixtime": "0"},
          {"type": "message", "date": "2019-05-01T10:03:00", "from": "Kai", "text": "d", "edited": "2019-05-01T10:05:00"},
          {"type": "message", "date": "2019-05-01T10:04:00", "from": "Kai", "text": "e", "edited": "2019-05-01T10:06:00", "edited_unixtime": "1556705160"},
          {"type": "message", "date": "2019-05-01T10:05:00", "from": "Kai", "text": "f", "edited": null},
          {"type": "message", "date": "2019-05-01T10:06:00", "from": "Kai", "text": "g", "edited": "1970-01-02T13:59:59"},
          {"type": "message", "date": "2019-05-01T10:07:00", "from": "Kai", "text": "h", "edited_unixtime": 18000}
        ]}"#;
    let chat = one(json);
    let edited: Vec<(String, bool)> = chat
        .messages()
        .iter()
        .map(|m| (chat.text(m).into_owned(), m.edited))
        .collect();
    let want: Vec<(String, bool)> = [
        ("a", false),
        ("b", false),
        ("c", false),
        ("d", true),
        ("e", true),
        ("f", false),
        ("g", false),
        ("h", false),
    ]
    .iter()
    .map(|(t, e)| (t.to_string(), *e))
    .collect();
    assert_eq!(edited, want);
}

#[test]
fn a_chat_without_messages_reads_as_zero_with_a_note() {
    // An empty list, and a list of service entries only: the same answer.
    let empty = r#"{"name": "Noor", "type": "personal_chat", "id": 42, "messages": []}"#;
    let service = r#"{"name": "Noor", "type": "personal_chat", "id": 42, "messages": [
          {"id": 1, "type": "service", "date": "2024-01-01T10:00:00", "actor": "Noor", "actor_id": "user42", "action": "joined_telegram", "text": ""},
          {"id": 2, "type": "service", "date": "2024-01-01T10:05:00", "actor": "Sam", "actor_id": "user7", "action": "pin_message", "text": ""}
        ]}"#;
    for (json, note) in [
            (empty, "the chat \"Noor\" has no messages: its message list is empty"),
            (
                service,
                "the chat \"Noor\" has no messages: it holds only 2 service entries (joins, pins, title changes, ...)",
            ),
        ] {
            assert!(looks_like(json.as_bytes()), "{json}");
            let chats = crate::import_bytes("result.json", json.as_bytes().to_vec())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(chats.len(), 1);
            assert_eq!(chats[0].format, "telegram");
            assert_eq!(chats[0].message_count(), 0);
            assert_eq!(chats[0].name, "Noor");
            assert_eq!(chats[0].warnings, [note]);
        }
    // Not Telegram just for a `type` key somewhere.
    assert!(!looks_like(br#"{"messages": [], "type": "note"}"#));
    assert!(!looks_like(
        br#"{"messages": [], "title": "personal_chat"}"#
    ));
}

#[test]
fn a_cut_off_export_keeps_its_complete_messages() {
    // Cut inside the third message of a single chat.
    let cut = SINGLE
        .find("\"from\": \"Noor Haddad\", \"from_id\": \"user4242\", \"text\": \"\"")
        .unwrap();
    let chat = one(&SINGLE[..cut]);
    assert_eq!(chat.message_count(), 2);
    let line = SINGLE[..cut].matches('\n').count() + 1;
    let w = chat.warnings.join("\n");
    assert!(
            w.starts_with(&format!("t.json:{line}: the export is cut off: the file ends inside messages[2] at line {line}, column ")),
            "{w}"
        );
    assert!(
        w.ends_with("the 2 complete messages before it were read, and anything after is missing"),
        "{w}"
    );
    // Cut inside the second chat of a full export: the first chat is
    // whole, the second has what came before the cut.
    let cut = FULL.find("\"sat?\"").unwrap();
    let chats = read(&FULL[..cut]);
    assert_eq!(chats.len(), 2);
    assert_eq!(chats[0].message_count(), 2);
    assert_eq!(
        (chats[1].name.as_str(), chats[1].messages().len()),
        ("Climbing crew", 2)
    );
    assert!(
        chats[1].warnings[0].contains("inside chats.list[1].messages[2]"),
        "{:?}",
        chats[1].warnings
    );
    assert!(
        chats[0].warnings[0].contains("the 4 complete messages"),
        "{:?}",
        chats[0].warnings
    );
    // Cut right after a chat's opening brace: that chat is dropped.
    let cut = FULL.find("{\"name\": \"Climbing crew\"").unwrap() + 1;
    let chats = read(&FULL[..cut]);
    assert_eq!(chats.len(), 1);
    // Cut before any message: still an error, with the line.
    let e = err(&SINGLE.as_bytes()[..SINGLE.find("{\"id\": 1").unwrap() + 3]);
    assert!(e.contains("the file ends too early"), "{e}");
}

#[test]
fn recognises_telegram_and_nothing_else() {
    assert!(looks_like(SINGLE.as_bytes()));
    assert!(looks_like(FULL.as_bytes()));
    assert!(looks_like(b"\xEF\xBB\xBF {\"chats\": {\"list\": []}}"));
    assert!(!looks_like(b"[]"));
    assert!(!looks_like(b""));
    assert!(!looks_like(
        b"01/02/2024, 10:00 - A: {\"messages\": 1, \"date\": 2}"
    ));
    let messenger = br#"{"participants": [{"name": "A"}], "messages": [{"sender_name": "A", "timestamp_ms": 1, "content": "the \"date\": was fun"}]}"#;
    assert!(!looks_like(messenger));
}

/// A fixed-seed xorshift, for a reproducible generated export.
pub(super) struct XorShift(pub(super) u64);

impl XorShift {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Text parts nest (`text` holds arrays of arrays): deep nesting stays
/// within serde_json's recursion limit, an error and not a stack overflow.
/// (Mutations of every format are in `tests/mutations.rs`.)
#[test]
fn deeply_nested_text_is_an_error() {
    let json = format!("{{\"messages\": [{{\"text\": {}", "[".repeat(100_000));
    let tz = TimeZone::get("Europe/Berlin").unwrap();
    assert!(parse("m", "m", json.as_bytes(), &tz).is_err());
}

/// The public samples in `../shared/fixtures/telegram` (a failure under
/// CI when missing, a skip elsewhere): each parses. `cargo test --
/// --nocapture public` prints a table.
#[test]
fn public_samples_parse() {
    let Some(dir) = crate::fixtures::dir("telegram") else {
        return;
    };
    let dir = std::fs::read_dir(&dir).unwrap();
    let mut paths: Vec<_> = dir.flatten().map(|e| e.path()).collect();
    assert!(!paths.is_empty(), "no Telegram samples in the fixtures");
    paths.sort();
    println!(
        "{:<40} {:>5} {:<28} {:>12} {:>9} {:>7}",
        "file", "chats", "chat", "participants", "messages", "system"
    );
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(looks_like(&bytes), "{name}");
        let chats = parse(&name, &name, &bytes, &utc()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!chats.is_empty());
        for c in &chats {
            let label = format!("{} ({})", c.name, c.contact.as_deref().unwrap_or("-"));
            println!(
                "{:<40} {:>5} {:<28} {:>12} {:>9} {:>7}",
                name,
                chats.len(),
                label,
                c.participants().len(),
                c.message_count(),
                c.system_count()
            );
            assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        }
    }
}

/// Everything a chat holds that a reader can see, to compare two readings.
fn summary(chats: &[Chat]) -> Vec<String> {
    chats
        .iter()
        .map(|c| {
            let messages: Vec<String> = c
                .messages()
                .iter()
                .map(|m| format!("{:?} {} {}", rows(c), m.line, m.edited))
                .collect();
            format!(
                "{} {} {:?} {} {:?} {messages:?}",
                c.id, c.name, c.contact, c.detail, c.warnings
            )
        })
        .collect()
}

/// The fast pass (with chunks of `chunk` bytes), when it does not give way.
fn fast(bytes: &[u8], chunk: usize) -> Option<Vec<String>> {
    let export = read_fast(&mut &bytes[..], &utc(), chunk)?;
    Some(summary(&export.into_chats("t.json", "t.json").ok()?))
}

fn streaming(bytes: &[u8]) -> Result<Vec<String>, String> {
    match read_streaming("t.json", "t.json", &mut &bytes[..], &utc()) {
        Ok(chats) => Ok(summary(&chats)),
        Err(e) => Err(e.to_string()),
    }
}

/// Exports that take the fast pass's less common roads: `\x` escapes,
/// text arrays, brackets in strings, a message on many lines, nesting deep
/// enough that the fast pass gives way; and whether the fast pass reads it.
pub(super) fn fast_pass_seeds() -> Vec<(Vec<u8>, bool)> {
    let deep = format!(
        "{{\"messages\": [{{\"date\": \"2024-01-01T00:00:00\", \"from\": \"A\", \"x\": {}1{}}}]}}",
        "[".repeat(70),
        "]".repeat(70)
    );
    let brackets = format!(
        "{{\"messages\": [{{\"date\": \"2024-01-01T00:00:00\", \"from\": \"A\", \"text\": \"{}\"}}]}}",
        "{[".repeat(80)
    );
    let mut seeds: Vec<Vec<u8>> = [SINGLE, FULL]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
    seeds.push(
        br#"{"messages": [ {"type": "message", "date": "2024-01-01T00:00:00", "from": "A\x1fB", "text": "a\x1fb \\x41 \\\x09"},
  {"type": "service", "date": "2024-01-01T00:00:01", "actor": "B", "action": "phone_call", "duration_seconds": 5},
  {"type": "message",
   "date_unixtime": 1711848600, "from": null, "from_id": 5, "text": ["a ", {"type": "bold", "text": "b"}, null], "edited": "0"}
 ] , "name": "\x41", "id": 3, "type": "personal_chat"}"#
            .to_vec(),
    );
    seeds.push(brackets.into_bytes());
    let mut seeds: Vec<(Vec<u8>, bool)> = seeds.into_iter().map(|s| (s, true)).collect();
    seeds.push((deep.into_bytes(), false));
    seeds
}

/// The fast pass reads exactly what the streaming pass reads, or gives way
/// to it: on exports that take its less common roads, cut at every byte
/// and mutated, with chunks small enough that messages straddle them.
#[test]
fn the_fast_pass_agrees_with_the_streaming_pass() {
    let mut rng = XorShift(7);
    let noise: &[u8] = b"{}[]\",:\\x0 \n-9.e\xff";
    for (seed, is_fast) in fast_pass_seeds() {
        let whole = fast(&seed, 1 << 20);
        assert_eq!(whole.is_some(), is_fast);
        if let Some(read) = whole {
            assert_eq!(Ok(read), streaming(&seed));
        }
        let mut inputs: Vec<Vec<u8>> = (0..seed.len()).map(|n| seed[..n].to_vec()).collect();
        for _ in 0..300 {
            let mut m = seed.clone();
            let at = (rng.next() % m.len() as u64) as usize;
            let b = noise[(rng.next() % noise.len() as u64) as usize];
            match rng.next() % 3 {
                0 => m[at] = b,
                1 => m.insert(at, b),
                _ => drop(m.remove(at)),
            }
            inputs.push(m);
        }
        for input in &inputs {
            for chunk in [3, 64] {
                if let Some(read) = fast(input, chunk) {
                    let why = String::from_utf8_lossy(input);
                    assert_eq!(Ok(read), streaming(input), "{why}");
                }
            }
        }
    }
}

fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Writes a ~500 MB full-account export (Telegram's pretty layout) to /tmp.
fn write_big_export(path: &str, target: u64) -> std::io::Result<u64> {
    use std::io::Write;
    let file = std::fs::File::create(path)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut written = 0u64;
    let mut rng = XorShift(42);
    write!(w, "{{\n \"about\": \"bench\",\n \"personal_information\": {{\n  \"user_id\": 1,\n  \"first_name\": \"Sam\",\n  \"last_name\": \"Okafor\"\n }},\n \"chats\": {{\n  \"about\": \"x\",\n  \"list\": [")?;
    let chats = 40u64;
    let mut messages = 0u64;
    for c in 0..chats {
        let sep = if c == 0 { "" } else { "," };
        write!(w, "{sep}\n   {{\n    \"name\": \"Friend {c}\",\n    \"type\": \"personal_chat\",\n    \"id\": {},\n    \"messages\": [", 1000 + c)?;
        let mut t = 1_600_000_000u64 + c * 1000;
        let mut first = true;
        while written < target * (c + 1) / chats {
            t += 1 + rng.next() % 3600;
            let (from, id) = if rng.next().is_multiple_of(2) {
                ("Sam Okafor".to_owned(), 1)
            } else {
                (format!("Friend {c}"), 1000 + c)
            };
            let words = 3 + rng.next() % 20;
            let text: Vec<&str> = (0..words)
                .map(|i| {
                    ["ok", "see you", "why not", "\\x41", "haha 😂", "tomorrow?"]
                        [((rng.next() + i) % 6) as usize]
                })
                .collect();
            let text = text.join(" ");
            let sep = if first { "" } else { "," };
            first = false;
            let body = match rng.next() % 10 {
                    0 => "\"photo\": \"(File not included.)\",\n      \"width\": 960,\n      \"height\": 1280,\n      \"text\": \"\",\n      \"text_entities\": []".to_owned(),
                    1 => format!("\"text\": [\n       \"{text} \",\n       {{\n        \"type\": \"bold\",\n        \"text\": \"really\"\n       }}\n      ],\n      \"text_entities\": [\n       {{\n        \"type\": \"plain\",\n        \"text\": \"{text} \"\n       }},\n       {{\n        \"type\": \"bold\",\n        \"text\": \"really\"\n       }}\n      ]"),
                    _ => format!("\"text\": \"{text}\",\n      \"text_entities\": [\n       {{\n        \"type\": \"plain\",\n        \"text\": \"{text}\"\n       }}\n      ]"),
                };
            let s = format!("{sep}\n     {{\n      \"id\": {messages},\n      \"type\": \"message\",\n      \"date\": \"2024-01-01T00:00:00\",\n      \"date_unixtime\": \"{t}\",\n      \"from\": \"{from}\",\n      \"from_id\": \"user{id}\",\n      {body}\n     }}");
            w.write_all(s.as_bytes())?;
            written += s.len() as u64;
            messages += 1;
        }
        write!(w, "\n    ]\n   }}")?;
    }
    write!(w, "\n  ]\n }}\n}}\n")?;
    w.flush()?;
    Ok(messages)
}

/// Not a test: `cargo test --release -- --ignored --nocapture big_export`.
#[test]
#[ignore]
fn big_export_benchmark() {
    let path = "/tmp/pw-telegram-bench.json";
    let started = std::time::Instant::now();
    let written = write_big_export(path, 500 << 20).unwrap();
    println!("generated {written} messages in {:.1?}", started.elapsed());
    let bytes = std::fs::read(path).unwrap();
    let before = peak_rss_mib();
    let started = std::time::Instant::now();
    let chats = parse(path, path, &bytes, &utc()).unwrap();
    let took = started.elapsed();
    let messages: usize = chats.iter().map(|c| c.messages().len()).sum();
    let text: usize = chats
        .iter()
        .flat_map(|c| c.messages().iter().map(|m| c.text(m).len()))
        .sum();
    println!(
            "file {} MiB, {} chats, {messages} messages ({} MiB of text): parsed in {took:.2?} ({:.0} MiB/s); peak RSS {before} MiB before parse, {} MiB after",
            bytes.len() >> 20,
            chats.len(),
            text >> 20,
            (bytes.len() >> 20) as f64 / took.as_secs_f64(),
            peak_rss_mib()
        );
    assert_eq!(messages as u64, written);
    let _ = std::fs::remove_file(path);
}

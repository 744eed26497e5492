//! One mutation harness for every importer: a small valid export of each
//! format (written here, our own text) is mutated — bytes flipped, cut,
//! spliced, duplicated, lines made huge, encodings broken, JSON nested
//! deep, zipped — and every result must be a chat or a clean error that
//! names the file, never a panic, and never more messages than the input
//! could hold.
//!
//! CI runs a fixed budget (`PULLAWAY_FUZZ_CASES`: 27 mutations per seed in
//! a debug build, 150 in release); `scripts/fuzz` runs it longer and adds the
//! files of a folder as seeds (`PULLAWAY_FUZZ_SEEDS`, e.g. the public
//! fixtures, read in place).

use std::io::Write;

use pullaway_import::import_bytes;

/// SplitMix64: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Seeds: (file name, content), one or more per format (KakaoTalk: PC text,
/// mobile text, Mac CSV; LINE; SMS Backup & Restore messages and calls;
/// Signal: signal-export markdown and data.json, sigtop text and JSON).
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let mut v: Vec<(&'static str, Vec<u8>)> = vec![
        (
            "WhatsApp Chat with Sam.txt",
            b"01/03/2024, 19:02 - Robin: hey, nice to meet you\n01/03/2024, 19:30 - Sam: same!\nsecond line\n02/03/2024, 09:10 - Sam: <Media omitted>\n02/03/2024, 09:12 - Robin: This message was deleted\n".to_vec(),
        ),
        (
            "_chat.txt",
            "[01.03.24, 19:02:11] Robin: hey\n[01.03.24, 19:30:00] Sam: \u{200E}image omitted\n[1.3.24, 9:05:00\u{202F}PM] Sam: x\n".as_bytes().to_vec(),
        ),
        (
            "result.json",
            br#"{"name": "Sam", "type": "personal_chat", "id": 7, "messages": [
 {"id": 1, "type": "message", "date": "2024-03-01T21:05:00", "date_unixtime": "1709327100", "from": "Sam", "from_id": "user7", "text": "are you up?"},
 {"id": 2, "type": "message", "date": "2024-03-01T21:07:30", "date_unixtime": "1709327250", "from": "Robin", "from_id": "user1", "text": ["yes ", {"type": "bold", "text": "!"}]},
 {"id": 3, "type": "service", "date": "2024-03-01T21:08:00", "actor": "Sam", "action": "phone_call", "duration_seconds": 60}
]}"#.to_vec(),
        ),
        (
            "message_1.json",
            br#"{"participants": [{"name": "Sam"}, {"name": "Robin"}], "messages": [
 {"sender_name": "Sam", "timestamp_ms": 1709327100000, "content": "hi \u00c3\u00a9"},
 {"sender_name": "Robin", "timestamp_ms": 1709327000000, "photos": [{"uri": "p/1.jpg"}]}
], "title": "Sam", "thread_path": "inbox/sam_1"}"#.to_vec(),
        ),
        (
            "dm.json",
            br#"{"guild": {"id": "0", "name": "Direct Messages"}, "channel": {"id": "42", "type": "DirectTextChat", "name": "sam"},
 "messages": [
 {"id": "1", "type": "Default", "timestamp": "2024-03-01T21:05:00+00:00", "timestampEdited": null, "content": "hey", "author": {"id": "1", "name": "sam"}, "attachments": [], "embeds": [], "stickers": [], "reactions": [], "mentions": []},
 {"id": "2", "type": "Default", "timestamp": "2024-03-01T21:06:00+00:00", "timestampEdited": null, "content": "hi", "author": {"id": "2", "name": "robin"}, "attachments": [], "embeds": [], "stickers": [], "reactions": [], "mentions": []}
 ], "messageCount": 2}"#.to_vec(),
        ),
        (
            "sms.xml",
            br#"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="2">
  <sms protocol="0" address="+12025550147" date="1709327100000" type="1" body="hi &amp; hello" contact_name="Sam" />
  <sms protocol="0" address="+12025550147" date="1709327160000" type="2" body="hey" contact_name="Sam" />
</smses>"#.to_vec(),
        ),
        (
            "chat.md",
            b"[2024-03-01 21:05:03] Sam: hi there  \n\n[2024-03-01 21:06:00] Me: hello  \n".to_vec(),
        ),
        (
            "Sam Lee (+15550002).txt",
            "Conversation: Sam Lee (+15550002)\n\nFrom: Sam Lee (+15550002)\nType: incoming\nSent: Fri, 1 Mar 2024 21:05:03 +0100\nReceived: Fri, 1 Mar 2024 21:05:04 +0100\n\nare you home?\n\nFrom: You\nType: outgoing\nSent: Fri, 1 Mar 2024 21:06:00 +0100\nAttachment: p.jpg (image/jpeg, 10 bytes)\n\n>From: Sam Lee (+15550002)\n>\n> are you home?\n\nyes\n\nType: timer-notification\nReceived: Fri, 1 Mar 2024 21:09:00 +0100\n\n".as_bytes().to_vec(),
        ),
        (
            "signal-messages.json",
            b"[\n{\"type\":\"incoming\",\"body\":\"hi\",\"sent_at\":1709327103000,\"conversationId\":\"c\"},\n{\"type\":\"outgoing\",\"body\":\"hey\",\"sent_at\":1709327163000,\"conversationId\":\"c\"}\n]".to_vec(),
        ),
        (
            "signal data.json",
            b"{\"date\": \"2024-03-01T21:05:03\", \"sender\": \"Sam\", \"body\": \"are you up?\"}\n{\"date\": \"2024-03-01T21:06:00\", \"sender\": \"Me\", \"body\": \"yes\"}\n".to_vec(),
        ),
        (
            "chat.csv",
            b"time,sender,text\n2024-03-01T21:05,Sam,hi\n2024-03-01T21:06,Robin,\"hey, you\"\n".to_vec(),
        ),
        (
            "calls.xml",
            br#"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<calls count="3">
  <call number="+12025550147" duration="125" date="1709327100000" type="1" presentation="1" readable_date="1 Mar 2024 21:05:00" contact_name="Sam" />
  <call number="2025550147" duration="0" date="1709330000" type="3" presentation="1" contact_name="Sam" />
  <call number="+12025550147" duration="40" date="1709331000000" type="2" presentation="1" contact_name="Sam" />
</calls>"#.to_vec(),
        ),
        (
            "KakaoTalk_20240302_0930_11_482_Sam.txt",
            "Sam 님과 카카오톡 대화\n저장한 날짜 : 2024-03-02 09:30:11\n\n--------------- 2024년 3월 1일 금요일 ---------------\n[Sam] [오후 9:05] 집이야?\n[Robin] [오후 9:06] 응\n두 줄\n[Sam] [오후 9:07] 사진\n".as_bytes().to_vec(),
        ),
        (
            "Talk_2024.3.2.txt",
            "Sam 님과 카카오톡 대화\n저장한 날짜 : 2024. 3. 2. 오전 9:30\n\n2024. 3. 1. 금요일\n2024. 3. 1. 오후 9:05, Sam : 집이야?\n2024년 3월 1일 오후 9:06, Robin : 응 : )\nMar 1, 2024 at 9:07 PM, Sam : Photo\n".as_bytes().to_vec(),
        ),
        (
            "KakaoTalk_Chat_Sam_2024-03-02-09-30-11.csv",
            "Date,User,Message\n2024-03-01 21:05:00,\"Sam\",\"집이야?\"\n2024-03-01 21:06:00,\"Robin\",\"응, \"\"그래\"\"\n두 줄\"\n".as_bytes().to_vec(),
        ),
        (
            "[LINE] Chat with Sam.txt",
            "[LINE] Chat history with Sam\nSaved on: 2024/03/02 09:30\n\n2024/03/01(Fri)\n21:05\tSam\tare you home?\n21:06\tRobin\t\"yes\nlong day\"\n下午9:07\tSam\t[Sticker]\n2024/03/02(Sat)\n00:01\t\tSam joined the group.\n9:05 PM\tRobin\t☎ Missed call\n".as_bytes().to_vec(),
        ),
        (
            "chat.jsonl",
            b"{\"time\": \"2024-03-01T21:05\", \"sender\": \"Sam\", \"text\": \"hi\"}\n{\"time\": \"2024-03-01T21:06\", \"sender\": \"Robin\", \"text\": \"hey\"}\n".to_vec(),
        ),
    ];
    // The WhatsApp text, zipped.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("_chat.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(&v[0].1).unwrap();
    v.push(("WhatsApp Chat - Sam.zip", w.finish().unwrap().into_inner()));
    v
}

/// One mutation of `b`, of kind `k`.
fn mutate(b: &[u8], k: usize, rng: &mut Rng) -> Vec<u8> {
    let mut b = b.to_vec();
    let at = rng.below(b.len() + 1);
    match k % 9 {
        // Flip bits.
        0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                if i < b.len() {
                    b[i] ^= 1 << rng.below(8);
                }
            }
        }
        // Cut the end off (an interrupted copy).
        1 => b.truncate(at),
        // Remove a span.
        2 => {
            let end = (at + rng.below(64)).min(b.len());
            b.drain(at..end);
        }
        // Duplicate a span somewhere else (splicing).
        3 => {
            let end = (at + rng.below(128)).min(b.len());
            let piece = b[at..end].to_vec();
            let to = rng.below(b.len() + 1);
            b.splice(to..to, piece);
        }
        // A huge line (over the 1 MiB line limit).
        4 => {
            let huge = vec![b'x'; (1 << 20) + 10];
            b.splice(at..at, huge);
        }
        // Bytes that are not UTF-8, or a UTF-16 BOM on UTF-8 text.
        5 => {
            b.splice(at..at, [0xC3, 0x28, 0xFF, 0xFE, 0x80]);
        }
        6 => {
            b.splice(0..0, [0xFF, 0xFE]);
        }
        // Deep nesting, where JSON is.
        7 => {
            let depth = 50_000;
            let mut nest = vec![b'['; depth];
            nest.extend(std::iter::repeat_n(b']', depth));
            b.splice(at..at, nest);
        }
        // Control characters and escapes.
        _ => {
            b.splice(at..at, *b"\x1b[2J\x00\\u0000\\x41\"");
        }
    }
    b
}

fn check(name: &str, bytes: Vec<u8>) {
    let newlines = bytes.iter().filter(|&&c| c == b'\n').count();
    let len = bytes.len();
    match std::panic::catch_unwind(|| import_bytes(name, bytes)) {
        Err(_) => panic!("{name}: the importer panicked"),
        Ok(Err(e)) => {
            let msg = e.to_string();
            assert!(!msg.is_empty(), "{name}: an empty error");
        }
        Ok(Ok(chats)) => {
            for chat in chats {
                // Never more messages than the input could hold.
                assert!(
                    chat.messages().len() <= newlines + len / 8 + 1,
                    "{name}: {} messages from {len} bytes",
                    chat.messages().len()
                );
                for m in chat.messages() {
                    let _ = chat.text(m);
                }
            }
        }
    }
}

/// Files of `PULLAWAY_FUZZ_SEEDS` (up to 1 MiB each), when set.
fn extra_seeds() -> Vec<(String, Vec<u8>)> {
    let Some(dir) = std::env::var_os("PULLAWAY_FUZZ_SEEDS") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if std::fs::metadata(&p).is_ok_and(|m| m.len() <= 1 << 20) {
                if let Ok(b) = std::fs::read(&p) {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    out.push((name, b));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_importer_survives_every_kind_of_mutation() {
    let cases: usize = std::env::var("PULLAWAY_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 27 } else { 150 });
    let mut rng = Rng(0x5EED);
    let mut seeds: Vec<(String, Vec<u8>)> = seeds()
        .into_iter()
        .map(|(n, b)| (n.to_owned(), b))
        .collect();
    let extra = extra_seeds();
    // Each of our seeds is valid as written.
    for (name, bytes) in &seeds {
        let chats = import_bytes(name, bytes.clone())
            .unwrap_or_else(|e| panic!("seed {name} should read: {e}"));
        assert!(
            chats.iter().map(|c| c.message_count()).sum::<usize>() >= 2,
            "{name}"
        );
    }
    seeds.extend(extra);
    let mut runs = 0;
    for (name, bytes) in &seeds {
        for i in 0..cases {
            // One to three stacked mutations; the huge ones not stacked.
            let mut b = mutate(bytes, i, &mut rng);
            if i % 9 != 4 && i % 9 != 7 {
                for _ in 0..rng.below(3) {
                    let k = rng.below(9);
                    if k != 4 && k != 7 {
                        b = mutate(&b, k, &mut rng);
                    }
                }
            }
            check(name, b);
            runs += 1;
        }
    }
    assert_eq!(runs, seeds.len() * cases);
    println!("{runs} mutated inputs from {} seeds, no panic", seeds.len());
}

/// Messenger threads split into parts (`message_1.json`, `message_2.json`)
/// are read together: mutating either part gives a chat or a clean error.
#[test]
fn messenger_parts_survive_mutation() {
    let seeds = seeds();
    let thread = &seeds
        .iter()
        .find(|(n, _)| *n == "message_1.json")
        .expect("a Messenger seed")
        .1;
    let older = br#"{"participants": [{"name": "Sam"}, {"name": "Robin"}], "messages": [
 {"sender_name": "Robin", "timestamp_ms": 1709000000000, "content": "older part"},
 {"sender_name": "Sam", "timestamp_ms": 1709000100000, "content": "still older"}
], "title": "Sam", "thread_path": "inbox/sam_1"}"#
        .to_vec();
    let tz = jiff::tz::TimeZone::UTC;
    let whole = pullaway_import::messenger::parse_parts(
        "thread",
        &[
            ("message_1.json".into(), thread.clone()),
            ("message_2.json".into(), older.clone()),
        ],
        &tz,
    )
    .expect("the two parts read");
    assert_eq!(whole[0].message_count(), 4);
    let mut rng = Rng(0xFACE);
    let cases = if cfg!(debug_assertions) { 60 } else { 400 };
    for i in 0..cases {
        let (a, b) = if i % 2 == 0 {
            (mutate(thread, i, &mut rng), older.clone())
        } else {
            (thread.clone(), mutate(&older, i, &mut rng))
        };
        let parts = [
            ("message_1.json".to_owned(), a),
            ("message_2.json".to_owned(), b),
        ];
        let result = std::panic::catch_unwind(|| {
            pullaway_import::messenger::parse_parts("thread", &parts, &tz)
        });
        match result {
            Err(_) => panic!("parse_parts panicked on mutation {i}"),
            Ok(Err(e)) => assert!(!e.to_string().is_empty()),
            Ok(Ok(chats)) => {
                for c in chats {
                    for m in c.messages() {
                        let _ = c.text(m);
                    }
                }
            }
        }
    }
}

/// The formats' table (`pullaway_import::formats`) is the one place a
/// format is registered: every seed's chats carry an id a row names, and
/// every row has a seed here — a new importer without its row, or a row
/// without a seed to fuzz, fails this test.
#[test]
fn every_format_is_registered_and_seeded() {
    use pullaway_import::formats::{display_name, FORMATS};
    let mut seen: Vec<&str> = Vec::new();
    for (name, bytes) in seeds() {
        let chats = import_bytes(name, bytes).unwrap_or_else(|e| panic!("seed {name}: {e}"));
        for chat in chats {
            assert_ne!(
                display_name(chat.format),
                chat.format,
                "seed {name}: format id {:?} has no row in formats.rs",
                chat.format
            );
            seen.push(chat.format);
        }
    }
    // iMessage is a SQLite database: its own tests build one (imessage.rs).
    let unseeded = ["imessage"];
    for f in FORMATS {
        let ids: Vec<&str> = f.ids.iter().map(|(id, _)| *id).collect();
        assert!(
            ids.iter()
                .any(|id| seen.contains(id) || unseeded.contains(id)),
            "no mutation seed reads as {ids:?}: add one to seeds()"
        );
    }
}

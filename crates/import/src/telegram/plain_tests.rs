//! The plain reader against serde_json: on many message shapes (every key
//! a message may have, values of every JSON type and of odd forms, escapes,
//! bad bytes, whitespace and newlines), on the fast pass's seeds, and on
//! all of them cut and mutated, whenever the plain reader answers, serde_json
//! reads the same message, of the same length, on the same lines.
//!
//! Why a file of its own: `plain.rs` duplicates what serde_json and the
//! message's seeds decide, and this test is what holds the two together;
//! it generates its inputs, apart from the importer's tests in `tests.rs`.

use std::cell::{Cell, RefCell};

use jiff::tz::TimeZone;

use super::chunks::{self, Chunks};
use super::ctx::Ctx;
use super::fast::message_at;
use super::message::RawMessage;
use super::plain::read_plain;
use super::tests::{fast_pass_seeds, XorShift};

const KEYS: &[&str] = &[
    "id",
    "type",
    "date",
    "date_unixtime",
    "from",
    "from_id",
    "actor",
    "actor_id",
    "action",
    "discard_reason",
    "duration_seconds",
    "text",
    "text_entities",
    "poll",
    "media_type",
    "mime_type",
    "photo",
    "file",
    "contact_information",
    "location_information",
    "edited",
    "edited_unixtime",
    "reply_to_message_id",
    "t\\u0065xt",
    "é",
    "\u{1}",
    "x\\x41",
];

const VALUES: &[&str] = &[
    r#""plain""#,
    r#""""#,
    r#""a\nb""#,
    r#""q\"uote""#,
    r#""back\\slash""#,
    r#""sl\/ash""#,
    r#""\b\f\r\t""#,
    r#""\u0041\u00e9\u0000""#,
    r#""\ud83d\ude00""#,
    r#""\ud83d""#,
    r#""\ude00""#,
    r#""\ud83dx""#,
    r#""\ud83d\u0041""#,
    r#""\ud83d\n""#,
    r#""\u12""#,
    r#""\x41""#,
    r#""\q""#,
    r#""é ü 🙂""#,
    "\"raw\ttab\"",
    "\"ctl\u{1}\"",
    "\"del\u{7f}\"",
    r#""2024-03-01T21:05:00""#,
    r#""2024-03-01 21:05:00""#,
    r#""2024-13-01T00:00:00""#,
    r#""2024-03-01T24:00:00""#,
    r#""123456789012345678""#,
    r#""1234567890123456789""#,
    r#""00000000000000000001""#,
    r#""-1711848600""#,
    r#"" 2024-03-01T21:05:00.123+01:00""#,
    r#""2024-03-01T21:05:00Z""#,
    r#""2024-02-30T00:00:00""#,
    r#""+202-03-01T21:05:00""#,
    r#""2024-03-01T21:05""#,
    r#""1711848600""#,
    r#"" 17 ""#,
    r#""0""#,
    r#""-5""#,
    r#""1970-01-01T05:00:00""#,
    r#""photo""#,
    r#""video_file""#,
    r#""image/png""#,
    r#""phone_call""#,
    r#""missed""#,
    r#""service""#,
    r#""message""#,
    r#""user42""#,
    r#""  ""#,
    "0",
    "-0",
    "01",
    "7",
    "-7",
    "1.5",
    "1e3",
    "-1E-2",
    "2.",
    ".5",
    "1e",
    "+1",
    "-",
    "--1",
    "123456789012345678",
    "1234567890123456789",
    "-123456789012345678",
    "12345678901234567890",
    "99999999999999999999999",
    "1711848600",
    "172800",
    "-86400",
    "null",
    "true",
    "false",
    "nul",
    "nulll",
    "True",
    "[]",
    "{}",
    "[,]",
    "[1,]",
    r#"["a" "b"]"#,
    r#"["a ", {"type": "bold", "text": "b"}, null]"#,
    r#"[["x", ["y"]], {"text": ["z", {"text": "w"}]}, "\n"]"#,
    "[1]",
    "[true]",
    r#"[{"text": 5}]"#,
    r#"[{"text": "a", "text": "b"}]"#,
    r#"[{"text": "a",}]"#,
    r#"[{"type": "link", "text": "x", "href": "http:\/\/a"}]"#,
    r#"{"type": "plain", "text": "solo"}"#,
    r#"{"question": "q?"}"#,
    r#"{"question": null}"#,
    r#"{"a": 1,}"#,
    r#"{"k\u0041": 1}"#,
    r#"{"é": [1, -2.5e+3, {"x": null}]}"#,
    r#"{"t\u0065xt": "e"}"#,
    "{\"\u{1}\": 1}",
    r#"{"a" 1}"#,
    r#"{1: 2}"#,
    "[[[[[[[[[[[[[[[[[[[[\"deep\"]]]]]]]]]]]]]]]]]]]]",
    "[[[[[[[[[[[[[[[\"nested\"]]]]]]]]]]]]]]]",
];

const SPACES: &[&str] = &["", " ", "\n ", "\r\n\t", "  \n\n"];

fn pick<'a>(rng: &mut XorShift, from: &[&'a str]) -> &'a str {
    from[(rng.next() % from.len() as u64) as usize]
}

/// A message of random keys and values, with random whitespace.
fn message(rng: &mut XorShift) -> Vec<u8> {
    let mut out = String::from("{");
    for i in 0..rng.next() % 9 {
        if i > 0 {
            out.push(',');
        }
        let sp = |rng: &mut XorShift| pick(rng, SPACES);
        let (a, b, c, d) = (sp(rng), sp(rng), sp(rng), sp(rng));
        let (key, value) = (pick(rng, KEYS), pick(rng, VALUES));
        out.push_str(&format!("{a}\"{key}\"{b}:{c}{value}{d}"));
    }
    out.push('}');
    let mut bytes = out.into_bytes();
    if rng.next() % 8 == 0 {
        // A byte that is not UTF-8, somewhere.
        let at = (rng.next() % bytes.len() as u64) as usize;
        bytes.insert(at, 0xff);
    }
    bytes
}

/// Mutations of `bytes`: a byte replaced, inserted or removed.
fn mutate(rng: &mut XorShift, bytes: &[u8]) -> Vec<u8> {
    let noise: &[u8] = b"{}[]\",:\\x0 \n-9.eu\xff";
    let mut m = bytes.to_vec();
    let at = (rng.next() % m.len().max(1) as u64) as usize;
    let b = noise[(rng.next() % noise.len() as u64) as usize];
    match rng.next() % 3 {
        0 if at < m.len() => m[at] = b,
        2 if at < m.len() => drop(m.remove(at)),
        _ => m.insert(at, b),
    }
    m
}

/// Whether the plain reader answers on `bytes`; when it does, serde_json
/// must read the very same message, length and lines.
fn agree(ctx: &Ctx<'_>, bytes: &[u8]) -> bool {
    let mut plain = RawMessage::default();
    let Some((len, lines)) = read_plain(ctx, bytes, &mut plain) else {
        return false;
    };
    let why = String::from_utf8_lossy(bytes);
    let (serde, serde_len) = match message_at(ctx, bytes) {
        Ok(read) => read,
        Err(e) => panic!("serde_json refuses ({e}) what the plain reader read: {why}"),
    };
    assert_eq!(plain, serde, "{why}");
    assert_eq!(len, serde_len, "{why}");
    assert_eq!(lines, chunks::newlines(&bytes[..len]), "{why}");
    assert!(chunks::scan(&bytes[..len]).is_some(), "{why}");
    true
}

fn with_ctx(test: impl FnOnce(&Ctx<'_>)) {
    let tz = TimeZone::get("Europe/Berlin").unwrap();
    let lines = Cell::new(41);
    let mut empty: &[u8] = &[];
    let chunks = RefCell::new(Chunks::new(&mut empty, 1));
    test(&Ctx::new(&tz, &lines, &chunks, true));
}

#[test]
fn the_plain_reader_agrees_with_serde_json_on_message_shapes() {
    let mut rng = XorShift(11);
    with_ctx(|ctx| {
        let mut answered = 0;
        for _ in 0..30_000 {
            let m = message(&mut rng);
            answered += usize::from(agree(ctx, &m));
            let cut = (rng.next() % m.len() as u64) as usize;
            agree(ctx, &m[..cut]);
            agree(ctx, &mutate(&mut rng, &m));
        }
        // It answers for most of them (it is not merely always unsure).
        assert!(answered > 3_000, "{answered}");
    });
}

/// Every object of the fast pass's seeds, whole, cut and mutated.
#[test]
fn the_plain_reader_agrees_with_serde_json_on_the_fast_pass_seeds() {
    let mut rng = XorShift(7);
    with_ctx(|ctx| {
        let mut answered = 0;
        for (seed, _) in fast_pass_seeds() {
            let mut inputs: Vec<Vec<u8>> = (0..seed.len()).map(|n| seed[..n].to_vec()).collect();
            inputs.extend((0..300).map(|_| mutate(&mut rng, &seed)));
            inputs.push(seed);
            for input in &inputs {
                for at in memchr::memchr_iter(b'{', input) {
                    answered += usize::from(agree(ctx, &input[at..]));
                }
            }
        }
        assert!(answered > 1_000, "{answered}");
    });
}

/// The bench's shape and Telegram Desktop's own (one key a line, a text
/// with entities) are read by the plain reader, not handed on.
#[test]
fn the_plain_reader_reads_the_usual_shapes() {
    let usual = [
        r#"{"id": 1, "type": "message", "date": "2023-11-14T22:13:20", "date_unixtime": "1700000000", "from": "Sam", "from_id": "user7", "text": "are you up?"}"#,
        "{\n   \"id\": 2,\n   \"type\": \"message\",\n   \"date\": \"2024-03-01T21:05:00\",\n   \"date_unixtime\": \"1709323500\",\n   \"edited\": \"2024-03-01T21:06:00\",\n   \"edited_unixtime\": \"1709323560\",\n   \"from\": \"Noor\",\n   \"from_id\": \"user4242\",\n   \"reply_to_message_id\": 1,\n   \"photo\": \"photos/photo_1.jpg\",\n   \"width\": 1280,\n   \"text\": [\"see \", {\"type\": \"link\", \"text\": \"https:\\/\\/x.org\"}, \"\\n\\\"ok\\\" \\ud83d\\ude00\"],\n   \"text_entities\": [\n    {\"type\": \"plain\", \"text\": \"see \"},\n    {\"type\": \"link\", \"text\": \"https:\\/\\/x.org\"}\n   ]\n  }",
    ];
    with_ctx(|ctx| {
        for m in usual {
            assert!(agree(ctx, m.as_bytes()), "{m}");
        }
    });
}

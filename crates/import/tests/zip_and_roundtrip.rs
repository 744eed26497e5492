//! Zip exports (choice of entry, media and `__MACOSX` skipped, zip bombs
//! refused) and a round trip through generated exports in every style.

use std::io::Write;

use pullaway_chat::{Chat, Kind};
use pullaway_import::{import_bytes, ImportError};
use pullaway_synth::{generate, write_whatsapp, Scenario, WhatsAppStyle};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

fn make_zip(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CHAT: &[u8] =
    b"[13.03.24, 21:41:35] Ariel: hi\n[13.03.24, 21:42:00] Jordan: \xE2\x80\x8Eimage omitted\n";

#[test]
fn ios_zip_uses_chat_txt_and_skips_media_and_macosx() {
    let zip = make_zip(
        &[
            (
                "00000003-PHOTO-2024-03-13-21-42-00.jpg",
                b"\xFF\xD8not really a jpeg",
            ),
            ("__MACOSX/._chat.txt", b"\x00\x05\x16\x07binary"),
            ("notes.txt", b"not the chat"),
            ("_chat.txt", CHAT),
        ],
        CompressionMethod::Deflated,
    );
    let chat = import_bytes("WhatsApp Chat - Jordan.zip", zip)
        .unwrap()
        .remove(0);
    assert_eq!(chat.message_count(), 2);
    assert_eq!(chat.contact.as_deref(), Some("Jordan"));
    assert!(matches!(chat.messages()[1].kind, Kind::Media(_)));
}

#[test]
fn android_zip_with_a_single_txt() {
    let zip = make_zip(
        &[(
            "WhatsApp Chat with Jordan.txt",
            b"13/03/2024, 21:41 - Ariel: hi\n",
        )],
        CompressionMethod::Stored,
    );
    assert_eq!(
        import_bytes("export.zip", zip).unwrap()[0].message_count(),
        1
    );
}

#[test]
fn zips_without_a_chat_are_refused_by_name() {
    let zip = make_zip(
        &[("a.txt", b"x"), ("b.txt", b"y")],
        CompressionMethod::Stored,
    );
    let e = import_bytes("two.zip", zip).unwrap_err().to_string();
    assert!(
        e.contains("two.zip: not a chat export") && e.contains("a.txt, b.txt"),
        "{e}"
    );
    let zip = make_zip(&[("photo.jpg", b"x")], CompressionMethod::Stored);
    let e = import_bytes("media.zip", zip).unwrap_err().to_string();
    assert!(e.contains("the zip holds no chat file"), "{e}");
    // Another app's single export file in a zip is read too.
    let telegram = br#"{"name": "Sam", "type": "personal_chat", "id": 1, "messages": [{"id": 1, "type": "message", "date": "2024-03-01T10:00:00", "from": "Sam", "from_id": "user1", "text": "hi"}]}"#;
    let zip = make_zip(
        &[("Telegram Export/result.json", telegram)],
        CompressionMethod::Deflated,
    );
    let chats = import_bytes("export.zip", zip).unwrap();
    assert_eq!(chats[0].format, "telegram");
    let e = import_bytes("broken.zip", b"PK\x03\x04garbage".to_vec())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("broken.zip: not a readable zip archive"),
        "{e}"
    );
}

#[test]
fn a_zip_bomb_is_refused_without_inflating_it() {
    // 64 MiB of one byte deflates to ~64 KiB: a ratio of about 1000.
    let bomb = vec![b'a'; 64 << 20];
    let zip = make_zip(&[("_chat.txt", &bomb)], CompressionMethod::Deflated);
    assert!(zip.len() < 1 << 20);
    let err = import_bytes("bomb.zip", zip).unwrap_err();
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("bomb.zip!_chat.txt: entry inflates"),
        "{err}"
    );
}

fn same_messages(a: &Chat, b: &Chat) {
    assert_eq!(a.message_count(), b.message_count());
    let key = |c: &Chat| -> Vec<(String, String, &'static str, String)> {
        c.messages()
            .iter()
            .filter(|m| !m.kind.is_system())
            .map(|m| {
                (
                    m.time.to_string(),
                    c.name_of(m.sender().unwrap()).to_owned(),
                    m.kind.name(),
                    c.text(m).into_owned(),
                )
            })
            .collect()
    };
    let (ka, kb) = (key(a), key(b));
    for (x, y) in ka.iter().zip(&kb) {
        if x.2 == "media" {
            assert_eq!((&x.0, &x.1, x.2), (&y.0, &y.1, y.2));
        } else {
            assert_eq!(x, y);
        }
    }
}

#[test]
fn generated_chats_round_trip_in_every_style() {
    let chat = generate(&Scenario {
        days: 40,
        ..Scenario::demo()
    });
    for style in [
        WhatsAppStyle::AndroidDmy,
        WhatsAppStyle::AndroidMdy12h,
        WhatsAppStyle::Ios,
    ] {
        let text = write_whatsapp(&chat, style);
        let back = import_bytes("WhatsApp Chat with Jordan.txt", text.into_bytes())
            .unwrap()
            .remove(0);
        same_messages(&chat, &back);
        assert_eq!(back.system_count(), chat.system_count(), "{style:?}");
    }
}

#[test]
fn a_zip_entry_time_is_when_the_export_was_made() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let when = zip::DateTime::from_date_and_time(2024, 3, 14, 9, 30, 0).unwrap();
    w.start_file(
        "_chat.txt",
        SimpleFileOptions::default().last_modified_time(when),
    )
    .unwrap();
    w.write_all(CHAT).unwrap();
    let zip = w.finish().unwrap().into_inner();
    let chat = import_bytes("WhatsApp Chat - Jordan.zip", zip)
        .unwrap()
        .remove(0);
    assert_eq!(
        chat.exported_at.map(|t| t.to_string()).as_deref(),
        Some("2024-03-14T09:30:00")
    );
    // A plain text file says nothing about when it was exported.
    let chat = import_bytes("WhatsApp Chat with Jordan.txt", CHAT.to_vec())
        .unwrap()
        .remove(0);
    assert_eq!(chat.exported_at, None);
}

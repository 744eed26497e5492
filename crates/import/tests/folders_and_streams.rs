//! Inputs given as paths: a folder of Messenger threads (parts read together,
//! other files skipped) and a Telegram export streamed from its file.

use std::path::PathBuf;

use pullaway_import::{import_path_with, ImportOptions};

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pullaway-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn part(messages: &[(&str, i64, &str)]) -> String {
    let msgs: Vec<String> = messages
        .iter()
        .map(|(who, ms, text)| {
            format!(r#"{{"sender_name": "{who}", "timestamp_ms": {ms}, "content": "{text}"}}"#)
        })
        .collect();
    format!(
        r#"{{"participants": [{{"name": "Sam"}}, {{"name": "Robin"}}], "messages": [{}], "title": "Sam", "thread_path": "inbox/sam_123"}}"#,
        msgs.join(",")
    )
}

#[test]
fn a_folder_of_messenger_threads() {
    let dir = tmp("messenger");
    let thread = dir.join("messages/inbox/sam_123");
    std::fs::create_dir_all(&thread).unwrap();
    // Parts are newest first: message_1 holds the latest messages.
    std::fs::write(
        thread.join("message_1.json"),
        part(&[
            ("Sam", 1_700_000_300_000, "see you"),
            ("Robin", 1_700_000_200_000, "great"),
        ]),
    )
    .unwrap();
    std::fs::write(
        thread.join("message_2.json"),
        part(&[
            ("Sam", 1_700_000_100_000, "hi"),
            ("Robin", 1_700_000_000_000, "hey"),
        ]),
    )
    .unwrap();
    std::fs::write(thread.join("photo.jpg"), b"\xFF\xD8\xFF not a chat").unwrap();
    let chats = import_path_with(&dir, &ImportOptions::default()).unwrap();
    assert_eq!(chats.len(), 1);
    let c = &chats[0];
    let texts: Vec<&str> = c.messages().iter().map(|m| c.text(m)).collect();
    assert_eq!(texts, ["hey", "hi", "great", "see you"]);
    assert!(
        c.warnings
            .iter()
            .any(|w| w.contains("1 file(s) in the folder are not chat exports")),
        "{:?}",
        c.warnings
    );
    let empty = tmp("empty");
    std::fs::write(empty.join("notes.txt"), "shopping list").unwrap();
    let e = import_path_with(&empty, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("the folder holds no chat export"), "{e}");
}

#[test]
fn a_telegram_export_is_streamed_from_its_file() {
    let dir = tmp("telegram");
    let file = dir.join("result.json");
    let msgs: Vec<String> = (0..2000)
        .map(|i| {
            let who = if i % 2 == 0 { "Sam" } else { "Robin" };
            format!(r#"{{"id": {i}, "type": "message", "date": "2024-03-01T10:{:02}:00", "from": "{who}", "from_id": "user{}", "text": "message {i}"}}"#, i % 60, i % 2)
        })
        .collect();
    std::fs::write(
        &file,
        format!(
            r#"{{"name": "Sam", "type": "personal_chat", "id": 9, "messages": [{}]}}"#,
            msgs.join(",\n")
        ),
    )
    .unwrap();
    let chats = import_path_with(&file, &ImportOptions::default()).unwrap();
    assert_eq!(chats[0].format, "telegram");
    assert_eq!(chats[0].message_count(), 2000);
    assert_eq!(chats[0].contact.as_deref(), Some("Sam"));
}

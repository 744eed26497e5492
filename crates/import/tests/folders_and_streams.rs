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
    let texts: Vec<_> = c.messages().iter().map(|m| c.text(m)).collect();
    assert_eq!(texts, ["hey", "hi", "great", "see you"]);
    assert!(
        c.warnings
            .iter()
            .any(|w| w.contains("1 file in the folder is not a chat export and was skipped")),
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

/// A WhatsApp export of `n` messages (one a minute), as text.
#[cfg(unix)]
fn whatsapp(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let (h, m) = ((i / 60) % 24, i % 60);
        let day = 1 + i / 1440;
        let who = if i % 2 == 0 { "Sam" } else { "Robin" };
        s.push_str(&format!(
            "{day:02}/03/2024, {h:02}:{m:02} - {who}: message number {i}\n"
        ));
    }
    s
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_once_and_whole() {
    let dir = tmp("fifo");
    let fifo = dir.join("WhatsApp Chat with Sam.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        // Under CI the tool must exist: a missing mkfifo would hide the test.
        assert!(
            std::env::var_os("CI").is_none(),
            "mkfifo is needed for this test"
        );
        return;
    }
    // 4,000 messages: far more than the first 64 KiB that detection reads.
    let text = whatsapp(4000);
    assert!(text.len() > 2 * 65_536);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, text).unwrap())
    };
    let chats = import_path_with(&fifo, &ImportOptions::default()).unwrap();
    writer.join().unwrap();
    assert_eq!(chats[0].message_count(), 4000);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_folder_skips_media_unread_fifos_dangling_links_and_loops() {
    use std::os::unix::fs::symlink;
    let dir = tmp("folder-mixed");
    std::fs::write(dir.join("WhatsApp Chat with Sam.txt"), whatsapp(10)).unwrap();
    // A "video" that would fail if read: named as media, so it is never opened.
    std::fs::write(dir.join("VID-0001.mp4"), vec![0u8; 1 << 20]).unwrap();
    // A binary file without a media name: its first bytes say it is no export.
    std::fs::write(dir.join("blob.bin"), [0u8, 1, 2, 3, 0, 0, 9]).unwrap();
    let fifo = dir.join("pipe");
    let _ = std::process::Command::new("mkfifo").arg(&fifo).status();
    symlink(dir.join("missing.txt"), dir.join("dangling.txt")).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    symlink(&dir, dir.join("sub").join("loop")).unwrap();
    let chats = import_path_with(&dir, &ImportOptions::default()).unwrap();
    // One chat, once: the loop leads back into a folder already read.
    assert_eq!(
        chats.len(),
        1,
        "{:?}",
        chats.iter().map(|c| &c.id).collect::<Vec<_>>()
    );
    assert_eq!(chats[0].message_count(), 10);
    let note = chats[0].warnings.join(" ");
    assert!(note.contains("skipped"), "{note}");
    std::fs::remove_dir_all(&dir).unwrap();
}

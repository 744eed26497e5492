//! A chat read in parts (`parts.rs`) must be the chat read in one go: these
//! tests cut exports everywhere — every 97th byte, into two and three parts
//! — and compare everything the importer hands on, so a wrong join fails.

use super::*;

/// Everything a chat holds, comparable.
fn dump(chat: &Chat) -> Vec<String> {
    let mut out = vec![
        format!(
            "{} | {} | {} | {:?} | {}",
            chat.id, chat.name, chat.detail, chat.contact, chat.format
        ),
        format!("people {:?}", chat.people()),
        format!("warnings {:?}", chat.warnings),
    ];
    out.extend(chat.messages().iter().map(|m| {
        format!(
            "{} {} {:?} {:?} {} {} {:?}",
            m.line,
            m.time,
            m.sender(),
            m.kind,
            m.edited,
            m.source,
            chat.text(m)
        )
    }));
    out
}

fn read(text: &str, near: &[usize]) -> Result<Vec<String>, String> {
    parse_in_parts("t.txt", "WhatsApp Chat with Sam.txt", text.to_owned(), near)
        .map(|c| dump(&c))
        .map_err(|e| e.to_string())
}

/// The chat read from `path` (which holds `text`) in place, in parts cut
/// near `near`; read whole when the parts say so, as the importer does.
fn read_file(path: &std::path::Path, text: &str, near: &[usize]) -> Result<Vec<String>, String> {
    let file = crate::export_file::ExportFile::new(std::fs::File::open(path).expect("opens"), 0)
        .expect("a file");
    match parse_file_in_parts("t.txt", "WhatsApp Chat with Sam.txt", file, near) {
        Ok(Some(chat)) => Ok(dump(&chat)),
        Ok(None) => read(text, &[]),
        Err(e) => Err(e.to_string()),
    }
}

/// A file of its own for each test that writes one.
fn temp_file(text: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("pullaway-cut-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join(format!("{}.txt", N.fetch_add(1, Ordering::Relaxed)));
    std::fs::write(&path, text).expect("the file is written");
    path
}

/// Cuts `text` at every 97th byte (one cut, then two cuts 250 bytes apart;
/// at most 100 places in a long text) and compares with the chat read in
/// one go; then reads it from a file in place, in parts of every size from
/// a line to a quarter of it, which must give the same chat again.
fn same_in_parts(text: &str) -> Result<Vec<String>, String> {
    let one = read(text, &[]);
    let step = 97.max((text.len() / 100) | 1);
    for near in (0..text.len()).step_by(step).chain([text.len() - 1]) {
        assert_eq!(read(text, &[near]), one, "cut near {near}");
        assert_eq!(
            read(text, &[near, near + 250]),
            one,
            "cuts near {near} and {}",
            near + 250
        );
    }
    let path = temp_file(text);
    for size in [31, 97, 400, 1500, text.len() / 4 + 1] {
        let near: Vec<usize> = (1..text.len().div_ceil(size)).map(|k| k * size).collect();
        assert_eq!(
            read_file(&path, text, &near),
            one,
            "file parts of {size} bytes"
        );
    }
    assert_eq!(read_file(&path, text, &[]), one, "the file in one part");
    std::fs::remove_file(&path).expect("the file is removed");
    one
}

/// A chat with every case a join can get wrong: lines before the first
/// message, invalid dates (runs of them, which continue the message
/// before), impossible headers, another header shape inside messages,
/// multi-line messages with `\r\n` (copied texts), edited markers, system
/// lines, a name with a mark that is the same person, a name whose first
/// message comes late, `Name:.` with no space, and no final newline.
fn tricky() -> String {
    let mut t = String::from("Messages are end-to-end encrypted.\n\nsome preface\n");
    t.push_str("30/02/2024, 10:00 - Sam: an invalid date before any message\n");
    for i in 0..60u32 {
        let day = i % 27 + 1;
        let who = ["Sam", "Robin", "\u{200E}Sam"][(i % 7 % 3) as usize];
        t.push_str(&format!(
            "{day:02}/03/2024, 21:{:02} - {who}: line {i}\n",
            i % 60
        ));
        match i % 9 {
            0 => t.push_str("more of it\r\nand more\r\n\r\n"),
            1 => t.push_str(&format!(
                "{day:02}/03/2024, 21:05 - Robin changed the group name\n"
            )),
            2 => {
                for _ in 0..(i % 4 + 1) {
                    t.push_str("31/02/2024, 09:00 - Sam: not a real day\n");
                }
            }
            3 => t.push_str("12/03/20245, 21:05 - Sam: a year of five digits\n"),
            4 => t.push_str("[01.03.24, 19:02:11] Robin: another shape\n\n[01.03.24, 19:03:00] Zed: only in the other shape\n"),
            5 => t.push_str("second line\nthird <This message was edited>\n"),
            6 => t.push_str(&format!("{day:02}/03/2024, 22:00 - Sam: <Media omitted>\n")),
            7 => t.push_str(&format!("{day:02}/03/2024, 22:01 - Robin:.\n")),
            _ => t.push_str(&format!(
                "{day:02}/03/2024, 22:02 - Sam: This message was deleted\n"
            )),
        }
        if i == 40 {
            t.push_str("28/03/2024, 23:00 - Kim: late to the chat\n");
        }
    }
    t.push_str("28/03/2024, 23:59 - Sam: the end, no newline");
    t
}

#[test]
fn a_chat_read_in_parts_is_the_chat_read_at_once() {
    let text = tricky();
    let one = same_in_parts(&text).expect("the tricky chat reads");
    // The cases are there: copies, notes, three people, marks folded.
    assert!(one.iter().any(|l| l.contains("more of it\\nand more")));
    assert!(one[2].contains("not valid") && one[2].contains("impossible"));
    assert!(one[2].contains("skipped"), "{}", one[2]);
    assert!(one[1].contains("Kim"), "{}", one[1]);
    assert_eq!(one[1].matches("name:").count(), 3, "{}", one[1]);
    // A name seen only in lines of another shape (text inside messages) is
    // nobody's.
    assert!(!one[1].contains("Zed"), "{}", one[1]);
    assert!(one
        .iter()
        .any(|l| l.contains("Zed: only in the other shape")));
}

#[test]
fn the_first_person_to_write_comes_first_in_any_part() {
    // Robin's name appears first (in a header with an invalid date, and a
    // system-looking line), Sam writes first.
    let mut text = String::from("31/02/2024, 10:00 - Robin: not a real day\n");
    for i in 0..40 {
        let who = if i < 20 { "Sam" } else { "Robin" };
        text.push_str(&format!("01/03/2024, 10:{i:02} - {who}: hi {i}\n"));
    }
    let one = same_in_parts(&text).expect("reads");
    assert!(
        one[1].starts_with("people [Person { name: \"Sam\""),
        "{}",
        one[1]
    );
}

#[test]
fn parts_of_only_invalid_dates_join_the_message_before() {
    let mut text = String::from("01/03/2024, 10:00 - Sam: first\n");
    for _ in 0..30 {
        text.push_str("31/02/2024, 10:00 - Sam: not a real day\n");
    }
    text.push_str("02/03/2024, 10:00 - Robin: second\n");
    for _ in 0..30 {
        text.push_str("30/02/2024, 10:00 - Robin: nor this\n");
    }
    same_in_parts(&text).expect("reads");
    // Only invalid dates at first: skipped, in any part.
    let text = text.replace("01/03/2024, 10:00 - Sam: first\n", "");
    same_in_parts(&text).expect("reads");
}

#[test]
fn errors_are_the_same_in_parts() {
    assert!(same_in_parts("just some text\nwith lines\n").is_err());
    let long = format!(
        "01/03/2024, 10:00 - Sam: hi\n{}\n01/03/2024, 10:01 - Sam: x\n",
        "x".repeat(MAX_LINE_BYTES + 1)
    );
    let err = read(&long, &[]);
    assert!(
        err.as_ref().is_err_and(|e| e.contains(":2: line is")),
        "{err:?}"
    );
    for near in [0, 10, 40, long.len() / 2, long.len() - 5] {
        assert_eq!(read(&long, &[near]), err, "cut near {near}");
    }
}

/// The public sample exports, cut everywhere.
#[test]
fn sample_exports_read_the_same_in_parts() {
    let Some(dir) = crate::fixtures::dir("whatsapp") else {
        return;
    };
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("the fixtures folder reads") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("a fixture reads");
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        // Errors must be the same too: `same_in_parts` compares either.
        if same_in_parts(&text).is_ok() {
            n += 1;
        }
    }
    assert!(n >= 20, "{n} sample exports read");
}

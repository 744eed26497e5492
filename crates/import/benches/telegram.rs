//! A generated ~500 MB Telegram full-account export (40 chats), written to
//! `bench-out/` and imported from the file: throughput and peak memory
//! (VmHWM), to show that memory is bounded by the chats, not the file.
//! Run: `cargo bench -p pullaway-import --bench telegram`.
//! `PULLAWAY_BENCH_MB=N` changes the size.

use std::io::Write;
use std::time::Instant;

use pullaway_import::{import_path_with, ImportOptions};

fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0)
}

fn main() {
    let mb: u64 = std::env::var("PULLAWAY_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench-out");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("telegram-result.json");
    let t = Instant::now();
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        write!(w, r#"{{"about": "generated", "personal_information": {{"first_name": "Robin", "last_name": ""}}, "chats": {{"about": "", "list": ["#).unwrap();
        let target = mb << 20;
        let per_chat = target / 40;
        let mut written = 0u64;
        for c in 0..40u64 {
            if c > 0 {
                write!(w, ",").unwrap();
            }
            write!(
                w,
                r#"{{"name": "Friend {c}", "type": "personal_chat", "id": {}, "messages": ["#,
                1000 + c
            )
            .unwrap();
            let mut chat_bytes = 0u64;
            let mut i = 0u64;
            while chat_bytes < per_chat {
                let (from, id) = if i % 2 == 0 {
                    ("Robin".to_owned(), 1)
                } else {
                    (format!("Friend {c}"), 1000 + c)
                };
                let line = format!(
                    r#"{}{{"id": {i}, "type": "message", "date": "2024-03-01T10:00:00", "date_unixtime": "{}", "from": "{from}", "from_id": "user{id}", "text": ["this is message number {i} of a generated chat ", {{"type": "bold", "text": "with some bold text"}}, " and a little more so lines look real"]}}"#,
                    if i == 0 { "" } else { ",\n" },
                    1_700_000_000 + i * 37
                );
                w.write_all(line.as_bytes()).unwrap();
                chat_bytes += line.len() as u64;
                i += 1;
            }
            write!(w, "]}}").unwrap();
            written += chat_bytes;
        }
        write!(w, "]}}}}").unwrap();
        let _ = written;
    }
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "generated {:.0} MB in {:.1?}",
        size as f64 / 1e6,
        t.elapsed()
    );
    let before = peak_kb();
    let t = Instant::now();
    let chats = import_path_with(&path, &ImportOptions::default()).expect("imports");
    let secs = t.elapsed().as_secs_f64();
    let messages: usize = chats.iter().map(|c| c.messages().len()).sum();
    println!(
        "telegram: {:.0} MB, {} chats, {} messages in {:.2} s = {:.0} MB/s; peak memory {} MB (before import {} MB)",
        size as f64 / 1e6,
        chats.len(),
        messages,
        secs,
        size as f64 / 1e6 / secs,
        peak_kb() / 1024,
        before / 1024
    );
}

//! Import throughput on a generated Android export (default 1,000,000
//! messages, ~90 MB). Run: `cargo bench -p pullaway-import`.
//! `PULLAWAY_BENCH_MESSAGES=N` changes the size. Not a test: numbers only.

use std::time::Instant;

use pullaway_synth::{generate, write_whatsapp, Scenario, WhatsAppStyle};

fn main() {
    let n: usize = std::env::var("PULLAWAY_BENCH_MESSAGES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let t = Instant::now();
    let chat = generate(&Scenario::volume(n, 7));
    for (style, name) in [
        (WhatsAppStyle::AndroidDmy, "android"),
        (WhatsAppStyle::Ios, "ios"),
    ] {
        let text = write_whatsapp(&chat, style);
        eprintln!(
            "generated {} messages, {:.1} MB {name} export in {:.2?}",
            chat.messages().len(),
            text.len() as f64 / 1e6,
            t.elapsed()
        );
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let bytes = text.clone().into_bytes();
            let t = Instant::now();
            let chats = pullaway_import::import_bytes("WhatsApp Chat with Jordan.txt", bytes)
                .expect("imports");
            let secs = t.elapsed().as_secs_f64();
            assert_eq!(chats[0].messages().len(), chat.messages().len());
            best = best.min(secs);
        }
        println!(
            "import {name}: {:.1} MB in {:.1} ms (best of 5) = {:.0} MB/s, {:.2} M messages/s",
            text.len() as f64 / 1e6,
            best * 1e3,
            text.len() as f64 / 1e6 / best,
            chat.messages().len() as f64 / 1e6 / best
        );
    }
}

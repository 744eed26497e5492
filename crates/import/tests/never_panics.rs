//! Property tests: random bytes and mutated exports give a chat or a clean
//! error, never a panic, and never more messages than lines.

use proptest::prelude::*;
use pullaway_import::import_bytes;

const SEED: &str = "12/01/2024, 09:14 - Messages and calls are end-to-end encrypted.\n\
13/01/2024, 09:14 - Ariel: morning!\n\
13/01/2024, 09:20 - Jordan: hey you\nsecond line\n\
[13/01/2024, 21:05:00] Jordan: \u{200E}image omitted\n\
1/13/24, 9:05\u{202F}PM - Ariel: x <This message was edited>\n\
[١٣/١/٢٠٢٤، ٩:٠٥:٠٠\u{00A0}م] Ariel: x\n\
[21:41:35, 13/3/24] Ariel: x\n\
[3/13/R6, 21:41:35] Ariel: x\n";

fn check(bytes: Vec<u8>) {
    let lines = bytes.split(|&b| b == b'\n').count();
    if let Ok(chats) = import_bytes("fuzz.txt", bytes) {
        for chat in chats {
            assert!(chat.messages().len() <= lines);
            for m in chat.messages() {
                let _ = chat.text(m);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(bytes);
    }

    #[test]
    fn random_text(text in "\\PC{0,300}") {
        check(text.into_bytes());
    }

    #[test]
    fn mutated_exports(
        cuts in proptest::collection::vec((0usize..SEED.len(), 0usize..8, any::<u8>()), 1..12)
    ) {
        let mut bytes = SEED.as_bytes().to_vec();
        for (at, len, byte) in cuts {
            let at = at.min(bytes.len());
            match len % 3 {
                0 => bytes.insert(at, byte),
                1 => { let end = (at + len).min(bytes.len()); bytes.drain(at..end); }
                _ => { let end = (at + len).min(bytes.len()); let copy = bytes[at..end].to_vec(); bytes.splice(at..at, copy); }
            }
        }
        check(bytes);
    }

    #[test]
    fn header_like_lines(day in 0u32..40, month in 0u32..15, year in 0u32..3000, h in 0u32..30, m in 0u32..70,
                         sep in prop::sample::select(vec!["/", ".", "-"]), tail in "\\PC{0,20}") {
        let line = format!("{day}{sep}{month}{sep}{year}, {h}:{m:02} - {tail}\n[{day}{sep}{month}{sep}{year} {h}:{m}:{m}] x: {tail}\n");
        check(line.into_bytes());
    }
}

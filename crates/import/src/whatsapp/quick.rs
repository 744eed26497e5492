//! The two header forms almost every export uses, read without the general
//! tokenizer (`header.rs`), which runs for every line of a file and pays
//! for scripts, marks, eras and 12-hour words on each:
//!
//! - Android: `31/12/23, 21:05 - ` (seconds optional), separators `/ . -`;
//! - iOS: `[31.12.23, 21:05:07] ` (seconds optional).
//!
//! Plain ASCII only: anything else (a mark, another space, AM/PM, a
//! trailing dot, an era, time first) is left to the tokenizer. What this
//! reads, it reads exactly as the tokenizer does (a test compares both on
//! many generated lines).

use super::header::{shape, Era, Meridiem, Raw};

/// A run of 1 to `max` ASCII digits at `i` (none past `max`): value, count.
fn digits(b: &[u8], i: usize, max: usize) -> Option<(u16, u8, usize)> {
    let mut value = 0u16;
    let mut j = i;
    while let Some(&d) = b.get(j).filter(|d| d.is_ascii_digit()) {
        if j - i == max {
            return None;
        }
        value = value * 10 + u16::from(d - b'0');
        j += 1;
    }
    (j > i).then_some((value, (j - i) as u8, j))
}

/// The header at the start of `line` in one of the two common forms, or
/// `None` when the line needs the general tokenizer (which may still find
/// a header, or not).
pub fn parse(line: &str) -> Option<Raw> {
    let b = line.as_bytes();
    let bracket = b.first() == Some(&b'[');
    let i = usize::from(bracket);
    let (a, da, i) = digits(b, i, 4)?;
    let sep = *b.get(i)?;
    let sep_bit = match sep {
        b'/' => shape::SEP_SLASH,
        b'.' => shape::SEP_DOT,
        b'-' => shape::SEP_HYPHEN,
        _ => return None,
    };
    let (m, dm, i) = digits(b, i + 1, 2)?;
    if b.get(i) != Some(&sep) {
        return None;
    }
    let (c, dc, i) = digits(b, i + 1, 4)?;
    if b.get(i..i + 2) != Some(b", ") {
        return None;
    }
    let (hour, _, i) = digits(b, i + 2, 2)?;
    if b.get(i) != Some(&b':') {
        return None;
    }
    let (minute, 2, mut i) = digits(b, i + 1, 2)? else {
        return None;
    };
    let mut second = 0;
    let mut bits = sep_bit;
    if b.get(i) == Some(&b':') {
        let (s, 2, j) = digits(b, i + 1, 2)? else {
            return None;
        };
        second = s;
        bits |= shape::SECONDS;
        i = j;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let body = if bracket {
        if b.get(i) != Some(&b']') {
            return None;
        }
        let body = i + 1 + b[i + 1..].iter().take_while(|&&c| c == b' ').count();
        // A tab or a non-ASCII byte after the spaces may be a space or a mark.
        if b.get(body).is_some_and(|&c| c >= 0x80 || c == b'\t') {
            return None;
        }
        bits |= shape::BRACKET;
        body
    } else {
        if b.get(i..i + 3) != Some(b" - ") {
            return None;
        }
        bits |= shape::DASH;
        i + 3
    };
    for (k, n) in [da, dm, dc].into_iter().enumerate() {
        if n >= 3 {
            bits |= 1 << (shape::LONG_SHIFT + k as u16);
        }
    }
    Some(Raw {
        comps: [a, m, c],
        digits: [da, dm, dc],
        era: Era::None,
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
        meridiem: Meridiem::None,
        shape: bits,
        body: body as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow(line: &str) -> Option<Raw> {
        super::super::header::parse_general(line)
    }

    #[test]
    fn the_common_forms_are_read() {
        for line in [
            "01/01/2012, 08:00 - Ariel: hi",
            "1/1/12, 8:00 - Messages and calls are end-to-end encrypted.",
            "2012-01-01, 08:00:59 - A: x",
            "[01.01.12, 08:00:00] Jordan: x",
            "[1/1/2012, 23:59]   A: x",
            "[01.01.12, 08:00:00]",
            "01/01/2012, 08:00 - ",
        ] {
            let quick = parse(line);
            assert!(quick.is_some(), "{line}");
            assert_eq!(quick, slow(line), "{line}");
        }
    }

    /// Lines made of header pieces, spaces, marks and digits, shuffled: where
    /// the quick reader answers, the tokenizer answers the same.
    #[test]
    fn what_it_reads_the_tokenizer_reads_the_same() {
        const PIECES: &[&str] = &[
            "0",
            "1",
            "2",
            "3",
            "9",
            "12",
            "31",
            "2012",
            "12345",
            "/",
            ".",
            "-",
            ",",
            ", ",
            " ",
            "  ",
            ":",
            "[",
            "]",
            " - ",
            " – ",
            "\t",
            "\u{200E}",
            "\u{202F}",
            "\u{00A0}",
            "PM",
            " AM",
            "a. m.",
            "BE",
            "R4",
            "klo",
            "à",
            "A: x",
            "Name: hi",
            "午後",
            "٢",
            "08:00",
            "23:59:59",
            "24:00",
            "08:60",
            "8:5",
            "01/01/12",
            "31.12.2012",
            "[01.01.12, ",
            "01/01/2012, ",
            "] ",
            ": ",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut read = 0;
        for round in 0..200_000 {
            let mut line = String::new();
            // Half start from a real header, then change a piece or add some.
            if round % 2 == 0 {
                line.push_str(["01/01/2012, 08:00 - A: x", "[01.01.12, 08:00:00] A: x"][next(2)]);
                let at = next(line.len());
                line.truncate(at);
            }
            for _ in 0..next(8) {
                line.push_str(PIECES[next(PIECES.len())]);
            }
            if round % 2 == 0 {
                line.push_str([" - A: x", "] A: x", ":00 - A: x", ""][next(4)]);
            }
            if let Some(raw) = parse(&line) {
                read += 1;
                assert_eq!(Some(raw), slow(&line), "{line:?}");
            }
        }
        assert!(read > 5_000, "{read} lines read");
    }
}

//! Recognises the header that starts a WhatsApp message line:
//! `31/12/23, 21:05 - `, `[31.12.23, 21:05:07] `, `12/31/2023 9:05 p. m. - `,
//! `[21:05:07, 12/31/23] `, `18.3.2022 klo 14.56 - `, `[١٨/٣/٢٠٢٢، ٢:٥٦:٠٠ م] `, ...
//!
//! The date is kept as three raw components: which is the day, the month and
//! the year is decided later from the whole file (see `order.rs`). The
//! header's *shape* (brackets, separators, seconds, 12-hour clock) is recorded
//! so that a line inside a message that merely looks like a date, but does not
//! share the file's shape, stays part of that message.

use crate::text::{digit_value, is_invisible, is_space};

/// A Japanese era letter or a Buddhist-era marker on the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Era {
    None,
    /// `BE` after the date (Thai solar calendar, year - 543).
    Buddhist,
    /// `R4`, `H31`: the Gregorian year the era's year 1 falls in, minus one.
    Japanese(u16),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meridiem {
    None,
    Am,
    Pm,
}

/// Shape bits: two headers of one export share them.
pub mod shape {
    pub const BRACKET: u16 = 1;
    pub const TIME_FIRST: u16 = 1 << 1;
    pub const SECONDS: u16 = 1 << 2;
    pub const TWELVE_HOUR: u16 = 1 << 3;
    pub const DASH: u16 = 1 << 4;
    pub const COLON: u16 = 1 << 5;
    pub const SEP_SLASH: u16 = 1 << 6;
    pub const SEP_DOT: u16 = 1 << 7;
    pub const SEP_HYPHEN: u16 = 1 << 8;
    /// Bits 9..11: which date components are long (3-4 digits or an era year).
    pub const LONG_SHIFT: u16 = 9;
}

/// A parsed header before the date order is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Raw {
    pub comps: [u16; 3],
    pub digits: [u8; 3],
    pub era: Era,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub meridiem: Meridiem,
    pub shape: u16,
    /// Byte offset in the line where the body (`Name: text`) starts.
    pub body: u32,
}

struct Cur<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cur<'a> {
    fn peek(&self) -> Option<char> {
        let b = *self.s.as_bytes().get(self.i)?;
        if b < 0x80 {
            Some(b as char)
        } else {
            self.s[self.i..].chars().next()
        }
    }

    fn bump(&mut self, c: char) {
        self.i += c.len_utf8();
    }

    fn skip_marks(&mut self) {
        // Every invisible mark starts with a byte >= 0xD8 in UTF-8.
        if self.s.as_bytes().get(self.i).is_none_or(|&b| b < 0xD8) {
            return;
        }
        while let Some(c) = self.peek() {
            if !is_invisible(c) {
                break;
            }
            self.bump(c);
        }
    }

    /// Skips spaces and marks; true if at least one space was seen.
    fn skip_spaces(&mut self) -> bool {
        let b = self.s.as_bytes();
        let mut seen = false;
        while b.get(self.i) == Some(&b' ') {
            self.i += 1;
            seen = true;
        }
        if b.get(self.i).is_none_or(|&c| c < 0x80 && c != b'\t') {
            return seen;
        }
        while let Some(c) = self.peek() {
            if is_space(c) {
                seen = true;
            } else if !is_invisible(c) {
                break;
            }
            self.bump(c);
        }
        seen
    }

    fn eat(&mut self, want: char) -> bool {
        self.skip_marks();
        if self.peek() == Some(want) {
            self.bump(want);
            true
        } else {
            false
        }
    }

    /// Up to `max` digits of any supported script.
    fn number(&mut self, max: u8) -> Option<(u16, u8)> {
        self.skip_marks();
        // ASCII digits, the common case.
        let b = self.s.as_bytes();
        let mut i = self.i;
        let mut value: u32 = 0;
        while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            if (i - self.i) as u8 == max {
                return None;
            }
            value = value * 10 + u32::from(d - b'0');
            i += 1;
        }
        if i > self.i && b.get(i).is_none_or(|&c| c < 0x80) {
            let n = (i - self.i) as u8;
            self.i = i;
            return Some((value as u16, n));
        }
        let mut value: u32 = 0;
        let mut n = 0u8;
        while let Some(c) = self.peek() {
            let Some(d) = digit_value(c) else { break };
            if n == max {
                return None;
            }
            value = value * 10 + d;
            n += 1;
            self.bump(c);
        }
        (n > 0).then_some((value as u16, n))
    }
}

const MERIDIEMS: &[(&str, Meridiem)] = &[
    ("ก่อนเที่ยง", Meridiem::Am),
    ("หลังเที่ยง", Meridiem::Pm),
    ("पूर्वाह्न", Meridiem::Am),
    ("अपराह्न", Meridiem::Pm),
    ("nachm.", Meridiem::Pm),
    ("vorm.", Meridiem::Am),
    ("a. m.", Meridiem::Am),
    ("p. m.", Meridiem::Pm),
    ("π.μ.", Meridiem::Am),
    ("μ.μ.", Meridiem::Pm),
    ("am", Meridiem::Am),
    ("pm", Meridiem::Pm),
    ("午前", Meridiem::Am),
    ("午後", Meridiem::Pm),
    ("上午", Meridiem::Am),
    ("下午", Meridiem::Pm),
    ("오전", Meridiem::Am),
    ("오후", Meridiem::Pm),
    ("sa", Meridiem::Am),
    ("ch", Meridiem::Pm),
    ("ص", Meridiem::Am),
    ("م", Meridiem::Pm),
    ("ق.ظ.", Meridiem::Am),
    ("ب.ظ.", Meridiem::Pm),
    ("öö", Meridiem::Am),
    ("ös", Meridiem::Pm),
    ("ptg", Meridiem::Pm),
    ("pg", Meridiem::Am),
];

/// Matches one pattern at the cursor: a space in the pattern stands for any
/// run of spaces (or none), ASCII letters match in any case, and a final dot
/// is optional. Returns the end offset.
fn match_pattern(s: &str, start: usize, pat: &str) -> Option<usize> {
    let mut i = start;
    let count = pat.chars().count();
    for (k, p) in pat.chars().enumerate() {
        let c = s[i..].chars().next();
        if p == ' ' {
            while let Some(c) = s[i..].chars().next() {
                if !(is_space(c) || is_invisible(c)) {
                    break;
                }
                i += c.len_utf8();
            }
        } else if c.is_some_and(|c| c.to_lowercase().next() == Some(p)) {
            i += c.unwrap().len_utf8();
        } else if p == '.' && k == count - 1 {
            // optional final dot
        } else {
            return None;
        }
    }
    // Must end at a word boundary.
    match s[i..].chars().next() {
        Some(c) if c.is_alphabetic() => None,
        _ => Some(i),
    }
}

fn meridiem(cur: &mut Cur) -> Meridiem {
    let save = cur.i;
    cur.skip_marks();
    match cur.peek() {
        Some(c) if c.is_alphabetic() => {}
        _ => {
            cur.i = save;
            return Meridiem::None;
        }
    }
    for &(pat, m) in MERIDIEMS {
        if let Some(end) = match_pattern(cur.s, cur.i, pat) {
            cur.i = end;
            return m;
        }
    }
    cur.i = save;
    Meridiem::None
}

struct DatePart {
    comps: [u16; 3],
    digits: [u8; 3],
    era: Era,
    sep_bit: u16,
}

fn date(cur: &mut Cur) -> Option<DatePart> {
    let (a, da) = cur.number(4)?;
    cur.skip_marks();
    let sep = cur.peek()?;
    let sep_bit = match sep {
        '/' => shape::SEP_SLASH,
        '.' => shape::SEP_DOT,
        '-' => shape::SEP_HYPHEN,
        _ => return None,
    };
    cur.bump(sep);
    // Korean and Hungarian dates put a space after each dot: `2022. 3. 18.`
    let spaced = sep == '.' && cur.skip_spaces();
    let (b, db) = cur.number(2)?;
    if !cur.eat(sep) {
        return None;
    }
    if spaced && !cur.skip_spaces() {
        return None;
    }
    cur.skip_marks();
    let mut era = Era::None;
    if let Some(letter @ ('R' | 'H' | 'S' | 'T' | 'M')) = cur.peek() {
        era = Era::Japanese(match letter {
            'R' => 2018,
            'H' => 1988,
            'S' => 1925,
            'T' => 1911,
            _ => 1867,
        });
        cur.bump(letter);
    }
    let (c, mut dc) = cur.number(4)?;
    if era != Era::None {
        dc = 4;
    }
    // `18.03.22.` and `2565 BE`
    let save = cur.i;
    if sep == '.' && cur.eat('.') {
    } else {
        cur.i = save;
    }
    let save = cur.i;
    cur.skip_spaces();
    let bytes = cur.s.as_bytes();
    if bytes.get(cur.i) == Some(&b'B')
        && bytes.get(cur.i + 1) == Some(&b'E')
        && !cur.s[cur.i + 2..].starts_with(|c: char| c.is_alphanumeric())
    {
        cur.i += 2;
        era = Era::Buddhist;
    } else {
        cur.i = save;
    }
    Some(DatePart {
        comps: [a, b, c],
        digits: [da, db, dc],
        era,
        sep_bit,
    })
}

struct TimePart {
    hour: u8,
    minute: u8,
    second: u8,
    seconds: bool,
    meridiem: Meridiem,
}

fn time(cur: &mut Cur) -> Option<TimePart> {
    cur.skip_spaces();
    let before = meridiem(cur);
    cur.skip_spaces();
    let (h, _) = cur.number(2)?;
    cur.skip_marks();
    let sep = cur.peek()?;
    if sep != ':' && sep != '.' {
        return None;
    }
    cur.bump(sep);
    let (m, dm) = cur.number(2)?;
    if dm != 2 {
        return None;
    }
    let mut second = 0;
    let mut seconds = false;
    let save = cur.i;
    if cur.eat(sep) {
        match cur.number(2) {
            Some((s, 2)) => {
                second = s;
                seconds = true;
            }
            _ => cur.i = save,
        }
    }
    // `13:34. - ` (a trailing dot some locales write)
    let save = cur.i;
    if !(cur.eat('.') && matches!(cur.peek(), Some(c) if is_space(c))) {
        cur.i = save;
    }
    let mut mer = before;
    if mer == Meridiem::None {
        let save = cur.i;
        cur.skip_spaces();
        mer = meridiem(cur);
        if mer == Meridiem::None {
            cur.i = save;
        }
    }
    if h > 23 || m > 59 || second > 59 {
        return None;
    }
    Some(TimePart {
        hour: h as u8,
        minute: m as u8,
        second: second as u8,
        seconds,
        meridiem: mer,
    })
}

/// Words some locales put between date and time.
const CONNECTING: &[&str] = &[
    "à", "a", "as", "às", "klo", "kl", "kl.", "um", "alle", "om", "lúc", "o", "u", "в", "at",
];

/// A short word between date and time (`à`, `klo`, `um`, `alle`, `lúc`).
fn connecting_word(cur: &mut Cur) {
    let save = cur.i;
    while let Some(c) = cur.peek() {
        if c.is_alphabetic() || c == '.' {
            cur.bump(c);
        } else {
            break;
        }
    }
    let word = cur.s[save..cur.i].to_lowercase();
    if !CONNECTING.contains(&word.as_str()) || !cur.skip_spaces() {
        cur.i = save;
    }
}

fn comma(cur: &mut Cur) -> bool {
    cur.eat(',') || cur.eat('،')
}

/// Parses a header at the start of `line`, or returns `None`. The two
/// common forms take a shortcut (`quick.rs`).
pub fn parse(line: &str) -> Option<Raw> {
    super::quick::parse(line).or_else(|| parse_general(line))
}

/// [`parse`] without the shortcut: every form.
pub fn parse_general(line: &str) -> Option<Raw> {
    let mut cur = Cur { s: line, i: 0 };
    cur.skip_spaces();
    let bracket = cur.eat('[');
    let mut shape_bits = 0u16;
    if bracket {
        shape_bits |= shape::BRACKET;
    }
    cur.skip_marks();
    // Time first (`[21:41:35, 3/27/22]`) only when a time separator follows the first number.
    let time_first = {
        let mut probe = Cur { s: line, i: cur.i };
        probe.number(2).is_some() && {
            probe.skip_marks();
            probe.peek() == Some(':')
        }
    };
    let (d, t) = if time_first {
        shape_bits |= shape::TIME_FIRST;
        let t = time(&mut cur)?;
        comma(&mut cur);
        cur.skip_spaces();
        let d = date(&mut cur)?;
        (d, t)
    } else {
        let d = date(&mut cur)?;
        comma(&mut cur);
        cur.skip_spaces();
        let save = cur.i;
        if meridiem(&mut cur) == Meridiem::None {
            connecting_word(&mut cur);
        } else {
            cur.i = save;
        }
        let t = time(&mut cur)?;
        (d, t)
    };
    if bracket {
        if !cur.eat(']') {
            return None;
        }
        cur.skip_spaces();
    } else {
        cur.skip_spaces();
        cur.skip_marks();
        match cur.peek() {
            Some(c @ ('-' | '–')) => {
                cur.bump(c);
                shape_bits |= shape::DASH;
            }
            Some(':') => {
                cur.bump(':');
                shape_bits |= shape::COLON;
            }
            _ => return None,
        }
        match cur.peek() {
            None => {}
            Some(c) if is_space(c) => cur.bump(c),
            _ => return None,
        }
    }
    if t.seconds {
        shape_bits |= shape::SECONDS;
    }
    if t.meridiem != Meridiem::None {
        shape_bits |= shape::TWELVE_HOUR;
    }
    shape_bits |= d.sep_bit;
    for (k, &n) in d.digits.iter().enumerate() {
        if n >= 3 {
            shape_bits |= 1 << (shape::LONG_SHIFT + k as u16);
        }
    }
    Some(Raw {
        comps: d.comps,
        digits: d.digits,
        era: d.era,
        hour: t.hour,
        minute: t.minute,
        second: t.second,
        meridiem: t.meridiem,
        shape: shape_bits,
        body: cur.i as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> (Raw, &str) {
        let raw = parse(line).unwrap_or_else(|| panic!("no header in {line:?}"));
        (raw, &line[raw.body as usize..])
    }

    #[test]
    fn android_24h() {
        let (r, body) = p("20/01/19, 11:23 - John Doe: hi");
        assert_eq!(r.comps, [20, 1, 19]);
        assert_eq!((r.hour, r.minute), (11, 23));
        assert_eq!(body, "John Doe: hi");
        assert!(r.shape & shape::DASH != 0);
    }

    #[test]
    fn ios_bracket_seconds() {
        let (r, body) = p("\u{200E}[04.01.18, 11:54:34] John Doe: x");
        assert_eq!(r.comps, [4, 1, 18]);
        assert_eq!(r.second, 34);
        assert_eq!(body, "John Doe: x");
        assert!(r.shape & shape::BRACKET != 0 && r.shape & shape::SEP_DOT != 0);
    }

    #[test]
    fn twelve_hour_markers() {
        for (line, pm) in [
            ("9/24/2019 11:30 p.m. - A: x", Meridiem::Pm),
            ("11/27/2019 9:30 p. m. - A: x", Meridiem::Pm),
            ("09/10/22, 10:37 p.\u{00A0}m. - A: x", Meridiem::Pm),
            ("09/17/19, 8:30:52 AM \u{2013} A: x", Meridiem::Am),
            ("1/2/23, 9:05\u{202F}PM - A: x", Meridiem::Pm),
            ("[2023/01/02 午後3:15:00] A: x", Meridiem::Pm),
            ("[2023/1/2 오후 3:15:00] A: x", Meridiem::Pm),
            ("[١٨/٣/٢٠٢٢، ٢:٥٦:٠٠\u{00A0}م] A: x", Meridiem::Pm),
        ] {
            let (r, body) = p(line);
            assert_eq!(r.meridiem, pm, "{line}");
            assert_eq!(body, "A: x", "{line}");
        }
    }

    #[test]
    fn time_first_era_and_words() {
        let (r, _) = p("[21:41:35, 3/27/22] Dmitry S: Hello");
        assert!(r.shape & shape::TIME_FIRST != 0);
        assert_eq!(r.comps, [3, 27, 22]);
        let (r, _) = p("[3/18/R4, 14:56:01] A: x");
        assert_eq!(r.era, Era::Japanese(2018));
        let (r, _) = p("[3/18/2565 BE, 14:56:01] A: x");
        assert_eq!(r.era, Era::Buddhist);
        let (r, body) = p("18/03/2022 à 14:56 - Dmitry: Salut");
        assert_eq!((r.hour, body), (14, "Dmitry: Salut"));
        let (r, _) = p("18.3.2022 klo 14.56 - Dmitry: Moi");
        assert_eq!(r.minute, 56);
        let (r, body) = p("2022/12/14, 13:34. - John Doe: x");
        assert_eq!((r.comps, body), ([2022, 12, 14], "John Doe: x"));
        let (_, body) = p("12/24/19 11:23: John: old colon form");
        assert_eq!(body, "John: old colon form");
    }

    #[test]
    fn not_headers() {
        for line in [
            "hello there",
            "12/24/19 is my birthday",
            "[12/24/19] nope",
            "",
            "11:30 - lunch",
            "1/2/3",
        ] {
            assert!(parse(line).is_none(), "{line}");
        }
    }
}

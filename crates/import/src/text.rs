//! What the importers share about text: character classes (invisible
//! direction marks that exports sprinkle into lines, the odd spaces they
//! use, the digit systems their dates may be written in), decoding (UTF-8,
//! UTF-16 with a BOM), small pieces of dates and clocks (month names,
//! leading numbers, 12/24-hour), file-name stems, quoting input in errors,
//! and a fast hasher for maps of short strings.

/// Direction marks, embeddings, isolates and the BOM: present in exports, never
/// meaningful for parsing.
pub fn is_invisible(c: char) -> bool {
    // All of these are at or above U+061C: one comparison rejects ASCII and Latin.
    (c as u32) >= 0x61C
        && matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// Spaces as exports write them: ASCII, no-break, narrow no-break, thin.
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// The value of a decimal digit in ASCII, Arabic-Indic, Eastern Arabic-Indic
/// (Persian/Urdu), Devanagari, Bengali or Thai script.
pub fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.is_ascii_digit().then(|| c as u32 - u32::from(b'0'));
    }
    let c = c as u32;
    for zero in [0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50] {
        if (zero..zero + 10).contains(&c) {
            return Some(c - zero);
        }
    }
    None
}

/// A run of one to four ASCII digits at the start of `s`, as a number, and
/// the rest of `s`.
pub fn leading_number(s: &str) -> Option<(u32, &str)> {
    let end = s.bytes().take_while(u8::is_ascii_digit).count();
    if end == 0 || end > 4 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// An hour on the 24-hour clock. `pm` is `None` for a 24-hour time (0 to
/// 23), else whether a 12-hour time (1 to 12) is after noon (12 AM is 0,
/// 12 PM is 12).
pub fn hour_24(hour: u32, pm: Option<bool>) -> Option<u32> {
    match (pm, hour) {
        (None, h) if h < 24 => Some(h),
        (Some(false), 12) => Some(0),
        (Some(true), h) if h < 12 => Some(h + 12),
        (Some(_), h) if (1..=12).contains(&h) => Some(h),
        _ => None,
    }
}

/// A month by its English name, full or abbreviated (`March`, `Mar`,
/// `Mar.`, `Sept`), any case.
pub fn month_from_name(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let found = MONTHS
        .iter()
        .position(|m| m.starts_with(&w) || (w == "sept" && *m == "september"))?;
    Some(found as u8 + 1)
}

/// The bytes without a UTF-8 byte order mark at their start.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Text of an export as UTF-8: UTF-8 (with or without BOM), or UTF-16 with
/// a BOM. Bytes that are not UTF-8 are replaced, and a warning says on which
/// line.
pub fn decode<'b>(display: &str, bytes: &'b [u8]) -> (std::borrow::Cow<'b, str>, Option<String>) {
    use std::borrow::Cow;
    if let Some(text) = utf16(bytes) {
        return (Cow::Owned(text), None);
    }
    let b = strip_bom(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => (Cow::Borrowed(s), None),
        Err(e) => {
            let line = b[..e.valid_up_to()].iter().filter(|&&c| c == b'\n').count() + 1;
            let warning = format!(
                "{display}:{line}: bytes that are not UTF-8 were replaced with \u{FFFD} (this line and possibly others)"
            );
            (String::from_utf8_lossy(b), Some(warning))
        }
    }
}

/// Text in UTF-16 with a byte-order mark (`FF FE` little-endian, `FE FF`
/// big-endian), as UTF-8; an unpaired surrogate becomes U+FFFD. `None`
/// when the bytes start with neither mark.
pub fn utf16(bytes: &[u8]) -> Option<String> {
    let le = if bytes.starts_with(&[0xFF, 0xFE]) {
        true
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        false
    } else {
        return None;
    };
    let units = bytes[2..].chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect(),
    )
}

/// The first line with something on it, for an error that quotes it: its
/// 1-based number and its first 60 characters (line 1 and `""` when every
/// line is blank).
pub fn first_line(text: &str) -> (usize, String) {
    let (n, first) = text
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty())
        .unwrap_or((0, ""));
    (n + 1, first.chars().take(60).collect())
}

/// The file name of a path (after the last `/` or `\`), as a zip entry or
/// a path on any system writes it.
pub fn file_base(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The file name without its last extension (`chat.csv` -> `chat`).
pub fn file_stem(path: &str) -> &str {
    let base = file_base(path);
    base.rsplit_once('.').map_or(base, |(stem, _)| stem)
}

/// Removes invisible marks at both ends and trims spaces.
pub fn trim_marks(s: &str) -> &str {
    s.trim_matches(|c| is_invisible(c) || is_space(c))
}

/// Removes every invisible mark (for names, which exports wrap in isolates).
pub fn strip_marks(s: &str) -> String {
    let trimmed = trim_marks(s);
    if trimmed.chars().any(is_invisible) {
        trimmed.chars().filter(|&c| !is_invisible(c)).collect()
    } else {
        trimmed.to_owned()
    }
}

/// The end of a text importer whose messages sit under day lines (KakaoTalk,
/// LINE): an error when no message was read — `none` says no line reads
/// like a message, `before(line)` that they all came before any day line —
/// else notes for message lines read before any day line (`day_line`
/// names them: "date line", "day line") and lines before the first message.
pub(crate) fn day_line_notes(
    chat: &mut pullaway_chat::Chat,
    display: &str,
    undated: &[u64],
    skipped_leading: usize,
    day_line: &str,
    none: &str,
    before: impl FnOnce(u64) -> String,
) -> Result<(), crate::ImportError> {
    if chat.messages().is_empty() {
        let why = match undated.first() {
            None => none.to_owned(),
            Some(&first) => before(first),
        };
        return Err(crate::ImportError::invalid(display, None, why));
    }
    if let Some(first) = undated.first() {
        chat.warnings.push(format!(
            "{display}: {} message line(s) before any {day_line} were skipped (the first at line {first})",
            undated.len()
        ));
    }
    if skipped_leading > 0 {
        chat.warnings.push(format!(
            "{display}: {skipped_leading} line(s) before the first message were skipped"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_in_several_scripts() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('٣'), Some(3));
        assert_eq!(digit_value('۹'), Some(9));
        assert_eq!(digit_value('५'), Some(5));
        assert_eq!(digit_value('a'), None);
    }

    #[test]
    fn names_lose_their_isolates() {
        assert_eq!(strip_marks("\u{202A}+40 521 028\u{202C}"), "+40 521 028");
        assert_eq!(trim_marks("\u{200E} hi \u{200F}"), "hi");
    }
}

/// A small, fast hasher (FxHash's multiply-rotate) for the importer's maps of
/// short strings; not for untrusted keys where collisions matter, which names
/// and markers are not (a collision costs time, not correctness).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

/// A piece of the input quoted in an error message: in quotes, without
/// Rust's debug escapes, control characters shown as `�` and a byte-order
/// mark dropped, so the message reads as plain words on any terminal.
pub fn quote(s: &str) -> String {
    let inner: String = s
        .chars()
        .filter(|&c| c != '\u{FEFF}')
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    format!("\"{inner}\"")
}

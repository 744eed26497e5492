//! Character classes shared by the text importers: invisible direction marks
//! that exports sprinkle into lines, the odd spaces they use, and the digit
//! systems their dates may be written in.

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

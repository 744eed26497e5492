//! Folding text for lexicon matching: lowercase, accents removed, `ß` as
//! `ss`, typographic apostrophes as `'`, then split into words.
//!
//! Covers the Latin letters of the languages whose lexicons we ship (English,
//! Spanish, German, French, Portuguese) without a Unicode-normalization
//! dependency; other scripts are lowercased and kept as they are.

/// The base letter of a Latin letter with a diacritic (lowercase input).
fn base(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' => "h",
        'ĵ' => "j",
        'ķ' => "k",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'ĩ' | 'ĭ' => "i",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' | 'ŗ' => "r",
        'ś' | 'š' | 'ş' | 'ŝ' | 'ș' => "s",
        'ł' | 'ĺ' | 'ļ' | 'ľ' | 'ŀ' => "l",
        'ð' => "d",
        'þ' => "th",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'ũ' | 'ŭ' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        // Compatibility ligatures (NFKD splits them).
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        'ź' | 'ż' | 'ž' => "z",
        '’' | '‘' | 'ʼ' | '`' | '´' | '＇' => "'",
        _ => return None,
    })
}

/// Combining marks (a decomposed "é" is "e" + U+0301) and variation
/// selectors: dropped, as NFKD followed by removing category M would.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{300}'..='\u{36F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Lowercases and folds a text.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        // Fullwidth forms of ASCII ("ＨＥＹ") are their ASCII letters.
        if ('\u{FF01}'..='\u{FF5E}').contains(&c) && c != '\u{FF07}' {
            let a = char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c);
            out.push(a.to_ascii_lowercase());
            continue;
        }
        // Lowercasing may itself produce a mark ("İ" is "i" + U+0307).
        for l in c.to_lowercase().filter(|&l| !is_mark(l)) {
            match base(l) {
                Some(b) => out.push_str(b),
                None => out.push(l),
            }
        }
    }
    out
}

/// The words of a folded text: runs of letters, digits and apostrophes
/// (apostrophes at either end of a run are dropped).
pub fn words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_apostrophes() {
        assert_eq!(fold("Qué TAL, Straße — l’été"), "que tal, strasse — l'ete");
        assert_eq!(
            words(&fold("Why didn’t you call?! 'ok'")),
            ["why", "didn't", "you", "call", "ok"]
        );
        assert_eq!(
            words(&fold("¿Estás libre el sábado?")),
            ["estas", "libre", "el", "sabado"]
        );
    }

    #[test]
    fn folds_like_nfkd_for_latin_text() {
        // Decomposed accents, a dotted capital I, fullwidth letters, ligatures,
        // an emoji with a variation selector.
        assert_eq!(
            fold("Cafe\u{301} İstanbul ＨＥＹ！ ﬁne ❤\u{FE0F}"),
            "cafe istanbul hey! fine ❤"
        );
        assert_eq!(words(&fold("Ｉ＇ｍ ȘTIU")), ["i'm", "stiu"]);
        assert_eq!(
            fold("Dziękuję, Łódź, Ørsted, Œuvre"),
            "dziekuje, lodz, orsted, oeuvre"
        );
    }
}

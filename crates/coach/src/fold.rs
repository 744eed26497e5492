//! Folding text for lexicon matching: lowercase, accents removed, `ß` as
//! `ss`, typographic apostrophes as `'`, then split into words.
//!
//! Accents come off by Unicode's compatibility decomposition (NFKD, the
//! `unicode-normalization` crate) followed by dropping the combining marks,
//! for the Latin and Greek letters, the ligatures and the fullwidth forms — so every Latin-script language folds, not only the
//! ones whose lexicons we ship (Romanian ș/ț, Turkish ğ, Vietnamese ạ/ầ
//! alike). Other scripts are only lowercased: decomposing Hangul or kana
//! would split syllables that people type whole. A few letters have no
//! decomposition and get their usual base letters (`ø`, `ł`, `đ`, `æ`, …).

use unicode_normalization::char::decompose_compatible;

/// Letters without a decomposition, and apostrophes, as people type them
/// without accents (lowercase input).
fn base(c: char) -> Option<&'static str> {
    Some(match c {
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'ß' => "ss",
        'ı' => "i",
        'ħ' => "h",
        'ŧ' => "t",
        '’' | '‘' | 'ʼ' | '`' | '´' | '＇' => "'",
        _ => return None,
    })
}

/// Whether NFKD applies to this (lowercased) character: Latin and Greek
/// letters, Latin Extended Additional, ligatures, fullwidth forms. Not
/// Cyrillic: `й` is a letter of its own, not an `и` with a mark.
fn decomposes(c: char) -> bool {
    matches!(c,
        '\u{00A0}'..='\u{03FF}'
        | '\u{1E00}'..='\u{1FFF}'
        | '\u{FB00}'..='\u{FB06}'
        | '\u{FF01}'..='\u{FF5E}')
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

/// Pushes the folded form of one lowercase character.
fn push_folded(out: &mut String, c: char) {
    if is_mark(c) {
        return;
    }
    if let Some(b) = base(c) {
        out.push_str(b);
    } else if decomposes(c) {
        decompose_compatible(c, |d| {
            if !is_mark(d) {
                match base(d) {
                    Some(b) => out.push_str(b),
                    None => out.extend(d.to_lowercase()),
                }
            }
        });
    } else {
        out.push(c);
    }
}

/// Lowercases and folds a text.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        // Lowercasing may itself produce a mark ("İ" is "i" + U+0307).
        for l in c.to_lowercase() {
            push_folded(&mut out, l);
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

    #[test]
    fn every_latin_script_folds_and_other_scripts_stay_whole() {
        // Romanian, Turkish, Vietnamese, Czech, Icelandic, Greek tonos.
        assert_eq!(
            fold("Știu, Țară, Ğüneş, Việt Nam, Dấu, Příliš, Þór, Άλφα"),
            "stiu, tara, gunes, viet nam, dau, prilis, thor, αλφα"
        );
        // Hangul, kana with a voiced mark and Cyrillic й keep their letters.
        assert_eq!(fold("안녕 ガ"), "안녕 ガ");
        assert_eq!(fold("Привет, Андрей"), "привет, андрей");
    }
}

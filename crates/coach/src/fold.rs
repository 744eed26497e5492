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
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ł' => "l",
        'ð' => "d",
        'þ' => "th",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        '’' | '‘' | 'ʼ' | '`' | '´' | '＇' => "'",
        _ => return None,
    })
}

/// Lowercases and folds a text.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        // Combining accents (a decomposed "é" is "e" + U+0301) are dropped.
        if ('\u{300}'..='\u{36F}').contains(&c) {
            continue;
        }
        for l in c.to_lowercase() {
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
}

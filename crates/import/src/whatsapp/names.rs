//! The contact's name from the export's file name.
//!
//! WhatsApp names an export after the chat, in the phone's language:
//! `WhatsApp Chat with Alex.txt`, `WhatsApp Chat - Alex.zip`,
//! `WhatsApp Chat mit Alex.txt`, `Chat de WhatsApp con Alex.txt`, ...

/// The words before the name, per language. Compared case-insensitively.
const LEADS: &[&str] = &[
    "WhatsApp Chat with ",
    "WhatsApp Chat - ",
    "WhatsApp Chat mit ",
    "WhatsApp-Chat mit ",
    "Chat de WhatsApp con ",
    "Chat WhatsApp con ",
    "Chat di WhatsApp con ",
    "Discussion WhatsApp avec ",
    "Conversa do WhatsApp com ",
    "WhatsApp-chat met ",
    "WhatsApp Chat met ",
    "WhatsApp-chatt med ",
    "WhatsApp Chat med ",
    "WhatsApp-keskustelu: ",
    "Czat WhatsApp z ",
    "Чат WhatsApp с ",
    "WhatsApp чат с ",
    "Чат WhatsApp з ",
    "Konverzace WhatsApp s ",
    "WhatsApp Sohbeti: ",
    "Chat WhatsApp dengan ",
    "Obrolan WhatsApp dengan ",
];

/// The contact name a file name carries, if it follows WhatsApp's pattern.
pub fn contact_from_file_name(file_name: &str) -> Option<String> {
    let stem = file_name
        .strip_suffix(".txt")
        .or_else(|| file_name.strip_suffix(".zip"))
        .or_else(|| file_name.strip_suffix(".TXT"))
        .or_else(|| file_name.strip_suffix(".ZIP"))
        .unwrap_or(file_name);
    let lower = stem.to_lowercase();
    for lead in LEADS {
        let lead_lower = lead.to_lowercase();
        if let Some(pos) = lower.find(&lead_lower) {
            // Byte offsets agree when lowercasing keeps lengths (true for these leads' scripts).
            if lower.len() == stem.len() {
                let name = stem[pos + lead_lower.len()..].trim();
                if !name.is_empty() {
                    return Some(name.to_owned());
                }
            }
        }
    }
    None
}

/// The name without the suffix a browser or file manager adds to a second
/// download or copy of the same file: `Alex (1)`, `Alex(2)`, `Alex - Copy`,
/// `Alex copy 2`, and (with `bare_number`) `Alex 2`, `Alex-2`. `None` when
/// there is no such suffix.
pub fn without_copy_suffix(name: &str, bare_number: bool) -> Option<&str> {
    let s = name.trim_end();
    let digits = |t: &str| !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit());
    // `(n)`, with or without a space before it.
    if let Some(inner) = s.strip_suffix(')') {
        if let Some(open) = inner.rfind('(') {
            if digits(&inner[open + 1..]) {
                let rest = inner[..open].trim_end();
                return Some(without_copy_suffix(rest, false).unwrap_or(rest))
                    .filter(|r| !r.is_empty());
            }
        }
    }
    let lower = s.to_lowercase();
    if lower.len() == s.len() {
        for copy in [" - copy", " copy", " - kopie", " - copia"] {
            if let Some(stem) = lower.strip_suffix(copy) {
                return Some(s[..stem.len()].trim_end()).filter(|r| !r.is_empty());
            }
        }
        // `Alex copy 2`, `Alex - Copy 3`.
        if let Some(sp) = lower.rfind(' ') {
            if digits(&lower[sp + 1..]) {
                for copy in [" - copy", " copy"] {
                    if lower[..sp].ends_with(copy) {
                        return Some(s[..sp - copy.len()].trim_end()).filter(|r| !r.is_empty());
                    }
                }
            }
        }
    }
    if bare_number {
        if let Some(at) = s.rfind([' ', '-']) {
            if digits(&s[at + 1..]) {
                return Some(s[..at].trim_end()).filter(|r| !r.is_empty());
            }
        }
    }
    None
}

/// The contact of a chat whose file name gave `from_file`: without a copy
/// suffix (`Dmitry S` for `Dmitry S (1)`, `Dmitry S(2)` or, when a
/// participant is called that, `Dmitry S 2`), else as the file gave it
/// (`Room 2` stays when a participant is called `Room 2`).
pub fn contact_among(from_file: &str, participants: &[String]) -> String {
    let unambiguous = without_copy_suffix(from_file, false);
    let candidates = [
        unambiguous,
        Some(from_file),
        without_copy_suffix(from_file, true),
    ];
    for c in candidates.into_iter().flatten() {
        if participants.iter().any(|p| same_person(p, c)) {
            return c.to_owned();
        }
    }
    unambiguous.unwrap_or(from_file).to_owned()
}

/// Whether a participant's name is the one a file name gave: equal, equal
/// once a download suffix such as ` (1)` or ` (EN+Media)` is dropped, or
/// equal ignoring case.
pub fn same_person(participant: &str, from_file: &str) -> bool {
    let strip = |s: &str| -> String {
        let s = s.trim();
        match (s.rfind(" ("), s.ends_with(')')) {
            (Some(p), true) => s[..p].trim().to_owned(),
            _ => s.to_owned(),
        }
    };
    participant == from_file
        || participant.eq_ignore_ascii_case(from_file)
        || participant.to_lowercase() == strip(from_file).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(
            contact_from_file_name("WhatsApp Chat with Alex.txt").as_deref(),
            Some("Alex")
        );
        assert_eq!(
            contact_from_file_name("WhatsApp Chat - Elon Musk (EN+Media).txt").as_deref(),
            Some("Elon Musk (EN+Media)")
        );
        assert_eq!(
            contact_from_file_name("WhatsApp Chat mit Jane Doe.txt").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            contact_from_file_name("Chat de WhatsApp con Sofía.zip").as_deref(),
            Some("Sofía")
        );
        assert_eq!(contact_from_file_name("_chat.txt"), None);
        assert!(same_person("Elon Musk", "Elon Musk (EN+Media)"));
        assert!(same_person("alex", "Alex"));
        assert!(!same_person("Alexa", "Alex"));
    }

    #[test]
    fn duplicate_download_names() {
        let people = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let dmitry = people(&["Dmitry S", "Elon"]);
        for file in [
            "WhatsApp Chat with Dmitry S (1).txt",
            "WhatsApp Chat with Dmitry S(2).txt",
            "WhatsApp Chat with Dmitry S 2.txt",
            "WhatsApp Chat with Dmitry S-3.txt",
            "WhatsApp Chat with Dmitry S - Copy.txt",
            "WhatsApp Chat with Dmitry S copy 2.txt",
            "WhatsApp Chat with Dmitry S (1) (2).txt",
            "WhatsApp Chat with Dmitry S.txt",
        ] {
            let raw = contact_from_file_name(file).unwrap();
            assert_eq!(contact_among(&raw, &dmitry), "Dmitry S", "{file}");
        }
        // A name that ends in a number keeps it when a participant has it.
        assert_eq!(
            contact_among("Room 2", &people(&["Room 2", "Ana"])),
            "Room 2"
        );
        assert_eq!(
            contact_among("Room 2 (1)", &people(&["Room 2", "Ana"])),
            "Room 2"
        );
        // Nobody matches: only the unambiguous `(n)` suffix goes.
        assert_eq!(contact_among("Kim(3)", &people(&["Ana"])), "Kim");
        assert_eq!(contact_among("Kim 3", &people(&["Ana"])), "Kim 3");
        assert_eq!(
            contact_among("Elon Musk (EN+Media)", &people(&["Elon Musk", "Dmitry S"])),
            "Elon Musk (EN+Media)"
        );
        assert_eq!(without_copy_suffix("(1)", false), None);
        assert_eq!(without_copy_suffix("2", true), None);
    }
}

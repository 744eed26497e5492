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
}

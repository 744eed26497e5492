//! Every export format pullaway reads, in one table: how it is recognised
//! and read, the `chat.format` ids its chats carry and their names for
//! people, the files a user gives, and which files inside a zip may hold it.
//!
//! Why one table: adding a format used to mean a detection list, a list of
//! supported formats for the error, a display-name match in the renderer
//! and the zip's file endings, none linked to the others. Now the importer
//! module and one row here are the whole change; everything else (detection
//! in `detect.rs`, the "supported" line of errors and help, the renderer's
//! names, the zip reader) reads this table, and a test fails when a chat
//! comes out with a format id no row names.

use pullaway_chat::Chat;

use crate::error::ImportError;

/// A structured importer's parse function: display name, file name, bytes, zone.
pub(crate) type Parse =
    fn(&str, &str, &[u8], &jiff::tz::TimeZone) -> Result<Vec<Chat>, ImportError>;

/// How a format is recognised, and its reader.
pub(crate) enum Detect {
    /// By keys, tags or a signature in the raw bytes (JSON, XML, databases,
    /// CSV and the text layouts with a distinctive first line); tried in the
    /// table's order, before the text formats.
    Bytes {
        looks_like: fn(&[u8]) -> bool,
        parse: Parse,
    },
    /// On the decoded text (UTF-8 or UTF-16), after every `Bytes` format.
    Text {
        looks_like: fn(&str) -> bool,
        parse: fn(&str, &str, String) -> Result<Chat, ImportError>,
    },
    /// Signal's text exports look like WhatsApp's: read as Signal before the
    /// text formats only when the file's name or path says Signal, else
    /// after them.
    Signal {
        looks_like: fn(&[u8]) -> bool,
        parse: Parse,
    },
}

/// One export format.
pub struct Format {
    /// `chat.format` ids of its chats, each with its name for people.
    pub ids: &'static [(&'static str, &'static str)],
    /// What the user gives pullaway, for help and errors.
    pub files: &'static str,
    /// File endings (lowercase) that may hold it inside a zip.
    pub zip_entries: &'static [&'static str],
    pub(crate) detect: Detect,
}

/// Every format, in the order detection tries them.
pub const FORMATS: &[Format] = &[
    Format {
        ids: &[("imessage", "iMessage")],
        files: "iMessage chat.db",
        zip_entries: &[".db"],
        detect: Detect::Bytes {
            looks_like: crate::imessage::looks_like,
            parse: crate::imessage::parse,
        },
    },
    Format {
        ids: &[("telegram", "Telegram")],
        files: "Telegram Desktop JSON (one chat or the whole account)",
        zip_entries: &[".json"],
        detect: Detect::Bytes {
            looks_like: crate::telegram::looks_like,
            parse: crate::telegram::parse,
        },
    },
    Format {
        ids: &[("messenger", "Messenger"), ("instagram", "Instagram")],
        files: "Messenger and Instagram JSON",
        zip_entries: &[".json"],
        detect: Detect::Bytes {
            looks_like: crate::messenger::looks_like,
            parse: crate::messenger::parse,
        },
    },
    Format {
        ids: &[("discord", "Discord")],
        files: "DiscordChatExporter JSON",
        zip_entries: &[".json"],
        detect: Detect::Bytes {
            looks_like: crate::discord::looks_like,
            parse: crate::discord::parse,
        },
    },
    Format {
        ids: &[("sms-backup", "SMS"), ("sms-calls", "SMS call log")],
        files: "SMS Backup & Restore XML (messages and call logs)",
        zip_entries: &[".xml"],
        detect: Detect::Bytes {
            looks_like: crate::sms::looks_like,
            parse: crate::sms::parse,
        },
    },
    Format {
        ids: &[("line", "LINE")],
        files: "LINE .txt",
        zip_entries: &[".txt"],
        detect: Detect::Bytes {
            looks_like: crate::line::looks_like,
            parse: crate::line::parse,
        },
    },
    Format {
        ids: &[("kakaotalk", "KakaoTalk")],
        files: "KakaoTalk (.txt from PC or phone, Mac .csv)",
        zip_entries: &[".txt", ".csv"],
        detect: Detect::Bytes {
            looks_like: crate::kakao::looks_like,
            parse: crate::kakao::parse,
        },
    },
    Format {
        ids: &[("csv", "CSV")],
        files: "CSV or JSON Lines with time,sender,text",
        zip_entries: &[".csv", ".jsonl"],
        detect: Detect::Bytes {
            looks_like: crate::csv::looks_like,
            parse: crate::csv::parse,
        },
    },
    Format {
        ids: &[("signal", "Signal")],
        files: "Signal (signal-export, sigtop)",
        zip_entries: &[".md", ".txt", ".json"],
        detect: Detect::Signal {
            looks_like: crate::signal::looks_like,
            parse: crate::signal::parse,
        },
    },
    Format {
        ids: &[("whatsapp", "WhatsApp")],
        files: "WhatsApp .txt or .zip (Android and iOS, any language)",
        zip_entries: &[".txt"],
        detect: Detect::Text {
            looks_like: crate::whatsapp::looks_like,
            parse: crate::whatsapp::parse,
        },
    },
];

/// The name for people of a `chat.format` id ("whatsapp" → "WhatsApp");
/// the id itself for one no format knows (a merged timeline's "multiple").
pub fn display_name(id: &str) -> &str {
    FORMATS
        .iter()
        .flat_map(|f| f.ids)
        .find(|(i, _)| *i == id)
        .map_or(id, |(_, name)| name)
}

/// Every format in words, most used first, for help and errors.
pub fn supported() -> String {
    // Detection order puts the structured formats first; people look for
    // WhatsApp (the last row) first.
    let (last, rest) = FORMATS.split_last().expect("formats");
    std::iter::once(last.files)
        .chain(rest.iter().map(|f| f.files))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every ending a chat file inside a zip may have, each once.
pub(crate) fn zip_endings() -> Vec<&'static str> {
    let mut all: Vec<&str> = Vec::new();
    for e in FORMATS.iter().flat_map(|f| f.zip_entries) {
        if !all.contains(e) {
            all.push(e);
        }
    }
    all
}

/// Whether a file inside a zip may hold a chat (by its ending).
pub(crate) fn may_hold_a_chat(name: &str, text_only: bool) -> bool {
    let lower = name.to_ascii_lowercase();
    FORMATS
        .iter()
        .flat_map(|f| f.zip_entries)
        .filter(|e| (**e == ".txt") == text_only)
        .any(|e| lower.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_the_supported_line() {
        assert_eq!(display_name("whatsapp"), "WhatsApp");
        assert_eq!(display_name("instagram"), "Instagram");
        assert_eq!(display_name("multiple"), "multiple");
        let s = supported();
        assert!(s.starts_with("WhatsApp"), "{s}");
        for f in FORMATS {
            assert!(s.contains(f.files), "{s}");
        }
    }

    #[test]
    fn zip_entries() {
        assert!(may_hold_a_chat("Chat/_chat.txt", true));
        assert!(may_hold_a_chat("result.json", false));
        assert!(may_hold_a_chat("sms-2024.XML", false));
        assert!(!may_hold_a_chat("IMG-0001.jpg", false));
        assert!(!may_hold_a_chat("notes.txt", false));
    }
}

//! Writes a chat as a WhatsApp export file, the way the app does.

use std::fmt::Write;

use pullaway_chat::{Chat, Kind, MediaKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhatsAppStyle {
    /// `31/12/2023, 21:05 - Name: text`
    AndroidDmy,
    /// `12/31/23, 9:05 PM - Name: text`
    AndroidMdy12h,
    /// `[31.12.23, 21:05:00] Name: text`, markers after U+200E
    Ios,
}

/// Renders the chat as an export. System lines without a sender are written
/// as Android writes them (no `Name:`), or, on iOS, attributed to the contact.
pub fn write_whatsapp(chat: &Chat, style: WhatsAppStyle) -> String {
    let mut out = String::with_capacity(chat.messages().len() * 90);
    for m in chat.messages() {
        let d = m.time.date();
        let (h, min, s) = m.time.hms();
        match style {
            WhatsAppStyle::AndroidDmy => {
                let _ = write!(
                    out,
                    "{:02}/{:02}/{}, {:02}:{:02} - ",
                    d.day, d.month, d.year, h, min
                );
            }
            WhatsAppStyle::AndroidMdy12h => {
                let (h12, ampm) = match h {
                    0 => (12, "AM"),
                    1..=11 => (h, "AM"),
                    12 => (12, "PM"),
                    _ => (h - 12, "PM"),
                };
                let _ = write!(
                    out,
                    "{}/{}/{:02}, {}:{:02}\u{202F}{} - ",
                    d.month,
                    d.day,
                    d.year % 100,
                    h12,
                    min,
                    ampm
                );
            }
            WhatsAppStyle::Ios => {
                let _ = write!(
                    out,
                    "[{:02}.{:02}.{:02}, {:02}:{:02}:{:02}] ",
                    d.day,
                    d.month,
                    d.year % 100,
                    h,
                    min,
                    s
                );
            }
        }
        let ios = style == WhatsAppStyle::Ios;
        let sender = match (m.sender(), ios) {
            (Some(p), _) => Some(chat.name_of(p)),
            (None, true) => Some(chat.name.as_str()),
            (None, false) => None,
        };
        if let Some(name) = sender {
            out.push_str(name);
            out.push_str(": ");
        }
        let text = &*chat.text(m);
        match (m.kind, ios) {
            (Kind::Media(k), true) => {
                let what = match k {
                    MediaKind::Audio => "audio omitted",
                    MediaKind::Video => "video omitted",
                    MediaKind::Sticker => "sticker omitted",
                    _ => "image omitted",
                };
                out.push('\u{200E}');
                out.push_str(what);
            }
            (Kind::System | Kind::Call(_) | Kind::Deleted, true) => {
                out.push('\u{200E}');
                out.push_str(text);
            }
            _ => out.push_str(text),
        }
        if m.edited {
            out.push_str(if ios {
                " \u{200E}<This message was edited>"
            } else {
                " <This message was edited>"
            });
        }
        out.push('\n');
    }
    out
}

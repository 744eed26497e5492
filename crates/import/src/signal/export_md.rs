//! signal-export's `chat.md`: one `[2024-03-01 21:05:03] Name: text` line
//! a message (older versions: `[2024-03-01, 21:05]`), continuation lines,
//! quoted replies (`> `), reaction lines `(- Name: 👍 -)`, and markdown links
//! to the exported media and stickers.
//!
//! Why a file of its own: one of the four shapes the Signal importer reads,
//! with its own line grammar and clean-up of markdown.

use super::{call_kind, media_from, Builder};
use crate::ImportError;
use pullaway_chat::{Kind, LocalTime, MediaKind};

/// A `chat.md` header: `[2024-03-01 21:05:03] Name: text` (also `, ` after
/// the date and no seconds). Returns the time, the sender and the text.
pub(super) fn md_header(line: &str) -> Option<(LocalTime, &str, &str)> {
    let rest = line.strip_prefix('[')?;
    let (stamp, rest) = rest.split_once("] ")?;
    let stamp = stamp.replacen(", ", " ", 1);
    if stamp.len() < 16 || !stamp.is_ascii() || stamp.as_bytes()[10] != b' ' {
        return None;
    }
    let time = LocalTime::parse(&stamp)?;
    let (sender, text) = match rest.split_once(": ") {
        Some(pair) => pair,
        None => (rest.strip_suffix(':')?, ""),
    };
    (!sender.is_empty()).then_some((time, sender, text))
}

/// A message of `chat.md` whose continuation lines are still being read.
struct MdMessage<'t> {
    line: u64,
    time: LocalTime,
    sender: &'t str,
    lines: Vec<&'t str>,
}

pub(super) fn markdown(b: &mut Builder, text: &str) -> Result<(), ImportError> {
    let mut open: Option<MdMessage> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        if let Some((time, sender, first)) = md_header(line) {
            if let Some(m) = open.take() {
                md_finish(b, m)?;
            }
            open = Some(MdMessage {
                line: n,
                time,
                sender,
                lines: vec![first],
            });
        } else if let Some(m) = open.as_mut() {
            m.lines.push(line);
        } else if !line.trim().is_empty() {
            b.skip(n);
        }
    }
    if let Some(m) = open {
        md_finish(b, m)?;
    }
    Ok(())
}

/// Cleans a `chat.md` message: drops the quoted reply (`> ` lines), the
/// reaction line `(- Name: 👍 -)`, sticker and attachment links, and the two
/// trailing spaces markdown uses for line breaks; then classifies it.
fn md_finish(b: &mut Builder, m: MdMessage) -> Result<(), ImportError> {
    let mut lines: Vec<&str> = m.lines.iter().map(|l| l.trim_end()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if lines.first().is_some_and(|l| l.is_empty()) {
        let quote_end = lines
            .iter()
            .position(|l| !(l.is_empty() || l.starts_with('>')))
            .unwrap_or(lines.len());
        lines.drain(..quote_end);
    }
    let mut media = None;
    let mut kept = Vec::with_capacity(lines.len());
    for line in lines {
        if line.starts_with("(- ") && line.ends_with(" -)") {
            continue;
        }
        if line.starts_with("(( ") && line.ends_with(" ))") {
            media = Some(MediaKind::Sticker);
            continue;
        }
        let (rest, found) = strip_links(line);
        media = media.or(found);
        kept.push(rest);
    }
    let body = kept.join("\n");
    let body = body.trim_end();
    let kind = if body == "(This message was deleted)" {
        Kind::Deleted
    } else if let Some(call) = call_kind(body) {
        Kind::Call(call)
    } else if let Some(m) = media {
        Kind::Media(m)
    } else {
        Kind::Text
    };
    let (sender, kind) = match m.sender {
        "No-Sender" => (None, Kind::System),
        name => (Some(b.chat.person(name)), kind),
    };
    let text = if matches!(kind, Kind::Deleted) {
        ""
    } else {
        body
    };
    b.push(m.line, m.time, sender, kind, text)
}

/// Removes markdown links to exported files (`![a.jpg](./media/a.jpg)`,
/// `[😀](../exported_stickers/..)`) and says what the first one was.
fn strip_links(line: &str) -> (String, Option<MediaKind>) {
    let mut out = String::with_capacity(line.len());
    let mut media = None;
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let link = rest[open + 1..].split_once("](").and_then(|(name, tail)| {
            let (path, after) = tail.split_once(')')?;
            let local = path.starts_with("./media/")
                || path.starts_with("media/")
                || path.starts_with("../exported_stickers/");
            local.then_some((name, path, after))
        });
        let Some((name, path, after)) = link else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        let before = &rest[..open];
        out.push_str(before.strip_suffix('!').unwrap_or(before));
        let kind = if path.contains("exported_stickers") {
            MediaKind::Sticker
        } else {
            media_from("", name)
        };
        media.get_or_insert(kind);
        rest = after.trim_start();
    }
    out.push_str(rest);
    (out.trim_end().to_owned(), media)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::signal::looks_like;
    use crate::signal::tests::{rows, run};
    use pullaway_chat::CallKind;

    pub(in crate::signal) const MD: &str = "[2024-03-01 21:05:03] Ana: hi there  \n\n\
[2024-03-01 21:06:00] Me: two  \nlines  \n\n\
[2024-03-01 21:07:00] Ana: \n\n> two\n> lines\n\nreplying  \n\n\
[2024-03-01 21:08:00] Ana: ![IMG_1.jpg](./media/2024-03-01T21-08-00.000_00_IMG_1.jpg)  \n\n\
[2024-03-01 21:09:00] Me: nice  \n(- Ana: \u{1F44D} -)\n\n\
[2024-03-01 21:10:00] Ana: (This message was deleted)\n\n\
[2024-03-01 21:11:00] Me: Missed voice call  \n\n\
[2024-03-01 21:12:00] Ana: Incoming video call (accepted, 1m 5s)  \n\n";

    #[test]
    fn signal_export_markdown() {
        assert!(looks_like(MD.as_bytes()));
        let chat = run("Ana/chat.md", MD).unwrap();
        assert_eq!(chat.name, "Ana");
        assert_eq!(chat.contact.as_deref(), Some("Ana"));
        let r = rows(&chat);
        assert_eq!(r[0], ("Ana".into(), "text", "hi there".into()));
        assert_eq!(r[1], ("Me".into(), "text", "two\nlines".into()));
        assert_eq!(r[2].2, "replying");
        assert_eq!(r[3], ("Ana".into(), "media", "".into()));
        assert_eq!(chat.messages()[3].kind, Kind::Media(MediaKind::Photo));
        assert_eq!(r[4].2, "nice");
        assert_eq!(r[5].1, "deleted");
        assert_eq!(chat.messages()[6].kind, Kind::Call(CallKind::Missed));
        assert_eq!(chat.messages()[7].kind, Kind::Call(CallKind::Answered));
        assert_eq!(chat.messages()[0].time.to_string(), "2024-03-01T21:05:03");
    }

    #[test]
    fn old_markdown_with_comma_and_no_seconds() {
        let text = "[2023-12-24, 08:15] Lou Kim: morning\n[2024-01-02, 19:40] Sam Roe: evening\nstill here\n";
        let chat = run("export.txt", text).unwrap();
        assert_eq!(chat.participants().len(), 2);
        assert_eq!(rows(&chat)[1].2, "evening\nstill here");
        assert_eq!(chat.contact, None);
    }
}

//! sigtop's two text outputs: `-f text` (a `Conversation:` line, then blocks
//! of `From:`/`Type:`/`Sent:`/`Received:`/`Attachment:`/`Edited:` fields and
//! the body, with every version of an edited message) and `-f text-short`
//! (`2024-03-01 21:05 Name: text`, details in brackets before the text).
//!
//! Why a file of its own: one of the four shapes the Signal importer reads
//! (text-short with it, as sigtop's other text output); its times are
//! RFC 2822 wall clocks.

use super::{media_from, strip_detail, Builder, YOU};
use crate::ImportError;
use pullaway_chat::{Date, Kind, LocalTime, MediaKind};

/// `Fri, 1 Mar 2024 21:05:03 +0100` -> its wall-clock time (the offset is the
/// exporting machine's and is ignored).
fn rfc2822_wall(s: &str) -> Option<LocalTime> {
    let s = s.trim();
    let s = s.split_once(", ").map_or(s, |(_, r)| r);
    let mut parts = s.split_whitespace();
    let day: u8 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let year: i32 = parts.next()?.parse().ok()?;
    let clock = parts.next()?;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as u8 + 1;
    let mut hms = clock.split(':').map(|p| p.parse::<u8>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next().unwrap_or(Some(0))?);
    LocalTime::new(Date::new(year, month, day)?, h, m, sec)
}

const FIELDS: [&str; 7] = [
    "From",
    "Type",
    "Sent",
    "Received",
    "Attachment",
    "Reaction",
    "Edited",
];

fn field(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(": ")?;
    FIELDS.contains(&key).then_some((key, value))
}

/// Whether line `i` starts a sigtop message block: `From:` followed by
/// `Type:`, or `Type:` followed by `Sent:`/`Received:` (no `From:` when the
/// sender is unknown), after a blank line.
fn block_start(lines: &[&str], i: usize) -> bool {
    let next = |k: &str| lines.get(i + 1).is_some_and(|l| l.starts_with(k));
    let after_blank = i == 0 || lines[i - 1].trim().is_empty();
    after_blank
        && ((lines[i].starts_with("From: ") && next("Type: "))
            || (lines[i].starts_with("Type: ") && (next("Sent: ") || next("Received: "))))
}

/// One sigtop text message block, fields and body.
#[derive(Default)]
struct Block<'t> {
    line: u64,
    from: Option<&'t str>,
    kind: &'t str,
    sent: Option<&'t str>,
    received: Option<&'t str>,
    attachment: Option<&'t str>,
    edited: bool,
    body: Vec<&'t str>,
}

pub(super) fn sigtop_text(b: &mut Builder, text: &str) -> Result<(), ImportError> {
    let lines: Vec<&str> = text.lines().collect();
    let header = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let conversation = lines
        .get(header)
        .and_then(|l| l.strip_prefix("Conversation: "))
        .unwrap_or_default();
    let group = conversation.trim_end().ends_with("(group)");
    let partner = strip_detail(conversation.trim()).to_owned();
    if !partner.is_empty() {
        b.chat.name = partner.clone();
    }
    let mut i = header + 1;
    while i < lines.len() {
        if !block_start(&lines, i) {
            if !lines[i].trim().is_empty() {
                b.skip(i as u64 + 1);
            }
            i += 1;
            continue;
        }
        let mut block = Block {
            line: i as u64 + 1,
            ..Block::default()
        };
        while let Some((key, value)) = lines.get(i).and_then(|l| field(l)) {
            match key {
                "From" => block.from = Some(value),
                "Type" => block.kind = value,
                "Sent" => block.sent = Some(value),
                "Received" => block.received = Some(value),
                "Attachment" => block.attachment = block.attachment.or(Some(value)),
                "Edited" => block.edited = true,
                _ => {}
            }
            i += 1;
        }
        let start = i;
        while i < lines.len() && !block_start(&lines, i) {
            i += 1;
        }
        block.body = lines[start..i].to_vec();
        sigtop_block(b, block, group, &partner)?;
    }
    Ok(())
}

fn sigtop_block(
    b: &mut Builder,
    block: Block,
    group: bool,
    partner: &str,
) -> Result<(), ImportError> {
    let time = block
        .sent
        .and_then(rfc2822_wall)
        .or_else(|| block.received.and_then(rfc2822_wall))
        .ok_or_else(|| {
            b.error(
                block.line,
                "expected a `Sent:` or `Received:` time like `Fri, 1 Mar 2024 21:05:03 +0100`",
            )
        })?;
    let body = if block.edited {
        edit_body(&block.body)
    } else {
        plain_body(&block.body)
    };
    let sender = match (block.kind, block.from) {
        ("outgoing", _) => Some(YOU.to_owned()),
        (_, Some(from)) => Some(strip_detail(from.trim()).to_owned()),
        (_, None) if !group && !partner.is_empty() => Some(partner.to_owned()),
        _ => None,
    };
    let kind = match (block.kind, block.attachment) {
        ("incoming" | "outgoing", Some(att)) => Kind::Media(attachment_kind(att)),
        ("incoming" | "outgoing", None) => Kind::Text,
        _ => Kind::System,
    };
    let sender = sender.map(|s| b.chat.person(&s));
    let text = if kind == Kind::System && body.is_empty() {
        block.kind.to_owned()
    } else {
        body
    };
    b.push(block.line, time, sender, kind, &text)?;
    if block.edited {
        if let Some(m) = b.chat.last_mut() {
            m.edited = true;
        }
    }
    Ok(())
}

/// `name.jpg (image/jpeg, 1234 bytes)` -> a photo.
fn attachment_kind(value: &str) -> MediaKind {
    let (name, detail) = value.rsplit_once(" (").unwrap_or((value, ""));
    let ct = detail.split(',').next().unwrap_or_default();
    media_from(ct, name)
}

/// The body of a plain block: a blank line, then the text; quoted replies
/// (`>` lines) come first and are dropped.
fn plain_body(lines: &[&str]) -> String {
    let mut body: Vec<&str> = lines
        .iter()
        .copied()
        .skip_while(|l| l.trim().is_empty() || l.starts_with('>'))
        .collect();
    while body.last().is_some_and(|l| l.trim().is_empty()) {
        body.pop();
    }
    body.join("\n")
}

/// The newest version of an edited message: the first `| Version:` block,
/// after its fields and the bare `|` line.
fn edit_body(lines: &[&str]) -> String {
    let mut out = Vec::new();
    let mut versions = 0;
    let mut in_text = false;
    for l in lines {
        if l.starts_with("| Version: ") {
            versions += 1;
            if versions > 1 {
                break;
            }
            continue;
        }
        if versions == 0 {
            continue;
        }
        if !in_text {
            in_text = l.trim() == "|";
            continue;
        }
        out.push(
            l.strip_prefix("| ")
                .or_else(|| l.strip_prefix('|'))
                .unwrap_or(l),
        );
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// A sigtop text-short line: `2024-03-01 21:05 Name: text`.
pub(super) fn short_header(line: &str) -> Option<(LocalTime, &str, &str)> {
    let stamp = line.get(..16)?;
    let time = LocalTime::parse(stamp)?;
    let rest = line.get(16..)?.strip_prefix(' ')?;
    let (sender, text) = match rest.split_once(": ") {
        Some(pair) => pair,
        None => (rest.strip_suffix(':')?, ""),
    };
    (!sender.is_empty()).then_some((time, sender, text))
}

pub(super) fn sigtop_short(b: &mut Builder, text: &str) -> Result<(), ImportError> {
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        let Some((time, sender, rest)) = short_header(line) else {
            if !b.chat.messages().is_empty() {
                b.chat.append_line(line);
            } else if !line.trim().is_empty() {
                b.skip(n);
            }
            continue;
        };
        let (kind, rest) = short_details(rest);
        let who = b.chat.person(sender);
        b.push(n, time, Some(who), kind, rest)?;
    }
    Ok(())
}

/// Reads the `[...]` that sigtop puts before the text: `[group-v2-change
/// message]` (a system line), or `[reply to .., edited, 2 attachments]`.
fn short_details(rest: &str) -> (Kind, &str) {
    let Some(inner) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) else {
        return (Kind::Text, rest);
    };
    let (details, text) = (inner.0, inner.1.strip_prefix(' ').unwrap_or(inner.1));
    let system = details
        .strip_suffix(" message")
        .is_some_and(|t| !t.is_empty() && !t.contains(' '));
    if system {
        return (Kind::System, details);
    }
    let known = details.split(", ").all(|d| {
        d.starts_with("reply to ")
            || d == "edited"
            || d.ends_with(" attachment")
            || d.ends_with(" attachments")
    });
    if !known {
        return (Kind::Text, rest);
    }
    if details.contains(" attachment") {
        (Kind::Media(MediaKind::Unknown), text)
    } else {
        (Kind::Text, text)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::signal::looks_like;
    use crate::signal::tests::{rows, run};

    pub(in crate::signal) const SIGTOP: &str = "Conversation: Ana Lima (+15550001)\n\n\
From: Ana Lima (+15550001)\nType: incoming\nSent: Fri, 1 Mar 2024 21:05:03 +0100\nReceived: Fri, 1 Mar 2024 21:05:04 +0100\n\nhello\n\nFrom: x\n\n\
From: You\nType: outgoing\nSent: Fri, 1 Mar 2024 21:06:00 +0100\nAttachment: a.jpg (image/jpeg, 10 bytes)\n\n>From: Ana Lima (+15550001)\n>Sent: Fri, 1 Mar 2024 21:05:03 +0100\n>\n> hello\n\nlook\n\n\
From: You\nType: outgoing\nSent: Fri, 1 Mar 2024 21:07:00 +0100\nEdited: 2 versions\n\n| Version: 2\n| Sent: Fri, 1 Mar 2024 21:08:00 +0100\n|\n| fixed\n|\n| Version: 1\n| Sent: Fri, 1 Mar 2024 21:07:00 +0100\n|\n| fxed\n\n\
Type: timer-notification\nReceived: Fri, 1 Mar 2024 21:09:00 +0100\n\n";

    #[test]
    fn sigtop_text_blocks() {
        assert!(looks_like(SIGTOP.as_bytes()));
        let chat = run("Ana Lima (+15550001).txt", SIGTOP).unwrap();
        assert_eq!(chat.name, "Ana Lima");
        assert_eq!(chat.contact.as_deref(), Some("Ana Lima"));
        let r = rows(&chat);
        assert_eq!(r[0], ("Ana Lima".into(), "text", "hello\n\nFrom: x".into()));
        assert_eq!(r[1], ("You".into(), "media", "look".into()));
        assert_eq!(r[2].2, "fixed");
        assert!(chat.messages()[2].edited);
        assert_eq!(r[3].1, "system");
        assert_eq!(chat.messages()[0].time.to_string(), "2024-03-01T21:05:03");
        let bad = "Conversation: A\n\nFrom: A\nType: incoming\nSent: someday\n\nhi\n";
        let err = run("a.txt", bad).unwrap_err().to_string();
        assert!(err.starts_with("a.txt:3:"), "{err}");
    }

    #[test]
    fn sigtop_short_lines() {
        let text = "2024-03-01 21:05 Ana: hi\nsecond line\n2024-03-01 21:06 You: [1 attachment] see\n2024-03-01 21:07 Ana: [group-v2-change message]\n2024-03-01 21:08 Ana: [sic] text\n";
        assert!(looks_like(text.as_bytes()));
        let chat = run("Ana (+1555).txt", text).unwrap();
        let r = rows(&chat);
        assert_eq!(r[0].2, "hi\nsecond line");
        assert_eq!(r[1], ("You".into(), "media", "see".into()));
        assert_eq!(r[2].1, "system");
        assert_eq!(r[3].2, "[sic] text");
    }

    #[test]
    fn rfc2822() {
        assert_eq!(
            rfc2822_wall("Mon, 2 Jan 2006 15:04:05 -0700")
                .unwrap()
                .to_string(),
            "2006-01-02T15:04:05"
        );
        assert!(rfc2822_wall("unknown").is_none());
        assert!(rfc2822_wall("Mon, 32 Jan 2006 15:04:05 -0700").is_none());
    }
}

//! sigtop's `-f json`: a JSON array of Signal Desktop's own message objects
//! (`type`, `body`, `sent_at` in epoch milliseconds, `source`,
//! `attachments`, `sticker`, `deletedForEveryone`).
//!
//! Why a file of its own: one of the four shapes the Signal importer reads;
//! its errors name the array index, not a line.

use super::{media_from, str_of, Builder, YOU};
use crate::tz::local_ms;
use crate::ImportError;
use jiff::tz::TimeZone;
use pullaway_chat::{Kind, MediaKind};
use serde_json::Value;

pub(super) fn sigtop_json(b: &mut Builder, text: &str, tz: &TimeZone) -> Result<(), ImportError> {
    let all: Vec<Value> = serde_json::from_str(text).map_err(|e| {
        let line = e.line() as u64;
        b.error(
            line.max(1),
            format!("expected a JSON array of Signal messages: {e}"),
        )
    })?;
    let group = b.chat.id.trim_end_matches(".json").ends_with("(group)");
    let partner = b.chat.name.clone();
    for (i, v) in all.iter().enumerate() {
        sigtop_json_message(b, i, v, tz, group, &partner)?;
    }
    Ok(())
}

fn sigtop_json_message(
    b: &mut Builder,
    i: usize,
    v: &Value,
    tz: &TimeZone,
    group: bool,
    partner: &str,
) -> Result<(), ImportError> {
    let at = |what: &str| ImportError::invalid(b.display, None, format!("[{i}].{what}"));
    let time = ["sent_at", "timestamp", "received_at_ms"]
        .iter()
        .find_map(|k| v.get(*k).and_then(Value::as_i64))
        .and_then(|ms| local_ms(ms, tz))
        .ok_or_else(|| at("sent_at: expected epoch milliseconds"))?;
    let kind = str_of(v, "type");
    let sender = match kind {
        "outgoing" => Some(YOU.to_owned()),
        "incoming" if !group && !partner.is_empty() => Some(partner.to_owned()),
        _ => ["source", "sourceServiceId", "sourceUuid"]
            .iter()
            .map(|k| str_of(v, k))
            .find(|s| !s.is_empty())
            .map(str::to_owned),
    };
    let body = str_of(v, "body");
    let deleted = v
        .get("deletedForEveryone")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let first = v
        .get("attachments")
        .and_then(Value::as_array)
        .and_then(|a| a.first());
    let kind = match kind {
        "incoming" | "outgoing" if deleted => Kind::Deleted,
        "incoming" | "outgoing" if v.get("sticker").is_some_and(|s| !s.is_null()) => {
            Kind::Media(MediaKind::Sticker)
        }
        "incoming" | "outgoing" => match first {
            Some(a) => Kind::Media(media_from(str_of(a, "contentType"), str_of(a, "fileName"))),
            None => Kind::Text,
        },
        _ => Kind::System,
    };
    let text = if kind == Kind::System && body.is_empty() {
        str_of(v, "type")
    } else {
        body
    };
    let sender = if kind == Kind::System {
        None
    } else {
        sender.map(|s| b.chat.person(&s))
    };
    b.push(i as u64 + 1, time, sender, kind, text)
        .map_err(|_| at("body: the chat's text passes 4 GiB"))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::signal::looks_like;
    use crate::signal::tests::{rows, run};

    #[test]
    fn sigtop_json_messages() {
        let text = r#"[
{"type":"incoming","body":"hi","sent_at":1709327103000,"conversationId":"c1","source":"+15550001"},
{"type":"outgoing","body":"","sent_at":1709327160000,"conversationId":"c1","attachments":[{"contentType":"audio/aac","fileName":null}]},
{"type":"incoming","body":"","sent_at":1709327200000,"conversationId":"c1","deletedForEveryone":true},
{"type":"keychange","sent_at":1709327300000,"conversationId":"c1"}
]"#;
        assert!(looks_like(text.as_bytes()));
        let chat = run("Ana (+15550001).json", text).unwrap();
        let r = rows(&chat);
        assert_eq!(r[0], ("Ana".into(), "text", "hi".into()));
        assert_eq!(chat.messages()[1].kind, Kind::Media(MediaKind::Audio));
        assert_eq!(r[2].1, "deleted");
        assert_eq!(r[3], ("-".into(), "system", "keychange".into()));
        let err = run("x.json", "[\n{\"conversationId\":1,\"sent_at\":\"no\"}\n]")
            .unwrap_err()
            .to_string();
        assert!(err.contains("[0].sent_at"), "{err}");
        let err = run("x.json", "[\n{\"conversationId\":1,\"sent_at\":5},\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.json:"), "{err}");
    }
}

//! signal-export's `data.json`: JSON Lines, one object a message with
//! `date` (a local ISO time, an instant with `Z` or an offset, or epoch
//! milliseconds), `sender`, `body`, `attachments`, `sticker`, `deleted`,
//! `call` and `missed`.
//!
//! Why a file of its own: one of the four shapes the Signal importer reads;
//! the only one whose times may be instants.

use super::{call_kind, media_from, str_of, Builder};
use crate::tz::{self, local_ms, Iso};
use crate::ImportError;
use jiff::tz::TimeZone;
use pullaway_chat::{CallKind, Kind, LocalTime, MediaKind};
use serde_json::Value;

/// A local time as signal-export writes it (`2024-03-01T21:05:03`, maybe with
/// microseconds), or with an offset / `Z` (converted to `tz`), or epoch ms.
fn json_time(v: &Value, tz: &TimeZone) -> Option<LocalTime> {
    match v {
        Value::Number(n) => n.as_i64().and_then(|ms| local_ms(ms, tz)),
        Value::String(s) => match tz::iso(s)? {
            Iso::Wall(t) => Some(t),
            Iso::Instant(ts) => local_ms(ts.as_millisecond(), tz),
        },
        _ => None,
    }
}

pub(super) fn export_json_lines(
    b: &mut Builder,
    text: &str,
    tz: &TimeZone,
) -> Result<(), ImportError> {
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line)
            .map_err(|e| b.error(n, format!("expected one JSON object a line: {e}")))?;
        if !v.is_object() {
            return Err(b.error(n, "expected a JSON object"));
        }
        let time = v
            .get("date")
            .and_then(|d| json_time(d, tz))
            .ok_or_else(|| {
                b.error(
                    n,
                    format!(
                        "date: expected a time like 2024-03-01T21:05:03, got {}",
                        v.get("date").unwrap_or(&Value::Null)
                    ),
                )
            })?;
        let sender = str_of(&v, "sender");
        let body = str_of(&v, "body").trim_end();
        let kind = export_kind(&v, body);
        let (sender, kind) = match sender {
            "" | "No-Sender" => (None, Kind::System),
            name => (Some(b.chat.person(name)), kind),
        };
        let text = if matches!(kind, Kind::Deleted) {
            ""
        } else {
            body
        };
        b.push(n, time, sender, kind, text)?;
    }
    Ok(())
}

fn export_kind(v: &Value, body: &str) -> Kind {
    let flag = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
    if flag("deleted") {
        return Kind::Deleted;
    }
    if flag("call") {
        return Kind::Call(if flag("missed") {
            CallKind::Missed
        } else {
            CallKind::Answered
        });
    }
    if let Some(call) = call_kind(body) {
        return Kind::Call(call);
    }
    let sticker = match v.get("sticker") {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Object(_)) => true,
        _ => false,
    };
    if sticker {
        return Kind::Media(MediaKind::Sticker);
    }
    let first = v
        .get("attachments")
        .and_then(Value::as_array)
        .and_then(|a| a.first());
    match first {
        Some(a) => Kind::Media(media_from(str_of(a, "contentType"), str_of(a, "name"))),
        None => Kind::Text,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::signal::looks_like;
    use crate::signal::tests::{rows, run};

    #[test]
    fn signal_export_json_lines() {
        let text = concat!(
            r#"{"date": "2024-03-01T21:05:03", "sender": "Ana", "body": "hi  ", "quote": "", "sticker": null, "reactions": [], "attachments": [], "deleted": false, "call": false, "missed": false}"#,
            "\n",
            r#"{"date": "2024-03-01T21:06:00.250000", "sender": "Me", "body": "  ", "quote": "", "sticker": null, "reactions": [["Ana", "x"]], "attachments": [{"name": "v.mp4", "path": "media/v.mp4"}], "deleted": false}"#,
            "\n",
            r#"{"date": 1709327220000, "sender": "Ana", "body": "", "deleted": true}"#,
            "\n",
            r#"{"date": "2024-03-01T21:08:00Z", "sender": "Ana", "body": "Missed voice call  "}"#,
            "\n",
        );
        assert!(looks_like(text.as_bytes()));
        let chat = run("Ana/data.json", text).unwrap();
        let r = rows(&chat);
        assert_eq!(r[0], ("Ana".into(), "text", "hi".into()));
        assert_eq!(chat.messages()[1].kind, Kind::Media(MediaKind::Video));
        assert_eq!(r[2].1, "deleted");
        assert_eq!(chat.messages()[2].time.to_string(), "2024-03-01T21:07:00");
        assert_eq!(r[3].1, "call");
        let bad = "{\"date\": \"2024-03-01T21:05\", \"sender\": \"A\", \"body\": \"x\"}\n{\"date\": \"yesterday\", \"sender\": \"A\", \"body\": \"x\"}\n";
        let err = run("d.json", bad).unwrap_err().to_string();
        assert!(err.starts_with("d.json:2: date:"), "{err}");
    }
}

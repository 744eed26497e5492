//! `pullaway messages`: the chat as pullaway read it, one JSON object a line,
//! so a user can check an import (and a script can use it).

use pullaway_chat::{CallKind, Chat, Kind, MediaKind};
use serde::Serialize;

#[derive(Serialize)]
struct Line<'a> {
    line: u32,
    time: String,
    sender: Option<&'a str>,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'static str>,
    edited: bool,
    text: &'a str,
}

fn detail(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Media(MediaKind::Photo) => "photo",
        Kind::Media(MediaKind::Video) => "video",
        Kind::Media(MediaKind::Audio) => "audio",
        Kind::Media(MediaKind::Sticker) => "sticker",
        Kind::Media(MediaKind::Gif) => "gif",
        Kind::Media(MediaKind::Document) => "document",
        Kind::Media(MediaKind::Contact) => "contact",
        Kind::Media(MediaKind::Location) => "location",
        Kind::Call(CallKind::Missed) => "missed",
        Kind::Call(CallKind::Answered) => "answered",
        _ => return None,
    })
}

pub fn messages_jsonl(chat: &Chat) -> String {
    let mut out = String::new();
    let mut texts = chat.texts();
    for m in chat.messages() {
        let line = Line {
            line: m.line,
            time: m.time.to_string(),
            sender: m.sender().map(|p| chat.name_of(p)),
            kind: m.kind.name(),
            detail: detail(m.kind),
            edited: m.edited,
            text: texts.get(m),
        };
        out.push_str(&serde_json::to_string(&line).expect("lines serialize"));
        out.push('\n');
    }
    out
}

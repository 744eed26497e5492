//! `pullaway chats`: what an export holds, as a table or as
//! `pullaway.chats/1` JSON.

use pullaway_chat::Chat;
use serde::Serialize;

#[derive(Serialize)]
pub struct Participant {
    pub name: String,
    pub messages: usize,
}

#[derive(Serialize)]
pub struct ChatEntry {
    pub id: String,
    pub name: String,
    pub format: &'static str,
    pub kind: &'static str,
    pub messages: usize,
    pub participants: Vec<Participant>,
    /// Extra: system lines (not messages), how the importer read the file,
    /// the first and last message, and importer notes.
    pub system_lines: usize,
    pub detail: String,
    pub first: Option<String>,
    pub last: Option<String>,
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub struct ChatsListing {
    pub schema: &'static str,
    pub chats: Vec<ChatEntry>,
}

impl ChatsListing {
    pub fn new(chats: &[Chat]) -> ChatsListing {
        let entries = chats
            .iter()
            .map(|c| {
                let counts = c.counts();
                let mut participants: Vec<Participant> = c
                    .participants()
                    .into_iter()
                    .map(|p| Participant {
                        name: c.name_of(p).to_owned(),
                        messages: counts[p.0 as usize],
                    })
                    .collect();
                participants.sort_by(|a, b| {
                    b.messages
                        .cmp(&a.messages)
                        .then_with(|| a.name.cmp(&b.name))
                });
                let times: Vec<_> = c
                    .messages()
                    .iter()
                    .filter(|m| !m.kind.is_system())
                    .map(|m| m.time)
                    .collect();
                ChatEntry {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    format: c.format,
                    kind: c.kind().name(),
                    messages: c.message_count(),
                    participants,
                    system_lines: c.system_count(),
                    detail: c.detail.clone(),
                    first: times.iter().min().map(|t| t.to_string()),
                    last: times.iter().max().map(|t| t.to_string()),
                    notes: c.warnings.clone(),
                }
            })
            .collect();
        ChatsListing {
            schema: "pullaway.chats/1",
            chats: entries,
        }
    }
}

pub fn chats_json(listing: &ChatsListing) -> String {
    let mut s = serde_json::to_string_pretty(listing).expect("listings serialize");
    s.push('\n');
    s
}

/// Text from an export, safe for a terminal: control characters (an
/// escape sequence in a contact name or a chat id) become `�`.
pub fn safe(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

pub fn chats_text(listing: &ChatsListing) -> String {
    let mut out = String::new();
    for c in &listing.chats {
        let c = ChatEntry {
            id: safe(&c.id),
            name: safe(&c.name),
            detail: safe(&c.detail),
            participants: c
                .participants
                .iter()
                .map(|p| Participant {
                    name: safe(&p.name),
                    messages: p.messages,
                })
                .collect(),
            notes: c.notes.iter().map(|n| safe(n)).collect(),
            first: c.first.clone(),
            last: c.last.clone(),
            ..*c
        };
        let c = &c;
        out.push_str(&format!(
            "{}  [{} {}, {}]\n",
            c.name, c.format, c.kind, c.detail
        ));
        out.push_str(&format!("  id: {}\n", c.id));
        let span = match (&c.first, &c.last) {
            (Some(f), Some(l)) => format!(", {} → {}", &f[..10], &l[..10]),
            _ => String::new(),
        };
        out.push_str(&format!(
            "  {}, {}{}\n",
            plural(c.messages, "message", "messages"),
            plural(c.system_lines, "system line", "system lines"),
            span
        ));
        for p in &c.participants {
            out.push_str(&format!("  {:>8}  {}\n", p.messages, p.name));
        }
        for n in &c.notes {
            out.push_str(&format!("  note: {n}\n"));
        }
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

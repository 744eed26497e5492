//! One timeline across apps: the same two people's chats from several
//! exports (WhatsApp and Telegram, say) merged into one chat, duplicates
//! removed, each message remembering the export it came from.

use pullaway_chat::{Chat, Kind, Message};

use crate::error::CoachError;
use crate::pair::resolve_pair;

/// Two copies of one message (same side, same text) at most this far apart
/// are one message: exports of a bridged chat, or the same export twice.
const SAME_MESSAGE_SECS: i64 = 120;

struct Entry<'a> {
    m: Message,
    me: bool,
    text: &'a str,
    source: u16,
}

/// Merges `chats` (at least one) into one chat between "me" and "them", as
/// resolved in each chat by `--me`/`--them` (or the file names). The merged
/// chat is named after "them" as the first export names them.
pub fn merge(chats: &[Chat], me: Option<&str>, them: Option<&str>) -> Result<Chat, CoachError> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut names: Option<(String, String)> = None;
    for (k, chat) in chats.iter().enumerate() {
        let (my_id, their_id) = match resolve_pair(chat, me, them) {
            Ok(pair) => {
                names.get_or_insert_with(|| {
                    (
                        chat.name_of(pair.me).to_owned(),
                        chat.name_of(pair.them).to_owned(),
                    )
                });
                (Some(pair.me), Some(pair.them))
            }
            // One export may hold only one side (they never answered there).
            Err(CoachError::TooFew { participants }) if participants.len() == 1 => {
                let sole = chat.find_person(&participants[0].0);
                let theirs = match them {
                    Some(t) => participants[0]
                        .0
                        .to_lowercase()
                        .starts_with(&t.to_lowercase()),
                    None => chat
                        .contact
                        .as_deref()
                        .is_some_and(|c| c.eq_ignore_ascii_case(&participants[0].0)),
                };
                if theirs {
                    (None, sole)
                } else {
                    (sole, None)
                }
            }
            Err(e) => return Err(e),
        };
        for m in chat.messages() {
            let Some(sender) = m.sender else { continue };
            let mine = Some(sender) == my_id;
            if m.kind.is_system() || !(mine || Some(sender) == their_id) {
                continue;
            }
            entries.push(Entry {
                m: *m,
                me: mine,
                text: chat.text(m),
                source: k as u16,
            });
        }
    }
    let Some((me_name, them_name)) = names else {
        return Err(CoachError::TooFew {
            participants: Vec::new(),
        });
    };
    entries.sort_by_key(|e| e.m.time);
    let mut merged = Chat::new(
        chats
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join("+"),
        them_name.clone(),
        "multiple",
    );
    let me_id = merged.person(&me_name);
    let them_id = merged.person(&them_name);
    merged.contact = Some(them_name);
    merged.exported_at = chats.iter().filter_map(|c| c.exported_at).max();
    merged.sources = chats
        .iter()
        .map(|c| format!("{}: {}", c.format, c.id))
        .collect();
    merged.detail = format!("{} exports merged", chats.len());
    let mut duplicates = 0;
    let mut kept: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let dup = kept
            .iter()
            .rev()
            .take_while(|&&j| entries[j].m.time.seconds_until(e.m.time) <= SAME_MESSAGE_SECS)
            .any(|&j| {
                let o = &entries[j];
                o.source != e.source
                    && o.me == e.me
                    && o.text.trim() == e.text.trim()
                    && same_kind(o.m.kind, e.m.kind)
            });
        if dup {
            duplicates += 1;
            continue;
        }
        kept.push(i);
        let who = if e.me { me_id } else { them_id };
        if !merged.push(e.m.line, e.m.time, Some(who), e.m.kind, e.text) {
            break;
        }
        if let Some(last) = merged.last_mut() {
            last.edited = e.m.edited;
            last.source = e.source;
        }
    }
    for c in chats {
        merged.warnings.extend(c.warnings.iter().cloned());
    }
    if duplicates > 0 {
        merged.warnings.push(format!(
            "{duplicates} message(s) appeared in more than one export and were counted once"
        ));
    }
    Ok(merged)
}

fn same_kind(a: Kind, b: Kind) -> bool {
    a.name() == b.name()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pullaway_chat::{Date, LocalTime};

    fn chat(format: &'static str, me: &str, them: &str, msgs: &[(i64, bool, &str)]) -> Chat {
        let mut c = Chat::new(format!("{format}.txt"), them, format);
        let (m, t) = (c.person(me), c.person(them));
        c.contact = Some(them.to_owned());
        let base = Date::new(2024, 1, 1).unwrap().start().0;
        for &(secs, mine, text) in msgs {
            c.push(
                1,
                LocalTime(base + secs),
                Some(if mine { m } else { t }),
                Kind::Text,
                text,
            );
        }
        c
    }

    #[test]
    fn merges_two_apps_and_drops_duplicates() {
        let wa = chat(
            "whatsapp",
            "Robin",
            "Sam",
            &[(0, false, "hi"), (60, true, "hey"), (7200, false, "lunch?")],
        );
        // Telegram names them differently; the same "hey" arrives 30 s later through a bridge.
        let tg = chat(
            "telegram",
            "Robin R",
            "Sam Smith",
            &[(90, true, "hey"), (3600, true, "on the train")],
        );
        let m = merge(&[wa, tg], None, Some("Sam")).unwrap();
        let texts: Vec<(&str, u16)> = m.messages().iter().map(|x| (m.text(x), x.source)).collect();
        assert_eq!(
            texts,
            [("hi", 0), ("hey", 0), ("on the train", 1), ("lunch?", 0)]
        );
        assert_eq!(
            m.sources,
            ["whatsapp: whatsapp.txt", "telegram: telegram.txt"]
        );
        assert_eq!(m.counts(), vec![2, 2]);
        assert!(m.warnings[0].starts_with("1 message(s) appeared in more than one export"));
    }
}

//! One timeline across apps: the same two people's chats from several
//! exports (WhatsApp and Telegram, say; an SMS backup and its call log)
//! merged into one chat, duplicates removed, each message remembering the
//! export it came from.
//!
//! Exports are merged only when the other person is the same in each: the
//! same name compared folded (accents and case ignored), or the same phone
//! number, or `--them` given (the user says who it is). Otherwise the merge
//! is refused with who is in each export: counting one person's messages as
//! another's would be a silently wrong report.

use pullaway_chat::{Chat, Kind, Message};

use crate::error::CoachError;
use crate::fold::fold;
use crate::pair::resolve_pair;

/// Why exports could not be merged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// One export on its own: who is who could not be told.
    #[error(transparent)]
    Pair(#[from] CoachError),
    /// Who is who could not be told in one of several exports.
    #[error("{export}: {error}")]
    InExport { export: String, error: CoachError },
    /// The other person differs between exports.
    #[error(
        "these exports are not with the same person, so they are not merged: {}. Give each export its own report, or, if it is one person under different names, say who with --them NAME",
        listing(.exports)
    )]
    DifferentPeople { exports: Vec<ExportPeople> },
}

/// Who is in one export, for [`MergeError::DifferentPeople`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportPeople {
    /// `whatsapp "WhatsApp Chat with Sam.txt"`.
    pub export: String,
    /// The other person as this export names them, when known.
    pub them: Option<String>,
    /// Every participant with their message count.
    pub participants: Vec<(String, usize)>,
}

fn listing(exports: &[ExportPeople]) -> String {
    exports
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let people: Vec<String> = e
                .participants
                .iter()
                .map(|(n, c)| format!("{n} ({c} message{})", if *c == 1 { "" } else { "s" }))
                .collect();
            let them = e
                .them
                .as_deref()
                .map_or_else(|| "unknown".to_owned(), |t| format!("\"{t}\""));
            format!(
                "export {} ({}) is with {them}: {}",
                i + 1,
                e.export,
                if people.is_empty() {
                    "no messages".to_owned()
                } else {
                    people.join(", ")
                }
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The keys that identify a person across exports: the folded name (spaces
/// collapsed) and, for a phone number, its last nine digits.
fn identity(name: &str) -> Vec<String> {
    let folded: String = fold(name).split_whitespace().collect::<Vec<_>>().join(" ");
    let mut keys = Vec::new();
    if let Some(phone) = phone_key(name) {
        keys.push(phone);
    }
    if !folded.is_empty() {
        keys.push(format!("name:{folded}"));
    }
    keys
}

/// `tel:` and the last nine digits of a phone number (`+33 6 12 34 56 78`
/// and `06 12 34 56 78` are one number), or `None` when `s` is not one.
fn phone_key(s: &str) -> Option<String> {
    let s = s.trim();
    // Digits, the separators people write, the spaces and the direction
    // marks exports wrap numbers in.
    let phone_like = s.chars().all(|c| {
        c.is_ascii_digit()
            || " +-()./\u{a0}\u{202f}\u{200e}\u{200f}\u{202a}\u{202b}\u{202c}".contains(c)
    });
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    (phone_like && digits.len() >= 6)
        .then(|| format!("tel:{}", &digits[digits.len().saturating_sub(9)..]))
}

/// `whatsapp "WhatsApp Chat with Sam.txt"`: an export as the error shows it.
fn export_label(chat: &Chat) -> String {
    format!("{} \"{}\"", chat.format, chat.id)
}

fn participants_of(chat: &Chat) -> Vec<(String, usize)> {
    let counts = chat.counts();
    let mut people: Vec<(String, usize)> = chat
        .participants()
        .into_iter()
        .map(|p| (chat.name_of(p).to_owned(), counts[p.0 as usize]))
        .collect();
    // The busiest first, as the other errors list people.
    people.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    people
}

/// Two copies of one message (same side, same text) at most this far apart
/// are one message: exports of a bridged chat, or the same export twice.
const SAME_MESSAGE_SECS: i64 = 120;

struct Entry<'a> {
    m: Message,
    me: bool,
    text: std::borrow::Cow<'a, str>,
    source: u16,
}

/// Merges `chats` (at least one) into one chat between "me" and "them", as
/// resolved in each chat by `--me`/`--them` (or the file names). The merged
/// chat is named after "them" as the first export names them.
///
/// Without `them`, the other person must be the same in every export (same
/// folded name or phone number), else [`MergeError::DifferentPeople`].
pub fn merge(chats: &[Chat], me: Option<&str>, them: Option<&str>) -> Result<Chat, MergeError> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut names: Option<(String, String)> = None;
    // Who "them" is in each export, and the keys seen so far.
    let mut who: Vec<ExportPeople> = Vec::new();
    let mut known: Vec<String> = Vec::new();
    let mut differ = false;
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
                    Some(t) => fold(&participants[0].0).starts_with(&fold(t)),
                    None => chat
                        .contact
                        .as_deref()
                        .is_some_and(|c| fold(c) == fold(&participants[0].0)),
                };
                if theirs {
                    (None, sole)
                } else {
                    (sole, None)
                }
            }
            // With several exports, say which one.
            Err(error) if chats.len() > 1 => {
                return Err(MergeError::InExport {
                    export: export_label(chat),
                    error,
                })
            }
            Err(e) => return Err(e.into()),
        };
        if them.is_none() {
            // Their name in this export, else the contact the export names.
            let their_name = their_id
                .map(|p| chat.name_of(p).to_owned())
                .or_else(|| chat.contact.clone());
            let mut keys: Vec<String> = their_name.as_deref().map(identity).unwrap_or_default();
            if let Some(c) = chat.contact.as_deref() {
                keys.extend(identity(c));
            }
            // An SMS backup names a conversation by its number.
            if matches!(chat.format, "sms-backup" | "sms-calls") {
                keys.extend(phone_key(&chat.id));
            }
            if !keys.is_empty() {
                if !known.is_empty() && !keys.iter().any(|k| known.contains(k)) {
                    differ = true;
                }
                known.extend(keys);
            }
            who.push(ExportPeople {
                export: export_label(chat),
                them: their_name,
                participants: participants_of(chat),
            });
        }
        for m in chat.messages() {
            let Some(sender) = m.sender() else { continue };
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
    if differ {
        return Err(MergeError::DifferentPeople { exports: who });
    }
    let Some((me_name, them_name)) = names else {
        return Err(CoachError::TooFew {
            participants: Vec::new(),
        }
        .into());
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
        if !merged.push(e.m.line, e.m.time, Some(who), e.m.kind, &e.text) {
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
        let texts: Vec<(String, u16)> = m
            .messages()
            .iter()
            .map(|x| (m.text(x).into_owned(), x.source))
            .collect();
        let texts: Vec<(&str, u16)> = texts.iter().map(|(t, s)| (t.as_str(), *s)).collect();
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

    #[test]
    fn two_different_people_are_not_merged() {
        let jordan = chat(
            "whatsapp",
            "Ariel",
            "Jordan",
            &[(0, false, "hi"), (60, true, "hey")],
        );
        let dmitry = chat(
            "whatsapp",
            "Ariel",
            "Dmitry",
            &[(10, false, "yo"), (70, true, "sup"), (80, false, "?")],
        );
        let err = merge(&[jordan.clone(), dmitry.clone()], None, None).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, MergeError::DifferentPeople { .. }), "{text}");
        assert!(
            text.contains("export 1 (whatsapp \"whatsapp.txt\") is with \"Jordan\": Ariel (1 message), Jordan (1 message)")
                && text.contains("export 2 (whatsapp \"whatsapp.txt\") is with \"Dmitry\": Dmitry (2 messages), Ariel (1 message)")
                && text.contains("--them NAME"),
            "{text}"
        );
        // `--me` alone does not say who they are.
        assert!(merge(&[jordan.clone(), dmitry.clone()], Some("Ariel"), None).is_err());
        // `--them` given: the user says who; each export finds its own spelling.
        let sam = chat(
            "whatsapp",
            "Ariel",
            "Sam",
            &[(0, false, "a"), (5, true, "b")],
        );
        let sammy = chat("telegram", "Ariel A", "Sammy K", &[(90, false, "c")]);
        assert!(merge(&[sam.clone(), sammy.clone()], None, None).is_err());
        assert!(merge(&[sam, sammy], None, Some("Sam")).is_ok());
        // An export where who is who cannot be told is named.
        let mut nameless = chat(
            "whatsapp",
            "Ariel",
            "Kim",
            &[(0, false, "a"), (5, true, "b")],
        );
        nameless.contact = None;
        nameless.id = "chat.txt".into();
        let err = merge(&[jordan, nameless], None, None)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("whatsapp \"chat.txt\": cannot tell which of the two is you"),
            "{err}"
        );
    }

    /// An SMS backup and a call log of the same phone, as `report sms.xml
    /// calls.xml` reads them: the calls join the texts' timeline.
    #[test]
    fn an_sms_backup_and_its_call_log_merge_into_one_timeline() {
        let sms = r#"<smses count="3">
<sms address="+1 202-555-0147" date="1709327100000" type="1" body="are you free tonight?" contact_name="Robin"/>
<sms address="+12025550147" date="1709327400000" type="2" body="yes! call you in 5" contact_name="Robin"/>
<sms address="+12025550147" date="1709334000000" type="1" body="that was fun" contact_name="Robin"/>
</smses>"#;
        let calls = r#"<calls count="2">
<call number="2025550147" duration="600" date="1709327700000" type="2" presentation="1" contact_name="Robin"/>
<call number="+12025550147" duration="0" date="1709340000000" type="3" presentation="1" contact_name="Robin"/>
</calls>"#;
        let tz = pullaway_import::tz::zone(Some("UTC")).unwrap();
        let read = |name: &str, xml: &str| {
            pullaway_import::sms::parse(name, name, xml.as_bytes(), &tz)
                .unwrap()
                .remove(0)
        };
        let (texts, log) = (read("sms.xml", sms), read("calls.xml", calls));
        assert_eq!((texts.format, log.format), ("sms-backup", "sms-calls"));
        let m = merge(&[texts, log], None, None).unwrap();
        let rows: Vec<(&str, &str, String)> = m
            .messages()
            .iter()
            .map(|x| {
                (
                    m.name_of(x.sender().unwrap()),
                    x.kind.name(),
                    m.text(x).into_owned(),
                )
            })
            .collect();
        let rows: Vec<(&str, &str, &str)> =
            rows.iter().map(|(a, b, c)| (*a, *b, c.as_str())).collect();
        assert_eq!(
            rows,
            [
                ("Robin", "text", "are you free tonight?"),
                ("Me", "text", "yes! call you in 5"),
                ("Me", "call", "outgoing call (10 min)"),
                ("Robin", "text", "that was fun"),
                ("Robin", "call", "missed call"),
            ]
        );
        assert_eq!(
            m.sources,
            ["sms-backup: +12025550147", "sms-calls: 2025550147"]
        );
        // Another contact's call log is refused, not mixed in.
        let other = read(
            "calls.xml",
            r#"<calls><call number="+447700900123" duration="5" date="1709340000000" type="1" contact_name="Sam"/></calls>"#,
        );
        let err = merge(&[read("sms.xml", sms), other], None, None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is with \"Sam\""), "{err}");
    }

    #[test]
    fn same_person_by_folded_name_or_phone_number() {
        let a = chat(
            "whatsapp",
            "Ariel",
            "Tomás Ñúñez",
            &[(0, false, "hola"), (9, true, "hey")],
        );
        let b = chat(
            "telegram",
            "Ariel",
            "tomas  nunez",
            &[(600, false, "x"), (700, true, "y")],
        );
        let m = merge(&[a, b], None, None).unwrap();
        assert_eq!(m.name, "Tomás Ñúñez");
        assert_eq!(m.message_count(), 4);
        // A number spelled two ways (country code vs trunk zero, spaces).
        let wa = chat(
            "whatsapp",
            "Ariel",
            "+33 6 12 34 56 78",
            &[(0, false, "a"), (9, true, "b")],
        );
        let mut sms = chat(
            "sms-backup",
            "Me",
            "Jo",
            &[(600, false, "c"), (700, true, "d")],
        );
        sms.id = "0612345678".into();
        assert!(merge(&[wa.clone(), sms], None, None).is_ok());
        let mut other = chat("sms-backup", "Me", "Jo", &[(600, false, "c")]);
        other.id = "+447700900123".into();
        assert!(matches!(
            merge(&[wa, other], None, None),
            Err(MergeError::DifferentPeople { .. })
        ));
    }
}

//! Who is "me" and who is "them".
//!
//! From `--me` / `--them` (exact name, else case-insensitive, else
//! accent- and case-insensitive (folded: `tomas` is `Tomás`), else a unique
//! folded prefix), else from the name the export gives the contact
//! (a WhatsApp file is named after them). A group chat needs both names.

use pullaway_chat::{Chat, PersonId};

use crate::error::CoachError;
use crate::fold::fold;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    pub me: PersonId,
    pub them: PersonId,
}

fn participants(chat: &Chat) -> Vec<(PersonId, String, usize)> {
    let counts = chat.counts();
    chat.participants()
        .into_iter()
        .map(|p| (p, chat.name_of(p).to_owned(), counts[p.0 as usize]))
        .collect()
}

fn find(chat: &Chat, name: &str) -> Result<PersonId, CoachError> {
    let people = participants(chat);
    if let Some((p, _, _)) = people.iter().find(|(_, n, _)| n == name) {
        return Ok(*p);
    }
    let lower = name.to_lowercase();
    let same: Vec<_> = people
        .iter()
        .filter(|(_, n, _)| n.to_lowercase() == lower)
        .collect();
    if same.len() == 1 {
        return Ok(same[0].0);
    }
    // Folded: `tomas` finds `Tomás`, `JOSE` finds `José`.
    let folded = fold(name.trim());
    let same: Vec<_> = people
        .iter()
        .filter(|(_, n, _)| fold(n.trim()) == folded)
        .collect();
    if same.len() == 1 {
        return Ok(same[0].0);
    }
    let prefixed: Vec<_> = people
        .iter()
        .filter(|(_, n, _)| !folded.is_empty() && fold(n).starts_with(&folded))
        .collect();
    match prefixed.len() {
        1 => Ok(prefixed[0].0),
        0 => Err(CoachError::UnknownPerson {
            name: name.to_owned(),
            participants: people.into_iter().map(|(_, n, c)| (n, c)).collect(),
        }),
        _ => Err(CoachError::AmbiguousPerson {
            name: name.to_owned(),
            matches: prefixed.iter().map(|(_, n, _)| n.clone()).collect(),
        }),
    }
}

/// Whether `participant` is the contact a file name gave (`Elon Musk` for
/// `Elon Musk (EN+Media)`, any case).
fn same_contact(participant: &str, contact: &str) -> bool {
    // Compare letters, digits and `+` only: a phone number is spaced with
    // no-break spaces in the chat but plain spaces in the file name.
    // Folded, so `Jose` in a file name is the `José` of the chat.
    let norm = |s: &str| {
        fold(s)
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '+')
            .collect::<String>()
    };
    let c = contact.trim();
    let stripped = match (c.rfind(" ("), c.ends_with(')')) {
        (Some(i), true) => &c[..i],
        _ => c,
    };
    let p = norm(participant);
    !p.is_empty() && (p == norm(c) || p == norm(stripped))
}

pub fn resolve_pair(chat: &Chat, me: Option<&str>, them: Option<&str>) -> Result<Pair, CoachError> {
    let people = participants(chat);
    let listed = || {
        people
            .iter()
            .map(|(_, n, c)| (n.clone(), *c))
            .collect::<Vec<_>>()
    };
    let other = |p: PersonId| people.iter().map(|(q, _, _)| *q).find(|&q| q != p);
    let pair = match (me, them) {
        (Some(me), Some(them)) => Pair {
            me: find(chat, me)?,
            them: find(chat, them)?,
        },
        _ if people.len() > 2 => {
            return Err(CoachError::Group {
                participants: listed(),
            })
        }
        _ if people.len() < 2 => {
            return Err(CoachError::TooFew {
                participants: listed(),
            })
        }
        (Some(me), None) => {
            let me = find(chat, me)?;
            Pair {
                me,
                them: other(me).expect("two participants"),
            }
        }
        (None, Some(them)) => {
            let them = find(chat, them)?;
            Pair {
                me: other(them).expect("two participants"),
                them,
            }
        }
        (None, None) => {
            let contact = chat
                .contact
                .as_deref()
                .ok_or_else(|| CoachError::WhoIsWho {
                    participants: listed(),
                })?;
            let matches: Vec<_> = people
                .iter()
                .filter(|(_, n, _)| same_contact(n, contact))
                .collect();
            let [(them, _, _)] = matches[..] else {
                return Err(CoachError::WhoIsWho {
                    participants: listed(),
                });
            };
            Pair {
                me: other(*them).expect("two participants"),
                them: *them,
            }
        }
    };
    if pair.me == pair.them {
        return Err(CoachError::SamePerson(chat.name_of(pair.me).to_owned()));
    }
    Ok(pair)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pullaway_chat::{Date, Kind, LocalTime};

    fn chat(names: &[&str], contact: Option<&str>) -> Chat {
        let mut c = Chat::new("t", "t", "test");
        let t = Date::new(2024, 1, 1).unwrap().start();
        for n in names {
            let p = c.person(n);
            c.push(1, t, Some(p), Kind::Text, "hi");
        }
        c.contact = contact.map(str::to_owned);
        c
    }

    #[test]
    fn inferred_from_the_contact_name() {
        let c = chat(&["Dmitry S", "Elon Musk"], Some("Elon Musk (EN+Media)"));
        let p = resolve_pair(&c, None, None).unwrap();
        assert_eq!(
            (c.name_of(p.me), c.name_of(p.them)),
            ("Dmitry S", "Elon Musk")
        );
    }

    #[test]
    fn flags_and_errors() {
        let c = chat(&["Ariel", "Jordan"], None);
        let err = resolve_pair(&c, None, None).unwrap_err().to_string();
        assert!(
            err.contains("--me NAME") && err.contains("Ariel (1 message)"),
            "{err}"
        );
        let p = resolve_pair(&c, Some("ariel"), None).unwrap();
        assert_eq!(c.name_of(p.them), "Jordan");
        let p = resolve_pair(&c, None, Some("Jor")).unwrap();
        assert_eq!(c.name_of(p.me), "Ariel");
        assert!(resolve_pair(&c, Some("Sam"), None)
            .unwrap_err()
            .to_string()
            .contains("no participant is called \"Sam\""));
        let g = chat(&["A", "B", "C"], None);
        assert!(matches!(
            resolve_pair(&g, Some("A"), None),
            Err(CoachError::Group { .. })
        ));
        assert!(resolve_pair(&g, Some("A"), Some("C")).is_ok());
        assert!(matches!(
            resolve_pair(&g, Some("A"), Some("a")),
            Err(CoachError::SamePerson(_))
        ));
        let _ = LocalTime(0);
    }

    #[test]
    fn names_compare_folded() {
        let c = chat(&["Tomás", "Zoë Ångström"], None);
        let p = resolve_pair(&c, Some("tomas"), None).unwrap();
        assert_eq!(
            (c.name_of(p.me), c.name_of(p.them)),
            ("Tomás", "Zoë Ångström")
        );
        let p = resolve_pair(&c, None, Some("ZOE ANGSTROM")).unwrap();
        assert_eq!(c.name_of(p.them), "Zoë Ångström");
        let p = resolve_pair(&c, Some("TOMÁS"), Some("zoe")).unwrap();
        assert_eq!(c.name_of(p.them), "Zoë Ångström");
        // A file name written without accents names the contact too.
        let c = chat(&["Tomás", "Ariel"], Some("Tomas"));
        let p = resolve_pair(&c, None, None).unwrap();
        assert_eq!(c.name_of(p.them), "Tomás");
        // Two people who fold alike: the exact spelling decides, else ambiguous.
        let c = chat(&["José", "Jose"], None);
        assert_eq!(
            c.name_of(resolve_pair(&c, Some("José"), None).unwrap().me),
            "José"
        );
        assert!(matches!(
            resolve_pair(&c, Some("JOSÈ"), None),
            Err(CoachError::AmbiguousPerson { .. })
        ));
    }
}

//! A chat while it is read ([`ChatState`]): its own keys, its people, the
//! messages added one by one and the ones skipped; then the [`Chat`] it is
//! finished into, with its name, its contact and its warnings.
//!
//! Why a file of its own: a chat's `name`, `type` and `id` may come after
//! its `messages`, so what the chat is called, who the other person of a
//! 1:1 chat is and what to warn about are known only at its end; both
//! passes add their messages here the same way.

use std::borrow::Cow;
use std::collections::HashMap;

use pullaway_chat::{Chat, Kind, PersonId};
use serde::de::MapAccess;

use super::ctx::Ctx;
use super::message::{media_kind, sender_name, service, RawMessage};
use super::stream::MessagesSeed;
use super::strings::StrOrNum;
use super::{DELETED, FORMAT};

/// Messages skipped, by reason, for the chat's warnings.
#[derive(Clone, Copy)]
enum Skip {
    NoSender,
    NoDate,
    OtherType,
}

#[derive(Clone, Copy, Default)]
struct Skipped {
    count: u64,
    first_line: u64,
}

/// A chat while its keys are read; finished into a [`Chat`] at the end, when
/// its name, type and id (which may follow `messages`) are all known.
#[derive(Default)]
pub(super) struct ChatState {
    pub(super) chat: Chat,
    /// `None`: no `name` key; `Some(None)`: `"name": null`.
    name: Option<Option<String>>,
    kind: Option<String>,
    id: Option<String>,
    pub(super) has_messages: bool,
    /// Person by name, so a sender costs a hash lookup, not a scan.
    people: HashMap<String, PersonId>,
    /// Each person's first Telegram id (`user123`), to find the contact.
    user_ids: Vec<Option<String>>,
    skipped: [Skipped; 3],
}

impl ChatState {
    /// Reads one of the chat's own keys; `false` when the key is not one.
    pub(super) fn field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        ctx: &Ctx<'_>,
    ) -> Result<bool, A::Error> {
        match key {
            "name" => self.name = Some(map.next_value()?),
            "type" => self.kind = map.next_value()?,
            "id" => self.id = map.next_value_seed(StrOrNum)?.map(Cow::into_owned),
            "messages" => {
                self.has_messages = true;
                map.next_value_seed(MessagesSeed { ctx, state: self })?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn skip(&mut self, why: Skip, line: u64) {
        let s = &mut self.skipped[why as usize];
        if s.count == 0 {
            s.first_line = line;
        }
        s.count += 1;
    }

    fn person(&mut self, name: &str, user_id: Option<&str>) -> PersonId {
        let id = match self.people.get(name) {
            Some(&id) => id,
            None => {
                let id = self.chat.person(name);
                self.people.insert(name.to_owned(), id);
                id
            }
        };
        let i = id.0 as usize;
        if self.user_ids.len() <= i {
            self.user_ids.resize(i + 1, None);
        }
        if self.user_ids[i].is_none() {
            self.user_ids[i] = user_id.map(str::to_owned);
        }
        id
    }

    /// Adds a message; `false` when the chat's text is full.
    pub(super) fn add(&mut self, m: &RawMessage<'_>) -> bool {
        let Some(time) = m.unixtime.or(m.date) else {
            self.skip(Skip::NoDate, m.line);
            return true;
        };
        let (sender, kind, text) = match m.kind.as_deref() {
            None | Some("message") => {
                let Some(name) = sender_name(&m.from, &m.from_id) else {
                    self.skip(Skip::NoSender, m.line);
                    return true;
                };
                let sender = self.person(name, m.from_id.as_deref());
                let kind = media_kind(m).map_or(Kind::Text, Kind::Media);
                let text = [m.text.as_deref(), m.entities.as_deref(), m.poll.as_deref()]
                    .into_iter()
                    .flatten()
                    .find(|t| !t.is_empty())
                    .unwrap_or_default();
                (Some(sender), kind, Cow::Borrowed(text))
            }
            Some("service") => {
                let actor = sender_name(&m.actor, &m.actor_id);
                let sender = actor.map(|name| self.person(name, m.actor_id.as_deref()));
                let (kind, text) = service(m, actor);
                (sender, kind, Cow::Owned(text))
            }
            Some(_) => {
                self.skip(Skip::OtherType, m.line);
                return true;
            }
        };
        let line = u32::try_from(m.line).unwrap_or(u32::MAX);
        if !self.chat.push(line, time, sender, kind, &text) {
            return false;
        }
        if let (true, Some(last)) = (m.edited, self.chat.last_mut()) {
            last.edited = true;
        }
        true
    }

    pub(super) fn finish(
        self,
        me: Option<&str>,
        detail: &str,
        fallback_id: String,
        fallback_name: &str,
    ) -> Chat {
        let kind = self.kind.as_deref().unwrap_or("");
        let given = self
            .name
            .clone()
            .flatten()
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        let one_to_one = matches!(kind, "personal_chat" | "bot_chat");
        let name = match &given {
            Some(n) => n.clone(),
            None if kind == "saved_messages" => "Saved messages".to_owned(),
            None if one_to_one || self.name.is_some() => DELETED.to_owned(),
            None => fallback_name.to_owned(),
        };
        let contact = one_to_one
            .then(|| self.contact(given.as_deref(), me))
            .flatten();
        let warnings = self.warnings(&name);
        let mut chat = self.chat;
        chat.id = self.id.unwrap_or(fallback_id);
        chat.name = name;
        chat.format = FORMAT;
        chat.detail = detail.to_owned();
        chat.contact = contact;
        chat.warnings.extend(warnings);
        chat.sort();
        chat
    }

    /// The other person of a 1:1 chat. Best evidence first: the participant
    /// whose Telegram id is the chat's id; then the chat's name when it is
    /// not the owner's; then the one participant who is not the owner.
    fn contact(&self, given: Option<&str>, me: Option<&str>) -> Option<String> {
        let chat = &self.chat;
        let participants = chat.participants();
        if let Some(id) = &self.id {
            let user = format!("user{id}");
            let by_id = participants.iter().find(|p| {
                self.user_ids.get(p.0 as usize).and_then(Option::as_deref) == Some(&user)
            });
            if let Some(&p) = by_id {
                return Some(chat.name_of(p).to_owned());
            }
        }
        let others: Vec<&str> = participants
            .iter()
            .map(|&p| chat.name_of(p))
            .filter(|&n| Some(n) != me)
            .collect();
        let given = given.filter(|&n| Some(n) != me);
        if let Some(n) = given {
            if me.is_none() || others.len() != 1 || others.contains(&n) {
                return Some(n.to_owned());
            }
        }
        if let (Some(_), [one]) = (me, &others[..]) {
            return Some((*one).to_owned());
        }
        given
            .or_else(|| chat.find_person(DELETED).map(|_| DELETED))
            .map(str::to_owned)
    }

    fn warnings(&self, name: &str) -> Vec<String> {
        let why = [
            "without a sender (\"from\" and \"from_id\")",
            "without a \"date\" or \"date_unixtime\"",
            "of a type other than \"message\" or \"service\"",
        ];
        let mut out: Vec<String> = self
            .skipped
            .iter()
            .zip(why)
            .filter(|(s, _)| s.count > 0)
            .map(|(s, why)| {
                format!(
                    "{} message(s) {why} were skipped (the first at line {})",
                    s.count, s.first_line
                )
            })
            .collect();
        // An empty list and a list of service entries only are the same
        // thing to the reader: a chat with no messages.
        if self.has_messages && self.chat.message_count() == 0 {
            let held = match self.chat.system_count() {
                0 => "its message list is empty".to_owned(),
                1 => {
                    "it holds only 1 service entry (a join, a pin, a title change, ...)".to_owned()
                }
                n => format!("it holds only {n} service entries (joins, pins, title changes, ...)"),
            };
            out.push(format!("the chat \"{name}\" has no messages: {held}"));
        }
        out
    }
}

//! The visitors of the file's outline: the top-level object, a chat list
//! (`chats`, `left_chats`), a chat, and a chat's `messages` list, each
//! read in place into what the file held (`export.rs`, `chat.rs`).
//!
//! Why a file of its own: these visitors run on serde_json's streaming
//! reader in both passes, byte by byte but only over the few keys around
//! the message lists. A message list is where the passes part: the
//! streaming pass reads its elements here, one [`MessageSeed`] each; the
//! fast pass hands the list to `fast.rs`.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::chat::ChatState;
use super::ctx::Ctx;
use super::export::Export;
use super::fast::fast_messages;
use super::message::{MessageSeed, RawMessage};
use super::path::each_key;

/// The whole file, read into `out` as it goes (so that a file cut off in
/// the middle still has what came before the cut).
pub(super) struct ExportSeed<'s, 'a> {
    pub(super) ctx: &'s Ctx<'a>,
    pub(super) out: &'s mut Export,
}

impl<'de> DeserializeSeed<'de> for ExportSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ExportSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Telegram export (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        let out = self.out;
        each_key(&ctx.trail, &mut map, |key, map| match key {
            "personal_information" => {
                out.me = map
                    .next_value::<Option<PersonalInfo>>()?
                    .and_then(PersonalInfo::name);
                Ok(())
            }
            "chats" | "left_chats" => {
                out.saw_list = true;
                let left = key == "left_chats";
                map.next_value_seed(ChatListSeed {
                    ctx,
                    out: &mut out.list,
                    left,
                })
            }
            _ => {
                if !out.top.field(key, map, ctx)? {
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(())
            }
        })
    }
}

#[derive(Deserialize)]
struct PersonalInfo {
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
}

impl PersonalInfo {
    /// "First Last", as Telegram shows the owner in `from`.
    fn name(self) -> Option<String> {
        let parts: Vec<&str> = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// `chats` (or `left_chats`): `{"about": ..., "list": [chat, ...]}`; a bare
/// array is taken too.
struct ChatListSeed<'s, 'a> {
    ctx: &'s Ctx<'a>,
    out: &'s mut Vec<(ChatState, bool)>,
    left: bool,
}

impl<'de> DeserializeSeed<'de> for ChatListSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ChatListSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with a \"list\" of chats")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ChatListSeed { ctx, out, left } = self;
        each_key(&ctx.trail, &mut map, |key, map| {
            if key == "list" {
                map.next_value_seed(ChatListSeed {
                    ctx,
                    out: &mut *out,
                    left,
                })
            } else {
                map.next_value::<IgnoredAny>().map(drop)
            }
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let ChatListSeed { ctx, out, left } = self;
        for i in 0.. {
            // Read in place: a chat the file is cut off in keeps what it had.
            out.push((ChatState::default(), left));
            let state = &mut out.last_mut().expect("just pushed").0;
            let chat = seq
                .next_element_seed(ChatSeed { ctx, state })
                .map_err(|e| ctx.trail.index(i, e))?;
            if chat.is_none() {
                out.pop();
                break;
            }
        }
        Ok(())
    }
}

/// One chat of `chats.list`, read into `state`.
struct ChatSeed<'s, 'a> {
    ctx: &'s Ctx<'a>,
    state: &'s mut ChatState,
}

impl<'de> DeserializeSeed<'de> for ChatSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ChatSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a chat (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ChatSeed { ctx, state } = self;
        each_key(&ctx.trail, &mut map, |key, map| {
            if !state.field(key, map, ctx)? {
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        })
    }
}

/// `messages`: each element is read and added to the chat before the next.
pub(super) struct MessagesSeed<'s, 'a> {
    pub(super) ctx: &'s Ctx<'a>,
    pub(super) state: &'s mut ChatState,
}

impl<'de> DeserializeSeed<'de> for MessagesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for MessagesSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of messages")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        if ctx.fast {
            let mut chunks = ctx.chunks.borrow_mut();
            return fast_messages(ctx, &mut chunks, self.state)
                .ok_or_else(|| de::Error::custom("left to the streaming pass"));
        }
        for i in 0.. {
            let mut message = RawMessage::default();
            let out = &mut message;
            let read = seq
                .next_element_seed(MessageSeed { ctx, out })
                .map_err(|e| ctx.trail.index(i, e))?;
            if read.is_none() {
                break;
            }
            if !self.state.add(&message) {
                return Err(ctx.trail.index(i, ctx.too_large(message.line)));
            }
        }
        Ok(())
    }
}

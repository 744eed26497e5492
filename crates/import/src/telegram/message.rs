//! One message: the keys that matter ([`RawMessage`], read by
//! [`MessageSeed`]) and what they mean: who sent it ([`sender_name`]),
//! what it carried ([`media_kind`]) and what a service entry says
//! ([`service`]).
//!
//! Why a file of its own: both passes read a message the same way, the
//! streaming pass from serde_json's reader and the fast pass from a slice
//! (where its strings are borrowed); Telegram's message keys and their
//! quirks are all here.

use std::borrow::Cow;
use std::fmt;

use pullaway_chat::{CallKind, Kind, LocalTime, MediaKind};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use super::ctx::Ctx;
use super::dates::{DateSeed, EditedSeed, UnixSeed};
use super::path::each_key;
use super::strings::{OptStr, StrOrNum};
use super::text::TextSeed;
use super::DELETED;

/// The keys of a message that matter; the others are skipped unread. Its
/// strings borrow from the message's bytes when it is read from a slice
/// (the fast pass) and they hold no escape.
#[derive(Default)]
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) struct RawMessage<'de> {
    /// The line of its `{`.
    pub(super) line: u64,
    pub(super) kind: Option<Cow<'de, str>>,
    pub(super) date: Option<LocalTime>,
    pub(super) unixtime: Option<LocalTime>,
    pub(super) from: Option<Option<Cow<'de, str>>>,
    pub(super) from_id: Option<Cow<'de, str>>,
    pub(super) actor: Option<Option<Cow<'de, str>>>,
    pub(super) actor_id: Option<Cow<'de, str>>,
    pub(super) action: Option<Cow<'de, str>>,
    pub(super) discard_reason: Option<Cow<'de, str>>,
    pub(super) duration: Option<u64>,
    pub(super) text: Option<Cow<'de, str>>,
    /// `text_entities` joined, when there is no `text` before it.
    pub(super) entities: Option<Cow<'de, str>>,
    pub(super) poll: Option<String>,
    pub(super) media_type: Option<Cow<'de, str>>,
    pub(super) mime_type: Option<Cow<'de, str>>,
    pub(super) photo: bool,
    pub(super) file: bool,
    pub(super) contact: bool,
    pub(super) location: bool,
    pub(super) edited: bool,
}

impl<'de> RawMessage<'de> {
    fn field<A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        ctx: &Ctx<'_>,
    ) -> Result<(), A::Error> {
        let present = |map: &mut A| map.next_value::<Option<IgnoredAny>>().map(|v| v.is_some());
        match key {
            "type" => self.kind = map.next_value_seed(OptStr)?,
            "date" => self.date = map.next_value_seed(DateSeed(ctx.tz))?,
            "date_unixtime" => self.unixtime = map.next_value_seed(UnixSeed(ctx.tz))?,
            "from" => self.from = Some(map.next_value_seed(OptStr)?),
            "from_id" => self.from_id = map.next_value_seed(StrOrNum)?,
            "actor" => self.actor = Some(map.next_value_seed(OptStr)?),
            "actor_id" => self.actor_id = map.next_value_seed(StrOrNum)?,
            "action" => self.action = map.next_value_seed(OptStr)?,
            "discard_reason" => self.discard_reason = map.next_value_seed(OptStr)?,
            "duration_seconds" => {
                self.duration = map.next_value::<Option<f64>>()?.map(|s| s.max(0.0) as u64)
            }
            "text" => self.text = Some(map.next_value_seed(TextSeed { ctx })?),
            "text_entities" if self.text.is_none() => {
                self.entities = Some(map.next_value_seed(TextSeed { ctx })?);
            }
            "poll" => self.poll = map.next_value::<Option<Poll>>()?.and_then(|p| p.question),
            "media_type" => self.media_type = map.next_value_seed(OptStr)?,
            "mime_type" => self.mime_type = map.next_value_seed(OptStr)?,
            "photo" => self.photo = present(map)?,
            "file" => self.file = present(map)?,
            "contact_information" => self.contact = present(map)?,
            "location_information" => self.location = present(map)?,
            "edited" => self.edited |= map.next_value_seed(EditedSeed(ctx.tz))?,
            "edited_unixtime" => self.edited |= map.next_value_seed(EditedSeed(ctx.tz))?,
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct Poll {
    #[serde(default)]
    question: Option<String>,
}

/// One message, read into `out` (a fresh one), which is not moved: it is
/// large, and a million messages are read.
pub(super) struct MessageSeed<'s, 'a, 'de> {
    pub(super) ctx: &'s Ctx<'a>,
    pub(super) out: &'s mut RawMessage<'de>,
}

impl<'de> DeserializeSeed<'de> for MessageSeed<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MessageSeed<'_, '_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a message (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let MessageSeed { ctx, out } = self;
        // The reader has just consumed the `{`: this is the message's line.
        out.line = ctx.line();
        each_key(&ctx.trail, &mut map, |key, map| out.field(key, map, ctx))
    }
}

/// The name to show for `from` (or `actor`): the name, else the Telegram id,
/// else "Deleted account" when the key is there but null; `None` when neither
/// key is there.
pub(super) fn sender_name<'m>(
    name: &'m Option<Option<Cow<'_, str>>>,
    id: &'m Option<Cow<'_, str>>,
) -> Option<&'m str> {
    let given = name
        .as_ref()
        .and_then(Option::as_deref)
        .map(str::trim)
        .filter(|n| !n.is_empty());
    given
        .or_else(|| id.as_deref().filter(|i| !i.is_empty()))
        .or_else(|| name.is_some().then_some(DELETED))
}

/// What a message carried, from `media_type` or the media keys.
pub(super) fn media_kind(m: &RawMessage<'_>) -> Option<MediaKind> {
    if let Some(t) = m.media_type.as_deref() {
        return Some(match t {
            "photo" => MediaKind::Photo,
            "video_file" | "video_message" => MediaKind::Video,
            "voice_message" | "audio_file" => MediaKind::Audio,
            "sticker" => MediaKind::Sticker,
            "animation" => MediaKind::Gif,
            _ => MediaKind::Unknown,
        });
    }
    if m.photo {
        return Some(MediaKind::Photo);
    }
    if m.file {
        let family = m.mime_type.as_deref().and_then(|t| t.split('/').next());
        return Some(match family {
            Some("image") => MediaKind::Photo,
            Some("video") => MediaKind::Video,
            Some("audio") => MediaKind::Audio,
            _ => MediaKind::Document,
        });
    }
    if m.contact {
        return Some(MediaKind::Contact);
    }
    m.location.then_some(MediaKind::Location)
}

/// The kind and text of a service message: calls are calls (missed when
/// refused or unanswered), everything else is a system line.
pub(super) fn service(m: &RawMessage<'_>, actor: Option<&str>) -> (Kind, String) {
    let action = m.action.as_deref().unwrap_or("");
    let given = m.text.as_deref().filter(|t| !t.is_empty());
    if action == "phone_call" {
        let missed = matches!(m.discard_reason.as_deref(), Some("missed" | "busy"));
        let text = match (missed, m.duration) {
            (true, _) => "missed call".to_owned(),
            (false, Some(s)) => format!("call ({s} s)"),
            (false, None) => "call".to_owned(),
        };
        let kind = Kind::Call(if missed {
            CallKind::Missed
        } else {
            CallKind::Answered
        });
        return (kind, given.map_or(text, str::to_owned));
    }
    let what = match action {
        "pin_message" => "pinned a message".to_owned(),
        "create_group" | "create_channel" => "created the group".to_owned(),
        "invite_members" => "added members".to_owned(),
        "remove_members" => "removed members".to_owned(),
        "join_group_by_link" => "joined by link".to_owned(),
        "joined_telegram" => "joined Telegram".to_owned(),
        "edit_group_title" => "changed the group name".to_owned(),
        "edit_group_photo" => "changed the group photo".to_owned(),
        "" => "service message".to_owned(),
        other => other.replace('_', " "),
    };
    let text = match (given, actor) {
        (Some(t), _) => t.to_owned(),
        (None, Some(a)) => format!("{a} {what}"),
        (None, None) => what,
    };
    (Kind::System, text)
}

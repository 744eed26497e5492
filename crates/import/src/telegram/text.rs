//! A message's `text` (and `text_entities`): a string, or an array of
//! strings and `{"type": ..., "text": ...}` entities (bold, links,
//! mentions), joined into one string.
//!
//! Why a file of its own: a text is the one value of a message that nests
//! (parts inside parts), so it has visitors of its own, which record their
//! step of the JSON path like the others; a text of one string is borrowed
//! from the input when it can be, with no copy.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::ctx::Ctx;
use super::path::each_key;

/// `text`: a string, or an array of strings and `{"type": ..., "text": ...}`
/// entities, joined.
pub(super) struct TextSeed<'s, 'a> {
    pub(super) ctx: &'s Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for TextSeed<'_, '_> {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A text of one string is that string (borrowed when it can be); parts
/// are joined by [`TextPart`].
impl<'de> Visitor<'de> for TextSeed<'_, '_> {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(TEXT_EXPECTED)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(""))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let mut out = String::new();
        TextPart {
            ctx: self.ctx,
            out: &mut out,
        }
        .visit_seq(seq)?;
        Ok(Cow::Owned(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut out = String::new();
        TextPart {
            ctx: self.ctx,
            out: &mut out,
        }
        .visit_map(map)?;
        Ok(Cow::Owned(out))
    }
}

const TEXT_EXPECTED: &str = "a string, or an array of strings and {\"text\": ...} objects";

/// One piece of a text, appended to `out`.
struct TextPart<'s, 'a> {
    ctx: &'s Ctx<'a>,
    out: &'s mut String,
}

impl<'de> DeserializeSeed<'de> for TextPart<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextPart<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(TEXT_EXPECTED)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.out.push_str(v);
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let TextPart { ctx, out } = self;
        for i in 0.. {
            let part = TextPart {
                ctx,
                out: &mut *out,
            };
            if seq
                .next_element_seed(part)
                .map_err(|e| ctx.trail.index(i, e))?
                .is_none()
            {
                break;
            }
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let TextPart { ctx, out } = self;
        each_key(&ctx.trail, &mut map, |key, map| {
            if key == "text" {
                map.next_value_seed(TextPart {
                    ctx,
                    out: &mut *out,
                })
            } else {
                map.next_value::<IgnoredAny>().map(drop)
            }
        })
    }
}

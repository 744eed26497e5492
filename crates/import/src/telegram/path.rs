//! The JSON path of an error (`chats.list[3].messages[120].date`), so that a
//! wrong value in a file of a million messages is found at once.
//!
//! Why a file of its own: the path is built while an error travels up
//! through the visitors (innermost step first), never while reading, so a
//! file without errors pays nothing for it; every visitor records its step
//! the same way, through [`Trail`] and [`each_key`].

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

/// One step of a JSON path (`chats`, `list`, `[3]`).
enum Seg {
    Key(String),
    Index(usize),
}

/// The steps from the error up to the top of the file, innermost first.
#[derive(Default)]
pub(super) struct Trail(RefCell<Vec<Seg>>);

impl Trail {
    /// Records that the error `e` happened under `key`.
    pub(super) fn key<E>(&self, key: &str, e: E) -> E {
        self.0.borrow_mut().push(Seg::Key(key.to_owned()));
        e
    }

    /// Records that the error `e` happened in element `i`.
    pub(super) fn index<E>(&self, i: usize, e: E) -> E {
        self.0.borrow_mut().push(Seg::Index(i));
        e
    }

    /// The JSON path of the error being reported, e.g. `chats.list[3].messages[120].date`.
    pub(super) fn path(&self) -> String {
        let mut path = String::new();
        for seg in self.0.borrow().iter().rev() {
            match seg {
                Seg::Key(k) if path.is_empty() => path.push_str(k),
                Seg::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Seg::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    }
}

/// Reads an object key into a reused buffer (no allocation per key).
struct KeyInto<'k>(&'k mut String);

impl<'de> DeserializeSeed<'de> for KeyInto<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyInto<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.clear();
        self.0.push_str(v);
        Ok(())
    }
}

/// Walks an object, handing each key and the map to `field`, and records the
/// key in the error path when `field` fails.
pub(super) fn each_key<'de, A, F>(trail: &Trail, map: &mut A, mut field: F) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    F: FnMut(&str, &mut A) -> Result<(), A::Error>,
{
    let mut key = String::new();
    while map.next_key_seed(KeyInto(&mut key))?.is_some() {
        field(&key, map).map_err(|e| trail.key(&key, e))?;
    }
    Ok(())
}

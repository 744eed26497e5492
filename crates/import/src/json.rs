//! Typed JSON reading shared by the JSON importers (Messenger, Discord):
//! fields are read leniently so that a wrong type is reported with its JSON
//! path instead of failing the whole parse with only a column, and long
//! lists are streamed item by item.
use std::fmt;
use std::marker::PhantomData;

use crate::ImportError;
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A value of type `T`, or the JSON type found instead.
pub(crate) enum Lenient<T> {
    Ok(T),
    Wrong(&'static str),
}

impl<T> Lenient<T> {
    pub(crate) fn ok(&self) -> Option<&T> {
        match self {
            Lenient::Ok(t) => Some(t),
            Lenient::Wrong(_) => None,
        }
    }

    /// The value, or `"{path}: expected {expected}, found {found}"`.
    pub(crate) fn get(&self, path: impl FnOnce() -> String, expected: &str) -> Result<&T, String> {
        match self {
            Lenient::Ok(t) => Ok(t),
            Lenient::Wrong(found) => Err(format!("{}: expected {expected}, found {found}", path())),
        }
    }
}

/// An optional field (absent and `null` are both `None`).
pub(crate) fn field<'a, T>(
    f: &'a Option<Lenient<T>>,
    path: impl FnOnce() -> String,
    expected: &str,
) -> Result<Option<&'a T>, String> {
    f.as_ref().map(|l| l.get(path, expected)).transpose()
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let found = type_name(&value);
        Ok(match T::deserialize(value) {
            Ok(t) => Lenient::Ok(t),
            Err(_) => Lenient::Wrong(found),
        })
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A JSON list read item by item (never buffered whole), or the JSON
/// type found instead.
pub(crate) enum List<T> {
    Items(Vec<T>),
    Wrong(&'static str),
}

impl<T> List<T> {
    pub(crate) fn items(&self, path: impl FnOnce() -> String) -> Result<&[T], String> {
        match self {
            List::Items(v) => Ok(v),
            List::Wrong(found) => Err(format!("{}: expected a list, found {found}", path())),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(List::Items(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(List::Wrong("an object"))
    }

    fn visit_bool<E>(self, _: bool) -> Result<List<T>, E> {
        Ok(List::Wrong("true/false"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<List<T>, E> {
        Ok(List::Wrong("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<List<T>, E> {
        Ok(List::Wrong("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<List<T>, E> {
        Ok(List::Wrong("a number"))
    }

    fn visit_str<E>(self, _: &str) -> Result<List<T>, E> {
        Ok(List::Wrong("a string"))
    }

    fn visit_unit<E>(self) -> Result<List<T>, E> {
        Ok(List::Wrong("null"))
    }
}

/// The first `max` bytes after a BOM and leading whitespace.
pub(crate) fn head(bytes: &[u8], max: usize) -> &[u8] {
    let bytes = crate::text::strip_bom(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let bytes = &bytes[start..];
    &bytes[..bytes.len().min(max)]
}

/// A JSON parse error with its line and column; `what` names the
/// top-level value expected.
pub(crate) fn syntax_error(display: &str, e: &serde_json::Error, what: &str) -> ImportError {
    use serde_json::error::Category;
    let line = Some(e.line() as u64).filter(|&l| l > 0);
    let text = e.to_string();
    let bare = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    let column = e.column();
    let message = match e.classify() {
        Category::Eof => format!("the JSON ends early at column {column} (truncated file?)"),
        Category::Syntax => format!("invalid JSON at column {column}: {bare}"),
        Category::Data if bare.starts_with("duplicate field") => {
            format!("{bare} at column {column}")
        }
        Category::Data => format!("expected {what} at column {column}"),
        Category::Io => format!("cannot read the JSON: {bare}"),
    };
    ImportError::invalid(display, line, message)
}

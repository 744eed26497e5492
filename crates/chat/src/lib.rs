//! The chat model that every importer produces and every analysis reads.
//!
//! Exports carry local wall-clock times without a zone, so time here is a
//! civil `LocalTime` (seconds since 1970-01-01T00:00:00 on the chat's own
//! clock). Message text lives in one arena per chat so that a million-message
//! export costs one allocation for its text, not a million.

#![warn(missing_docs)]

mod model;
mod text;
mod time;

pub use model::{CallKind, Chat, ChatKind, Kind, MediaKind, Message, PartsError, Person, PersonId};
pub use text::{TextFile, Texts};
pub use time::{Date, LocalTime};

//! Importers: chat exports in, [`pullaway_chat::Chat`] out.
//!
//! One module per format; `detect` picks the format from the content;
//! `source` reads files, stdin and zip archives within size limits. Importers
//! know nothing about the analysis that follows.

pub mod csv;
mod detect;
pub mod discord;
mod error;
pub mod imessage;
mod json;
pub mod limits;
pub mod messenger;
pub mod signal;
pub mod sms;
mod source;
pub mod telegram;
mod text;
pub mod tz;
pub mod whatsapp;

use std::path::Path;

pub use detect::{import, import_with, ImportOptions};
pub use error::{ImportError, Location};
pub use source::{is_zip, open_bytes, read_path, Input};

use pullaway_chat::Chat;

/// Reads and imports a path (or `-` for stdin).
pub fn import_path(path: &Path) -> Result<Vec<Chat>, ImportError> {
    import(read_path(path)?)
}

/// Reads and imports a path with options (the time zone).
pub fn import_path_with(path: &Path, opts: &ImportOptions) -> Result<Vec<Chat>, ImportError> {
    import_with(read_path(path)?, opts)
}

/// Imports bytes already in memory; `file_name` helps name the contact.
pub fn import_bytes(file_name: &str, bytes: Vec<u8>) -> Result<Vec<Chat>, ImportError> {
    import(open_bytes(
        file_name.to_owned(),
        file_name.to_owned(),
        bytes,
    )?)
}

//! Importers: chat exports in, [`pullaway_chat::Chat`] out.
//!
//! One module per format; `detect` picks the format from the content;
//! `source` reads files, stdin and zip archives within size limits. Importers
//! know nothing about the analysis that follows.

pub mod csv;
mod detect;
pub mod discord;
mod error;
#[cfg(unix)]
mod export_file;
#[cfg(test)]
mod fixtures;
mod folder;
pub mod formats;
pub mod imessage;
mod json;
pub mod kakao;
pub mod limits;
pub mod line;
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

/// Reads and imports a path with options (the time zone). A folder is
/// searched for exports (a Messenger/Instagram download holds one folder per
/// thread, with `message_1.json`, `message_2.json`, ...). A Telegram export is
/// streamed from the file instead of being read into memory.
pub fn import_path_with(path: &Path, opts: &ImportOptions) -> Result<Vec<Chat>, ImportError> {
    if path.is_dir() {
        return folder::import_dir(path, opts);
    }
    // A pipe, FIFO or device (`<(cat f)`, `/dev/fd/N`) can be read only
    // once: read it whole (within the limits) and never reopen it.
    if !is_regular_file(path) {
        return import_with(read_path(path)?, opts);
    }
    if let Some(chats) = stream_telegram(path, opts)? {
        return Ok(chats);
    }
    #[cfg(unix)]
    if let Some(chat) = whatsapp_in_place(path)? {
        return Ok(vec![chat]);
    }
    import_with(read_path(path)?, opts)
}

/// Reads a large WhatsApp export in place (`whatsapp::parse_file`): when
/// the file is at least [`limits::in_place_from`] bytes, is no zip, and its start is
/// recognised as WhatsApp by the same table, in the same order, as the
/// whole file would be. `None` otherwise, or when it must be read whole
/// after all (bytes that are not UTF-8).
#[cfg(unix)]
fn whatsapp_in_place(path: &Path) -> Result<Option<Chat>, ImportError> {
    use std::io::Read;
    let display = path.display().to_string();
    let io = |error| ImportError::Io {
        file: display.clone(),
        error,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size < limits::in_place_from() || size == 0 {
        return Ok(None);
    }
    if size > limits::input_budget() {
        // Read whole, it is refused with the budget's words.
        return Ok(None);
    }
    let mut head = Vec::with_capacity(64 << 10);
    (&mut file)
        .take(64 << 10)
        .read_to_end(&mut head)
        .map_err(io)?;
    if !detect::text_starts_as(&head, &display, "whatsapp") {
        return Ok(None);
    }
    let skip = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let file = export_file::ExportFile::new(file, skip).map_err(io)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| display.clone());
    whatsapp::parse_file(&display, &file_name, file)
}

/// Whether a path is a regular file (following symlinks); stdin (`-`),
/// pipes, FIFOs and devices are not.
fn is_regular_file(path: &Path) -> bool {
    path.as_os_str() != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Streams a Telegram export from its file, when the file is one.
fn stream_telegram(path: &Path, opts: &ImportOptions) -> Result<Option<Vec<Chat>>, ImportError> {
    use std::io::{Read, Seek};
    let display = path.display().to_string();
    if display == "-" {
        return Ok(None);
    }
    let io = |error| ImportError::Io {
        file: display.clone(),
        error,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut head = Vec::with_capacity(64 << 10);
    (&mut file)
        .take(64 << 10)
        .read_to_end(&mut head)
        .map_err(io)?;
    if is_zip(&head) || !telegram::looks_like(&head) {
        return Ok(None);
    }
    file.rewind().map_err(io)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| display.clone());
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    telegram::parse_reader(&display, &file_name, reader, &opts.tz).map(Some)
}

/// Imports bytes already in memory; `file_name` helps name the contact.
pub fn import_bytes(file_name: &str, bytes: Vec<u8>) -> Result<Vec<Chat>, ImportError> {
    import(open_bytes(
        file_name.to_owned(),
        file_name.to_owned(),
        bytes,
    )?)
}

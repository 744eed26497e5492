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
    let opened = Opened::new(path)?;
    if is_zip(&opened.head) {
        return import_with(read_path(path)?, opts);
    }
    let opened = match stream_telegram(opened, opts)? {
        Ok(chats) => return Ok(chats),
        Err(opened) => opened,
    };
    #[cfg(unix)]
    if let Some(chat) = whatsapp_in_place(opened)? {
        return Ok(vec![chat]);
    }
    import_with(read_path(path)?, opts)
}

/// A regular file opened once for the readers that work on the file itself
/// (Telegram streamed, WhatsApp in place): its first 64 KiB tell whether
/// one of them takes it.
struct Opened {
    display: String,
    file_name: String,
    file: std::fs::File,
    head: Vec<u8>,
}

impl Opened {
    fn new(path: &Path) -> Result<Opened, ImportError> {
        use std::io::Read;
        let display = path.display().to_string();
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
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| display.clone());
        Ok(Opened {
            display,
            file_name,
            file,
            head,
        })
    }

    fn io(&self, error: std::io::Error) -> ImportError {
        ImportError::Io {
            file: self.display.clone(),
            error,
        }
    }
}

/// Reads a large WhatsApp export in place (`whatsapp::parse_file`): when
/// the file is at least [`limits::in_place_from`] bytes and its start is
/// recognised as WhatsApp by the same table, in the same order, as the
/// whole file would be. `None` otherwise, or when it must be read whole
/// after all (bytes that are not UTF-8).
#[cfg(unix)]
fn whatsapp_in_place(opened: Opened) -> Result<Option<Chat>, ImportError> {
    let size = opened.file.metadata().map_err(|e| opened.io(e))?.len();
    // Over the budget it is read whole, and refused with the budget's words.
    if size == 0 || size < limits::in_place_from() || size > limits::input_budget() {
        return Ok(None);
    }
    if !detect::text_starts_as(&opened.head, &opened.display, "whatsapp") {
        return Ok(None);
    }
    let skip = if opened.head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let Opened {
        display,
        file_name,
        file,
        ..
    } = opened;
    let file = export_file::ExportFile::new(file, skip).map_err(|error| ImportError::Io {
        file: display.clone(),
        error,
    })?;
    whatsapp::parse_file(&display, &file_name, file)
}

/// Whether a path is a regular file (following symlinks); stdin (`-`),
/// pipes, FIFOs and devices are not.
fn is_regular_file(path: &Path) -> bool {
    path.as_os_str() != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Streams a Telegram export from its file, when the file is one; gives
/// the file back otherwise.
fn stream_telegram(
    mut opened: Opened,
    opts: &ImportOptions,
) -> Result<Result<Vec<Chat>, Opened>, ImportError> {
    use std::io::Seek;
    if !telegram::looks_like(&opened.head) {
        return Ok(Err(opened));
    }
    opened.file.rewind().map_err(|e| opened.io(e))?;
    let reader = std::io::BufReader::with_capacity(1 << 20, opened.file);
    telegram::parse_reader(&opened.display, &opened.file_name, reader, &opts.tz).map(Ok)
}

/// Imports bytes already in memory; `file_name` helps name the contact.
pub fn import_bytes(file_name: &str, bytes: Vec<u8>) -> Result<Vec<Chat>, ImportError> {
    import(open_bytes(
        file_name.to_owned(),
        file_name.to_owned(),
        bytes,
    )?)
}

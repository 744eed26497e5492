//! Reading an input into memory: a file, stdin (`-`), or the chat inside a zip.
//!
//! Nothing is ever extracted to disk. Zip entries are read through limits on
//! their size and compression ratio, so a zip bomb is refused, not inflated.

use std::io::Read;
use std::path::Path;

use crate::error::ImportError;
use crate::limits::{MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_BYTES, MAX_ZIP_RATIO};

/// The bytes of one export, with the names needed for messages and inference.
#[derive(Debug)]
pub struct Input {
    /// How errors name it: the path as given, plus `!entry` for a zip member.
    pub display: String,
    /// The outer file name (no folders), used to infer the contact's name.
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// When the export was made, if the container says so (a zip entry's
    /// modification time, which zips store as a wall-clock time).
    pub exported_at: Option<pullaway_chat::LocalTime>,
}

/// Reads a path, or stdin when the path is `-`, and opens zip archives.
pub fn read_path(path: &Path) -> Result<Input, ImportError> {
    let display = path.display().to_string();
    let bytes = if display == "-" {
        read_limited(std::io::stdin().lock(), &display)?
    } else {
        let file = std::fs::File::open(path).map_err(|error| ImportError::Io {
            file: display.clone(),
            error,
        })?;
        let size = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        read_within(file, &display, size)?
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| display.clone());
    open_bytes(display, file_name, bytes)
}

/// Wraps bytes that are already in memory (e.g. an upload), opening zips.
pub fn open_bytes(
    display: String,
    file_name: String,
    bytes: Vec<u8>,
) -> Result<Input, ImportError> {
    if is_zip(&bytes) {
        let (entry, inner, exported_at) = read_zip_chat(&display, &bytes)?;
        return Ok(Input {
            display: format!("{display}!{entry}"),
            file_name,
            bytes: inner,
            exported_at,
        });
    }
    Ok(Input {
        display,
        file_name,
        bytes,
        exported_at: None,
    })
}

fn read_limited(reader: impl Read, display: &str) -> Result<Vec<u8>, ImportError> {
    read_within(reader, display, None)
}

/// Reads up to the input budget; `size` (when the file's size is known)
/// reserves the buffer once, failing cleanly when memory is short.
fn read_within(
    reader: impl Read,
    display: &str,
    size: Option<u64>,
) -> Result<Vec<u8>, ImportError> {
    let budget = crate::limits::input_budget();
    let mut bytes = Vec::new();
    if let Some(size) = size {
        if size > budget {
            return Err(ImportError::too_large(
                display,
                None,
                format!(
                    "the file has {} MiB, more than {}",
                    size >> 20,
                    crate::limits::budget_words()
                ),
            ));
        }
        bytes.try_reserve_exact(size as usize + 1).map_err(|_| {
            ImportError::too_large(
                display,
                None,
                format!("not enough memory to read its {} MiB", size >> 20),
            )
        })?;
    }
    reader
        .take(budget + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| ImportError::Io {
            file: display.to_owned(),
            error,
        })?;
    if bytes.len() as u64 > budget {
        return Err(ImportError::too_large(
            display,
            None,
            format!("the input is larger than {}", crate::limits::budget_words()),
        ));
    }
    Ok(bytes)
}

pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Picks the chat text in a WhatsApp zip: `_chat.txt`, else the only `.txt`
/// outside `__MACOSX`. Media files are never read.
type ZipChat = (String, Vec<u8>, Option<pullaway_chat::LocalTime>);

fn read_zip_chat(display: &str, bytes: &[u8]) -> Result<ZipChat, ImportError> {
    let bad = |msg: String| ImportError::invalid(display, None, msg);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("not a readable zip archive: {e}")))?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(ImportError::too_large(
            display,
            None,
            format!(
                "zip lists {} entries (limit {MAX_ZIP_ENTRIES})",
                archive.len()
            ),
        ));
    }
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    // Chat files by kind, in order of preference: WhatsApp's text, then the
    // single export file of the other apps (Telegram's result.json, an SMS
    // backup, an iMessage database, a CSV). Media and `__MACOSX` are ignored.
    let usable = |n: &&String| {
        let base = n.rsplit('/').next().unwrap_or(n);
        !n.starts_with("__MACOSX/") && !base.starts_with("._")
    };
    // The endings come from the formats' table (formats.rs).
    let with_ext = |text: bool| -> Vec<&String> {
        names
            .iter()
            .filter(usable)
            .filter(|n| crate::formats::may_hold_a_chat(n, text))
            .collect()
    };
    let texts = with_ext(true);
    let others = with_ext(false);
    let chosen = texts
        .iter()
        .find(|n| n.rsplit('/').next() == Some("_chat.txt"))
        .copied()
        .or(if texts.len() == 1 {
            Some(texts[0])
        } else {
            None
        })
        .or(if texts.is_empty() && others.len() == 1 {
            Some(others[0])
        } else {
            None
        })
        .or_else(|| {
            others
                .iter()
                .find(|n| n.rsplit('/').next() == Some("result.json"))
                .copied()
        });
    let Some(name) = chosen else {
        let why = if texts.is_empty() && others.is_empty() {
            format!(
                "the zip holds no chat file ({})",
                crate::formats::zip_endings().join(", ")
            )
        } else if texts.is_empty() {
            format!(
                "the zip holds several possible chat files; unzip it and give the one to read (or the folder): {}",
                others.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            )
        } else {
            format!(
                "the zip holds several .txt files and no _chat.txt: {}",
                texts
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        return Err(ImportError::Unsupported {
            file: display.to_owned(),
            why,
        });
    };
    let entry_display = format!("{display}!{name}");
    let mut file = archive
        .by_name(name)
        .map_err(|e| bad(format!("cannot open zip entry {name}: {e}")))?;
    let declared = file.size();
    let exported_at = file.last_modified().and_then(|t| {
        let date = pullaway_chat::Date::new(i32::from(t.year()), t.month(), t.day())?;
        pullaway_chat::LocalTime::new(date, t.hour(), t.minute(), t.second())
    });
    // The declared compressed size can lie too: no entry holds more
    // compressed bytes than the whole archive.
    let compressed = file.compressed_size().min(bytes.len() as u64).max(1);
    let entry_limit = MAX_ZIP_ENTRY_BYTES.min(crate::limits::input_budget());
    if declared > entry_limit {
        return Err(ImportError::too_large(
            &entry_display,
            None,
            format!(
                "the chat inside the zip unpacks to {} MiB, more than {}",
                declared >> 20,
                crate::limits::budget_words()
            ),
        ));
    }
    if declared / compressed > MAX_ZIP_RATIO {
        return Err(ImportError::too_large(
            &entry_display,
            None,
            format!(
                "entry inflates {}x (limit {MAX_ZIP_RATIO}x): refusing a likely zip bomb",
                declared / compressed
            ),
        ));
    }
    // The declared size can lie: enforce both limits on what actually comes out.
    let cap = entry_limit.min(compressed.saturating_mul(MAX_ZIP_RATIO));
    let mut out = Vec::new();
    out.try_reserve_exact(declared.min(cap) as usize)
        .map_err(|_| {
            ImportError::too_large(
                &entry_display,
                None,
                format!(
                    "not enough memory to unpack its {} MiB",
                    declared.min(cap) >> 20
                ),
            )
        })?;
    (&mut file)
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            ImportError::invalid(
                &entry_display,
                None,
                format!("cannot inflate zip entry: {e}"),
            )
        })?;
    if out.len() as u64 > cap {
        let why = if cap == entry_limit {
            format!(
                "the chat inside the zip unpacks to more than {}",
                crate::limits::budget_words()
            )
        } else {
            format!("entry inflates past {cap} bytes ({MAX_ZIP_RATIO}x its compressed size): refusing a likely zip bomb")
        };
        return Err(ImportError::too_large(&entry_display, None, why));
    }
    Ok((name.to_string(), out, exported_at))
}

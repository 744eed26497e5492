//! Recognises an export's format from its content and hands it to the right
//! importer. The file extension alone never decides.

use pullaway_chat::Chat;

use crate::error::ImportError;
use crate::formats::{Detect, FORMATS};
use crate::source::Input;

/// Decodes text exports like [`crate::text::decode`], taking the bytes over
/// without a copy when they are valid UTF-8 (the common, large case).
fn decode(input: Input) -> (String, Option<String>) {
    let display = input.display;
    let mut b = input.bytes;
    if b.starts_with(&[0xFF, 0xFE]) || b.starts_with(&[0xFE, 0xFF]) {
        let (text, warning) = crate::text::decode(&display, &b);
        return (text.into_owned(), warning);
    }
    if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        b.drain(..3);
    }
    match String::from_utf8(b) {
        Ok(s) => (s, None),
        Err(e) => {
            let (text, warning) = crate::text::decode(&display, e.as_bytes());
            (text.into_owned(), warning)
        }
    }
}

/// Whether the file's name or path points at Signal: signal-export writes
/// `chat.md`, and a Signal text line can look like a WhatsApp one.
fn signal_hint(display: &str) -> bool {
    let lower = display.to_lowercase();
    lower.ends_with(".md") || lower.contains("signal")
}

/// Whether a file whose first bytes are `head` (a start of it, not all of
/// it) is read by the text format `id`, by the same table in the same order
/// as [`import_with`] reads the whole file. False when in doubt (a zip,
/// UTF-16, bytes that are not UTF-8).
pub(crate) fn text_starts_as(head: &[u8], display: &str, id: &str) -> bool {
    if crate::source::is_zip(head)
        || head.starts_with(&[0xFF, 0xFE])
        || head.starts_with(&[0xFE, 0xFF])
    {
        return false;
    }
    for format in FORMATS {
        match format.detect {
            Detect::Bytes { looks_like, .. } if looks_like(head) => return false,
            Detect::Signal { looks_like, .. } if looks_like(head) && signal_hint(display) => {
                return false
            }
            _ => {}
        }
    }
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    // Whole lines only: the start may end inside one.
    let head = memchr::memrchr(b'\n', head).map_or(head, |i| &head[..=i]);
    let Ok(text) = std::str::from_utf8(head) else {
        return false;
    };
    FORMATS
        .iter()
        .find(|f| matches!(f.detect, Detect::Text { looks_like, .. } if looks_like(text)))
        .is_some_and(|f| f.ids.first().is_some_and(|(i, _)| *i == id))
}

/// What an import needs from outside the file.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The zone in which instants (UTC timestamps) are shown.
    pub tz: jiff::tz::TimeZone,
}

impl Default for ImportOptions {
    /// UTC: deterministic. The CLI passes the system zone or `--tz`.
    fn default() -> ImportOptions {
        ImportOptions {
            tz: jiff::tz::TimeZone::UTC,
        }
    }
}

/// Reads every chat in an input, with default options.
pub fn import(input: Input) -> Result<Vec<Chat>, ImportError> {
    import_with(input, &ImportOptions::default())
}

/// Reads every chat in an input. The format is recognised from the content,
/// in an order where each test is specific: binary databases, then the JSON
/// and XML exports by their keys and tags, then the text formats.
pub fn import_with(input: Input, opts: &ImportOptions) -> Result<Vec<Chat>, ImportError> {
    let exported_at = input.exported_at;
    let mut chats = import_content(input, opts)?;
    for chat in &mut chats {
        chat.exported_at = chat.exported_at.or(exported_at);
    }
    Ok(chats)
}

fn import_content(input: Input, opts: &ImportOptions) -> Result<Vec<Chat>, ImportError> {
    if input.bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Unsupported {
            file: input.display,
            why: "the file is empty".into(),
        });
    }
    let display = input.display.clone();
    let file_name = input.file_name.clone();
    // The table's order (formats.rs): structured formats on their bytes,
    // Signal when its name says so, the text formats, then Signal.
    let mut signal = None;
    for format in FORMATS {
        match format.detect {
            Detect::Bytes { looks_like, parse } if looks_like(&input.bytes) => {
                return parse(&display, &file_name, &input.bytes, &opts.tz);
            }
            Detect::Signal { looks_like, parse } if looks_like(&input.bytes) => {
                if signal_hint(&display) {
                    return parse(&display, &file_name, &input.bytes, &opts.tz);
                }
                signal = Some(parse);
            }
            _ => {}
        }
    }
    let (text, warning) = decode(input);
    for format in FORMATS {
        if let Detect::Text { looks_like, parse } = format.detect {
            if looks_like(&text) {
                let mut chat = parse(&display, &file_name, text)?;
                chat.warnings.extend(warning);
                return Ok(vec![chat]);
            }
        }
    }
    if let Some(parse) = signal {
        return parse(&display, &file_name, text.as_bytes(), &opts.tz);
    }
    let (n, shown) = crate::text::first_line(&text);
    Err(ImportError::Unsupported {
        file: display,
        why: format!(
            "line {n} reads {}, which no supported format starts like",
            crate::text::quote(&shown)
        ),
    })
}

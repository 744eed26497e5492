//! Typed import errors. Each names the file, and the line or entry when known,
//! and says what was expected, so a user can fix or report the export.

use std::fmt;

use crate::limits::MAX_LINE_BYTES;

/// Where in an input something went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file as the user named it (`-` for stdin), plus `!entry` inside a zip.
    pub file: String,
    /// 1-based line, when the problem is on one line.
    pub line: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.file, line),
            None => write!(f, "{}", self.file),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The OS error is part of the message, not a separate `source`: an
    /// error chain would print it twice.
    #[error("{file}: cannot read: {error}")]
    Io { file: String, error: std::io::Error },
    #[error("{at}: {message}")]
    Invalid { at: Location, message: String },
    #[error("{at}: {message}")]
    TooLarge { at: Location, message: String },
    #[error(
        "{file}: not a chat export pullaway can read ({why}); supported: {}",
        crate::formats::supported()
    )]
    Unsupported { file: String, why: String },
}

impl ImportError {
    /// An input that is not what it should be, at a line (or a JSON path in the message).
    pub fn invalid(file: &str, line: Option<u64>, message: impl Into<String>) -> ImportError {
        ImportError::Invalid {
            at: Location {
                file: file.to_owned(),
                line,
            },
            message: message.into(),
        }
    }

    /// A chat whose text passes what the model can hold (4 GiB: the text
    /// arena is addressed with `u32`).
    pub(crate) fn text_full(file: &str, line: Option<u64>) -> ImportError {
        ImportError::too_large(file, line, "the chat's text passes 4 GiB")
    }

    /// A line past [`MAX_LINE_BYTES`]: a text importer's sign that the file
    /// is not a chat.
    pub(crate) fn line_too_long(file: &str, line: u64, len: usize) -> ImportError {
        ImportError::too_large(
            file,
            Some(line),
            format!("line is {len} bytes long (limit {MAX_LINE_BYTES}); this does not look like a chat export"),
        )
    }

    /// An input, or part of it, past a size limit.
    pub fn too_large(file: &str, line: Option<u64>, message: impl Into<String>) -> ImportError {
        ImportError::TooLarge {
            at: Location {
                file: file.to_owned(),
                line,
            },
            message: message.into(),
        }
    }
}

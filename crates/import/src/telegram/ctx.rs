//! What every visitor is handed ([`Ctx`]), and how a serde_json error
//! becomes an [`ImportError`] that names the file, the line and the JSON
//! path.
//!
//! Why a file of its own: both passes build a context and every visitor
//! reads it, but only the end of a failed read turns it into an error; the
//! wording of Telegram's errors lives here, in one place.

use std::cell::{Cell, RefCell};

use jiff::tz::TimeZone;
use serde::de;

use super::chunks::Chunks;
use super::path::Trail;
use crate::ImportError;

/// What every visitor needs: the zone, the line counter, and the path of an
/// error, which is built while the error travels up (innermost step first),
/// so reading costs nothing for it.
pub(super) struct Ctx<'a> {
    pub(super) tz: &'a TimeZone,
    pub(super) lines: &'a Cell<u64>,
    /// The file's bytes, under serde_json's reader.
    pub(super) chunks: &'a RefCell<Chunks<'a>>,
    /// Whether message lists are cut out of `chunks` (the fast pass).
    pub(super) fast: bool,
    pub(super) trail: Trail,
    /// A chat past the text limit: the line and what to say.
    pub(super) too_large: RefCell<Option<(u64, String)>>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        tz: &'a TimeZone,
        lines: &'a Cell<u64>,
        chunks: &'a RefCell<Chunks<'a>>,
        fast: bool,
    ) -> Ctx<'a> {
        Ctx {
            tz,
            lines,
            chunks,
            fast,
            trail: Trail::default(),
            too_large: RefCell::new(None),
        }
    }

    /// The 1-based line the reader is on.
    pub(super) fn line(&self) -> u64 {
        self.lines.get() + 1
    }

    /// Stops the import because a chat's text passes the model's limit.
    pub(super) fn too_large<E: de::Error>(&self, line: u64) -> E {
        let message = "this chat's text passes 4 GiB, more than pullaway can hold".to_owned();
        *self.too_large.borrow_mut() = Some((line, message));
        E::custom("chat too large")
    }

    pub(super) fn error(&self, display: &str, e: &serde_json::Error) -> ImportError {
        let path = self.trail.path();
        let at = |message: String| {
            if path.is_empty() {
                message
            } else {
                format!("{path}: {message}")
            }
        };
        if let Some((line, message)) = self.too_large.borrow_mut().take() {
            return ImportError::too_large(display, Some(line), at(message));
        }
        let line = (e.line() > 0).then_some(e.line() as u64);
        let message = without_position(e);
        match e.classify() {
            serde_json::error::Category::Data => ImportError::invalid(display, line, at(message)),
            category => {
                let hint = match category {
                    serde_json::error::Category::Eof => " (the file ends too early)",
                    _ => "",
                };
                let inside = if path.is_empty() {
                    String::new()
                } else {
                    format!(" in {path}")
                };
                ImportError::invalid(
                    display,
                    line,
                    format!(
                        "invalid Telegram JSON at column {}{inside}: {message}{hint}",
                        e.column()
                    ),
                )
            }
        }
    }
}

/// serde_json's message without its " at line L column C" suffix.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_owned(),
        None => text,
    }
}

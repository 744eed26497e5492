//! Where a chat's message texts live. Usually in one arena in memory; for a
//! large export read from a file, in the file itself: the importer keeps only
//! each message's byte range, and a text is read again, a window of the file
//! at a time, when the analysis asks for it. A million-message export then
//! costs its messages' records, not a second copy of its text.
//!
//! The model does no I/O itself: an importer hands over a [`TextFile`] that
//! reads the bytes and checks that the file has not changed since it was
//! read.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

/// The text of an export, kept in its file. `read` fills `into` with the
/// bytes `range` of the text (offsets as the importer gave them), or says in
/// plain words why it cannot (the file changed, shrank or can't be read).
pub trait TextFile: Send + Sync + std::fmt::Debug {
    /// Reads `range` of the text into `into` (cleared first).
    fn read(&self, range: Range<usize>, into: &mut Vec<u8>) -> Result<(), String>;
}

/// How much of the file one read brings in: texts are asked for in time
/// order, which is nearly file order, so most are found in the window
/// already read.
const WINDOW: usize = 256 << 10;

/// A window of the file's text: its first byte's offset and its bytes.
/// Only the texts asked for are checked as UTF-8 (the import checked the
/// whole file; a text that no longer is means the file changed).
#[derive(Default)]
pub(crate) struct Window {
    start: usize,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the bytes: a chat's debug output stays short.
        write!(
            f,
            "Window({}..{})",
            self.start,
            self.start + self.bytes.len()
        )
    }
}

/// What [`Window::get`] finds.
enum Found<'w> {
    Text(&'w str),
    /// The window does not hold the range.
    Outside,
    /// It holds it, but not as UTF-8 text: the file changed.
    Changed,
}

const CHANGED: &str = "the file is no longer the text that was read: it changed";

impl Window {
    /// The text of `range`, when the window holds it.
    fn get(&self, range: &Range<usize>) -> Found<'_> {
        let Some(from) = range.start.checked_sub(self.start) else {
            return Found::Outside;
        };
        match self.bytes.get(from..range.end - self.start) {
            Some(bytes) => std::str::from_utf8(bytes).map_or(Found::Changed, Found::Text),
            None => Found::Outside,
        }
    }

    /// Reads a window that holds all of `range` (at most up to `len`, the
    /// text's length): from its start on, or, going back (a search from the
    /// end), up to its end.
    fn load(
        &mut self,
        file: &dyn TextFile,
        len: usize,
        range: &Range<usize>,
    ) -> Result<(), String> {
        let back = range.start < self.start && !self.bytes.is_empty();
        let (from, end) = if back {
            (range.end.saturating_sub(WINDOW).min(range.start), range.end)
        } else {
            (
                range.start,
                len.min(range.start.saturating_add(WINDOW)).max(range.end),
            )
        };
        self.bytes.clear();
        self.start = from;
        file.read(from..end, &mut self.bytes)?;
        if self.bytes.len() != end - from {
            self.bytes.clear();
            return Err(CHANGED.into());
        }
        Ok(())
    }
}

/// A chat's text kept in its file: the file, the text's length in it, one
/// window shared by [`crate::Chat::text`], and the first failure.
#[derive(Clone, Debug)]
pub(crate) struct FileStore {
    file: Arc<dyn TextFile>,
    /// Offsets below this are in the file; those at or above it in the
    /// chat's arena (texts the importer had to copy), shifted by it.
    pub(crate) len: usize,
    window: Arc<Mutex<Window>>,
    failure: Arc<OnceLock<String>>,
}

impl FileStore {
    pub(crate) fn new(file: Arc<dyn TextFile>, len: usize) -> FileStore {
        FileStore {
            file,
            len,
            window: Arc::default(),
            failure: Arc::default(),
        }
    }

    /// The text of `range` (inside the file), through the shared window; empty
    /// after a failure, which [`crate::Chat::text_failure`] reports.
    pub(crate) fn text(&self, range: Range<usize>) -> Cow<'static, str> {
        if range.is_empty() {
            return Cow::Borrowed("");
        }
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        self.through(&mut window, range)
            .map_or(Cow::Borrowed(""), |s| Cow::Owned(s.to_owned()))
    }

    /// The text of `range` from `window`, reading the window first when it
    /// does not hold it.
    pub(crate) fn through<'w>(
        &self,
        window: &'w mut Window,
        range: Range<usize>,
    ) -> Option<&'w str> {
        if self.failure.get().is_some() {
            return None;
        }
        if matches!(window.get(&range), Found::Outside) {
            if let Err(why) = window.load(self.file.as_ref(), self.len, &range) {
                let _ = self.failure.set(why);
                return None;
            }
        }
        match window.get(&range) {
            Found::Text(text) => Some(text),
            Found::Outside | Found::Changed => {
                let _ = self.failure.set(CHANGED.into());
                None
            }
        }
    }

    pub(crate) fn failure(&self) -> Option<&str> {
        self.failure.get().map(String::as_str)
    }
}

/// Reads many messages' texts in a row without a lock or a copy each: the
/// way to go through all of a chat's texts (see [`crate::Chat::texts`]).
#[derive(Debug)]
pub struct Texts<'c> {
    pub(crate) chat: &'c crate::Chat,
    pub(crate) window: Window,
}

impl<'c> Texts<'c> {
    /// The chat whose texts this reads.
    pub fn chat(&self) -> &'c crate::Chat {
        self.chat
    }

    /// The text of the chat's message at `index`.
    pub fn at(&mut self, index: usize) -> &str {
        let chat = self.chat;
        self.get(&chat.messages()[index])
    }

    /// The text of a message of the chat (empty after a failure to read the
    /// file, which [`crate::Chat::text_failure`] reports).
    pub fn get(&mut self, m: &crate::Message) -> &str {
        let chat = self.chat;
        let (start, end) = m.text_range();
        match &chat.file {
            Some(file) if start < file.len => {
                file.through(&mut self.window, start..end).unwrap_or("")
            }
            Some(file) => &chat.text[start - file.len..end - file.len],
            None => &chat.text[start..end],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file in memory that can change under the reader, counting reads.
    #[derive(Debug)]
    struct Fake(Mutex<Vec<u8>>, std::sync::atomic::AtomicUsize);

    impl TextFile for Fake {
        fn read(&self, range: Range<usize>, into: &mut Vec<u8>) -> Result<(), String> {
            self.1.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let bytes = self.0.lock().unwrap();
            into.clear();
            into.extend_from_slice(
                &bytes[range.start.min(bytes.len())..range.end.min(bytes.len())],
            );
            Ok(())
        }
    }

    #[test]
    fn windows_keep_whole_characters_and_notice_a_changed_file() {
        // Many three-byte characters: windows end inside one.
        let text = "é€x".repeat(WINDOW / 3);
        let fake = Arc::new(Fake(
            Mutex::new(text.clone().into_bytes()),
            Default::default(),
        ));
        let reads = || fake.1.load(std::sync::atomic::Ordering::Relaxed);
        let store = FileStore::new(fake.clone(), text.len());
        let mut window = Window::default();
        let mut at = 0;
        while at < text.len() {
            let len = text[at..].chars().next().unwrap().len_utf8();
            assert_eq!(
                store.through(&mut window, at..at + len),
                Some(&text[at..at + len])
            );
            at += len;
        }
        assert!(reads() <= 4, "{} reads forward", reads());
        // Backwards too, reading each window once.
        let mut window = Window::default();
        let mut at = text.len();
        while at > 0 {
            let len = text[..at].chars().next_back().unwrap().len_utf8();
            assert_eq!(
                store.through(&mut window, at - len..at),
                Some(&text[at - len..at])
            );
            at -= len;
        }
        assert!(reads() <= 9, "{} reads in all", reads());
        assert_eq!(store.text(5..11), &text[5..11]);
        fake.0.lock().unwrap().truncate(10);
        assert_eq!(store.text(WINDOW..WINDOW + 3), "");
        assert!(store.failure().is_some_and(|f| f.contains("changed")));
    }
}

//! The bytes of the export, held a chunk at a time, and a scanner that
//! finds where one element of a `messages` array ends.
//!
//! Why a file of its own: serde_json reads an `io::Read` one byte at a time
//! (about 100 MB/s) but a slice several times faster. [`Chunks`] holds a
//! window on the file ([`CHUNK`] bytes, more only for a larger message):
//! serde_json walks the few keys around the message lists byte by byte
//! through it (`escapes.rs`), and the fast pass in `fast.rs` hands it each
//! message as a slice of the window, serde_json saying where the message
//! ends. Memory holds one window, never the file. The scanner here is for
//! the rare message serde_json refuses (to find its `\x` escapes) and for
//! one that may be nested deep; whether JSON is valid is serde_json's to say.

use std::io;

/// Bytes read from the file at a time.
pub(super) const CHUNK: usize = 8 << 20;

/// Nesting deeper than this inside a message is left to the streaming pass,
/// which applies serde_json's recursion limit from the top of the file.
const MAX_DEPTH: usize = 64;

/// A window on the file: the unread bytes are `buf[pos..end]`.
pub(super) struct Chunks<'r> {
    src: &'r mut dyn io::Read,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// The least the buffer grows by ([`CHUNK`], less in tests).
    chunk: usize,
}

impl<'r> Chunks<'r> {
    pub(super) fn new(src: &'r mut dyn io::Read, chunk: usize) -> Chunks<'r> {
        Chunks {
            src,
            buf: Vec::new(),
            pos: 0,
            end: 0,
            chunk: chunk.max(1),
        }
    }

    /// The unread bytes held.
    pub(super) fn rest(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    /// Marks `n` bytes as read.
    pub(super) fn consume(&mut self, n: usize) {
        self.pos += n;
    }

    /// Reads more of the file after the unread bytes (moved to the front,
    /// the buffer doubled when they fill it); `false` at the end of the file.
    pub(super) fn more(&mut self) -> io::Result<bool> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            // Zeroed by the allocator: pages are touched only when read into.
            let mut bigger = vec![0; (2 * self.buf.len()).max(self.chunk)];
            bigger[..self.end].copy_from_slice(&self.buf[..self.end]);
            self.buf = bigger;
        }
        loop {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// The next byte, read; `None` at the end of the file.
    pub(super) fn byte(&mut self) -> io::Result<Option<u8>> {
        if self.pos == self.end && !self.more()? {
            return Ok(None);
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        Ok(Some(b))
    }

    /// Skips JSON whitespace and returns the byte after it, unread (`None`
    /// at the end of the file), with the newlines skipped added to `lines`.
    pub(super) fn peek_past_space(&mut self, lines: &mut u64) -> io::Result<Option<u8>> {
        loop {
            while let Some(&b) = self.buf[..self.end].get(self.pos) {
                match b {
                    b'\n' => *lines += 1,
                    b' ' | b'\t' | b'\r' => {}
                    _ => return Ok(Some(b)),
                }
                self.pos += 1;
            }
            if !self.more()? {
                return Ok(None);
            }
        }
    }

    /// The element that starts the unread bytes (an object or an array),
    /// whole, reading more of the file as needed; `None` when it is not
    /// one, is nested too deep, or the file ends inside it.
    pub(super) fn element(&mut self) -> io::Result<Option<Element>> {
        loop {
            match scan_element(self.rest()) {
                Scan::Done(element) => return Ok(Some(element)),
                Scan::Unusual => return Ok(None),
                Scan::Partial => {
                    if !self.more()? {
                        return Ok(None);
                    }
                }
            }
        }
    }
}

/// Where an element ends, in the unread bytes.
pub(super) struct Element {
    /// Its length in bytes, closing bracket included.
    pub(super) len: usize,
    /// Newlines in it.
    pub(super) lines: u64,
    /// Whether a string in it holds a `\x` escape, to be rewritten.
    pub(super) hex: bool,
}

enum Scan {
    Done(Element),
    /// The bytes end inside the element.
    Partial,
    /// Not an object or array, or nested deeper than [`MAX_DEPTH`].
    Unusual,
}

/// Newlines in `bytes`.
pub(super) fn newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Whether an element could be nested deeper than [`MAX_DEPTH`] (it has
/// that many opening brackets, in strings or not).
pub(super) fn maybe_deep(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(b'{', b'[', bytes)
        .nth(MAX_DEPTH)
        .is_some()
}

/// The element at the start of `bytes`, when it is whole and not nested
/// deeper than [`MAX_DEPTH`].
pub(super) fn scan(bytes: &[u8]) -> Option<Element> {
    match scan_element(bytes) {
        Scan::Done(element) => Some(element),
        _ => None,
    }
}

/// Finds the end of the object or array at the start of `bytes`.
fn scan_element(bytes: &[u8]) -> Scan {
    if !matches!(bytes.first(), Some(b'{' | b'[')) {
        return if bytes.is_empty() {
            Scan::Partial
        } else {
            Scan::Unusual
        };
    }
    let mut depth = 0usize;
    let mut lines = 0u64;
    let mut hex = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        match b {
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Scan::Unusual;
                }
            }
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    let element = Element { len: i, lines, hex };
                    return Scan::Done(element);
                }
            }
            b'\n' => lines += 1,
            b'"' => match string_end(&bytes[i..], &mut hex) {
                Some(len) => i += len,
                None => return Scan::Partial,
            },
            _ => {}
        }
    }
    Scan::Partial
}

/// The length of a string's rest up to and including its closing quote
/// (`bytes` starts after the opening one); `None` when it does not end.
/// Sets `hex` when an escape is `\x`.
fn string_end(bytes: &[u8], hex: &mut bool) -> Option<usize> {
    let mut i = 0;
    loop {
        i += memchr::memchr2(b'"', b'\\', &bytes[i..])?;
        if bytes[i] == b'"' {
            return Some(i + 1);
        }
        let escaped = *bytes.get(i + 1)?;
        *hex |= escaped == b'x';
        i += 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(bytes: &[u8]) -> Option<(usize, u64, bool)> {
        scan(bytes).map(|e| (e.len, e.lines, e.hex))
    }

    #[test]
    fn finds_the_end_of_an_element() {
        assert_eq!(done(br#"{"a": "}\"]"}, {"#), Some((13, 0, false)));
        assert_eq!(
            done(b"{\"a\":\n[1, {}],\n\"b\": \"\\x41\"} x"),
            Some((27, 2, true))
        );
        assert_eq!(done(br#"{"a": "\\x41"}"#), Some((14, 0, false)));
        assert!(matches!(scan_element(br#"{"a": "}"#), Scan::Partial));
        assert!(matches!(scan_element(br#"{"a": "\"#), Scan::Partial));
        assert!(matches!(scan_element(b""), Scan::Partial));
        assert!(matches!(scan_element(b"null"), Scan::Unusual));
        assert!(matches!(scan_element(&[b'['; 100]), Scan::Unusual));
    }
}

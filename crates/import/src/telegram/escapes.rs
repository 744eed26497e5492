//! Some exports write `\xNN` escapes inside strings, which JSON does not
//! have, so serde_json would reject the file: they are read as `\u00NN`.
//! [`Unescape`] is the byte stream under serde_json's streaming reader: it
//! rewrites each escape as the bytes go by and counts the newlines read, so
//! that a visitor knows the line of the message it is handed. [`rewrite`]
//! does the same to one message of the fast pass, when serde_json refused
//! it and the scanner (`chunks.rs`) saw a `\x` in it.
//!
//! Why a file of its own: it is the one part of the importer that changes
//! the bytes rather than reads JSON values, with its own small lexer state.

use std::cell::{Cell, RefCell};
use std::io;

use super::chunks::Chunks;

/// Where the reader is in the JSON text, to tell an escape from a backslash.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lex {
    Outside,
    InString,
    Escape,
}

impl Lex {
    /// The state after byte `b`.
    fn after(self, b: u8) -> Lex {
        match (self, b) {
            (Lex::Outside, b'"') | (Lex::Escape, _) => Lex::InString,
            (Lex::InString, b'\\') => Lex::Escape,
            (Lex::InString, b'"') => Lex::Outside,
            (lex, _) => lex,
        }
    }
}

/// Feeds the export to serde_json one byte at a time, rewriting `\x` escapes
/// inside strings to `\u00` and counting the newlines read so far (so a
/// visitor knows on which line the message it is given starts).
pub(super) struct Unescape<'s, 'r> {
    src: &'s RefCell<Chunks<'r>>,
    lines: &'s Cell<u64>,
    lex: Lex,
    pending: &'static [u8],
    /// A read error of the source, handed to the JSON reader.
    failed: Option<io::Error>,
}

impl<'s, 'r> Unescape<'s, 'r> {
    pub(super) fn new(src: &'s RefCell<Chunks<'r>>, lines: &'s Cell<u64>) -> Unescape<'s, 'r> {
        Unescape {
            src,
            lines,
            lex: Lex::Outside,
            pending: b"",
            failed: None,
        }
    }

    fn raw(&mut self) -> Option<u8> {
        match self.src.borrow_mut().byte() {
            Ok(b) => b,
            Err(e) => {
                self.failed = Some(e);
                None
            }
        }
    }

    fn next_byte(&mut self) -> Option<u8> {
        if let Some((&b, pending)) = self.pending.split_first() {
            self.pending = pending;
            return Some(b);
        }
        let b = self.raw()?;
        if b == b'\n' {
            self.lines.set(self.lines.get() + 1);
        }
        let was = self.lex;
        self.lex = was.after(b);
        if was == Lex::Escape && b == b'x' {
            self.pending = b"00";
            return Some(b'u');
        }
        Some(b)
    }
}

impl io::Read for Unescape<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        for slot in buf.iter_mut() {
            match self.next_byte() {
                Some(b) => *slot = b,
                None => break,
            }
            n += 1;
        }
        match self.failed.take() {
            Some(e) if n == 0 => Err(e),
            _ => Ok(n),
        }
    }
}

/// One whole JSON element with each `\x` escape inside a string written
/// `\u00`, as [`Unescape`] would have fed it.
pub(super) fn rewrite(element: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(element.len() + 16);
    let mut lex = Lex::Outside;
    for &b in element {
        if lex == Lex::Escape && b == b'x' {
            out.extend_from_slice(b"u00");
        } else {
            out.push(b);
        }
        lex = lex.after(b);
    }
    out
}

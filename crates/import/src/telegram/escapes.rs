//! The byte stream under Telegram's JSON reader: some exports write `\xNN`
//! escapes inside strings, which JSON does not have, so serde_json would
//! reject the file. [`Unescape`] rewrites each one to `\u00NN` as the bytes
//! go by (no copy of the file) and counts the newlines read, so that a
//! visitor knows the line of the message it is handed.
//!
//! Why a file of its own: it is the one part of the importer that works on
//! bytes rather than JSON values, with its own small lexer state.

use std::cell::Cell;
use std::io;

/// Where the reader is in the JSON text, to tell an escape from a backslash.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lex {
    Outside,
    InString,
    Escape,
}

/// Feeds the export to serde_json one byte at a time, rewriting `\x` escapes
/// inside strings to `\u00` and counting the newlines read so far (so a
/// visitor knows on which line the message it is given starts).
pub(super) struct Unescape<'a, R> {
    src: R,
    lines: &'a Cell<u64>,
    lex: Lex,
    pending: &'static [u8],
    /// A read error of the source, handed to the JSON reader.
    failed: Option<io::Error>,
}

impl<'a, R: io::BufRead> Unescape<'a, R> {
    pub(super) fn new(src: R, lines: &'a Cell<u64>) -> Unescape<'a, R> {
        Unescape {
            src,
            lines,
            lex: Lex::Outside,
            pending: b"",
            failed: None,
        }
    }

    fn raw(&mut self) -> Option<u8> {
        loop {
            match self.src.fill_buf() {
                Ok([]) => return None,
                Ok(buf) => {
                    let b = buf[0];
                    self.src.consume(1);
                    return Some(b);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.failed = Some(e);
                    return None;
                }
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
        self.lex = match (was, b) {
            (Lex::Outside, b'"') | (Lex::Escape, _) => Lex::InString,
            (Lex::InString, b'\\') => Lex::Escape,
            (Lex::InString, b'"') => Lex::Outside,
            (lex, _) => lex,
        };
        if was == Lex::Escape && b == b'x' {
            self.pending = b"00";
            return Some(b'u');
        }
        Some(b)
    }
}

impl<R: io::BufRead> io::Read for Unescape<'_, R> {
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

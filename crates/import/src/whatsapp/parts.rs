//! A large export is read in parts at once, one per core, cut at line
//! starts. Every pass of the importer runs on each part, and the parts'
//! results are joined in file order, so the chat is the one a single pass
//! builds: the same messages, people, line numbers and notes (a test cuts
//! chats at every 97th byte and compares).
//!
//! What does not split by itself is settled between the passes: the header
//! shape and the date order are decided from all parts' counts, sender
//! names are numbered in file order, and headers with an invalid date at
//! the start of a part (they continue the message before) move to the part
//! before.

use std::ops::Range;

use super::{time_of, HeaderLine, Order};

/// Below this, a second thread costs more than it saves.
const PARALLEL_FROM: usize = 4 << 20;
/// More parts than cores only add joins.
const MAX_PARTS: usize = 4;

/// The headers of one part of the text.
pub(super) struct Part {
    pub headers: Vec<HeaderLine>,
    /// Lines before the part (header line numbers count from it).
    pub line_base: u32,
}

/// Where to cut a text of `len` bytes: near equal parts, one per core, for
/// a large text; none for a small one.
pub(super) fn cut_points(len: usize) -> Vec<usize> {
    if len < PARALLEL_FROM {
        return Vec::new();
    }
    let n = workers();
    (1..n).map(|k| len / n * k).collect()
}

/// Where the first line start at or after byte `n` is (after its `\n`):
/// the text's length when no line starts after `n`.
fn cut_after(bytes: &[u8], n: usize) -> usize {
    bytes
        .get(n..)
        .and_then(|rest| memchr::memchr(b'\n', rest))
        .map_or(bytes.len(), |i| n + i + 1)
}

/// The near points of each part: from the one before (`None` for the
/// first part) to its own (`None` for the last).
pub(super) fn bounds(near: &[usize]) -> Vec<(Option<usize>, Option<usize>)> {
    let lo = std::iter::once(None).chain(near.iter().copied().map(Some));
    let hi = near.iter().copied().map(Some).chain(std::iter::once(None));
    lo.zip(hi).collect()
}

/// Where the passes read the export's text.
#[derive(Clone, Copy)]
pub(super) enum Source<'a> {
    /// All of it, in memory.
    Memory(&'a str),
    /// An export file, read a part at a time.
    #[cfg(unix)]
    File(&'a crate::export_file::ExportFile),
}

/// Why a part could not be read.
#[derive(Debug)]
pub(super) enum Unreadable {
    /// Not as parts of a file (its bytes are not all UTF-8, or a line is
    /// longer than the limit): read it whole instead, which says so.
    Whole,
    /// The file could not be read, or changed.
    Io(std::io::Error),
}

impl<'a> Source<'a> {
    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        match self {
            Source::Memory(text) => text.len(),
            #[cfg(unix)]
            Source::File(file) => file.len(),
        }
    }

    /// `text[range]` (which starts and ends at line starts or ends),
    /// borrowed, or read into `buf`.
    pub fn read<'b>(&self, range: Range<usize>, buf: &'b mut Vec<u8>) -> Result<&'b str, Unreadable>
    where
        'a: 'b,
    {
        match *self {
            Source::Memory(text) => Ok(&text[range]),
            #[cfg(unix)]
            Source::File(file) => {
                buf.clear();
                file.read_append(range, buf).map_err(Unreadable::Io)?;
                simdutf8::basic::from_utf8(buf).map_err(|_| Unreadable::Whole)
            }
        }
    }

    /// The part from the first line start after `lo` (the start for
    /// `None`) to the first line start after `hi` (the end for `None`):
    /// its first byte's offset and its text. Every part is found from its
    /// own near points alone, so parts can be read in any order.
    pub fn part<'b>(
        &self,
        lo: Option<usize>,
        hi: Option<usize>,
        buf: &'b mut Vec<u8>,
    ) -> Result<(usize, &'b str), Unreadable>
    where
        'a: 'b,
    {
        match *self {
            Source::Memory(text) => {
                let start = lo.map_or(0, |n| cut_after(text.as_bytes(), n));
                let end = hi.map_or(text.len(), |n| cut_after(text.as_bytes(), n));
                let start = start.min(end);
                Ok((start, &text[start..end]))
            }
            #[cfg(unix)]
            Source::File(file) => {
                /// How much more is read at a time to find a part's last line end.
                const MORE: usize = 64 << 10;
                let from = lo.unwrap_or(0);
                let to = hi.unwrap_or(file.len()).min(file.len());
                buf.clear();
                file.read_append(from..to, buf).map_err(Unreadable::Io)?;
                // Read on to the end of the line that `hi` is in.
                let end = if hi.is_some() && to < file.len() {
                    let mut searched = buf.len();
                    loop {
                        if let Some(i) = memchr::memchr(b'\n', &buf[searched..]) {
                            break searched + i + 1;
                        }
                        searched = buf.len();
                        if from + searched >= file.len() {
                            break searched;
                        }
                        if searched > to - from + crate::limits::MAX_LINE_BYTES {
                            return Err(Unreadable::Whole);
                        }
                        let at = from + searched;
                        file.read_append(at..at + MORE, buf)
                            .map_err(Unreadable::Io)?;
                    }
                } else {
                    buf.len()
                };
                let start = match lo {
                    None => 0,
                    Some(_) => memchr::memchr(b'\n', &buf[..end]).map_or(end, |i| i + 1),
                };
                let text =
                    simdutf8::basic::from_utf8(&buf[start..end]).map_err(|_| Unreadable::Whole)?;
                Ok((from + start, text))
            }
        }
    }
}

/// Runs `f` on every item with at most `workers` threads (each with a
/// buffer of its own for the parts it reads) and returns the results in
/// order.
pub(super) fn pool<P: Send, T: Send>(
    items: Vec<P>,
    workers: usize,
    f: impl Fn(&mut Vec<u8>, P) -> T + Sync,
) -> Vec<T> {
    let n = items.len();
    if workers <= 1 || n <= 1 {
        let mut buf = Vec::new();
        return items.into_iter().map(|p| f(&mut buf, p)).collect();
    }
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let done: std::sync::Mutex<Vec<Option<T>>> =
        std::sync::Mutex::new((0..n).map(|_| None).collect());
    let work = || {
        let mut buf = Vec::new();
        loop {
            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
            let Some((i, p)) = next else { break };
            let t = f(&mut buf, p);
            done.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(t);
        }
    };
    std::thread::scope(|s| {
        for _ in 1..workers.min(n) {
            s.spawn(work);
        }
        work();
    });
    done.into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|t| t.expect("every part was read"))
        .collect()
}

/// How many threads read parts at once: one per core, at most `MAX_PARTS`.
pub(super) fn workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_PARTS)
}

/// Headers with an invalid date continue the message before them: those
/// that start a part move to the end of the part before it (the last one
/// with headers), so every part but the first starts a message.
pub(super) fn move_leading_invalid(parts: &mut [Part], order: Order) {
    for k in 1..parts.len() {
        let headers = &parts[k].headers;
        let valid = headers
            .iter()
            .position(|h| time_of(&h.raw, order).is_some())
            .unwrap_or(headers.len());
        if valid == 0 {
            continue;
        }
        let Some(to) = (0..k).rev().find(|&t| !parts[t].headers.is_empty()) else {
            // No part before has headers: this one is the first.
            continue;
        };
        let shift = parts[k].line_base - parts[to].line_base;
        let moved: Vec<HeaderLine> = parts[k]
            .headers
            .drain(..valid)
            .map(|mut h| {
                h.line += shift;
                h
            })
            .collect();
        parts[to].headers.extend(moved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts' byte ranges as the passes find them (each from its own
    /// near points), the empty ones left out.
    fn ranges(text: &str, near: &[usize]) -> Vec<Range<usize>> {
        let mut buf = Vec::new();
        bounds(near)
            .into_iter()
            .map(|(lo, hi)| {
                let (start, part) = Source::Memory(text)
                    .part(lo, hi, &mut buf)
                    .expect("in memory");
                start..start + part.len()
            })
            .filter(|r| !r.is_empty())
            .collect()
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn cuts_fall_after_line_ends_and_skip_empty_parts() {
        let text = "ab\ncd\nef\n";
        assert_eq!(ranges(text, &[]), [0..9]);
        assert_eq!(ranges(text, &[0]), [0..3, 3..9]);
        assert_eq!(ranges(text, &[2]), [0..3, 3..9]);
        assert_eq!(ranges(text, &[3]), [0..6, 6..9]);
        assert_eq!(ranges(text, &[1, 2, 4]), [0..3, 3..6, 6..9]);
        // A cut at the very end, or past it, makes no empty part.
        assert_eq!(ranges(text, &[7]), [0..9]);
        assert_eq!(ranges(text, &[20]), [0..9]);
        assert_eq!(ranges("ab\ncd", &[4]), [0..5]);
    }

    #[test]
    fn the_pool_keeps_the_order() {
        for workers in [1, 2, 3, 8] {
            let items: Vec<u32> = (0..50).collect();
            let want: Vec<u32> = items.iter().map(|x| x * 10).collect();
            assert_eq!(pool(items, workers, |_, x| x * 10), want);
        }
        assert_eq!(pool(Vec::<u8>::new(), 2, |_, x| x), Vec::<u8>::new());
    }
}

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
    let n = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_PARTS);
    (1..n).map(|k| len / n * k).collect()
}

/// The parts' byte ranges: the text cut at the first line start after each
/// of `near` (ascending), without empty parts.
pub(super) fn ranges(text: &str, near: &[usize]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(near.len() + 1);
    let mut start = 0;
    for &n in near {
        let Some(cut) = bytes
            .get(n.max(start)..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
            .map(|i| n.max(start) + i + 1)
        else {
            break;
        };
        if cut > start && cut < text.len() {
            out.push(start..cut);
            start = cut;
        }
    }
    out.push(start..text.len());
    out
}

/// Runs `f` on every item, all but the last on threads of their own, and
/// returns the results in order.
pub(super) fn each<P: Send, T: Send>(items: Vec<P>, f: impl Fn(P) -> T + Sync) -> Vec<T> {
    if items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    let f = &f;
    std::thread::scope(|s| {
        let mut items = items;
        let last = items.pop().expect("two items or more");
        let handles: Vec<_> = items.into_iter().map(|p| s.spawn(move || f(p))).collect();
        let last = f(last);
        let mut out: Vec<T> = handles
            .into_iter()
            .map(|h| h.join().expect("a part's pass never panics"))
            .collect();
        out.push(last);
        out
    })
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
    fn each_keeps_the_order() {
        assert_eq!(each(vec![1, 2, 3, 4], |x| x * 10), [10, 20, 30, 40]);
        assert_eq!(each(Vec::<u8>::new(), |x| x), Vec::<u8>::new());
    }
}

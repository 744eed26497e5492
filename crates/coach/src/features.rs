//! What the rules need to know about a single message: its length in words,
//! whether it asks something, proposes a plan, or talks labels, the future or
//! obligations. Computed on demand, only for the messages a rule looks at.

use pullaway_chat::{Chat, Kind, MediaKind, Texts};

use crate::lexicon::{Category, Lexicon};
use crate::timeline::{is_question, Msg};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Features {
    pub words: u32,
    pub question: bool,
    pub plan: bool,
    /// The "too much too soon" category it matches, if any (labels first).
    pub heavy: Option<Category>,
    /// The heavy match is a strong signal.
    pub strong: bool,
}

/// Whether a text names a clock time (`at 8`, `8pm`, `20:00`, `8.30`).
pub fn has_clock_time(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let b = lower.as_bytes();
    for i in 0..b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            continue;
        }
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let digits = j - i;
        if digits > 2 {
            continue;
        }
        let rest = &lower[j..];
        let hm = (rest.starts_with(':') || rest.starts_with('.'))
            && rest[1..].bytes().take(2).filter(u8::is_ascii_digit).count() == 2;
        let ampm = rest.trim_start().starts_with("am") || rest.trim_start().starts_with("pm");
        let at = lower[..i].trim_end().ends_with(" at") || lower[..i].trim_end() == "at";
        if hm || ampm || at {
            return true;
        }
    }
    false
}

/// Words as a person counts them: tokens with at least one letter or digit
/// ("see you there 😊" is 3 words).
pub fn word_count(text: &str) -> u32 {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count() as u32
}

/// Whether a message reads as a reaction or an answer to the message before
/// it rather than as a new start: reaction words, thanks, yes/no (the
/// `reaction` lexicon, at the start of the message), an emoji-only text, a
/// sticker or GIF — and not a greeting.
pub fn reads_as_answer(texts: &mut Texts, msg: &Msg, lex: &Lexicon) -> bool {
    match msg.kind {
        Kind::Text => {
            let text = texts.at(msg.index as usize);
            if !text.chars().any(char::is_alphanumeric) {
                return !text.trim().is_empty();
            }
            let found = lex.matching(
                text,
                &[Category::Greeting, Category::Reaction, Category::Acceptance],
            );
            found & 1 == 0 && found & 0b110 != 0
        }
        Kind::Media(MediaKind::Sticker | MediaKind::Gif) => true,
        _ => false,
    }
}

/// [`reads_as_answer`] of every message that follows the other person's
/// message after a pause of `gap_secs` to `late_secs`, when that message
/// awaits no answer (the only ones the conversation split asks about),
/// ahead of use: a long timeline in two halves at once. `None` for the
/// other messages.
pub fn answers_after_pauses(
    chat: &Chat,
    msgs: &[Msg],
    lex: &Lexicon,
    gap_secs: i64,
    late_secs: i64,
) -> Vec<Option<bool>> {
    /// Below this, a second thread costs more than it saves.
    const PARALLEL_FROM: usize = 50_000;
    let part = |range: std::ops::Range<usize>| -> Vec<Option<bool>> {
        let mut texts = chat.texts();
        range
            .map(|i| {
                let prev = &msgs[i.checked_sub(1)?];
                let next = &msgs[i];
                let gap = prev.time.seconds_until(next.time);
                (gap >= gap_secs
                    && gap < late_secs
                    && prev.side != next.side
                    && !prev.awaits_answer)
                    .then(|| reads_as_answer(&mut texts, next, lex))
            })
            .collect()
    };
    if msgs.len() < PARALLEL_FROM {
        return part(0..msgs.len());
    }
    let mid = msgs.len() / 2;
    let (mut first, second) = std::thread::scope(|s| {
        let first = s.spawn(|| part(0..mid));
        let second = part(mid..msgs.len());
        (first.join().expect("answers never panic"), second)
    });
    first.extend(second);
    first
}

pub fn features(texts: &mut Texts, msg: &Msg, lex: &Lexicon) -> Features {
    let Kind::Text = msg.kind else {
        return Features {
            question: msg.awaits_answer,
            ..Features::default()
        };
    };
    let text = texts.at(msg.index as usize);
    let hits = lex.find(text);
    let has = |c| hits.iter().any(|h| h.category == c);
    let heavy = [Category::Labels, Category::Future, Category::Obligations]
        .into_iter()
        .find(|&c| has(c));
    let question = is_question(text) || has(Category::Questions);
    // Accepting a plan ("yes! saturday?") or checking in ("got home ok?") is no proposal.
    let accepts = has(Category::Acceptance) || has(Category::Checkin);
    Features {
        words: word_count(text),
        question,
        plan: !accepts
            && (has(Category::Plans)
                || (question && (has(Category::Time) || has_clock_time(text)))),
        heavy,
        strong: hits.iter().any(|h| h.strong && Some(h.category) == heavy),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times() {
        for yes in [
            "see you at 8",
            "8pm?",
            "at 20:00",
            "around 7.30 then",
            "9 am works",
        ] {
            assert!(has_clock_time(yes), "{yes}");
        }
        for no in ["I have 2 cats", "2024", "room 101", "3 times"] {
            assert!(!has_clock_time(no), "{no}");
        }
    }

    #[test]
    fn answers_ahead_are_the_answers() {
        let (chat, pair) = crate::timeline::tests::long_chat();
        let msgs = crate::timeline::timeline(&chat, pair);
        let lex = Lexicon::all();
        let (gap, late) = (6 * 3600, 24 * 3600);
        let ahead = answers_after_pauses(&chat, &msgs, lex, gap, late);
        assert_eq!(ahead.len(), msgs.len());
        let mut asked = 0;
        for (i, a) in ahead.iter().enumerate().skip(1) {
            let pause = msgs[i - 1].time.seconds_until(msgs[i].time);
            let wanted = (gap..late).contains(&pause)
                && msgs[i - 1].side != msgs[i].side
                && !msgs[i - 1].awaits_answer;
            assert_eq!(a.is_some(), wanted, "message {i}");
            if let Some(a) = a {
                asked += 1;
                assert_eq!(
                    *a,
                    reads_as_answer(&mut chat.texts(), &msgs[i], lex),
                    "message {i}"
                );
            }
        }
        assert!(asked > 1000 && ahead.contains(&Some(true)), "{asked}");
        assert_eq!(ahead[0], None);
    }
}

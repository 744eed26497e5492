//! Stated absences: "huge deadline friday, I'll be a ghost this week", "exams
//! until the 20th", "travelling till Monday". When they told you why they are
//! quiet and until when, the answer is to wait until then, not to read their
//! silence as pulling away (SPEC, "The situation"). The reasons come from the
//! `away` lexicon category; the end from day words (`lexicons/dates/days.tsv`)
//! and day numbers after an "until" word.

use std::sync::OnceLock;

use pullaway_chat::{Date, LocalTime};

use crate::context::{Context, DAY};
use crate::fold::{fold, words};
use crate::lexicon::Category;
use crate::timeline::Side;

const DAYS: &str = include_str!("../../../lexicons/dates/days.tsv");

/// What a day word means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DayWord {
    Weekday(u8),
    Today,
    Tomorrow,
    Weekend,
    Week,
}

fn day_words() -> &'static Vec<(Vec<String>, DayWord)> {
    static W: OnceLock<Vec<(Vec<String>, DayWord)>> = OnceLock::new();
    W.get_or_init(|| {
        DAYS.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (word, meaning) = l.split_once('\t')?;
                let m = match meaning.trim() {
                    "mon" => DayWord::Weekday(0),
                    "tue" => DayWord::Weekday(1),
                    "wed" => DayWord::Weekday(2),
                    "thu" => DayWord::Weekday(3),
                    "fri" => DayWord::Weekday(4),
                    "sat" => DayWord::Weekday(5),
                    "sun" => DayWord::Weekday(6),
                    "today" => DayWord::Today,
                    "tomorrow" => DayWord::Tomorrow,
                    "weekend" => DayWord::Weekend,
                    "week" => DayWord::Week,
                    _ => return None,
                };
                let folded = fold(word);
                Some((words(&folded).iter().map(|w| w.to_string()).collect(), m))
            })
            .collect()
    })
}

/// A stated absence: the message, and the end of the time it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Away {
    /// Timeline index of their message.
    pub index: usize,
    /// The end of the absence (the start of the day after the day it names).
    pub until: LocalTime,
}

/// The end of the day `d` days after `t`'s day.
fn end_of_day(t: LocalTime, d: i64) -> LocalTime {
    Date::from_days(t.day_number() + d + 1).start()
}

/// A day number 1–31 written as `20`, `20th`, `20.`, `1st`, `1er`, `20º`.
fn day_number(word: &str) -> Option<u8> {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    let rest = &word[digits.len()..];
    if digits.is_empty()
        || digits.len() > 2
        || !["", "st", "nd", "rd", "th", "er", "e", "o", "º", "ª"].contains(&rest)
    {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// The end named in a message sent at `t`, if any: the latest day it names.
pub fn stated_end(text: &str, t: LocalTime, lex: &crate::lexicon::Lexicon) -> Option<LocalTime> {
    // Day words in a question ("how's your week?") are about the other
    // person, not the absence: only statements count.
    let statements: String = text
        .split_inclusive(['?', '¿', '？', '!', '.', '\n'])
        .filter(|part| !part.trim_end().ends_with(['?', '？']))
        .collect();
    let folded = fold(&statements);
    let ws = words(&folded);
    let today = i64::from(t.weekday());
    // A specific day (a weekday, tomorrow, a date) wins over a vague span
    // ("this week"): "deadline friday, I'll be a ghost this week" ends Friday.
    let mut specific: Option<LocalTime> = None;
    let mut vague: Option<LocalTime> = None;
    let keep = |slot: &mut Option<LocalTime>, e: LocalTime| {
        *slot = Some(slot.map_or(e, |x: LocalTime| x.max(e)));
    };
    for i in 0..ws.len() {
        for (phrase, meaning) in day_words() {
            if i + phrase.len() > ws.len() || ws[i..i + phrase.len()] != phrase[..] {
                continue;
            }
            // "guten morgen", "buenos dias manana" are greetings, not days.
            if i > 0 && ["guten", "bom", "buenos", "buen"].contains(&ws[i - 1]) {
                continue;
            }
            let days = match *meaning {
                // "till Monday" said on a Monday is next Monday.
                DayWord::Weekday(d) => match (i64::from(d) - today).rem_euclid(7) {
                    0 => 7,
                    n => n,
                },
                DayWord::Today => 0,
                DayWord::Tomorrow => 1,
                DayWord::Weekend | DayWord::Week => (6 - today).rem_euclid(7),
            };
            // "next week": the week after.
            let next = i > 0
                && ["next", "proxima", "naechste", "nachste", "prochaine"].contains(&ws[i - 1]);
            let extra = if next && matches!(meaning, DayWord::Week | DayWord::Weekend) {
                7
            } else {
                0
            };
            let slot = if matches!(meaning, DayWord::Weekend | DayWord::Week) {
                &mut vague
            } else {
                &mut specific
            };
            keep(slot, end_of_day(t, days + extra));
        }
    }
    // "until the 20th", "bis zum 20.", "jusqu'au 20", "hasta el 20".
    if lex.has(text, Category::Until) {
        for w in &ws {
            if let Some(n) = day_number(w) {
                let d = t.date();
                let mut k = 0;
                // The next date with that day of the month (this month or the next ones).
                while k < 62 {
                    let c = Date::from_days(d.days() + k);
                    if c.day == n {
                        keep(&mut specific, end_of_day(c.start(), 0));
                        break;
                    }
                    k += 1;
                }
            }
        }
    }
    specific.or(vague)
}

/// Their latest stated absence in the last `lookback_days` days, if its end
/// (or the assumed end) is still ahead of now and they have not opened a
/// conversation since (a new opener of theirs means they are back).
pub fn current(ctx: &Context) -> Option<Away> {
    latest(ctx).filter(|a| a.until > ctx.now())
}

/// Their latest stated absence in the last `lookback_days` days (ended or
/// not), unless they opened a conversation after saying it. Silence during
/// it is not withdrawal: space is counted from its end.
pub fn latest(ctx: &Context) -> Option<Away> {
    let th = ctx.th();
    // Said up to 60 days ago (an absence can be long), ended at most the
    // lookback days ago.
    let range = ctx.last_days(60.0);
    let horizon = ctx
        .now()
        .plus_seconds(-(th.away_lookback_days * DAY as f64) as i64);
    for i in range.rev() {
        let m = &ctx.msgs[i];
        if m.side != Side::Them || m.kind != pullaway_chat::Kind::Text {
            continue;
        }
        // Without an end ("work is insane at the moment") there is nothing
        // to wait for (SPEC: why they are quiet *and until when*).
        let until = ctx.with_text(i, |text| {
            ctx.lex
                .has(text, Category::Away)
                .then(|| stated_end(text, m.time, ctx.lex))
                .flatten()
        });
        let Some(until) = until else {
            continue;
        };
        // Back already: they opened a conversation after saying it.
        let back = ctx
            .conversations_since(m.time.plus_seconds(1))
            .any(|c| c.opener == Side::Them);
        if !back && until >= horizon {
            return Some(Away { index: i, until });
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn at(s: &str) -> LocalTime {
        LocalTime::parse(s).unwrap()
    }

    #[test]
    fn the_end_of_a_stated_absence() {
        let lex = Lexicon::all();
        // 2024-03-04 is a Monday.
        let mon = at("2024-03-04T10:00");
        assert_eq!(mon.weekday(), 0);
        let end = |s| stated_end(s, mon, lex).map(|t| t.to_string());
        assert_eq!(
            end("huge deadline friday, not ignoring you").as_deref(),
            Some("2024-03-09T00:00:00")
        );
        assert_eq!(
            end("I'll be a ghost this week").as_deref(),
            Some("2024-03-11T00:00:00")
        );
        assert_eq!(
            end("huge deadline friday, I'll be a ghost this week").as_deref(),
            Some("2024-03-09T00:00:00")
        );
        assert_eq!(
            end("travelling till Monday").as_deref(),
            Some("2024-03-12T00:00:00")
        );
        assert_eq!(
            end("exams until the 20th").as_deref(),
            Some("2024-03-21T00:00:00")
        );
        assert_eq!(
            end("tengo exámenes hasta el 20").as_deref(),
            Some("2024-03-21T00:00:00")
        );
        assert_eq!(
            end("bin bis Sonntag unterwegs").as_deref(),
            Some("2024-03-11T00:00:00")
        );
        assert_eq!(
            end("family stuff this weekend").as_deref(),
            Some("2024-03-11T00:00:00")
        );
        assert_eq!(end("je suis malade").as_deref(), None);
        assert_eq!(
            end("work is insane at the moment, sorry if I'm slow to reply. how's your week?")
                .as_deref(),
            None
        );
        assert_eq!(end("guten Morgen").as_deref(), None);
    }
}

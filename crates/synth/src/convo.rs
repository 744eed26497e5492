//! Chats built from conversations, the way people really text: either person
//! starts a conversation at a time that follows a daily rhythm (quiet nights,
//! lunch and evening peaks, calmer weekends); inside it, turns of 1–3
//! messages go back and forth with log-normal reply times until one of them
//! stops; busy and quiet days come in runs (an AR(1) log day factor times a
//! Gamma draw, shared by both); a shared holiday silences both; a few
//! messages are voice notes, photos or calls.
//!
//! After the key date E each person's engagement can change: theirs scales
//! how often they open, whether and how fast they answer, and how long they
//! stay in a conversation, so "their messages fell by 50%" comes out of
//! conversations, not out of a smooth daily rate. This is the generator the
//! evaluation scores pullaway on (`crates/eval`).

use pullaway_chat::{Chat, Date, Kind, LocalTime, MediaKind, PersonId};

use crate::rng::Rng;

const DAY: i64 = 86_400;

/// One simulated relationship: habits before E and what changes after.
#[derive(Clone, Debug)]
pub struct Life {
    pub seed: u64,
    /// Days before and after the key date E.
    pub days_before: u32,
    pub days_after: u32,
    /// About how many messages a day they send in the baseline.
    pub their_rate: f64,
    /// Your share of the openers before E (0.5: you open half the conversations).
    pub my_open_share: f64,
    /// After E: their engagement (1 = as before; 0.3 = they send about 70% fewer messages).
    pub their_after: f64,
    /// After E: your engagement (2 = you open twice as often and write more).
    pub my_after: f64,
    /// A shared holiday: (first day after E, length in days); nobody writes.
    pub holiday: Option<(u32, u32)>,
    /// They go completely silent for the last this-many days.
    pub their_final_silence: u32,
    /// Day-to-day variation: the AR(1) coefficient and the Gamma shape of the day factor.
    pub ar: f64,
    pub gamma_shape: f64,
}

impl Life {
    /// A steady, balanced relationship with sensible day-to-day variation.
    pub fn steady(seed: u64, their_rate: f64, days_before: u32, days_after: u32) -> Life {
        Life {
            seed,
            days_before,
            days_after,
            their_rate,
            my_open_share: 0.5,
            their_after: 1.0,
            my_after: 1.0,
            holiday: None,
            their_final_silence: 0,
            ar: 0.6,
            gamma_shape: 2.0,
        }
    }
}

/// What the generator made: the chat, the key date and "now".
pub struct Lived {
    pub chat: Chat,
    pub event: Date,
    pub now: LocalTime,
}

/// A standard normal draw (Box–Muller).
pub fn normal(rng: &mut Rng) -> f64 {
    let (u1, u2) = (rng.f64().max(1e-12), rng.f64());
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// A Gamma(shape, 1/shape) draw (mean 1), Marsaglia–Tsang.
pub fn gamma_mean1(rng: &mut Rng, shape: f64) -> f64 {
    if shape < 1.0 {
        let u = rng.f64().max(1e-12);
        return gamma_mean1(rng, shape + 1.0) * u.powf(1.0 / shape) * (shape + 1.0) / shape;
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let z = normal(rng);
        let v = (1.0 + c * z).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u = rng.f64().max(1e-12);
        if u.ln() < 0.5 * z * z + d - d * v - d * v.ln() {
            return d * v / shape;
        }
    }
}

/// A conversation's start, seconds into the day: evenings most, then lunch
/// and mornings, rarely at night.
fn start_of_day_time(rng: &mut Rng) -> i64 {
    let u = rng.f64();
    let (from, span) = if u < 0.2 {
        (7.5, 2.5)
    } else if u < 0.45 {
        (12.0, 2.0)
    } else if u < 0.95 {
        (17.5, 5.5)
    } else {
        (0.0, 1.5)
    };
    ((from + rng.f64() * span) * 3600.0) as i64
}

const TEXTS: &[&str] = &[
    "haha yes",
    "same here",
    "that sounds great",
    "I just got home",
    "work was long today",
    "the new cafe was nice",
    "I'm cooking pasta",
    "ok cool",
    "honestly the best part of my day",
    "I laughed way too loud at that",
];
const QUESTIONS: &[&str] = &[
    "how was your day?",
    "what are you up to?",
    "did you see that?",
    "any plans for the weekend?",
    "how did it go?",
];

struct Writer<'a> {
    chat: &'a mut Chat,
    rng: &'a mut Rng,
}

impl Writer<'_> {
    /// One message at `t` (a voice note, photo or call now and then).
    fn say(&mut self, t: i64, who: PersonId, last_of_turn: bool) {
        let t = LocalTime(t - t.rem_euclid(60));
        let u = self.rng.f64();
        if u < 0.03 {
            self.chat
                .push(1, t, Some(who), Kind::Media(MediaKind::Audio), "");
        } else if u < 0.06 {
            self.chat
                .push(1, t, Some(who), Kind::Media(MediaKind::Photo), "");
        } else {
            let ask = last_of_turn && self.rng.chance(0.3);
            let text = if ask {
                QUESTIONS[self.rng.below(QUESTIONS.len())]
            } else {
                TEXTS[self.rng.below(TEXTS.len())]
            };
            self.chat.push(1, t, Some(who), Kind::Text, text);
        }
    }
}

/// Reply latency, seconds: log-normal around `median` minutes, and now and
/// then hours late.
fn latency(rng: &mut Rng, median_min: f64) -> i64 {
    let base = (median_min * 60.0 * (1.2 * normal(rng)).exp()) as i64;
    if rng.chance(0.08) {
        base + 3600 + rng.below(5 * 3600) as i64
    } else {
        base.clamp(20, 4 * 3600)
    }
}

/// Builds the chat of a [`Life`].
pub fn live(l: &Life) -> Lived {
    let mut rng = Rng::new(l.seed);
    let mut chat = Chat::new("life", "Sam", "synth");
    let me = chat.person("Robin");
    let them = chat.person("Sam");
    chat.contact = Some("Sam".into());
    let start = Date::new(2024, 1, 1).expect("valid");
    let e = Date::from_days(start.days() + i64::from(l.days_before));
    let days = i64::from(l.days_before + l.days_after);
    // About 3.5 of their messages per conversation: conversations a day.
    let conv_rate = l.their_rate / 3.5;
    let mut log_f = 0.0;
    let mut convs: Vec<(i64, bool)> = Vec::new();
    for day in 0..days {
        log_f = l.ar * log_f + (1.0 - l.ar * l.ar).sqrt() * 0.45 * normal(&mut rng);
        let d0 = (start.days() + day) * DAY;
        let after = day >= i64::from(l.days_before);
        let k = day - i64::from(l.days_before);
        if l.holiday
            .is_some_and(|(from, len)| after && k >= i64::from(from) && k < i64::from(from + len))
        {
            continue;
        }
        let weekend = LocalTime(d0).weekday() >= 5;
        let f =
            log_f.exp() * gamma_mean1(&mut rng, l.gamma_shape) * if weekend { 0.75 } else { 1.0 };
        let (te, me_e) = if after {
            (l.their_after, l.my_after)
        } else {
            (1.0, 1.0)
        };
        let silent = day >= days - i64::from(l.their_final_silence);
        let mine = rng.poisson(conv_rate * l.my_open_share * 2.0 * f * me_e);
        let theirs = if silent {
            0
        } else {
            rng.poisson(conv_rate * (1.0 - l.my_open_share) * 2.0 * f * te)
        };
        for (n, by_me) in [(mine, true), (theirs, false)] {
            for _ in 0..n {
                convs.push((d0 + start_of_day_time(&mut rng), by_me));
            }
        }
    }
    convs.sort_unstable();
    let end = (start.days() + days) * DAY;
    let silence_from = end - i64::from(l.their_final_silence) * DAY;
    let mut w = Writer {
        chat: &mut chat,
        rng: &mut rng,
    };
    let mut busy_until = 0;
    for (t0, by_me) in convs {
        // Conversations don't overlap: one that would start while the
        // previous is still going (or within half an hour of its end) is
        // part of it. (Pushing it later would pile a backlog up over weeks.)
        if t0 < busy_until + 1800 {
            continue;
        }
        let mut t = t0;
        if t >= end {
            break;
        }
        let after = t >= e.start().0;
        let engagement = |mine: bool| match (mine, after) {
            (true, true) => l.my_after,
            (false, true) => l.their_after,
            _ => 1.0,
        };
        let mut speaker_is_me = by_me;
        let mut first = true;
        loop {
            let who_me = speaker_is_me;
            let eng = engagement(who_me).max(0.05);
            let quiet = !who_me && t >= silence_from;
            if !first {
                // Does this person answer at all, and how fast?
                let answer_p = (0.93 * eng.powf(0.6)).min(0.99);
                if quiet || !w.rng.chance(answer_p) {
                    break;
                }
                t += latency(w.rng, 4.0 / eng.sqrt());
            }
            if t >= end {
                break;
            }
            let n = 1 + w.rng.poisson(0.8 * eng.min(2.0)) as i64;
            for k in 0..n {
                w.say(t, if who_me { me } else { them }, k + 1 == n);
                t += 15 + w.rng.below(100) as i64;
            }
            first = false;
            // Does the conversation go on after this turn?
            let go_on = (0.78 * eng.powf(0.35)).min(0.92);
            if !w.rng.chance(go_on) {
                break;
            }
            speaker_is_me = !speaker_is_me;
        }
        busy_until = t;
    }
    chat.sort();
    let now = LocalTime(end - DAY + 22 * 3600);
    Lived {
        chat,
        event: e,
        now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_steady_life_is_balanced_and_reproducible() {
        let l = Life::steady(7, 5.0, 30, 21);
        let a = live(&l);
        let b = live(&l);
        assert_eq!(a.chat.message_count(), b.chat.message_count());
        let counts = a.chat.counts();
        let (me, them) = (counts[0] as f64, counts[1] as f64);
        assert!((me / them - 1.0).abs() < 0.35, "{me} vs {them}");
        // About 5 of their messages a day over 51 days.
        assert!(them > 150.0 && them < 400.0, "{them}");
    }

    #[test]
    fn a_drop_after_the_key_date_shows_in_their_messages() {
        let mut l = Life::steady(3, 6.0, 30, 30);
        l.their_after = 0.3;
        let lived = live(&l);
        let e = lived.event.start();
        let (mut before, mut after) = (0, 0);
        for m in lived.chat.messages() {
            if m.sender() == Some(PersonId(1)) {
                if m.time < e {
                    before += 1;
                } else {
                    after += 1;
                }
            }
        }
        assert!(
            f64::from(after) < 0.6 * f64::from(before),
            "{before} → {after}"
        );
    }
}

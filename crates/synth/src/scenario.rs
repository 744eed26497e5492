//! A scenario describes two people's texting habits before and after an
//! event day; `generate` turns it into a chat, day by day, conversation by
//! conversation.

use pullaway_chat::{CallKind, Chat, Date, Kind, LocalTime, MediaKind, PersonId};

use crate::phrases::{CLOSERS, LONG, OPENERS, PLANS, QUESTIONS, STATEMENTS};
use crate::rng::Rng;

/// Habits of one person in one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Habits {
    /// Conversations this person starts per day.
    pub opens_per_day: f64,
    /// Probability of answering a turn of the other person.
    pub reply_prob: f64,
    /// Mean reply delay, minutes.
    pub reply_minutes: f64,
    /// Mean number of messages per turn (at least 1).
    pub burst: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub me: String,
    pub them: String,
    pub start: Date,
    pub days: u32,
    /// Day index (from `start`) of the event E, if any.
    pub event_day: Option<u32>,
    pub me_before: Habits,
    pub me_after: Habits,
    pub them_before: Habits,
    pub them_after: Habits,
    /// Mean number of turns (back-and-forths) in a conversation.
    pub turns: f64,
    /// Probability that I text again after 1-3 h of no answer.
    pub double_text_prob: f64,
    /// Share of messages drawn from the long phrases (benchmarks).
    pub long_share: f64,
    pub seed: u64,
}

impl Default for Scenario {
    /// A steady, balanced chat over 60 days.
    fn default() -> Scenario {
        let h = Habits {
            opens_per_day: 0.7,
            reply_prob: 0.95,
            reply_minutes: 20.0,
            burst: 1.6,
        };
        Scenario {
            me: "Ariel".into(),
            them: "Jordan".into(),
            start: Date::new(2024, 1, 2).expect("valid"),
            days: 60,
            event_day: None,
            me_before: h.clone(),
            me_after: h.clone(),
            them_before: h.clone(),
            them_after: h,
            turns: 6.0,
            double_text_prob: 0.1,
            long_share: 0.05,
            seed: 1,
        }
    }
}

struct Gen<'a> {
    s: &'a Scenario,
    rng: Rng,
    chat: Chat,
    me: PersonId,
    them: PersonId,
}

impl Gen<'_> {
    fn habits(&self, who: PersonId, day: u32) -> &Habits {
        let after = self.s.event_day.is_some_and(|e| day >= e);
        match (who == self.me, after) {
            (true, false) => &self.s.me_before,
            (true, true) => &self.s.me_after,
            (false, false) => &self.s.them_before,
            (false, true) => &self.s.them_after,
        }
    }

    fn text(&mut self, first: bool) -> (Kind, &'static str) {
        let r = self.rng.f64();
        if r < 0.03 {
            return (Kind::Media(MediaKind::Photo), "<Media omitted>");
        }
        if r < 0.04 {
            return (Kind::Media(MediaKind::Audio), "<Media omitted>");
        }
        if r < 0.04 + self.s.long_share {
            return (Kind::Text, self.rng.pick(LONG));
        }
        let r = self.rng.f64();
        let bank = if first && r < 0.5 {
            OPENERS
        } else if r < 0.3 {
            QUESTIONS
        } else if r < 0.36 {
            PLANS
        } else {
            STATEMENTS
        };
        (Kind::Text, self.rng.pick(bank))
    }

    /// Sends a burst of messages from `who` starting at `t`; returns the time of the last.
    fn burst(&mut self, who: PersonId, t: i64, day: u32, first: bool) -> i64 {
        let n = 1 + self.rng.poisson(self.habits(who, day).burst - 1.0).min(6);
        let mut t = t;
        for i in 0..n {
            if i > 0 {
                t += 20 + self.rng.exp(60.0) as i64;
            }
            let (kind, text) = self.text(first && i == 0);
            self.chat.push(0, minute(t), Some(who), kind, text);
        }
        t
    }

    fn conversation(&mut self, opener: PersonId, start: i64, day: u32) -> i64 {
        let mut t = self.burst(opener, start, day, true);
        let mut speaker = opener;
        let turns = 1 + self.rng.poisson(self.s.turns - 1.0);
        for _ in 0..turns {
            let other = if speaker == self.me {
                self.them
            } else {
                self.me
            };
            let h = self.habits(other, day).clone();
            if !self.rng.chance(h.reply_prob) {
                if speaker == self.me && self.rng.chance(self.s.double_text_prob) {
                    t += 3600 + self.rng.below(7200) as i64;
                    t = self.burst(self.me, t, day, false);
                }
                break;
            }
            // Replies arrive within the conversation (under the 6 h gap).
            t += 30 + (self.rng.exp(h.reply_minutes * 60.0) as i64).min(5 * 3600);
            t = self.burst(other, t, day, false);
            speaker = other;
        }
        if self.rng.chance(0.3) {
            t += 60 + self.rng.below(600) as i64;
            let (who, text) = (speaker, self.rng.pick(CLOSERS));
            self.chat.push(0, minute(t), Some(who), Kind::Text, text);
        }
        t
    }
}

fn minute(t: i64) -> LocalTime {
    LocalTime(t - t.rem_euclid(60))
}

/// Generates the chat a scenario describes. Times fall on whole minutes, as
/// Android exports write them.
pub fn generate(s: &Scenario) -> Chat {
    let mut chat = Chat::new(
        format!("WhatsApp Chat with {}.txt", s.them),
        s.them.clone(),
        "whatsapp",
    );
    let me = chat.person(&s.me);
    let them = chat.person(&s.them);
    chat.contact = Some(s.them.clone());
    let mut g = Gen {
        s,
        rng: Rng::new(s.seed),
        chat,
        me,
        them,
    };
    let base = s.start.start().0;
    g.chat.push(
        0,
        LocalTime(base + 8 * 3600),
        None,
        Kind::System,
        "Messages and calls are end-to-end encrypted.",
    );
    let mut cursor = base;
    for day in 0..s.days {
        let day_start = base + i64::from(day) * 86_400;
        let mut starts: Vec<(i64, PersonId)> = Vec::new();
        for who in [me, them] {
            let n = g.rng.poisson(g.habits(who, day).opens_per_day);
            for _ in 0..n {
                let at = day_start + 8 * 3600 + g.rng.below(15 * 3600) as i64;
                starts.push((at, who));
            }
        }
        starts.sort_unstable();
        for (at, who) in starts {
            // A new conversation needs a real pause since the last one.
            if at < cursor + 6 * 3600 + 600 {
                continue;
            }
            cursor = g.conversation(who, at, day);
        }
        if g.rng.chance(0.01) {
            let t = day_start + 20 * 3600;
            if t > cursor + 6 * 3600 {
                g.chat.push(
                    0,
                    LocalTime(t),
                    Some(them),
                    Kind::Call(CallKind::Missed),
                    "Missed voice call",
                );
                cursor = t;
            }
        }
    }
    g.chat.sort();
    g.chat
}

impl Scenario {
    /// The bundled demo: Ariel and Jordan text happily for six weeks; after
    /// the night of day 42 Jordan writes less and answers slower, while Ariel
    /// writes more.
    pub fn demo() -> Scenario {
        let before = Habits {
            opens_per_day: 0.8,
            reply_prob: 0.97,
            reply_minutes: 15.0,
            burst: 1.7,
        };
        Scenario {
            me: "Ariel".into(),
            them: "Jordan".into(),
            start: Date::new(2024, 1, 15).expect("valid"),
            days: 63,
            event_day: Some(42),
            me_before: before.clone(),
            me_after: Habits {
                opens_per_day: 1.2,
                reply_prob: 0.98,
                reply_minutes: 5.0,
                burst: 2.4,
            },
            them_before: before,
            them_after: Habits {
                opens_per_day: 0.12,
                reply_prob: 0.55,
                reply_minutes: 150.0,
                burst: 1.1,
            },
            turns: 7.0,
            double_text_prob: 0.5,
            long_share: 0.04,
            seed: 20240115,
        }
    }

    /// A long, busy chat for benchmarks: roughly `messages` messages with
    /// export lines of about 90 bytes.
    pub fn volume(messages: usize, seed: u64) -> Scenario {
        let h = Habits {
            opens_per_day: 4.0,
            reply_prob: 0.97,
            reply_minutes: 2.0,
            burst: 2.0,
        };
        // About 90 messages a day come out of these habits (measured).
        let days = (messages / 90).max(1) as u32;
        Scenario {
            start: Date::new(2012, 1, 1).expect("valid"),
            days,
            me_before: h.clone(),
            me_after: h.clone(),
            them_before: h.clone(),
            them_after: h,
            turns: 40.0,
            long_share: 0.45,
            seed,
            ..Scenario::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_chat() {
        let a = generate(&Scenario::default());
        let b = generate(&Scenario::default());
        assert_eq!(a.messages(), b.messages());
        assert!(a.message_count() > 100, "{}", a.message_count());
        let other = generate(&Scenario {
            seed: 2,
            ..Scenario::default()
        });
        assert_ne!(a.messages(), other.messages());
    }

    #[test]
    fn a_drop_after_the_event_shows() {
        let mut s = Scenario {
            days: 60,
            event_day: Some(30),
            ..Scenario::default()
        };
        s.them_after.opens_per_day = 0.1;
        s.them_after.reply_prob = 0.4;
        let chat = generate(&s);
        let e = s.start.start().0 + 30 * 86_400;
        let them = chat.find_person("Jordan").unwrap();
        let count = |after: bool| {
            chat.messages()
                .iter()
                .filter(|m| m.sender() == Some(them) && (m.time.0 >= e) == after)
                .count()
        };
        assert!(
            count(true) * 2 < count(false),
            "before {} after {}",
            count(false),
            count(true)
        );
    }
}

//! What every rule gets: the chat, the pair's timeline up to "now", its
//! conversations, the options, the lexicon, and per-message features computed
//! lazily (a rule that looks at 30 days does not pay for 30 years).

use std::cell::RefCell;

use pullaway_chat::{Chat, LocalTime, Texts};
use serde::Serialize;

use crate::config::Thresholds;
use crate::conversations::Conversations;
use crate::features::{features, Features};
use crate::lexicon::Lexicon;
use crate::options::Options;
use crate::timeline::{Msg, Side};

pub const DAY: i64 = 86_400;

/// A message shown as evidence for a finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub at: String,
    pub who: &'static str,
    pub text: String,
    /// Why this message is shown, when it is not obvious.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The export it came from, when the chat merges several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
}

pub struct Context<'a> {
    pub chat: &'a Chat,
    pub msgs: Vec<Msg>,
    pub convs: Conversations,
    pub opts: &'a Options,
    pub lex: &'a Lexicon,
    /// The other person's name, and yours.
    pub them: String,
    pub me: String,
    /// The key date: given, or detected by the trend analysis.
    pub event: Option<pullaway_chat::Date>,
    /// Features by timeline index, filled on first use.
    cache: RefCell<Vec<Option<Features>>>,
    /// The reader of texts for [`Context::feat`].
    texts: RefCell<Texts<'a>>,
}

impl<'a> Context<'a> {
    pub fn new(
        chat: &'a Chat,
        msgs: Vec<Msg>,
        convs: Conversations,
        opts: &'a Options,
        lex: &'a Lexicon,
        them: String,
    ) -> Context<'a> {
        Context {
            chat,
            msgs,
            convs,
            opts,
            lex,
            them,
            me: String::new(),
            event: opts.event,
            cache: RefCell::new(Vec::new()),
            texts: RefCell::new(chat.texts()),
        }
    }

    pub fn th(&self) -> &Thresholds {
        &self.opts.thresholds
    }

    pub fn now(&self) -> LocalTime {
        self.opts.now
    }

    /// The features of timeline message `i`.
    pub fn feat(&self, i: usize) -> Features {
        if let Some(Some(f)) = self.cache.borrow().get(i) {
            return *f;
        }
        let f = features(&mut self.texts.borrow_mut(), &self.msgs[i], self.lex);
        let mut cache = self.cache.borrow_mut();
        if cache.len() < self.msgs.len() {
            cache.resize(self.msgs.len(), None);
        }
        cache[i] = Some(f);
        f
    }

    /// Computes the features of a long range ahead of use, on both cores
    /// (each message's features are independent): a check that reads years
    /// of messages (mirroring since a far key date) then costs half.
    pub fn prefetch(&self, range: std::ops::Range<usize>) {
        const PARALLEL_FROM: usize = 20_000;
        if range.len() < PARALLEL_FROM {
            return;
        }
        let (chat, msgs, lex) = (self.chat, &self.msgs, self.lex);
        let mut cache = self.cache.borrow_mut();
        if cache.len() < msgs.len() {
            cache.resize(msgs.len(), None);
        }
        // Each half is written in its place in the cache.
        let (first, second) = cache[range.clone()].split_at_mut(range.len() / 2);
        let mid = range.start + first.len();
        let compute = |out: &mut [Option<Features>], from: usize| {
            let mut texts = chat.texts();
            for (k, slot) in out.iter_mut().enumerate() {
                *slot = Some(features(&mut texts, &msgs[from + k], lex));
            }
        };
        std::thread::scope(|s| {
            let handle = s.spawn(|| compute(first, range.start));
            compute(second, mid);
            handle.join().expect("features never panic");
        });
    }

    /// `f` of the text of timeline message `i` (read through the
    /// context's own reader: no lock, no copy).
    pub fn with_text<T>(&self, i: usize, f: impl FnOnce(&str) -> T) -> T {
        let mut texts = self.texts.borrow_mut();
        f(texts.at(self.msgs[i].index as usize))
    }

    /// Index of the first timeline message at or after `t`.
    pub fn first_at(&self, t: LocalTime) -> usize {
        self.msgs.partition_point(|m| m.time < t)
    }

    /// Indices of the messages of the last `days` days (up to now).
    pub fn last_days(&self, days: f64) -> std::ops::Range<usize> {
        self.first_at(self.now().plus_seconds(-(days * DAY as f64) as i64))..self.msgs.len()
    }

    /// The message as evidence, its text clipped to 200 characters.
    pub fn evidence(&self, i: usize, why: Option<String>) -> Evidence {
        let m = &self.msgs[i];
        let source = self.chat.messages()[m.index as usize].source as usize;
        let app = (self.chat.sources.len() > 1)
            .then(|| self.chat.sources.get(source).cloned())
            .flatten();
        Evidence {
            at: m.time.to_string(),
            who: m.side.name(),
            text: self.with_text(i, |t| clip(t, 200)),
            why,
            app,
        }
    }

    /// Whether message `i` answers the other person (it is not the first of
    /// its conversation and the message before it is theirs).
    pub fn is_reply(&self, i: usize) -> bool {
        i > 0 && self.msgs[i - 1].side != self.msgs[i].side && !self.opens_conversation(i)
    }

    pub fn opens_conversation(&self, i: usize) -> bool {
        self.convs
            .list
            .binary_search_by_key(&i, |c| c.first)
            .is_ok()
    }

    /// Conversations that start at or after `t`.
    pub fn conversations_since(
        &self,
        t: LocalTime,
    ) -> impl Iterator<Item = &crate::conversations::Conversation> + use<'_, 'a> {
        self.convs
            .list
            .iter()
            .filter(move |c| self.msgs[c.first].time >= t)
    }

    /// "you" or the other person's name.
    pub fn name(&self, side: Side) -> &str {
        match side {
            Side::Me => "you",
            Side::Them => &self.them,
        }
    }
}

/// The median of some values (None when empty); sorts them.
pub use crate::stats::median_mut as median;

/// A text on one line, cut to `max` characters with an ellipsis.
pub fn clip(text: &str, max: usize) -> String {
    // Control characters (a terminal escape in a message) never reach the output.
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut s: String = one_line.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Serializes a time as the JSON contract's ISO 8601 string without offset.
pub fn ser_time<S: serde::Serializer>(t: &LocalTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(t)
}

/// As [`ser_time`], null for none.
pub fn ser_opt_time<S: serde::Serializer>(t: &Option<LocalTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.collect_str(t),
        None => s.serialize_none(),
    }
}

/// The words of each timeline message of `idx` (ascending), read through a
/// reader of its own, so it can run beside the analysis (a sample spread
/// over years reads most of a large export's file).
pub fn word_counts(chat: &Chat, msgs: &[Msg], idx: &[usize]) -> Vec<f64> {
    let mut texts = chat.texts();
    idx.iter()
        .map(|&i| {
            f64::from(crate::features::word_count(
                texts.at(msgs[i].index as usize),
            ))
        })
        .collect()
}

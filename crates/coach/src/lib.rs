//! The analysis: from a chat to a [`Report`] of plain data.
//!
//! `pair` decides who is "me" and who is "them"; `timeline` keeps the two
//! people's countable messages; `conversations` splits them into
//! conversations; `trend` compares them before and after the key date;
//! `rules/` holds one check per rule of SPEC; `recent` measures who is
//! withdrawing now; `situation` turns everything into the one next step
//! that every command shows. Nothing here reads files or prints: "now", the
//! thresholds and the seed come in through [`Options`], so the same input
//! always gives the same report.

mod away;
pub mod changepoint;
mod config;
mod context;
mod conversations;
pub mod draft;
mod error;
mod features;
pub mod fold;
pub mod lexicon;
pub mod merge;
mod options;
mod pair;
pub mod ratios;
pub mod recent;
mod report;
pub mod rules;
pub mod scripts;
pub mod situation;
pub mod stats;
pub mod survival;
mod timeline;
pub mod trend;
pub mod turn;

pub use config::{ConfigError, Thresholds};
pub use context::{Context, Evidence};
pub use conversations::{split, split_with, Conversation, Conversations, LateReply};
pub use error::CoachError;
pub use options::{NowSource, Options};
pub use pair::{resolve_pair, Pair};
pub use report::{
    analyze, analyze_with, last_time, with_context, AsOf, ChatSummary, ConversationEntry,
    ConversationSummary, Event, Report, Sides, SCHEMA,
};
pub use situation::{Action, NextStep};
pub use timeline::{is_question, timeline, Msg, Side};

//! The analysis: from a chat to a [`Report`] of plain data.
//!
//! `pair` decides who is "me" and who is "them"; `timeline` keeps the two
//! people's countable messages; `conversations` splits them into
//! conversations and finds who opened each; `report` assembles the findings.
//! Nothing here reads files or prints: "now" and every threshold come in
//! through [`Options`], so the same input always gives the same report.

mod conversations;
mod error;
mod options;
mod pair;
mod report;
mod timeline;

pub use conversations::{split, Conversation, Conversations, LateReply};
pub use error::CoachError;
pub use options::Options;
pub use pair::{resolve_pair, Pair};
pub use report::{
    analyze, last_time, ChatSummary, ConversationEntry, ConversationSummary, Event, Report, Sides,
    SCHEMA,
};
pub use timeline::{is_question, timeline, Msg, Side};

//! Renderers: they read a finished [`pullaway_coach::Report`] (or a chat
//! listing) and write text or JSON. They compute nothing new.

mod chats;
pub mod html;
mod messages;
mod style;
mod text;

pub use chats::{chats_json, chats_text, ChatsListing};
pub use html::report_html;
pub use messages::messages_jsonl;
pub use style::Style;
pub use text::{draft_text, report_text, TextOptions};

/// Any serializable value as pretty JSON with a final newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("values serialize");
    s.push('\n');
    s
}

/// The report as pretty JSON (the `pullaway.report/1` contract).
pub fn report_json(report: &pullaway_coach::Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("reports serialize");
    s.push('\n');
    s
}

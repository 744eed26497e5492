//! Rule 4: too much too soon. In the first 30 days of dating, flag your
//! messages about labels, the future together and obligations (from the
//! lexicons), because pressing for commitment early tends to push people away.

#![warn(missing_docs)]

use pullaway_chat::{Kind, LocalTime};
use serde::Serialize;

use super::{plural, Status};
use crate::context::{Context, DAY};
use crate::lexicon::Category;
use crate::timeline::Side;

/// One message of yours that was too much too soon.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flag {
    /// When you sent it.
    pub at: String,
    /// `labels`, `future` or `obligations`.
    pub category: &'static str,
    /// Its text (clipped).
    pub text: String,
    /// The words that matched.
    pub phrase: String,
    /// A strong signal (e.g. "what are we exactly").
    pub strong: bool,
}

/// Rule 4: too much too soon.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TooSoon {
    /// ok, warn or alert.
    pub status: Status,
    /// The first days of dating that count: `[from, to)`.
    pub from: String,
    /// The end of the window.
    pub to: String,
    /// Where `from` comes from: `dating_since` or `first_message`.
    pub from_source: &'static str,
    /// Whether "now" is still inside that window.
    pub in_window_now: bool,
    /// Your messages that were too much too soon.
    pub flags: Vec<Flag>,
    /// The finding in plain words.
    pub summary: String,
}

/// Start of the dating window and where it comes from.
pub fn window_start(ctx: &Context) -> Option<(LocalTime, &'static str)> {
    if let Some(d) = ctx.opts.dating_since {
        return Some((d.start(), "dating_since"));
    }
    // Not the key date: "what are we" in week two, before the first night,
    // is the core case of the rule.
    ctx.msgs
        .first()
        .map(|m| (m.time.date().start(), "first_message"))
}

/// Finds labels, future and obligations in your first month of messages.
pub fn check(ctx: &Context) -> TooSoon {
    let days = ctx.th().too_soon_days;
    let Some((from, source)) = window_start(ctx) else {
        return TooSoon {
            status: Status::Ok,
            from: String::new(),
            to: String::new(),
            from_source: "first_message",
            in_window_now: false,
            flags: Vec::new(),
            summary: "No messages yet.".into(),
        };
    };
    let to = from.plus_seconds(i64::from(days) * DAY);
    let mut flags = Vec::new();
    for i in ctx.first_at(from)..ctx.first_at(to) {
        let m = &ctx.msgs[i];
        if m.side != Side::Me || m.kind != Kind::Text {
            continue;
        }
        let f = ctx.feat(i);
        let Some(category) = f.heavy else { continue };
        // A calm statement of your own intentions is what the articles recommend.
        if ctx.with_text(i, |t| ctx.lex.has(t, Category::Intent)) {
            continue;
        }
        let phrase = ctx.with_text(i, |t| {
            ctx.lex
                .find(t)
                .into_iter()
                .find(|h| h.category == category)
                .map(|h| h.phrase)
                .unwrap_or_default()
        });
        flags.push(Flag {
            at: m.time.to_string(),
            category: category.name(),
            text: ctx.evidence(i, None).text,
            phrase,
            strong: f.strong,
        });
    }
    let status = match flags.len() {
        0 => Status::Ok,
        1 if !flags[0].strong => Status::Warn,
        _ => Status::Alert,
    };
    let label = |c: Category| flags.iter().filter(|f| f.category == c.name()).count();
    let summary = if flags.is_empty() {
        format!(
            "Nothing heavy from you in the first {days} days of dating (from {}, {}).",
            from.date(),
            match source {
                "dating_since" => "the date you gave with --dating-since",
                _ => "the first message; give --dating-since if you started earlier",
            }
        )
    } else {
        format!(
            "In the first {days} days of dating (from {}) you wrote {} about labels, {} about the future and {} about obligations. Early on, that can feel like pressure; let it come from both of you.",
            from.date(),
            plural(label(Category::Labels), "message", "messages"),
            label(Category::Future),
            label(Category::Obligations)
        )
    };
    TooSoon {
        status,
        from: from.to_string(),
        to: to.to_string(),
        from_source: source,
        in_window_now: ctx.now() >= from && ctx.now() < to,
        flags,
        summary,
    }
}

//! `pullaway draft`: checks a message before it is sent — would it break the
//! 2:1 rule, be a double text, be much longer than what they usually write,
//! or be too much too soon in the first month?

use pullaway_chat::Kind;
use serde::Serialize;

use crate::context::{median, Context};
use crate::lexicon::Category;
use crate::rules::too_soon;
use crate::timeline::Side;
use crate::turn::{turn, Turn};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DraftWarning {
    /// `double_text`, `breaks_two_to_one`, `too_long`, `too_soon`.
    pub kind: &'static str,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Draft {
    pub schema: &'static str,
    pub text: String,
    pub ok: bool,
    pub warnings: Vec<DraftWarning>,
    pub turn: Turn,
}

pub fn check(ctx: &Context, text: &str) -> Draft {
    let them = &ctx.them;
    let t = turn(ctx);
    let mut warnings = Vec::new();
    if t.verdict == "wait" {
        let unanswered = ctx.msgs.last().is_some_and(|m| m.side == Side::Me);
        let kind = if unanswered {
            "double_text"
        } else {
            "breaks_two_to_one"
        };
        warnings.push(DraftWarning {
            kind,
            message: t.reason.clone(),
        });
    }
    // Length against their usual messages of the last 30 days.
    let lengths: Vec<f64> = ctx
        .last_days(30.0)
        .filter(|&i| ctx.msgs[i].side == Side::Them && ctx.msgs[i].kind == Kind::Text)
        .map(|i| ctx.text(i).split_whitespace().count() as f64)
        .collect();
    let words = text.split_whitespace().count() as f64;
    if lengths.len() >= 5 {
        let mut l = lengths;
        let usual = median(&mut l).unwrap_or(0.0).max(1.0);
        if words >= 10.0 && words > ctx.th().draft_length_factor * usual {
            warnings.push(DraftWarning {
                kind: "too_long",
                message: format!(
                    "Your draft has {words:.0} words; {them} usually writes {usual:.0}. Mirror them: say it in fewer words."
                ),
            });
        }
    }
    if let Some((from, _)) = too_soon::window_start(ctx) {
        let to = from.plus_seconds(i64::from(ctx.th().too_soon_days) * crate::context::DAY);
        if ctx.now() >= from && ctx.now() < to {
            let hits = ctx.lex.find(text);
            if let Some(h) = hits.iter().find(|h| {
                matches!(
                    h.category,
                    Category::Labels | Category::Future | Category::Obligations
                )
            }) {
                warnings.push(DraftWarning {
                    kind: "too_soon",
                    message: format!(
                        "\"{}\" is about {} — in the first {} days of dating that can feel like pressure.",
                        h.phrase,
                        match h.category {
                            Category::Labels => "labels",
                            Category::Future => "the future together",
                            _ => "obligations",
                        },
                        ctx.th().too_soon_days
                    ),
                });
            }
        }
    }
    Draft {
        schema: "pullaway.draft/1",
        text: text.to_owned(),
        ok: warnings.is_empty(),
        warnings,
        turn: t,
    }
}

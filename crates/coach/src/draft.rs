//! `pullaway draft`: checks a message before it is sent, against the
//! situation's answer (SPEC, "The situation") — during `give_space` or
//! `let_go` any opener is a warning, except one kind closing message in
//! `let_go` — and at any time for reproach and guilt, reassurance-seeking,
//! label questions before the talk is due, a double text, a length far
//! beyond theirs, and too much too soon in the first month.

use pullaway_chat::Kind;
use serde::Serialize;

use crate::context::{median, Context};
use crate::features::word_count;
use crate::lexicon::Category;
use crate::report::Report;
use crate::rules::too_soon;
use crate::situation::{Action, NextStep};
use crate::timeline::{is_question, Side};

/// What a draft runs into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Your last message still waits for their answer.
    DoubleText,
    /// Nothing waits, but the 2:1 rule says the next conversation is theirs.
    BreaksTwoToOne,
    /// The situation says not to write now (give space, let go, a stated absence).
    AgainstNextStep,
    TooLong,
    TooSoon,
    Reproach,
    Reassurance,
    LabelQuestion,
}

impl Flag {
    pub fn label(self) -> &'static str {
        match self {
            Flag::DoubleText => "double text",
            Flag::BreaksTwoToOne => "not your turn",
            Flag::AgainstNextStep => "against the next step",
            Flag::TooLong => "too long",
            Flag::TooSoon => "too much too soon",
            Flag::Reproach => "reproach",
            Flag::Reassurance => "asking for reassurance",
            Flag::LabelQuestion => "label question",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DraftWarning {
    pub kind: Flag,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Draft {
    pub schema: &'static str,
    pub text: String,
    pub ok: bool,
    pub warnings: Vec<DraftWarning>,
    /// The situation the draft was judged against.
    pub next_step: NextStep,
}

/// Checks `text` in the situation of `report` (built from the same context).
pub fn check(ctx: &Context, report: &Report, text: &str) -> Draft {
    let them = &ctx.them;
    let step = &report.next_step;
    let action = step.action;
    let lex = ctx.lex;
    let mut warnings = Vec::new();
    let mut warn = |kind, message: String| warnings.push(DraftWarning { kind, message });
    let hits = lex.find(text);
    let has = |c| hits.iter().any(|h| h.category == c);

    // Writing again while your message waits is a double text, whatever else holds.
    let waits = crate::recent::my_message_waits(ctx);
    let closing = action == Action::LetGo && has(Category::Closing);
    if waits && action != Action::Wait && !closing {
        warn(
            Flag::DoubleText,
            format!("Your last message still waits for {them}'s answer: a second one now is a double text."),
        );
    }
    // While they pull back, opening would also break the 2:1 rule when it does.
    if matches!(action, Action::GiveSpace | Action::LetGo)
        && !waits
        && report.rules.two_to_one.status != crate::rules::Status::Ok
        && ctx
            .convs
            .list
            .iter()
            .rev()
            .take(2)
            .any(|c| c.opener == Side::Me)
        && !closing
    {
        warn(
            Flag::BreaksTwoToOne,
            format!("{them} has not opened the last two conversations: by the 2:1 rule the next one is theirs."),
        );
    }
    match action {
        Action::GiveSpace => warn(
            Flag::AgainstNextStep,
            format!("You are giving {them} space ({}). Let them be the one to write.", step.text),
        ),
        Action::LetGo => {
            let already = ctx
                .msgs
                .iter()
                .enumerate()
                .rev()
                .take_while(|(_, m)| m.side == Side::Me)
                .any(|(i, m)| m.kind == Kind::Text && ctx.with_text(i, |t| lex.has(t, Category::Closing)));
            if !has(Category::Closing) {
                warn(
                    Flag::AgainstNextStep,
                    format!("{them} has not reached out after your space. If you write, let it be one kind closing message, not a new attempt."),
                );
            } else if already {
                warn(
                    Flag::AgainstNextStep,
                    "You already sent a closing message; one is enough.".into(),
                );
            }
        }
        Action::Wait if step.until.is_some() => warn(
            Flag::AgainstNextStep,
            format!("{them} said they would be busy until {}: leave them be until then.", step.until.map(|t| t.plus_seconds(-1).date().to_string()).unwrap_or_default()),
        ),
        Action::Wait => warn(Flag::DoubleText, format!("{} Let {them} answer first.", report.turn.reason)),
        Action::LetThemLead => warn(
            Flag::BreaksTwoToOne,
            format!("{them} has not opened the last two conversations: by the 2:1 rule the next one is theirs."),
        ),
        _ => {}
    }
    if has(Category::Reproach) {
        warn(
            Flag::Reproach,
            "This reads as a reproach. Blame or guilt pushes people further away; if something bothers you, ask calmly in person.".into(),
        );
    }
    if has(Category::Reassurance) {
        warn(
            Flag::Reassurance,
            format!("This asks {them} to reassure you. Their actions will tell you more than an answer to this will."),
        );
    }
    let talk_time = action == Action::Talk;
    if has(Category::Labels) && is_question(text) && !talk_time {
        warn(
            Flag::LabelQuestion,
            "A question about labels before the talk is due puts {them} on the spot; wait until they reach out again, then talk in person.".replace("{them}", them),
        );
    }
    // Length against their usual messages of the last 30 days (not while the talk is due: it is said in person).
    let lengths: Vec<f64> = ctx
        .last_days(30.0)
        .filter(|&i| ctx.msgs[i].side == Side::Them && ctx.msgs[i].kind == Kind::Text)
        .map(|i| ctx.with_text(i, word_count) as f64)
        .collect();
    let words = word_count(text) as f64;
    if lengths.len() >= 5 && !talk_time {
        let mut l = lengths;
        let usual = median(&mut l).unwrap_or(0.0).max(1.0);
        // Under 15 words nothing is long, whatever their habit.
        if words >= 15.0 && words > ctx.th().draft_length_factor * usual {
            warn(
                Flag::TooLong,
                format!("Your draft has {words:.0} words; {them} usually writes {usual:.0}. Mirror them: say it in fewer words."),
            );
        }
    }
    if let Some((from, _)) = too_soon::window_start(ctx) {
        let to = from.plus_seconds(i64::from(ctx.th().too_soon_days) * crate::context::DAY);
        if ctx.now() >= from && ctx.now() < to && !talk_time && !has(Category::Intent) {
            if let Some(h) = hits.iter().find(|h| {
                matches!(
                    h.category,
                    Category::Labels | Category::Future | Category::Obligations
                )
            }) {
                warn(
                    Flag::TooSoon,
                    format!(
                        "\"{}\" is about {} — in the first {} days of dating that can feel like pressure.",
                        h.phrase,
                        match h.category {
                            Category::Labels => "labels",
                            Category::Future => "the future together",
                            _ => "obligations",
                        },
                        ctx.th().too_soon_days
                    ),
                );
            }
        }
    }
    Draft {
        schema: "pullaway.draft/2",
        text: text.to_owned(),
        ok: warnings.is_empty(),
        warnings,
        next_step: step.clone(),
    }
}

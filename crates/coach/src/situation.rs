//! The situation: one answer, everywhere (SPEC). The rules are evidence; this
//! is the one function that turns them into the next step, and `report`,
//! `turn`, `draft` and `serve` all read its result, so they never disagree.
//!
//! The order of the questions is the decision: are you the one fading? is
//! the talk due? does their message wait for you? did they say why they are
//! quiet? are they withdrawing now? does your message wait for them? and only
//! then the 2:1 rule.

#![warn(missing_docs)]

use pullaway_chat::LocalTime;
use serde::Serialize;

use crate::away::Away;
use crate::context::{Context, DAY};
use crate::recent::Recent;
use crate::rules::space::SpaceVerdict;
use crate::rules::talk::TalkState;
use crate::rules::{Rules, Status};
use crate::timeline::Side;
use crate::trend::Trend;
use crate::turn::Turn;

/// `next_step.action` of the JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Their message waits: answer.
    Reply,
    /// Your message waits, or they are away until a stated day: don't write.
    Wait,
    /// The 2:1 rule lets you open: keep it light.
    YourMove,
    /// Their turn to open: wait for them.
    LetThemLead,
    /// They are withdrawing now: give space.
    GiveSpace,
    /// Space given, no reach-out: probably not interested.
    LetGo,
    /// They came back after the key date: time for an honest talk.
    Talk,
    /// You are the one pulling back: tell them.
    BeHonest,
}

impl Action {
    /// Every action, in the contract's order.
    pub const ALL: [Action; 8] = [
        Action::Reply,
        Action::Wait,
        Action::YourMove,
        Action::LetThemLead,
        Action::GiveSpace,
        Action::LetGo,
        Action::Talk,
        Action::BeHonest,
    ];

    /// The JSON name (`your_move`).
    pub fn name(self) -> &'static str {
        match self {
            Action::Reply => "reply",
            Action::Wait => "wait",
            Action::YourMove => "your_move",
            Action::LetThemLead => "let_them_lead",
            Action::GiveSpace => "give_space",
            Action::LetGo => "let_go",
            Action::Talk => "talk",
            Action::BeHonest => "be_honest",
        }
    }

    /// In words, for a heading (`your move`).
    pub fn label(self) -> &'static str {
        match self {
            Action::Reply => "reply",
            Action::Wait => "wait",
            Action::YourMove => "your move",
            Action::LetThemLead => "let them lead",
            Action::GiveSpace => "give space",
            Action::LetGo => "let go",
            Action::Talk => "time to talk",
            Action::BeHonest => "be honest",
        }
    }

    /// Whether you may write now (`pullaway turn` exits 0).
    pub fn may_write(self) -> bool {
        matches!(self, Action::Reply | Action::YourMove | Action::Talk)
    }
}

/// The next step: the action, what to do in plain words, and why — the
/// reasons that matter most to this user first, each said once.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NextStep {
    /// What to do.
    pub action: Action,
    /// What to do, in plain words.
    pub text: String,
    /// Why, the reasons that matter most to you first.
    pub reasons: Vec<String>,
    /// For `wait` on a stated absence: until when.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::context::ser_opt_time"
    )]
    pub until: Option<LocalTime>,
    /// For `give_space`: day `day` of `of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    /// N of "day d of N".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<u32>,
    /// What not to do, when it matters (give space, let go, wait).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub avoid: Vec<String>,
    /// A kind word for the worried reader, said once where it helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reassurance: Option<String>,
}

/// Everything the decision reads.
pub struct Inputs<'a> {
    /// The 2:1 part of the answer.
    pub turn: &'a Turn,
    /// Every rule's check.
    pub rules: &'a Rules,
    /// The trend.
    pub trend: &'a Trend,
    /// The recent weeks.
    pub recent: &'a Recent,
    /// Their stated absence, if one is current.
    pub away: Option<Away>,
}

fn days_word(d: f64) -> String {
    let n = d.floor().max(0.0) as i64;
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// The user's own main mistake, if a rule about their texting is alert (or
/// warn): it belongs near the top of the reasons.
fn own_mistakes(rules: &Rules) -> Vec<String> {
    let mut checks: Vec<(Status, &String)> = vec![
        (rules.clinginess.status, &rules.clinginess.summary),
        (rules.two_to_one.status, &rules.two_to_one.summary),
        (rules.mirroring.status, &rules.mirroring.summary),
        (rules.too_soon.status, &rules.too_soon.summary),
        (rules.lead.status, &rules.lead.summary),
    ];
    checks.retain(|(s, _)| *s != Status::Ok);
    // Stable: alerts first, then warnings, in the order above.
    checks.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
    checks.into_iter().map(|(_, s)| s.clone()).collect()
}

/// The one answer: the next step, from everything measured.
pub fn decide(ctx: &Context, i: &Inputs) -> NextStep {
    let them = ctx.them.as_str();
    let th = ctx.th();
    let now = ctx.now();
    let (turn, rules, trend, recent) = (i.turn, i.rules, i.trend, i.recent);
    let mut step = NextStep {
        action: Action::YourMove,
        text: String::new(),
        reasons: Vec::new(),
        until: None,
        day: None,
        of: None,
        avoid: Vec::new(),
        reassurance: None,
    };
    let first_reason: Option<String>;
    let theirs_waits = ctx.msgs.last().is_some_and(|m| m.side == Side::Them);
    let last_them = ctx.msgs.iter().rposition(|m| m.side == Side::Them);

    if ctx.msgs.is_empty() {
        step.action = Action::YourMove;
        step.text = format!(
            "There are no messages before {} to judge from: nothing stands against writing to {them}. Keep it light.",
            now.prose()
        );
        first_reason = Some("Not enough to judge yet: the chat has no messages up to now.".into());
    } else if recent.me_withdrawing && !recent.them_withdrawing {
        step.action = Action::BeHonest;
        step.text = format!(
            "You seem to be the one pulling back while {them} keeps reaching out. If your feelings have changed, tell {them} kindly and soon; if they haven't, show it by answering and starting conversations again."
        );
        first_reason = recent.why.clone();
    } else if rules.talk.verdict == TalkState::Due && !recent.your_message_waits {
        step.action = Action::Talk;
        let when = rules.talk.since.map(|t| t.prose()).unwrap_or_default();
        step.text = if theirs_waits {
            format!("{them} came back to you: answer warmly, and suggest meeting (or a call) to talk honestly about what happened between you and what each of you wants. Not by text; `pullaway talk` has ways to start.")
        } else {
            format!("{them} came back to you: keep it warm, and when you next see each other (or call), talk honestly about what happened between you and what each of you wants. Not by text; `pullaway talk` has ways to start.")
        };
        let opened = recent.comeback.map_or(when, |c| ctx.msgs[c].time.prose());
        first_reason = Some(format!(
            "{them} opened a conversation on {opened}, after the key date: they reached out to you."
        ));
    } else if theirs_waits {
        step.action = Action::Reply;
        let t = ctx.msgs.last().expect("not empty").time;
        let old = t.seconds_until(now) >= (th.space_days * DAY as f64) as i64;
        step.text = if old {
            format!("{them}'s last message ({}) is still unanswered, and it is {} old. Answer it if you want to keep in touch; say briefly why you were quiet.", t.prose(), days_word(t.seconds_until(now) as f64 / DAY as f64))
        } else {
            let usual = rules.mirroring.words_per_message.them;
            let length = usual.map_or(String::new(), |w| {
                format!(" About as long as they write (around {w:.0} words).")
            });
            format!(
                "Reply to {them}: their message of {} is waiting for you.{length}",
                t.prose()
            )
        };
        if let Some(a) = i.away.filter(|a| Some(a.index) == last_them) {
            step.text.push_str(&format!(
                " They said they will be busy until {}: a short, warm answer, then leave them be.",
                a.until.plus_seconds(-1).date()
            ));
        }
        first_reason = Some(turn.reason.clone());
    } else if let Some(a) = i.away {
        step.action = Action::Wait;
        step.until = Some(a.until);
        let said = ctx.with_text(a.index, |t| crate::context::clip(t, 120));
        let end = a.until.plus_seconds(-1).date();
        step.text = format!(
            "Wait until {end}: {them} told you they would be busy (\"{said}\", {}). Their quiet has a reason and an end; don't read it as pulling away, and don't send a second message before then.",
            ctx.msgs[a.index].time.prose()
        );
        first_reason = Some(format!(
            "{them} said why they are quiet and for how long: \"{said}\"."
        ));
    } else if recent.them_withdrawing {
        let space = &rules.space;
        if space.verdict == SpaceVerdict::ProbablyNotInterested {
            step.action = Action::LetGo;
            step.text = format!(
                "Let go for now: {them} has not reached out, and they are probably not interested at the moment. If you want closure, one kind closing message is fine; then stop writing. If they write later, answer kindly and decide then."
            );
            step.avoid = vec![
                "asking why they went quiet".into(),
                "a long message about your feelings".into(),
                "checking whether they read your messages".into(),
            ];
            first_reason = Some(space.summary.clone());
        } else {
            step.action = Action::GiveSpace;
            let of = th.space_days.ceil() as u32;
            let day = space.days.map_or(1, |d| d.floor() as u32 + 1).min(of);
            step.day = Some(day);
            step.of = Some(of);
            step.text = format!(
                "Give {them} space (day {day} of {of}): don't text first, and if they write, answer warmly."
            );
            step.avoid = vec![
                "a second message while yours is unanswered".into(),
                "asking why they went quiet".into(),
                "posting things for their benefit".into(),
            ];
            first_reason = recent.why.clone();
            if let Some(p) = space.p_reach_out_7d {
                step.reasons.push(format!(
                    "After silences this long, {them} wrote again within a week {} of the time.",
                    crate::rules::space::chance_words(p)
                ));
            }
        }
        step.reassurance = Some(
            "When someone pulls back after getting close, it usually says more about where they are than about you."
                .to_owned(),
        );
    } else if recent.your_message_waits {
        step.action = Action::Wait;
        let mine = ctx.msgs.last().expect("not empty").time;
        step.text = format!(
            "Wait for {them}'s answer: your message of {} has none yet. Don't send another one.",
            mine.prose()
        );
        if rules.talk.verdict == TalkState::Due {
            step.text.push_str(&format!(
                " {them} came back to you after the key date: when you next see each other (or call), talk honestly about what happened between you and what each of you wants."
            ));
        }
        first_reason = Some(turn.reason.clone());
    } else if turn.they_opened_of_last_two == 2 {
        step.action = Action::YourMove;
        step.text = format!(
            "Your move: {them} opened the last two conversations, so you can start the next one. Keep it light."
        );
        first_reason = Some(turn.reason.clone());
    } else {
        step.action = Action::LetThemLead;
        let n = 2 - turn.they_opened_of_last_two;
        step.text = format!(
            "Let {them} lead: wait until they have opened {} before you start one.",
            if n == 1 {
                "one more conversation".to_owned()
            } else {
                "the next two conversations".to_owned()
            }
        );
        first_reason = Some(turn.reason.clone());
    }

    // Reasons: the decisive fact, the user's own main mistake, the trend,
    // then the rest, each once.
    let mut reasons: Vec<String> = Vec::new();
    let mut push = |r: String| {
        if !r.is_empty() && !reasons.contains(&r) {
            reasons.push(r);
        }
    };
    if let Some(r) = first_reason {
        push(r);
    }
    let mistakes = own_mistakes(rules);
    let mut rest = mistakes.into_iter();
    if let Some(m) = rest.next() {
        push(m);
    }
    for r in std::mem::take(&mut step.reasons) {
        push(r);
    }
    if trend.verdict.is_some() {
        push(trend.headline.clone());
    } else if let Some(m) = &recent.missing {
        push(format!("Not enough to judge a trend yet: {m}."));
    }
    for r in rest {
        push(r);
    }
    if recent.calls >= 3 {
        push(format!(
            "Your contact may be moving to calls: {} calls or mentions of calls in the last {:.0} days. Calls don't show in a chat export, so fewer texts need not mean less contact.",
            recent.calls, th.recent_days
        ));
    }
    if rules.talk.verdict == TalkState::Lapsed {
        push(rules.talk.summary.clone());
    }
    step.reasons = reasons;
    step
}

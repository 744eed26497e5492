//! The next step: one clear sentence that follows from the checks, and the
//! reasons behind it, most important first.

use crate::rules::{Rules, Status};
use crate::trend::Trend;
use crate::turn::Turn;

pub fn next_step(
    them: &str,
    turn: &Turn,
    rules: &Rules,
    trend: &Trend,
    space_days: f64,
) -> (String, Vec<String>) {
    let mut reasons = Vec::new();
    if trend.verdict.is_some() {
        let mia = if trend.mia {
            " They are M.I.A.: silent longer than 95% of their past pauses."
        } else {
            ""
        };
        reasons.push(format!("{}{mia}", trend.headline));
    }
    let step = match rules.space.verdict {
        "probably_not_interested" => format!(
            "Let go for now: {them} has not reached out after {space_days:.0} days of space, and they are probably not interested. If they write later, answer kindly and decide then."
        ),
        "they_reached_out" => format!(
            "{them} reached out: answer warmly, and when it feels right have an honest talk about what the two of you want."
        ),
        "giving_space" => {
            let last = space_days.ceil().max(1.0) as i64;
            let day = rules.space.days.map_or(1, |d| d.floor() as i64 + 1).min(last);
            let rule = if turn.verdict == "your_move" {
                " The 2:1 rule alone would let you write, but while they pull away, let them come to you."
            } else {
                ""
            };
            format!("Give {them} space: day {day} of {last}. Don't text first; if they write, answer warmly.{rule}")
        }
        _ => match turn.verdict {
            "reply" if rules.talk.verdict == "due" => {
                format!("Reply to {them}, and look for a calm moment for an honest talk about what happened between you.")
            }
            "reply" => format!("Reply to {them}: their message is waiting for you."),
            "your_move" if rules.talk.verdict == "due" => {
                format!("Your move: you may write to {them}, and it is a good time for an honest talk about what happened between you.")
            }
            "your_move" if turn.they_opened_of_last_two == 2 => {
                format!("Your move: {them} opened the last two conversations, so you can start the next one. Keep it light.")
            }
            "your_move" => format!("Your move: {}", turn.reason),
            _ if turn.reason.contains("unanswered") || turn.reason.contains("no answer yet") => {
                format!("Wait for {them}'s answer: don't send another message.")
            }
            _ => format!(
                "Wait: don't text first until {them} has opened {} more conversation{}.",
                2 - turn.they_opened_of_last_two,
                if turn.they_opened_of_last_two == 1 { "" } else { "s" }
            ),
        },
    };
    reasons.push(turn.reason.clone());
    if rules.space.verdict != "not_applicable" {
        reasons.push(rules.space.summary.clone());
    }
    let checks: [(Status, &String); 5] = [
        (rules.two_to_one.status, &rules.two_to_one.summary),
        (rules.mirroring.status, &rules.mirroring.summary),
        (rules.clinginess.status, &rules.clinginess.summary),
        (rules.too_soon.status, &rules.too_soon.summary),
        (rules.lead.status, &rules.lead.summary),
    ];
    let mut flagged: Vec<_> = checks.iter().filter(|(s, _)| *s != Status::Ok).collect();
    flagged.sort_by_key(|f| std::cmp::Reverse(f.0));
    reasons.extend(flagged.into_iter().map(|(_, s)| (*s).clone()));
    if rules.talk.verdict == "due" {
        reasons.push(rules.talk.summary.clone());
    }
    (step, reasons)
}

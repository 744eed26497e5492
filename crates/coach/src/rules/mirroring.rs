//! Rule 2: mirroring. Put in no more effort than they do. Over the last 14
//! days (and since E), compare both people on each dimension of effort; the
//! ratio is yours over theirs, so above 1 means you invest more.

#![warn(missing_docs)]

use serde::Serialize;

use super::Status;
use crate::context::{median, round2, Context};

/// One dimension of effort, you against them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dimension {
    /// Its name (`messages`, `words`, ...).
    pub name: &'static str,
    /// Your amount.
    pub me: f64,
    /// Their amount.
    pub them: f64,
    /// Your effort over theirs; null when they show none of it.
    pub ratio: Option<f64>,
    /// ok, warn or alert.
    pub status: Status,
    /// `balanced`, `you_more`, `you_less`, or `not_judged` (too little data,
    /// or a difference too small to matter).
    pub direction: Direction,
}

/// Which way a dimension leans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// About even.
    Balanced,
    /// You give clearly more.
    YouMore,
    /// You give clearly less.
    YouLess,
    /// Too little data, or a difference too small to matter.
    NotJudged,
}

/// Rule 2: mirroring.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mirroring {
    /// The worst status of the dimensions (ok when not judged).
    pub status: Status,
    /// The window, days.
    pub window_days: u32,
    /// Dimensions over the last `window_days` days.
    pub dimensions: Vec<Dimension>,
    /// The same since the key date, when there is one (at most the last
    /// `SINCE_EVENT_MAX_DAYS` days: see `since_event_from`).
    pub since_event: Option<Vec<Dimension>>,
    /// Where `since_event` starts: the key date, or 90 days before now when
    /// the key date is further back.
    pub since_event_from: Option<String>,
    /// Average words per text message of each of you in the window.
    pub words_per_message: Sides,
    /// Whether there was enough to judge (5 messages from each of you in the window).
    pub judged: bool,
    /// The finding in plain words.
    pub summary: String,
}

/// A value for each of you that may be missing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sides {
    /// Yours.
    pub me: Option<f64>,
    /// Theirs.
    pub them: Option<f64>,
}

/// Fewer than this many of a thing on the busier side is too little to judge.
const MIN_COUNT: f64 = 5.0;
/// A difference of fewer than this many is too small to matter.
const MIN_DIFF: f64 = 3.0;
/// You give "much less" below this share of their effort.
const YOU_LESS: f64 = 0.5;
/// Reply times closer than this many minutes are too close to matter.
const MIN_MINUTES: f64 = 15.0;

#[derive(Default)]
struct Tally {
    messages: f64,
    words: f64,
    text_messages: f64,
    opened: f64,
    questions: f64,
    plans: f64,
    calls: f64,
    reply_minutes: Vec<f64>,
}

fn tally(ctx: &Context, range: std::ops::Range<usize>) -> [Tally; 2] {
    ctx.prefetch(range.clone());
    let mut t = [Tally::default(), Tally::default()];
    for i in range {
        let m = &ctx.msgs[i];
        let side = &mut t[m.side as usize];
        let f = ctx.feat(i);
        side.messages += 1.0;
        if let pullaway_chat::Kind::Text = m.kind {
            side.words += f64::from(f.words);
            side.text_messages += 1.0;
        }
        if f.question {
            side.questions += 1.0;
        }
        if f.plan {
            side.plans += 1.0;
        }
        if let pullaway_chat::Kind::Call(_) = m.kind {
            side.calls += 1.0;
        }
        if ctx.opens_conversation(i) {
            side.opened += 1.0;
        }
        if ctx.is_reply(i) {
            side.reply_minutes
                .push(ctx.msgs[i - 1].time.seconds_until(m.time) as f64 / 60.0);
        }
    }
    t
}

/// Judges your effort `me` against theirs in both directions: over-investing
/// (warn above `ok`, alert above `warn`) and pulling back (warn below
/// 1/`warn`), only with enough data and a difference that matters.
fn judge(
    me: f64,
    them: f64,
    ok: f64,
    warn: f64,
    min_diff: f64,
) -> (Option<f64>, Status, Direction) {
    let ratio = (them > 0.0).then(|| round2(me / them));
    if me.max(them) < MIN_COUNT || (me - them).abs() < min_diff {
        return (ratio, Status::Ok, Direction::NotJudged);
    }
    let r = if them > 0.0 { me / them } else { f64::INFINITY };
    if r > warn {
        (ratio, Status::Alert, Direction::YouMore)
    } else if r > ok {
        (ratio, Status::Warn, Direction::YouMore)
    } else if r < YOU_LESS {
        (ratio, Status::Warn, Direction::YouLess)
    } else {
        (ratio, Status::Ok, Direction::Balanced)
    }
}

fn dimensions(ctx: &Context, range: std::ops::Range<usize>) -> Vec<Dimension> {
    let [me, them] = tally(ctx, range);
    let (ok, warn) = (ctx.th().mirror_ok, ctx.th().mirror_warn);
    let mut out = Vec::new();
    let mut add = |name, a: f64, b: f64| {
        let (ratio, mut status, mut direction) = judge(a, b, ok, warn, MIN_DIFF);
        // Opening and proposing less is letting them lead, which the
        // articles recommend: "much less" is judged on messages, words and
        // reply times only.
        if direction == Direction::YouLess && !matches!(name, "messages" | "words") {
            (status, direction) = (Status::Ok, Direction::Balanced);
        }
        out.push(Dimension {
            name,
            me: a,
            them: b,
            ratio,
            status,
            direction,
        });
    };
    add("messages", me.messages, them.messages);
    add("words", me.words, them.words);
    add("conversations_opened", me.opened, them.opened);
    add("questions", me.questions, them.questions);
    add("plans", me.plans, them.plans);
    add("calls", me.calls, them.calls);
    // Faster replies are more effort: the ratio is their time over yours.
    let (mut rm, mut rt) = (me.reply_minutes, them.reply_minutes);
    let (mm, mt) = (median(&mut rm), median(&mut rt));
    let (ratio, status, direction) = match (mm, mt) {
        (Some(a), Some(b))
            if rm.len().min(rt.len()) as f64 >= MIN_COUNT && (a - b).abs() >= MIN_MINUTES =>
        {
            let (r, s, d) = judge(b.max(1.0), a.max(1.0), ok, warn, 0.0);
            (r, s, d)
        }
        (Some(a), Some(b)) => (
            Some(round2(b.max(1.0) / a.max(1.0))),
            Status::Ok,
            Direction::NotJudged,
        ),
        _ => (None, Status::Ok, Direction::NotJudged),
    };
    out.push(Dimension {
        name: "median_reply_minutes",
        me: round2(mm.unwrap_or(0.0)),
        them: round2(mt.unwrap_or(0.0)),
        ratio,
        status,
        direction,
    });
    out
}

fn words_per_message(ctx: &Context, range: std::ops::Range<usize>) -> Sides {
    let [me, them] = tally(ctx, range);
    let avg = |t: &Tally| (t.text_messages > 0.0).then(|| round2(t.words / t.text_messages));
    Sides {
        me: avg(&me),
        them: avg(&them),
    }
}

fn describe(ctx: &Context, dims: &[Dimension], wpm: &Sides, days: u32) -> String {
    let them = &ctx.them;
    let worst = dims
        .iter()
        .filter(|d| d.status != Status::Ok)
        .max_by(|a, b| {
            a.status.cmp(&b.status).then(
                a.ratio
                    .unwrap_or(f64::MAX)
                    .total_cmp(&b.ratio.unwrap_or(f64::MAX)),
            )
        });
    let Some(d) = worst else {
        return match (wpm.me, wpm.them) {
            (Some(a), Some(b)) => format!(
                "Balanced over the last {days} days: {them} averages {b:.0} words a message and you average {a:.0}. Keep matching their pace."
            ),
            _ => format!("Too few messages in the last {days} days to compare your effort with theirs."),
        };
    };
    if d.direction == Direction::YouLess {
        return format!(
            "Over the last {days} days you give clearly less than {them} on {}: you {:.0}, {them} {:.0}. If that is you pulling back, be honest with them about it.",
            d.name.replace('_', " "),
            d.me,
            d.them
        );
    }
    // None when they gave nothing: the counts say it ("6 to their 0").
    let times = d.ratio.map(|r| format!("{r:.1}×"));
    let detail = match d.name {
        "words" => match (wpm.me, wpm.them) {
            (Some(a), Some(b)) => {
                format!("{them} averages {b:.0} words a message; you average {a:.0}")
            }
            _ => format!("you wrote {:.0} words to their {:.0}", d.me, d.them),
        },
        "messages" => format!("you sent {:.0} messages to their {:.0}", d.me, d.them),
        "conversations_opened" => format!(
            "you opened {:.0} conversations to their {:.0}",
            d.me, d.them
        ),
        "questions" => format!("you asked {:.0} questions to their {:.0}", d.me, d.them),
        "plans" => format!("you proposed {:.0} plans to their {:.0}", d.me, d.them),
        "calls" => format!("you called {:.0} times to their {:.0}", d.me, d.them),
        _ => format!(
            "you answer in {:.0} minutes (median) and {them} in {:.0}",
            d.me, d.them
        ),
    };
    let times = match times {
        Some(t) if d.name != "median_reply_minutes" => format!(" ({t} their effort)"),
        _ => String::new(),
    };
    format!(
        "Over the last {days} days {detail}{times}. Mirroring means matching them: write about as often and as much as they do, and let them lead."
    )
}

/// "Since the key date" looks back at most this many days. Mirroring is
/// about how you text with each other now; a key date years back would
/// otherwise make every report read (and weigh the words of) years of
/// messages, for a comparison nobody acts on.
pub const SINCE_EVENT_MAX_DAYS: i64 = 90;

/// Compares your effort with theirs.
pub fn check(ctx: &Context) -> Mirroring {
    let days = ctx.th().mirror_days;
    let range = ctx.last_days(f64::from(days));
    let dims = dimensions(ctx, range.clone());
    let since_event_from = ctx.event.map(|e| {
        let floor = pullaway_chat::Date::from_days(ctx.now().day_number() - SINCE_EVENT_MAX_DAYS);
        e.max(floor)
    });
    let since_event =
        since_event_from.map(|from| dimensions(ctx, ctx.first_at(from.start())..ctx.msgs.len()));
    let wpm = words_per_message(ctx, range.clone());
    let count = |side| {
        ctx.msgs[range.clone()]
            .iter()
            .filter(|m| m.side == side)
            .count()
    };
    let judged = count(crate::timeline::Side::Me).min(count(crate::timeline::Side::Them)) >= 5;
    let status = if judged {
        dims.iter().map(|d| d.status).max().unwrap_or(Status::Ok)
    } else {
        Status::Ok
    };
    let summary = if judged {
        describe(ctx, &dims, &wpm, days)
    } else {
        format!(
            "Not enough to judge yet: mirroring needs at least 5 messages from each of you in the last {days} days."
        )
    };
    Mirroring {
        status,
        window_days: days,
        dimensions: dims,
        since_event,
        since_event_from: since_event_from.map(|d| d.to_string()),
        words_per_message: wpm,
        judged,
        summary,
    }
}

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
/// A lean must be beyond chance: two-sided p under this, about 5% shared
/// over the seven dimensions (Bonferroni). Without it, 40–46% of steady,
/// balanced chats were told they over-invest ("you asked 10 questions to
/// their 6", "you answer in 4 minutes and Sam in 30"; `pullaway-eval
/// balanced`).
const CHANCE: f64 = 0.01;

/// Two-sided exact binomial p of a split `a`:`b` of counts against even.
fn split_p(a: f64, b: f64) -> f64 {
    let n = a + b;
    if n <= 0.0 {
        return 1.0;
    }
    let k = a.min(b);
    (2.0 * crate::stats::binom_cdf(k, n, 0.5)).min(1.0)
}

/// Two-sided p of two means (Welch, normal approximation) from counts,
/// sums and sums of squares.
fn means_p(n1: f64, s1: f64, q1: f64, n2: f64, s2: f64, q2: f64) -> f64 {
    if n1 < 2.0 || n2 < 2.0 {
        return 1.0;
    }
    let var = |n: f64, s: f64, q: f64| ((q - s * s / n) / (n - 1.0)).max(0.0);
    let se = (var(n1, s1, q1) / n1 + var(n2, s2, q2) / n2).sqrt();
    if se <= 0.0 {
        return if (s1 / n1 - s2 / n2).abs() > 0.0 {
            0.0
        } else {
            1.0
        };
    }
    let z = (s1 / n1 - s2 / n2).abs() / se;
    2.0 * crate::stats::normal_cdf(-z)
}

/// Two-sided p of a Mann–Whitney test (normal approximation, ties
/// averaged) that one side's values run higher than the other's.
fn ranks_p(a: &[f64], b: &[f64]) -> f64 {
    let (n1, n2) = (a.len() as f64, b.len() as f64);
    if n1 < 2.0 || n2 < 2.0 {
        return 1.0;
    }
    let mut all: Vec<(f64, bool)> = a
        .iter()
        .map(|&x| (x, true))
        .chain(b.iter().map(|&x| (x, false)))
        .collect();
    all.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut rank_a = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j + 1 < all.len() && all[j + 1].0 == all[i].0 {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        rank_a += r * all[i..=j].iter().filter(|x| x.1).count() as f64;
        i = j + 1;
    }
    let u = rank_a - n1 * (n1 + 1.0) / 2.0;
    let z = (u - n1 * n2 / 2.0) / (n1 * n2 * (n1 + n2 + 1.0) / 12.0).sqrt();
    2.0 * crate::stats::normal_cdf(-z.abs())
}

#[derive(Default)]
struct Tally {
    messages: f64,
    words: f64,
    /// The sum of squared words per text message (for their spread).
    words_sq: f64,
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
            side.words_sq += f64::from(f.words).powi(2);
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
/// 1/`warn`), only with enough data, a difference that matters and a lean
/// beyond chance (`p`, two-sided, under `CHANCE`).
fn judge(
    me: f64,
    them: f64,
    ok: f64,
    warn: f64,
    min_diff: f64,
    p: f64,
) -> (Option<f64>, Status, Direction) {
    let ratio = (them > 0.0).then(|| round2(me / them));
    if me.max(them) < MIN_COUNT || (me - them).abs() < min_diff {
        return (ratio, Status::Ok, Direction::NotJudged);
    }
    let r = if them > 0.0 { me / them } else { f64::INFINITY };
    if (YOU_LESS..=ok).contains(&r) {
        return (ratio, Status::Ok, Direction::Balanced);
    }
    // A lean that chance gives as often is not graded either way.
    if p >= CHANCE {
        return (ratio, Status::Ok, Direction::NotJudged);
    }
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
    // You send clearly more messages, or clearly longer ones.
    let words_p = split_p(me.messages, them.messages).min(means_p(
        me.text_messages,
        me.words,
        me.words_sq,
        them.text_messages,
        them.words,
        them.words_sq,
    ));
    let mut add = |name, a: f64, b: f64| {
        let p = if name == "words" {
            words_p
        } else {
            split_p(a, b)
        };
        let (ratio, mut status, mut direction) = judge(a, b, ok, warn, MIN_DIFF, p);
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
            let p = ranks_p(&rm, &rt);
            judge(b.max(1.0), a.max(1.0), ok, warn, 0.0, p)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lean_chance_gives_is_not_graded_and_a_clear_one_is() {
        // Ten questions of yours to six of theirs: chance gives that often.
        let (_, status, direction) = judge(10.0, 6.0, 1.25, 1.5, MIN_DIFF, split_p(10.0, 6.0));
        assert_eq!((status, direction), (Status::Ok, Direction::NotJudged));
        // Twenty to two is not chance.
        let (_, status, direction) = judge(20.0, 2.0, 1.25, 1.5, MIN_DIFF, split_p(20.0, 2.0));
        assert_eq!((status, direction), (Status::Alert, Direction::YouMore));
        // Within the ok ratio it is balanced, whatever the test says.
        let (_, status, direction) = judge(16.0, 13.0, 1.25, 1.5, MIN_DIFF, 1.0);
        assert_eq!((status, direction), (Status::Ok, Direction::Balanced));
    }

    #[test]
    fn the_tests_tell_even_from_lopsided() {
        assert!(split_p(8.0, 8.0) > 0.99);
        assert!(split_p(20.0, 2.0) < 0.001);
        // Reply minutes: one side always within 5, the other always over 30.
        let fast: Vec<f64> = (0..12).map(|k| 1.0 + f64::from(k % 5)).collect();
        let slow: Vec<f64> = (0..12).map(|k| 30.0 + f64::from(k)).collect();
        assert!(ranks_p(&fast, &slow) < 0.001);
        assert!(ranks_p(&fast, &fast) > 0.9);
        // Message lengths: 3 words against 12, each with a little spread.
        let (n, s1, q1) = (20.0, 60.0, 20.0 * 9.0 + 20.0);
        let (s2, q2) = (240.0, 20.0 * 144.0 + 20.0);
        assert!(means_p(n, s1, q1, n, s2, q2) < 0.001);
        assert!(means_p(n, s1, q1, n, s1, q1) > 0.99);
    }
}

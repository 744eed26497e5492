//! Steady, balanced chats built from conversations, and what pullaway tells
//! the user about them. Nobody withdraws in these chats, so every "give
//! space", "let go" or "be honest", every clinginess warning and every
//! "pulling away" is a false alarm a worried person would read.
//!
//! The generator: 60 days; busy and quiet days come in runs (an AR(1) log
//! day factor times a Gamma draw), weekends differ, a shared 3–7 day holiday
//! in a third of the chats; conversations start at daily-rhythm times
//! (morning, lunch, evening), opened by either person with equal chance;
//! inside one, turns of 1–3 messages with log-normal reply times (median 4
//! minutes, some hours late); a quarter of the messages ask something (and
//! nearly always get an answer, if only hours later); the
//! evening ones often end on "good night".

use pullaway_chat::{Chat, Date, Kind, LocalTime};
use pullaway_coach::{analyze, Options};
use pullaway_synth::{normal, Rng};

use crate::gamma_mean1;
use crate::realistic::wilson;

const DAY: i64 = 86_400;

/// Reply latency in seconds: log-normal, median 4 minutes; one in ten hours late.
fn latency(rng: &mut Rng) -> i64 {
    let base = (4.0 * 60.0 * (1.2 * normal(rng)).exp()) as i64;
    if rng.chance(0.1) {
        base + 3600 + rng.below(4 * 3600) as i64
    } else {
        base.clamp(20, 3 * 3600)
    }
}

const QUESTIONS: &[&str] = &[
    "how was your day?",
    "what are you up to?",
    "did you see the game?",
    "any plans for the weekend?",
    "how did the meeting go?",
];
const STATEMENTS: &[&str] = &[
    "haha yes",
    "same here",
    "that sounds great",
    "I just got home",
    "work was long today",
    "the new cafe was nice",
    "I'm cooking pasta",
    "ok cool",
];

/// One steady, balanced chat and a "now" at its end.
pub fn build(seed: u64, per_day: f64) -> (Chat, LocalTime, Date) {
    let mut rng = Rng::new(seed);
    let mut chat = Chat::new("balanced", "Sam", "eval");
    let me = chat.person("Robin");
    let them = chat.person("Sam");
    chat.contact = Some("Sam".into());
    let start = Date::new(2024, 1, 1).expect("valid");
    let days = 60;
    let holiday = rng
        .chance(1.0 / 3.0)
        .then(|| (35 + rng.below(15) as i64, 3 + rng.below(5) as i64));
    let mut log_f = 0.0;
    for day in 0..days {
        log_f = 0.6 * log_f + 0.5 * normal(&mut rng);
        if holiday.is_some_and(|(from, len)| day >= from && day < from + len) {
            continue;
        }
        let d0 = (start.days() + day) * DAY;
        let weekend = LocalTime(d0).weekday() >= 5;
        let factor = log_f.exp() * gamma_mean1(&mut rng, 2.0) * if weekend { 0.7 } else { 1.0 };
        let n = rng.poisson(per_day * factor);
        let mut t = d0 + 7 * 3600 + rng.below(3 * 3600) as i64;
        for _ in 0..n {
            // The next conversation later in the day (morning, lunch, evening).
            t += 2 * 3600 + rng.below(5 * 3600) as i64;
            if t > d0 + 23 * 3600 {
                break;
            }
            let mut speaker = if rng.chance(0.5) { me } else { them };
            let turns = 1 + rng.poisson(3.0) as usize;
            let mut s = t;
            for k in 0..turns {
                let msgs = 1 + rng.below(3);
                for m in 0..msgs {
                    let last = k + 1 == turns && m + 1 == msgs;
                    let evening = s - d0 > 21 * 3600;
                    // A question at the very end goes unanswered: people mostly
                    // answer them, so only one conversation end in ten may ask.
                    let text = if last && evening && rng.chance(0.6) {
                        "good night"
                    } else if (!last || rng.chance(0.1)) && rng.chance(0.25) {
                        QUESTIONS[rng.below(QUESTIONS.len())]
                    } else {
                        STATEMENTS[rng.below(STATEMENTS.len())]
                    };
                    chat.push(
                        1,
                        LocalTime(s - s.rem_euclid(60)),
                        Some(speaker),
                        Kind::Text,
                        text,
                    );
                    s += 20 + rng.below(90) as i64;
                }
                speaker = if speaker == me { them } else { me };
                s += latency(&mut rng);
            }
            t = t.max(s);
        }
    }
    chat.sort();
    let now = LocalTime((start.days() + days) * DAY + 10 * 3600);
    let e = Date::from_days(start.days() + 30);
    (chat, now, e)
}

/// Runs `reps` balanced chats and prints what users would be told.
pub fn run(reps: u64, seed: u64) {
    println!("pullaway-eval balanced: {reps} steady, balanced chats built from conversations (60 days, key date on day 30), seed {seed}");
    for per_day in [1.5, 3.0, 6.0] {
        let mut cling_ok = 0u64;
        let mut cling_alert = 0u64;
        let mut false_space = 0u64;
        let mut be_honest = 0u64;
        let mut pulling = 0u64;
        let mut steady_like = 0u64;
        let mut doubles = 0usize;
        let (mut mirror_warn, mut mirror_alert) = (0u64, 0u64);
        for r in 0..reps {
            let (chat, now, e) = build(seed * 1_000_003 + r, per_day);
            let mut opts = Options::new(now);
            opts.event = Some(e);
            opts.me = Some("Robin".into());
            opts.them = Some("Sam".into());
            let Ok(report) = analyze(&chat, &opts) else {
                continue;
            };
            use pullaway_coach::rules::Status;
            use pullaway_coach::trend::Verdict;
            use pullaway_coach::Action;
            let c = &report.rules.clinginess;
            cling_ok += u64::from(c.status == Status::Ok);
            cling_alert += u64::from(c.status == Status::Alert);
            doubles += c.double_texts;
            mirror_warn += u64::from(report.rules.mirroring.status == Status::Warn);
            mirror_alert += u64::from(report.rules.mirroring.status == Status::Alert);
            if std::env::var_os("EVAL_DEBUG_MIRROR").is_some()
                && report.rules.mirroring.status != Status::Ok
            {
                eprintln!(
                    "{:?}: {}",
                    report.rules.mirroring.status, report.rules.mirroring.summary
                );
            }
            if std::env::var_os("EVAL_DEBUG_CLING").is_some() && c.status != Status::Ok {
                eprintln!(
                    "{:?} share {:?} double {} unanswered {} updown {:?}",
                    c.status,
                    c.share_me,
                    c.double_texts,
                    c.unanswered_openers,
                    c.rate_change.as_ref().map(|r| r.you_up_they_down)
                );
            }
            let a = report.next_step.action;
            false_space += u64::from(matches!(a, Action::GiveSpace | Action::LetGo));
            if std::env::var_os("EVAL_DEBUG").is_some()
                && matches!(a, Action::GiveSpace | Action::LetGo | Action::BeHonest)
            {
                eprintln!(
                    "{a:?}: {:?} | last {:?}",
                    report.next_step.reasons.first(),
                    report.chat.last
                );
            }
            be_honest += u64::from(a == Action::BeHonest);
            pulling += u64::from(report.trend.verdict == Some(Verdict::PullingAway));
            steady_like += u64::from(matches!(
                report.trend.verdict,
                Some(Verdict::Steady | Verdict::BothQuieter) | None
            ));
        }
        let (lo, hi) = wilson(cling_ok, reps);
        let pct = |x: u64| 100.0 * x as f64 / reps as f64;
        println!("\n~{per_day} conversations a day:");
        println!(
            "  clinginess ok: {:.1}% (95% interval {:.1}–{:.1}%), alert {:.1}%; double texts per chat (30 days): {:.2}",
            pct(cling_ok),
            lo * 100.0,
            hi * 100.0,
            pct(cling_alert),
            doubles as f64 / reps as f64
        );
        println!(
            "  mirroring warn: {:.1}%, alert: {:.1}%",
            pct(mirror_warn),
            pct(mirror_alert)
        );
        let (lo, hi) = wilson(false_space, reps);
        println!(
            "  told to give space or let go: {:.1}% (95% interval {:.1}–{:.1}%); told to be honest: {:.1}%",
            pct(false_space),
            lo * 100.0,
            hi * 100.0,
            pct(be_honest)
        );
        let (lo, hi) = wilson(pulling, reps);
        println!(
            "  trend \"pulling away\": {:.1}% (95% interval {:.1}–{:.1}%); steady or both quieter: {:.1}%",
            pct(pulling),
            lo * 100.0,
            hi * 100.0,
            pct(steady_like)
        );
    }
}

//! `pullaway-eval`: how trustworthy is the verdict "pulling away"?
//!
//! Generates chats with a known truth — their message rate drops by 0-90% on
//! day E, baselines of 1-50 messages a day, 7-60 days before and after E,
//! bursty days (a Gamma-distributed daily multiplier) — runs the same trend
//! analysis and change-point detector as `pullaway report`, and prints:
//! the detection rate for every cell of drop × days × baseline rate, the false
//! "pulling away" rate on chats without change, and how often the detected
//! change day lands within ±3 days of the truth.
//!
//! Usage: `cargo run --release -p pullaway-eval -- [--reps N] [--seed S] [--burst K]`
//! (K is the Gamma shape of the daily multiplier: smaller is burstier), and
//! `cargo run --release -p pullaway-eval -- balanced [--reps N] [--seed S]`
//! for what steady, balanced chats are told (`balanced.rs`),
//! `realistic` for issue 11's goals on conversation-built chats
//! (`realistic.rs`), `calibration` for the levels of the trend's tests
//! behind them (`calibration.rs`) and `show SITUATION [--n N]` for the words
//! a user of such a chat reads (`show.rs`).

mod balanced;
mod calibration;
mod realistic;
mod show;

use pullaway_chat::{Chat, Date, Kind, LocalTime};
use pullaway_coach::trend::{analyze, detect_event, KeyDate};
use pullaway_coach::{with_context, Options};
use pullaway_synth::Rng;

const DAY: i64 = 86_400;

pub(crate) use pullaway_synth::gamma_mean1;

struct Case {
    rate: f64,
    drop: f64,
    before: u32,
    after: u32,
    burst: f64,
    seed: u64,
}

/// Builds a chat: each day has a few sessions; their messages (Poisson with
/// a bursty daily rate, cut by `drop` from E on) and mine (steady) fall into
/// those sessions, so conversations, openers and replies look like a chat.
fn build(c: &Case) -> (Chat, Date, LocalTime) {
    let mut rng = Rng::new(c.seed);
    let mut chat = Chat::new("eval", "Sam", "eval");
    let me = chat.person("Robin");
    let them = chat.person("Sam");
    chat.contact = Some("Sam".into());
    let start = Date::new(2024, 1, 1).expect("valid");
    let e = Date::from_days(start.days() + i64::from(c.before));
    let days = c.before + c.after;
    let my_rate = c.rate.clamp(1.0, 20.0);
    // Both people say hello on the first day, so the chat has two participants.
    let t0 = start.days() * DAY + 8 * 3600;
    chat.push(1, LocalTime(t0), Some(them), Kind::Text, "hi!");
    chat.push(1, LocalTime(t0 + 120), Some(me), Kind::Text, "hey :)");
    for day in 0..days {
        let day0 = (start.days() + i64::from(day)) * DAY;
        let mult = gamma_mean1(&mut rng, c.burst);
        let theirs = c.rate * mult * if day >= c.before { 1.0 - c.drop } else { 1.0 };
        let n_them = rng.poisson(theirs);
        let my_mult = gamma_mean1(&mut rng, c.burst);
        let n_me = rng.poisson(my_rate * my_mult);
        let sessions = 1 + rng.poisson(((n_them + n_me) as f64 / 8.0).min(4.0)) as usize;
        let starts: Vec<i64> = (0..sessions)
            .map(|k| day0 + 8 * 3600 + (k as i64) * 4 * 3600 + rng.below(3600) as i64)
            .collect();
        let mut msgs: Vec<(i64, bool)> = Vec::new();
        for (n, mine) in [(n_them, false), (n_me, true)] {
            for _ in 0..n {
                let s = starts[rng.below(sessions)];
                msgs.push((s + rng.below(90 * 60) as i64, mine));
            }
        }
        msgs.sort_unstable();
        for (t, mine) in msgs {
            let text = if rng.chance(0.25) {
                "how was your day?"
            } else {
                "haha yes, same here"
            };
            chat.push(
                1,
                LocalTime(t - t.rem_euclid(60)),
                Some(if mine { me } else { them }),
                Kind::Text,
                text,
            );
        }
    }
    chat.sort();
    let now = LocalTime((start.days() + i64::from(days)) * DAY - 60);
    (chat, e, now)
}

struct Outcome {
    pulling: bool,
    /// Without E: detected a change and then called "pulling away" at it.
    pulling_without_e: bool,
    /// Detected change day minus true E, in days (None: nothing detected).
    detected_offset: Option<i64>,
}

fn evaluate(c: &Case, detect: bool) -> Outcome {
    let (chat, e, now) = build(c);
    let mut opts = Options::new(now);
    opts.seed = c.seed;
    with_context(&chat, &opts, |ctx| {
        let t = analyze(
            ctx,
            Some(KeyDate {
                date: e,
                detected: None,
            }),
        );
        let detected = if detect { detect_event(ctx) } else { None };
        let detected_offset = detected.as_ref().map(|(d, _)| d.days() - e.days());
        let pulling_without_e = detected.is_some_and(|(d, cp)| {
            analyze(
                ctx,
                Some(KeyDate {
                    date: d,
                    detected: Some(cp.probability),
                }),
            )
            .verdict
                == Some(pullaway_coach::trend::Verdict::PullingAway)
        });
        Outcome {
            pulling: t.verdict == Some(pullaway_coach::trend::Verdict::PullingAway),
            pulling_without_e,
            detected_offset,
        }
    })
    .expect("two people")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: f64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let reps = arg("--reps", 40.0) as u64;
    let seed = arg("--seed", 1.0) as u64;
    if args.get(1).is_some_and(|a| a == "balanced") {
        balanced::run(arg("--reps", 300.0) as u64, seed);
        return;
    }
    if args.get(1).is_some_and(|a| a == "show") {
        let which = args.get(2).map_or("steady", |s| s.as_str());
        let with_event = !args.iter().any(|a| a == "--no-event");
        if let Err(e) = show::run(which, arg("--n", 6.0) as u64, seed, with_event) {
            eprintln!("pullaway-eval show: {e}");
            std::process::exit(2);
        }
        return;
    }
    if args.get(1).is_some_and(|a| a == "calibration") {
        calibration::run(
            arg("--reps", 400.0) as u64,
            seed,
            realistic::engagement_for(0.3),
        );
        return;
    }
    if args.get(1).is_some_and(|a| a == "realistic") {
        let fixtures = args
            .iter()
            .position(|a| a == "--fixtures")
            .and_then(|i| args.get(i + 1))
            .map(std::path::PathBuf::from);
        realistic::report(arg("--reps", 20.0) as u64, seed, fixtures.as_deref());
        return;
    }
    let burst = arg("--burst", 3.0);
    let drops = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    let rates = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0];
    let spans = [7u32, 14, 30, 60];
    println!("pullaway-eval: {reps} chats per cell, seed {seed}, daily multiplier Gamma(shape {burst}) (CV {:.2})", 1.0 / burst.sqrt());
    println!("\nShare of chats called \"pulling away\" (rows: drop; columns: days before = days after / baseline messages a day)");
    let mut header = format!("{:>6}", "drop");
    for &d in &spans {
        for &r in &rates {
            header.push_str(&format!(" {:>6}", format!("{d}d/{r}")));
        }
    }
    println!("{header}");
    let mut null_calls = 0u64;
    let mut null_total = 0u64;
    let mut power_ok = (0u64, 0u64);
    let mut cp = (0u64, 0u64);
    let mut null_detect = (0u64, 0u64);
    let mut null_detect_pull = 0u64;
    let mut cp_by_rate: Vec<(u64, u64, u64)> = vec![(0, 0, 0); rates.len()];
    let mut case_seed = seed * 1_000_003;
    for &drop in &drops {
        let mut row = format!("{:>5.0}%", drop * 100.0);
        for &span in &spans {
            for &rate in &rates {
                let mut hits = 0;
                for _ in 0..reps {
                    case_seed += 1;
                    let c = Case {
                        rate,
                        drop,
                        before: span,
                        after: span,
                        burst,
                        seed: case_seed,
                    };
                    let detect = (drop >= 0.6 || drop == 0.0) && span >= 14 && rate >= 2.0;
                    let o = evaluate(&c, detect);
                    hits += u64::from(o.pulling);
                    if drop == 0.0 {
                        null_total += 1;
                        null_calls += u64::from(o.pulling);
                        if detect {
                            null_detect.1 += 1;
                            null_detect.0 += u64::from(o.detected_offset.is_some());
                            null_detect_pull += u64::from(o.pulling_without_e);
                        }
                    }
                    if drop >= 0.5 && span >= 14 && rate >= 5.0 {
                        power_ok.1 += 1;
                        power_ok.0 += u64::from(o.pulling);
                    }
                    if detect && drop >= 0.6 {
                        let ok = o.detected_offset.is_some_and(|d| d.abs() <= 3);
                        cp.1 += 1;
                        cp.0 += u64::from(ok);
                        let k = rates
                            .iter()
                            .position(|&r| r == rate)
                            .expect("a rate of the grid");
                        cp_by_rate[k].0 += u64::from(ok);
                        cp_by_rate[k].1 += 1;
                        cp_by_rate[k].2 += u64::from(o.detected_offset.is_none());
                    }
                }
                row.push_str(&format!(" {:>6.0}", 100.0 * hits as f64 / reps as f64));
            }
        }
        println!("{row}");
    }
    let pct = |a: u64, b: u64| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "\nFalse \"pulling away\" on chats without change: {:.1}% ({null_calls} of {null_total})",
        pct(null_calls, null_total)
    );
    println!(
        "Power for drops >= 50%, >= 14 days each side, baseline >= 5/day: {:.1}% ({} of {})",
        pct(power_ok.0, power_ok.1),
        power_ok.0,
        power_ok.1
    );
    println!(
        "Without E, drops >= 60% (>= 14 days each side, >= 2/day): change day within ±3 days of the truth in {:.1}% ({} of {})",
        pct(cp.0, cp.1),
        cp.0,
        cp.1
    );
    let (ok5, n5) = cp_by_rate
        .iter()
        .zip(&rates)
        .filter(|(_, &r)| r >= 5.0)
        .fold((0, 0), |a, (c, _)| (a.0 + c.0, a.1 + c.1));
    println!("Without E, drops >= 60% (>= 14 days each side, >= 5/day): change day within ±3 days of the truth in {:.1}% ({ok5} of {n5})", pct(ok5, n5));
    println!(
        "Without E, chats without change (>= 14 days each side, >= 2/day): a change was detected in {:.1}% and \"pulling away\" called in {:.1}% ({} of {})",
        pct(null_detect.0, null_detect.1),
        pct(null_detect_pull, null_detect.1),
        null_detect_pull,
        null_detect.1
    );
    for (k, &(ok, n, none)) in cp_by_rate.iter().enumerate() {
        if n > 0 {
            println!(
                "  baseline {:>2}/day: within ±3 days {:.1}%, no change found {:.1}%",
                rates[k],
                pct(ok, n),
                pct(none, n)
            );
        }
    }
}

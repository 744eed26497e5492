//! The trend scored on chats built from conversations (`pullaway_synth::live`):
//! for each situation of issue 11's goals, how often pullaway's verdict is
//! wrong or right, with Wilson 95% intervals, over a grid of baselines of
//! 14–30 days, 14–21 days after, and 2–10 of their messages a day. Also the
//! generator's realism next to the real public chats that are long enough.

use pullaway_chat::{Chat, Date};
use pullaway_coach::trend::{Strength, Verdict};
use pullaway_coach::{analyze, split, timeline, Options};
use pullaway_synth::{live, Life, Lived};

/// Wilson score interval for a proportion.
pub fn wilson(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (k, n, z) = (k as f64, n as f64, 1.96f64);
    let p = k / n;
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z * ((p * (1.0 - p) + z * z / (4.0 * n)) / n).sqrt() / d;
    ((c - h).max(0.0), (c + h).min(1.0))
}

/// "4.2% (2.9–6.0)".
pub fn pct(k: u64, n: u64) -> String {
    let (lo, hi) = wilson(k, n);
    format!(
        "{:.1}% ({:.1}–{:.1}), {k} of {n}",
        100.0 * k as f64 / n.max(1) as f64,
        lo * 100.0,
        hi * 100.0
    )
}

/// The grid every situation runs over: (days before, days after, their rate).
fn grid() -> Vec<(u32, u32, f64)> {
    let mut g = Vec::new();
    for before in [14, 21, 30] {
        for after in [14, 21] {
            for rate in [2.0, 5.0, 10.0] {
                g.push((before, after, rate));
            }
        }
    }
    g
}

/// What the report said about one chat.
struct Said {
    /// The signals that got clearly worse.
    worse: Vec<&'static str>,
    /// Their message rate and their share of messages fell clearly.
    them_down: bool,
    share_down: bool,
    verdict: Option<Verdict>,
    strength: Option<Strength>,
    /// Without E: the detected change day minus the true E (None: none found).
    detected_offset: Option<i64>,
}

/// How a generated chat is analysed: as of its end, Robin and Sam, with
/// the true key date or (without `with_event`) none.
pub fn options(l: &Life, lived: &Lived, with_event: bool) -> Options {
    let mut opts = Options::new(lived.now);
    opts.seed = l.seed;
    opts.me = Some("Robin".into());
    opts.them = Some("Sam".into());
    if with_event {
        opts.event = Some(lived.event);
    }
    opts
}

fn judge(l: &Life, with_event: bool) -> Said {
    let lived = live(l);
    let opts = options(l, &lived, with_event);
    let Ok(r) = analyze(&lived.chat, &opts) else {
        return Said {
            worse: Vec::new(),
            them_down: false,
            share_down: false,
            verdict: None,
            strength: None,
            detected_offset: None,
        };
    };
    let detected_offset = r
        .change_point
        .as_ref()
        .and_then(|e| Date::parse(&e.date))
        .map(|d| d.days() - lived.event.days());
    let worse = |name: &str| r.trend.signals.iter().any(|s| s.name == name && s.worse);
    Said {
        worse: r
            .trend
            .signals
            .iter()
            .filter(|s| s.worse)
            .map(|s| s.name)
            .collect(),
        them_down: worse("messages_per_day"),
        share_down: worse("share_of_messages"),
        verdict: r.trend.verdict,
        strength: r.trend.strength,
        detected_offset,
    }
}

/// Runs `reps` chats per grid cell of a situation; `f` sets the situation.
fn run(reps: u64, seed: u64, with_event: bool, f: impl Fn(&mut Life)) -> Vec<(Life, Said)> {
    let mut out = Vec::new();
    let mut s = seed.wrapping_mul(1_000_003);
    for (before, after, rate) in grid() {
        for _ in 0..reps {
            s += 1;
            let mut l = Life::steady(s, rate, before, after);
            f(&mut l);
            let said = judge(&l, with_event);
            out.push((l, said));
        }
    }
    out
}

fn count<'a>(
    rs: impl IntoIterator<Item = &'a (Life, Said)>,
    p: impl Fn(&Life, &Said) -> bool,
) -> (u64, u64) {
    let (mut k, mut n) = (0, 0);
    for (l, s) in rs {
        n += 1;
        k += u64::from(p(l, s));
    }
    (k, n)
}

/// Realism of a chat: dispersion of their daily counts (variance over mean),
/// messages per conversation, share of days without a message, your share of
/// the openers.
pub struct Realism {
    pub dispersion: f64,
    pub per_conversation: f64,
    pub empty_days: f64,
    pub opener_share: f64,
    pub days: usize,
}

pub fn realism(chat: &Chat, me: Option<&str>, them: Option<&str>) -> Option<Realism> {
    let pair = pullaway_coach::resolve_pair(chat, me, them).ok()?;
    let msgs = timeline(chat, pair);
    let first = msgs.first()?.time.day_number();
    let last = msgs.last()?.time.day_number();
    let days = (last - first + 1) as usize;
    let mut theirs = vec![0.0; days];
    let mut all = vec![0u32; days];
    for m in &msgs {
        let k = (m.time.day_number() - first) as usize;
        all[k] += 1;
        if m.side == pullaway_coach::Side::Them {
            theirs[k] += 1.0;
        }
    }
    let mean = theirs.iter().sum::<f64>() / days as f64;
    let var = theirs.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / (days as f64 - 1.0).max(1.0);
    let convs = split(&msgs, 6 * 3600, 24 * 3600);
    let mine = convs.opened_by(pullaway_coach::Side::Me) as f64;
    Some(Realism {
        dispersion: var / mean.max(1e-9),
        per_conversation: msgs.len() as f64 / convs.list.len().max(1) as f64,
        empty_days: all.iter().filter(|&&c| c == 0).count() as f64 / days as f64,
        opener_share: mine / convs.list.len().max(1) as f64,
        days,
    })
}

fn print_realism(fixtures: Option<&std::path::Path>) {
    println!("\nRealism (their daily counts' variance ÷ mean; Poisson is 1):");
    println!(
        "{:<44} {:>6} {:>10} {:>9} {:>9} {:>6}",
        "chat", "disp", "msgs/conv", "empty d", "my open", "days"
    );
    let mut s = 11;
    for rate in [2.0, 5.0, 10.0] {
        for _ in 0..3 {
            s += 1;
            let lived = live(&Life::steady(s, rate, 30, 30));
            if let Some(r) = realism(&lived.chat, Some("Robin"), Some("Sam")) {
                println!(
                    "{:<44} {:>6.1} {:>10.1} {:>8.0}% {:>8.0}% {:>6}",
                    format!("generated, {rate}/day, seed {s}"),
                    r.dispersion,
                    r.per_conversation,
                    r.empty_days * 100.0,
                    r.opener_share * 100.0,
                    r.days
                );
            }
        }
    }
    let Some(dir) = fixtures else {
        return;
    };
    let mut files: Vec<std::path::PathBuf> = walk(dir);
    files.sort();
    for f in files {
        let Ok(chats) = pullaway_import::import_path(&f) else {
            continue;
        };
        for chat in chats {
            // Chats long enough to say something (200+ messages): for a
            // group, the two most active people, as a pair.
            if chat.message_count() < 200 {
                continue;
            }
            let counts = chat.counts();
            let mut people = chat.participants();
            people.sort_by_key(|p| std::cmp::Reverse(counts[p.0 as usize]));
            if people.len() < 2 {
                continue;
            }
            let (a, b) = (
                chat.name_of(people[0]).to_owned(),
                chat.name_of(people[1]).to_owned(),
            );
            let group = people.len() > 2;
            let Some(r) = realism(&chat, Some(&a), Some(&b)) else {
                continue;
            };
            if r.days < 30 {
                continue;
            }
            let name = f.strip_prefix(dir).unwrap_or(&f).display().to_string();
            println!(
                "{:<44} {:>6.1} {:>10.1} {:>8.0}% {:>8.0}% {:>6}",
                format!(
                    "{}: {}",
                    if group { "group" } else { "real" },
                    clip(&name, 36)
                ),
                r.dispersion,
                r.per_conversation,
                r.empty_days * 100.0,
                r.opener_share * 100.0,
                r.days
            );
        }
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let tail: String = s
            .chars()
            .rev()
            .take(n - 1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("…{tail}")
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| {
            ["txt", "json", "xml", "csv", "zip"].contains(&x.to_string_lossy().as_ref())
        }) {
            out.push(p);
        }
    }
    out
}

/// Their realized messages-a-day ratio (after ÷ before, pooled over `n`
/// chats at 5 a day) for an engagement factor: engagement compounds (fewer
/// openers, fewer answers, shorter stays), so "their messages fell by 70%"
/// needs an engagement of about 0.55, not 0.3.
fn realized(after: f64, n: u64) -> f64 {
    let (mut b, mut a) = (0.0f64, 0.0f64);
    for s in 0..n {
        let mut l = Life::steady(500_000 + s * 7919, 5.0, 30, 30);
        l.their_after = after;
        let lived = live(&l);
        let e = lived.event.start();
        for m in lived.chat.messages() {
            if m.sender() == Some(pullaway_chat::PersonId(1)) {
                if m.time < e {
                    b += 1.0;
                } else {
                    a += 1.0;
                }
            }
        }
    }
    a / b.max(1.0)
}

/// The engagement factor whose realized message ratio is `target`
/// (bisection on the monotone map above).
pub fn engagement_for(target: f64) -> f64 {
    let (mut lo, mut hi) = (0.05, 1.0);
    for _ in 0..12 {
        let mid = (lo + hi) / 2.0;
        if realized(mid, 150) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

/// Prints every goal of issue 11 with its measured rate.
pub fn report(reps: u64, seed: u64, fixtures: Option<&std::path::Path>) {
    let cells = grid().len();
    println!("pullaway-eval realistic: chats built from conversations (crates/synth/src/convo.rs), {reps} per cell × {cells} cells (14/21/30 days before × 14/21 after × 2/5/10 of their messages a day), seed {seed}");
    let e70 = engagement_for(0.3);
    let e50 = engagement_for(0.5);
    let e20 = engagement_for(0.8);
    let e35 = engagement_for(0.65);
    println!(
        "  engagement for a realized drop of their messages: 70% → {e70:.2}, 50% → {e50:.2}, 35% → {e35:.2}, 20% → {e20:.2}"
    );
    let pulling = |s: &Said| s.verdict == Some(Verdict::PullingAway);
    let line = |what: &str, goal: &str, (k, n): (u64, u64)| {
        println!("  {what:<62} {:<28} goal {goal}", pct(k, n));
    };

    let steady = run(reps, seed, true, |_| {});
    line(
        "steady chat: \"pulling away\"",
        "≤ 3%",
        count(&steady, |_, s| pulling(s)),
    );
    line(
        "  of which on their silence alone (7+ days, past 95% of pauses)",
        "",
        count(&steady, |_, s| {
            pulling(s) && !s.worse.contains(&"rate_and_share_together")
        }),
    );
    line(
        "steady chat: \"both quieter\"",
        "",
        count(&steady, |_, s| s.verdict == Some(Verdict::BothQuieter)),
    );
    line(
        "steady chat: \"you are pulling away\"",
        "",
        count(&steady, |_, s| s.verdict == Some(Verdict::YouPullingAway)),
    );
    let holiday = run(reps, seed + 1, true, |l| l.holiday = Some((3, 7)));
    line(
        "shared 7-day holiday after E: \"pulling away\"",
        "≤ 5%",
        count(&holiday, |_, s| pulling(s)),
    );
    line(
        "  of which on their silence alone",
        "",
        count(&holiday, |_, s| {
            pulling(s) && !s.worse.contains(&"rate_and_share_together")
        }),
    );
    let doubled = run(reps, seed + 2, true, |l| l.my_after = 2.0);
    line(
        "you double your texting, they don't: \"warming up\"",
        "≤ 5%",
        count(&doubled, |_, s| s.verdict == Some(Verdict::WarmingUp)),
    );
    line(
        "you double your texting, they don't: \"pulling away\"",
        "",
        count(&doubled, |_, s| pulling(s)),
    );
    let both = run(reps, seed + 3, true, |l| {
        l.their_after = e50;
        l.my_after = e50;
    });
    line(
        "both cool down by half: \"pulling away\"",
        "≤ 20%",
        count(&both, |_, s| pulling(s)),
    );
    line(
        "both cool down by half: \"both quieter\"",
        "(the answer)",
        count(&both, |_, s| s.verdict == Some(Verdict::BothQuieter)),
    );
    let drop70 = run(reps, seed + 4, true, |l| l.their_after = e70);
    line(
        "they drop 70%: \"pulling away\"",
        "≥ 85%",
        count(&drop70, |_, s| pulling(s)),
    );
    line(
        "they drop 70%: \"strong\" among the pulling-away calls",
        "",
        count(drop70.iter().filter(|(_, s)| pulling(s)), |_, s| {
            s.strength == Some(Strength::Strong)
        }),
    );
    line(
        "they drop 70%: their rate clearly down",
        "",
        count(&drop70, |_, s| s.them_down),
    );
    line(
        "they drop 70%: their share clearly down",
        "",
        count(&drop70, |_, s| s.share_down),
    );
    line(
        "they drop 70%: rate and share together clearly down",
        "",
        count(&drop70, |_, s| s.worse.contains(&"rate_and_share_together")),
    );
    if std::env::var_os("EVAL_SIGNALS").is_some() {
        for name in [
            "active_day_share",
            "conversations_opened_per_week",
            "reply_rate",
            "median_reply_minutes",
            "words_per_message",
            "questions_per_day",
        ] {
            line(
                &format!("  drop 70%: {name} worse"),
                "",
                count(&drop70, |_, s| s.worse.contains(&name)),
            );
            line(
                &format!("  steady: {name} worse"),
                "",
                count(&steady, |_, s| s.worse.contains(&name)),
            );
        }
    }
    let drop50 = run(reps, seed + 5, true, |l| l.their_after = e50);
    line(
        "they drop 50%, ≥ 5 a day: \"pulling away\"",
        "≥ 50%",
        count(
            drop50.iter().filter(|(l, _)| l.their_rate >= 5.0),
            |_, s| pulling(s),
        ),
    );
    line(
        "they drop 50%, all rates: \"pulling away\"",
        "",
        count(&drop50, |_, s| pulling(s)),
    );
    let silent = run(reps, seed + 6, true, |l| l.their_final_silence = 12);
    line(
        "12 days of total silence from them: \"steady\"",
        "≤ 2%",
        count(&silent, |_, s| s.verdict == Some(Verdict::Steady)),
    );
    let fading = run(reps, seed + 7, true, |l| l.my_after = e50);
    line(
        "you fade (-50%), they keep on: \"you pulling away\"",
        "(the answer)",
        count(&fading, |_, s| s.verdict == Some(Verdict::YouPullingAway)),
    );
    line(
        "you fade (-50%), they keep on: \"pulling away\" (them)",
        "",
        count(&fading, |_, s| pulling(s)),
    );
    let mild = run(reps, seed + 8, true, |l| {
        l.their_after = e35 + (e20 - e35) * ((l.seed % 4) as f64 / 3.0)
    });
    let calls: Vec<&(Life, Said)> = mild.iter().filter(|(_, s)| pulling(s)).collect();
    let mild_calls = calls
        .iter()
        .filter(|(_, s)| s.strength == Some(Strength::Mild))
        .count() as u64;
    line(
        "20–35% drops: \"pulling away\" at all",
        "",
        count(&mild, |_, s| pulling(s)),
    );
    line(
        "20–35% drops: \"mild\" among the pulling-away calls",
        "≥ 30%",
        (mild_calls, calls.len() as u64),
    );

    println!("\n  without a key date (the change point):");
    let steady_no_e = run(reps, seed + 9, false, |_| {});
    line(
        "steady chat: a change detected",
        "≤ 5%",
        count(&steady_no_e, |_, s| s.detected_offset.is_some()),
    );
    line(
        "steady chat: \"pulling away\"",
        "≤ 3%",
        count(&steady_no_e, |_, s| pulling(s)),
    );
    let holiday_no_e = run(reps, seed + 10, false, |l| l.holiday = Some((3, 7)));
    line(
        "steady chat with a shared holiday: a change detected",
        "",
        count(&holiday_no_e, |_, s| s.detected_offset.is_some()),
    );
    line(
        "steady chat with a shared holiday: \"pulling away\"",
        "≤ 5%",
        count(&holiday_no_e, |_, s| pulling(s)),
    );
    let drop_no_e = run(reps, seed + 11, false, |l| l.their_after = e70);
    line(
        "they drop 70%: change day within ±3 days",
        "≥ 75%",
        count(&drop_no_e, |_, s| {
            s.detected_offset.is_some_and(|d| d.abs() <= 3)
        }),
    );
    line(
        "they drop 70%: no change found",
        "",
        count(&drop_no_e, |_, s| s.detected_offset.is_none()),
    );
    line(
        "they drop 70%: \"pulling away\"",
        "",
        count(&drop_no_e, |_, s| pulling(s)),
    );
    print_realism(fixtures);
}

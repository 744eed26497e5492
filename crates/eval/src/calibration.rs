//! `pullaway-eval calibration`: do the trend's tests hold their level on
//! chats built from conversations, and where does the change point land?
//!
//! For each cell (days before/after × their messages a day) it builds steady
//! chats and chats where they withdraw, and prints how often each test calls
//! "clearly down": their rate alone (bootstrap interval), their share alone,
//! and the two together (`ratios::Joint`, the verdict's test), with the
//! joint z's spread (1 when its level is right). Then, without a key date,
//! how often the count model's change day falls within ±3 days of the truth
//! and how often its own posterior reaches 0.9. These are the figures behind
//! docs/evaluation.md's "How the verdict is decided now".

use pullaway_chat::PersonId;
use pullaway_coach::changepoint;
use pullaway_coach::ratios::{ratios, Day};
use pullaway_synth::{live, Life};

/// Their and your messages per day, from the key date's `before` days back.
fn days(l: &Life) -> (Vec<Day>, usize) {
    let lived = live(l);
    let split = l.days_before as usize;
    let d0 = lived.event.days() - i64::from(l.days_before);
    let n = (l.days_before + l.days_after) as usize;
    let mut v = vec![Day::default(); n];
    for m in lived.chat.messages() {
        let k = m.time.day_number() - d0;
        if k >= 0 && (k as usize) < n {
            if m.sender() == Some(PersonId(1)) {
                v[k as usize].them += 1.0;
            } else {
                v[k as usize].me += 1.0;
            }
        }
    }
    (v, split)
}

const CELLS: [(u32, u32); 3] = [(14, 14), (21, 14), (30, 21)];
const RATES: [f64; 3] = [2.0, 5.0, 10.0];

fn pct(k: usize, n: usize) -> f64 {
    k as f64 / n.max(1) as f64 * 100.0
}

/// Prints the tests' calls per cell for engagement `after` (1 = steady).
fn tests(reps: u64, seed: u64, after: f64) {
    for (before, days_after) in CELLS {
        for rate in RATES {
            let (mut joint, mut share, mut them) = (0, 0, 0);
            let mut zs = Vec::new();
            for s in 0..reps {
                let mut l = Life::steady(seed + s, rate, before, days_after);
                l.their_after = after;
                let (v, split) = days(&l);
                let Some(r) = ratios(&v[..split], &v[split..]) else {
                    continue;
                };
                joint += usize::from(r.joint.down());
                share += usize::from(r.relative.down());
                them += usize::from(r.them.down());
                zs.push(r.joint.z);
            }
            let n = zs.len();
            let mean = zs.iter().sum::<f64>() / n.max(1) as f64;
            let sd = (zs.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / n.max(1) as f64).sqrt();
            println!(
                "  {before:>2}/{days_after:<2} days, {rate:>2}/day: together {:>5.1}%  share alone {:>5.1}%  rate alone {:>5.1}%  joint z mean {mean:+.2} sd {sd:.2}",
                pct(joint, n),
                pct(share, n),
                pct(them, n)
            );
        }
    }
}

/// Steady chats: how often each shown 95% interval misses 1, below and above.
fn coverage(reps: u64, seed: u64) {
    for (before, days_after) in CELLS {
        for rate in RATES {
            let mut miss = [[0usize; 2]; 3];
            let mut n = 0;
            for s in 0..reps {
                let l = Life::steady(seed + s, rate, before, days_after);
                let (v, split) = days(&l);
                let Some(r) = ratios(&v[..split], &v[split..]) else {
                    continue;
                };
                n += 1;
                for (k, x) in [r.them, r.me, r.relative].iter().enumerate() {
                    miss[k][0] += usize::from(x.down());
                    miss[k][1] += usize::from(x.up());
                }
            }
            let f = |m: [usize; 2]| format!("{:>4.1}% / {:>4.1}%", pct(m[0], n), pct(m[1], n));
            println!(
                "  {before:>2}/{days_after:<2} days, {rate:>2}/day: their rate {}   your rate {}   their share {}",
                f(miss[0]),
                f(miss[1]),
                f(miss[2])
            );
        }
    }
}

/// Without a key date: the count model's day against the truth.
fn change_point(reps: u64, seed: u64, after: f64) {
    for (before, days_after) in CELLS {
        for rate in RATES {
            let (mut sure, mut near, mut near_share, mut n) = (0, 0, 0, 0);
            for s in 0..reps {
                let mut l = Life::steady(seed + s, rate, before, days_after);
                l.their_after = after;
                let (v, split) = days(&l);
                let theirs: Vec<f64> = v.iter().map(|d| d.them).collect();
                let mine: Vec<f64> = v.iter().map(|d| d.me).collect();
                n += 1;
                // Today is incomplete in the product: leave the last day out.
                let m = theirs.len() - 1;
                let close = |day: usize| usize::from((day as i64 - split as i64).abs() <= 3);
                if let Some(cp) = changepoint::detect(&theirs[..m], 7) {
                    near += close(cp.day);
                    sure += usize::from(cp.p_change >= 0.9);
                }
                if let Some(cp) = changepoint::detect_relative(&theirs[..m], &mine[..m], 7) {
                    near_share += close(cp.day);
                }
            }
            println!(
                "  {before:>2}/{days_after:<2} days, {rate:>2}/day: day within ±3 {:>5.1}%  with their share {:>5.1}%  posterior ≥ 0.9 {:>5.1}%",
                pct(near, n),
                pct(near_share, n),
                pct(sure, n)
            );
        }
    }
}

/// Prints everything for `reps` chats per cell.
pub fn run(reps: u64, seed: u64, drop70: f64) {
    println!(
        "pullaway-eval calibration: {reps} chats per cell, seed {seed} (crates/synth/src/convo.rs)"
    );
    println!("\nsteady chats: how often each shown 95% interval misses, below / above (2.5% each)");
    coverage(reps, seed.wrapping_mul(91_001));
    println!("\nsteady chats: share called \"clearly down\" (one-sided; the level is 2.5%)");
    tests(reps, seed.wrapping_mul(77_003), 1.0);
    println!("\ntheir messages drop 70% (engagement {drop70:.2}): share called \"clearly down\"");
    tests(reps, seed.wrapping_mul(77_003) + 1_000_000, drop70);
    println!("\nwithout a key date, their messages drop 70%: the change day (their counts alone; with their share, as the product does)");
    change_point(reps, seed.wrapping_mul(55_001), drop70);
}

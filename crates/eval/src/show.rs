//! `pullaway-eval show SITUATION [--n N] [--no-event]`: what a user would read — the
//! trend's headline and the next step with its reasons — for a few chats
//! built from conversations, so a change is judged by its words and not
//! only by its rates. Situations: steady, holiday, drop (they write 70%
//! less), both (both halve), fade (you halve), silence (12 silent days).

use pullaway_coach::analyze;
use pullaway_synth::{live, Life};

/// The situations `show` knows, and how each changes a steady life.
const SITUATIONS: [&str; 6] = ["steady", "holiday", "drop", "both", "fade", "silence"];

/// Prints what `n` chats of `which` would tell their user (21 days before
/// the key date, 14 after, 2 / 5 / 10 of their messages a day in turn).
pub fn run(which: &str, n: u64, seed: u64, with_event: bool) -> Result<(), String> {
    if !SITUATIONS.contains(&which) {
        return Err(format!(
            "unknown situation {which:?}; expected one of {}",
            SITUATIONS.join(", ")
        ));
    }
    let e70 = crate::realistic::engagement_for(0.3);
    let e50 = crate::realistic::engagement_for(0.5);
    for s in 0..n {
        let rate = [2.0, 5.0, 10.0][(s % 3) as usize];
        let mut l = Life::steady(seed + s, rate, 21, 14);
        match which {
            "holiday" => l.holiday = Some((3, 7)),
            "drop" => l.their_after = e70,
            "both" => {
                l.their_after = e50;
                l.my_after = e50;
            }
            "fade" => l.my_after = e50,
            "silence" => l.their_final_silence = 12,
            _ => {}
        }
        let lived = live(&l);
        let opts = crate::realistic::options(&l, &lived, with_event);
        let r = analyze(&lived.chat, &opts).map_err(|e| e.to_string())?;
        println!(
            "--- {which}, seed {}, {rate} of their messages a day{}",
            seed + s,
            if with_event {
                ""
            } else {
                ", no key date given"
            }
        );
        if !with_event {
            let e = r
                .event
                .as_ref()
                .map_or("none".to_owned(), |e| e.date.clone());
            println!("  change found: {e} (the true key date: {})", lived.event);
        }
        println!("  trend: {}", r.trend.headline);
        println!("  next step: {}", r.next_step.text);
        for why in &r.next_step.reasons {
            println!("    - {why}");
        }
    }
    Ok(())
}

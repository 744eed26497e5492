//! The text report for the terminal: short sections a worried person can read
//! in a minute, numbers first, the messages behind them after.

use std::fmt::Write;

use pullaway_coach::Report;

use crate::style::Style;

fn short(t: &str) -> String {
    // `2024-03-01T21:05:00` -> `2024-03-01 21:05`
    if t.len() >= 16 {
        format!("{} {}", &t[..10], &t[11..16])
    } else {
        t.to_owned()
    }
}

fn hours(h: f64) -> String {
    if h < 1.0 {
        format!("{:.0} min", h * 60.0)
    } else if h < 48.0 {
        format!("{h:.1} h")
    } else {
        format!("{:.1} days", h / 24.0)
    }
}

pub fn report_text(r: &Report, style: Style) -> String {
    let mut o = String::new();
    let c = &r.chat;
    let them = &c.them;
    let span = match (&c.first, &c.last) {
        (Some(f), Some(l)) => format!("{} to {}", &f[..10], &l[..10]),
        _ => "no messages yet".to_owned(),
    };
    let _ = writeln!(o, "{}", style.bold(&format!("You ({}) and {them}", c.me)));
    let _ = writeln!(
        o,
        "{} chat, {span}; as of {}",
        format_name(c.format),
        short(&r.now)
    );
    if let Some(e) = &r.event {
        let how = match e.probability {
            Some(p) => format!("detected, probability {:.0}%", p * 100.0),
            None => e.source.to_owned(),
        };
        let _ = writeln!(o, "Key date: {} ({how})", e.date);
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "{}", style.bold("Messages"));
    let w = them.chars().count().max(3);
    let _ = writeln!(o, "  {:<w$}  {:>7}", "you", c.messages.me);
    let _ = writeln!(o, "  {:<w$}  {:>7}", them, c.messages.them);
    let _ = writeln!(o);

    let cv = &r.conversations;
    let _ = writeln!(o, "{}", style.bold("Conversations"));
    let _ = writeln!(
        o,
        "  {} conversations: you opened {}, {them} opened {}.",
        cv.total, cv.opened.me, cv.opened.them
    );
    let _ = writeln!(
        o,
        "  {}",
        style.dim(&format!(
            "A pause of {} or more starts a new conversation.",
            hours(cv.gap_hours)
        ))
    );
    match cv.late_reply_median_hours {
        Some(m) => {
            let _ = writeln!(
                o,
                "  {} late {} (an answer to a waiting question after {} to {}), median {}.",
                cv.late_replies,
                if cv.late_replies == 1 {
                    "reply"
                } else {
                    "replies"
                },
                hours(cv.gap_hours),
                hours(cv.late_reply_hours),
                hours(m)
            );
        }
        None => {
            let _ = writeln!(o, "  No late replies.");
        }
    }
    if !cv.recent.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "{}",
            style.bold(&format!(
                "The last {} conversations, oldest first",
                cv.recent.len()
            ))
        );
        for e in &cv.recent {
            let who = if e.opener == "me" {
                "you".to_owned()
            } else {
                them.clone()
            };
            let _ = writeln!(
                o,
                "  {}  {} opened: {:?}  ({} from you, {} from {them})",
                short(&e.start),
                who,
                e.text,
                e.messages.me,
                e.messages.them
            );
        }
    }
    if !r.notes.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", style.bold("Notes on the export"));
        for n in &r.notes {
            let _ = writeln!(o, "  - {n}");
        }
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", style.dim("pullaway is a decision aid, not therapy. Everything above was computed on this machine."));
    o
}

fn format_name(f: &str) -> &str {
    match f {
        "whatsapp" => "WhatsApp",
        other => other,
    }
}

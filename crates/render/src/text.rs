//! The text report for the terminal: the next step first, then whether they
//! are pulling away, then each rule in plain words with its numbers, then the
//! messages behind the findings. A worried person should get it in a minute.

use std::fmt::Write;

use pullaway_coach::rules::{Badge, Card, Status};
use pullaway_coach::{Evidence, Report};

use crate::style::Style;

/// "You (Ariel)", or just "You" when the export calls the owner "Me".
pub fn you(me: &str) -> String {
    if ["me", "you", "ich", "yo", "moi", "eu"].contains(&me.to_lowercase().as_str()) {
        "You".to_owned()
    } else {
        format!("You ({me})")
    }
}

/// `2024-03-01T21:05:00` -> `2024-03-01 21:05`.
pub fn short(t: &str) -> String {
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

fn format_name(f: &str) -> &str {
    if f == "multiple" {
        return "Merged";
    }
    pullaway_import::formats::display_name(f)
}

thread_local! {
    /// The width the text report is wrapped to (set by [`report_text`]).
    static WIDTH: std::cell::Cell<usize> = const { std::cell::Cell::new(88) };
}

/// How the text report is made.
#[derive(Clone, Copy, Debug)]
pub struct TextOptions {
    pub style: Style,
    /// Every signal, rule and piece of evidence; else one screen.
    pub full: bool,
    /// Columns to wrap to (the terminal's).
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions {
            style: Style::default(),
            full: false,
            width: 88,
        }
    }
}

/// Wraps `text` at the report's width with `indent` before every line.
fn wrap(text: &str, indent: &str) -> String {
    let width = WIDTH.with(|w| w.get());
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty()
            && indent.chars().count() + line.chars().count() + 1 + word.chars().count() > width
        {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

fn evidence_lines(o: &mut String, them: &str, items: &[Evidence]) {
    for e in items {
        let who = if e.who == "me" { "you" } else { them };
        let why = e
            .why
            .as_deref()
            .map(|w| format!("  ({w})"))
            .unwrap_or_default();
        let _ = writeln!(o, "    {}  {who}: {:?}{why}", short(&e.at), e.text);
    }
}

fn status_of(s: Status) -> &'static str {
    s.name()
}

/// The terminal report: by default one screen — the answer, why, what not
/// to do, how sure — and with `full`, every signal, rule and the messages
/// behind them.
pub fn report_text(r: &Report, opts: &TextOptions) -> String {
    WIDTH.with(|w| w.set(opts.width.max(40)));
    if opts.full {
        full_text(r, opts.style)
    } else {
        short_text(r, opts.style)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The chat line: app, span, counts, "now".
fn header(o: &mut String, r: &Report, style: Style) {
    let c = &r.chat;
    let them = c.them.as_str();
    let span = match (&c.first, &c.last) {
        (Some(f), Some(l)) => format!("{} to {}", &f[..10], &l[..10]),
        _ => "no messages yet".to_owned(),
    };
    let _ = writeln!(o, "{}", style.bold(&format!("{} and {them}", you(&c.me))));
    o.push_str(&wrap(
        &format!(
            "{} chat, {span}; {} from you, {} from {them}; as of {}",
            format_name(c.format),
            plural(c.messages.me, "message", "messages"),
            c.messages.them,
            as_of(r)
        ),
        "",
    ));
    if !c.sources.is_empty() {
        o.push_str(&wrap(
            &format!(
                "One timeline from {} exports: {}",
                c.sources.len(),
                c.sources.join(", ")
            ),
            "",
        ));
    }
    if let Some(e) = &r.event {
        let how = match e.probability {
            Some(p) => format!(
                "found in the data: the day their activity changed, {:.0}% likely within 3 days of it",
                p * 100.0
            ),
            None => "given".to_owned(),
        };
        let _ = writeln!(o, "Key date: {} ({how})", e.date);
    }
    let _ = writeln!(o);
}

/// The next step: the action, what to do, why, what not to do.
fn next_step(o: &mut String, r: &Report, style: Style, reasons: usize) {
    let step = &r.next_step;
    let day = match (step.day, step.of) {
        (Some(d), Some(n)) => format!(", day {d} of {n}"),
        _ => String::new(),
    };
    let _ = writeln!(
        o,
        "{}",
        style.bold(&format!(
            "NEXT STEP: {}{day}",
            step.action.label().to_uppercase()
        ))
    );
    o.push_str(&wrap(&step.text, "  "));
    if !step.reasons.is_empty() {
        let _ = writeln!(o, "  Why:");
        for reason in step.reasons.iter().take(reasons) {
            let w = wrap(reason, "    ");
            o.push_str(&w.replacen("    ", "  - ", 1));
        }
    }
    if !step.avoid.is_empty() {
        o.push_str(&wrap(&format!("Don't: {}.", step.avoid.join("; ")), "  "));
    }
    if let Some(k) = &step.reassurance {
        o.push_str(&wrap(k, "  "));
    }
    let _ = writeln!(o);
}

/// How sure pullaway is, in one sentence of plain words.
pub fn confidence(r: &Report) -> String {
    use pullaway_coach::trend::Verdict;
    let them = r.chat.them.as_str();
    let t = &r.trend;
    let rate = t.signals.iter().find(|s| s.name == "messages_per_day");
    let range = rate.and_then(|s| match (s.ratio, s.ci95) {
        _ if s.after == 0.0 && s.before > 0.0 => {
            Some("nothing at all since the key date".to_owned())
        }
        (Some(x), Some([Some(lo), hi])) => Some(format!(
            "{:.0}% of before, likely between {:.0}% and {}",
            x * 100.0,
            lo * 100.0,
            hi.map_or("far more".to_owned(), |h| format!("{:.0}%", h * 100.0))
        )),
        _ => None,
    });
    let range = range.map(|r| format!(" ({r})")).unwrap_or_default();
    match t.verdict {
        None => {
            let note = t
                .note
                .as_deref()
                .unwrap_or("too few messages")
                .trim_end_matches('.');
            let mut c = note.chars();
            let note = c.next().map_or(String::new(), |f| {
                f.to_lowercase().collect::<String>() + c.as_str()
            });
            format!(
                "Not enough history to judge a trend yet: {note}. The advice follows who wrote last and the 2:1 rule."
            )
        }
        Some(Verdict::PullingAway) if t.signals.is_empty() => t.headline.clone(),
        Some(Verdict::PullingAway) => {
            let signal = |name: &str| t.signals.iter().find(|s| s.name == name);
            let joint = signal("rate_and_share_together");
            // Called on their silence alone: the headline says so.
            if joint.is_some_and(|j| !j.worse) {
                return t.headline.clone();
            }
            match t.strength {
                Some(pullaway_coach::trend::Strength::Strong) => {
                    format!("Clear: {them} writes much less than before{range}.")
                }
                _ => {
                    // A mild call rests on their rate and their share together:
                    // say both, since the rate's range alone may reach 100%.
                    let share = signal("share_of_messages").map_or(String::new(), |s| {
                        format!(
                            ", and their share of the messages between you fell from {:.0}% to {:.0}%",
                            s.before * 100.0,
                            s.after * 100.0
                        )
                    });
                    let chance = joint.and_then(|j| j.p_value).map_or(String::new(), |p| {
                        format!(" (both at once by chance: {})", chance(p))
                    });
                    format!(
                        "Likely, but not large: {them} writes less than before{range}{share}{chance}."
                    )
                }
            }
        }
        // The next step reads the last weeks (their silence, their rate since
        // a comeback); the counts since the key date may not show it yet.
        Some(Verdict::Steady)
            if matches!(
                r.next_step.action,
                pullaway_coach::Action::GiveSpace | pullaway_coach::Action::LetGo
            ) =>
        {
            format!(
                "The counts since the key date don't show a clear change yet{range}; the next step rests on the last weeks, given above."
            )
        }
        // A big or clear move that is still "steady" is worded by the trend
        // itself ("… but not clearly: busy and quiet weeks …").
        Some(Verdict::Steady)
            if t.signals
                .iter()
                .find(|s| s.name == "messages_per_day")
                .is_some_and(|s| s.moved_notably()) =>
        {
            t.headline.clone()
        }
        Some(Verdict::Steady) => format!("No clear change in how much {them} writes{range}."),
        Some(Verdict::WarmingUp) => format!("{them} writes more than before{range}."),
        Some(Verdict::BothQuieter) => {
            "You both write less than before: a quiet spell you share, not them alone.".to_owned()
        }
        Some(Verdict::YouPullingAway) => {
            format!("You write clearly less than before; {them} does not clearly write less.")
        }
    }
}

fn short_text(r: &Report, style: Style) -> String {
    let mut o = String::new();
    header(&mut o, r, style);
    next_step(&mut o, r, style, 4);
    let _ = writeln!(o, "{}", style.bold("HOW SURE"));
    o.push_str(&wrap(&confidence(r), "  "));
    let _ = writeln!(o);
    o.push_str(&wrap(
        "--full shows every signal, each rule about your own texting, and the messages behind them.",
        "",
    ));
    o.push_str(&style.dim(
        "pullaway is a decision aid, not therapy. Everything above was computed on this machine.",
    ));
    o.push('\n');
    o
}

fn full_text(r: &Report, style: Style) -> String {
    let mut o = String::new();
    header(&mut o, r, style);
    next_step(&mut o, r, style, 6);
    trend_section(&mut o, r, style);
    let cards = r.rules.cards(space_label(r));
    rules_section(&mut o, r, &cards, style);
    conversations_section(&mut o, r, style);
    evidence_section(&mut o, r, &cards, style);
    notes_section(&mut o, r, style);
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", style.dim("pullaway is a decision aid, not therapy. Everything above was computed on this machine."));
    o
}

/// "IS SAM PULLING AWAY?": the verdict, its summary and every signal.
fn trend_section(o: &mut String, r: &Report, style: Style) {
    let them = r.chat.them.as_str();
    let t = &r.trend;
    let verdict = trend_label(t);
    let mia = if t.mia {
        " · silent longer than usual"
    } else {
        ""
    };
    let _ = writeln!(
        o,
        "{}",
        style.bold(&format!(
            "IS {} PULLING AWAY? {verdict}{mia}",
            them.to_uppercase()
        ))
    );
    o.push_str(&wrap(&t.summary, "  "));
    if !t.signals.is_empty() {
        let _ = writeln!(
            o,
            "  {:<30} {:>9} {:>9} {:>8}  {:<15}",
            "signal", "before", "after", "change", "likely range"
        );
        for s in &t.signals {
            let (change, ci) = change_and_interval(s);
            let mark = if s.worse {
                "  worse"
            } else if s.better {
                "  better"
            } else {
                ""
            };
            let _ = writeln!(
                o,
                "  {:<30} {:>9} {:>9} {:>8}  {:<15}{mark}",
                s.name.replace('_', " "),
                s.before,
                s.after,
                change,
                ci
            );
        }
        o.push_str(&style.dim(&wrap("change = after as a share of before; likely range = where the true change lies, 95 times in 100; rate and share together = the verdict's test, their messages and their share of the chat read as one, with how often a fall this clear comes by chance; \"worse\"/\"better\" = a change too clear to be chance, even with this many signals looked at.", "  ")));
    }
    let _ = writeln!(o);
}

/// "YOUR TEXTING, RULE BY RULE": one block per rule card.
fn rules_section(o: &mut String, r: &Report, cards: &[Card], style: Style) {
    let them = r.chat.them.as_str();
    let _ = writeln!(o, "{}", style.bold("YOUR TEXTING, RULE BY RULE"));
    for card in cards {
        match &card.badge {
            Badge::Status(st) => {
                let _ = writeln!(
                    o,
                    "  {} {}",
                    style.status(status_of(*st)),
                    style.bold(card.title)
                );
            }
            Badge::NotJudged => {
                let _ = writeln!(o, "  {} {}", style.status("--"), style.bold(card.title));
            }
            Badge::State(words) => {
                let _ = writeln!(o, "  {} — {words}", style.bold(card.title));
            }
        }
        o.push_str(&wrap(card.summary, "          "));
        for d in &card.table {
            let ratio = d.ratio.map_or("—".to_owned(), |x| format!("{x:.2}×"));
            let _ = writeln!(
                o,
                "          {:<22} you {:>7}  {them} {:>7}  {ratio:>7}  {}",
                d.name,
                d.me,
                d.them,
                // Not graded: too little data, or a lean chance gives.
                if d.judged { d.status.name() } else { "—" }
            );
        }
    }
    let _ = writeln!(o);
}

/// "CONVERSATIONS": how many, who opened them, late replies.
fn conversations_section(o: &mut String, r: &Report, style: Style) {
    let them = r.chat.them.as_str();
    let cv = &r.conversations;
    let _ = writeln!(o, "{}", style.bold("CONVERSATIONS"));
    o.push_str(&wrap(
        &format!(
            "{}: you opened {}, {them} opened {}. A pause of {} or more starts a new one.",
            plural(cv.total, "conversation", "conversations"),
            cv.opened.me,
            cv.opened.them,
            hours(cv.gap_hours)
        ),
        "  ",
    ));
    match cv.late_reply_median_hours {
        Some(m) => {
            let _ = writeln!(
                o,
                "  {} late {} (answers to a waiting question after {} to {}), median {}.",
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
    let _ = writeln!(o);
}

/// "EVIDENCE": each card's messages, then the last conversations.
fn evidence_section(o: &mut String, r: &Report, cards: &[Card], style: Style) {
    let them = r.chat.them.as_str();
    let cv = &r.conversations;
    let _ = writeln!(o, "{}", style.bold("EVIDENCE"));
    for card in cards.iter().filter(|c| !c.evidence.is_empty()) {
        let _ = writeln!(o, "  {}", card.evidence_title);
        evidence_lines(o, them, &card.evidence);
    }
    if !cv.recent.is_empty() {
        let _ = writeln!(
            o,
            "  The last {}, oldest first",
            plural(cv.recent.len(), "conversation", "conversations")
        );
        for e in &cv.recent {
            let who = if e.opener == "me" { "you" } else { them };
            let _ = writeln!(
                o,
                "    {}  {who} opened: {:?}  ({} from you, {} from {them})",
                short(&e.start),
                e.text,
                e.messages.me,
                e.messages.them
            );
        }
    }
}

/// "NOTES ON THE EXPORT", when there are any.
fn notes_section(o: &mut String, r: &Report, style: Style) {
    if !r.notes.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", style.bold("NOTES ON THE EXPORT"));
        for n in &r.notes {
            o.push_str(&wrap(n, "  - ").replace("\n  - ", "\n    "));
        }
    }
}

/// "As of 2024-03-20 22:30 (given)".
pub fn as_of(r: &Report) -> String {
    use pullaway_coach::NowSource;
    let how = match r.as_of.source {
        NowSource::Given => "given",
        NowSource::Export => "when the export was made",
        NowSource::File => "the export file's time",
        NowSource::Clock => "this computer's clock",
    };
    format!("{} ({how})", r.as_of.time.prose())
}

/// The trend's verdict in words.
pub fn trend_label(t: &pullaway_coach::trend::Trend) -> String {
    match (t.verdict, t.strength) {
        (Some(v), Some(s)) => format!("{} ({})", v.label(), s.label()),
        (Some(v), None) => v.label().to_owned(),
        (None, _) => "not enough to judge yet".to_owned(),
    }
}

/// The space rule's state: "giving space — day 4 of 7", not a grade.
pub fn space_label(r: &Report) -> String {
    use pullaway_coach::rules::space::SpaceVerdict;
    match r.rules.space.verdict {
        SpaceVerdict::NotApplicable => "not needed now".to_owned(),
        SpaceVerdict::GivingSpace => match (r.next_step.day, r.next_step.of) {
            (Some(d), Some(n)) => format!("giving space, day {d} of {n}"),
            _ => "giving space".to_owned(),
        },
        SpaceVerdict::TheyReachedOut => "they reached out".to_owned(),
        SpaceVerdict::ProbablyNotInterested => "probably not interested".to_owned(),
    }
}

/// A signal's change (after ÷ before) and its 95% interval, as percentages.
pub(crate) fn change_and_interval(s: &pullaway_coach::trend::Signal) -> (String, String) {
    let change = s
        .ratio
        .map_or("—".to_owned(), |r| format!("{:.0}%", r * 100.0));
    let pct = |x: Option<f64>| x.map_or("∞".to_owned(), |v| format!("{:.0}%", v * 100.0));
    let ci = match (s.ci95, s.p_value) {
        (Some([lo, hi]), _) => format!("{}–{}", pct(lo), pct(hi)),
        // A test without an interval (rate and share together): how often
        // a fall this clear comes by chance.
        (None, Some(p)) if s.ratio.is_none() => format!("chance {}", chance(p)),
        _ => String::new(),
    };
    (change, ci)
}

/// A one-sided p-value in words: "0.3%", "under 0.1%".
fn chance(p: f64) -> String {
    if p < 0.001 {
        "under 0.1%".to_owned()
    } else if p < 0.1 {
        format!("{:.1}%", p * 100.0)
    } else {
        format!("{:.0}%", p * 100.0)
    }
}

/// `pullaway draft` as text.
pub fn draft_text(d: &pullaway_coach::draft::Draft, style: Style) -> String {
    let mut o = String::new();
    if d.ok {
        let _ = writeln!(o, "{} nothing against sending it.", style.status("ok"));
    }
    for w in &d.warnings {
        let _ = writeln!(o, "{} {}", style.status("warn"), style.bold(w.kind.label()));
        o.push_str(&wrap(&w.message, "        "));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use pullaway_chat::{Chat, Date, Kind, LocalTime};
    use pullaway_coach::trend::{Strength, Verdict};

    /// Three weeks of daily chatting, then two where they write a third
    /// less while you write as before: a mild fall.
    fn fading_a_little() -> Report {
        let mut chat = Chat::new("t", "Sam", "test");
        let me = chat.person("Robin");
        let them = chat.person("Sam");
        chat.contact = Some("Sam".into());
        let day0 = Date::new(2024, 3, 1).unwrap().start().0;
        for day in 0..35i64 {
            let theirs = if day < 21 { 6 } else { 4 };
            let t0 = day0 + day * 86_400 + 19 * 3600;
            for k in 0..6i64 {
                chat.push(
                    1,
                    LocalTime(t0 + k * 240),
                    Some(me),
                    Kind::Text,
                    "how was it",
                );
                if k < theirs {
                    chat.push(
                        1,
                        LocalTime(t0 + k * 240 + 60),
                        Some(them),
                        Kind::Text,
                        "good",
                    );
                }
            }
        }
        let mut opts = pullaway_coach::Options::new(LocalTime(day0 + 35 * 86_400 + 21 * 3600));
        opts.event = Some(Date::new(2024, 3, 22).unwrap());
        pullaway_coach::analyze(&chat, &opts).unwrap()
    }

    /// Situation case 7 (a fade after the first night), on day 7 of the
    /// space it advises: six quiet days are not yet a change the counts can
    /// show, and HOW SURE must not read as "nothing is wrong" beside
    /// "give space".
    #[test]
    fn give_space_on_a_steady_count_says_the_counts_cannot_show_it_yet() {
        let case =
            include_str!("../../coach/tests/situations/07-classic-fade-after-first-night.case");
        let chat_text = case.split("\n---\n").nth(1).unwrap();
        let me = case
            .lines()
            .find_map(|l| l.strip_prefix("me: "))
            .unwrap()
            .trim();
        let chats = pullaway_import::import_bytes(
            "WhatsApp Chat with Riley.txt",
            chat_text.as_bytes().to_vec(),
        )
        .unwrap();
        let mut opts = pullaway_coach::Options::new(LocalTime::parse("2025-02-03T20:00").unwrap());
        opts.me = Some(me.to_owned());
        opts.them = Some("Riley".to_owned());
        opts.event = Some(Date::new(2025, 1, 25).unwrap());
        let r = pullaway_coach::analyze(&chats[0], &opts).unwrap();
        assert_eq!(r.next_step.action, pullaway_coach::Action::GiveSpace);
        assert_eq!(r.trend.verdict, Some(Verdict::Steady));
        let said = confidence(&r);
        assert!(
            said.starts_with("The counts since the key date don't show"),
            "{said}"
        );
    }

    #[test]
    fn a_mild_call_says_both_the_rate_and_the_share() {
        let r = fading_a_little();
        assert_eq!(
            r.trend.verdict,
            Some(Verdict::PullingAway),
            "{}",
            r.trend.headline
        );
        assert_eq!(
            r.trend.strength,
            Some(Strength::Mild),
            "{}",
            r.trend.summary
        );
        let said = confidence(&r);
        assert!(said.starts_with("Likely, but not large"), "{said}");
        assert!(
            said.contains("share of the messages between you fell from 50% to"),
            "{said}"
        );
        assert!(said.contains("both at once by chance"), "{said}");
    }

    #[test]
    fn steady_beside_a_doubled_rate_does_not_say_no_clear_change() {
        // Both write every other day, eight messages each; after the key
        // date sixteen: their rate doubled, their share held.
        let mut chat = Chat::new("t", "Sam", "test");
        let me = chat.person("Robin");
        let them = chat.person("Sam");
        chat.contact = Some("Sam".into());
        let day0 = Date::new(2024, 3, 1).unwrap().start().0;
        for day in (0..35i64).filter(|d| d % 2 == 0) {
            let n = if day < 21 { 8 } else { 16 };
            let t0 = day0 + day * 86_400 + 19 * 3600;
            for k in 0..n {
                let who = if k % 2 == 0 { me } else { them };
                chat.push(
                    1,
                    LocalTime(t0 + k * 120),
                    Some(who),
                    Kind::Text,
                    "and then?",
                );
                chat.push(
                    1,
                    LocalTime(t0 + k * 120 + 60),
                    Some(if who == me { them } else { me }),
                    Kind::Text,
                    "ha, yes",
                );
            }
        }
        let mut opts = pullaway_coach::Options::new(LocalTime(day0 + 35 * 86_400 + 21 * 3600));
        opts.event = Some(Date::new(2024, 3, 22).unwrap());
        let r = pullaway_coach::analyze(&chat, &opts).unwrap();
        assert_eq!(
            r.trend.verdict,
            Some(Verdict::Steady),
            "{}",
            r.trend.headline
        );
        let said = confidence(&r);
        assert!(!said.starts_with("No clear change"), "{said}");
        assert!(said.starts_with("Sam writes more than before"), "{said}");
    }
}

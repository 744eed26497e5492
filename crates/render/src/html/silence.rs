//! Chart: the silence curve — the chance they write within the next 7 days,
//! given how many days they have been silent, with today marked.

use pullaway_coach::Report;

use super::svg::{close, open, text, EVENT, THEM};

pub fn chart(r: &Report) -> String {
    let sp = &r.rules.space;
    let them = &r.chat.them;
    let (w, h, left, top, bottom) = (360.0, 220.0, 40.0, 20.0, 36.0);
    let pts: Vec<(f64, f64)> = sp
        .curve
        .iter()
        .filter_map(|c| c.p_reach_out_7d.map(|p| (c.days, p)))
        .collect();
    let today = sp.silent_days.unwrap_or(0.0);
    // The same figure as the report's text, not a point of the half-day grid.
    let now_p = sp.p_reach_out_7d;
    let desc = format!(
        "From {} past silences: the chance {them} writes within 7 days after 0 to {:.0} days of silence.{}",
        sp.silences,
        sp.curve.last().map_or(0.0, |c| c.days),
        match now_p {
            Some(p) => format!(
                " Today, after {today:.1} days, it is {}.",
                pullaway_coach::rules::space::chance_words(p)
            ),
            None => format!(
                " Today, after {today:.1} days, too few past silences lasted this long to say."
            ),
        }
    );
    let mut s = open(
        "chart-silence",
        w as u32,
        h as u32,
        "Will they reach out?",
        &desc,
    );
    let max_d = sp.curve.last().map_or(14.0, |c| c.days).max(1.0);
    let plot_w = w - left - 10.0;
    let plot_h = h - top - bottom;
    let x = |d: f64| left + plot_w * (d / max_d);
    let y = |p: f64| top + plot_h * (1.0 - p);
    for k in 0..=4 {
        let p = k as f64 / 4.0;
        s.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" class=\"grid\"/>",
            w - 10.0,
            y(p),
            y(p)
        ));
        s.push_str(&text(
            left - 6.0,
            y(p) + 4.0,
            "end",
            "axis",
            &format!("{:.0}%", p * 100.0),
        ));
    }
    if pts.len() >= 2 {
        // A step curve: the estimate changes only where a past silence ended.
        let mut d = format!("M{:.1},{:.1}", x(pts[0].0), y(pts[0].1));
        for w2 in pts.windows(2) {
            d.push_str(&format!(" H{:.1} V{:.1}", x(w2[1].0), y(w2[1].1)));
        }
        s.push_str(&format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{THEM}\" stroke-width=\"2.5\"/>"
        ));
    } else {
        s.push_str(&text(
            w / 2.0,
            h / 2.0,
            "middle",
            "muted",
            "too few past silences",
        ));
    }
    if today <= max_d {
        s.push_str(&format!(
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{top}\" y2=\"{1:.1}\" stroke=\"{EVENT}\" stroke-width=\"2\" stroke-dasharray=\"5 4\"/>",
            x(today),
            top + plot_h
        ));
        s.push_str(&text(x(today) + 4.0, top + 12.0, "start", "event", "today"));
    }
    s.push_str(&text(
        left + plot_w / 2.0,
        h - 6.0,
        "middle",
        "axis",
        "days of silence so far",
    ));
    s.push_str(&text(left, h - 20.0, "middle", "axis", "0"));
    s.push_str(&text(
        w - 10.0,
        h - 20.0,
        "end",
        "axis",
        &format!("{max_d:.0}"),
    ));
    s.push_str(&close(&desc));
    s
}

//! Chart: messages per day for each person over the last 120 days, with the
//! key date (and a detected change point) marked.

use pullaway_coach::Report;

use super::svg::{
    count_max, esc, figure, open_variant, text, ticks, Variant, EVENT, ME, MUTED, NARROW, THEM,
    WIDE,
};

pub fn chart(r: &Report) -> String {
    let (wide, desc) = draw(r, &WIDE);
    let (narrow, _) = draw(r, &NARROW);
    figure("chart-daily", &wide, &narrow, &desc)
}

/// One variant: the SVG and its description.
fn draw(r: &Report, v: &Variant) -> (String, String) {
    let days = &r.series.daily;
    let narrow = v.class == "narrow";
    let (w, h, left, bottom, top) = (v.w, if narrow { 240.0 } else { 260.0 }, 34.0, 30.0, 20.0);
    let them = &r.chat.them;
    let (sum_me, sum_them) = days.iter().fold((0, 0), |a, d| (a.0 + d.me, a.1 + d.them));
    let desc = format!(
        "Messages per day over {} days: {} from you and {} from {them}.{}",
        days.len(),
        sum_me,
        sum_them,
        r.event
            .as_ref()
            .map(|e| format!(" Key date {} ({}).", e.date, e.source))
            .unwrap_or_default()
    );
    let mut s = open_variant(
        "chart-daily",
        v,
        h,
        &format!("Messages per day: you and {them}"),
        &desc,
    );
    if days.is_empty() {
        s.push_str(&text(
            w / 2.0,
            h / 2.0,
            "middle",
            "muted",
            "No messages yet",
        ));
        s.push_str("</svg>");
        return (s, "No messages yet.".to_owned());
    }
    let max = count_max(days.iter().map(|d| d.me.max(d.them)).max().unwrap_or(0) as f64);
    let steps = ticks(max);
    let plot_w = w - left - 10.0;
    let plot_h = h - top - bottom;
    let step = plot_w / days.len() as f64;
    let x = |i: usize| left + step * (i as f64 + 0.5);
    let y = |v: usize| top + plot_h * (1.0 - v as f64 / max);
    // Axes and grid.
    for k in 0..=steps {
        let v = max * k as f64 / steps as f64;
        let yy = top + plot_h * (1.0 - k as f64 / steps as f64);
        s.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" class=\"grid\"/>",
            w - 10.0
        ));
        s.push_str(&text(
            left - 6.0,
            yy + 4.0,
            "end",
            "axis",
            &format!("{v:.0}"),
        ));
    }
    let every = if narrow { 28 } else { 14 };
    for (i, d) in days.iter().enumerate() {
        if i % every == 0 {
            s.push_str(&text(x(i), h - 8.0, "middle", "axis", &d.date[5..]));
        }
    }
    // The key date, and the detected change point when it is another day.
    let mut marks: Vec<&pullaway_coach::Event> = r.event.iter().collect();
    if let Some(cp) = &r.change_point {
        if r.event.as_ref().is_none_or(|e| e.date != cp.date) {
            marks.push(cp);
        }
    }
    for (k, e) in marks.into_iter().enumerate() {
        if let Some(i) = days.iter().position(|d| d.date == e.date) {
            let label = if e.source == "detected" {
                "change detected"
            } else {
                "key date"
            };
            s.push_str(&format!(
                "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{top}\" y2=\"{1:.1}\" stroke=\"{EVENT}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
                x(i) - step / 2.0,
                top + plot_h
            ));
            s.push_str(&text(
                x(i) - step / 2.0 + 4.0,
                top + 12.0 + 14.0 * k as f64,
                "start",
                "event",
                &format!("{label} {}", e.date),
            ));
        }
    }
    for (color, pick, name) in [(ME, 0, "you"), (THEM, 1, them.as_str())] {
        let pts: Vec<String> = days
            .iter()
            .enumerate()
            .map(|(i, d)| {
                format!(
                    "{:.1},{:.1}",
                    x(i),
                    y(if pick == 0 { d.me } else { d.them })
                )
            })
            .collect();
        s.push_str(&format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" stroke-linejoin=\"round\"><title>{}</title></polyline>",
            pts.join(" "),
            esc(name)
        ));
    }
    // Legend.
    s.push_str(&format!(
        "<rect x=\"{}\" y=\"4\" width=\"12\" height=\"4\" fill=\"{ME}\"/>",
        left
    ));
    s.push_str(&text(left + 16.0, 10.0, "start", "legend", "you"));
    s.push_str(&format!(
        "<rect x=\"{}\" y=\"4\" width=\"12\" height=\"4\" fill=\"{THEM}\"/>",
        left + 60.0
    ));
    s.push_str(&text(
        left + 76.0,
        10.0,
        "start",
        "legend",
        &short_name(them),
    ));
    let _ = MUTED;
    s.push_str("</svg>");
    (s, desc)
}

/// A name short enough for a legend (long names are cut with an ellipsis;
/// the full name is in the title and the caption).
pub fn short_name(name: &str) -> String {
    if name.chars().count() <= 18 {
        name.to_owned()
    } else {
        name.chars().take(17).collect::<String>() + "…"
    }
}

//! Chart: their median reply time before and after the key date, with the
//! bootstrap 95% interval of the change.

use pullaway_coach::Report;

use super::svg::{close, nice_max, open, text, EVENT, THEM};

pub fn chart(r: &Report) -> String {
    let them = &r.chat.them;
    let sig = r
        .trend
        .signals
        .iter()
        .find(|s| s.name == "median_reply_minutes");
    let (w, h) = (360.0, 220.0);
    let Some(sig) = sig else {
        let desc = format!(
            "Not enough replies from {them} before and after the key date to compare reply times."
        );
        let mut s = open(
            "chart-reply",
            w as u32,
            h as u32,
            "Their reply time before and after",
            &desc,
        );
        s.push_str(&text(
            w / 2.0,
            h / 2.0,
            "middle",
            "muted",
            "not enough replies to compare",
        ));
        s.push_str(&close(&desc));
        return s;
    };
    let ci = sig
        .ci95
        .map(|[lo, hi]| {
            format!(
                " (change ×{:.2}, likely between ×{:.2} and {})",
                sig.ratio.unwrap_or(1.0),
                lo.unwrap_or(0.0),
                hi.map_or("∞".to_owned(), |h| format!("×{h:.2}"))
            )
        })
        .unwrap_or_default();
    let desc = format!(
        "{them}'s median reply time: {:.0} minutes before the key date, {:.0} after{ci}.",
        sig.before, sig.after
    );
    let mut s = open(
        "chart-reply",
        w as u32,
        h as u32,
        "Their reply time before and after",
        &desc,
    );
    let (top, bottom, left) = (20.0, 40.0, 50.0);
    let plot_h = h - top - bottom;
    let hi_after = sig.ci95.map_or(sig.after, |[_, hi]| {
        (sig.before * hi.unwrap_or(3.0).min(1e6)).max(sig.after)
    });
    let max = nice_max(sig.before.max(hi_after));
    let y = |v: f64| top + plot_h * (1.0 - (v / max).min(1.0));
    for k in 0..=4 {
        let v = max * k as f64 / 4.0;
        s.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" class=\"grid\"/>",
            w - 10.0,
            y(v),
            y(v)
        ));
        s.push_str(&text(
            left - 6.0,
            y(v) + 4.0,
            "end",
            "axis",
            &format!("{v:.0}"),
        ));
    }
    for (i, (label, v, color)) in [("before", sig.before, THEM), ("after", sig.after, EVENT)]
        .into_iter()
        .enumerate()
    {
        let x = left + 40.0 + i as f64 * 130.0;
        s.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"80\" height=\"{:.1}\" fill=\"{color}\"><title>{label}: {v:.0} min</title></rect>",
            y(v),
            (top + plot_h - y(v)).max(0.0)
        ));
        s.push_str(&text(x + 40.0, h - 22.0, "middle", "axis", label));
        // The value sits left of the bar's middle; the interval line runs
        // right of it, so the two never cross.
        s.push_str(&text(
            x + 28.0,
            y(v) - 6.0,
            "middle",
            "value",
            &format!("{v:.0} min"),
        ));
    }
    if let Some([lo, hi]) = sig.ci95 {
        // The interval of the change, drawn on the "after" bar (an open end reaches the top).
        let x = left + 40.0 + 130.0 + 64.0;
        let (a, b) = (
            y(sig.before * lo.unwrap_or(0.0)),
            y(hi.map_or(max, |h| sig.before * h.min(1e6))),
        );
        s.push_str(&format!("<line x1=\"{x}\" x2=\"{x}\" y1=\"{a:.1}\" y2=\"{b:.1}\" stroke=\"#111\" stroke-width=\"2\"/>"));
        for yy in [a, b] {
            s.push_str(&format!("<line x1=\"{}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#111\" stroke-width=\"2\"/>", x - 8.0, x + 8.0));
        }
    }
    s.push_str(&text(
        w / 2.0,
        h - 4.0,
        "middle",
        "axis",
        "minutes (median); line: likely range",
    ));
    s.push_str(&close(&desc));
    s
}

//! Chart: who opened each conversation, over time — the 2:1 rule made
//! visible. One dot per conversation, in your row or theirs.

use pullaway_chat::LocalTime;
use pullaway_coach::Report;

use super::daily::short_name;
use super::svg::{esc, figure, open_variant, text, Variant, ME, NARROW, THEM, WIDE};

pub fn chart(r: &Report) -> String {
    let (wide, desc) = draw(r, &WIDE);
    let (narrow, _) = draw(r, &NARROW);
    figure("chart-openers", &wide, &narrow, &desc)
}

fn draw(r: &Report, v: &Variant) -> (String, String) {
    let convs = &r.series.conversations;
    let them = &r.chat.them;
    let (w, h, left) = (v.w, 120.0, 90.0);
    let mine = convs.iter().filter(|c| c.opener == "me").count();
    let desc = format!(
        "{} conversations in the last 120 days: you opened {mine}, {them} opened {}.",
        convs.len(),
        convs.len() - mine
    );
    let mut s = open_variant("chart-openers", v, h, "Who opened each conversation", &desc);
    let (Some(from), Some(to)) = (
        r.series.from.as_deref().and_then(LocalTime::parse),
        Some(r.as_of.time),
    ) else {
        s.push_str("</svg>");
        return (s, desc);
    };
    let span = (to.0 - from.0).max(1) as f64;
    let x = |t: LocalTime| left + (w - left - 10.0) * ((t.0 - from.0) as f64 / span);
    for (row, label, color) in [(0, "you opened", ME), (1, "they opened", THEM)] {
        let y = 35.0 + 40.0 * f64::from(row);
        s.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" class=\"grid\"/>",
            w - 10.0
        ));
        s.push_str(&text(
            left - 8.0,
            y + 4.0,
            "end",
            "axis",
            &if row == 0 {
                label.to_owned()
            } else {
                short_name(them)
            },
        ));
        for c in convs.iter().filter(|c| (c.opener == "me") == (row == 0)) {
            if let Some(t) = LocalTime::parse(&c.at) {
                s.push_str(&format!(
                    "<circle cx=\"{:.1}\" cy=\"{y}\" r=\"5\" fill=\"{color}\"><title>{} opened {}</title></circle>",
                    x(t),
                    esc(if row == 0 { "you" } else { them.as_str() }),
                    esc(&c.at[..16])
                ));
            }
        }
    }
    s.push_str(&text(
        left,
        h - 8.0,
        "start",
        "axis",
        &r.series.from.clone().unwrap_or_default(),
    ));
    s.push_str(&text(
        w - 10.0,
        h - 8.0,
        "end",
        "axis",
        &r.as_of.time.date().to_string(),
    ));
    s.push_str("</svg>");
    (s, desc)
}

//! The self-contained HTML report: one file, no external request of any kind
//! (a Content-Security-Policy forbids them), charts as inline SVG with titles
//! and text alternatives, readable on a phone and printable.

mod daily;
mod openers;
mod reply;
mod silence;
pub mod svg;

use std::fmt::Write;

use pullaway_coach::rules::Badge;
use pullaway_coach::{Evidence, Report};

use crate::text::short;
use svg::esc;

/// Forbids every fetch: no scripts, fonts, frames or connections; styles and
/// images only from inside the page.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

const STYLE: &str = r#"
:root{--me:#0072B2;--them:#E69F00;--event:#CC79A7;--ok:#117733;--warn:#a36a00;--alert:#b3261e;--ink:#1f2328;--muted:#6b7280;--card:#fff;--bg:#f6f7f9}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:980px;margin:0 auto;padding:16px}h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.15rem;margin:0 0 .5em}
.sub{color:var(--muted);margin:0 0 1em}.card{background:var(--card);border:1px solid #e5e7eb;border-radius:12px;padding:16px;margin:12px 0}
.next{border-left:6px solid var(--event)}.next p.step{font-size:1.25rem;font-weight:600;margin:.2em 0 .6em}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:.85rem;font-weight:600;border:1px solid currentColor}
.ok{color:var(--ok)}.warn{color:var(--warn)}.alert{color:var(--alert)}.na{color:var(--muted)}
.scroll{overflow-x:auto}@media (max-width:600px){table.reflow thead{display:none}table.reflow tr{display:block;border-bottom:1px solid #eee;padding:4px 0}table.reflow td{display:flex;justify-content:space-between;border:0;padding:2px 0;text-align:right}table.reflow td:first-child{font-weight:600}table.reflow td[data-label]::before{content:attr(data-label);color:var(--muted);margin-right:12px}.rules{grid-template-columns:1fr}}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:right;padding:4px 6px;border-bottom:1px solid #eee}th:first-child,td:first-child{text-align:left}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:12px}.charts .wide{grid-column:1/-1}
figure.chart{margin:0}figure.chart svg{width:100%;height:auto}figure.chart svg.narrow{display:none}@media (max-width:600px){figure.chart svg.wide{display:none}figure.chart svg.narrow{display:block}}figcaption{font-size:.85rem;color:var(--muted)}
.grid{stroke:#e5e7eb;stroke-width:1}.axis{font-size:11px;fill:var(--muted)}.legend{font-size:12px;fill:var(--ink)}.event{font-size:11px;fill:var(--event)}.value{font-size:12px;fill:var(--ink)}.muted{font-size:13px;fill:var(--muted)}
.rules{display:grid;grid-template-columns:1fr 1fr;gap:12px}.rule h3{margin:0 0 .3em;font-size:1rem;display:flex;justify-content:space-between;gap:8px}
ul.ev{list-style:none;padding:0;margin:.5em 0 0;font-size:.88rem}ul.ev li{padding:4px 0;border-top:1px dashed #eee}ul.ev time{color:var(--muted);margin-right:6px}
footer{color:var(--muted);font-size:.85rem;text-align:center;margin:24px 0}
@media (max-width:700px){.charts,.rules{grid-template-columns:1fr}main{padding:10px}}
@media print{body{background:#fff}.card{break-inside:avoid;border-color:#ccc}.charts,.rules{grid-template-columns:1fr 1fr}}
"#;

fn status_class(s: &str) -> &'static str {
    match s {
        "ok" | "they_reached_out" | "due" => "ok",
        "warn" | "giving_space" => "warn",
        "alert" | "probably_not_interested" => "alert",
        _ => "na",
    }
}

fn evidence(o: &mut String, them: &str, items: &[Evidence]) {
    if items.is_empty() {
        return;
    }
    o.push_str("<ul class=\"ev\">");
    for e in items {
        let who = if e.who == "me" { "you" } else { them };
        let why = e
            .why
            .as_deref()
            .map(|w| format!(" <em>({})</em>", esc(w)))
            .unwrap_or_default();
        let app = e
            .app
            .as_deref()
            .map(|a| format!(" <em>[{}]</em>", esc(a)))
            .unwrap_or_default();
        let _ = write!(
            o,
            "<li><time>{}</time><b>{}:</b> {}{why}{app}</li>",
            esc(&short(&e.at)),
            esc(who),
            esc(&e.text)
        );
    }
    o.push_str("</ul>");
}

/// A chart of the report: the id of its figure, whether it spans the page,
/// and how to draw it.
pub struct Chart {
    pub id: &'static str,
    pub full_width: bool,
    pub draw: fn(&Report) -> String,
}

/// The one list of charts: the page draws them in this order, and the tests
/// check every id.
pub const CHARTS: &[Chart] = &[
    Chart {
        id: "chart-daily",
        full_width: true,
        draw: daily::chart,
    },
    Chart {
        id: "chart-openers",
        full_width: true,
        draw: openers::chart,
    },
    Chart {
        id: "chart-reply",
        full_width: false,
        draw: reply::chart,
    },
    Chart {
        id: "chart-silence",
        full_width: false,
        draw: silence::chart,
    },
];

/// One rule card: its name, the badge (class and words), the summary, an
/// optional table, and the messages behind it.
#[allow(clippy::too_many_arguments)]
fn rule(
    o: &mut String,
    name: &str,
    status: &str,
    label: &str,
    summary: &str,
    them: &str,
    ev: &[Evidence],
    extra: &str,
) {
    let _ = write!(
        o,
        "<section class=\"card rule\" data-rule=\"{}\"><h3><span>{}</span><span class=\"badge {}\">{}</span></h3><p>{}</p>",
        esc(name),
        esc(name),
        status_class(status),
        esc(label),
        esc(summary)
    );
    o.push_str(extra);
    evidence(o, them, ev);
    o.push_str("</section>");
}

/// The whole report as one HTML document.
pub fn report_html(r: &Report) -> String {
    let c = &r.chat;
    let them = c.them.as_str();
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"><meta name=\"referrer\" content=\"no-referrer\"><title>pullaway: you and {}</title><style>{STYLE}</style></head><body><main>",
        esc(them)
    );
    let span = match (&c.first, &c.last) {
        (Some(f), Some(l)) => format!("{} to {}", &f[..10], &l[..10]),
        _ => "no messages yet".into(),
    };
    let _ = write!(
        o,
        "<header><h1>{} and {}</h1><p class=\"sub\">{} messages from you, {} from {}; {span}; as of {}{}</p></header>",
        esc(&crate::text::you(&c.me)),
        esc(them),
        c.messages.me,
        c.messages.them,
        esc(them),
        esc(&crate::text::as_of(r)),
        r.event.as_ref().map(|e| format!("; key date {} ({})", esc(&e.date), e.source)).unwrap_or_default()
    );
    let step = &r.next_step;
    let _ = write!(
        o,
        "<section class=\"card next\" id=\"next-step\" data-action=\"{}\"><h2>Next step: {}</h2><p class=\"step\">{}</p>",
        step.action.name(),
        esc(step.action.label()),
        esc(&step.text)
    );
    if !step.avoid.is_empty() {
        let _ = write!(o, "<p>Avoid: {}.</p>", esc(&step.avoid.join("; ")));
    }
    o.push_str("<ul>");
    for reason in step.reasons.iter().take(4) {
        let _ = write!(o, "<li>{}</li>", esc(reason));
    }
    o.push_str("</ul>");
    if let Some(k) = &step.reassurance {
        let _ = write!(o, "<p class=\"kind\">{}</p>", esc(k));
    }
    o.push_str("</section>");

    let t = &r.trend;
    let verdict = crate::text::trend_label(t);
    let vclass = match t.verdict {
        Some(pullaway_coach::trend::Verdict::PullingAway) => "alert",
        Some(pullaway_coach::trend::Verdict::YouPullingAway) => "warn",
        Some(_) => "ok",
        None => "na",
    };
    let _ = write!(
        o,
        "<section class=\"card\" id=\"trend\"><h2>Is {} pulling away? <span class=\"badge {vclass}\" id=\"verdict\">{}</span>{}</h2><p>{}</p>",
        esc(them),
        esc(&verdict),
        if t.mia { " <span class=\"badge alert\">M.I.A.</span>" } else { "" },
        esc(&t.summary)
    );
    if !t.signals.is_empty() {
        o.push_str("<div class=\"scroll\"><table class=\"reflow\"><thead><tr><th>signal</th><th>before</th><th>after</th><th>change</th><th>likely range</th><th></th></tr></thead><tbody>");
        for s in &t.signals {
            let (change, ci) = crate::text::change_and_interval(s);
            let mark = if s.worse {
                "<span class=\"alert\">worse</span>"
            } else if s.better {
                "<span class=\"ok\">better</span>"
            } else {
                ""
            };
            let _ = write!(o, "<tr><td>{}</td><td data-label=\"before\">{}</td><td data-label=\"after\">{}</td><td data-label=\"change\">{change}</td><td data-label=\"likely range\">{ci}</td><td>{mark}</td></tr>", esc(&s.name.replace('_', " ")), s.before, s.after);
        }
        o.push_str("</tbody></table></div>");
    }
    o.push_str("</section>");

    o.push_str("<section class=\"card\" id=\"charts\"><h2>Charts</h2><div class=\"charts\">");
    for chart in CHARTS {
        let _ = write!(
            o,
            "<div{}>{}</div>",
            if chart.full_width {
                " class=\"wide\""
            } else {
                ""
            },
            (chart.draw)(r)
        );
    }
    o.push_str("</div></section>");

    o.push_str("<h2>Your texting, rule by rule</h2><div class=\"rules\" id=\"rules\">");
    for card in r.rules.cards(crate::text::space_label(r)) {
        let (class, label) = match &card.badge {
            Badge::Status(st) => (st.name().to_owned(), st.name().to_owned()),
            Badge::NotJudged => ("state".to_owned(), "not enough to judge".to_owned()),
            Badge::State(words) => ("state".to_owned(), words.clone()),
        };
        rule(
            &mut o,
            card.title,
            &class,
            &label,
            card.summary,
            them,
            &card.evidence,
            &table(&card.table, card.key, them),
        );
    }
    o.push_str("</div>");

    if !r.notes.is_empty() {
        o.push_str("<section class=\"card\"><h2>Notes on the export</h2><ul>");
        for n in &r.notes {
            let _ = write!(o, "<li>{}</li>", esc(n));
        }
        o.push_str("</ul></section>");
    }
    o.push_str("<footer>pullaway is a decision aid, not therapy. This page was made on your machine and loads nothing from anywhere.</footer></main></body></html>\n");
    o
}

/// A rule's table (mirroring's dimensions: you, them, you ÷ them).
fn table(rows: &[pullaway_coach::rules::Row], key: &str, them: &str) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut o = format!(
        "<div class=\"scroll\"><table class=\"reflow\" data-rule=\"{key}\"><thead><tr><th></th><th>you</th><th>{}</th><th>you ÷ them</th></tr></thead><tbody>",
        esc(them)
    );
    for d in rows {
        let ratio = d.ratio.map_or("—".to_owned(), |x| format!("{x:.2}×"));
        let _ = write!(
            o,
            "<tr><td>{}</td><td data-label=\"you\">{}</td><td data-label=\"{}\">{}</td><td data-label=\"you ÷ them\">{ratio}</td></tr>",
            esc(&d.name),
            d.me,
            esc(them),
            d.them
        );
    }
    o.push_str("</tbody></table></div>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_sheet_names_no_external_resource() {
        assert!(!STYLE.contains("url("));
        assert!(!STYLE.contains("@import"));
        assert!(CSP.starts_with("default-src 'none'"));
    }
}

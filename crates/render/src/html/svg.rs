//! Small helpers for hand-written SVG charts: escaping, axes, and the
//! colour-blind-safe palette (Okabe–Ito) every chart uses.

/// You and them, in colours that stay distinct for the common forms of
/// colour blindness; E and the detected change point in neutral tones.
pub const ME: &str = "#0072B2";
pub const THEM: &str = "#E69F00";
pub const EVENT: &str = "#CC79A7";
pub const MUTED: &str = "#6b7280";

/// Escapes text for HTML and SVG.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Opens an accessible SVG figure: `<figure>` with a title and a text
/// description read by screen readers. Close it with [`close`].
pub fn open(id: &str, width: u32, height: u32, title: &str, desc: &str) -> String {
    format!(
        "<figure id=\"{id}\" class=\"chart\"><svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(desc)
    )
}

pub fn close(caption: &str) -> String {
    format!("</svg><figcaption>{}</figcaption></figure>", esc(caption))
}

/// A chart drawn twice: wide for a desktop and narrow (its own layout, not
/// a shrunken copy) for a phone; CSS shows the one that fits.
pub struct Variant {
    /// Suffix of the ids, and the class that CSS switches on.
    pub class: &'static str,
    pub w: f64,
    pub h: f64,
}

pub const WIDE: Variant = Variant {
    class: "wide",
    w: 720.0,
    h: 0.0,
};
pub const NARROW: Variant = Variant {
    class: "narrow",
    w: 360.0,
    h: 0.0,
};

/// Opens one variant's `<svg>` (inside a figure made by [`figure`]).
pub fn open_variant(id: &str, v: &Variant, h: f64, title: &str, desc: &str) -> String {
    let id = format!("{id}-{}", v.class);
    format!(
        "<svg class=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        v.class,
        v.w as u32,
        h as u32,
        esc(title),
        esc(desc)
    )
}

/// A figure holding both variants of a chart and one caption.
pub fn figure(id: &str, wide: &str, narrow: &str, caption: &str) -> String {
    format!(
        "<figure id=\"{id}\" class=\"chart\">{wide}{narrow}<figcaption>{}</figcaption></figure>",
        esc(caption)
    )
}

/// A text label.
pub fn text(x: f64, y: f64, anchor: &str, class: &str, s: &str) -> String {
    format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>",
        esc(s)
    )
}

/// A round upper bound for an axis of whole counts: the count itself up to
/// 4 (so ticks never repeat a label), else [`nice_max`].
pub fn count_max(v: f64) -> f64 {
    if v <= 4.0 {
        v.ceil().max(1.0)
    } else {
        nice_max(v)
    }
}

/// How many steps an axis up to `max` gets so that every tick is a whole,
/// distinct number.
pub fn ticks(max: f64) -> usize {
    if max <= 4.0 && max.fract() == 0.0 {
        max as usize
    } else if (max / 4.0).fract() == 0.0 {
        4
    } else if (max / 5.0).fract() == 0.0 {
        5
    } else {
        2
    }
}

/// A nice round upper bound for an axis.
pub fn nice_max(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if v <= m * mag {
            return m * mag;
        }
    }
    10.0 * mag
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_axes() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(nice_max(7.3), 10.0);
        assert_eq!(nice_max(23.0), 25.0);
        assert_eq!(nice_max(0.0), 1.0);
        // Small counts: one tick per whole number, never "0, 0, 1, 2, 2".
        assert_eq!((count_max(2.0), ticks(count_max(2.0))), (2.0, 2));
        assert_eq!(ticks(25.0), 5);
        assert_eq!(ticks(20.0), 4);
        assert_eq!(ticks(10.0), 5);
    }
}

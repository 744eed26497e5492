//! Kaplan–Meier estimation of how long their silences last, with censoring,
//! and the chance that a silence of `s` days ends within the next `w` days.

/// One observed duration: `event` false means censored (we stopped watching
/// before it ended).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Obs {
    pub duration: f64,
    pub event: bool,
}

/// A Kaplan–Meier survival curve: S(t) = P(T > t), a step function.
#[derive(Clone, Debug, PartialEq)]
pub struct Km {
    /// Distinct event times, ascending.
    pub times: Vec<f64>,
    /// S just after each of those times.
    pub surv: Vec<f64>,
    /// How many observations (events and censored) it was built from.
    pub n: usize,
    pub events: usize,
}

pub fn kaplan_meier(obs: &[Obs]) -> Km {
    let mut sorted: Vec<Obs> = obs
        .iter()
        .copied()
        .filter(|o| o.duration.is_finite() && o.duration >= 0.0)
        .collect();
    sorted.sort_by(|a, b| a.duration.total_cmp(&b.duration));
    let n = sorted.len();
    let mut times = Vec::new();
    let mut surv = Vec::new();
    let mut s = 1.0;
    let mut i = 0;
    let mut events = 0;
    while i < n {
        let t = sorted[i].duration;
        let at_risk = n - i;
        let mut d = 0;
        let mut j = i;
        while j < n && sorted[j].duration == t {
            if sorted[j].event {
                d += 1;
            }
            j += 1;
        }
        if d > 0 {
            s *= 1.0 - d as f64 / at_risk as f64;
            times.push(t);
            surv.push(s);
            events += d;
        }
        i = j;
    }
    Km {
        times,
        surv,
        n,
        events,
    }
}

impl Km {
    /// S(t) = P(T > t).
    pub fn survival(&self, t: f64) -> f64 {
        let k = self.times.partition_point(|&x| x <= t);
        if k == 0 {
            1.0
        } else {
            self.surv[k - 1]
        }
    }

    /// P(T <= s + w | T > s): the chance that a silence that has lasted `s`
    /// ends within the next `w`. `None` when no past silence lasted `s`
    /// (the curve has dropped to zero: no evidence either way).
    pub fn p_within(&self, s: f64, w: f64) -> Option<f64> {
        let ss = self.survival(s);
        if ss <= 0.0 {
            return None;
        }
        Some(1.0 - self.survival(s + w) / ss)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 6-MP arm of the Freireich et al. (1963) leukemia trial, the
    /// classic textbook example (weeks of remission; `*` = censored):
    /// 6 6 6 6* 7 9* 10 10* 11* 13 16 17* 19* 20* 22 23 25* 32* 32* 34* 35*.
    /// Published Kaplan–Meier estimates (e.g. Kleinbaum & Klein, *Survival
    /// Analysis*, table 2.x): S(6)=0.857, S(7)=0.807, S(10)=0.753,
    /// S(13)=0.690, S(16)=0.627, S(22)=0.538, S(23)=0.448.
    #[test]
    fn matches_the_published_leukemia_example() {
        let data = [
            (6, true),
            (6, true),
            (6, true),
            (6, false),
            (7, true),
            (9, false),
            (10, true),
            (10, false),
            (11, false),
            (13, true),
            (16, true),
            (17, false),
            (19, false),
            (20, false),
            (22, true),
            (23, true),
            (25, false),
            (32, false),
            (32, false),
            (34, false),
            (35, false),
        ];
        let obs: Vec<Obs> = data
            .iter()
            .map(|&(t, e)| Obs {
                duration: f64::from(t),
                event: e,
            })
            .collect();
        let km = kaplan_meier(&obs);
        for (t, want) in [
            (6.0, 0.857),
            (7.0, 0.807),
            (10.0, 0.753),
            (13.0, 0.690),
            (16.0, 0.627),
            (22.0, 0.538),
            (23.0, 0.448),
        ] {
            assert!(
                (km.survival(t) - want).abs() < 0.0005,
                "S({t}) = {} not {want}",
                km.survival(t)
            );
        }
        assert_eq!(km.survival(5.9), 1.0);
        assert!((km.survival(100.0) - 0.448).abs() < 0.0005);
        assert_eq!(km.events, 9);
    }

    #[test]
    fn conditional_probability() {
        // Silences of 1..=10 days, all ended: after 5 days, half of the rest end within 2.5 more.
        let obs: Vec<Obs> = (1..=10)
            .map(|d| Obs {
                duration: f64::from(d),
                event: true,
            })
            .collect();
        let km = kaplan_meier(&obs);
        assert!((km.p_within(5.0, 2.0).unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(km.p_within(10.0, 7.0), None);
    }
}

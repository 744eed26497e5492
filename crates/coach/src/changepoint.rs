//! The most likely single change point of their daily activity, when the
//! user gives no key date.
//!
//! Model: their messages on day t are Poisson(λ₁) before the change day τ and
//! Poisson(λ₂) from τ on, with Gamma priors on both rates (integrated out
//! analytically), against a model without change. Daily counts are burstier
//! than Poisson, so the log-likelihoods are tempered by an estimated
//! dispersion φ ≥ 1 (a quasi-likelihood posterior); otherwise every steady but
//! bursty chat would "change".

use crate::stats::ln_gamma;

#[derive(Clone, Debug, PartialEq)]
pub struct ChangePoint {
    /// Index of the first day of the new rate.
    pub day: usize,
    /// Posterior probability of that exact day, given a change.
    pub probability: f64,
    /// Posterior probability within ±3 days, given a change.
    pub probability_3d: f64,
    /// Posterior probability that there is a change at all.
    pub p_change: f64,
    pub rate_before: f64,
    pub rate_after: f64,
    pub dispersion: f64,
}

/// Log marginal likelihood of a segment with `sum` messages over `n` days
/// under a Gamma(a, b) prior (terms common to every model dropped).
fn segment(sum: f64, n: f64, a: f64, b: f64) -> f64 {
    a * b.ln() - ln_gamma(a) + ln_gamma(a + sum) - (a + sum) * (b + n).ln()
}

/// Finds the change point of `counts` (one per day). Each segment has at
/// least `min_len` days. `None` when there are too few days.
pub fn detect(counts: &[f64], min_len: usize) -> Option<ChangePoint> {
    let d = counts.len();
    if d < 2 * min_len || min_len == 0 {
        return None;
    }
    let total: f64 = counts.iter().sum();
    let mean = (total / d as f64).max(1e-3);
    // Weak prior centred on the overall mean (shape 1).
    let (a, b) = (1.0, 1.0 / mean);
    let mut prefix = vec![0.0; d + 1];
    for i in 0..d {
        prefix[i + 1] = prefix[i] + counts[i];
    }
    let ll = |tau: usize| {
        let s1 = prefix[tau];
        let s2 = total - s1;
        segment(s1, tau as f64, a, b) + segment(s2, (d - tau) as f64, a, b)
    };
    let taus: Vec<usize> = (min_len..=d - min_len).collect();
    let raw: Vec<f64> = taus.iter().map(|&t| ll(t)).collect();
    let best = taus[raw
        .iter()
        .enumerate()
        .max_by(|x, y| x.1.total_cmp(y.1))
        .map(|(i, _)| i)?];
    // Dispersion: Pearson chi-square around the best two-rate fit.
    let (m1, m2) = (
        prefix[best] / best as f64,
        (total - prefix[best]) / (d - best) as f64,
    );
    let chi2: f64 = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let mu = if i < best { m1 } else { m2 }.max(1e-3);
            (c - mu).powi(2) / mu
        })
        .sum();
    let phi = (chi2 / (d as f64 - 2.0).max(1.0)).max(1.0);
    let null = segment(total, d as f64, a, b);
    let tempered: Vec<f64> = raw.iter().map(|&l| (l - null) / phi).collect();
    let top = tempered
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max)
        .max(0.0);
    // Uniform prior over change days; 1/2 on "no change", 1/2 spread over the days.
    let weights: Vec<f64> = tempered
        .iter()
        .map(|&l| (l - top).exp() / taus.len() as f64)
        .collect();
    let change_mass: f64 = weights.iter().sum();
    let null_mass = (-top).exp();
    let p_change = change_mass / (change_mass + null_mass);
    let k = taus.iter().position(|&t| t == best)?;
    let near: f64 = weights
        .iter()
        .zip(&taus)
        .filter(|(_, &t)| t.abs_diff(best) <= 3)
        .map(|(w, _)| w)
        .sum();
    Some(ChangePoint {
        day: best,
        probability: weights[k] / change_mass,
        probability_3d: near / change_mass,
        p_change,
        rate_before: m1,
        rate_after: m2,
        dispersion: phi,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_clear_drop() {
        let mut counts = vec![10.0; 30];
        counts.extend(vec![2.0; 20]);
        let cp = detect(&counts, 7).unwrap();
        assert_eq!(cp.day, 30);
        assert!(cp.p_change > 0.99, "{cp:?}");
        assert!(cp.probability > 0.5);
    }

    #[test]
    fn a_flat_series_has_no_likely_change() {
        let counts: Vec<f64> = (0..60).map(|i| [4.0, 6.0, 5.0, 3.0, 7.0][i % 5]).collect();
        let cp = detect(&counts, 7).unwrap();
        assert!(cp.p_change < 0.5, "{cp:?}");
        assert!(detect(&counts[..10], 7).is_none());
    }
}

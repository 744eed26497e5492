//! The most likely single change point of their daily activity, when the
//! user gives no key date.
//!
//! Model (Poisson–Gamma): their messages on day t are Poisson(λ_t), where
//! each day's rate λ_t is Gamma-distributed around the mean of its segment —
//! μ₁ before the change day τ, μ₂ from τ on — with a common shape k. The
//! Gamma mixing is what makes bursty days (a busy Saturday, a quiet Monday)
//! ordinary instead of evidence of change; marginally each day is negative
//! binomial. k is estimated from the data by moments. The posterior over τ
//! (uniform prior) uses the profile likelihood of the segment means; the
//! probability that there is a change at all compares the best change model
//! (averaged over τ) with the no-change model through a Bayes factor with
//! BIC's penalty for the extra mean, and one prior half on "no change".

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
    /// The Gamma shape k of the day-to-day variation (∞ for none).
    pub shape: f64,
}

/// Profile log-likelihood of a segment of `n` days with `sum` messages, the
/// terms that depend on the segment mean only.
fn segment(sum: f64, n: f64, k: f64) -> f64 {
    if n <= 0.0 || sum <= 0.0 {
        return 0.0;
    }
    let mu = sum / n;
    if !k.is_finite() {
        return sum * mu.ln() - n * mu;
    }
    n * k * (k / (k + mu)).ln() + sum * (mu / (k + mu)).ln()
}

/// Moment estimate of the Gamma shape around the segment means of a split.
fn shape_at(counts: &[f64], split: usize) -> f64 {
    let (mut excess, mut mean_sq) = (0.0, 0.0);
    for part in [&counts[..split], &counts[split..]] {
        if part.len() < 2 {
            continue;
        }
        let n = part.len() as f64;
        let mu = part.iter().sum::<f64>() / n;
        let var = part.iter().map(|c| (c - mu).powi(2)).sum::<f64>() / (n - 1.0);
        excess += (var - mu) * n;
        mean_sq += mu * mu * n;
    }
    if excess <= 0.0 || mean_sq <= 0.0 {
        f64::INFINITY
    } else {
        (mean_sq / excess).max(0.2)
    }
}

/// Finds the change point of `counts` (one per day). Each segment has at
/// least `min_len` days. `None` when there are too few days or no messages.
pub fn detect(counts: &[f64], min_len: usize) -> Option<ChangePoint> {
    let d = counts.len();
    if d < 2 * min_len || min_len == 0 {
        return None;
    }
    let total: f64 = counts.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let mut prefix = vec![0.0; d + 1];
    for i in 0..d {
        prefix[i + 1] = prefix[i] + counts[i];
    }
    let taus: Vec<usize> = (min_len..=d - min_len).collect();
    let ll_with = |k: f64| -> Vec<f64> {
        taus.iter()
            .map(|&t| {
                segment(prefix[t], t as f64, k) + segment(total - prefix[t], (d - t) as f64, k)
            })
            .collect()
    };
    // The shape depends on where the split is: start from the Poisson
    // split, re-estimate k there, and split again with it.
    let best_of = |ll: &[f64]| {
        taus[ll
            .iter()
            .enumerate()
            .max_by(|x, y| x.1.total_cmp(y.1))
            .map_or(0, |(i, _)| i)]
    };
    let mut k = shape_at(counts, best_of(&ll_with(f64::INFINITY)));
    let mut ll = ll_with(k);
    let best = best_of(&ll);
    let k2 = shape_at(counts, best);
    if (k2 - k).abs() > 1e-9 * k.max(1.0) {
        k = k2;
        ll = ll_with(k);
    }
    let top = ll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let weights: Vec<f64> = ll.iter().map(|&l| (l - top).exp()).collect();
    let mass: f64 = weights.iter().sum();
    // Report the day with the most posterior mass within ±3 days: the Bayes
    // choice for "get the day right to within three days".
    // Mass within ±3 days of each candidate day, by prefix sums (taus are consecutive days).
    let mut cum = vec![0.0; weights.len() + 1];
    for (k, w) in weights.iter().enumerate() {
        cum[k + 1] = cum[k] + w;
    }
    let near = |c: usize| -> f64 {
        let k = c - taus[0];
        let (lo, hi) = (k.saturating_sub(3), (k + 4).min(weights.len()));
        cum[hi] - cum[lo]
    };
    let nears: Vec<f64> = taus.iter().map(|&t| near(t)).collect();
    let top_near = nears.iter().copied().fold(0.0, f64::max);
    let (i, near_best) = (0..taus.len())
        .filter(|&i| nears[i] >= 0.99 * top_near)
        .max_by(|&a, &b| weights[a].total_cmp(&weights[b]))
        .map(|i| (i, nears[i]))?;
    let best = taus[i];
    let near = near_best;
    // Bayes factor of "a change on some day" (τ averaged under its uniform
    // prior) against "no change", with BIC's penalty for the extra mean μ₂.
    let null = segment(total, d as f64, k);
    let log_bf = top + mass.ln() - (taus.len() as f64).ln() - null - 0.5 * (d as f64).ln();
    let p_change = 1.0 / (1.0 + (-log_bf).exp());
    let (m1, m2) = (
        prefix[best] / best as f64,
        (total - prefix[best]) / (d - best) as f64,
    );
    Some(ChangePoint {
        day: best,
        probability: weights[i] / mass,
        probability_3d: near / mass,
        p_change,
        rate_before: m1,
        rate_after: m2,
        shape: k,
    })
}

/// ln Γ is used by callers that need full negative-binomial likelihoods.
#[allow(dead_code)]
fn nb_log_pmf(c: f64, mu: f64, k: f64) -> f64 {
    ln_gamma(c + k) - ln_gamma(k) - ln_gamma(c + 1.0)
        + k * (k / (k + mu)).ln()
        + c * (mu / (k + mu)).ln()
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

    #[test]
    fn the_profile_likelihood_is_the_negative_binomial_up_to_constants() {
        // Differences between two means must agree with the full pmf.
        let counts = [3.0, 0.0, 7.0, 2.0];
        let k = 2.5;
        let full = |mu: f64| counts.iter().map(|&c| nb_log_pmf(c, mu, k)).sum::<f64>();
        let sum: f64 = counts.iter().sum();
        let n = counts.len() as f64;
        let mu = sum / n;
        let part = n * k * (k / (k + mu)).ln() + sum * (mu / (k + mu)).ln();
        let other = 1.7;
        let part_other = n * k * (k / (k + other)).ln() + sum * (other / (k + other)).ln();
        assert!(((full(mu) - full(other)) - (part - part_other)).abs() < 1e-9);
        assert!((segment(sum, n, k) - part).abs() < 1e-12);
    }
}

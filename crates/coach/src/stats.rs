//! Small, self-contained statistics: log-gamma, the regularized incomplete
//! beta function and its inverse, exact (Clopper–Pearson) binomial intervals,
//! exact rate-ratio intervals by conditioning on the total, and a seeded
//! bootstrap for medians.
//!
//! Written here (about 200 lines) rather than pulled in as a dependency; the
//! unit tests pin the values against an independent implementation (SciPy's
//! `scipy.stats` / `scipy.special`, values written into the tests).

/// ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; ~1e-15 relative).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1-x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Continued fraction for the incomplete beta (modified Lentz).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b), a, b > 0.
pub fn beta_inc(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_cf(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_cf(b, a, 1.0 - x) / b
    }
}

/// The p-quantile of Beta(a, b), by bisection on I_x (to 1e-12).
pub fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if beta_inc(a, b, mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-13 {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Exact (Clopper–Pearson) two-sided interval for a binomial proportion with
/// `x` successes in `n` trials (real-valued counts are allowed, for counts
/// scaled by an overdispersion factor).
pub fn clopper_pearson(x: f64, n: f64, level: f64) -> (f64, f64) {
    let alpha = 1.0 - level;
    let lo = if x <= 0.0 {
        0.0
    } else {
        beta_quantile(alpha / 2.0, x, n - x + 1.0)
    };
    let hi = if x >= n {
        1.0
    } else {
        beta_quantile(1.0 - alpha / 2.0, x + 1.0, n - x)
    };
    (lo, hi)
}

/// P(X <= k) for X ~ Binomial(n, p), real-valued k and n allowed (via I).
pub fn binom_cdf(k: f64, n: f64, p: f64) -> f64 {
    if k < 0.0 {
        return 0.0;
    }
    if k >= n {
        return 1.0;
    }
    1.0 - beta_inc(k + 1.0, n - k, p)
}

/// A rate ratio `after / before` with its exact interval and a two-sided
/// p-value against "no change", from counts and exposures. Conditioning on
/// the total, the after-count is binomial with p = r·ta / (r·ta + tb).
/// `dispersion` ≥ 1 divides both counts (quasi-Poisson), widening the
/// interval for bursty data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateRatio {
    pub ratio: f64,
    pub lo: f64,
    pub hi: f64,
    /// Two-sided p-value against "no change".
    pub p_value: f64,
    /// One-sided p-values: small when the rate fell (`p_lower`) or rose (`p_upper`).
    pub p_lower: f64,
    pub p_upper: f64,
}

pub fn rate_ratio(
    after: f64,
    t_after: f64,
    before: f64,
    t_before: f64,
    dispersion: f64,
) -> Option<RateRatio> {
    if t_after <= 0.0 || t_before <= 0.0 || after + before <= 0.0 {
        return None;
    }
    let phi = dispersion.max(1.0);
    let (a, b) = (after / phi, before / phi);
    let n = a + b;
    let (plo, phi_) = clopper_pearson(a, n, 0.95);
    let to_ratio = |p: f64| {
        if p >= 1.0 {
            f64::INFINITY
        } else {
            p / (1.0 - p) * t_before / t_after
        }
    };
    let p0 = t_after / (t_after + t_before);
    let lower_tail = binom_cdf(a, n, p0);
    let upper_tail = 1.0 - binom_cdf(a - 1.0, n, p0);
    let p_value = (2.0 * lower_tail.min(upper_tail)).min(1.0);
    let ratio = if before > 0.0 {
        (after / t_after) / (before / t_before)
    } else {
        f64::INFINITY
    };
    Some(RateRatio {
        ratio,
        lo: to_ratio(plo),
        hi: to_ratio(phi_),
        p_value,
        p_lower: lower_tail.min(1.0),
        p_upper: upper_tail.clamp(0.0, 1.0),
    })
}

/// The standard normal distribution function (Abramowitz–Stegun 7.1.26 for
/// erf, absolute error under 1.5e-7).
pub fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// Holm's step-down adjustment of p-values (same order as given).
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut idx: Vec<usize> = (0..m).collect();
    idx.sort_by(|&i, &j| p[i].total_cmp(&p[j]));
    let mut out = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (rank, &i) in idx.iter().enumerate() {
        let adj = ((m - rank) as f64 * p[i]).min(1.0);
        running = running.max(adj);
        out[i] = running;
    }
    out
}

/// The median of a slice (sorted copy).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    median_mut(&mut v)
}

/// The median of some values (None when empty); sorts them in place.
pub fn median_mut(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// The median, in linear time (reorders `v`).
fn median_in_place(v: &mut [f64]) -> f64 {
    let n = v.len();
    let (_, &mut hi, _) = v.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        hi
    } else {
        let lo = v[..n / 2].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lo + hi) / 2.0
    }
}

/// Largest sample resampled by the bootstrap; bigger samples are thinned
/// evenly (which can only widen the interval).
const BOOTSTRAP_MAX: usize = 1000;

fn thin(v: &[f64]) -> Vec<f64> {
    if v.len() <= BOOTSTRAP_MAX {
        return v.to_vec();
    }
    let step = v.len() as f64 / BOOTSTRAP_MAX as f64;
    (0..BOOTSTRAP_MAX)
        .map(|i| v[(i as f64 * step) as usize])
        .collect()
}

/// SplitMix64: the next value of a stream whose state is `state`. Every
/// seed gives a full-period stream; both bootstraps draw from it.
/// SplitMix64's increment.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

pub(crate) fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(GOLDEN);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A seeded bootstrap of the ratio of medians `after / before`: the point
/// estimate, a percentile 95% interval and a two-sided p-value (twice the
/// smaller share of resampled ratios on either side of 1).
pub fn bootstrap_median_ratio(
    before: &[f64],
    after: &[f64],
    seed: u64,
    rounds: usize,
) -> Option<RateRatio> {
    let (mb, ma) = (median(before)?, median(after)?);
    let (before, after) = (&thin(before)[..], &thin(after)[..]);
    if mb <= 0.0 {
        return None;
    }
    // SplitMix64: every seed gives a full-period stream (an xorshift seeded
    // with `seed ^ constant` stuck at zero for one seed, and every resample
    // was the same). Its state only counts, so the stream of round `k`
    // starts `k` rounds of draws on: a long bootstrap runs its rounds in
    // two halves at once and gives exactly the one-thread result.
    let draws = (before.len() + after.len()) as u64;
    let rounds_from = |from: usize, to: usize| -> Vec<f64> {
        let mut rng = seed.wrapping_add((from as u64).wrapping_mul(draws).wrapping_mul(GOLDEN));
        // An index below n by multiply-and-shift (Lemire): a division per
        // draw was most of the bootstrap's time on long chats (2000 rounds
        // of up to 1000 draws a side).
        let mut next =
            move |n: usize| ((u128::from(splitmix(&mut rng)) * n as u128) >> 64) as usize;
        let mut ratios = Vec::with_capacity(to - from);
        let (mut sb, mut sa) = (vec![0.0; before.len()], vec![0.0; after.len()]);
        for _ in from..to {
            for x in sb.iter_mut() {
                *x = before[next(before.len())];
            }
            for x in sa.iter_mut() {
                *x = after[next(after.len())];
            }
            let (b, a) = (median_in_place(&mut sb), median_in_place(&mut sa));
            if b > 0.0 {
                ratios.push(a / b);
            }
        }
        ratios
    };
    /// Below this many draws in all, a second thread costs more than it saves.
    const PARALLEL_FROM: u64 = 200_000;
    let mut ratios = if draws * rounds as u64 >= PARALLEL_FROM {
        let half = rounds / 2;
        let (mut first, second) = std::thread::scope(|s| {
            let first = s.spawn(|| rounds_from(0, half));
            let second = rounds_from(half, rounds);
            (first.join().expect("the bootstrap never panics"), second)
        });
        first.extend(second);
        first
    } else {
        rounds_from(0, rounds)
    };
    if ratios.is_empty() {
        return None;
    }
    ratios.sort_by(f64::total_cmp);
    let q =
        |p: f64| ratios[((p * (ratios.len() - 1) as f64).round() as usize).min(ratios.len() - 1)];
    let below = ratios.iter().filter(|&&r| r <= 1.0).count() as f64 / ratios.len() as f64;
    let above = ratios.iter().filter(|&&r| r >= 1.0).count() as f64 / ratios.len() as f64;
    Some(RateRatio {
        ratio: ma / mb,
        lo: q(0.025),
        hi: q(0.975),
        p_value: (2.0 * below.min(above)).min(1.0),
        p_lower: above,
        p_upper: below,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_resamples_for_real() {
        // This seed made the old generator's state 0: every resample equal,
        // an interval of zero width around a ratio of 5.9.
        let before: Vec<f64> = (1..=40).map(f64::from).collect();
        let after: Vec<f64> = (1..=40).map(|x| f64::from(x) * 6.0).collect();
        for seed in [
            2_685_821_657_736_338_717u64 ^ 0x2545_F491_4F6C_DD1D,
            0,
            1,
            u64::MAX,
        ] {
            let r = bootstrap_median_ratio(&before, &after, seed, 500).unwrap();
            assert!(r.hi > r.lo * 1.05, "seed {seed}: {r:?}");
        }
    }

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol * b.abs().max(1e-300), "{a} vs {b}");
    }

    // Reference values from SciPy 1.x: scipy.special.gammaln, betainc,
    // scipy.stats.beta.ppf, scipy.stats.binomtest(...).pvalue.
    #[test]
    fn special_functions_match_scipy() {
        close(ln_gamma(0.5), 0.572_364_942_924_700_1, 1e-12);
        close(ln_gamma(100.5), 361.435_540_467_777_6, 1e-12);
        close(beta_inc(2.5, 4.5, 0.3), 0.406_539_016_682_459_3, 1e-10);
        close(
            beta_quantile(0.025, 0.5, 3.2),
            0.000_165_851_933_792_966_6,
            1e-6,
        );
    }

    #[test]
    fn clopper_pearson_matches_scipy() {
        // x = 7 of n = 20: beta.ppf(0.025, 7, 14), beta.ppf(0.975, 8, 13)
        let (lo, hi) = clopper_pearson(7.0, 20.0, 0.95);
        close(lo, 0.153_909_204_781_184_54, 1e-9);
        close(hi, 0.592_188_534_532_828_2, 1e-9);
        assert_eq!(clopper_pearson(0.0, 10.0, 0.95).0, 0.0);
        assert_eq!(clopper_pearson(10.0, 10.0, 0.95).1, 1.0);
    }

    #[test]
    fn binomial_test_p_values_match_scipy() {
        // A rate ratio with equal exposures is a binomial test of p = 0.5:
        // binomtest(3, 40, 0.5).pvalue
        let r = rate_ratio(3.0, 10.0, 37.0, 10.0, 1.0).unwrap();
        close(r.p_value, 1.946_500_560_734_421e-8, 1e-6);
        // One-sided: scipy.stats.binom.cdf(3, 40, 0.5).
        close(r.p_lower, 9.732_502_803_672_105e-9, 1e-6);
        // 12 of 20 with exposures 3 (after) and 7 (before), i.e. p0 = 0.3.
        // We double the smaller tail: 2 * scipy.stats.binom.sf(11, 20, 0.3).
        // (SciPy's binomtest sums outcomes no more likely than the observed
        // one instead, and gives 0.00594 here.)
        let r = rate_ratio(12.0, 3.0, 8.0, 7.0, 1.0).unwrap();
        close(r.p_value, 0.010_276_323_070_242_805, 1e-8);
    }

    #[test]
    fn rate_ratio_interval_brackets_the_ratio_and_widens_with_dispersion() {
        let r = rate_ratio(35.0, 14.0, 70.0, 14.0, 1.0).unwrap();
        close(r.ratio, 0.5, 1e-12);
        assert!(r.lo < 0.5 && r.hi > 0.5 && r.hi < 0.8, "{r:?}");
        let wide = rate_ratio(35.0, 14.0, 70.0, 14.0, 3.0).unwrap();
        assert!(wide.lo < r.lo && wide.hi > r.hi);
        assert!(wide.p_value > r.p_value);
    }

    #[test]
    fn holm_adjusts_step_down() {
        let adj = holm(&[0.01, 0.04, 0.03, 0.5]);
        assert_eq!(adj, vec![0.04, 0.09, 0.09, 0.5]);
    }

    #[test]
    fn linear_time_median() {
        assert_eq!(median_in_place(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median_in_place(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn bootstrap_is_seeded() {
        let before: Vec<f64> = (1..=40).map(f64::from).collect();
        let after: Vec<f64> = (1..=40).map(|x| f64::from(x) * 2.0).collect();
        let a = bootstrap_median_ratio(&before, &after, 7, 1000).unwrap();
        let b = bootstrap_median_ratio(&before, &after, 7, 1000).unwrap();
        assert_eq!(a, b);
        close(a.ratio, 2.0, 1e-12);
        assert!(a.lo > 1.2 && a.hi < 3.2 && a.p_value < 0.01, "{a:?}");
    }
}

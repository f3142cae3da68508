//! The Wilson score interval for a binomial proportion.

/// z for a two-sided 95 % interval: the 0.975 quantile of the standard
/// normal distribution, 1.959 963 98….
pub const WILSON_Z_95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval `(low, high)` for `successes` out of `trials`
/// at normal quantile `z` (Wilson 1927, "Probable inference, the law of
/// succession, and statistical inference", JASA 22:209–212):
///
/// ```text
/// centre = (p̂ + z²/2n) / (1 + z²/n)
/// half   = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
/// ```
///
/// Chosen over the textbook Wald interval `p̂ ± z√(p̂(1−p̂)/n)` because Wald
/// collapses to a point at 0 or n successes and covers badly for small n or
/// p near 0 or 1 — exactly a sweep's "met in 20 of 20 runs"; Brown, Cai &
/// DasGupta (2001, "Interval estimation for a binomial proportion",
/// Statistical Science 16:101–133) recommend Wilson for n < 40 and find it
/// good throughout. `None` when there are no trials.
pub fn wilson_interval(successes: u64, trials: u64, z: f64) -> Option<(f64, f64)> {
    if trials == 0 || successes > trials {
        return None;
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-4
    }

    /// 8 of 10 by hand: p̂ = 0.8, z² = 3.8415, 1 + z²/n = 1.38415;
    /// centre = (0.8 + 0.19207)/1.38415 = 0.71674;
    /// half = 1.96/1.38415 · √(0.016 + 0.0096037) = 1.41600 · 0.16001 = 0.22658;
    /// → [0.490, 0.943], the value Brown, Cai & DasGupta's formula gives
    /// (and e.g. R's `prop.test(8, 10, correct = FALSE)`).
    #[test]
    fn eight_of_ten() {
        let (lo, hi) = wilson_interval(8, 10, WILSON_Z_95).unwrap_or((0.0, 0.0));
        assert!(close(lo, 0.4902), "{lo}");
        assert!(close(hi, 0.9433), "{hi}");
    }

    /// 0 of 20 and 20 of 20: the interval stays open on the far side,
    /// [0, z²/(n + z²)] = [0, 3.8415/23.8415] = [0, 0.1611], and mirrored.
    #[test]
    fn none_and_all() {
        let (lo, hi) = wilson_interval(0, 20, WILSON_Z_95).unwrap_or((1.0, 1.0));
        assert!(close(lo, 0.0) && close(hi, 0.1611), "{lo} {hi}");
        let (lo, hi) = wilson_interval(20, 20, WILSON_Z_95).unwrap_or((0.0, 0.0));
        assert!(close(lo, 0.8389) && close(hi, 1.0), "{lo} {hi}");
    }

    #[test]
    fn no_trials_is_none() {
        assert_eq!(wilson_interval(0, 0, WILSON_Z_95), None);
        assert_eq!(wilson_interval(3, 2, WILSON_Z_95), None);
    }
}

//! What people do once warned: how long they take to leave and whether they
//! leave at all (`rescue.md` §2.8), plus the household size that turns a
//! settlement's population into households.

use serde::{Deserialize, Serialize};

use crate::rng::lognormal_from_units;

/// The standard normal 90th percentile, z₀.₉.
pub const Z90: f64 = 1.281_551_565_544_600_5;

/// Mean people per family household in Inner Mongolia: 22 296 184 household
/// members in 9 483 957 family households, 2.35 (Inner Mongolia Autonomous
/// Region Statistics Bureau, communiqué of the 7th national population
/// census, 20 May 2021).
pub const INNER_MONGOLIA_HOUSEHOLD_SIZE: f64 = 2.35;

/// A lognormal delay from warning receipt (or the order, if later) to
/// departure, given by its median and 90th percentile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DelayDistribution {
    /// Median delay, min.
    pub median_min: f64,
    /// 90th-percentile delay, min.
    pub p90_min: f64,
}

impl DelayDistribution {
    /// Rapid-onset hazard with an official order: median 30 min (inside the
    /// 20–45 min range) and 90th percentile 2 h (`rescue.md` §2.8, an
    /// assumption there consistent with Tweedie et al. 1986 and Sorensen
    /// 1991).
    pub const OFFICIAL_ORDER: DelayDistribution = DelayDistribution {
        median_min: 30.0,
        p90_min: 120.0,
    };

    /// A personal (door-to-door) warning: half the official delays, median
    /// 15 min, 90th percentile 1 h. Sorensen found personal warning the only
    /// significant factor shortening mobilisation (`rescue.md` §2.8); the
    /// factor of two is an assumption.
    pub const PERSONAL_WARNING: DelayDistribution = DelayDistribution {
        median_min: 15.0,
        p90_min: 60.0,
    };

    /// Households needing help to move (elderly, disabled, no vehicle):
    /// median 60 min, 90th percentile 3 h, which gives a mean of 87 min,
    /// matching the ~90 min average bus mobilisation for transit-dependent
    /// people in NRC evacuation-time studies (KLD TR-497, `rescue.md` §2.8).
    pub const VULNERABLE: DelayDistribution = DelayDistribution {
        median_min: 60.0,
        p90_min: 180.0,
    };

    /// The log-space standard deviation σ = ln(p90/median) / z₀.₉.
    pub fn sigma(self) -> f64 {
        libm::log(self.p90_min / self.median_min) / Z90
    }

    /// The delay at standard-normal quantile `z`, min.
    pub fn quantile_min(self, z: f64) -> f64 {
        self.median_min * libm::exp(self.sigma() * z)
    }

    /// The mean delay, median·e^{σ²/2}, min.
    pub fn mean_min(self) -> f64 {
        let s = self.sigma();
        self.median_min * libm::exp(0.5 * s * s)
    }

    /// A delay from two uniforms in `[0, 1)` (Box–Muller, `rng`), min.
    pub fn sample_min(self, u1: f64, u2: f64) -> f64 {
        lognormal_from_units(u1, u2, self.median_min, self.sigma())
    }

    /// Whether the median and 90th percentile are finite, positive and in
    /// order.
    pub fn is_valid(self) -> bool {
        self.median_min.is_finite()
            && self.p90_min.is_finite()
            && self.median_min > 0.0
            && self.p90_min > self.median_min
    }
}

/// The share of warned households that leave.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Participation {
    /// With an evacuation order covering them: 0.90, inside the 80–95 %
    /// typical of mandatory orders in Western studies (`rescue.md` §2.8,
    /// assumption from the hurricane literature). Chinese organised transfer
    /// (组织转移) reaches the rest, capacity-limited, through
    /// `Settlement::transfer`.
    pub ordered: f64,
    /// On a warning alone: 0.20, the middle of the 10–30 % shadow evacuation
    /// outside an ordered zone (`rescue.md` §2.8, assumption).
    pub warning_only: f64,
}

impl Default for Participation {
    fn default() -> Participation {
        Participation {
            ordered: 0.90,
            warning_only: 0.20,
        }
    }
}

/// Behaviour parameters of a settlement's people.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PeopleParams {
    /// Decision delay after an official warning or order.
    pub official: DelayDistribution,
    /// Decision delay after a door-to-door warning.
    pub personal: DelayDistribution,
    /// Decision delay of vulnerable households, whatever the channel.
    pub vulnerable: DelayDistribution,
    /// Who leaves.
    pub participation: Participation,
    /// Mean people per household.
    pub household_size: f64,
}

impl Default for PeopleParams {
    fn default() -> PeopleParams {
        PeopleParams {
            official: DelayDistribution::OFFICIAL_ORDER,
            personal: DelayDistribution::PERSONAL_WARNING,
            vulnerable: DelayDistribution::VULNERABLE,
            participation: Participation::default(),
            household_size: INNER_MONGOLIA_HOUSEHOLD_SIZE,
        }
    }
}

impl PeopleParams {
    /// Whether every field is usable.
    pub fn is_valid(&self) -> bool {
        let share = |x: f64| (0.0..=1.0).contains(&x);
        self.official.is_valid()
            && self.personal.is_valid()
            && self.vulnerable.is_valid()
            && share(self.participation.ordered)
            && share(self.participation.warning_only)
            && self.participation.warning_only <= self.participation.ordered
            && self.household_size.is_finite()
            && self.household_size >= 1.0
    }

    /// The delay distribution of a household.
    pub fn delay(&self, vulnerable: bool, personal_warning: bool) -> DelayDistribution {
        if vulnerable {
            self.vulnerable
        } else if personal_warning {
            self.personal
        } else {
            self.official
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_the_documented_ones() {
        for d in [
            DelayDistribution::OFFICIAL_ORDER,
            DelayDistribution::PERSONAL_WARNING,
            DelayDistribution::VULNERABLE,
        ] {
            assert!((d.quantile_min(0.0) - d.median_min).abs() < 1e-12);
            assert!((d.quantile_min(Z90) - d.p90_min).abs() < 1e-9);
            // The median of the Box–Muller sample: u1 with r = 0 gives z = 0.
            assert_eq!(d.sample_min(0.0, 0.25), d.median_min);
        }
        // KLD TR-497: ~90 min mean mobilisation of transit-dependent people.
        let mean = DelayDistribution::VULNERABLE.mean_min();
        assert!((mean - 90.0).abs() < 5.0, "mean {mean}");
        assert!(PeopleParams::default().is_valid());
    }
}

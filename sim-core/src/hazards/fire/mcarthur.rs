//! McArthur Mk5 grassland fire danger index (GFDI): grass moisture, the
//! index, its head-fire rate of spread and the danger classes of the meter.
//!
//! Source: Noble, Bary & Gill (1980), *McArthur's fire-danger meters
//! expressed as equations*, Aust. J. Ecol. 5:201–203, the equations fitted to
//! McArthur's circular slide-rule meter. The index is dimensionless; the
//! meter's rate of spread is `0.13·GFDI` km/h on flat ground.
//!
//! The Mk5 index is kept beside the CSIRO model ([`super::grass`]) because
//! trainers who learnt fire danger from the meter expect its numbers, and
//! because it is the only one of the two that takes the fuel load into the
//! rate of spread.

use serde::{Deserialize, Serialize};

use super::grass::{MAX_FUEL_LOAD_T_PER_HA, MAX_WIND_10M_KM_PER_H};

/// The standard grass fuel load of the meter, t/ha (Noble et al. 1980).
pub const MK5_STANDARD_FUEL_LOAD_T_PER_HA: f64 = 4.5;

/// Grass moisture at and above which the meter gives no fire, % (Noble et
/// al. 1980: the second branch of the index reaches zero here).
pub const MK5_MOISTURE_OF_EXTINCTION_PCT: f64 = 30.0;

/// Moisture where the index changes from the exponential to the linear
/// branch, %.
const MK5_BRANCH_MOISTURE_PCT: f64 = 18.8;

/// Rate of spread per unit of GFDI, km/h (Noble et al. 1980).
const ROS_KM_PER_H_PER_GFDI: f64 = 0.13;

/// Grass moisture content of the Mk5 meter, % of dry weight (Noble et al.
/// 1980): `M = (97.7 + 4.06·RH)/(T + 6) − 0.00854·RH + 3000/C − 30`.
///
/// The `3000/C − 30` term is how the meter lets green (uncured) material
/// damp the fire: it is zero when fully cured and reaches the extinction
/// moisture (30 %) on its own at 50 % curing.
///
/// Domain handling, so that callers never see a panic or a negative moisture:
/// * any non-finite input → `NaN` (the index treats it as no fire);
/// * RH is clamped to 0–100 % and curing to at most 100 %;
/// * curing ≤ 0 % or `T ≤ −6 °C` (where the fitted `1/(T + 6)` term has its
///   pole) → `+∞`: the limit of the formula from the valid side, i.e. fuel
///   too wet to burn. The meter was never calibrated for frozen steppe;
///   prefer the CSIRO model in cold spring drills;
/// * the result is floored at 0 % (only reached at absurd temperatures).
pub fn mcarthur_grass_moisture_pct(temperature_c: f64, relative_humidity_pct: f64, curing_pct: f64) -> f64 {
    if !(temperature_c.is_finite() && relative_humidity_pct.is_finite() && curing_pct.is_finite()) {
        return f64::NAN;
    }
    let rh = relative_humidity_pct.clamp(0.0, 100.0);
    let curing = curing_pct.min(100.0);
    if curing <= 0.0 || temperature_c <= -6.0 {
        return f64::INFINITY;
    }
    let m = (97.7 + 4.06 * rh) / (temperature_c + 6.0) - 0.00854 * rh + 3000.0 / curing - 30.0;
    m.max(0.0)
}

/// The Mk5 grassland fire danger index (Noble et al. 1980), dimensionless.
///
/// * `M < 18.8`: `GFDI = 3.35·W·exp(−0.0897·M + 0.0403·V)`;
/// * `18.8 ≤ M < 30`: `GFDI = 0.299·W·exp(−1.686 + 0.0403·V)·(30 − M)`;
/// * `M ≥ 30`: 0.
///
/// `W` is the fuel load in t/ha (standard 4.5) and `V` the 10-m wind in
/// km/h. The two branches meet at 18.8 % because −0.0897 × 18.8 ≈ −1.686 and
/// 0.299 × 11.2 ≈ 3.35: with the published (rounded) coefficients the jump
/// there is 2 parts in a million, which we keep rather than "fix" the
/// published numbers. (One public implementation writes `exp(−1.686·M + …)`
/// in the second branch, a typo.)
///
/// Returns 0 for non-finite input, a moisture at or above 30 % (or NaN), or a
/// load ≤ 0. Negative wind is treated as calm and negative moisture as 0;
/// wind and load saturate at [`MAX_WIND_10M_KM_PER_H`] and
/// [`MAX_FUEL_LOAD_T_PER_HA`] so the index stays finite.
pub fn gfdi(fuel_load_t_per_ha: f64, moisture_pct: f64, wind_10m_km_per_h: f64) -> f64 {
    // NaN and +∞ moisture (from the moisture function's domain guards) mean no fire.
    if moisture_pct.is_nan()
        || moisture_pct >= MK5_MOISTURE_OF_EXTINCTION_PCT
        || !fuel_load_t_per_ha.is_finite()
        || fuel_load_t_per_ha <= 0.0
        || !wind_10m_km_per_h.is_finite()
    {
        return 0.0;
    }
    let m = moisture_pct.max(0.0);
    let v = wind_10m_km_per_h.clamp(0.0, MAX_WIND_10M_KM_PER_H);
    let w = fuel_load_t_per_ha.min(MAX_FUEL_LOAD_T_PER_HA);
    if m < MK5_BRANCH_MOISTURE_PCT {
        3.35 * w * libm::exp(-0.0897 * m + 0.0403 * v)
    } else {
        0.299 * w * libm::exp(-1.686 + 0.0403 * v) * (MK5_MOISTURE_OF_EXTINCTION_PCT - m)
    }
}

/// The Mk5 GFDI straight from the weather and curing:
/// [`gfdi`] of [`mcarthur_grass_moisture_pct`].
pub fn gfdi_from_weather(
    fuel_load_t_per_ha: f64,
    temperature_c: f64,
    relative_humidity_pct: f64,
    curing_pct: f64,
    wind_10m_km_per_h: f64,
) -> f64 {
    let m = mcarthur_grass_moisture_pct(temperature_c, relative_humidity_pct, curing_pct);
    gfdi(fuel_load_t_per_ha, m, wind_10m_km_per_h)
}

/// Head-fire rate of spread on flat ground implied by the index,
/// `R = 0.13·GFDI` km/h (Noble et al. 1980). Non-finite or negative index → 0.
pub fn gfdi_ros_km_per_h(gfdi: f64) -> f64 {
    if gfdi.is_finite() && gfdi > 0.0 {
        ROS_KM_PER_H_PER_GFDI * gfdi
    } else {
        0.0
    }
}

/// The danger classes printed on the Mk5 grassland meter.
///
/// Thresholds 3 / 8 / 20 / 50 are the old meter's bands as given in the
/// project reference (`fire.md` §2.2). The 2009–2022 Australian rating
/// (12/25/50/100/150) is a different scale and deliberately not used here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum GrassDangerClass {
    /// GFDI < 3.
    Low,
    /// 3 ≤ GFDI < 8.
    Moderate,
    /// 8 ≤ GFDI < 20.
    High,
    /// 20 ≤ GFDI < 50.
    VeryHigh,
    /// GFDI ≥ 50.
    Extreme,
}

impl GrassDangerClass {
    /// The class of an index value. Lower bounds are inclusive; a NaN index
    /// (never produced by [`gfdi`]) falls in [`GrassDangerClass::Low`].
    pub fn from_gfdi(gfdi: f64) -> GrassDangerClass {
        if gfdi >= 50.0 {
            GrassDangerClass::Extreme
        } else if gfdi >= 20.0 {
            GrassDangerClass::VeryHigh
        } else if gfdi >= 8.0 {
            GrassDangerClass::High
        } else if gfdi >= 3.0 {
            GrassDangerClass::Moderate
        } else {
            GrassDangerClass::Low
        }
    }

    /// Stable lower-case key for data files and reports.
    pub fn key(self) -> &'static str {
        match self {
            GrassDangerClass::Low => "low",
            GrassDangerClass::Moderate => "moderate",
            GrassDangerClass::High => "high",
            GrassDangerClass::VeryHigh => "very-high",
            GrassDangerClass::Extreme => "extreme",
        }
    }
}

impl std::fmt::Display for GrassDangerClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index falls monotonically with moisture through the branch point
    /// and reaches zero at the extinction moisture.
    #[test]
    fn index_is_monotone_in_moisture_and_vanishes_at_30() {
        let mut previous = f64::INFINITY;
        for i in 0..=320 {
            let m = f64::from(i) * 0.1;
            let g = gfdi(4.5, m, 30.0);
            assert!(g <= previous * (1.0 + 1e-5), "m {m}: {g} > {previous}");
            assert!(g >= 0.0);
            previous = g;
        }
        assert_eq!(gfdi(4.5, 30.0, 30.0), 0.0);
        assert!(gfdi(4.5, 29.999, 30.0) > 0.0);
    }

    /// Out-of-domain weather gives no fire rather than a panic or a negative index.
    #[test]
    fn out_of_domain_inputs_give_no_fire() {
        assert_eq!(mcarthur_grass_moisture_pct(-6.0, 20.0, 100.0), f64::INFINITY);
        assert_eq!(mcarthur_grass_moisture_pct(-40.0, 20.0, 100.0), f64::INFINITY);
        assert_eq!(mcarthur_grass_moisture_pct(30.0, 20.0, 0.0), f64::INFINITY);
        assert!(mcarthur_grass_moisture_pct(f64::NAN, 20.0, 100.0).is_nan());
        assert_eq!(gfdi_from_weather(4.5, -10.0, 20.0, 100.0, 30.0), 0.0);
        assert_eq!(gfdi_from_weather(4.5, 30.0, 20.0, -5.0, 30.0), 0.0);
        assert_eq!(gfdi(4.5, f64::NAN, 30.0), 0.0);
        assert_eq!(gfdi(4.5, 5.0, f64::INFINITY), 0.0);
        assert_eq!(gfdi(0.0, 5.0, 30.0), 0.0);
        assert_eq!(gfdi(4.5, 5.0, -10.0), gfdi(4.5, 5.0, 0.0));
        assert_eq!(gfdi_ros_km_per_h(f64::NAN), 0.0);
        assert_eq!(gfdi_ros_km_per_h(-1.0), 0.0);
        // Extreme but finite weather stays finite.
        let g = gfdi_from_weather(4.5, 1e300, 1e300, 1e-300, 1e300);
        assert!(g.is_finite());
        let g = gfdi(f64::MAX, 0.0, f64::MAX);
        assert!(g.is_finite() && g > 0.0);
        assert_eq!(g, gfdi(MAX_FUEL_LOAD_T_PER_HA, 0.0, MAX_WIND_10M_KM_PER_H));
    }

    /// Class bounds are inclusive at the bottom.
    #[test]
    fn danger_classes_follow_the_meter_bands() {
        assert_eq!(GrassDangerClass::from_gfdi(0.0), GrassDangerClass::Low);
        assert_eq!(GrassDangerClass::from_gfdi(2.999), GrassDangerClass::Low);
        assert_eq!(GrassDangerClass::from_gfdi(3.0), GrassDangerClass::Moderate);
        assert_eq!(GrassDangerClass::from_gfdi(8.0), GrassDangerClass::High);
        assert_eq!(GrassDangerClass::from_gfdi(20.0), GrassDangerClass::VeryHigh);
        assert_eq!(GrassDangerClass::from_gfdi(50.0), GrassDangerClass::Extreme);
        assert_eq!(GrassDangerClass::from_gfdi(f64::NAN), GrassDangerClass::Low);
        assert_eq!(GrassDangerClass::VeryHigh.to_string(), "very-high");
        assert!(GrassDangerClass::Extreme > GrassDangerClass::High);
    }
}

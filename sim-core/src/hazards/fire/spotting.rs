//! Spotting: embers thrown downwind from intense burning cells.
//!
//! Model (ELMFIRE user guide, "Spotting", after Sardoy et al. 2008): a cell
//! whose front passes with Byram intensity above 2 000 kW/m throws one
//! ember with a probability of 1 % (ELMFIRE's sample
//! `SURFACE_FIRE_SPOTTING_PERCENT = 1.0`: surface fires loft few embers;
//! crown fires, which would spot from every cell, arrive with a crown-fire
//! model). Its distance is lognormal with mean `m = a·I^b·U^c` (a = 5.0,
//! b = 0.3, c = 0.7; I in kW/m, U the 20-ft wind in m/s, m in metres) and
//! variance `v = m·d` (d = 250): μ = ln(m²/√(v + m²)), σ = √ln(1 + v/m²).
//! Direction: downwind, spread by a normal of 10° (ember paths in turbulent
//! wind). Where it lands on unburned fuel it ignites with Schroeder's
//! (1969) probability of ignition from the 1-h fuel moisture and air
//! temperature, as used by the US NFDRS (Cohen & Deeming 1985).
//! Every draw is a counter-based hash of (seed, Fire stream, tick, cell),
//! so results do not depend on the order cells are visited.

use crate::rng::{RngStream, counter_u64, lognormal_from_units, normal_from_units, unit_from_u64};

/// Intensity above which a burning cell throws an ember, kW/m (ELMFIRE default).
pub const SPOTTING_MIN_INTENSITY_KW_PER_M: f64 = 2000.0;
const MEAN_DISTANCE_A: f64 = 5.0;
const INTENSITY_EXPONENT_B: f64 = 0.3;
const WIND_EXPONENT_C: f64 = 0.7;
const VARIANCE_RATIO_D: f64 = 250.0;
const DIRECTION_SPREAD_DEG: f64 = 10.0;

/// Where one ember lands relative to its source, and whether it catches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ember {
    /// Metres east of the source.
    pub east_m: f64,
    /// Metres north of the source.
    pub north_m: f64,
    /// Distance flown, m.
    pub distance_m: f64,
    /// A uniform draw in [0, 1) to compare with the ignition probability.
    pub catch_draw: f64,
}

/// Where the ember comes from and what drives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmberSource {
    /// Byram intensity of the front at the source cell, kW/m.
    pub intensity_kw_per_m: f64,
    /// Where the wind blows to, degrees from north.
    pub wind_to_deg: f64,
    /// 20-ft wind speed, m/s.
    pub wind_20ft_m_s: f64,
    /// Chance that an intense cell throws an ember, 0–1.
    pub probability: f64,
}

/// The ember cell `cell` throws at `tick`, if any.
pub fn ember(seed: u64, tick: u64, cell: u64, source: &EmberSource) -> Option<Ember> {
    let EmberSource {
        intensity_kw_per_m,
        wind_to_deg,
        wind_20ft_m_s,
        probability,
    } = *source;
    // Written so that NaN inputs fail the test too.
    let intense = intensity_kw_per_m >= SPOTTING_MIN_INTENSITY_KW_PER_M;
    let windy = wind_20ft_m_s > 0.0;
    if !intense || !windy {
        return None;
    }
    let mean = MEAN_DISTANCE_A
        * libm::pow(intensity_kw_per_m, INTENSITY_EXPONENT_B)
        * libm::pow(wind_20ft_m_s, WIND_EXPONENT_C);
    let variance = mean * VARIANCE_RATIO_D;
    let mu = libm::log(mean * mean / libm::sqrt(variance + mean * mean));
    let sigma = libm::sqrt(libm::log(1.0 + variance / (mean * mean)));
    let draw = |k: u64| {
        unit_from_u64(counter_u64(
            seed,
            RngStream::Fire,
            tick,
            cell.wrapping_mul(8).wrapping_add(k),
        ))
    };
    if draw(5) >= probability {
        return None;
    }
    let distance = lognormal_from_units(draw(0), draw(1), libm::exp(mu), sigma);
    let direction = (wind_to_deg + DIRECTION_SPREAD_DEG * normal_from_units(draw(2), draw(3))).to_radians();
    Some(Ember {
        east_m: distance * libm::sin(direction),
        north_m: distance * libm::cos(direction),
        distance_m: distance,
        catch_draw: draw(4),
    })
}

/// Probability that an ember ignites dead fine fuel, 0–1: Schroeder (1969)
/// via NFDRS (Cohen & Deeming 1985): heat of pre-ignition
/// `Q = 144.5 − 0.266·T + 0.00058·T² − 0.01·T·M + 18.54·(1 − e^(−0.151·M)) + 6.4·M`
/// (cal/g, T fuel temperature °C, M 1-h moisture %), `X = (400 − Q)/10`,
/// `P = 0.000048·X^4.3 / 50`, clipped to [0, 1].
pub fn ignition_probability(fuel_temperature_c: f64, moisture_pct: f64) -> f64 {
    let (t, m) = (fuel_temperature_c, moisture_pct.max(0.0));
    let q = 144.5 - 0.266 * t + 0.00058 * t * t - 0.01 * t * m + 18.54 * (1.0 - libm::exp(-0.151 * m)) + 6.4 * m;
    let x = (400.0 - q) / 10.0;
    if x <= 0.0 {
        return 0.0;
    }
    (0.000048 * libm::pow(x, 4.3) / 50.0).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embers_fly_downwind_and_further_in_stronger_fires() {
        let source = |intensity_kw_per_m| EmberSource {
            intensity_kw_per_m,
            wind_to_deg: 90.0,
            wind_20ft_m_s: 5.0,
            probability: 1.0,
        };
        assert_eq!(ember(1, 0, 5, &source(1500.0)), None);
        let mean_east = |intensity: f64| {
            let n = 4000u64;
            let embers: Vec<Ember> = (0..n).filter_map(|c| ember(1, 0, c, &source(intensity))).collect();
            embers.iter().map(|e| e.east_m).sum::<f64>() / embers.len() as f64
        };
        let (weak, strong) = (mean_east(3000.0), mean_east(30_000.0));
        assert!(weak > 0.0 && strong > 1.5 * weak, "{weak} {strong}");
        // Mean of the lognormal is m = 5·I^0.3·U^0.7; with 10° spread the
        // eastward mean is m·E[cos] ≈ 0.985·m. 4000 embers: a few % noise.
        let m = 5.0 * libm::pow(30_000.0, 0.3) * libm::pow(5.0, 0.7);
        assert!((strong / (0.985 * m) - 1.0).abs() < 0.15, "{strong} vs {m}");
    }

    #[test]
    fn ignition_probability_falls_with_moisture() {
        let dry = ignition_probability(30.0, 3.0);
        let moist = ignition_probability(30.0, 12.0);
        let wet = ignition_probability(30.0, 30.0);
        assert!(dry > moist && moist > wet, "{dry} {moist} {wet}");
        assert!(dry > 0.5 && wet < 0.05);
    }
}

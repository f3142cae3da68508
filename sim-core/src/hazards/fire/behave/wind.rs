//! Midflame wind: the wind adjustment factor (WAF) from the 20-ft wind to
//! the flame, sheltered or unsheltered, the 10 m → 20 ft reduction, and
//! [`MidflameWind`], the wind speed the Rothermel chain takes.
//!
//! Formulas are Behave's `windAdjustmentFactor.cpp` (Albini & Baughman
//! 1979; Andrews 2012, RMRS-GTR-266) and the conversions Behave's
//! `behaveUnits.cpp` constants, so a wind given in SI lands on the same
//! ft/min value Behave would compute.

/// Behave's (and FARSITE's) 10-m to 20-ft open wind ratio: u₂₀ = u₁₀/1.15.
pub const TEN_METRE_TO_TWENTY_FOOT_DIVISOR: f64 = 1.15;
/// ft/min in one km/h (Behave's constant).
pub(super) const FT_PER_MIN_PER_KM_PER_H: f64 = 54.680665;
/// ft/min in one m/s (Behave's constant).
pub(super) const FT_PER_MIN_PER_M_PER_S: f64 = 196.8503937;
/// ft/min in one mph.
pub(super) const FT_PER_MIN_PER_MPH: f64 = 88.0;
/// m/s in one ft/min (Behave's constant).
pub(super) const M_PER_S_PER_FT_PER_MIN: f64 = 0.00508;
/// km/h in one ft/min (Behave's constant).
pub(super) const KM_PER_H_PER_FT_PER_MIN: f64 = 0.018288;
/// mph in one ft/min, rounded as Behave rounds it (it feeds the L/W fit).
pub(super) const MPH_PER_FT_PER_MIN: f64 = 0.01136363636;
/// ft in one metre (Behave's constant).
const FT_PER_M: f64 = 3.2808398950131;

/// Unsheltered WAF for a fuel bed `fuel_depth_ft` deep (Albini & Baughman
/// 1979, as Behave codes it): `1.83 / ln((20 + 0.36δ)/(0.13δ))`.
/// GR1 0.307, GR2 0.362, GR3/GR4 0.418. Zero for a bed with no depth.
pub fn unsheltered_waf(fuel_depth_ft: f64) -> f64 {
    if fuel_depth_ft.is_finite() && fuel_depth_ft > 1.0e-7 {
        1.83 / libm::log((20.0 + 0.36 * fuel_depth_ft) / (0.13 * fuel_depth_ft))
    } else {
        0.0
    }
}

/// Canopy that may shelter the surface fuel from the wind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Canopy {
    /// Canopy cover, fraction of the ground (0–1).
    pub cover_fraction: f64,
    /// Canopy (stand) height, ft.
    pub height_ft: f64,
    /// Crown ratio, fraction of the tree height in crown (0–1).
    pub crown_ratio: f64,
}

impl Canopy {
    /// A canopy with its height in metres (converted with Behave's 3.2808398950131 ft/m).
    pub fn from_height_m(cover_fraction: f64, height_m: f64, crown_ratio: f64) -> Canopy {
        Canopy {
            cover_fraction,
            height_ft: height_m * FT_PER_M,
            crown_ratio,
        }
    }

    /// Fraction of the volume under the canopy top filled with crowns,
    /// crowns taken as cones: `crown ratio × cover / 3`.
    pub fn crown_fill_fraction(&self) -> f64 {
        self.crown_ratio * self.cover_fraction / 3.0
    }

    /// Whether Behave treats the fuel as sheltered: some cover, crown fill
    /// at least 5 % and a canopy at least 6 ft tall.
    pub fn shelters(&self) -> bool {
        !(self.cover_fraction < 1.0e-7 || self.crown_fill_fraction() < 0.05 || self.height_ft < 6.0)
    }
}

/// Sheltered WAF under `canopy`: `0.555 / (√(f·H)·ln((20 + 0.36H)/(0.13H)))`
/// with f the crown fill fraction and H the canopy height in ft.
pub fn sheltered_waf(canopy: &Canopy) -> f64 {
    let h = canopy.height_ft;
    let waf = 0.555 / (libm::sqrt(canopy.crown_fill_fraction() * h) * libm::log((20.0 + 0.36 * h) / (0.13 * h)));
    if waf.is_finite() { waf.max(0.0) } else { 0.0 }
}

/// Behave's WAF choice: sheltered under a canopy that shelters, otherwise
/// unsheltered for the fuel bed depth.
pub fn wind_adjustment_factor(fuel_depth_ft: f64, canopy: Option<&Canopy>) -> f64 {
    match canopy {
        Some(c) if c.shelters() => sheltered_waf(c),
        _ => unsheltered_waf(fuel_depth_ft),
    }
}

/// Wind speed at midflame height, the wind Rothermel's φ_w takes. Held in
/// ft/min, Behave's base unit; negative or non-finite speeds are kept as
/// given and handled by the spread calculation (calm and no spread).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MidflameWind {
    ft_per_min: f64,
}

impl MidflameWind {
    /// No wind.
    pub const CALM: MidflameWind = MidflameWind { ft_per_min: 0.0 };

    /// A midflame wind in ft/min.
    pub fn from_ft_per_min(speed: f64) -> MidflameWind {
        MidflameWind { ft_per_min: speed }
    }

    /// A midflame wind in km/h.
    pub fn from_km_per_h(speed: f64) -> MidflameWind {
        MidflameWind::from_ft_per_min(speed * FT_PER_MIN_PER_KM_PER_H)
    }

    /// A midflame wind in m/s.
    pub fn from_m_per_s(speed: f64) -> MidflameWind {
        MidflameWind::from_ft_per_min(speed * FT_PER_MIN_PER_M_PER_S)
    }

    /// A midflame wind in mph.
    pub fn from_mph(speed: f64) -> MidflameWind {
        MidflameWind::from_ft_per_min(speed * FT_PER_MIN_PER_MPH)
    }

    /// From the 20-ft open wind in mph and a WAF.
    pub fn from_twenty_foot_mph(speed: f64, waf: f64) -> MidflameWind {
        MidflameWind::from_ft_per_min(waf * (speed * FT_PER_MIN_PER_MPH))
    }

    /// From the 10-m open wind in m/s (a weather station's or sim-core's
    /// weather): ÷1.15 to 20 ft, then × WAF, in Behave's order.
    pub fn from_ten_metre_m_per_s(speed: f64, waf: f64) -> MidflameWind {
        MidflameWind::from_ft_per_min(waf * (speed * FT_PER_MIN_PER_M_PER_S / TEN_METRE_TO_TWENTY_FOOT_DIVISOR))
    }

    /// From the 10-m open wind in km/h: ÷1.15 to 20 ft, then × WAF.
    pub fn from_ten_metre_km_per_h(speed: f64, waf: f64) -> MidflameWind {
        MidflameWind::from_ft_per_min(waf * (speed * FT_PER_MIN_PER_KM_PER_H / TEN_METRE_TO_TWENTY_FOOT_DIVISOR))
    }

    /// Speed, ft/min.
    pub fn ft_per_min(&self) -> f64 {
        self.ft_per_min
    }

    /// Speed, m/s.
    pub fn m_per_s(&self) -> f64 {
        self.ft_per_min * M_PER_S_PER_FT_PER_MIN
    }

    /// Speed, km/h.
    pub fn km_per_h(&self) -> f64 {
        self.ft_per_min * KM_PER_H_PER_FT_PER_MIN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsheltered_waf_matches_andrews_2012_table() {
        // Andrews 2012 (RMRS-GTR-266) and fire.md §1.2 step 20.
        assert!((unsheltered_waf(0.4) - 0.307).abs() < 5e-4);
        assert!((unsheltered_waf(1.0) - 0.362).abs() < 5e-4);
        assert!((unsheltered_waf(2.0) - 0.418).abs() < 5e-4);
        assert_eq!(unsheltered_waf(0.0), 0.0);
        assert_eq!(unsheltered_waf(f64::NAN), 0.0);
    }

    #[test]
    fn sheltering_follows_behave_thresholds() {
        // testBehave.cpp's GS4 canopy: 50 % cover, crown ratio 0.5, 30 ft.
        let canopy = Canopy {
            cover_fraction: 0.5,
            height_ft: 30.0,
            crown_ratio: 0.5,
        };
        assert!(canopy.shelters());
        assert!((wind_adjustment_factor(2.1, Some(&canopy)) - 0.16986).abs() < 5e-6);
        let thin = Canopy {
            cover_fraction: 0.1,
            ..canopy
        };
        assert!(!thin.shelters());
        assert_eq!(wind_adjustment_factor(1.0, Some(&thin)), unsheltered_waf(1.0));
        assert_eq!(wind_adjustment_factor(1.0, None), unsheltered_waf(1.0));
    }

    #[test]
    fn conversions_use_behave_constants() {
        assert_eq!(MidflameWind::from_km_per_h(10.0).ft_per_min(), 546.80665);
        assert_eq!(MidflameWind::from_mph(5.0).ft_per_min(), 440.0);
        let w = MidflameWind::from_ten_metre_km_per_h(23.0, 0.5);
        assert!((w.km_per_h() - 10.0).abs() < 1e-6);
    }
}

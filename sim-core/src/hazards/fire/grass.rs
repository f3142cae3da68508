//! Grassland fire behaviour: the CSIRO grassland model (Cheney, Gould &
//! Catchpole 1998) with the Cruz et al. (2015) curing function, and the
//! [`FireBehavior`] of a grass cell under either that model or the McArthur
//! Mk5 meter ([`super::mcarthur`]).
//!
//! Sources (see `reference/fire.md` §2):
//! * Cheney, Gould & Catchpole (1998), *Prediction of fire spread in
//!   grasslands*, IJWF 8(1):1–13: the rate-of-spread equations for natural,
//!   grazed (cut) and eaten-out pasture, and the moisture coefficient;
//! * Cruz, Gould, Kidnie, Bessell, Nichols & Slijepcevic (2015), IJWF
//!   24:838: the current curing coefficient;
//! * Cruz, Gould, Alexander, Sullivan, McCaw & Matthews (2015), *A guide to
//!   rate of fire spread models for Australian vegetation* (CSIRO/AFAC), eq.
//!   3.8: the McArthur (1966) grass moisture regression; the AFDRS
//!   `csiro_grassland` code clips it at 5 %.
//!
//! The CSIRO model takes the 10-m open wind in km/h and returns km/h: it is
//! the potential head-fire rate of a wide, well-developed front. The
//! simulator's weather is in m/s; multiply by 3.6 before calling.

use serde::{Deserialize, Serialize};

use super::FireBehavior;
use super::mcarthur::{MK5_STANDARD_FUEL_LOAD_T_PER_HA, gfdi, gfdi_ros_km_per_h, mcarthur_grass_moisture_pct};

/// Low heat of combustion of grass, kJ/kg, as used by CSIRO for grassfire
/// intensity (Cheney & Sullivan 2008; the AFDRS `csiro_grassland` code).
pub const GRASS_HEAT_OF_COMBUSTION_KJ_PER_KG: f64 = 18_600.0;

/// Winds are saturated here, km/h. This is an input guard, not a model: it
/// keeps every rate finite (the Mk5 index grows as `exp(0.0403·V)`) and is
/// far beyond both the models' data (Cruz et al. 2022: up to 62 km/h) and
/// any sustained 10-m wind on the steppe.
pub const MAX_WIND_10M_KM_PER_H: f64 = 150.0;

/// Fuel loads are saturated here, t/ha. An input guard like
/// [`MAX_WIND_10M_KM_PER_H`]: far above any pasture (the AFDRS clips CSIRO
/// grass loads to 1–6 t/ha), it only keeps the arithmetic finite.
pub const MAX_FUEL_LOAD_T_PER_HA: f64 = 25.0;

/// Curing below which the Cruz et al. (2015) curing coefficient is zero, %:
/// grass that green does not carry a running fire.
pub const CSIRO_MIN_CURING_PCT: f64 = 20.0;

/// Floor of the McArthur (1966) grass moisture regression as applied by the
/// AFDRS `csiro_grassland` code, %.
pub const AFDRS_MIN_GRASS_MOISTURE_PCT: f64 = 5.0;

/// Largest slope the McArthur slope rule is applied to, degrees (the rule
/// was read off the meter for slopes up to 20°; CSIRO's Spark slope example
/// caps at ±20° for the same reason). Steeper slopes get the 20° factor.
pub const MAX_SLOPE_EFFECT_DEG: f64 = 20.0;

/// Upper cap on the grass length-to-breadth ratio. 8 is the cap Behave and
/// FARSITE put on Anderson's (1983) relation; Taylor's grass relation reaches
/// it at U10 ≈ 72 km/h, beyond its data.
pub const MAX_GRASS_LENGTH_TO_BREADTH: f64 = 8.0;

/// Pasture condition of the CSIRO grassland model (Cheney et al. 1998).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pasture {
    /// Natural or undisturbed pasture: continuous, tall (> ~25 cm) grass.
    Natural,
    /// Grazed or cut pasture: continuous short grass (5–10 cm).
    Grazed,
    /// Eaten-out pasture: patchy, very short grass; half the grazed rate
    /// (Cheney & Sullivan 2008, Cruz et al. 2015 guide).
    EatenOut,
}

impl Pasture {
    /// Typical fine fuel load, t/ha: natural 6, grazed 4.5, eaten-out 1.5
    /// (Cheney & Sullivan 2008 as used by the AFDRS; the loads behind the
    /// intensity columns of `fire.md` §2.1).
    pub fn standard_fuel_load_t_per_ha(self) -> f64 {
        match self {
            Pasture::Natural => 6.0,
            Pasture::Grazed => 4.5,
            Pasture::EatenOut => 1.5,
        }
    }
}

/// McArthur (1966) dead grass moisture, % of dry weight, from air temperature
/// (°C) and relative humidity (%): `MC = 9.58 − 0.205·T + 0.138·RH`
/// (Cruz et al. 2015 guide, eq. 3.8).
///
/// The result is floored at 5 % as the AFDRS `csiro_grassland` code does:
/// the regression was fitted to afternoon conditions and would otherwise go
/// below the driest grass ever measured in hot, dry weather (at 45 °C and
/// 5 % RH it gives 0.9 %). RH is clamped to 0–100 %; a non-finite input
/// gives `NaN`, which the rate of spread turns into no spread.
pub fn grass_moisture_pct(temperature_c: f64, relative_humidity_pct: f64) -> f64 {
    if !(temperature_c.is_finite() && relative_humidity_pct.is_finite()) {
        return f64::NAN;
    }
    let rh = relative_humidity_pct.clamp(0.0, 100.0);
    (9.58 - 0.205 * temperature_c + 0.138 * rh).max(AFDRS_MIN_GRASS_MOISTURE_PCT)
}

/// Moisture coefficient φM of the CSIRO model (Cheney et al. 1998):
/// * `MC < 12`: `exp(−0.108·MC)`;
/// * `MC ≥ 12`, `U ≤ 10 km/h`: `0.684 − 0.0342·MC` (zero at 20 %);
/// * `MC ≥ 12`, `U > 10 km/h`: `0.547 − 0.0228·MC` (zero at 24 %).
///
/// The branches are continuous in MC at 12 % but not in wind at 10 km/h
/// (at 16 % the coefficient jumps from 0.137 to 0.182). We use the paper's
/// convention: exactly 10 km/h takes the light-wind branch. Beyond the
/// moisture of extinction (20 % / 24 %) the coefficient is 0, not negative.
/// Non-finite input → 0; negative moisture is treated as 0 %.
pub fn grass_moisture_coefficient(wind_10m_km_per_h: f64, moisture_pct: f64) -> f64 {
    if !(wind_10m_km_per_h.is_finite() && moisture_pct.is_finite()) {
        return 0.0;
    }
    let mc = moisture_pct.max(0.0);
    let phi = if mc < 12.0 {
        libm::exp(-0.108 * mc)
    } else if wind_10m_km_per_h <= 10.0 {
        0.684 - 0.0342 * mc
    } else {
        0.547 - 0.0228 * mc
    };
    phi.max(0.0)
}

/// Curing coefficient φC of Cruz et al. (2015, IJWF 24:838), the one in
/// operational use: `1.036 / (1 + 103.989·exp(−0.0996·(C − 20)))`, and 0 below
/// 20 % curing. Curing is clamped to at most 100 %; non-finite → 0.
///
/// It replaced the original Cheney et al. (1998) function
/// ([`curing_coefficient_cheney_1998`]) because experimental fires spread in
/// grass that the original function all but ruled out: at 60 % curing it
/// gives 0.35, the original 0.06.
pub fn curing_coefficient(curing_pct: f64) -> f64 {
    if !curing_pct.is_finite() || curing_pct < CSIRO_MIN_CURING_PCT {
        return 0.0;
    }
    let c = curing_pct.min(100.0);
    1.036 / (1.0 + 103.989 * libm::exp(-0.0996 * (c - 20.0)))
}

/// The original curing coefficient of Cheney et al. (1998):
/// `1.12 / (1 + 59.2·exp(−0.124·(C − 50)))`. Kept for comparison with older
/// studies; [`curing_coefficient`] is the one the model uses. Curing is
/// clamped to 0–100 %; non-finite → 0.
pub fn curing_coefficient_cheney_1998(curing_pct: f64) -> f64 {
    if !curing_pct.is_finite() {
        return 0.0;
    }
    let c = curing_pct.clamp(0.0, 100.0);
    1.12 / (1.0 + 59.2 * libm::exp(-0.124 * (c - 50.0)))
}

/// The wind function of the CSIRO model, km/h: the rate of spread with
/// φM = φC = 1 (Cheney et al. 1998).
/// * natural: `0.054 + 0.269·U` below 5 km/h, `1.4 + 0.838·(U − 5)^0.844` above;
/// * grazed: `0.054 + 0.209·U` below 5 km/h, `1.1 + 0.715·(U − 5)^0.844` above;
/// * eaten-out: half of grazed.
///
/// The published coefficients leave a 0.001 km/h step at 5 km/h, kept as
/// published. Negative wind is calm; wind saturates at
/// [`MAX_WIND_10M_KM_PER_H`]; non-finite → 0.
pub fn csiro_wind_function_km_per_h(wind_10m_km_per_h: f64, pasture: Pasture) -> f64 {
    if !wind_10m_km_per_h.is_finite() {
        return 0.0;
    }
    let u = wind_10m_km_per_h.clamp(0.0, MAX_WIND_10M_KM_PER_H);
    let grazed = |u: f64| {
        if u < 5.0 {
            0.054 + 0.209 * u
        } else {
            1.1 + 0.715 * libm::pow(u - 5.0, 0.844)
        }
    };
    match pasture {
        Pasture::Natural => {
            if u < 5.0 {
                0.054 + 0.269 * u
            } else {
                1.4 + 0.838 * libm::pow(u - 5.0, 0.844)
            }
        }
        Pasture::Grazed => grazed(u),
        // The AFDRS code fits eaten-out separately (0.55 and 0.357 above
        // 5 km/h); we keep the published "half of grazed" of Cheney &
        // Sullivan (2008) that the reference table uses.
        Pasture::EatenOut => 0.5 * grazed(u),
    }
}

/// CSIRO grassland head-fire rate of spread, km/h (Cheney et al. 1998 with
/// the Cruz et al. 2015 curing coefficient): `R = f(U)·φM·φC`.
///
/// Zero spread when: any input is non-finite, curing is below 20 %, or the
/// moisture is at or beyond extinction (20 % at U ≤ 10 km/h, 24 % above).
pub fn csiro_grass_ros_km_per_h(wind_10m_km_per_h: f64, moisture_pct: f64, curing_pct: f64, pasture: Pasture) -> f64 {
    csiro_wind_function_km_per_h(wind_10m_km_per_h, pasture)
        * grass_moisture_coefficient(wind_10m_km_per_h, moisture_pct)
        * curing_coefficient(curing_pct)
}

/// Heat released per unit area, kJ/m²: `H·w` with H = 18 600 kJ/kg and the
/// load converted from t/ha to kg/m² (÷ 10). Non-finite or negative load → 0;
/// the load saturates at [`MAX_FUEL_LOAD_T_PER_HA`].
pub fn grass_heat_per_unit_area_kj_per_m2(fuel_load_t_per_ha: f64) -> f64 {
    if !fuel_load_t_per_ha.is_finite() || fuel_load_t_per_ha <= 0.0 {
        return 0.0;
    }
    GRASS_HEAT_OF_COMBUSTION_KJ_PER_KG * fuel_load_t_per_ha.min(MAX_FUEL_LOAD_T_PER_HA) / 10.0
}

/// Byram (1959) fireline intensity `I = H·w·R`, kW/m, for a load in t/ha and
/// a rate in km/h (converted to m/s): the CSIRO intensity formula.
pub fn grass_intensity_kw_per_m(fuel_load_t_per_ha: f64, ros_km_per_h: f64) -> f64 {
    if !ros_km_per_h.is_finite() || ros_km_per_h <= 0.0 {
        return 0.0;
    }
    grass_heat_per_unit_area_kj_per_m2(fuel_load_t_per_ha) * ros_km_per_h / 3.6
}

/// Length-to-breadth ratio of a grass fire, from the 10-m wind in km/h:
/// Taylor's grass relation `1.1·U^0.464`, the FBP System's O-1 ellipse
/// (Forestry Canada Fire Danger Group 1992, ST-X-3; `fire.md` §3.1), chosen
/// because it is the only relation in the reference fitted to grass fires.
///
/// FBP sets L/B = 1 below 1 km/h, which steps from 1.0 to 1.1 at 1 km/h. We
/// take `max(1, 1.1·U^0.464)` instead: identical at U ≥ 1 km/h, continuous
/// (it reaches 1 at 0.81 km/h), so the ellipse does not jump in light airs.
/// Capped at [`MAX_GRASS_LENGTH_TO_BREADTH`]. Non-finite or negative wind → 1.
pub fn grass_length_to_breadth(wind_10m_km_per_h: f64) -> f64 {
    if !wind_10m_km_per_h.is_finite() || wind_10m_km_per_h <= 0.0 {
        return 1.0;
    }
    let u = wind_10m_km_per_h.min(MAX_WIND_10M_KM_PER_H);
    (1.1 * libm::pow(u, 0.464)).clamp(1.0, MAX_GRASS_LENGTH_TO_BREADTH)
}

/// Slope factor on the head-fire rate for a slope of `slope_deg` measured
/// along the direction of spread (positive upslope), dimensionless.
///
/// * Upslope: McArthur's rule `exp(0.069·θ)`, i.e. the rate doubles every
///   10° (Noble et al. 1980; McArthur 1962). CSIRO grass has no slope term
///   of its own (Cheney et al. 1998 fitted flat-ground fires), and this rule
///   is what the Cruz et al. (2015) guide and CSIRO's Spark apply to every
///   Australian model, grass included.
/// * Downslope: the "kataburn" correction `s/(2s − 1)` with `s = exp(0.069·|θ|)`
///   (Sullivan, Sharples, Matthews & Plucinski 2014, Environ. Model. Softw.
///   62:153), as in Spark's slope example. It equals 1 on the flat and tends
///   to ½ on steep descents, instead of McArthur's halving every 10°, which
///   large fires over undulating country do not show.
/// * |θ| is capped at [`MAX_SLOPE_EFFECT_DEG`] (factor 3.97 up, 0.57 down).
///
/// Non-finite → 1 (no effect).
pub fn grass_slope_factor(slope_deg: f64) -> f64 {
    if !slope_deg.is_finite() {
        return 1.0;
    }
    let theta = slope_deg.clamp(-MAX_SLOPE_EFFECT_DEG, MAX_SLOPE_EFFECT_DEG);
    let s = libm::exp(0.069 * theta.abs());
    if theta >= 0.0 { s } else { s / (2.0 * s - 1.0) }
}

/// Which grassland rate-of-spread model a scenario uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GrassModel {
    /// CSIRO grassland (Cheney et al. 1998, Cruz et al. 2015 curing), for the
    /// given pasture condition. The primary grass model (`fire.md` §2.4).
    Csiro(Pasture),
    /// McArthur Mk5 meter: `R = 0.13·GFDI` (Noble et al. 1980).
    McArthurMk5,
}

impl GrassModel {
    /// The fuel load the model assumes when a scenario gives none, t/ha:
    /// the pasture's typical load for CSIRO, the meter's standard 4.5 for Mk5.
    pub fn standard_fuel_load_t_per_ha(self) -> f64 {
        match self {
            GrassModel::Csiro(pasture) => pasture.standard_fuel_load_t_per_ha(),
            GrassModel::McArthurMk5 => MK5_STANDARD_FUEL_LOAD_T_PER_HA,
        }
    }
}

/// Weather, curing and terrain at one grass cell: everything the grass
/// models read.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GrassConditions {
    /// Mean 10-m open wind speed, km/h.
    pub wind_10m_km_per_h: f64,
    /// Direction the wind blows from, degrees clockwise from north.
    pub wind_from_deg: f64,
    /// Air temperature, °C.
    pub temperature_c: f64,
    /// Relative humidity, %.
    pub relative_humidity_pct: f64,
    /// Degree of curing (dead fraction of the grass), %.
    pub curing_pct: f64,
    /// Terrain slope, degrees from horizontal.
    pub slope_deg: f64,
    /// Direction the slope faces (downhill), degrees clockwise from north,
    /// as [`crate::terrain::Terrain::aspect_deg`] gives it.
    pub aspect_deg: f64,
}

impl GrassConditions {
    fn is_finite(&self) -> bool {
        [
            self.wind_10m_km_per_h,
            self.wind_from_deg,
            self.temperature_c,
            self.relative_humidity_pct,
            self.curing_pct,
            self.slope_deg,
            self.aspect_deg,
        ]
        .iter()
        .all(|v| v.is_finite())
    }
}

/// Head-fire rate of spread on flat ground, km/h, for `model` in
/// `conditions` with a fuel load in t/ha (only Mk5 reads the load).
///
/// Moisture comes from each model's own regression: McArthur (1966) with the
/// AFDRS 5 % floor for CSIRO ([`grass_moisture_pct`]); the meter's, which
/// includes curing, for Mk5 ([`mcarthur_grass_moisture_pct`]).
pub fn grass_flat_ros_km_per_h(model: GrassModel, conditions: &GrassConditions, fuel_load_t_per_ha: f64) -> f64 {
    let c = conditions;
    match model {
        GrassModel::Csiro(pasture) => csiro_grass_ros_km_per_h(
            c.wind_10m_km_per_h,
            grass_moisture_pct(c.temperature_c, c.relative_humidity_pct),
            c.curing_pct,
            pasture,
        ),
        GrassModel::McArthurMk5 => {
            let m = mcarthur_grass_moisture_pct(c.temperature_c, c.relative_humidity_pct, c.curing_pct);
            gfdi_ros_km_per_h(gfdi(fuel_load_t_per_ha, m, c.wind_10m_km_per_h))
        }
    }
}

/// Slope in degrees along `azimuth_deg` on a plane of slope `slope_deg`
/// facing `aspect_deg` (downhill), positive uphill:
/// `atan(tan θ · cos(azimuth − upslope))` with upslope = aspect + 180°.
fn slope_along_deg(slope_deg: f64, aspect_deg: f64, azimuth_deg: f64) -> f64 {
    // Slopes are 0–90° by definition; clamp what a caller might get wrong.
    let tan_slope = libm::tan(slope_deg.clamp(0.0, 90.0).to_radians());
    let upslope_deg = aspect_deg + 180.0;
    let cos_off = libm::cos((azimuth_deg - upslope_deg).to_radians());
    libm::atan(tan_slope * cos_off).to_degrees()
}

/// [`FireBehavior`] of a grass cell under `model` with the model's standard
/// fuel load ([`GrassModel::standard_fuel_load_t_per_ha`]).
pub fn grass_fire_behavior(model: GrassModel, conditions: &GrassConditions) -> FireBehavior {
    grass_fire_behavior_with_load(model, conditions, model.standard_fuel_load_t_per_ha())
}

/// [`FireBehavior`] of a grass cell under `model`, with the fine fuel load
/// in t/ha.
///
/// * **Head direction**: downwind, `wind_from + 180°`. Grass fires are wind
///   driven; the slope changes the rate along that direction but not the
///   direction itself (no wind–slope vector sum as in Rothermel).
/// * **Head rate**: the flat-ground model rate ([`grass_flat_ros_km_per_h`])
///   times [`grass_slope_factor`] of the slope along the head direction, in
///   m/min. In calm air the head direction (and so the slope factor) follows
///   the nominal wind direction; with L/B = 1 there is no elongation upslope.
/// * **Shape**: [`grass_length_to_breadth`] of the 10-m wind.
/// * **Heat per unit area**: [`grass_heat_per_unit_area_kj_per_m2`] of the
///   load, so `head_intensity_kw_per_m` is Byram's `H·w·R`.
///
/// Returns [`FireBehavior::NONE`] when the fire does not spread: any
/// non-finite input, a load ≤ 0, curing too low, grass too wet.
pub fn grass_fire_behavior_with_load(
    model: GrassModel,
    conditions: &GrassConditions,
    fuel_load_t_per_ha: f64,
) -> FireBehavior {
    if !conditions.is_finite() || !fuel_load_t_per_ha.is_finite() || fuel_load_t_per_ha <= 0.0 {
        return FireBehavior::NONE;
    }
    let flat_km_per_h = grass_flat_ros_km_per_h(model, conditions, fuel_load_t_per_ha);
    // Also catches NaN, which no path should produce but which must not spread.
    if flat_km_per_h.is_nan() || flat_km_per_h <= 0.0 {
        return FireBehavior::NONE;
    }
    let mut head_azimuth_deg = (conditions.wind_from_deg + 180.0).rem_euclid(360.0);
    // rem_euclid can round a tiny negative up to exactly 360.
    if head_azimuth_deg >= 360.0 {
        head_azimuth_deg = 0.0;
    }
    let slope_deg = slope_along_deg(conditions.slope_deg, conditions.aspect_deg, head_azimuth_deg);
    let ros_km_per_h = flat_km_per_h * grass_slope_factor(slope_deg);
    FireBehavior {
        head_ros_m_per_min: ros_km_per_h * 1000.0 / 60.0,
        head_azimuth_deg,
        length_to_breadth: grass_length_to_breadth(conditions.wind_10m_km_per_h),
        heat_per_unit_area_kj_per_m2: grass_heat_per_unit_area_kj_per_m2(fuel_load_t_per_ha),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn conditions(wind_10m_km_per_h: f64, wind_from_deg: f64) -> GrassConditions {
        GrassConditions {
            wind_10m_km_per_h,
            wind_from_deg,
            temperature_c: 30.0,
            relative_humidity_pct: 20.0,
            curing_pct: 100.0,
            slope_deg: 0.0,
            aspect_deg: 0.0,
        }
    }

    /// The moisture coefficient is continuous in MC at 12 % on both wind
    /// branches (exp(−1.296) = 0.2736 = 0.684 − 0.4104) and never negative.
    #[test]
    fn moisture_coefficient_branches() {
        let below = grass_moisture_coefficient(5.0, 12.0 - 1e-9);
        assert!((below - grass_moisture_coefficient(5.0, 12.0)).abs() < 1e-4);
        assert!((below - grass_moisture_coefficient(20.0, 12.0)).abs() < 5e-4);
        assert_eq!(grass_moisture_coefficient(5.0, 20.0), 0.0);
        assert_eq!(grass_moisture_coefficient(20.0, 24.0), 0.0);
        assert_eq!(grass_moisture_coefficient(20.0, 40.0), 0.0);
        assert!(grass_moisture_coefficient(20.0, 23.9) > 0.0);
        assert_eq!(grass_moisture_coefficient(20.0, -3.0), 1.0);
    }

    /// The wind function steps by only 0.001 km/h at 5 km/h and eaten-out is
    /// half of grazed.
    #[test]
    fn wind_function_near_continuous_at_5() {
        for pasture in [Pasture::Natural, Pasture::Grazed] {
            let lo = csiro_wind_function_km_per_h(5.0 - 1e-12, pasture);
            let hi = csiro_wind_function_km_per_h(5.0, pasture);
            assert!((hi - lo).abs() < 1.5e-3, "{pasture:?}: {lo} vs {hi}");
        }
        let g = csiro_wind_function_km_per_h(23.0, Pasture::Grazed);
        assert_eq!(csiro_wind_function_km_per_h(23.0, Pasture::EatenOut), 0.5 * g);
        assert_eq!(csiro_wind_function_km_per_h(-4.0, Pasture::Natural), 0.054);
    }

    /// Curing below 20 % stops the CSIRO fire; above 100 % counts as 100 %.
    #[test]
    fn curing_threshold_and_clamp() {
        assert_eq!(curing_coefficient(19.999), 0.0);
        assert!(curing_coefficient(20.0) > 0.0);
        assert_eq!(curing_coefficient(130.0), curing_coefficient(100.0));
        assert_eq!(csiro_grass_ros_km_per_h(30.0, 5.0, 10.0, Pasture::Natural), 0.0);
    }

    /// The McArthur (1966) grass moisture is floored at 5 % (AFDRS).
    #[test]
    fn grass_moisture_floor() {
        assert_eq!(grass_moisture_pct(45.0, 5.0), AFDRS_MIN_GRASS_MOISTURE_PCT);
        assert!(grass_moisture_pct(f64::NAN, 5.0).is_nan());
        assert_eq!(csiro_grass_ros_km_per_h(30.0, f64::NAN, 100.0, Pasture::Natural), 0.0);
    }

    /// Slope factor: 1 on the flat, doubling per ~10° up, kataburn down,
    /// capped at 20°.
    #[test]
    fn slope_factor_shape() {
        assert_eq!(grass_slope_factor(0.0), 1.0);
        assert!((grass_slope_factor(10.0) - libm::exp(0.69)).abs() < 1e-12);
        assert_eq!(grass_slope_factor(35.0), grass_slope_factor(20.0));
        let down = grass_slope_factor(-20.0);
        let s = libm::exp(0.069 * 20.0);
        assert!((down - s / (2.0 * s - 1.0)).abs() < 1e-12);
        assert!(down > 0.5 && down < 1.0);
        // Continuous through the flat.
        assert!((grass_slope_factor(-1e-9) - 1.0).abs() < 1e-9);
    }

    /// The slope along the head direction: full slope straight upslope,
    /// none across, negative downslope.
    #[test]
    fn slope_projection() {
        // Slope faces west (downhill to 270°), so uphill is east (90°).
        assert!((slope_along_deg(10.0, 270.0, 90.0) - 10.0).abs() < 1e-9);
        assert!((slope_along_deg(10.0, 270.0, 270.0) + 10.0).abs() < 1e-9);
        assert!(slope_along_deg(10.0, 270.0, 0.0).abs() < 1e-9);
        // Wind from the west pushes the head east, up that slope.
        let up = GrassConditions {
            slope_deg: 10.0,
            aspect_deg: 270.0,
            ..conditions(30.0, 270.0)
        };
        let flat = grass_fire_behavior(GrassModel::Csiro(Pasture::Natural), &conditions(30.0, 270.0));
        let b = grass_fire_behavior(GrassModel::Csiro(Pasture::Natural), &up);
        assert!((b.head_ros_m_per_min / flat.head_ros_m_per_min - libm::exp(0.69)).abs() < 1e-9);
    }

    /// The ratio is continuous in light airs and capped in gales.
    #[test]
    fn length_to_breadth_limits() {
        assert_eq!(grass_length_to_breadth(0.0), 1.0);
        assert_eq!(grass_length_to_breadth(0.5), 1.0);
        assert!((grass_length_to_breadth(1.0) - 1.1).abs() < 1e-12);
        assert_eq!(grass_length_to_breadth(100.0), MAX_GRASS_LENGTH_TO_BREADTH);
        assert_eq!(grass_length_to_breadth(f64::NAN), 1.0);
    }

    /// Fires that cannot spread come back as `FireBehavior::NONE`.
    #[test]
    fn no_spread_is_none() {
        let wet = GrassConditions {
            relative_humidity_pct: 100.0,
            temperature_c: -5.0,
            ..conditions(5.0, 0.0)
        };
        // MC = 9.58 + 1.025 + 13.8 = 24.4 % > 20 %: beyond extinction.
        assert_eq!(
            grass_fire_behavior(GrassModel::Csiro(Pasture::Natural), &wet),
            FireBehavior::NONE
        );
        assert_eq!(grass_fire_behavior(GrassModel::McArthurMk5, &wet), FireBehavior::NONE);
        let nan = GrassConditions {
            aspect_deg: f64::NAN,
            ..conditions(30.0, 0.0)
        };
        assert_eq!(grass_fire_behavior(GrassModel::McArthurMk5, &nan), FireBehavior::NONE);
        let c = conditions(30.0, 0.0);
        assert_eq!(
            grass_fire_behavior_with_load(GrassModel::Csiro(Pasture::Grazed), &c, 0.0),
            FireBehavior::NONE
        );
    }

    fn any_f64() -> impl Strategy<Value = f64> {
        prop_oneof![
            -1e3..1e3f64,
            prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO,
            Just(f64::MAX),
            Just(f64::MIN),
        ]
    }

    proptest! {
        /// No finite input panics or yields a non-finite or out-of-range behaviour.
        #[test]
        fn any_finite_input_gives_a_sane_behavior(
            wind in any_f64(), from in any_f64(), t in any_f64(), rh in any_f64(),
            curing in any_f64(), slope in any_f64(), aspect in any_f64(), load in any_f64(),
            model in 0u8..4,
        ) {
            let model = match model {
                0 => GrassModel::Csiro(Pasture::Natural),
                1 => GrassModel::Csiro(Pasture::Grazed),
                2 => GrassModel::Csiro(Pasture::EatenOut),
                _ => GrassModel::McArthurMk5,
            };
            let c = GrassConditions {
                wind_10m_km_per_h: wind,
                wind_from_deg: from,
                temperature_c: t,
                relative_humidity_pct: rh,
                curing_pct: curing,
                slope_deg: slope,
                aspect_deg: aspect,
            };
            let b = grass_fire_behavior_with_load(model, &c, load);
            prop_assert!(b.head_ros_m_per_min.is_finite() && b.head_ros_m_per_min >= 0.0);
            prop_assert!((0.0..360.0).contains(&b.head_azimuth_deg));
            prop_assert!((1.0..=MAX_GRASS_LENGTH_TO_BREADTH).contains(&b.length_to_breadth));
            prop_assert!(b.heat_per_unit_area_kj_per_m2.is_finite() && b.heat_per_unit_area_kj_per_m2 >= 0.0);
            prop_assert!(b.head_intensity_kw_per_m().is_finite());
        }
    }
}

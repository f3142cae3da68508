//! Stage 1 of the Rothermel chain: everything that depends on the fuel
//! model and its moisture but not on wind or slope — dynamic curing, the
//! particle weights, reaction intensity, heat sink and the no-wind,
//! no-slope rate of spread — so it can be computed once per (model,
//! moisture) and cached for a weather epoch.
//!
//! The arithmetic follows Behave's `surfaceFuelbedIntermediates.cpp` and
//! `surfaceFireReactionIntensity.cpp` step by step, in Behave's US units and
//! in Behave's order of summation, so the results are Behave's to a few ulps
//! (Rothermel 1972, INT-115, with Albini's 1976 corrections, INT-30; the
//! chain is laid out in Andrews 2018, RMRS-GTR-371).

use serde::{Deserialize, Serialize};

use super::fuel_models::FuelModel;

/// Oven-dry particle density, lb/ft³ (Albini 1976, p. 91).
const PARTICLE_DENSITY_LB_PER_FT3: f64 = 32.0;
/// Total mineral (silica) content, fraction.
const TOTAL_SILICA: f64 = 0.0555;
/// Effective (silica-free) mineral content, fraction.
const EFFECTIVE_SILICA: f64 = 0.01;
/// SAV ratio of 10-h dead fuel, ft⁻¹.
const TEN_HOUR_SAV_PER_FT: f64 = 109.0;
/// SAV ratio of 100-h dead fuel, ft⁻¹.
const HUNDRED_HOUR_SAV_PER_FT: f64 = 30.0;
/// Behave's "is it zero?" threshold, used for SAVs, areas and heat sink.
const TINY: f64 = 1.0e-7;
/// Moistures are clamped to [0, this] (1000 %): far above any live fuel,
/// low enough that no product in the chain can overflow.
const MAX_MOISTURE: f64 = 10.0;

/// Fuel moisture contents as fractions of dry weight (0.06 = 6 %).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FuelMoisture {
    /// Dead 1-h fuel (also used for cured herbaceous fuel).
    pub one_hour: f64,
    /// Dead 10-h fuel.
    pub ten_hour: f64,
    /// Dead 100-h fuel.
    pub hundred_hour: f64,
    /// Live herbaceous fuel; in dynamic models it also sets the curing:
    /// below 0.30 all herb load is cured, above 1.20 none.
    pub live_herbaceous: f64,
    /// Live woody fuel.
    pub live_woody: f64,
}

impl FuelMoisture {
    /// Whether every moisture is a finite number.
    pub fn is_finite(&self) -> bool {
        [
            self.one_hour,
            self.ten_hour,
            self.hundred_hour,
            self.live_herbaceous,
            self.live_woody,
        ]
        .iter()
        .all(|m| m.is_finite())
    }

    fn clamped(&self) -> FuelMoisture {
        let c = |m: f64| m.clamp(0.0, MAX_MOISTURE);
        FuelMoisture {
            one_hour: c(self.one_hour),
            ten_hour: c(self.ten_hour),
            hundred_hour: c(self.hundred_hour),
            live_herbaceous: c(self.live_herbaceous),
            live_woody: c(self.live_woody),
        }
    }
}

/// The wind- and slope-independent part of the Rothermel chain for one fuel
/// model at one moisture (stage 1). Build it with [`FuelBed::new`], cache
/// it, and call [`FuelBed::spread`] per cell (stage 2).
///
/// A bed that cannot burn (no fuel, invalid model or non-finite moisture)
/// has every rate and intensity zero; one that is too wet has a positive
/// fuel description but zero reaction intensity and rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FuelBed {
    pub(super) burnable: bool,
    pub(super) depth_ft: f64,
    pub(super) sigma_per_ft: f64,
    pub(super) packing_ratio: f64,
    pub(super) relative_packing_ratio: f64,
    pub(super) bulk_density_lb_per_ft3: f64,
    pub(super) dead_extinction_moisture: f64,
    pub(super) live_extinction_moisture: f64,
    pub(super) cured_herb_load_lb_per_ft2: f64,
    pub(super) reaction_intensity_btu_per_ft2_per_min: f64,
    pub(super) propagating_flux_ratio: f64,
    pub(super) heat_sink_btu_per_ft3: f64,
    pub(super) no_wind_no_slope_ros_ft_per_min: f64,
    pub(super) residence_time_min: f64,
    /// Rothermel's wind coefficients C, B, E (φ_w = C·U^B·(β/β_op)^−E).
    pub(super) wind_c: f64,
    pub(super) wind_b: f64,
    pub(super) wind_e: f64,
    /// (β/β_op)^E and (β/β_op)^−E, kept apart (rather than folded into C)
    /// so stage 2 multiplies in Behave's order.
    pub(super) relative_packing_pow_e: f64,
    pub(super) relative_packing_pow_neg_e: f64,
    /// 5.275·β^−0.3: the slope factor is this times tan²θ.
    pub(super) slope_coefficient: f64,
}

impl FuelBed {
    /// A bed with nothing to burn.
    pub const EMPTY: FuelBed = FuelBed {
        burnable: false,
        depth_ft: 0.0,
        sigma_per_ft: 0.0,
        packing_ratio: 0.0,
        relative_packing_ratio: 0.0,
        bulk_density_lb_per_ft3: 0.0,
        dead_extinction_moisture: 0.0,
        live_extinction_moisture: 0.0,
        cured_herb_load_lb_per_ft2: 0.0,
        reaction_intensity_btu_per_ft2_per_min: 0.0,
        propagating_flux_ratio: 0.0,
        heat_sink_btu_per_ft3: 0.0,
        no_wind_no_slope_ros_ft_per_min: 0.0,
        residence_time_min: 0.0,
        wind_c: 0.0,
        wind_b: 0.0,
        wind_e: 0.0,
        relative_packing_pow_e: 0.0,
        relative_packing_pow_neg_e: 0.0,
        slope_coefficient: 0.0,
    };

    /// Runs stage 1 (fire.md §1.2 steps 0–11 and the wind coefficients of
    /// step 12) for `model` at `moisture`.
    ///
    /// Moistures are clamped to [0, 10]; a non-finite moisture, a model
    /// without fuel or with an invalid description (non-positive depth, Mx
    /// or SAV, negative or non-finite load) gives [`FuelBed::EMPTY`].
    pub fn new(model: &FuelModel, moisture: &FuelMoisture) -> FuelBed {
        if !model.is_burnable() || !is_valid(model) || !moisture.is_finite() {
            return FuelBed::EMPTY;
        }
        let m = moisture.clamped();
        let depth = model.depth_ft;

        // Particles in Behave's slots: dead [1-h, 10-h, 100-h, cured herb],
        // live [herb, woody]. Behave's unused slots hold zero load and
        // zero SAV, and adding their zero terms changes no sum, so they are
        // left out.
        let mut load_dead = [
            model.load_one_hour_lb_per_ft2,
            model.load_ten_hour_lb_per_ft2,
            model.load_hundred_hour_lb_per_ft2,
            0.0,
        ];
        let mut load_live = [model.load_live_herb_lb_per_ft2, model.load_live_woody_lb_per_ft2];
        let sav_dead = [
            model.sav_one_hour_per_ft,
            TEN_HOUR_SAV_PER_FT,
            HUNDRED_HOUR_SAV_PER_FT,
            model.sav_live_herb_per_ft,
        ];
        let sav_live = [model.sav_live_herb_per_ft, model.sav_live_woody_per_ft];
        let moisture_dead = [m.one_hour, m.ten_hour, m.hundred_hour, m.one_hour];
        let moisture_live = [m.live_herbaceous, m.live_woody];

        // Behave counts the size classes before the curing transfer, so a
        // fully cured dynamic model still has a (now empty) live category.
        let has_dead = load_dead.iter().any(|&w| w != 0.0);
        let has_live = load_live.iter().any(|&w| w != 0.0);

        // Step 0, dynamic curing. 1.333 − 1.11·M is BehavePlus's rounding of
        // (1.20 − M)/0.9; Behave keeps it "to be consistent with BehavePlus".
        if model.dynamic {
            let herb_moisture = moisture_live[0];
            if herb_moisture < 0.30 {
                load_dead[3] = load_live[0];
                load_live[0] = 0.0;
            } else if herb_moisture <= 1.20 {
                load_dead[3] = load_live[0] * (1.333 - 1.11 * herb_moisture);
                load_live[0] -= load_dead[3];
            }
        }

        // Step 1, surface-area weights within and between categories.
        let (fraction_dead, area_dead) = area_fractions(has_dead, &load_dead, &sav_dead);
        let (fraction_live, area_live) = area_fractions(has_live, &load_live, &sav_live);
        let category_dead = area_dead / (area_dead + area_live);
        let category_live = 1.0 - category_dead;

        // Step 2, Albini's size-class weights.
        let size_weight_dead = size_class_weights(&fraction_dead, &sav_dead);
        let size_weight_live = size_class_weights(&fraction_live, &sav_live);

        // Step 4, moistures of extinction.
        let dead_mx = model.dead_extinction_moisture;
        let live_mx = if has_live {
            live_extinction_moisture(dead_mx, &load_dead, &sav_dead, &moisture_dead, &load_live, &sav_live)
        } else {
            0.0
        };

        // Step 3, characteristic (surface-area weighted) values.
        let dead = characteristic(
            &load_dead,
            &sav_dead,
            &moisture_dead,
            &fraction_dead,
            &size_weight_dead,
            model.heat_content_dead_btu_per_lb,
        );
        let live = characteristic(
            &load_live,
            &sav_live,
            &moisture_live,
            &fraction_live,
            &size_weight_live,
            model.heat_content_live_btu_per_lb,
        );
        let sigma = category_dead * dead.sav + category_live * live.sav;

        // Step 5, packing. Behave sums the packing ratio particle by
        // particle, alternating dead and live.
        let total_load = dead.total_load + live.total_load;
        let bulk_density = total_load / depth;
        let mut packing_ratio = 0.0;
        for (i, &w_dead) in load_dead.iter().enumerate() {
            packing_ratio += w_dead / (depth * PARTICLE_DENSITY_LB_PER_FT3);
            if let Some(&w_live) = load_live.get(i) {
                packing_ratio += w_live / (depth * PARTICLE_DENSITY_LB_PER_FT3);
            }
        }
        let optimum_packing_ratio = 3.348 / libm::pow(sigma, 0.8189);
        let relative_packing_ratio = packing_ratio / optimum_packing_ratio;

        // Step 10, heat sink, again alternating dead and live particles.
        let mut heat_sink = 0.0;
        for i in 0..load_dead.len() {
            for (category, fraction, moisture, sav) in [
                (category_dead, &fraction_dead[..], &moisture_dead[..], &sav_dead[..]),
                (category_live, &fraction_live[..], &moisture_live[..], &sav_live[..]),
            ] {
                if let (Some(&f), Some(&mc), Some(&s)) = (fraction.get(i), moisture.get(i), sav.get(i))
                    && s > TINY
                {
                    let heat_of_preignition = 250.0 + 1116.0 * mc;
                    heat_sink += category * f * heat_of_preignition * libm::exp(-138.0 / s);
                }
            }
        }
        heat_sink *= bulk_density;

        // Step 9, propagating flux ratio.
        let propagating_flux_ratio = if sigma < TINY {
            0.0
        } else {
            libm::exp((0.792 + 0.681 * libm::sqrt(sigma)) * (packing_ratio + 0.1)) / (192.0 + 0.2595 * sigma)
        };

        // Steps 6–8, reaction velocity, damping and reaction intensity.
        let a = 133.0 / libm::pow(sigma, 0.7913);
        let sigma_1_5 = libm::pow(sigma, 1.5);
        let gamma_max = sigma_1_5 / (495.0 + 0.0594 * sigma_1_5);
        let gamma = gamma_max * libm::pow(relative_packing_ratio, a) * libm::exp(a * (1.0 - relative_packing_ratio));
        let reaction_dead =
            gamma * dead.net_load * dead.heat * moisture_damping(dead.moisture, dead_mx) * mineral_damping(dead.silica);
        let reaction_live =
            gamma * live.net_load * live.heat * moisture_damping(live.moisture, live_mx) * mineral_damping(live.silica);
        let reaction_intensity = reaction_dead + reaction_live;

        // Step 11, the no-wind, no-slope rate.
        let r0 = if heat_sink < TINY {
            0.0
        } else {
            reaction_intensity * propagating_flux_ratio / heat_sink
        };

        // Step 12's coefficients and step 19's residence time.
        let wind_c = 7.47 * libm::exp(-0.133 * libm::pow(sigma, 0.55));
        let wind_b = 0.02526 * libm::pow(sigma, 0.54);
        let wind_e = 0.715 * libm::exp(-0.000359 * sigma);
        let residence_time_min = if sigma < TINY { 0.0 } else { 384.0 / sigma };

        FuelBed {
            burnable: true,
            depth_ft: depth,
            sigma_per_ft: sigma,
            packing_ratio,
            relative_packing_ratio,
            bulk_density_lb_per_ft3: bulk_density,
            dead_extinction_moisture: dead_mx,
            live_extinction_moisture: live_mx,
            cured_herb_load_lb_per_ft2: load_dead[3],
            reaction_intensity_btu_per_ft2_per_min: reaction_intensity,
            propagating_flux_ratio,
            heat_sink_btu_per_ft3: heat_sink,
            no_wind_no_slope_ros_ft_per_min: r0,
            residence_time_min,
            wind_c,
            wind_b,
            wind_e,
            relative_packing_pow_e: libm::pow(relative_packing_ratio, wind_e),
            relative_packing_pow_neg_e: libm::pow(relative_packing_ratio, -wind_e),
            slope_coefficient: 5.275 * libm::pow(packing_ratio, -0.3),
        }
    }

    /// Whether the bed has fuel (it may still be too wet to spread).
    pub fn is_burnable(&self) -> bool {
        self.burnable
    }

    /// Fuel bed depth, ft.
    pub fn depth_ft(&self) -> f64 {
        self.depth_ft
    }

    /// Characteristic surface-area-to-volume ratio σ, ft⁻¹.
    pub fn sigma_per_ft(&self) -> f64 {
        self.sigma_per_ft
    }

    /// Packing ratio β.
    pub fn packing_ratio(&self) -> f64 {
        self.packing_ratio
    }

    /// Relative packing ratio β/β_op.
    pub fn relative_packing_ratio(&self) -> f64 {
        self.relative_packing_ratio
    }

    /// Oven-dry bulk density ρ_b, lb/ft³.
    pub fn bulk_density_lb_per_ft3(&self) -> f64 {
        self.bulk_density_lb_per_ft3
    }

    /// Dead moisture of extinction (the model's), fraction.
    pub fn dead_extinction_moisture(&self) -> f64 {
        self.dead_extinction_moisture
    }

    /// Live moisture of extinction (Albini 1976), fraction; 0 for a model
    /// without live fuel.
    pub fn live_extinction_moisture(&self) -> f64 {
        self.live_extinction_moisture
    }

    /// Herbaceous load moved to the dead class by curing, lb/ft².
    pub fn cured_herb_load_lb_per_ft2(&self) -> f64 {
        self.cured_herb_load_lb_per_ft2
    }

    /// Reaction intensity I_R, Btu/ft²/min.
    pub fn reaction_intensity_btu_per_ft2_per_min(&self) -> f64 {
        self.reaction_intensity_btu_per_ft2_per_min
    }

    /// Propagating flux ratio ξ.
    pub fn propagating_flux_ratio(&self) -> f64 {
        self.propagating_flux_ratio
    }

    /// Heat sink ρ_b·ε·Q_ig, Btu/ft³.
    pub fn heat_sink_btu_per_ft3(&self) -> f64 {
        self.heat_sink_btu_per_ft3
    }

    /// No-wind, no-slope rate of spread R0, ft/min.
    pub fn no_wind_no_slope_ros_ft_per_min(&self) -> f64 {
        self.no_wind_no_slope_ros_ft_per_min
    }

    /// Flame residence time τ = 384/σ, min (Anderson 1969).
    pub fn residence_time_min(&self) -> f64 {
        self.residence_time_min
    }

    /// Heat per unit area I_R·τ, Btu/ft².
    pub fn heat_per_unit_area_btu_per_ft2(&self) -> f64 {
        self.reaction_intensity_btu_per_ft2_per_min * self.residence_time_min
    }

    /// Rothermel's wind-factor coefficients (C, B, E).
    pub fn wind_coefficients(&self) -> (f64, f64, f64) {
        (self.wind_c, self.wind_b, self.wind_e)
    }
}

/// A model the chain can evaluate without dividing by zero.
fn is_valid(model: &FuelModel) -> bool {
    let loads = [
        model.load_one_hour_lb_per_ft2,
        model.load_ten_hour_lb_per_ft2,
        model.load_hundred_hour_lb_per_ft2,
        model.load_live_herb_lb_per_ft2,
        model.load_live_woody_lb_per_ft2,
    ];
    let positive = [
        model.depth_ft,
        model.dead_extinction_moisture,
        model.heat_content_dead_btu_per_lb,
        model.heat_content_live_btu_per_lb,
        model.sav_one_hour_per_ft,
        model.sav_live_herb_per_ft,
        model.sav_live_woody_per_ft,
    ];
    loads.iter().all(|w| w.is_finite() && *w >= 0.0) && positive.iter().all(|v| v.is_finite() && *v > 0.0)
}

/// Fraction of the category's surface area in each particle, and the
/// category's total area (load·SAV/ρ_p summed). A category Behave counted
/// as empty keeps zero fractions and area.
fn area_fractions<const N: usize>(present: bool, load: &[f64; N], sav: &[f64; N]) -> ([f64; N], f64) {
    let mut fractions = [0.0; N];
    if !present {
        return (fractions, 0.0);
    }
    let mut areas = [0.0; N];
    let mut total = 0.0;
    for i in 0..N {
        areas[i] = load[i] * sav[i] / PARTICLE_DENSITY_LB_PER_FT3;
        total += areas[i];
    }
    if total > TINY {
        for i in 0..N {
            fractions[i] = areas[i] / total;
        }
    }
    (fractions, total)
}

/// Albini's (1976) size-class weights g: each particle gets the summed
/// area fraction of all particles in its SAV bin (≥1200, ≥192, ≥96, ≥48,
/// ≥16 ft⁻¹), so net load is weighted by size class, not by particle.
fn size_class_weights<const N: usize>(fraction: &[f64; N], sav: &[f64; N]) -> [f64; N] {
    fn bin(sav: f64) -> Option<usize> {
        [1200.0, 192.0, 96.0, 48.0, 16.0].iter().position(|&lower| sav >= lower)
    }
    let mut summed = [0.0; 5];
    for i in 0..N {
        if let Some(b) = bin(sav[i]) {
            summed[b] += fraction[i];
        }
    }
    let mut weights = [0.0; N];
    for i in 0..N {
        weights[i] = bin(sav[i]).map_or(0.0, |b| summed[b]);
    }
    weights
}

/// Surface-area weighted values of one category (dead or live).
struct Characteristic {
    /// Σ g·w·(1 − S_T), lb/ft².
    net_load: f64,
    heat: f64,
    silica: f64,
    moisture: f64,
    sav: f64,
    total_load: f64,
}

fn characteristic<const N: usize>(
    load: &[f64; N],
    sav: &[f64; N],
    moisture: &[f64; N],
    fraction: &[f64; N],
    size_weight: &[f64; N],
    heat_content: f64,
) -> Characteristic {
    let mut c = Characteristic {
        net_load: 0.0,
        heat: 0.0,
        silica: 0.0,
        moisture: 0.0,
        sav: 0.0,
        total_load: 0.0,
    };
    for i in 0..N {
        if sav[i] > TINY {
            let net = load[i] * (1.0 - TOTAL_SILICA);
            c.heat += fraction[i] * heat_content;
            c.silica += fraction[i] * EFFECTIVE_SILICA;
            c.moisture += fraction[i] * moisture[i];
            c.sav += fraction[i] * sav[i];
            c.total_load += load[i];
            c.net_load += size_weight[i] * net;
        }
    }
    c
}

/// Live moisture of extinction (Albini 1976, p. 89, as Behave computes it):
/// `2.9·W′·(1 − M′_dead/Mx_dead) − 0.226`, never below the dead Mx, with W′
/// the ratio of fine dead to fine live load.
fn live_extinction_moisture(
    dead_mx: f64,
    load_dead: &[f64; 4],
    sav_dead: &[f64; 4],
    moisture_dead: &[f64; 4],
    load_live: &[f64; 2],
    sav_live: &[f64; 2],
) -> f64 {
    let mut fine_dead = 0.0;
    let mut fine_dead_moisture_sum = 0.0;
    for i in 0..4 {
        let weight = if sav_dead[i] > TINY {
            load_dead[i] * libm::exp(-138.0 / sav_dead[i])
        } else {
            0.0
        };
        fine_dead += weight;
        fine_dead_moisture_sum += weight * moisture_dead[i];
    }
    let fine_dead_moisture = if fine_dead > TINY {
        fine_dead_moisture_sum / fine_dead
    } else {
        0.0
    };
    let mut fine_live = 0.0;
    for i in 0..2 {
        if sav_live[i] > TINY {
            fine_live += load_live[i] * libm::exp(-500.0 / sav_live[i]);
        }
    }
    let dead_over_live = if fine_live > TINY { fine_dead / fine_live } else { 0.0 };
    let mx = (2.9 * dead_over_live * (1.0 - fine_dead_moisture / dead_mx)) - 0.226;
    if mx < dead_mx { dead_mx } else { mx }
}

/// Moisture damping η_M = 1 − 2.59r + 5.11r² − 3.52r³ with r = M/Mx, zero
/// at or above extinction.
fn moisture_damping(moisture: f64, extinction: f64) -> f64 {
    if extinction <= 0.0 || moisture >= extinction {
        return 0.0;
    }
    let r = moisture / extinction;
    if r > 1.0 {
        return 0.0;
    }
    1.0 - (2.59 * r) + (5.11 * r * r) - (3.52 * r * r * r)
}

/// Mineral damping η_S = 0.174·S_e^−0.19, at most 1 (0.4174 for S_e = 0.01).
fn mineral_damping(effective_silica: f64) -> f64 {
    let denominator = libm::pow(effective_silica, 0.19);
    if denominator < 1e-6 {
        0.0
    } else {
        (0.174 / denominator).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moisture(dead: f64, herb: f64) -> FuelMoisture {
        FuelMoisture {
            one_hour: dead,
            ten_hour: dead + 0.01,
            hundred_hour: dead + 0.02,
            live_herbaceous: herb,
            live_woody: 0.9,
        }
    }

    #[test]
    fn non_burnable_and_non_finite_give_the_empty_bed() {
        let nb = FuelModel::by_code("NB1").unwrap();
        assert_eq!(FuelBed::new(nb, &moisture(0.06, 0.3)), FuelBed::EMPTY);
        let gr2 = FuelModel::by_code("GR2").unwrap();
        let mut m = moisture(0.06, 0.3);
        m.live_woody = f64::NAN;
        assert_eq!(FuelBed::new(gr2, &m), FuelBed::EMPTY);
        let mut broken = *gr2;
        broken.depth_ft = 0.0;
        assert_eq!(FuelBed::new(&broken, &moisture(0.06, 0.3)), FuelBed::EMPTY);
    }

    #[test]
    fn too_wet_has_zero_rate_and_no_nan() {
        let gr2 = FuelModel::by_code("GR2").unwrap();
        let bed = FuelBed::new(gr2, &moisture(0.20, 0.3));
        assert!(bed.is_burnable());
        assert_eq!(bed.reaction_intensity_btu_per_ft2_per_min(), 0.0);
        assert_eq!(bed.no_wind_no_slope_ros_ft_per_min(), 0.0);
        assert!(bed.heat_sink_btu_per_ft3() > 0.0);
    }

    #[test]
    fn curing_moves_herb_load_to_dead() {
        let gr2 = FuelModel::by_code("GR2").unwrap();
        let herb = gr2.load_live_herb_lb_per_ft2;
        assert_eq!(
            FuelBed::new(gr2, &moisture(0.06, 0.29)).cured_herb_load_lb_per_ft2(),
            herb
        );
        let half = FuelBed::new(gr2, &moisture(0.06, 0.60)).cured_herb_load_lb_per_ft2();
        assert!((half - herb * (1.333 - 1.11 * 0.60)).abs() < 1e-15);
        assert_eq!(
            FuelBed::new(gr2, &moisture(0.06, 1.21)).cured_herb_load_lb_per_ft2(),
            0.0
        );
        // FM2 is static: its herb load never cures.
        let fm2 = FuelModel::by_code("FM2").unwrap();
        assert_eq!(
            FuelBed::new(fm2, &moisture(0.06, 0.29)).cured_herb_load_lb_per_ft2(),
            0.0
        );
    }

    #[test]
    fn live_extinction_moisture_is_at_least_dead() {
        for model in FuelModel::all().iter().filter(|m| m.is_burnable()) {
            let bed = FuelBed::new(model, &moisture(0.06, 0.9));
            if model.load_live_herb_lb_per_ft2 + model.load_live_woody_lb_per_ft2 > 0.0 {
                assert!(
                    bed.live_extinction_moisture() >= bed.dead_extinction_moisture(),
                    "{}",
                    model.code
                );
            }
            assert!(bed.no_wind_no_slope_ros_ft_per_min() >= 0.0, "{}", model.code);
        }
    }
}

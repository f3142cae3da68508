//! Ground travel speeds and the integer cost of one move between
//! neighbouring cells, per travel mode: Tobler's hiking function for teams on
//! foot, planning speeds for loaded 4×4 vehicles by road class, land cover and
//! slope (`shared/reference/rescue.md` §2.2–2.3).
//!
//! Every speed here is a planning value, marked *(assumption)* where
//! rescue.md marks it so; calibrate them in drills. Costs leave this module as
//! whole milliseconds, rounded up, so the router's priority queue only ever
//! compares integers (rescue.md §2.1.2).

use serde::{Deserialize, Serialize};

use crate::scenario::RoadClass;
use crate::terrain::LandCover;

/// How a unit moves over the ground.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TravelMode {
    /// A crew on foot carrying its kit (fire crews, search and rescue).
    Foot,
    /// A loaded 4×4 vehicle or convoy.
    Vehicle,
}

impl TravelMode {
    /// Every mode, in a fixed order (the order of per-mode tables).
    pub const ALL: [TravelMode; 2] = [TravelMode::Foot, TravelMode::Vehicle];

    /// Position in [`Self::ALL`].
    pub fn index(self) -> usize {
        match self {
            TravelMode::Foot => 0,
            TravelMode::Vehicle => 1,
        }
    }
}

/// Tobler's hiking function peak, km/h, reached at a gradient of −0.05
/// (−2.86°). Tobler 1993, NCGIA TR 93-1; rescue.md §2.2.
pub const TOBLER_PEAK_KM_PER_H: f64 = 6.0;

/// Tobler's off-path factor: walking off a track is 0.6 × the on-path speed
/// (Tobler 1993; rescue.md §2.2). Applied to every land cover except built-up
/// cells; rescue.md takes the same factor for trackless larch/birch forest.
pub const OFF_PATH_FACTOR: f64 = 0.6;

/// A fire crew carrying 20–25 kg of kit walks at 0.8 × Tobler
/// (rescue.md §2.2, assumption). Applied to all foot travel: the teams this
/// engine moves on foot always carry their tools.
pub const CREW_KIT_FACTOR: f64 = 0.8;

/// Bog and wet meadow (塔头甸子, the Greater Khingan tussock swamps) on foot:
/// 0.4 × the off-path speed, the middle of rescue.md's 0.3–0.5 (assumption).
pub const BOG_FOOT_FACTOR: f64 = 0.4;

/// Vehicles drive off-road at full land-cover speed up to this slope, degrees
/// (assumption: gentle steppe undulation does not slow a 4×4).
pub const VEHICLE_FULL_SPEED_SLOPE_DEG: f64 = 5.0;

/// Steepest terrain a loaded 4×4 crosses off-road, degrees (assumption:
/// about half the ~31° (60 %) gradeability of military 4×4 trucks on firm
/// ground, because side slopes tip loaded vehicles and loose or wet slopes
/// stop them long before the rated grade).
pub const VEHICLE_MAX_SLOPE_DEG: f64 = 25.0;

/// Speed factor at [`VEHICLE_MAX_SLOPE_DEG`]; linear from 1 at
/// [`VEHICLE_FULL_SPEED_SLOPE_DEG`] (assumption).
pub const VEHICLE_SLOPE_FACTOR_AT_MAX: f64 = 0.3;

/// Tobler's hiking function, km/h, on a track: W = 6·exp(−3.5·|S + 0.05|)
/// with S = dh/dx the gradient along the direction of travel (positive
/// uphill). 5.0 km/h on the flat, 6 km/h at S = −0.05.
pub fn tobler_km_per_h(gradient: f64) -> f64 {
    TOBLER_PEAK_KM_PER_H * libm::exp(-3.5 * (gradient + 0.05).abs())
}

/// Speed of a crew on foot with kit, km/h, on a gradient, either on a road or
/// track (`land_cover` `None`) or across a cell of `land_cover`; `0.0` where
/// people cannot walk (open water).
pub fn foot_speed_km_per_h(gradient: f64, land_cover: Option<LandCover>) -> f64 {
    let on_path = tobler_km_per_h(gradient) * CREW_KIT_FACTOR;
    match land_cover {
        None | Some(LandCover::Built) => on_path,
        Some(LandCover::Water) => 0.0,
        Some(LandCover::Wetland) => on_path * OFF_PATH_FACTOR * BOG_FOOT_FACTOR,
        Some(
            LandCover::Grassland
            | LandCover::Shrubland
            | LandCover::ConiferForest
            | LandCover::BroadleafForest
            | LandCover::Cropland
            | LandCover::Bare,
        ) => on_path * OFF_PATH_FACTOR,
    }
}

/// Planning speed of a loaded emergency convoy on a road, km/h: the middle of
/// each band of rescue.md §2.3's "planning speeds for loaded emergency
/// convoys" table (assumption, calibrate). Roads are engineered, so terrain
/// slope does not change these.
pub fn vehicle_road_speed_km_per_h(class: RoadClass) -> f64 {
    match class {
        // Expressway 80–90.
        RoadClass::Expressway => 85.0,
        // Class I–II (national and provincial trunk roads) 60–70.
        RoadClass::Trunk => 65.0,
        // Class III–IV / county roads 35–45.
        RoadClass::County => 40.0,
        // Graded steppe track (dry) 25–40, taken low: tracks in the file also
        // cross forest and wet ground.
        RoadClass::Track => 30.0,
    }
}

/// Speed of a 4×4 off-road across flat ground of `land_cover`, km/h; `0.0`
/// where vehicles cannot go (rescue.md §2.3, assumptions):
/// open steppe 10–25 → 20 (grassland), fields 15, built-up yards and lanes 20,
/// shrub and sandy scrub 10 (the low end of steppe), bare ground 8 (sand seas
/// 5–10), wetland 5 ("wetland slow": no figure in rescue.md), forest without a
/// track "foot only" → 0, water 0.
pub fn vehicle_offroad_speed_km_per_h(land_cover: LandCover) -> f64 {
    match land_cover {
        LandCover::Grassland | LandCover::Built => 20.0,
        LandCover::Cropland => 15.0,
        LandCover::Shrubland => 10.0,
        LandCover::Bare => 8.0,
        LandCover::Wetland => 5.0,
        LandCover::ConiferForest | LandCover::BroadleafForest | LandCover::Water => 0.0,
    }
}

/// Off-road vehicle speed factor for terrain of `slope_deg` (the cell's Horn
/// slope, so side slopes count as well as grades): 1 up to
/// [`VEHICLE_FULL_SPEED_SLOPE_DEG`], linear down to
/// [`VEHICLE_SLOPE_FACTOR_AT_MAX`] at [`VEHICLE_MAX_SLOPE_DEG`], 0 beyond.
pub fn vehicle_slope_factor(slope_deg: f64) -> f64 {
    if !slope_deg.is_finite() || slope_deg > VEHICLE_MAX_SLOPE_DEG {
        0.0
    } else if slope_deg <= VEHICLE_FULL_SPEED_SLOPE_DEG {
        1.0
    } else {
        let t = (slope_deg - VEHICLE_FULL_SPEED_SLOPE_DEG) / (VEHICLE_MAX_SLOPE_DEG - VEHICLE_FULL_SPEED_SLOPE_DEG);
        1.0 - t * (1.0 - VEHICLE_SLOPE_FACTOR_AT_MAX)
    }
}

/// Off-road 4×4 speed on a cell, km/h: land cover × slope; `0.0` impassable.
pub fn vehicle_cell_speed_km_per_h(land_cover: LandCover, slope_deg: f64) -> f64 {
    vehicle_offroad_speed_km_per_h(land_cover) * vehicle_slope_factor(slope_deg)
}

/// The largest cost a move can have; larger times are treated as no move.
pub const MAX_MOVE_MS: u32 = u32::MAX - 1;

/// Milliseconds to cover `length_m` at `speed_km_per_h`, rounded **up** (so a
/// path's integer cost is never below its exact time, which keeps the router's
/// straight-line heuristic admissible) and at least 1. `None` when the speed
/// is not positive or the time does not fit [`MAX_MOVE_MS`].
pub fn move_ms(length_m: f64, speed_km_per_h: f64) -> Option<u32> {
    if speed_km_per_h.is_nan() || speed_km_per_h <= 0.0 || !length_m.is_finite() || length_m < 0.0 {
        return None;
    }
    whole_ms(length_m * 3600.0 / speed_km_per_h)
}

/// Milliseconds to cross from one cell centre to a neighbour's, half the move
/// in each cell at that cell's speed (the usual cost-distance convention), or
/// `None` if either half is impassable.
pub fn split_move_ms(length_m: f64, from_speed_km_per_h: f64, to_speed_km_per_h: f64) -> Option<u32> {
    let passable = |v: f64| v.is_finite() && v > 0.0;
    if !passable(from_speed_km_per_h) || !passable(to_speed_km_per_h) || !length_m.is_finite() || length_m < 0.0 {
        return None;
    }
    // length / 2 m at v km/h takes length · 1800 / v ms.
    whole_ms(length_m * 1800.0 / from_speed_km_per_h + length_m * 1800.0 / to_speed_km_per_h)
}

/// Rounds a time in ms up to a whole millisecond, at least 1. Float noise
/// below a microsecond is ignored, so an exact 18 000 ms computed as
/// 18 000.000 000 000 004 stays 18 000.
fn whole_ms(ms: f64) -> Option<u32> {
    let ms = libm::ceil(ms - 1e-6);
    (ms.is_finite() && ms <= f64::from(MAX_MOVE_MS)).then(|| (ms as u32).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deg_gradient(deg: f64) -> f64 {
        libm::tan(deg.to_radians())
    }

    /// Tobler 1993 via rescue.md §2.2: 5.0 km/h on the flat, 6 at −2.86°,
    /// +10° → 2.7, +20° → 1.4, −10° → 3.9 km/h (published to 0.1 km/h).
    #[test]
    fn tobler_matches_the_published_values() {
        assert!((tobler_km_per_h(0.0) - 5.0).abs() < 0.05, "{}", tobler_km_per_h(0.0));
        assert!((tobler_km_per_h(-0.05) - 6.0).abs() < 1e-12);
        assert!((libm::atan(0.05).to_degrees() - 2.86).abs() < 0.005);
        for (deg, published) in [(10.0, 2.7), (20.0, 1.4), (-10.0, 3.9)] {
            let w = tobler_km_per_h(deg_gradient(deg));
            assert!((w - published).abs() <= 0.05, "{deg}°: {w} vs {published}");
        }
    }

    #[test]
    fn foot_factors_compose() {
        let flat = tobler_km_per_h(0.0);
        assert_eq!(foot_speed_km_per_h(0.0, None), flat * 0.8);
        assert_eq!(foot_speed_km_per_h(0.0, Some(LandCover::Built)), flat * 0.8);
        assert_eq!(foot_speed_km_per_h(0.0, Some(LandCover::Grassland)), flat * 0.8 * 0.6);
        assert_eq!(
            foot_speed_km_per_h(0.0, Some(LandCover::ConiferForest)),
            flat * 0.8 * 0.6
        );
        assert_eq!(
            foot_speed_km_per_h(0.0, Some(LandCover::Wetland)),
            flat * 0.8 * 0.6 * 0.4
        );
        assert_eq!(foot_speed_km_per_h(0.0, Some(LandCover::Water)), 0.0);
        // Directional: up a 10° slope is slower than down it.
        let g = deg_gradient(10.0);
        assert!(foot_speed_km_per_h(g, None) < foot_speed_km_per_h(-g, None));
    }

    #[test]
    fn vehicles_keep_out_of_forest_water_and_cliffs() {
        for lc in LandCover::ALL {
            let v = vehicle_cell_speed_km_per_h(lc, 0.0);
            let forbidden = matches!(
                lc,
                LandCover::ConiferForest | LandCover::BroadleafForest | LandCover::Water
            );
            assert_eq!(v == 0.0, forbidden, "{lc:?}");
            // rescue.md §2.3: nothing off-road beats the open-steppe top of 25 km/h.
            assert!(v <= 25.0);
        }
        assert_eq!(vehicle_slope_factor(3.0), 1.0);
        assert!((vehicle_slope_factor(15.0) - 0.65).abs() < 1e-12);
        assert!((vehicle_slope_factor(25.0) - 0.3).abs() < 1e-12);
        assert_eq!(vehicle_slope_factor(25.1), 0.0);
        assert_eq!(vehicle_slope_factor(f64::NAN), 0.0);
        // Road planning speeds sit inside rescue.md's bands and are ordered.
        assert!((80.0..=90.0).contains(&vehicle_road_speed_km_per_h(RoadClass::Expressway)));
        assert!((60.0..=70.0).contains(&vehicle_road_speed_km_per_h(RoadClass::Trunk)));
        assert!((35.0..=45.0).contains(&vehicle_road_speed_km_per_h(RoadClass::County)));
        assert!((25.0..=40.0).contains(&vehicle_road_speed_km_per_h(RoadClass::Track)));
    }

    #[test]
    fn move_costs_are_whole_milliseconds_rounded_up() {
        // 100 m at 36 km/h = 10 m/s is exactly 10 s.
        assert_eq!(move_ms(100.0, 36.0), Some(10_000));
        // 100 m at 85 km/h = 4 235.29… s → 4 236 ms.
        assert_eq!(move_ms(100.0, 85.0), Some(4_236));
        assert_eq!(move_ms(100.0, 0.0), None);
        assert_eq!(move_ms(100.0, f64::NAN), None);
        assert_eq!(move_ms(0.0, 10.0), Some(1));
        // Half at 20 km/h, half at 5 km/h: 50 m / 20 + 50 m / 5 = 9 + 36 = 45 s.
        assert_eq!(split_move_ms(100.0, 20.0, 5.0), Some(45_000));
        assert_eq!(split_move_ms(100.0, 20.0, 0.0), None);
        // 100 m at 20 km/h both halves: 18 s exactly, not 18 001 ms from float noise.
        assert_eq!(split_move_ms(100.0, 20.0, 20.0), Some(18_000));
        assert_eq!(move_ms(141.421_356_237_309_5, 20.0), Some(25_456));
    }
}

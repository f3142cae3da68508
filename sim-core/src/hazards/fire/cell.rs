//! Fire behaviour of one map cell from what the simulation knows there:
//! land cover → fuel, dead fuel moisture, slope and aspect, the weather.

use super::FireBehavior;
use super::behave::{
    Canopy, FuelBed, FuelModel, FuelMoisture, MidflameWind, SpreadConditions, SpreadOptions, wind_adjustment_factor,
};
use super::grass::{GrassConditions, GrassModel, grass_fire_behavior};
use crate::forcing::WeatherNow;
use crate::scenario::{FireSpec, GrassModelSpec};
use crate::terrain::LandCover;

/// Difference between 1-h and 10-h / 100-h dead fuel moisture, fractions.
/// The common "1/2/3" convention of BehavePlus users when only 1-h moisture
/// is known (e.g. 6/7/8 %); coarser fuels respond more slowly and stay moister.
const TEN_HOUR_OFFSET: f64 = 0.01;
const HUNDRED_HOUR_OFFSET: f64 = 0.02;

/// The canopy assumed over forest cells for the sheltered wind adjustment
/// (Andrews 2012): 50 % cover, 15 m trees, crown ratio 0.4 — a moderately
/// open Greater Khingan larch stand. Scenarios will carry canopy data later.
fn forest_canopy() -> Canopy {
    Canopy::from_height_m(0.5, 15.0, 0.4)
}

/// Whether a land-cover class can carry fire under `spec`.
pub fn land_cover_burns(class: LandCover, spec: &FireSpec) -> bool {
    match class {
        LandCover::Water | LandCover::Built | LandCover::Bare => false,
        LandCover::Grassland | LandCover::Cropland if spec.grass_model != GrassModelSpec::Rothermel => true,
        other => spec
            .fuel_models
            .get(&other)
            .and_then(|code| FuelModel::by_code(code))
            .is_some_and(FuelModel::is_burnable),
    }
}

/// Local conditions of one cell.
#[derive(Debug, Clone, Copy)]
pub struct CellConditions {
    /// Land cover.
    pub land_cover: LandCover,
    /// Dead fine (1-h) fuel moisture, %.
    pub dead_moisture_pct: f64,
    /// Slope, degrees.
    pub slope_deg: f64,
    /// Downhill-facing direction, degrees from north.
    pub aspect_deg: f64,
}

/// The fire behaviour of a cell: the scenario's grass model on grass and
/// cropland, Rothermel with the land cover's fuel model elsewhere, nothing
/// on non-fuel.
pub fn cell_behavior(cell: &CellConditions, weather: &WeatherNow, spec: &FireSpec) -> FireBehavior {
    let grass = match (cell.land_cover, spec.grass_model) {
        (LandCover::Grassland | LandCover::Cropland, GrassModelSpec::Csiro(p)) => Some(GrassModel::Csiro(p)),
        (LandCover::Grassland | LandCover::Cropland, GrassModelSpec::McArthurMk5) => Some(GrassModel::McArthurMk5),
        _ => None,
    };
    if let Some(model) = grass {
        return grass_fire_behavior(
            model,
            &GrassConditions {
                wind_10m_km_per_h: weather.wind_speed_m_s * 3.6,
                wind_from_deg: weather.wind_from_deg,
                temperature_c: weather.temperature_c,
                relative_humidity_pct: weather.relative_humidity_pct,
                curing_pct: spec.curing_pct(),
                slope_deg: cell.slope_deg,
                aspect_deg: cell.aspect_deg,
            },
        );
    }
    let Some(model) = spec
        .fuel_models
        .get(&cell.land_cover)
        .and_then(|code| FuelModel::by_code(code))
    else {
        return FireBehavior::NONE;
    };
    if matches!(cell.land_cover, LandCover::Water | LandCover::Built | LandCover::Bare) {
        return FireBehavior::NONE;
    }
    let one_hour = cell.dead_moisture_pct / 100.0;
    let moisture = FuelMoisture {
        one_hour,
        ten_hour: one_hour + TEN_HOUR_OFFSET,
        hundred_hour: one_hour + HUNDRED_HOUR_OFFSET,
        live_herbaceous: spec.live_herb_moisture_pct() / 100.0,
        live_woody: spec.live_woody_moisture_pct() / 100.0,
    };
    let bed = FuelBed::new(model, &moisture);
    let canopy = matches!(cell.land_cover, LandCover::ConiferForest | LandCover::BroadleafForest).then(forest_canopy);
    let waf = wind_adjustment_factor(bed.depth_ft(), canopy.as_ref());
    let conditions = SpreadConditions {
        midflame_wind: MidflameWind::from_ten_metre_m_per_s(weather.wind_speed_m_s, waf),
        wind_from_deg: weather.wind_from_deg,
        slope_deg: cell.slope_deg,
        aspect_deg: cell.aspect_deg,
    };
    bed.spread(
        &conditions,
        SpreadOptions {
            wind_limit: spec.wind_limit,
        },
    )
    .behavior()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weather(wind_m_s: f64) -> WeatherNow {
        WeatherNow {
            wind_speed_m_s: wind_m_s,
            wind_from_deg: 270.0,
            temperature_c: 30.0,
            relative_humidity_pct: 20.0,
            precipitation_mm_per_h: 0.0,
        }
    }

    #[test]
    fn grass_uses_csiro_forest_uses_rothermel_water_nothing() {
        let spec = FireSpec::default();
        let flat = |land_cover| CellConditions {
            land_cover,
            dead_moisture_pct: 6.0,
            slope_deg: 0.0,
            aspect_deg: 0.0,
        };
        let w = weather(30.0 / 3.6);
        let grass = cell_behavior(&flat(LandCover::Grassland), &w, &spec);
        // fire.md §2.1: T 30 °C, RH 20 %, U10 30 km/h, cured → 7.215 km/h natural.
        assert!(
            (grass.head_ros_m_per_min - 7215.2 / 60.0).abs() < 0.5,
            "{}",
            grass.head_ros_m_per_min
        );
        assert!(
            (grass.head_azimuth_deg - 90.0).abs() < 1e-9,
            "downwind of a westerly is east"
        );
        let forest = cell_behavior(&flat(LandCover::ConiferForest), &w, &spec);
        assert!(forest.head_ros_m_per_min > 0.0 && forest.head_ros_m_per_min < grass.head_ros_m_per_min);
        assert_eq!(cell_behavior(&flat(LandCover::Water), &w, &spec), FireBehavior::NONE);
        assert!(!land_cover_burns(LandCover::Water, &spec) && land_cover_burns(LandCover::ConiferForest, &spec));
    }
}

//! Fire: point fire behaviour (Rothermel/Behave, CSIRO grassland, McArthur),
//! spread on the map by a narrow-band level set, spotting and suppression.

pub mod behave;
mod behavior;
mod grass;
mod mcarthur;

pub use behavior::{FireBehavior, byram_flame_length_m};

mod cell;
mod field;
mod level_set;
mod spotting;

pub use cell::{CellConditions, cell_behavior, land_cover_burns};
pub use field::{AdvanceReport, Arrival, CFL, FireField};
pub use grass::{
    AFDRS_MIN_GRASS_MOISTURE_PCT, CSIRO_MIN_CURING_PCT, GRASS_HEAT_OF_COMBUSTION_KJ_PER_KG, GrassConditions,
    GrassModel, MAX_FUEL_LOAD_T_PER_HA, MAX_GRASS_LENGTH_TO_BREADTH, MAX_SLOPE_EFFECT_DEG, MAX_WIND_10M_KM_PER_H,
    Pasture, csiro_grass_ros_km_per_h, csiro_wind_function_km_per_h, curing_coefficient,
    curing_coefficient_cheney_1998, grass_fire_behavior, grass_fire_behavior_with_load, grass_flat_ros_km_per_h,
    grass_heat_per_unit_area_kj_per_m2, grass_intensity_kw_per_m, grass_length_to_breadth, grass_moisture_coefficient,
    grass_moisture_pct, grass_slope_factor,
};
pub use mcarthur::{
    GrassDangerClass, MK5_MOISTURE_OF_EXTINCTION_PCT, MK5_STANDARD_FUEL_LOAD_T_PER_HA, gfdi, gfdi_from_weather,
    gfdi_ros_km_per_h, mcarthur_grass_moisture_pct,
};
pub use spotting::{Ember, EmberSource, SPOTTING_MIN_INTENSITY_KW_PER_M, ember, ignition_probability};

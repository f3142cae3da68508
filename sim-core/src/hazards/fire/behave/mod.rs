//! Behave-grade surface fire: Rothermel's (1972) spread model with Albini's
//! (1976) corrections, exactly as the Behave C++ core (firelab/behave, also
//! BehavePlus and FlamMap) computes it, with the 13 + 40 standard fuel
//! models.
//!
//! Two stages, so the expensive part can be cached:
//!
//! 1. [`FuelBed::new`]`(model, moisture)` — everything that does not depend
//!    on wind or slope (curing, reaction intensity, heat sink, R0). Key it by
//!    (fuel model, moisture) and reuse it for a weather epoch.
//! 2. [`FuelBed::spread`]`(conditions, options)` — per cell: wind and slope
//!    factors, their vector sum, the effective wind, the optional wind limit,
//!    the ellipse, intensity and flame. [`SurfaceFire::behavior`] hands the
//!    result to the spread algorithm as a [`super::FireBehavior`].
//!
//! ```
//! use sim_core::hazards::fire::behave::{
//!     FuelBed, FuelModel, FuelMoisture, MidflameWind, SpreadConditions, SpreadOptions, unsheltered_waf,
//! };
//! let gr2 = FuelModel::by_code("GR2").unwrap();
//! let bed = FuelBed::new(gr2, &FuelMoisture {
//!     one_hour: 0.06, ten_hour: 0.07, hundred_hour: 0.08, live_herbaceous: 0.3, live_woody: 0.9,
//! });
//! let fire = bed.spread(
//!     &SpreadConditions {
//!         // A 10-m wind of 8 m/s from the west-south-west, unsheltered grass.
//!         midflame_wind: MidflameWind::from_ten_metre_m_per_s(8.0, unsheltered_waf(gr2.depth_ft)),
//!         wind_from_deg: 250.0,
//!         slope_deg: 5.0,
//!         aspect_deg: 180.0,
//!     },
//!     SpreadOptions::default(),
//! );
//! assert!(fire.head_ros_m_per_min() > 10.0);
//! let behavior = fire.behavior();
//! assert!(behavior.length_to_breadth > 1.0);
//! ```
//!
//! Internally everything is in Behave's US units (ft, min, lb, Btu) and in
//! Behave's order of operations, converted at the boundary with Behave's own
//! constants, so results agree with Behave to floating-point noise
//! (`tests/validate_fire_behave.rs`). Conventions: moistures are fractions,
//! the wind direction is where it blows from, the aspect is the direction
//! the slope faces, and the head azimuth is where the head goes, all degrees
//! clockwise from north.

mod fuel_bed;
mod fuel_models;
mod spread;
mod wind;

pub use fuel_bed::{FuelBed, FuelMoisture};
pub use fuel_models::{FuelModel, LB_PER_FT2_PER_TON_PER_ACRE};
pub use spread::{SpreadConditions, SpreadOptions, SurfaceFire, slope_deg_from_percent};
pub use wind::{
    Canopy, MidflameWind, TEN_METRE_TO_TWENTY_FOOT_DIVISOR, sheltered_waf, unsheltered_waf, wind_adjustment_factor,
};

//! The `flood` section of a scenario file: solver, roughness, inflows, rain,
//! map edges and gauges.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::frame::LonLat;
use crate::scenario::file::Bilingual;
use crate::terrain::LandCover;

/// Which 2D solver runs the flood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum FloodSolverSpec {
    /// LISFLOOD-FP-style local inertial: fast, for floodplain flow (Fr < 0.5).
    #[default]
    LocalInertial,
    /// Full shallow-water finite volumes: for dam and dike breaks.
    ShallowWater,
}

/// How water leaves (or enters) the map at one edge.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum FloodEdgeSpec {
    /// A wall: nothing crosses.
    #[default]
    Closed,
    /// Water leaves at normal depth (a river running off the map).
    Free,
    /// The water level outside is given: `(minute, level m)` rows.
    Stage(Vec<(f64, f64)>),
}

/// The four map edges.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FloodEdgesSpec {
    /// Northern edge.
    pub north: FloodEdgeSpec,
    /// Southern edge.
    pub south: FloodEdgeSpec,
    /// Eastern edge.
    pub east: FloodEdgeSpec,
    /// Western edge.
    pub west: FloodEdgeSpec,
}

/// Water entering the map: a river or a breach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InflowSpec {
    /// `inflow:…`
    pub id: String,
    /// One point (all water enters its cell) or a line (spread evenly over
    /// the line's cells).
    pub path: Vec<LonLat>,
    /// Discharge, `(minute, m³/s)` rows, linear in between, constant outside.
    pub hydrograph: Vec<(f64, f64)>,
}

/// A water-level gauge (水文站/水位站).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GaugeSpec {
    /// `gauge:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Where.
    pub at: LonLat,
    /// Depths, m, whose first crossing is reported (warning, danger levels).
    #[serde(default)]
    pub alert_depths_m: Vec<f64>,
}

/// The flood settings of a scenario.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FloodSpec {
    /// Solver.
    pub solver: FloodSolverSpec,
    /// Manning's n per land cover, overriding [`default_manning_n`].
    pub manning_n: BTreeMap<LandCover, f64>,
    /// Inflows.
    pub inflows: Vec<InflowSpec>,
    /// Uniform rain, `(hour, mm/h)` rows.
    pub rain: Vec<(f64, f64)>,
    /// Infiltration loss on wet cells, mm/h.
    pub infiltration_mm_per_h: f64,
    /// Map edges.
    pub edges: FloodEdgesSpec,
    /// Gauges.
    pub gauges: Vec<GaugeSpec>,
}

/// Manning's n by land cover, from Chow (1959) *Open-Channel Hydraulics*,
/// table 5-6 (floodplains, normal values): short grass pasture 0.030–0.035,
/// mature field crops 0.040, light brush 0.050, cleared land 0.030, heavy
/// stand of timber 0.100, clean natural channel 0.030; built-up areas use
/// 0.080, a common floodplain value for blockage by buildings (UK practice).
pub fn default_manning_n(class: LandCover) -> f64 {
    match class {
        LandCover::Water => 0.030,
        LandCover::Grassland => 0.035,
        LandCover::Cropland => 0.040,
        LandCover::Shrubland => 0.050,
        LandCover::ConiferForest | LandCover::BroadleafForest => 0.100,
        LandCover::Wetland => 0.060,
        LandCover::Built => 0.080,
        LandCover::Bare => 0.030,
    }
}

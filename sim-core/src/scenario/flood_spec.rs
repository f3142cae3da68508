//! The `flood` section of a scenario file: solver, roughness, inflows, rain,
//! map edges, gauges, and the works on the water: reservoirs, dikes and
//! river channels.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::frame::LonLat;
use crate::hazards::flood::DikeCrest;
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
    /// Reservoirs above the map, releasing onto it.
    pub reservoirs: Vec<ReservoirSpec>,
    /// Dikes burned into the terrain.
    pub dikes: Vec<DikeSpec>,
    /// River channels cut into the terrain.
    pub channels: Vec<ChannelSpec>,
}

/// A reservoir (水库) off the map, a level pool whose releases (outlet and
/// breach) enter the map at the dam toe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReservoirSpec {
    /// `reservoir:…`
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: Bilingual,
    /// Where released water enters the map: one point, or a line whose
    /// cells share it evenly (the dam toe, the spillway channel's mouth).
    pub toe: Vec<LonLat>,
    /// Surface area by level: `(level m, area km²)` rows, levels rising,
    /// linear in between, constant above the last; the first level is the
    /// empty pool. One row is a prismatic pool.
    pub level_area_km2: Vec<(f64, f64)>,
    /// Pool level at the start, m.
    pub initial_level_m: f64,
    /// Inflow, `(minute, m³/s)` rows; none when empty.
    #[serde(default)]
    pub inflow: Vec<(f64, f64)>,
    /// Outlet works, if any.
    #[serde(default)]
    pub outlet: Option<OutletSpec>,
    /// How the dam fails, if it does.
    #[serde(default)]
    pub breach: Option<ReservoirBreachSpec>,
}

/// The hydraulics of a reservoir outlet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum OutletKindSpec {
    /// A bottom outlet or sluice: Q = C_d · A · √(2 g (level − centre)).
    Orifice {
        /// Level of the opening's centre, m.
        centre_level_m: f64,
        /// Open area, m².
        area_m2: f64,
        /// Discharge coefficient (default 0.6, a sharp-edged opening).
        #[serde(default = "default_orifice_coefficient")]
        discharge_coefficient: f64,
    },
    /// A spillway: Q = C · L · (level − crest)^1.5.
    Weir {
        /// Crest level, m.
        crest_level_m: f64,
        /// Crest length, m.
        width_m: f64,
        /// Weir coefficient, m^0.5/s (default 1.7, broad-crested).
        #[serde(default = "default_weir_coefficient")]
        coefficient: f64,
    },
}

fn default_orifice_coefficient() -> f64 {
    0.6
}

fn default_weir_coefficient() -> f64 {
    1.7
}

fn fully_open() -> f64 {
    1.0
}

fn default_side_slope() -> f64 {
    1.0
}

/// A reservoir's outlet works.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletSpec {
    /// Orifice or weir.
    pub kind: OutletKindSpec,
    /// Largest discharge the works pass, m³/s; no limit when absent.
    #[serde(default)]
    pub capacity_m3_per_s: Option<f64>,
    /// Gate opening at the start, 0 … 1 (default fully open).
    #[serde(default = "fully_open")]
    pub gate_opening: f64,
}

/// What starts a dam breach.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum ReservoirBreachTriggerSpec {
    /// At a minute of the drill (piping, a scripted failure).
    AtMinute(f64),
    /// When the pool first reaches this level, m (overtopping).
    LevelAbove(f64),
}

/// A dam breach: a trapezoid growing from the crest down to its final
/// bottom over the formation time (Froehlich 2008 gives typical values).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReservoirBreachSpec {
    /// What starts it.
    pub trigger: ReservoirBreachTriggerSpec,
    /// Dam crest level, m, where the breach starts.
    pub top_level_m: f64,
    /// Final breach bottom level, m.
    pub bottom_level_m: f64,
    /// Final bottom width, m.
    pub bottom_width_m: f64,
    /// Side slope, horizontal per vertical (default 1.0, Froehlich's 2008
    /// value for overtopping).
    #[serde(default = "default_side_slope")]
    pub side_slope_h_per_v: f64,
    /// Minutes from start to the full breach.
    pub formation_min: f64,
}

/// A dike (堤防): a line raised to a crest, which water overtops and
/// breaches open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DikeSpec {
    /// `dike:…`
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: Bilingual,
    /// The crest line, at least two points.
    pub path: Vec<LonLat>,
    /// Crest: `Level(m)` above datum or `Height(m)` above the ground.
    pub crest: DikeCrest,
    /// Breaches.
    #[serde(default)]
    pub breaches: Vec<DikeBreachSpec>,
}

/// What opens a dike breach.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum DikeBreachTriggerSpec {
    /// At a minute of the drill.
    AtMinute(f64),
    /// Once the dike has been overtopped this many minutes in total.
    OvertoppedForMinutes(f64),
    /// Once water next to the dike stands this many metres above its crest.
    WaterAboveCrest(f64),
}

/// A breach of a dike at a point along it, widening over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DikeBreachSpec {
    /// Where along the dike (the nearest dike cell is the breach centre).
    pub at: LonLat,
    /// What opens it.
    pub trigger: DikeBreachTriggerSpec,
    /// Width when it opens, m.
    pub initial_width_m: f64,
    /// Width when fully widened, m.
    pub final_width_m: f64,
    /// Minutes from opening to the final width.
    pub widening_min: f64,
}

/// A river channel cut into the terrain along a line: the resampled DEM
/// loses channels narrower than a cell or two.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelSpec {
    /// `channel:…`
    pub id: String,
    /// The channel's centre line, at least two points.
    pub path: Vec<LonLat>,
    /// Width, m: cells whose centres lie within half of it are cut.
    pub width_m: f64,
    /// Depth below the ground of each cut cell, m.
    pub depth_m: f64,
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

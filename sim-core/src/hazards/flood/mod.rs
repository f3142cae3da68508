//! Flood: 2D overland flow on the terrain raster.
//!
//! The fast default is [`LocalInertial`], the LISFLOOD-FP "ACC" local-inertial
//! scheme (Bates, Horritt & Fewtrell 2010; q-centred θ weighting of de Almeida
//! et al. 2012; the 2D friction magnitude, wet/dry and outflow limiting as
//! LISFLOOD-FP 8.1 does them — `shared/reference/flood.md` §1). It is valid
//! for slow floodplain flow (Froude < 0.5); dam and dike breaks need the full
//! shallow-water solver in [`shallow_water`].
//!
//! The pieces, one concern per file:
//! - [`FloodDomain`] (`domain.rs`): the static grid — bed, Manning n, edge
//!   boundaries.
//! - [`FloodSources`] (`sources.rs`): point and line inflows, rainfall and
//!   infiltration, all driven by [`Hydrograph`]s.
//! - `boundary.rs`: the flux through a domain-edge face (closed, free
//!   outflow, prescribed stage).
//! - [`LocalInertial`] (`local_inertial/`): the solver state and its step,
//!   one file per phase.
//! - [`Reservoir`] (`reservoir.rs`): a level pool off the grid with an
//!   outlet and a parametric dam breach; its release enters the grid as a
//!   source at the dam toe.
//! - [`Dike`] (`dike.rs`): a dike line burned into the bed, overtopping and
//!   widening breaches that lower the bed back to the ground.
//! - `burn.rs`: river channels cut into the bed along polylines.
//! - [`FloodOutputs`] (`outputs.rs`): maximum depth and speed, arrival time,
//!   FD2320 hazard rating, volume balance and gauges.
//!
//! Conventions: row 0 is the northern edge, column 0 the western edge (as in
//! [`crate::grid`]); `qx` is positive eastwards, `qy` positive southwards;
//! discharges per unit width are m²/s, volumes m³, times seconds since the
//! flood's clock started.

mod boundary;
pub mod burn;
mod dike;
mod domain;
mod local_inertial;
mod outputs;
pub mod reference_cases;
mod reservoir;
pub mod shallow_water;
mod sources;

pub use dike::{Dike, DikeBreach, DikeBreachTrigger, DikeCrest, DikeGrid, DikeUpdate};
pub use domain::{
    DEPTH_THRESHOLD_M, Edge, EdgeBoundaries, EdgeBoundary, FloodDomain, FloodError, GRAVITY_M_PER_S2, MAX_FLOW_DEPTH_M,
};
pub use local_inertial::{AdvanceReport, LocalInertial, SolverParams};
pub use outputs::{
    ARRIVAL_THRESHOLD_M, FloodOutputs, Gauge, GaugeSeries, HazardClass, SPEED_MIN_DEPTH_M, VolumeBalance,
    debris_factor, hazard_rating,
};
pub use reservoir::{
    BREACH_SIDE_COEFFICIENT, BREACH_WEIR_COEFFICIENT, Breach, BreachGeometry, BreachPrediction, BreachStart,
    BreachTrigger, MAX_SUBSTEP_S, Outlet, OutletKind, Reservoir, ReservoirAdvance, ReservoirLedger, StorageCurve,
    froehlich_1995_peak_outflow_m3_per_s, froehlich_2008_breach,
};
pub use sources::{FloodSources, Hydrograph, LineInflow, PointInflow, Rainfall, RainfallSpec};

//! The solver's settings and the plain types it exchanges: configuration,
//! errors, point sources, state, volume ledger and advance report.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Standard gravity, m/s² (CGPM). The Ritter validation uses ANUGA's 9.8
/// to match flood.md's oracle; set [`ShallowWaterConfig::gravity_m_per_s2`].
pub const STANDARD_GRAVITY_M_PER_S2: f64 = 9.80665;

/// Largest Courant number (time step × fastest face signal speed / cell
/// size) for which the scheme keeps depths non-negative on a square grid.
/// HLL-type fluxes with hydrostatic reconstruction are positive up to 1 in
/// 1D (Audusse et al. 2004, Theorem 2.1); splitting the 2D update into its
/// two directions halves that, and MUSCL's face values (the cell average is
/// the mean of its face values) halve it again.
pub fn positivity_courant_limit(order: SpatialOrder) -> f64 {
    match order {
        SpatialOrder::First => 0.5,
        SpatialOrder::Second => 0.25,
    }
}

/// How faces see their cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpatialOrder {
    /// Piecewise-constant cells and forward Euler: Godunov's first-order
    /// scheme (LISFLOOD-FP's FV1 with HLLC instead of HLL). Cheapest per
    /// simulated second, most diffusive.
    First,
    /// MUSCL: minmod-limited linear reconstruction of h, h + z, u and v,
    /// with Heun's two-stage Runge–Kutta (SSP-RK2). Second order in smooth
    /// flow; fronts and jumps stay a few cells wide.
    #[default]
    Second,
}

/// Numerical settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ShallowWaterConfig {
    /// Gravitational acceleration, m/s².
    pub gravity_m_per_s2: f64,
    /// Spatial order (and matching time integrator).
    pub order: SpatialOrder,
    /// Courant number: Δt = courant × cell size / fastest face signal speed.
    /// Depths stay non-negative up to [`positivity_courant_limit`]; above it
    /// a step whose depths go negative is retried with half the time step.
    pub courant: f64,
    /// Longest step, s: bounds the step when the water is (nearly) still or
    /// absent and sources are running.
    pub max_step_s: f64,
    /// Slope limiter of the second-order reconstruction: generalised minmod
    /// with this θ ∈ [1, 2]. 1 is plain minmod (default: the most robust);
    /// larger values steepen rarefactions and fronts (Ritter at 2.5 m: rel-L1
    /// 0.0037 at θ = 1, 0.0019 at θ = 2; see `tests/validate_flood_ritter.rs`).
    pub limiter_theta: f64,
}

impl Default for ShallowWaterConfig {
    /// Second order at the positivity limit, standard gravity, 10 s steps at most.
    fn default() -> ShallowWaterConfig {
        ShallowWaterConfig {
            gravity_m_per_s2: STANDARD_GRAVITY_M_PER_S2,
            order: SpatialOrder::Second,
            courant: positivity_courant_limit(SpatialOrder::Second),
            max_step_s: 10.0,
            limiter_theta: 1.0,
        }
    }
}

impl ShallowWaterConfig {
    /// First order at its positivity limit (Courant 0.5).
    pub fn first_order() -> ShallowWaterConfig {
        ShallowWaterConfig {
            order: SpatialOrder::First,
            courant: positivity_courant_limit(SpatialOrder::First),
            ..ShallowWaterConfig::default()
        }
    }

    /// This configuration with gravity `g` m/s².
    pub fn with_gravity(self, gravity_m_per_s2: f64) -> ShallowWaterConfig {
        ShallowWaterConfig {
            gravity_m_per_s2,
            ..self
        }
    }
}

/// What is wrong with a shallow-water set-up.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ShallowWaterError {
    /// Width or height is zero, or the cell count overflows.
    #[error("shallow-water grid {width}×{height} has no cells")]
    EmptyGrid { width: usize, height: usize },
    /// The cell size is not a positive finite number.
    #[error("cell size {cell_size_m} m must be positive and finite")]
    CellSize { cell_size_m: f64 },
    /// A per-cell raster has the wrong number of cells.
    #[error("{field} has {found} cells, the grid needs {expected}")]
    RasterLength {
        field: &'static str,
        expected: usize,
        found: usize,
    },
    /// Some raster values are out of range.
    #[error("{field} must be {rule}; {count} cells are not (first: cell {first_cell})")]
    RasterValue {
        field: &'static str,
        rule: &'static str,
        first_cell: usize,
        count: usize,
    },
    /// A numerical setting is out of range.
    #[error("config {field} = {value} must be {rule}")]
    Config {
        field: &'static str,
        value: f64,
        rule: &'static str,
    },
}

/// A point inflow (or, negative, a sink such as a pump) into one cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PointSource {
    /// Row-major cell index; cells outside the grid are ignored.
    pub cell: usize,
    /// Volume rate, m³/s. A sink takes at most the water in its cell.
    pub rate_m3_per_s: f64,
}

/// The evolving state: per-cell depth and unit discharges, and the clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShallowWaterState {
    /// Seconds since the flood's clock started.
    pub time_s: f64,
    /// Water depth h per cell, m (≥ 0).
    pub depth_m: Vec<f64>,
    /// Eastward unit discharge hu per cell, m²/s.
    pub discharge_x_m2_per_s: Vec<f64>,
    /// Southward (increasing row) unit discharge hv per cell, m²/s.
    pub discharge_y_m2_per_s: Vec<f64>,
}

/// Where the water came from and went, m³, since the solver was created.
///
/// `volume_m3() ≈ initial_m3 + source_m3 − boundary_outflow_m3 + clamped_m3`
/// to round-off; [`VolumeLedger::expected_m3`] is the right-hand side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct VolumeLedger {
    /// Volume at creation (or the last [`super::ShallowWaterFlood::set_depth_m`]).
    pub initial_m3: f64,
    /// Net volume added by point sources (sinks count negative).
    pub source_m3: f64,
    /// Volume that left through free edges (never negative for `Free`).
    pub boundary_outflow_m3: f64,
    /// Volume added by clamping round-off negative depths (|depth| below
    /// 1e-12 m) to zero; of order 1e-15 of the volume.
    pub clamped_m3: f64,
}

impl VolumeLedger {
    /// The volume the ledger says should be on the grid, m³.
    pub fn expected_m3(&self) -> f64 {
        self.initial_m3 + self.source_m3 - self.boundary_outflow_m3 + self.clamped_m3
    }
}

/// What one [`super::ShallowWaterFlood::advance`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SweAdvanceReport {
    /// Time steps taken.
    pub steps: u32,
    /// Steps redone with half the time step after a depth went negative.
    pub rejected_steps: u32,
    /// Cell updates (cells × steps), for throughput measurements.
    pub cell_updates: u64,
    /// Shortest step, s (0 when no step was taken).
    pub min_step_s: f64,
    /// Longest step, s (0 when no step was taken).
    pub max_step_s: f64,
    /// Cell updates that were not finite and were reset to dry (should be 0).
    pub quarantined_cells: u64,
}

//! Full 2D shallow-water equations for rapidly varying flow (dam and dike
//! breaks), where the local-inertial solver is out of its validity range
//! (Froude ≫ 0.5; flood.md §1.5 and §2b).
//!
//! A finite-volume Godunov scheme on the square raster:
//! - HLLC Riemann flux (Toro 2001) with the exact dry-front speeds;
//! - hydrostatic reconstruction (Audusse, Bouchut, Bristeau, Klein &
//!   Perthame 2004) for well-balancing (a lake at rest stays at rest over
//!   any bed) and non-negative depths at wet/dry fronts;
//! - second order by default: MUSCL reconstruction of h, h + z, u, v with
//!   the minmod limiter (generalised minmod θ ∈ [1, 2] on request) and
//!   Heun's SSP-RK2; first order (Godunov + forward Euler) on request;
//! - semi-implicit Manning friction; velocities desingularised in films
//!   thinner than [`THIN_DEPTH_M`];
//! - adaptive Δt from the fastest face signal speed (a maximum: order-free),
//!   steps landing exactly on the requested time;
//! - closed (reflective) or free (transmissive outflow, wall against
//!   inflow) edges, point sources and sinks, and a volume ledger (outflow,
//!   sources, round-off clamps).
//!
//! Files: `riemann.rs` (face fluxes, edges), `kernel.rs` (parallel passes),
//! `config.rs` (settings and exchanged types), `solver.rs`
//! ([`ShallowWaterFlood`], time stepping, ledger).
//!
//! Inputs are plain rasters ([`ShallowWaterFlood::new`], used by the
//! analytic tests) or a shared `FloodDomain` ([`ShallowWaterFlood::from_domain`],
//! used by the sim), [`SweEdges`] and per-step [`PointSource`]s; the sim
//! maps `FloodSources` (inflows, uniform rain, infiltration, reservoir
//! releases) onto point sources, and dike breaches change the bed through
//! [`ShallowWaterFlood::set_bed_m`].

mod config;
mod kernel;
mod riemann;
mod solver;

pub use config::{
    PointSource, STANDARD_GRAVITY_M_PER_S2, ShallowWaterConfig, ShallowWaterError, ShallowWaterState, SpatialOrder,
    SweAdvanceReport, VolumeLedger, positivity_courant_limit,
};
pub use kernel::NEGATIVE_DEPTH_TOLERANCE_M;
pub use riemann::{SweEdge, SweEdges, THIN_DEPTH_M, desingularised_velocity};
pub use solver::ShallowWaterFlood;

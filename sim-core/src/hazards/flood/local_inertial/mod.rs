//! [`LocalInertial`]: the LISFLOOD-FP "ACC" local-inertial flood solver
//! (flood.md §1.1–1.3) — its state, the adaptive step, and the four passes
//! of one step (faces, outflow limiting, continuity, bookkeeping).
//!
//! **Numbers.** Everything is f64: a 24-hour run takes 10⁴–10⁵ steps and
//! the volume balance must close to 1e-6 of the throughput; f32 depths
//! (7 digits) lose that in the continuity sum alone.
//!
//! **Only wet cells cost work.** Per row the state keeps the column range
//! holding water and the ranges where face discharges may be non-zero; a
//! step visits only rows and columns within one cell of water (a face can
//! only flow when a neighbouring cell is deeper than
//! [`DEPTH_THRESHOLD_M`](crate::hazards::flood::DEPTH_THRESHOLD_M)),
//! plus source cells, stage edges and raining zones.
//!
//! **Determinism.** Each pass runs rows in parallel with rayon; every value
//! a pass writes depends only on arrays the pass does not write (the
//! previous step's depths and discharges, or the previous pass's output),
//! so results are bit-identical at any thread count. Floating sums (volumes)
//! are formed per row in column order and combined serially in row order;
//! the domain's maximum depth (for the time step) is a max, which is exact
//! and order-free.
//!
//! One concern per file, in step order:
//! - `state.rs`: [`LocalInertial`], [`SolverParams`], [`AdvanceReport`], the
//!   scratch workspace, and setting and reading depths;
//! - `step.rs`: the adaptive time step and the pass order of one step;
//! - `active.rs`: the per-row active ranges and the plan of a step's work;
//! - `faces.rs`: pass 1, the momentum update of every face in range;
//! - `continuity.rs`: passes 2 and 3, outflow limiting (DryCheck) and
//!   continuity with sources, rain, infiltration and the per-cell outputs.

mod active;
mod continuity;
mod faces;
mod state;
mod step;

pub use state::{AdvanceReport, LocalInertial, SolverParams};

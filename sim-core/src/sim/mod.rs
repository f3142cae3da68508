//! [`Sim`]: the whole simulation state and its contract.
//!
//! ```text
//! Sim::new(&scenario, seed) → submit(order) → step(n) → drain_events()
//!                                                      → view()
//! snapshot() / Sim::restore(bytes) / state_hash()
//! ```

mod fire_stage;
mod flood_stage;
mod flood_works;
mod schedule;
mod snapshot;
mod state;
mod step;

pub use flood_stage::{FloodRun, FloodSolver, GaugeState, PLACE_FLOODED_DEPTH_M, ROAD_CUT_DEPTH_M};
pub use flood_works::{DikeState, ReservoirState};
pub use snapshot::{SUBSYSTEMS, SnapshotError, SubsystemHashes};
pub use state::{PlaceState, RoadState, Sim};

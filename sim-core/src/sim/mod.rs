//! [`Sim`]: the whole simulation state and its contract.
//!
//! ```text
//! Sim::new(&scenario, seed) → submit(order) → step(n) → drain_events()
//!                                                      → view()
//! snapshot() / Sim::restore(bytes) / state_hash()
//! ```

mod agents_setup;
mod agents_stage;
mod air_fuel;
mod air_ops;
mod dispersed;
mod fire_stage;
mod flood_orders;
mod flood_stage;
mod flood_works;
mod movement;
mod orders;
mod people_stage;
mod schedule;
mod snapshot;
mod state;
mod step;
mod team_work;
mod trainer_inject;

pub use agents_stage::{FIRE_NOTICED_HA, IncidentKind, IncidentState, RECON_RADIUS_M, REPORT_DELAY_MIN};
pub use flood_stage::{FloodRun, FloodSolver, GaugeState, PLACE_FLOODED_DEPTH_M, ROAD_CUT_DEPTH_M};
pub use flood_works::{DikeState, ReservoirState};
pub use people_stage::{EvacueeBatch, PeopleState};
pub use snapshot::{SUBSYSTEMS, SnapshotError, SubsystemHashes};
pub use state::{PlaceState, RoadState, Sim};
pub use trainer_inject::MAX_INJECT_RADIUS_M;

//! Sandtable's simulation core (沙盘推演): one deterministic simulation of
//! hazards, people and forces for emergency-management drills in Inner
//! Mongolia.
//!
//! The contract (see `docs/ARCHITECTURE.md`): a caller loads a [`Scenario`]
//! from text it read itself, creates a [`Sim`] with a seed, submits
//! [`Order`]s, calls [`Sim::step`], drains [`Event`]s and draws from
//! [`Sim::view`]. The crate does no file, clock or environment access, and
//! the same scenario, seed and orders give bit-identical states on any
//! thread count, before and after a snapshot.
//!
//! Terms: a *tick* is 10 s of simulated time; an *inject* is an event the
//! scenario (or the trainer) forces into the drill; the *MSEL* is the
//! scenario's list of injects.

pub mod agents;
pub mod builtin;
pub mod data;
pub mod determinism;
pub mod evaluation;
pub mod event;
pub mod forcing;
pub mod frame;
pub mod grid;
pub mod hash;
pub mod hazards;
pub mod many_agents;
pub mod order;
pub mod record;
pub mod rng;
pub mod scenario;
mod sim;
pub mod sweep;
pub mod terrain;
pub mod time;
pub mod view;

pub use evaluation::{FinalState, ScoreCard, Standards, load_standards, score};
pub use event::{Event, TimedEvent};
pub use order::{Order, OrderError, OrderId, ResponseLevel, SupportSource, Task, WarningChannel, WarningLevel};
pub use record::{DrillRecord, RECORD_VERSION, RecordAction, RecordEntry, RecordError, Recorder, ReplayReport};
pub use scenario::{Scenario, ScenarioError, load_scenario};
pub use sim::MAX_INJECT_RADIUS_M;
pub use sim::{
    DikeState, EvacueeBatch, FIRE_NOTICED_HA, FloodRun, FloodSolver, GaugeState, IncidentKind, IncidentState,
    PLACE_FLOODED_DEPTH_M, PeopleState, PlaceState, RECON_RADIUS_M, REPORT_DELAY_MIN, ROAD_CUT_DEPTH_M, ReservoirState,
    RoadState, SUBSYSTEMS, Sim, SnapshotError, SubsystemHashes,
};
pub use time::{TICK_SECONDS, Tick};
pub use view::SimView;

/// The engine version written into summaries and drill records.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

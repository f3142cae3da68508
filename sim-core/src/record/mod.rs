//! Drill records (推演记录): what the trainees and the trainer did, tick by
//! tick, so a drill can be saved, reloaded, replayed bit for bit and scored
//! after the fact.
//!
//! A [`DrillRecord`] holds the scenario's identity (id, version, content
//! hash), the engine version and seed, every order submitted (accepted or
//! refused: a refused order is logged as `OrderRejected`, so it is part of
//! the event-log hash and must be replayed too) and every trainer inject,
//! each with the tick it was given at, plus state-hash checkpoints. A
//! [`Recorder`] wraps a [`Sim`](crate::Sim) and builds the record while the
//! drill runs; [`replay`] runs it again and checks the checkpoints.
//!
//! The text format (module `text`) is one RON value per line after a header,
//! so a truncated or corrupted file is detected with file, line and field,
//! and [`salvage`] still recovers the intact prefix. Like everything in
//! sim-core it does no IO: callers read and (atomically) write the files.

mod error;
mod recorder;
mod replay;
mod text;

pub use error::RecordError;
pub use recorder::{CHECKPOINT_EVERY_TICKS, Recorder};
pub use replay::{ReplayReport, replay};
pub use text::{Salvaged, from_text, salvage, to_text};

use serde::{Deserialize, Serialize};

use crate::order::Order;
use crate::scenario::{Bilingual, InjectKind};
use crate::time::Tick;

/// The record format version this engine writes and reads.
pub const RECORD_VERSION: u32 = 1;

/// One drill as played: enough to reproduce it exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillRecord {
    /// Record format version ([`RECORD_VERSION`]).
    pub version: u32,
    /// Id of the scenario played.
    pub scenario_id: String,
    /// Its format version.
    pub scenario_version: u32,
    /// FNV-1a of its text (`Scenario::content_hash`): a replay against an
    /// edited scenario is refused, because it would silently diverge.
    pub scenario_hash: u64,
    /// The engine that played it ([`crate::ENGINE_VERSION`]); another
    /// version may still replay it identically, so a difference only warns.
    pub engine_version: String,
    /// The drill's seed.
    pub seed: u64,
    /// Orders and injects in the order they were given (ticks never
    /// decrease).
    pub entries: Vec<RecordEntry>,
    /// `(tick, state hash)`: the hash once the drill had reached `tick`,
    /// before any entry given at that tick; taken every simulated hour, and
    /// when the record was saved (the last checkpoint, at `ended_at`, is
    /// taken after every entry).
    pub checkpoints: Vec<(Tick, u64)>,
    /// The tick the record was saved at; `None` for a salvaged record whose
    /// end was lost.
    pub ended_at: Option<Tick>,
}

/// One thing somebody did in the drill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordEntry {
    /// When it was given: the drill had computed every tick before it.
    pub tick: Tick,
    /// Who gave it (`指挥长 commander`, `trainer`, …), free text.
    pub role: String,
    /// What was done.
    pub action: RecordAction,
    /// Why, or anything the after-action review should know; may be empty.
    pub note: String,
}

/// An order by the trainees or an inject by the trainer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RecordAction {
    /// An order submitted through [`Sim::submit`](crate::Sim::submit).
    Order(Order),
    /// A trainer inject applied through [`Sim::inject`](crate::Sim::inject).
    Inject {
        /// What it does.
        kind: InjectKind,
        /// What the trainees were told.
        message: Bilingual,
    },
}

impl DrillRecord {
    /// The tick a replay of this record runs to: `ended_at`, or for a
    /// salvaged record the last entry or checkpoint that survived.
    pub fn replay_end(&self) -> Tick {
        self.ended_at.unwrap_or_else(|| {
            let last_entry = self.entries.last().map_or(Tick(0), |e| e.tick);
            let last_check = self.checkpoints.last().map_or(Tick(0), |c| c.0);
            last_entry.max(last_check)
        })
    }
}

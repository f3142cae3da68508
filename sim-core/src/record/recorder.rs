//! [`Recorder`]: a [`Sim`] that writes down what is done to it.

use crate::event::TimedEvent;
use crate::order::{Order, OrderError, OrderId};
use crate::record::{DrillRecord, RECORD_VERSION, RecordAction, RecordEntry};
use crate::scenario::{Bilingual, InjectKind, Scenario};
use crate::sim::Sim;
use crate::time::{TICK_SECONDS, Tick};

/// Ticks between checkpoints: one simulated hour, so a divergence is
/// located to the hour without hashing the state every tick.
pub const CHECKPOINT_EVERY_TICKS: u64 = 3600 / TICK_SECONDS;

/// Runs a drill and records every order and inject, with its tick, and a
/// state-hash checkpoint every simulated hour. Cloning it keeps the drill
/// and its record together (a trainer's undo point).
#[derive(Debug, Clone)]
pub struct Recorder {
    sim: Sim,
    record: DrillRecord,
}

impl Recorder {
    /// Starts a drill of `scenario` with `seed`, recording.
    pub fn new(scenario: &Scenario, seed: u64) -> Recorder {
        Recorder::from_sim(Sim::new(scenario, seed))
    }

    /// Starts recording `sim` from where it stands: the first checkpoint is
    /// its current tick and state. A sim only stepped so far replays the
    /// same; one given orders before would not.
    pub fn from_sim(sim: Sim) -> Recorder {
        let (id, version, hash) = sim.scenario_identity();
        let seed = sim.seed();
        let record = DrillRecord {
            version: RECORD_VERSION,
            scenario_id: id.to_owned(),
            scenario_version: version,
            scenario_hash: hash,
            engine_version: crate::ENGINE_VERSION.to_owned(),
            seed,
            entries: Vec::new(),
            checkpoints: vec![(sim.tick(), sim.state_hash())],
            ended_at: None,
        };
        Recorder { sim, record }
    }

    /// The drill, to view and to read.
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// Submits an order given by `role` and records it, accepted or refused.
    pub fn submit(&mut self, role: &str, order: Order, note: &str) -> Result<OrderId, OrderError> {
        self.push(role, RecordAction::Order(order.clone()), note);
        self.sim.submit(order)
    }

    /// Applies a trainer inject now ([`Sim::inject`]) and records it, even
    /// when it is refused (a refusal changes nothing, so replay agrees).
    pub fn inject(
        &mut self,
        role: &str,
        kind: InjectKind,
        message: Bilingual,
        note: &str,
    ) -> Result<String, OrderError> {
        self.push(
            role,
            RecordAction::Inject {
                kind: kind.clone(),
                message: message.clone(),
            },
            note,
        );
        self.sim.inject(kind, message)
    }

    /// Advances `n` ticks, taking a checkpoint at each whole simulated hour
    /// passed. Results are those of `Sim::step(n)`.
    pub fn step(&mut self, n: u64) {
        let target = self.sim.tick().plus(n);
        while self.sim.tick() < target {
            let next_hour = (self.sim.tick().0 / CHECKPOINT_EVERY_TICKS + 1) * CHECKPOINT_EVERY_TICKS;
            let stop = Tick(next_hour.min(target.0));
            self.sim.step(stop.0 - self.sim.tick().0);
            if stop.0.is_multiple_of(CHECKPOINT_EVERY_TICKS) {
                self.record.checkpoints.push((stop, self.sim.state_hash()));
            }
        }
    }

    /// Events since the last drain ([`Sim::drain_events`]).
    pub fn drain_events(&mut self) -> Vec<TimedEvent> {
        self.sim.drain_events()
    }

    /// The record so far, ended now: a final checkpoint at the current tick
    /// taken after every entry. The drill may go on and be saved again.
    pub fn record(&self) -> DrillRecord {
        let mut record = self.record.clone();
        let now = self.sim.tick();
        record.checkpoints.push((now, self.sim.state_hash()));
        record.ended_at = Some(now);
        record
    }

    /// The entries recorded so far.
    pub fn entries(&self) -> &[RecordEntry] {
        &self.record.entries
    }

    /// The drill and its record, ended now.
    pub fn finish(self) -> (Sim, DrillRecord) {
        let record = self.record();
        (self.sim, record)
    }

    fn push(&mut self, role: &str, action: RecordAction, note: &str) {
        self.record.entries.push(RecordEntry {
            tick: self.sim.tick(),
            role: role.to_owned(),
            action,
            note: note.to_owned(),
        });
    }
}

//! [`DrillSim`]: the running drill, recorded as it is played, with a
//! tabletop "take back" of the last order.
//!
//! Every order (accepted or refused) and every trainer inject goes through
//! [`DrillSim::submit`] / [`DrillSim::inject`], which write it into a
//! [`DrillRecord`] with its tick and the role that gave it, and keep the
//! drill as it was just before it (a `Sim` clone) so it can be undone.
//!
//! The recording is `sim_core::record::Recorder`'s (an entry is written
//! before it is applied, a state-hash checkpoint every simulated hour, a
//! final one when the record is taken), so `sim_core::record::replay`
//! reproduces it; an undo point is a clone of the recorder.
//!
//! **Undo rule:** undo takes back the last entry (order or inject): the
//! drill returns to the moment it was given, at its tick, and every tick
//! simulated since is dropped along with the entry, the checkpoints taken
//! after it and the events it and those ticks produced. Up to
//! [`UNDO_DEPTH`] entries can be taken back one after the other.

use sim_core::record::Recorder;
use sim_core::scenario::{Bilingual, InjectKind};
use sim_core::{DrillRecord, Order, OrderError, OrderId, RecordAction, RecordEntry, Sim, Tick, TimedEvent};

use bevy::prelude::Resource;

/// How many entries can be taken back in a row. Each keeps a whole drill,
/// so the stack is bounded; older entries stay in the record for good.
pub const UNDO_DEPTH: usize = 20;

/// The roles a trainer can give orders as, `中文 English`, the commander
/// first (the default).
pub const ROLES: [&str; 4] = ["指挥长 commander", "航空组 aviation", "地面组 ground", "导调 trainer"];

/// The role orders are given as unless another is picked.
pub const DEFAULT_ROLE: &str = ROLES[0];

/// The drill as it was just before an entry, to go back to.
#[derive(Debug, Clone)]
struct UndoPoint {
    /// The drill and record before the entry was applied, its outbox empty.
    recorder: Recorder,
    /// Events taken from the sim before the entry.
    emitted: u64,
}

/// What [`DrillSim::undo`] took back.
#[derive(Debug, Clone, PartialEq)]
pub struct Undone {
    /// The entry removed from the record.
    pub entry: RecordEntry,
    /// The tick the drill was at before the undo.
    pub from: Tick,
    /// Events already handed to the view that belong to the dropped
    /// time: the caller removes these many from the end of its feed.
    pub retracted_events: u64,
}

impl Undone {
    /// One line for the panel and the log.
    pub fn text(&self) -> String {
        let what = match &self.entry.action {
            RecordAction::Order(order) => order.label(),
            RecordAction::Inject { message, .. } => format!("inject {}", message.zh),
        };
        format!(
            "已撤销 undone: {what} ({}, {}); back from {} to {}",
            self.entry.role, self.entry.tick, self.from, self.entry.tick
        )
    }
}

/// The running drill: the only owner of the [`Sim`], and its record.
#[derive(Resource, Debug, Clone)]
pub struct DrillSim {
    recorder: Recorder,
    undo: Vec<UndoPoint>,
    /// Events taken from the sim but not yet handed out.
    pending: Vec<TimedEvent>,
    /// Events ever taken from the sim (less those taken back by undo).
    emitted: u64,
    /// Bumped by every entry and every undo: a saver compares it.
    revision: u64,
}

impl DrillSim {
    /// Starts recording `sim` from where it is ([`Recorder::from_sim`]).
    pub fn new(sim: Sim) -> DrillSim {
        DrillSim {
            recorder: Recorder::from_sim(sim),
            undo: Vec::new(),
            pending: Vec::new(),
            emitted: 0,
            revision: 0,
        }
    }

    /// The drill, to view and to read.
    pub fn sim(&self) -> &Sim {
        self.recorder.sim()
    }

    /// Submits an order given by `role` and records it, accepted or
    /// refused (a refusal is an `OrderRejected` event, part of the hash).
    pub fn submit(&mut self, role: &str, order: Order, note: &str) -> Result<OrderId, OrderError> {
        self.keep_undo_point();
        self.recorder.submit(role, order, note)
    }

    /// Applies a trainer inject now and records it, even when refused.
    pub fn inject(
        &mut self,
        role: &str,
        kind: InjectKind,
        message: Bilingual,
        note: &str,
    ) -> Result<String, OrderError> {
        self.keep_undo_point();
        self.recorder.inject(role, kind, message, note)
    }

    /// Advances `n` ticks, with the recorder's hourly checkpoints.
    pub fn step(&mut self, n: u64) {
        self.recorder.step(n);
    }

    /// Events since the last drain.
    pub fn drain_events(&mut self) -> Vec<TimedEvent> {
        self.take_outbox();
        std::mem::take(&mut self.pending)
    }

    /// The record so far, ended now (a final checkpoint at the current
    /// tick, after every entry); the drill may go on.
    pub fn record(&self) -> DrillRecord {
        self.recorder.record()
    }

    /// The entries given so far.
    pub fn entries(&self) -> &[RecordEntry] {
        self.recorder.entries()
    }

    /// Changes with every entry and undo (not with stepping).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The entry [`DrillSim::undo`] would take back, if any.
    pub fn undoable(&self) -> Option<&RecordEntry> {
        if self.undo.is_empty() {
            None
        } else {
            self.entries().last()
        }
    }

    /// Takes back the last entry (see the module's undo rule), or `None`
    /// when there is nothing left to take back.
    pub fn undo(&mut self) -> Option<Undone> {
        let entry = self.entries().last().cloned()?;
        let point = self.undo.pop()?;
        let from = self.sim().tick();
        // Events emitted after the entry: drop those not handed out yet,
        // tell the caller how many it already has.
        self.take_outbox();
        let after = self.emitted.saturating_sub(point.emitted);
        let unsent = usize::try_from(after).unwrap_or(usize::MAX).min(self.pending.len());
        self.pending.truncate(self.pending.len() - unsent);
        self.emitted = point.emitted;
        self.recorder = point.recorder;
        self.revision += 1;
        Some(Undone {
            entry,
            from,
            retracted_events: after - unsent as u64,
        })
    }

    fn take_outbox(&mut self) {
        let new = self.recorder.drain_events();
        self.emitted += new.len() as u64;
        self.pending.extend(new);
    }

    /// Keeps the drill as it is before an entry. The outbox is emptied
    /// first, so the kept drill holds no events that would be handed out
    /// twice after an undo.
    fn keep_undo_point(&mut self) {
        self.take_outbox();
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(UndoPoint {
            recorder: self.recorder.clone(),
            emitted: self.emitted,
        });
        self.revision += 1;
    }
}

//! The scenario's timeline (injects and hazard onsets) and the order queue,
//! both in a fixed order so that equal ticks resolve the same way every run.

use serde::{Deserialize, Serialize};

use crate::frame::{Cell, LonLat};
use crate::order::{Order, OrderId};
use crate::scenario::{Bilingual, InjectKind};
use crate::time::Tick;

/// Something the scenario makes happen at a tick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Scheduled {
    /// An inject of the master scenario events list.
    Inject {
        /// `inject:…`
        id: String,
        /// What it does.
        kind: InjectKind,
        /// What trainees are told.
        message: Bilingual,
    },
    /// A fire starts.
    Ignition {
        /// `hazard:…`
        id: String,
        /// Where.
        at: LonLat,
        /// Which cell.
        cell: Cell,
    },
    /// Mobile networks come back after an outage.
    CommsRestore,
}

/// The scenario timeline: items sorted by tick, then by their position in
/// the file (a stable sort), consumed from `next`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    items: Vec<(Tick, Scheduled)>,
    next: usize,
}

impl Timeline {
    /// A timeline of `items` in any order.
    pub fn new(mut items: Vec<(Tick, Scheduled)>) -> Timeline {
        items.sort_by_key(|(t, _)| *t);
        Timeline { items, next: 0 }
    }

    /// Removes and returns the items due at or before `tick`, in order.
    pub fn take_due(&mut self, tick: Tick) -> Vec<Scheduled> {
        let start = self.next;
        while self.next < self.items.len() && self.items[self.next].0 <= tick {
            self.next += 1;
        }
        self.items[start..self.next].iter().map(|(_, s)| s.clone()).collect()
    }

    /// Inserts an item at its place (after items already at that tick).
    pub fn insert(&mut self, tick: Tick, item: Scheduled) {
        let at = self.next + self.items[self.next..].partition_point(|(t, _)| *t <= tick);
        self.items.insert(at, (tick, item));
    }
}

/// An accepted order waiting for its tick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedOrder {
    /// When it takes effect.
    pub due: Tick,
    /// Its id; orders due at one tick run in id (submission) order.
    pub id: OrderId,
    /// The order.
    pub order: Order,
}

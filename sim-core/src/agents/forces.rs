//! The state of teams and aircraft during a drill: where each is, what it
//! is doing, and the small rules of availability (mobilisation delays, shift
//! limits). Movement and timing figures come from `reference/rescue.md` §2;
//! the sim's agents stage (`sim/agents_stage.rs`) advances them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::agents::aircraft::AircraftType;
use crate::frame::LonLat;
use crate::order::{OrderId, Task};
use crate::scenario::{Bilingual, ForceKind, Readiness};
use crate::time::Tick;

/// Mobilisation delay of a ground team from the order reaching it to
/// departure, min: a professional team on standby 10 (rescue.md §2.3,
/// 5–15 min, midpoint); a volunteer or militia team 60 (30–90 min). Both
/// are planning assumptions there.
pub fn team_mobilisation_min(readiness: Readiness) -> u64 {
    match readiness {
        Readiness::Standby => 10,
        Readiness::OnCall => 60,
    }
}

/// Longest shift on duty, h, before a team must rest, and the rest, h
/// (assumption: a 12 h operational period and 8 h rest, the ICS practice
/// that Chinese forest-fire brigades also follow in rotations).
pub const SHIFT_LIMIT_H: f64 = 12.0;
/// Rest after a full shift, h.
pub const REST_H: f64 = 8.0;

/// A path over the grid with the time at which each cell is reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journey {
    /// Row-major cells, first the start.
    pub cells: Vec<u32>,
    /// Seconds after departure at which each cell is reached (first 0).
    pub reach_s: Vec<u64>,
    /// When it set off.
    pub departed: Tick,
}

impl Journey {
    /// When the journey ends.
    pub fn arrival(&self) -> Tick {
        let s = self.reach_s.last().copied().unwrap_or(0);
        Tick(self.departed.0 + s.div_ceil(crate::time::TICK_SECONDS))
    }

    /// The cell reached by `now` (the last one passed).
    pub fn cell_at(&self, now: Tick) -> u32 {
        let elapsed = now.seconds().saturating_sub(self.departed.seconds());
        let k = self.reach_s.partition_point(|s| *s <= elapsed);
        self.cells
            .get(k.saturating_sub(1))
            .or(self.cells.first())
            .copied()
            .unwrap_or(0)
    }

    /// The cells still ahead at `now` (for drawing the route).
    pub fn remaining(&self, now: Tick) -> &[u32] {
        let elapsed = now.seconds().saturating_sub(self.departed.seconds());
        let k = self.reach_s.partition_point(|s| *s <= elapsed).saturating_sub(1);
        self.cells.get(k..).unwrap_or(&[])
    }
}

/// What a ground team is doing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TeamActivity {
    /// At its base or where it last stopped, free for tasks.
    Idle,
    /// Got an order; sets off at `ready`.
    Mobilising {
        /// Departure.
        ready: Tick,
    },
    /// On the way to its task.
    Travelling {
        /// The route.
        journey: Journey,
    },
    /// At the task.
    Working,
    /// Going home after a recall or a finished task.
    Returning {
        /// The route.
        journey: Journey,
    },
    /// Off duty after a full shift.
    Resting {
        /// Back on duty.
        until: Tick,
    },
}

/// Progress of a fireline task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirelineWork {
    /// Cells of the line, in cutting order.
    pub cells: Vec<u32>,
    /// Cells cut so far.
    pub built: usize,
    /// Metres cut into the next cell.
    pub progress_m: f64,
}

/// A ground team (专业救援队伍 or local team).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamState {
    /// `team:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Kind.
    pub kind: ForceKind,
    /// People.
    pub personnel: u32,
    /// Standby or on call.
    pub readiness: Readiness,
    /// Home cell.
    pub base_cell: u32,
    /// Where it is now (updated each tick while moving).
    pub cell: u32,
    /// What it is doing.
    pub activity: TeamActivity,
    /// The task it was given, until done or recalled.
    pub task: Option<Task>,
    /// The order behind the task.
    pub order_id: Option<OrderId>,
    /// Fireline progress when the task is a fireline.
    pub fireline: Option<FirelineWork>,
    /// Fractional progress carried between ticks: people rescued, bags
    /// placed.
    pub work_carry: f64,
    /// Start of the current shift.
    pub shift_started: Option<Tick>,
    /// Cells visited with the tick they were entered, for reports' tracks.
    pub track: Vec<(Tick, u32)>,
    /// Equipment by catalogue key (`agents::equipment`), zero counts left
    /// out.
    pub equipment: BTreeMap<String, u32>,
}

impl TeamState {
    /// A team idle at its base cell, with no task yet, carrying its kind's
    /// default equipment.
    pub fn at_base(
        id: String,
        name: Bilingual,
        kind: ForceKind,
        personnel: u32,
        readiness: Readiness,
        base_cell: u32,
    ) -> TeamState {
        TeamState {
            id,
            name,
            kind,
            personnel,
            readiness,
            base_cell,
            cell: base_cell,
            activity: TeamActivity::Idle,
            task: None,
            order_id: None,
            fireline: None,
            work_carry: 0.0,
            shift_started: None,
            track: Vec::new(),
            equipment: super::equipment::default_equipment(kind),
        }
    }

    /// Whether a new task can be given: not resting, not past its shift.
    pub fn busy_reason(&self, now: Tick) -> Option<String> {
        match &self.activity {
            TeamActivity::Resting { until } => Some(format!("resting after a full shift until {until}")),
            _ => match self.shift_started {
                Some(start) if now.hours() - start.hours() >= SHIFT_LIMIT_H => {
                    Some(format!("on duty {SHIFT_LIMIT_H} h since {start}; it must rest"))
                }
                _ => None,
            },
        }
    }

    /// Records a move for the track.
    pub fn move_to(&mut self, now: Tick, cell: u32) {
        if self.cell != cell {
            self.cell = cell;
            self.track.push((now, cell));
        }
    }
}

/// What an aircraft is doing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AirActivity {
    /// On the ground at its base, ready.
    Standby,
    /// Lifting off at `lift_off` (flight plan, crew, fuel).
    Launching {
        /// Take-off.
        lift_off: Tick,
    },
    /// Flying between two points.
    Transit {
        /// From.
        from: LonLat,
        /// To.
        to: LonLat,
        /// Take-off from `from`.
        depart: Tick,
        /// Over `to`.
        arrive: Tick,
    },
    /// Over the target: orbiting (reconnaissance, standby) or cycling
    /// bucket drops.
    OnScene {
        /// Next drop, when dropping water.
        next_drop: Option<Tick>,
    },
    /// On the ground at a fuel point (its `fuel_stop`), taking on fuel
    /// until `until`, then flying on to its task or home.
    Refuelling {
        /// Lift-off with full tanks.
        until: Tick,
    },
}

impl AirActivity {
    /// Whether the aircraft is in the air (and burning fuel).
    pub fn is_airborne(&self) -> bool {
        matches!(self, AirActivity::Transit { .. } | AirActivity::OnScene { .. })
    }
}

/// Where an aircraft takes on fuel: its base or an airfield its type can
/// refuel at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FuelStop {
    /// `airfield:…` (the base's id when it is the base).
    pub airfield_id: String,
    /// Where it is.
    pub at: LonLat,
}

/// A helicopter, fixed-wing aircraft or UAV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AircraftState {
    /// `aircraft:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Kind (helicopter, fixed wing, UAV).
    pub kind: ForceKind,
    /// Type with its performance.
    pub airframe: AircraftType,
    /// Standby or not.
    pub readiness: Readiness,
    /// `airfield:…` it flies from.
    pub base_id: String,
    /// Where its base is (may be off the map).
    pub base: LonLat,
    /// What it is doing.
    pub activity: AirActivity,
    /// The task, until done or recalled.
    pub task: Option<Task>,
    /// The order behind the task, and when it took effect.
    pub order: Option<(OrderId, Tick)>,
    /// Water dropped so far, t.
    pub dropped_t: f64,
    /// Where it is now.
    pub position: LonLat,
    /// Whether it is flying home (after a recall).
    pub returning: bool,
    /// Fuel left, as minutes of flight at the one burn rate of
    /// [`crate::agents::aircraft::AircraftSpec::endurance_min`]; full on
    /// the ground at its base.
    pub fuel_min: f64,
    /// Minutes flown since the drill began (flight hours, for the drops per
    /// flight hour and the log).
    pub flight_min: f64,
    /// The fuel point it is flying to or refuelling at, when it broke off
    /// for fuel (or must take fuel on its way home); `None` otherwise.
    pub fuel_stop: Option<FuelStop>,
    /// Fuel stops made since the current order took effect.
    pub refuels: u32,
}

//! Aircraft operations: dispatch, transit, bucket drops, recall. Figures
//! from `agents::aircraft` (rescue.md §2.4).

use crate::agents::aircraft;
use crate::agents::forces::AirActivity;
use crate::event::Event;
use crate::frame::LonLat;
use crate::order::{OrderError, OrderId, Task};
use crate::scenario::Readiness;
use crate::sim::Sim;
use crate::sim::agents_stage::{task_point, ticks_for_seconds};

/// Minutes a water drop holds the fire's spread in the wetted cells
/// (rescue.md §2.5: 20–60 min for water; midpoint, assumption).
pub const DROP_HOLD_MIN: u64 = 40;
/// Area one tonne of water wets at useful coverage, m² (rescue.md §2.5:
/// the Chengde figure of 3 t over a 10 m × 35 m strip, 350 m²).
pub const WETTED_M2_PER_T: f64 = 350.0 / 3.0;

impl Sim {
    /// Whether aircraft `i` can reach `target`, work there (a bucket cycle
    /// for `water_drops`, else a tick) and then fuel: its base or an
    /// airfield on the map where its type can refuel. The check is on a
    /// full tank from where it is: an aircraft already in the air with
    /// less fuel takes a fuel stop on the way when it needs one
    /// (`sim/air_fuel.rs`).
    pub(crate) fn check_range(&self, i: usize, target: LonLat, water_drops: bool) -> Result<(), OrderError> {
        let a = &self.aircraft[i];
        let stops: Vec<LonLat> = self
            .airfields
            .iter()
            .filter(|f| a.airframe.refuels_at(f.1))
            .map(|f| f.2)
            .collect();
        match aircraft::plan_flight(a.airframe, air_readiness(a.readiness), a.position, target, &stops) {
            Ok(_) => self.check_work_on_a_full_tank(i, target, water_drops),
            Err(aircraft::AircraftError::OutOfRange {
                distance_km,
                return_km,
                range_km,
            }) => Err(OrderError::OutOfRange {
                unit: a.id.clone(),
                distance_km,
                return_km,
                range_km,
            }),
            Err(_) => Err(OrderError::OffMap {
                lon: target.lon,
                lat: target.lat,
            }),
        }
    }

    /// Ticks to fly from `from` to `to` at cruise.
    pub(crate) fn flight_ticks(&self, i: usize, from: LonLat, to: LonLat) -> u64 {
        let spec = self.aircraft[i].airframe.spec();
        ticks_for_seconds(aircraft::great_circle_km(from, to) / spec.cruise_km_per_h * 3600.0)
    }

    /// Ticks of one bucket cycle between the nearest water intake point
    /// and `at` (with none on the map, the aircraft dips at its base).
    pub(crate) fn drop_cycle_ticks(&self, i: usize, at: LonLat) -> u64 {
        let a = &self.aircraft[i];
        let dip_km = self
            .water_points
            .iter()
            .map(|w| aircraft::great_circle_km(*w, at))
            .fold(aircraft::great_circle_km(a.base, at), f64::min);
        aircraft::bucket_cycle(a.airframe, dip_km).map_or(u64::MAX / 4, |c| ticks_for_seconds(c.cycle_min * 60.0))
    }

    pub(crate) fn dispatch_aircraft(&mut self, i: usize, id: OrderId, task: Task) {
        let now = self.tick;
        let Some(target) = task_point(&task) else {
            return;
        };
        let a = &mut self.aircraft[i];
        a.task = Some(task);
        a.order = Some((id, now));
        a.returning = false;
        a.refuels = 0;
        if a.fuel_stop.is_some() {
            // Flying to fuel or refuelling: it takes the fuel first, then
            // flies to the new task (`lift_off_refuelled`).
            return;
        }
        match a.activity {
            AirActivity::Standby => {
                let delay_s = air_readiness(a.readiness).dispatch_delay_min() * 60.0;
                a.activity = AirActivity::Launching {
                    lift_off: now.plus(ticks_for_seconds(delay_s)),
                };
            }
            AirActivity::Launching { .. } | AirActivity::Refuelling { .. } => {}
            // Airborne: turn towards the new target now.
            AirActivity::Transit { .. } | AirActivity::OnScene { .. } => {
                let from = a.position;
                let arrive = now.plus(self.flight_ticks(i, from, target));
                self.aircraft[i].activity = AirActivity::Transit {
                    from,
                    to: target,
                    depart: now,
                    arrive,
                };
            }
        }
    }

    /// Recall: home from wherever it is. On the ground at a fuel point away
    /// from base it finishes refuelling first; in the air it flies home
    /// straight when its fuel covers the flight, else by the nearest fuel
    /// point (`head_home`).
    pub(crate) fn recall_aircraft(&mut self, i: usize) {
        let a = &mut self.aircraft[i];
        a.task = None;
        a.order = None;
        match a.activity {
            AirActivity::Launching { .. } | AirActivity::Standby => a.activity = AirActivity::Standby,
            AirActivity::Refuelling { .. } if a.position == a.base => self.at_home(i),
            AirActivity::Refuelling { .. } => a.returning = true,
            AirActivity::Transit { .. } | AirActivity::OnScene { .. } => self.head_home(i),
        }
    }

    /// A bucket drop on the target; the next one after a full cycle.
    pub(crate) fn drop_water(&mut self, i: usize) {
        let Some(Task::WaterDrops { at }) = self.aircraft[i].task.clone() else {
            return;
        };
        let load_t = self.aircraft[i].airframe.spec().bucket_t;
        let radius_m = (load_t * WETTED_M2_PER_T / std::f64::consts::PI).sqrt();
        // At least the target's own cell is wetted.
        self.water_drop(at, radius_m.max(self.frame.cell_size_m * 0.5), DROP_HOLD_MIN);
        let cycle = self.drop_cycle_ticks(i, at);
        let now = self.tick;
        let a = &mut self.aircraft[i];
        a.dropped_t += load_t;
        a.activity = AirActivity::OnScene {
            next_drop: Some(now.plus(cycle)),
        };
        let unit_id = a.id.clone();
        self.emit(Event::DropMade { unit_id, at, load_t });
    }
}

/// The aircraft module's readiness for the scenario's.
fn air_readiness(r: Readiness) -> aircraft::Readiness {
    match r {
        Readiness::Standby => aircraft::Readiness::Standby,
        Readiness::OnCall => aircraft::Readiness::NotStandby,
    }
}

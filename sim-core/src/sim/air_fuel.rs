//! Aircraft fuel in flight: every airborne tick burns a tick of endurance
//! (ferry, bucket cycles and loiter alike, see
//! [`AircraftSpec::endurance_min`](crate::agents::aircraft::AircraftSpec::endurance_min)).
//! An aircraft on a task breaks off when one more tick on it would leave
//! less than its reserve plus the flight to the nearest fuel point, lands
//! there for a hot refuel ([`aircraft::HOT_REFUEL_MIN`]) and flies back to
//! its task. Fuel points: its base, and every airfield its type refuels at
//! ([`AircraftType::refuels_at`](crate::agents::aircraft::AircraftType::refuels_at):
//! helicopters at landing points too, which are fuelled by bowser;
//! aeroplanes and UAVs only at airports and aviation stations).

use crate::agents::aircraft;
use crate::agents::forces::{AirActivity, FuelStop};
use crate::event::Event;
use crate::frame::LonLat;
use crate::order::{OrderError, Task};
use crate::sim::Sim;
use crate::sim::agents_stage::{task_point, ticks_for_seconds};
use crate::time::TICK_SECONDS;

/// Minutes in one tick.
const TICK_MIN: f64 = TICK_SECONDS as f64 / 60.0;

impl Sim {
    /// Where aircraft `i` can take fuel: its base first, then the
    /// airfields its type refuels at, in scenario order.
    fn fuel_points(&self, i: usize) -> Vec<FuelStop> {
        let a = &self.aircraft[i];
        let base = FuelStop {
            airfield_id: a.base_id.clone(),
            at: a.base,
        };
        std::iter::once(base)
            .chain(
                self.airfields
                    .iter()
                    .filter(|f| a.airframe.refuels_at(f.1))
                    .map(|f| FuelStop {
                        airfield_id: f.0.clone(),
                        at: f.2,
                    }),
            )
            .collect()
    }

    /// The fuel point nearest `from` (ties: the base, then the earlier
    /// airfield) and the ticks to fly there at cruise.
    fn nearest_fuel(&self, i: usize, from: LonLat) -> (FuelStop, u64) {
        let mut best: Option<(FuelStop, f64)> = None;
        for stop in self.fuel_points(i) {
            let d = aircraft::great_circle_km(from, stop.at);
            if best.as_ref().is_none_or(|(_, b)| d < *b) {
                best = Some((stop, d));
            }
        }
        let (stop, _) = best.unwrap_or_else(|| {
            let a = &self.aircraft[i];
            (
                FuelStop {
                    airfield_id: a.base_id.clone(),
                    at: a.base,
                },
                0.0,
            )
        });
        let ticks = self.flight_ticks(i, from, stop.at);
        (stop, ticks)
    }

    /// One tick of flight: fuel burnt, flight time logged.
    pub(crate) fn burn_fuel(&mut self, i: usize) {
        let a = &mut self.aircraft[i];
        a.fuel_min -= TICK_MIN;
        a.flight_min += TICK_MIN;
    }

    /// Whether `fuel_min` covers a flight of `ticks` keeping the reserve.
    fn fuel_covers(&self, i: usize, ticks: u64) -> bool {
        let a = &self.aircraft[i];
        a.fuel_min - ticks as f64 * TICK_MIN >= a.airframe.spec().reserve_min
    }

    /// At the start of a tick, for an aircraft in the air on its task:
    /// when one more tick on the task would leave less than the reserve
    /// plus the flight to the nearest fuel point, it breaks off for that
    /// point now. Returns whether it did.
    pub(crate) fn break_off_for_fuel(&mut self, i: usize) -> bool {
        let a = &self.aircraft[i];
        if a.returning || a.fuel_stop.is_some() || a.task.is_none() || !a.activity.is_airborne() {
            return false;
        }
        let from = a.position;
        let (stop, ticks) = self.nearest_fuel(i, from);
        if self.fuel_covers(i, ticks + 1) {
            return false;
        }
        self.fly_to_fuel(i, stop, ticks);
        true
    }

    fn fly_to_fuel(&mut self, i: usize, stop: FuelStop, ticks: u64) {
        let now = self.tick;
        let a = &mut self.aircraft[i];
        a.activity = AirActivity::Transit {
            from: a.position,
            to: stop.at,
            depart: now,
            arrive: now.plus(ticks),
        };
        a.fuel_stop = Some(stop);
    }

    /// Sends aircraft `i` (in the air) home: straight to its base when its
    /// fuel covers the flight keeping the reserve or the base is its
    /// nearest fuel anyway, otherwise to the nearest fuel point first.
    pub(crate) fn head_home(&mut self, i: usize) {
        let now = self.tick;
        let (from, base) = (self.aircraft[i].position, self.aircraft[i].base);
        let home_ticks = self.flight_ticks(i, from, base);
        self.aircraft[i].returning = true;
        let (stop, ticks) = self.nearest_fuel(i, from);
        if self.fuel_covers(i, home_ticks) || stop.at == base {
            let a = &mut self.aircraft[i];
            a.fuel_stop = None;
            a.activity = AirActivity::Transit {
                from,
                to: base,
                depart: now,
                arrive: now.plus(home_ticks),
            };
        } else {
            self.fly_to_fuel(i, stop, ticks);
        }
    }

    /// Over its fuel point: lands and refuels for [`aircraft::HOT_REFUEL_MIN`].
    pub(crate) fn land_for_fuel(&mut self, i: usize) {
        let next = self.tick.plus(1);
        let a = &mut self.aircraft[i];
        let Some(stop) = a.fuel_stop.clone() else {
            return;
        };
        a.position = stop.at;
        a.activity = AirActivity::Refuelling {
            until: next.plus(ticks_for_seconds(aircraft::HOT_REFUEL_MIN * 60.0)),
        };
        a.refuels += 1;
        let unit_id = a.id.clone();
        self.emit(Event::AircraftRefuelling {
            unit_id,
            airfield_id: stop.airfield_id,
        });
    }

    /// Tanks full: lifts off for its task, or home after a recall. A task
    /// no longer in range from this fuel point (a redirect while it was
    /// out), or one where a full tank buys no work, fails as out of range
    /// and the aircraft flies home.
    pub(crate) fn lift_off_refuelled(&mut self, i: usize) {
        let now = self.tick;
        let a = &mut self.aircraft[i];
        a.fuel_min = a.airframe.spec().endurance_min();
        a.fuel_stop = None;
        if a.returning && a.position == a.base {
            self.at_home(i);
            return;
        }
        let target = if a.returning {
            None
        } else {
            a.task.as_ref().and_then(task_point)
        };
        let Some(target) = target else {
            self.head_home(i);
            return;
        };
        let from = self.aircraft[i].position;
        let there = self.flight_ticks(i, from, target);
        let water_drops = matches!(self.aircraft[i].task, Some(Task::WaterDrops { .. }));
        if let Err(reason) = self.check_range(i, target, water_drops) {
            let a = &mut self.aircraft[i];
            a.task = None;
            if let Some((order_id, _)) = a.order.take() {
                self.emit(Event::OrderFailed { order_id, reason });
            }
            self.head_home(i);
            return;
        }
        let arrive = now.plus(there);
        self.aircraft[i].activity = AirActivity::Transit {
            from,
            to: target,
            depart: now,
            arrive,
        };
    }

    /// A full tank must buy some work on station: the flight from where
    /// the aircraft is to `target`, one bucket cycle (`water_drops`; else
    /// a tick), and the flight on to the nearest fuel, all in whole ticks
    /// as flown, keeping the reserve. The range rule
    /// ([`aircraft::plan_flight`]) counts the flights alone, in km, so a
    /// scene just inside it can fail this: without it the aircraft would
    /// dip under its reserve, or turn back before its first drop and
    /// shuttle between its fuel point and the scene for ever.
    pub(crate) fn check_work_on_a_full_tank(
        &self,
        i: usize,
        target: LonLat,
        water_drops: bool,
    ) -> Result<(), OrderError> {
        let a = &self.aircraft[i];
        let there = self.flight_ticks(i, a.position, target);
        let work = if water_drops {
            self.drop_cycle_ticks(i, target)
        } else {
            1
        };
        let (stop, back) = self.nearest_fuel(i, target);
        let spec = a.airframe.spec();
        if spec.endurance_min() - (there + work + back) as f64 * TICK_MIN >= spec.reserve_min {
            return Ok(());
        }
        Err(OrderError::OutOfRange {
            unit: a.id.clone(),
            distance_km: aircraft::great_circle_km(a.position, target),
            return_km: aircraft::great_circle_km(target, stop.at),
            range_km: spec.usable_range_km(),
        })
    }

    /// On the ground at its base, available again: tanks full (the base
    /// turnaround is inside the next dispatch's lift-off delay).
    pub(crate) fn at_home(&mut self, i: usize) {
        let a = &mut self.aircraft[i];
        a.returning = false;
        a.fuel_stop = None;
        a.refuels = 0;
        a.activity = AirActivity::Standby;
        a.position = a.base;
        a.fuel_min = a.airframe.spec().endurance_min();
        let unit_id = a.id.clone();
        self.emit(Event::UnitReturned { unit_id });
    }
}

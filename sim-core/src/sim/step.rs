//! Advancing the simulation: the fixed order of work inside a tick.

use crate::event::Event;
use crate::forcing::WindOverride;
use crate::scenario::InjectKind;
use crate::sim::Sim;
use crate::sim::schedule::Scheduled;
use crate::time::Tick;

impl Sim {
    /// Advances `n` whole ticks. `step(10)` is exactly ten `step(1)`.
    ///
    /// Inside each tick the work runs in this fixed order:
    /// 1. orders due at this tick, by order id;
    /// 2. weather: the schedule interpolated to this tick;
    /// 3. the scenario timeline due at this tick (injects, hazard onsets,
    ///    restorations), in file order; a wind shift re-derives the weather;
    /// 4. fields: dead fuel moisture (rayon over rows, double-buffered);
    /// 5. river ice (arrives with its issue), then flood: dikes checked and
    ///    breached and reservoirs routed over the tick, the 2D solver
    ///    advanced to the end of the tick; places flooded, roads cut, gauges;
    /// 6. fire: behaviour refreshed each minute or on a wind shift, the
    ///    level set advanced to the end of the tick, spotting, fire events;
    /// 7. agents: reinforcements, teams (moving, cutting line, rescuing,
    ///    sandbagging), aircraft (flying, dropping), convoys, incidents
    ///    noticed and reported; then people: warnings spreading, departures,
    ///    arrivals at shelters, casualties;
    /// 8. evaluation observers: arrive with the scoring issue.
    ///
    /// Events are emitted as each stage runs, so their order is the stage
    /// order. Stepping past the scenario's end is allowed (a trainer may run
    /// on); orders are refused after it.
    pub fn step(&mut self, n: u64) {
        for _ in 0..n {
            self.step_one();
        }
    }

    fn step_one(&mut self) {
        self.run_due_orders();
        let wind_before = self.wind_override;
        self.weather = self.weather_schedule.at(self.tick).with_override(self.wind_override);
        self.run_timeline();
        let wind_changed = self.wind_override != wind_before;
        if wind_changed {
            self.weather = self.weather_schedule.at(self.tick).with_override(self.wind_override);
        }
        let bad = self
            .fuel_moisture
            .step(&self.terrain, self.weather_schedule.station_elevation_m, &self.weather);
        if bad > 0 {
            self.emit(Event::ValuesQuarantined {
                field: "fuel_moisture".into(),
                cells: bad,
            });
        }
        self.run_flood();
        self.run_fire(wind_changed);
        self.run_agents();
        self.run_people();
        self.tick = self.tick.plus(1);
    }

    fn run_due_orders(&mut self) {
        let due = self.orders.partition_point(|q| q.due <= self.tick);
        let orders: Vec<_> = self.orders.drain(..due).collect();
        for q in orders {
            match self.check(&q.order) {
                Ok(()) => self.execute(q.id, q.order),
                Err(reason) => self.emit(Event::OrderFailed { order_id: q.id, reason }),
            }
        }
    }

    fn run_timeline(&mut self) {
        for item in self.timeline.take_due(self.tick) {
            match item {
                Scheduled::Inject { id, kind, message } => {
                    self.emit(Event::InjectDelivered {
                        inject_id: id,
                        kind: kind.clone(),
                        message,
                    });
                    self.apply_inject(&kind);
                }
                Scheduled::Ignition { id, at, cell } => self.ignite_hazard(id, at, cell),
                Scheduled::CommsRestore => {
                    // A later, longer outage may have replaced this one.
                    if self.comms_down_until.is_some_and(|until| until <= self.tick) {
                        self.comms_down_until = None;
                        self.emit(Event::CommsRestored);
                    }
                }
            }
        }
    }

    pub(super) fn apply_inject(&mut self, kind: &InjectKind) {
        match *kind {
            InjectKind::Message => {}
            InjectKind::Fireline {
                ref path,
                holds_flame_m,
            } => self.build_fireline(path, holds_flame_m),
            InjectKind::Backburn { ref path } => self.backburn(path),
            InjectKind::MopUp { at, radius_m } => self.mop_up(at, radius_m),
            InjectKind::WaterDrop {
                at,
                radius_m,
                duration_min,
            } => self.water_drop(at, radius_m, duration_min),
            InjectKind::WindShift {
                wind_speed_m_s,
                wind_from_deg,
            } => {
                self.wind_override = Some(WindOverride {
                    wind_speed_m_s,
                    wind_from_deg,
                });
                self.emit(Event::WindShifted {
                    wind_speed_m_s,
                    wind_from_deg,
                });
            }
            InjectKind::CommsOutage { duration_min } => {
                let until = self.tick.plus(Tick::from_minutes(duration_min).0.max(1));
                let until = self.comms_down_until.map_or(until, |u| u.max(until));
                self.comms_down_until = Some(until);
                self.timeline.insert(until, Scheduled::CommsRestore);
                self.emit(Event::CommsOutageStarted { until });
            }
        }
    }
}

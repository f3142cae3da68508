//! Advancing the simulation: the fixed order of work inside a tick.

use crate::event::Event;
use crate::forcing::WindOverride;
use crate::order::Order;
use crate::scenario::InjectKind;
use crate::sim::Sim;
use crate::sim::schedule::Scheduled;
use crate::time::Tick;

impl Sim {
    /// Advances `n` whole ticks. `step(10)` is exactly ten `step(1)`.
    ///
    /// Inside each tick the work runs in this fixed order:
    /// 1. orders due at this tick, by order id;
    /// 2. the scenario timeline due at this tick (injects, hazard onsets,
    ///    restorations), in file order;
    /// 3. weather: the schedule interpolated to this tick, with any wind shift;
    /// 4. river ice, flood, fire: arrive with their issues;
    /// 5. fields: dead fuel moisture (rayon over rows, double-buffered);
    /// 6. agents: arrive with the forces issue;
    /// 7. evaluation observers: arrive with the scoring issue.
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
        self.run_timeline();
        self.weather = self.weather_schedule.at(self.tick).with_override(self.wind_override);
        let bad = self
            .fuel_moisture
            .step(&self.terrain, self.weather_schedule.station_elevation_m, &self.weather);
        if bad > 0 {
            self.emit(Event::ValuesQuarantined {
                field: "fuel_moisture".into(),
                cells: bad,
            });
        }
        self.tick = self.tick.plus(1);
    }

    fn run_due_orders(&mut self) {
        let due = self.orders.partition_point(|q| q.due <= self.tick);
        let orders: Vec<_> = self.orders.drain(..due).collect();
        for q in orders {
            if let Err(reason) = self.check(&q.order) {
                self.emit(Event::OrderFailed { order_id: q.id, reason });
                continue;
            }
            match q.order {
                Order::SetResponseLevel { level } => {
                    let from = self.response_level.replace(level);
                    self.emit(Event::ResponseLevelChanged {
                        order_id: q.id,
                        from,
                        to: level,
                    });
                }
                Order::IssueWarning { places, level } => {
                    let mut population = 0u64;
                    for p in self.places.iter_mut().filter(|p| places.contains(&p.id)) {
                        population += u64::from(p.population);
                        p.warning = match p.warning {
                            Some((old, first)) => Some((old.max(level), first)),
                            None => Some((level, self.tick)),
                        };
                    }
                    self.emit(Event::WarningIssued {
                        order_id: q.id,
                        places,
                        level,
                        population,
                    });
                }
                Order::HoldConsultation { topic } => self.emit(Event::ConsultationHeld { order_id: q.id, topic }),
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
                Scheduled::Ignition { id, at, cell } => self.emit(Event::IgnitionReported {
                    hazard_id: id,
                    at,
                    cell,
                }),
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

    fn apply_inject(&mut self, kind: &InjectKind) {
        match *kind {
            InjectKind::Message => {}
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

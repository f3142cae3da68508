//! The agents stage of a tick: reinforcements arriving, teams moving and
//! working, aircraft flying and dropping, convoys arriving, and incidents
//! being noticed and reported. People (warnings, evacuation, casualties)
//! are in `people_stage.rs`.

use serde::{Deserialize, Serialize};

use crate::agents::forces::{AirActivity, TeamActivity, TeamState};
use crate::agents::relief::{Convoy, ConvoyDestination};
use crate::event::Event;
use crate::frame::LonLat;
use crate::order::{SupportSource, Task};
use crate::scenario::{Bilingual, ForceKind, Readiness};
use crate::sim::Sim;
use crate::sim::orders::SUPPORT_PERSONNEL;
use crate::time::{TICK_SECONDS, Tick};

/// Burned area at which a fire is noticed by the public, ha (assumption:
/// a smoke column visible for kilometres over open steppe).
pub const FIRE_NOTICED_HA: f64 = 5.0;
/// Minutes from noticing an incident to the report reaching the command
/// centre by phone (assumption: a call to 119 / 12119 and relay).
pub const REPORT_DELAY_MIN: u64 = 10;
/// Radius a reconnaissance flight sees, m (assumption: a UAV's EO/IR camera
/// at 1 000 m above ground sees fire to about 5 km).
pub const RECON_RADIUS_M: f64 = 5000.0;

/// How far ahead along its route a moving team sees a closure, s of
/// travel (assumption: about what a crew sees or hears by radio).
pub const REPLAN_LOOKAHEAD_S: u64 = 600;

/// Reinforcements on their way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingSupport {
    /// Arrival on the map.
    pub due: Tick,
    /// Kind of team.
    pub kind: ForceKind,
    /// Who sends it.
    pub source: SupportSource,
}

/// What an incident is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IncidentKind {
    /// A wildfire.
    Fire,
    /// A flood.
    Flood,
}

/// An incident and when it was noticed and reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentState {
    /// `hazard:…` or `gauge:…`
    pub id: String,
    /// Kind.
    pub kind: IncidentKind,
    /// Where it started.
    pub at: LonLat,
    /// When it started.
    pub started: Tick,
    /// When it was noticed.
    pub detected: Option<Tick>,
    /// When the report is due at the command centre.
    pub report_due: Option<Tick>,
    /// Whether the report has arrived.
    pub reported: bool,
}

impl Sim {
    /// The agents stage of the tick being computed.
    pub(crate) fn run_agents(&mut self) {
        self.arrive_support();
        let moving = self.teams.iter().any(|t| {
            matches!(
                t.activity,
                TeamActivity::Travelling { .. } | TeamActivity::Returning { .. }
            )
        });
        if moving {
            let closures = self.closures();
            for i in 0..self.teams.len() {
                self.replan_if_blocked(i, &closures);
            }
        }
        for i in 0..self.teams.len() {
            self.advance_team(i);
        }
        for i in 0..self.aircraft.len() {
            self.advance_aircraft(i);
        }
        self.arrive_convoys();
        self.notice_incidents();
    }

    fn arrive_support(&mut self) {
        let now = self.tick;
        let due = self.support_pending.iter().filter(|p| p.due <= now).count();
        if due == 0 {
            return;
        }
        let arrivals: Vec<PendingSupport> = self.support_pending.drain(..due).collect();
        for p in arrivals {
            let n = self.teams.iter().filter(|t| t.id.starts_with("team:support-")).count() + 1;
            let id = format!("team:support-{n}");
            let cell = self.entry_cell;
            let source_zh = match p.source {
                SupportSource::CrossRegion => "跨区域支援队",
                SupportSource::Military => "部队支援分队",
            };
            let name = Bilingual {
                zh: format!("{source_zh}{n}"),
                en: format!("{:?} support team {n}", p.source),
            };
            let mut team = TeamState::at_base(id.clone(), name, p.kind, SUPPORT_PERSONNEL, Readiness::Standby, cell);
            team.track.push((now, cell));
            self.teams.push(team);
            self.emit(Event::SupportArrived {
                unit_id: id,
                source: p.source,
            });
        }
    }

    fn advance_team(&mut self, i: usize) {
        let now = self.tick;
        let next = now.plus(1);
        match self.teams[i].activity.clone() {
            TeamActivity::Idle | TeamActivity::Resting { .. } => {
                if let TeamActivity::Resting { until } = self.teams[i].activity
                    && until <= now
                {
                    self.teams[i].activity = TeamActivity::Idle;
                    self.teams[i].shift_started = None;
                }
            }
            TeamActivity::Mobilising { ready } if ready <= now => self.set_off(i),
            TeamActivity::Mobilising { .. } => {}
            TeamActivity::Travelling { journey } => {
                self.teams[i].move_to(next, journey.cell_at(next));
                if journey.arrival() <= next {
                    let cell = self.teams[i].cell;
                    self.teams[i].activity = TeamActivity::Working;
                    self.emit(Event::TeamArrived {
                        unit_id: self.teams[i].id.clone(),
                        cell: self.frame.cell_of_index(cell as usize),
                    });
                }
            }
            TeamActivity::Working => self.work(i),
            TeamActivity::Returning { journey } => {
                self.teams[i].move_to(next, journey.cell_at(next));
                if journey.arrival() <= next {
                    self.teams[i].activity = TeamActivity::Idle;
                    self.emit(Event::UnitReturned {
                        unit_id: self.teams[i].id.clone(),
                    });
                }
            }
        }
        // Shift limit: a team past it stops and rests where it is.
        let team = &mut self.teams[i];
        if let Some(start) = team.shift_started
            && next.hours() - start.hours() >= crate::agents::forces::SHIFT_LIMIT_H
            && !matches!(team.activity, TeamActivity::Resting { .. })
        {
            team.activity = TeamActivity::Resting {
                until: next.plus(Tick::from_hours(crate::agents::forces::REST_H).0),
            };
            team.task = None;
            team.fireline = None;
        }
    }

    /// A moving team whose road ahead is now closed (fire, water) re-plans
    /// from where it is; with no way left it stops there.
    fn replan_if_blocked(&mut self, i: usize, closures: &crate::agents::routing::Closures) {
        let now = self.tick;
        let (journey, returning) = match &self.teams[i].activity {
            TeamActivity::Travelling { journey } => (journey, false),
            TeamActivity::Returning { journey } => (journey, true),
            _ => return,
        };
        // A team learns of a closure when it is near: within the next
        // `REPLAN_LOOKAHEAD_S` of its route (and so does not re-plan every
        // tick while a front moves across a road far ahead).
        let elapsed = now.seconds().saturating_sub(journey.departed.seconds());
        let horizon = elapsed + REPLAN_LOOKAHEAD_S;
        let blocked = journey
            .cells
            .iter()
            .zip(&journey.reach_s)
            .skip_while(|(_, s)| **s <= elapsed)
            .take_while(|(_, s)| **s <= horizon)
            .any(|(c, _)| closures.is_closed(*c));
        if !blocked {
            return;
        }
        let (from, to) = (
            self.teams[i].cell,
            journey.cells.last().copied().unwrap_or(self.teams[i].cell),
        );
        let replanned = self.travel(from, to, now);
        let team = &mut self.teams[i];
        match (replanned, returning) {
            (Some(journey), false) => team.activity = TeamActivity::Travelling { journey },
            (Some(journey), true) => team.activity = TeamActivity::Returning { journey },
            (None, _) => self.stranded(i),
        }
    }

    /// A team with no way to its task stops where it is, free for another;
    /// the order behind the task fails as unreachable.
    fn stranded(&mut self, i: usize) {
        let team = &mut self.teams[i];
        team.activity = TeamActivity::Idle;
        team.task = None;
        if let Some(order_id) = team.order_id.take() {
            let unit = team.id.clone();
            self.emit(Event::OrderFailed {
                order_id,
                reason: crate::order::OrderError::Unreachable { unit },
            });
        }
    }

    /// A mobilised team routes to its task and sets off.
    fn set_off(&mut self, i: usize) {
        let now = self.tick;
        let Some(task) = self.teams[i].task.clone() else {
            self.teams[i].activity = TeamActivity::Idle;
            return;
        };
        let target = self.task_cell(&task).ok();
        let journey = target.and_then(|to| self.travel(self.teams[i].cell, to, now));
        let team = &mut self.teams[i];
        match journey {
            Some(journey) => {
                let eta = journey.arrival();
                team.activity = TeamActivity::Travelling { journey };
                let (unit_id, label) = (team.id.clone(), task.label());
                self.emit(Event::TeamDispatched {
                    unit_id,
                    task: label,
                    eta,
                });
            }
            None => self.stranded(i),
        }
    }

    /// One tick of work at the task.
    fn work(&mut self, i: usize) {
        match self.teams[i].task.clone() {
            Some(Task::BuildFireline { .. }) => self.cut_fireline(i),
            Some(Task::Backburn { path }) => {
                // Lit at once on arrival; the team then stands by there.
                self.backburn(&path);
                let team = &mut self.teams[i];
                team.task = None;
                team.order_id = None;
                team.activity = TeamActivity::Idle;
            }
            Some(Task::Rescue { place }) => self.rescue(i, &place),
            Some(Task::Sandbag { dike }) => self.sandbag(i, &dike),
            Some(Task::CloseBreach { dike }) => self.close_breach(i, &dike),
            Some(Task::Treat { place }) => self.treat(i, &place),
            // Standing by at a point.
            Some(Task::MoveTo { .. } | Task::Recon { .. } | Task::WaterDrops { .. }) | None => {}
        }
    }

    fn advance_aircraft(&mut self, i: usize) {
        // Every tick it spends any part of in the air burns fuel: the
        // transit ticks (the landing one too), the ticks over the scene
        // and the lift-off tick. The fuel check sees the fuel at the start
        // of the tick; a landing at home fills the tanks after the burn.
        let was_airborne = self.aircraft[i].activity.is_airborne();
        let broke_off = self.break_off_for_fuel(i);
        if was_airborne {
            self.burn_fuel(i);
        }
        if !broke_off {
            self.move_aircraft(i);
        }
        if !was_airborne && self.aircraft[i].activity.is_airborne() {
            self.burn_fuel(i);
        }
    }

    fn move_aircraft(&mut self, i: usize) {
        let now = self.tick;
        let next = now.plus(1);
        match self.aircraft[i].activity.clone() {
            AirActivity::Standby => {}
            AirActivity::Launching { lift_off } if lift_off <= now => {
                let a = &self.aircraft[i];
                let Some(target) = a.task.as_ref().and_then(task_point) else {
                    self.aircraft[i].activity = AirActivity::Standby;
                    return;
                };
                let from = a.position;
                let arrive = now.plus(self.flight_ticks(i, from, target));
                let (unit_id, label) = (a.id.clone(), a.task.as_ref().map(Task::label).unwrap_or_default());
                self.aircraft[i].activity = AirActivity::Transit {
                    from,
                    to: target,
                    depart: now,
                    arrive,
                };
                self.emit(Event::TeamDispatched {
                    unit_id,
                    task: label,
                    eta: arrive,
                });
            }
            AirActivity::Launching { .. } => {}
            AirActivity::Refuelling { until } if until <= now => self.lift_off_refuelled(i),
            AirActivity::Refuelling { .. } => {}
            AirActivity::Transit {
                from,
                to,
                depart,
                arrive,
            } => {
                let span = (arrive.0.saturating_sub(depart.0)).max(1) as f64;
                let f = ((next.0.saturating_sub(depart.0)) as f64 / span).min(1.0);
                self.aircraft[i].position = LonLat {
                    lon: from.lon + (to.lon - from.lon) * f,
                    lat: from.lat + (to.lat - from.lat) * f,
                };
                if arrive <= next {
                    self.aircraft_arrived(i);
                }
            }
            AirActivity::OnScene { next_drop } => {
                if let Some(t) = next_drop
                    && t <= now
                {
                    self.drop_water(i);
                }
            }
        }
    }

    fn aircraft_arrived(&mut self, i: usize) {
        let now = self.tick;
        let a = &self.aircraft[i];
        if a.fuel_stop.is_some() {
            self.land_for_fuel(i);
            return;
        }
        if a.returning {
            self.at_home(i);
            return;
        }
        let ordered = a.order.map(|(_, t)| t).unwrap_or(now);
        let minutes = (now.plus(1).seconds() - ordered.seconds()) as f64 / 60.0;
        let next_drop = match a.task {
            Some(Task::WaterDrops { at }) => Some(now.plus(self.drop_cycle_ticks(i, at))),
            _ => None,
        };
        let a = &mut self.aircraft[i];
        a.activity = AirActivity::OnScene { next_drop };
        let unit_id = a.id.clone();
        // A reconnaissance looks again each time it comes back on station
        // after a fuel stop (an incident is detected once).
        let recon = match a.task {
            Some(Task::Recon { at }) => Some(at),
            _ => None,
        };
        self.emit(Event::AircraftOnScene {
            unit_id: unit_id.clone(),
            minutes_since_order: minutes,
        });
        if let Some(at) = recon {
            self.recon(&unit_id, at);
        }
    }

    fn arrive_convoys(&mut self) {
        let next = self.tick.plus(1);
        let (due, rest): (Vec<Convoy>, Vec<Convoy>) = std::mem::take(&mut self.convoys)
            .into_iter()
            .partition(|c| c.arrive <= next);
        self.convoys = rest;
        for c in due {
            match c.to {
                ConvoyDestination::Shelter(s) => {
                    let Some(shelter) = self.shelters.get_mut(s) else {
                        continue;
                    };
                    for (item, amount) in &c.items {
                        *shelter.stocks.entry(item.clone()).or_insert(0.0) += amount;
                    }
                    let served = shelter.serve_waiting();
                    let shelter_id = shelter.id.clone();
                    self.emit(Event::ReliefDelivered {
                        shelter_id,
                        items: c.items,
                        people_served: served,
                    });
                }
                ConvoyDestination::Depot(d) => {
                    let Some(depot) = self.depots.get_mut(d) else {
                        continue;
                    };
                    for (item, amount) in &c.items {
                        *depot.stocks.entry(item.clone()).or_insert(0.0) += amount;
                    }
                    let depot_id = depot.id.clone();
                    self.emit(Event::SuppliesStaged {
                        depot_id,
                        items: c.items,
                    });
                }
            }
        }
    }

    /// Incidents noticed by the public (a fire's smoke, water in a place),
    /// by gauges, and reports reaching the command centre.
    fn notice_incidents(&mut self) {
        let now = self.tick;
        let burned_ha = self.fire.burned_cells() as f64 * self.frame.cell_size_m * self.frame.cell_size_m / 1e4;
        let comms_back = self.comms_down_until;
        let mut events = Vec::new();
        for inc in &mut self.incidents {
            if inc.detected.is_none() {
                let noticed = match inc.kind {
                    IncidentKind::Fire => burned_ha >= FIRE_NOTICED_HA,
                    IncidentKind::Flood => false,
                };
                if noticed {
                    inc.detected = Some(now);
                    // Phones need the network: a report waits for it.
                    let from = comms_back.map_or(now, |t| t.max(now));
                    inc.report_due = Some(from.plus(Tick::from_minutes(REPORT_DELAY_MIN).0));
                    events.push(Event::IncidentDetected {
                        incident: inc.id.clone(),
                        by: "public 群众".into(),
                        at: inc.at,
                    });
                }
            }
            if !inc.reported
                && let (Some(det), Some(due)) = (inc.detected, inc.report_due)
                && due <= now
            {
                inc.reported = true;
                events.push(Event::IncidentReported {
                    incident: inc.id.clone(),
                    delay_min: (now.seconds() - det.seconds()) as f64 / 60.0,
                });
            }
        }
        for e in events {
            self.emit(e);
        }
    }

    /// A reconnaissance flight over `at` reveals fires within its camera's
    /// range at once, over its own data link.
    fn recon(&mut self, unit_id: &str, at: LonLat) {
        let now = self.tick;
        let seen: Vec<usize> = self.frame.indices_within(at, RECON_RADIUS_M);
        let fire_seen = seen.iter().any(|c| self.fire.is_burned(*c));
        if !fire_seen {
            return;
        }
        let mut events = Vec::new();
        for inc in self
            .incidents
            .iter_mut()
            .filter(|i| i.kind == IncidentKind::Fire && !i.reported)
        {
            if inc.detected.is_none() {
                inc.detected = Some(now);
                events.push(Event::IncidentDetected {
                    incident: inc.id.clone(),
                    by: unit_id.to_string(),
                    at: inc.at,
                });
            }
            inc.report_due = Some(now);
        }
        for e in events {
            self.emit(e);
        }
    }

    /// Registers a new incident (called when a hazard starts).
    pub(crate) fn open_incident(&mut self, id: String, kind: IncidentKind, at: LonLat) {
        if !self.incidents.iter().any(|i| i.id == id) {
            self.incidents.push(IncidentState {
                id,
                kind,
                at,
                started: self.tick,
                detected: None,
                report_due: None,
                reported: false,
            });
        }
    }

    /// A flood noticed by a gauge (telemetry: reported at once) or by people
    /// in a flooded place.
    pub(crate) fn flood_noticed(&mut self, by: &str, at: LonLat, telemetry: bool) {
        let now = self.tick;
        if self.incidents.iter().any(|i| i.kind == IncidentKind::Flood) {
            return;
        }
        let report_due = if telemetry {
            now
        } else {
            self.comms_down_until
                .map_or(now, |t| t.max(now))
                .plus(Tick::from_minutes(REPORT_DELAY_MIN).0)
        };
        self.incidents.push(IncidentState {
            id: "flood".into(),
            kind: IncidentKind::Flood,
            at,
            started: now,
            detected: Some(now),
            report_due: Some(report_due),
            reported: false,
        });
        self.emit(Event::IncidentDetected {
            incident: "flood".into(),
            by: by.into(),
            at,
        });
    }
}

impl Sim {
    /// Where a place or a gauge is, by id (the map's centre if neither).
    pub(crate) fn place_or_gauge_at(&self, id: &str) -> LonLat {
        let cell = self
            .places
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.cell)
            .or_else(|| {
                let g = self.flood.as_ref()?.gauges().iter().find(|g| g.id == id)?;
                Some(self.frame.cell_of_index(g.cell as usize))
            })
            .unwrap_or(crate::frame::Cell {
                x: self.frame.width / 2,
                y: self.frame.height / 2,
            });
        self.frame.to_lon_lat(self.frame.cell_centre(cell))
    }
}

/// The point an aircraft flies to for a task.
pub(crate) fn task_point(task: &Task) -> Option<LonLat> {
    match task {
        Task::MoveTo { at } | Task::Recon { at } | Task::WaterDrops { at } => Some(*at),
        _ => None,
    }
}

/// Ticks covering `seconds`, rounded up, at least 1.
pub(crate) fn ticks_for_seconds(seconds: f64) -> u64 {
    ((seconds.max(0.0) / TICK_SECONDS as f64).ceil() as u64).max(1)
}

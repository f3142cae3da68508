//! The people stage of a tick: warnings spreading through each settlement,
//! households deciding and leaving, evacuees arriving at shelters, and the
//! hazards harming those still at home. The behaviour is in
//! `agents::{warning, decision, population, exposure}`; this file wires it
//! to the map, the orders and the events.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::agents::exposure::{AreaNature, Casualties, Exposure, FloodOnset};
use crate::agents::population::{Departure, Settlement};
use crate::agents::road_queue::{QueuedRoute, vehicles_for};
use crate::agents::warning::{ChannelMix, ChannelSet, IssuedChannels, ZoneKind};
use crate::event::{CasualtyCause, Event};
use crate::hazards::flood::hazard_rating;
use crate::order::{OrderError, OrderId, WarningChannel, WarningLevel};
use crate::sim::dispersed::named_by;
use crate::sim::{PLACE_FLOODED_DEPTH_M, Sim};
use crate::time::Tick;

/// Households an organised transfer (组织转移) moves per hour per 100
/// households of a settlement: village cadre and militia teams visit 10–20
/// households an hour per 2-person team (rescue.md §2.8), with one team per
/// 100 households (assumption): 15, i.e. 15 % of the people an hour.
pub const TRANSFER_HOUSEHOLDS_PER_H_PER_100: f64 = 15.0;
/// Depth at a place above which water counts as arriving, m.
const WET_M: f64 = 0.01;

/// The people of one place and what has been ordered for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeopleState {
    /// The households.
    pub settlement: Settlement,
    /// Warning channels issued, and when.
    pub issued: IssuedChannels,
    /// When an evacuation order took effect, and the shelter it named.
    pub evacuation: Option<(Tick, usize)>,
    /// People moved by organised transfer, fractional carry.
    pub transfer_carry: f64,
    /// Evacuation events already sent.
    pub evacuation_started: bool,
    /// Completed event sent.
    pub evacuation_completed: bool,
    /// First tick water stood at the place (for the speed of onset).
    pub wet_since: Option<Tick>,
    /// Injured people treated by medical teams.
    pub treated: u32,
    /// People warned since the last `WarningReceived` (sent once a minute).
    pub warned_unreported: u32,
    /// The way out last looked up.
    pub route_cache: Option<RouteCache>,
}

/// The way out of a place when last looked up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteCache {
    /// When.
    pub computed: Tick,
    /// To which shelter (`None`: out of the area).
    pub shelter: Option<usize>,
    /// The free-flow time and the road links on the way (each a queue,
    /// `agents::road_queue`); `None` when no way was left (trapped).
    pub way: Option<QueuedRoute>,
}

/// Ticks a looked-up way out is reused: 5 min.
pub const ROUTE_REUSE_TICKS: u64 = 30;

/// Evacuees on the road.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvacueeBatch {
    /// Place index.
    pub place: usize,
    /// Household unit.
    pub unit: u32,
    /// People.
    pub people: u32,
    /// Shelter index, `None` for people who leave the map (relatives).
    pub shelter: Option<usize>,
    /// Arrival.
    pub arrive: Tick,
}

/// The people of every place at the start (households are drawn from the
/// drill seed). A place whose numbers cannot make a settlement (validation
/// rejects those) has no people.
pub(crate) fn people_at_start(places: &[crate::sim::PlaceState], seed: u64) -> Vec<Option<PeopleState>> {
    places
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let zone = ZoneKind::of_place(p.kind);
            let settlement = Settlement::new(i as u32, p.population, p.vulnerable_share, zone, seed).ok()?;
            Some(PeopleState {
                settlement,
                issued: IssuedChannels::new(),
                evacuation: None,
                transfer_carry: 0.0,
                evacuation_started: false,
                evacuation_completed: false,
                wet_since: None,
                treated: 0,
                warned_unreported: 0,
                route_cache: None,
            })
        })
        .collect()
}

impl Sim {
    /// A warning order: the channels start at their own delays, in the
    /// places named and the dispersed people belonging to them.
    pub(crate) fn issue_warning(
        &mut self,
        id: OrderId,
        places: Vec<String>,
        level: WarningLevel,
        channels: Vec<WarningChannel>,
    ) {
        let set = if channels.is_empty() {
            ChannelSet::of(&WarningChannel::ALL)
        } else {
            ChannelSet::of(&channels)
        };
        let now = self.tick;
        let mut population = 0u64;
        for (p, people) in self.places.iter_mut().zip(self.people.iter_mut()) {
            if !named_by(&places, p) {
                continue;
            }
            population += u64::from(p.population);
            p.warning = match p.warning {
                Some((old, first)) => Some((old.max(level), first)),
                None => Some((level, now)),
            };
            if let Some(people) = people {
                people.issued.issue(set, now);
            }
        }
        self.emit(Event::WarningIssued {
            order_id: id,
            places,
            level,
            population,
        });
    }

    /// An evacuation order: households decide to leave for `shelter`, and
    /// cadres start moving people out, in the places named and the dispersed
    /// people belonging to them (one `EvacuationOrdered` each).
    pub(crate) fn order_evacuation(&mut self, id: OrderId, places: &[String], shelter: &str) {
        let Some(s) = self.shelters.iter().position(|x| x.id == shelter) else {
            return;
        };
        if !self.shelters[s].open {
            self.emit(Event::OrderFailed {
                order_id: id,
                reason: OrderError::ShelterState {
                    shelter: shelter.into(),
                    why: "is closed: open it first".into(),
                },
            });
            return;
        }
        let now = self.tick;
        let mut events = Vec::new();
        for (p, people) in self.places.iter().zip(self.people.iter_mut()) {
            if !named_by(places, p) {
                continue;
            }
            if let Some(people) = people {
                people.evacuation = Some((people.evacuation.map_or(now, |(t, _)| t.min(now)), s));
                // An evacuation order is also a warning, door to door.
                people.issued.issue(ChannelSet::of(&[WarningChannel::DoorToDoor]), now);
            }
            events.push(Event::EvacuationOrdered {
                order_id: id,
                place_id: p.id.clone(),
                shelter_id: shelter.into(),
            });
        }
        for e in events {
            self.emit(e);
        }
    }

    /// A supply run: stock leaves the depot now and arrives by truck at a
    /// shelter or another depot.
    pub(crate) fn move_supplies(&mut self, id: OrderId, from: &str, to: &str, items: BTreeMap<String, f64>) {
        let (Some(d), Ok((to, to_cell))) = (self.depots.iter().position(|x| x.id == from), self.destination(to)) else {
            return;
        };
        let Some(journey) = self.drive(self.depots[d].cell, to_cell, self.tick) else {
            self.emit(Event::OrderFailed {
                order_id: id,
                reason: OrderError::Unreachable {
                    unit: format!("a convoy from {from}"),
                },
            });
            return;
        };
        for (item, amount) in &items {
            if let Some(v) = self.depots[d].stocks.get_mut(item) {
                *v = (*v - amount).max(0.0);
            }
        }
        self.convoys.push(crate::agents::relief::Convoy {
            to,
            items,
            arrive: journey.arrival(),
        });
    }

    /// The people stage of the tick being computed.
    pub(crate) fn run_people(&mut self) {
        let now = self.tick;
        let comms_up = self.comms_down_until.is_none();
        let minute_ends = self.tick.plus(1).seconds().is_multiple_of(60);
        let cold_shelters = self.cold_shelters();
        // Road links free by now can delay no one leaving from now on.
        self.road_queue.prune(now.seconds() * 1000);
        for p in 0..self.places.len() {
            let Some(people) = self.people.get_mut(p).and_then(Option::as_mut) else {
                continue;
            };
            let mix = ChannelMix {
                active: people.issued.active(now, comms_up),
                night: false,
            };
            let ordered = people.evacuation.map(|(t, _)| t);
            let mut step = people.settlement.advance(now, mix, ordered);
            // Organised transfer while an order stands.
            if people.evacuation.is_some() {
                let per_h = f64::from(self.places[p].population) * TRANSFER_HOUSEHOLDS_PER_H_PER_100 / 100.0;
                people.transfer_carry += per_h * crate::time::TICK_SECONDS as f64 / 3600.0;
                let whole = people.transfer_carry.floor() as u32;
                if whole > 0 {
                    let moved = people.settlement.transfer(now, whole);
                    // What did not fit in whole households carries over.
                    let moved_people: u32 = moved.iter().map(|d| d.people).sum();
                    people.transfer_carry -= f64::from(moved_people.min(whole));
                    step.departures.extend(moved);
                }
            }
            // Receipts are reported once a minute per place, not per tick.
            people.warned_unreported += step.newly_warned_people;
            if minute_ends && people.warned_unreported > 0 {
                let count = std::mem::take(&mut people.warned_unreported);
                let share = people.settlement.warned_share();
                self.emit(Event::WarningReceived {
                    place_id: self.places[p].id.clone(),
                    count,
                    share_warned: share,
                });
            }
            if !step.departures.is_empty() {
                self.depart(p, &step.departures);
            }
            self.expose_place(p, &cold_shelters);
        }
        self.arrive_evacuees(minute_ends);
        self.check_evacuations_complete();
    }

    /// Households set off for their shelter (the ordered one, else the
    /// nearest open one); with none open they leave the area (to relatives).
    /// With every road cut they are trapped at home. On the way each
    /// household's vehicles queue at the road links in turn (the
    /// `agents::road_queue` point queues, reserved in departure order).
    fn depart(&mut self, p: usize, departures: &[Departure]) {
        let now = self.tick;
        let from = self.frame.index(self.places[p].cell) as u32;
        let shelter = self.people[p]
            .as_ref()
            .and_then(|x| x.evacuation.map(|(_, s)| s))
            .or_else(|| self.nearest_shelter(from));
        // The way to the shelter is looked up again only after
        // `ROUTE_REUSE_TICKS` (or for another shelter): households leave a
        // place over hours, and each tick's leavers take the same road.
        let cached = self.people[p]
            .as_ref()
            .and_then(|x| x.route_cache.as_ref())
            .filter(|c| c.shelter == shelter && now.0 < c.computed.0 + ROUTE_REUSE_TICKS)
            .map(|c| c.way.clone());
        let way = match (cached, shelter) {
            (Some(way), _) => way,
            (None, Some(s)) => {
                let way = self.evacuation_way(from, self.shelters[s].cell, now);
                if let Some(people) = self.people[p].as_mut() {
                    people.route_cache = Some(RouteCache {
                        computed: now,
                        shelter,
                        way: way.clone(),
                    });
                }
                way
            }
            // Out of the area (to relatives): one tick, no road queue.
            (None, None) => Some(QueuedRoute::unqueued(crate::time::TICK_SECONDS * 1000)),
        };
        // Each household's vehicles queue at the road links in turn
        // (`agents::road_queue`), in departure order; the arrival rounds
        // the journey up to whole seconds, then to the tick, as free
        // travel always did.
        let depart_ms = now.seconds() * 1000;
        let arrivals: Vec<Option<Tick>> = departures
            .iter()
            .map(|d| {
                way.as_ref().map(|w| {
                    let wait_ms = self.road_queue.pass(w, depart_ms, vehicles_for(d.people));
                    let s = (w.free_flow_ms + wait_ms).div_ceil(1000);
                    now.plus(s.div_ceil(crate::time::TICK_SECONDS))
                })
            })
            .collect();
        let Some(people) = self.people[p].as_mut() else { return };
        let first = !people.evacuation_started;
        people.evacuation_started = true;
        for (d, arrive) in departures.iter().zip(arrivals) {
            match arrive {
                Some(arrive) => self.evacuees.push(EvacueeBatch {
                    place: p,
                    unit: d.unit,
                    people: d.people,
                    shelter,
                    arrive,
                }),
                None => {
                    let _ = people.settlement.mark_trapped(d.unit);
                }
            }
        }
        if first {
            self.emit(Event::EvacuationStarted {
                place_id: self.places[p].id.clone(),
            });
        }
    }

    /// The nearest open shelter (people leaving on their own do not go to a
    /// closed one).
    fn nearest_shelter(&self, from: u32) -> Option<usize> {
        let c = self.frame.cell_of_index(from as usize);
        self.shelters
            .iter()
            .enumerate()
            .filter(|(_, s)| s.open)
            .map(|(i, s)| {
                let d = self.frame.cell_of_index(s.cell as usize);
                let (dx, dy) = (i64::from(d.x) - i64::from(c.x), i64::from(d.y) - i64::from(c.y));
                (dx * dx + dy * dy, i)
            })
            .min()
            .map(|(_, i)| i)
    }

    /// Evacuees reaching their shelter are counted in and served from its
    /// stock. Arrivals are reported once a minute per shelter and place;
    /// a shortage (of room, water or food) when it begins or changes.
    fn arrive_evacuees(&mut self, minute_ends: bool) {
        let next = self.tick.plus(1);
        let (due, rest): (Vec<EvacueeBatch>, Vec<EvacueeBatch>) = std::mem::take(&mut self.evacuees)
            .into_iter()
            .partition(|b| b.arrive <= next);
        self.evacuees = rest;
        for b in due {
            let Some(people) = self.people[b.place].as_mut() else {
                continue;
            };
            let Ok(n) = people.settlement.mark_sheltered_in(b.unit, b.shelter.map(|s| s as u32)) else {
                continue;
            };
            if let Some(shelter) = b.shelter.and_then(|s| self.shelters.get_mut(s)) {
                shelter.occupants += n;
                *shelter.arrivals_unreported.entry(b.place as u32).or_insert(0) += n;
                shelter.serve_waiting();
            }
        }
        let mut events = Vec::new();
        for shelter in &mut self.shelters {
            if minute_ends {
                for (place, count) in std::mem::take(&mut shelter.arrivals_unreported) {
                    events.push(Event::PeopleSheltered {
                        shelter_id: shelter.id.clone(),
                        place_id: self.places[place as usize].id.clone(),
                        count,
                    });
                }
            }
            let over = shelter.occupants.saturating_sub(shelter.room());
            let shortage = match (over > 0, shelter.shortage()) {
                (true, Some(what)) => Some(format!("room 床位, {what}")),
                (true, None) => Some("room 床位".to_string()),
                (false, what) => what,
            };
            if shortage.is_some() && shortage != shelter.shortage_reported {
                events.push(Event::SupplyShortage {
                    shelter_id: shelter.id.clone(),
                    what: shortage.clone().unwrap_or_default(),
                    people: over.max(shelter.occupants - shelter.served),
                });
            }
            shelter.shortage_reported = shortage;
        }
        for e in events {
            self.emit(e);
        }
    }

    /// Below 0 °C, the shelters that leave occupants in the cold: (index,
    /// share of the occupants without heated room or winter kit).
    fn cold_shelters(&self) -> Vec<(u32, f64)> {
        if self.weather.temperature_c >= 0.0 {
            return Vec::new();
        }
        self.shelters
            .iter()
            .enumerate()
            .filter(|(_, s)| s.occupants > 0 && s.cold_exposed() > 0)
            .map(|(i, s)| (i as u32, f64::from(s.cold_exposed()) / f64::from(s.occupants)))
            .collect()
    }

    /// Flood water, fire and cold harm the people still at home; the cold
    /// also harms this place's people in the `cold_shelters`.
    fn expose_place(&mut self, p: usize, cold_shelters: &[(u32, f64)]) {
        let now = self.tick;
        let cell = self.frame.index(self.places[p].cell);
        let fire_now = self.places[p].fire_arrived == Some(now);
        // The front's intensity where it reached the place (the place's own
        // cell may not burn: a built-up cell).
        let intensity = self.places[p].fire_intensity_kw_per_m;
        let flood = self.flood.as_ref().map(|f| {
            let d = f.depth_m().get(cell).copied().unwrap_or(0.0);
            let (u, v) = f.velocity_m_per_s(cell);
            (d, (u * u + v * v).sqrt())
        });
        let temperature_c = self.weather.temperature_c;
        let homes_lost =
            self.places[p].fire_arrived.is_some() || flood.is_some_and(|(d, _)| d >= PLACE_FLOODED_DEPTH_M);
        let Some(people) = self.people[p].as_mut() else { return };
        let zone = people.settlement.zone();
        let mut hurt = Vec::new();
        if let Some((depth, speed)) = flood
            && depth >= WET_M
        {
            let since = *people.wet_since.get_or_insert(now);
            if depth >= PLACE_FLOODED_DEPTH_M {
                // FD2321 speed of onset from the time since water first
                // stood at the place: under 30 min rapid, under 2 h gradual.
                let minutes = (now.seconds() - since.seconds()) as f64 / 60.0;
                let onset = if minutes < 30.0 {
                    FloodOnset::Rapid
                } else if minutes < 120.0 {
                    FloodOnset::Gradual
                } else {
                    FloodOnset::VeryGradual
                };
                let c = people.settlement.expose(
                    Exposure::Flood {
                        hazard_rating: hazard_rating(depth, speed),
                        onset,
                        nature: AreaNature::of_zone(zone),
                    },
                    now,
                );
                hurt.push((CasualtyCause::Flood, c));
            }
        }
        if fire_now {
            let c = people.settlement.expose(
                Exposure::Fire {
                    intensity_kw_per_m: intensity,
                },
                now,
            );
            hurt.push((CasualtyCause::Fire, c));
        }
        let tick_min = crate::time::TICK_SECONDS as f64 / 60.0;
        let mut cold = Casualties::default();
        if homes_lost && temperature_c < 0.0 {
            cold = people.settlement.expose(
                Exposure::Cold {
                    air_temperature_c: temperature_c,
                    duration_min: tick_min,
                },
                now,
            );
        }
        for &(shelter, share) in cold_shelters {
            let c = people
                .settlement
                .expose_sheltered_cold(shelter, share, temperature_c, tick_min, now);
            cold.injured += c.injured;
            cold.dead += c.dead;
            // The dead no longer take a bed, water or food.
            if c.dead > 0
                && let Some(s) = self.shelters.get_mut(shelter as usize)
            {
                s.occupants = s.occupants.saturating_sub(c.dead);
                s.served = s.served.min(s.occupants);
            }
        }
        hurt.push((CasualtyCause::Cold, cold));
        for (cause, c) in hurt {
            if c.injured + c.dead > 0 {
                self.emit(Event::Casualties {
                    place_id: self.places[p].id.clone(),
                    cause,
                    injured: c.injured,
                    dead: c.dead,
                });
            }
        }
    }

    /// Trapped people brought out by rescuers leave for the nearest shelter.
    /// Returns how many were brought out (at most `max_people`).
    pub(crate) fn bring_out_trapped(&mut self, p: usize, max_people: u32) -> u32 {
        let Some(people) = self.people.get_mut(p).and_then(Option::as_mut) else {
            return 0;
        };
        let trapped: Vec<u32> = people
            .settlement
            .units()
            .iter()
            .enumerate()
            .filter(|(_, u)| u.state == crate::agents::population::HouseholdState::Trapped && u.able() > 0)
            .map(|(i, _)| i as u32)
            .collect();
        let mut left = max_people;
        let mut out = Vec::new();
        for unit in trapped {
            let able = people.settlement.units()[unit as usize].able();
            if able > left {
                break;
            }
            if let Ok(n) = people.settlement.mark_rescued(unit) {
                left -= n;
                out.push(Departure {
                    unit,
                    people: n,
                    vulnerable: false,
                });
            }
        }
        let rescued = max_people - left;
        if !out.is_empty() {
            self.depart(p, &out);
        }
        rescued
    }

    fn check_evacuations_complete(&mut self) {
        let mut done = Vec::new();
        for (p, people) in self.people.iter_mut().enumerate() {
            let Some(people) = people else { continue };
            if people.evacuation.is_none() || people.evacuation_completed {
                continue;
            }
            let c = people.settlement.counts();
            // Evacuees still on the road are looked for only when nobody is
            // left at home (a scan of every batch).
            if c.unaware == 0 && c.warned == 0 && c.evacuating == 0 && !self.evacuees.iter().any(|b| b.place == p) {
                people.evacuation_completed = true;
                done.push((p, c.sheltered as u32, c.stayed as u32));
            }
        }
        for (p, sheltered, stayed) in done {
            self.emit(Event::EvacuationCompleted {
                place_id: self.places[p].id.clone(),
                sheltered,
                stayed,
            });
        }
    }
}

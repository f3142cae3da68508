//! The [`Sim`] struct: construction, orders in, events out, views.

use serde::{Deserialize, Serialize};

use crate::agents::forces::{AircraftState, TeamState};
use crate::agents::relief::{Convoy, DepotState, ShelterState};
use crate::agents::road_queue::RoadQueue;
use crate::event::{Event, TimedEvent};
use crate::forcing::{FuelMoistureField, WeatherNow, WeatherSchedule, WindOverride};
use crate::frame::LonLat;
use crate::frame::{Cell, MapFrame};
use crate::grid::Grid;
use crate::hash::{Fnv64, hash_serialized};
use crate::hazards::fire::{FireField, land_cover_burns};
use crate::order::{Order, OrderError, OrderId, ResponseLevel, WarningLevel};
use crate::scenario::{AirfieldKind, Bilingual, FireSpec, HazardSpec, PlaceKind, RoadClass, Scenario, road_width_m};
use crate::sim::agents_setup::agents_at_start;
use crate::sim::agents_stage::{IncidentState, PendingSupport};
use crate::sim::dispersed::dispersed_place;
use crate::sim::flood_stage::FloodRun;
use crate::sim::movement::TravelCache;
use crate::sim::people_stage::{EvacueeBatch, PeopleState, people_at_start};
use crate::sim::schedule::{QueuedOrder, Scheduled, Timeline};
use crate::terrain::{LandCover, Terrain};
use crate::time::Tick;
use crate::view::SimView;

/// A settlement, or a map cell of people living dispersed around one, and
/// what has happened to its people so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceState {
    /// `place:…`; for dispersed people `place:…/cell-<column>-<row>`.
    pub id: String,
    /// For dispersed people: the place they belong to (the nearest of the
    /// scenario's places). An order naming that place reaches them too.
    /// `None` for the scenario's own places.
    pub parent: Option<String>,
    /// Name.
    pub name: Bilingual,
    /// Kind.
    pub kind: PlaceKind,
    /// Where.
    pub cell: Cell,
    /// Residents.
    pub population: u32,
    /// Share needing help to move.
    pub vulnerable_share: f64,
    /// Highest warning received, and when it was first received.
    pub warning: Option<(WarningLevel, Tick)>,
    /// When fire first reached the place (burned its cell or a neighbour).
    pub fire_arrived: Option<Tick>,
    /// Fireline intensity of the front when it arrived, kW/m.
    pub fire_intensity_kw_per_m: f64,
    /// When water at the place first stood deeper than 0.1 m.
    pub flood_arrived: Option<Tick>,
}

/// A road and whether fire has reached it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadState {
    /// `road:…`
    pub id: String,
    /// Class (speed, width).
    pub class: RoadClass,
    /// Row-major indices of the cells it passes through.
    pub cells: Vec<u32>,
    /// When fire first burned one of its cells.
    pub fire_arrived: Option<Tick>,
    /// When water on it first stood deeper than 0.3 m (cut to vehicles).
    pub flood_cut: Option<Tick>,
}

/// The whole state of one drill. Serialisable: a snapshot is this struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sim {
    pub(crate) seed: u64,
    pub(crate) tick: Tick,
    pub(crate) end: Tick,
    pub(crate) scenario_id: String,
    pub(crate) scenario_version: u32,
    pub(crate) scenario_hash: u64,
    pub(crate) title: Bilingual,
    pub(crate) frame: MapFrame,
    pub(crate) terrain: Terrain,
    pub(crate) land_cover: Grid<LandCover>,
    pub(crate) weather_schedule: WeatherSchedule,
    pub(crate) weather: WeatherNow,
    pub(crate) wind_override: Option<WindOverride>,
    pub(crate) fuel_moisture: FuelMoistureField,
    pub(crate) fire: FireField,
    pub(crate) flood: Option<FloodRun>,
    pub(crate) fire_spec: FireSpec,
    /// Whether the front moved during the previous tick (to report containment once).
    pub(crate) fire_was_active: bool,
    pub(crate) roads: Vec<RoadState>,
    /// `(cell, road index)` for every road cell, sorted: which roads a burning cell cuts.
    pub(crate) road_index: Vec<(u32, u32)>,
    /// Row-major indices of the state border's cells, sorted.
    pub(crate) border_cells: Vec<u32>,
    /// When fire first reached the border.
    pub(crate) border_reached: Option<Tick>,
    pub(crate) places: Vec<PlaceState>,
    pub(crate) response_level: Option<ResponseLevel>,
    pub(crate) comms_down_until: Option<Tick>,
    pub(crate) timeline: Timeline,
    /// Ground teams.
    pub(crate) teams: Vec<TeamState>,
    /// Aircraft.
    pub(crate) aircraft: Vec<AircraftState>,
    /// Depots of the reserve.
    pub(crate) depots: Vec<DepotState>,
    /// Shelters.
    pub(crate) shelters: Vec<ShelterState>,
    /// Supply convoys on the road.
    pub(crate) convoys: Vec<Convoy>,
    /// Reinforcements on their way.
    pub(crate) support_pending: Vec<PendingSupport>,
    /// Airfields `(id, kind, location)`: refuelling points for range checks.
    pub(crate) airfields: Vec<(String, AirfieldKind, LonLat)>,
    /// Water intake points for helicopter buckets.
    pub(crate) water_points: Vec<LonLat>,
    /// Where reinforcements enter the map: the road cell nearest an edge.
    pub(crate) entry_cell: u32,
    /// The people of each place (parallel to `places`).
    pub(crate) people: Vec<Option<PeopleState>>,
    /// Evacuees on the road.
    pub(crate) evacuees: Vec<EvacueeBatch>,
    /// When each busy road link is free again for evacuee vehicles.
    pub(crate) road_queue: RoadQueue,
    /// Incidents and when they were noticed and reported.
    pub(crate) incidents: Vec<IncidentState>,
    /// The routing graph, derived from terrain, land cover and roads; not
    /// state (rebuilt after a restore).
    #[serde(skip)]
    pub(crate) travel_grid: TravelCache,
    /// Accepted orders not yet due, sorted by `(due, id)`.
    pub(crate) orders: Vec<QueuedOrder>,
    pub(crate) next_order_id: u32,
    /// Events not yet drained by the caller. Kept in snapshots so nothing is
    /// lost, but not in the state hash: when a front end drains must not
    /// change the hash. The log hash below covers every event instead.
    pub(crate) outbox: Vec<TimedEvent>,
    pub(crate) events_emitted: u64,
    pub(crate) event_log_hash: u64,
}

impl Sim {
    /// A new drill of `scenario` with `seed`, at tick 0, with its
    /// `DrillStarted` event waiting; what the scenario schedules at minute 0
    /// happens in the first `step`.
    pub fn new(scenario: &Scenario, seed: u64) -> Sim {
        let file = &scenario.file;
        let weather_schedule = WeatherSchedule {
            station_elevation_m: scenario.station_elevation_m,
            rows: file.weather.rows.clone(),
        };
        let weather = weather_schedule.at(Tick::ZERO);
        let fuel_moisture = FuelMoistureField::new(&scenario.terrain, scenario.station_elevation_m, &weather);
        let cell_of = |at| scenario.frame.cell_at_lon_lat(at).unwrap_or(Cell { x: 0, y: 0 });
        let mut places: Vec<PlaceState> = file
            .places
            .iter()
            .map(|p| PlaceState {
                id: p.id.clone(),
                parent: None,
                name: p.name.clone(),
                kind: p.kind,
                cell: cell_of(p.at),
                population: p.population,
                vulnerable_share: p.vulnerable_share,
                warning: None,
                fire_arrived: None,
                fire_intensity_kw_per_m: 0.0,
                flood_arrived: None,
            })
            .collect();
        // Dispersed people follow the scenario's places, so those keep their
        // indices (and their households' random draws).
        let dispersed: Vec<PlaceState> = scenario
            .population_cells
            .iter()
            .filter_map(|g| Some(dispersed_place(places.get(g.parent)?, g)))
            .collect();
        places.extend(dispersed);
        let mut items: Vec<(Tick, Scheduled)> = file
            .injects
            .iter()
            .map(|i| {
                let item = Scheduled::Inject {
                    id: i.id.clone(),
                    kind: i.kind.clone(),
                    message: i.message.clone(),
                };
                (Tick::from_minutes(i.at_min), item)
            })
            .collect();
        for h in &file.hazards {
            match h {
                HazardSpec::Ignition { id, at, at_min } => items.push((
                    Tick::from_minutes(*at_min),
                    Scheduled::Ignition {
                        id: id.clone(),
                        at: *at,
                        cell: cell_of(*at),
                    },
                )),
            }
        }
        let frame = scenario.frame;
        // Roads at least half a cell wide are fuel breaks at this resolution.
        let mut burnable: Vec<bool> = scenario
            .land_cover
            .cells()
            .iter()
            .map(|class| land_cover_burns(*class, &file.fire))
            .collect();
        let mut roads = Vec::new();
        let mut road_index = Vec::new();
        for (k, (id, class, cells)) in scenario.road_cells.iter().enumerate() {
            let indices: Vec<u32> = cells.iter().map(|c| frame.index(*c) as u32).collect();
            for &i in &indices {
                road_index.push((i, k as u32));
                if road_width_m(*class) >= frame.cell_size_m / 2.0 {
                    burnable[i as usize] = false;
                }
            }
            roads.push(RoadState {
                id: id.clone(),
                class: *class,
                cells: indices,
                fire_arrived: None,
                flood_cut: None,
            });
        }
        road_index.sort_unstable();
        road_index.dedup();
        let fire = FireField::new(
            frame.width as usize,
            frame.height as usize,
            frame.cell_size_m,
            &burnable,
        );
        let flood = file
            .flood
            .as_ref()
            .map(|spec| FloodRun::build(spec, &frame, &scenario.terrain, &scenario.land_cover));
        let agents = agents_at_start(scenario);
        let people = people_at_start(&places, seed);
        let mut sim = Sim {
            seed,
            tick: Tick::ZERO,
            end: Tick::from_hours(file.duration_h),
            scenario_id: file.id.clone(),
            scenario_version: file.version,
            scenario_hash: scenario.content_hash,
            title: file.title.clone(),
            frame: scenario.frame,
            terrain: scenario.terrain.clone(),
            land_cover: scenario.land_cover.clone(),
            weather_schedule,
            weather,
            wind_override: None,
            fuel_moisture,
            fire,
            flood: flood.as_ref().and_then(|f| f.as_ref().ok()).cloned(),
            fire_spec: file.fire.clone(),
            fire_was_active: false,
            roads,
            road_index,
            border_cells: {
                let mut cells: Vec<u32> = scenario.border_cells.iter().map(|c| frame.index(*c) as u32).collect();
                cells.sort_unstable();
                cells.dedup();
                cells
            },
            border_reached: None,
            places,
            response_level: None,
            comms_down_until: None,
            timeline: Timeline::new(items),
            teams: agents.teams,
            aircraft: agents.aircraft,
            depots: agents.depots,
            shelters: agents.shelters,
            convoys: Vec::new(),
            support_pending: Vec::new(),
            airfields: agents.airfields,
            water_points: agents.water_points,
            entry_cell: agents.entry_cell,
            people,
            evacuees: Vec::new(),
            road_queue: RoadQueue::new(),
            incidents: Vec::new(),
            travel_grid: TravelCache::default(),
            orders: Vec::new(),
            next_order_id: 1,
            outbox: Vec::new(),
            events_emitted: 0,
            event_log_hash: Fnv64::default().finish(),
        };
        sim.emit(Event::DrillStarted {
            scenario_id: file.id.clone(),
            seed,
        });
        if let Some(Err(reason)) = flood {
            sim.emit(Event::HazardDisabled {
                hazard: "flood".into(),
                reason,
            });
        }
        sim
    }

    /// Queues an order for the tick its latency makes it due. It is checked
    /// now (an unknown place is refused at once) and again when due.
    pub fn submit(&mut self, order: Order) -> Result<OrderId, OrderError> {
        if self.tick >= self.end {
            return Err(OrderError::DrillOver {
                end: self.end.to_string(),
            });
        }
        if let Err(reason) = self.check(&order) {
            self.emit(Event::OrderRejected {
                order,
                reason: reason.clone(),
            });
            return Err(reason);
        }
        let id = OrderId(self.next_order_id);
        self.next_order_id += 1;
        // Due no earlier than the next tick: `step` runs orders first, so an
        // order given between steps never lands in a tick already computed.
        let due = self.tick.plus(order.latency_ticks());
        let at = self.orders.partition_point(|q| (q.due, q.id) <= (due, id));
        self.orders.insert(
            at,
            QueuedOrder {
                due,
                id,
                order: order.clone(),
            },
        );
        self.emit(Event::OrderAccepted {
            order_id: id,
            order,
            due,
        });
        Ok(id)
    }

    /// Events since the last drain, in the order they happened.
    pub fn drain_events(&mut self) -> Vec<TimedEvent> {
        std::mem::take(&mut self.outbox)
    }

    /// Records an event at the current tick and folds it into the log hash.
    pub(crate) fn emit(&mut self, event: Event) {
        let timed = TimedEvent { tick: self.tick, event };
        let mut h = Fnv64::default();
        h.write(&self.event_log_hash.to_le_bytes());
        h.write(&hash_serialized(&timed).to_le_bytes());
        self.event_log_hash = h.finish();
        self.events_emitted += 1;
        self.outbox.push(timed);
    }

    /// The current tick: every tick before it has been computed.
    pub fn tick(&self) -> Tick {
        self.tick
    }

    /// The tick at which the scenario's duration ends.
    pub fn end(&self) -> Tick {
        self.end
    }

    /// The seed this drill runs with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Id, version and content hash of the scenario this drill runs.
    pub fn scenario_identity(&self) -> (&str, u32, u64) {
        (&self.scenario_id, self.scenario_version, self.scenario_hash)
    }

    /// Number of events emitted since the start (drained or not).
    pub fn events_emitted(&self) -> u64 {
        self.events_emitted
    }

    /// A read-only view for drawing and reporting.
    pub fn view(&self) -> SimView<'_> {
        SimView {
            tick: self.tick,
            end: self.end,
            title: &self.title,
            frame: &self.frame,
            terrain: &self.terrain,
            land_cover: &self.land_cover,
            weather: self.weather,
            fuel_moisture_pct: self.fuel_moisture.moisture_pct(),
            fire: &self.fire,
            flood: self.flood.as_ref(),
            roads: &self.roads,
            places: &self.places,
            response_level: self.response_level,
            comms_up: self.comms_down_until.is_none(),
            teams: &self.teams,
            aircraft: &self.aircraft,
            shelters: &self.shelters,
            depots: &self.depots,
            people: &self.people,
            incidents: &self.incidents,
        }
    }
}

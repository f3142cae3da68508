//! The fire stage of a tick: fire behaviour from the current weather and
//! fuel moisture, the level-set advance, spotting, and the fire's events.

use crate::event::Event;
use crate::forcing::WeatherNow;
use crate::frame::{Cell, LonLat};
use crate::grid::Grid;
use crate::hazards::fire::{CellConditions, EmberSource, FireBehavior, cell_behavior, ember, ignition_probability};
use crate::scenario::FireSpec;
use crate::sim::Sim;
use crate::sim::agents_stage::IncidentKind;
use crate::terrain::{LandCover, Terrain};
use crate::time::{TICK_SECONDS, Tick};

/// Ticks between recomputations of the band's fire behaviour (one minute):
/// weather is interpolated hourly, so finer updates change nothing visible,
/// and wind shifts force a refresh at once.
const BEHAVIOR_REFRESH_TICKS: u64 = 60 / TICK_SECONDS;

/// 10-m to 20-ft wind (Behave's ÷1.15), for the spotting distance.
const TEN_METRE_TO_TWENTY_FOOT: f64 = 1.15;

/// Everything the per-cell behaviour needs, borrowed apart from the fire
/// field itself so the field can be advanced while this is read.
struct Inputs<'a> {
    terrain: &'a Terrain,
    land_cover: &'a Grid<LandCover>,
    moisture_pct: &'a Grid<f32>,
    weather: WeatherNow,
    spec: &'a FireSpec,
}

impl Inputs<'_> {
    fn behavior(&self, cell: usize) -> FireBehavior {
        let (x, y) = (cell % self.land_cover.width(), cell / self.land_cover.width());
        let read = |g: &Grid<f32>| f64::from(g.at(x, y).copied().unwrap_or(0.0));
        let conditions = CellConditions {
            land_cover: self.land_cover.at(x, y).copied().unwrap_or(LandCover::Bare),
            dead_moisture_pct: read(self.moisture_pct),
            slope_deg: read(self.terrain.slope_deg()),
            aspect_deg: read(self.terrain.aspect_deg()),
        };
        cell_behavior(&conditions, &self.weather, self.spec)
    }
}

/// The inputs of `sim`'s cells, borrowing only the fields named, so the
/// fire field can be borrowed mutably beside them.
macro_rules! inputs {
    ($sim:expr) => {
        Inputs {
            terrain: &$sim.terrain,
            land_cover: &$sim.land_cover,
            moisture_pct: $sim.fuel_moisture.moisture_pct(),
            weather: $sim.weather,
            spec: &$sim.fire_spec,
        }
    };
}

impl Sim {
    /// Starts a scenario ignition now.
    pub(crate) fn ignite_hazard(&mut self, hazard_id: String, at: LonLat, cell: Cell) {
        let index = self.frame.index(cell);
        let inputs = inputs!(self);
        self.fire.set_time_min(self.tick.seconds() as f64 / 60.0);
        if self.fire.ignite(index, 0.0, &|c| inputs.behavior(c)) {
            self.open_incident(hazard_id.clone(), IncidentKind::Fire, at);
            self.emit(Event::FireIgnited { hazard_id, at, cell });
        }
    }

    /// Builds a fireline along a path now (a trainer inject; crews later).
    pub(crate) fn build_fireline(&mut self, path: &[LonLat], holds_flame_m: f64) {
        let cells = self.frame.indices_along(path);
        let built = self.fire.build_fireline(&cells, holds_flame_m);
        self.emit(Event::FirelineBuilt {
            cells: built.len() as u32,
            holds_flame_m,
        });
    }

    /// Lights a backfire along a path now (a trainer inject; crews later).
    pub(crate) fn backburn(&mut self, path: &[LonLat]) {
        let cells = self.frame.indices_along(path);
        let inputs = inputs!(self);
        self.fire
            .set_time_min(self.fire.time_min().max(self.tick.seconds() as f64 / 60.0));
        let lit = cells
            .iter()
            .filter(|&&c| self.fire.ignite(c, 0.0, &|i| inputs.behavior(i)))
            .count();
        self.fire_was_active |= lit > 0;
        self.emit(Event::BackburnLit { cells: lit as u32 });
    }

    /// Mops up burned ground in a circle now (a trainer inject; crews later).
    pub(crate) fn mop_up(&mut self, at: LonLat, radius_m: f64) {
        let cells = self.frame.indices_within(at, radius_m);
        let done = self.fire.mop_up(&cells);
        self.emit(Event::MoppedUp {
            cells: done.len() as u32,
        });
    }

    /// Wets a circle now (a trainer inject; aircraft later).
    pub(crate) fn water_drop(&mut self, at: LonLat, radius_m: f64, duration_min: u64) {
        let cells = self.frame.indices_within(at, radius_m);
        let until = self.tick.plus(Tick::from_minutes(duration_min).0);
        let inputs = inputs!(self);
        let wetted = self
            .fire
            .wet(&cells, until.seconds() as f64 / 60.0, &|c| inputs.behavior(c));
        self.emit(Event::FireWetted {
            cells: wetted.len() as u32,
            until,
        });
    }

    /// The fire stage of the tick being computed: refresh behaviour when
    /// due, advance the front to the end of the tick, throw embers from
    /// intense new cells, report places and roads reached, breaches and
    /// containment.
    pub(crate) fn run_fire(&mut self, wind_changed: bool) {
        if self.fire.band().is_empty() {
            return;
        }
        let until_min = self.tick.plus(1).seconds() as f64 / 60.0;
        let inputs = inputs!(self);
        let behavior = |c: usize| inputs.behavior(c);
        let fire = &mut self.fire;
        if wind_changed || self.tick.0.is_multiple_of(BEHAVIOR_REFRESH_TICKS) {
            fire.refresh_behavior(&behavior);
        }
        let report = fire.advance_whole_steps(until_min, &behavior);
        // Spotting: one ember per intense new cell, drawn from (seed, tick, cell).
        let mut spots = Vec::new();
        if self.fire_spec.spotting {
            let wind_to = (self.weather.wind_from_deg + 180.0).rem_euclid(360.0);
            let wind_20ft = self.weather.wind_speed_m_s / TEN_METRE_TO_TWENTY_FOOT;
            for a in &report.arrivals {
                let source = a.cell as usize;
                if fire.is_mopped_up(source) {
                    continue;
                }
                let ember_source = EmberSource {
                    intensity_kw_per_m: a.intensity_kw_per_m,
                    wind_to_deg: wind_to,
                    wind_20ft_m_s: wind_20ft,
                    probability: self.fire_spec.surface_spotting_pct / 100.0,
                };
                let Some(e) = ember(self.seed, self.tick.0, u64::from(a.cell), &ember_source) else {
                    continue;
                };
                let from = self.frame.cell_of_index(source);
                let centre = self.frame.cell_centre(from);
                let landing = crate::frame::MapPoint {
                    east_m: centre.east_m + e.east_m,
                    north_m: centre.north_m + e.north_m,
                };
                let Some(cell) = self.frame.cell_at(landing) else {
                    continue;
                };
                let index = self.frame.index(cell);
                if !fire.is_burnable(index) || fire.is_burned(index) || fire.is_wet(index) {
                    continue;
                }
                let moisture = f64::from(self.fuel_moisture.moisture_pct().cells()[index]);
                if e.catch_draw < ignition_probability(self.weather.temperature_c, moisture) {
                    spots.push((from, cell, index, e.distance_m));
                }
            }
        }
        for (_, _, index, _) in &spots {
            fire.ignite(*index, 0.0, &behavior);
        }
        let active = fire.is_active();
        let burned_area_ha = if self.fire_was_active && !active {
            Some(fire.burned_cells() as f64 * self.frame.cell_size_m * self.frame.cell_size_m / 10_000.0)
        } else {
            None
        };
        self.fire_was_active = active;

        for (from, cell, _, distance_m) in spots {
            self.emit(Event::FireSpotted { from, cell, distance_m });
        }
        for (cell, flame) in report.breaches {
            let cell = self.frame.cell_of_index(cell as usize);
            self.emit(Event::FirelineBreached {
                cell,
                flame_length_m: flame,
            });
        }
        self.report_reached(&report.arrivals);
        if let Some(burned_area_ha) = burned_area_ha {
            self.emit(Event::FireContained { burned_area_ha });
        }
    }

    /// Places within one cell of a newly burned cell, and roads through it.
    fn report_reached(&mut self, arrivals: &[crate::hazards::fire::Arrival]) {
        let tick = self.tick;
        let mut events = Vec::new();
        for a in arrivals {
            let cell = self.frame.cell_of_index(a.cell as usize);
            for p in self.places.iter_mut().filter(|p| p.fire_arrived.is_none()) {
                if p.cell.x.abs_diff(cell.x) <= 1 && p.cell.y.abs_diff(cell.y) <= 1 {
                    p.fire_arrived = Some(tick);
                    p.fire_intensity_kw_per_m = a.intensity_kw_per_m;
                    events.push(Event::FireReachedPlace {
                        place_id: p.id.clone(),
                        intensity_kw_per_m: a.intensity_kw_per_m,
                    });
                }
            }
            if self.border_reached.is_none() && self.border_cells.binary_search(&a.cell).is_ok() {
                self.border_reached = Some(tick);
                events.push(Event::FireReachedBorder { cell });
            }
            let start = self.road_index.partition_point(|(c, _)| *c < a.cell);
            for &(c, road) in &self.road_index[start..] {
                if c != a.cell {
                    break;
                }
                let r = &mut self.roads[road as usize];
                if r.fire_arrived.is_none() {
                    r.fire_arrived = Some(tick);
                    events.push(Event::FireReachedRoad { road_id: r.id.clone() });
                }
            }
        }
        for e in events {
            self.emit(e);
        }
    }
}

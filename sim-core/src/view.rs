//! Read-only views of the simulation for drawing and reporting. Front ends
//! read these and never the state's internals.

use crate::agents::forces::{AircraftState, TeamState};
use crate::agents::relief::{DepotState, ShelterState};
use crate::forcing::WeatherNow;
use crate::frame::MapFrame;
use crate::grid::Grid;
use crate::hazards::fire::FireField;
use crate::order::ResponseLevel;
use crate::scenario::Bilingual;
use crate::sim::{FloodRun, IncidentState, PeopleState, PlaceState, RoadState};
use crate::terrain::{LandCover, Terrain};
use crate::time::Tick;

/// Everything a map or a status panel draws, borrowed from the `Sim`.
#[derive(Debug, Clone, Copy)]
pub struct SimView<'a> {
    /// The current tick.
    pub tick: Tick,
    /// When the scenario's duration ends.
    pub end: Tick,
    /// Scenario title.
    pub title: &'a Bilingual,
    /// The raster.
    pub frame: &'a MapFrame,
    /// Elevation, slope, aspect.
    pub terrain: &'a Terrain,
    /// Land cover per cell.
    pub land_cover: &'a Grid<LandCover>,
    /// Weather at the station now.
    pub weather: WeatherNow,
    /// Dead fine fuel moisture per cell, %.
    pub fuel_moisture_pct: &'a Grid<f32>,
    /// The fire: arrival time, intensity, the burning band.
    pub fire: &'a FireField,
    /// The flood, if the scenario has one: depth, outputs, gauges.
    pub flood: Option<&'a FloodRun>,
    /// Roads and when fire reached them.
    pub roads: &'a [RoadState],
    /// Settlements in scenario order, then the map cells of people living
    /// dispersed around them (`parent` set), by parent then cell.
    pub places: &'a [PlaceState],
    /// Current response level, if a response has started.
    pub response_level: Option<ResponseLevel>,
    /// Whether public mobile networks work.
    pub comms_up: bool,
    /// Ground teams: where they are, what they do, their routes.
    pub teams: &'a [TeamState],
    /// Aircraft.
    pub aircraft: &'a [AircraftState],
    /// Shelters and who is in them.
    pub shelters: &'a [ShelterState],
    /// Depots and their stocks.
    pub depots: &'a [DepotState],
    /// The people of each place (parallel to `places`; `None` for a place
    /// without residents).
    pub people: &'a [Option<PeopleState>],
    /// Incidents and when they were noticed and reported.
    pub incidents: &'a [IncidentState],
}

/// Hillshade of a terrain in `[0, 1]` per cell, lit from the north-west at
/// 45° as on topographic maps (Burrough & McDonnell 1998's formula).
pub fn hillshade(terrain: &Terrain) -> Grid<f32> {
    let (azimuth, altitude) = (315f64.to_radians(), 45f64.to_radians());
    let zenith = std::f64::consts::FRAC_PI_2 - altitude;
    let slope = terrain.slope_deg();
    let aspect = terrain.aspect_deg();
    Grid::from_fn(slope.width(), slope.height(), |x, y| {
        let s = f64::from(slope.at(x, y).copied().unwrap_or(0.0)).to_radians();
        let a = f64::from(aspect.at(x, y).copied().unwrap_or(0.0)).to_radians();
        let shade = libm::cos(zenith) * libm::cos(s) + libm::sin(zenith) * libm::sin(s) * libm::cos(azimuth - a);
        shade.clamp(0.0, 1.0) as f32
    })
}

/// The terrain as an RGBA image (row 0 north): land-cover colour modulated by
/// hillshade. Shared by the trainer's map and the report's PNG maps.
pub fn terrain_rgba(terrain: &Terrain, land_cover: &Grid<LandCover>) -> Vec<u8> {
    let shade = hillshade(terrain);
    let mut out = Vec::with_capacity(land_cover.len() * 4);
    for (class, s) in land_cover.cells().iter().zip(shade.cells()) {
        let [r, g, b] = class.colour_rgb();
        let k = 0.45 + 0.75 * f64::from(*s);
        for c in [r, g, b] {
            out.push((f64::from(c) * k).clamp(0.0, 255.0) as u8);
        }
        out.push(255);
    }
    out
}

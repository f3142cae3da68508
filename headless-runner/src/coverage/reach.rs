//! Which cells an aircraft reaches in time: distance to the nearest station per cell, and the
//! area and population within the reach radius, for the region and per league.
//!
//! Reachable means the great-circle distance from the cell centre to the nearest station is at
//! most R = v · (T − delay) ([`reach_radius_km`], rescue.md §2.4): a straight flight at cruise
//! after the lift-off delay, no wind, terrain, airspace or fuel limits.

use serde::Serialize;
use sim_core::agents::aircraft::great_circle_km;
use sim_core::frame::LonLat;

use super::grid::RegionRaster;
use super::stations::Station;

pub use sim_core::agents::aircraft::reach_radius_km;

/// Per cell, the distance to the nearest station and which one (the earlier in the file on a
/// tie, so the answer depends only on the input).
#[derive(Debug, Clone)]
pub struct NearestStation {
    /// Per cell (same order as [`RegionRaster::league_of_cell`]), km; `f64::INFINITY` for
    /// cells outside every league, which are not computed.
    pub distance_km: Vec<f64>,
    /// Per cell, the index of the nearest station.
    pub station: Vec<u16>,
}

impl NearestStation {
    /// Computes the nearest station for every cell that belongs to a league.
    pub fn new(raster: &RegionRaster, stations: &[Station]) -> Self {
        let grid = &raster.grid;
        let mut distance_km = vec![f64::INFINITY; grid.len()];
        let mut station = vec![0u16; grid.len()];
        let at: Vec<LonLat> = stations.iter().map(Station::at).collect();
        for row in 0..grid.rows {
            for col in 0..grid.cols {
                let cell = row * grid.cols + col;
                if raster.league_of_cell[cell].is_none() {
                    continue;
                }
                let centre = grid.centre(col, row);
                for (i, &s) in at.iter().enumerate() {
                    let d = great_circle_km(s, centre);
                    if d < distance_km[cell] {
                        distance_km[cell] = d;
                        station[cell] = u16::try_from(i).unwrap_or(u16::MAX);
                    }
                }
            }
        }
        Self { distance_km, station }
    }
}

/// The point of an area farthest from every station.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FarthestPoint {
    /// Cell centre, degrees east.
    pub lon: f64,
    /// Cell centre, degrees north.
    pub lat: f64,
    /// Great-circle distance to the nearest station, km.
    pub distance_km: f64,
    /// That station's id.
    pub nearest_station: String,
    /// Whether it is within the reach radius (then the whole area is covered).
    pub covered: bool,
}

/// Area and population of one area (a league or the whole region) and how much is reachable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaCoverage {
    /// Administrative code (0 for the whole region).
    pub adcode: u32,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Rasterised area, km².
    pub area_km2: f64,
    /// Geodesic area given in the data (sum of leagues for the region), km².
    pub area_km2_geodesic: f64,
    /// Reachable area, km².
    pub covered_area_km2: f64,
    /// `covered_area_km2 / area_km2`.
    pub covered_area_share: f64,
    /// Census population, 2020.
    pub population: f64,
    /// Reachable population (uniform density within each league).
    pub covered_population: f64,
    /// `covered_population / population`.
    pub covered_population_share: f64,
    /// The point farthest from every station; `None` for an area with no cells.
    pub farthest_point: Option<FarthestPoint>,
}

/// The result of one coverage check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Reach radius R, km.
    pub reach_radius_km: f64,
    /// The whole region (union of the leagues).
    pub region: AreaCoverage,
    /// Each league, in input order.
    pub leagues: Vec<AreaCoverage>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    area_km2: f64,
    covered_area_km2: f64,
    covered_population: f64,
    farthest: Option<(f64, usize)>,
}

impl Tally {
    fn add(&mut self, area_km2: f64, density: f64, distance_km: f64, cell: usize, radius_km: f64) {
        self.area_km2 += area_km2;
        if distance_km <= radius_km {
            self.covered_area_km2 += area_km2;
            self.covered_population += area_km2 * density;
        }
        // Strictly farther wins, so the first cell in row-major order keeps a tie.
        if self.farthest.is_none_or(|(d, _)| distance_km > d) {
            self.farthest = Some((distance_km, cell));
        }
    }
}

/// Area and population within `radius_km` of the nearest station.
pub fn coverage(raster: &RegionRaster, stations: &[Station], nearest: &NearestStation, radius_km: f64) -> Coverage {
    let grid = &raster.grid;
    let mut tallies = vec![Tally::default(); raster.leagues.len()];
    let mut region = Tally::default();
    for row in 0..grid.rows {
        let cell_area = grid.cell_area_km2(row);
        for col in 0..grid.cols {
            let cell = row * grid.cols + col;
            let Some(league) = raster.league_of_cell[cell] else {
                continue;
            };
            let league = usize::from(league);
            let density = raster.league_density_per_km2[league];
            let d = nearest.distance_km[cell];
            tallies[league].add(cell_area, density, d, cell, radius_km);
            region.add(cell_area, density, d, cell, radius_km);
        }
    }
    let farthest = |t: &Tally| {
        t.farthest.map(|(distance_km, cell)| {
            let c = grid.centre(cell % grid.cols, cell / grid.cols);
            let s = usize::from(nearest.station[cell]);
            FarthestPoint {
                lon: c.lon,
                lat: c.lat,
                distance_km,
                nearest_station: stations.get(s).map(|s| s.id.clone()).unwrap_or_default(),
                covered: distance_km <= radius_km,
            }
        })
    };
    let share = |part: f64, whole: f64| if whole > 0.0 { part / whole } else { 0.0 };
    let area = |adcode, name_zh: &str, name_en: &str, geodesic, population, t: &Tally| AreaCoverage {
        adcode,
        name_zh: name_zh.to_owned(),
        name_en: name_en.to_owned(),
        area_km2: t.area_km2,
        area_km2_geodesic: geodesic,
        covered_area_km2: t.covered_area_km2,
        covered_area_share: share(t.covered_area_km2, t.area_km2),
        population,
        covered_population: t.covered_population,
        covered_population_share: share(t.covered_population, population),
        farthest_point: farthest(t),
    };
    let leagues: Vec<AreaCoverage> = raster
        .leagues
        .iter()
        .zip(&tallies)
        .zip(&raster.league_area_km2)
        .map(|((l, t), &raster_km2)| {
            // A league with no cells has no population on the raster.
            let population = if raster_km2 > 0.0 { l.pop2020 } else { 0.0 };
            area(l.adcode, &l.name_zh, &l.name_en, l.area_km2, population, t)
        })
        .collect();
    let geodesic = raster.leagues.iter().map(|l| l.area_km2).sum();
    let population = leagues.iter().map(|l| l.population).sum();
    Coverage {
        reach_radius_km: radius_km,
        region: area(0, "内蒙古自治区", "Inner Mongolia", geodesic, population, &region),
        leagues,
    }
}

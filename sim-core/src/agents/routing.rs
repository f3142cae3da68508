//! Ground routing on one grid graph: every cell is a node, with 8-neighbour
//! off-road moves costed per [`TravelMode`] from land cover and slope, plus
//! road moves between consecutive cells of each scenario road at its class
//! speed (rescue.md §2.1; speeds in [`super::travel_cost`]).
//!
//! Costs are whole milliseconds (`u32` per move, `u64` per path): the
//! priority queue never compares floats (rescue.md §2.1.2). Point-to-point
//! queries use A* from the `pathfinding` crate with the admissible heuristic
//! straight-line distance × the smallest milliseconds-per-metre of any move
//! in the grid for that mode, i.e. distance / v_max (rescue.md §2.1.4), so A*
//! returns the same time as Dijkstra.
//!
//! # Tie-breaks (determinism)
//!
//! Routes are compared lexicographically by (travel time in ms, the sum of
//! the row-major indices of the cells entered). Among equally fast routes the
//! one whose cells have the smallest index sum wins — in practice the
//! northern, then western, alternative, since indices grow southwards and
//! eastwards. Routes equal in both (rare: it needs two different cell sets
//! with the same time and index sum) resolve by the search's expansion order,
//! a pure function of the inputs: successors come in a fixed order
//! (neighbours in ascending index, then road links sorted by target), the
//! crate keeps the first parent found at the lowest cost, and its queue pops
//! equal keys in an order fixed by the push sequence. The crate's node map
//! uses the fixed Fx hasher, not a randomly seeded one. So the same grid,
//! closures and query give the same route on every run and thread count.

use pathfinding::directed::astar::astar;
use pathfinding::directed::dijkstra::dijkstra_reach;
use pathfinding::num_traits::Zero;
use rayon::prelude::*;
use thiserror::Error;

use super::route::Route;
use super::travel_cost::{
    TravelMode, foot_speed_km_per_h, move_ms, split_move_ms, vehicle_cell_speed_km_per_h, vehicle_road_speed_km_per_h,
};
use crate::frame::{Cell, MapFrame};
use crate::grid::Grid;
use crate::scenario::{RoadClass, Scenario};
use crate::terrain::{LandCover, Terrain};

/// No move in this direction for this mode (edge of the map, impassable).
const NO_MOVE: u32 = u32::MAX;
/// A road link with no corner cell.
const NO_CELL: u32 = u32::MAX;
/// Relative margin taken off the heuristic so float rounding can never make
/// it overestimate.
const HEURISTIC_MARGIN: f64 = 1.0 - 1e-9;

/// Neighbour offsets `(dx, dy)` in ascending row-major index order; the
/// opposite of direction `d` is `7 - d`.
const DIRECTIONS: [(i64, i64); 8] = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)];

/// Cells closed to movers, as sorted row-major indices.
///
/// * `closed`: no move may enter the cell (a burning or flooded cell, a
///   cordon), and no off-road diagonal may cut its corner. A mover may always
///   leave the cell it starts in.
/// * `road_closed`: no road move may enter, leave or pass the cell (a bridge
///   out, a road block); off-road moves through it are still allowed, so close
///   the cell itself too if nothing can pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Closures {
    closed: Vec<u32>,
    road_closed: Vec<u32>,
}

impl Closures {
    /// No closures.
    pub fn none() -> Closures {
        Closures::default()
    }

    /// Closures from cell lists in any order (sorted and deduplicated here).
    pub fn new(mut closed: Vec<u32>, mut road_closed: Vec<u32>) -> Closures {
        closed.sort_unstable();
        closed.dedup();
        road_closed.sort_unstable();
        road_closed.dedup();
        Closures { closed, road_closed }
    }

    /// Whether no move may enter `cell`.
    pub fn is_closed(&self, cell: u32) -> bool {
        !self.closed.is_empty() && self.closed.binary_search(&cell).is_ok()
    }

    /// Whether road moves may not use `cell`.
    pub fn is_road_closed(&self, cell: u32) -> bool {
        !self.road_closed.is_empty() && self.road_closed.binary_search(&cell).is_ok()
    }

    /// Closed cells, sorted.
    pub fn closed(&self) -> &[u32] {
        &self.closed
    }

    /// Cells closed to road travel, sorted.
    pub fn road_closed(&self) -> &[u32] {
        &self.road_closed
    }
}

/// The inputs of a [`TravelGrid`] do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TravelGridError {
    /// A raster's size differs from the frame's.
    #[error("{layer} is {width}×{height} cells but the map frame is {frame_width}×{frame_height}")]
    SizeMismatch {
        /// Which raster.
        layer: &'static str,
        /// Its columns.
        width: usize,
        /// Its rows.
        height: usize,
        /// The frame's columns.
        frame_width: u32,
        /// The frame's rows.
        frame_height: u32,
    },
    /// More cells than a `u32` index can name.
    #[error("the map has {cells} cells; routing supports fewer than 2^32")]
    TooManyCells {
        /// Cells in the frame.
        cells: usize,
    },
}

/// Why a route could not be found.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RouteError {
    /// A cell index outside the map.
    #[error("cell {cell} is outside the map ({cell_count} cells)")]
    CellOutside {
        /// The index given.
        cell: u32,
        /// Cells in the map.
        cell_count: usize,
    },
    /// The destination is closed.
    #[error("destination cell {cell} is closed")]
    DestinationClosed {
        /// The destination.
        cell: u32,
    },
    /// Nothing of this mode can enter the destination (a vehicle into forest
    /// away from a road, anyone into open water).
    #[error("destination cell {cell} cannot be entered by {mode:?}")]
    DestinationImpassable {
        /// The destination.
        cell: u32,
        /// The mode.
        mode: TravelMode,
    },
    /// No path joins the two cells under the closures.
    #[error("no {mode:?} route from cell {from} to cell {to}")]
    Unreachable {
        /// Start.
        from: u32,
        /// Destination.
        to: u32,
        /// The mode.
        mode: TravelMode,
    },
}

/// A road move from one cell to a neighbour, possibly a diagonal shortcut
/// across the corner cell of a 4-connected staircase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct RoadLink {
    to: u32,
    corner: u32,
    ms: [u32; 2],
}

/// A path's cost: time first, then the sum of entered cell indices (the
/// documented tie-break; see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct PathCost {
    time_ms: u64,
    tie: u64,
}

impl std::ops::Add for PathCost {
    type Output = PathCost;

    fn add(self, other: PathCost) -> PathCost {
        PathCost {
            time_ms: self.time_ms.saturating_add(other.time_ms),
            tie: self.tie.saturating_add(other.tie),
        }
    }
}

impl Zero for PathCost {
    fn zero() -> PathCost {
        PathCost { time_ms: 0, tie: 0 }
    }

    fn is_zero(&self) -> bool {
        self.time_ms == 0 && self.tie == 0
    }
}

/// The travel graph of a map for every [`TravelMode`]: derived from the
/// scenario, immutable, rebuilt (not saved) on restore.
///
/// Memory: 64 bytes per cell for the off-road move table (8 directions × 2
/// modes × `u32`) plus 20 bytes per road link, about 64 MB on a 1000×1000
/// map.
#[derive(Debug, Clone)]
pub struct TravelGrid {
    width: u32,
    height: u32,
    cell_size_m: f64,
    /// Per mode, per cell, per direction: off-road move time, ms, or `NO_MOVE`.
    offroad_ms: [Vec<[u32; 8]>; 2],
    /// Road links of cell `c` are `road_links[road_start[c]..road_start[c + 1]]`.
    road_start: Vec<u32>,
    road_links: Vec<RoadLink>,
    /// Per mode, the smallest ms per metre of any move: 1 / v_max.
    min_ms_per_m: [f64; 2],
}

impl TravelGrid {
    /// The travel grid of a built scenario.
    pub fn from_scenario(scenario: &Scenario) -> Result<TravelGrid, TravelGridError> {
        TravelGrid::new(
            &scenario.frame,
            &scenario.terrain,
            &scenario.land_cover,
            &scenario.road_cells,
        )
    }

    /// Builds the graph: off-road moves for every cell and mode, and road
    /// links along each road's cells (consecutive cells, plus a diagonal
    /// shortcut wherever the 4-connected rasterisation made a staircase, so a
    /// 45° road is √2, not 2, cells long per step). Road cells that are not
    /// neighbours (a road leaving and re-entering the map) are not linked.
    pub fn new(
        frame: &MapFrame,
        terrain: &Terrain,
        land_cover: &Grid<LandCover>,
        road_cells: &[(String, RoadClass, Vec<Cell>)],
    ) -> Result<TravelGrid, TravelGridError> {
        let cells = frame.cell_count();
        if cells >= u32::MAX as usize {
            return Err(TravelGridError::TooManyCells { cells });
        }
        let check = |layer: &'static str, width: usize, height: usize| {
            if width == frame.width as usize && height == frame.height as usize {
                Ok(())
            } else {
                Err(TravelGridError::SizeMismatch {
                    layer,
                    width,
                    height,
                    frame_width: frame.width,
                    frame_height: frame.height,
                })
            }
        };
        let elevation = terrain.elevation_m();
        check("elevation", elevation.width(), elevation.height())?;
        check("land cover", land_cover.width(), land_cover.height())?;
        check("slope", terrain.slope_deg().width(), terrain.slope_deg().height())?;

        let cell_size_m = frame.cell_size_m;
        let offroad_ms = [
            offroad_table(
                TravelMode::Foot,
                elevation,
                terrain.slope_deg(),
                land_cover,
                cell_size_m,
            ),
            offroad_table(
                TravelMode::Vehicle,
                elevation,
                terrain.slope_deg(),
                land_cover,
                cell_size_m,
            ),
        ];

        let mut links: Vec<(u32, RoadLink)> = Vec::new();
        let width = frame.width;
        let height = frame.height;
        let inside = |c: &Cell| c.x < width && c.y < height;
        let index = |c: Cell| c.y * width + c.x;
        let z = |c: Cell| f64::from(elevation.cells()[index(c) as usize]);
        let mut add = |a: Cell, b: Cell, corner: u32, class: RoadClass| {
            let length_m = cell_size_m
                * if a.x != b.x && a.y != b.y {
                    core::f64::consts::SQRT_2
                } else {
                    1.0
                };
            let vehicle = move_ms(length_m, vehicle_road_speed_km_per_h(class)).unwrap_or(NO_MOVE);
            for (p, q) in [(a, b), (b, a)] {
                let gradient = (z(q) - z(p)) / length_m;
                let foot = move_ms(length_m, foot_speed_km_per_h(gradient, None)).unwrap_or(NO_MOVE);
                links.push((
                    index(p),
                    RoadLink {
                        to: index(q),
                        corner,
                        ms: [foot, vehicle],
                    },
                ));
            }
        };
        for (_, class, road) in road_cells {
            for (i, pair) in road.windows(2).enumerate() {
                let (a, b) = (pair[0], pair[1]);
                if !inside(&a) || !inside(&b) || a == b || a.x.abs_diff(b.x) > 1 || a.y.abs_diff(b.y) > 1 {
                    continue;
                }
                add(a, b, NO_CELL, *class);
                if let Some(&c) = road.get(i + 2)
                    && inside(&c)
                    && a.x.abs_diff(c.x) == 1
                    && a.y.abs_diff(c.y) == 1
                    && b.x.abs_diff(c.x) + b.y.abs_diff(c.y) == 1
                {
                    add(a, c, index(b), *class);
                }
            }
        }
        links.sort_unstable();
        links.dedup();
        let mut road_start = vec![0u32; cells + 1];
        for (from, _) in &links {
            road_start[*from as usize + 1] += 1;
        }
        for i in 0..cells {
            road_start[i + 1] += road_start[i];
        }
        let road_links: Vec<RoadLink> = links.into_iter().map(|(_, l)| l).collect();

        let mut min_ms_per_m = [f64::INFINITY; 2];
        for mode in TravelMode::ALL {
            let m = mode.index();
            for costs in &offroad_ms[m] {
                for (d, &ms) in costs.iter().enumerate() {
                    if ms != NO_MOVE {
                        let (dx, dy) = DIRECTIONS[d];
                        let length = cell_size_m
                            * if dx != 0 && dy != 0 {
                                core::f64::consts::SQRT_2
                            } else {
                                1.0
                            };
                        min_ms_per_m[m] = min_ms_per_m[m].min(f64::from(ms) / length);
                    }
                }
            }
        }
        for (from, window) in road_start.windows(2).enumerate() {
            for link in &road_links[window[0] as usize..window[1] as usize] {
                let diagonal = (from as u32 % width) != (link.to % width) && (from as u32 / width) != (link.to / width);
                let length = cell_size_m * if diagonal { core::f64::consts::SQRT_2 } else { 1.0 };
                for mode in TravelMode::ALL {
                    let m = mode.index();
                    if link.ms[m] != NO_MOVE {
                        min_ms_per_m[m] = min_ms_per_m[m].min(f64::from(link.ms[m]) / length);
                    }
                }
            }
        }
        let min_ms_per_m = min_ms_per_m.map(|r| if r.is_finite() { r * HEURISTIC_MARGIN } else { 0.0 });

        Ok(TravelGrid {
            width,
            height,
            cell_size_m,
            offroad_ms,
            road_start,
            road_links,
            min_ms_per_m,
        })
    }

    /// Number of cells.
    pub fn cell_count(&self) -> usize {
        self.width as usize * self.height as usize
    }

    /// Row-major index of a cell, or `None` outside the map.
    pub fn index_of(&self, cell: Cell) -> Option<u32> {
        (cell.x < self.width && cell.y < self.height).then(|| cell.y * self.width + cell.x)
    }

    /// The cell of a row-major index, or `None` outside the map.
    pub fn cell_of(&self, index: u32) -> Option<Cell> {
        ((index as usize) < self.cell_count()).then(|| Cell {
            x: index % self.width,
            y: index / self.width,
        })
    }

    /// The fastest speed of any move for `mode` anywhere on this map, km/h
    /// (v_max of the heuristic); 0 when the mode cannot move at all.
    pub fn max_speed_km_per_h(&self, mode: TravelMode) -> f64 {
        let r = self.min_ms_per_m[mode.index()];
        if r > 0.0 { 3600.0 / r } else { 0.0 }
    }

    /// The fastest route from `from` to `to` (row-major cell indices) for
    /// `mode`, avoiding `closures`; ties broken as the module docs say.
    pub fn route(&self, from: u32, to: u32, mode: TravelMode, closures: &Closures) -> Result<Route, RouteError> {
        self.check(from)?;
        self.check(to)?;
        if from == to {
            return Ok(Route::stationary(from));
        }
        if closures.is_closed(to) {
            return Err(RouteError::DestinationClosed { cell: to });
        }
        if !self.enterable(to, mode) {
            return Err(RouteError::DestinationImpassable { cell: to, mode });
        }
        let (cells, cost) = astar(
            &from,
            |&c| {
                self.moves(c, mode, closures).map(|(n, ms)| {
                    (
                        n,
                        PathCost {
                            time_ms: u64::from(ms),
                            tie: u64::from(n),
                        },
                    )
                })
            },
            |&c| PathCost {
                time_ms: self.heuristic_ms(c, to, mode),
                tie: 0,
            },
            |&c| c == to,
        )
        .ok_or(RouteError::Unreachable { from, to, mode })?;
        let mut arrival_ms = Vec::with_capacity(cells.len());
        let mut t = 0u64;
        arrival_ms.push(t);
        for pair in cells.windows(2) {
            // The search kept the cheapest of any parallel moves (road and
            // off-road) between the two cells; take the same one.
            let leg = self
                .moves(pair[0], mode, closures)
                .filter(|&(n, _)| n == pair[1])
                .map(|(_, ms)| u64::from(ms))
                .min()
                .unwrap_or(0);
            t += leg;
            arrival_ms.push(t);
        }
        debug_assert_eq!(t, cost.time_ms);
        Route::new(cells, arrival_ms).map_err(|_| RouteError::Unreachable { from, to, mode })
    }

    /// Re-plans a mover `elapsed_ms` into `route` to `to` under new closures:
    /// it finishes its current leg (see [`Route::remaining_from`]), then takes
    /// the fastest route from there. Times count from now.
    pub fn reroute(
        &self,
        route: &Route,
        elapsed_ms: u64,
        to: u32,
        mode: TravelMode,
        closures: &Closures,
    ) -> Result<Route, RouteError> {
        let rest = route.remaining_from(elapsed_ms);
        let lead_in_ms = rest.arrival_ms()[0];
        Ok(self.route(rest.start(), to, mode, closures)?.delayed(lead_in_ms))
    }

    /// Fastest travel time, ms, from `from` to every cell (`u64::MAX` where
    /// unreachable): the cost-distance field of rescue.md §2.1.3, to cache per
    /// base and answer "nearest unit by ETA" by look-up. One Dijkstra over the
    /// whole map.
    pub fn times_from(&self, from: u32, mode: TravelMode, closures: &Closures) -> Vec<u64> {
        let mut times = vec![u64::MAX; self.cell_count()];
        if self.check(from).is_err() {
            return times;
        }
        for item in dijkstra_reach(&from, |&c| {
            self.moves(c, mode, closures).map(|(n, ms)| (n, u64::from(ms)))
        }) {
            times[item.node as usize] = item.total_cost;
        }
        times
    }

    fn check(&self, cell: u32) -> Result<(), RouteError> {
        if (cell as usize) < self.cell_count() {
            Ok(())
        } else {
            Err(RouteError::CellOutside {
                cell,
                cell_count: self.cell_count(),
            })
        }
    }

    /// Whether any move of `mode` can enter `cell` (ignoring closures).
    fn enterable(&self, cell: u32, mode: TravelMode) -> bool {
        let m = mode.index();
        let by_road = self.links(cell).iter().any(|l| l.ms[m] != NO_MOVE);
        by_road
            || DIRECTIONS.iter().enumerate().any(|(d, _)| {
                self.neighbour(cell, d)
                    .is_some_and(|n| self.offroad_ms[m][n as usize][7 - d] != NO_MOVE)
            })
    }

    fn links(&self, cell: u32) -> &[RoadLink] {
        let c = cell as usize;
        &self.road_links[self.road_start[c] as usize..self.road_start[c + 1] as usize]
    }

    fn neighbour(&self, cell: u32, direction: usize) -> Option<u32> {
        let (dx, dy) = DIRECTIONS[direction];
        let x = i64::from(cell % self.width) + dx;
        let y = i64::from(cell / self.width) + dy;
        (x >= 0 && y >= 0 && x < i64::from(self.width) && y < i64::from(self.height))
            .then(|| (y as u32) * self.width + x as u32)
    }

    /// Lower bound on the time from `cell` to `goal`: straight-line distance
    /// between centres × the smallest ms per metre of any move, rounded down.
    fn heuristic_ms(&self, cell: u32, goal: u32, mode: TravelMode) -> u64 {
        let dx = f64::from((cell % self.width).abs_diff(goal % self.width));
        let dy = f64::from((cell / self.width).abs_diff(goal / self.width));
        let distance_m = self.cell_size_m * (dx * dx + dy * dy).sqrt();
        libm::floor(distance_m * self.min_ms_per_m[mode.index()]) as u64
    }

    /// The moves out of `cell` for `mode` under `closures`, as (target, ms):
    /// off-road neighbours in ascending index order, then road links sorted by
    /// target. Two moves may share a target (a road and the ground beside it).
    fn moves<'a>(
        &'a self,
        cell: u32,
        mode: TravelMode,
        closures: &'a Closures,
    ) -> impl Iterator<Item = (u32, u32)> + 'a {
        let m = mode.index();
        let costs = self.offroad_ms[m][cell as usize];
        let width = self.width;
        let offroad = (0..8).filter_map(move |d| {
            let ms = costs[d];
            if ms == NO_MOVE {
                return None;
            }
            let (dx, dy) = DIRECTIONS[d];
            // The table holds NO_MOVE off the map's edge, so these stay inside.
            let to = (i64::from(cell) + dy * i64::from(width) + dx) as u32;
            if closures.is_closed(to) {
                return None;
            }
            if dx != 0 && dy != 0 {
                let side = (i64::from(cell) + dx) as u32;
                let below = (i64::from(cell) + dy * i64::from(width)) as u32;
                if closures.is_closed(side) || closures.is_closed(below) {
                    return None;
                }
            }
            Some((to, ms))
        });
        let from_open = !closures.is_road_closed(cell);
        let road = self.links(cell).iter().filter_map(move |l| {
            let blocked = |c: u32| c != NO_CELL && (closures.is_closed(c) || closures.is_road_closed(c));
            (from_open && l.ms[m] != NO_MOVE && !blocked(l.to) && !blocked(l.corner)).then_some((l.to, l.ms[m]))
        });
        offroad.chain(road)
    }
}

/// The off-road move table of one mode. Diagonal moves are refused where
/// either corner cell is impassable to the mode (no squeezing between two
/// forest or water cells).
fn offroad_table(
    mode: TravelMode,
    elevation: &Grid<f32>,
    slope_deg: &Grid<f32>,
    land_cover: &Grid<LandCover>,
    cell_size_m: f64,
) -> Vec<[u32; 8]> {
    let width = elevation.width();
    let height = elevation.height();
    let lc = land_cover.cells();
    let z = elevation.cells();
    let slope = slope_deg.cells();
    // Whether the mode can stand in a cell at all (flat-ground speed > 0).
    let passable = |i: usize| match mode {
        TravelMode::Foot => foot_speed_km_per_h(0.0, Some(lc[i])) > 0.0,
        TravelMode::Vehicle => vehicle_cell_speed_km_per_h(lc[i], f64::from(slope[i])) > 0.0,
    };
    let rows: Vec<Vec<[u32; 8]>> = (0..height)
        .into_par_iter()
        .map(|y| {
            (0..width)
                .map(|x| {
                    let i = y * width + x;
                    let mut costs = [NO_MOVE; 8];
                    for (d, &(dx, dy)) in DIRECTIONS.iter().enumerate() {
                        let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                        if nx < 0 || ny < 0 || nx >= width as i64 || ny >= height as i64 {
                            continue;
                        }
                        let j = ny as usize * width + nx as usize;
                        let diagonal = dx != 0 && dy != 0;
                        if diagonal
                            && !(passable((y as i64 * width as i64 + nx) as usize) && passable(ny as usize * width + x))
                        {
                            continue;
                        }
                        let length_m = cell_size_m * if diagonal { core::f64::consts::SQRT_2 } else { 1.0 };
                        let (from_kmh, to_kmh) = match mode {
                            TravelMode::Foot => {
                                let gradient = (f64::from(z[j]) - f64::from(z[i])) / length_m;
                                (
                                    foot_speed_km_per_h(gradient, Some(lc[i])),
                                    foot_speed_km_per_h(gradient, Some(lc[j])),
                                )
                            }
                            TravelMode::Vehicle => (
                                vehicle_cell_speed_km_per_h(lc[i], f64::from(slope[i])),
                                vehicle_cell_speed_km_per_h(lc[j], f64::from(slope[j])),
                            ),
                        };
                        costs[d] = split_move_ms(length_m, from_kmh, to_kmh).unwrap_or(NO_MOVE);
                    }
                    costs
                })
                .collect()
        })
        .collect();
    rows.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::frame::LonLat;

    /// A bumpy 40×30 map with every land cover, slopes up to cliffs, and two
    /// roads (one diagonal, so its staircase gets shortcuts).
    fn bumpy() -> TravelGrid {
        let (w, h) = (40usize, 30usize);
        let frame = MapFrame {
            width: w as u32,
            height: h as u32,
            cell_size_m: 100.0,
            south_west: LonLat { lon: 118.0, lat: 48.0 },
        };
        let z = Grid::from_fn(w, h, |x, y| {
            (600.0 + 40.0 * libm::sin(x as f64 * 0.45) * libm::cos(y as f64 * 0.3) + 3.0 * (x % 7) as f64) as f32
        });
        let terrain = Terrain::from_elevation(z, 100.0);
        let lc = Grid::from_fn(w, h, |x, y| LandCover::ALL[(x * 7 + y * 3 + (x / 5) * (y / 4)) % 9]);
        let diagonal: Vec<Cell> = (0..25u32)
            .flat_map(|i| [Cell { x: 5 + i, y: 2 + i }, Cell { x: 6 + i, y: 2 + i }])
            .collect();
        let straight: Vec<Cell> = (0..40u32).map(|x| Cell { x, y: 15 }).collect();
        let roads = vec![
            ("road:diag".to_owned(), RoadClass::Trunk, diagonal),
            ("road:row".to_owned(), RoadClass::Track, straight),
        ];
        TravelGrid::new(&frame, &terrain, &lc, &roads).unwrap()
    }

    /// Plain Dijkstra over the same moves with the lexicographic cost,
    /// independent of the crate: the optimum A* must reproduce.
    fn reference(grid: &TravelGrid, from: u32, to: u32, mode: TravelMode, closures: &Closures) -> Option<PathCost> {
        let mut best = vec![None::<PathCost>; grid.cell_count()];
        let mut open = BTreeSet::new();
        best[from as usize] = Some(PathCost::zero());
        open.insert((PathCost::zero(), from));
        while let Some((cost, c)) = open.pop_first() {
            if c == to {
                return Some(cost);
            }
            if best[c as usize].is_some_and(|b| b < cost) {
                continue;
            }
            for (n, ms) in grid.moves(c, mode, closures) {
                let next = cost
                    + PathCost {
                        time_ms: u64::from(ms),
                        tie: u64::from(n),
                    };
                if best[n as usize].is_none_or(|b| next < b) {
                    best[n as usize] = Some(next);
                    open.insert((next, n));
                }
            }
        }
        None
    }

    /// A* with the distance / v_max heuristic returns Dijkstra's optimum,
    /// tie component included, for many pairs in both modes and with
    /// closures: the heuristic is admissible and the tie rule is the one the
    /// module documents.
    #[test]
    fn astar_matches_a_lexicographic_dijkstra() {
        let grid = bumpy();
        let closures = Closures::new((300..330).collect(), vec![2 * 40 + 6, 10 * 40 + 15]);
        let mut compared = 0;
        for mode in TravelMode::ALL {
            for k in 0..60u32 {
                let from = (k * 7919) % 1200;
                let to = (k * 104_729 + 611) % 1200;
                for c in [&Closures::none(), &closures] {
                    let expected = reference(&grid, from, to, mode, c);
                    match grid.route(from, to, mode, c) {
                        Ok(route) => {
                            let tie: u64 = route.cells()[1..].iter().map(|&n| u64::from(n)).sum();
                            let got = PathCost {
                                time_ms: route.total_ms(),
                                tie,
                            };
                            if from != to {
                                assert_eq!(Some(got), expected, "{mode:?} {from}→{to}");
                                compared += 1;
                            }
                            assert_eq!(grid.times_from(from, mode, c)[to as usize], route.total_ms());
                        }
                        Err(RouteError::Unreachable { .. } | RouteError::DestinationImpassable { .. }) => {
                            assert_eq!(expected, None, "{mode:?} {from}→{to}");
                        }
                        Err(RouteError::DestinationClosed { .. }) => assert!(c.is_closed(to)),
                        Err(e) => panic!("{e}"),
                    }
                }
            }
        }
        assert!(compared > 100, "{compared}");
    }

    #[test]
    fn diagonal_roads_get_shortcuts_and_bad_input_is_rejected() {
        let grid = bumpy();
        // (5,2) → (6,3) along the diagonal road's staircase: a shortcut link
        // across the corner (6,2).
        let a = grid.index_of(Cell { x: 5, y: 2 }).unwrap();
        let b = grid.index_of(Cell { x: 6, y: 3 }).unwrap();
        let corner = grid.index_of(Cell { x: 6, y: 2 }).unwrap();
        assert!(grid.links(a).iter().any(|l| l.to == b && l.corner == corner));
        // 65 km/h over √2 · 100 m.
        let link = grid.links(a).iter().find(|l| l.to == b).unwrap();
        assert_eq!(link.ms[1], move_ms(100.0 * core::f64::consts::SQRT_2, 65.0).unwrap());
        assert_eq!(grid.max_speed_km_per_h(TravelMode::Vehicle).round(), 65.0);
        assert!(matches!(
            grid.route(0, 5000, TravelMode::Foot, &Closures::none()),
            Err(RouteError::CellOutside { cell: 5000, .. })
        ));
        let frame = MapFrame {
            width: 3,
            height: 3,
            cell_size_m: 100.0,
            south_west: LonLat { lon: 118.0, lat: 48.0 },
        };
        let terrain = Terrain::from_elevation(Grid::filled(3, 3, 0.0), 100.0);
        let lc = Grid::filled(4, 3, LandCover::Grassland);
        assert!(matches!(
            TravelGrid::new(&frame, &terrain, &lc, &[]),
            Err(TravelGridError::SizeMismatch {
                layer: "land cover",
                ..
            })
        ));
    }
}

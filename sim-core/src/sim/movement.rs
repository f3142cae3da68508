//! Ground movement for the sim: the routing graph (built once, lazily) and
//! the closures of the moment (burning and deeply flooded cells).

use std::sync::{Arc, OnceLock};

use crate::agents::forces::Journey;
use crate::agents::routing::{Closures, TravelGrid};
use crate::agents::travel_cost::TravelMode;
use crate::sim::{ROAD_CUT_DEPTH_M, Sim};
use crate::time::Tick;

/// How far from an unreachable task cell a team may stop to work, cells.
pub const WORK_FROM_EDGE_CELLS: i64 = 3;

/// The routing graph, derived from the map: built on first use and after a
/// restore, never hashed or serialised (it is a pure function of state
/// that is).
#[derive(Debug, Clone, Default)]
pub(crate) struct TravelCache(OnceLock<Option<Arc<TravelGrid>>>);

impl PartialEq for TravelCache {
    /// A cache, not state: any two are equal.
    fn eq(&self, _: &TravelCache) -> bool {
        true
    }
}

impl Sim {
    fn travel_grid(&self) -> Option<&TravelGrid> {
        self.travel_grid
            .0
            .get_or_init(|| {
                let roads: Vec<_> = self
                    .roads
                    .iter()
                    .map(|r| {
                        let cells = r.cells.iter().map(|c| self.frame.cell_of_index(*c as usize)).collect();
                        (r.id.clone(), r.class, cells)
                    })
                    .collect();
                TravelGrid::new(&self.frame, &self.terrain, &self.land_cover, &roads)
                    .ok()
                    .map(Arc::new)
            })
            .as_deref()
    }

    /// Cells no one can enter now: burning cells, and cells under water
    /// deep enough to cut a road.
    pub(crate) fn closures(&self) -> Closures {
        let mut closed: Vec<u32> = self
            .fire
            .band()
            .iter()
            .copied()
            .filter(|c| self.fire.is_burned(*c as usize))
            .collect();
        if let Some(flood) = &self.flood {
            closed.extend(
                flood
                    .depth_m()
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| **d >= ROAD_CUT_DEPTH_M)
                    .map(|(i, _)| i as u32),
            );
        }
        Closures::new(closed, Vec::new())
    }

    fn journey(&self, from: u32, to: u32, mode: TravelMode, departed: Tick) -> Option<Journey> {
        let route = self.travel_grid()?.route(from, to, mode, &self.closures()).ok()?;
        Some(journey_of(&route, departed))
    }

    /// A team's way to a cell: by vehicle where a vehicle can go, else on
    /// foot all the way (mixed legs are left for later). When the cell
    /// itself cannot be reached (under water, burning: a breach, a flooded
    /// village), the team goes to the nearest cell it can reach within
    /// [`WORK_FROM_EDGE_CELLS`] and works from there; rings are tried
    /// nearest first, cells in index order.
    pub(crate) fn travel(&self, from: u32, to: u32, departed: Tick) -> Option<Journey> {
        let grid = self.travel_grid()?;
        let closures = self.closures();
        for mode in [TravelMode::Vehicle, TravelMode::Foot] {
            if let Ok(route) = grid.route(from, to, mode, &closures) {
                return Some(journey_of(&route, departed));
            }
        }
        // One search of everything reachable per mode (not one failed A*
        // per candidate cell), then the nearest candidate it reached.
        let centre = self.frame.cell_of_index(to as usize);
        let (w, h) = (i64::from(self.frame.width), i64::from(self.frame.height));
        for mode in [TravelMode::Vehicle, TravelMode::Foot] {
            let times = grid.times_from(from, mode, &closures);
            for r in 1..=WORK_FROM_EDGE_CELLS {
                for dy in -r..=r {
                    for dx in -r..=r {
                        if dx.abs().max(dy.abs()) != r {
                            continue;
                        }
                        let (x, y) = (i64::from(centre.x) + dx, i64::from(centre.y) + dy);
                        if x < 0 || y < 0 || x >= w || y >= h {
                            continue;
                        }
                        let cell = (y * w + x) as u32;
                        if times.get(cell as usize).is_some_and(|t| *t != u64::MAX)
                            && let Ok(route) = grid.route(from, cell, mode, &closures)
                        {
                            return Some(journey_of(&route, departed));
                        }
                    }
                }
            }
        }
        None
    }

    /// A vehicle-only way (supply convoys, evacuation buses).
    pub(crate) fn drive(&self, from: u32, to: u32, departed: Tick) -> Option<Journey> {
        self.journey(from, to, TravelMode::Vehicle, departed)
    }
}

/// A route as a journey that set off at `departed` (times rounded up to
/// whole seconds).
fn journey_of(route: &crate::agents::route::Route, departed: Tick) -> Journey {
    Journey {
        cells: route.cells().to_vec(),
        reach_s: route.arrival_ms().iter().map(|ms| ms.div_ceil(1000)).collect(),
        departed,
    }
}

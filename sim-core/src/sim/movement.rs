//! Ground movement for the sim: the routing graph (built once, lazily) and
//! the closures of the moment (burning and deeply flooded cells).

use std::sync::{Arc, OnceLock};

use crate::agents::forces::Journey;
use crate::agents::road_queue::{LinkId, QueueLink, QueuedRoute, capacity_veh_per_h};
use crate::agents::routing::{Closures, TravelGrid};
use crate::agents::travel_cost::TravelMode;
use crate::scenario::RoadClass;
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

    /// Evacuees' way from `from` to `to`: the vehicle route with the road
    /// links on it (each a queue, `agents::road_queue`), else the way a
    /// team would take ([`Sim::travel`]: on foot, or to a cell near the
    /// destination), whose legs do not queue. `None`: no way at all.
    pub(crate) fn evacuation_way(&self, from: u32, to: u32, departed: Tick) -> Option<QueuedRoute> {
        let grid = self.travel_grid()?;
        if let Ok(route) = grid.route(from, to, TravelMode::Vehicle, &self.closures()) {
            let cells = route.cells();
            let links = cells
                .windows(2)
                .zip(&route.arrival_ms()[1..])
                .filter_map(|(pair, &reach_ms)| {
                    self.road_class_between(pair[0], pair[1]).map(|class| QueueLink {
                        link: LinkId::new(pair[0], pair[1]),
                        reach_ms,
                        class,
                    })
                })
                .collect();
            return Some(QueuedRoute {
                free_flow_ms: route.total_ms(),
                links,
            });
        }
        let journey = self.travel(from, to, departed)?;
        Some(QueuedRoute::unqueued(
            journey.reach_s.last().copied().unwrap_or(0).saturating_mul(1000),
        ))
    }

    /// The class of a road both cells lie on (a road move between them),
    /// the one of highest capacity where several do; `None` where no road
    /// joins them (an off-road leg, or a crossing).
    fn road_class_between(&self, a: u32, b: u32) -> Option<RoadClass> {
        let roads_at = |cell: u32| {
            let lo = self.road_index.partition_point(|(c, _)| *c < cell);
            let hi = self.road_index.partition_point(|(c, _)| *c <= cell);
            &self.road_index[lo..hi]
        };
        let at_b = roads_at(b);
        if at_b.is_empty() {
            return None;
        }
        roads_at(a)
            .iter()
            .filter(|(_, r)| at_b.iter().any(|(_, s)| s == r))
            .filter_map(|(_, r)| self.roads.get(*r as usize).map(|road| road.class))
            .max_by(|x, y| capacity_veh_per_h(*x).total_cmp(&capacity_veh_per_h(*y)))
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

//! Road capacity for evacuee vehicles: a deterministic point queue (the
//! Vickrey 1969 bottleneck) at every directed road link an evacuation route
//! uses.
//!
//! # The model
//!
//! Evacuees travel in household vehicles at [`EVACUEE_PERSONS_PER_VEHICLE`];
//! a batch of `n` people is `n / occupancy` vehicles (a fraction is kept: a
//! batch stands for an average of households). Each road link serves at
//! most its class's capacity ([`capacity_veh_per_h`]), so a batch occupies a
//! link for `vehicles / capacity` hours. Along its route a batch reaches
//! each link at its free-flow time plus the waits so far, and:
//!
//! ```text
//! t_enter          = max(t_arrive, free_at[link])
//! free_at[link]    = t_enter + vehicles / capacity
//! ```
//!
//! then drives on at free-flow speed from `t_enter`. This is the point queue
//! of Vickrey (1969, "Congestion theory and transport investment", AER
//! 59(2)) and of Newell's cumulative-count construction (Newell 1982,
//! *Applications of Queueing Theory*): the
//! queue has no length, the exit flow never exceeds capacity, and a vehicle
//! leaves no earlier than free flow allows. With `N` people leaving together
//! over one road of capacity `C` the last batch enters `(N − n_last) / (k·C)`
//! after the first, which enters at free flow; links downstream of equal or
//! larger capacity add nothing (the platoon already leaves the bottleneck at
//! its capacity).
//!
//! # What it leaves out (documented simplifications)
//!
//! * Links are reserved in the order batches *set off* (the sim's
//!   deterministic order: tick, then place index, then household), not the
//!   order they reach a link: a batch that reserved a link earlier keeps its
//!   slot even if a later leaver from a nearer village gets there first.
//! * Only road links queue. Off-road vehicle legs, people leaving on foot and
//!   people leaving the map for relatives have no capacity limit (the
//!   steppe is wide; walkers do not queue behind cars).
//! * No spillback (queues do not block upstream junctions), no speed drop
//!   with density, and the two directions of a road are separate links with
//!   their own capacity. Teams, convoys and other traffic do not use the
//!   capacity.
//!
//! Times are whole milliseconds since the start of the drill; the state is
//! a `BTreeMap` keyed by link, holding only links still busy (pruned every
//! tick), so its iteration order and its hash are deterministic.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::scenario::RoadClass;

/// Persons per evacuating household vehicle (assumption). Evacuation time
/// estimate studies under NUREG/CR-7002 (Jones, Walton & Wolshon 2011; the
/// KLD studies for US nuclear plants) turn people into evacuating vehicles
/// with a mean occupancy per population group, about 2–3 persons per
/// household vehicle; 2.5 is the middle of that range and close to one
/// vehicle per Inner Mongolian household of 2.35 people
/// ([`super::INNER_MONGOLIA_HOUSEHOLD_SIZE`]), some sharing a ride.
pub const EVACUEE_PERSONS_PER_VEHICLE: f64 = 2.5;

/// Capacity of one direction of a road of `class`, vehicles per hour.
/// Household cars are passenger cars, so passenger cars per hour (pc/h) are
/// taken as vehicles per hour (passenger-car equivalent 1).
///
/// * Expressway: 2 lanes per direction × 2 400 pc/h/ln, the base capacity
///   of a basic freeway segment at free-flow speeds of 70 mi/h and more
///   (HCM 2010, ch. 11). Chinese expressways (高速) have at least two lanes
///   each way.
/// * Trunk (class I–II national and provincial roads): 1 700 pc/h in one
///   direction, the capacity of a two-lane highway (HCM 2010, ch. 15; 3 200
///   pc/h both ways). Class I roads with four lanes carry more: taken low
///   (assumption).
/// * County (class III–IV): 850 veh/h, half the two-lane figure
///   (assumption: 6–7 m carriageways, curves, farm vehicles and villages on
///   the road; no HCM figure).
/// * Track (graded steppe or forest track): 300 veh/h (assumption:
///   effectively one lane, oncoming vehicles wait at pull-outs, dust).
pub fn capacity_veh_per_h(class: RoadClass) -> f64 {
    match class {
        RoadClass::Expressway => 2.0 * 2400.0,
        RoadClass::Trunk => 1700.0,
        RoadClass::County => 850.0,
        RoadClass::Track => 300.0,
    }
}

/// Vehicles needed to move `people` evacuees.
pub fn vehicles_for(people: u32) -> f64 {
    f64::from(people) / EVACUEE_PERSONS_PER_VEHICLE
}

/// A directed road link: the move from cell `from` to cell `to` (row-major
/// indices), packed as `from << 32 | to` so links sort by their start cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LinkId(pub u64);

impl LinkId {
    /// The link from `from` to `to`.
    pub fn new(from: u32, to: u32) -> LinkId {
        LinkId((u64::from(from) << 32) | u64::from(to))
    }

    /// The cell it starts from.
    pub fn from_cell(self) -> u32 {
        (self.0 >> 32) as u32
    }

    /// The cell it leads to.
    pub fn to_cell(self) -> u32 {
        self.0 as u32
    }
}

impl std::fmt::Display for LinkId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "link {}→{}", self.from_cell(), self.to_cell())
    }
}

/// One road link on a route: the queue point is the entry to the link's
/// `to` cell, reached `reach_ms` after departure at free flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLink {
    /// Which link.
    pub link: LinkId,
    /// Free-flow milliseconds from departure to the queue point.
    pub reach_ms: u64,
    /// The road's class (its capacity, [`capacity_veh_per_h`]).
    pub class: RoadClass,
}

/// The road links of one route in order, with the route's free-flow time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedRoute {
    /// Free-flow milliseconds from departure to arrival.
    pub free_flow_ms: u64,
    /// The road links, in route order (`reach_ms` non-decreasing).
    pub links: Vec<QueueLink>,
}

impl QueuedRoute {
    /// A route with no road links (on foot, off-road, out of the area):
    /// never delayed.
    pub fn unqueued(free_flow_ms: u64) -> QueuedRoute {
        QueuedRoute {
            free_flow_ms,
            links: Vec::new(),
        }
    }
}

/// When each busy road link is next free, ms since the start of the drill.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoadQueue {
    free_at_ms: BTreeMap<LinkId, u64>,
}

impl RoadQueue {
    /// No link busy.
    pub fn new() -> RoadQueue {
        RoadQueue::default()
    }

    /// Forgets links free by `now_ms`: a batch setting off now reaches any
    /// link at `now_ms` or later, so they can no longer delay anyone.
    pub fn prune(&mut self, now_ms: u64) {
        if !self.free_at_ms.is_empty() {
            self.free_at_ms.retain(|_, t| *t > now_ms);
        }
    }

    /// When `link` is next free, if it is busy.
    pub fn free_at_ms(&self, link: LinkId) -> Option<u64> {
        self.free_at_ms.get(&link).copied()
    }

    /// How many links are busy now.
    pub fn busy_links(&self) -> usize {
        self.free_at_ms.len()
    }

    /// A batch of `vehicles` setting off at `depart_ms` along `route`:
    /// reserves each road link in turn and returns the total wait, ms, so
    /// that it arrives at `depart_ms + route.free_flow_ms + wait`.
    /// Non-finite or non-positive `vehicles` reserve nothing.
    pub fn pass(&mut self, route: &QueuedRoute, depart_ms: u64, vehicles: f64) -> u64 {
        let mut wait_ms = 0u64;
        if !(vehicles.is_finite() && vehicles > 0.0) {
            return 0;
        }
        for l in &route.links {
            let arrive = depart_ms.saturating_add(l.reach_ms).saturating_add(wait_ms);
            let free_at = self.free_at_ms.get(&l.link).copied().unwrap_or(0);
            let enter = arrive.max(free_at);
            wait_ms += enter - arrive;
            let service_ms = service_ms(vehicles, capacity_veh_per_h(l.class));
            self.free_at_ms.insert(l.link, enter.saturating_add(service_ms));
        }
        wait_ms
    }
}

/// Milliseconds `vehicles` occupy a link of `capacity_veh_per_h`, rounded
/// to the nearest millisecond (the rounding error, under 0.5 ms a batch,
/// stays far below a tick over thousands of batches).
pub fn service_ms(vehicles: f64, capacity_veh_per_h: f64) -> u64 {
    if capacity_veh_per_h.is_nan() || capacity_veh_per_h <= 0.0 {
        return 0;
    }
    let ms = vehicles / capacity_veh_per_h * 3_600_000.0;
    if ms.is_finite() && ms > 0.0 {
        libm::round(ms) as u64
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A straight road of `links` links of `class`, 30 s each, leaving the
    /// village at cell 0 after a 60 s off-road leg.
    fn road(class: RoadClass, first_cell: u32, links: u32) -> QueuedRoute {
        QueuedRoute {
            free_flow_ms: 60_000 + u64::from(links) * 30_000,
            links: (0..links)
                .map(|i| QueueLink {
                    link: LinkId::new(first_cell + i, first_cell + i + 1),
                    reach_ms: 60_000 + u64::from(i + 1) * 30_000,
                    class,
                })
                .collect(),
        }
    }

    /// Households of 2–3 people (mean ≈ 2.35, as the sim's settlements).
    fn households(n: usize) -> Vec<u32> {
        (0..n).map(|i| if i % 3 == 0 { 3 } else { 2 }).collect()
    }

    /// Arrival (ms after `depart_ms`) of each batch, all leaving at once.
    fn run(queue: &mut RoadQueue, route: &QueuedRoute, depart_ms: u64, batches: &[u32]) -> Vec<u64> {
        batches
            .iter()
            .map(|&p| route.free_flow_ms + queue.pass(route, depart_ms, vehicles_for(p)))
            .collect()
    }

    /// Vickrey (1969) bottleneck, one road: N people leaving at once at
    /// occupancy k through capacity C. The first batch arrives at free flow;
    /// the last enters the road after the N − n_last people ahead of it have
    /// passed, i.e. at free flow + (N − n_last)/(k·C), within one batch's
    /// service of free flow + N/(k·C). Downstream links of the same road add
    /// no delay.
    #[test]
    fn one_road_clears_at_demand_over_capacity() {
        let route = road(RoadClass::County, 100, 40);
        let batches = households(1000);
        let n: u32 = batches.iter().sum();
        let mut q = RoadQueue::new();
        let arrivals = run(&mut q, &route, 3_600_000, &batches);
        assert_eq!(arrivals[0], route.free_flow_ms);
        let c = capacity_veh_per_h(RoadClass::County);
        let k = EVACUEE_PERSONS_PER_VEHICLE;
        let expected_ms = (f64::from(n - batches[999]) / (k * c)) * 3_600_000.0;
        let last = arrivals[999] - route.free_flow_ms;
        // Rounding to whole ms: at most 0.5 ms per batch.
        assert!(
            (last as f64 - expected_ms).abs() <= 0.5 * 1000.0,
            "{last} vs {expected_ms}"
        );
        // And within one tick (10 s) of N/(k·C): 2334 people, 850 veh/h,
        // 2.5 per vehicle → 1.0984 h.
        let full_ms = f64::from(n) / (k * c) * 3_600_000.0;
        assert!((last as f64 - full_ms).abs() < 10_000.0, "{last} vs {full_ms}");
        assert!((full_ms / 3_600_000.0 - 1.0984).abs() < 1e-4);
        // Arrivals are in order and spaced by each batch's service time.
        for (i, w) in arrivals.windows(2).enumerate() {
            let s = service_ms(vehicles_for(batches[i]), c);
            assert_eq!(w[1] - w[0], s, "batch {i}");
        }
    }

    /// Two villages whose roads merge onto one shared road: the shared
    /// link is the bottleneck, and the last batch through it enters
    /// (N1 + N2 − n_last)/(k·C) after the first (Vickrey 1969; the merge is
    /// a single point queue of the combined demand, Newell 1982).
    #[test]
    fn a_merge_clears_the_combined_demand() {
        // Village A: feeder links 10→11→12, then shared 12→13→…→30.
        // Village B: feeder links 50→51→12, then the same shared links.
        let shared: Vec<QueueLink> = (12..30)
            .map(|c| QueueLink {
                link: LinkId::new(c, c + 1),
                reach_ms: 0,
                class: RoadClass::County,
            })
            .collect();
        let make = |feeder: [(u32, u32); 2], feeder_class: RoadClass| {
            let mut links: Vec<QueueLink> = feeder
                .iter()
                .map(|&(a, b)| QueueLink {
                    link: LinkId::new(a, b),
                    reach_ms: 0,
                    class: feeder_class,
                })
                .collect();
            links.extend(shared.iter().copied());
            for (i, l) in links.iter_mut().enumerate() {
                l.reach_ms = 20_000 * (i as u64 + 1);
            }
            QueuedRoute {
                free_flow_ms: 20_000 * (links.len() as u64 + 1),
                links,
            }
        };
        // Wider feeders (trunk) than the shared county road.
        let a = make([(10, 11), (11, 12)], RoadClass::Trunk);
        let b = make([(50, 51), (51, 12)], RoadClass::Trunk);
        let (na, nb) = (households(400), households(600));
        let mut q = RoadQueue::new();
        // Alternate the two villages' households, as the sim does tick by
        // tick (here all in one tick).
        let mut last = 0;
        let mut total = 0u32;
        let mut last_batch = 0;
        for i in 0..600 {
            for (route, batches) in [(&a, &na), (&b, &nb)] {
                if let Some(&p) = batches.get(i) {
                    last = route.free_flow_ms + q.pass(route, 0, vehicles_for(p));
                    total += p;
                    last_batch = p;
                }
            }
        }
        let c = capacity_veh_per_h(RoadClass::County);
        let expected = f64::from(total - last_batch) / (EVACUEE_PERSONS_PER_VEHICLE * c) * 3_600_000.0;
        let wait = (last - a.free_flow_ms) as f64;
        assert!((wait - expected).abs() <= 500.0, "{wait} vs {expected}");
        // Each village alone would clear in its own share only.
        let mut alone = RoadQueue::new();
        let a_alone = *run(&mut alone, &a, 0, &na).last().unwrap() - a.free_flow_ms;
        assert!((a_alone as f64) < 0.45 * wait, "{a_alone} vs {wait}");
    }

    /// The same demand on an expressway and on a county road: the queueing
    /// delays scale with 1/capacity, 850/4800 (HCM 2010 ch. 11 figure vs
    /// the county assumption).
    #[test]
    fn a_wider_road_clears_faster_by_the_capacity_ratio() {
        let batches = households(800);
        let clear = |class: RoadClass| {
            let route = road(class, 0, 10);
            let mut q = RoadQueue::new();
            (*run(&mut q, &route, 0, &batches).last().unwrap() - route.free_flow_ms) as f64
        };
        let (fast, slow) = (clear(RoadClass::Expressway), clear(RoadClass::County));
        let ratio = capacity_veh_per_h(RoadClass::County) / capacity_veh_per_h(RoadClass::Expressway);
        assert!((fast / slow - ratio).abs() < 1e-3, "{fast} / {slow} vs {ratio}");
        assert!(fast < slow);
    }

    /// Small demand: batches spaced wider than their service time never
    /// wait, so arrivals are the free-flow times.
    #[test]
    fn sparse_batches_travel_at_free_flow() {
        let route = road(RoadClass::Track, 0, 20);
        let mut q = RoadQueue::new();
        // One household a minute; 3 people = 1.2 vehicles = 14.4 s at 300 veh/h.
        for i in 0..30u64 {
            assert_eq!(q.pass(&route, i * 60_000, vehicles_for(3)), 0, "batch {i}");
        }
        // Nothing queues off the road.
        let free = QueuedRoute::unqueued(90_000);
        for _ in 0..100 {
            assert_eq!(q.pass(&free, 0, 1000.0), 0);
        }
    }

    #[test]
    fn old_links_are_pruned_and_bad_input_reserves_nothing() {
        let route = road(RoadClass::County, 0, 3);
        let mut q = RoadQueue::new();
        assert_eq!(q.pass(&route, 0, f64::NAN), 0);
        assert_eq!(q.pass(&route, 0, -1.0), 0);
        assert_eq!(q.busy_links(), 0);
        q.pass(&route, 0, 10.0);
        assert_eq!(q.busy_links(), 3);
        // 10 vehicles at 850/h: 42 353 ms after the last link's entry.
        let last = LinkId::new(2, 3);
        assert_eq!(q.free_at_ms(last), Some(150_000 + 42_353));
        q.prune(150_000 + 42_353);
        assert_eq!(q.busy_links(), 0);
        assert_eq!(LinkId::new(7, 9).from_cell(), 7);
        assert_eq!(LinkId::new(7, 9).to_cell(), 9);
        assert_eq!(service_ms(1.0, 0.0), 0);
    }
}

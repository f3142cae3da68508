//! Evacuee traffic in the running sim: households' vehicles queue at the
//! road links of their way to the shelter (`agents::road_queue`, a Vickrey
//! 1969 point queue per link).
//!
//! The predictions are Newell's cumulative-count construction for a point
//! queue of capacity C (Newell 1982, *Applications of Queueing Theory*;
//! Daganzo 1997): with batches of service time s_i = vehicles_i / C
//! reaching the bottleneck at a_i, in the order they are served, the last
//! one enters at max_j (a_j + Σ_{i ≥ j} s_i) − s_last (Lindley's recursion
//! unrolled). The tests observe every household's departure and arrival
//! tick through the public view, build that prediction from the observed
//! departures and the free-flow route of `TravelGrid`, and compare.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sim_core::agents::HouseholdState;
use sim_core::agents::road_queue::{EVACUEE_PERSONS_PER_VEHICLE, capacity_veh_per_h, service_ms, vehicles_for};
use sim_core::agents::routing::{Closures, TravelGrid};
use sim_core::agents::travel_cost::TravelMode;
use sim_core::scenario::{RoadClass, no_files};
use sim_core::{Order, Scenario, Sim, Tick, load_scenario};

/// Milliseconds per tick.
const TICK_MS: u64 = 10_000;

/// Longitude of column `x` and latitude of row `y` (cell centres) on the
/// test maps: 50 m cells from (118.40° E, 48.55° N).
fn lon(x: u32) -> f64 {
    // 1° of longitude at 48.55° N ≈ 73.7 km.
    118.40 + (f64::from(x) + 0.5) * 50.0 / 73_700.0
}
fn lat(y: u32) -> f64 {
    48.55 + (f64::from(y) + 0.5) * 50.0 / 111_200.0
}

/// A flat map of conifer forest (no vehicle leaves the roads), 120 × 40
/// cells of 50 m, with `places` (id, x, y, population), road nodes
/// (id, x, y), roads (id, from, to, class) and one large shelter at
/// (`shelter_x`, `shelter_y`).
fn scenario(
    places: &[(&str, u32, u32, u32)],
    nodes: &[(&str, u32, u32)],
    roads: &[(&str, &str, &str, RoadClass)],
    shelter: (u32, u32),
) -> Scenario {
    let places: String = places
        .iter()
        .map(|(id, x, y, n)| {
            format!(
                "(id: \"place:{id}\", name: (zh: \"{id}\", en: \"{id}\"), kind: Village, at: (lon: {:.6}, lat: {:.6}), \
                 population: {n}, vulnerable_share: 0.0),\n",
                lon(*x),
                lat(*y)
            )
        })
        .collect();
    let nodes: String = nodes
        .iter()
        .map(|(id, x, y)| format!("(id: \"node:{id}\", at: (lon: {:.6}, lat: {:.6})),\n", lon(*x), lat(*y)))
        .collect();
    let roads: String = roads
        .iter()
        .map(|(id, a, b, class)| {
            format!("(id: \"road:{id}\", from: \"node:{a}\", to: \"node:{b}\", class: {class:?}),\n")
        })
        .collect();
    let text = format!(
        r#"(
    version: 1,
    id: "test-congestion",
    title: (zh: "拥堵", en: "Congestion"),
    description: (zh: "测试", en: "test"),
    map: (width: 120, height: 40, cell_size_m: 50.0, south_west: (lon: 118.40, lat: 48.55)),
    terrain: Procedural((seed: 1, base_elevation_m: 640.0, relief_m: 0.0, hills: 0, river: false, river_width_m: 0.0)),
    land_cover: Uniform(ConiferForest),
    places: [{places}],
    infrastructure: (
        road_nodes: [{nodes}],
        roads: [{roads}],
        shelters: [(id: "shelter:s", name: (zh: "避难所", en: "Shelter"), at: (lon: {:.6}, lat: {:.6}),
                    capacity: 100000, winterized: true, stocks: {{}})],
    ),
    forces: [],
    hazards: [],
    weather: (rows: [(hour: 0.0, wind_speed_m_s: 3.0, wind_from_deg: 270.0, temperature_c: 20.0,
                      relative_humidity_pct: 50.0)]),
    duration_h: 8.0,
    standards: "nmg-14th-fyp",
)"#,
        lon(shelter.0),
        lat(shelter.1)
    );
    load_scenario("test-congestion", &text, &mut no_files).unwrap_or_else(|e| panic!("{e}"))
}

/// One household's trip: place index, people, departure and arrival ticks.
#[derive(Debug, Clone, Copy)]
struct Trip {
    place: usize,
    people: u32,
    depart: u64,
    arrive: Option<u64>,
}

/// Orders every place out to the shelter at once and runs `hours`,
/// recording each household's departure and arrival tick.
fn evacuate(scenario: &Scenario, hours: f64) -> Vec<Trip> {
    let mut sim = Sim::new(scenario, 7);
    let places: Vec<String> = sim.view().places.iter().map(|p| p.id.clone()).collect();
    sim.submit(Order::OpenShelter {
        shelter: "shelter:s".into(),
    })
    .unwrap();
    sim.submit(Order::OrderEvacuation {
        places,
        shelter: "shelter:s".into(),
    })
    .unwrap();
    let mut trips: Vec<Vec<Option<Trip>>> = sim
        .view()
        .people
        .iter()
        .map(|p| vec![None; p.as_ref().map_or(0, |p| p.settlement.units().len())])
        .collect();
    while sim.tick() < Tick::from_hours(hours) {
        sim.step(1);
        // The step just computed tick `now`: departures happen in it, and
        // batches due by `now + 1` reach the shelter in it.
        let now = sim.tick().0 - 1;
        for (p, people) in sim.view().people.iter().enumerate() {
            let Some(people) = people else { continue };
            for (u, unit) in people.settlement.units().iter().enumerate() {
                let trip = &mut trips[p][u];
                match unit.state {
                    HouseholdState::Evacuating if trip.is_none() => {
                        *trip = Some(Trip {
                            place: p,
                            people: unit.able(),
                            depart: now,
                            arrive: None,
                        });
                    }
                    HouseholdState::Sheltered => {
                        let t = trip
                            .as_mut()
                            .expect("a household is seen on the road before it arrives");
                        if t.arrive.is_none() {
                            t.arrive = Some(now + 1);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    trips.into_iter().flatten().flatten().collect()
}

/// The free-flow vehicle route between two cells (row-major): total ms.
fn free_flow_ms(scenario: &Scenario, from: u32, to: u32) -> u64 {
    let grid = TravelGrid::from_scenario(scenario).unwrap();
    let route = grid.route(from, to, TravelMode::Vehicle, &Closures::none()).unwrap();
    route.total_ms()
}

/// The cells (row-major) of each place, of the shelter, and of the first
/// cell of each road, as the sim placed them.
fn cells(scenario: &Scenario) -> (Vec<u32>, u32, Vec<u32>) {
    let sim = Sim::new(scenario, 7);
    let view = sim.view();
    let places = view.places.iter().map(|p| view.frame.index(p.cell) as u32).collect();
    let road_starts = view.roads.iter().map(|r| r.cells[0]).collect();
    (places, view.shelters[0].cell, road_starts)
}

/// Ticks of a free-flow journey of `ms`: whole seconds, then whole ticks,
/// as the sim always rounded.
fn ticks_of(ms: u64) -> u64 {
    ms.div_ceil(1000).div_ceil(10)
}

/// Newell/Lindley bound on when the last batch is served at a bottleneck of
/// `class`: batches grouped by (arrival ms, place) in service order, each
/// group's arrival `a_g`; returns (earliest, latest) entry of the last
/// batch, the spread being which household of the last group goes last.
fn last_entry_ms(groups: &[(u64, Vec<u32>)], class: RoadClass) -> (u64, u64) {
    let c = capacity_veh_per_h(class);
    let s = |p: u32| service_ms(vehicles_for(p), c);
    let mut rest = 0u64;
    let mut best = 0u64;
    for (a, batch) in groups.iter().rev() {
        rest += batch.iter().map(|p| s(*p)).sum::<u64>();
        best = best.max(a + rest);
    }
    let last = &groups.last().unwrap().1;
    let (smin, smax) = (
        last.iter().map(|p| s(*p)).min().unwrap(),
        last.iter().map(|p| s(*p)).max().unwrap(),
    );
    (best - smax, best - smin)
}

/// Groups trips by (departure tick, place), in the sim's service order,
/// with each group's arrival at the bottleneck `lead_ms(place)` after
/// departure.
fn groups(trips: &[Trip], lead_ms: impl Fn(usize) -> u64) -> Vec<(u64, Vec<u32>)> {
    let mut sorted: Vec<&Trip> = trips.iter().collect();
    sorted.sort_by_key(|t| (t.depart, t.place));
    let mut out: Vec<((u64, usize), Vec<u32>)> = Vec::new();
    for t in sorted {
        match out.last_mut() {
            Some((key, batch)) if *key == (t.depart, t.place) => batch.push(t.people),
            _ => out.push(((t.depart, t.place), vec![t.people])),
        }
    }
    out.into_iter()
        .map(|((d, p), b)| (d * TICK_MS + lead_ms(p), b))
        .collect()
}

/// One town of `population` on one road of `class` to the shelter, ordered
/// out at once; returns every household's trip and the free-flow time, ms.
fn one_road(class: RoadClass, population: u32) -> (Vec<Trip>, u64) {
    let s = scenario(
        &[("town", 5, 20, population)],
        &[("town", 5, 20), ("shelter", 85, 20)],
        &[("main", "town", "shelter", class)],
        (85, 20),
    );
    let (places, shelter, _) = cells(&s);
    let ff = free_flow_ms(&s, places[0], shelter);
    let trips = evacuate(&s, 8.0);
    (trips, ff)
}

/// Checks the first and last arrivals of a one-road run against free flow
/// and the Newell/Lindley prediction; returns the longest queueing delay, ticks.
fn check_one_road(class: RoadClass, population: u32) -> u64 {
    let (trips, ff) = one_road(class, population);
    let people: u32 = trips.iter().map(|t| t.people).sum();
    assert!(people * 10 > population * 9, "{people} people left");
    assert!(trips.iter().all(|t| t.arrive.is_some()), "everyone arrives within 8 h");
    // Nobody beats free flow, and the first to leave is not delayed.
    let ff_ticks = ticks_of(ff);
    for t in &trips {
        assert!(t.arrive.unwrap() >= t.depart + ff_ticks, "{t:?}");
    }
    let first = trips.iter().min_by_key(|t| (t.depart, t.arrive)).unwrap();
    assert_eq!(first.arrive.unwrap(), first.depart + ff_ticks, "{class:?}");
    // The last arrival: the bottleneck is the first road link (one class all
    // the way); its position along the route cancels out, so take arrivals
    // at the bottleneck as departures and add the whole free-flow time.
    let g = groups(&trips, |_| 0);
    let (lo, hi) = last_entry_ms(&g, class);
    let last = trips.iter().map(|t| t.arrive.unwrap()).max().unwrap();
    let (lo_tick, hi_tick) = ((lo + ff).div_ceil(TICK_MS), (hi + ff).div_ceil(TICK_MS));
    assert!(
        (lo_tick..=hi_tick).contains(&last),
        "{class:?}: last arrival at tick {last}, predicted {lo_tick}..={hi_tick}"
    );
    trips
        .iter()
        .map(|t| t.arrive.unwrap() - t.depart - ff_ticks)
        .max()
        .unwrap()
}

/// A town of 8 000 on one county road: after an official order (median
/// 30 min) up to ~4 800 people an hour set off, against 850 veh/h × 2.5 =
/// 2 125 people an hour of road, so a queue of hours forms. The first
/// household arrives at free flow; the last arrives when the Newell/Lindley
/// construction from the observed departures says, to the tick.
#[test]
fn one_road_last_arrival_follows_the_bottleneck_prediction() {
    let worst_wait = check_one_road(RoadClass::County, 8000);
    // Demand above capacity for hours: someone waited over half an hour.
    assert!(worst_wait >= 180, "longest wait {worst_wait} ticks");
}

/// Same town, same demand, on an expressway (4 800 veh/h per direction,
/// HCM 2010) and on a county road (850 veh/h, assumption): both follow the
/// prediction, and the expressway queues far less. (The exact 850/4 800
/// scaling for simultaneous departures is checked in `road_queue`'s unit
/// tests; here demand never fills the expressway.)
#[test]
fn an_expressway_clears_the_same_town_faster_than_a_county_road() {
    let county = check_one_road(RoadClass::County, 8000);
    let expressway = check_one_road(RoadClass::Expressway, 8000);
    assert!(
        expressway * 10 < county,
        "expressway {expressway} vs county {county} ticks"
    );
}

/// Two villages whose feeder roads (expressway class, so they never hold a
/// queue of more than a tick's departures) join at a junction, then share
/// one county road to the shelter. The shared link serves the combined
/// demand: the last arrival lies between the Newell/Lindley prediction with
/// free-flow arrivals at the junction (a lower bound, queueing is monotone
/// in arrival times) and the same with each batch also held for its whole
/// tick's departures on its feeder (an upper bound).
#[test]
fn two_villages_merging_onto_one_road_clear_their_combined_demand() {
    let s = scenario(
        &[("west", 5, 20, 3000), ("north", 45, 36, 3000)],
        &[
            ("west", 5, 20),
            ("north", 45, 36),
            ("junction", 45, 20),
            ("shelter", 105, 20),
        ],
        &[
            ("west-feeder", "west", "junction", RoadClass::Expressway),
            ("north-feeder", "north", "junction", RoadClass::Expressway),
            ("shared", "junction", "shelter", RoadClass::County),
        ],
        (105, 20),
    );
    let (places, shelter, road_starts) = cells(&s);
    let junction = road_starts[2];
    let to_junction = [
        free_flow_ms(&s, places[0], junction),
        free_flow_ms(&s, places[1], junction),
    ];
    let onward = free_flow_ms(&s, junction, shelter);
    // The fastest way from each village runs through the junction.
    assert_eq!(free_flow_ms(&s, places[0], shelter), to_junction[0] + onward);
    assert_eq!(free_flow_ms(&s, places[1], shelter), to_junction[1] + onward);
    let trips = evacuate(&s, 8.0);
    assert!(trips.iter().all(|t| t.arrive.is_some()));
    let total: u32 = trips.iter().map(|t| t.people).sum();
    assert!(total > 5400, "{total}");
    // The upper bound's premise: a tick's leavers from one village clear
    // their feeder within the tick.
    let mut per_tick: std::collections::BTreeMap<(u64, usize), u64> = Default::default();
    for t in &trips {
        *per_tick.entry((t.depart, t.place)).or_default() +=
            service_ms(vehicles_for(t.people), capacity_veh_per_h(RoadClass::Expressway));
    }
    assert!(
        per_tick.values().all(|ms| *ms < TICK_MS),
        "{:?}",
        per_tick.values().max()
    );
    let lower = last_entry_ms(&groups(&trips, |p| to_junction[p]), RoadClass::County).0;
    let upper = last_entry_ms(&groups(&trips, |p| to_junction[p] + TICK_MS), RoadClass::County).1;
    let last = trips.iter().map(|t| t.arrive.unwrap()).max().unwrap();
    let (lo_tick, hi_tick) = ((lower + onward).div_ceil(TICK_MS), (upper + onward).div_ceil(TICK_MS));
    assert!(
        (lo_tick..=hi_tick).contains(&last),
        "last arrival {last}, predicted {lo_tick}..={hi_tick}"
    );
    // The clearance through the shared link is the combined demand over its
    // capacity: from the first arrival to the last, at least
    // (N1 + N2 − n_first)/(k·C), the shelter never taking in people faster
    // than the shared road carries them.
    let first = trips.iter().map(|t| t.arrive.unwrap()).min().unwrap();
    let k_c_per_tick = EVACUEE_PERSONS_PER_VEHICLE * capacity_veh_per_h(RoadClass::County) / 360.0;
    // Whole-ms rounding of each batch's service loses under 0.5 ms a
    // batch: under 1.3 s (0.13 tick) for these ~2 550 batches.
    let clearance_ticks = f64::from(total - 3) / k_c_per_tick - 0.13;
    assert!(
        (last - first + 1) as f64 >= clearance_ticks,
        "{} ticks vs (N1+N2)/(kC) = {clearance_ticks}",
        last - first
    );
}

/// Small demand: a hamlet of 20 people (9 households) leaves over an hour
/// or two; nobody queues, and every household that left alone in its tick
/// arrives exactly at the old free-flow time (departure + the route's
/// ticks, rounded as before the road queue existed).
#[test]
fn small_demand_travels_at_the_old_free_flow_times() {
    let s = scenario(
        &[("hamlet", 5, 20, 20)],
        &[("hamlet", 5, 20), ("shelter", 85, 20)],
        &[("main", "hamlet", "shelter", RoadClass::Track)],
        (85, 20),
    );
    let (places, shelter, _) = cells(&s);
    let ff = free_flow_ms(&s, places[0], shelter);
    let ff_ticks = ticks_of(ff);
    let trips = evacuate(&s, 6.0);
    assert!(trips.len() >= 7, "{} households left", trips.len());
    let mut alone = 0;
    for t in &trips {
        let same_tick: Vec<&Trip> = trips.iter().filter(|o| o.depart == t.depart).collect();
        if same_tick.len() > 1 {
            // A household behind others of the same tick waits at most
            // their service (2–3 people: 0.8–1.2 vehicles at 300 veh/h).
            let others_ms: u64 = same_tick
                .iter()
                .map(|o| service_ms(vehicles_for(o.people), capacity_veh_per_h(RoadClass::Track)))
                .sum();
            assert!(t.arrive.unwrap() <= t.depart + ticks_of(ff + others_ms), "{t:?}");
        } else {
            alone += 1;
            assert_eq!(t.arrive.unwrap(), t.depart + ff_ticks, "{t:?}");
        }
    }
    assert!(alone >= 5, "{alone} households left alone in their tick");
}

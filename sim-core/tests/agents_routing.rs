//! Ground routing and aircraft timing on small hand-made maps (issue #5):
//! fastest route chosen, deterministic tie-breaks, closures respected,
//! off-road legs slower on steep, forested and wet cells (Tobler 1993 via
//! rescue.md §2.2), and the A* times equal whole-map Dijkstra times on the
//! default scenario.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use sim_core::agents::route::Route;
use sim_core::agents::routing::{Closures, RouteError, TravelGrid};
use sim_core::agents::travel_cost::{TravelMode, tobler_km_per_h};
use sim_core::frame::{Cell, LonLat, MapFrame};
use sim_core::grid::Grid;
use sim_core::scenario::RoadClass;
use sim_core::terrain::{LandCover, Terrain};

const CELL_M: f64 = 100.0;

/// A `w × h` map of 100 m cells with elevation `z(x, y)`, land cover
/// `lc(x, y)` and the given roads.
fn map(
    w: u32,
    h: u32,
    z: impl Fn(u32, u32) -> f64,
    lc: impl Fn(u32, u32) -> LandCover,
    roads: Vec<(RoadClass, Vec<Cell>)>,
) -> TravelGrid {
    let frame = MapFrame {
        width: w,
        height: h,
        cell_size_m: CELL_M,
        south_west: LonLat { lon: 118.5, lat: 48.5 },
    };
    let elevation = Grid::from_fn(w as usize, h as usize, |x, y| z(x as u32, y as u32) as f32);
    let terrain = Terrain::from_elevation(elevation, CELL_M);
    let land_cover = Grid::from_fn(w as usize, h as usize, |x, y| lc(x as u32, y as u32));
    let roads: Vec<(String, RoadClass, Vec<Cell>)> = roads
        .into_iter()
        .enumerate()
        .map(|(i, (class, cells))| (format!("road:{i}"), class, cells))
        .collect();
    TravelGrid::new(&frame, &terrain, &land_cover, &roads).unwrap()
}

fn c(x: u32, y: u32) -> Cell {
    Cell { x, y }
}

/// A polyline of cells through the corners given, 4-connected.
fn polyline(corners: &[Cell]) -> Vec<Cell> {
    let mut out = vec![corners[0]];
    for pair in corners.windows(2) {
        let (mut p, q) = (pair[0], pair[1]);
        while p != q {
            if p.x != q.x {
                p.x = if q.x > p.x { p.x + 1 } else { p.x - 1 };
            } else {
                p.y = if q.y > p.y { p.y + 1 } else { p.y - 1 };
            }
            out.push(p);
        }
    }
    out
}

fn flat_grass(w: u32, h: u32, roads: Vec<(RoadClass, Vec<Cell>)>) -> TravelGrid {
    map(w, h, |_, _| 700.0, |_, _| LandCover::Grassland, roads)
}

fn idx(grid: &TravelGrid, x: u32, y: u32) -> u32 {
    grid.index_of(c(x, y)).unwrap()
}

fn route(grid: &TravelGrid, from: (u32, u32), to: (u32, u32), mode: TravelMode, closures: &Closures) -> Route {
    grid.route(idx(grid, from.0, from.1), idx(grid, to.0, to.1), mode, closures)
        .unwrap()
}

/// Milliseconds to cover `m` metres at `km_per_h`, rounded up as the router does.
fn ms(m: f64, km_per_h: f64) -> u64 {
    (m * 3600.0 / km_per_h).ceil() as u64
}

/// 100 m of open steppe at the 20 km/h planning speed (rescue.md §2.3,
/// 10–25 km/h) takes 18 s; 100 m of trunk road at 65 km/h (60–70) 5.539 s.
const GRASS_CELL_MS: u64 = 18_000;

fn trunk_cell_ms() -> u64 {
    ms(CELL_M, 65.0)
}

/// The trunk road's U has two right-angle corners; the router links each
/// staircase corner diagonally (√2 · 100 m at 65 km/h), so the U's 33 steps
/// become 29 straight steps and 2 diagonal ones, each diagonal replacing two
/// steps.
fn trunk_u_ms() -> u64 {
    29 * trunk_cell_ms() + 2 * ms(CELL_M * std::f64::consts::SQRT_2, 65.0)
}

/// A trunk road detour of 33 cells (≈ 33 × 5.539 s = 182.8 s) beats 25 cells
/// straight across the steppe (25 × 18 s = 450 s); a slow track detour of 45
/// cells (45 × 12 s = 540 s) does not.
#[test]
fn the_fastest_of_road_detour_and_straight_off_road_leg_is_chosen() {
    let u_road = polyline(&[c(2, 6), c(2, 2), c(27, 2), c(27, 6)]);
    let grid = flat_grass(30, 12, vec![(RoadClass::Trunk, u_road.clone())]);
    let r = route(&grid, (2, 6), (27, 6), TravelMode::Vehicle, &Closures::none());
    assert_eq!(r.total_ms(), trunk_u_ms());
    let road_idx: Vec<u32> = u_road.iter().map(|&p| grid.index_of(p).unwrap()).collect();
    assert!(r.cells().iter().all(|c| road_idx.contains(c)));
    assert!(r.total_ms() < 25 * GRASS_CELL_MS);

    let far_track = polyline(&[c(2, 10), c(2, 0), c(27, 0), c(27, 10)]);
    let grid = flat_grass(30, 14, vec![(RoadClass::Track, far_track)]);
    let r = route(&grid, (2, 10), (27, 10), TravelMode::Vehicle, &Closures::none());
    assert_eq!(r.total_ms(), 25 * GRASS_CELL_MS);
    assert!(r.cells().iter().all(|&i| grid.cell_of(i).unwrap().y == 10));
    // Track at 30 km/h: 12 s a cell, 45 cells.
    assert!(45 * ms(CELL_M, 30.0) > r.total_ms());
    // Arrival times are cumulative, one 18 s step per cell.
    assert!(r.arrival_ms().windows(2).all(|w| w[1] - w[0] == GRASS_CELL_MS));
}

/// Two mirror-image detours around a wall of water take exactly the same
/// time; the documented rule (smaller sum of cell indices, i.e. the northern
/// one) picks the same route every time.
#[test]
fn equal_time_alternatives_resolve_by_the_documented_rule() {
    let wall = |x: u32, y: u32| x == 10 && (2..=8).contains(&y);
    let grid = map(
        21,
        11,
        |_, _| 700.0,
        |x, y| {
            if wall(x, y) {
                LandCover::Water
            } else {
                LandCover::Grassland
            }
        },
        vec![],
    );
    let closures = Closures::none();
    for mode in TravelMode::ALL {
        let a = route(&grid, (5, 5), (15, 5), mode, &closures);
        let b = route(&grid, (5, 5), (15, 5), mode, &closures);
        assert_eq!(a, b);
        // Passes the wall on its north side.
        let crossing: Vec<Cell> = a
            .cells()
            .iter()
            .map(|&i| grid.cell_of(i).unwrap())
            .filter(|p| p.x == 10)
            .collect();
        assert!(crossing.iter().all(|p| p.y < 2), "{mode:?}: {crossing:?}");
        // The southern mirror image is exactly as fast: reflect every cell
        // about row 5 and compare with the fastest time from the whole-map
        // field, which does not depend on any tie-break.
        let times = grid.times_from(idx(&grid, 5, 5), mode, &closures);
        assert_eq!(times[idx(&grid, 15, 5) as usize], a.total_ms());
        let mirrored_end = a.cells().iter().map(|&i| {
            let p = grid.cell_of(i).unwrap();
            idx(&grid, p.x, 10 - p.y)
        });
        let mirrored_times: Vec<u64> = mirrored_end.map(|i| times[i as usize]).collect();
        assert_eq!(
            mirrored_times,
            a.arrival_ms(),
            "{mode:?}: the south detour is equally fast"
        );
    }
    // The reverse query also goes north, and is equally fast.
    let back = route(&grid, (15, 5), (5, 5), TravelMode::Foot, &closures);
    let forth = route(&grid, (5, 5), (15, 5), TravelMode::Foot, &closures);
    assert_eq!(back.total_ms(), forth.total_ms());
    assert!(
        back.cells()
            .iter()
            .map(|&i| grid.cell_of(i).unwrap())
            .filter(|p| p.x == 10)
            .all(|p| p.y < 2)
    );
}

/// A road-closed cell forces an off-road hop around the block (2 × 18 s
/// instead of 2 × 5.5 s); a closed cell forces a 4-cell step around it (no
/// diagonal may cut a closed corner); a closed destination or a ring of closed
/// cells gives a typed error.
#[test]
fn closures_are_respected() {
    let u_road = polyline(&[c(2, 6), c(2, 2), c(27, 2), c(27, 6)]);
    let grid = flat_grass(30, 12, vec![(RoadClass::Trunk, u_road)]);
    let (from, to) = ((2, 6), (27, 6));
    let block = idx(&grid, 15, 2);
    let open = route(&grid, from, to, TravelMode::Vehicle, &Closures::none());
    assert!(open.cells().contains(&block));

    let road_block = Closures::new(vec![], vec![block]);
    let r = route(&grid, from, to, TravelMode::Vehicle, &road_block);
    assert_eq!(r.total_ms(), trunk_u_ms() - 2 * trunk_cell_ms() + 2 * GRASS_CELL_MS);

    let cordon = Closures::new(vec![block], vec![]);
    let r = route(&grid, from, to, TravelMode::Vehicle, &cordon);
    assert!(!r.cells().contains(&block));
    assert_eq!(r.total_ms(), trunk_u_ms() - 2 * trunk_cell_ms() + 4 * GRASS_CELL_MS);

    let dest = idx(&grid, to.0, to.1);
    assert_eq!(
        grid.route(
            idx(&grid, from.0, from.1),
            dest,
            TravelMode::Vehicle,
            &Closures::new(vec![dest], vec![])
        ),
        Err(RouteError::DestinationClosed { cell: dest })
    );
    let ring: Vec<u32> = (26..=28)
        .flat_map(|x| (5..=7).map(move |y| (x, y)))
        .filter(|&p| p != to)
        .map(|(x, y)| idx(&grid, x, y))
        .collect();
    assert!(matches!(
        grid.route(
            idx(&grid, from.0, from.1),
            dest,
            TravelMode::Foot,
            &Closures::new(ring, vec![])
        ),
        Err(RouteError::Unreachable { .. })
    ));
    // A mover may always leave the cell it stands in, even if it is closed.
    let start = idx(&grid, from.0, from.1);
    assert!(
        grid.route(start, dest, TravelMode::Foot, &Closures::new(vec![start], vec![]))
            .is_ok()
    );
}

/// Re-planning mid-route: the mover finishes its leg, then avoids the new
/// closure; the new route's times count from now.
#[test]
fn reroute_avoids_a_new_closure_from_the_next_cell() {
    let u_road = polyline(&[c(2, 6), c(2, 2), c(27, 2), c(27, 6)]);
    let grid = flat_grass(30, 12, vec![(RoadClass::Trunk, u_road)]);
    let r = route(&grid, (2, 6), (27, 6), TravelMode::Vehicle, &Closures::none());
    let elapsed = r.arrival_ms()[10] + 1000;
    let pos = r.position_at(elapsed);
    assert_eq!(pos.from, r.cells()[10]);
    assert_eq!(pos.to, r.cells()[11]);
    let block = Closures::new(vec![idx(&grid, 15, 2)], vec![]);
    assert!(r.blocked_after(elapsed, &block));
    let new = grid
        .reroute(&r, elapsed, r.destination(), TravelMode::Vehicle, &block)
        .unwrap();
    assert_eq!(new.start(), r.cells()[11]);
    assert_eq!(new.arrival_ms()[0], trunk_cell_ms() - 1000);
    assert!(!new.blocked_after(0, &block));
    // Same detour as planning from scratch: 4 off-road cells instead of 2 road cells.
    assert_eq!(
        elapsed + new.total_ms(),
        trunk_u_ms() - 2 * trunk_cell_ms() + 4 * GRASS_CELL_MS
    );
}

/// Tobler's hiking function on a uniform 10° slope (Tobler 1993, rescue.md
/// §2.2): walking the slope's line east (uphill) and west (downhill), the
/// router's leg times give back 2.7 and 3.9 km/h on a path, 5.0 km/h on the
/// flat (published to 0.1 km/h) once the off-path (×0.6) and crew-kit (×0.8)
/// factors are divided out.
#[test]
fn foot_legs_follow_tobler_uphill_and_downhill() {
    let tan10 = libm::tan(10.0f64.to_radians());
    let grid = map(
        14,
        5,
        |x, _| 500.0 + f64::from(x) * CELL_M * tan10,
        |_, _| LandCover::Grassland,
        vec![],
    );
    let closures = Closures::none();
    let up = route(&grid, (1, 2), (12, 2), TravelMode::Foot, &closures);
    let down = route(&grid, (12, 2), (1, 2), TravelMode::Foot, &closures);
    let flat = route(&flat_grass(14, 5, vec![]), (1, 2), (12, 2), TravelMode::Foot, &closures);
    let track_speed = |r: &Route| {
        // 11 cells of 100 m; the router's leg times are whole ms, rounded up.
        let km_per_h = 11.0 * CELL_M / (r.total_ms() as f64 / 1000.0) * 3.6;
        km_per_h / (0.6 * 0.8)
    };
    // Rows stay straight: zig-zagging a 10° slope does not pay.
    assert!(up.cells().iter().all(|&i| grid.cell_of(i).unwrap().y == 2));
    assert!((track_speed(&up) - 2.7).abs() <= 0.05, "{}", track_speed(&up));
    assert!((track_speed(&down) - 3.9).abs() <= 0.05, "{}", track_speed(&down));
    assert!((track_speed(&flat) - 5.0).abs() <= 0.05, "{}", track_speed(&flat));
    // And exactly the formula: each 100 m leg at W(S)·0.6·0.8, rounded up to a ms.
    let leg = |s: f64| ms(CELL_M, tobler_km_per_h(s) * 0.6 * 0.8);
    // Elevations are stored as f32, so each leg's gradient is tan 10° to
    // ~1e-7: allow 1 ms of rounding per leg.
    assert!(up.total_ms().abs_diff(11 * leg(tan10)) <= 11, "{}", up.total_ms());
    assert!(down.total_ms().abs_diff(11 * leg(-tan10)) <= 11, "{}", down.total_ms());
    assert!(up.total_ms() > flat.total_ms() && down.total_ms() < up.total_ms());
}

/// Forest is foot-only (rescue.md §2.3): a vehicle drives around a forest
/// block, unless a track crosses it; a crew on foot walks straight through at
/// the off-path speed. Wet ground slows walkers to 0.4 × off-path, so they
/// go round a bog if that is quicker.
#[test]
fn off_road_legs_are_slower_in_forest_and_bog() {
    let forest = |x: u32, y: u32| (8..=12).contains(&x) && (1..=9).contains(&y);
    let lc = move |x, y| {
        if forest(x, y) {
            LandCover::ConiferForest
        } else {
            LandCover::Grassland
        }
    };
    let grid = map(21, 11, |_, _| 700.0, lc, vec![]);
    let closures = Closures::none();
    let car = route(&grid, (2, 5), (18, 5), TravelMode::Vehicle, &closures);
    assert!(car.cells().iter().all(|&i| {
        let p = grid.cell_of(i).unwrap();
        !forest(p.x, p.y)
    }));
    assert!(car.total_ms() > 16 * GRASS_CELL_MS);
    let walk = route(&grid, (2, 5), (18, 5), TravelMode::Foot, &closures);
    assert!(walk.cells().iter().all(|&i| grid.cell_of(i).unwrap().y == 5));
    assert_eq!(walk.total_ms(), 16 * ms(CELL_M, tobler_km_per_h(0.0) * 0.6 * 0.8));

    // A track through the forest opens it to vehicles at 30 km/h.
    let track = polyline(&[c(2, 5), c(18, 5)]);
    let grid_track = map(21, 11, |_, _| 700.0, lc, vec![(RoadClass::Track, track)]);
    let car = route(&grid_track, (2, 5), (18, 5), TravelMode::Vehicle, &closures);
    assert_eq!(car.total_ms(), 16 * ms(CELL_M, 30.0));
    // Vehicles cannot end in the forest off the track.
    assert!(matches!(
        grid.route(idx(&grid, 2, 5), idx(&grid, 10, 5), TravelMode::Vehicle, &closures),
        Err(RouteError::DestinationImpassable { .. })
    ));

    // A bog strip 3 cells wide, 5 long: crossing it costs 3 cells at 0.4 ×
    // the off-path speed; going round it costs more distance at full speed.
    let bog = |x: u32, y: u32| (8..=10).contains(&x) && (3..=7).contains(&y);
    let wet = map(
        21,
        11,
        |_, _| 700.0,
        move |x, y| {
            if bog(x, y) {
                LandCover::Wetland
            } else {
                LandCover::Grassland
            }
        },
        vec![],
    );
    let walk = route(&wet, (2, 5), (18, 5), TravelMode::Foot, &closures);
    let dry = tobler_km_per_h(0.0) * 0.6 * 0.8;
    // Straight through: 13 cells of dry ground and 3 cells' worth of bog
    // (two half cells at the edges, two whole ones) at 2.5 × the time.
    let straight = 13 * ms(CELL_M, dry) + 3 * ms(CELL_M, dry * 0.4);
    // Round it: 16 columns east and 3 rows up and down again, the fewest
    // moves being 6 diagonals and 10 straight steps, all on dry ground.
    let around = 10 * ms(CELL_M, dry) + 6 * ms(CELL_M * std::f64::consts::SQRT_2, dry);
    assert!(around < straight);
    assert_eq!(walk.total_ms(), around);
    assert!(walk.cells().iter().all(|&i| {
        let p = wet.cell_of(i).unwrap();
        !bog(p.x, p.y)
    }));
}

/// Steep ground: a vehicle slows on slopes over 5° and stops above 25°; a
/// 30° ridge across the map stops vehicles unless a road crosses it.
#[test]
fn vehicles_are_slope_limited() {
    let tan30 = libm::tan(30.0f64.to_radians());
    // A ridge: elevation rises 30° to column 10 and falls after it.
    let z = move |x: u32, _y: u32| 700.0 + (10.0 - (f64::from(x) - 10.0).abs()).max(0.0) * CELL_M * tan30;
    let grid = map(21, 7, z, |_, _| LandCover::Grassland, vec![]);
    assert!(matches!(
        grid.route(
            idx(&grid, 1, 3),
            idx(&grid, 19, 3),
            TravelMode::Vehicle,
            &Closures::none()
        ),
        Err(RouteError::DestinationImpassable { .. } | RouteError::Unreachable { .. })
    ));
    // Walkers cross, slowly.
    let walk = route(&grid, (1, 3), (19, 3), TravelMode::Foot, &Closures::none());
    assert!(walk.total_ms() > 18 * ms(CELL_M, tobler_km_per_h(0.0) * 0.6 * 0.8));
    // A county road over the ridge lets vehicles through at 40 km/h.
    let pass = polyline(&[c(0, 3), c(20, 3)]);
    let grid = map(21, 7, z, |_, _| LandCover::Grassland, vec![(RoadClass::County, pass)]);
    let car = route(&grid, (1, 3), (19, 3), TravelMode::Vehicle, &Closures::none());
    assert_eq!(car.total_ms(), 18 * ms(CELL_M, 40.0));
}

/// On the default scenario's real terrain and roads, A* (distance / v_max
/// heuristic) gives exactly the whole-map Dijkstra time for many pairs in
/// both modes: the heuristic never overestimates.
#[test]
fn astar_equals_dijkstra_on_the_default_scenario() {
    let scenario = common::default_scenario();
    let grid = TravelGrid::from_scenario(&scenario).unwrap();
    let n = grid.cell_count() as u32;
    let closures = Closures::none();
    let mut checked = 0;
    for mode in TravelMode::ALL {
        for k in 0..4u32 {
            let from = (k * 7_777 + 1_234) % n;
            let times = grid.times_from(from, mode, &closures);
            for j in 0..20u32 {
                let to = (j * 15_485_863 + k * 31 + 17) % n;
                match grid.route(from, to, mode, &closures) {
                    Ok(r) => {
                        assert_eq!(r.total_ms(), times[to as usize], "{mode:?} {from}→{to}");
                        checked += 1;
                    }
                    Err(_) => assert_eq!(times[to as usize], u64::MAX, "{mode:?} {from}→{to}"),
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

/// Throughput: cross-map routes per second on the default 220×140 map, and
/// build + one cross-map route on a 1000×1000 map. Run with
/// `cargo test -p sim-core --release --test agents_routing -- --ignored --nocapture`.
#[test]
#[ignore = "benchmark: prints routes per second, asserts nothing about speed"]
fn bench_cross_map_routes() {
    use std::time::Instant;
    let scenario = common::default_scenario();
    let grid = TravelGrid::from_scenario(&scenario).unwrap();
    let (w, h) = (scenario.frame.width, scenario.frame.height);
    let closures = Closures::none();
    for mode in TravelMode::ALL {
        let pairs: Vec<(u32, u32)> = (0..20).map(|k| (k * w + 2, (h - 1 - k) * w + w - 3)).collect();
        let t = Instant::now();
        let mut ok = 0;
        let rounds = 10;
        for _ in 0..rounds {
            for &(a, b) in &pairs {
                ok += usize::from(grid.route(a, b, mode, &closures).is_ok());
            }
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "220×140 {mode:?}: {:.0} cross-map routes/s ({ok} found of {})",
            (rounds * pairs.len()) as f64 / s,
            rounds * pairs.len()
        );
        let t = Instant::now();
        let _ = grid.times_from(pairs[0].0, mode, &closures);
        println!(
            "220×140 {mode:?}: whole-map time field in {:.1} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    let t = Instant::now();
    let big = map(
        1000,
        1000,
        |x, y| 700.0 + 30.0 * libm::sin(f64::from(x) * 0.05) * libm::cos(f64::from(y) * 0.04),
        |x, y| {
            if (x / 50 + y / 70) % 5 == 0 && y != 500 && y < 990 {
                LandCover::ConiferForest
            } else {
                LandCover::Grassland
            }
        },
        vec![(RoadClass::Trunk, polyline(&[c(0, 500), c(999, 500)]))],
    );
    println!("1000×1000: grid built in {:.2} s", t.elapsed().as_secs_f64());
    for mode in TravelMode::ALL {
        let t = Instant::now();
        // Row 500 carries the trunk road; both ends are grassland.
        let r = big.route(500 * 1000 + 2, 999 * 1000 + 997, mode, &closures);
        println!(
            "1000×1000 {mode:?}: one corner-to-corner route in {:.2} s ({:?} cells)",
            t.elapsed().as_secs_f64(),
            r.map(|r| r.cells().len())
        );
    }
}

/// A standby Mi-171 at a station 300 km due south of the default scenario's
/// Bayan landing point is over it after 20 min + 300 km / 230 km/h
/// (= 98.26 min), refuelling at that landing point; with nowhere to refuel
/// but home (600 km round trip, 523 km usable) it is rejected.
#[test]
fn helicopter_timing_and_range_on_the_default_scenario() {
    use sim_core::agents::aircraft::{AircraftError, AircraftType, Readiness, great_circle_km, plan_flight};
    use sim_core::scenario::AirfieldKind;
    let scenario = common::default_scenario();
    let landing = scenario
        .file
        .infrastructure
        .airfields
        .iter()
        .find(|a| a.kind == AirfieldKind::LandingPoint)
        .expect("the default drill has a landing point");
    let scene = landing.at;
    // 300 km due south on the sphere: Δlat = 300 / R rad.
    let station = LonLat {
        lon: scene.lon,
        lat: scene.lat - (300.0f64 / 6_371.008_8).to_degrees(),
    };
    assert!((great_circle_km(station, scene) - 300.0).abs() < 1e-6);
    let fuel: Vec<LonLat> = scenario
        .file
        .infrastructure
        .airfields
        .iter()
        .filter(|a| AircraftType::Mi171.refuels_at(a.kind))
        .map(|a| a.at)
        .collect();
    let plan = plan_flight(AircraftType::Mi171, Readiness::Standby, station, scene, &fuel).unwrap();
    let expected_min = 20.0 + 300.0 / 230.0 * 60.0;
    assert!(
        (plan.on_scene_ms as f64 / 60_000.0 - expected_min).abs() < 1e-4,
        "{}",
        plan.on_scene_ms
    );
    let err = plan_flight(AircraftType::Mi171, Readiness::Standby, station, scene, &[]).unwrap_err();
    assert!(matches!(err, AircraftError::OutOfRange { .. }));
    assert!(
        err.to_string()
            .starts_with("out of range: 300 km to the scene plus 300 km")
    );
}

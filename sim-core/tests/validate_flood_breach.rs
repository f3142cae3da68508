//! Dam and dike breaches inside the simulation, on synthetic terrain built
//! here (an `.asc` DEM handed to the loader through its resolver).
//!
//! 1. A reservoir above a town in a sloping valley, breached by a narrow and
//!    by a wide breach, all else equal: the wider breach passes a higher
//!    peak outflow sooner (the broad-crested weir law Q ∝ b H^1.5 of the
//!    parametric breach model, Fread 1988; Froehlich 2008 for the breach
//!    parameters), so the flood reaches the town earlier and deeper — the
//!    behaviour the dam-break literature and every breach sensitivity study
//!    report (e.g. Wahl 2004, J. Hydraul. Eng. 130(5):389, on how breach
//!    width drives the peak). The grid receives exactly what the pool
//!    released.
//! 2. Dikes: a timed breach in a dike that holds floods the land behind it
//!    only once it opens; a weak, low dike section overtops (event), a breach
//!    triggered after ten minutes of overtopping opens (event) and widens
//!    cell by cell, the breached cells go down to the ground in both
//!    solvers' beds, and the protected side fills much faster than the
//!    overflow alone filled it.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

use sim_core::determinism::{standard_plans, verify};
use sim_core::frame::{LonLat, MapFrame, MapPoint};
use sim_core::{Event, FloodSolver, Order, OrderError, Scenario, Sim, Task, Tick, TimedEvent, load_scenario};

/// A map of `width × height` cells of `cell_m` whose south-west corner is at
/// 118.5° E, 48.6° N.
#[derive(Clone, Copy)]
struct Map {
    width: u32,
    height: u32,
    cell_m: f64,
}

impl Map {
    fn frame(self) -> MapFrame {
        MapFrame {
            width: self.width,
            height: self.height,
            cell_size_m: self.cell_m,
            south_west: LonLat { lon: 118.5, lat: 48.6 },
        }
    }

    /// RON for the point `east_m`, `north_m` from the south-west corner.
    fn at(self, east_m: f64, north_m: f64) -> String {
        let p = self.frame().to_lon_lat(MapPoint { east_m, north_m });
        format!("(lon: {}, lat: {})", p.lon, p.lat)
    }

    /// An ESRI ASCII grid in frame metres whose cell centres are the map's,
    /// so bilinear resampling returns `z` at every cell centre exactly.
    fn asc(self, z: impl Fn(f64, f64) -> f64) -> String {
        let mut out = format!(
            "ncols {}\nnrows {}\nxllcorner 0\nyllcorner 0\ncellsize {}\n",
            self.width, self.height, self.cell_m
        );
        for row in 0..self.height {
            let north_m = (f64::from(self.height - row) - 0.5) * self.cell_m;
            let values: Vec<String> = (0..self.width)
                .map(|col| format!("{}", z((f64::from(col) + 0.5) * self.cell_m, north_m)))
                .collect();
            out.push_str(&values.join(" "));
            out.push('\n');
        }
        out
    }

    /// Row-major index of the cell holding `east_m`, `north_m`.
    fn index(self, east_m: f64, north_m: f64) -> usize {
        let f = self.frame();
        f.index(f.cell_at(MapPoint { east_m, north_m }).unwrap())
    }
}

/// A scenario on `map` whose terrain is `dem` (served as `dem.asc`), with
/// grassland everywhere (Manning n 0.035) and the given places and flood.
fn load(map: Map, dem: &str, places: &str, flood: &str, hours: f64) -> Scenario {
    load_with_forces(map, dem, places, "infrastructure: (),", flood, hours)
}

/// As [`load`], with `forces` (the `infrastructure` and `forces` fields).
fn load_with_forces(map: Map, dem: &str, places: &str, forces: &str, flood: &str, hours: f64) -> Scenario {
    let text = format!(
        r#"(
    version: 1,
    id: "breach-test",
    title: (zh: "溃决测试", en: "Breach test"),
    description: (zh: "测试", en: "Test"),
    map: (width: {w}, height: {h}, cell_size_m: {c}, south_west: (lon: 118.5, lat: 48.6)),
    terrain: Asc(file: "dem.asc", georef: FrameMetres),
    land_cover: Uniform(Grassland),
    places: [{places}],
    {forces}
    weather: (rows: [(hour: 0.0, wind_speed_m_s: 3.0, wind_from_deg: 270.0, temperature_c: 20.0, relative_humidity_pct: 80.0)]),
    flood: Some(({flood})),
    duration_h: {hours},
    standards: "nmg-14th-fyp",
)"#,
        w = map.width,
        h = map.height,
        c = map.cell_m,
    );
    let mut resolve = |path: &str| {
        if path == "dem.asc" {
            Ok(dem.to_string())
        } else {
            Err(format!("no file {path}"))
        }
    };
    load_scenario("breach-test.ron", &text, &mut resolve).unwrap_or_else(|e| panic!("{e}"))
}

fn kinds(events: &[TimedEvent], kind: &str) -> Vec<TimedEvent> {
    events.iter().filter(|e| e.event.kind_name() == kind).cloned().collect()
}

// ---------------------------------------------------------------------------
// 1. Reservoir breach above a town.

/// The valley: 4 km × 1.2 km at 50 m, falling 4 m/km eastwards, a 200 m
/// flat floor along its axis and sides rising 1 in 20. The dam stands off
/// the western edge; its toe is the floor's four cells 100 m in. The town
/// sits on the floor 2.9 km downstream. The eastern edge lets water out.
const VALLEY: Map = Map {
    width: 80,
    height: 24,
    cell_m: 50.0,
};
const TOWN_EAST_M: f64 = 3025.0;
const AXIS_NORTH_M: f64 = 625.0;

fn valley_z(east_m: f64, north_m: f64) -> f64 {
    let off_axis_m = (north_m - 600.0).abs() - 100.0;
    200.0 - 0.004 * east_m + 0.05 * off_axis_m.max(0.0)
}

/// The reservoir: a prismatic pool of 0.4 km² at 15 m above the breach
/// bottom (6 × 10⁶ m³, Froehlich 1995 peak ≈ 1740 m³/s), breached at minute
/// 5 with a 20-minute formation down to the valley floor (200 m) and side
/// slopes 1:1 (Froehlich 2008, overtopping); only the bottom width differs.
fn reservoir_drill(bottom_width_m: f64, solver: &str) -> Scenario {
    let m = VALLEY;
    let toe = [525.0, 575.0, 625.0, 675.0].map(|n| m.at(125.0, n)).join(", ");
    let flood = format!(
        r#"
        solver: {solver},
        edges: (east: Free),
        reservoirs: [(
            id: "reservoir:upper-valley",
            name: (zh: "上游水库", en: "Upper-valley reservoir"),
            toe: [{toe}],
            level_area_km2: [(200.0, 0.4)],
            initial_level_m: 215.0,
            breach: Some((
                trigger: AtMinute(5.0),
                top_level_m: 216.0,
                bottom_level_m: 200.0,
                bottom_width_m: {bottom_width_m},
                side_slope_h_per_v: 1.0,
                formation_min: 20.0,
            )),
        )],
    "#
    );
    let town = format!(
        r#"(id: "place:valley-town", name: (zh: "河谷镇", en: "Valley town"), kind: Town, at: {}, population: 3000)"#,
        m.at(TOWN_EAST_M, AXIS_NORTH_M)
    );
    load(m, &m.asc(valley_z), &town, &flood, 2.0)
}

/// What a run of the reservoir drill did at the town and the dam.
#[derive(Debug)]
struct BreachRun {
    /// First tick with 0.1 m at the town.
    arrival: Tick,
    /// Deepest water at the town, m.
    peak_depth_m: f64,
    /// Largest outflow from the pool, m³/s.
    peak_outflow_m3_per_s: f64,
}

fn run_reservoir(bottom_width_m: f64, solver: &str) -> BreachRun {
    let mut sim = Sim::new(&reservoir_drill(bottom_width_m, solver), 1);
    sim.step(Tick::from_hours(2.0).0);
    let events = sim.drain_events();
    assert!(kinds(&events, "HazardDisabled").is_empty(), "{events:?}");
    let breached = kinds(&events, "ReservoirBreached");
    assert_eq!(breached.len(), 1, "one breach");
    assert_eq!(breached[0].tick, Tick::from_minutes(5), "at minute 5");
    let Event::ReservoirBreached {
        level_m,
        volume_m3,
        predicted_peak_m3_per_s,
        ..
    } = breached[0].event
    else {
        unreachable!()
    };
    assert!((level_m - 215.0).abs() < 1e-9 && (volume_m3 - 6e6).abs() < 1e-3);
    // Froehlich (1995): 0.607 · (6e6)^0.295 · 15^1.24.
    assert!(
        (predicted_peak_m3_per_s - 1741.0).abs() < 5.0,
        "{predicted_peak_m3_per_s}"
    );
    let arrival = events
        .iter()
        .find(|e| matches!(&e.event, Event::FloodReachedPlace { place_id, .. } if place_id == "place:valley-town"))
        .map(|e| e.tick)
        .expect("the flood reaches the town");
    let flood = sim.view().flood.unwrap();
    let town = VALLEY.index(TOWN_EAST_M, AXIS_NORTH_M);
    let reservoir = flood.reservoirs()[0].reservoir();
    // The grid received exactly what the pool released: the sources'
    // volume in the solver's ledger equals the reservoir's release.
    let released = reservoir.ledger().released_m3;
    let received = match flood.solver() {
        FloodSolver::LocalInertial(li) => li.volume_balance().inflow_m3,
        FloodSolver::ShallowWater(swe) => swe.ledger().source_m3,
    };
    assert!(
        ((released - received) / released).abs() < 1e-12,
        "released {released} m³, received {received} m³"
    );
    let l = reservoir.ledger();
    assert!((l.initial_m3 + l.inflow_m3 - l.released_m3 - reservoir.volume_m3()).abs() < 1e-6);
    assert!(
        flood.relative_volume_error().abs() < 1e-9,
        "{}",
        flood.relative_volume_error()
    );
    BreachRun {
        arrival,
        peak_depth_m: flood.max_depth_m()[town],
        peak_outflow_m3_per_s: reservoir.peak_outflow().0,
    }
}

/// Wider breach → earlier arrival and higher peak at the town, on the
/// shallow-water solver (the one for dam breaks: rapidly varying flow,
/// Froude numbers near 1 on the valley floor).
#[test]
fn a_wider_dam_breach_floods_the_town_earlier_and_deeper() {
    let narrow = run_reservoir(10.0, "ShallowWater");
    let wide = run_reservoir(60.0, "ShallowWater");
    println!("narrow (10 m): {narrow:?}\nwide (60 m): {wide:?}");
    assert!(
        wide.peak_outflow_m3_per_s > narrow.peak_outflow_m3_per_s,
        "peak outflow"
    );
    assert!(
        wide.arrival < narrow.arrival,
        "arrival {} vs {}",
        wide.arrival,
        narrow.arrival
    );
    assert!(
        wide.peak_depth_m > narrow.peak_depth_m,
        "peak depth {} vs {}",
        wide.peak_depth_m,
        narrow.peak_depth_m
    );
}

/// The same ordering on the local-inertial solver, which runs the same
/// reservoir coupling (outside its Froude < 0.5 range on the steep wave
/// front, flood.md §1.5, but the ordering must not depend on the solver).
#[test]
fn the_ordering_holds_on_the_local_inertial_solver_too() {
    let narrow = run_reservoir(10.0, "LocalInertial");
    let wide = run_reservoir(60.0, "LocalInertial");
    println!("narrow (10 m): {narrow:?}\nwide (60 m): {wide:?}");
    assert!(
        wide.arrival < narrow.arrival,
        "arrival {} vs {}",
        wide.arrival,
        narrow.arrival
    );
    assert!(wide.peak_depth_m > narrow.peak_depth_m);
}

// ---------------------------------------------------------------------------
// 2. Dikes.

/// A flat floodplain at 100 m, 2 km × 1.5 km at 50 m, closed all round. A
/// dike runs west–east along row 10 (1 km north of the southern edge): the
/// river side north of it fills from a 300 m³/s inflow along the western
/// edge (1 km² of it: about 1.1 m an hour), the protected land lies south.
const PLAIN: Map = Map {
    width: 40,
    height: 30,
    cell_m: 50.0,
};
const DIKE_NORTH_M: f64 = 975.0;

fn plain_drill(dikes: &str, solver: &str) -> Scenario {
    let m = PLAIN;
    let inflow = format!("[{}, {}]", m.at(25.0, 1025.0), m.at(25.0, 1475.0));
    let flood = format!(
        r#"
        solver: {solver},
        inflows: [(id: "inflow:river", path: {inflow}, hydrograph: [(0.0, 300.0)])],
        dikes: [{dikes}],
    "#
    );
    load(m, &m.asc(|_, _| 100.0), "", &flood, 3.0)
}

/// Cells south of the dike holding more than 1 cm (the arrival depth).
fn protected_wet_cells(sim: &Sim) -> usize {
    let depth = sim.view().flood.unwrap().depth_m();
    let first_row = 11 * PLAIN.width as usize;
    depth[first_row..].iter().filter(|d| **d > 0.01).count()
}

/// A 3-m dike holds the river (about 1.1 m deep after an hour); a breach
/// scripted for minute 60 opens 50 m and widens to 200 m over 20 minutes.
/// The protected side is bone dry until then (no face can carry water over
/// the crest: both solvers' wet/dry treatment gives exactly zero flux) and
/// floods after.
#[test]
fn a_timed_breach_floods_the_protected_side_only_after_it_opens() {
    let m = PLAIN;
    let dike = format!(
        r#"(id: "dike:river-left", path: [{}, {}], crest: Height(3.0),
            breaches: [(at: {}, trigger: AtMinute(60.0), initial_width_m: 50.0, final_width_m: 200.0, widening_min: 20.0)])"#,
        m.at(25.0, DIKE_NORTH_M),
        m.at(1975.0, DIKE_NORTH_M),
        m.at(1025.0, DIKE_NORTH_M),
    );
    let mut sim = Sim::new(&plain_drill(&dike, "LocalInertial"), 1);
    let mut dry_until = Tick::ZERO;
    let mut events = Vec::new();
    while sim.view().tick < Tick::from_minutes(60) {
        sim.step(1);
        assert_eq!(
            protected_wet_cells(&sim),
            0,
            "wet before the breach at {}",
            sim.view().tick
        );
        dry_until = sim.view().tick;
        events.extend(sim.drain_events());
    }
    assert_eq!(dry_until, Tick::from_minutes(60));
    let river_depth = sim.view().flood.unwrap().depth_m()[m.index(1025.0, 1225.0)];
    assert!(river_depth > 0.5 && river_depth < 3.0, "river side {river_depth} m");
    sim.step(Tick::from_minutes(10).0);
    let after_10 = protected_wet_cells(&sim);
    sim.step(Tick::from_minutes(20).0);
    let after_30 = protected_wet_cells(&sim);
    events.extend(sim.drain_events());
    println!("wet protected cells: 10 min after {after_10}, 30 min after {after_30}");
    assert!(after_10 > 0 && after_30 > after_10);
    assert!(
        kinds(&events, "DikeOvertopped").is_empty(),
        "a 3-m dike is not overtopped"
    );
    let breached = kinds(&events, "DikeBreached");
    assert_eq!(breached.len(), 1);
    assert_eq!(breached[0].tick, Tick::from_minutes(60));
    assert!(matches!(&breached[0].event, Event::DikeBreached { width_m, .. } if *width_m == 50.0));
    // Fully widened: 200 m → the cells within 100 m of the centre, 5 cells.
    let dike = sim.view().flood.unwrap().dikes()[0].dike();
    assert_eq!(dike.breached_cells().len(), 5);
}

/// A 300-m section of the dike is only 0.5 m high. The river overtops it,
/// and after ten minutes of overtopping it breaches at its middle: 50 m
/// wide at first, widening to 250 m over 30 minutes (1, then 3, then 5
/// cells of 50 m). Run on both solvers: each keeps a bed, and both must
/// see the cells lowered.
#[test]
fn overtopping_then_a_triggered_breach_that_widens() {
    let m = PLAIN;
    let line = |from: f64, to: f64| format!("[{}, {}]", m.at(from, DIKE_NORTH_M), m.at(to, DIKE_NORTH_M));
    let dikes = format!(
        r#"(id: "dike:west", path: {west}, crest: Height(3.0)),
           (id: "dike:weak-section", path: {weak}, crest: Height(0.5),
            breaches: [(at: {at}, trigger: OvertoppedForMinutes(10.0), initial_width_m: 50.0, final_width_m: 250.0, widening_min: 30.0)]),
           (id: "dike:east", path: {east}, crest: Height(3.0))"#,
        west = line(25.0, 825.0),
        weak = line(875.0, 1125.0),
        east = line(1175.0, 1975.0),
        at = m.at(1025.0, DIKE_NORTH_M),
    );
    for solver in ["LocalInertial", "ShallowWater"] {
        let mut sim = Sim::new(&plain_drill(&dikes, solver), 1);
        let mut events = Vec::new();
        let mut wet_at = Vec::new();
        while kinds(&events, "DikeBreached").is_empty() {
            assert!(sim.view().tick < Tick::from_hours(2.0), "{solver}: no breach in 2 h");
            sim.step(1);
            events.extend(sim.drain_events());
            wet_at.push(protected_wet_cells(&sim));
        }
        let overtopped = kinds(&events, "DikeOvertopped");
        assert_eq!(overtopped.len(), 1, "{solver}: {overtopped:?}");
        assert!(
            matches!(&overtopped[0].event, Event::DikeOvertopped { dike_id, cell } if dike_id == "dike:weak-section" && (17..=22).contains(&cell.x) && cell.y == 10)
        );
        let breached = &kinds(&events, "DikeBreached")[0];
        assert!(matches!(&breached.event, Event::DikeBreached { dike_id, cell, width_m }
            if dike_id == "dike:weak-section" && cell.x == 20 && cell.y == 10 && *width_m == 50.0));
        let overtopped_for = breached.tick.0 - overtopped[0].tick.0;
        assert!(
            (60..=61).contains(&overtopped_for),
            "{solver}: breach {overtopped_for} ticks after the first overtopping"
        );
        let breach_tick = breached.tick;
        let weak_index = |col: usize| 10 * m.width as usize + col;
        let check_cells = |sim: &Sim, expected: &[usize]| {
            let flood = sim.view().flood.unwrap();
            let dike = flood.dikes()[1].dike();
            let cells: Vec<usize> = expected.iter().map(|c| weak_index(*c)).collect();
            assert_eq!(dike.breached_cells(), cells, "{solver}");
            let swe_bed = match flood.solver() {
                FloodSolver::ShallowWater(swe) => Some(swe.bed_m()),
                FloodSolver::LocalInertial(_) => None,
            };
            for col in 17..=22 {
                let c = weak_index(col);
                let expected_bed = if cells.contains(&c) { 100.0 } else { 100.5 };
                assert_eq!(flood.bed_m()[c], expected_bed, "{solver}: domain bed at column {col}");
                if let Some(bed) = swe_bed {
                    assert_eq!(bed[c], expected_bed, "{solver}: shallow-water bed at column {col}");
                }
            }
            assert_eq!(flood.bed_m()[weak_index(16)], 103.0, "the west dike stands");
        };
        check_cells(&sim, &[20]);
        sim.step(Tick::from_minutes(15).0);
        check_cells(&sim, &[19, 20, 21]);
        sim.step(Tick::from_minutes(15).0);
        check_cells(&sim, &[18, 19, 20, 21, 22]);
        events.extend(sim.drain_events());
        assert_eq!(kinds(&events, "DikeOvertopped").len(), 1, "reported once");
        // The protected side: wet cells gained over the 10 minutes before the
        // breach (overflow across 300 m of low crest) and over the 30 after.
        let at_breach = *wet_at.last().unwrap();
        let before = at_breach - wet_at[wet_at.len() - 61];
        let after = protected_wet_cells(&sim) - at_breach;
        println!(
            "{solver}: breach at {breach_tick}; wet protected cells +{before} in the 10 min before, +{after} in the 30 min after"
        );
        assert!(after > 3 * before.max(1), "{solver}: {before} then {after}");
    }
}

/// Channels are cut into the resampled terrain and dikes raised on the
/// result: a 120-m channel along row 5 covers the rows whose centres lie
/// within 60 m of its line (4, 5, 6) at 2 m below the ground; a dike 1 m
/// high crossing it stands on the channel bed, and a breach would lower it
/// back to that bed.
#[test]
fn channels_and_dikes_are_burned_into_the_bed() {
    let m = PLAIN;
    let row_north = |row: f64| (f64::from(m.height) - row - 0.5) * m.cell_m;
    let flood = format!(
        r#"
        channels: [(id: "channel:creek", path: [{}, {}], width_m: 120.0, depth_m: 2.0)],
        dikes: [(id: "dike:cross", path: [{}, {}], crest: Height(1.0))],
    "#,
        m.at(25.0, row_north(5.0)),
        m.at(1975.0, row_north(5.0)),
        m.at(1025.0, row_north(0.0)),
        m.at(1025.0, row_north(12.0)),
    );
    let sim = Sim::new(&load(m, &m.asc(|_, _| 100.0), "", &flood, 1.0), 1);
    let flood = sim.view().flood.unwrap();
    let bed = flood.bed_m();
    let w = m.width as usize;
    for row in 0..m.height as usize {
        let expected_plain = if (4..=6).contains(&row) { 98.0 } else { 100.0 };
        assert_eq!(bed[row * w + 5], expected_plain, "row {row} away from the dike");
        let expected_dike = if row <= 12 { expected_plain + 1.0 } else { 100.0 };
        assert_eq!(bed[row * w + 20], expected_dike, "row {row} on the dike's column");
    }
    let dike = flood.dikes()[0].dike();
    assert_eq!(dike.cells().len(), 13);
    assert_eq!(dike.ground_m()[5], 98.0, "the dike stands on the channel bed");
}

// ---------------------------------------------------------------------------
// 3. Determinism and validation.

/// Snapshot/restore, chunked stepping and thread counts through a breach
/// and its widening (the determinism harness of `sandtable verify`).
#[test]
fn breaches_are_deterministic() {
    let s = reservoir_drill(30.0, "ShallowWater");
    let make = || Sim::new(&s, 1);
    let ticks = Tick::from_minutes(20).0;
    let report = verify(&make, ticks, standard_plans(ticks, 2)).expect("runs");
    assert_eq!(report.divergence, None);
    let m = PLAIN;
    let dike = format!(
        r#"(id: "dike:d", path: [{}, {}], crest: Height(0.3),
            breaches: [(at: {}, trigger: WaterAboveCrest(0.05), initial_width_m: 50.0, final_width_m: 300.0, widening_min: 10.0)])"#,
        m.at(25.0, DIKE_NORTH_M),
        m.at(1975.0, DIKE_NORTH_M),
        m.at(1025.0, DIKE_NORTH_M),
    );
    let s = plain_drill(&dike, "LocalInertial");
    let make = || Sim::new(&s, 1);
    let ticks = Tick::from_minutes(40).0;
    let mut probe = make();
    probe.step(ticks);
    assert_eq!(
        kinds(&probe.drain_events(), "DikeBreached").len(),
        1,
        "the run breaches"
    );
    let report = verify(&make, ticks, standard_plans(ticks, 2)).expect("runs");
    assert_eq!(report.divergence, None);
}

/// Bad works are reported with their field paths, all at once.
#[test]
fn bad_reservoirs_dikes_and_channels_are_reported() {
    let m = VALLEY;
    let flood = format!(
        r#"
        reservoirs: [(
            id: "lake:upper",
            toe: [],
            level_area_km2: [(210.0, 0.4), (205.0, 0.5)],
            initial_level_m: 200.0,
            outlet: Some((kind: Weir(crest_level_m: 212.0, width_m: -5.0), gate_opening: 1.5)),
            breach: Some((trigger: AtMinute(500.0), top_level_m: 216.0, bottom_level_m: 220.0,
                          bottom_width_m: 10.0, formation_min: 20.0)),
        )],
        dikes: [(id: "dike:a", path: [{p}], crest: Height(0.0),
                 breaches: [(at: {far}, trigger: OvertoppedForMinutes(5.0), initial_width_m: 50.0,
                             final_width_m: 20.0, widening_min: 5.0)])],
        channels: [(id: "channel:a", path: [{p}, {q}], width_m: 0.0, depth_m: 2.0),
                   (id: "channel:a", path: [{p}, {q}], width_m: 30.0, depth_m: 2.0)],
    "#,
        p = m.at(500.0, 600.0),
        q = m.at(900.0, 600.0),
        far = m.at(3500.0, 100.0),
    );
    let text_dem = m.asc(valley_z);
    let text = format!(
        r#"(version: 1, id: "bad", title: (zh: "坏", en: "Bad"), description: (zh: "坏", en: "Bad"),
    map: (width: 80, height: 24, cell_size_m: 50.0, south_west: (lon: 118.5, lat: 48.6)),
    terrain: Asc(file: "dem.asc", georef: FrameMetres), land_cover: Uniform(Grassland),
    places: [], infrastructure: (),
    weather: (rows: [(hour: 0.0, wind_speed_m_s: 3.0, wind_from_deg: 270.0, temperature_c: 20.0, relative_humidity_pct: 80.0)]),
    flood: Some(({flood})), duration_h: 2.0, standards: "nmg-14th-fyp")"#
    );
    let mut resolve = |_: &str| Ok(text_dem.clone());
    let err = load_scenario("bad.ron", &text, &mut resolve).unwrap_err();
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    println!("{err}");
    for expected in [
        "flood.reservoirs[0].id",
        "flood.reservoirs[0].toe",
        "flood.reservoirs[0].level_area_km2[1]",
        "flood.reservoirs[0].initial_level_m",
        "flood.reservoirs[0].outlet.kind.Weir.width_m",
        "flood.reservoirs[0].outlet.gate_opening",
        "flood.reservoirs[0].breach.trigger.AtMinute",
        "flood.reservoirs[0].breach.bottom_level_m",
        "flood.dikes[0].path",
        "flood.dikes[0].crest.Height",
        "flood.dikes[0].breaches[0].at",
        "flood.dikes[0].breaches[0].final_width_m",
        "flood.channels[0].width_m",
        "flood.channels[1].id",
    ] {
        assert!(paths.contains(&expected), "{expected} not in {paths:?}");
    }
    // Each points at its own line, inside `flood: Some((...))`.
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1;
    for (path, needle) in [
        ("flood.dikes[0].crest.Height", "crest: Height(0.0)"),
        ("flood.channels[0].width_m", "width_m: 0.0"),
        ("flood.reservoirs[0].outlet.gate_opening", "gate_opening: 1.5"),
    ] {
        let problem = err.problems.iter().find(|p| p.path == path).unwrap();
        assert_eq!(problem.line, line_of(needle), "{path}");
    }
}

/// A flood team sent to a one-cell (50 m) breach closes it at 5 m per
/// 30 people an hour (assumption, `BREACH_CLOSING_M_PER_PERSON_HOUR`): 60
/// people take 5 h. A 50 m³/s river stays below the 3 m crest. The cell is rebuilt to its crest in both beds, the
/// breach does not reopen it, and water stops reaching the protected side.
#[test]
fn a_flood_team_closes_a_breach_and_the_protected_side_stops_filling() {
    let m = PLAIN;
    let dike = format!(
        r#"(id: "dike:river-left", path: [{}, {}], crest: Height(3.0),
            breaches: [(at: {}, trigger: AtMinute(20.0), initial_width_m: 50.0, final_width_m: 50.0, widening_min: 0.0)])"#,
        m.at(25.0, DIKE_NORTH_M),
        m.at(1975.0, DIKE_NORTH_M),
        m.at(1025.0, DIKE_NORTH_M),
    );
    let flood = format!(
        r#"solver: LocalInertial,
        inflows: [(id: "inflow:river", path: [{}, {}], hydrograph: [(0.0, 50.0)])],
        dikes: [{dike}],"#,
        m.at(25.0, 1025.0),
        m.at(25.0, 1475.0)
    );
    let forces = format!(
        r#"infrastructure: (depots: [(id: "depot:levee", name: (zh: "堤防仓库", en: "Levee store"), tier: County, at: {})]),
    forces: [(id: "team:flood", name: (zh: "防汛队", en: "Flood team"), kind: FloodTeam, base: "depot:levee", personnel: 60)],"#,
        m.at(1125.0, 775.0)
    );
    let scenario = load_with_forces(m, &m.asc(|_, _| 100.0), "", &forces, &flood, 12.0);
    let mut sim = Sim::new(&scenario, 1);
    // Before the breach there is nothing to close.
    let early = sim.submit(Order::Dispatch {
        unit: "team:flood".into(),
        task: Task::CloseBreach {
            dike: "dike:river-left".into(),
        },
    });
    assert!(matches!(early, Err(OrderError::NoSuchHazard { .. })), "{early:?}");
    sim.step(Tick::from_minutes(30).0);
    sim.submit(Order::Dispatch {
        unit: "team:flood".into(),
        task: Task::CloseBreach {
            dike: "dike:river-left".into(),
        },
    })
    .unwrap();
    let mut events = sim.drain_events();
    while sim.view().tick < Tick::from_hours(12.0) {
        sim.step(1);
        events.extend(sim.drain_events());
    }
    let arrived = kinds(&events, "TeamArrived")[0].tick;
    let closed = kinds(&events, "BreachClosed");
    assert_eq!(closed.len(), 1);
    let hours = (closed[0].tick.0 - arrived.0) as f64 * 10.0 / 3600.0;
    assert!(
        (hours - 5.0).abs() < 1.0 / 360.0 + 1e-9,
        "closed after {hours} h at the breach"
    );
    let flood = sim.view().flood.unwrap();
    let dike = flood.dikes()[0].dike();
    assert!(dike.breached_cells().is_empty());
    let c = m.index(1025.0, DIKE_NORTH_M);
    assert_eq!(flood.bed_m()[c], 103.0, "rebuilt to its crest");
    // After the closure no water crosses: the protected side's volume stops
    // growing (it only spreads and infiltrates nothing here).
    let protected_volume = |sim: &Sim| -> f64 {
        let depth = sim.view().flood.unwrap().depth_m();
        depth[11 * m.width as usize..].iter().sum::<f64>() * m.cell_m * m.cell_m
    };
    let after_close = protected_volume(&sim);
    sim.step(Tick::from_hours(1.0).0);
    let later = protected_volume(&sim);
    assert!(after_close > 0.0, "the breach flooded the protected side first");
    assert!(
        (later - after_close).abs() <= 1e-9 * after_close,
        "{after_close} → {later} m³"
    );
}

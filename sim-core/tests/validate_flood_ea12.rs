//! UK Environment Agency 2D benchmark Tests 1 and 2 "in spirit", through the
//! local-inertial solver.
//!
//! Source: Néelz & Pender (2013), "Benchmarking the latest generation of 2D
//! hydraulic modelling packages", Environment Agency report SC120002 (and
//! the 2010 report SC080035), as summarised in `shared/reference/flood.md`
//! §3. The official DEMs are released only on request, and the sheet gives
//! their shape but not their levels, so both tests build a DEM of the
//! described shape and check what must hold whatever the exact levels:
//! the invariants the EA text names, and the fill-and-spill behaviour of
//! low-momentum flow over depressions (each pond fills to its sill before
//! water passes on, and settles back to it).
//!
//! - **Test 1, flooding a disconnected water body** (flood.md §3 table):
//!   700 m × 100 m, a 1D profile, n = 0.03, 10 m cells, a stage hydrograph
//!   on the upstream (west) edge rising from 9.7 m to 10.35 m and receding,
//!   ~20 h. Here: a depression connected to the edge, a ridge, and a
//!   depression behind it. The EA's key result is the final ponded level
//!   behind the ridge: with the ridge below the peak stage the pond fills,
//!   and once the stage falls it drains back to the ridge crest (its sill)
//!   and no lower; the connected depression follows the stage.
//! - **Test 2, filling of floodplain depressions** (flood.md §3 table):
//!   2000 m × 2000 m, a 4 × 4 "flattened egg box" of ~0.5 m deep
//!   depressions (a product of sinusoids) on mean slopes of 1:1500 (N–S) and
//!   1:3000 (W–E), ~2 m drop NW→SE; 20 m cells (10 000); n = 0.03; inflow
//!   on a 100 m line running south from the NW corner, peak 20 m³/s, time
//!   base ~85 min, 97 200 m³; 48 h; closed edges. Invariants from the sheet:
//!   the 97 200 m³ are all on the map, no pond above its sill, the eastern
//!   column of depressions (EA points 13–16) stays dry.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use sim_core::hazards::flood::shallow_water::{PointSource, ShallowWaterConfig, ShallowWaterFlood, SweEdge, SweEdges};
use sim_core::hazards::flood::{
    DEPTH_THRESHOLD_M, Edge, EdgeBoundary, FloodDomain, FloodSources, Hydrograph, LineInflow, LocalInertial,
    SolverParams,
};

/// How far a pond may stand above its sill at the end of a run, m. Water above a sill
/// drains through a Manning sheet over a saddle a cell or two wide: for a
/// head δ = 1 cm, q ≈ δ^(5/3)·(δ/Δx)^(1/2)/n ≈ 3e-4 m²/s, about 0.01 m³/s,
/// which lowers a 15 ha pond by ~0.25 mm/h (and less as δ falls) while its
/// upstream neighbours still feed it. So after the EA durations (20 h,
/// 48 h) ponds that overflowed stand millimetres above their sills (2 mm
/// in Test 1, 6–10 mm in Test 2's cascade); 2 cm bounds that, far below the
/// depths of the ponds (0.4–0.5 m).
const SILL_BAND_M: f64 = 0.02;

// ---------------------------------------------------------------------------
// Test 1: a pond behind a ridge.

const T1_CELL_M: f64 = 10.0;
const T1_WIDTH: usize = 70;
const T1_HEIGHT: usize = 10;
/// Stage on the west edge, m: 9.7 m, up to the EA's 10.35 m peak in 1 h,
/// held for 1 h, back to 9.7 m at 3 h and held to the end (20 h).
const T1_STAGE: [(f64, f64); 4] = [(0.0, 9.7), (3600.0, 10.35), (7200.0, 10.35), (10_800.0, 9.7)];
const T1_END_S: f64 = 20.0 * 3600.0;

/// Bed along the profile at easting `x` m: an entry reach at 9.5 m (under
/// water at any stage, so the first depression stays connected), a
/// depression to 8.8 m over 100–300 m, a ridge up to 10.2 m at 350 m, and
/// behind it a depression from 10.0 m down to 9.8 m and back over
/// 400–700 m (closed at the east), small enough to fill while the stage
/// tops the ridge.
fn t1_bed_at(x: f64) -> f64 {
    use std::f64::consts::PI;
    let sin2 = |a: f64| libm::sin(a) * libm::sin(a);
    if x < 100.0 {
        9.5
    } else if x < 300.0 {
        9.5 - 0.7 * sin2(PI * (x - 100.0) / 200.0)
    } else if x < 350.0 {
        9.5 + 0.7 * libm::sin(PI * (x - 300.0) / 100.0)
    } else if x < 400.0 {
        10.0 + 0.2 * libm::sin(PI * (x - 300.0) / 100.0)
    } else {
        10.0 - 0.2 * sin2(PI * (x - 400.0) / 300.0)
    }
}

fn t1_domain() -> FloodDomain {
    let bed = (0..T1_WIDTH * T1_HEIGHT)
        .map(|c| t1_bed_at(((c % T1_WIDTH) as f64 + 0.5) * T1_CELL_M))
        .collect();
    FloodDomain::new(T1_WIDTH, T1_HEIGHT, T1_CELL_M, bed, vec![0.03; T1_WIDTH * T1_HEIGHT])
        .unwrap()
        .with_boundary(
            Edge::West,
            EdgeBoundary::Stage(Hydrograph::new(T1_STAGE.to_vec()).unwrap()),
        )
        .unwrap()
}

#[test]
fn ea_test_1_pond_behind_a_ridge_keeps_its_sill_level() {
    let domain = t1_domain();
    let bed = domain.bed_m();
    let col = |x: usize| t1_bed_at((x as f64 + 0.5) * T1_CELL_M);
    // The ridge's crest cell and its level: the sill of the pond behind it.
    let crest = (30..40).max_by(|a, b| col(*a).total_cmp(&col(*b))).unwrap();
    let sill_m = col(crest);
    let behind = crest + 1..T1_WIDTH; // columns of the pond behind the ridge
    let front_bottom = (10..30).min_by(|a, b| col(*a).total_cmp(&col(*b))).unwrap();
    let behind_bottom = behind.clone().min_by(|a, b| col(*a).total_cmp(&col(*b))).unwrap();
    assert!(sill_m > 10.0 && sill_m < 10.35, "the peak stage overtops the ridge");
    let stage = Hydrograph::new(T1_STAGE.to_vec()).unwrap();

    let mut flood = LocalInertial::new(&domain, SolverParams::default()).unwrap();
    // First tick at which the stage exceeds the sill: until then the water
    // cannot cross the ridge.
    let mut overflow_tick = None;
    let mut behind_wet_at = None;
    let mut highest_surface_m = 0.0f64;
    let row = T1_HEIGHT / 2;
    let depth_at = |f: &LocalInertial, x: usize| f.depth_m()[row * T1_WIDTH + x];
    let ticks = (T1_END_S / 10.0) as u32;
    for tick in 1..=ticks {
        let t = f64::from(tick) * 10.0;
        let report = flood.advance(&domain, &FloodSources::default(), t);
        assert_eq!(report.non_finite_cells, 0);
        if overflow_tick.is_none() && stage.value_at(t) > sill_m {
            overflow_tick = Some(tick);
        }
        let behind_wet = flood
            .depth_m()
            .iter()
            .enumerate()
            .any(|(c, d)| c % T1_WIDTH > crest && *d > 0.0);
        if behind_wet && behind_wet_at.is_none() {
            behind_wet_at = Some(t);
        }
        if overflow_tick.is_none() {
            assert!(
                !behind_wet,
                "water behind the ridge at {t} s, stage {:.3} m below the sill {sill_m:.3} m",
                stage.value_at(t)
            );
        }
        for (c, d) in flood.depth_m().iter().enumerate() {
            if *d > 0.0 {
                highest_surface_m = highest_surface_m.max(d + bed[c]);
            }
        }
    }
    let overflow_s = f64::from(overflow_tick.unwrap()) * 10.0;
    let behind_wet_s = behind_wet_at.expect("the pond behind the ridge fills");

    // The final state: every column of each pond at one level.
    let level = |x: usize| depth_at(&flood, x) + col(x);
    let front_m = level(front_bottom);
    let behind_m = level(behind_bottom);
    let behind_spread_m = behind
        .clone()
        .filter(|x| depth_at(&flood, *x) > DEPTH_THRESHOLD_M)
        .map(level)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), l| (lo.min(l), hi.max(l)));
    let balance = *flood.volume_balance();
    println!(
        "EA Test 1 (in spirit): sill {sill_m:.4} m; stage above it from {overflow_s:.0} s, water behind the ridge from \
         {behind_wet_s:.0} s; final levels: connected pond {front_m:.6} m (stage 9.7), pond behind the ridge \
         {behind_m:.4} m (spread {:.1e} m); highest surface {highest_surface_m:.4} m; volume error {:.2e} of {:.0} m³",
        behind_spread_m.1 - behind_spread_m.0,
        balance.relative_error(),
        balance.throughput_m3()
    );

    assert!(
        behind_wet_s >= overflow_s,
        "dry behind the ridge until the stage tops it"
    );
    // The pond behind the ridge keeps the sill level: it cannot drain below
    // the crest, and water above the crest flows back over it.
    assert!(
        behind_m >= sill_m && behind_m <= sill_m + SILL_BAND_M,
        "pond behind the ridge at {behind_m:.4} m, sill {sill_m:.4} m"
    );
    assert!(
        behind_spread_m.1 - behind_spread_m.0 < DEPTH_THRESHOLD_M,
        "the pond lies flat"
    );
    // The connected depression follows the stage back down to 9.7 m (it
    // drains through the 0.2 m deep entry reach, no thin sheet).
    assert!(
        (front_m - 9.7).abs() < DEPTH_THRESHOLD_M,
        "connected pond at {front_m:.6} m"
    );
    // Water enters and leaves only through the stage edge.
    assert!(balance.boundary_inflow_m3 > 0.0 && balance.boundary_outflow_m3 > 0.0);
    assert!(balance.relative_error().abs() < 1e-9, "{balance:?}");
}

// ---------------------------------------------------------------------------
// Test 2: the egg box.

const T2_CELL_M: f64 = 20.0;
const T2_SIDE: usize = 100;
/// Depressions per side and their pitch, m.
const T2_BOXES: usize = 4;
const T2_PITCH_M: f64 = 500.0;
/// Amplitude of the egg-box term, m: 0.7 m makes each depression 0.50 m
/// deep from its bottom to its sill on the sloping plane (EA: ~0.5 m).
const T2_DEPTH_M: f64 = 0.7;
/// The inflow, m³/s: the EA's 20 m³/s peak over an ~85 min base; rise and
/// fall of 4 min each make the published 97 200 m³ (20 × 5100 − 10 × 480).
const T2_INFLOW: [(f64, f64); 4] = [(0.0, 0.0), (240.0, 20.0), (4860.0, 20.0), (5100.0, 0.0)];
const T2_VOLUME_M3: f64 = 97_200.0;
const T2_END_S: f64 = 48.0 * 3600.0;

/// The bed at (easting, southing) m from the NW corner: mean slopes 1:3000
/// eastwards and 1:1500 southwards, minus the product of sinusoids that
/// makes 4 × 4 identical depressions 0.5 m deep.
fn t2_bed_at(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let sx = libm::sin(PI * x / T2_PITCH_M);
    let sy = libm::sin(PI * y / T2_PITCH_M);
    10.0 - x / 3000.0 - y / 1500.0 - T2_DEPTH_M * sx * sx * sy * sy
}

fn t2_bed() -> Vec<f64> {
    (0..T2_SIDE * T2_SIDE)
        .map(|c| {
            let (x, y) = ((c % T2_SIDE) as f64 + 0.5, (c / T2_SIDE) as f64 + 0.5);
            t2_bed_at(x * T2_CELL_M, y * T2_CELL_M)
        })
        .collect()
}

/// A priority-queue key: elevation, then cell (a total order).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key(f64, usize);

impl Eq for Key {}

impl Ord for Key {
    /// Reversed, so `BinaryHeap` pops the lowest.
    fn cmp(&self, other: &Key) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn neighbours(c: usize) -> impl Iterator<Item = usize> {
    let (x, y) = (c % T2_SIDE, c / T2_SIDE);
    [
        (x > 0).then(|| c - 1),
        (x + 1 < T2_SIDE).then(|| c + 1),
        (y > 0).then(|| c - T2_SIDE),
        (y + 1 < T2_SIDE).then(|| c + T2_SIDE),
    ]
    .into_iter()
    .flatten()
}

/// The spill level (sill) of the depression whose bottom is `bottom`: flood
/// upwards from the bottom, always through the lowest cell on the shore
/// (Priority-Flood, Barnes et al. 2014), until the next cell is lower than
/// the water: the water has crossed the sill.
fn spill(bed: &[f64], bottom: usize) -> f64 {
    let mut seen = vec![false; bed.len()];
    let mut shore = BinaryHeap::from([Key(bed[bottom], bottom)]);
    seen[bottom] = true;
    let mut level = f64::NEG_INFINITY;
    while let Some(Key(z, c)) = shore.pop() {
        if z < level {
            return level;
        }
        level = level.max(z);
        for n in neighbours(c) {
            if !seen[n] {
                seen[n] = true;
                shore.push(Key(bed[n], n));
            }
        }
    }
    panic!("no sill: the whole map is one basin");
}

/// The local minimum reached by steepest descent from `c`.
fn descend(bed: &[f64], mut c: usize) -> usize {
    loop {
        let lowest = neighbours(c).min_by(|a, b| bed[*a].total_cmp(&bed[*b])).unwrap();
        if bed[lowest] >= bed[c] {
            return c;
        }
        c = lowest;
    }
}

/// One depression: its bottom cell and sill (spill level).
#[derive(Debug, Clone, Copy)]
struct Depression {
    bottom: usize,
    sill_m: f64,
}

/// The 16 depressions, numbered as the EA points: down each column from the
/// NW, columns west to east (so 13–16 are the eastern column).
fn depressions(bed: &[f64]) -> Vec<Depression> {
    let per_box = (T2_PITCH_M / T2_CELL_M) as usize;
    (0..T2_BOXES * T2_BOXES)
        .map(|k| {
            let (bx, by) = (k / T2_BOXES, k % T2_BOXES);
            let cells = (by * per_box..(by + 1) * per_box)
                .flat_map(|y| (bx * per_box..(bx + 1) * per_box).map(move |x| y * T2_SIDE + x));
            let bottom = cells.min_by(|a, b| bed[*a].total_cmp(&bed[*b])).unwrap();
            assert_eq!(descend(bed, bottom), bottom, "depression {} has a local minimum", k + 1);
            Depression {
                bottom,
                sill_m: spill(bed, bottom),
            }
        })
        .collect()
}

/// Volume of the pond at `level_m` over the cells draining to `bottom`
/// (cells of that basin below the level and connected to the bottom), m³.
fn pond_volume_m3(bed: &[f64], basin: &[usize], bottom: usize, level_m: f64) -> f64 {
    let mut seen = vec![false; bed.len()];
    let mut stack = vec![bottom];
    seen[bottom] = true;
    let mut volume = 0.0;
    while let Some(c) = stack.pop() {
        volume += (level_m - bed[c]) * T2_CELL_M * T2_CELL_M;
        for n in neighbours(c) {
            if !seen[n] && basin[n] == bottom && bed[n] < level_m {
                seen[n] = true;
                stack.push(n);
            }
        }
    }
    volume
}

/// The egg box and its depressions, shared by the runs of both solvers.
struct EggBox {
    bed: Vec<f64>,
    deps: Vec<Depression>,
    /// The bottom each cell drains to by steepest descent.
    basin: Vec<usize>,
    inflow_cells: Vec<usize>,
    /// The depression the inflow runs into.
    first: usize,
}

/// What a run left at 48 h.
struct EggBoxRun<'a> {
    solver: &'a str,
    steps: u64,
    depth_m: &'a [f64],
    /// Deepest water ever seen in the eastern column of depressions, m.
    east_max_depth_m: f64,
    inflow_m3: f64,
    storage_m3: f64,
    relative_volume_error: f64,
}

impl EggBox {
    fn new() -> EggBox {
        let bed = t2_bed();
        let deps = depressions(&bed);
        let basin: Vec<usize> = (0..bed.len()).map(|c| descend(&bed, c)).collect();
        let inflow_cells: Vec<usize> = (0..5).map(|row| row * T2_SIDE).collect(); // 100 m south from the NW corner
        let first = deps.iter().position(|d| d.bottom == basin[inflow_cells[2]]).unwrap();
        EggBox {
            bed,
            deps,
            basin,
            inflow_cells,
            first,
        }
    }

    fn inflow() -> Hydrograph {
        Hydrograph::new(T2_INFLOW.to_vec()).unwrap()
    }

    fn is_east(c: usize) -> bool {
        (c % T2_SIDE) as f64 * T2_CELL_M >= 3.0 * T2_PITCH_M
    }

    /// Checks the EA invariants on a run's final state (panics with every
    /// failure).
    fn check(&self, run: &EggBoxRun<'_>) {
        let (bed, deps) = (&self.bed, &self.deps);
        let level: Vec<Option<f64>> = deps
            .iter()
            .map(|d| (run.depth_m[d.bottom] > 0.0).then(|| run.depth_m[d.bottom] + bed[d.bottom]))
            .collect();
        let full = |k: usize| level[k].is_some_and(|l| l > deps[k].sill_m - DEPTH_THRESHOLD_M);

        println!(
            "EA Test 2 (in spirit), {}, 20 m, {} steps; pond levels at 48 h, m:",
            run.solver, run.steps
        );
        let mut failures = Vec::new();
        let mut ponded_m3 = 0.0;
        for (k, d) in deps.iter().enumerate() {
            let pond = level[k].map_or(0.0, |l| pond_volume_m3(bed, &self.basin, d.bottom, l));
            ponded_m3 += pond;
            println!(
                "  {:2}: bottom {:.3}, sill {:.3}, level {} ({pond:.0} m³)",
                k + 1,
                bed[d.bottom],
                d.sill_m,
                level[k].map_or("dry".to_string(), |l| format!(
                    "{l:.4}, {:+.4} to the sill",
                    l - d.sill_m
                )),
            );
            // No pond above its sill (beyond the drain-down band).
            if let Some(l) = level[k]
                && l > d.sill_m + SILL_BAND_M
            {
                failures.push(format!("pond {} at {l:.4} m, sill {:.4} m", k + 1, d.sill_m));
            }
            // Fill and spill: water reaches a depression other than the
            // inflow's only over the sill of a full neighbour above it (in
            // the 4 × 4 layout, diagonals included: the lowest point of each
            // rim is a corner shared by four depressions).
            let (bx, by) = (k / T2_BOXES, k % T2_BOXES);
            let fed = (0..deps.len()).any(|j| {
                let (jx, jy) = (j / T2_BOXES, j % T2_BOXES);
                j != k && jx.abs_diff(bx) <= 1 && jy.abs_diff(by) <= 1 && deps[j].sill_m > d.sill_m && full(j)
            });
            if level[k].is_some() && k != self.first && !fed {
                failures.push(format!(
                    "pond {} holds water though no neighbour above it is full",
                    k + 1
                ));
            }
        }
        let film_m3 = run.storage_m3 - ponded_m3;
        println!(
            "  inflow {:.1} m³, on the map {:.1} m³: ponded {ponded_m3:.0}, films {film_m3:.0}; volume error {:.2e}",
            run.inflow_m3, run.storage_m3, run.relative_volume_error
        );

        // The published inflow volume, all of it still on the closed map.
        if (run.inflow_m3 - T2_VOLUME_M3).abs() > 1e-6 * T2_VOLUME_M3 {
            failures.push(format!("inflow {:.3} m³", run.inflow_m3));
        }
        if run.relative_volume_error.abs() > 1e-9 {
            failures.push(format!("volume error {:.2e}", run.relative_volume_error));
        }
        // The inflow's depression fills and spills.
        if !full(self.first) {
            failures.push(format!("depression {} is not full", self.first + 1));
        }
        // The water has settled into the ponds: what is not in a pond is a
        // film the local-inertial scheme no longer moves (≤ its 1 mm wet/dry
        // threshold), at most 1 mm over the whole 4 km² map.
        let map_m2 = (T2_SIDE * T2_SIDE) as f64 * T2_CELL_M * T2_CELL_M;
        if !(film_m3 >= 0.0 && film_m3 <= DEPTH_THRESHOLD_M * map_m2) {
            failures.push(format!("{film_m3:.0} m³ outside the ponds"));
        }
        // The eastern column of depressions (EA points 13–16) never gets wet.
        if run.east_max_depth_m > 0.0 {
            failures.push(format!("eastern column wet ({:.4} m)", run.east_max_depth_m));
        }
        assert!(failures.is_empty(), "{}: {failures:#?}", run.solver);
    }
}

#[test]
fn ea_test_2_egg_box_fills_and_spills() {
    let egg_box = EggBox::new();
    let domain = FloodDomain::new(
        T2_SIDE,
        T2_SIDE,
        T2_CELL_M,
        egg_box.bed.clone(),
        vec![0.03; T2_SIDE * T2_SIDE],
    )
    .unwrap();
    let sources = FloodSources {
        lines: vec![LineInflow {
            cells: egg_box.inflow_cells.clone(),
            discharge_m3_per_s: EggBox::inflow(),
        }],
        ..FloodSources::default()
    };
    sources.validate(&domain).unwrap();
    let mut flood = LocalInertial::new(&domain, SolverParams::default()).unwrap();
    let mut steps = 0;
    for minute in 1..=(T2_END_S / 60.0) as u32 {
        let report = flood.advance(&domain, &sources, f64::from(minute) * 60.0);
        assert_eq!(report.non_finite_cells, 0);
        steps += report.steps;
    }
    let balance = *flood.volume_balance();
    let max_depth = flood.outputs().max_depth_m();
    egg_box.check(&EggBoxRun {
        solver: "local inertial",
        steps,
        depth_m: flood.depth_m(),
        east_max_depth_m: (0..max_depth.len())
            .filter(|c| EggBox::is_east(*c))
            .map(|c| max_depth[c])
            .fold(0.0, f64::max),
        inflow_m3: balance.inflow_m3,
        storage_m3: balance.storage_m3,
        relative_volume_error: balance.relative_error(),
    });
}

/// The same with the full shallow-water solver (second order, HLLC):
/// ~80 000 steps, about a CPU-minute in release and several in the test
/// profile, so not in the default run.
#[test]
#[ignore = "slow (≈ 1 CPU-min in release): cargo test --release -p sim-core --test validate_flood_ea12 -- --ignored"]
fn ea_test_2_egg_box_with_the_shallow_water_solver() {
    let egg_box = EggBox::new();
    let cells = T2_SIDE * T2_SIDE;
    let mut flood = ShallowWaterFlood::new(
        T2_SIDE,
        T2_SIDE,
        T2_CELL_M,
        egg_box.bed.clone(),
        vec![0.03; cells],
        vec![0.0; cells],
        SweEdges::all(SweEdge::Closed),
        ShallowWaterConfig::default(),
    )
    .unwrap();
    let inflow = EggBox::inflow();
    let line = egg_box.inflow_cells.clone();
    let mut steps = 0;
    let mut east_max_depth_m = 0.0f64;
    for minute in 1..=(T2_END_S / 60.0) as u32 {
        let report = flood.advance_with_sources(f64::from(minute) * 60.0, &mut |t, list| {
            let per_cell = inflow.value_at(t) / line.len() as f64;
            list.extend(line.iter().map(|&cell| PointSource {
                cell,
                rate_m3_per_s: per_cell,
            }));
        });
        steps += u64::from(report.steps);
        for (c, d) in flood.depth_m().iter().enumerate() {
            if EggBox::is_east(c) {
                east_max_depth_m = east_max_depth_m.max(*d);
            }
        }
    }
    let ledger = *flood.ledger();
    let storage_m3 = flood.volume_m3();
    let expected_m3 = ledger.expected_m3();
    egg_box.check(&EggBoxRun {
        solver: "shallow water",
        steps,
        depth_m: flood.depth_m(),
        east_max_depth_m,
        inflow_m3: ledger.source_m3,
        storage_m3,
        relative_volume_error: (storage_m3 - expected_m3) / expected_m3,
    });
}

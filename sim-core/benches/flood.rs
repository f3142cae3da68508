//! Throughput of the hazard kernels: `cargo bench -p sim-core --bench flood`
//! (optionally `-- NAME` to run only the cases whose name contains NAME).
//!
//! A plain `harness = false` bench timed with `std::time::Instant` plus the
//! process CPU time (criterion would add a duplicate `itertools` to the
//! workspace). Speed is measured here, never asserted in tests.
//!
//! Counting is LISFLOOD-FP's (`shared/reference/flood.md` §5): a cell update
//! is one cell of the map advanced by one solver step, dry or wet, and the
//! peer figure — LISFLOOD-FP 8.1 ACC, 2.1e7 cell updates per CPU-second —
//! was measured on one thread (OMP_NUM_THREADS=1) on EA Test 4 at 5 m
//! (80 000 cells, 10 858 steps, 41.5 CPU-s). So the cases run on one rayon
//! thread and report updates per CPU-second; the multi-thread line is a
//! scaling figure (per wall-second, all threads together), not a comparison
//! with the reference. On a shared machine wall time includes waiting for a
//! core; CPU time does not, which is why both are printed.
//!
//! Cases (≈ 15–25 s in all on one core):
//! - `flood/wet-1000`: a fully wet 1000 × 1000 grid of 10 m cells, 1 m of
//!   water on a 1:1000 bed, 100 steps of 1 s, θ = 1 (LISFLOOD-FP's default)
//!   and θ = 0.8 (Landlab's), every cell active every step;
//! - `flood/ea4`: EA Test 4 at 5 m (200 × 400 cells, n 0.05, the 20 m³/s
//!   hydrograph, 5 h, closed) stepped as LISFLOOD-FP steps, the same problem
//!   as the reference figure;
//! - `fire/*`: the two `sandtable bench fire` cases (1000 × 1000, GR2 at
//!   40 km/h).

use std::error::Error;
use std::time::Instant;

use sim_core::hazards::fire::{FireBehavior, FireField};
use sim_core::hazards::flood::{FloodDomain, FloodSources, LocalInertial, SolverParams};

/// CPU time of the whole process (all threads), s, from `/proc/self/stat`
/// (utime + stime in USER_HZ = 100 ticks/s, fixed by the Linux ABI); `None`
/// elsewhere.
fn process_cpu_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields of the line, the 12th and 13th after it.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let mut fields = rest.split(' ').skip(11);
    let utime: f64 = fields.next()?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Wall and CPU seconds of `work`.
fn timed<T>(work: impl FnOnce() -> T) -> (T, f64, Option<f64>) {
    let cpu0 = process_cpu_s();
    let start = Instant::now();
    let out = work();
    let wall = start.elapsed().as_secs_f64();
    let cpu = process_cpu_s().zip(cpu0).map(|(b, a)| b - a);
    (out, wall, cpu)
}

fn rate(updates: f64, wall: f64, cpu: Option<f64>) -> String {
    let per_cpu = match cpu {
        Some(c) if c > 0.0 => format!("{:.1} M/CPU-s ({c:.2} CPU-s)", updates / c / 1e6),
        _ => "CPU time n/a".to_string(),
    };
    format!("{:.1} M/s wall ({wall:.2} s), {per_cpu}", updates / wall / 1e6)
}

/// The fully wet grid: every cell is updated every step.
fn wet_grid(side: usize, theta: f64) -> Result<(FloodDomain, LocalInertial), Box<dyn Error>> {
    let cell_m = 10.0;
    let bed = (0..side * side).map(|c| -0.001 * cell_m * (c % side) as f64).collect();
    let domain = FloodDomain::new(side, side, cell_m, bed, vec![0.03; side * side])?;
    let params = SolverParams {
        theta,
        max_step_s: 1.0,
        ..SolverParams::default()
    };
    let mut flood = LocalInertial::new(&domain, params)?;
    flood.set_depths(vec![1.0; side * side])?;
    // One step first, so the timed steps start from flowing water and a
    // built workspace.
    flood.advance_whole_steps(&domain, &FloodSources::default(), 1.0);
    Ok((domain, flood))
}

fn bench_wet(pool: &rayon::ThreadPool, theta: f64) -> Result<(), Box<dyn Error>> {
    let side = 1000;
    let (domain, mut flood) = wet_grid(side, theta)?;
    let (report, wall, cpu) =
        timed(|| pool.install(|| flood.advance_whole_steps(&domain, &FloodSources::default(), 101.0)));
    let updates = report.steps as f64 * domain.cell_count() as f64;
    assert_eq!(report.cell_updates as f64, updates, "every cell is active");
    println!(
        "  θ = {theta}, {} thread(s), {} steps: {}",
        pool.current_num_threads(),
        report.steps,
        rate(updates, wall, cpu)
    );
    Ok(())
}

fn bench_ea4(pool: &rayon::ThreadPool) -> Result<(), Box<dyn Error>> {
    let (domain, sources) = sim_core::hazards::flood::reference_cases::ea_test_4()?;
    let mut flood = LocalInertial::new(&domain, SolverParams::default())?;
    let (report, wall, cpu) = timed(|| pool.install(|| flood.advance_whole_steps(&domain, &sources, 18_000.0)));
    let updates = report.steps as f64 * domain.cell_count() as f64;
    println!(
        "  {} thread(s), {} steps (LISFLOOD-FP: 10 858 steps, 41.5 CPU-s = 21 M/CPU-s): {}; active cells only: {:.1} M/s wall",
        pool.current_num_threads(),
        report.steps,
        rate(updates, wall, cpu),
        report.cell_updates as f64 / wall / 1e6
    );
    Ok(())
}

/// GR2 at a 40 km/h 10-m wind on flat ground (fire.md §3.3).
const GR2_40_KMH: FireBehavior = FireBehavior {
    head_ros_m_per_min: 31.25,
    head_azimuth_deg: 90.0,
    length_to_breadth: 2.168,
    heat_per_unit_area_kj_per_m2: 3000.0,
};

fn bench_fire(pool: &rayon::ThreadPool, cell_m: f64, minutes: f64) {
    let side = 1000;
    let mut field = FireField::new(side, side, cell_m, &vec![true; side * side]);
    let behavior = |_: usize| GR2_40_KMH;
    let (report, wall, cpu) = timed(|| {
        pool.install(|| {
            field.ignite((side / 2) * side + side / 10, 0.0, &behavior);
            field.advance(minutes, &behavior)
        })
    });
    println!(
        "  {cell_m} m cells, {:.0} h, {} thread(s), {} steps, {} cells burned: {}",
        minutes / 60.0,
        pool.current_num_threads(),
        report.steps,
        field.burned_cells(),
        rate(report.cell_updates as f64, wall, cpu)
    );
}

fn main() -> Result<(), Box<dyn Error>> {
    // `cargo bench` passes `--bench`; anything else not starting with `-`
    // is a name filter.
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let all = rayon::ThreadPoolBuilder::new().build()?;

    if wanted("flood/wet-1000") {
        println!("flood/wet-1000: fully wet 1000×1000 × 10 m, 1:1000 bed, local inertial");
        bench_wet(&one, 1.0)?;
        bench_wet(&one, 0.8)?;
        if all.current_num_threads() > 1 {
            bench_wet(&all, 1.0)?;
        }
    }
    if wanted("flood/ea4") {
        println!("flood/ea4: EA Test 4, 5 m, 5 h, LISFLOOD-FP-style whole steps, local inertial");
        bench_ea4(&one)?;
    }
    if wanted("fire/") {
        println!("fire/1000: GR2 at 40 km/h (31.25 m/min, L/W 2.168), 1000×1000 cells");
        bench_fire(&one, 30.0, 420.0);
        bench_fire(&one, 100.0, 1440.0);
    }
    Ok(())
}

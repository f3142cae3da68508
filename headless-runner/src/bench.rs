//! `sandtable bench`: throughput measurements (never timed assertions).

use std::time::Instant;

use clap::{Args, ValueEnum};
use sim_core::hazards::fire::{FireBehavior, FireField};
use sim_core::hazards::flood::{FloodDomain, FloodSources, LocalInertial, SolverParams};

use crate::Outcome;

/// What to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchTarget {
    /// Fire spread: 1000×1000 cells of 30 m, 7 h, and 1000×1000 of 100 m, 24 h.
    Fire,
    /// Local-inertial flood: EA Test 4 at 5 m (5 h) and a fully wet 1000×1000 grid (100 steps).
    Flood,
    /// People and forces: 10 000 people groups and 200 units over 24 h on top of the default fire.
    Agents,
}

/// Arguments of `sandtable bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// What to measure.
    target: BenchTarget,
    /// Worker threads; all cores if omitted.
    #[arg(long)]
    threads: Option<usize>,
}

/// One fire case: a homogeneous map, one ignition in the west, wind from the west.
struct FireCase {
    name: &'static str,
    cell_m: f64,
    side: usize,
    minutes: f64,
}

/// GR2 at a 40 km/h 10-m wind on flat ground (fire.md §3.3): 31.25 m/min, L/W 2.168.
const GR2_40_KMH: FireBehavior = FireBehavior {
    head_ros_m_per_min: 31.25,
    head_azimuth_deg: 90.0,
    length_to_breadth: 2.168,
    heat_per_unit_area_kj_per_m2: 3000.0,
};

/// CPU time of the whole process (all threads), s, from `/proc/self/stat`
/// (utime + stime in USER_HZ = 100 ticks/s, fixed by the Linux ABI); `None`
/// where that file does not exist. The peer figures in flood.md §5 are per
/// CPU-second on one thread, and on a shared machine wall time also counts
/// waiting for a core, so both are printed.
fn process_cpu_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let mut fields = rest.split(' ').skip(11);
    let utime: f64 = fields.next()?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// "N M/CPU-s" for `updates` done in the CPU time since `cpu0_s`.
fn per_cpu_s(updates: f64, cpu0_s: Option<f64>) -> String {
    match process_cpu_s().zip(cpu0_s).map(|(b, a)| b - a) {
        Some(cpu) if cpu > 0.0 => format!("{:.1} M/CPU-s ({cpu:.2} CPU-s)", updates / cpu / 1e6),
        _ => "CPU time n/a".to_string(),
    }
}

pub fn bench(args: &BenchArgs) -> anyhow::Result<Outcome> {
    let pool = crate::run::thread_pool(args.threads)?;
    match args.target {
        BenchTarget::Fire => {
            let cases = [
                FireCase {
                    name: "1000×1000 × 30 m, 7 h (pyretechnics: 2.6 s, 1 thread)",
                    cell_m: 30.0,
                    side: 1000,
                    minutes: 420.0,
                },
                FireCase {
                    name: "1000×1000 × 100 m, 24 h (Cell2Fire: ~2.6 s, 8-neighbour)",
                    cell_m: 100.0,
                    side: 1000,
                    minutes: 1440.0,
                },
            ];
            println!(
                "fire spread, GR2 40 km/h (31.25 m/min, L/W 2.168), {} threads",
                pool.current_num_threads()
            );
            for case in cases {
                let mut field = FireField::new(case.side, case.side, case.cell_m, &vec![true; case.side * case.side]);
                let behavior = |_: usize| GR2_40_KMH;
                let start = Instant::now();
                let report = pool.install(|| {
                    field.ignite((case.side / 2) * case.side + case.side / 10, 0.0, &behavior);
                    field.advance(case.minutes, &behavior)
                });
                let wall = start.elapsed().as_secs_f64();
                println!(
                    "  {}: {:.3} s wall, {} steps, {} cells burned, {:.1} M cell-updates/s",
                    case.name,
                    wall,
                    report.steps,
                    field.burned_cells(),
                    report.cell_updates as f64 / wall / 1e6
                );
            }
        }
        BenchTarget::Flood => bench_flood(&pool)?,
        BenchTarget::Agents => bench_agents(&pool)?,
    }
    Ok(Outcome::Ok)
}

/// The default fire drill with 100 villages of 235 people (100 household
/// groups each: 10 000 groups), 180 teams and 20 aircraft, all set to work
/// by `sim_core::many_agents::scripted_orders`, over 24 simulated hours.
fn bench_agents(pool: &rayon::ThreadPool) -> anyhow::Result<()> {
    use sim_core::determinism::Replayable;
    use sim_core::many_agents::{ScriptedSim, scenario_text};
    let text = scenario_text(100, 235, 180, 20);
    let scenario = sim_core::load_scenario("many-agents", &text, &mut sim_core::scenario::no_files)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut sim = ScriptedSim(sim_core::Sim::new(&scenario, 1));
    let groups: usize = sim
        .0
        .view()
        .people
        .iter()
        .flatten()
        .map(|p| p.settlement.units().len())
        .sum();
    let units = sim.0.view().teams.len() + sim.0.view().aircraft.len();
    println!(
        "agents: {groups} people groups, {units} units, 24 h on the default fire, {} threads",
        pool.current_num_threads()
    );
    let ticks = sim_core::Tick::from_hours(24.0).0;
    let cpu0 = process_cpu_s();
    let start = Instant::now();
    let mut events = 0usize;
    pool.install(|| {
        for _ in 0..ticks {
            sim.step_one();
            events += sim.0.drain_events().len();
        }
    });
    let wall = start.elapsed().as_secs_f64();
    let cpu = process_cpu_s().zip(cpu0).map(|(b, a)| b - a);
    println!(
        "  {wall:.2} s wall ({:.3} s per simulated hour, {:.0} ticks/s), {} CPU-s, {events} events",
        wall / 24.0,
        ticks as f64 / wall,
        cpu.map_or("?".to_string(), |c| format!("{c:.2}"))
    );
    Ok(())
}

/// EA Test 4 (flood.md §3: 200×400 cells of 5 m, n 0.05, 20 m³/s plateau,
/// 5 h, closed) with LISFLOOD-FP's whole steps, then a fully wet
/// 1000×1000 grid of 10 m cells (1 m of water on a 1:1000 bed, 100 steps of
/// 1 s). Cell-steps count every cell of the map per step, as LISFLOOD-FP's
/// 2.1e7 cell-updates/CPU-s (flood.md §5) does; active updates count only
/// the cells the solver visited. That reference is per CPU-second on one
/// thread: compare it with the M/CPU-s of a `--threads 1` run, not with the
/// wall rate of a multi-thread run (all threads together).
fn bench_flood(pool: &rayon::ThreadPool) -> anyhow::Result<()> {
    println!(
        "flood, local inertial (LISFLOOD-FP 8.1 ACC: 2.1e7 cell-updates/CPU-s, 1 thread), {} threads",
        pool.current_num_threads()
    );
    let (domain, sources) = sim_core::hazards::flood::reference_cases::ea_test_4()?;
    let mut flood = LocalInertial::new(&domain, SolverParams::default())?;
    let cpu0 = process_cpu_s();
    let start = Instant::now();
    let report = pool.install(|| flood.advance_whole_steps(&domain, &sources, 18_000.0));
    let wall = start.elapsed().as_secs_f64();
    let cell_steps = report.steps as f64 * domain.cell_count() as f64;
    println!(
        "  EA Test 4, 5 m, 5 h (LISFLOOD-FP ACC: 41.5 CPU-s, 10 858 steps): {wall:.2} s wall, {} steps, {:.1} M cell-steps/s, {}, {:.1} M active updates/s, volume error {:.1e}",
        report.steps,
        cell_steps / wall / 1e6,
        per_cpu_s(cell_steps, cpu0),
        report.cell_updates as f64 / wall / 1e6,
        flood.volume_balance().relative_error()
    );

    let side = 1000;
    let bed: Vec<f64> = (0..side * side).map(|c| -0.001 * 10.0 * (c % side) as f64).collect();
    let domain = FloodDomain::new(side, side, 10.0, bed, vec![0.03; side * side])?;
    let params = SolverParams {
        max_step_s: 1.0,
        ..SolverParams::default()
    };
    let mut flood = LocalInertial::new(&domain, params)?;
    flood.set_depths(vec![1.0; side * side])?;
    let cpu0 = process_cpu_s();
    let start = Instant::now();
    let report = pool.install(|| flood.advance_whole_steps(&domain, &FloodSources::default(), 100.0));
    let wall = start.elapsed().as_secs_f64();
    println!(
        "  1000×1000 × 10 m, fully wet, 1:1000 bed, 100 steps: {wall:.2} s wall, {} steps, {:.1} M cell-updates/s, {}",
        report.steps,
        report.cell_updates as f64 / wall / 1e6,
        per_cpu_s(report.cell_updates as f64, cpu0)
    );
    Ok(())
}

//! `sandtable bench`: throughput measurements (never timed assertions).

use std::time::Instant;

use clap::{Args, ValueEnum};
use sim_core::hazards::fire::{FireBehavior, FireField};

use crate::Outcome;

/// What to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchTarget {
    /// Fire spread: 1000×1000 cells of 30 m, 7 h, and 1000×1000 of 100 m, 24 h.
    Fire,
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
    }
    Ok(Outcome::Ok)
}

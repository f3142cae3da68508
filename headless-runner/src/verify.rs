//! `sandtable verify`: the determinism check of DESIGN.md rule 7.

use clap::Args;
use sim_core::determinism::{standard_plans, verify as verify_runs};
use sim_core::{ENGINE_VERSION, Sim};

use crate::Outcome;

/// Arguments of `sandtable verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Built-in scenario id or scenario file; the default drill if omitted.
    scenario: Option<String>,
    /// Simulated hours per run; the scenario's duration if omitted.
    #[arg(long)]
    hours: Option<f64>,
    /// Seed of the drill's randomness.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Runs the drill twice on 1 thread, twice on all cores (at least 2), and
/// once with snapshot → restore halfway; compares every tick's state hashes.
pub fn verify(args: &VerifyArgs) -> anyhow::Result<Outcome> {
    let scenario = crate::source::load(args.scenario.as_deref())?;
    let make = || Sim::new(&scenario, args.seed);
    let ticks = crate::run::ticks_for(args.hours, make().end())?;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
    let plans = standard_plans(ticks, cores);
    println!(
        "Sandtable {ENGINE_VERSION} · verify {} seed {} over {ticks} ticks, {} runs:",
        scenario.file.id,
        args.seed,
        plans.len()
    );
    for p in &plans {
        println!("  - {}", p.name);
    }
    let report = verify_runs(&make, ticks, plans)?;
    match report.divergence {
        None => {
            println!(
                "identical: every state hash of every tick agrees (final {:016x})",
                report.final_hash
            );
            Ok(Outcome::Ok)
        }
        Some(d) => {
            println!("DIVERGED: {d}");
            Ok(Outcome::CheckFailed)
        }
    }
}

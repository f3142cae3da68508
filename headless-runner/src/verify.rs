//! `sandtable verify`: the determinism check of DESIGN.md rule 7.

use clap::Args;
use sim_core::determinism::{Replayable, standard_plans, verify as verify_runs};
use sim_core::many_agents::{ScriptedSim, scenario_text};
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
    /// Instead of a scenario: the default fire with 20 villages (520 people
    /// groups), 50 teams and 6 aircraft, all set to work by a fixed script
    /// of orders (`sim_core::many_agents`).
    #[arg(long, conflicts_with = "scenario")]
    many_agents: bool,
}

/// Runs the drill twice on 1 thread, twice on all cores (at least 2), and
/// once with snapshot → restore halfway; compares every tick's state hashes.
pub fn verify(args: &VerifyArgs) -> anyhow::Result<Outcome> {
    if args.many_agents {
        let text = scenario_text(20, 60, 50, 6);
        let scenario = sim_core::load_scenario("many-agents", &text, &mut sim_core::scenario::no_files)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let make = || ScriptedSim(Sim::new(&scenario, args.seed));
        let ticks = crate::run::ticks_for(args.hours, make().0.end())?;
        return verify_with(
            &make,
            "many-agents (520 people groups, 56 units, scripted orders)",
            args.seed,
            ticks,
        );
    }
    let scenario = crate::source::load(args.scenario.as_deref())?;
    let make = || Sim::new(&scenario, args.seed);
    let ticks = crate::run::ticks_for(args.hours, make().end())?;
    verify_with(&make, &scenario.file.id, args.seed, ticks)
}

/// Runs the standard plans of `make`'s drill and prints the verdict.
fn verify_with<S: Replayable>(
    make: &(dyn Fn() -> S + Sync),
    name: &str,
    seed: u64,
    ticks: u64,
) -> anyhow::Result<Outcome> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
    let plans = standard_plans(ticks, cores);
    println!(
        "Sandtable {ENGINE_VERSION} · verify {name} seed {seed} over {ticks} ticks, {} runs:",
        plans.len()
    );
    for p in &plans {
        println!("  - {}", p.name);
    }
    let report = verify_runs(make, ticks, plans)?;
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

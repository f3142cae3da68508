//! `sandtable`: run, verify and list Sandtable drills without a window; plan checks.
//!
//! Exit codes: 0 ok; 1 a check was not met (a determinism divergence, a
//! replay that does not match its record's checkpoints, a grade below
//! `score --fail-below`);
//! 2 error (bad arguments, bad file) with the whole error chain.

mod atomic;
mod bench;
mod coverage;
mod coverage_cmd;
mod fire_behavior;
mod list;
mod merge;
mod merge_svg;
mod replay;
mod report;
mod run;
mod score;
mod source;
mod sweep;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Sandtable (沙盘推演): emergency drills for Inner Mongolia, headless.
#[derive(Debug, Parser)]
#[command(name = "sandtable", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List built-in scenarios and the scenario files under a folder.
    List(list::ListArgs),
    /// Run a drill headless and write summary.json and events.jsonl.
    Run(run::RunArgs),
    /// Replay a saved drill record, check its checkpoints, and write summary.json and events.jsonl.
    Replay(replay::ReplayArgs),
    /// Replay a drill record and score it: score.json, report.md, report.html.
    Score(score::ScoreArgs),
    /// Run a drill several ways and check that every tick's state hash agrees.
    Verify(verify::VerifyArgs),
    /// Measure throughput (fire spread, flood solvers).
    Bench(bench::BenchArgs),
    /// Point fire behaviour for one set of conditions (the simulation's own per-cell code).
    FireBehavior(fire_behavior::FireBehaviorArgs),
    /// Plan check: area and population reachable by air within a time limit from aviation stations.
    Coverage(coverage_cmd::CoverageArgs),
    /// Play a drill record on many variants (seed, weather, ignition), one JSON line per run; shardable.
    Sweep(sweep::SweepArgs),
    /// Merge a sweep's shards: per standard, the probability of meeting it, with a 95 % interval.
    Merge(merge::MergeArgs),
}

/// What a command asks the process to exit with, short of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Everything as expected.
    Ok,
    /// The command ran but a check it makes was not met.
    CheckFailed,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; everything else is exit 2.
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run_command(cli.command) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::CheckFailed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run_command(command: Command) -> anyhow::Result<Outcome> {
    match command {
        Command::List(args) => list::list(&args),
        Command::Run(args) => run::run(&args),
        Command::Replay(args) => replay::replay(&args),
        Command::Score(args) => score::score(&args),
        Command::Verify(args) => verify::verify(&args),
        Command::Bench(args) => bench::bench(&args),
        Command::FireBehavior(args) => fire_behavior::fire_behavior(&args),
        Command::Coverage(args) => coverage_cmd::coverage(&args),
        Command::Sweep(args) => sweep::sweep(&args),
        Command::Merge(args) => merge::merge(&args),
    }
}

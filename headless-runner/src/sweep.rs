//! `sandtable sweep`: one drill record on many variants of its scenario,
//! in parallel, one JSON line per run; shardable across machines.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;
use rayon::prelude::*;
use sim_core::evaluation::{Standards, builtin_standards, load_standards};
use sim_core::sweep::{RunLine, SweepId, Vary, run_variant};
use sim_core::{DrillRecord, Scenario, Tick};

use crate::Outcome;
use crate::atomic::write_atomically;
use crate::run::thread_pool;

/// Arguments of `sandtable sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Built-in scenario id or scenario file the drill was recorded on.
    pub scenario: String,
    /// The drill record (`.ron`) whose orders every run re-submits.
    #[arg(long)]
    pub drill: PathBuf,
    /// Runs in the whole sweep (all shards together).
    #[arg(long)]
    pub runs: u64,
    /// What varies between runs: any of `seed`, `weather`, `ignition`,
    /// comma-separated.
    #[arg(long, default_value = "seed")]
    pub vary: String,
    /// Run only shard K of N: the runs whose index i has i mod N = K
    /// (0 ≤ K < N). A Slurm array task passes
    /// `$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT`, a Kubernetes indexed
    /// Job `$JOB_COMPLETION_INDEX/<completions>`.
    #[arg(long)]
    pub shard: Option<Shard>,
    /// Base seed the runs' seeds derive from; the record's seed if omitted.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Simulated hours every run lasts; as long as the record if omitted.
    /// Scored at that hour: a task not done by then counts as missed, so a
    /// short run suits tests and scale checks, not planning answers.
    #[arg(long)]
    pub hours: Option<f64>,
    /// Standards file; the scenario's built-in standards if omitted.
    #[arg(long)]
    pub standards: Option<PathBuf>,
    /// Output folder; `out/sweep-<record file stem>` if omitted.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (runs in parallel); all cores if omitted. Results do
    /// not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

/// `K/N`: shard K of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, 0-based.
    pub index: u64,
    /// Shards in all.
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("--shard takes K/N, like 0/4, not `{s}`"))?;
        let index: u64 = k
            .trim()
            .parse()
            .map_err(|_| format!("--shard: `{k}` is not a number"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("--shard: `{n}` is not a number"))?;
        if count == 0 || index >= count {
            return Err(format!("--shard K/N needs 0 ≤ K < N, not {index}/{count}"));
        }
        Ok(Shard { index, count })
    }
}

pub fn sweep(args: &SweepArgs) -> anyhow::Result<Outcome> {
    let vary = Vary::from_str(&args.vary).map_err(|e| anyhow::anyhow!("--vary: {e}"))?;
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let scenario = crate::source::load(Some(&args.scenario))?;
    let record = crate::replay::read_record(&args.drill, false)?;
    if record.scenario_id != scenario.file.id {
        bail!(
            "the record {} is for scenario `{}`, not `{}`",
            args.drill.display(),
            record.scenario_id,
            scenario.file.id
        );
    }
    let standards = standards_for(&scenario, args.standards.as_ref())?;
    let end = match args.hours {
        None => record.replay_end(),
        Some(h) if h.is_finite() && h > 0.0 && h <= 24.0 * 365.0 => Tick::from_hours(h),
        Some(h) => bail!("--hours must be more than 0 and at most 8760, not {h}"),
    };
    let pool = thread_pool(args.threads)?;
    let base_seed = args.seed.unwrap_or(record.seed);
    let id = SweepId::new(&scenario, &record, &standards, vary, base_seed, args.runs, end);
    let shard = args.shard.unwrap_or(Shard { index: 0, count: 1 });
    let indices: Vec<u64> = (0..args.runs).filter(|i| i % shard.count == shard.index).collect();
    let out = args.out.clone().unwrap_or_else(|| {
        let stem = args.drill.file_stem().and_then(|s| s.to_str()).unwrap_or("drill");
        PathBuf::from(format!("out/sweep-{stem}"))
    });
    let file = out.join(shard_file_name(args.shard));

    println!(
        "Sandtable {} · sweep of {} on {} · {} of {} runs (shard {}/{}), vary {}, base seed {}, {:.1} h each",
        sim_core::ENGINE_VERSION,
        args.drill.display(),
        scenario.file.id,
        indices.len(),
        args.runs,
        shard.index,
        shard.count,
        vary,
        base_seed,
        end.hours()
    );
    let started = Instant::now();
    let lines = pool.install(|| run_all(&scenario, &record, &standards, &id, vary, &indices))?;
    let mut text = String::new();
    for line in &lines {
        text.push_str(&serde_json::to_string(line).context("cannot encode a run line")?);
        text.push('\n');
    }
    write_atomically(&file, text.as_bytes())?;
    let seconds = started.elapsed().as_secs_f64();
    let per_min = if seconds > 0.0 {
        lines.len() as f64 / seconds * 60.0
    } else {
        0.0
    };
    println!(
        "{} runs in {seconds:.1} s ({per_min:.1} runs/min on {} threads); wrote {}",
        lines.len(),
        pool.current_num_threads(),
        file.display()
    );
    Ok(Outcome::Ok)
}

/// Runs `indices` in parallel; the lines come back in index order whatever
/// thread ran them (`par_iter().map().collect()` keeps order).
fn run_all(
    scenario: &Scenario,
    record: &DrillRecord,
    standards: &Standards,
    id: &SweepId,
    vary: Vary,
    indices: &[u64],
) -> anyhow::Result<Vec<RunLine>> {
    indices
        .par_iter()
        .map(|&i| run_variant(scenario, record, standards, id, vary, i).with_context(|| format!("run {i} failed")))
        .collect()
}

/// `runs.jsonl`, or `runs-shard-K-of-N.jsonl` for a shard.
fn shard_file_name(shard: Option<Shard>) -> String {
    match shard {
        None => "runs.jsonl".to_owned(),
        Some(s) => format!("runs-shard-{}-of-{}.jsonl", s.index, s.count),
    }
}

/// The standards named, or the scenario's built-in ones.
pub fn standards_for(scenario: &Scenario, file: Option<&PathBuf>) -> anyhow::Result<Standards> {
    if let Some(path) = file {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read standards {}", path.display()))?;
        return Ok(load_standards(&path.display().to_string(), &text)?);
    }
    let id = &scenario.file.standards;
    let Some(text) = builtin_standards(id) else {
        bail!(
            "the scenario is scored against standards `{id}`, which are not built in; name the file with --standards"
        );
    };
    Ok(load_standards(&format!("builtin:{id}"), text)?)
}

//! `sandtable replay`: a saved drill record played again, checked against
//! its checkpoints, to summary.json and events.jsonl like `run`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use sim_core::record::{from_text, replay as replay_record, salvage};
use sim_core::{DrillRecord, ENGINE_VERSION, RecordError, Scenario, TimedEvent, builtin};

use crate::Outcome;
use crate::atomic::write_atomically;
use crate::run::{encode_outputs, people_counts, thread_pool};

/// Arguments of `sandtable replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The drill record (`.ron`) to replay.
    pub record: PathBuf,
    /// Built-in scenario id or scenario file; the built-in the record names
    /// if omitted.
    #[arg(long)]
    pub scenario: Option<String>,
    /// Output folder; `out/<record file stem>-replay` if omitted.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replay the intact part of a damaged record (up to its first bad line)
    /// instead of refusing it.
    #[arg(long)]
    pub salvage: bool,
    /// Worker threads for the grids; all cores if omitted.
    #[arg(long)]
    pub threads: Option<usize>,
}

pub fn replay(args: &ReplayArgs) -> anyhow::Result<Outcome> {
    let record = read_record(&args.record, args.salvage)?;
    let scenario = scenario_for(&record, args.scenario.as_deref())?;
    let pool = thread_pool(args.threads)?;
    let out = args.out.clone().unwrap_or_else(|| {
        let stem = args.record.file_stem().and_then(|s| s.to_str()).unwrap_or("record");
        PathBuf::from(format!("out/{stem}-replay"))
    });

    let mut events: Vec<TimedEvent> = Vec::new();
    let result = pool.install(|| {
        replay_record(&scenario, &record, |_, tick_events| {
            events.extend_from_slice(tick_events);
        })
    });
    // On a divergence, still write what was reproduced up to it.
    let (final_tick, final_hash, outcome) = match &result {
        Ok(report) => (report.final_tick, report.final_state_hash, Outcome::Ok),
        Err(RecordError::CheckpointMismatch { tick, found, .. }) => (*tick, *found, Outcome::CheckFailed),
        Err(e) => bail!("{e}"),
    };
    let people = result.as_ref().map(|r| people_counts(&r.final_sim)).unwrap_or_default();
    let outputs = encode_outputs(
        &scenario,
        record.seed,
        final_tick.0,
        final_tick,
        final_hash,
        &events,
        people,
    )?;
    write_atomically(&out.join("summary.json"), &outputs.summary_json)?;
    write_atomically(&out.join("events.jsonl"), &outputs.events_jsonl)?;

    println!(
        "Sandtable {ENGINE_VERSION} · replay of {} · {} / {}",
        args.record.display(),
        outputs.summary.scenario.title_zh,
        outputs.summary.scenario.title_en
    );
    println!(
        "scenario {} v{} (content {}), seed {}, recorded by engine {}",
        record.scenario_id,
        record.scenario_version,
        outputs.summary.scenario.content_hash,
        record.seed,
        record.engine_version
    );
    match &result {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            println!(
                "replayed {} entries ({} refused, as recorded) to {}; {} checkpoints match",
                report.entries_replayed, report.entries_refused, report.final_tick, report.checkpoints_checked
            );
        }
        Err(e) => eprintln!("error: {e}"),
    }
    println!("final state hash: {}", outputs.summary.final_state_hash);
    println!(
        "wrote {}, {}",
        out.join("summary.json").display(),
        out.join("events.jsonl").display()
    );
    Ok(outcome)
}

/// Reads a record; with `salvage`, a damaged one up to its first bad line.
pub(crate) fn read_record(path: &Path, salvage_it: bool) -> anyhow::Result<DrillRecord> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read record {}", path.display()))?;
    let name = path.display().to_string();
    if !salvage_it {
        return Ok(from_text(&name, &text)?);
    }
    let salvaged = salvage(&name, &text)?;
    if let Some(problem) = &salvaged.problem {
        eprintln!("warning: {problem}");
        eprintln!(
            "warning: salvaged {} entries up to line {}; replaying those",
            salvaged.record.entries.len(),
            salvaged.last_good_line
        );
    }
    Ok(salvaged.record)
}

/// The scenario to replay on: the one named, or the built-in the record is for.
fn scenario_for(record: &DrillRecord, arg: Option<&str>) -> anyhow::Result<Scenario> {
    if arg.is_some() {
        return crate::source::load(arg);
    }
    if builtin::find(&record.scenario_id).is_none() {
        bail!(
            "the record is for scenario `{}`, which is not built in; name its file with --scenario",
            record.scenario_id
        );
    }
    crate::source::load(Some(&record.scenario_id))
}

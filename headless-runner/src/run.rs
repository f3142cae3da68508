//! `sandtable run`: one drill, headless, to summary.json and events.jsonl,
//! scored against the scenario's standards (score.json, report.md,
//! report.html).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use sim_core::{ENGINE_VERSION, Sim, TICK_SECONDS, Tick, TimedEvent};

use crate::Outcome;
use crate::atomic::write_atomically;

/// Arguments of `sandtable run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Built-in scenario id or scenario file; the default drill if omitted.
    scenario: Option<String>,
    /// Seed of the drill's randomness.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Simulated hours to run; the scenario's duration if omitted.
    #[arg(long)]
    hours: Option<f64>,
    /// Output folder; `out/<scenario>-seed<N>` if omitted.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Worker threads for the grids; all cores if omitted.
    #[arg(long)]
    threads: Option<usize>,
    /// Replay this drill record instead (as `sandtable replay`); the
    /// scenario, if given, must be the record's.
    #[arg(long, conflicts_with_all = ["seed", "hours"])]
    drill: Option<PathBuf>,
}

/// What `summary.json` holds. Everything in it is deterministic: no wall
/// times, no paths, so two runs can be compared byte for byte.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub scenario: ScenarioSummary,
    engine_version: &'static str,
    seed: u64,
    tick_seconds: u64,
    ticks: u64,
    simulated_hours: f64,
    pub final_state_hash: String,
    pub events_total: u64,
    pub event_counts: BTreeMap<&'static str, u64>,
    /// People per state at the end, by place.
    pub people: BTreeMap<String, sim_core::agents::StateCounts>,
}

#[derive(Debug, Serialize)]
pub struct ScenarioSummary {
    pub id: String,
    pub version: u32,
    pub content_hash: String,
    pub title_zh: String,
    pub title_en: String,
}

/// One line of `events.jsonl`.
#[derive(Debug, Serialize)]
struct EventLine<'a> {
    tick: u64,
    time: String,
    kind: &'static str,
    event: &'a sim_core::Event,
}

/// Checks the numeric arguments before any work starts.
pub fn ticks_for(hours: Option<f64>, end: Tick) -> anyhow::Result<u64> {
    match hours {
        None => Ok(end.0),
        Some(h) if h.is_finite() && h > 0.0 && h <= 24.0 * 365.0 => Ok(Tick::from_hours(h).0),
        Some(h) => bail!("--hours must be more than 0 and at most 8760, not {h}"),
    }
}

/// A rayon pool of `threads` (all cores when `None`).
pub fn thread_pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    if threads == Some(0) {
        bail!("--threads must be at least 1");
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")
}

pub fn run(args: &RunArgs) -> anyhow::Result<Outcome> {
    if let Some(record) = &args.drill {
        return crate::replay::replay(&crate::replay::ReplayArgs {
            record: record.clone(),
            scenario: args.scenario.clone(),
            out: args.out.clone(),
            salvage: false,
            threads: args.threads,
            report: true,
        });
    }
    let scenario = crate::source::load(args.scenario.as_deref())?;
    let pool = thread_pool(args.threads)?;
    let mut sim = Sim::new(&scenario, args.seed);
    let ticks = ticks_for(args.hours, sim.end())?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("out/{}-seed{}", scenario.file.id, args.seed)));

    let started = Instant::now();
    let progress = progress_bar(ticks);
    let mut events: Vec<TimedEvent> = Vec::new();
    pool.install(|| {
        // Chunks of one simulated hour keep the bar moving; chunking does not
        // change results (`step(n)` is n × `step(1)`).
        let chunk = 3600 / TICK_SECONDS;
        let mut done = 0;
        while done < ticks {
            let n = chunk.min(ticks - done);
            sim.step(n);
            events.extend(sim.drain_events());
            done += n;
            progress.set_position(done);
        }
    });
    progress.finish_and_clear();
    let wall = started.elapsed();

    let outputs = encode_outputs(
        &scenario,
        args.seed,
        ticks,
        sim.tick(),
        sim.state_hash(),
        &events,
        people_counts(&sim),
    )?;
    let summary = &outputs.summary;
    let version = summary.scenario.version;
    write_atomically(&out.join("summary.json"), &outputs.summary_json)?;
    write_atomically(&out.join("events.jsonl"), &outputs.events_jsonl)?;
    let mut written = vec![out.join("summary.json"), out.join("events.jsonl")];
    if let Some(flood) = sim.view().flood {
        // One row per gauge sample: time, gauge, depth.
        let mut csv = String::from("time_s,gauge_id,depth_m\n");
        for gauge in flood.gauges() {
            for (t, d) in &gauge.samples {
                csv.push_str(&format!("{t},{},{d:.4}\n", gauge.id));
            }
        }
        write_atomically(&out.join("gauges.csv"), csv.as_bytes())?;
        written.push(out.join("gauges.csv"));
    }

    println!(
        "Sandtable {ENGINE_VERSION} · {} / {}",
        summary.scenario.title_zh, summary.scenario.title_en
    );
    println!(
        "scenario {} v{} (content {}), seed {}",
        summary.scenario.id, version, summary.scenario.content_hash, args.seed
    );
    let speedup = sim.tick().seconds() as f64 / wall.as_secs_f64().max(1e-9);
    println!(
        "ran {ticks} ticks ({:.2} h simulated) in {:.2} s wall, {speedup:.0}× real time",
        summary.simulated_hours,
        wall.as_secs_f64()
    );
    let counts: Vec<String> = summary.event_counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("events: {} ({})", summary.events_total, counts.join(", "));
    println!("final state hash: {}", summary.final_state_hash);
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    println!("wrote {}", names.join(", "));
    // The run is scored as it ran, with the standards the scenario names.
    match crate::score::scenario_standards(&scenario) {
        Ok(standards) => {
            let overview = crate::score::overview_of(&scenario, args.seed, &sim, &standards);
            crate::score::score_and_report(&out, &overview, &standards, &scenario, &events, &sim)?;
        }
        Err(e) => eprintln!("warning: {e:#}; not scored"),
    }
    Ok(Outcome::Ok)
}

/// `summary.json` and `events.jsonl` of a finished drill, encoded.
pub struct Outputs {
    pub summary: Summary,
    pub summary_json: Vec<u8>,
    pub events_jsonl: Vec<u8>,
}

/// Encodes the outputs of a drill of `scenario` with `seed` that ran
/// `ticks` ticks to `final_tick` and emitted `events` (shared by `run` and
/// `replay`, so a replay's files compare byte for byte with a run's).
pub fn encode_outputs(
    scenario: &sim_core::Scenario,
    seed: u64,
    ticks: u64,
    final_tick: Tick,
    final_state_hash: u64,
    events: &[TimedEvent],
    people: BTreeMap<String, sim_core::agents::StateCounts>,
) -> anyhow::Result<Outputs> {
    let mut counts: BTreeMap<&'static str, u64> = BTreeMap::new();
    for e in events {
        *counts.entry(e.event.kind_name()).or_default() += 1;
    }
    let summary = Summary {
        scenario: ScenarioSummary {
            id: scenario.file.id.clone(),
            version: scenario.file.version,
            content_hash: format!("{:016x}", scenario.content_hash),
            title_zh: scenario.file.title.zh.clone(),
            title_en: scenario.file.title.en.clone(),
        },
        engine_version: ENGINE_VERSION,
        seed,
        tick_seconds: TICK_SECONDS,
        ticks,
        simulated_hours: final_tick.hours(),
        final_state_hash: format!("{final_state_hash:016x}"),
        events_total: events.len() as u64,
        event_counts: counts,
        people,
    };
    let mut jsonl = Vec::new();
    for e in events {
        let line = EventLine {
            tick: e.tick.0,
            time: e.tick.to_string(),
            kind: e.event.kind_name(),
            event: &e.event,
        };
        serde_json::to_writer(&mut jsonl, &line).context("cannot encode an event")?;
        jsonl.push(b'\n');
    }
    let summary_json = serde_json::to_vec_pretty(&summary).context("cannot encode the summary")?;
    Ok(Outputs {
        summary,
        summary_json,
        events_jsonl: jsonl,
    })
}

/// A progress bar on stderr, hidden when stderr is not a terminal.
pub fn progress_bar(ticks: u64) -> ProgressBar {
    let bar = ProgressBar::new(ticks);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {wide_bar} {pos}/{len} ticks ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// People per state at the end of a drill, by place.
pub fn people_counts(sim: &Sim) -> BTreeMap<String, sim_core::agents::StateCounts> {
    let view = sim.view();
    view.places
        .iter()
        .zip(view.people)
        .filter_map(|(p, people)| Some((p.id.clone(), people.as_ref()?.settlement.counts())))
        .collect()
}

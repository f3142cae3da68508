//! `sandtable score`: a drill record replayed and scored against the
//! standards, to score.json, report.md and a self-contained report.html.
//! Also the scoring step `sandtable run` ends with.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use sim_core::evaluation::{FinalState, Grade, Standards, builtin_standards, load_standards, score as score_drill};
use sim_core::record::replay as replay_record;
use sim_core::{DrillRecord, ENGINE_VERSION, RecordError, ReplayReport, Scenario, ScoreCard, Sim, TimedEvent};

use crate::Outcome;
use crate::replay::{read_record, scenario_for};
use crate::report::{self, DrillOverview};
use crate::run::thread_pool;

/// Arguments of `sandtable score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The drill record (`.ron`) to score.
    pub record: PathBuf,
    /// Standards file (`.ron`); the built-in standards the scenario names if
    /// omitted.
    #[arg(long)]
    pub standards: Option<PathBuf>,
    /// Built-in scenario id or scenario file; the built-in the record names
    /// if omitted.
    #[arg(long)]
    pub scenario: Option<String>,
    /// Output folder; `out/<record file stem>-score` if omitted.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Exit 1 when the final grade is below this one (优|良|中|差 or
    /// excellent|good|fair|poor).
    #[arg(long, value_parser = parse_grade)]
    pub fail_below: Option<Grade>,
    /// Worker threads for the grids; all cores if omitted.
    #[arg(long)]
    pub threads: Option<usize>,
}

/// A grade named in Chinese or English.
pub fn parse_grade(s: &str) -> Result<Grade, String> {
    match s.trim().to_lowercase().as_str() {
        "优" | "excellent" => Ok(Grade::Excellent),
        "良" | "good" => Ok(Grade::Good),
        "中" | "fair" => Ok(Grade::Fair),
        "差" | "poor" => Ok(Grade::Poor),
        _ => Err(format!(
            "`{s}` is not a grade: use 优|良|中|差 or excellent|good|fair|poor"
        )),
    }
}

pub fn score(args: &ScoreArgs) -> anyhow::Result<Outcome> {
    let record = read_record(&args.record, false)?;
    let scenario = scenario_for(&record, args.scenario.as_deref())?;
    let standards = match &args.standards {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read standards {}", path.display()))?;
            load_standards(&path.display().to_string(), &text)?
        }
        None => scenario_standards(&scenario)?,
    };
    let pool = thread_pool(args.threads)?;
    let out = args.out.clone().unwrap_or_else(|| {
        let stem = args.record.file_stem().and_then(|s| s.to_str()).unwrap_or("record");
        PathBuf::from(format!("out/{stem}-score"))
    });

    let mut events: Vec<TimedEvent> = Vec::new();
    let result = pool.install(|| {
        replay_record(&scenario, &record, |_, tick_events| {
            events.extend_from_slice(tick_events);
        })
    });
    let replayed = match result {
        Ok(r) => r,
        Err(e @ RecordError::CheckpointMismatch { .. }) => {
            // Scoring a drill other than the one played would mislead.
            eprintln!("error: {e}");
            eprintln!("error: the record does not replay exactly on this engine; not scored");
            return Ok(Outcome::CheckFailed);
        }
        Err(e) => bail!("{e}"),
    };
    for w in &replayed.warnings {
        eprintln!("warning: {w}");
    }
    let overview = record_overview(&scenario, &record, &args.record, &replayed, &standards);
    let card = score_and_report(&out, &overview, &standards, &scenario, &events, &replayed.final_sim)?;

    match args.fail_below {
        Some(bar) if card.final_grade < bar => {
            println!(
                "grade {} {} is below {} {} (--fail-below)",
                card.final_grade.zh(),
                card.final_grade.en(),
                bar.zh(),
                bar.en()
            );
            Ok(Outcome::CheckFailed)
        }
        _ => Ok(Outcome::Ok),
    }
}

/// The built-in standards a scenario names.
pub fn scenario_standards(scenario: &Scenario) -> anyhow::Result<Standards> {
    let id = &scenario.file.standards;
    let Some(text) = builtin_standards(id) else {
        bail!("the scenario names standards `{id}`, which are not built in; give the file with --standards");
    };
    Ok(load_standards(&format!("builtin:{id}"), text)?)
}

/// The overview of a replayed record.
pub fn record_overview(
    scenario: &Scenario,
    record: &DrillRecord,
    path: &Path,
    replayed: &ReplayReport,
    standards: &Standards,
) -> DrillOverview {
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("record");
    DrillOverview {
        recorded_by_engine: Some(record.engine_version.clone()),
        source: format!("record {file_name}"),
        entries: replayed.entries_replayed,
        entries_refused: replayed.entries_refused,
        checkpoints_matched: Some(replayed.checkpoints_checked),
        ..overview_of(scenario, record.seed, &replayed.final_sim, standards)
    }
}

/// The overview of a drill that has not been checked against a record.
pub fn overview_of(scenario: &Scenario, seed: u64, sim: &Sim, standards: &Standards) -> DrillOverview {
    DrillOverview {
        scenario_id: scenario.file.id.clone(),
        scenario_version: scenario.file.version,
        scenario_content_hash: format!("{:016x}", scenario.content_hash),
        title: scenario.file.title.clone(),
        seed,
        engine_version: ENGINE_VERSION.to_owned(),
        recorded_by_engine: None,
        source: "run".into(),
        entries: 0,
        entries_refused: 0,
        checkpoints_matched: None,
        final_tick: sim.tick(),
        final_time: sim.tick().to_string(),
        final_state_hash: format!("{:016x}", sim.state_hash()),
        standards_id: standards.id.clone(),
    }
}

/// Scores a finished drill, writes the report into `out`, prints the score,
/// the grade and the report's path; returns the card.
pub fn score_and_report(
    out: &Path,
    overview: &DrillOverview,
    standards: &Standards,
    scenario: &Scenario,
    events: &[TimedEvent],
    sim: &Sim,
) -> anyhow::Result<ScoreCard> {
    let final_state = FinalState::for_scenario(&sim.view(), &scenario.file);
    let card = score_drill(standards, &scenario.file, events, &final_state);
    let written = report::write(out, overview, &card, &final_state, events, sim)?;
    println!(
        "score {} / 100, grade {} {} ({} points of {}; standards {})",
        report::points(card.score),
        card.final_grade.zh(),
        card.final_grade.en(),
        report::points(card.earned_points),
        report::points(card.applicable_points),
        standards.id
    );
    for cap in &card.caps {
        println!("  capped at {} {}: {}", cap.cap.zh(), cap.cap.en(), cap.reason.en);
    }
    println!("report {}", out.join("report.html").display());
    let names: Vec<String> = written.paths.iter().map(|p| p.display().to_string()).collect();
    println!("wrote {}", names.join(", "));
    Ok(card)
}

//! One run of a sweep: the record's entries re-submitted on a variant,
//! scored, as one JSON-ready line.

use serde::{Deserialize, Serialize};

use crate::evaluation::{FinalState, Grade, Standards, TaskResult, Unit, score};
use crate::event::TimedEvent;
use crate::hash::hash_serialized;
use crate::record::{DrillRecord, RecordError, replay};
use crate::scenario::{Bilingual, Scenario};
use crate::sweep::variant::{VariantParams, Vary, make_variant, variant_seed};
use crate::time::Tick;

/// What makes runs parts of one sweep. Every line carries it, so a merge
/// can refuse lines from different sweeps however the files were named or
/// moved. Hashes are hex strings (JSON readers other than ours lose bits of
/// integers past 2⁵³).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweepId {
    /// Scenario id.
    pub scenario_id: String,
    /// Content hash of the base scenario.
    pub scenario_hash: String,
    /// Hash of the drill record (`hash_serialized` of the record read).
    pub drill_hash: String,
    /// Standards id.
    pub standards_id: String,
    /// Hash of the standards (`hash_serialized`).
    pub standards_hash: String,
    /// What varies, canonical spelling (`seed,weather,ignition`).
    pub vary: String,
    /// The base seed run seeds derive from.
    pub base_seed: u64,
    /// Runs in the whole sweep (all shards).
    pub runs: u64,
    /// The tick every run stops at.
    pub end_tick: u64,
    /// The engine that ran it.
    pub engine_version: String,
}

impl SweepId {
    /// The identity of a sweep of `record` on `scenario` scored by
    /// `standards`, `runs` runs with `base_seed`, each to `end`.
    pub fn new(
        scenario: &Scenario,
        record: &DrillRecord,
        standards: &Standards,
        vary: Vary,
        base_seed: u64,
        runs: u64,
        end: Tick,
    ) -> SweepId {
        SweepId {
            scenario_id: scenario.file.id.clone(),
            scenario_hash: format!("{:016x}", scenario.content_hash),
            drill_hash: format!("{:016x}", hash_serialized(record)),
            standards_id: standards.id.clone(),
            standards_hash: format!("{:016x}", hash_serialized(standards)),
            vary: vary.to_string(),
            base_seed,
            runs,
            end_tick: end.0,
            engine_version: crate::ENGINE_VERSION.to_owned(),
        }
    }
}

/// One run, one JSON line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunLine {
    /// The sweep it belongs to.
    pub sweep: SweepId,
    /// Run index, 0 ≤ index < runs.
    pub index: u64,
    /// [`variant_seed`]`(base_seed, index)`.
    pub variant_seed: u64,
    /// What this variant changed.
    pub params: VariantParams,
    /// How the record was played: `"entries re-submitted at their ticks,
    /// checkpoints not checked"` (the variant is another scenario).
    pub replay: String,
    /// Record entries re-submitted.
    pub entries_replayed: usize,
    /// Of them, refused on this variant.
    pub entries_refused: usize,
    /// State hash at the end, hex.
    pub final_state_hash: String,
    /// Score, 0–100.
    pub score: f64,
    /// Final grade after caps.
    pub grade: Grade,
    /// Every task, in score-card order.
    pub tasks: Vec<TaskLine>,
}

/// How one task came out in one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskLine {
    /// `task:…` or `inject:…#k`.
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Measured value (none when not done or N/A).
    pub value: Option<f64>,
    /// Its unit.
    pub unit: Unit,
    /// Met / partly / missed / N/A.
    pub result: TaskResult,
    /// Points earned.
    pub points: f64,
    /// Points possible.
    pub max_points: f64,
}

/// What [`run_variant`] says about how the record was played.
const REPLAY_NOTE: &str = "entries re-submitted at their ticks, checkpoints not checked";

/// Runs variant `index` of the sweep `id`: builds it ([`make_variant`]),
/// re-submits the record's entries given up to `id.end_tick` at their ticks
/// (through [`replay`] on a copy of the record naming the variant, with no
/// checkpoints: a varied run is not expected to reproduce the recorded
/// states), runs to `id.end_tick`, and scores the events and end state.
///
/// `vary` must be the one `id` was made with ([`SweepId::new`]).
/// Deterministic: the result depends on the arguments only, not on the
/// thread running it or on other runs.
pub fn run_variant(
    base: &Scenario,
    record: &DrillRecord,
    standards: &Standards,
    id: &SweepId,
    vary: Vary,
    index: u64,
) -> Result<RunLine, RecordError> {
    let (scenario, params) = make_variant(base, record.seed, vary, id.base_seed, index);
    let end = Tick(id.end_tick);
    let mut played = record.clone();
    played.scenario_hash = scenario.content_hash;
    played.seed = params.drill_seed;
    played.engine_version = crate::ENGINE_VERSION.to_owned();
    played.entries.retain(|e| e.tick <= end);
    played.checkpoints.clear();
    played.ended_at = Some(end);
    let mut events: Vec<TimedEvent> = Vec::new();
    let report = replay(&scenario, &played, |_, tick_events| {
        events.extend_from_slice(tick_events)
    })?;
    let final_state = FinalState::for_scenario(&report.final_sim.view(), &scenario.file);
    let card = score(standards, &scenario.file, &events, &final_state);
    let tasks = card
        .tasks()
        .map(|t| TaskLine {
            id: t.id.clone(),
            name: t.name.clone(),
            value: t.value,
            unit: t.unit,
            result: t.result,
            points: t.points,
            max_points: t.max_points,
        })
        .collect();
    Ok(RunLine {
        sweep: id.clone(),
        index,
        variant_seed: variant_seed(id.base_seed, index),
        params,
        replay: REPLAY_NOTE.to_owned(),
        entries_replayed: report.entries_replayed,
        entries_refused: report.entries_refused,
        final_state_hash: format!("{:016x}", report.final_state_hash),
        score: card.score,
        grade: card.grade(),
        tasks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::{builtin_standards, load_standards};
    use crate::record::from_text;

    /// With nothing varied, a run is the recorded drill: re-submitting the
    /// entries reaches the state hash the record holds for 01:00.
    #[test]
    fn nothing_varied_reproduces_the_record() {
        let b = crate::builtin::find("synthetic-steppe-valley");
        let scenario =
            crate::scenario::load_scenario("builtin", b.map_or("", |b| b.text), &mut crate::scenario::no_files)
                .unwrap_or_else(|e| panic!("{e}"));
        let text = include_str!("../../../scenarios/drills/synthetic-steppe-valley-good.ron");
        let record = from_text("good.ron", text).unwrap_or_else(|e| panic!("{e}"));
        let standards = load_standards("builtin", builtin_standards("nmg-14th-fyp").unwrap_or(""))
            .unwrap_or_else(|e| panic!("{e}"));
        let hour = Tick::from_minutes(60);
        let recorded = record.checkpoints.iter().find(|c| c.0 == hour).map(|c| c.1);
        let vary = Vary::default();
        let id = SweepId::new(&scenario, &record, &standards, vary, 5, 2, hour);
        let line = run_variant(&scenario, &record, &standards, &id, vary, 1).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Some(line.final_state_hash), recorded.map(|h| format!("{h:016x}")));
        assert_eq!(line.params.drill_seed, record.seed);
        assert_eq!(line.entries_replayed, 10);
        assert_eq!(line.variant_seed, variant_seed(5, 1));
        assert!(!line.tasks.is_empty());
    }
}

//! [`replay`]: a record played again against its scenario, checked at every
//! checkpoint.

use crate::event::TimedEvent;
use crate::record::{DrillRecord, RecordAction, RecordError};
use crate::scenario::Scenario;
use crate::sim::Sim;
use crate::time::Tick;

/// What a replay did.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayReport {
    /// The tick the replay stopped at ([`DrillRecord::replay_end`]).
    pub final_tick: Tick,
    /// The state hash there.
    pub final_state_hash: u64,
    /// Entries re-submitted.
    pub entries_replayed: usize,
    /// Of those, orders and injects refused (as they were in the drill,
    /// when the checkpoints agree).
    pub entries_refused: usize,
    /// Checkpoints compared, all equal.
    pub checkpoints_checked: usize,
    /// Things worth saying that do not stop the replay (another engine
    /// version).
    pub warnings: Vec<String>,
    /// The drill as it stands at the end, for scoring and reports.
    pub final_sim: Box<Sim>,
}

/// Replays `record` on `scenario`: checks that the scenario is the one
/// recorded (id, version, content hash), starts a drill with the record's
/// seed, re-submits each entry at its tick in record order, and compares
/// the state hash at each checkpoint. `on_tick` sees the drill after every
/// tick with that tick's events (and once more at the end if entries at the
/// last tick emitted some), so a caller can log or draw the replay.
///
/// A different engine version only adds a warning: if the engine changed
/// the results, the first checkpoint after the change says so, naming its
/// tick ([`RecordError::CheckpointMismatch`]).
pub fn replay(
    scenario: &Scenario,
    record: &DrillRecord,
    mut on_tick: impl FnMut(&Sim, &[TimedEvent]),
) -> Result<ReplayReport, RecordError> {
    check_identity(scenario, record)?;
    let mut warnings = Vec::new();
    if record.engine_version != crate::ENGINE_VERSION {
        warnings.push(format!(
            "the record was made by engine {}, this is {}; the checkpoints will tell whether results changed",
            record.engine_version,
            crate::ENGINE_VERSION
        ));
    }
    if let Some(i) = record.entries.windows(2).position(|w| w[1].tick < w[0].tick) {
        return Err(RecordError::EntriesOutOfOrder { index: i + 1 });
    }
    let (hourly, last) = match (record.ended_at, record.checkpoints.split_last()) {
        (Some(end), Some((last, rest))) if last.0 == end => (rest, Some(*last)),
        _ => (&record.checkpoints[..], None),
    };
    let end = record
        .replay_end()
        .max(record.entries.last().map_or(Tick(0), |e| e.tick));

    let mut sim = Sim::new(scenario, record.seed);
    let (mut next_entry, mut next_check) = (0, 0);
    let mut report = ReplayReport {
        final_tick: Tick(0),
        final_state_hash: 0,
        entries_replayed: 0,
        entries_refused: 0,
        checkpoints_checked: 0,
        warnings,
        final_sim: Box::new(Sim::new(scenario, record.seed)),
    };
    loop {
        let now = sim.tick();
        while let Some(&(tick, recorded)) = hourly.get(next_check) {
            if tick > now {
                break;
            }
            compare(&sim, tick, recorded)?;
            report.checkpoints_checked += 1;
            next_check += 1;
        }
        while let Some(entry) = record.entries.get(next_entry).filter(|e| e.tick <= now) {
            let refused = match &entry.action {
                RecordAction::Order(order) => sim.submit(order.clone()).is_err(),
                RecordAction::Inject { kind, message } => sim.inject(kind.clone(), message.clone()).is_err(),
            };
            report.entries_replayed += 1;
            report.entries_refused += usize::from(refused);
            next_entry += 1;
        }
        if now >= end {
            break;
        }
        let next_stop = [
            record.entries.get(next_entry).map(|e| e.tick),
            hourly.get(next_check).map(|c| c.0),
            Some(end),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(end)
        .max(now.plus(1));
        while sim.tick() < next_stop {
            sim.step(1);
            let events = sim.drain_events();
            on_tick(&sim, &events);
        }
    }
    let leftover = sim.drain_events();
    if !leftover.is_empty() {
        on_tick(&sim, &leftover);
    }
    if let Some((tick, recorded)) = last {
        compare(&sim, tick, recorded)?;
        report.checkpoints_checked += 1;
    }
    report.final_tick = sim.tick();
    report.final_state_hash = sim.state_hash();
    report.final_sim = Box::new(sim);
    Ok(report)
}

fn check_identity(scenario: &Scenario, record: &DrillRecord) -> Result<(), RecordError> {
    let mismatch = |what: &str, recorded: String, found: String| {
        Err(RecordError::ScenarioMismatch {
            what: what.into(),
            recorded,
            found,
        })
    };
    if record.scenario_id != scenario.file.id {
        return mismatch("id", record.scenario_id.clone(), scenario.file.id.clone());
    }
    if record.scenario_version != scenario.file.version {
        return mismatch(
            "version",
            record.scenario_version.to_string(),
            scenario.file.version.to_string(),
        );
    }
    if record.scenario_hash != scenario.content_hash {
        return mismatch(
            "content hash",
            format!("{:016x}", record.scenario_hash),
            format!("{:016x} (the file was edited since)", scenario.content_hash),
        );
    }
    Ok(())
}

fn compare(sim: &Sim, tick: Tick, recorded: u64) -> Result<(), RecordError> {
    let found = sim.state_hash();
    if found == recorded {
        Ok(())
    } else {
        Err(RecordError::CheckpointMismatch { tick, recorded, found })
    }
}

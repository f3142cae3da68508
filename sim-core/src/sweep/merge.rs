//! Merging a sweep's lines: checks that they are one complete sweep, then
//! per task the probability of meeting it with a Wilson interval, and
//! histograms of the score and of each task's value.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::evaluation::{Grade, TaskResult, Unit};
use crate::scenario::Bilingual;
use crate::sweep::run::{RunLine, SweepId};
use crate::sweep::wilson::{WILSON_Z_95, wilson_interval};

/// Bins of a task value's histogram.
pub const VALUE_BINS: usize = 10;

/// Why lines cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MergeError {
    /// Nothing to merge.
    #[error("no run lines to merge")]
    NoRuns,
    /// A line from another sweep.
    #[error(
        "run {index} belongs to another sweep: its {field} is {found}, the first line's is {expected}; merge only \
         the shards of one sweep"
    )]
    MixedSweeps {
        /// The line's run index.
        index: u64,
        /// The field that differs.
        field: String,
        /// The first line's value.
        expected: String,
        /// This line's value.
        found: String,
    },
    /// A run index outside the sweep.
    #[error("run index {index} is outside the sweep's {runs} runs")]
    OutOfRange {
        /// The index.
        index: u64,
        /// Runs in the sweep.
        runs: u64,
    },
    /// The same run twice (a shard merged twice, or overlapping shards).
    #[error("run indices appear more than once: {indices}; was a shard given twice?")]
    Duplicate {
        /// The indices, as ranges (`3, 7-9`).
        indices: String,
    },
    /// Runs missing (a shard not yet run, or failed).
    #[error("{count} of {runs} runs are missing: indices {indices}; run the shards that hold them")]
    Missing {
        /// How many.
        count: u64,
        /// Runs in the sweep.
        runs: u64,
        /// The indices, as ranges (`0, 3-5`).
        indices: String,
    },
}

/// Counts of values in bins `[edges[k], edges[k+1])`, the last bin closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Bin edges, one more than bins.
    pub edges: Vec<f64>,
    /// Values per bin.
    pub counts: Vec<u64>,
}

impl Histogram {
    /// `values` in `bins` equal bins from `low` to `high` (one bin when
    /// they are equal).
    pub fn of(values: &[f64], low: f64, high: f64, bins: usize) -> Histogram {
        let bins = if high > low { bins.max(1) } else { 1 };
        let width = (high - low) / bins as f64;
        let edges = (0..=bins)
            .map(|k| if k == bins { high } else { low + width * k as f64 })
            .collect();
        let mut counts = vec![0; bins];
        for v in values {
            let k = if width > 0.0 { ((v - low) / width) as usize } else { 0 };
            if let Some(c) = counts.get_mut(k.min(bins - 1)) {
                *c += 1;
            }
        }
        Histogram { edges, counts }
    }
}

/// One task over all runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskStats {
    /// `task:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Unit of the values.
    pub unit: Unit,
    /// Runs where it was met.
    pub met: u64,
    /// Partly met.
    pub partly: u64,
    /// Missed.
    pub missed: u64,
    /// N/A.
    pub not_applicable: u64,
    /// `met / (met + partly + missed)`: the share of runs where it applied
    /// that met it in full; none when it never applied.
    pub p_met: Option<f64>,
    /// Wilson 95 % interval of `p_met`.
    pub p_met_ci95: Option<(f64, f64)>,
    /// Mean of the measured values (runs with a value).
    pub value_mean: Option<f64>,
    /// Smallest value.
    pub value_min: Option<f64>,
    /// Largest value.
    pub value_max: Option<f64>,
    /// Runs with a value.
    pub values: u64,
    /// Histogram of the values, [`VALUE_BINS`] bins from min to max.
    pub value_histogram: Option<Histogram>,
}

/// Runs per grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradeCount {
    /// The grade.
    pub grade: Grade,
    /// 优/良/中/差.
    pub zh: String,
    /// Runs.
    pub runs: u64,
    /// Share of runs.
    pub share: f64,
}

/// The merged sweep (merge.json).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeReport {
    /// The sweep.
    pub sweep: SweepId,
    /// Runs merged (= `sweep.runs`).
    pub runs: u64,
    /// Mean score.
    pub score_mean: f64,
    /// Lowest score.
    pub score_min: f64,
    /// Highest score.
    pub score_max: f64,
    /// Scores in ten 10-point bins from 0 to 100.
    pub score_histogram: Histogram,
    /// Runs per final grade, best first.
    pub grades: Vec<GradeCount>,
    /// Every task, in score-card order.
    pub tasks: Vec<TaskStats>,
}

/// Merges the lines of one sweep, from any number of shards in any order.
/// Refuses lines from different sweeps, duplicates and gaps. The result
/// depends only on the set of lines: they are sorted by index first, and
/// every sum runs in index order, so sharding cannot change a bit of it.
pub fn merge(mut lines: Vec<RunLine>) -> Result<MergeReport, MergeError> {
    let first = lines.first().ok_or(MergeError::NoRuns)?.sweep.clone();
    for line in &lines {
        if let Some((field, expected, found)) = differs(&first, &line.sweep) {
            return Err(MergeError::MixedSweeps {
                index: line.index,
                field: field.to_owned(),
                expected,
                found,
            });
        }
        if line.index >= first.runs {
            return Err(MergeError::OutOfRange {
                index: line.index,
                runs: first.runs,
            });
        }
    }
    lines.sort_by_key(|l| l.index);
    let duplicates: Vec<u64> = lines
        .windows(2)
        .filter(|w| w[0].index == w[1].index)
        .map(|w| w[0].index)
        .collect();
    if !duplicates.is_empty() {
        let mut d = duplicates;
        d.dedup();
        return Err(MergeError::Duplicate { indices: ranges(&d) });
    }
    let mut present = lines.iter().map(|l| l.index).peekable();
    let mut missing = Vec::new();
    for i in 0..first.runs {
        if present.peek() == Some(&i) {
            present.next();
        } else {
            missing.push(i);
        }
    }
    if !missing.is_empty() {
        return Err(MergeError::Missing {
            count: missing.len() as u64,
            runs: first.runs,
            indices: ranges(&missing),
        });
    }
    Ok(report(first, &lines))
}

fn report(sweep: SweepId, lines: &[RunLine]) -> MergeReport {
    let n = lines.len() as u64;
    let scores: Vec<f64> = lines.iter().map(|l| l.score).collect();
    let score_mean = scores.iter().sum::<f64>() / n as f64;
    let score_min = scores.iter().copied().fold(f64::INFINITY, f64::min);
    let score_max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let grades = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor]
        .into_iter()
        .map(|g| {
            let runs = lines.iter().filter(|l| l.grade == g).count() as u64;
            GradeCount {
                grade: g,
                zh: g.zh().to_owned(),
                runs,
                share: runs as f64 / n as f64,
            }
        })
        .collect();
    // Tasks in first-seen order (all runs of one sweep share one list).
    let mut order: Vec<(String, Bilingual, Unit)> = Vec::new();
    let mut by_id: BTreeMap<String, Vec<(TaskResult, Option<f64>)>> = BTreeMap::new();
    for line in lines {
        for t in &line.tasks {
            let entry = by_id.entry(t.id.clone()).or_insert_with(|| {
                order.push((t.id.clone(), t.name.clone(), t.unit));
                Vec::new()
            });
            entry.push((t.result, t.value));
        }
    }
    let tasks = order
        .into_iter()
        .map(|(id, name, unit)| {
            let outcomes = by_id.remove(&id).unwrap_or_default();
            task_stats(id, name, unit, &outcomes)
        })
        .collect();
    MergeReport {
        sweep,
        runs: n,
        score_mean,
        score_min,
        score_max,
        score_histogram: Histogram::of(&scores, 0.0, 100.0, 10),
        grades,
        tasks,
    }
}

fn task_stats(id: String, name: Bilingual, unit: Unit, outcomes: &[(TaskResult, Option<f64>)]) -> TaskStats {
    let count = |r: TaskResult| outcomes.iter().filter(|o| o.0 == r).count() as u64;
    let (met, partly, missed, not_applicable) = (
        count(TaskResult::Met),
        count(TaskResult::Partly),
        count(TaskResult::Missed),
        count(TaskResult::NotApplicable),
    );
    let applicable = met + partly + missed;
    let values: Vec<f64> = outcomes.iter().filter_map(|o| o.1).filter(|v| v.is_finite()).collect();
    let (value_min, value_max) = if values.is_empty() {
        (None, None)
    } else {
        (
            Some(values.iter().copied().fold(f64::INFINITY, f64::min)),
            Some(values.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
        )
    };
    TaskStats {
        id,
        name,
        unit,
        met,
        partly,
        missed,
        not_applicable,
        p_met: (applicable > 0).then(|| met as f64 / applicable as f64),
        p_met_ci95: wilson_interval(met, applicable, WILSON_Z_95),
        value_mean: (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64),
        value_min,
        value_max,
        values: values.len() as u64,
        value_histogram: value_min
            .zip(value_max)
            .map(|(lo, hi)| Histogram::of(&values, lo, hi, VALUE_BINS)),
    }
}

/// The first field in which two sweep ids differ: (name, first, other).
fn differs(a: &SweepId, b: &SweepId) -> Option<(&'static str, String, String)> {
    let fields = [
        ("scenario", a.scenario_id.clone(), b.scenario_id.clone()),
        ("scenario hash", a.scenario_hash.clone(), b.scenario_hash.clone()),
        ("drill record hash", a.drill_hash.clone(), b.drill_hash.clone()),
        ("standards", a.standards_id.clone(), b.standards_id.clone()),
        ("standards hash", a.standards_hash.clone(), b.standards_hash.clone()),
        ("--vary", a.vary.clone(), b.vary.clone()),
        ("base seed", a.base_seed.to_string(), b.base_seed.to_string()),
        ("run count", a.runs.to_string(), b.runs.to_string()),
        ("end tick", a.end_tick.to_string(), b.end_tick.to_string()),
        ("engine version", a.engine_version.clone(), b.engine_version.clone()),
    ];
    fields.into_iter().find(|(_, x, y)| x != y)
}

/// Sorted indices as ranges: `0, 3-5, 9`.
fn ranges(indices: &[u64]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut k = 0;
    while let Some(&start) = indices.get(k) {
        let mut end = start;
        while indices.get(k + 1) == Some(&(end + 1)) {
            end += 1;
            k += 1;
        }
        parts.push(if end == start {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        k += 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::variant::VariantParams;

    fn id(runs: u64) -> SweepId {
        SweepId {
            scenario_id: "s".into(),
            scenario_hash: "0".into(),
            drill_hash: "1".into(),
            standards_id: "st".into(),
            standards_hash: "2".into(),
            vary: "seed".into(),
            base_seed: 1,
            runs,
            end_tick: 10,
            engine_version: "0".into(),
        }
    }

    fn line(runs: u64, index: u64, score: f64, met: bool, value: f64) -> RunLine {
        RunLine {
            sweep: id(runs),
            index,
            variant_seed: index,
            params: VariantParams {
                drill_seed: index,
                weather: None,
                ignitions: Vec::new(),
            },
            replay: String::new(),
            entries_replayed: 0,
            entries_refused: 0,
            final_state_hash: String::new(),
            score,
            grade: if score >= 90.0 { Grade::Excellent } else { Grade::Poor },
            tasks: vec![super::super::run::TaskLine {
                id: "task:air".into(),
                name: Bilingual {
                    zh: "航空".into(),
                    en: "air".into(),
                },
                value: Some(value),
                unit: Unit::Minutes,
                result: if met { TaskResult::Met } else { TaskResult::Missed },
                points: 0.0,
                max_points: 10.0,
            }],
        }
    }

    #[test]
    fn ranges_compact() {
        assert_eq!(ranges(&[0, 3, 4, 5, 9]), "0, 3-5, 9");
        assert_eq!(ranges(&[]), "");
    }

    #[test]
    fn eight_of_ten_met_with_wilson_interval() {
        let lines: Vec<RunLine> = (0..10)
            .rev()
            .map(|i| line(10, i, 10.0 * i as f64, i >= 2, i as f64))
            .collect();
        let r = merge(lines).unwrap_or_else(|e| panic!("{e}"));
        let t = &r.tasks[0];
        assert_eq!((t.met, t.missed), (8, 2));
        assert_eq!(t.p_met, Some(0.8));
        let (lo, hi) = t.p_met_ci95.unwrap_or((0.0, 0.0));
        assert!((lo - 0.490).abs() < 5e-4 && (hi - 0.943).abs() < 5e-4, "{lo} {hi}");
        // Scores 0, 10, …, 90: one per 10-point bin.
        assert_eq!(r.score_histogram.counts, vec![1; 10]);
        assert!((r.score_mean - 45.0).abs() < 1e-12);
        // Values 0–9 in ten bins of 0.9: 9 lands in the closed last bin.
        let h = t.value_histogram.clone().unwrap_or_else(|| panic!("values"));
        assert_eq!(h.counts.iter().sum::<u64>(), 10);
        assert_eq!(h.edges.len(), 11);
        assert_eq!(r.grades[0].runs, 1);
    }

    #[test]
    fn gaps_duplicates_and_strangers_are_refused() {
        let some: Vec<RunLine> = [0, 1, 4].iter().map(|&i| line(6, i, 50.0, true, 1.0)).collect();
        assert_eq!(
            merge(some),
            Err(MergeError::Missing {
                count: 3,
                runs: 6,
                indices: "2-3, 5".into()
            })
        );
        let twice = vec![
            line(2, 0, 1.0, true, 1.0),
            line(2, 1, 1.0, true, 1.0),
            line(2, 1, 1.0, true, 1.0),
        ];
        assert!(matches!(merge(twice), Err(MergeError::Duplicate { indices }) if indices == "1"));
        let mut stranger = line(2, 1, 1.0, true, 1.0);
        stranger.sweep.base_seed = 2;
        let mixed = vec![line(2, 0, 1.0, true, 1.0), stranger];
        assert!(matches!(merge(mixed), Err(MergeError::MixedSweeps { field, .. }) if field == "base seed"));
        assert_eq!(merge(Vec::new()), Err(MergeError::NoRuns));
        assert!(matches!(
            merge(vec![line(2, 5, 1.0, true, 1.0)]),
            Err(MergeError::OutOfRange { .. })
        ));
    }
}

//! Scoring: points per task by target and bands, the MSEL's expected
//! actions, renormalisation over applicable tasks to 100, grades, P/S/M/U
//! per capability, and the hard overrides.

use serde::{Deserialize, Serialize};

use crate::evaluation::final_state::FinalState;
use crate::evaluation::findings::{self, CorrectiveAction, Finding};
use crate::evaluation::metrics::{Facts, Measure, Measurement, MetricId, Unit, measure};
use crate::evaluation::standards::{
    Applicability, Comparator, Element, Grade, Rating, Standards, Target, TaskStandard,
};
use crate::event::{Event, TimedEvent};
use crate::scenario::{Bilingual, ForceKind, ScenarioFile};
use crate::time::Tick;

/// How a task came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TaskResult {
    /// Target met: full points.
    Met,
    /// Within a partial-credit band (or an expected action taken late).
    Partly,
    /// No points.
    Missed,
    /// 不适用: leaves the total.
    NotApplicable,
}

impl TaskResult {
    /// 达标 / 部分达标 / 未达标 / 不适用, with English.
    pub fn label(self) -> Bilingual {
        let (zh, en) = match self {
            TaskResult::Met => ("达标", "met"),
            TaskResult::Partly => ("部分达标", "partly met"),
            TaskResult::Missed => ("未达标", "missed"),
            TaskResult::NotApplicable => ("不适用", "N/A"),
        };
        Bilingual {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// One scored task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskCard {
    /// `task:…`, or `inject:…#k` for an expected action.
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Whether a miss caps the grade.
    pub critical: bool,
    /// The plan's paragraph, or the inject for an expected action.
    pub plan_ref: String,
    /// Capability element of its corrective action.
    pub element: Element,
    /// Who answers for it.
    pub role: Bilingual,
    /// What to do when it falls short.
    pub corrective_action: Bilingual,
    /// The metric (none for an expected action).
    pub metric: Option<MetricId>,
    /// The measured value, in `unit` (none when not done or N/A).
    pub value: Option<f64>,
    /// Unit of `value` and `target`.
    pub unit: Unit,
    /// The target.
    pub target: Target,
    /// Whether it counts.
    pub applicable: bool,
    /// Points earned.
    pub points: f64,
    /// Points possible.
    pub max_points: f64,
    /// Outcome.
    pub result: TaskResult,
    /// HSEEP rating of the task (none when N/A): met P, partly S (at least
    /// half the points) or M, missed U.
    pub rating: Option<Rating>,
    /// Ticks of the events it rests on.
    pub evidence: Vec<Tick>,
    /// One-line reason.
    pub reason: Bilingual,
}

impl TaskCard {
    /// The value for people (`95.0 min`, `87.5 %`), none when not measured.
    pub fn value_shown(&self) -> Option<Bilingual> {
        self.value.map(|v| self.unit.show(v))
    }

    /// The target for people: `≤ 120.0 min`.
    pub fn target_shown(&self) -> Bilingual {
        let shown = self.unit.show(self.target.value);
        let sym = self.target.comparator.symbol();
        Bilingual {
            zh: format!("{sym} {}", shown.zh),
            en: format!("{sym} {}", shown.en),
        }
    }
}

/// One scored capability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CapabilityCard {
    /// `capability:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// `objective:…` it serves (empty for the MSEL capability).
    pub objective_id: String,
    /// Points earned over applicable tasks.
    pub points: f64,
    /// Points possible over applicable tasks.
    pub max_points: f64,
    /// `points / max_points × 100`, none when no task applies.
    pub percent: Option<f64>,
    /// P/S/M/U after the override (none when no task applies).
    pub rating: Option<Rating>,
    /// Why the rating was capped, if it was.
    pub rating_capped_by: Option<Bilingual>,
    /// Its tasks.
    pub tasks: Vec<TaskCard>,
}

/// An objective and its capabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveCard {
    /// `objective:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
}

/// A death in a place that had no evacuation order before the hazard
/// reached it (or before the death, if the hazard's arrival is unknown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreventableDeath {
    /// `place:…`
    pub place_id: String,
    /// Dead.
    pub dead: u32,
    /// When.
    pub tick: Tick,
}

/// A cap on the grade and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradeCap {
    /// The best grade allowed.
    pub cap: Grade,
    /// Why.
    pub reason: Bilingual,
    /// Ticks of the events behind it.
    pub evidence: Vec<Tick>,
}

/// The drill's score card (score.json).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreCard {
    /// Standards id.
    pub standards_id: String,
    /// Scenario id.
    pub scenario_id: String,
    /// `earned / applicable max × 100`, rounded to 0.01.
    pub score: f64,
    /// Points earned.
    pub earned_points: f64,
    /// Points possible over applicable tasks.
    pub applicable_points: f64,
    /// Grade of the score before overrides.
    pub score_grade: Grade,
    /// Final grade after the caps.
    pub final_grade: Grade,
    /// Caps that applied.
    pub caps: Vec<GradeCap>,
    /// Objectives.
    pub objectives: Vec<ObjectiveCard>,
    /// Capabilities with their tasks, in file order; the MSEL capability
    /// last when the scenario has expected actions.
    pub capabilities: Vec<CapabilityCard>,
    /// Deaths that an evacuation order could have prevented.
    pub preventable_deaths: Vec<PreventableDeath>,
    /// Findings: deficiencies, corrections, improvements, strengths.
    pub findings: Vec<Finding>,
    /// The improvement plan.
    pub improvement_plan: Vec<CorrectiveAction>,
}

impl ScoreCard {
    /// The final grade (优/良/中/差; `Grade::en` for English).
    pub fn grade(&self) -> Grade {
        self.final_grade
    }

    /// Every task card, in order.
    pub fn tasks(&self) -> impl Iterator<Item = &TaskCard> {
        self.capabilities.iter().flat_map(|c| c.tasks.iter())
    }

    /// The task card with this id.
    pub fn task(&self, id: &str) -> Option<&TaskCard> {
        self.tasks().find(|t| t.id == id)
    }

    /// The capabilities of an objective (`""` for the MSEL capability).
    pub fn capabilities_of<'a>(&'a self, objective_id: &'a str) -> impl Iterator<Item = &'a CapabilityCard> + 'a {
        self.capabilities.iter().filter(move |c| c.objective_id == objective_id)
    }
}

/// Rounds to 0.01, as the score forms do.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Scores a drill: the standards, the scenario as written (for its forces
/// and MSEL), every event of the run in tick order (as drained, refused
/// orders included), and the end state. An expected action is met by an
/// accepted order (`OrderAccepted`), even if it later failed; the failure
/// shows in the outcome metrics instead.
pub fn score(
    standards: &Standards,
    scenario: &ScenarioFile,
    events: &[TimedEvent],
    final_state: &FinalState,
) -> ScoreCard {
    let facts = Facts::new(scenario, events, final_state);
    let mut capabilities = Vec::new();
    for o in &standards.objectives {
        for c in &o.capabilities {
            let tasks = c
                .tasks
                .iter()
                .map(|t| score_task(t, applies(t.applicable_if, scenario), &measure(t.metric, &facts)))
                .collect();
            capabilities.push(roll_up(standards, &c.id, &c.name, &o.id, tasks));
        }
    }
    let msel = expected_actions(standards, scenario, events);
    if !msel.is_empty() {
        let m = &standards.msel;
        capabilities.push(roll_up(standards, &m.id, &m.name, "", msel));
    }
    let (earned, possible) = capabilities
        .iter()
        .fold((0.0, 0.0), |(e, p), c| (e + c.points, p + c.max_points));
    // With nothing applicable there is nothing to fault: 100.
    let score = if possible > 0.0 {
        round2(earned / possible * 100.0)
    } else {
        100.0
    };
    let score_grade = standards.grade_of(score);
    let preventable_deaths = preventable_deaths(events, &facts);
    let mut caps = Vec::new();
    if !preventable_deaths.is_empty() {
        let dead: u32 = preventable_deaths.iter().map(|d| d.dead).sum();
        caps.push(GradeCap {
            cap: standards.overrides.preventable_death_grade_cap,
            reason: Bilingual {
                zh: format!("{dead} 人死亡于灾害到达前未下达转移命令的地点"),
                en: format!("{dead} died in places with no evacuation order before the hazard arrived"),
            },
            evidence: preventable_deaths.iter().map(|d| d.tick).collect(),
        });
    }
    let missed: Vec<&TaskCard> = capabilities
        .iter()
        .flat_map(|c| &c.tasks)
        .filter(|t| t.critical && t.result == TaskResult::Missed)
        .collect();
    if !missed.is_empty() {
        let names_zh: Vec<&str> = missed.iter().map(|t| t.name.zh.as_str()).collect();
        let names_en: Vec<&str> = missed.iter().map(|t| t.name.en.as_str()).collect();
        caps.push(GradeCap {
            cap: standards.overrides.missed_critical_grade_cap,
            reason: Bilingual {
                zh: format!("关键任务未完成：{}", names_zh.join("、")),
                en: format!("critical tasks missed: {}", names_en.join("; ")),
            },
            evidence: missed.iter().flat_map(|t| t.evidence.iter().copied()).collect(),
        });
    }
    let final_grade = caps.iter().map(|c| c.cap).fold(score_grade, Grade::min);
    let objectives = standards
        .objectives
        .iter()
        .map(|o| ObjectiveCard {
            id: o.id.clone(),
            name: o.name.clone(),
        })
        .collect();
    let findings = findings::findings(&capabilities, &preventable_deaths);
    let improvement_plan = findings::improvement_plan(&findings, standards.due_days);
    ScoreCard {
        standards_id: standards.id.clone(),
        scenario_id: scenario.id.clone(),
        score,
        earned_points: round2(earned),
        applicable_points: round2(possible),
        score_grade,
        final_grade,
        caps,
        objectives,
        capabilities,
        preventable_deaths,
        findings,
        improvement_plan,
    }
}

/// Whether a task applies to this scenario.
pub fn applies(rule: Applicability, scenario: &ScenarioFile) -> bool {
    match rule {
        Applicability::Always => true,
        Applicability::ScenarioHasAircraft => scenario
            .forces
            .iter()
            .any(|f| matches!(f.kind, ForceKind::Helicopter | ForceKind::FixedWing)),
        Applicability::ScenarioHasShelters => !scenario.infrastructure.shelters.is_empty(),
        Applicability::ScenarioHasDepots => !scenario.infrastructure.depots.is_empty(),
        Applicability::ScenarioHasFlood => scenario.flood.is_some(),
        Applicability::ScenarioHasFire => !scenario.hazards.is_empty(),
    }
}

/// Points of one task from its measurement.
pub fn score_task(t: &TaskStandard, applicable: bool, m: &Measurement) -> TaskCard {
    let unit = t.metric.unit();
    let target_text = {
        let shown = unit.show(t.target.value);
        let sym = t.target.comparator.symbol();
        Bilingual {
            zh: format!("目标 {sym} {}", shown.zh),
            en: format!("target {sym} {}", shown.en),
        }
    };
    let label = t.metric.label();
    let (value, points, result, reason) = match (applicable, m.measure) {
        (false, _) => (
            None,
            0.0,
            TaskResult::NotApplicable,
            Bilingual {
                zh: "本情景不适用".into(),
                en: "does not apply to this scenario".into(),
            },
        ),
        (true, Measure::NotApplicable) => (None, 0.0, TaskResult::NotApplicable, m.note.clone()),
        (true, Measure::NotDone) => (None, 0.0, TaskResult::Missed, m.note.clone()),
        (true, Measure::Value(v)) => {
            let share = points_share(t, v);
            let result = if share >= 1.0 {
                TaskResult::Met
            } else if share > 0.0 {
                TaskResult::Partly
            } else {
                TaskResult::Missed
            };
            let shown = unit.show(v);
            let reason = Bilingual {
                zh: format!("{}：{}（{}）；{}", label.zh, shown.zh, target_text.zh, m.note.zh),
                en: format!("{}: {} ({}); {}", label.en, shown.en, target_text.en, m.note.en),
            };
            (Some(v), share * t.max_points, result, reason)
        }
    };
    let applicable = result != TaskResult::NotApplicable;
    TaskCard {
        id: t.id.clone(),
        name: t.name.clone(),
        critical: t.critical,
        plan_ref: t.plan_ref.clone(),
        element: t.element,
        role: t.role.clone(),
        corrective_action: t.corrective_action.clone(),
        metric: Some(t.metric),
        value,
        unit,
        target: t.target,
        applicable,
        points: if applicable { points } else { 0.0 },
        max_points: t.max_points,
        result,
        rating: task_rating(result, points / t.max_points),
        evidence: m.evidence.clone(),
        reason,
    }
}

/// Share of the points a value earns: 1 at the target, else the first band
/// it falls within, else 0. Non-finite values earn nothing.
pub fn points_share(t: &TaskStandard, value: f64) -> f64 {
    if !value.is_finite() {
        return 0.0;
    }
    if t.target.met_by(value) {
        return 1.0;
    }
    t.bands
        .iter()
        .find(|b| t.target.comparator.holds(value, b.limit))
        .map_or(0.0, |b| b.share)
}

fn task_rating(result: TaskResult, share: f64) -> Option<Rating> {
    match result {
        TaskResult::Met => Some(Rating::P),
        TaskResult::Partly if share >= 0.5 => Some(Rating::S),
        TaskResult::Partly => Some(Rating::M),
        TaskResult::Missed => Some(Rating::U),
        TaskResult::NotApplicable => None,
    }
}

/// Sums a capability's applicable tasks and rates it.
fn roll_up(s: &Standards, id: &str, name: &Bilingual, objective_id: &str, tasks: Vec<TaskCard>) -> CapabilityCard {
    let (points, max_points) = tasks
        .iter()
        .filter(|t| t.applicable)
        .fold((0.0, 0.0), |(e, p), t| (e + t.points, p + t.max_points));
    let percent = (max_points > 0.0).then(|| round2(points / max_points * 100.0));
    let banded = percent.map(|p| s.rating_of(p));
    let missed_critical = tasks.iter().any(|t| t.critical && t.result == TaskResult::Missed);
    let cap = s.overrides.missed_critical_rating_cap;
    let (rating, rating_capped_by) = match banded {
        Some(r) if missed_critical && r > cap => (
            Some(cap),
            Some(Bilingual {
                zh: "关键任务未完成".into(),
                en: "a critical task was missed".into(),
            }),
        ),
        r => (r, None),
    };
    CapabilityCard {
        id: id.to_owned(),
        name: name.clone(),
        objective_id: objective_id.to_owned(),
        points: round2(points),
        max_points: round2(max_points),
        percent,
        rating,
        rating_capped_by,
        tasks,
    }
}

/// Scores the scenario's MSEL expected actions: the first accepted order of
/// the kind and target at or after the inject's delivery.
fn expected_actions(s: &Standards, scenario: &ScenarioFile, events: &[TimedEvent]) -> Vec<TaskCard> {
    let mut cards = Vec::new();
    for inj in &scenario.injects {
        // The inject's delivery event, else its scheduled time.
        let delivered = events
            .iter()
            .find_map(|e| match &e.event {
                Event::InjectDelivered { inject_id, .. } if *inject_id == inj.id => Some(e.tick),
                _ => None,
            })
            .unwrap_or(Tick::from_minutes(inj.at_min));
        for (k, x) in inj.expected.iter().enumerate() {
            let taken = events
                .iter()
                .filter(|e| e.tick >= delivered)
                .find_map(|e| match &e.event {
                    Event::OrderAccepted { order, .. } if x.matches(order) => Some(e.tick),
                    _ => None,
                });
            let minutes = taken.map(|t| crate::evaluation::metrics::minutes_between(delivered, t));
            let on_time = minutes.is_some_and(|m| m <= x.within_min as f64);
            let late = minutes.is_some_and(|m| x.late_within_min.is_some_and(|l| m <= l as f64));
            let (result, share) = if on_time {
                (TaskResult::Met, 1.0)
            } else if late && x.late_share > 0.0 {
                (TaskResult::Partly, x.late_share)
            } else {
                (TaskResult::Missed, 0.0)
            };
            let reason = match (taken, minutes) {
                (Some(t), Some(m)) => Bilingual {
                    zh: format!(
                        "注入 {delivered} 下达，{t} 采取行动（用时 {m:.1} 分钟，要求 {} 分钟内）",
                        x.within_min
                    ),
                    en: format!(
                        "inject at {delivered}; action at {t} ({m:.1} min, expected within {} min)",
                        x.within_min
                    ),
                },
                _ => Bilingual {
                    zh: format!("注入 {delivered} 下达后未采取预期行动"),
                    en: format!("inject at {delivered}; the expected action was never taken"),
                },
            };
            cards.push(TaskCard {
                id: format!("{}#{k}", inj.id),
                name: x.name.clone(),
                critical: x.critical,
                plan_ref: inj.id.clone(),
                element: s.msel.element,
                role: s.msel.role.clone(),
                corrective_action: s.msel.corrective_action.clone(),
                metric: None,
                value: minutes,
                unit: Unit::Minutes,
                target: Target {
                    comparator: Comparator::AtMost,
                    value: x.within_min as f64,
                },
                applicable: true,
                points: share * x.points,
                max_points: x.points,
                result,
                rating: task_rating(result, share),
                evidence: [Some(delivered), taken].into_iter().flatten().collect(),
                reason,
            });
        }
    }
    cards
}

/// Deaths in places with no evacuation order at or before the hazard's
/// arrival there (or the death, when the arrival is unknown).
fn preventable_deaths(events: &[TimedEvent], facts: &Facts<'_>) -> Vec<PreventableDeath> {
    let mut out = Vec::new();
    for e in events {
        let Event::Casualties { place_id, dead, .. } = &e.event else {
            continue;
        };
        if *dead == 0 {
            continue;
        }
        let deadline = facts.arrivals.get(place_id).copied().unwrap_or(e.tick).min(e.tick);
        let ordered = events
            .iter()
            .take_while(|o| o.tick <= deadline)
            .any(|o| matches!(&o.event, Event::EvacuationOrdered { place_id: p, .. } if p == place_id));
        if !ordered {
            out.push(PreventableDeath {
                place_id: place_id.clone(),
                dead: *dead,
                tick: e.tick,
            });
        }
    }
    out
}

//! Drill evaluation (演练评估): standards as data, metrics from the event log
//! and the end state, and the score card.
//!
//! The plan requires drills to be evaluated (实行应急演练评估制度, 第五章第一节).
//! The tree follows evaluation.md §0: objective → capability (评估项目) →
//! critical task (评估要点). Each task is measured by a [`MetricId`] against a
//! target, earns points by bands, and is N/A (不适用) when nothing in the
//! drill can be measured. The total is renormalised over applicable tasks
//! to 100 and graded 优/良/中/差; each capability is rated P/S/M/U; hard
//! overrides cap the grade after a preventable death or a missed critical
//! task. The scenario's MSEL expected actions are scored as one more
//! capability. Everything is pure: the caller reads files and builds the
//! [`FinalState`] from [`crate::SimView`].
//!
//! ```text
//! let standards = load_standards("nmg-14th-fyp.ron", &text)?;
//! let card = score(&standards, &scenario_file, &events, &FinalState::from_view(&sim.view(), None));
//! ```

mod final_state;
mod findings;
mod metrics;
mod score;
mod standards;

pub use final_state::{Economy, FinalState, PeopleCounts, PlaceOutcome, ShelterOutcome};
pub use findings::{CorrectiveAction, Finding, FindingClass, improvement_plan};
pub use metrics::{Facts, Measure, Measurement, MetricId, Unit, measure, minutes_between};
pub use score::{
    CapabilityCard, GradeCap, ObjectiveCard, PreventableDeath, ScoreCard, TaskCard, TaskResult, applies, points_share,
    round2, score, score_task,
};
pub use standards::{
    Applicability, BUILTIN_STANDARDS, Capability, Comparator, DueDays, Element, Grade, GradeBands, MselCapability,
    Objective, Overrides, PointsBand, Rating, RatingBands, STANDARDS_VERSION, Standards, StandardsError, Target,
    TaskStandard, builtin_standards, load_standards, validate,
};
